"""The site's indexes, built from small per-cable metadata only (never from cable bodies).

`CableMeta` is what the build keeps in memory for each cable: enough to list it on an index
page and to link it from other cables. `Collections` groups those records by tag, origin,
date, classification and release date, and works out who cites whom and each cable's
previous and next cable from the same origin.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field, fields
from sys import intern

from sitegen.site import urls


@dataclass(slots=True)
class CableMeta:
    reference_id: str
    created: str  # ISO 8601, "" when unknown
    subject: str
    origin: str
    classification: str
    released: str = ""
    tags: tuple[str, ...] = ()
    references: tuple[str, ...] = ()  # canonical ids this cable cites
    # The persons it names, PERSON_FIELDS strings each, one after the other (name, slug of
    # their page or "", mentions, roles): flat, not a tuple per person, which took ~180 MB
    # more for the millions of persons of the full release. Read with person() and people().
    persons: tuple[str, ...] = ()
    location: str = ""  # where the source was read: for messages
    record_key: str = ""  # the cache record holding the parsed cable
    path: str = ""  # site path of its page
    digest: str = ""  # hash of what index pages show of it: listing keys are built from it
    year: str = field(init=False, default="")  # "2009", or "undated"
    month: str = field(init=False, default="")  # "07", or ""

    def __post_init__(self) -> None:
        # One copy of each tag, origin and name however many cables carry it (the full
        # release repeats them millions of times).
        self.origin, self.classification = intern(self.origin), intern(self.classification)
        self.tags = tuple(map(intern, self.tags))
        self.references = tuple(self.references)
        persons = self.persons
        if persons and not isinstance(persons[0], str):  # given person by person
            persons = [value for person in persons for value in person]
        if len(persons) % PERSON_FIELDS:
            raise ValueError(f"persons of {self.reference_id}: not {PERSON_FIELDS} fields each")
        self.persons = tuple(map(intern, persons))
        self.year, self.month = map(intern, urls.year_month(self.created))
        if not self.path:
            self.path = urls.cable_path(self.reference_id, self.created)
        if not self.digest:
            shown = "\x1f".join((self.reference_id, self.created, self.subject, self.origin,
                                 self.classification, self.released, self.path))
            self.digest = hashlib.blake2b(shown.encode(), digest_size=8).hexdigest()

    @property
    def person_count(self) -> int:
        return len(self.persons) // PERSON_FIELDS

    def person(self, index: int) -> tuple[str, ...]:
        """(name, slug, mentions, roles) of the person at this position."""
        start = index * PERSON_FIELDS
        return self.persons[start:start + PERSON_FIELDS]

    def person_name(self, index: int) -> str:
        return self.persons[index * PERSON_FIELDS]

    def person_names(self) -> tuple[str, ...]:
        return self.persons[::PERSON_FIELDS]

    def people(self) -> list[tuple[str, ...]]:
        """(name, slug, mentions, roles) of every person, in the cable's order."""
        return [self.person(index) for index in range(self.person_count)]

    def slugs(self) -> tuple[str, ...]:
        """The slug of each person's page ("" where there is none)."""
        return self.persons[1::PERSON_FIELDS]

    def set_slugs(self, slugs: list[str]) -> None:
        persons = list(self.persons)
        persons[1::PERSON_FIELDS] = slugs
        self.persons = tuple(persons)

    def to_row(self) -> list:
        """Its fields as a JSON-ready list, in field order: the cache index stores rows, which
        read back into far less memory than objects with named fields."""
        return [getattr(self, name) for name in _ROW_FIELDS]

    @classmethod
    def from_row(cls, row: list) -> CableMeta:
        return cls(*row)  # (__post_init__ turns the JSON lists back into tuples)


_ROW_FIELDS = tuple(f.name for f in fields(CableMeta) if f.init)
PERSON_FIELDS = 4


def newest_first(cables: list[CableMeta]) -> list[CableMeta]:
    return sorted(cables, key=lambda c: (c.created, c.reference_id), reverse=True)


@dataclass
class Collections:
    cables: list[CableMeta]  # newest first
    by_reference: dict[str, CableMeta]
    tags: dict[str, list[CableMeta]] = field(default_factory=dict)
    origins: dict[str, list[CableMeta]] = field(default_factory=dict)
    classifications: dict[str, list[CableMeta]] = field(default_factory=dict)
    years: dict[str, list[CableMeta]] = field(default_factory=dict)
    months: dict[tuple[str, str], list[CableMeta]] = field(default_factory=dict)
    released: list[CableMeta] = field(default_factory=list)  # newest release first
    cited_by: dict[str, list[CableMeta]] = field(default_factory=dict)
    _origin_position: dict[str, int] = field(default_factory=dict, repr=False)

    def neighbours(self, cable: CableMeta) -> tuple[CableMeta | None, CableMeta | None]:
        """The previous (older) and next (newer) cable from the same origin."""
        same = self.origins.get(cable.origin) if cable.origin else None
        if not same:
            return None, None
        index = self._origin_position[cable.reference_id]
        older = same[index + 1] if index + 1 < len(same) else None
        newer = same[index - 1] if index > 0 else None
        return older, newer


def build_collections(cables: list[CableMeta]) -> Collections:
    """Group the cables; every list in the result is newest first."""
    ordered = newest_first(cables)
    result = Collections(cables=ordered, by_reference={c.reference_id: c for c in ordered})
    tags, origins, classes = defaultdict(list), defaultdict(list), defaultdict(list)
    years, months, cited_by = defaultdict(list), defaultdict(list), defaultdict(list)
    for cable in ordered:
        for tag in dict.fromkeys(cable.tags):
            tags[tag].append(cable)
        if cable.origin:
            origins[cable.origin].append(cable)
        if cable.classification:
            classes[cable.classification].append(cable)
        years[cable.year].append(cable)
        if cable.month:
            months[(cable.year, cable.month)].append(cable)
        for cited in dict.fromkeys(cable.references):
            if cited in result.by_reference and cited != cable.reference_id:
                cited_by[cited].append(cable)
    result.tags = dict(sorted(tags.items()))
    result.origins = dict(sorted(origins.items()))
    result.classifications = dict(sorted(classes.items()))
    result.years = dict(sorted(years.items()))
    result.months = dict(sorted(months.items()))
    result.cited_by = dict(cited_by)
    result.released = sorted((c for c in ordered if c.released),
                             key=lambda c: (c.released, c.reference_id), reverse=True)
    for same in result.origins.values():
        for index, cable in enumerate(same):
            result._origin_position[cable.reference_id] = index
    return result


def per_year(cables: list[CableMeta]) -> dict[str, int]:
    """{"2009": 120, ...} in year order: the data of the timeline charts."""
    return dict(sorted(Counter(c.year for c in cables).items()))


def top(groups: dict[str, list[CableMeta]], count: int) -> list[tuple[str, int]]:
    """The `count` largest groups as (name, size), largest first, ties by name."""
    sizes = sorted(((name, len(items)) for name, items in groups.items()),
                   key=lambda item: (-item[1], item[0]))
    return sizes[:count]

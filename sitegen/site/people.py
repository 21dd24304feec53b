"""One person, one page: the persons of every cable merged across the corpus.

Each cable's parser lists the persons it names (`PersonRef`: name, mentions, roles). Merging
them is deliberately conservative, because two pages for one person are a nuisance but one
page for two people is wrong:

- a person named with a given name and a surname joins others with the same given name and
  surname, spelling aside ("Yevgeniy Zhovtis" = "Yevgeny Zhovtis" = "ZHOVTIS, YEVGENIY"), unless
  their middle names or initials disagree ("Richard E. Hoagland" = "Richard Hoagland", but not
  "Richard A. Hoagland");
- a person a cable knows only by surname ("President Nazarbayev", the signer "HOAGLAND") is
  never merged with anyone in another cable and gets no page: a surname alone cannot tell two
  people apart;
- the editors' registry, `content/people.toml`, overrides both rules: it gives a person their
  canonical name, aliases (any form, surnames included), a description and links, and lists
  names that are not people at all.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.cable.model import Person
from sitegen.cable.names import given_key, initials, name_parts, part_key, slugify
from sitegen.config import parse_toml
from sitegen.errors import SitegenError, read_user_text
from sitegen.site.collections import CableMeta, newest_first

SEPARATOR = "\x1f"  # joins mentions and roles inside the metadata tuple


@dataclass(frozen=True)
class PersonRef:
    """What one cable says about one person, as kept in the cable's metadata."""

    name: str
    slug: str = ""  # the person's page, once merged ("" when there is none)
    mentions: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()

    def to_tuple(self) -> tuple[str, str, str, str]:
        return (self.name, self.slug, SEPARATOR.join(self.mentions), SEPARATOR.join(self.roles))

    @classmethod
    def from_tuple(cls, data: tuple | list) -> PersonRef:
        name, slug, *rest = list(data) + ["", ""]
        mentions, roles = (tuple(x for x in value.split(SEPARATOR) if x) for value in rest[:2])
        return cls(name, slug, mentions, roles)

    @classmethod
    def from_person(cls, person: Person) -> PersonRef:
        return cls(person.name, "", tuple(person.mentions), tuple(person.roles))


def person_meta(person: Person) -> tuple[str, str, str, str]:
    """A found person as the tuple `CableMeta.persons` keeps (small, JSON-ready)."""
    return PersonRef.from_person(person).to_tuple()


# --- the editors' registry ------------------------------------------------------------------


@dataclass
class RegistryEntry:
    name: str
    aliases: list[str] = field(default_factory=list)
    description: str = ""
    links: list[str] = field(default_factory=list)
    slug: str = ""


@dataclass
class Registry:
    """`content/people.toml`, ready for lookups by name key."""

    entries: list[RegistryEntry] = field(default_factory=list)
    not_people: set[tuple[str, ...]] = field(default_factory=set)
    by_key: dict[tuple[str, ...], RegistryEntry] = field(default_factory=dict)

    def entry_for(self, ref: PersonRef) -> RegistryEntry | None:
        """The entry naming this person: by the cable's name for them, else by a mention."""
        for name in (ref.name, *ref.mentions):
            entry = self.by_key.get(name_key(name))
            if entry is not None:
                return entry
        return None

    def excludes(self, ref: PersonRef) -> bool:
        return name_key(ref.name) in self.not_people


_ENTRY_KEYS = {"name", "aliases", "description", "links", "slug"}


def load_registry(path: Path) -> Registry:
    """Read content/people.toml; a missing file is an empty registry, a wrong one an error."""
    if not path.exists():
        return Registry()
    text = read_user_text(path)
    data = parse_toml(text, path)
    unknown = set(data) - {"person", "not_people"}
    if unknown:
        raise SitegenError(
            f"unknown section {sorted(unknown)[0]!r}",
            str(path),
            "use [[person]] entries and a [not_people] table",
        )
    registry = Registry()
    # Where each [[person]] starts, for messages about it.
    starts = [n for n, line in enumerate(text.splitlines(), 1) if line.strip() == "[[person]]"]
    for number, raw in enumerate(data.get("person", []), start=1):
        where = f"{path}:{starts[number - 1]}" if number <= len(starts) else str(path)
        if not isinstance(raw, dict) or not isinstance(raw.get("name"), str) or not raw["name"]:
            raise SitegenError(
                f"[[person]] number {number} has no name", where, 'add name = "Given Surname"'
            )
        extra = set(raw) - _ENTRY_KEYS
        if extra:
            raise SitegenError(
                f"[[person]] number {number}: unknown key {sorted(extra)[0]!r}",
                where,
                f"known keys: {', '.join(sorted(_ENTRY_KEYS))}",
            )
        entry = RegistryEntry(
            name=raw["name"],
            aliases=list(raw.get("aliases", [])),
            description=str(raw.get("description", "")),
            links=list(raw.get("links", [])),
            slug=slugify(raw["slug"]) if raw.get("slug") else "",
        )
        registry.entries.append(entry)
        for name in (entry.name, *entry.aliases):
            registry.by_key[name_key(name)] = entry
    names = data.get("not_people", {}).get("names", [])
    registry.not_people = {name_key(name) for name in names}
    return registry


def name_key(name: str) -> tuple[str, ...]:
    """Spelling-insensitive key of a whole name (no particles, no initials)."""
    return tuple(part_key(p) for p in name_parts(name))


# --- merging --------------------------------------------------------------------------------


@dataclass
class PersonPage:
    """A person of the site, with every cable that names them (newest first)."""

    slug: str
    name: str
    description: str = ""
    links: list[str] = field(default_factory=list)
    cables: list[CableMeta] = field(default_factory=list)
    names: Counter = field(default_factory=Counter)  # every form seen -> number of cables
    roles: Counter = field(default_factory=Counter)

    @property
    def aliases(self) -> list[str]:
        """The other forms of the name seen in cables, the most frequent first."""
        seen = sorted(self.names.items(), key=lambda item: (-item[1], item[0]))
        return [name for name, _ in seen if name != self.name]


@dataclass
class People:
    pages: dict[str, PersonPage]  # slug -> page, in name order

    def by_count(self) -> list[PersonPage]:
        return sorted(self.pages.values(), key=lambda p: (-len(p.cables), p.name))


def merge_people(cables: Iterable[CableMeta], registry: Registry | None = None) -> People:
    """One page per person across the corpus. Each cable's `persons` tuples get the slug of
    the person's page (or "" when the person has none) so that cable pages can link them."""
    registry = registry or Registry()
    groups: dict[object, list[tuple[CableMeta, int, PersonRef]]] = defaultdict(list)
    for cable in cables:
        refs = [PersonRef.from_tuple(data) for data in cable.persons]
        if any(ref.slug for ref in refs):  # links of an earlier merge: worked out again
            cable.persons = tuple(
                PersonRef(r.name, "", r.mentions, r.roles).to_tuple() for r in refs
            )
        for index, ref in enumerate(refs):
            if registry.excludes(ref):
                continue
            entry = registry.entry_for(ref)
            if entry is not None:
                groups[("registry", id(entry))].append((cable, index, ref))
                continue
            parts = name_parts(ref.name)
            if len(parts) >= 2:  # a surname alone never joins anyone across cables
                groups[(given_key(parts[0]), part_key(parts[-1]))].append((cable, index, ref))
    _join_short_forms(groups)
    entries = {id(e): e for e in registry.entries}
    clusters = []
    for key, members in groups.items():
        if key[0] == "registry":
            clusters.append((entries[key[1]], members))
        else:
            clusters.extend((None, cluster) for cluster in _split_by_middle_names(members))
    return _pages(clusters)


def _join_short_forms(groups: dict) -> None:
    """ "Dadis Camara" is "Moussa Dadis Camara" when exactly one person of that surname has
    Dadis as a middle name (a second given name or a first surname used alone)."""
    by_surname: dict[str, list] = defaultdict(list)
    for key in groups:
        if key[0] != "registry":
            by_surname[key[1]].append(key)
    for key in [k for k in groups if k[0] != "registry"]:
        members = groups[key]
        if len(by_surname[key[1]]) > 50 or any(len(name_parts(r.name)) != 2 for *_, r in members):
            continue  # (a very common surname is not worth the comparisons)
        targets = [
            other
            for other in by_surname[key[1]]
            if other != key
            and other in groups
            and any(
                key[0] in {given_key(p) for p in name_parts(ref.name)[1:-1]}
                for _c, _i, ref in groups[other]
            )
        ]
        if len(targets) == 1:
            groups[targets[0]].extend(members)
            del groups[key]


def _split_by_middle_names(members: list) -> list[list]:
    """Same given name and surname: apart when their middle names or initials disagree.

    A name without middle parts joins the largest cluster it is compatible with."""
    by_middle: dict[frozenset[str], list] = defaultdict(list)
    for member in members:
        by_middle[_middle(member[2].name)].append(member)
    clusters: list[tuple[frozenset[str], list]] = []
    ordered = sorted(by_middle.items(), key=lambda item: (-len(item[0]), -len(item[1])))
    for middle, group in ordered:  # fullest middle names first
        fitting = [c for c in clusters if middle <= c[0]]
        if fitting:
            max(fitting, key=lambda c: len(c[1]))[1].extend(group)
        else:
            clusters.append((middle, list(group)))
    return [members for _, members in clusters]


def _middle(name: str) -> frozenset[str]:
    """The first letters of the middle names and initials: "Richard E. Hoagland" -> {"E"}."""
    parts = name_parts(name)
    letters = {p[0].upper() for p in parts[1:-1]} | set(initials(name))
    return frozenset(letters)


def _pages(clusters: list) -> People:
    pages: dict[str, PersonPage] = {}
    for entry, members in clusters:
        names = Counter()
        for _cable, _index, ref in members:
            names[ref.name] += 1
        name = entry.name if entry else _canonical(names)
        slug = _free_slug(entry.slug if entry and entry.slug else slugify(name), pages)
        page = PersonPage(
            slug=slug,
            name=name,
            description=entry.description if entry else "",
            links=list(entry.links) if entry else [],
        )
        seen_cables = set()
        for cable, index, ref in members:
            cable.persons = _with_slug(cable.persons, index, slug)
            if cable.reference_id not in seen_cables:
                seen_cables.add(cable.reference_id)
                page.cables.append(cable)
                for form in dict.fromkeys((ref.name, *ref.mentions)):
                    page.names[form] += 1
            page.roles.update(dict.fromkeys(ref.roles, 1))
        page.cables = newest_first(page.cables)
        pages[slug] = page
    return People(dict(sorted(pages.items(), key=lambda item: (item[1].name.lower(), item[0]))))


def _canonical(names: Counter) -> str:
    """The most frequent full form; ties go to the longest, then alphabetical."""
    return sorted(names.items(), key=lambda item: (-item[1], -len(item[0]), item[0]))[0][0]


def _free_slug(slug: str, pages: dict) -> str:
    candidate, number = slug, 1
    while candidate in pages:
        number += 1
        candidate = f"{slug}-{number}"
    return candidate


def _with_slug(persons: tuple, index: int, slug: str) -> tuple:
    updated = list(persons)
    ref = PersonRef.from_tuple(updated[index])
    updated[index] = PersonRef(ref.name, slug, ref.mentions, ref.roles).to_tuple()
    return tuple(updated)


# --- what a person page shows ---------------------------------------------------------------


def co_mentioned(page: PersonPage, people: People, count: int = 10) -> list[tuple[PersonPage, int]]:
    """The people most often named in the same cables, with the number of shared cables."""
    together: Counter = Counter()
    for cable in page.cables:
        slugs = {PersonRef.from_tuple(p).slug for p in cable.persons}
        together.update(s for s in slugs if s and s != page.slug and s in people.pages)
    ranked = sorted(together.items(), key=lambda item: (-item[1], people.pages[item[0]].name))
    return [(people.pages[slug], n) for slug, n in ranked[:count]]


def top_tags(page: PersonPage, count: int = 10) -> list[tuple[str, int]]:
    """The person's most frequent tags (person tags left out), with their counts."""
    tags = Counter(t for cable in page.cables for t in dict.fromkeys(cable.tags) if "," not in t)
    return sorted(tags.items(), key=lambda item: (-item[1], item[0]))[:count]

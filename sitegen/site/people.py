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

import heapq
from array import array
from collections import Counter, defaultdict
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path

from sitegen.cable.model import Person
from sitegen.cable.names import (
    forget_names,
    given_key,
    initials,
    name_parts,
    part_key,
    slugify,
)
from sitegen.config import parse_toml
from sitegen.errors import SitegenError, read_user_text
from sitegen.site.collections import PERSON_FIELDS, CableMeta, newest_first

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
    """A found person as the fields `CableMeta.persons` keeps of each (small, JSON-ready)."""
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

    def surname_keys(self) -> set[str]:
        """The last part of every name the registry knows: a name whose surname is not
        among them cannot be in it (a cheap test before the full one)."""
        return {key[-1] for key in (*self.by_key, *self.not_people) if key}


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


@dataclass(slots=True)
class PersonPage:
    """A person of the site, with every cable that names them (newest first).

    Kept small (the full release has ~800,000 people): what the person's page shows besides
    the list of cables is worked out from the cables when the page is rendered."""

    slug: str
    name: str
    description: str = ""
    links: tuple[str, ...] = ()  # (a list would take 56 bytes a person for nothing)
    # (Tuples, not lists: most people are named in one cable, where a tuple is half the size.)
    cables: tuple[CableMeta, ...] = ()
    # For each cable (same order): the positions of the person in the cable's `persons`.
    indexes: tuple[tuple[int, ...], ...] = ()
    token: str = ""  # fingerprint of what the person's pages show (person_pages.set_tokens)

    @property
    def names(self) -> dict[str, int]:
        """Every form of the name seen -> the number of cables writing it so."""
        names: dict[str, int] = {}
        for cable, indexes in zip(self.cables, self.indexes, strict=True):
            data = cable.person(indexes[0])
            for form in dict.fromkeys((data[0], *split_field(data, 2))):
                if form:
                    names[form] = names.get(form, 0) + 1
        return names

    @property
    def roles(self) -> dict[str, int]:
        """Every title seen with the name -> the number of mentions with it."""
        roles: dict[str, int] = {}
        for cable, indexes in zip(self.cables, self.indexes, strict=True):
            for index in indexes:
                for role in dict.fromkeys(split_field(cable.person(index), 3)):
                    if role:
                        roles[role] = roles.get(role, 0) + 1
        return roles

    @property
    def aliases(self) -> list[str]:
        """The other forms of the name seen in cables, the most frequent first."""
        seen = sorted(self.names.items(), key=lambda item: (-item[1], item[0]))
        return [name for name, _ in seen if name != self.name]


def split_field(data: tuple, field_number: int) -> list[str]:
    """The mentions (2) or roles (3) of a person's (name, slug, mentions, roles)."""
    joined = data[field_number] if len(data) > field_number else ""
    return joined.split(SEPARATOR) if joined else []


def most_common(counts: dict[str, int], count: int | None = None) -> list[tuple[str, int]]:
    """Like Counter.most_common: largest first, ties in the order they were first seen."""
    ranked = sorted(counts.items(), key=itemgetter(1), reverse=True)
    return ranked if count is None else ranked[:count]


@dataclass
class People:
    pages: dict[str, PersonPage]  # slug -> page, in name order
    # For each page, in the same order: its place in the merge's order, and its partition
    # (`Router.partition`): what a later build needs to merge again only what changed
    # (sitegen.site.kept_people). None when not known.
    order: array | None = None
    partitions: list[str] | None = None
    surnames: dict[str, int] | None = None  # the groups of each surname not joined

    def by_count(self, count: int) -> list[PersonPage]:
        """The `count` people named in the most cables, ties in name order."""
        return heapq.nsmallest(count, self.pages.values(), key=lambda p: (-len(p.cables), p.name))


def merge_people(cables: Iterable[CableMeta], registry: Registry | None = None) -> People:
    """One page per person across the corpus. Each cable's persons get the slug of
    the person's page (or "" when the person has none) so that cable pages can link them.

    Linear in the number of persons named: every distinct way of writing a name is routed
    to its group once, and groups are compared through indexes, never pair by pair.

    A group's members are ints, `rank * stride + index`: the cable's rank (newest first) and
    the person's index in its `persons`. The full release names millions of persons, and an
    int is half the memory of a tuple, and sorts the same way."""
    router = Router(registry or Registry())
    cables = newest_first(cables)
    members_of = Members(cables, stride_of(cables))
    groups = router.group_cables(cables, members_of.stride)
    counts = surname_counts(groups)
    people = _pages(clusters(groups, router, members_of, counts), members_of)
    people.surnames = {surname: n for surname, n in counts.items() if n > JOINED_SURNAMES}
    forget_names()  # (the merge filled their caches: memory freed by nothing else)
    return people


class Router:
    """Sends each person, as a cable writes them, to their group: the registry entry's
    ("registry", its number), none (a non-person, or a surname alone, which never joins
    anyone across cables), or their (given name key, surname key) group."""

    def __init__(self, registry: Registry):
        self.registry = registry
        self.consult_registry = bool(registry.by_key or registry.not_people)
        self.keys = _Keys()
        self._surnames = registry.surname_keys()
        self._numbers = {id(entry): n for n, entry in enumerate(registry.entries)}

    def route(self, data: tuple) -> tuple | None:
        if self.consult_registry and self.keys.surname_in(data, self._surnames):
            ref = PersonRef.from_tuple(data)
            if self.registry.excludes(ref):
                return None
            entry = self.registry.entry_for(ref)
            if entry is not None:
                return ("registry", self._numbers[id(entry)])
        return self.keys.group(data[0])

    def group_cables(self, cables: list[CableMeta], stride: int) -> dict[tuple, list[int]]:
        """The groups of every person of the cables (newest first), each in member order."""
        routes: dict = {}  # way of writing -> the members of its group (None: no group)
        groups: dict[tuple, list[int]] = defaultdict(list)
        for rank, cable in enumerate(cables):
            persons = cable.persons
            if not persons:
                continue
            # (The names alone, and the mentions where the registry needs them: a tuple per
            # person took a fifth of the merge, ~3 million persons at full scale.)
            writings = (zip(persons[::PERSON_FIELDS], persons[2::PERSON_FIELDS], strict=True)
                        if self.consult_registry else persons[::PERSON_FIELDS])
            first = rank * stride
            for index, written in enumerate(writings):
                members = routes.get(written, _UNROUTED)
                if members is _UNROUTED:
                    key = self.route(cable.person(index))
                    members = routes[written] = None if key is None else groups[key]
                if members is not None:
                    members.append(first + index)
        return groups

    def group_members(self, members: Iterable[int], members_of: Members
                      ) -> dict[tuple, list[int]]:
        """`group_cables` for some members only (ascending): the same groups, in the same
        order, as far as these members go."""
        groups: dict[tuple, list[int]] = defaultdict(list)
        for member in members:
            key = self.route(members_of.person(member))
            if key is not None:
                groups[key].append(member)
        return groups

    @staticmethod
    def partition(key: tuple, counts: Counter) -> str:
        """The groups that can join or share a page with this one's: those of the same
        surname, or none when the surname has too many groups to be joined (`counts`), or
        the registry entry's."""
        if key[0] == "registry":
            return f"\x1d{key[1]}"
        return key[1] if counts[key[1]] <= JOINED_SURNAMES else f"{key[0]}\x1f{key[1]}"


# A group's clusters are ordered by `order`: its first member, times this, plus the
# cluster's number within the group (what the merge's order is: sitegen.site.kept_people).
ORDER_SPLITS = 1 << 16


def clusters(groups: dict[tuple, list[int]], router: Router, members_of: Members,
             counts: Counter) -> list[tuple[RegistryEntry | None, list[int], int, str]]:
    """The groups joined and split into people: (registry entry or None, members, order,
    partition), in order. `counts`: the number of groups of each surname (`surname_counts`;
    it can count groups not given here)."""
    _join_short_forms(groups, router.keys, members_of, counts)
    found = []
    for key, members in groups.items():
        first, partition = members[0] * ORDER_SPLITS, router.partition(key, counts)
        if key[0] == "registry":
            found.append((router.registry.entries[key[1]], members, first, partition))
        else:
            found.extend((None, cluster, first + number, partition) for number, cluster
                         in enumerate(_split_by_middle_names(members, router.keys, members_of)))
    return found


def surname_counts(groups: Iterable[tuple]) -> Counter:
    """The number of groups of each surname, among these group keys."""
    return Counter(key[1] for key in groups if key[0] != "registry")


# A surname with more groups than this has none joined (not worth the comparisons).
JOINED_SURNAMES = 50


_UNROUTED = object()  # a way of writing a name not seen yet in a merge


@dataclass(frozen=True)
class Members:
    """The cables that group members point into: a member's name is read from them."""

    cables: list[CableMeta]  # newest first
    stride: int

    def name(self, member: int) -> str:
        rank, index = divmod(member, self.stride)
        return self.cables[rank].person_name(index)

    def person(self, member: int) -> tuple[str, ...]:
        rank, index = divmod(member, self.stride)
        return self.cables[rank].person(index)


class _Keys:
    """What merging needs of a name, worked out once per distinct name or part in a merge
    (names are routed once each already: only what is asked again is kept)."""

    def __init__(self) -> None:
        self._middle: dict[str, frozenset[str]] = {}
        self._surname: dict[str, str] = {}  # (part_key's own cache is too small at scale)

    def group(self, name: str) -> tuple[str, str] | None:
        """(given name key, surname key), or None for a name without both."""
        parts = name_parts(name)
        return (given_key(parts[0]), self.surname(parts[-1])) if len(parts) >= 2 else None

    def surname(self, part: str) -> str:
        found = self._surname.get(part)
        if found is None:
            found = self._surname[part] = part_key(part)
        return found

    def surname_in(self, data: tuple, surnames: set[str]) -> bool:
        """Whether the name or a mention of a person's fields ends with one of the surnames."""
        for form in (data[0], *split_field(data, 2)):
            parts = name_parts(form)
            if parts and self.surname(parts[-1]) in surnames:
                return True
        return False

    def middle(self, name: str) -> frozenset[str]:
        """The first letters of the middle names and initials: "Richard E. Hoagland" -> {"E"}."""
        found = self._middle.get(name)
        if found is None:
            letters = {p[0].upper() for p in name_parts(name)[1:-1]} | set(initials(name))
            found = self._middle[name] = frozenset(letters)
        return found


def _join_short_forms(groups: dict, keys: _Keys, members_of: Members,
                      surnames: Counter) -> None:
    """ "Dadis Camara" is "Moussa Dadis Camara" when exactly one person of that surname has
    Dadis as a middle name (a second given name or a first surname used alone)."""
    # (surname, given key of a middle part) -> the groups with such a name. Joining only ever
    # adds names without middle parts, so the index stays right while groups are joined.
    having: dict[tuple[str, str], list] = defaultdict(list)
    candidates = []
    name_of = members_of.name
    for key, members in groups.items():
        if key[0] == "registry" or not 1 < surnames[key[1]] <= JOINED_SURNAMES:
            continue  # (a very common surname is not worth the comparisons)
        candidates.append(key)
        middles = set()
        for name in {name_of(member) for member in members}:
            middles.update(given_key(p) for p in name_parts(name)[1:-1])
        for middle in middles:
            having[(key[1], middle)].append(key)
    for key in candidates:
        targets = [other for other in having.get((key[1], key[0]), ()) if other != key]
        if len(targets) != 1:
            continue
        members = groups[key]
        if all(len(name_parts(name_of(member))) == 2 for member in members):
            groups[targets[0]].extend(members)
            del groups[key]


def _split_by_middle_names(members: list[int], keys: _Keys,
                           members_of: Members) -> list[list[int]]:
    """Same given name and surname: apart when their middle names or initials disagree.

    A name without middle parts joins the largest cluster it is compatible with."""
    if len(members) == 1:  # (most people are named in one cable only)
        return [members]
    by_middle: dict[frozenset[str], list] = defaultdict(list)
    middle_of, name_of = keys.middle, members_of.name
    for member in members:
        by_middle[middle_of(name_of(member))].append(member)
    if len(by_middle) == 1:
        return [members]
    clusters: list[tuple[frozenset[str], list]] = []
    ordered = sorted(by_middle.items(), key=lambda item: (-len(item[0]), -len(item[1])))
    for middle, group in ordered:  # fullest middle names first
        fitting = [c for c in clusters if middle <= c[0]]
        if fitting:
            max(fitting, key=lambda c: len(c[1]))[1].extend(group)
        else:
            clusters.append((middle, list(group)))
    return [members for _, members in clusters]


def _pages(clusters: list, members_of: Members) -> People:
    pages: dict[str, PersonPage] = {}
    cables, stride = members_of.cables, members_of.stride
    slugs: list[list[str] | None] = [None] * len(cables)  # per cable: its persons' slugs
    orders, partitions = array("q"), []
    clusters.reverse()
    while clusters:  # (popped: each group's members go once its page is made)
        entry, members, order, partition = clusters.pop()
        name, base = name_and_base(entry, members, members_of)
        page = new_page(entry, free_slug(base, pages), name)
        if len(members) > 1:
            members.sort()  # newest cable first, then in the cable's order
        list_cables(page, members, cables, stride, slugs)
        pages[page.slug] = page
        orders.append(order)
        partitions.append(partition)
    set_slugs_of(cables, slugs)
    return in_name_order(pages, orders, partitions)


def name_and_base(entry: RegistryEntry | None, members: list[int], members_of: Members
                  ) -> tuple[str, str]:
    """A cluster's name, and the slug its page gets unless another page has it."""
    if entry is not None:
        return entry.name, entry.slug or slugify(entry.name)
    name_of = members_of.name
    name = (name_of(members[0]) if len(members) == 1 else
            _canonical([name_of(member) for member in members]))
    return name, slugify(name)


def new_page(entry: RegistryEntry | None, slug: str, name: str) -> PersonPage:
    if entry is None:
        return PersonPage(slug, name)
    return PersonPage(slug, name, entry.description, tuple(entry.links))


def in_name_order(pages: dict[str, PersonPage], orders: array, partitions: list[str]
                  ) -> People:
    items = list(pages.items())
    ranked = sorted(range(len(items)), key=lambda n: (items[n][1].name.lower(), items[n][0]))
    return People(dict(items[n] for n in ranked), array("q", (orders[n] for n in ranked)),
                  [partitions[n] for n in ranked])


def list_cables(page: PersonPage, members: Sequence[int], cables: list[CableMeta],
                 stride: int, slugs: list[list[str] | None]) -> None:
    """Give the page its cables and the person's positions in them, from its members (in
    order), and note its slug at those positions in `slugs` (per cable, None until set)."""
    listed: list[CableMeta] = []
    indexes: list[tuple[int, ...]] = []
    last = -1  # the rank of the last cable listed (a cable's members are together)
    for member in members:
        rank, index = divmod(member, stride)
        assigned = slugs[rank]
        if assigned is None:
            assigned = slugs[rank] = [""] * cables[rank].person_count
        assigned[index] = page.slug
        if rank == last:
            indexes[-1] += (index,)
        else:
            last = rank
            listed.append(cables[rank])
            indexes.append(_SINGLES[index] if index < len(_SINGLES) else (index,))
    page.cables, page.indexes = tuple(listed), tuple(indexes)


def set_slugs_of(cables: list[CableMeta], slugs: list[list[str] | None]) -> None:
    """Give each cable's persons their slugs; links of an earlier merge go."""
    for cable, assigned in zip(cables, slugs, strict=True):
        if assigned is not None:
            cable.set_slugs(assigned)
        elif any(cable.slugs()):
            cable.set_slugs([""] * cable.person_count)


def stride_of(cables: list[CableMeta]) -> int:
    """What a member's rank is multiplied by: more than any cable's count of persons."""
    return max((cable.person_count for cable in cables), default=0) + 1


# One shared `(index,)` per position: most people are named at one position of one cable,
# and a tuple each (48 bytes) is ~40 MB at full scale.
_SINGLES = tuple((index,) for index in range(256))


def _canonical(names: list[str]) -> str:
    """The most frequent full form; ties go to the longest, then alphabetical."""
    if len(names) == 1:
        return names[0]
    counts = Counter(names)
    return min(counts.items(), key=lambda item: (-item[1], -len(item[0]), item[0]))[0]


# Not a person's slug: "person/pa/page/2/" is the second page of the "pa" people.
RESERVED_SLUGS = frozenset({"page"})


def free_slug(slug: str, pages: Container[str]) -> str:
    candidate, number = slug, 1
    while candidate in pages or candidate in RESERVED_SLUGS:
        number += 1
        candidate = f"{slug}-{number}"
    return candidate


# --- what a person page shows ---------------------------------------------------------------


def co_mentioned(page: PersonPage, people: People, count: int = 10) -> list[tuple[PersonPage, int]]:
    """The people most often named in the same cables, with the number of shared cables."""
    together: Counter = Counter()
    for cable in page.cables:
        together.update(set(cable.slugs()))
    together.pop(page.slug, None)
    together.pop("", None)
    pages = people.pages
    ranked = heapq.nsmallest(count, (item for item in together.items() if item[0] in pages),
                             key=lambda item: (-item[1], pages[item[0]].name, item[0]))
    return [(pages[slug], n) for slug, n in ranked]


def top_tags(page: PersonPage, count: int = 10) -> list[tuple[str, int]]:
    """The person's most frequent tags (person tags left out), with their counts."""
    tags = Counter(t for cable in page.cables for t in dict.fromkeys(cable.tags) if "," not in t)
    return sorted(tags.items(), key=lambda item: (-item[1], item[0]))[:count]

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

import hashlib
import heapq
import json
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
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
    registry = registry or Registry()
    consult_registry = bool(registry.by_key or registry.not_people)
    cables = newest_first(cables)
    stride = _stride(cables)
    keys = _Keys()
    surnames = registry.surname_keys()

    def route(data: tuple) -> object:
        """The group of a person as a cable writes them: the registry entry's, none (a
        non-person, or a surname alone, which never joins anyone across cables), or their
        (given name, surname) group."""
        if consult_registry and keys.surname_in(data, surnames):
            ref = PersonRef.from_tuple(data)
            if registry.excludes(ref):
                return None
            entry = registry.entry_for(ref)
            if entry is not None:
                return ("registry", id(entry))
        return keys.group(data[0])

    routes: dict = {}  # way of writing -> the members of its group (None: no group)
    groups: dict[object, list[int]] = defaultdict(list)
    for rank, cable in enumerate(cables):
        persons = cable.persons
        if not persons:
            continue
        # (The names alone, and the mentions where the registry needs them: a tuple per
        # person took a fifth of the merge, ~3 million persons at full scale.)
        writings = (zip(persons[::PERSON_FIELDS], persons[2::PERSON_FIELDS], strict=True)
                    if consult_registry else persons[::PERSON_FIELDS])
        first = rank * stride
        for index, written in enumerate(writings):
            members = routes.get(written, _UNROUTED)
            if members is _UNROUTED:
                key = route(cable.person(index))
                members = routes[written] = None if key is None else groups[key]
            if members is not None:
                members.append(first + index)
    del routes
    members_of = _Members(cables, stride)
    _join_short_forms(groups, keys, members_of)
    entries = {id(e): e for e in registry.entries}
    clusters = []
    for key, members in groups.items():
        if key[0] == "registry":
            clusters.append((entries[key[1]], members))
        else:
            clusters.extend((None, cluster)
                            for cluster in _split_by_middle_names(members, keys, members_of))
    del groups
    people = _pages(clusters, members_of)
    forget_names()  # (the merge filled their caches: memory freed by nothing else)
    return people


_UNROUTED = object()  # a way of writing a name not seen yet in a merge


@dataclass(frozen=True)
class _Members:
    """The cables that group members point into: a member's name is read from them."""

    cables: list[CableMeta]  # newest first
    stride: int

    def name(self, member: int) -> str:
        rank, index = divmod(member, self.stride)
        return self.cables[rank].person_name(index)


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


def _join_short_forms(groups: dict, keys: _Keys, members_of: _Members) -> None:
    """ "Dadis Camara" is "Moussa Dadis Camara" when exactly one person of that surname has
    Dadis as a middle name (a second given name or a first surname used alone)."""
    surnames = Counter(key[1] for key in groups if key[0] != "registry")
    # (surname, given key of a middle part) -> the groups with such a name. Joining only ever
    # adds names without middle parts, so the index stays right while groups are joined.
    having: dict[tuple[str, str], list] = defaultdict(list)
    candidates = []
    name_of = members_of.name
    for key, members in groups.items():
        if key[0] == "registry" or not 1 < surnames[key[1]] <= 50:
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
                           members_of: _Members) -> list[list[int]]:
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


def _pages(clusters: list, members_of: _Members) -> People:
    pages: dict[str, PersonPage] = {}
    cables, stride, name_of = members_of.cables, members_of.stride, members_of.name
    slugs: list[list[str] | None] = [None] * len(cables)  # per cable: its persons' slugs
    clusters.reverse()
    while clusters:  # (popped: each group's members go once its page is made)
        entry, members = clusters.pop()
        if entry is not None:
            name = entry.name
            slug = _free_slug(entry.slug or slugify(name), pages)
            page = PersonPage(slug, name, entry.description, tuple(entry.links))
        else:
            name = (name_of(members[0]) if len(members) == 1 else
                    _canonical([name_of(member) for member in members]))
            slug = _free_slug(slugify(name), pages)
            page = PersonPage(slug, name)
        if len(members) > 1:
            members.sort()  # newest cable first, then in the cable's order
        _list_cables(page, members, cables, stride, slugs)
        pages[slug] = page
    _set_slugs(cables, slugs)
    return People(dict(sorted(pages.items(), key=lambda item: (item[1].name.lower(), item[0]))))


def _list_cables(page: PersonPage, members: Sequence[int], cables: list[CableMeta],
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


def _set_slugs(cables: list[CableMeta], slugs: list[list[str] | None]) -> None:
    """Give each cable's persons their slugs; links of an earlier merge go."""
    for cable, assigned in zip(cables, slugs, strict=True):
        if assigned is not None:
            cable.set_slugs(assigned)
        elif any(cable.slugs()):
            cable.set_slugs([""] * cable.person_count)


# --- a merge kept for the next build -------------------------------------------------------
# Merging the full release's ~3 million persons takes ~20 s; most edits leave every name as
# it was, and the next build can take the pages of the last merge back instead.


def merge_inputs(cables: list[CableMeta], registry: Registry) -> str:
    """A hash of all that a merge of these cables (newest first) reads: each cable's persons
    but their slugs (which the merge writes), in order, and the registry."""
    digest = hashlib.blake2b(repr((registry.entries, sorted(registry.not_people))).encode(),
                             digest_size=16)
    for cable in cables:
        persons = cable.persons
        digest.update("\x1f".join((*persons[::PERSON_FIELDS], "\x1d",
                                    *persons[2::PERSON_FIELDS], "\x1d",
                                    *persons[3::PERSON_FIELDS], "\x1e"))
                      .encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def dump_people(people: People, cables: list[CableMeta], tag_folders: dict[str, str]
                ) -> Iterator[bytes | memoryview]:
    """The merge's pages as bytes for `restore_people`, their cables by rank in `cables`
    (newest first), in parts (~100 MB at full scale, never all in memory): JSON lines of the
    pages' fields, then each page's members packed (8 bytes each).

    The pages' tokens are kept too, with what they were made from besides the people: each
    cable's record and digest, and the tags' folders."""
    pages = people.pages.values()
    for field_of_pages in (list(people.pages), [p.name for p in pages],
                           [sum(map(len, p.indexes)) for p in pages],
                           {p.slug: [p.description, p.links] for p in pages
                            if p.description or p.links},
                           [p.token for p in pages], [_token_inputs(c) for c in cables],
                           _folders_hash(tag_folders)):
        yield json.dumps(field_of_pages).encode() + b"\n"
    rank_of = {id(cable): rank for rank, cable in enumerate(cables)}
    stride = _stride(cables)
    members = array("q")
    for page in pages:
        for cable, indexes in zip(page.cables, page.indexes, strict=True):
            first = rank_of[id(cable)] * stride
            if len(indexes) == 1:  # (nearly always)
                members.append(first + indexes[0])
            else:
                members.extend(first + index for index in indexes)
    yield memoryview(members).cast("B")


_DUMPED_FIELDS = 7  # the JSON lines of `dump_people`


def restore_people(data: bytes, cables: list[CableMeta], tag_folders: dict[str, str]
                   ) -> People | None:
    """The pages `dump_people` kept, for the same cables (newest first, as `merge_inputs`
    vouches), with the cables' slugs set as the merge set them; None if `data` is damaged.

    Tokens are kept but for the people of a cable whose record or digest changed (all of
    them if the tags' folders changed): those are "", for `set_tokens` to work out."""
    try:
        *lines, packed = data.split(b"\n", _DUMPED_FIELDS)
        saved_slugs, names, sizes, extras, tokens, saved_cables, folders = map(json.loads, lines)
        members = array("q")
        members.frombytes(packed)
        slugs: list[list[str] | None] = [None] * len(cables)
        stride, pages, start = _stride(cables), {}, 0
        if folders != _folders_hash(tag_folders):
            tokens = [""] * len(saved_slugs)
        for slug, name, size, token in zip(saved_slugs, names, sizes, tokens, strict=True):
            description, links = extras.get(slug, ("", ()))
            page = pages[slug] = PersonPage(slug, name, description, tuple(links), token=token)
            _list_cables(page, members[start:start + size], cables, stride, slugs)
            start += size
        if start != len(members) or len(pages) != len(saved_slugs):
            return None
        for cable, assigned, before in zip(cables, slugs, saved_cables, strict=True):
            if assigned is not None and _token_inputs(cable) != before:
                for slug in assigned:
                    if slug:
                        pages[slug].token = ""
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        return None
    _set_slugs(cables, slugs)
    return People(pages)


def _token_inputs(cable: CableMeta) -> str:
    """What a person's token reads of a cable, besides its people (same in the same merge)."""
    return f"{cable.record_key}\x1f{cable.digest}"


def _folders_hash(tag_folders: dict[str, str]) -> str:
    return hashlib.blake2b(json.dumps(tag_folders, sort_keys=True).encode(),
                           digest_size=16).hexdigest()


def _stride(cables: list[CableMeta]) -> int:
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
_RESERVED_SLUGS = frozenset({"page"})


def _free_slug(slug: str, pages: dict) -> str:
    candidate, number = slug, 1
    while candidate in pages or candidate in _RESERVED_SLUGS:
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

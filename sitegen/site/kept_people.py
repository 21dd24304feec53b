"""The merge of people kept from one build to the next (the cache's `people.bin`).

Merging the full release's ~3 million persons takes 20 to 40 s, and an edit changes the
persons of one cable, if any. So a build writes its merge down (`dump_people`), and the next
one takes it back (`update_people`), merging again only what the changed cables can touch:

- groups only ever join people of one surname (or of one registry entry): the merge is a
  merge per *partition* (`Router.partition`), and only the partitions of the persons of the
  changed cables, before and after, are merged again, from their members;
- pages are made in the merge's order (each cluster's `order`) and take the first free slug
  after their own ("john-smith", then "john-smith-2"...): the pages whose slug can depend on
  the new ones are found by trying those slugs, and given theirs again in that order;
- a person's token (what their pages show, sitegen.site.person_pages.set_tokens) is kept but
  for the people named in a cable that changed, or that names someone whose page changed.

Members are written as ranks in the cables' order (newest first), which a cable added,
removed or given a new date shifts: the kept merge names each rank's cable (reference id and
date, what the order sorts by), and its ranks are carried over to the new ones. A cable that
is new at its place (added, or moved by a new date) counts as changed; one that is gone takes
its persons out of their partitions, which are merged again.

The result is the merge a build from scratch makes (tests/test_kept_people.py compares them
over random edits). The people are merged anew when the registry changed or when more than
MAX_CHANGED_CABLES cables changed.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import json
from array import array
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from sitegen.cable.names import forget_names, slugify
from sitegen.cache import digest
from sitegen.site.collections import PERSON_FIELDS, CableMeta
from sitegen.site.people import (
    JOINED_SURNAMES,
    ORDER_SPLITS,
    RESERVED_SLUGS,
    Members,
    People,
    PersonPage,
    Registry,
    Router,
    clusters,
    free_slug,
    in_name_order,
    list_cables,
    name_and_base,
    new_page,
    set_slugs_of,
    stride_of,
)

MAX_CHANGED_CABLES = 1000  # more changed cables than this: merging anew is as quick
_INPUT_BYTES = 16  # a cable's inputs' hash, packed
_LINES = 11  # the JSON lines before the packed arrays
_GONE = -1  # a member of a cable that is no longer there (-1 // stride is -1 too)


def dump_people(people: People, cables: list[CableMeta], registry: Registry,
                tag_folders: dict[str, str]) -> Iterator[bytes | memoryview]:
    """The merge (`merge_people`'s, which knows each page's order and partition) of these
    cables (newest first) as bytes for `update_people`, in parts (~100 MB at full scale, never
    all in memory): JSON lines of the pages' fields, then packed arrays: the hash of each
    cable's persons, each page's order, and each page's members (rank * stride + index).

    The pages' tokens are kept too, with what they were made from besides the people: each
    cable's record and digest, and the tags' folders."""
    pages = people.pages.values()
    stride = stride_of(cables)
    partitions = sorted(set(people.partitions))
    number_of = {partition: n for n, partition in enumerate(partitions)}
    fields = (  # (made one at a time: each is let go once written)
        lambda: [len(cables), stride, _registry_hash(registry),
                 _folders_hash(tag_folders)],
        lambda: list(people.pages),
        lambda: [p.name for p in pages],
        lambda: [sum(map(len, p.indexes)) for p in pages],
        lambda: {p.slug: [p.description, p.links] for p in pages if p.description or p.links},
        lambda: [p.token for p in pages],
        lambda: [_token_inputs(c) for c in cables],
        lambda: [_identity(c) for c in cables],
        lambda: partitions,
        lambda: [number_of[partition] for partition in people.partitions],
        lambda: people.surnames,
    )
    for field_of_pages in fields:
        yield json.dumps(field_of_pages()).encode() + b"\n"
    yield b"".join(map(_input_of, cables))
    yield memoryview(people.order).cast("B")
    rank_of = {id(cable): rank for rank, cable in enumerate(cables)}
    members = array("q")
    for page in pages:
        for cable, indexes in zip(page.cables, page.indexes, strict=True):
            first = rank_of[id(cable)] * stride
            if len(indexes) == 1:  # (nearly always)
                members.append(first + indexes[0])
            else:
                members.extend(first + index for index in indexes)
    yield memoryview(members).cast("B")


@dataclass
class _Kept:
    """A dumped merge, read back."""

    slugs: list[str]
    names: list[str]
    sizes: list[int]
    extras: dict[str, list]
    tokens: list[str]
    folders: str  # hash of the tags' folders the tokens were made with
    token_inputs: list[str]
    partitions: list[str]  # of each page
    surnames: dict[str, int]  # the groups of each surname too common to be joined
    identities: list[str]  # of the cable at each rank (`_identity`)
    stride: int
    inputs: bytes
    order: array
    members: array
    starts: array  # where each page's members start in `members`

    def move_to(self, cables: list[CableMeta]) -> set[int] | None:
        """Carry the ranks over to these cables' (newest first). Returns the changed ranks:
        those of the cables new at their place or whose persons changed, and `_GONE` if some
        cables are gone (their members are now `_GONE`). None if that is more than
        MAX_CHANGED_CABLES cables, or if the cables cannot be matched."""
        identities = [_identity(cable) for cable in cables]
        new_rank = dict(zip(identities, itertools.count()))
        moved = [new_rank.get(identity, _GONE) for identity in self.identities]
        old_rank = [_GONE] * len(cables)
        for old, new in enumerate(moved):
            if new != _GONE:
                old_rank[new] = old
        found = [old for old in old_rank if old != _GONE]
        if len(new_rank) != len(cables) or found != sorted(found):
            return None  # (an identity twice, or cables not in the order they sort in)
        inputs = b"".join(map(_input_of, cables))
        same_ranks = len(found) == len(cables) == len(self.identities)
        changed = set() if same_ranks and inputs == self.inputs else {
            rank for rank, old in enumerate(old_rank)
            if old == _GONE or _hash_at(self.inputs, old) != _hash_at(inputs, rank)}
        gone = len(self.identities) - len(found)
        if len(changed) + gone > MAX_CHANGED_CABLES:
            return None
        if gone:
            changed.add(_GONE)
        stride = stride_of(cables)
        if not same_ranks or stride != self.stride:
            self._renumber(moved, stride)
        if not same_ranks:
            self.token_inputs = [self.token_inputs[old] if old != _GONE else None
                                 for old in old_rank]
        self.identities, self.inputs = identities, inputs
        return changed

    def _renumber(self, moved: list[int], stride: int) -> None:
        """Members and orders (rank * stride + index) in the new ranks and stride."""
        old_stride = self.stride

        def member(old: int) -> int:
            rank = moved[old // old_stride]
            return _GONE if rank == _GONE else rank * stride + old % old_stride

        self.members = array("q", map(member, self.members))
        # (An order whose first member is gone is that of a partition merged again.)
        self.order = array("q", (member(order // ORDER_SPLITS) * ORDER_SPLITS
                                 + order % ORDER_SPLITS for order in self.order))
        self.stride = stride


def update_people(data: bytes, cables: list[CableMeta], registry: Registry,
                  tag_folders: dict[str, str]) -> People | None:
    """The merge of these cables (newest first) from the one `data` kept, merging again
    only the partitions of the changed cables' persons (and of those of the cables gone); the
    cables' slugs set as `merge_people` sets them. None when it cannot be done (then merge
    anew): `data` damaged, the registry changed, or too many cables changed."""
    kept = _read(data, registry)
    del data  # (~100 MB at full scale, read: what the caller holds only)
    changed = kept.move_to(cables) if kept is not None else None
    if changed is None:
        return None
    if _folders_hash(tag_folders) != kept.folders:
        kept.tokens = [""] * len(kept.slugs)
    members_of = Members(cables, kept.stride)  # (move_to set it to these cables')
    merged = _Merge(kept, members_of, Router(registry), changed)
    people = merged.people()
    forget_names()
    return people


def _read(data: bytes, registry: Registry) -> _Kept | None:
    try:
        *lines, packed = data.split(b"\n", _LINES)
        (count, stride, registry_hash, folders), slugs, names, sizes, extras, tokens, \
            token_inputs, identities, partitions, partition_of, surnames = map(json.loads, lines)
        if registry_hash != _registry_hash(registry) or len(identities) != count:
            return None
        cut, order_end = count * _INPUT_BYTES, count * _INPUT_BYTES + 8 * len(slugs)
        order, members = array("q"), array("q")
        order.frombytes(packed[cut:order_end])
        members.frombytes(packed[order_end:])
        starts = array("q", itertools.accumulate(sizes, initial=0))
        if (starts.pop() != len(members) or len(order) != len(slugs)
                or len(set(slugs)) != len(slugs) or len(token_inputs) != count
                or len(set(identities)) != count
                or not len(names) == len(sizes) == len(tokens) == len(partition_of) == len(slugs)):
            return None
        return _Kept(slugs, names, sizes, extras, tokens, folders, token_inputs,
                     [partitions[n] for n in partition_of], surnames, identities, stride,
                     packed[:cut], order, members, starts)
    except (ValueError, TypeError, IndexError):
        return None


class _Merge:
    """The kept merge, with the partitions of the changed cables merged again."""

    def __init__(self, kept: _Kept, members_of: Members, router: Router, changed: set[int]):
        self.kept, self.members_of, self.router, self.changed = kept, members_of, router, changed
        stride = members_of.stride
        # The kept pages with a member in a changed cable: their partitions are merged again,
        # with the changed cables' persons.
        with_changed = {bisect.bisect_right(kept.starts, position) - 1
                        for position, member in enumerate(kept.members)
                        if member // stride in changed} if changed else set()
        touched = {kept.partitions[n] for n in with_changed}
        kept_counts = Counter(kept.surnames)  # (groups of the surnames too common to join)
        new_members = []
        for rank in sorted(changed - {_GONE}):
            for index in range(members_of.cables[rank].person_count):
                member = rank * stride + index
                key = router.route(members_of.person(member))
                if key is not None:
                    touched.add(router.partition(key, kept_counts))
                    new_members.append(member)
        escalated: set[str] = set()
        while True:
            self.redone = {n for n, partition in enumerate(kept.partitions)
                           if partition in touched} if touched else set()
            groups = router.group_members(sorted(
                [member for n in self.redone for member in self._members(n)
                 if member // stride not in changed] + new_members), members_of)
            counts = Counter(kept_counts)
            # A common surname's groups are merged alone, but whether they may join depends
            # on how many there are: all of them are merged again when that changes.
            crossing = self._count_groups(touched, groups, counts) - escalated
            if not crossing:
                break
            escalated |= crossing
            touched.update(partition for partition in set(kept.partitions)
                           if partition.rpartition("\x1f")[2] in crossing)
        self.clusters = clusters(groups, router, members_of, counts)
        self.surnames = {surname: n for surname, n in counts.items() if n > JOINED_SURNAMES}

    def _count_groups(self, touched: set[str], groups: dict, counts: Counter) -> set[str]:
        """Update `counts` (the last merge's) for the groups merged again; the surnames
        merged in part whose groups may now be joined."""
        kept_partitions = {self.kept.partitions[n] for n in self.redone}
        crossing = set()
        for surname in {p.rpartition("\x1f")[2] for p in touched if "\x1f" in p}:
            before = counts[surname]
            had = {p for p in kept_partitions if p.endswith(f"\x1f{surname}")}
            has = {f"{given}\x1f{surname}" for given, name in groups if name == surname}
            counts[surname] = before - len(had) + len(has)
            if counts[surname] <= JOINED_SURNAMES < before:
                crossing.add(surname)
        for surname in {p for p in touched if "\x1f" not in p and not p.startswith("\x1d")}:
            counts[surname] = sum(1 for given, name in groups
                                  if given != "registry" and name == surname)
        return crossing

    def _members(self, n: int) -> array:
        start = self.kept.starts[n]
        return self.kept.members[start:start + self.kept.sizes[n]]

    def people(self) -> People:
        kept, cables, stride = self.kept, self.members_of.cables, self.members_of.stride
        kept_slugs = ({kept.slugs[n]: n for n in range(len(kept.slugs)) if n not in self.redone}
                      if self.clusters or self.redone else {})  # (~60 MB at full scale)
        new_names, renamed = self._slugs(kept_slugs)
        pages: dict[str, PersonPage] = {}
        orders, partitions = array("q"), []
        slugs: list[list[str] | None] = [None] * len(cables)
        touched_ranks: set[int] = set(self.changed)
        for n, slug in enumerate(kept.slugs):
            if n in self.redone:
                touched_ranks.update(member // stride for member in self._members(n))
                continue
            slug = renamed.get(n, slug)
            description, links = kept.extras.get(kept.slugs[n], ("", ()))
            token = kept.tokens[n] if n not in renamed else ""
            page = PersonPage(slug, kept.names[n], description, tuple(links), token=token)
            list_cables(page, self._members(n), cables, stride, slugs)
            if n in renamed:
                touched_ranks.update(member // stride for member in self._members(n))
            pages[slug] = page
            orders.append(kept.order[n])
            partitions.append(kept.partitions[n])
        for (entry, members, order, partition), (name, slug) in zip(
                self.clusters, new_names, strict=True):
            page = new_page(entry, slug, name)
            members.sort()
            list_cables(page, members, cables, stride, slugs)
            touched_ranks.update(member // stride for member in members)
            pages[slug] = page
            orders.append(order)
            partitions.append(partition)
        set_slugs_of(cables, slugs)
        # Tokens: a page's reads the names and pages of everyone its cables name.
        for rank, cable in enumerate(cables):
            if rank in touched_ranks or _token_inputs(cable) != kept.token_inputs[rank]:
                for slug in cable.slugs():
                    if slug:
                        pages[slug].token = ""
        people = in_name_order(pages, orders, partitions)
        people.surnames = self.surnames
        return people

    def _slugs(self, kept_slugs: dict[str, int]
               ) -> tuple[list[tuple[str, str]], dict[int, str]]:
        """The name and slug of each new cluster, and the kept pages whose slug changes
        (number -> slug).

        A page takes the first free slug of base, base-2, base-3...: the kept pages on those
        slugs, and on the slugs after theirs, may be given another one now. They are given
        theirs again, with the new clusters, in the merge's order, around the others."""
        kept = self.kept
        names = [name_and_base(entry, members, self.members_of)
                 for entry, members, _order, _partition in self.clusters]
        # Contenders per base: the new clusters, and the kept pages found below.
        per_base = Counter(base for _name, base in names)
        # The slugs the last merge gave: a page's slug is its base's first slug free then.
        given = set(kept_slugs).union(kept.slugs[n] for n in self.redone) | RESERVED_SLUGS
        contending: set[int] = set()  # kept pages given their slug again
        todo = [*per_base, *(kept.slugs[n] for n in self.redone),
                *(self._kept_base(n) for n in self.redone)]
        while todo:
            base = todo.pop()
            # The slugs base, base-2... that were given, then as many free ones as there are
            # pages of this base that may need one: the pages on them are contenders.
            free, number = 0, 1
            while free <= per_base[base]:
                slug = base if number == 1 else f"{base}-{number}"
                n = kept_slugs.get(slug)
                if n is not None and n not in contending:
                    contending.add(n)
                    its_base = self._kept_base(n)
                    per_base[its_base] += 1
                    todo += [its_base, slug]  # (its base again: one more may need a slug)
                elif slug not in given:
                    free += 1
                number += 1
        order = sorted([(kept.order[n], "kept", n) for n in contending]
                       + [(cluster[2], "new", number)
                          for number, cluster in enumerate(self.clusters)])
        taken = _Taken(kept_slugs, {kept.slugs[n] for n in contending})
        new_names: list[tuple[str, str]] = [("", "")] * len(self.clusters)
        renamed = {}
        for _order, kind, number in order:
            if kind == "kept":
                slug = free_slug(self._kept_base(number), taken)
                if slug != kept.slugs[number]:
                    renamed[number] = slug
            else:
                name, base = names[number]
                slug = free_slug(base, taken)
                new_names[number] = (name, slug)
            taken.assigned.add(slug)
        return new_names, renamed

    def _kept_base(self, n: int) -> str:
        """The slug a kept page would have without others before it."""
        partition = self.kept.partitions[n]
        if partition.startswith("\x1d"):  # a registry entry's page
            entry = self.router.registry.entries[int(partition[1:])]
            return entry.slug or slugify(entry.name)
        return slugify(self.kept.names[n])


class _Taken:
    """The slugs taken: the kept pages' (but those given theirs again), and those given."""

    def __init__(self, kept_slugs: dict[str, int], freed: set[str]):
        self.kept_slugs, self.freed, self.assigned = kept_slugs, freed, set()

    def __contains__(self, slug: str) -> bool:
        return slug in self.assigned or (slug in self.kept_slugs and slug not in self.freed)


def _input_of(cable: CableMeta) -> bytes:
    """A hash of what the merge reads of a cable: its persons' names and mentions (not their
    roles, nor their slugs, which the merge writes)."""
    persons = cable.persons
    return hashlib.blake2b(
        "\x1f".join((*persons[::PERSON_FIELDS], "\x1d", *persons[2::PERSON_FIELDS]))
        .encode("utf-8", "surrogatepass"), digest_size=_INPUT_BYTES).digest()


def _hash_at(inputs: bytes, rank: int) -> bytes:
    """The hash of the cable at `rank` among packed `_input_of` hashes."""
    return inputs[rank * _INPUT_BYTES:(rank + 1) * _INPUT_BYTES]


def _identity(cable: CableMeta) -> str:
    """What tells a cable from the others, and places it among them (`newest_first`)."""
    return f"{cable.reference_id}\x1f{cable.created}"


def _registry_hash(registry: Registry) -> str:
    return digest(repr((registry.entries, sorted(registry.not_people))))


def _token_inputs(cable: CableMeta) -> str:
    """What a person's token reads of a cable besides its people."""
    return f"{cable.record_key}\x1f{cable.digest}"


def _folders_hash(tag_folders: dict[str, str]) -> str:
    return digest(json.dumps(tag_folders, sort_keys=True))

"""The values the search page offers in its filters, written by the build as one small file
(`search/filters.json`).

Pagefind can list them too, but only by loading every bundle's filter files: ~25 MB at full
scale, with 1.2 million person names (synthetic corpus), more than any select list can hold.
The build knows every value already. The person filter is a text box; it suggests the names
found in the most cables.

A search with a person filter would still load every bundle of a split index (at full scale
16.7 s and 35.6 MB for `?person=Obama`): the build also writes where each name is found,
`search/people/N.json` ({name: [days of the cables naming it]}, cut into a power of two of
files by a CRC-32 of the name), and the search page merges only the bundles of those days.
"""

from __future__ import annotations

import heapq
import itertools
import sys
import zlib
from collections import Counter
from collections.abc import Callable

from sitegen.site.collections import Collections
from sitegen.site.urls import UNDATED

FILTERS_FILE = "search/filters.json"
PEOPLE_SUGGESTED = 1000
PEOPLE_FOLDER = "search/people/"
# Cables per file of the people table: ~1,200 names a file at full scale (1.2 million names,
# 251,287 cables, 1,024 files of ~65 kB, ~19 kB compressed): what a person search fetches first.
CABLES_PER_SHARD = 250


def filter_lists(collections: Collections, tag_meaning: Callable[[str], str]) -> dict:
    """{"tag": [[value, cables, meaning], ...], "origin": [[value, cables], ...], "year",
    "classification", "person"}: the values of the cable pages' search filters, with how
    many cables carry each."""
    def counted(groups: dict) -> list[list]:
        return [[value, len(cables)] for value, cables in groups.items()]

    return {
        "tag": [[tag, len(cables), tag_meaning(tag) or ""]
                for tag, cables in collections.tags.items()],
        "origin": counted(collections.origins),
        "year": [[year, len(cables)] for year, cables in reversed(collections.years.items())
                 if year != UNDATED],  # (an undated cable's page has no year filter)
        "classification": counted(collections.classifications),
        "person": most_named(collections, PEOPLE_SUGGESTED),
    }


def most_named(collections: Collections, count: int) -> list[list]:
    """The `count` person names found in the most cables, as [name, cables], most first
    (ties by name)."""
    cables_naming = Counter(itertools.chain.from_iterable(
        dict.fromkeys(cable.person_names()) for cable in collections.cables))
    # (Sorting only the names that can be among them: 0.1 s for the 1.2 million names of the
    # full release, 2 s for a heap keyed by a Python function.)
    least = min(heapq.nlargest(count, cables_naming.values()), default=0)
    top = sorted(((name, cables) for name, cables in cables_naming.items() if cables >= least),
                 key=lambda item: (-item[1], item[0]))[:count]
    return [[name, cables] for name, cables in top]


def shard_count(cables: int) -> int:
    """How many files the people table of a site of `cables` cables is cut into (a power of
    two)."""
    shards = 1
    while shards * CABLES_PER_SHARD < cables:
        shards *= 2
    return shards


def shard_of(name: str, shards: int) -> int:
    """The file of the people table holding a name: the CRC-32 of its UTF-8 bytes, as
    search.js computes it."""
    return zlib.crc32(name.encode("utf-8")) % shards


def days_naming(collections: Collections, shards: int) -> list[dict[str, list[str]]]:
    """The people table: for each of its `shards` files, {name: days}, the days ("2009-07-14",
    oldest first, "undated" before them) of the cables whose pages give the name to the person
    filter."""
    tables: list[dict[str, list[str]]] = [{} for _ in range(shards)]
    for cable in reversed(collections.cables):  # (oldest first, undated ones before them)
        # (interned: a few thousand days shared by millions of entries; "undated" as
        # sitegen.search labels the bundle of the undated cables' folder)
        day = sys.intern(cable.created[:10]) if cable.month else UNDATED
        for name in cable.person_names():
            table = tables[shard_of(name, shards)]
            days = table.get(name)
            if days is None:
                table[name] = [day]
            elif days[-1] is not day:
                days.append(day)
    return tables

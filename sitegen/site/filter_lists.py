"""The values the search page offers in its filters, written by the build as one small file
(`search/filters.json`).

Pagefind can list them too, but only by loading every bundle's filter files: ~25 MB at full
scale, with 1.2 million person names (synthetic corpus), more than any select list can hold.
The build knows every value already. The person filter is a text box; it suggests the names
found in the most cables.
"""

from __future__ import annotations

import heapq
import itertools
from collections import Counter
from collections.abc import Callable

from sitegen.site.collections import Collections

FILTERS_FILE = "search/filters.json"
PEOPLE_SUGGESTED = 1000


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
                 if year != "undated"],  # (an undated cable's page has no year filter)
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

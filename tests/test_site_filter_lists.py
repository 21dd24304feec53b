"""The search filters' values written by the build (search/filters.json): every value a cable
page gives Pagefind, with how many cables carry it; and the people table (search/people/N.json):
the days of the cables naming each person."""

from __future__ import annotations

import pytest

from sitegen.cable.glossary import tag_meaning
from sitegen.site.collections import CableMeta, build_collections
from sitegen.site.filter_lists import (
    days_naming,
    filter_lists,
    most_named,
    shard_count,
    shard_of,
)


def cable(ref: str, created: str, tags=(), origin="Embassy Astana", classification="SECRET",
          names=()) -> CableMeta:
    return CableMeta(ref, created, f"Subject of {ref}", origin, classification, tags=tags,
                     persons=[(name, "", name, "") for name in names])


CABLES = [
    cable("09ASTANA1182", "2009-07-14T09:57Z", ("PHUM", "KDEM", "KZ"), "Embassy Astana",
          "UNCLASSIFIED", ("Yevgeniy Zhovtis", "Ninel Fokina", "Zhovtis")),
    cable("09ASTANA1012", "2009-06-01T08:00Z", ("PREL", "KZ"), "Embassy Astana", "CONFIDENTIAL",
          ("Yevgeniy Zhovtis", "Nazarbayev")),
    cable("08STATE1", "2008-01-01T12:00Z", ("PHUM",), "Secretary of State", "SECRET",
          ("Nazarbayev",)),
    cable("66BERLIN2", "", ("PREL",), "Embassy Berlin", "", ("Nazarbayev",)),  # undated,
    # unclassified
]


def test_every_filter_lists_its_values_with_the_cables_carrying_each():
    lists = filter_lists(build_collections(CABLES), tag_meaning)
    assert lists["tag"] == [["KDEM", 1, "Democratization"], ["KZ", 2, "Kazakhstan"],
                            ["PHUM", 2, "Human Rights"],
                            ["PREL", 2, "External Political Relations"]]
    assert lists["origin"] == [["Embassy Astana", 2], ["Embassy Berlin", 1],
                               ["Secretary of State", 1]]
    assert lists["year"] == [["2009", 2], ["2008", 1]]  # newest first; an undated cable has none
    assert lists["classification"] == [["CONFIDENTIAL", 1], ["SECRET", 1], ["UNCLASSIFIED", 1]]
    assert lists["person"][:2] == [["Nazarbayev", 3], ["Yevgeniy Zhovtis", 2]]


def test_a_tag_without_a_known_meaning_has_an_empty_one():
    lists = filter_lists(build_collections([cable("09ASTANA1", "2009-01-01T00:00Z", ("XQZW",))]),
                         tag_meaning)
    assert lists["tag"] == [["XQZW", 1, ""]]


def test_the_people_suggested_are_those_named_in_the_most_cables():
    collections = build_collections(CABLES)
    # (A name twice in one cable counts once; ties go by name.)
    assert most_named(collections, 3) == [["Nazarbayev", 3], ["Yevgeniy Zhovtis", 2],
                                          ["Ninel Fokina", 1]]
    assert most_named(collections, 1) == [["Nazarbayev", 3]]
    assert most_named(build_collections([]), 5) == []


def test_the_people_table_gives_the_days_of_the_cables_naming_each_name():
    [table] = days_naming(build_collections(CABLES), 1)
    # Oldest first, an undated cable's "undated" before them (as its bundle comes first); a
    # day once however many of its cables name the person.
    assert table == {"Nazarbayev": ["undated", "2008-01-01", "2009-06-01"],
                     "Yevgeniy Zhovtis": ["2009-06-01", "2009-07-14"],
                     "Ninel Fokina": ["2009-07-14"], "Zhovtis": ["2009-07-14"]}
    more = [cable("09ASTANA1", "2009-07-14T18:00Z", names=("Zhovtis",)),
            cable("09ASTANA2", "2009-07-02T08:00Z", names=("Zhovtis",)), *CABLES]
    assert days_naming(build_collections(more), 1)[0]["Zhovtis"] == ["2009-07-02", "2009-07-14"]


def test_each_name_is_in_the_file_its_crc_points_to():
    tables = days_naming(build_collections(CABLES), 4)
    assert sum(map(len, tables)) == 4
    for number, table in enumerate(tables):
        assert all(shard_of(name, 4) == number for name in table)
    # The CRC-32 of the name's UTF-8 bytes, as search.js computes it: the standard's check value
    assert shard_of("123456789", 1 << 32) == 0xCBF43926


@pytest.mark.parametrize("cables, shards", [
    (0, 1), (1, 1), (250, 1), (251, 2), (1000, 4), (251_287, 1024),
])
def test_the_people_table_has_a_power_of_two_of_files_growing_with_the_cables(cables, shards):
    assert shard_count(cables) == shards

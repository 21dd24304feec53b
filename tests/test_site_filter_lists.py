"""The search filters' values written by the build (search/filters.json): every value a cable
page gives Pagefind, with how many cables carry it."""

from __future__ import annotations

from sitegen.cable.glossary import tag_meaning
from sitegen.site.collections import CableMeta, build_collections
from sitegen.site.filter_lists import filter_lists, most_named


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
    cable("66BERLIN2", "", ("PREL",), "Embassy Berlin", ""),  # undated, unclassified
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
    assert lists["person"][:2] == [["Nazarbayev", 2], ["Yevgeniy Zhovtis", 2]]


def test_a_tag_without_a_known_meaning_has_an_empty_one():
    lists = filter_lists(build_collections([cable("09ASTANA1", "2009-01-01T00:00Z", ("XQZW",))]),
                         tag_meaning)
    assert lists["tag"] == [["XQZW", 1, ""]]


def test_the_people_suggested_are_those_named_in_the_most_cables():
    collections = build_collections(CABLES)
    # (A name twice in one cable counts once; ties go by name.)
    assert most_named(collections, 3) == [["Nazarbayev", 2], ["Yevgeniy Zhovtis", 2],
                                          ["Ninel Fokina", 1]]
    assert most_named(collections, 1) == [["Nazarbayev", 2]]
    assert most_named(build_collections([]), 5) == []

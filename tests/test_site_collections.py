"""Indexes built from metadata: groups newest first, cited-by, neighbours by origin."""

from __future__ import annotations

import dataclasses
import json

from sitegen.site.collections import CableMeta, build_collections, per_year, top


def meta(ref, created, origin="Embassy Astana", tags=("PHUM",), refs=(), released="",
         classification="CONFIDENTIAL"):
    return CableMeta(reference_id=ref, created=created, subject=f"Subject of {ref}",
                     origin=origin, classification=classification, released=released,
                     tags=tuple(tags), references=tuple(refs))


CABLES = [
    meta("08ASTANA100", "2008-01-10T10:00Z", tags=("PHUM", "KZ")),
    meta("09ASTANA1012", "2009-06-01T08:00Z", tags=("PREL", "KZ"), released="2010-12-01"),
    meta("09ASTANA1182", "2009-07-14T09:57Z", refs=("09ASTANA1012", "08STATE1"),
         released="2010-11-30"),
    meta("09MOSCOW5", "2009-03-03T03:03Z", origin="Embassy Moscow", tags=("RS", "PHUM"),
         refs=("09ASTANA1012",), classification="SECRET"),
    meta("07ASTANA9", "", tags=()),
]


def test_groups_are_newest_first():
    c = build_collections(CABLES)
    assert [x.reference_id for x in c.cables][:3] == ["09ASTANA1182", "09ASTANA1012",
                                                      "09MOSCOW5"]
    assert [x.reference_id for x in c.tags["PHUM"]] == ["09ASTANA1182", "09MOSCOW5",
                                                        "08ASTANA100"]
    assert list(c.tags) == ["KZ", "PHUM", "PREL", "RS"]
    assert list(c.origins) == ["Embassy Astana", "Embassy Moscow"]
    assert [x.reference_id for x in c.classifications["SECRET"]] == ["09MOSCOW5"]
    assert [x.reference_id for x in c.months[("2009", "07")]] == ["09ASTANA1182"]
    assert [x.reference_id for x in c.years["undated"]] == ["07ASTANA9"]
    assert [x.reference_id for x in c.released] == ["09ASTANA1012", "09ASTANA1182"]


def test_cited_by_only_links_cables_in_the_corpus():
    c = build_collections(CABLES)
    assert [x.reference_id for x in c.cited_by["09ASTANA1012"]] == ["09ASTANA1182", "09MOSCOW5"]
    assert "08STATE1" not in c.cited_by


def test_neighbours_from_the_same_origin():
    c = build_collections(CABLES)
    older, newer = c.neighbours(c.by_reference["09ASTANA1012"])
    assert older.reference_id == "08ASTANA100" and newer.reference_id == "09ASTANA1182"
    assert c.neighbours(c.by_reference["09MOSCOW5"]) == (None, None)


def test_per_year_and_top():
    c = build_collections(CABLES)
    assert per_year(c.cables) == {"2008": 1, "2009": 3, "undated": 1}
    assert top(c.tags, 2) == [("PHUM", 3), ("KZ", 2)]


def test_meta_round_trip_and_digest_follows_what_is_shown():
    original = CABLES[2]
    copy = CableMeta.from_row(json.loads(json.dumps(original.to_row())))
    assert copy == original
    changed = meta("09ASTANA1182", "2009-07-14T09:57Z", refs=("09ASTANA1012",),
                   released="2010-11-30")
    assert changed.digest == original.digest  # references are not shown on listings
    renamed = dataclasses.replace(original, subject="New", digest="")
    assert renamed.digest != original.digest

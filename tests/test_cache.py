"""The build cache's streamed row files: what is written is read back, anything else is refused."""

from __future__ import annotations

import pytest

from sitegen.cache import Cache, CacheCorrupt

ROWS = [["762ef0e4", ["09ASTANA1182", "2009-07-14T09:57Z", ["PHUM", "KZ"]], []],
        ["1b2c3d4e", ["66BERLIN6", "", []], ["no subject line found"]]]


def test_rows_are_read_back_in_order(tmp_path):
    cache = Cache(tmp_path)
    cache.save_rows("index.jsonl", "v1", iter(ROWS))
    assert list(cache.load_rows("index.jsonl", "v1")) == ROWS


@pytest.mark.parametrize("version", ["v2", ""])
def test_rows_of_another_version_are_not_read(tmp_path, version):
    cache = Cache(tmp_path)
    cache.save_rows("index.jsonl", "v1", ROWS)
    assert list(cache.load_rows("index.jsonl", version)) == []


def test_a_missing_file_has_no_rows(tmp_path):
    assert list(Cache(tmp_path).load_rows("index.jsonl", "v1")) == []


@pytest.mark.parametrize("damage", ['{"not": "a row"}', "[1, 2", "\udcff"])
def test_a_damaged_row_is_detected(tmp_path, damage):
    cache = Cache(tmp_path)
    cache.save_rows("index.jsonl", "v1", ROWS)
    path = tmp_path / "index.jsonl"
    path.write_bytes(path.read_bytes() + damage.encode("utf-8", "surrogateescape") + b"\n")
    with pytest.raises(CacheCorrupt, match="index.jsonl"):
        list(cache.load_rows("index.jsonl", "v1"))


def test_staged_rows_are_put_in_place_only_when_committed(tmp_path):
    cache = Cache(tmp_path)
    cache.save_rows("pages.jsonl", "v", [["page", "a/", "1"]])
    with cache.staged_rows("pages.jsonl", "v") as write:
        write(["page", "b/", "2"])
        write(["other", "b.txt"])
    assert list(cache.load_rows("pages.jsonl", "v")) == [["page", "a/", "1"]]
    cache.commit("pages.jsonl")
    assert list(cache.load_rows("pages.jsonl", "v")) == [["page", "b/", "2"], ["other", "b.txt"]]

"""Pagination of listings."""

from __future__ import annotations

import pytest

from sitegen.site.paginate import paginate


@pytest.mark.parametrize("count, per_page, sizes", [
    (0, 100, [0]), (1, 100, [1]), (100, 100, [100]), (101, 100, [100, 1]), (5, 2, [2, 2, 1]),
])
def test_page_sizes(count, per_page, sizes):
    pages = paginate(list(range(count)), per_page, "tag/X/")
    assert [len(p.items) for p in pages] == sizes
    assert [p.count for p in pages] == [len(sizes)] * len(sizes)


def test_page_paths_and_links():
    first, second, third = paginate(list(range(5)), 2, "tag/X/")
    assert (first.path, second.path, third.path) == ("tag/X/", "tag/X/page/2/", "tag/X/page/3/")
    assert first.previous_path is None and first.next_path == "tag/X/page/2/"
    assert second.previous_path == "tag/X/" and third.next_path is None

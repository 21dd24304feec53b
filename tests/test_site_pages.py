"""Index page specs: the count the progress bar is given is the number of pages made."""

from __future__ import annotations

import dataclasses

import pytest

from sitegen.cable import glossary
from sitegen.config import SiteConfig
from sitegen.site.collections import build_collections
from sitegen.site.pages import folders_for, index_page_count, index_pages
from tests.test_site_collections import CABLES, meta

MANY = CABLES + [meta(f"09MOSCOW{n}", f"2009-03-{n % 28 + 1:02d}T03:03Z",
                      origin="Embassy Moscow", tags=("RS",)) for n in range(10, 17)]


@pytest.mark.parametrize("per_page", [1, 2, 3, 100])
@pytest.mark.parametrize("cables", [CABLES, MANY, []], ids=["five", "twelve", "none"])
def test_index_page_count_is_the_number_of_pages_made(per_page, cables):
    collections = build_collections(cables)
    config = dataclasses.replace(SiteConfig(), per_page=per_page)
    made = list(index_pages(collections, config, folders_for(collections),
                            glossary.tag_meaning, glossary.tag_kind))
    assert index_page_count(collections, config) == len(made)
    assert len({spec.path for spec in made}) == len(made)

"""Sitemaps: one file up to the limit, an index over numbered parts beyond it."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from sitegen.config import SiteConfig
from sitegen.site.sitemap import LIMIT, sitemaps

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
CONFIG = SiteConfig(base_url="https://example.org/")


def test_small_site_has_one_sitemap():
    files = dict(sitemaps(CONFIG, ["", "tag/PHUM/"]))
    assert list(files) == ["sitemap.xml"]
    locs = [e.text for e in ET.fromstring(files["sitemap.xml"]).iter(f"{NS}loc")]
    assert locs == ["https://example.org/", "https://example.org/tag/PHUM/"]


def test_over_the_limit_becomes_an_index():
    assert LIMIT == 50_000
    files = dict(sitemaps(CONFIG, [f"p{n}/" for n in range(7)], limit=3))
    assert sorted(files) == ["sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml", "sitemap.xml"]
    index = ET.fromstring(files["sitemap.xml"])
    assert index.tag == f"{NS}sitemapindex"
    assert [e.text for e in index.iter(f"{NS}loc")][-1] == "https://example.org/sitemap-3.xml"
    parts = [len(list(ET.fromstring(files[f"sitemap-{n}.xml"]).iter(f"{NS}url")))
             for n in (1, 2, 3)]
    assert parts == [3, 3, 1]

"""sitemap.xml: one file up to 50,000 URLs, beyond that a sitemap index over numbered parts.

The sitemaps protocol allows at most 50,000 URLs per file; `sitemap.xml` stays the entry point
in both cases, so robots.txt never changes.
"""

from __future__ import annotations

from collections.abc import Iterator
from xml.sax.saxutils import escape

from sitegen.config import SiteConfig

LIMIT = 50_000


def sitemaps(config: SiteConfig, paths: list[str], limit: int = LIMIT
             ) -> Iterator[tuple[str, str]]:
    """(file name, XML) for the site paths given (in a stable order), one file at a time:
    at full scale the parts hold over a million URLs, too much to have as text at once."""
    if len(paths) <= limit:
        yield "sitemap.xml", _urlset(config, paths)
        return
    names = []
    for number, start in enumerate(range(0, len(paths), limit), 1):
        names.append(f"sitemap-{number}.xml")
        yield names[-1], _urlset(config, paths[start:start + limit])
    index = ['<?xml version="1.0" encoding="utf-8"?>',
             '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    index += [f"  <sitemap><loc>{escape(config.absolute(name))}</loc></sitemap>"
              for name in names]
    index.append("</sitemapindex>")
    yield "sitemap.xml", "\n".join(index) + "\n"


def _urlset(config: SiteConfig, paths: list[str]) -> str:
    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    lines += [f"  <url><loc>{escape(config.absolute(path))}</loc></url>" for path in paths]
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"

"""sitemap.xml: one file up to 50,000 URLs, beyond that a sitemap index over numbered parts.

The sitemaps protocol allows at most 50,000 URLs per file; `sitemap.xml` stays the entry point
in both cases, so robots.txt never changes.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from sitegen.config import SiteConfig

LIMIT = 50_000


def sitemaps(config: SiteConfig, paths: list[str], limit: int = LIMIT) -> dict[str, str]:
    """{file name: XML} for the site paths given (in a stable order)."""
    urls = [config.absolute(path) for path in paths]
    if len(urls) <= limit:
        return {"sitemap.xml": _urlset(urls)}
    files = {}
    for number, start in enumerate(range(0, len(urls), limit), 1):
        files[f"sitemap-{number}.xml"] = _urlset(urls[start:start + limit])
    index = ['<?xml version="1.0" encoding="utf-8"?>',
             '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    index += [f"  <sitemap><loc>{escape(config.absolute(name))}</loc></sitemap>"
              for name in files]
    index.append("</sitemapindex>")
    files["sitemap.xml"] = "\n".join(index) + "\n"
    return files


def _urlset(urls: list[str]) -> str:
    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    lines += [f"  <url><loc>{escape(url)}</loc></url>" for url in urls]
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"

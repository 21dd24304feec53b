"""The built demo site as a whole: links resolve, HTML5 parses, every word of every cable shows."""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import html5lib
import pytest
from pagetext import in_order, visible_text, words

from sitegen.site import urls

ROOT = Path(__file__).resolve().parent.parent
LINKING = {("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"),
           ("form", "action"), ("source", "src")}


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if (tag, name) in LINKING and value is not None:
                self.links.append(value)
            if name == "id" and value:
                self.ids.append(value)


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def read_page(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def test_demo_has_its_cables(demo_site):
    assert len(list((demo_site / "cable").rglob("*.html"))) >= 40


def test_every_internal_link_and_asset_resolves(demo_site):
    ids = {}
    broken = []
    for path in pages(demo_site):
        page = read_page(path)
        ids[path] = set(page.ids)
        site_path = "/" + path.relative_to(demo_site).as_posix()
        for link in page.links:
            parts = urlsplit(urljoin(site_path, link))
            if parts.scheme or parts.netloc or link.startswith(("mailto:", "data:")):
                continue
            target = demo_site / unquote(parts.path).lstrip("/")
            if parts.path.endswith("/"):
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{site_path}: {link}")
            elif parts.fragment and target.suffix == ".html":
                target_ids = ids.get(target) or set(read_page(target).ids)
                if parts.fragment not in target_ids:
                    broken.append(f"{site_path}: {link} (no such anchor)")
    assert broken == [], broken[:20]


def test_no_page_repeats_an_id(demo_site):
    for path in pages(demo_site):
        repeated = [i for i, n in Counter(read_page(path).ids).items() if n > 1]
        assert repeated == [], path


def test_every_page_parses_as_html5_without_errors(demo_site):
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    for path in pages(demo_site):
        try:
            parser.parse(path.read_bytes())
        except html5lib.html5parser.ParseError as error:
            pytest.fail(f"{path.relative_to(demo_site)}: {error}")


def demo_cables():
    from sitegen.cable.parse import apply_metadata, parse_cable
    from sitegen.sources import read_sources

    for record in read_sources([ROOT / "content" / "cables"]):
        if hasattr(record, "text"):
            cable = parse_cable(record.text, record.metadata.get("reference_id"))
            yield apply_metadata(cable, record.metadata)


def test_every_word_of_every_cable_body_is_on_its_page_in_order(demo_site):
    checked = 0
    for cable in demo_cables():
        page = demo_site / urls.cable_path(cable.reference_id, cable.created)
        body = words(cable.body)
        shown = words(visible_text(page.read_text(encoding="utf-8")))
        assert in_order(body, shown) == len(body), f"{cable.reference_id}: words missing"
        checked += 1
    assert checked >= 40

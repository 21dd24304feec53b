"""`sitegen check`: a site with one of each kind of trouble, a clean site, and the link
checker on a hand-made site under a base path."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sitegen.check import broken_links, check_site

ROOT = Path(__file__).resolve().parent.parent


def troubled_content(folder: Path) -> Path:
    """Three real cables, then: a duplicate, a cable without SUBJECT line, a tag nobody knows,
    a page with broken links, and a registry entry matching no one."""
    content = folder / "content"
    cables = content / "cables"
    cables.mkdir(parents=True)
    for name in ("08OSLO461.txt", "09ASTANA1182.txt", "09STATE63812.txt"):
        shutil.copy(ROOT / "content/cables" / name, cables / name)
    shutil.copy(cables / "08OSLO461.txt", cables / "08OSLO461-copy.txt")
    state, astana = cables / "09STATE63812.txt", cables / "09ASTANA1182.txt"
    state.write_text(state.read_text(encoding="utf-8").replace("SUBJECT: KUDOS", "KUDOS"),
                     encoding="utf-8")
    astana.write_text(astana.read_text(encoding="utf-8").replace("[KZ](#)", "[KZ](#) QQZX"),
                      encoding="utf-8")
    shutil.copytree(ROOT / "content/pages", content / "pages")
    (content / "pages" / "links.md").write_text(
        "# Links\n\n[gone](/no/such/page/), [anchor](/about/#no-such-part), "
        "[fine](/cable/2008/08/08OSLO461.html#par2), [elsewhere](https://example.org/x)\n")
    (content / "people.toml").write_text(
        '[[person]]\nname = "Oyvind Christophersen"\n\n'
        '[[person]]\nname = "Zebulon Nobodyson"\n')
    (content / "site.toml").write_text('title = "Check test"\n')
    return content


def run_check(tmp_path, content, capsys) -> tuple[int, dict[str, list[str]]]:
    status = check_site(content, tmp_path / "public", jobs=1, search=False,
                        cache_dir=tmp_path / "cache")
    groups, current = {}, None
    for line in capsys.readouterr().out.splitlines():
        if line[:2] in ("✗ ", "✓ ", "· "):
            current = line[2:].split(":")[0]
            groups[current] = [line]
        elif current:
            groups[current].append(line)
    return status, groups


def test_every_kind_of_trouble_is_found_and_grouped(tmp_path, capsys):
    status, groups = run_check(tmp_path, troubled_content(tmp_path), capsys)
    assert status == 1
    shown = {title: "\n".join(lines) for title, lines in groups.items()}

    assert shown["duplicate reference ids"].startswith("✗ duplicate reference ids: 1")
    assert "08OSLO461.txt" in shown["duplicate reference ids"]

    warnings = groups["warnings"]
    assert warnings[0].startswith("✗ warnings:")
    assert any(line.strip().endswith("cables/09STATE63812.txt") for line in warnings)
    assert any("SUBJECT" in line for line in warnings)

    links = shown["broken internal links"]
    assert links.startswith("✗ broken internal links: 2")
    assert "/links/index.html: /no/such/page/ (no such file)" in links
    assert "/about/#no-such-part (no element with id 'no-such-part')" in links

    assert shown["tags without a meaning"].startswith("✗ tags without a meaning: 1")
    assert "QQZX (1 cable, e.g. " in shown["tags without a meaning"]

    people = shown["people registry entries that match no one"]
    assert people.startswith("✗ people registry entries that match no one: 1")
    assert "people.toml:5: 'Zebulon Nobodyson'" in people and "Christophersen" not in people

    cited = shown["cited cables not in the corpus"]
    assert cited.startswith("· cited cables not in the corpus:")  # counted, never failing
    assert "08STATE82698 (cited by 1)" in cited

    assert shown["cables without a page"].startswith("✓ cables without a page: 0")


def test_a_clean_site_passes(tmp_path, capsys):
    content = tmp_path / "content"
    (content / "cables").mkdir(parents=True)
    shutil.copy(ROOT / "content/cables/08OSLO461.txt", content / "cables")
    shutil.copytree(ROOT / "content/pages", content / "pages")
    status, groups = run_check(tmp_path, content, capsys)
    assert status == 0, groups
    assert all(lines[0][0] in "✓·" for lines in groups.values())


def test_top_limits_the_lines_of_a_group(tmp_path, capsys):
    content = troubled_content(tmp_path)
    check_site(content, tmp_path / "public", jobs=1, search=False, cache_dir=tmp_path / "cache",
               top=1)
    output = capsys.readouterr().out
    assert "... and 1 more" in output  # two broken links, one shown


# --- the link checker -------------------------------------------------------------------------


def page(site: Path, path: str, html: str) -> None:
    target = site / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(f"<!doctype html><html><body>{html}</body></html>", encoding="utf-8")


@pytest.mark.parametrize("link, reason", [
    ("/cables/tag/PHUM/", ""),
    ("/cables/tag/PHUM", ""),  # a folder: served as its index.html
    ("../tag/PHUM/index.html#list", ""),
    ("/cables/tag/PHUM/#nowhere", "no element with id 'nowhere'"),
    ("/cables/assets/style.css", ""),
    ("/cables/assets/missing.css", "no such file"),
    ("/tag/PHUM/", "outside the site's base path /cables/"),
    ("https://example.org/cables/tag/PHUM/", ""),  # the site's own absolute address
    ("https://example.org/cables/tag/KDEM/", "no such file"),
    ("https://wikileaks.org/cable/2009/07/09ASTANA1182.html", ""),  # another site
    ("mailto:editor@example.org", ""),
    ("#top", ""),
    ("#bottom", "no element with id 'bottom'"),
    ("/cables/tag/PHUM/?page=2", ""),
    ("/cables/tag/PH%55M/", ""),
])
def test_broken_links(tmp_path, link, reason):
    site = tmp_path / "public"
    page(site, "tag/PHUM/index.html", '<ul id="list"></ul>')
    (site / "assets").mkdir()
    (site / "assets" / "style.css").write_text("")
    page(site, "cable/index.html", f'<a id="top" href="{link}">x</a>')
    found = [b for b in broken_links(site, "/cables/", "https://example.org/cables/")
             if b.page == "cable/index.html"]
    assert [b.reason for b in found] == ([reason] if reason else [])


def test_links_in_feeds_and_sitemaps_are_checked(tmp_path):
    site = tmp_path / "public"
    page(site, "index.html", "")
    (site / "sitemap.xml").write_text(
        "<urlset><url><loc>https://example.org/</loc></url>"
        "<url><loc>https://example.org/gone.html</loc></url></urlset>")
    found = broken_links(site, "/", "https://example.org/")
    assert [(b.page, b.link) for b in found] == [("sitemap.xml", "https://example.org/gone.html")]

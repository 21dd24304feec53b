"""`build_site`: every cable a page or a reported problem, safe output, atomic and incremental."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from pagetext import visible_text

from sitegen.build import BuildOptions, build_site
from sitegen.errors import SitegenError

ASTANA = """---
reference_id: 09ASTANA1182
created: 2009-07-14 09:57
released: 2010-11-30 16:04
origin: Embassy Astana
classification: UNCLASSIFIED//FOR OFFICIAL USE ONLY
tags: [PHUM, PREL, KZ]
subject: "KAZAKHSTAN: CIVIL SOCIETY DISAPPOINTED"
references: [09ASTANA1012]
---
UNCLAS ASTANA 001182

SENSITIVE
SIPDIS

E.O. 12958: N/A
TAGS: PHUM PREL KZ
SUBJECT: KAZAKHSTAN: CIVIL SOCIETY DISAPPOINTED

REF: 09ASTANA 1012

1. (SBU) SUMMARY: Activists briefed diplomats. END SUMMARY.

2. (SBU) Zhovtis asserted that little progress has been made.

HOAGLAND
"""

EARLIER = """---
reference_id: 09ASTANA1012
created: 2009-06-01 08:00
origin: Embassy Astana
classification: CONFIDENTIAL
tags: [PHUM, KZ]
subject: "KAZAKHSTAN: AN EARLIER CABLE"
---
C O N F I D E N T I A L ASTANA 001012

1. (C) The earlier cable says little.
"""

HOSTILE = """---
reference_id: 08PARIS123
created: 2008-02-02 02:02
origin: "<Embassy> {{ 7*7 }}"
classification: SECRET
tags: ["../../x", "<b>"]
subject: "<script>alert(1)</script> {{ 7*7 }} {% raw %}"
---
S E C R E T

1. (S) <script>alert(2)</script> [x](javascript:alert(3)) {{ 7*7 }} *a* # x
"""

DUPLICATE = ASTANA.replace("CIVIL SOCIETY DISAPPOINTED\"", "A SECOND COPY\"")
BROKEN = "---\nreference_id: 09BROKEN1\ncreated: 2009-01-01\n\nno closing fence\n"
ESCAPING = HOSTILE.replace("08PARIS123", "../../evil")  # an id that would climb out


def make_content(root: Path, per_page: int = 100) -> Path:
    content = root / "content"
    cables = content / "cables"
    cables.mkdir(parents=True)
    (content / "site.toml").write_text(f'title = "Test cables"\nper_page = {per_page}\n'
                                       'base_url = "https://example.org/"\n')
    for name, text in [("09ASTANA1182.txt", ASTANA), ("09ASTANA1012.txt", EARLIER),
                       ("hostile.txt", HOSTILE), ("zz-duplicate.txt", DUPLICATE),
                       ("broken.txt", BROKEN), ("escaping.txt", ESCAPING)]:
        (cables / name).write_text(text, encoding="utf-8")
    (content / "pages").mkdir()
    (content / "pages" / "about.md").write_text("# About\n\nA <b>test</b> page.\n")
    return content


def build(root: Path, out: str = "public", cache: str = "cache", **options):
    options.setdefault("jobs", 1)
    options.setdefault("search", False)
    options.setdefault("quiet", True)
    return build_site(BuildOptions(content=root / "content", out=root / out,
                                   cache_dir=root / cache, **options))


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("site")
    make_content(root, per_page=1)
    report = build(root)
    return root, root / "public", report


def test_every_cable_is_a_page_or_a_problem(site):
    _, out, report = site
    assert report.cables == 3
    for path in ["cable/2009/07/09ASTANA1182.html", "cable/2009/06/09ASTANA1012.html",
                 "cable/2008/02/08PARIS123.html"]:
        assert (out / path).is_file(), path
    reasons = {Path(p.location).name.split(":")[0]: p.reason for p in report.problems}
    assert set(reasons) == {"zz-duplicate.txt", "broken.txt", "escaping.txt"}
    assert "duplicate reference id 09ASTANA1182" in reasons["zz-duplicate.txt"]
    assert "09ASTANA1182.txt" in reasons["zz-duplicate.txt"]  # names the copy that was kept
    assert "never closed" in reasons["broken.txt"]
    assert "no reference id" in reasons["escaping.txt"]
    saved = json.loads(Path(report.path).read_text())
    assert len(saved["problems"]) == 3 and saved["cables"] == 3
    assert "A SECOND COPY" not in (out / "cable/2009/07/09ASTANA1182.html").read_text()


def test_original_text_is_downloadable_beside_the_page(site):
    _, out, _ = site
    text = (out / "cable/2009/07/09ASTANA1182.txt").read_text()
    assert "UNCLAS ASTANA 001182" in text and "Zhovtis asserted" in text
    assert 'href="/cable/2009/07/09ASTANA1182.txt"' in (
        out / "cable/2009/07/09ASTANA1182.html").read_text()


def test_references_cited_by_and_neighbours(site):
    _, out, _ = site
    page = (out / "cable/2009/07/09ASTANA1182.html").read_text()
    cited = (out / "cable/2009/06/09ASTANA1012.html").read_text()
    assert page.count('href="/cable/2009/06/09ASTANA1012.html"') >= 3  # body, References, prev
    assert 'rel="prev" href="/cable/2009/06/09ASTANA1012.html"' in page
    assert 'href="/cable/2009/07/09ASTANA1182.html"' in cited.split("Cited by")[1]
    assert 'rel="next" href="/cable/2009/07/09ASTANA1182.html"' in cited


def test_hostile_values_stay_text_and_inside_the_output(site):
    root, out, _ = site
    page = (out / "cable/2008/02/08PARIS123.html").read_text()
    assert "<script" not in page and 'href="javascript' not in page
    text = visible_text(page)
    assert "<script>alert(1)</script> {{ 7*7 }}" in text
    assert "<script>alert(2)</script> [x](javascript:alert(3)) {{ 7*7 }} *a* # x" in text
    assert " 49 " not in text
    outside = [p for p in root.rglob("*") if p.is_file()
               and not p.is_relative_to(out) and not p.is_relative_to(root / "cache")
               and not p.is_relative_to(root / "content")]
    assert outside == []


def test_index_pages_and_site_files(site):
    _, out, _ = site
    for path in ["index.html", "tag/index.html", "tag/PHUM/index.html",
                 "tag/PHUM/page/2/index.html", "origin/index.html",
                 "origin/embassy-astana/index.html", "date/index.html", "date/2009/index.html",
                 "date/2009/07/index.html", "classification/index.html",
                 "classification/confidential/index.html", "released/index.html",
                 "about/index.html", "404.html", "robots.txt", "sitemap.xml", "feed.xml"]:
        assert (out / path).is_file(), path
    assert not (out / "tag/PHUM/page/3/index.html").exists()  # two PHUM cables, one per page
    assert "<svg" in (out / "tag/PHUM/index.html").read_text()
    assert "&lt;b&gt;test&lt;/b&gt;" in (out / "about/index.html").read_text()
    assert len(list((out / "assets").glob("style.*.css"))) == 1
    assert "Sitemap: https://example.org/sitemap.xml" in (out / "robots.txt").read_text()


def test_failed_build_leaves_the_previous_site_untouched(tmp_path):
    content = make_content(tmp_path)
    build(tmp_path)
    before = tree(tmp_path / "public")
    (content / "templates").mkdir()
    (content / "templates" / "cable.html").write_text("{{ no_such_value.x }}")
    with pytest.raises(Exception, match="no_such_value"):
        build(tmp_path)
    assert tree(tmp_path / "public") == before
    assert not (tmp_path / ".public.staging").exists()


def test_strict_fails_on_problems_and_keeps_the_previous_site(tmp_path):
    make_content(tmp_path)
    build(tmp_path)
    before = tree(tmp_path / "public")
    with pytest.raises(SitegenError, match="--strict"):
        build(tmp_path, strict=True)
    assert tree(tmp_path / "public") == before


def test_template_override_in_content_templates(tmp_path):
    content = make_content(tmp_path)
    (content / "templates").mkdir()
    (content / "templates" / "404.html").write_text(
        '{% extends "base.html" %}{% block main %}<p>Custom lost page</p>{% endblock %}')
    build(tmp_path)
    assert "Custom lost page" in (tmp_path / "public/404.html").read_text()


def test_rebuild_with_nothing_changed_writes_nothing(tmp_path):
    make_content(tmp_path)
    build(tmp_path)
    inode = os.stat(tmp_path / "public/cable/2009/07/09ASTANA1182.html").st_ino
    report = build(tmp_path)
    assert report.read == 0 and report.parsed == 0 and report.written == 0
    assert report.reused > 10
    assert len(report.problems) == 3  # the broken files are reported again, unread
    assert os.stat(tmp_path / "public/cable/2009/07/09ASTANA1182.html").st_ino == inode


def test_unchanged_inputs_skip_the_build_but_any_change_is_noticed(tmp_path):
    content = make_content(tmp_path)
    build(tmp_path)
    files = tree(tmp_path / "public")
    again = build(tmp_path)
    assert set(again.seconds) == {"parse"}  # nothing rendered, published or indexed
    assert again.reused == len(files) and again.cables == 3 and again.pages > 10
    assert len(again.problems) == 3 and again.warnings == build(tmp_path).warnings

    page = tmp_path / "public/cable/2009/07/09ASTANA1182.html"
    page.unlink()  # a file of the site went missing: the build puts it back
    assert build(tmp_path).written == 1 and page.read_bytes() == files[str(page.relative_to(
        tmp_path / "public"))]
    # (looked for in another process while the people are merged: a page in a folder of
    # its own, a cable text and the feed gone, and the registry changed so that pages are
    # made again)
    gone = [tmp_path / "public/person/top/index.html", page.with_suffix(".txt"),
            tmp_path / "public/feed.xml"]
    for file in gone:
        file.unlink()
    (content / "people.toml").write_text("# none yet\n")
    assert build(tmp_path, jobs=2).written == len(gone)
    assert all(file.read_bytes() == files[str(file.relative_to(tmp_path / "public"))]
               for file in gone)
    (content / "pages/about.md").write_text("# About\n\nRewritten.\n")
    assert build(tmp_path).written >= 1
    assert "Rewritten." in (tmp_path / "public/about/index.html").read_text()
    (content / "people.toml").write_text('[not_people]\nnames = ["Hoagland"]\n')
    assert "render" in build(tmp_path).seconds  # the registry changed: people merged again
    assert set(build(tmp_path).seconds) == {"parse"}


def test_incremental_build_is_byte_identical_to_a_clean_build(tmp_path):
    content = make_content(tmp_path)
    build(tmp_path)
    cable = content / "cables/09ASTANA1012.txt"
    cable.write_text(EARLIER.replace("AN EARLIER CABLE", "A RENAMED CABLE"))
    report = build(tmp_path)
    assert report.read == 1 and report.parsed == 1
    assert 0 < report.written < report.reused
    citing = (tmp_path / "public/cable/2009/07/09ASTANA1182.html").read_text()
    assert "A RENAMED CABLE" in citing  # its References and prev link show the new subject
    clean = build(tmp_path, out="clean", cache="clean-cache")
    assert clean.parsed == 5  # the duplicate and the id-less cable too, then reported
    assert tree(tmp_path / "public") == tree(tmp_path / "clean")


def test_people_are_merged_again_only_when_what_the_merge_reads_changed(tmp_path):
    content = make_content(tmp_path)
    build(tmp_path)
    kept = tmp_path / "cache/people.bin"
    first = kept.stat().st_ino
    cable = content / "cables/09ASTANA1012.txt"
    cable.write_text(EARLIER.replace("AN EARLIER CABLE", "A RENAMED CABLE"))  # no name
    assert build(tmp_path).parsed == 1
    assert kept.stat().st_ino == first  # the last merge taken back, not written again
    build(tmp_path, out="clean", cache="clean-cache")
    assert tree(tmp_path / "public") == tree(tmp_path / "clean")

    kept.write_bytes(kept.read_bytes()[:-8] + b"damaged!")  # never trusted: merged again
    cable.write_text(EARLIER.replace("AN EARLIER CABLE", "A THIRD SUBJECT"))
    assert build(tmp_path).parsed == 1
    assert kept.stat().st_ino != first
    shutil.rmtree(tmp_path / "clean")
    shutil.rmtree(tmp_path / "clean-cache")
    build(tmp_path, out="clean", cache="clean-cache")
    assert tree(tmp_path / "public") == tree(tmp_path / "clean")


def test_person_pages_follow_an_edited_cable(tmp_path):
    """Adding a person to a cable, then removing them: their page lists the cable, then no
    longer does (and goes when no cable names them); each rebuild equals a clean build."""
    from sitegen.site.person_pages import person_folder

    content = make_content(tmp_path)
    build(tmp_path)
    earlier, astana = content / "cables/09ASTANA1012.txt", content / "cables/09ASTANA1182.txt"
    visit = "Ambassador Zebulon Quartermaine called on the minister. "
    page = tmp_path / "public" / person_folder("zebulon-quartermaine") / "index.html"
    assert not page.exists()

    def rebuild_and_compare(step: str) -> str:
        report = build(tmp_path)
        assert report.parsed == 1, step
        shutil.rmtree(tmp_path / "clean", ignore_errors=True)
        shutil.rmtree(tmp_path / "clean-cache", ignore_errors=True)
        build(tmp_path, out="clean", cache="clean-cache")
        assert tree(tmp_path / "public") == tree(tmp_path / "clean"), step
        return page.read_text() if page.exists() else ""

    earlier.write_text(EARLIER.replace("1. (C) ", "1. (C) " + visit))
    listed = rebuild_and_compare("added to 09ASTANA1012")
    assert "09ASTANA1012" in listed and "09ASTANA1182" not in listed
    assert "called on the minister" in listed  # the sentence naming him
    cable_page = (tmp_path / "public/cable/2009/06/09ASTANA1012.html").read_text()
    assert person_folder("zebulon-quartermaine") in cable_page

    astana.write_text(ASTANA.replace("2. (SBU) ", "2. (SBU) " + visit))
    listed = rebuild_and_compare("added to 09ASTANA1182 too")
    assert "09ASTANA1012" in listed and "09ASTANA1182" in listed

    earlier.write_text(EARLIER)
    listed = rebuild_and_compare("removed from 09ASTANA1012")
    assert "09ASTANA1182" in listed and "09ASTANA1012" not in listed
    cable_page = (tmp_path / "public/cable/2009/06/09ASTANA1012.html").read_text()
    assert "zebulon" not in cable_page.lower()

    astana.write_text(ASTANA)
    assert rebuild_and_compare("removed from both") == ""  # no cable names him: no page
    index = (tmp_path / "public/person/index.html").read_text()
    assert "Quartermaine" not in index


def test_a_new_cable_renames_people_on_the_pages_of_others(tmp_path):
    """Quartermaine's page lists the people named with him. A new cable, which does not
    name him, gives Ninel Fokina a fuller name (and page): his page follows."""
    from sitegen.site.person_pages import person_folder

    content = make_content(tmp_path)
    (content / "cables/09ASTANA1012.txt").write_text(EARLIER.replace(
        "1. (C) ", "1. (C) Ambassador Zebulon Quartermaine met Dr. Ninel Fokina in Astana. "))
    build(tmp_path)
    his = tmp_path / "public" / person_folder("zebulon-quartermaine") / "index.html"
    assert person_folder("ninel-fokina") in his.read_text()
    kept = (tmp_path / "cache/people.bin").stat().st_ino
    added = content / "cables/09ASTANA1013.txt"
    added.write_text(EARLIER.replace("09ASTANA1012", "09ASTANA1013").replace(
        "1. (C) ", "1. (C) The embassy met Dr. Ninel A. Fokina on Tuesday. "))
    report = build(tmp_path)
    assert report.parsed == 1
    page = his.read_text()
    assert "Ninel A. Fokina" in page and person_folder("ninel-a-fokina") in page
    assert person_folder("ninel-fokina") not in page
    build(tmp_path, out="clean", cache="clean-cache")
    assert tree(tmp_path / "public") == tree(tmp_path / "clean")

    added.unlink()  # and gone again: his page is as it was
    build(tmp_path)
    assert person_folder("ninel-fokina") in his.read_text()
    assert (tmp_path / "cache/people.bin").stat().st_ino == kept  # (merged again in part)
    shutil.rmtree(tmp_path / "clean")
    shutil.rmtree(tmp_path / "clean-cache")
    build(tmp_path, out="clean", cache="clean-cache")
    assert tree(tmp_path / "public") == tree(tmp_path / "clean")


def test_theme_or_config_change_rerenders_pages(tmp_path):
    content = make_content(tmp_path)
    build(tmp_path)
    (content / "site.toml").write_text('title = "Renamed site"\n')
    report = build(tmp_path)
    assert report.parsed == 0  # parsing does not depend on the theme
    assert "Renamed site" in (tmp_path / "public/cable/2009/07/09ASTANA1182.html").read_text()


@pytest.mark.parametrize("damage", ["records", "sentences", "index", "manifest"])
def test_damaged_cache_is_detected_and_rebuilt(tmp_path, damage):
    content = make_content(tmp_path)
    (content / "cables/09ASTANA1012.txt").write_text(  # a person page reads the sentences
        EARLIER.replace("1. (C) ", "1. (C) Ambassador Zebulon Quartermaine called. "))
    build(tmp_path)
    if damage in ("records", "sentences"):
        suffix = ".rec" if damage == "records" else ".say"
        files = list((tmp_path / "cache/records").rglob("*" + suffix))
        assert files
        for record in files:
            record.write_bytes(record.read_bytes()[:-20] + b"garbage, not zlib")
    elif damage == "index":
        (tmp_path / "cache/index.jsonl").write_text("[2, \"x\"]\n{not json")
    else:  # its version line kept, a row still JSON but cut short
        manifest = tmp_path / "cache/pages.jsonl"
        manifest.write_text(manifest.read_text().splitlines()[0] + '\n["page", "a/"]\n')
    (content / "site.toml").write_text('title = "Again"\n')  # every page must be rendered
    report = build(tmp_path)
    assert report.cables == 3 and report.parsed == 5
    page = (tmp_path / "public/cable/2009/07/09ASTANA1182.html").read_text()
    assert "Zhovtis" in page and "Again" in page


@pytest.mark.parametrize("in_process", [0, 64])
def test_parallel_build_matches_a_single_process_build(tmp_path, monkeypatch, in_process):
    """With render workers (in_process=0) or, for a few pages, without."""
    import sitegen.build

    monkeypatch.setattr(sitegen.build, "IN_PROCESS_PAGES", in_process)
    make_content(tmp_path)
    build(tmp_path, out="one", cache="c1", jobs=1)
    build(tmp_path, out="two", cache="c2", jobs=2)
    assert tree(tmp_path / "one") == tree(tmp_path / "two")


def test_cables_parsed_in_workers_share_their_strings(tmp_path):
    """Metadata parsed in a worker keeps one copy of each origin and tag in the build's
    process, as metadata read from the cache does (the release repeats them 250,000 times).
    Sixty cables: the workers send them back in several batches."""
    from sitegen import synth

    make_content(tmp_path)
    synth.write_text_files(synth.generate(60, seed=3), tmp_path / "content" / "cables")
    seen = {}
    build(tmp_path, jobs=2, on_collections=lambda found: seen.update(cables=found.cables))
    origins = {cable.origin: cable.origin for cable in seen["cables"]}
    tags = {tag: tag for cable in seen["cables"] for tag in cable.tags}
    assert len(seen["cables"]) > 60 and len(origins) < len(seen["cables"])  # origins repeat
    assert all(cable.origin is origins[cable.origin] for cable in seen["cables"])
    assert all(tag is tags[tag] for cable in seen["cables"] for tag in cable.tags)


def test_cables_parsed_again_are_added_to_the_index_until_too_much_of_it_is_unused(
        tmp_path, monkeypatch):
    from sitegen import build as build_module
    from sitegen import synth

    monkeypatch.setattr(build_module, "INDEX_SLACK", 10)

    make_content(tmp_path)
    cables = tmp_path / "content" / "cables"
    before = set(cables.rglob("*.txt"))
    synth.write_text_files(synth.generate(40, seed=5), cables)
    build(tmp_path)
    index = tmp_path / "cache" / "index.jsonl"
    rows = len(index.read_text().splitlines())
    edited = sorted(set(cables.rglob("*.txt")) - before)[:6]
    unused = 0  # rows of cables since edited (a version line, then a row per cable)
    for path in edited:
        path.write_text(path.read_text() + "\nEdited.\n")
        assert build(tmp_path).parsed == 1
        unused += 1
        if unused > (rows - 1) // 10:
            unused = 0  # written again
        assert len(index.read_text().splitlines()) == rows + unused
    assert unused < len(edited) - 1  # (it was written again once)
    build(tmp_path, out="clean", cache="clean-cache")
    assert tree(tmp_path / "public") == tree(tmp_path / "clean")
    assert set(build(tmp_path).seconds) == {"parse"}  # (its index read back as it was)


def test_missing_content_folder_is_a_clear_error(tmp_path):
    with pytest.raises(SitegenError, match="does not exist"):
        build(tmp_path)
    assert not (tmp_path / "public").exists()
    shutil.rmtree(tmp_path, ignore_errors=True)


def test_export_markdown_writes_one_document_per_cable(tmp_path):
    import yaml

    from sitegen.build import export_markdown

    make_content(tmp_path)
    count = export_markdown(tmp_path / "content", tmp_path / "md", quiet=True)
    assert count == 3
    document = (tmp_path / "md/cable/2009/07/09ASTANA1182.md").read_text()
    _, front, body = document.split("---\n", 2)
    meta = yaml.safe_load(front)
    assert meta["reference_id"] == "09ASTANA1182" and meta["tags"] == ["PHUM", "PREL", "KZ"]
    assert meta["url"] == "https://example.org/cable/2009/07/09ASTANA1182.html"
    assert "{#par2}" in body and "Zhovtis asserted" in body
    assert "[09ASTANA 1012](/cable/2009/06/09ASTANA1012.html)" in body
    hostile = (tmp_path / "md/cable/2008/02/08PARIS123.md").read_text()
    assert r"\<script\>alert(2)\</script\> \[x\](javascript:alert(3))" in hostile


def test_build_command(tmp_path, capsys):
    from sitegen.cli import main

    make_content(tmp_path)
    code = main(["build", "--content", str(tmp_path / "content"), "--out",
                 str(tmp_path / "site"), "--no-search", "--quiet", "--jobs", "1"])
    printed = capsys.readouterr().out
    assert code == 0 and (tmp_path / "site/index.html").is_file()
    assert "3 cables" in printed and "problem:" in printed and "duplicate" in printed
    assert (tmp_path / ".sitegen-cache/build-report.json").is_file()


@pytest.mark.parametrize("out", [".", "content", "precious"])
def test_refuses_an_output_folder_it_would_destroy(tmp_path, monkeypatch, out):
    make_content(tmp_path)
    (tmp_path / "precious").mkdir()
    (tmp_path / "precious" / "notes.txt").write_text("keep me")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SitegenError, match="output folder|does not look like"):
        build_site(BuildOptions(content=Path("content"), out=Path(out), jobs=1, search=False,
                                quiet=True, cache_dir=tmp_path / "cache"))
    assert (tmp_path / "precious" / "notes.txt").read_text() == "keep me"
    assert (tmp_path / "content" / "site.toml").is_file()


def test_template_errors_name_the_template(tmp_path):
    content = make_content(tmp_path)
    (content / "templates").mkdir()
    (content / "templates" / "404.html").write_text("line one\n{{ 1 + }}\n")
    with pytest.raises(SitegenError, match=r"404.html:2"):
        build(tmp_path)


@pytest.mark.parametrize("in_process", [0, 64])
def test_undefined_values_in_templates_name_file_and_line(tmp_path, monkeypatch, in_process):
    import sitegen.build

    monkeypatch.setattr(sitegen.build, "IN_PROCESS_PAGES", in_process)
    content = make_content(tmp_path)
    (content / "templates").mkdir()
    (content / "templates" / "cable.html").write_text("fine\n{{ nope.x }}\n")
    with pytest.raises(SitegenError, match=r"templates/cable.html:2"):
        build(tmp_path, jobs=2)


def test_removed_cable_takes_its_pages_and_empty_folders_along(tmp_path):
    content = make_content(tmp_path)
    build(tmp_path)
    hostile = tmp_path / "public/cable/2008/02/08PARIS123.html"
    assert hostile.is_file()
    (content / "cables/hostile.txt").unlink()
    kept = os.stat(tmp_path / "public/cable/2009/07/09ASTANA1182.txt").st_ino
    build(tmp_path)
    assert not hostile.exists() and not hostile.with_suffix(".txt").exists()
    assert not (tmp_path / "public/cable/2008").exists()
    assert not (tmp_path / "public/date/2008").exists()
    assert os.stat(tmp_path / "public/cable/2009/07/09ASTANA1182.txt").st_ino == kept
    build(tmp_path, out="clean", cache="clean-cache")
    assert tree(tmp_path / "public") == tree(tmp_path / "clean")
    folders = {p.relative_to(tmp_path / "public") for p in (tmp_path / "public").rglob("*")}
    assert folders == {p.relative_to(tmp_path / "clean") for p in (tmp_path / "clean").rglob("*")}


def test_cable_page_key_follows_everything_its_context_shows():
    """A cable page is rendered again when its key changes: `_cable_signature` must change
    whenever `_cable_context` does (cited and citing cables, neighbours, people's pages,
    folders), and only then."""
    from dataclasses import replace

    from sitegen.build import _cable_context, _cable_signature
    from sitegen.site.collections import CableMeta, build_collections
    from sitegen.site.pages import folders_for

    def metas(**changes) -> list[CableMeta]:
        cables = dict(
            a=CableMeta("09ASTANA1182", "2009-07-14", "Civil society", "Embassy Astana",
                        "SECRET", tags=("PHUM", "KZ"), references=("09ASTANA1012", "09NOPE1"),
                        persons=(("Yevgeniy Zhovtis", "yevgeniy-zhovtis", "", "activist"),)),
            cited=CableMeta("09ASTANA1012", "2009-06-01", "Earlier", "Embassy Astana",
                            "CONFIDENTIAL", tags=("PHUM",)),
            citing=CableMeta("09ASTANA1300", "2009-08-01", "Later", "Embassy Almaty",
                             "SECRET", references=("09ASTANA1182",)),
            other=CableMeta("08PARIS1", "2008-01-01", "Unrelated", "Embassy Paris", "SECRET",
                            tags=("FR",)),
        )
        for name, fields in changes.items():
            cables[name] = replace(cables[name], digest="", path="", **fields)
        return list(cables.values())

    def seen(cables: list[CableMeta]) -> tuple[str, str]:
        collections = build_collections(cables)
        folders = folders_for(collections)
        a = collections.by_reference["09ASTANA1182"]
        context = json.dumps(_cable_context(a, collections, folders), sort_keys=True,
                             default=lambda value: value.digest)
        return context, _cable_signature(a, collections, folders)

    context, signature = seen(metas())
    variations = {
        "cited cable renamed": dict(cited=dict(subject="Renamed")),
        "cited cable moved": dict(cited=dict(created="2009-05-01")),
        "citing cable renamed": dict(citing=dict(subject="Renamed")),
        "no longer cited": dict(citing=dict(references=())),
        "a newer neighbour": dict(other=dict(origin="Embassy Astana", created="2009-09-01")),
        "person's page renamed": dict(a=dict(persons=(("Yevgeniy Zhovtis", "zhovtis-2", "",
                                                       "activist"),))),
        "person without a page": dict(a=dict(persons=(("Yevgeniy Zhovtis", "", "",
                                                       "activist"),))),
        "tag folder taken by a look-alike": dict(other=dict(tags=("-KZ",))),
    }
    for what, changes in variations.items():
        changed_context, changed_signature = seen(metas(**changes))
        assert changed_context != context, what  # (the variation is real)
        assert changed_signature != signature, what
    unrelated = seen(metas(other=dict(subject="Renamed", tags=("GB",))))
    assert unrelated == (context, signature)


@pytest.mark.parametrize("parts", [("cable/2009/07/X.html", "k", ""), ("person.html",),
                                   ("a\x1fb", "c"), ("Ségolène", "\udcff")])
def test_page_keys_are_the_digest_of_version_and_parts(parts):
    from sitegen.build import _keyer
    from sitegen.cache import digest

    assert _keyer("v1")(*parts) == digest("v1", *parts)
    assert _keyer("v2")(*parts) != digest("v1", *parts)


# --- a cables.csv edited in place: only the changed records are decoded again --------------

SAMPLE_CSV = Path(__file__).resolve().parent / "data" / "cables-sample.csv"


def _csv_lines() -> list[bytes]:
    return SAMPLE_CSV.read_bytes().splitlines(keepends=True)


def _start(lines: list[bytes], row: int) -> int:
    return next(i for i, line in enumerate(lines) if line.startswith(f'"{row}","'.encode()))


def _edit_one_record(lines):  # same length, same lines
    i = _start(lines, 2) + 3
    lines[i] = lines[i].replace(b"E", b"F", 1)


def _more_lines(lines):  # record 2 grows by two lines: the later ones move down
    i = _start(lines, 2) + 3
    lines[i:i] = [b"AN ADDED LINE\\\n", b"AND ANOTHER\\\n"]


def _fewer_lines(lines):
    i = _start(lines, 1) + 2
    del lines[i:i + 3]


def _record_added(lines):  # a copy of Madrid under another id, before Kabul
    madrid = lines[_start(lines, 3):_start(lines, 4)]
    copy = [line.replace(b"08MADRID996", b"08MADRID997") for line in madrid]
    lines[_start(lines, 4):_start(lines, 4)] = [copy[0].replace(b'"3"', b'"5"', 1), *copy[1:]]


def _record_removed(lines):
    del lines[_start(lines, 2):_start(lines, 3)]


def _broken_record(lines):  # record 2 loses its closing quote
    end = _start(lines, 3) - 1
    lines[end] = lines[end].replace(b'"\n', b"\n")


def _truncated(lines):
    del lines[-3:]


def _moved_bad_bytes(lines):  # Madrid has a byte that is not UTF-8 (a warning naming its
    lines[lines.index(b"FM AMEMBASSY MADRID\\\n")] = b"FM AMEMBASSY MADR\xcdD\\\n"  # line),
    _more_lines(lines)  # and starts two lines further down after the edit


# What each edit leaves to decode again, of 4 records: the changed ones, and Madrid when it
# has a warning naming a line and moves to another line.
DECODED = {_edit_one_record: (1, 1), _more_lines: (1, 2), _fewer_lines: (1, 2),
           _record_added: (1, 1), _record_removed: (0, 1), _broken_record: (1, 1),
           _truncated: (1, 1)}


@pytest.mark.parametrize("edit", list(DECODED), ids=lambda edit: edit.__name__)
@pytest.mark.parametrize("bad_bytes", [False, True])
def test_edited_cables_csv_rebuilds_like_a_clean_build(tmp_path, monkeypatch, edit, bad_bytes):
    from sitegen.sources.cables_csv import CsvPiece

    content = make_content(tmp_path)
    lines = _csv_lines()
    if bad_bytes:
        lines[lines.index(b"FM AMEMBASSY MADRID\\\n")] = b"FM AMEMBASSY MADR\xcdD\\\n"
    csv = content / "cables" / "release.csv"
    csv.write_bytes(b"".join(lines))
    build(tmp_path)
    edit(lines)
    csv.write_bytes(b"".join(lines))
    decoded = []
    read = CsvPiece.read
    monkeypatch.setattr(CsvPiece, "read", lambda piece: decoded.append(piece.row) or read(piece))
    locations = {}  # build -> where each cable was read

    def located(name):
        return lambda found: locations.update({name: [c.location for c in found.cables]})

    again = build(tmp_path, on_collections=located("again"))
    assert len(decoded) == DECODED[edit][bad_bytes]
    assert again.read == 1 and again.parsed <= 1  # only the changed record, if any
    monkeypatch.undo()
    clean = build(tmp_path, out="clean", cache="clean-cache", on_collections=located("clean"))
    assert locations["again"] == locations["clean"]
    assert tree(tmp_path / "public") == tree(tmp_path / "clean")
    assert again.problems == clean.problems and again.warnings == clean.warnings
    assert (again.cables, again.pages) == (clean.cables, clean.pages)


def test_csv_record_with_a_warning_is_read_again_when_its_line_moves(tmp_path):
    content = make_content(tmp_path)
    lines = _csv_lines()
    lines[lines.index(b"FM AMEMBASSY MADRID\\\n")] = b"FM AMEMBASSY MADR\xcdD\\\n"
    csv = content / "cables" / "release.csv"
    csv.write_bytes(b"".join(lines))
    first = build(tmp_path)
    _more_lines(lines)
    csv.write_bytes(b"".join(lines))
    again = build(tmp_path)
    [before] = [w for w in first.warnings if "not valid UTF-8" in w]
    [after] = [w for w in again.warnings if "not valid UTF-8" in w]
    line = int(before.split(": line ")[1].split(":")[0])
    assert after == before.replace(f": line {line}:", f": line {line + 2}:")

"""`sitegen.search`: the Pagefind index of a built site, its bundles, and their reuse.

The real Pagefind binary indexes a small site built from real cables. Pagefind's fragment
files (one per indexed page: gzip of "pagefind_dcd" + JSON) show what each page was indexed
with; searching itself is tested in the browser (test_search_browser.py).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import gzip
import json
import os
import shutil
from pathlib import Path

import psutil
import pytest
from pagefind.service import get_executable

from sitegen import search
from sitegen.build import BuildOptions, build_site
from sitegen.config import load_config
from sitegen.errors import SitegenError
from sitegen.search import (
    PAGEFIND_RAM_PER_MB,
    Budget,
    Bundle,
    Limits,
    MonthFolder,
    _SharedMemory,
    bundle_damage,
    index_site,
    mend_cut_files,
    plan_bundles,
    reference_index,
    reference_variants,
    split_month,
)

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"


@pytest.mark.parametrize("reference_id, variants", [
    ("09ASTANA1182", "09ASTANA1182 09 ASTANA 1182 ASTANA1182"),
    ("66BUENOSAIRES2481", "66BUENOSAIRES2481 66 BUENOSAIRES 2481 BUENOSAIRES2481"),
    ("10STATE18437", "10STATE18437 10 STATE 18437 STATE18437"),
    ("08USUNNEWYORK1045", "08USUNNEWYORK1045 08 USUNNEWYORK 1045 USUNNEWYORK1045"),
    ("05AMMAN1", "05AMMAN1 05 AMMAN 1 AMMAN1"),
    ("REFTEL", "REFTEL"),  # not a reference id: left as it is
    ("", ""),
])
def test_reference_variants(reference_id, variants):
    assert reference_variants(reference_id) == variants


MB = 1_000_000
MONTHS = [MonthFolder("cable/2009/07", 4, 4 * MB), MonthFolder("cable/2001/02", 3, 1 * MB),
          MonthFolder("cable/2009/06", 2, 1 * MB), MonthFolder("cable/undated", 1, 1 * MB),
          MonthFolder("cable/2010/01", 5, 2 * MB)]


@pytest.mark.parametrize("limits, expected", [
    # everything fits: one bundle in pagefind/ itself, oldest month first, undated before all
    (Limits(100, 100), [("", ["cable/undated", "cable/2001/02", "cable/2009/06",
                              "cable/2009/07", "cable/2010/01"], 15)]),
    # months packed in date order, never split
    (Limits(6, 100), [("undated_2009-06", ["cable/undated", "cable/2001/02", "cable/2009/06"], 6),
                      ("2009-07", ["cable/2009/07"], 4),
                      ("2010-01", ["cable/2010/01"], 5)]),
    # a month bigger than the limit gets a bundle of its own
    (Limits(3, 100), [("undated", ["cable/undated"], 1),
                      ("2001-02", ["cable/2001/02"], 3),
                      ("2009-06", ["cable/2009/06"], 2),
                      ("2009-07", ["cable/2009/07"], 4),
                      ("2010-01", ["cable/2010/01"], 5)]),
    # megabytes of HTML bound a bundle too (Pagefind's memory grows with them)
    (Limits(100, 3), [("undated_2009-06", ["cable/undated", "cable/2001/02", "cable/2009/06"], 6),
                      ("2009-07", ["cable/2009/07"], 4),
                      ("2010-01", ["cable/2010/01"], 5)]),
])
def test_plan_bundles(limits, expected):
    bundles = plan_bundles(MONTHS, ["about/index.html"], limits)
    assert [(b.name, list(b.folders), b.pages) for b in bundles] == expected
    assert [b.content_pages for b in bundles][-1] == ("about/index.html",)  # the newest bundle
    assert all(not b.content_pages for b in bundles[:-1])


def test_bundle_glob_names_its_folders_and_pages():
    july, august = MonthFolder("cable/2009/07", 2, MB), MonthFolder("cable/2009/08", 1, MB)
    bundle = Bundle("2009-07_2009-08", (july, august), ("about/index.html",))
    assert bundle.path == "2009-07_2009-08/" and bundle.pages == 3
    assert bundle.glob() == "{cable/2009/07/*.html,cable/2009/08/*.html,about/index.html}"
    assert Bundle("", (july,)).glob() == "cable/2009/07/*.html"
    part = MonthFolder("cable/2009/07", 2, MB, ("cable/2009/07/B.html", "cable/2009/07/A.html"), 2)
    assert part.label == "2009-07.2"
    assert Bundle("2009-07.2", (part,)).glob() == "{cable/2009/07/B.html,cable/2009/07/A.html}"
    assert Bundle("", ()).glob() == ""


def test_a_month_too_big_for_a_bundle_is_cut_in_date_order():
    month = MonthFolder("cable/2010/02", 5, 5 * MB)
    pages = [("2010-02-03T10:00Z", "cable/2010/02/C.html", MB),
             ("2010-02-01T09:00Z", "cable/2010/02/A.html", MB),
             ("2010-02-28T23:59Z", "cable/2010/02/E.html", MB),
             ("2010-02-02T12:00Z", "cable/2010/02/B.html", MB),
             ("2010-02-15T08:30Z", "cable/2010/02/D.html", MB)]
    parts = split_month(month, pages, Limits(pages=2, megabytes=100))
    assert [(p.label, p.files, p.dates) for p in parts] == [
        ("2010-02.1", ("cable/2010/02/A.html", "cable/2010/02/B.html"),
         ("2010-02-01T09:00Z", "2010-02-02T12:00Z")),
        ("2010-02.2", ("cable/2010/02/C.html", "cable/2010/02/D.html"),
         ("2010-02-03T10:00Z", "2010-02-15T08:30Z")),
        ("2010-02.3", ("cable/2010/02/E.html",), ("2010-02-28T23:59Z", "2010-02-28T23:59Z"))]
    # A bundle starting or ending with a part knows the dates of its first or last page.
    assert Bundle("2010-02.1_2010-02.2", tuple(parts[:2])).part_dates() == (
        "2010-02-01T09:00Z", "2010-02-15T08:30Z")
    assert Bundle("2010-01_2010-02.1", (MonthFolder("cable/2010/01", 1, MB), parts[0])
                  ).part_dates() == ("", "2010-02-02T12:00Z")
    assert [p.size for p in split_month(month, pages, Limits(pages=100, megabytes=3))] == [
        3 * MB, 2 * MB]
    assert split_month(month, pages, Limits(100, 100)) == [month]


# --- a small site built from real cables ------------------------------------------------------

def _corpus_sample() -> list[Path]:
    """The seed cable, every 30th page of the WikiLeaks mirror sample (several years), and
    six cables of February 2010 (a month that a lowered bundle limit must cut in parts)."""
    pages = sorted((CORPUS / "cablegate-html" / "cable").rglob("*.html"))
    february = sorted((CORPUS / "cablegate-html" / "cable" / "2010" / "02").glob("*.html"))
    return [CORPUS / "seed" / "09ASTANA1182.txt",
            *dict.fromkeys(pages[::30] + february[:6])]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("search-site")
    content = folder / "content"
    (content / "cables").mkdir(parents=True)
    shutil.copy(ROOT / "content" / "site.toml", content / "site.toml")
    shutil.copytree(ROOT / "content" / "pages", content / "pages")
    for path in _corpus_sample():
        shutil.copy(path, content / "cables" / path.name)
    build_site(BuildOptions(content=content, out=folder / "public", quiet=True,
                            cache_dir=folder / "cache", jobs=2))
    return folder / "public"


def fragments(bundle: Path) -> dict[str, dict]:
    """{url: fragment} for every page Pagefind indexed into a bundle folder."""
    found = {}
    for path in (bundle / "fragment").iterdir():
        data = json.loads(gzip.decompress(path.read_bytes())[len(b"pagefind_dcd"):])
        found[data["url"]] = data
    return found


def cable_pages(site: Path) -> set[str]:
    return {"/" + p.relative_to(site).as_posix() for p in (site / "cable").rglob("*.html")}


def test_cable_and_content_pages_are_indexed_list_pages_are_not(built):
    indexed = fragments(built / "pagefind")
    cables = cable_pages(built)
    assert len(cables) == len(_corpus_sample())
    assert cables <= set(indexed)
    pages = {f"/{path.stem}/" for path in (ROOT / "content" / "pages").glob("*.md")}
    assert pages and set(indexed) - cables == pages  # content pages, not list pages
    manifest = json.loads((built / "pagefind" / "bundles.json").read_text())
    assert [(b["name"], b["path"], b["pages"]) for b in manifest["bundles"]] == [
        ("", "", len(indexed))]
    assert not (built / "pagefind" / "pagefind-ui.js").exists()  # the site has its own UI
    assert (built / "pagefind" / "pagefind.js").exists()


def test_a_cable_is_indexed_with_its_fields_filters_and_sort_key(built):
    astana = fragments(built / "pagefind")["/cable/2009/07/09ASTANA1182.html"]
    meta, filters = astana["meta"], astana["filters"]
    assert meta["title"].startswith("KAZAKHSTAN: CIVIL SOCIETY DISAPPOINTED")
    assert meta["reference"] == "09ASTANA1182"
    assert meta["ids"] == "09ASTANA1182 09 ASTANA 1182 ASTANA1182"
    assert meta["date"].startswith("2009-07-14")
    assert meta["origin"] == "Embassy Astana"
    assert meta["classification"].startswith("UNCLASSIFIED")
    assert "PHUM" in filters["tag"] and "KZ" in filters["tag"]
    assert filters["year"] == ["2009"]
    assert filters["origin"] == ["Embassy Astana"]
    assert filters["classification"] == [meta["classification"]]
    # the body is the cable text, in order; the metadata table and routing header are not
    text = astana["content"]
    assert text.index("Yevgeniy Zhovtis of the Human Rights Bureau") < text.index(
        "Zhovtis maintained that OSCE member states")
    assert "Reference ID" not in text and "Original text" not in text
    # the summary box repeats the body's summary: indexed once (fewer words to index)
    assert text.count("several leading civil society activists briefed members") == 1


def test_a_split_index_holds_every_cable_once_in_date_ordered_bundles(built, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built, site)
    report = index_site(site, load_config(ROOT / "content" / "site.toml"), quiet=True,
                        bundle_pages=3)
    manifest = json.loads((site / "pagefind" / "bundles.json").read_text())["bundles"]
    assert len(manifest) == len(report.bundles) >= 4
    seen: dict[str, str] = {}
    dates: list[list[str]] = []  # the dates of each bundle's cables
    for entry in manifest:
        assert entry["name"] and entry["path"] == entry["name"] + "/"
        indexed = fragments(site / "pagefind" / entry["path"])
        assert entry["pages"] == len(indexed)
        cables = [url for url in indexed if url.startswith("/cable/")]
        assert len(cables) <= 3  # big months are cut into parts
        dates.append(sorted(indexed[url]["meta"]["date"] for url in cables))
        for url in indexed:
            assert url not in seen, f"{url} is in bundles {seen[url]} and {entry['name']}"
            seen[url] = entry["name"]
    assert cable_pages(site) <= set(seen)
    # disjoint date ranges, oldest first: what lets the browser sort across bundles
    ranges = [(entry["first"], entry["last"]) for entry in manifest]
    assert all(a[1] < b[0] for a, b in zip(ranges, ranges[1:], strict=False))
    dated = [d for d in dates if d]
    assert all(a[-1] <= b[0] for a, b in zip(dated, dated[1:], strict=False))
    assert any(".2" in entry["name"] for entry in manifest)  # a month was cut in parts
    assert not (site / "pagefind" / "fragment").exists()  # nothing left of the unsplit index


def test_unchanged_bundles_are_reused_and_a_changed_one_is_indexed_again(built, tmp_path):
    config = load_config(ROOT / "content" / "site.toml")
    first, second = tmp_path / "first", tmp_path / "second"
    shutil.copytree(built, first)
    index_site(first, config, quiet=True, bundle_pages=3)
    shutil.copytree(first, second, copy_function=os.link)  # what the build's Output does
    shutil.rmtree(second / "pagefind")
    changed = second / "cable" / "2009" / "07" / "09ASTANA1182.html"
    html = changed.read_text(encoding="utf-8")
    changed.unlink()  # a new file, as the build writes a page whose bytes changed
    changed.write_text(html.replace("Zhovtis maintained", "Zhovtis insisted"), encoding="utf-8")

    report = index_site(second, config, quiet=True, bundle_pages=3, previous=first)

    [holder] = [b.name for b in report.bundles if "cable/2009/07" in b.folders]
    assert report.indexed == [holder]
    assert sorted(report.reused) == sorted(b.name for b in report.bundles if b.name != holder)
    for name in report.reused:  # reused bundles are hard links to the previous files
        old, new = first / "pagefind" / name / "fragment", second / "pagefind" / name / "fragment"
        assert {p.stat().st_ino for p in old.iterdir()} == {p.stat().st_ino for p in new.iterdir()}
    astana = fragments(second / "pagefind" / holder)["/cable/2009/07/09ASTANA1182.html"]
    assert "Zhovtis insisted" in astana["content"]


def test_a_rebuild_in_place_replaces_only_the_changed_bundle(built, tmp_path):
    config = load_config(ROOT / "content" / "site.toml")
    site = tmp_path / "site"
    shutil.copytree(built, site)
    shutil.rmtree(site / "pagefind")  # the unsplit index: a split one replaces it whole
    index_site(site, config, quiet=True, bundle_pages=3)
    before = {p: p.stat().st_ino for p in (site / "pagefind").rglob("*") if p.is_file()}
    (site / "pagefind" / "1999-01").mkdir()  # a bundle of a month no longer in the site
    changed = site / "cable" / "2009" / "07" / "09ASTANA1182.html"
    html = changed.read_text(encoding="utf-8")
    changed.unlink()
    changed.write_text(html.replace("Zhovtis maintained", "Zhovtis insisted"), encoding="utf-8")

    report = index_site(site, config, quiet=True, bundle_pages=3, previous=site)

    [holder] = report.indexed
    assert "cable/2009/07" in next(b for b in report.bundles if b.name == holder).folders
    for path, inode in before.items():  # the other bundles' files were not even relinked
        if holder not in path.relative_to(site / "pagefind").parts and path.name != "bundles.json":
            assert path.stat().st_ino == inode, path
    astana = fragments(site / "pagefind" / holder)["/cable/2009/07/09ASTANA1182.html"]
    assert "Zhovtis insisted" in astana["content"]
    listed = {entry["name"] for entry in json.loads(
        (site / "pagefind" / "bundles.json").read_text(encoding="utf-8"))["bundles"]}
    assert {p.name for p in (site / "pagefind").iterdir()} == listed | {"bundles.json"}
    assert not list(site.glob(".pagefind*")) and not list(tmp_path.glob("*.old"))


def test_a_failed_run_keeps_the_previous_index(built, tmp_path, monkeypatch):
    site = tmp_path / "site"
    shutil.copytree(built, site)
    before = sorted(p.name for p in (site / "pagefind" / "fragment").iterdir())
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-pagefind"))
    with pytest.raises(SitegenError, match="cannot run Pagefind"):
        index_site(site, load_config(ROOT / "content" / "site.toml"), quiet=True)
    assert sorted(p.name for p in (site / "pagefind" / "fragment").iterdir()) == before
    assert not list(site.glob(".pagefind*"))


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _unordered(index: dict[str, bytes]) -> dict[str, object]:
    """An index with what Pagefind writes in no fixed order made comparable.

    Pagefind (Rust hash maps) lists filters and their values in a different order on every
    run, even with one job: filter files, the bundle's pf_meta (which names them by a hash of
    their bytes) and its entry (hash of the pf_meta) differ from run to run. So filter files
    are compared by the bytes they hold, in any order; the rest must be byte for byte the same.
    """
    found: dict[str, object] = {}
    for name, data in index.items():
        bundle, _, leaf = name.rpartition("/")
        if bundle.endswith("filter") or bundle == "filter":
            found.setdefault(f"{bundle}/*", []).append(sorted(gzip.decompress(data)))
        elif leaf.endswith(".pf_meta"):
            found[f"{bundle}/*.pf_meta"] = len(gzip.decompress(data))
        elif leaf == "pagefind-entry.json":
            entry = json.loads(data)
            for language in entry["languages"].values():
                language.pop("hash")
            found[name] = entry
        else:  # pages (fragments), word index chunks, the search code
            found[name] = data
    return {name: sorted(value) if isinstance(value, list) else value
            for name, value in found.items()}


def test_the_index_is_the_same_whatever_the_number_of_jobs(built, tmp_path):
    config = load_config(ROOT / "content" / "site.toml")
    indexes = []
    for jobs in (1, 2):
        site = tmp_path / f"jobs{jobs}"
        shutil.copytree(built, site)
        report = index_site(site, config, quiet=True, bundle_pages=3, jobs=jobs)
        assert len(report.bundles) >= 4 and report.indexed == [b.name for b in report.bundles]
        indexes.append(_files(site / "pagefind"))
        # (each bundle's pages were given to Pagefind in a folder of their own, now gone)
        assert sorted(p.name for p in site.iterdir() if p.name.startswith(".")) == []
    fragments_written = [name for name in indexes[0] if "/fragment/" in name]
    assert len(fragments_written) == report.pages
    assert _unordered(indexes[0]) == _unordered(indexes[1])
    assert {n for n in indexes[0] if "/filter/" not in n and not n.endswith(("pf_meta", "json"))} \
        == {n for n in indexes[1] if "/filter/" not in n and not n.endswith(("pf_meta", "json"))}


def test_bundles_run_together_only_within_the_memory_budget():
    small, big = (Bundle(name, (MonthFolder(f"cable/2009/0{n}", 10, size),))
                  for n, (name, size) in enumerate([("s", 5 * MB), ("b", 20 * MB)], 1))
    budget = Budget(processes=2, memory_mb=1000)
    assert budget.need(small) == 5 * PAGEFIND_RAM_PER_MB
    assert budget.need(big) == 20 * PAGEFIND_RAM_PER_MB

    async def most_at_once(sizes: list[int], budget: Budget = budget) -> int:
        memory, running, most = _SharedMemory(budget.pagefind_mb), 0, 0

        async def one(need: int) -> None:
            nonlocal running, most
            async with memory.reserved(need):
                running += 1
                most = max(most, running)
                await asyncio.sleep(0.01)
                running -= 1

        await asyncio.gather(*(one(need) for need in sizes))
        assert memory.used == 0
        return most

    assert asyncio.run(most_at_once([400, 400, 400])) == 2  # two fit in 1,000 MB, not three
    assert asyncio.run(most_at_once([1200, 1200])) == 1  # too big for the budget: alone
    assert asyncio.run(most_at_once([100] * 5)) == 5
    # What the build's own process holds counts: 700 MB of it leave room for one 400 at a time.
    held = Budget(processes=2, memory_mb=1000, held_mb=700)
    assert held.pagefind_mb == 300
    assert asyncio.run(most_at_once([400, 400], held)) == 1
    assert asyncio.run(most_at_once([100] * 5, held)) == 3
    assert Budget(processes=2, memory_mb=1000, held_mb=1500).pagefind_mb == 0


def test_a_pagefind_that_dies_fails_the_run_cleanly(built, tmp_path, monkeypatch):
    """The second Pagefind started is killed when asked its first question, while the first
    one works: the run fails with a clear error, stops the other process, keeps the old index."""
    site = tmp_path / "site"
    shutil.copytree(built, site)
    before = _files(site / "pagefind")
    wrapper = tmp_path / "pagefind"
    wrapper.write_text(
        "#!/bin/sh\n"
        f"if mkdir {tmp_path}/first 2>/dev/null || ! mkdir {tmp_path}/second 2>/dev/null; then\n"
        f"  exec {get_executable()} \"$@\"\n"
        "fi\n"
        "head -c 1 >/dev/null\n"
        "kill -KILL $$\n")
    wrapper.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(wrapper))
    with concurrent.futures.ThreadPoolExecutor(1) as thread:  # a hang fails the test
        run = thread.submit(index_site, site, load_config(ROOT / "content" / "site.toml"),
                            quiet=True, bundle_pages=3, jobs=2)
        with pytest.raises(SitegenError, match="Pagefind process stopped unexpectedly"):
            run.result(timeout=120)
    assert (tmp_path / "second").is_dir()  # the dying Pagefind did run
    assert _files(site / "pagefind") == before
    assert not list(site.glob(".pagefind*"))
    assert not _pagefind_processes()  # no Pagefind left running


def _pagefind_processes() -> list:
    """Child processes of this one, but for multiprocessing's own (the build's fork server)."""
    return [process for process in psutil.Process().children(recursive=True)
            if "multiprocessing" not in " ".join(process.cmdline())]


def test_a_damaged_bundle_is_found(built, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built, site)
    bundle = next(path.parent for path in (site / "pagefind").rglob("pagefind-entry.json"))
    assert bundle_damage(bundle) == ""
    fragment = next((bundle / "fragment").iterdir())
    fragment.write_bytes(b"")
    assert bundle_damage(bundle) == f"{fragment} is empty"
    (bundle / "pagefind-entry.json").write_bytes(b"")
    assert "pagefind-entry.json" in bundle_damage(bundle)


def _age_folders(site: Path, seconds: int = 3600) -> None:
    """Date every folder of the site back, as a site built a while ago is."""
    past = os.stat(site).st_mtime - seconds
    for folder in [site, *(path for path in site.rglob("*") if path.is_dir())]:
        os.utime(folder, (past, past))


def test_a_rebuild_looks_only_at_the_cable_folders_that_changed(built, tmp_path, monkeypatch):
    config = load_config(ROOT / "content" / "site.toml")
    site, memo = tmp_path / "site", tmp_path / "search-folders.json"
    shutil.copytree(built, site)
    _age_folders(site)
    first = index_site(site, config, quiet=True, bundle_pages=3, previous=site, memo=memo)
    scanned = []
    real_scan = search._scan_folder
    monkeypatch.setattr(search, "_scan_folder", lambda site, path, limits: (
        scanned.append(path) or real_scan(site, path, limits)))
    changed = site / "cable" / "2009" / "07" / "09ASTANA1182.html"
    html = changed.read_text(encoding="utf-8")
    changed.unlink()  # a new file, as the build writes a page whose bytes changed
    changed.write_text(html.replace("Zhovtis maintained", "Zhovtis insisted"), encoding="utf-8")

    report = index_site(site, config, quiet=True, bundle_pages=3, previous=site, memo=memo)

    assert scanned == ["cable/2009/07"]  # the others were taken from the memo, unread
    assert [b.name for b in report.bundles] == [b.name for b in first.bundles]
    [holder] = [b.name for b in report.bundles if "cable/2009/07" in b.folders]
    assert report.indexed == [holder]
    assert "Zhovtis insisted" in fragments(site / "pagefind" / holder)[
        "/cable/2009/07/09ASTANA1182.html"]["content"]
    # The same months, parts and digests as a look at every page gives, memo or not.
    assert search.cable_months(site, Limits(pages=3)) == search.scan_cable_folders(
        site, Limits(pages=3), json.loads(memo.read_text(encoding="utf-8"))["folders"])[0]


def test_a_damaged_memo_is_not_trusted(built, tmp_path):
    config = load_config(ROOT / "content" / "site.toml")
    site, memo = tmp_path / "site", tmp_path / "search-folders.json"
    shutil.copytree(built, site)
    _age_folders(site)
    index_site(site, config, quiet=True, bundle_pages=3, memo=memo)
    data = json.loads(memo.read_text(encoding="utf-8"))
    for record in data["folders"].values():
        record["months"] = [{"path": "cable/1999/01"}]  # not a month any more
    memo.write_text(json.dumps(data), encoding="utf-8")
    months = search.scan_cable_folders(site, Limits(pages=3), data["folders"])[0]
    assert months == search.cable_months(site, Limits(pages=3))
    memo.write_text("{not json", encoding="utf-8")
    report = index_site(site, config, quiet=True, bundle_pages=3, previous=site, memo=memo)
    assert report.pages == len(cable_pages(site)) + len(report.bundles[-1].content_pages)


def test_a_script_pagefind_cut_short_is_put_back_whole(tmp_path):
    worker = b'const pagefind_version="1.5.2";self.addEventListener("message",async()=>{});'
    folders = []
    for name, content in [("2009-01", worker), ("2009-02", worker[:40]), ("2009-03", worker)]:
        folder = tmp_path / name
        folder.mkdir()
        (folder / "pagefind-worker.js").write_bytes(content)
        (folder / "pagefind-entry.json").write_text(f'{{"bundle": "{name}"}}')  # its own
        folders.append(folder)
    linked = tmp_path / "previous-site-copy"
    os.link(folders[1] / "pagefind-worker.js", linked)  # a copy linked from the last site
    said = mend_cut_files(folders)
    assert said == ["search: Pagefind cut 2009-02/pagefind-worker.js short (40 of "
                    f"{len(worker)} bytes): mended"]
    assert all((f / "pagefind-worker.js").read_bytes() == worker for f in folders)
    assert linked.read_bytes() == worker[:40]  # not written through the link
    assert (folders[1] / "pagefind-entry.json").read_text() == '{"bundle": "2009-02"}'
    (folders[0] / "pagefind-worker.js").write_bytes(b"something else")  # not a cut copy
    assert mend_cut_files(folders) == []


def test_a_cut_script_is_mended_from_a_reference_folder_never_the_reverse(tmp_path):
    # (A one-edit rebuild indexes one bundle: the bundles kept from the last build are the
    # copies it is compared with; they are never written to.)
    worker = b'const pagefind_version="1.5.2";self.addEventListener("message",async()=>{});'
    written, kept = tmp_path / "2009-02", tmp_path / "2009-01"
    for folder, content in [(written, worker[:32]), (kept, worker)]:
        folder.mkdir()
        (folder / "pagefind-worker.js").write_bytes(content)
    assert mend_cut_files([written], [kept]) == [
        f"search: Pagefind cut 2009-02/pagefind-worker.js short (32 of {len(worker)} bytes): "
        "mended"]
    assert (written / "pagefind-worker.js").read_bytes() == worker
    (kept / "pagefind-worker.js").write_bytes(worker[:10])  # a kept copy cut: left alone
    assert mend_cut_files([written], [kept]) == []
    assert (kept / "pagefind-worker.js").read_bytes() == worker[:10]


def test_a_lone_bundle_is_compared_with_a_reference_index(built, tmp_path, monkeypatch):
    # The reference index, written by the Pagefind command, has the very scripts a bundle has.
    reference = reference_index(tmp_path / "reference", "en")[0]
    bundle = built / "pagefind"
    for name in ["pagefind.js", "pagefind-worker.js", "wasm.en.pagefind"]:
        assert (reference / name).read_bytes() == (bundle / name).read_bytes()
    # ... and index_site compares a lone bundle with one (then throws it away).
    site = tmp_path / "site"
    shutil.copytree(built, site)
    compared = []

    def spy(written, references=()):
        compared.append((list(written), [sorted(p.name for p in r.iterdir()) for r in references]))
        return mend_cut_files(written, references)

    monkeypatch.setattr(search, "mend_cut_files", spy)
    report = index_site(site, load_config(ROOT / "content" / "site.toml"), quiet=True)
    assert len(report.bundles) == 1
    [(written, references)] = compared
    assert len(written) == 1 and "pagefind-worker.js" in references[0]
    assert not (site / ".pagefind.reference").exists()

"""The search page in headless Chromium, on the demo site, served with the site's real CSP.

The demo site (content/, built once by conftest.py) is served with the headers of netlify.toml;
a copy is indexed again with a lowered bundle threshold to test the split index merged in the
browser. Every page must load without a console error (the CSP forbids inline scripts, eval).
"""

from __future__ import annotations

import functools
import html
import http.server
import json
import re
import shutil
import threading
import time
import tomllib
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from playwright.sync_api import sync_playwright

from sitegen.build import BuildOptions, build_site
from sitegen.config import load_config
from sitegen.search import _page_date, index_site
from sitegen.site import filter_lists

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "content"
CHROMIUM = "/usr/bin/chromium"
FINISHED = "#search:is([data-state=done], [data-state=empty], [data-state=unavailable])"


def site_headers() -> dict[str, str]:
    """The headers netlify.toml sets for every page (the Content-Security-Policy among them)."""
    config = tomllib.loads((ROOT / "netlify.toml").read_text(encoding="utf-8"))
    return next(rule["values"] for rule in config["headers"] if rule["for"] == "/*")


class _Handler(http.server.SimpleHTTPRequestHandler):
    headers_to_send: dict[str, str] = {}
    held_back = staticmethod(lambda path: False)  # requests answered late, as by a far server

    def send_head(self):
        if self.held_back(self.path):
            time.sleep(0.4)
        return super().send_head()

    def end_headers(self):
        for name, value in self.headers_to_send.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def serve():
    """serve(folder, held_back=None) -> base URL of a local server for it, with the site's
    headers; requests whose path `held_back(path)` is true are answered 0.4 s late."""
    servers = []

    def start(folder: Path, held_back=None) -> str:
        handler = type("Handler", (_Handler,), {"headers_to_send": site_headers()})
        if held_back:
            handler.held_back = staticmethod(held_back)
        server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def demo(demo_site) -> Path:
    """The demo site, built once for the session by tests/conftest.py."""
    return demo_site


@pytest.fixture(scope="module")
def demo_url(demo, serve) -> str:
    return serve(demo)


@pytest.fixture(scope="module")
def split(demo, tmp_path_factory):
    """The demo site with its index split into bundles of at most 8 pages."""
    site = tmp_path_factory.mktemp("split") / "public"
    shutil.copytree(demo, site)
    report = index_site(site, load_config(DEMO / "site.toml"), quiet=True, bundle_pages=8)
    assert len(report.bundles) >= 4
    return site, report


@pytest.fixture(scope="module")
def finely_split(tmp_path_factory):
    """The demo site built again, its index split into bundles of at most 2 pages: over 30
    bundles, like a big site (the page searches the newest ones first); its people table cut
    into 16 files, as a big site's is (1,024 at full scale)."""
    root = tmp_path_factory.mktemp("finely_split")
    site = root / "public"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(filter_lists, "CABLES_PER_SHARD", 4)
        build_site(BuildOptions(content=DEMO, out=site, cache_dir=root / "cache",
                                base_url="http://127.0.0.1/", jobs=2, quiet=True, search=False))
    report = index_site(site, load_config(DEMO / "site.toml"), quiet=True, bundle_pages=2)
    assert len(report.bundles) >= 30
    assert len(list((site / filter_lists.PEOPLE_FOLDER).iterdir())) == 16
    return site, report


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh tab; the test fails if the page logs an error or throws."""
    context = browser.new_context()
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda m: m.type == "error" and errors.append(m.text))
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.errors = errors
    yield tab
    context.close()
    assert errors == [], f"console errors: {errors}"


def search(page, base: str, query: str) -> None:
    page.goto(f"{base}/search/{query}")
    page.wait_for_selector(FINISHED)


def results(page) -> list[dict]:
    """The results shown: reference id, date, title and excerpt HTML of each."""
    return page.eval_on_selector_all(".search-result", """items => items.map(item => ({
        ref: item.querySelector('.ref')?.textContent || '',
        date: item.querySelector('.date')?.textContent || '',
        title: item.querySelector('h2').textContent,
        href: item.querySelector('h2 a').getAttribute('href'),
        excerpt: item.querySelector('.search-excerpt').innerHTML }))""")


def total(page) -> int:
    status = page.inner_text("#search-status")
    return int(status.split()[0])


def cables_in(site: Path, year: str) -> int:
    return len(list((site / "cable" / year).rglob("*.html")))


def day_of(page: Path) -> str:
    """The day a cable page was written, from its sort key ("2009-07-14"); "undated"."""
    return _page_date(page)[:10] or "undated"


def people_table(site: Path) -> dict[str, list[str]]:
    """The people table's files (search/people/N.json) as one {name: days}."""
    table = {}
    for file in (site / filter_lists.PEOPLE_FOLDER).iterdir():
        table.update(json.loads(file.read_text()))
    return table


def filter_values_in(site: Path, name: str) -> Counter:
    """How many cable pages give Pagefind each value of a filter."""
    found = Counter()
    for path in (site / "cable").rglob("*.html"):
        found.update(set(re.findall(f'data-pagefind-filter="{name}">([^<]*)<', path.read_text())))
    return found


# --- the demo site -----------------------------------------------------------------------------

def test_zhovtis_lists_the_astana_cable_first_with_the_match_highlighted(page, demo_url):
    search(page, demo_url, "?q=Zhovtis")
    first = results(page)[0]
    assert first["ref"] == "09ASTANA1182"
    assert first["date"] == "2009-07-14"
    assert first["title"].startswith("KAZAKHSTAN: CIVIL SOCIETY DISAPPOINTED")
    assert "<mark>Zhovtis</mark>" in first["excerpt"]
    assert first["href"] == "/cable/2009/07/09ASTANA1182.html"
    facts = page.inner_text(".search-result .search-result-meta")
    assert "Embassy Astana" in facts and "UNCLASSIFIED" in facts


@pytest.mark.parametrize("query", ["09ASTANA1182", "09 ASTANA 1182", "ASTANA 1182"])
def test_a_reference_id_typed_in_the_header_box_finds_its_cable_first(page, demo_url, query):
    page.goto(demo_url + "/")
    page.fill("#site-search", query)
    page.press("#site-search", "Enter")
    page.wait_for_selector(FINISHED)
    assert parse_qs(urlsplit(page.evaluate("location.href")).query)["q"] == [query]
    assert results(page)[0]["ref"] == "09ASTANA1182"


def test_tag_and_year_filters_narrow_the_results_and_go_into_the_url(page, demo_url, demo):
    search(page, demo_url, "?q=government")
    everything = total(page)
    page.click("#search-filters summary")
    page.select_option("#search-tag", "PHUM")
    page.wait_for_selector(FINISHED)
    with_tag = total(page)
    assert 0 < with_tag < everything
    assert "tag=PHUM" in page.evaluate("location.search")
    page.select_option("#search-year", "2009")
    page.wait_for_selector(FINISHED)
    assert 0 < total(page) < with_tag
    assert all(r["date"].startswith("2009") for r in results(page))
    assert "year=2009" in page.evaluate("location.search")
    assert "tag=PHUM" in page.evaluate("location.search")


def test_filters_alone_list_every_cable_that_passes_them(page, demo_url, demo):
    search(page, demo_url, "?year=2009")
    assert total(page) == cables_in(demo, "2009")
    assert {r["date"][:4] for r in results(page)} == {"2009"}


def test_filters_alone_load_one_word_chunk_not_the_whole_index(page, demo_url, demo):
    # Pagefind answers a search without words by loading every word chunk (~120 MB for a tag
    # and a year at full scale): the page asks for the word every cable page carries instead.
    requested: list[str] = []
    page.on("request", lambda request: requested.append(urlsplit(request.url).path))
    search(page, demo_url, "?classification=SECRET")
    assert total(page) == filter_values_in(demo, "classification")["SECRET"] > 0
    assert len(list((demo / "pagefind" / "index").iterdir())) > 1
    assert len([path for path in requested if "/pagefind/index/" in path]) == 1


@pytest.mark.parametrize("sort, newest_first", [("newest", True), ("oldest", False)])
def test_sort_by_date_orders_the_results(page, demo_url, sort, newest_first):
    search(page, demo_url, f"?q=embassy&sort={sort}")
    dates = [r["date"] for r in results(page)]
    assert len(dates) > 5
    assert dates == sorted(dates, reverse=newest_first)
    assert page.input_value("#search-sort") == sort


def test_back_restores_the_previous_search(page, demo_url):
    search(page, demo_url, "?q=Zhovtis")
    page.fill("#search-q", "Guantanamo")
    page.press("#search-q", "Enter")
    page.wait_for_url("**/search/?q=Guantanamo")
    page.wait_for_selector(FINISHED)
    assert results(page)[0]["ref"] != "09ASTANA1182"
    page.go_back()
    page.wait_for_url("**/search/?q=Zhovtis")
    page.wait_for_selector(".search-result .ref >> text=09ASTANA1182")
    assert page.input_value("#search-q") == "Zhovtis"
    assert results(page)[0]["ref"] == "09ASTANA1182"


def test_no_results_says_so_and_explains_why(page, demo_url):
    search(page, demo_url, "?q=Zhavtis")  # a typo inside the word: Pagefind does not fix it
    assert page.get_attribute("#search", "data-state") == "empty"
    assert "No cables match" in page.inner_text("#search-status")
    assert "typo" in page.inner_text("#search-status")
    assert results(page) == []


def test_search_unavailable_when_the_index_cannot_load(page, demo_url):
    page.route("**/pagefind/**", lambda route: route.fulfill(status=503, body="down"))
    search(page, demo_url, "?q=Zhovtis")
    assert page.get_attribute("#search", "data-state") == "unavailable"
    assert "unavailable" in page.inner_text("#search-status")
    page.errors[:] = [e for e in page.errors if "503" not in e]  # the failed fetch is expected


def test_keyboard_only_search_and_open_a_result(page, demo_url):
    page.goto(demo_url + "/search/")
    page.focus("#search-q")
    page.keyboard.type("Zhovtis")
    page.keyboard.press("Enter")
    page.wait_for_selector(FINISHED)
    for _ in range(20):  # Tab forward until the first result's link has the focus
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('.search-result') !== null"):
            break
    assert page.evaluate("document.activeElement.textContent").startswith("KAZAKHSTAN")
    page.keyboard.press("Enter")
    page.wait_for_url("**/cable/2009/07/09ASTANA1182.html")


# --- the same site with its index split into bundles --------------------------------------------

def test_a_split_index_finds_a_cable_of_every_bundle(page, split, serve):
    site, report = split
    search(page, serve(site), "?q=embassy")
    for bundle in report.bundles:  # searched from the page's form: the index stays loaded
        reference_id = Path(bundle.months[-1].page_paths(site)[-1]).stem
        page.fill("#search-q", reference_id)
        page.press("#search-q", "Enter")
        page.wait_for_selector(FINISHED)
        assert results(page)[0]["ref"] == reference_id, bundle.name


def test_a_split_index_says_how_far_it_has_loaded(page, split, serve):
    site, report = split
    page.add_init_script("""window.statuses = [];
        addEventListener('DOMContentLoaded', () => new MutationObserver(() => statuses.push(
            document.getElementById('search-status').textContent)).observe(
            document.getElementById('search-status'), {childList: true, subtree: true}));""")
    search(page, serve(site), "?q=embassy")
    statuses = page.evaluate("window.statuses")
    count = len(report.bundles)
    assert f"Searching… (loading the index: {count} of {count} parts)" in statuses
    assert total(page) > 0  # the count of results replaced it
    assert page.get_attribute("#search-status", "aria-busy") is None  # and is read out


def test_a_year_is_found_in_a_bundle_that_starts_with_undated_cables(page, demo, serve,
                                                                   tmp_path):
    # Undated cables come first, in the oldest bundle, with the oldest months ("undated_2002-11"):
    # a year search must not leave that bundle out because "undated" does not look like a year.
    site = tmp_path / "public"
    shutil.copytree(demo, site)
    oldest = sorted((site / "cable").glob("*/*/*.html"))[0]
    undated = site / "cable" / "undated" / oldest.name
    undated.parent.mkdir()
    oldest.rename(undated)  # (its page keeps its year: this is about the bundle's name)
    report = index_site(site, load_config(DEMO / "site.toml"), quiet=True, bundle_pages=8)
    first = report.bundles[0]
    assert first.name.startswith("undated_") and len(first.months) > 1
    year = first.months[1].path.split("/")[1]
    search(page, serve(site), f"?year={year}")
    assert total(page) == filter_values_in(site, "year")[year] > 0


def test_a_split_index_filters_and_sorts_across_bundles(page, split, serve):
    site, report = split
    base = serve(site)
    search(page, base, "?year=2009")
    assert total(page) == cables_in(site, "2009")
    months = sorted(folder for bundle in report.bundles for folder in bundle.folders
                    if folder.split("/")[1].isdigit())
    for sort, newest_first in (("newest", True), ("oldest", False)):
        search(page, base, f"?q=the&sort={sort}")
        dates = [r["date"] for r in results(page)]
        assert len(dates) == 20
        assert dates == sorted(dates, reverse=newest_first)
        expected_month = (months[-1] if newest_first else months[0])[len("cable/"):]
        assert dates[0].startswith(expected_month.replace("/", "-"))
        page.click("#search-more")  # the next page continues in order, into the next bundle
        page.wait_for_selector(".search-result:nth-child(21)")
        more = [r["date"] for r in results(page)]
        assert more == sorted(more, reverse=newest_first)


def test_a_big_split_index_shows_the_newest_matches_while_the_rest_loads(page, finely_split,
                                                                          serve):
    site, report = finely_split
    newest = report.bundles[-9:]  # the base bundle and the first 8 merged (search.js)
    quick = {f"/pagefind/{bundle.path}" for bundle in newest}
    base = serve(site, held_back=lambda path: path.startswith("/pagefind/") and not any(
        path.startswith(prefix) for prefix in quick) and not path.endswith("bundles.json"))
    page.goto(f"{base}/search/?q=the")
    page.wait_for_selector("#search[data-state=partial] .search-result")
    status = page.inner_text("#search-status")
    partial = [result["ref"] for result in results(page)]
    assert page.is_hidden("#search-more")
    first, last = newest[0].months[0].path, newest[-1].months[-1].path  # cable/YYYY/MM
    assert (f"so far, in the newest cables of {first[6:].replace('/', '-')} to "
            f"{last[6:].replace('/', '-')} (loading the index:") in status
    newest_cables = {Path(path).stem for bundle in newest for month in bundle.months
                     for path in month.page_paths(site)}
    assert set(partial) - {""} <= newest_cables  # ("" : a content page has no reference)
    so_far = int(status.split("so far")[0].split()[-2])
    page.wait_for_selector(FINISHED)
    assert page.get_attribute("#search", "data-state") == "done"
    assert total(page) > so_far  # the whole index answered, older cables too
    assert {result["ref"] for result in results(page)} - newest_cables - {""}


def test_a_filter_in_the_url_loads_only_its_own_filter_files(page, finely_split, serve):
    site, report = finely_split
    # The filter panel opens for a shared link with a filter; Pagefind loads the files of the
    # filter searched (one per bundle), and the panel's lists come from search/filters.json.
    # (The word index answers late, as from a far server.)
    base = serve(site, held_back=lambda path: "/index/" in path)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(urlsplit(request.url).path))
    page.goto(f"{base}/search/?q=the&classification=SECRET")
    page.wait_for_selector(FINISHED)
    assert page.is_visible("#search-filters[open]")
    page.wait_for_selector("#search-classification option:nth-child(3)", state="attached")
    filter_files = [path for path in requested if "/filter/" in path]
    assert 0 < len(filter_files) <= len(report.bundles)  # the classification filter's file of each
    assert "/search/filters.json" in requested


def test_the_filter_lists_come_from_the_build_not_from_every_bundle(page, finely_split, serve):
    site, report = finely_split
    # Pagefind lists filter values by loading every bundle's filter files (~25 MB at full
    # scale, 1.2 million person names): the lists come from one file the build wrote instead.
    base = serve(site)
    requested: list[str] = []
    search(page, base, "?q=the")
    page.on("request", lambda request: requested.append(urlsplit(request.url).path))
    page.click("#search-filters summary")
    page.wait_for_selector("#search-tag option:nth-child(2)", state="attached")
    page.wait_for_timeout(300)
    assert requested == ["/search/filters.json"]
    tags = page.eval_on_selector_all("#search-tag option", "os => os.map(o => o.textContent)")
    assert f"PHUM · Human Rights ({filter_values_in(site, 'tag')['PHUM']})" in tags
    years = page.eval_on_selector_all("#search-year option", "os => os.map(o => o.value)")
    assert years[1:] == sorted(filter_values_in(site, "year"), reverse=True)


def test_the_person_filter_suggests_the_most_named_and_finds_every_cable_naming_them(
        page, finely_split, serve):
    site, report = finely_split
    # A text box, not a list: 1.2 million names at full scale.
    naming = filter_values_in(site, "person")
    base = serve(site)
    search(page, base, "?q=the")
    page.click("#search-filters summary")
    page.wait_for_selector("#search-person-names option", state="attached")
    suggested = page.eval_on_selector_all("#search-person-names option",
                                          "os => os.map(o => [o.value, o.label])")
    name, label = suggested[0]
    assert label == f"{naming[name]} cables" and naming[name] == max(naming.values()) > 1
    page.fill("#search-q", "")
    page.fill("#search-person", name)
    page.press("#search-person", "Enter")
    page.wait_for_url("**person=*")
    page.wait_for_selector(FINISHED)
    assert parse_qs(urlsplit(page.evaluate("location.href")).query)["person"] == [name]
    assert total(page) == naming[name]
    # A name with a typographic apostrophe, typed as the cables spell it.
    search(page, base, "?person=O%E2%80%99Reilly")
    assert total(page) == naming["O’Reilly"] == 1


def test_the_people_table_gives_every_name_the_days_of_the_pages_filtering_by_it(finely_split):
    site, _report = finely_split
    expected: dict[str, set[str]] = {}
    for path in (site / "cable").rglob("*.html"):
        for name in re.findall('data-pagefind-filter="person">([^<]*)<', path.read_text()):
            expected.setdefault(html.unescape(name), set()).add(day_of(path))
    for file in (site / filter_lists.PEOPLE_FOLDER).iterdir():
        assert all(filter_lists.shard_of(name, 16) == int(file.stem)
                   for name in json.loads(file.read_text()))
    table = people_table(site)
    assert len(table) == len(expected) > 50
    assert {name: set(days) for name, days in table.items()} == expected
    assert all(days == sorted(days, key=lambda day: (day != "undated", day))
               for days in table.values())


@pytest.mark.parametrize("which", ["typographic apostrophe", "in a part of a month"])
def test_a_person_search_merges_only_the_bundles_of_the_days_naming_them(page, finely_split,
                                                                          serve, which):
    site, report = finely_split
    parts = {month.path for bundle in report.bundles for month in bundle.months if month.part}
    naming = filter_values_in(site, "person")
    # A name whose UTF-8 bytes are not its characters (its file is found by their CRC), or one
    # named in a single cable, of a month cut into parts (found by the parts' dates).
    name = "O’Reilly" if which == "typographic apostrophe" else next(
        name for name, days in sorted(people_table(site).items())
        if naming[name] == 1 and f"cable/{days[0][:4]}/{days[0][5:7]}" in parts)
    [cable] = [path for path in (site / "cable").rglob("*.html")
               if f'data-pagefind-filter="person">{html.escape(name)}<' in path.read_text()]
    requested: list[str] = []
    page.on("request", lambda request: requested.append(urlsplit(request.url).path))
    search(page, serve(site), f"?person={quote(name)}")
    assert [r["ref"] for r in results(page)] == [cable.stem]
    assert [path for path in requested if path.startswith("/search/people/")] == [
        f"/search/people/{filter_lists.shard_of(name, 16)}.json"]
    merged = {path.split("/")[2] for path in requested if path.endswith(".pf_meta")}
    holding = {bundle.path.strip("/") for bundle in report.bundles
               if any(day_of(site / path) == day_of(cable)
                      for month in bundle.months for path in month.page_paths(site))}
    assert merged == holding and len(report.bundles) > 10 * len(holding)


def test_a_person_no_cable_names_is_answered_without_loading_the_index(page, finely_split,
                                                                        serve):
    site, _report = finely_split
    requested: list[str] = []
    page.on("request", lambda request: requested.append(urlsplit(request.url).path))
    search(page, serve(site), "?person=Nobody%20Atall")
    assert page.get_attribute("#search", "data-state") == "empty"
    assert "No cables match person Nobody Atall" in page.inner_text("#search-status")
    assert not [path for path in requested if path.endswith(".pf_meta")]

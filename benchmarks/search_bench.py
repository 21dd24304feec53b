"""Benchmark the search index on synthetic sites of 10,000 and 50,000 cables.

    python benchmarks/search_bench.py --sizes 10000 50000 [--work /tmp/sitegen-bench]
        [--report FILE]

For each size N, on this machine:

1. The corpus of build_bench.py (WORK/nN/content, made once by `sitegen synth`) is built
   without search into WORK/nN/search-site (kept and reused while the corpus is unchanged).
2. The two ways of indexing, each in a child process whose wall time and peak memory (its
   whole tree, the Pagefind binary included) build_bench.measure samples:
   - folder: `sitegen.search.index_site`, Pagefind reading the finished folder (what
     `sitegen build` does);
   - stream: each page handed to Pagefind as a string with `add_html_file`, as a renderer
     would the moment it writes the page (reading the files back is timed apart and left out).
   Both use the same bundles (`search_bundle_pages`, 40,000 pages by default).
3. The size of the index: bytes, files, the fullest folder.
4. Headless Chromium, a fresh profile per search, the site served from a local thread with
   the CSP of netlify.toml: the bytes the browser downloads for a first search of a common
   word and of a rare name (everything the page loads, and the part under /pagefind/), and
   the time to the first results, from the start of the search and from opening the page.
   Bytes are as served locally, without HTTP compression (a host would gzip the JS files).
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import http.server
import json
import os
import shutil
import sys
import threading
import time
import tomllib
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCHMARKS))

import build_bench  # noqa: E402  (measure, sitegen, prepare_corpus, folder_stats)

ROOT = BENCHMARKS.parent
COMMON_WORD = "government"
FINISHED = "#search:is([data-state=done], [data-state=empty], [data-state=unavailable])"


# --- indexing (run in a child process: `search_bench.py --index folder|stream SITE`) -------------


def index_folder(site: Path) -> dict:
    from sitegen.config import load_config
    from sitegen.search import index_site

    report = index_site(site, load_config(site.parent / "content" / "site.toml"), quiet=True)
    return dict(pages=report.pages, bundles=len(report.bundles))


def index_stream(site: Path) -> dict:
    """Every page given to Pagefind as text, into SITE/../stream-index/ (same bundles)."""
    from pagefind.index import IndexConfig

    from sitegen.config import load_config
    from sitegen.search import (
        FastPagefindService,
        Limits,
        cable_months,
        content_pages,
        plan_bundles,
    )

    config = load_config(site.parent / "content" / "site.toml")
    limits = Limits(config.search_bundle_pages, config.search_bundle_mb)
    bundles = plan_bundles(cable_months(site, limits), content_pages(site), limits)
    target = site.parent / "stream-index"
    shutil.rmtree(target, ignore_errors=True)
    reading = 0.0
    pages = 0

    async def run() -> None:
        nonlocal reading, pages
        async with FastPagefindService() as service:
            for bundle in bundles:
                index = await service.create_index(IndexConfig(force_language=config.language))
                paths = [site / path for month in bundle.months
                         for path in month.page_paths(site)]
                paths += [site / path for path in bundle.content_pages]
                in_flight: set[asyncio.Task] = set()
                for path in paths:
                    started = time.perf_counter()
                    html = path.read_text(encoding="utf-8")
                    reading += time.perf_counter() - started
                    url = "/" + path.relative_to(site).as_posix().removesuffix("index.html")
                    in_flight.add(asyncio.ensure_future(index.add_html_file(content=html,
                                                                            url=url)))
                    if len(in_flight) >= 32:  # a renderer's pace: a few pages in the pipe
                        done, in_flight = await asyncio.wait(
                            in_flight, return_when=asyncio.FIRST_COMPLETED)
                        pages += sum(1 for task in done if task.result())
                if in_flight:
                    done, _ = await asyncio.wait(in_flight)
                    pages += sum(1 for task in done if task.result())
                await index.write_files(output_path=str(target / bundle.path))
                await index.delete_index()

    asyncio.run(run())
    return dict(pages=pages, bundles=len(bundles), read_seconds=round(reading, 2))


def measure_index(approach: str, site: Path) -> dict:
    run = build_bench.measure([sys.executable, __file__, "--index", approach, str(site)])
    result = json.loads(run.output.strip().splitlines()[-1])
    result.update(seconds=round(run.seconds, 1), peak_rss_mb=round(run.peak_rss_mb),
                  peak_pss_mb=round(run.peak_pss_mb))
    if "read_seconds" in result:
        result["seconds_without_reads"] = round(run.seconds - result["read_seconds"], 1)
    return result


# --- the browser ---------------------------------------------------------------------------------


class _Handler(http.server.SimpleHTTPRequestHandler):
    headers_to_send: dict[str, str] = {}

    def end_headers(self):
        for name, value in self.headers_to_send.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, *args):
        pass


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    config = tomllib.loads((ROOT / "netlify.toml").read_text(encoding="utf-8"))
    headers = next(rule["values"] for rule in config["headers"] if rule["for"] == "/*")
    handler = type("Handler", (_Handler,), {"headers_to_send": headers})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


def first_search(browser, base: str, query: str) -> dict:
    """Open /search/?q=QUERY in a fresh profile; what was downloaded, how long it took."""
    context = browser.new_context()
    page = context.new_page()
    downloads: list[tuple[str, int]] = []

    def finished(request) -> None:
        response = request.response()
        length = response.headers.get("content-length") if response else None
        size = int(length) if length else request.sizes()["responseBodySize"]
        downloads.append((request.url, size + request.sizes()["responseHeadersSize"]))

    context.on("requestfinished", finished)
    page.goto(f"{base}/search/?q={query}")
    page.wait_for_selector(FINISHED, timeout=60_000)
    page.wait_for_load_state("networkidle")
    search = page.query_selector("#search")
    status = page.inner_text("#search-status")
    result = dict(
        query=query,
        results=status.split()[0] if search.get_attribute("data-state") == "done" else status,
        search_ms=int(search.get_attribute("data-first-results-ms") or -1),
        page_ms=int(search.get_attribute("data-page-results-ms") or -1),
        requests=len(downloads),
        bytes=sum(size for _, size in downloads),
        pagefind_bytes=sum(size for url, size in downloads if "/pagefind/" in url),
        fragments=sum(1 for url, _ in downloads if "/fragment/" in url),
    )
    # the next search in the same page, with the index already loaded
    page.fill("#search-q", COMMON_WORD + " " + query if query != COMMON_WORD else "minister")
    page.press("#search-q", "Enter")
    page.wait_for_selector(FINISHED)
    result["next_search_ms"] = int(search.get_attribute("data-first-results-ms") or -1)
    context.close()
    return result


def rare_name(browser, base: str) -> str:
    """A rare surname of the generator's table that the index finds in a few cables."""
    from sitegen.synth import load_stats

    surnames = sorted(load_stats()["surnames"].items(), key=lambda item: (item[1], item[0]))
    context = browser.new_context()
    page = context.new_page()
    found: dict[str, int] = {}
    try:
        for name, _ in surnames[:40]:
            page.goto(f"{base}/search/?q={name}")
            page.wait_for_selector(FINISHED, timeout=60_000)
            if page.get_attribute("#search", "data-state") == "done":
                found[name] = int(page.inner_text("#search-status").split()[0])
                if found[name] <= 20:
                    break
    finally:
        context.close()
    if not found:
        raise SystemExit("no rare surname found in the index")
    return min(found, key=found.get)


def browser_figures(site: Path) -> list[dict]:
    from playwright.sync_api import sync_playwright

    server, base = serve(site)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium",
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            name = rare_name(browser, base)
            figures = [first_search(browser, base, COMMON_WORD), first_search(browser, base, name)]
            browser.close()
    finally:
        server.shutdown()
    return figures


# --- one size --------------------------------------------------------------------------------


def built_site(root: Path, content: Path) -> tuple[Path, float | None]:
    """The site without search, built once per corpus."""
    site = root / "search-site"
    marker = root / "search-site.built"
    if marker.exists() and marker.read_text() == (root / "corpus-complete").read_text():
        return site, None
    shutil.rmtree(site, ignore_errors=True)
    run = build_bench.measure(build_bench.sitegen(
        "build", "--content", str(content), "--out", str(site), "--no-search", "--quiet",
        "--cache", str(root / ".search-bench-cache")))
    marker.write_text((root / "corpus-complete").read_text())
    return site, run.seconds


def bench(root: Path, count: int, browser_only: bool = False) -> dict:
    content, _ = build_bench.prepare_corpus(root, count)
    site, build_seconds = built_site(root, content)
    result: dict = dict(cables=count, build_seconds=build_seconds)
    if browser_only:  # the searches again, on the index of the last run
        result["searches"] = browser_figures(site)
        return result
    result["stream"] = measure_index("stream", site)
    result["folder"] = measure_index("folder", site)  # last: its index is the one served
    stats = build_bench.folder_stats(site / "pagefind")
    stream_stats = build_bench.folder_stats(root / "stream-index")
    result["index"] = dict(bytes=stats["bytes"], files=stats["files"],
                           fullest=stats["fullest"], fullest_count=stats["fullest_count"],
                           stream_bytes=stream_stats["bytes"])
    result["searches"] = browser_figures(site)
    return result


def report(results: list[dict]) -> str:
    mb = lambda value: f"{value / 2**20:.1f} MB"  # noqa: E731
    kb = lambda value: f"{value / 1024:.0f} kB"  # noqa: E731
    lines = ["| | " + " | ".join(f"{r['cables']:,} cables" for r in results) + " |",
             "|---|" + "---|" * len(results)]

    def row(label: str, cell) -> None:
        lines.append(f"| {label} | " + " | ".join(cell(r) for r in results) + " |")

    row("index: folder at the end (s, peak MB)",
        lambda r: f"{r['folder']['seconds']} s, {r['folder']['peak_pss_mb']} MB")
    row("index: pages as written (s w/o reads, peak MB)",
        lambda r: f"{r['stream']['seconds_without_reads']} s, {r['stream']['peak_pss_mb']} MB")
    row("pages indexed, bundles", lambda r: f"{r['folder']['pages']:,}, {r['folder']['bundles']}")
    row("index size, files", lambda r: f"{mb(r['index']['bytes'])}, {r['index']['files']:,}")
    row("fullest index folder",
        lambda r: f"{r['index']['fullest']} ({r['index']['fullest_count']:,})")
    for number, label in ((0, f"common word “{COMMON_WORD}”"), (1, "rare name")):
        row(f"{label}: results", lambda r, n=number: f"{r['searches'][n]['query']}: "
                                                     f"{r['searches'][n]['results']}")
        row(f"{label}: downloaded (all, /pagefind/)",
            lambda r, n=number: f"{kb(r['searches'][n]['bytes'])}, "
                                f"{kb(r['searches'][n]['pagefind_bytes'])}")
        row(f"{label}: first results ms (search, page)",
            lambda r, n=number: f"{r['searches'][n]['search_ms']}, {r['searches'][n]['page_ms']}")
        row(f"{label}: next search ms", lambda r, n=number: str(r["searches"][n]["next_search_ms"]))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000])
    parser.add_argument("--work", type=Path, default=Path("/tmp/sitegen-bench"))
    parser.add_argument("--report", type=Path, help="also write the figures as JSON here")
    parser.add_argument("--browser-only", action="store_true",
                        help="only the searches in Chromium, on the index already there")
    parser.add_argument("--index", nargs=2, metavar=("APPROACH", "SITE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.index:  # the child process of measure_index
        approach, site = args.index[0], Path(args.index[1])
        print(json.dumps((index_folder if approach == "folder" else index_stream)(site)))
        return
    results = []
    for count in args.sizes:
        root = args.work / f"n{count}"
        root.mkdir(parents=True, exist_ok=True)
        print(f"{count} cables...", file=sys.stderr, flush=True)
        results.append(bench(root, count, args.browser_only))
        print(json.dumps(results[-1]), file=sys.stderr, flush=True)
    if args.report:
        args.report.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    if not args.browser_only:
        print(report(results))


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()

"""What a reader's first search costs on a site already built: time, requests, bytes.

    python benchmarks/first_search.py SITE_FOLDER [--query embassy] [--latency-ms 50]
                                                  [--open-filters]

The site is served from a local thread; headless Chromium opens /search/?q=QUERY and waits
for the results. Reported: seconds to the first results shown (on a big index, the matches
in its newest bundles, while the rest loads) and to the whole index's results, the requests
and bytes the page made (everything, and the part under /pagefind/), and how many search
bundles the site has (each one the browser merges costs at least two more requests). Local
serving: no HTTP compression, and no network latency unless `--latency-ms` holds every
response back that long (a reader far from the server: each request waits one round trip).
With `--open-filters`, the filter panel is then opened: the seconds until its lists are filled
and what they cost (requests, bytes) are reported too.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import threading
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
FINISHED = "#search:is([data-state=done], [data-state=empty], [data-state=unavailable])"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    latency = 0.0  # seconds each response is held back

    def log_message(self, *args):
        pass

    def send_head(self):
        time.sleep(self.latency)
        return super().send_head()


def first_search(site: Path, query: str, latency_ms: int = 0, open_filters: bool = False
                 ) -> dict:
    handler = type("Delayed", (_Quiet,), {"latency": latency_ms / 1000})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    requests: list[tuple[str, int]] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page()
        page.on("requestfinished", lambda request: requests.append(
            (request.url, request.sizes()["responseBodySize"] or 0)))
        started = time.perf_counter()
        page.goto(f"http://127.0.0.1:{server.server_port}/search/?q={query}")
        page.wait_for_selector(f"{FINISHED}, .search-result", timeout=600_000)
        first_seconds = time.perf_counter() - started
        page.wait_for_selector(FINISHED, timeout=600_000)
        seconds = time.perf_counter() - started
        state = page.locator("#search").get_attribute("data-state")
        panel = _open_filters(page, requests) if open_filters else {}
        browser.close()
    server.shutdown()
    index = [size for url, size in requests if "/pagefind/" in url]
    manifest = site / "pagefind" / "bundles.json"
    bundles = len(json.loads(manifest.read_text())["bundles"]) if manifest.is_file() else 1
    return dict(query=query, latency_ms=latency_ms, state=state,
                first_seconds=round(first_seconds, 1), seconds=round(seconds, 1),
                bundles=bundles, requests=len(requests),
                megabytes=round(sum(s for _, s in requests) / 1e6, 2),
                index_requests=len(index), index_megabytes=round(sum(index) / 1e6, 2), **panel)


def _open_filters(page, requests: list[tuple[str, int]]) -> dict:
    """Open the filter panel; wait until its tag list is filled (more than "Any")."""
    before = len(requests)
    started = time.perf_counter()
    page.click("#search-filters summary")
    page.wait_for_selector("#search-tag option:nth-child(2)", state="attached", timeout=600_000)
    seconds = time.perf_counter() - started
    page.wait_for_timeout(1000)  # (requests the lists still make)
    made = requests[before:]
    return dict(filters_seconds=round(seconds, 1), filters_requests=len(made),
                filters_megabytes=round(sum(size for _, size in made) / 1e6, 2),
                tag_options=page.locator("#search-tag option").count(),
                person_options=page.locator("#search-person option, #search-person-names option"
                                            ).count())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="a built site (with its pagefind/ folder)")
    parser.add_argument("--query", default="embassy")
    parser.add_argument("--latency-ms", type=int, default=0,
                        help="hold every response back this long (a round trip)")
    parser.add_argument("--open-filters", action="store_true",
                        help="then open the filter panel and measure its lists")
    args = parser.parse_args()
    print(json.dumps(first_search(args.site, args.query, args.latency_ms, args.open_filters)))


if __name__ == "__main__":
    main()

"""`sitegen serve` for real: a server process on a free port, edited files, pages over HTTP,
the live-reload event stream, the error page, and headless Chromium under the site's CSP."""

from __future__ import annotations

import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from sitegen.serve import _is_page, changed_paths, inject_script, snapshot

ROOT = Path(__file__).resolve().parent.parent
CABLES = ["08OSLO461.txt", "09ASTANA1182.txt", "09STATE63812.txt"]
OSLO = "/cable/2008/08/08OSLO461.html"
OSLO_SUBJECT = "NORWAY IN FAVOR OF USG IPCC WG II NOMINEE"


def small_content(folder: Path, base_url: str = "http://localhost:8000/") -> Path:
    """A copy of three demo cables, the demo pages and a site.toml: a site built in a second."""
    content = folder / "content"
    (content / "cables").mkdir(parents=True)
    for name in CABLES:
        shutil.copy(ROOT / "content" / "cables" / name, content / "cables" / name)
    shutil.copytree(ROOT / "content" / "pages", content / "pages")
    (content / "site.toml").write_text(f'title = "Serve test"\nbase_url = "{base_url}"\n')
    return content


class Served:
    """`sitegen serve` in a subprocess: started, read from, edited under, stopped."""

    def __init__(self, folder: Path, *flags: str):
        self.folder = folder
        self.content = folder / "content"
        self.stderr = open(folder / "serve.err", "w+")  # closed in stop()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "sitegen", "serve", "--port", "0", "--no-search",
             "--content", str(self.content), "--out", str(folder / "public"),
             "--cache", str(folder / "cache"), *flags],
            stdout=subprocess.PIPE, stderr=self.stderr, text=True, cwd=folder)
        line = self.process.stdout.readline()  # printed once the first build is done
        match = re.search(r"at (http://localhost:\d+)(/\S*)", line)
        assert match, f"no address in {line!r}; stderr: {self.log()}"
        self.origin = match.group(1).replace("localhost", "127.0.0.1")
        self.base = self.origin + match.group(2)

    def get(self, path: str) -> tuple[int, dict, str]:
        """(status, headers, body) of a GET; error statuses are answers too."""
        url = path if path.startswith("http") else self.origin + path
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()

    def wait_for(self, path: str, condition, timeout: float = 30.0) -> tuple[int, dict, str]:
        """GET `path` until `condition(status, body)` holds (the rebuild takes a moment)."""
        deadline = time.monotonic() + timeout
        while True:
            status, headers, body = self.get(path)
            if condition(status, body):
                return status, headers, body
            assert self.process.poll() is None, f"the server died: {self.log()}"
            assert time.monotonic() < deadline, f"gave up waiting; last: {status} {body[:300]}"
            time.sleep(0.2)

    def log(self) -> str:
        return (self.folder / "serve.err").read_text()

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=15)
        self.process.stdout.close()
        self.stderr.close()
        return code


@pytest.fixture
def served(tmp_path):
    servers = []

    def start(*flags: str, base_url: str = "http://localhost:8000/") -> Served:
        small_content(tmp_path, base_url)
        servers.append(Served(tmp_path, *flags))
        return servers[-1]

    yield start
    for server in servers:
        if server.process.poll() is None:
            server.process.kill()
            server.process.wait()


class EventStream(threading.Thread):
    """Reads the live-reload stream in the background and keeps the build ids announced."""

    def __init__(self, url: str):
        super().__init__(daemon=True)
        self.response = urllib.request.urlopen(url, timeout=60)
        self.content_type = self.response.headers["Content-Type"]
        self.builds: list[str] = []
        self.start()

    def run(self) -> None:
        try:
            for raw in self.response:
                line = raw.decode().rstrip("\n")
                if line.startswith("data: "):
                    self.builds.append(line[len("data: "):])
        except (OSError, ValueError):
            pass

    def wait_for(self, count: int, timeout: float = 30.0) -> list[str]:
        deadline = time.monotonic() + timeout
        while len(self.builds) < count and time.monotonic() < deadline:
            time.sleep(0.1)
        return self.builds


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_edit_a_cable_break_a_template_fix_it_stop(served):
    server = served()
    status, headers, page = server.get(OSLO)
    assert status == 200 and OSLO_SUBJECT in page
    assert '<script src="/__livereload.js?build=' in page
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    built = (server.folder / "public" / OSLO.lstrip("/")).read_text(encoding="utf-8")
    assert OSLO_SUBJECT in built and "__livereload" not in built  # never in the built files

    for escape in ("/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc%2fpasswd"):
        status, _, body = server.get(escape)
        assert status == 404 and "root:" not in body  # nothing outside the output folder

    status, headers, script = server.get("/__livereload.js")
    assert status == 200 and headers["Content-Type"].startswith("text/javascript")
    assert "new EventSource(\"/__livereload\")" in script

    events = EventStream(server.origin + "/__livereload")
    assert events.content_type == "text/event-stream"
    first = events.wait_for(1)[0]
    assert first in page  # the page was served by the build the stream announces first

    cable = server.content / "cables" / "08OSLO461.txt"
    edit(cable, "NORWAY IN FAVOR", "NORWAY STRONGLY IN FAVOR")
    server.wait_for(OSLO, lambda status, body: "NORWAY STRONGLY IN FAVOR" in body)
    builds = events.wait_for(2)
    assert len(builds) >= 2 and builds[-1] != first

    # A cable whose front matter breaks is left out: its address says why.
    edit(cable, "created: 2008-08-15T13:01Z", "created: [2008")
    # (the reload is announced once the build is over; a request before may see the plain 404)
    status, _, missing = server.wait_for(OSLO, lambda status, body: "front matter" in body)
    assert status == 404 and "08OSLO461.txt:4: front matter is not valid YAML" in missing
    edit(cable, "created: [2008", "created: 2008-08-15T13:01Z")
    server.wait_for(OSLO, lambda status, body: status == 200)

    # A broken template override: the error page names the file and line, the server lives on.
    override = server.content / "templates" / "cable.html"
    override.parent.mkdir()
    override.write_text('{% extends "base.html" %}\n{% block main %}\n'
                        "<h1>{{ cable.subject }</h1>\n{% endblock %}\n")
    status, _, error_page = server.wait_for(OSLO, lambda status, body: status == 500)
    assert re.search(r'<p class="location">\S*content/templates/cable.html:3</p>', error_page)
    assert "How to fix it" in error_page
    assert '<script src="/__livereload.js?build=' in error_page  # it reloads once fixed
    assert "build failed" in server.log() and "cable.html:3" in server.log()
    assert server.get("/__livereload.css")[0] == 200

    override.write_text('{% extends "base.html" %}\n{% block main %}\n'
                        '<h1 class="overridden">{{ cable.subject }}</h1>\n{% endblock %}\n')
    server.wait_for(OSLO, lambda status, body: status == 200 and 'class="overridden"' in body)

    assert server.stop() == 0
    assert "Traceback" not in server.log()


def test_a_broken_site_toml_shows_the_error_until_fixed_under_the_base_path(served):
    server = served(base_url="https://example.org/cables/")
    assert server.base.endswith("/cables/")
    assert server.get("/cables" + OSLO)[0] == 200
    assert server.get(OSLO)[0] == 404  # outside the base path, as it will be once deployed

    site_toml = server.content / "site.toml"
    site_toml.write_text(site_toml.read_text() + "per_pgae = 20\n")
    _, _, page = server.wait_for("/cables" + OSLO, lambda status, body: status == 500)
    assert "site.toml:3" in page and "unknown setting" in page and "per_page" in page

    site_toml.write_text(site_toml.read_text().replace("per_pgae", "per_page"))
    server.wait_for("/cables" + OSLO, lambda status, body: status == 200)
    status, _, missing = server.get("/cables/no/such/page.html")
    assert status == 404 and "__livereload.js" in missing  # the site's own 404 page
    assert server.stop() == 0


def test_the_browser_reloads_itself_under_a_strict_csp(served):
    from playwright.sync_api import sync_playwright

    server = served()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_page()
        errors = []
        page.on("console", lambda message: errors.append(message.text)
                if message.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(server.origin + OSLO)
        assert OSLO_SUBJECT in page.title()
        page.evaluate("window.notReloaded = true")
        time.sleep(0.5)  # let the page open its event stream

        edit(server.content / "cables" / "08OSLO461.txt", "NORWAY IN FAVOR", "NORWAY FOR")
        page.wait_for_function("() => document.title.includes('NORWAY FOR')", timeout=30000)
        assert page.evaluate("window.notReloaded") is None  # a new page, not a patched one
        browser.close()
    assert errors == []  # no CSP violation, no failed request
    assert server.stop() == 0


# --- the parts, without a server --------------------------------------------------------------


@pytest.mark.parametrize("page, expected", [
    (b"<html><head><title>x</title></head><body></body></html>",
     b'<title>x</title><script src="/__livereload.js?build=7"></script>\n</head>'),
    (b"<HTML><BODY>no head</BODY></HTML>",
     b'no head<script src="/__livereload.js?build=7"></script>\n</BODY>'),
    (b"a fragment", b'a fragment<script src="/__livereload.js?build=7"></script>\n'),
])
def test_inject_script(page, expected):
    assert expected in inject_script(page, "7")


@pytest.mark.parametrize("path, is_page", [
    ("/", True), ("/tag/PHUM/", True), ("/cable/2009/07/09ASTANA1182.html", True),
    ("/about", True), ("/assets/style.3f2a1b0c.css", False), ("/feed.xml", False),
    ("/cable/2009/07/09ASTANA1182.txt", False),
])
def test_which_paths_are_pages(path, is_page):
    assert _is_page(path) is is_page


def test_snapshot_sees_edits_and_ignores_hidden_and_editor_files(tmp_path):
    (tmp_path / "cables").mkdir()
    cable = tmp_path / "cables" / "08OSLO461.txt"
    cable.write_text("one")
    out = tmp_path / "public"
    out.mkdir()
    (out / "index.html").write_text("built")
    before = snapshot([tmp_path], skip={out})
    assert list(before) == [str(cable)]

    for name in (".08OSLO461.txt.swp", "08OSLO461.txt~", "#08OSLO461.txt#", ".git"):
        (tmp_path / "cables" / name).write_text("noise")
    (out / "index.html").write_text("rebuilt")
    assert changed_paths(before, snapshot([tmp_path], skip={out})) == []

    cable.write_text("one, edited")
    new = tmp_path / "cables" / "09ASTANA1182.txt"
    new.write_text("two")
    assert changed_paths(before, snapshot([tmp_path], skip={out})) == [str(cable), str(new)]
    cable.unlink()
    assert str(cable) in changed_paths(before, snapshot([tmp_path], skip={out}))

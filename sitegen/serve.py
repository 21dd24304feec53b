"""`sitegen serve`: build the site, serve it on localhost, rebuild on change, reload the browser.

Three parts, each small:

- `Watcher` polls the modification times of content/ (cables, pages, site.toml, templates,
  people.toml) and of the theme folder. Polling needs no dependency and works on every file
  system; a burst of saves is waited out (debounced) before one rebuild.
- The builds run `build_site` in the main thread, one at a time. The build is incremental
  (unchanged cables come from the cache, unchanged pages are carried over), and a failed
  build leaves the previous site in place: its error is printed and shown in the browser
  instead of the pages, and the server keeps running until the next save fixes it.
- `Handler` serves the output folder under the site's base path, with the production
  Content-Security-Policy. Into every HTML response (never into the built files) it adds
  `<script src="/__livereload.js">`, a script of its own that listens to the Server-Sent
  Events stream `/__livereload` and reloads the page when a newer build is announced.
"""

from __future__ import annotations

import html
import mimetypes
import os
import posixpath
import secrets
import signal
import sys
import threading
import time
import traceback
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from sitegen.config import load_config
from sitegen.errors import SitegenError, user_error

EVENTS_PATH = "/__livereload"
SCRIPT_PATH = "/__livereload.js"
STYLE_PATH = "/__livereload.css"
KEEPALIVE_SECONDS = 15.0

# The policy netlify.toml gives the published site: pages that break it locally would break
# in production, so the preview enforces it too (and the reload script must live with it).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; "
    "style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)

RELOAD_SCRIPT = """\
// sitegen serve: reload this page when the site has been rebuilt.
// Added to pages by the development server only; built files never contain it.
(() => {
  const script = document.currentScript;
  let shown = script ? new URL(script.src).searchParams.get("build") : null;
  const events = new EventSource("/__livereload");
  events.addEventListener("build", (event) => {
    if (shown !== null && event.data !== shown) {
      events.close();
      location.reload();
    }
    shown = event.data;
  });
})();
"""

ERROR_STYLE = """\
body { font: 16px/1.5 system-ui, sans-serif; margin: 0; background: #fff; color: #1a1a1a; }
main { max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
h1 { color: #a00; font-size: 1.5rem; }
pre { background: #f6f0f0; border-left: 4px solid #a00; padding: 1rem; overflow-x: auto;
      white-space: pre-wrap; }
.location { font-family: ui-monospace, monospace; font-weight: bold; }
@media (prefers-color-scheme: dark) {
  body { background: #161616; color: #eee; }
  h1 { color: #ff8080; }
  pre { background: #2a1d1d; border-color: #ff8080; }
}
"""

# Pagefind's files: browsers compile WebAssembly only when it is served as such.
mimetypes.add_type("application/wasm", ".wasm")
mimetypes.add_type("text/javascript", ".js")
mimetypes.add_type("text/javascript", ".mjs")


@dataclass
class ServeOptions:
    content: Path
    out: Path
    port: int = 8000  # 0: any free port
    bind: str = "127.0.0.1"  # localhost only, unless asked otherwise
    search: bool = True
    jobs: int | None = None
    cache_dir: Path | None = None
    debug: bool = False  # tracebacks of unexpected errors in the terminal and on the page
    poll_seconds: float = 0.3  # between two looks at the files
    settle_seconds: float = 0.2  # files must stay unchanged this long before a rebuild


# --- the latest build, shared by the builder and the request threads --------------------------


class BuildState:
    """What the server shows: a build number, and the error of the latest build, if any.

    The build number is announced to open pages; it starts with a token of this server, so a
    page served by an earlier run of `sitegen serve` reloads when the server comes back."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._token = secrets.token_hex(4)
        self._number = 0
        self.error: BuildError | None = None
        self.problems: list[str] = []  # cables the latest build left out, and why
        self.closing = False

    @property
    def build_id(self) -> str:
        return f"{self._token}-{self._number}"

    def finished(self, error: BuildError | None, problems: list[str] | None = None) -> None:
        with self._changed:
            self.error = error
            self.problems = problems or []
            self._number += 1
            self._changed.notify_all()

    def close(self) -> None:
        with self._changed:
            self.closing = True
            self._changed.notify_all()

    def wait(self, build_id: str, timeout: float) -> str:
        """The build id once it differs from `build_id`, or after `timeout` seconds."""
        with self._changed:
            self._changed.wait_for(lambda: self.build_id != build_id or self.closing, timeout)
            return self.build_id


@dataclass
class BuildError:
    message: str  # what went wrong
    location: str = ""  # file:line, when known
    hint: str = ""  # how to fix it
    details: str = ""  # a traceback, with --debug

    @classmethod
    def from_exception(cls, error: Exception, debug: bool) -> BuildError:
        details = traceback.format_exc() if debug else ""
        known = error if isinstance(error, SitegenError) else user_error(error)
        if known is not None:
            return cls(known.message, known.location, known.hint, details)
        return cls(f"unexpected error (a bug in sitegen): {type(error).__name__}: {error}",
                   hint="run `sitegen --debug serve` to see the traceback, and report it",
                   details=details)

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}" if self.location else self.message
        text += f"\n  hint: {self.hint}" if self.hint else ""
        return text + (f"\n{self.details}" if self.details else "")


# --- watching files -------------------------------------------------------------------------

Snapshot = dict[str, tuple[int, int]]


def _ignored(name: str) -> bool:
    """Hidden files and folders (.git, .sitegen-cache) and editors' temporary files."""
    return name.startswith((".", "#")) or name.endswith(("~", ".swp", ".swx", ".tmp"))


def snapshot(roots: list[Path], skip: set[Path]) -> Snapshot:
    """{path: (modification time, size)} of every file under `roots`, but for `skip`."""
    files: Snapshot = {}
    skipped = {str(path) for path in skip}
    pending = [str(root) for root in roots]
    while pending:
        folder = pending.pop()
        if folder in skipped:
            continue
        try:
            entries = list(os.scandir(folder))
        except OSError:  # gone, or a file given as a root
            if os.path.isfile(folder):
                stat = os.stat(folder)
                files[folder] = (stat.st_mtime_ns, stat.st_size)
            continue
        for entry in entries:
            if _ignored(entry.name):
                continue
            try:
                if entry.is_dir():
                    pending.append(entry.path)
                else:
                    stat = entry.stat()
                    files[entry.path] = (stat.st_mtime_ns, stat.st_size)
            except OSError:  # removed while we looked
                continue
    return files


def changed_paths(before: Snapshot, after: Snapshot) -> list[str]:
    """Files added, removed or modified between two snapshots, in name order."""
    return sorted(path for path in before.keys() | after.keys()
                  if before.get(path) != after.get(path))


class Watcher:
    """Polls the site's files; `wait_for_change` returns once they changed and settled."""

    def __init__(self, options: ServeOptions):
        self.options = options
        self.scan_seconds = 0.0
        self.current = self._scan()

    def roots(self) -> list[Path]:
        roots = [self.options.content.resolve()]
        try:  # the theme, when it lives outside content/ (the built-in ones do)
            from sitegen.site.render import theme_folder

            config = load_config(self.options.content / "site.toml")
            roots.append(theme_folder(self.options.content, config.theme).resolve())
        except SitegenError:
            pass  # the build reports a broken site.toml; content/ is watched all the same
        return roots

    def skipped(self) -> set[Path]:
        out = self.options.out.resolve()
        skip = {out, out.with_name(f".{out.name}.staging"), out.with_name(f".{out.name}.old")}
        if self.options.cache_dir:
            skip.add(self.options.cache_dir.resolve())
        return skip

    def _scan(self) -> Snapshot:
        started = time.monotonic()
        files = snapshot(self.roots(), self.skipped())
        self.scan_seconds = time.monotonic() - started
        return files

    def wait_for_change(self) -> list[str]:
        """Block until files changed and stayed unchanged for `settle_seconds`."""
        while True:
            # A big corpus takes a while to scan: look less often rather than hog a core.
            time.sleep(max(self.options.poll_seconds, 4 * self.scan_seconds))
            latest = self._scan()
            if latest != self.current:
                break
        while True:  # an editor saving several files, a `git checkout`: wait it out
            time.sleep(self.options.settle_seconds)
            settled = self._scan()
            if settled == latest:
                break
            latest = settled
        changes = changed_paths(self.current, latest)
        self.current = latest
        return changes


# --- serving ----------------------------------------------------------------------------------


class Server(ThreadingHTTPServer):
    daemon_threads = True  # open event streams must not keep the process alive
    allow_reuse_address = True

    def __init__(self, options: ServeOptions, state: BuildState):
        try:
            super().__init__((options.bind, options.port), Handler)
        except OSError as error:
            raise SitegenError(f"cannot listen on {options.bind}:{options.port}: "
                               f"{error.strerror or error}",
                               hint="another program uses this port: pass another, "
                                    "e.g. --port 8001 (or --port 0 for any free one)") from None
        self.options = options
        self.state = state
        self.root = options.out.resolve()
        self.base_path = "/"

    @property
    def port(self) -> int:
        return self.server_address[1]


class Handler(BaseHTTPRequestHandler):
    server: Server
    server_version = "sitegen-serve"

    def do_GET(self) -> None:
        self._respond(body=True)

    def do_HEAD(self) -> None:
        self._respond(body=False)

    def log_message(self, format: str, *args) -> None:
        pass  # requests are not news; 404s are reported by _not_found

    def _respond(self, body: bool) -> None:
        path = unquote(urlsplit(self.path).path)
        state = self.server.state
        if path == EVENTS_PATH:
            return self._events()
        if path == SCRIPT_PATH:
            return self._send(RELOAD_SCRIPT.encode(), "text/javascript", body=body)
        if path == STYLE_PATH:
            return self._send(ERROR_STYLE.encode(), "text/css", body=body)
        base = self.server.base_path
        if path + "/" == base or (path == "/" and base != "/"):
            return self._redirect(base)
        error = state.error
        if error is not None and _is_page(path):
            return self._send(error_page(error, state.build_id).encode(), "text/html",
                              HTTPStatus.INTERNAL_SERVER_ERROR, body=body)
        self._wait_for_output()
        file = self._file(path)
        if file is not None and file.is_dir():
            if not path.endswith("/"):
                return self._redirect(path + "/")
            file = file / "index.html"
        if file is None or not file.is_file():
            return self._not_found(path, body)
        self._send_file(file, HTTPStatus.OK, body)

    def _wait_for_output(self) -> None:
        """A build publishes by renaming the old output away and the new one in: a request
        in between waits the moment it takes rather than getting a 404."""
        for _ in range(20):
            if self.server.root.is_dir():
                return
            time.sleep(0.05)

    def _file(self, path: str) -> Path | None:
        """The output file for a URL path under the base path; None for anything else."""
        base = self.server.base_path
        if not path.startswith(base):
            return None
        relative = posixpath.normpath(path[len(base):] or ".")
        if relative.startswith("..") or relative.startswith("/") or "\\" in relative:
            return None
        return self.server.root / relative

    def _send_file(self, file: Path, status: HTTPStatus, body: bool) -> None:
        try:
            data = file.read_bytes()
        except OSError:  # swapped out by a build at this very moment
            return self._send(b"try again", "text/plain", HTTPStatus.SERVICE_UNAVAILABLE,
                              body=body)
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if kind == "text/html":
            data = inject_script(data, self.server.state.build_id)
        self._send(data, kind, status, body=body)

    def _not_found(self, path: str, body: bool) -> None:
        print(f"404 {path}", file=sys.stderr, flush=True)
        state = self.server.state
        if state.problems and _is_page(path):  # perhaps the page of a cable left out
            return self._send(problems_page(path, state.problems, state.build_id).encode(),
                              "text/html", HTTPStatus.NOT_FOUND, body=body)
        page = self.server.root / "404.html"
        if page.is_file():
            return self._send_file(page, HTTPStatus.NOT_FOUND, body)
        self._send(b"not found", "text/plain", HTTPStatus.NOT_FOUND, body=body)

    def _redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.FOUND)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, data: bytes, kind: str, status: HTTPStatus = HTTPStatus.OK,
              body: bool = True) -> None:
        self.send_response(status)
        charset = "; charset=utf-8" if kind.startswith("text/") or kind.endswith("+xml") else ""
        self.send_header("Content-Type", kind + charset)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")  # a preview is never stale
        self.send_header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if body:
            self.wfile.write(data)

    def _events(self) -> None:
        """The Server-Sent Events stream: the current build id now, then each new one."""
        state = self.server.state
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        build_id = state.build_id
        try:
            self.wfile.write(f"retry: 1000\nevent: build\ndata: {build_id}\n\n".encode())
            self.wfile.flush()
            while not state.closing:
                latest = state.wait(build_id, KEEPALIVE_SECONDS)
                if latest != build_id:
                    build_id = latest
                    self.wfile.write(f"event: build\ndata: {build_id}\n\n".encode())
                else:  # a comment line: finds out when the page has gone away
                    self.wfile.write(b": keep-alive\n\n")
                self.wfile.flush()
        except OSError:  # the page was closed or reloaded
            pass
        self.close_connection = True


def _is_page(path: str) -> bool:
    """Whether a URL path asks for a page (shown as the error page while the build is broken)."""
    name = path.rsplit("/", 1)[-1]
    return name == "" or name.endswith((".html", ".htm")) or "." not in name


def inject_script(page: bytes, build_id: str) -> bytes:
    """The page with the live-reload script added at the end of its <head> (or body)."""
    tag = f'<script src="{SCRIPT_PATH}?build={build_id}"></script>\n'.encode()
    lower = page.lower()
    for marker in (b"</head>", b"</body>"):
        position = lower.find(marker)
        if position >= 0:
            return page[:position] + tag + page[position:]
    return page + tag


def error_page(error: BuildError, build_id: str) -> str:
    """The page shown instead of the site while its latest build is broken."""
    location = (f'<p class="location">{html.escape(error.location)}</p>'
                if error.location else "")
    hint = f"<p><strong>How to fix it:</strong> {html.escape(error.hint)}</p>" if error.hint else ""
    details = f"<pre>{html.escape(error.details)}</pre>" if error.details else ""
    return _server_page("Build failed", "The site could not be built", f"""{location}
<pre>{html.escape(error.message)}</pre>
{hint}
{details}
<p>The server keeps running: save the fix and this page reloads by itself.</p>""", build_id)


def problems_page(path: str, problems: list[str], build_id: str) -> str:
    """A page not found while the latest build left cables out: it may be one of them."""
    shown = "\n".join(f"<li><code>{html.escape(p)}</code></li>" for p in problems[:50])
    more = f"<p>... and {len(problems) - 50:,} more.</p>" if len(problems) > 50 else ""
    return _server_page("Page not found", f"No page at {html.escape(path)}", f"""
<p>The latest build left out {len(problems):,} input(s); this page may be one of them:</p>
<ul>
{shown}
</ul>
{more}
<p>Save the fix and this page reloads by itself.</p>""", build_id)


def _server_page(title: str, heading: str, body: str, build_id: str) -> str:
    """A page of the server itself, styled and reloaded by its own files (CSP-safe)."""
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · sitegen serve</title>
<link rel="stylesheet" href="{STYLE_PATH}">
<script src="{SCRIPT_PATH}?build={html.escape(build_id)}"></script>
</head>
<body>
<main>
<h1>{heading}</h1>
{body}
</main>
</body>
</html>
"""


# --- the command ------------------------------------------------------------------------------


def serve(options: ServeOptions) -> int:
    """Build, serve and rebuild until interrupted (Ctrl-C or SIGTERM)."""
    state = BuildState()
    server = Server(options, state)  # fails fast on a busy port, before a long build
    base_path = _base_path(options.content) or "/"
    server.base_path = base_path
    url = f"http://localhost:{server.port}{base_path}"
    owner = os.getpid()

    def stop(signum, frame) -> None:
        if os.getpid() != owner:  # a build worker, forked with this handler: just end
            os._exit(128 + signum)
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)  # `kill` stops the server as Ctrl-C does
    thread = threading.Thread(target=server.serve_forever, name="http", daemon=True)
    try:
        thread.start()  # pages of an earlier build can be read during the first one
        warm_up_parser()
        watcher = Watcher(options)  # before the build: edits made during it count
        rebuild(options, state, url, first=True)
        print(f"serving {options.out}/ at {url} (Ctrl-C to stop)", flush=True)
        while True:
            changes = watcher.wait_for_change()
            _say(f"changed: {_describe(changes)}")
            base_path = _base_path(options.content) or base_path
            server.base_path = base_path
            rebuild(options, state, f"http://localhost:{server.port}{base_path}")
    except KeyboardInterrupt:
        print("stopped", flush=True)
        return 0
    finally:
        state.close()
        if thread.is_alive():
            server.shutdown()
        server.server_close()


def warm_up_parser() -> None:
    """Load the parser's word tables once in this long-lived process: the workers of every
    rebuild are forked from it and start with them (instead of ~1 s of loading per build)."""
    from importlib import resources

    from sitegen.cable.parse import parse_cable

    sample = resources.files("sitegen").joinpath("data/new-site/content/cables/08OSLO461.txt")
    parse_cable(sample.read_text(encoding="utf-8"))


def _base_path(content: Path) -> str:
    """The path part of the site's base URL: the preview serves the site where it will live."""
    try:
        return load_config(content / "site.toml").base_path
    except SitegenError:
        return ""  # the build will say what is wrong


def rebuild(options: ServeOptions, state: BuildState, url: str, first: bool = False) -> None:
    """One build; its outcome goes to the terminal and to the open pages."""
    from sitegen.build import BuildOptions, build_site

    started = time.monotonic()
    try:
        report = build_site(BuildOptions(
            content=options.content, out=options.out, base_url=url, jobs=options.jobs,
            search=options.search, quiet=not first, cache_dir=options.cache_dir))
    except Exception as error:  # whatever went wrong, the server keeps running
        failure = BuildError.from_exception(error, options.debug)
        _say(f"build failed: {failure}")
        state.finished(failure)
        return
    seconds = time.monotonic() - started
    _say(f"built in {seconds:.1f} s: {report.cables:,} cables, {report.pages:,} pages, "
         f"{report.written:,} files written, {len(report.warnings):,} warnings")
    problems = [f"{problem.location}: {problem.reason}" for problem in report.problems]
    for problem in problems[:10]:
        _say(f"problem: {problem}")
    if len(problems) > 10:
        _say(f"... and {len(problems) - 10} more problems: {report.path}")
    state.finished(None, problems)


def _describe(changes: list[str]) -> str:
    shown = [os.path.relpath(path) for path in changes[:3]]
    more = f" and {len(changes) - 3} more" if len(changes) > 3 else ""
    return ", ".join(shown) + more


def _say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)

"""Fixtures shared by several test modules: the demo site, built once, and served over HTTP."""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> Path:
    """The repository's content/ built into a temporary folder, search index included."""
    from sitegen.build import BuildOptions, build_site

    root = tmp_path_factory.mktemp("demo")
    build_site(BuildOptions(content=ROOT / "content", out=root / "public",
                            cache_dir=root / "cache", base_url="http://127.0.0.1/",
                            jobs=2, quiet=True))
    return root / "public"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # keep test output readable
        pass


@pytest.fixture(scope="session")
def demo_server(demo_site):
    """The demo site served by a local web server: yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(demo_site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()

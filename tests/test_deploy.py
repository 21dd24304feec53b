"""Deployment files: netlify.toml and the CI workflow say what they must, and the built site
needs nothing its Content-Security-Policy forbids (no inline script, style or handlers)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def netlify() -> dict:
    return tomllib.loads((ROOT / "netlify.toml").read_text(encoding="utf-8"))


def headers_for(pattern: str) -> dict:
    return next(h["values"] for h in netlify()["headers"] if h["for"] == pattern)


def test_netlify_builds_and_publishes_with_a_pinned_python():
    config = netlify()
    assert "sitegen build" in config["build"]["command"]
    assert config["build"]["publish"] == "public"
    assert re.fullmatch(r"3\.1[1-9]", config["build"]["environment"]["PYTHON_VERSION"])


def test_security_headers():
    values = headers_for("/*")
    policy = dict(part.strip().split(" ", 1) for part in
                  values["Content-Security-Policy"].split(";"))
    assert policy["script-src"] == "'self' 'wasm-unsafe-eval'"
    assert policy["worker-src"] == "'self' blob:"
    assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"
    assert "unsafe-inline" not in values["Content-Security-Policy"]
    assert values["X-Content-Type-Options"] == "nosniff"
    assert values["Referrer-Policy"]
    assert "immutable" in headers_for("/assets/*")["Cache-Control"]
    assert any(r["to"] == "/404.html" and r["status"] == 404 for r in netlify()["redirects"])


def test_ci_workflow_builds_on_push_and_schedule_and_keeps_the_site():
    workflow = yaml.safe_load((ROOT / ".github/workflows/site.yml").read_text())
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert "push" in triggers and triggers["schedule"][0]["cron"]
    steps = workflow["jobs"]["build"]["steps"]
    assert any("sitegen build" in step.get("run", "") for step in steps)
    uploads = [s["with"]["path"] for s in steps if "upload-artifact" in s.get("uses", "")]
    assert "public" in uploads


def test_built_pages_need_no_inline_code(demo_site):
    for page in demo_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), page
        assert "<style" not in html and not re.search(r"\sstyle=", html), page
        assert not re.search(r"\son[a-z]+=", html), page

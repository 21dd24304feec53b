"""content/site.toml: one typed schema with defaults, and clear errors for anything else.

Every key a site can set is a field of `SiteConfig` below; its comment is its documentation.
An unknown key or a value of the wrong type stops the build with a `SitegenError` naming the
file and line and suggesting the closest known key (a typo must never be silently ignored).
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from sitegen.errors import SitegenError, read_user_text


@dataclass(frozen=True)
class SiteConfig:
    title: str = "Cablegate"  # the site's name, shown in the header and the title of every page
    description: str = "US diplomatic cables of the 2010 Cablegate release."  # home and feeds
    base_url: str = "http://localhost:8000/"  # absolute URL of the site: canonical links, feed
    language: str = "en"  # <html lang>, and the search index language
    theme: str = "default"  # a folder under content/themes/ or the built-in themes/
    per_page: int = 100  # cables listed per index page (tag, origin, date...)
    home_newest: int = 20  # newest cables listed on the home page
    home_top: int = 20  # most used tags and origins listed on the home page
    feed_entries: int = 50  # newest cables in the Atom feed
    search_bundle_pages: int = 40000  # most pages per search index bundle (files per folder)
    search_bundle_mb: int = 18  # most MB of pages per search bundle (Pagefind needs ~40x in RAM)
    search_memory_mb: int = 2000  # the search step: Pagefind processes + the build's own memory
    footer: str = ""  # a line of plain text at the bottom of every page (licence, contact)
    params: dict = field(default_factory=dict)  # free-form values for custom templates

    @property
    def base_path(self) -> str:
        """The path part of base_url ("/" or "/cables/"), prefixed to every internal link."""
        match = re.match(r"^[a-z][a-z0-9+.-]*://[^/]*(/.*)?$", self.base_url, re.I)
        path = (match.group(1) if match else "") or "/"
        return path if path.endswith("/") else path + "/"

    def absolute(self, path: str) -> str:
        """The absolute URL of a site path like "/tag/PHUM/"."""
        return self.base_url.rstrip("/") + "/" + path.lstrip("/")


def load_config(path: Path, base_url: str | None = None) -> SiteConfig:
    """Read site.toml (a missing file means all defaults); `base_url` overrides the file."""
    values: dict = {}
    if path.exists():
        text = read_user_text(path)
        values = parse_toml(text, path)
        _check(values, text, path)
    config = SiteConfig(**values)
    if base_url:
        config = replace(config, base_url=base_url)
    if not config.base_url.endswith("/"):
        config = replace(config, base_url=config.base_url + "/")
    return config


def parse_toml(text: str, path: Path) -> dict:
    """The values of a TOML file the user writes; a syntax error names its line."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = re.search(r"line (\d+)", str(error))
        where = f"{path}:{line.group(1)}" if line else str(path)
        raise SitegenError(f"not valid TOML: {error}", where,
                           'write one `key = value` per line, strings in "quotes"') from None


def location_of(key: str, path: Path) -> str:
    """"content/site.toml:5", where `key` is set: for errors about its value found later."""
    try:
        return f"{path}:{_line_of(key, path.read_text(encoding='utf-8'))}"
    except (OSError, UnicodeDecodeError):
        return str(path)


def _check(values: dict, text: str, path: Path) -> None:
    """Reject unknown keys and values of the wrong type, naming the line they are on."""
    schema = {f.name: f for f in fields(SiteConfig)}
    defaults = SiteConfig()
    for key, value in values.items():
        where = f"{path}:{_line_of(key, text)}"
        if key not in schema:
            close = difflib.get_close_matches(key, schema, n=1)
            hint = f"did you mean `{close[0]}`?" if close else "known keys: " + ", ".join(schema)
            raise SitegenError(f"unknown setting `{key}`", where, hint)
        expected = type(getattr(defaults, key))
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise SitegenError(
                f"`{key}` must be a {_TYPE_NAMES[expected]}, not {type(value).__name__}",
                where, f"for example: {key} = {_example(getattr(defaults, key))}")
        if expected is int and value < 1:
            raise SitegenError(f"`{key}` must be at least 1", where, f"{key} = 100")


_TYPE_NAMES = {str: "string", int: "whole number", dict: "table", bool: "true/false"}


def _example(value) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, dict):
        return "{ key = \"value\" } (or a [params] section)"
    return str(value)


def _line_of(key: str, text: str) -> int:
    """The line where `key` is set, as a `key = ...` line or a `[key]` table header."""
    pattern = re.compile(rf'^\s*(\[\s*)?["\']?{re.escape(key)}["\']?\s*(=|\])')
    for number, line in enumerate(text.splitlines(), 1):
        if pattern.match(line):
            return number
    return 1

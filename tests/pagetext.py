"""Test helper: the visible text of an HTML page or fragment, as a reader would see it."""

from __future__ import annotations

import re
from html.parser import HTMLParser

_HIDDEN = {"script", "style", "head", "title", "template"}


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in _HIDDEN:
            self.hidden += 1
        self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in _HIDDEN:
            self.hidden -= 1
        self.parts.append(" ")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    """Text content, whitespace collapsed to single spaces."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    return re.sub(r"\s+", " ", "".join(parser.parts)).strip()


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def in_order(needles: list[str], haystack: list[str]) -> int:
    """How many of `needles` appear in `haystack` as a subsequence, in order."""
    found, position = 0, 0
    for needle in needles:
        try:
            position = haystack.index(needle, position) + 1
        except ValueError:
            return found
        found += 1
    return found

"""Pages of the WikiLeaks Cablegate mirror (`cable/YYYY/MM/REF.html`).

A page holds a metadata table (reference id, created, released, classification, origin)
and the cable in two `<pre>` blocks: the routing header, then the message. Inside the
blocks, `&#x000A;` encodes line breaks, `<a id='parN'>¶</a>` anchors mark paragraphs and
TAGS are links. The cable text is the two blocks joined by a blank line, entities
decoded, the paragraph anchors and `<br>` tags dropped (the mirror added both; the
line break after a `<br>` is kept), link texts kept.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from sitegen.sources.metadata import source_datetime
from sitegen.sources.record import (
    SourceFormatError,
    SourceProblem,
    SourceRecord,
    read_source_file,
)

# Column headings of the page's metadata table -> Cable field names.
_COLUMNS = {
    "reference id": "reference_id",
    "created": "created",
    "released": "released",
    "classification": "classification",
    "origin": "origin",
}
_PARAGRAPH_ANCHOR = re.compile(r"par\w*$")


class _PageReader(HTMLParser):
    """Collects the text of every <pre> block and the cells of the `cable` table."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.headings: list[str] = []
        self.cells: list[str] = []
        self._pre: list[str] | None = None
        self._cell: list[str] | None = None
        self._in_table = False
        self._skip_anchor = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "pre":
            self._pre = []
        elif tag == "a" and self._pre is not None:
            self._skip_anchor = _PARAGRAPH_ANCHOR.match(dict(attrs).get("id") or "") is not None
        elif tag == "table" and "cable" in (dict(attrs).get("class") or "").split():
            self._in_table = True
        elif tag in ("th", "td") and self._in_table:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre" and self._pre is not None:
            self.blocks.append("".join(self._pre))
            self._pre = None
        elif tag == "a":
            self._skip_anchor = False
        elif tag == "table":
            self._in_table = False
        elif tag in ("th", "td") and self._cell is not None:
            text = " ".join("".join(self._cell).split())
            (self.headings if tag == "th" else self.cells).append(text)
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._pre is not None:
            if not self._skip_anchor:
                self._pre.append(data)
        elif self._cell is not None:
            self._cell.append(data)


def parse_page(page: str, location: str = "") -> SourceRecord:
    """The cable text and stated metadata of one mirror page.

    Raises SourceFormatError when the page holds no <pre> block (not a cable page).
    """
    reader = _read(page)
    if not reader.blocks:
        raise SourceFormatError("no <pre> block with cable text: not a WikiLeaks cable page")
    text = "\n\n".join(reader.blocks)
    metadata, warnings = _table_metadata(reader.headings, reader.cells)
    return SourceRecord(text=text, metadata=metadata, location=location, warnings=warnings)


def pre_blocks(page: str) -> list[str]:
    """The text of the page's <pre> blocks (routing header, message), as parse_page reads them."""
    return _read(page).blocks


def _read(page: str) -> _PageReader:
    reader = _PageReader()
    reader.feed(page)
    reader.close()
    return reader


def _table_metadata(headings: list[str], cells: list[str]) -> tuple[dict, list[str]]:
    metadata: dict = {}
    warnings: list[str] = []
    for heading, value in zip(headings, cells, strict=False):
        key = _COLUMNS.get(heading.lower())
        if key is None or not value:
            continue
        if key in ("created", "released"):
            try:
                value = source_datetime(value)
            except ValueError as error:
                warnings.append(f"metadata table, {heading}: {error}")
                continue
        metadata[key] = value
    return metadata, warnings


def read_wikileaks_html(path: Path) -> SourceRecord | SourceProblem:
    """Read one mirror page; a page that cannot be read becomes a SourceProblem."""
    return read_source_file(path, parse_page)

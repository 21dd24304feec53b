"""The full-release `cables.csv` (251,287 cables, 1.7 GB), read as a stream.

Each record has 8 quoted columns: id, date (`MM/DD/YYYY HH:MM`), reference id, origin,
classification, references, header, body. Header and body span many lines. The release
was written by a database dump that escapes with a backslash (`\\"`, `\\\\`, a backslash
before the line break inside a field); standard CSV doubling (`""`) is read too.

One broken record must not take the rest of the file with it: an unbalanced quote
would otherwise swallow every following record into one field. So the stream is first
cut into records at lines that start a record (`"123","12/28/1966 18:48",...`), and each
piece is parsed on its own.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from sitegen.sources.decode import decode_bytes
from sitegen.sources.metadata import source_datetime
from sitegen.sources.record import SourceProblem, SourceRecord

COLUMNS = (
    "id", "date", "reference_id", "origin", "classification", "references", "header", "body",
)  # fmt: skip
_RECORD_START = re.compile(rb'"?\d+"?,"?\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}"?,')
_REFERENCE_ID = re.compile(r"\b\d{2}[A-Z][A-Z0-9]*\d\b")
# A record larger than this is not a cable (the largest are about 1 MB): stop collecting
# it so that a file without record starts cannot exhaust memory.
MAX_RECORD_BYTES = 32 * 1024 * 1024


class _Dialect(csv.Dialect):
    delimiter = ","
    quotechar = '"'
    escapechar = "\\"
    doublequote = True
    skipinitialspace = False
    lineterminator = "\n"
    quoting = csv.QUOTE_MINIMAL
    strict = True


def read_cables_csv(path: Path) -> Iterator[SourceRecord | SourceProblem]:
    """Yield every cable of the file, and a SourceProblem for every record that is not one."""
    try:
        handle = open(path, "rb")  # noqa: SIM115 -- closed by the with below
    except OSError as error:
        yield SourceProblem(str(path), f"cannot read file: {error.strerror or error}")
        return
    with handle:
        try:
            yield from parse_cables_csv(handle, str(path))
        except OSError as error:  # a read error midway: report it, keep what was read
            yield SourceProblem(str(path), f"read error: {error.strerror or error}")


def parse_cables_csv(lines: Iterable[bytes], name: str) -> Iterator[SourceRecord | SourceProblem]:
    """Cables of a cables.csv given as byte lines; `name` is used in locations."""
    row = 0
    for first_line, chunk in _records(lines):
        if chunk is not None and not chunk.strip():
            continue  # blank lines before the first record
        if first_line == 1 and chunk is not None and not _RECORD_START.match(chunk):
            if chunk.lstrip().lower().startswith((b'"id"', b"id,")):
                continue  # a header row naming the columns
        row += 1
        if chunk is None:
            yield SourceProblem(
                f"{name}:row {row} (line {first_line})",
                f"record longer than {MAX_RECORD_BYTES // 2**20} MB; skipped up to the next record",
            )
        else:
            yield _record(chunk, name, row, first_line)


def _records(lines: Iterable[bytes]) -> Iterator[tuple[int, bytes | None]]:
    """Cut the byte lines into records: (line number of the record's first line, its bytes,
    or None for a record too large to be a cable)."""
    parts: list[bytes] | None = []
    size = 0
    start = 1
    for number, line in enumerate(lines, start=1):
        if _RECORD_START.match(line):
            if parts is None or parts:
                yield start, None if parts is None else b"".join(parts)
            parts, size, start = [], 0, number
        if parts is None:
            continue
        size += len(line)
        if size > MAX_RECORD_BYTES:
            parts = None
        else:
            parts.append(line)
    if parts is None or parts:
        yield start, None if parts is None else b"".join(parts)


def _record(chunk: bytes, name: str, row: int, first_line: int) -> SourceRecord | SourceProblem:
    where = f"{name}:row {row}"
    text, warnings = decode_bytes(chunk, first_line)
    try:
        rows = list(csv.reader(text.splitlines(keepends=True), _Dialect))
    except csv.Error as error:
        return SourceProblem(f"{where} (line {first_line})", _csv_message(error))
    rows = [fields for fields in rows if fields]  # blank lines between records
    if len(rows) != 1 or len(rows[0]) != len(COLUMNS):
        found = " + ".join(str(len(fields)) for fields in rows)
        return SourceProblem(
            f"{where} (line {first_line})",
            f"expected {len(COLUMNS)} quoted columns ({', '.join(COLUMNS)}), found {found}",
        )
    values = dict(zip(COLUMNS, rows[0], strict=True))
    metadata, problems = _metadata(values)
    text = values["header"].rstrip("\n") + "\n\n" + values["body"]
    return SourceRecord(text=text, metadata=metadata, location=where, warnings=warnings + problems)


def _csv_message(error: csv.Error) -> str:
    if "unexpected end of data" in str(error):
        return "a quoted field is never closed (a missing quote, or the file ends mid-record)"
    return f"not a CSV record: {error}"


def _metadata(values: dict[str, str]) -> tuple[dict, list[str]]:
    metadata: dict = {}
    warnings: list[str] = []
    for key in ("reference_id", "origin", "classification"):
        if values[key].strip():
            metadata[key] = values[key].strip()
    if values["date"].strip():
        try:
            metadata["created"] = source_datetime(values["date"])
        except ValueError as error:
            warnings.append(f"date column: {error}")
    # The references column lists cited cables' reference ids; anything else in it is
    # left to the parser, which reads the REF: lines of the text.
    cited = _REFERENCE_ID.findall(values["references"].upper())
    if cited:
        metadata["references"] = list(dict.fromkeys(cited))
    return metadata, warnings

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
import hashlib
import io
import re
import struct
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, NamedTuple

from sitegen.sources.decode import decode_bytes
from sitegen.sources.metadata import source_datetime
from sitegen.sources.record import SourceProblem, SourceRecord

COLUMNS = (
    "id", "date", "reference_id", "origin", "classification", "references", "header", "body",
)  # fmt: skip
_RECORD_START = re.compile(rb'"?\d+"?,"?\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}"?,')
# The same, after the line break that ends the previous record.
_NEXT_RECORD = re.compile(b"\n" + _RECORD_START.pattern)
_REFERENCE_ID = re.compile(r"\b\d{2}[A-Z][A-Z0-9]*\d\b")
# A record larger than this is not a cable (the largest are about 1 MB): stop collecting
# it so that a file without record starts cannot exhaust memory.
MAX_RECORD_BYTES = 32 * 1024 * 1024
READ_SIZE = 16 * 1024 * 1024  # bytes read at a time


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
    for piece in read_csv_pieces(path):
        yield piece if isinstance(piece, SourceProblem) else piece.read()


def read_csv_pieces(path: Path) -> Iterator[CsvPiece | SourceProblem]:
    """The records of the file as bytes, not yet decoded (a build decodes only those whose
    bytes changed since it last read the file); a SourceProblem if it cannot be read."""
    try:
        handle = open(path, "rb")  # noqa: SIM115 -- closed by the with below
    except OSError as error:
        yield SourceProblem(str(path), f"cannot read file: {error.strerror or error}")
        return
    with handle:
        try:
            yield from csv_pieces(handle, str(path))
        except OSError as error:  # a read error midway: report it, keep what was read
            yield SourceProblem(str(path), f"read error: {error.strerror or error}")


class PieceMark(NamedTuple):
    """A record of a cables.csv without its bytes: where they are, and their fingerprint."""

    row: int
    first_line: int
    offset: int
    size: int
    fingerprint: str | None  # None for a record too long to be a cable


class CsvMarks:
    """Every record of a cables.csv as a mark, and a SourceProblem where the file cannot be
    read (after the records read). A build compares the fingerprints with its last read of
    the file and reads again only the records that changed (`piece_at`): at full scale, this
    pass over the whole file is done in a process of its own while the build loads its cache.
    Packed: the full release's 251,287 marks as objects took ~60 MB."""

    _PACKED = struct.Struct("<qqqq16s")  # row, first line, offset, size (-1: too long), hash

    def __init__(self, path: Path):
        packed = bytearray()
        self.problems: list[SourceProblem] = []
        for piece in read_csv_pieces(path):
            if isinstance(piece, SourceProblem):
                self.problems.append(piece)
            elif piece.data is None:
                packed += self._PACKED.pack(piece.row, piece.first_line, piece.offset, -1, b"")
            else:
                fingerprint = bytes.fromhex(piece.fingerprint())
                packed += self._PACKED.pack(piece.row, piece.first_line, piece.offset,
                                            len(piece.data), fingerprint)
        self.packed = bytes(packed)

    def __iter__(self) -> Iterator[PieceMark | SourceProblem]:
        for row, first_line, offset, size, fingerprint in self._PACKED.iter_unpack(self.packed):
            yield (PieceMark(row, first_line, offset, 0, None) if size < 0 else
                   PieceMark(row, first_line, offset, size, fingerprint.hex()))
        yield from self.problems


def piece_at(handle: BinaryIO, name: str, mark: PieceMark) -> CsvPiece | SourceProblem:
    """The record at a mark, read again from the file open in `handle`."""
    if mark.fingerprint is None:
        return CsvPiece(name, mark.row, mark.first_line, None, mark.offset)
    handle.seek(mark.offset)
    piece = CsvPiece(name, mark.row, mark.first_line, handle.read(mark.size), mark.offset)
    if piece.fingerprint() != mark.fingerprint:
        return SourceProblem(piece.location, "the file changed while it was read: build again")
    return piece


def row_location(name: str, row: int) -> str:
    return f"{name}:row {row}"


def parse_cables_csv(lines: Iterable[bytes], name: str) -> Iterator[SourceRecord | SourceProblem]:
    """Cables of a cables.csv given as byte lines; `name` is used in locations."""
    for piece in csv_pieces(io.BytesIO(b"".join(lines)), name):
        yield piece.read()


@dataclass
class CsvPiece:
    """One record of a cables.csv as it is in the file: its bytes, from its first line up
    to the next record's (None for a record longer than MAX_RECORD_BYTES), and where."""

    name: str
    row: int
    first_line: int
    data: bytes | memoryview | None
    offset: int = 0  # where its bytes start in the file

    @property
    def location(self) -> str:
        return row_location(self.name, self.row)

    def fingerprint(self) -> str | None:
        """A hash of the bytes: equal fingerprints, equal records (bar their location).
        (SHA-256, cut to 128 bits: with the CPU's SHA instructions, twice as fast as BLAKE2
        here, and every byte of a 2.6 GB cables.csv goes through it at each rebuild.)"""
        return None if self.data is None else hashlib.sha256(self.data).digest()[:16].hex()

    def read(self) -> SourceRecord | SourceProblem:
        if self.data is None:
            return SourceProblem(
                f"{self.location} (line {self.first_line})",
                f"record longer than {MAX_RECORD_BYTES // 2**20} MB; skipped up to the next record",
            )
        return _record(bytes(self.data), self.name, self.row, self.first_line)


def csv_pieces(handle: BinaryIO, name: str) -> Iterator[CsvPiece]:
    """The records of a binary stream; blank lines and a header row before the first are
    passed over."""
    row = 0
    line = 1
    for data, lines, offset in _records(handle):
        first_line, line = line, line + lines
        if first_line == 1 and data is not None and not _RECORD_START.match(data):
            data = bytes(data)
            if not data.strip() or data.lstrip().lower().startswith((b'"id"', b"id,")):
                continue  # blank lines, or a header row naming the columns
        row += 1
        yield CsvPiece(name, row, first_line, data, offset)


def _records(handle: BinaryIO) -> Iterator[tuple[memoryview | None, int, int]]:
    """Cut the stream into records at the lines that start one: (its bytes, or None for a
    record too large to be a cable; its number of line breaks; where it starts in the
    stream). Only the first piece can start with another line (blank lines, a header row,
    junk).

    Read in large blocks searched by one regular expression, and the records given as views
    of the block, not copies: looking at each line in Python took three times as long."""
    record = b""  # the record being read, up to the end of the last block
    too_long = False  # then `record` is only its end, and `dropped` its line breaks before
    dropped = 0
    read = 0  # bytes read from the stream
    origin = 0  # where `data` starts in the stream

    def piece(start: int, end: int) -> tuple[memoryview | None, int, int]:
        lines = dropped + data.count(b"\n", start, end)
        if too_long or end - start > MAX_RECORD_BYTES:
            return None, lines, origin + start
        return view[start:end], lines, origin + start

    while True:
        block = handle.read(READ_SIZE)
        origin = read - len(record)
        read += len(block)
        data = record + block
        view = memoryview(data)
        start = 0
        # (Searched again from the record's start: a start line may straddle two blocks.)
        for match in _NEXT_RECORD.finditer(data):
            end = match.start() + 1  # after the line break
            yield piece(start, end)
            start, too_long, dropped = end, False, 0
        record = data[start:]
        if not block:
            break
        cut = record.rfind(b"\n")  # the record goes on at least up to its last line break
        if cut < 0 and len(record) > MAX_RECORD_BYTES or cut >= MAX_RECORD_BYTES:
            # Not a cable: drop all but its last line (where the next record may begin).
            cut = len(record) if cut < 0 else cut
            too_long, dropped = True, dropped + record.count(b"\n", 0, cut)
            record = record[cut:]
    if record or too_long:
        yield piece(start, len(data))


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

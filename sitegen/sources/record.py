"""What every reader yields: a cable's text, the metadata its source states, and where it was."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class SourceRecord:
    """One cable as read from an input file, before parsing.

    `metadata` holds what the source itself states and overrides the parsed values:
    front-matter keys of a text file, the metadata table of a WikiLeaks page, the
    columns of cables.csv. Keys use Cable field names (reference_id, created, released,
    classification, origin, ...).
    """

    text: str
    metadata: dict = field(default_factory=dict)
    location: str = ""  # "content/cables/x.txt", "cables.csv:row 1234" -- for messages
    warnings: list[str] = field(default_factory=list)  # repairs made while reading ("line 3: ...")


@dataclass
class SourceProblem:
    """An input that could not be read, with a message naming file and line."""

    location: str
    message: str


class SourceFormatError(ValueError):
    """Raised by the pure readers (text -> SourceRecord) when the input cannot be a cable;
    the file readers turn it into a SourceProblem at `file:line`."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line

    def at(self, location: str) -> SourceProblem:
        where = f"{location}:{self.line}" if self.line else location
        return SourceProblem(where, str(self))


def read_source_file(path, parse) -> SourceRecord | SourceProblem:
    """Read one file with `parse(text, location)`; what cannot be read becomes a SourceProblem.

    Decoding repairs (cp1252 bytes, NULs...) come first in the record's warnings."""
    from pathlib import Path

    from sitegen.sources.decode import decode_bytes

    location = str(path)
    try:
        text, warnings = decode_bytes(Path(path).read_bytes())
    except OSError as error:
        return SourceProblem(location, f"cannot read file: {error.strerror or error}")
    try:
        record = parse(text, location)
    except SourceFormatError as error:
        return error.at(location)
    record.warnings[:0] = warnings
    return record

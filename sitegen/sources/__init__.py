"""Readers: each yields SourceRecord values from one input format.

`read_sources(paths)` is the one entry point: it walks files and folders in a stable
order, picks the reader by file extension, and streams records and problems; a file
that cannot be read is reported and the stream goes on.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from sitegen.sources.cables_csv import read_cables_csv
from sitegen.sources.record import SourceProblem, SourceRecord
from sitegen.sources.text import read_text
from sitegen.sources.wikileaks_html import read_wikileaks_html

__all__ = ["SourceProblem", "SourceRecord", "SUFFIXES", "is_csv", "read_sources", "source_files"]

SUFFIXES = {".txt": "text", ".md": "text", ".html": "html", ".htm": "html", ".csv": "csv"}


def read_sources(paths: Iterable[Path | str]) -> Iterator[SourceRecord | SourceProblem]:
    """Every cable in `paths` (files, or folders walked recursively in sorted order)."""
    for item in source_files(paths):
        if isinstance(item, SourceProblem):
            yield item
            continue
        kind = SUFFIXES[item.suffix.lower()]
        if kind == "csv":
            yield from read_cables_csv(item)
        elif kind == "html":
            yield read_wikileaks_html(item)
        else:
            yield read_text(item)


def is_csv(path: Path) -> bool:
    """Whether the file is a cables.csv (read record by record, not as one cable)."""
    return SUFFIXES.get(path.suffix.lower()) == "csv"


def source_files(paths: Iterable[Path | str]) -> Iterator[Path | SourceProblem]:
    """The input files named by `paths`, folders expanded; problems for what is not there.

    Inside folders, files of other kinds, hidden entries (`.git`, `.DS_Store`) and READMEs
    are passed over in silence; a file named explicitly must be of a known kind.
    """
    for path in map(Path, paths):
        if path.is_dir():
            yield from _walk(path)
        elif not path.exists():
            yield SourceProblem(str(path), "no such file or folder")
        elif path.suffix.lower() not in SUFFIXES:
            known = ", ".join(SUFFIXES)
            yield SourceProblem(str(path), f"unknown kind of file (expected one of {known})")
        else:
            yield path


def _walk(folder: Path) -> Iterator[Path | SourceProblem]:
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as error:
        yield SourceProblem(str(folder), f"cannot list folder: {error.strerror or error}")
        return
    for entry in entries:
        if entry.name.startswith(".") or entry.name.upper().startswith("README."):
            continue
        path = Path(entry.path)
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(path)
        elif entry.is_file() and path.suffix.lower() in SUFFIXES:
            yield path

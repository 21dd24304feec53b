"""`sitegen import`: turn WikiLeaks pages or a cables.csv into one text file per cable.

Each file holds YAML front matter with what the source states (reference id, created,
released, classification, origin...) and then the cable text exactly as read, so a
corpus can live in git, be edited by hand, and be read back by `sitegen.sources.text`.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from sitegen.sources import read_sources
from sitegen.sources.record import SourceProblem, SourceRecord

# Front-matter keys in the order a reader expects them; other stated keys follow.
KEY_ORDER = ("reference_id", "created", "released", "classification", "origin")
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")
_MAX_NAME = 100


class _FrontMatterDumper(yaml.SafeDumper):
    """Block mappings with lists on one line: `tags: [PHUM, PREL, KZ]`."""


_FrontMatterDumper.add_representer(
    list, lambda dumper, value: dumper.represent_sequence("tag:yaml.org,2002:seq", value, True)
)


@dataclass
class ImportReport:
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # "location: why" -- nothing written
    problems: list[SourceProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # "location: what" -- written anyway

    @property
    def cables(self) -> int:
        return len(self.written) + len(self.unchanged)


def safe_file_name(reference_id: str) -> str:
    """A file name (without extension) from a reference id that can never leave its folder:
    letters, digits, `_` and `-` only, never empty, never `.` or `..`."""
    name = _UNSAFE.sub("_", reference_id).strip("_-")[:_MAX_NAME]
    if not name:
        digest = hashlib.sha1(reference_id.encode("utf-8", "replace")).hexdigest()[:12]
        name = f"cable-{digest}"
    return name


def cable_document(record: SourceRecord, reference_id: str) -> str:
    """Front matter with the source's metadata, then the cable text verbatim."""
    metadata = dict(record.metadata)
    metadata.setdefault("reference_id", reference_id)
    ordered = {key: metadata[key] for key in KEY_ORDER if metadata.get(key)}
    ordered.update((key, value) for key, value in metadata.items() if key not in ordered)
    front = yaml.dump(
        ordered, Dumper=_FrontMatterDumper, sort_keys=False, allow_unicode=True, width=1000
    )
    return f"---\n{front}---\n{record.text}"


def import_cables(paths: Iterable[Path | str], target: Path, force: bool = False) -> ImportReport:
    """Write every cable found in `paths` to `target/REF.txt`.

    A file that exists with other content is kept unless `force`; two cables with the
    same reference id both get a file (`REF.txt`, `REF.2.txt`) so the build reports the
    duplicate instead of one silently replacing the other.
    """
    report = ImportReport()
    target.mkdir(parents=True, exist_ok=True)
    taken: dict[str, str] = {}  # file name -> location of the cable written there
    for item in read_sources(paths):
        if isinstance(item, SourceProblem):
            report.problems.append(item)
            continue
        report.warnings += [f"{item.location}: {warning}" for warning in item.warnings]
        reference_id = _reference_id(item)
        name = safe_file_name(reference_id)
        if name in taken:
            number = 2
            while f"{name}.{number}" in taken:
                number += 1
            report.warnings.append(
                f"{item.location}: reference id {reference_id} was already imported from "
                f"{taken[name]}; written as {name}.{number}.txt (the build reports duplicates)"
            )
            name = f"{name}.{number}"
        taken[name] = item.location
        _write(target / f"{name}.txt", cable_document(item, reference_id), force, item, report)
    return report


def _reference_id(record: SourceRecord) -> str:
    """The stated reference id, else the parsed one, else the source file's name."""
    stated = str(record.metadata.get("reference_id") or "").strip()
    if stated:
        return stated
    from sitegen.cable.parse import parse_cable  # only needed for sources that state none

    parsed = parse_cable(record.text).reference_id
    return parsed or Path(record.location.split(":row ")[0]).stem


def _write(path: Path, document: str, force: bool, record: SourceRecord, report) -> None:
    data = document.encode("utf-8")
    if path.exists():
        if path.read_bytes() == data:
            report.unchanged.append(path)
            return
        if not force:
            report.skipped.append(
                f"{record.location}: {path} exists with other content; kept it "
                "(--force replaces it)"
            )
            return
    # Write beside the target and rename, so an interrupted import leaves no half file.
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".import-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    report.written.append(path)

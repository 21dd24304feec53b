"""`sitegen parse PATH...`: read cables from any source and print what the parser finds.

With `--json`, one JSON object per cable per line (`Cable.to_dict()` after the source's
metadata is applied); otherwise a short readable summary per cable. Problems and reading
repairs go to stderr with the file (and CSV row). The exit status is non-zero only when
nothing could be read at all.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from sitegen.cable.model import Cable
from sitegen.sources import read_sources
from sitegen.sources.record import SourceProblem


def parse_paths(
    paths: Iterable[Path | str],
    as_json: bool = False,
    out: TextIO = sys.stdout,
    err: TextIO = sys.stderr,
) -> int:
    from sitegen.cable.parse import apply_metadata, parse_cable

    cables = problems = 0
    for item in read_sources(paths):
        if isinstance(item, SourceProblem):
            problems += 1
            print(f"{item.location}: {item.message}", file=err)
            continue
        for warning in item.warnings:
            print(f"{item.location}: warning: {warning}", file=err)
        try:
            cable = parse_cable(item.text, reference_id=item.metadata.get("reference_id"))
            cable = apply_metadata(cable, item.metadata)
        except Exception as error:  # a parser bug must not stop the other cables
            problems += 1
            print(f"{item.location}: could not be parsed: {error!r}", file=err)
            continue
        cables += 1
        if as_json:
            print(json.dumps(cable.to_dict(), ensure_ascii=False), file=out)
        else:
            print(summary(cable, item.location), file=out)
    if not as_json:
        print(f"{cables} cables, {problems} problems", file=out)
    if cables == 0:
        print("error: no cable could be read", file=err)
        return 1
    return 0


def summary(cable: Cable, location: str) -> str:
    """A few lines a person can scan: identity, subject, the main fields, warnings."""
    lines = [
        "  ".join(
            value or "?"
            for value in (cable.reference_id, cable.created, cable.origin, cable.classification)
        ),
        f"  {cable.subject or '(no subject)'}",
    ]
    facts = [f"tags: {' '.join(cable.tags)}" if cable.tags else "no tags"]
    if cable.references:
        facts.append(f"cites: {' '.join(cable.references)}")
    facts.append(f"{len(cable.paragraphs)} paragraphs")
    if cable.signers:
        facts.append(f"signed: {', '.join(cable.signers)}")
    lines.append("  " + " | ".join(facts))
    lines += [f"  warning: {warning}" for warning in cable.warnings]
    lines.append(f"  from {location}")
    return "\n".join(lines)

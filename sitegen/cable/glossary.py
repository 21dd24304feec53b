"""What a TAGS code means and what kind of tag it is, from the glossary data file.

The glossary (`data/tags.tsv`) names subject and program tags of the State Department's
TAGS system, FIPS 10-4 country codes and organisations. Codes it does not list are
explained where their shape allows, always saying so:
- person tags, written `SURNAME, GIVEN` (the parser's form of `TAGS: OVIP CLINTON HILLARY`);
- TAGS region codes (two letters starting with X, which FIPS never assigns);
- two known codes run together (`KDEMAF` = KDEM + AF);
- a TAGS code with one letter too many, one too few or two letters swapped (`POGOV`),
  when exactly one known subject or program code is that close.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

KINDS = ("subject", "program", "country", "organisation", "person")
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass(frozen=True)
class TagEntry:
    code: str
    kind: str
    meaning: str


@cache
def glossary() -> dict[str, TagEntry]:
    """Every entry of the data file, by code."""
    text = resources.files("sitegen.cable").joinpath("data/tags.tsv").read_text("utf-8")
    lines = (line for line in text.splitlines() if line.strip() and not line.startswith("#"))
    entries = {}
    for number, (code, kind, meaning) in enumerate(csv.reader(lines, delimiter="\t"), 1):
        if kind not in KINDS:  # a broken data file is a bug in sitegen, not user input
            raise ValueError(f"tags.tsv entry {number} ({code}): unknown kind {kind!r}")
        entries[code] = TagEntry(code, kind, meaning)
    return entries


def tag_meaning(code: str) -> str:
    """`PHUM` -> "Human Rights"; `CLINTON, HILLARY` -> "Hillary Clinton"; unknown -> ""."""
    entry = lookup(code)
    return entry.meaning if entry else ""


def tag_kind(code: str) -> str:
    """One of KINDS. Codes nobody can explain are classed by their shape: two letters
    are a country (FIPS), four letters starting with K a program, the rest subjects."""
    if entry := lookup(code):
        return entry.kind
    code = code.strip()
    if len(code) == 2:
        return "country"
    if len(code) == 4 and code.upper().startswith("K"):
        return "program"
    return "subject"


@cache
def lookup(code: str) -> TagEntry | None:
    """The glossary entry for `code`, or one derived from its shape (see the module
    docstring); None when the code cannot be explained."""
    code = code.strip().upper()
    known = glossary()
    if code in known:
        return known[code]
    if "," in code:
        surname, given = (part.strip() for part in code.split(",", 1))
        return TagEntry(code, "person", f"{given.title()} {surname.title()}".strip())
    if len(code) == 2 and code.startswith("X"):
        return TagEntry(code, "country", "A region (TAGS region code)")
    if parts := _run_together(code):
        meaning = "; ".join(known[part].meaning for part in parts)
        return TagEntry(code, known[parts[0]].kind, f"{meaning} ({' + '.join(parts)})")
    if near := _misspelt(code):
        entry = known[near]
        return TagEntry(code, entry.kind, f"{entry.meaning} (probably {near}, written {code})")
    return None


def _run_together(code: str) -> tuple[str, str] | None:
    """Two known codes written without the space between them (`KDEMAF` = KDEM + AF)."""
    known = glossary()
    for cut in (4, 2):  # a subject or program code first, or a country code first
        head, tail = code[:cut], code[cut:]
        if len(tail) >= 2 and head in known and tail in known:
            return head, tail
    return None


def _misspelt(code: str) -> str | None:
    """The one four-letter subject or program code one slip away from `code`, if any."""
    if not 3 <= len(code) <= 5 or not code.isalpha():
        return None
    candidates = {code[:i] + code[i + 1 :] for i in range(len(code))}  # a letter too many
    candidates |= {code[:i] + c + code[i:] for i in range(len(code) + 1) for c in _LETTERS}
    candidates |= {
        code[:i] + code[i + 1] + code[i] + code[i + 2 :] for i in range(len(code) - 1)
    }  # two letters swapped
    known = glossary()
    matches = {
        c for c in candidates
        if len(c) == 4 and c in known and known[c].kind in ("subject", "program")
    }  # fmt: skip
    return matches.pop() if len(matches) == 1 else None

"""How well the parser reads cables from their text alone, against the release's own metadata.

    python benchmarks/accuracy.py [--corpus ../shared/corpus] [--show-misses]

Each page of the WikiLeaks mirror (`cablegate-html/`) is reduced to its two <pre> blocks
joined (the metadata table is ignored) and parsed with `parse_cable(text)`; the result is
compared with `cablegate-truth.jsonl`:

- reference id: exact, on every cable, and on those whose text carries a date;
- created: date and hour, on every cable whose text carries a date-time group or dateline
  (the mirror printed minutes wrongly -- `15:03` for 15:53, the hour on a 12-hour clock --
  so its minutes cannot be checked; a dateline without a time checks the date only);
- classification and origin: exact;
- tags: precision and recall of tag codes (words of 2 to 5 capital letters; the truth split
  multi-word tags into words, so the parser's person tags are split the same way). The
  release recorded only the first line of a TAGS field that wraps (`TAGS PREL, ..., IR,`
  then `TU, IQ` on the next line: the truth lacks TU and IQ), so tags are scored twice:
  all the tags the parser reads, and those of the first TAGS line (read by the same
  function) -- the figure comparable with the truth.

Known contradictions between the truth and the text (not fixable from the text, listed
with --show-misses): 09TBILISI1123 is headed CONFIDENTIAL (ZNY CCCCC) but listed as
SECRET//NOFORN; 09MEXICO3061 has a NOFORN caveat line but is listed as SECRET;
05LONDON4981 (a partial extract) has no NOFORN anywhere but is listed CONFIDENTIAL//NOFORN;
06KABUL3934's page holds only the first 35 lines of the cable (no TAGS line).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.cable.parse import normalise_text, parse_cable
from sitegen.cable.tags import find_tags_text, parse_tags
from sitegen.sources.wikileaks_html import pre_blocks

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
_CODE = re.compile(r"[A-Z]{2,5}")

# Cables whose classification in the truth contradicts their own text (see the docstring).
# They are scored in the raw figure, and left out of the "consistent" one.
CLASSIFICATION_CONTRADICTIONS = {
    "09TBILISI1123": "headed C O N F I D E N T I A L, ZNY CCCCC; truth SECRET//NOFORN",
    "09MEXICO3061": "NOFORN caveat line under S E C R E T; truth SECRET",
    "05LONDON4981": "partial extract without any NOFORN marking; truth CONFIDENTIAL//NOFORN",
}


@dataclass
class Score:
    """Counts for one field: cables compared and cables right."""

    total: int = 0
    right: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, ok: bool, miss: str) -> None:
        self.total += 1
        self.right += ok
        if not ok:
            self.misses.append(miss)

    @property
    def rate(self) -> float:
        return self.right / self.total if self.total else 1.0


@dataclass
class TagScore:
    found: int = 0
    right: int = 0
    expected: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, found: set[str], wanted: set[str], ref: str) -> None:
        self.found += len(found)
        self.expected += len(wanted)
        self.right += len(found & wanted)
        if found != wanted:
            self.misses.append(
                f"{ref}: extra {sorted(found - wanted)} missing {sorted(wanted - found)}"
            )

    @property
    def precision(self) -> float:
        return self.right / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.expected if self.expected else 1.0


@dataclass
class Report:
    reference_id: Score = field(default_factory=Score)
    reference_id_dated: Score = field(default_factory=Score)
    created: Score = field(default_factory=Score)
    classification: Score = field(default_factory=Score)
    classification_consistent: Score = field(default_factory=Score)
    origin: Score = field(default_factory=Score)
    tags: TagScore = field(default_factory=TagScore)  # every tag the parser reads
    first_line_tags: TagScore = field(default_factory=TagScore)  # as the release recorded


def tag_codes(tags: list[str]) -> set[str]:
    """Words of 2 to 5 capital letters in a list of tags ("CLINTON, HILLARY" -> none)."""
    return {w for tag in tags for w in re.split(r"[\s,]+", tag) if _CODE.fullmatch(w)}


def same_created(parsed: str, truth: str) -> bool:
    """`2009-07-14T09:57Z` against the mirror's `2009-07-14 09:09`: date and hour."""
    if len(parsed) == 10:  # a dateline without a time
        return parsed == truth[:10]
    return parsed[:13].replace("T", " ") == truth[:13]


def load_texts(corpus: Path) -> dict[str, str]:
    """Reference id -> the page's two <pre> blocks joined, for every page of the mirror."""
    pages = sorted((corpus / "cablegate-html").rglob("*.html"))
    return {
        page.stem: "\n\n".join(pre_blocks(page.read_text("utf-8", errors="replace")))
        for page in pages
    }


def evaluate(corpus: Path, texts: dict[str, str] | None = None) -> Report:
    truth = {}
    for line in (corpus / "cablegate-truth.jsonl").read_text("utf-8").splitlines():
        record = json.loads(line)
        truth[record["reference_id"]] = record
    report = Report()
    for ref, text in (texts or load_texts(corpus)).items():
        expected = truth[ref]
        cable = parse_cable(text, find_people=False)  # persons are scored by persons_eval.py
        dated = bool(cable.created)
        report.reference_id.add(cable.reference_id == ref, f"{ref}: {cable.reference_id!r}")
        if dated:
            report.reference_id_dated.add(
                cable.reference_id == ref, f"{ref}: {cable.reference_id!r}"
            )
            report.created.add(
                same_created(cable.created, expected["created"]),
                f"{ref}: {cable.created!r} (truth {expected['created']})",
            )
        right = cable.classification == expected["classification"]
        miss = f"{ref}: {cable.classification!r} (truth {expected['classification']})"
        report.classification.add(right, miss)
        if ref not in CLASSIFICATION_CONTRADICTIONS:
            report.classification_consistent.add(right, miss)
        report.origin.add(
            cable.origin == expected["origin"],
            f"{ref}: {cable.origin!r} (truth {expected['origin']})",
        )
        wanted = tag_codes(expected["tags"])
        report.tags.add(tag_codes(cable.tags), wanted, ref)
        first_line = parse_tags(
            find_tags_text(cable.body, wrapped=False)
            or find_tags_text(normalise_text(text), wrapped=False)
        )
        report.first_line_tags.add(tag_codes(first_line), wanted, ref)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args(argv)
    report = evaluate(args.corpus)
    rows = [
        ("reference id (all cables)", report.reference_id),
        ("reference id (text has a date)", report.reference_id_dated),
        ("created (text has a date)", report.created),
        ("classification", report.classification),
        ("classification (truth consistent)", report.classification_consistent),
        ("origin", report.origin),
    ]
    for label, score in rows:
        print(f"{label:32} {score.right:4}/{score.total:<4} {score.rate:8.2%}")
        if args.show_misses:
            for miss in score.misses:
                print(f"    {miss}")
    for label, score in (("first TAGS line", report.first_line_tags), ("all", report.tags)):
        name = "tag codes precision, " + label
        print(f"{name:32} {score.right:4}/{score.found:<4} {score.precision:8.2%}")
        name = "tag codes recall, " + label
        print(f"{name:32} {score.right:4}/{score.expected:<4} {score.recall:8.2%}")
        if args.show_misses:
            for miss in score.misses:
                print(f"    {miss}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

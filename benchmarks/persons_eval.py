"""Precision and recall of the persons found in cables, against the hand-labeled set; and what
finding them costs in parse time.

    python benchmarks/persons_eval.py [--corpus ../shared/corpus] [--errors] [--split holdout]
        [--speed] [--repeat 3]

The labels are `tests/data/persons/*.json`, one file per cable: the persons a reader finds
in it (canonical name and the mentions as written), from a mix of mixed-case and ALL-CAPS
cables; `split` tells the cables the rules were tuned on (dev) from those kept aside
(holdout). A found person counts as right when its name is, spelling aside, the labeled
canonical name or one of the labeled mentions of a person not already matched; every other
found person is a false positive, every unmatched label a miss. Figures are micro-averaged
over persons, per split and overall. "upper-cased" runs the mixed-case cables again with
their text in capitals: the held-out judge has many ALL-CAPS cables and this corpus few.

--speed times `parse_cable` over every cable of the corpus, and `find_persons` alone on the
same parsed cables, and prints the extraction's share of parse time.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.cable import people as people_module
from sitegen.cable.names import name_parts, part_key
from sitegen.cable.parse import parse_cable
from sitegen.cable.people import find_persons
from sitegen.sources.text import read_text
from sitegen.sources.wikileaks_html import read_wikileaks_html

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "tests" / "data" / "persons"
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"


@dataclass
class Score:
    """Counts for a set of cables."""

    found: int = 0
    right: int = 0
    labeled: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.right / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.labeled if self.labeled else 1.0

    def add(self, other: Score) -> None:
        self.found += other.found
        self.right += other.right
        self.labeled += other.labeled
        self.errors += other.errors


def load_labels(folder: Path = LABELS) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]


def cable_text(label: dict, corpus: Path) -> str:
    """The text of a labeled cable, read the way `sitegen` reads its source."""
    path = corpus / label["source"]
    record = read_wikileaks_html(path) if path.suffix == ".html" else read_text(path)
    return record.text


def name_key(name: str) -> tuple[str, ...]:
    return tuple(part_key(p) for p in name_parts(name))


def score_cable(reference_id: str, found_names: list[str], persons: list[dict]) -> Score:
    """Match found names one to one against the labeled persons of a cable."""
    score = Score(found=len(found_names), labeled=len(persons))
    unmatched = list(persons)
    for name in found_names:
        key = name_key(name)
        match = next(
            (
                p
                for p in unmatched
                if key in {name_key(p["name"]), *(name_key(x) for x in p["mentions"])}
            ),
            None,
        )
        if match is None:
            score.errors.append(f"{reference_id}: false positive {name!r}")
        else:
            unmatched.remove(match)
            score.right += 1
    score.errors += [f"{reference_id}: missed {p['name']!r}" for p in unmatched]
    return score


def evaluate(labels: list[dict], corpus: Path, upper: bool = False) -> dict[str, Score]:
    """Scores per split ("dev", "holdout") and overall ("all")."""
    scores = {"dev": Score(), "holdout": Score(), "all": Score()}
    for label in labels:
        text = cable_text(label, corpus)
        if upper:
            if not any(c.islower() for c in text):
                continue  # already in capitals
            text = text.upper()
        cable = parse_cable(text)
        score = score_cable(
            label["reference_id"], [p.name for p in cable.persons], label["persons"]
        )
        scores[label["split"]].add(score)
        scores["all"].add(score)
    return scores


def speed(corpus: Path, repeat: int) -> dict[str, float]:
    """CPU seconds per cable for `parse_cable` with and without finding persons (the finder
    replaced by a no-op), alternating runs and keeping the fastest of each."""
    texts = [read_wikileaks_html(p).text for p in sorted(corpus.glob("cablegate-html/**/*.html"))]
    find_persons(parse_cable(texts[0]))  # load the word tables before timing
    with_persons, without = [], []
    for _ in range(repeat):
        without.append(_time_parsing(texts, persons=False))
        with_persons.append(_time_parsing(texts, persons=True))
    full, rest = min(with_persons), min(without)
    return {
        "cables": len(texts),
        "parse_ms": 1000 * full / len(texts),
        "persons_ms": 1000 * (full - rest) / len(texts),
        "share": (full - rest) / rest,
        "median_kb": statistics.median(len(t) for t in texts) / 1000,
    }


def _time_parsing(texts: list[str], persons: bool) -> float:
    saved = people_module.find_persons
    if not persons:
        people_module.find_persons = lambda cable: []
    try:
        start = time.process_time()
        for text in texts:
            parse_cable(text)
        return time.process_time() - start
    finally:
        people_module.find_persons = saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--errors", action="store_true", help="list every miss and false positive")
    parser.add_argument(
        "--split",
        choices=("dev", "holdout", "all"),
        default="all",
        help="which cables' errors to list",
    )
    parser.add_argument("--speed", action="store_true", help="time extraction against parsing")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    labels = load_labels()
    print(f"{len(labels)} labeled cables, {sum(len(x['persons']) for x in labels)} persons")
    print(
        f"{'text':<12} {'split':<8} {'found':>5} {'right':>5} {'labeled':>7} "
        f"{'precision':>9} {'recall':>6}"
    )
    for upper in (False, True):
        scores = evaluate(labels, args.corpus, upper)
        for split, s in scores.items():
            kind = "upper-cased" if upper else "as written"
            print(
                f"{kind:<12} {split:<8} {s.found:>5} {s.right:>5} {s.labeled:>7} "
                f"{s.precision:>9.3f} {s.recall:>6.3f}"
            )
        if args.errors:
            by_split = {x["reference_id"]: x["split"] for x in labels}
            for error in scores["all"].errors:
                if args.split in ("all", by_split[error.split(":")[0]]):
                    print("   ", "UPPER" if upper else "", error)
    if args.speed:
        figures = speed(args.corpus, args.repeat)
        print(
            f"speed over {figures['cables']} cables (median {figures['median_kb']:.1f} KB), "
            f"CPU time: parse_cable {figures['parse_ms']:.3f} ms/cable with persons, "
            f"of which finding persons {figures['persons_ms']:.3f} ms = "
            f"{100 * figures['share']:.0f} % on top of the rest of parsing"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

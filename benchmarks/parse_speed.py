"""Cables per second that `parse_cable` reads on one core.

    python benchmarks/parse_speed.py [--corpus ../shared/corpus] [--seconds 5]

The texts are the 392 pages of the WikiLeaks mirror (the two <pre> blocks joined, read
once before timing). Reported: the rate over the cables of median size (the middle half
by length, around the release's median of 8.6 KB), over all of them, and the same for
the parser without the person finder (`find_persons`, issue 4's part), which is timed on
its own in benchmarks/persons_eval.py.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from sitegen.cable.parse import parse_cable
from sitegen.sources.wikileaks_html import pre_blocks

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


def load_texts(corpus: Path) -> list[str]:
    pages = sorted((corpus / "cablegate-html").rglob("*.html"))
    return ["\n\n".join(pre_blocks(p.read_text("utf-8", errors="replace"))) for p in pages]


def rate(texts: list[str], seconds: float, find_people: bool = True) -> float:
    """Cables per second of CPU time (one core; other processes on the machine do not count),
    parsing `texts` over and over for about `seconds`."""
    for text in texts[:20]:  # warm up: word tables and compiled patterns load once
        parse_cable(text, find_people=find_people)
    done = 0
    start = time.process_time()
    while time.process_time() - start < seconds:
        for text in texts:
            parse_cable(text, find_people=find_people)
        done += len(texts)
    return done / (time.process_time() - start)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args(argv)
    texts = load_texts(args.corpus)
    by_size = sorted(texts, key=len)
    middle = by_size[len(by_size) // 4 : 3 * len(by_size) // 4]
    sizes = [len(t.encode()) for t in middle]
    print(f"{len(texts)} cables; median-size set: {len(middle)} cables, ", end="")
    low, high, median = min(sizes) / 1000, max(sizes) / 1000, statistics.median(sizes) / 1000
    print(f"{low:.1f}-{high:.1f} KB, median {median:.1f} KB")
    print(f"median-size cables: {rate(middle, args.seconds):8.0f} cables/s")
    print(f"all cables:         {rate(texts, args.seconds):8.0f} cables/s")
    # This machine's speed, for comparing figures across machines: a 9 KB text's words.
    sample = middle[len(middle) // 2]
    start = time.process_time()
    for _ in range(1000):
        " ".join(sample.split())
    reference = (time.process_time() - start) * 1000
    print(
        f"(reference: splitting and joining a {len(sample) / 1000:.1f} KB text: {reference:.0f} us)"
    )
    rate_alone = rate(middle, args.seconds, find_people=False)
    print(f"median-size cables, without the person finder: {rate_alone:8.0f} cables/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

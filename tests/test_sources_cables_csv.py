"""Reading the release's cables.csv: streamed, one record per cable, broken records reported."""

import io
from pathlib import Path

import pytest

from sitegen.sources import cables_csv
from sitegen.sources.cables_csv import parse_cables_csv, read_cables_csv
from sitegen.sources.record import SourceProblem, SourceRecord
from sitegen.sources.wikileaks_html import read_wikileaks_html

DATA = Path(__file__).resolve().parent / "data"
SAMPLE = DATA / "cables-sample.csv"  # written by tests/data/make_cables_csv.py
PAGES = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "cablegate-html"
SAMPLE_IDS = ["08OSLO461", "09STATE63812", "08MADRID996", "06KABUL3934"]


def lines() -> list[bytes]:
    return SAMPLE.read_bytes().splitlines(keepends=True)


def start_line(row: int) -> int:
    """Index in lines() of the first line of record `row` (1-based)."""
    return [i for i, line in enumerate(lines()) if line.startswith(f'"{row}","'.encode())][0]


def kinds(items) -> list[str]:
    return ["ok" if isinstance(item, SourceRecord) else "problem" for item in items]


def test_sample_records_carry_the_text_and_metadata_of_the_real_cables():
    records = list(read_cables_csv(SAMPLE))
    assert [r.metadata["reference_id"] for r in records] == SAMPLE_IDS
    assert [r.location for r in records] == [f"{SAMPLE}:row {n}" for n in range(1, 5)]
    for record in records:
        page = next(PAGES.rglob(record.metadata["reference_id"] + ".html"))
        html = read_wikileaks_html(page)
        assert record.text == html.text  # header and body joined like the two <pre> blocks
        for key in ("reference_id", "created", "classification", "origin"):
            assert record.metadata[key] == html.metadata[key]
        assert record.warnings == []


def test_escaped_quotes_and_line_breaks_are_decoded():
    madrid = list(read_cables_csv(SAMPLE))[2]
    assert 'expressing the EU\'s "surprise" and "regret," and said he\n' in madrid.text
    assert "\\" not in madrid.text


def test_rfc4180_doubled_quotes_and_a_header_row_are_read_too():
    data = (
        b'"id","date","refid","origin","classification","references","header","body"\n'
        b'"7","12/28/1966 18:48","66BUENOSAIRES2481","Embassy Buenos Aires","UNCLASSIFIED",'
        b'"66STATE106145, 66BUENOSAIRES2400","P 281848Z DEC 66\nFM AMEMBASSY BUENOS AIRES",'
        b'"SUBJECT: THE ""GREEN"" PARTY\n\n1. TEXT"\n'
    )
    [record] = parse_cables_csv(data.splitlines(keepends=True), "old.csv")
    assert record.text == (
        'P 281848Z DEC 66\nFM AMEMBASSY BUENOS AIRES\n\nSUBJECT: THE "GREEN" PARTY\n\n1. TEXT'
    )
    assert record.metadata == {
        "reference_id": "66BUENOSAIRES2481",
        "origin": "Embassy Buenos Aires",
        "classification": "UNCLASSIFIED",
        "created": "1966-12-28T18:48Z",
        "references": ["66STATE106145", "66BUENOSAIRES2400"],
    }
    assert record.location == "old.csv:row 1"


def test_missing_closing_quote_loses_only_its_own_record():
    broken = lines()
    end = start_line(3) - 1  # last line of record 2
    broken[end] = broken[end].replace(b'"\n', b"\n")
    items = list(parse_cables_csv(broken, "x.csv"))
    assert kinds(items) == ["ok", "problem", "ok", "ok"]
    assert items[1].location == f"x.csv:row 2 (line {start_line(2) + 1})"
    assert "never closed" in items[1].message
    assert items[2].metadata["reference_id"] == "08MADRID996"


def test_file_cut_mid_record_reports_the_last_record():
    items = list(parse_cables_csv(lines()[:-3], "cut.csv"))
    assert kinds(items) == ["ok", "ok", "ok", "problem"]
    assert items[3].location.startswith("cut.csv:row 4 ")


def test_row_with_a_missing_column_is_reported_with_row_and_line():
    broken = lines()
    broken[0] = broken[0].replace(b'"Embassy Oslo",', b"", 1)
    items = list(parse_cables_csv(broken, "x.csv"))
    assert kinds(items) == ["problem", "ok", "ok", "ok"]
    assert items[0].location == "x.csv:row 1 (line 1)"
    assert "expected 8 quoted columns" in items[0].message and "found 7" in items[0].message


def test_stray_quote_after_a_field_is_reported():
    broken = lines()
    row = start_line(2)
    broken[row] = broken[row].replace(b'"Secretary of State"', b'"Secretary of State"x', 1)
    items = list(parse_cables_csv(broken, "x.csv"))
    assert kinds(items) == ["ok", "problem", "ok", "ok"]


def test_broken_utf8_is_decoded_with_a_warning_naming_the_line(tmp_path):
    broken = lines()
    row = broken.index(b"FM AMEMBASSY MADRID\\\n")
    broken[row] = b"FM AMEMBASSY MADR\xcdD\\\n"
    path = tmp_path / "cables.csv"
    path.write_bytes(b"".join(broken))
    records = list(read_cables_csv(path))
    assert kinds(records) == ["ok"] * 4
    assert "MADRÍD" in records[2].text
    [warning] = records[2].warnings
    assert warning.startswith(f"line {row + 1}: bytes that are not valid UTF-8")


def test_bad_date_is_a_warning_and_the_cable_is_kept():
    broken = lines()
    broken[0] = broken[0].replace(b"08/15/2008 13:01", b"08/15/2008 25:01")
    [first, *_] = parse_cables_csv(broken, "x.csv")
    assert isinstance(first, SourceRecord)
    assert "created" not in first.metadata
    assert first.warnings and "date column" in first.warnings[0]


def test_oversized_record_is_skipped_and_the_stream_goes_on(monkeypatch):
    monkeypatch.setattr(cables_csv, "MAX_RECORD_BYTES", 1000)
    items = list(parse_cables_csv(lines(), "x.csv"))
    # Records 1-3 exceed 1000 bytes; record 4 (Kabul, 915 characters of text) does not.
    assert [type(item).__name__ for item in items][:3] == ["SourceProblem"] * 3
    assert all("longer than" in item.message for item in items[:3])
    assert len(items) == 4


def test_missing_file_is_a_problem(tmp_path):
    [problem] = read_cables_csv(tmp_path / "none.csv")
    assert isinstance(problem, SourceProblem)
    assert "cannot read" in problem.message


@pytest.mark.parametrize("junk", [b"", b"\n\n", b"garbage line\n"])
def test_leading_junk(junk):
    items = list(parse_cables_csv([junk] + lines() if junk else lines(), "x.csv"))
    expected = ["problem"] if junk.strip() else []
    assert kinds(items) == expected + ["ok"] * 4


@pytest.mark.parametrize("read_size", [1, 7, 1000])
@pytest.mark.parametrize("max_bytes", [32 * 2**20, 1000, 50])
def test_records_cut_the_same_whatever_the_size_of_the_blocks_read(monkeypatch, read_size,
                                                                    max_bytes):
    """The stream is read in blocks: a record start, or a record too long, may straddle two."""
    data = [b"junk\n", *lines(), b"x" * 3000 + b"\n", *lines()[:5]]
    monkeypatch.setattr(cables_csv, "MAX_RECORD_BYTES", max_bytes)
    expected = list(parse_cables_csv(data, "x.csv"))
    monkeypatch.setattr(cables_csv, "READ_SIZE", read_size)
    assert list(parse_cables_csv(data, "x.csv")) == expected
    pieces = list(cables_csv.csv_pieces(io.BytesIO(b"".join(data)), "x.csv"))
    assert [p.first_line for p in pieces] == [1, 2, 28, 85, 145, 180]
    whole = b"".join(data)
    for piece in pieces:  # (where a build reads a changed record again)
        if piece.data is not None:
            assert whole[piece.offset:piece.offset + len(piece.data)] == piece.data


def test_a_marked_record_is_read_again_from_its_place_and_refused_if_it_changed(tmp_path):
    path = tmp_path / "cables.csv"
    path.write_bytes(b"".join(lines()))
    marks = list(cables_csv.CsvMarks(path))
    with open(path, "rb") as handle:
        again = [cables_csv.piece_at(handle, str(path), mark).read() for mark in marks]
    assert again == list(parse_cables_csv(lines(), str(path)))
    path.write_bytes(b"".join(lines()).replace(b"MADRID", b"MADRIX"))
    with open(path, "rb") as handle:
        changed = [cables_csv.piece_at(handle, str(path), mark) for mark in marks]
    problems = [piece for piece in changed if isinstance(piece, SourceProblem)]
    assert [p.message for p in problems] == ["the file changed while it was read: build again"]

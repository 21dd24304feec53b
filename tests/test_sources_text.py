"""Plain-text cables with optional YAML front matter."""

from pathlib import Path

import pytest

from sitegen.sources.record import SourceFormatError, SourceProblem, SourceRecord
from sitegen.sources.text import parse_text, read_text, split_front_matter

SEED = (
    Path(__file__).resolve().parent.parent.parent
    / "shared"
    / "corpus"
    / "seed"
    / "09ASTANA1182.txt"
)

CABLE = "UNCLAS SECTION 01 OF 02 ASTANA 001182\n\nTAGS: [PHUM](#) [KZ](#)\n"


@pytest.mark.parametrize(
    "text, front, body",
    [
        (CABLE, None, CABLE),
        ("---\nreference_id: 09ASTANA1182\n---\n" + CABLE, "reference_id: 09ASTANA1182\n", CABLE),
        ("---  \n---\n" + CABLE, "", CABLE),
        # A dashed heading inside a cable is not front matter.
        ("-----\nHEADING\n-----\n", None, "-----\nHEADING\n-----\n"),
        ("body\n---\nmore\n---\n", None, "body\n---\nmore\n---\n"),
    ],
)
def test_split_front_matter(text, front, body):
    assert split_front_matter(text) == (front, body)


def test_front_matter_overrides_with_cable_field_names():
    record = parse_text(
        "---\n"
        "reference_id: 09ASTANA1182\n"
        "created: 2009-07-14 09:57\n"
        "released: 2010-11-28\n"
        "classification: UNCLASSIFIED//FOR OFFICIAL USE ONLY\n"
        "origin: Embassy Astana\n"
        "tags: [PHUM, NO, KZ]\n"
        "partial: false\n"
        "---\n" + CABLE,
        "x.txt",
    )
    assert record.text == CABLE
    assert record.location == "x.txt"
    assert record.warnings == []
    assert record.metadata == {
        "reference_id": "09ASTANA1182",
        "created": "2009-07-14T09:57Z",
        "released": "2010-11-28",
        "classification": "UNCLASSIFIED//FOR OFFICIAL USE ONLY",
        "origin": "Embassy Astana",
        "tags": ["PHUM", "NO", "KZ"],  # NO is Norway, not YAML 1.1's false
        "partial": False,
    }


@pytest.mark.parametrize(
    "front, line, words",
    [
        ("created: July 14\n", 2, "not a date"),
        ("reference_id: 09ASTANA1182\nsubjekt: typo\n", 3, "unknown key 'subjekt'"),
        ("tags: {PHUM: 1}\n", 2, "list"),
        ("sections: 0\n", 2, "at least 1"),
        ("origin:\n", 2, "single value"),
    ],
)
def test_bad_value_is_dropped_with_a_warning_naming_the_line(front, line, words):
    record = parse_text("---\n" + front + "---\n" + CABLE)
    assert len(record.warnings) == 1
    assert record.warnings[0].startswith(f"line {line}: ")
    assert words in record.warnings[0]
    assert record.text == CABLE


@pytest.mark.parametrize(
    "text, line, words",
    [
        ("---\nreference_id: 09ASTANA1182\ntags: [PHUM\n---\n" + CABLE, 4, "started on line 3"),
        ("---\nreference_id: [a\n  b: c\n---\n", 3, "not valid YAML"),
        ("---\n- PHUM\n- KZ\n---\n" + CABLE, 2, "key: value"),
        ("---\nreference_id: 09ASTANA1182\n" + CABLE, 1, "never closed"),
    ],
)
def test_broken_front_matter_is_an_error_with_its_line(text, line, words):
    with pytest.raises(SourceFormatError) as caught:
        parse_text(text)
    assert caught.value.line == line
    assert words in str(caught.value)


def test_read_text_reports_broken_front_matter_at_file_and_line(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_text("---\norigin: Embassy Astana\ntags: [PHUM\n---\n" + CABLE)
    problem = read_text(path)
    assert isinstance(problem, SourceProblem)
    assert problem.location.startswith(f"{path}:")
    assert "YAML" in problem.message


def test_seed_cable_is_read_verbatim():
    record = read_text(SEED)
    assert isinstance(record, SourceRecord)
    assert record.text == SEED.read_text(encoding="utf-8")
    assert record.metadata == {} and record.warnings == []
    assert record.location == str(SEED)


@pytest.mark.parametrize(
    "data, text, warning",
    [
        (b"UNCLAS\r\nTAGS: PHUM\r\n", "UNCLAS\nTAGS: PHUM\n", None),
        (b"\xef\xbb\xbfUNCLAS\n", "UNCLAS\n", None),  # a UTF-8 byte order mark
        (b"line\nZHOVTIS \x96 LAWYER\n", "line\nZHOVTIS \u2013 LAWYER\n", "line 2"),  # cp1252
        (b"caf\xe9 \xc3\xa9\n", "caf\xe9 \xe9\n", "line 1"),  # latin-1 byte among UTF-8
        (b"UN\x00CLAS\n", "UNCLAS\n", "NUL"),
    ],
)
def test_encodings_are_repaired_and_reported(tmp_path, data, text, warning):
    path = tmp_path / "cable.txt"
    path.write_bytes(data)
    record = read_text(path)
    assert record.text == text
    if warning is None:
        assert record.warnings == []
    else:
        assert len(record.warnings) == 1 and warning in record.warnings[0]


def test_unreadable_file_is_a_problem(tmp_path):
    problem = read_text(tmp_path / "missing.txt")
    assert isinstance(problem, SourceProblem)
    assert problem.location == str(tmp_path / "missing.txt")


def test_codes_are_written_in_capitals():
    record = parse_text(
        "---\nreference_id: 09astana1182\nclassification: Confidential\ntags: [phum, kz]\n"
        "origin: Embassy Astana\n---\n" + CABLE
    )
    assert record.metadata == {
        "reference_id": "09ASTANA1182",
        "classification": "CONFIDENTIAL",
        "tags": ["PHUM", "KZ"],
        "origin": "Embassy Astana",  # a name keeps its case
    }

"""`sitegen import`: one text file per cable, front matter + verbatim text, safe names."""

import subprocess
import sys
from pathlib import Path

import pytest

from sitegen.importer import cable_document, import_cables, safe_file_name
from sitegen.sources.record import SourceRecord
from sitegen.sources.text import read_text
from sitegen.sources.wikileaks_html import read_wikileaks_html

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT.parent / "shared" / "corpus" / "cablegate-html" / "cable"
SAMPLE_CSV = ROOT / "tests" / "data" / "cables-sample.csv"
PAGE = PAGES / "2009" / "01" / "09LAPAZ96.html"


@pytest.mark.parametrize(
    "reference_id, name",
    [
        ("09ASTANA1182", "09ASTANA1182"),
        ("../../etc/passwd", "etc_passwd"),
        ("..", None),
        ("/", None),
        ("", None),
        ("a/b\\c", "a_b_c"),
        ("09 STATE 1234", "09_STATE_1234"),
        ("-rf", "rf"),
        ("<script>", "script"),
        ("Zhovtis\u00e9", "Zhovtis"),
        ("X" * 300, "X" * 100),
    ],
)
def test_safe_file_name(reference_id, name, tmp_path):
    result = safe_file_name(reference_id)
    if name is None:
        assert result.startswith("cable-")
    else:
        assert result == name
    target = (tmp_path / f"{result}.txt").resolve()
    assert target.parent == tmp_path.resolve()


def test_document_round_trips_through_the_text_reader(tmp_path):
    record = read_wikileaks_html(PAGE)
    path = tmp_path / "09LAPAZ96.txt"
    path.write_text(cable_document(record, "09LAPAZ96"), encoding="utf-8")
    back = read_text(path)
    assert back.text == record.text
    assert back.metadata == record.metadata
    assert back.warnings == []


def test_document_quotes_values_yaml_would_misread():
    record = SourceRecord("---\nTEXT", {"tags": ["NO", "ON", "PHUM"], "origin": "Embassy Oslo"})
    document = cable_document(record, "08OSLO461")
    assert document.startswith("---\nreference_id: 08OSLO461\norigin: Embassy Oslo\n")
    assert document.endswith("---\n---\nTEXT")


def test_import_pages_and_csv(tmp_path):
    target = tmp_path / "cables"
    report = import_cables([PAGE, SAMPLE_CSV], target)
    names = sorted(path.name for path in target.iterdir())
    assert names == sorted(
        ["09LAPAZ96.txt", "08OSLO461.txt", "09STATE63812.txt", "08MADRID996.txt", "06KABUL3934.txt"]
    )
    assert len(report.written) == 5 and report.problems == [] and report.skipped == []
    oslo = read_text(target / "08OSLO461.txt")
    assert oslo.metadata["created"] == "2008-08-15T13:01Z"
    assert oslo.metadata["origin"] == "Embassy Oslo"
    assert "NORWAY IN FAVOR OF USG IPCC WG II NOMINEE" in oslo.text

    again = import_cables([PAGE, SAMPLE_CSV], target)
    assert len(again.unchanged) == 5 and again.written == []


def test_edited_file_is_kept_unless_forced(tmp_path):
    import_cables([PAGE], tmp_path)
    edited = tmp_path / "09LAPAZ96.txt"
    edited.write_text(edited.read_text() + "\nmy note\n")
    report = import_cables([PAGE], tmp_path)
    assert report.written == [] and len(report.skipped) == 1
    assert "--force" in report.skipped[0] and edited.read_text().endswith("my note\n")
    forced = import_cables([PAGE], tmp_path, force=True)
    assert forced.written == [edited] and not edited.read_text().endswith("my note\n")


def test_duplicate_reference_ids_both_get_a_file(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    for name in ("a.txt", "b.txt"):
        (source / name).write_text("---\nreference_id: 09ASTANA1182\n---\nTEXT " + name)
    report = import_cables([source], tmp_path / "out")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "09ASTANA1182.2.txt",
        "09ASTANA1182.txt",
    ]
    assert any("already imported" in warning for warning in report.warnings)


def test_hostile_reference_id_stays_inside_the_target(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    (source / "evil.txt").write_text("---\nreference_id: ../../../escaped\n---\nTEXT")
    import_cables([source], tmp_path / "out")
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["ESCAPED.txt"]
    assert not (tmp_path / "ESCAPED.txt").exists()


def test_problems_are_reported_and_the_rest_imported(tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_text("<html>no cable</html>")
    report = import_cables([bad, PAGE, tmp_path / "missing.csv"], tmp_path / "out")
    assert [p.location for p in report.problems] == [str(bad), str(tmp_path / "missing.csv")]
    assert report.cables == 1


def test_import_command(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "sitegen", "import", str(PAGE), "--to", str(tmp_path / "c")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "imported 1 cables" in result.stdout
    assert (tmp_path / "c" / "09LAPAZ96.txt").is_file()


def test_import_command_fails_when_nothing_is_read(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "sitegen", "import", str(tmp_path / "none"), "--to", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "no such file or folder" in result.stderr

"""`sitegen parse` end to end on the three input formats, with problems on stderr."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
SEED = CORPUS / "seed" / "09ASTANA1182.txt"
PAGE = CORPUS / "cablegate-html" / "cable" / "2009" / "01" / "09LAPAZ96.html"
SAMPLE_CSV = ROOT / "tests" / "data" / "cables-sample.csv"


def sitegen(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sitegen", *args], capture_output=True, text=True, cwd=ROOT
    )


def test_json_lines_for_text_html_and_csv():
    result = sitegen("parse", "--json", str(SEED), str(PAGE), str(SAMPLE_CSV))
    assert result.returncode == 0, result.stderr
    cables = [json.loads(line) for line in result.stdout.splitlines()]
    assert [c["reference_id"] for c in cables] == [
        "09ASTANA1182", "09LAPAZ96", "08OSLO461", "09STATE63812", "08MADRID996", "06KABUL3934",
    ]  # fmt: skip
    seed, lapaz, oslo = cables[:3]
    # Parsed from the text alone (no front matter in the seed):
    assert seed["created"] == "2009-07-14T09:57Z"
    assert seed["origin"] == "Embassy Astana"
    assert seed["classification"] == "UNCLASSIFIED//FOR OFFICIAL USE ONLY"
    assert seed["tags"] == ["PHUM", "PREL", "PGOV", "KDEM", "OSCE", "KZ"]
    # Stated by the page's metadata table and the CSV columns, which override the parse:
    assert lapaz["released"] == "2010-11-30T21:09Z"
    assert lapaz["origin"] == "Embassy La Paz"
    assert "BOLIVIA'S REFERENDUM" in lapaz["subject"]
    assert oslo["created"].startswith("2008-08-15")
    assert oslo["classification"] == "UNCLASSIFIED"
    assert "header" not in oslo and oslo["body"]
    assert result.stderr == ""


def test_problems_go_to_stderr_with_file_and_row_and_the_rest_is_parsed(tmp_path):
    broken_csv = tmp_path / "cables.csv"
    lines = SAMPLE_CSV.read_bytes().splitlines(keepends=True)
    lines[0] = lines[0].replace(b'"Embassy Oslo",', b"", 1)  # row 1 loses a column
    broken_csv.write_bytes(b"".join(lines))
    bad_page = tmp_path / "page.html"
    bad_page.write_text("<html>not a cable</html>")
    cp1252 = tmp_path / "old.txt"
    cp1252.write_bytes(SEED.read_bytes().replace(b"Zhovtis", b"Zh\xf6vtis"))

    result = sitegen("parse", "--json", str(tmp_path))
    assert result.returncode == 0
    assert len(result.stdout.splitlines()) == 4  # 3 CSV rows + the cp1252 text
    assert f"{broken_csv}:row 1 (line 1): expected 8 quoted columns" in result.stderr
    assert f"{bad_page}: no <pre> block" in result.stderr
    assert f"{cp1252}: warning: line " in result.stderr and "UTF-8" in result.stderr
    assert "Traceback" not in result.stderr


def test_summary_mode(tmp_path):
    shutil.copy(SEED, tmp_path / "seed.txt")
    result = sitegen("parse", str(tmp_path), str(PAGE))
    assert result.returncode == 0, result.stderr
    assert "09ASTANA1182  2009-07-14T09:57Z  Embassy Astana" in result.stdout
    assert "KAZAKHSTAN: CIVIL SOCIETY DISAPPOINTED" in result.stdout
    assert "tags: PHUM PREL PGOV KDEM OSCE KZ" in result.stdout
    assert result.stdout.rstrip().endswith("2 cables, 0 problems")


def test_exit_status_is_non_zero_only_when_nothing_was_read(tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_text("<p>nothing</p>")
    result = sitegen("parse", str(bad), str(tmp_path / "missing.txt"))
    assert result.returncode == 1
    assert "no cable could be read" in result.stderr
    assert str(tmp_path / "missing.txt") in result.stderr


def test_output_cut_short_by_a_pipe_is_not_an_error():
    command = f"{sys.executable} -m sitegen parse {ROOT / 'content' / 'cables'} | head -n 1"
    result = subprocess.run(command, shell=True, capture_output=True, text=True, cwd=ROOT)
    assert result.stdout.count("\n") == 1
    assert "Traceback" not in result.stderr and "Broken pipe" not in result.stderr

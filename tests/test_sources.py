"""read_sources: files and folders in a stable order, each file to its reader, never stopping."""

import shutil
from pathlib import Path

from sitegen.sources import read_sources, source_files
from sitegen.sources.record import SourceProblem, SourceRecord

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
PAGE = CORPUS / "cablegate-html" / "cable" / "2009" / "01" / "09LAPAZ96.html"
SAMPLE_CSV = ROOT / "tests" / "data" / "cables-sample.csv"


def make_tree(root: Path) -> None:
    (root / "b" / "deep").mkdir(parents=True)
    (root / ".git").mkdir()
    shutil.copy(CORPUS / "seed" / "09ASTANA1182.txt", root / "z-seed.txt")
    shutil.copy(PAGE, root / "b" / "deep" / "09LAPAZ96.html")
    shutil.copy(SAMPLE_CSV, root / "b" / "cables.csv")
    (root / "a.md").write_text("---\nreference_id: 09TEST1\n---\nUNCLAS\n")
    (root / "notes.pdf").write_bytes(b"%PDF")  # another kind of file: passed over
    (root / "README.md").write_text("# About these cables\n")  # not a cable
    (root / ".git" / "x.txt").write_text("hidden")
    (root / "broken.html").write_text("<html><p>no cable here</p></html>")


def test_folders_are_walked_in_sorted_order_and_dispatched_by_extension(tmp_path):
    make_tree(tmp_path)
    items = list(read_sources([tmp_path]))
    locations = [item.location for item in items]
    assert locations == [
        str(tmp_path / "a.md"),
        str(tmp_path / "b" / "cables.csv") + ":row 1",
        str(tmp_path / "b" / "cables.csv") + ":row 2",
        str(tmp_path / "b" / "cables.csv") + ":row 3",
        str(tmp_path / "b" / "cables.csv") + ":row 4",
        str(tmp_path / "b" / "deep" / "09LAPAZ96.html"),
        str(tmp_path / "broken.html"),
        str(tmp_path / "z-seed.txt"),
    ]
    kinds = [type(item) for item in items]
    assert kinds == [SourceRecord] * 6 + [SourceProblem, SourceRecord]
    assert items[0].metadata == {"reference_id": "09TEST1"}
    assert items[5].metadata["origin"] == "Embassy La Paz"


def test_named_paths_keep_their_order_and_bad_ones_are_problems(tmp_path):
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(b"%PDF")
    items = list(source_files([PAGE, tmp_path / "gone", pdf, SAMPLE_CSV]))
    assert items[0] == PAGE and items[3] == SAMPLE_CSV
    assert isinstance(items[1], SourceProblem) and "no such file" in items[1].message
    assert isinstance(items[2], SourceProblem) and "unknown kind of file" in items[2].message


def test_the_stream_is_lazy():
    # The first record arrives before later paths are even looked at.
    stream = read_sources([PAGE, "/nonexistent/later"])
    first = next(stream)
    assert isinstance(first, SourceRecord)
    assert isinstance(next(stream), SourceProblem)

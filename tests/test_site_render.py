"""`Output`: the staging folder of a build, and what it carries over from the previous one."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sitegen.site.render import Output

PREVIOUS = {
    "404.html": "lost",
    "cable/2009/07/09ASTANA1182.html": "page",
    "cable/2009/07/09ASTANA1182.txt": "text",
    "cable/2009/06/09ASTANA1012.html": "page",
    "person/ye/yevgeniy-zhovtis/index.html": "person",
}


@pytest.fixture
def previous(tmp_path) -> Path:
    out = tmp_path / "public"
    for name, text in PREVIOUS.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text(text)
    (out / "cable/2009/07/09FOLDER1.html").mkdir()  # a folder is not a page
    return out


@pytest.mark.parametrize("path, found", [
    ("404.html", True),
    ("cable/2009/07/09ASTANA1182.html", True),
    ("cable/2009/07/09ASTANA1182.txt", True),
    ("cable/2009/07/09ASTANA9999.html", False),
    ("cable/2009/07/09FOLDER1.html", False),
    ("cable/2009/06/09ASTANA1012.html", True),
    ("cable/2008/01/08PARIS1.html", False),  # no such folder
    ("person/ye/yevgeniy-zhovtis/", True),
    ("person/ye/someone-else/", False),
])
def test_reuse_finds_the_files_of_the_previous_build(tmp_path, previous, path, found):
    output = Output(tmp_path / "stage", previous, complete=False)
    for other in PREVIOUS:  # (folders listed for earlier files must not mislead)
        output.reuse(other)
    assert output.reuse(path) is found
    assert not (tmp_path / "stage").exists()  # only changed files are staged


def test_reuse_links_files_into_a_complete_stage(tmp_path, previous):
    output = Output(tmp_path / "stage", previous, complete=True)
    assert output.reuse("cable/2009/07/09ASTANA1182.html")
    assert output.reuse("person/ye/yevgeniy-zhovtis/")
    staged = tmp_path / "stage/cable/2009/07/09ASTANA1182.html"
    assert staged.read_text() == "page"
    assert os.stat(staged).st_ino == os.stat(previous / "cable/2009/07/09ASTANA1182.html").st_ino
    assert (tmp_path / "stage/person/ye/yevgeniy-zhovtis/index.html").read_text() == "person"
    assert not output.reuse("cable/2009/07/09ASTANA9999.html")


def test_nothing_to_reuse_without_a_previous_build(tmp_path):
    assert not Output(tmp_path / "stage", None).reuse("404.html")
    assert not Output(tmp_path / "stage", tmp_path / "missing").reuse("404.html")


def test_reuse_and_write_refuse_paths_that_leave_the_folder(tmp_path, previous):
    output = Output(tmp_path / "stage", previous, complete=True)
    with pytest.raises(ValueError):
        output.write("../escape.html", "x")
    (tmp_path / "escape.html").write_text("outside")
    with pytest.raises(ValueError):
        output.reuse("cable/../../escape.html")

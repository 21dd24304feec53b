"""Publishing a build: complete swaps and in-place changes, both undoable until committed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sitegen.site.publish import Publication


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def folders(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_dir())


def write(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)


OLD = {"index.html": "home 1", "tag/A/index.html": "tag A", "tag/B/index.html": "tag B",
       "tag/B/page/2/index.html": "tag B 2", "cable/2009/07/X.html": "x"}


@pytest.fixture
def site(tmp_path):
    out, stage = tmp_path / "public", tmp_path / ".public.staging"
    write(out, OLD)
    write(stage, {"index.html": "home 2", "tag/C/index.html": "tag C"})
    return out, stage


def test_changes_are_moved_in_and_stale_files_removed(site):
    out, stage = site
    untouched = os.stat(out / "tag/A/index.html").st_ino
    publication = Publication(stage, out, complete=False,
                              stale={"tag/B/index.html", "tag/B/page/2/index.html"})
    assert publication.apply() == 4
    publication.commit()
    assert tree(out) == {"index.html": b"home 2", "tag/A/index.html": b"tag A",
                         "tag/C/index.html": b"tag C", "cable/2009/07/X.html": b"x"}
    assert "tag/B" not in folders(out)  # emptied folders go too
    assert os.stat(out / "tag/A/index.html").st_ino == untouched
    assert not stage.exists() and not publication.aside.exists()


def test_changes_roll_back_to_the_previous_site(site):
    out, stage = site
    before, before_folders = tree(out), folders(out)
    publication = Publication(stage, out, complete=False, stale={"tag/B/page/2/index.html"})
    publication.apply()
    assert (out / "index.html").read_text() == "home 2"
    publication.rollback()
    assert tree(out) == before and folders(out) == before_folders
    assert not publication.aside.exists()


@pytest.mark.parametrize("finish", ["commit", "rollback"])
def test_complete_swap(site, finish):
    out, stage = site
    before = tree(out)
    publication = Publication(stage, out, complete=True)
    publication.apply()
    assert tree(out) == {"index.html": b"home 2", "tag/C/index.html": b"tag C"}
    assert tree(publication.previous_site) == before
    getattr(publication, finish)()
    assert tree(out) == (before if finish == "rollback" else
                         {"index.html": b"home 2", "tag/C/index.html": b"tag C"})
    assert not publication.aside.exists()


def test_first_build_has_no_previous_site(tmp_path):
    out, stage = tmp_path / "public", tmp_path / "stage"
    write(stage, {"index.html": "home"})
    publication = Publication(stage, out, complete=True)
    publication.apply()
    assert publication.previous_site is None
    publication.rollback()
    assert not out.exists()

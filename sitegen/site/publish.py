"""Putting a finished build in place of the previous one, with a way back if a late step fails.

Two ways, chosen by the build:

- complete: the staging folder holds the whole new site (a first build, or no record of what
  the previous build wrote). It replaces the output folder by two renames; the old folder is
  kept aside until `commit`.
- changes: the staging folder holds only the files whose bytes changed. They are moved into
  the output folder one by one, each replaced file set aside first, and the files the new
  build no longer makes are set aside too. Unchanged files are never touched, so a rebuild
  after a small edit costs what the edit costs, not what the site weighs.

`rollback` restores the previous site exactly (used when the search index or the --strict
check fails after the files were moved); `commit` throws away what was set aside.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path


class Publication:
    def __init__(self, stage: Path, out: Path, complete: bool, stale: set[str] = frozenset()):
        self.stage, self.out, self.complete = stage, out, complete
        self.stale = sorted(stale)  # site files of the previous build that are not made now
        self.aside = out.with_name(f".{out.name}.previous")
        self._moved: list[str] = []  # files moved in from the stage, in order
        self._removed: list[str] = []  # stale files set aside

    @property
    def previous_site(self) -> Path | None:
        """Where the previous site's files are while the publication is applied."""
        if self.complete:
            return self.aside if self.aside.is_dir() else None
        return self.out

    def apply(self) -> int:
        """Put the new files in place; returns how many files were moved or removed."""
        if self.aside.exists():
            shutil.rmtree(self.aside)
        if self.complete:
            if self.out.exists():
                os.rename(self.out, self.aside)
            os.rename(self.stage, self.out)
            return 0
        for relative in _files(self.stage):
            target = self.out / relative
            if target.exists():
                _set_aside(target, self.aside / relative)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(self.stage / relative, target)
            self._moved.append(relative)
        for relative in self.stale:
            target = self.out / relative
            if target.is_file():
                _set_aside(target, self.aside / relative, move=True)
                self._removed.append(relative)
                _remove_empty_folders(target.parent, self.out)
        return len(self._moved) + len(self._removed)

    def rollback(self) -> None:
        """Undo `apply`: the output folder is the previous site again."""
        if self.complete:
            shutil.rmtree(self.out, ignore_errors=True)
            if self.aside.exists():
                os.rename(self.aside, self.out)
            return
        for relative in reversed(self._moved):
            kept = self.aside / relative
            if kept.exists():
                os.replace(kept, self.out / relative)
            else:
                (self.out / relative).unlink(missing_ok=True)
                _remove_empty_folders((self.out / relative).parent, self.out)
        for relative in self._removed:
            target = self.out / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(self.aside / relative, target)
        self._discard()

    def commit(self) -> None:
        self._discard()

    def _discard(self) -> None:
        shutil.rmtree(self.aside, ignore_errors=True)
        shutil.rmtree(self.stage, ignore_errors=True)


def _files(folder: Path) -> list[str]:
    """Every file under `folder`, relative, "/"-separated, in a stable order."""
    found = []
    for root, _dirs, names in os.walk(folder):
        base = Path(root).relative_to(folder)
        found += [(base / name).as_posix() for name in names]
    return sorted(found)


def _set_aside(path: Path, kept: Path, move: bool = False) -> None:
    """Keep a file of the previous site: a hard link (the original is replaced next) or a
    move (the original is going away)."""
    kept.parent.mkdir(parents=True, exist_ok=True)
    if move:
        os.replace(path, kept)
        return
    try:
        os.link(path, kept)
    except OSError:
        shutil.copy2(path, kept)


def _remove_empty_folders(folder: Path, root: Path) -> None:
    """Remove `folder` and its parents while they are empty (a deleted tag's page/2/...)."""
    while folder != root and folder.is_relative_to(root):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent

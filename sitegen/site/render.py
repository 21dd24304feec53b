"""Templates and files: the Jinja2 environment, theme lookup, hashed assets, and the output.

Template lookup order: `content/templates/` (a site overrides single templates there), then
the theme named in site.toml, from `content/themes/NAME/` or the built-in `themes/NAME/`.
Autoescaping is on for every template: cable text can never become markup.

`Output` writes the new site into a staging folder. A file whose bytes equal the previous
build's file is hard-linked from it instead of written, so unchanged pages keep their inode
and mtime (fast, and friendly to rsync-style deploys).
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, select_autoescape

from sitegen.cable import glossary
from sitegen.config import SiteConfig, location_of
from sitegen.errors import SitegenError
from sitegen.search import EVERY_CABLE_WORD, reference_variants
from sitegen.site import charts, urls
from sitegen.site.filter_lists import FILTERS_FILE, PEOPLE_FOLDER

BUILTIN_THEMES = Path(__file__).resolve().parent.parent.parent / "themes"


def theme_folder(content: Path, name: str) -> Path:
    """The theme's folder: the site's own (content/themes/ or themes/ beside content/), else
    the one shipped with sitegen (found beside the package in a checkout or editable install)."""
    folders = (content / "themes" / name, content.resolve().parent / "themes" / name,
               BUILTIN_THEMES / name)
    for folder in folders:
        if (folder / "templates").is_dir():
            return folder
    raise SitegenError(f"theme `{name}` not found", location_of("theme", content / "site.toml"),
                       f"put it in {content / 'themes' / name}/templates/, "
                       'or set theme = "default"')


def template_folders(content: Path, config: SiteConfig) -> list[Path]:
    folders = [content / "templates", theme_folder(content, config.theme) / "templates"]
    return [folder for folder in folders if folder.is_dir()]


def files_hash(folders: list[Path]) -> str:
    """A hash of every file under the folders, or of the files themselves (names and bytes):
    changes when any changes."""
    digest = hashlib.blake2b(digest_size=16)
    for folder in folders:
        if folder.is_file():
            digest.update(folder.name.encode() + b"\0" + folder.read_bytes())
            continue
        if not folder.is_dir():
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            if "__pycache__" in path.parts:
                continue
            digest.update(str(path.relative_to(folder)).encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()


def hashed_name(name: str, data: bytes) -> str:
    """"style.css" -> "style.3f2a1b0c.css": a new name whenever the bytes change."""
    stem, dot, suffix = name.rpartition(".")
    short = hashlib.blake2b(data, digest_size=4).hexdigest()
    return f"{stem}.{short}.{suffix}" if dot else f"{name}.{short}"


def theme_assets(content: Path, config: SiteConfig) -> dict[str, tuple[str, bytes]]:
    """{"style.css": ("assets/style.3f2a1b0c.css", bytes)} for the theme's static files."""
    static = theme_folder(content, config.theme) / "static"
    assets = {}
    if static.is_dir():
        for path in sorted(p for p in static.rglob("*") if p.is_file()):
            name = path.relative_to(static).as_posix()
            data = path.read_bytes()
            assets[name] = ("assets/" + hashed_name(name, data), data)
    return assets


def make_environment(content: Path, config: SiteConfig, assets: dict[str, str]) -> Environment:
    """The Jinja2 environment every page is rendered with. `assets` maps names to paths."""
    env = Environment(
        loader=ChoiceLoader([FileSystemLoader(str(f)) for f in template_folders(content, config)]),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # (templates do not change during a build: no stat per page)
    )

    base_path = config.base_path  # (worked out once: templates link a lot)

    def url(path: str) -> str:
        return base_path + path.lstrip("/")

    def asset(name: str) -> str:
        if name not in assets:
            raise SitegenError(f"template asks for asset `{name}`, which the theme lacks",
                               hint="add it under the theme's static/ folder")
        return url(assets[name])

    env.globals.update(
        config=config, site=config, url=url, asset=asset, absolute=config.absolute,
        site_root=base_path,  # ("{{ site_root }}tag/": url('tag/') without a call, per page)
        tag_meaning=glossary.tag_meaning, tag_kind=glossary.tag_kind, year_chart=charts.year_chart,
        urls=urls, reference_variants=reference_variants, every_cable_word=EVERY_CABLE_WORD,
        filters_file=FILTERS_FILE, people_folder=PEOPLE_FOLDER,
    )
    return env


class Output:
    """The staging folder of a build, next to the previous build's folder.

    `complete`: the staging folder becomes the whole new site, so files that did not change
    are hard-linked into it from the previous build. Otherwise it receives only the files
    whose bytes changed (sitegen.site.publish moves them into the published site).
    """

    def __init__(self, stage: Path, previous: Path | None, complete: bool = True,
                 missing: set[str] | None = None):
        self.stage = stage
        self.previous = previous if previous and previous.is_dir() else None
        self._previous = str(self.previous)
        self.complete = complete
        # Files of the previous build known to be gone (`missing_files`, worked out while the
        # build did something else); None: each file is looked for when it is reused.
        self.missing = missing
        self._files = _Files(self._previous)
        # The staging folder made last: cable pages and texts come a month's folder at a time
        # (a set of every folder would hold one per person: ~1M at full scale).
        self._made: Path | None = None

    def target(self, path: str) -> Path:
        """The staging file for a site path; refuses any path that could leave the folder.

        Site paths are built from sanitised segments (sitegen.site.urls); this check is the
        last line of defence, cheap enough to run on every file."""
        parts = path.split("/")
        if path.startswith("/") or "\\" in path or any(p in ("..", ".") for p in parts):
            raise ValueError(f"refusing to write outside the output folder: {path!r}")
        return self.stage / urls.file_of(path)

    def write(self, path: str, data: str | bytes) -> bool:
        """Write a file; True if its bytes are new (differ from the previous build's)."""
        if isinstance(data, str):
            data = data.encode("utf-8")
        target = self.target(path)
        old = self.previous / urls.file_of(path) if self.previous else None
        if old is not None and _same_bytes(old, data):
            if not self.complete:
                return False
            self._make_folder(target.parent)
            if _link(old, target):
                return False
        self._make_folder(target.parent)
        temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, target)
        return True

    def reuse(self, path: str) -> bool:
        """Keep a file of the previous build unchanged; False if it is not there."""
        if self.previous is None:
            return False
        file = urls.file_of(path)
        if not self._was_built(file):
            return False
        if not self.complete:
            return True
        old = Path(self._previous + "/" + file)
        target = self.target(path)
        self._make_folder(target.parent)
        return _link(old, target)

    def _make_folder(self, folder: Path) -> None:
        if folder != self._made:
            folder.mkdir(parents=True, exist_ok=True)
            self._made = folder

    def _was_built(self, file: str) -> bool:
        if self.missing is not None:
            return file not in self.missing
        return self._files.has(file)


def missing_files(folder: Path, files: Iterable[str]) -> set[str]:
    """Those of `files` (relative to `folder`) that it does not have."""
    found = _Files(str(folder))
    return {file for file in files if not found.has(file)}


class _Files:
    """Looks for files in a folder. A page in a folder of its own is looked for with one
    stat; other files (cable pages and texts, filed by month) by listing their folder once,
    kept while the next file is in it (cables come in date order)."""

    def __init__(self, folder: str):
        self.folder = folder
        self._listed: str | None = None  # the folder last listed, and its files
        self._names: set[str] = set()

    def has(self, file: str) -> bool:
        if file.endswith("/index.html"):
            return os.path.isfile(self.folder + "/" + file)
        folder, _, name = file.rpartition("/")
        if folder != self._listed:
            self._listed = folder
            try:
                with os.scandir(os.path.join(self.folder, folder)) as entries:
                    self._names = {entry.name for entry in entries if entry.is_file()}
            except OSError:
                self._names = set()
        return name in self._names


def _same_bytes(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _link(source: Path, target: Path) -> bool:
    """Hard-link (or copy, where links are not possible) a file into the staging folder."""
    try:
        os.link(source, target)
    except FileExistsError:
        return True
    except OSError:
        try:
            shutil.copy2(source, target)
        except OSError:
            return False
    return True

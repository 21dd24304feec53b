"""`sitegen new-site DIR`: a site ready to build, for someone starting with their own cables.

The skeleton is a folder of data files, `sitegen/data/new-site/`, copied as it is, but for
`{title}` (the site's title, from the folder's name) and `gitignore` (stored without its dot
so that packaging tools keep it):

    DIR/README.md           the three commands to run, and what goes where
    DIR/.gitignore          public/ and the cache
    DIR/content/site.toml   the settings, commented
    DIR/content/cables/     one real cable (08OSLO461, unclassified) to see a page at once
    DIR/content/pages/      about.md
    DIR/content/people.toml the people registry, with a commented example
"""

from __future__ import annotations

import json
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

from sitegen.errors import SitegenError

SKELETON = "data/new-site"
RENAMED = {"gitignore": ".gitignore"}


def new_site(folder: Path) -> list[Path]:
    """Write the skeleton into `folder` (new or empty); returns the files written."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise SitegenError(f"{folder} already exists and is not an empty folder", str(folder),
                           "name a new folder: sitegen new-site my-cables")
    title = site_title(folder)
    written = []
    for source, relative in _skeleton_files(resources.files("sitegen").joinpath(SKELETON)):
        target = folder / relative
        text = source.read_text(encoding="utf-8")
        if relative.name == "site.toml":
            text = text.replace("{title}", json.dumps(title, ensure_ascii=False))
        elif relative.name == "README.md":
            text = text.replace("{title}", title)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        written.append(target)
    print(f"created {folder}/ with a sample cable and an about page. Next:\n"
          f"  cd {folder}\n"
          f"  sitegen serve        # then open http://localhost:8000/\n"
          f"  sitegen import PATH... --to content/cables   # add your cables")
    return written


def site_title(folder: Path) -> str:
    """"my-cables" -> "My cables": a first title, changed in site.toml."""
    name = folder.resolve().name.replace("-", " ").replace("_", " ").strip() or "Cables"
    return name[0].upper() + name[1:]


def _skeleton_files(root: Traversable, relative: Path = Path()) -> list[tuple[Traversable, Path]]:
    files = []
    for item in sorted(root.iterdir(), key=lambda item: item.name):
        if item.name == "__pycache__":
            continue
        path = relative / RENAMED.get(item.name, item.name)
        if item.is_dir():
            files += _skeleton_files(item, path)
        else:
            files.append((item, path))
    return files

"""`sitegen check`: everything to verify before deploying, in one command.

It builds the site exactly as `sitegen build` does (the site checked is the site deployed),
then looks at the build and at the result:

- problems: cables that did not become a page (unreadable, broken front matter, no id);
- duplicate reference ids (one page each; the other copies are left out);
- parse warnings, grouped by cable file;
- broken internal links and anchors in the built pages, feed and sitemaps;
- tags that the glossary cannot explain;
- entries of the people registry (`content/people.toml`) that match no one;
- citations of cables that are not in the corpus: only counted, never an error (the corpus
  is a part of the release; most cited cables are simply not published).

The exit status is 1 when any group but the last has an entry.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urljoin

from sitegen.site.collections import Collections

_LINK = re.compile(rb"""\s(?:href|src|action)\s*=\s*(?:"([^"]*)"|'([^']*)')|<loc>([^<]*)</loc>""")
_ID = re.compile(rb"""\sid\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_DUPLICATE = "duplicate reference id"


@dataclass
class Group:
    """One kind of finding: a title, its lines, and whether it fails the check."""

    title: str
    lines: list[str] = field(default_factory=list)
    count: int = 0  # findings (lines may show fewer, or nest details)
    fails: bool = True
    note: str = ""  # said after the title


@dataclass
class BrokenLink:
    page: str  # site path of the page holding the link
    link: str  # as written in the page
    reason: str


def check_site(content: Path, out: Path = Path("public"), jobs: int | None = None,
               top: int = 10, cache_dir: Path | None = None, search: bool = True) -> int:
    """Build, check, print the findings grouped; 1 if anything needs fixing, else 0."""
    from sitegen.build import BuildOptions, build_site
    from sitegen.config import load_config

    captured: list[Collections] = []
    report = build_site(BuildOptions(content=content, out=out, jobs=jobs, search=search,
                                     quiet=True, cache_dir=cache_dir,
                                     on_collections=captured.append))
    collections = captured[0]
    config = load_config(content / "site.toml")
    groups = [
        problems_group(report.problems, top),
        duplicates_group(report.problems, top),
        warnings_group(report.warnings, top),
        links_group(broken_links(out, config.base_path, config.base_url), top),
        tags_group(collections, top),
        people_group(content / "people.toml", collections, top),
        citations_group(collections, top),
    ]
    print(f"checked {content}: {report.cables:,} cables, {report.pages:,} pages "
          f"(built into {out}/)")
    for group in groups:
        print(format_group(group))
    failing = [g for g in groups if g.fails and g.count]
    if failing:
        print(f"check failed: {sum(g.count for g in failing):,} findings in "
              f"{len(failing)} group(s) to fix before deploying")
        return 1
    print("check passed: nothing to fix")
    return 0


def format_group(group: Group) -> str:
    mark = "✗" if group.fails and group.count else "✓" if group.fails else "·"
    head = f"{mark} {group.title}: {group.count:,}"
    head += f" ({group.note})" if group.note else ""
    return "\n".join([head, *("    " + line for line in group.lines)])


def _shown(lines: list[str], top: int) -> list[str]:
    return lines[:top] + ([f"... and {len(lines) - top:,} more"] if len(lines) > top else [])


# --- the groups -----------------------------------------------------------------------------


def problems_group(problems: list, top: int) -> Group:
    lines = [f"{p.location}: {p.reason}" for p in problems if not p.reason.startswith(_DUPLICATE)]
    return Group("cables without a page", _shown(lines, top), len(lines))


def duplicates_group(problems: list, top: int) -> Group:
    lines = [f"{p.location}: {p.reason}" for p in problems if p.reason.startswith(_DUPLICATE)]
    return Group("duplicate reference ids", _shown(lines, top), len(lines),
                 note="the first copy read has the page")


def warnings_group(warnings: list[str], top: int) -> Group:
    """Parse warnings, under the file of the cable they are about."""
    by_file: dict[str, list[str]] = defaultdict(list)
    for warning in warnings:
        location, _, message = warning.partition(": ")
        by_file[location].append(message or warning)
    lines = []
    for location in list(by_file)[:top]:
        lines.append(location)
        lines.extend(f"  - {message}" for message in by_file[location])
    if len(by_file) > top:
        lines.append(f"... and {len(by_file) - top:,} more files")
    return Group("warnings", lines, len(warnings),
                 note=f"in {len(by_file):,} file(s)" if by_file else "")


def links_group(broken: list[BrokenLink], top: int) -> Group:
    lines = [f"/{b.page}: {b.link} ({b.reason})" for b in broken]
    return Group("broken internal links", _shown(lines, top), len(broken))


def tags_group(collections: Collections, top: int) -> Group:
    from sitegen.cable.glossary import tag_meaning

    unknown = [(tag, len(cables)) for tag, cables in collections.tags.items()
               if not tag_meaning(tag)]
    unknown.sort(key=lambda item: (-item[1], item[0]))
    lines = [f"{tag} ({count:,} cable{'s' if count > 1 else ''}, e.g. "
             f"{collections.tags[tag][0].location})" for tag, count in unknown]
    return Group("tags without a meaning", _shown(lines, top), len(unknown),
                 note="add them to the glossary, sitegen/cable/data/tags.tsv" if unknown else "")


def people_group(registry_path: Path, collections: Collections, top: int) -> Group:
    """Registry entries that name no person of any cable: a typo, or a stale entry."""
    from sitegen.site.people import PersonRef, load_registry

    registry = load_registry(registry_path)
    used = set()
    for cable in collections.cables:
        for data in cable.people():
            entry = registry.entry_for(PersonRef.from_tuple(data))
            if entry is not None:
                used.add(id(entry))
    unused = [entry for entry in registry.entries if id(entry) not in used]
    text = registry_path.read_text(encoding="utf-8") if unused else ""
    lines = [f"{registry_path}:{_line_naming(entry.name, text)}: {entry.name!r}"
             + (f" (aliases: {', '.join(entry.aliases)})" if entry.aliases else "")
             for entry in unused]
    return Group("people registry entries that match no one", _shown(lines, top), len(unused),
                 note="check the spelling against the cables, or remove them" if unused else "")


def _line_naming(name: str, text: str) -> int:
    """The line of people.toml where a name is given (1 if it is written some other way)."""
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip().startswith("name") and name in line:
            return number
    return 1


def citations_group(collections: Collections, top: int) -> Group:
    """Cited reference ids that are not in the corpus, the most cited first."""
    missing: Counter = Counter()
    for cable in collections.cables:
        for cited in dict.fromkeys(cable.references):
            if cited not in collections.by_reference:
                missing[cited] += 1
    ranked = sorted(missing.items(), key=lambda item: (-item[1], item[0]))
    lines = [f"{ref} (cited by {count:,})" for ref, count in ranked]
    return Group("cited cables not in the corpus", _shown(lines, top), len(missing), fails=False,
                 note=f"{missing.total():,} citations; not an error" if missing else "")


# --- links ------------------------------------------------------------------------------------


def broken_links(site: Path, base_path: str = "/", base_url: str = "") -> list[BrokenLink]:
    """Every link and asset reference of the site's pages, feed and sitemaps that does not
    resolve to a file of the site (or to an id on the page it names).

    Links are found with a regular expression, not an HTML parser: the pages are written by
    our own templates, and a parser would take hours over the full release."""
    links = _Links(site, base_path, base_url)
    broken = []
    for file in _site_files(site):
        page = file.relative_to(site).as_posix()
        for link in _links(file.read_bytes()):
            reason = links.why_broken(base_path + page, link)
            if reason:
                broken.append(BrokenLink(page, link, reason))
    return broken


def _site_files(site: Path) -> Iterator[Path]:
    for folder, subfolders, files in os.walk(site):
        subfolders[:] = sorted(s for s in subfolders if s != "pagefind")  # Pagefind's own
        for name in sorted(files):
            if name.endswith((".html", ".xml")):
                yield Path(folder, name)


def _links(data: bytes) -> Iterator[str]:
    for match in _LINK.finditer(data):
        raw = next(group for group in match.groups() if group is not None)
        yield html.unescape(raw.decode("utf-8", "replace")).strip()


class _Links:
    """Resolves links to files of the built site; what each path resolves to is remembered,
    as most links of a site point to the same few hundred pages (navigation, tags, assets)."""

    def __init__(self, site: Path, base_path: str, base_url: str):
        self.site, self.base_path, self.base_url = str(site), base_path, base_url
        self.files: dict[str, str | None] = {}  # URL path -> file, None if there is none
        self.ids = lru_cache(maxsize=4096)(_page_ids)

    def why_broken(self, page_url: str, link: str) -> str:
        """Why `link` on the page at `page_url` is broken; "" when it is fine or external."""
        if self.base_url and link.startswith(self.base_url):
            link = self.base_path + link[len(self.base_url):]  # the site's own absolute URLs
        if not link or _SCHEME.match(link) or link.startswith("//"):
            return ""  # another site, mailto:, data:...
        if not link.startswith("/"):
            link = urljoin(page_url, link)
        path, _, fragment = link.partition("#")
        path = unquote(path.partition("?")[0])
        if not path.startswith(self.base_path):
            return f"outside the site's base path {self.base_path}"
        file = self.file(path)
        if file is None:
            return "no such file"
        if fragment and file.endswith(".html") and fragment not in self.ids(file):
            return f"no element with id {fragment!r}"
        return ""

    def file(self, path: str) -> str | None:
        if path not in self.files:
            if len(self.files) > 200_000:  # bounded memory over the full release
                self.files.clear()
            relative = posixpath.normpath(path[len(self.base_path):] or ".")
            file = None
            if not relative.startswith(".."):
                file = os.path.join(self.site, relative)
                if os.path.isdir(file):
                    file = os.path.join(file, "index.html")
                file = file if os.path.isfile(file) else None
            self.files[path] = file
        return self.files[path]


def _page_ids(file: str) -> frozenset[str]:
    with open(file, "rb") as page:
        data = page.read()
    return frozenset(html.unescape(next(g for g in m.groups() if g is not None).decode())
                     for m in _ID.finditer(data))

"""Full-text search: Pagefind indexes the built site into `public/pagefind/`.

Pagefind runs through its Python API (the `pagefind[bin]` wheel ships the binary). It reads the
finished HTML: cable pages and content pages carry `data-pagefind-body` (list pages do not, and
are not even given to it), the cable page marks its metadata, filters and date sort key with
`data-pagefind-*` attributes (see `themes/default/templates/cable.html`).

Two limits split the index into bundles. Pagefind writes one fragment file per page into a
single folder, and static hosts cap files per folder (Netlify: 54,000): `search_bundle_pages`.
And Pagefind holds some 40 times a bundle's HTML in memory while writing it: `search_bundle_mb`.
Bundles are runs of whole months in date order, `pagefind/2001-01_2006-12/`,
`pagefind/2007-01_2008-06/`... The search page merges them in the browser with Pagefind's
`mergeIndex`, several at a time, newest first, and shows the matches of the newest ones while
the rest load (themes/default/static/search.js); `pagefind/bundles.json` lists them. Bundles
cover disjoint date ranges so the browser can sort by date across them. Each bundle costs a
search a few more requests (about 30 kB per word searched), so bundles are made as big as the
limits allow.

Several bundles are indexed at the same time, each by a Pagefind service process of its own
(the process ends with its bundle, so its memory goes back to the system): up to `jobs`
processes, within a memory budget. A bundle is expected to need `PAGEFIND_RAM_PER_MB` (40) MB
of memory per MB of HTML (Pagefind 1.5.2 spends ~420 bytes per word indexed), and it starts
only when the expected memory of the running bundles plus its own, plus what the build's own
process holds, is within `search_memory_mb` (default 2,000 MB), or when nothing else runs. The
rule: `jobs` bundles run together when jobs x search_bundle_mb x 40 + the build's memory <=
search_memory_mb (2 jobs: bundles up to 18 MB while the build holds under 560 MB; at full scale
it holds ~540 MB after rendering, and a Pagefind process writing an 18 MB bundle peaked at
~700 MB). The bundles and what is written in them do not depend
on the number of jobs, only how many run together does (Pagefind itself lists filters in a
different order on every run, so filter files change names: not a byte-identical index, the
same search).

The index is written beside the site and swapped in only when complete: a failed run (a
Pagefind process that dies included: the others are stopped) leaves the previous index (or
none), never half of one.
"""

from __future__ import annotations

import asyncio
import base64
import concurrent.futures
import contextlib
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import psutil
from pagefind.index import IndexConfig
from pagefind.service import PagefindService, get_executable

from sitegen.errors import SitegenError
from sitegen.progress import Progress

DEFAULT_BUNDLE_PAGES = 40_000  # pages per bundle: well under Netlify's 54,000 files per folder
# Writing a bundle, Pagefind 1.5.2 holds ~40 times the bundle's HTML in memory (measured:
# 165 MB of cable pages took 6.6 GB). Two bundles of 18 MB can be indexed at once in 1.5 GB.
DEFAULT_BUNDLE_MB = 18
# The memory the search step may use, and what one Pagefind process needs per MB of cable HTML
# (measured with 1.5.2 on synthetic cables: 460 MB for a 12.7 MB bundle, 1,080 MB for 29.5 MB).
DEFAULT_MEMORY_MB = 2000  # all of the search step: the build process counts (`Budget.held_mb`)
PAGEFIND_RAM_PER_MB = 40
MANIFEST = "bundles.json"  # in pagefind/: the bundles the search page merges
CABLE_FOLDER = "cable"  # cable pages live in cable/YYYY/MM/ (sitegen.site.urls.cable_path)
# Pagefind also writes its own UIs; the site ships search.js instead, so they are not published.
UNUSED_FILES = (
    "pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
    "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js",
)
PAGEFIND_FOLDERS = {"fragment", "index", "filter"}  # what Pagefind writes inside a bundle
FORMAT = "3"  # bump when the way pages are marked or bundled changes: old bundles are not reused
_SAFE_PATH = re.compile(r"^[A-Za-z0-9_.-]+$")
_SORT_DATE = re.compile(rb'<[^>]*\bdatetime="([^"]*)"[^>]*data-pagefind-sort="date"')
_REFERENCE_ID = re.compile(r"^(\d{2})([A-Z][A-Z0-9]*?)(\d+)$")


@dataclass(frozen=True)
class MonthFolder:
    """Cable pages of one month folder, cable/2009/07, with how many pages and bytes they are.

    A month too big for one bundle is cut into parts, in date order: a part names its pages.
    """

    path: str
    pages: int
    size: int  # bytes of HTML: Pagefind's memory grows with it
    files: tuple[str, ...] = ()  # a part's pages (site-relative); () is the whole folder
    part: int = 0  # 1, 2... for the parts of a month
    digest: str = ""  # of its pages' paths, sizes and modification times (`_pages_digest`)
    dates: tuple[str, ...] = ()  # a part's first and last page dates: which days it holds

    @property
    def label(self) -> str:
        """"2009-07", "2009-07.2" for a part, "undated" for pages without a month."""
        month = _month_of(self.path) or "undated"
        return f"{month}.{self.part}" if self.part else month

    def patterns(self) -> list[str]:
        return list(self.files) if self.files else [f"{self.path}/*.html"]

    def page_paths(self, site: Path) -> list[str]:
        if self.files:
            return list(self.files)
        return sorted(f"{self.path}/{entry.name}" for entry in os.scandir(site / self.path)
                      if entry.name.endswith(".html"))


@dataclass(frozen=True)
class Bundle:
    """One Pagefind index: months (or parts of one) of cable pages, maybe the content pages."""

    name: str  # "" for a single unsplit index, else "2009-07" or "2001-01_2006-12"
    months: tuple[MonthFolder, ...]
    content_pages: tuple[str, ...] = ()  # site-relative paths of content pages it holds

    @property
    def path(self) -> str:
        """Its folder, relative to pagefind/ ("" or "2009-07/")."""
        return f"{self.name}/" if self.name else ""

    @property
    def pages(self) -> int:
        """Cable pages it should hold (content pages not counted)."""
        return sum(month.pages for month in self.months)

    @property
    def size(self) -> int:
        """Bytes of cable HTML it holds (what Pagefind's memory grows with)."""
        return sum(month.size for month in self.months)

    @property
    def folders(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(month.path for month in self.months))

    def part_dates(self) -> tuple[str, str]:
        """The date of its first page if it starts with a part of a month, and of its last
        page if it ends with one ("": a whole month, any day of it)."""
        first, last = (self.months[0], self.months[-1]) if self.months else (None, None)
        return (first.dates[0] if first and first.dates else "",
                last.dates[-1] if last and last.dates else "")

    def glob(self) -> str:
        """The files Pagefind reads for it, as one glob relative to the site folder."""
        patterns = [pattern for month in self.months for pattern in month.patterns()]
        patterns += list(self.content_pages)
        if len(patterns) < 2:
            return "".join(patterns)  # "" for an empty bundle: nothing to index
        return "{" + ",".join(patterns) + "}"


@dataclass
class SearchReport:
    pages: int  # pages in the index, all bundles together
    bundles: list[Bundle]
    seconds: float
    indexed: list[str] = field(default_factory=list)  # names of the bundles Pagefind wrote
    reused: list[str] = field(default_factory=list)  # names of those copied from `previous`
    warnings: list[str] = field(default_factory=list)


# A made-up word in a hidden field of every cable page. The search page asks for it when a
# search has filters and no words: Pagefind answers a search without words by loading every
# word chunk of every bundle (~120 MB for a year and a tag at full scale), and a search for
# one word loads one chunk per bundle.
EVERY_CABLE_WORD = "everycablepage"


def reference_variants(reference_id: str) -> str:
    """Spellings of a reference id people type, for a hidden search field of the cable page.

    "09ASTANA1182" -> "09ASTANA1182 09 ASTANA 1182 ASTANA1182". Pagefind cuts words at spaces,
    so "09 ASTANA 1182" and "ASTANA 1182" only match the cable if these pieces are indexed.
    """
    match = _REFERENCE_ID.match(reference_id)
    if not match:
        return reference_id
    year, station, number = match.groups()
    return f"{reference_id} {year} {station} {number} {station}{number}"


@dataclass(frozen=True)
class Limits:
    """How big one bundle may grow: files in its folder, and HTML that Pagefind holds."""

    pages: int = DEFAULT_BUNDLE_PAGES
    megabytes: int = DEFAULT_BUNDLE_MB

    def exceeded(self, pages: int, size: int) -> bool:
        return pages > self.pages or size > self.megabytes * 1_000_000


def plan_bundles(
    months: Iterable[MonthFolder], content_pages: Iterable[str], limits: Limits
) -> list[Bundle]:
    """Group months (and parts of months), in date order, into bundles within `limits`.

    Everything fits one unnamed bundle when the whole site is within the limits; otherwise
    consecutive months are packed greedily, so bundles are disjoint date ranges, and the
    content pages join the newest bundle. (`cable_months` has cut the months too big.)
    """
    if limits.pages < 1 or limits.megabytes < 1:
        raise ValueError("a bundle must be allowed at least one page and one megabyte")
    months = sorted(months, key=_month_key)
    content = tuple(content_pages)
    pages, size = sum(m.pages for m in months), sum(m.size for m in months)
    if not months or not limits.exceeded(pages + len(content), size):
        return [Bundle("", tuple(months), content)]
    groups: list[list[MonthFolder]] = [[]]
    for month in months:
        group = groups[-1]
        if group and limits.exceeded(sum(m.pages for m in group) + month.pages,
                                     sum(m.size for m in group) + month.size):
            groups.append([])
        groups[-1].append(month)
    bundles = [Bundle(_bundle_name(group), tuple(group)) for group in groups]
    bundles[-1] = Bundle(bundles[-1].name, bundles[-1].months, content)
    return bundles


def split_month(month: MonthFolder, pages: list[tuple[str, str, int]],
                limits: Limits) -> list[MonthFolder]:
    """Cut a month into parts within `limits`, in date order.

    `pages` are (date, site-relative path, bytes) of its pages; a single page bigger than the
    limits still makes a part.
    """
    parts: list[list[tuple[str, str, int]]] = [[]]
    for page in sorted(pages):
        part = parts[-1]
        if part and limits.exceeded(len(part) + 1, sum(p[2] for p in part) + page[2]):
            parts.append([])
        parts[-1].append(page)
    if len(parts) == 1:
        return [month]
    return [MonthFolder(month.path, len(part), sum(p[2] for p in part),
                        tuple(p[1] for p in part), number, dates=(part[0][0], part[-1][0]))
            for number, part in enumerate(parts, 1)]


def cable_months(site: Path, limits: Limits | None = None) -> list[MonthFolder]:
    """Every folder of cable pages of a built site, with its page count, size and digest."""
    return scan_cable_folders(site, limits)[0]


def scan_cable_folders(site: Path, limits: Limits | None = None, known: dict | None = None
                       ) -> tuple[list[MonthFolder], dict[str, dict]]:
    """Every folder of cable pages of a built site, and what to remember of each folder.

    A folder is listed and each of its pages stat-ed once (sizes and modification times make
    the month's size and digest). A month over `limits` is cut into parts by the dates of its
    pages (read from the pages' sort key), so that no bundle outgrows the limits and bundles
    stay in date order.

    `known` is what an earlier scan remembered: a folder whose inode and modification time are
    the same as then is taken from it, without listing it or looking at its pages (at full
    scale, stat-ing 250,000 pages whose inodes are out of the cache took most of a one-edit
    rebuild's search step). That is sound because sitegen never writes over a page: it writes
    a new file and renames it into place (`sitegen.site.render.Output`, `sitegen.site.publish`),
    so a page added, removed or changed changes its folder's modification time. A folder
    changed in the last seconds is not remembered: it could change again within the same tick
    of the file system's clock, unseen.
    """
    months: list[MonthFolder] = []
    remembered: dict[str, dict] = {}
    settled = time.time_ns() - 2_000_000_000
    known = known or {}

    def visit(path: str) -> None:
        stat = os.stat(site / path)  # before the listing: a change during it is seen next time
        record = known.get(path)
        recalled = _recall(record, stat)
        if recalled is None:
            record = dict(_scan_folder(site, path, limits), inode=stat.st_ino,
                          mtime=stat.st_mtime_ns)
            recalled = _recall(record, stat)
        if stat.st_mtime_ns < settled:
            remembered[path] = record
        folders, found = recalled
        months.extend(found)
        for name in folders:
            visit(f"{path}/{name}")

    if (site / CABLE_FOLDER).is_dir():
        visit(CABLE_FOLDER)
    return months, remembered


def _scan_folder(site: Path, path: str, limits: Limits | None) -> dict:
    """What one folder holds: its sub-folders, and its pages as one month or parts of one."""
    folders, pages = [], []  # pages: (site-relative path, size, modification time)
    with os.scandir(site / path) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                folders.append(entry.name)
            elif entry.name.endswith(".html"):
                stat = entry.stat()
                pages.append((f"{path}/{entry.name}", stat.st_size, stat.st_mtime_ns))
    months = []
    if pages:
        pages.sort()
        month = MonthFolder(path, len(pages), sum(page[1] for page in pages),
                            digest=_pages_digest(pages))
        months = [month]
        if limits and limits.exceeded(month.pages, month.size):
            stats = {page[0]: page for page in pages}
            dated = [(_page_date(site / file), file, size) for file, size, _ in pages]
            months = [replace(part, digest=_pages_digest([stats[file] for file in part.files]))
                      for part in split_month(month, dated, limits)]
    return dict(folders=sorted(folders), months=[asdict(month) for month in months])


def _recall(record: dict | None, stat: os.stat_result
            ) -> tuple[list[str], list[MonthFolder]] | None:
    """The sub-folders and months of a remembered folder, if it is unchanged (and the record
    readable)."""
    try:
        if (record["inode"], record["mtime"]) != (stat.st_ino, stat.st_mtime_ns):
            return None
        return (list(record["folders"]),
                [MonthFolder(**dict(month, files=tuple(month["files"]),
                                    dates=tuple(month["dates"])))
                 for month in record["months"]])
    except (KeyError, TypeError, ValueError):
        return None  # a damaged record (or one older than parts' dates): looked at again


def _pages_digest(pages: Iterable[tuple[str, int, int]]) -> str:
    """Of pages given as (site-relative path, size, modification time): what a bundle's index
    is made from, as far as a stat tells."""
    digest = hashlib.blake2b(digest_size=16)
    for path, size, mtime in pages:
        digest.update(f"{path}\0{size}\0{mtime}\n".encode())
    return digest.hexdigest()


def _page_date(page: Path) -> str:
    """The date a page sorts by (its `data-pagefind-sort="date"` element), or ""."""
    match = _SORT_DATE.search(page.read_bytes())
    return match.group(1).decode("utf-8", "replace") if match else ""


def content_pages(site: Path) -> list[str]:
    """Content pages to index: top-level `NAME/index.html` files marked `data-pagefind-body`.

    Content pages are written as `NAME/` (about/, how-to-read-a-cable/); list pages sit one level
    deeper (tag/PHUM/) or carry no body mark (tag/, home), so only a handful of files is read.
    """
    found = []
    for path in sorted(site.glob("*/index.html")):
        folder = path.parent.name
        if folder in (CABLE_FOLDER, "pagefind") or not _SAFE_PATH.match(folder):
            continue
        with path.open("rb") as page:
            if b"data-pagefind-body" in page.read():
                found.append(f"{folder}/index.html")
    return found


def index_site(
    out_dir: Path,
    config,
    quiet: bool = False,
    bundle_pages: int | None = None,
    previous: Path | None = None,
    bundle_mb: int | None = None,
    jobs: int | None = None,
    memory_mb: int | None = None,
    memo: Path | None = None,
) -> SearchReport:
    """Index the built site in `out_dir` into `out_dir/pagefind/` (replacing any old index).

    A bundle holds at most `bundle_pages` pages and `bundle_mb` megabytes of HTML (default:
    the site settings `search_bundle_pages` and `search_bundle_mb`). `previous` is the last
    published site: a bundle whose pages are the very same files as then (same paths, sizes
    and modification times) is copied from it, not indexed again. Up to `jobs` bundles (default:
    all cores) are indexed at once, within `memory_mb` (default: `search_memory_mb`).
    `memo` is a file where the scan of the cable folders is remembered for the next call on the
    same site (see `scan_cable_folders`); without it, every page is looked at.
    """
    out_dir = Path(out_dir)
    limits = Limits(
        bundle_pages or getattr(config, "search_bundle_pages", DEFAULT_BUNDLE_PAGES),
        bundle_mb or getattr(config, "search_bundle_mb", DEFAULT_BUNDLE_MB))
    budget = Budget(jobs or os.cpu_count() or 1,
                    memory_mb or getattr(config, "search_memory_mb", DEFAULT_MEMORY_MB),
                    round(psutil.Process().memory_info().rss / 1e6))
    language = getattr(config, "language", "en") or "en"
    started = time.perf_counter()
    memo_key = f"{FORMAT} {out_dir.resolve()} {limits.pages} {limits.megabytes}"
    months, remembered = scan_cable_folders(out_dir, limits, _read_memo(memo, memo_key))
    bundles = plan_bundles(months, content_pages(out_dir), limits)
    warnings = [
        f"search: {m.files[0] if m.files else m.path} ({m.size / 1e6:.0f} MB) is bigger than "
        f"a search bundle may be ({limits.megabytes} MB); it gets one of its own"
        for m in months if limits.exceeded(m.pages, m.size)
    ]
    digests = [_bundle_digest(out_dir, bundle, language) for bundle in bundles]
    reusable = _reusable_bundles(previous)
    # A rebuild of a split index in the same folder replaces only the bundles that changed;
    # otherwise the whole index is assembled aside (unchanged bundles linked) and swapped in.
    in_place = (previous is not None and previous.resolve() == out_dir.resolve()
                and all(bundle.name for bundle in bundles))
    staging = out_dir / ".pagefind.partial"
    shutil.rmtree(staging, ignore_errors=True)
    shutil.rmtree(_pages_folder(staging), ignore_errors=True)
    total = sum(bundle.pages + len(bundle.content_pages) for bundle in bundles)
    try:
        with Progress("search", total=total, quiet=quiet, unit="pages") as bar:
            counts, reused = _run(
                _write_bundles(out_dir, bundles, digests, reusable, staging, language, bar,
                               budget, link_reused=not in_place))
        fresh = [b for b, r in zip(bundles, reused, strict=True) if not r]
        copied = [b for b, r in zip(bundles, reused, strict=True) if r]
        indexed = [b.name for b in fresh]
        written = [staging / b.path for b in fresh]
        kept = [(out_dir / "pagefind" if in_place else staging) / b.path for b in copied]
        if len(written) == 1 and not kept:  # (a lone bundle: nothing to compare it with)
            kept = reference_index(_reference_folder(staging), language)
        warnings += mend_cut_files(written, kept)
        for bundle, count in zip(bundles, counts, strict=True):
            expected = bundle.pages + len(bundle.content_pages)
            if count != expected:
                warnings.append(
                    f"search: bundle {bundle.name or 'pagefind'} indexed {count} of {expected} "
                    "pages (a page without data-pagefind-body is left out of search)")
        _write_manifest(staging, bundles, counts, digests)
        if in_place:
            _replace_bundles(staging, out_dir / "pagefind", [b.name for b in bundles], indexed)
        else:
            _swap_in(staging, out_dir / "pagefind")
    except FileNotFoundError as error:
        raise SitegenError(f"cannot run Pagefind: {error}",
                           hint="pip install 'pagefind[bin]', or build with --no-search") from None
    except OSError as error:  # a broken pipe to a Pagefind that died, a full disk...
        raise SitegenError(f"the search index could not be written: {error}",
                           hint="build with --no-search to publish without search") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(_pages_folder(staging), ignore_errors=True)
        shutil.rmtree(_reference_folder(staging), ignore_errors=True)
    if memo:
        _write_memo(memo, memo_key, remembered)
    report = SearchReport(
        sum(counts), bundles, time.perf_counter() - started,
        indexed=indexed, reused=[b.name for b in copied], warnings=warnings)
    if not quiet and len(bundles) > 1:
        _say(f"search: {len(bundles)} bundles, {len(report.reused)} of them unchanged")
    return report


@dataclass(frozen=True)
class Budget:
    """How many Pagefind processes may run at once, and how much memory the search step may
    use: the Pagefind processes together, and what the calling process (the build) holds."""

    processes: int
    memory_mb: int
    held_mb: int = 0  # what the calling process holds already (its resident memory)

    @property
    def pagefind_mb(self) -> int:
        """What is left for the Pagefind processes (with none left, they run one at a time)."""
        return max(0, self.memory_mb - self.held_mb)

    def need(self, bundle: Bundle) -> int:
        """The memory (MB) a bundle is expected to take while Pagefind writes it."""
        return max(1, round(bundle.size / 1e6 * PAGEFIND_RAM_PER_MB))


async def _write_bundles(
    site: Path, bundles: list[Bundle], digests: list[str], reusable: dict[str, tuple[str, int]],
    staging: Path, language: str, bar: Progress, budget: Budget, link_reused: bool = True,
) -> tuple[list[int], list[bool]]:
    """Reuse the unchanged bundles (linked into `staging` if `link_reused`, else left where
    they are), and index the others into `staging`, several at a time within `budget`.

    Returns the pages in each bundle, and whether it was reused. If one Pagefind fails, the
    others are stopped and the error raised.
    """
    counts, reused = [0] * len(bundles), [False] * len(bundles)
    todo = []
    for number, (bundle, digest) in enumerate(zip(bundles, digests, strict=True)):
        old = reusable.get(bundle.path)
        if old and old[0] == digest:
            if link_reused:
                _link_tree(Path(old[2]), staging / bundle.path)
                _drop_unused_files(staging / bundle.path)
            counts[number], reused[number] = old[1], True
            bar.advance(counts[number])
        else:
            todo.append(number)
    todo.sort(key=lambda number: -bundles[number].size)  # the longest first: they end together
    memory = _SharedMemory(budget.pagefind_mb)

    async def worker() -> None:
        while todo:
            number = todo.pop(0)
            async with memory.reserved(budget.need(bundles[number])):
                target = staging / bundles[number].path
                counts[number] = await _index_bundle(site, bundles[number], target, language,
                                                     _pages_folder(staging))
            _drop_unused_files(target)
            bar.advance(counts[number])

    workers = [asyncio.ensure_future(worker()) for _ in range(min(budget.processes, len(todo)))]
    if workers:
        done, pending = await asyncio.wait(workers, return_when=asyncio.FIRST_EXCEPTION)
        for task in pending:  # a Pagefind failed: stop the others (their processes end too)
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        for task in done:
            if task.exception():
                raise task.exception()
    return counts, reused


class _SharedMemory:
    """The memory (MB) the Pagefind processes share: a bundle waits until its part is free."""

    def __init__(self, total: int) -> None:
        self.total, self.used = total, 0
        self._changed = asyncio.Condition()

    def _fits(self, need: int) -> bool:
        return self.used == 0 or self.used + need <= self.total  # a big bundle may run alone

    @contextlib.asynccontextmanager
    async def reserved(self, need: int):
        async with self._changed:
            await self._changed.wait_for(lambda: self._fits(need))
            self.used += need
        try:
            yield
        finally:
            async with self._changed:
                self.used -= need
                self._changed.notify_all()


async def _index_bundle(site: Path, bundle: Bundle, target: Path, language: str,
                        scratch: Path, attempts: int = 3) -> int:
    """Index one bundle into `target` with a Pagefind process of its own; the pages indexed.

    Pagefind 1.5.2 can end (exit code 0) with a file it was writing still empty, on a busy
    machine: the bundle is checked, and indexed again if it is not whole.
    """
    for _ in range(attempts):
        async with FastPagefindService() as service:
            index = await service.create_index(IndexConfig(force_language=language))
            count = 0
            if bundle.glob():
                with _bundle_pages(site, bundle, scratch) as pages:
                    result = await index.add_directory(str(pages), glob=bundle.glob())
                count = result["page_count"]
            await index.write_files(output_path=str(target.resolve()))
        damage = bundle_damage(target)
        if not damage:
            return count
        shutil.rmtree(target, ignore_errors=True)
    raise SitegenError(f"Pagefind wrote an incomplete index {attempts} times ({damage})",
                       hint="build with --no-search to publish without search")


@contextlib.contextmanager
def _bundle_pages(site: Path, bundle: Bundle, scratch: Path) -> Iterator[Path]:
    """A folder in `scratch` holding the bundle's pages alone (hard links, at the same paths
    as in the site), for as long as Pagefind reads them.

    Given the site folder and a glob, Pagefind goes through every file of the site to find
    those the glob matches: ~1.4 million files at full scale, for each of ~320 bundles."""
    folder = scratch / (bundle.name or "all")
    shutil.rmtree(folder, ignore_errors=True)
    try:
        made = None
        for path in [*(p for month in bundle.months for p in month.page_paths(site)),
                     *bundle.content_pages]:
            linked = folder / path
            if linked.parent != made:
                made = linked.parent
                made.mkdir(parents=True, exist_ok=True)
            try:
                os.link(site / path, linked)
            except OSError:
                shutil.copy2(site / path, linked)
        yield folder.resolve()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _pages_folder(staging: Path) -> Path:
    return staging.with_name(".pagefind.pages")


def _reference_folder(staging: Path) -> Path:
    return staging.with_name(".pagefind.reference")


def bundle_damage(folder: Path) -> str:
    """What is wrong with a bundle Pagefind wrote ("" when nothing is): an empty file, or an
    entry file that is not JSON."""
    try:
        json.loads((folder / "pagefind-entry.json").read_bytes())
    except (OSError, ValueError) as error:
        return f"{folder / 'pagefind-entry.json'}: {error}"
    for path, _, names in os.walk(folder):
        for name in names:
            if os.path.getsize(os.path.join(path, name)) == 0:
                return f"{os.path.join(path, name)} is empty"
    return ""


def mend_cut_files(written: list[Path], references: Iterable[Path] = ()) -> list[str]:
    """Put back the whole copy of a script Pagefind wrote cut short; say which were.

    Pagefind 1.5.2 now and then ends (exit code 0) with a file it was writing cut short, seen
    with pagefind-worker.js, pagefind.js and a wasm file (~2 bundles of 322 in a full-scale
    build; a browser then has no search). The files at a bundle's top but its entry and
    metadata are the same for every bundle of a Pagefind version, so a copy in a `written`
    bundle that is the start of a longer one (in another bundle, or in a `references` folder:
    bundles kept from the last build, or a reference index) is replaced by the longer one."""
    copies: dict[str, list[Path]] = {}
    for folder in [*written, *references]:
        for path in folder.iterdir():
            if path.is_file() and path.name != "pagefind-entry.json" and path.suffix != ".pf_meta":
                copies.setdefault(path.name, []).append(path)
    mendable = set(written)
    mended = []
    for name, paths in copies.items():
        sizes = {path: path.stat().st_size for path in paths}
        longest = max(paths, key=sizes.__getitem__)
        whole = None  # (read only if some copy is shorter: 322 bundles x 227 kB at full scale)
        for path in paths:
            if sizes[path] == sizes[longest] or path.parent not in mendable:
                continue
            whole = whole or longest.read_bytes()
            content = path.read_bytes()
            if whole.startswith(content):
                path.unlink()  # (not written through: it may be a hard link)
                path.write_bytes(whole)
                mended.append(f"search: Pagefind cut {path.parent.name}/{name} short "
                              f"({len(content)} of {len(whole)} bytes): mended")
    return mended


def reference_index(folder: Path, language: str) -> list[Path]:
    """An index of one page, written into `folder` by the Pagefind command (not the service,
    whose early replies leave files cut): the copies a lone bundle's scripts are compared
    with. [] if Pagefind could not write it (the bundle then goes unchecked, as before)."""
    site = folder / "site"
    site.mkdir(parents=True, exist_ok=True)
    (site / "index.html").write_text(
        "<html><body><main data-pagefind-body>reference</main></body></html>")
    try:
        done = subprocess.run([get_executable(), "--site", str(site), "--output-path",
                               str(folder / "index"), "--force-language", language],
                              capture_output=True, timeout=120)
    except (OSError, subprocess.SubprocessError):
        return []
    return [folder / "index"] if done.returncode == 0 and (folder / "index").is_dir() else []


def _drop_unused_files(bundle_folder: Path) -> None:
    for name in UNUSED_FILES:
        (bundle_folder / name).unlink(missing_ok=True)


def _write_manifest(
    staging: Path, bundles: list[Bundle], counts: list[int], digests: list[str]
) -> None:
    """bundles.json: what search.js merges, oldest bundle first, and what the next build reuses.

    A bundle's first and last months; where one of them is a part of a month, the date of the
    part's first (`from`) or last (`to`) page too: a search for a person's cables looks for the
    bundles holding the days they were written (`sitegen.site.filter_lists.days_naming`)."""
    manifest = {
        "bundles": [
            {"name": bundle.name, "path": bundle.path, "pages": count,
             "first": bundle.months[0].label if bundle.months else "",
             "last": bundle.months[-1].label if bundle.months else "",
             "from": bundle.part_dates()[0], "to": bundle.part_dates()[1],
             "digest": digest}
            for bundle, count, digest in zip(bundles, counts, digests, strict=True)
        ]
    }
    staging.mkdir(parents=True, exist_ok=True)
    (staging / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")


def _bundle_digest(site: Path, bundle: Bundle, language: str) -> str:
    """What a bundle's index depends on: its files (by path, size and mtime) and the indexer."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{FORMAT}\0{pagefind_version()}\0{language}\0{bundle.glob()}\0".encode())
    for month in bundle.months:
        digest.update(f"{month.digest}\n".encode())
    content = [(path, (site / path).stat()) for path in bundle.content_pages]
    digest.update(_pages_digest((path, stat.st_size, stat.st_mtime_ns)
                                for path, stat in content).encode())
    return digest.hexdigest()


def _read_memo(memo: Path | None, key: str) -> dict[str, dict]:
    """The folders remembered by the last scan of the same site with the same limits."""
    try:
        data = json.loads(memo.read_text(encoding="utf-8")) if memo else {}
        return data["folders"] if data.get("key") == key else {}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}  # none yet, or unreadable: every folder is looked at


def _write_memo(memo: Path, key: str, folders: dict[str, dict]) -> None:
    temporary = memo.with_name(memo.name + ".tmp")
    temporary.write_text(json.dumps(dict(key=key, folders=folders)), encoding="utf-8")
    os.replace(temporary, memo)


def _reusable_bundles(previous: Path | None) -> dict[str, tuple[str, int, str]]:
    """{bundle path: (digest, pages, folder)} of the previous site's index, if it is intact."""
    if not previous:
        return {}
    try:
        manifest = json.loads((previous / "pagefind" / MANIFEST).read_text(encoding="utf-8"))
        found = {}
        for entry in manifest["bundles"]:
            folder = previous / "pagefind" / entry["path"]
            if (folder / "pagefind-entry.json").is_file():
                found[entry["path"]] = (entry["digest"], int(entry["pages"]), str(folder))
        return found
    except (OSError, ValueError, KeyError, TypeError):
        return {}  # no index, or one this version cannot read: index again


def _link_tree(source: Path, target: Path) -> None:
    """Copy a bundle's files as hard links (copies where links are impossible).

    Only Pagefind's own files and sub-folders: in the unsplit layout, other bundles never sit
    inside, but a stale manifest or a folder of the previous split layout might.
    """
    target.mkdir(parents=True, exist_ok=True)
    for entry in os.scandir(source):
        if entry.is_dir():
            if entry.name in PAGEFIND_FOLDERS:
                _link_tree(Path(entry.path), target / entry.name)
        elif entry.name != MANIFEST:
            try:
                os.link(entry.path, target / entry.name)
            except OSError:
                shutil.copy2(entry.path, target / entry.name)


def _run(coroutine):
    """Run the Pagefind conversation; in a thread of its own if this one has an event loop
    already (a caller inside async code, or Playwright's sync API in the tests)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(asyncio.run, coroutine).result()


def _swap_in(staging: Path, target: Path) -> None:
    """Replace `target` by `staging` with renames, so no reader sees a half-written index."""
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def _replace_bundles(staging: Path, target: Path, listed: list[str], written: list[str]
                     ) -> None:
    """Move the bundles named `written` from `staging` into the index `target`, then the
    manifest, and drop from `target` what is not `listed` (bundles of the new manifest).
    Unchanged bundles are not touched: at full scale relinking their ~250,000 files cost a
    rebuild about a minute.

    Each bundle is swapped with two renames and the manifest replaced last, so a reader sees
    every bundle whole (the old or the new one).
    """
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    old.mkdir()
    target.mkdir(exist_ok=True)
    for name in written:
        if (target / name).exists():
            os.rename(target / name, old / name)
        os.rename(staging / name, target / name)
    os.replace(staging / MANIFEST, target / MANIFEST)
    kept = {MANIFEST, *listed}
    for entry in os.scandir(target):  # bundles of months gone, files of an older layout
        if entry.name not in kept:
            os.rename(entry.path, old / entry.name)
    shutil.rmtree(old, ignore_errors=True)


class FastPagefindService(PagefindService):
    """Pagefind's service client, reading replies as they come.

    The stock client sleeps 0.1 s before reading each reply, which caps it at ten requests a
    second (over an hour for 40,000 `add_html_file` calls). This one reads without pausing, and
    fails every waiting request if the Pagefind process dies, instead of hanging forever. On
    leaving, it lets Pagefind end by itself and checks that it did (the stock client terminates
    it, which can cut the files it is still writing), or kills it if the work failed.
    """

    _stopped: SitegenError | None = None  # why the process can no longer answer

    async def send(self, payload):
        if self._stopped:  # a request now would wait for an answer that never comes
            raise self._stopped
        return await super().send(payload)

    async def close(self) -> None:
        """Let the process end by itself, and check it did: Pagefind answers `write_files`
        before the last bytes are on disk (an empty file was seen right after the reply) and
        mostly finishes them when its input ends (not always: see `_index_bundle`)."""
        self._backend.stdin.close()
        try:
            code = await asyncio.wait_for(self._backend.wait(), timeout=120)
        except TimeoutError:
            code = "none (it did not end in 2 minutes)"
        if code != 0:
            await self._kill()
            raise SitegenError(f"Pagefind did not finish writing the index: exit code {code}",
                               hint="if it ran out of memory, lower search_bundle_mb or "
                                    "search_memory_mb in site.toml")
        self._poll_task.cancel()

    async def __aexit__(self, kind, error, traceback) -> None:
        if kind is None:
            await self.close()
        else:  # failed or stopped: its index is thrown away, nothing to wait for
            await self._kill()

    async def _kill(self) -> None:
        self._poll_task.cancel()
        if self._backend.returncode is None:
            try:
                self._backend.kill()
            except ProcessLookupError:
                pass  # it has just ended
        await self._backend.wait()

    async def _wait_for_responses(self) -> None:
        try:
            while True:
                line = await self._backend.stdout.readuntil(b",")
                reply = json.loads(base64.b64decode(line[:-1]))
                if reply is None:
                    continue
                waiting = self._responses.pop(reply.get("message_id"), None)
                payload = reply["payload"]
                if waiting is None or waiting.done():
                    continue
                if payload["type"] == "Error":
                    waiting.set_exception(SitegenError(
                        f"Pagefind failed: {payload['message']}",
                        hint="build with --no-search to publish without search"))
                else:
                    waiting.set_result(payload)
        except (asyncio.IncompleteReadError, ValueError) as error:
            self._stopped = SitegenError(
                f"the Pagefind process stopped unexpectedly ({error})",
                hint="if it ran out of memory, lower search_bundle_mb or search_memory_mb "
                     "in site.toml")
            for waiting in self._responses.values():
                if not waiting.done():
                    waiting.set_exception(self._stopped)
            self._responses.clear()


def _month_key(month: MonthFolder) -> tuple[int, str, int]:
    """Dated months in date order (parts in order), pages without a month first."""
    dated = _month_of(month.path)
    return (1, dated, month.part) if dated else (0, month.path, month.part)


def _month_of(folder: str) -> str:
    """"cable/2009/07" -> "2009-07"; "cable/2009" -> "2009"; "" when it is not dated."""
    match = re.search(r"(\d{4})(?:/(\d{2}))?$", folder)
    if not match:
        return ""
    return f"{match.group(1)}-{match.group(2)}" if match.group(2) else match.group(1)


def _bundle_name(group: list[MonthFolder]) -> str:
    first, last = group[0].label, group[-1].label
    return first if first == last else f"{first}_{last}"


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def pagefind_version() -> str:
    """The installed Pagefind (the Python package and the binary share a version)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("pagefind")
    except PackageNotFoundError:
        return str(get_executable())

"""`sitegen build`: content/ in, a complete static site out.

The build runs in steps, each timed in the report:

1. parse    stream the sources; parse each new or changed cable in a worker process, store
            it in the cache, and keep only its small metadata (`CableMeta`) in this process.
            A build whose inputs are all as the last build's stops here (`_nothing_changed`).
            A source file with unchanged size and mtime is not even read again, and a cable
            whose text, source metadata and parser are unchanged is not parsed again.
2. collect  group the metadata into tags, origins, dates, people (no cable body in memory).
3. render   cable pages in worker processes from their cache records, then index pages,
            into a staging folder. A page whose key (what it is made from, theme and config
            included) is unchanged is not rendered again, and unchanged bytes are not written.
4. publish  the staging folder takes the place of the previous site (sitegen.site.publish):
            whole on a first build, file by file when only some files changed.
5. search   the Pagefind index of the published site. If it fails (or --strict finds a
            warning), the previous site is restored: a failed build leaves it as it was.

Every input cable ends up as a page or as a problem in the report (file, line, reason).
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import copy
import ctypes
import gc
import hashlib
import itertools
import json
import multiprocessing
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path

import jinja2
import yaml
from markupsafe import Markup

import sitegen
from sitegen import progress
from sitegen.cache import (
    Cache,
    CacheCorrupt,
    cable_from_dict,
    compact_json,
    digest,
    record_key,
)
from sitegen.config import load_config
from sitegen.errors import SitegenError, read_user_text, user_error
from sitegen.markdown import Links, body_markdown, cable_document, render, render_body
from sitegen.progress import MemoryWatch, Progress, peak_memory_mb
from sitegen.site import render as site_render
from sitegen.site import urls
from sitegen.site.collections import CableMeta, Collections, build_collections
from sitegen.site.feeds import atom_feed
from sitegen.site.filter_lists import (
    FILTERS_FILE,
    PEOPLE_FOLDER,
    days_naming,
    filter_lists,
    shard_count,
)
from sitegen.site.kept_people import dump_people, update_people
from sitegen.site.pages import PageSpec, folders_for, index_page_count, index_pages
from sitegen.site.people import People, load_registry, merge_people, person_meta
from sitegen.site.person_pages import (
    PersonPageSpec,
    cable_people,
    link_mentions,
    person_page_count,
    person_specs,
    sentences,
    set_tokens,
)
from sitegen.site.publish import Publication
from sitegen.site.sentences import cable_sentences
from sitegen.site.sitemap import sitemaps
from sitegen.sources import is_csv
from sitegen.sources.cables_csv import CsvMarks, piece_at, row_location
from sitegen.sources.record import SourceFormatError
from sitegen.sources.text import split_front_matter

PACKAGE = Path(sitegen.__file__).resolve().parent
INDEX_SLACK = 50  # the cache index is written anew once 1 row in 50 is no longer used
# Pages rendered in this process, when no more are to be rendered in a batch of 2,000: fewer
# than starting the render workers would take (~0.3 s, more on a loaded machine).
IN_PROCESS_PAGES = 64
# The manifest of the last build, written as pages are made: rows ["page", path, key, path,
# key...] for every page, and ["other", file...] for the files that are not a page's own (a
# cable's text, assets, feeds). Its layout is part of its version.
MANIFEST, MANIFEST_LAYOUT = "pages.jsonl", "page rows, other rows"
PEOPLE_MEMO = "people.bin"  # the last merge of people (sitegen.site.kept_people)


@dataclass
class BuildOptions:
    content: Path
    out: Path
    base_url: str | None = None
    jobs: int | None = None  # worker processes; None: all cores
    strict: bool = False  # fail on any warning or problem
    search: bool = True
    quiet: bool = False
    cache_dir: Path | None = None  # default: .sitegen-cache beside the output folder
    # Called with the collections once they are built (`sitegen check` inspects them).
    on_collections: Callable[[Collections], None] | None = None


@dataclass
class Problem:
    """An input cable that did not become a page, and why."""

    location: str
    reason: str


@dataclass
class BuildReport:
    cables: int = 0
    pages: int = 0
    warnings: list[str] = field(default_factory=list)
    problems: list = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    peak_memory_mb: float = 0.0
    written: int = 0  # files whose bytes changed
    reused: int = 0  # files carried over from the previous build
    parsed: int = 0  # cables parsed (cache misses)
    read: int = 0  # source files read (the others were unchanged since the last build)
    path: str = ""  # where build-report.json was written

    def to_dict(self) -> dict:
        data = asdict(self)
        data["problems"] = [asdict(p) if isinstance(p, Problem) else p for p in self.problems]
        return data


def build_site(options: BuildOptions) -> BuildReport:
    """Build the site; a damaged cache is thrown away and the build run once more."""
    with MemoryWatch() as memory:
        try:
            return _Build(options, memory).run()
        except CacheCorrupt as error:
            _log(options, f"cache damaged ({error}); rebuilding it")
            shutil.rmtree(_cache_folder(options), ignore_errors=True)
            return _Build(options, memory).run()


def _cache_folder(options: BuildOptions) -> Path:
    return options.cache_dir or options.out.resolve().parent / ".sitegen-cache"


def _log(options: BuildOptions, message: str) -> None:
    if not options.quiet:
        print(message, file=sys.stderr, flush=True)


# --- the steps --------------------------------------------------------------------------------


class _Build:
    def __init__(self, options: BuildOptions, memory: MemoryWatch | None = None):
        self.options = options
        self.memory = memory
        self.content = options.content
        self.out = options.out.resolve()
        if not self.content.is_dir():
            raise SitegenError(f"content folder {self.content} does not exist",
                               hint="run from the project folder, or pass --content PATH")
        self.config = load_config(self.content / "site.toml", options.base_url)
        self.registry = load_registry(self.content / "people.toml")
        self.cache = Cache(_cache_folder(options))
        self.stage = self.out.with_name(f".{self.out.name}.staging")
        self._manifest_version = f"{self.out}\0{MANIFEST_LAYOUT}"
        _check_output_folder(self.out, self.content)
        self.jobs = options.jobs or os.cpu_count() or 1
        self.report = BuildReport()
        self._sources: list[tuple] | None = None  # see _walk_sources
        # What parsing makes: the cable, and the sentences naming its people.
        self.parser_version = site_render.files_hash([PACKAGE / "cable",
                                                      PACKAGE / "site" / "sentences.py"])
        assets = site_render.theme_assets(self.content, self.config)
        self.assets = assets
        # Anything that can change how a page looks: code, theme, overrides, configuration.
        self.render_version = digest(
            site_render.files_hash([PACKAGE, *site_render.template_folders(self.content,
                                                                           self.config)]),
            json.dumps(asdict(self.config), sort_keys=True),
            *sorted(path for path, _ in assets.values()),
        )

    def run(self) -> BuildReport:
        self._sources = self._timed("parse", self._walk_sources)
        if self._timed("parse", self._nothing_changed):
            return self._report_again()
        if self.stage.exists():
            shutil.rmtree(self.stage)
        self.stage.mkdir(parents=True)
        try:
            metas = self._timed("parse", self.parse)
            # What is in memory now (the metadata of every cable) stays until the end: the
            # garbage collector need not go through it again and again (seconds at scale).
            gc.freeze()
            collections = self._timed("collect", partial(build_collections, metas))
            if self.options.on_collections:
                self.options.on_collections(collections)
            self._timed("render", partial(self.render, collections))
            self._check_strict()  # before the output folder is touched
            self.report.cables = len(metas)
            del metas, collections  # not needed any more: their memory goes to Pagefind
            self._prune_records()
            _release_memory()
        except BaseException:
            shutil.rmtree(self.stage, ignore_errors=True)
            raise
        publication = Publication(self.stage, self.out, self._complete, self._stale)
        self._timed("publish", publication.apply)
        try:
            if self.options.search:
                self._timed("search", lambda: self.search(publication.previous_site))
            self._check_strict()
        except BaseException:
            publication.rollback()
            raise
        publication.commit()
        self._remember()
        self.report.peak_memory_mb = self._peak_memory_mb()
        self._write_report()
        return self.report

    def _peak_memory_mb(self) -> float:
        """The build's peak memory: all its processes together when they were watched,
        else this process and its largest child (getrusage: resident sizes)."""
        if self.memory:
            self.memory.sample()
            return round(self.memory.peak_mb, 1)
        return round(peak_memory_mb(), 1)

    def _timed(self, step: str, action: Callable):
        started = time.perf_counter()
        result = action()
        spent = time.perf_counter() - started
        self.report.seconds[step] = round(self.report.seconds.get(step, 0) + spent, 3)
        return result

    def _progress(self, step: str, total: int | None = None) -> Progress:
        return Progress(step, total=total, quiet=self.options.quiet, unit="")

    # 1. parse ------------------------------------------------------------------------------

    def _walk_sources(self) -> list[tuple]:
        """Every source file with [size, mtime] (or a SourceProblem with None), in input
        order: one stat per file, nothing read."""
        from sitegen.sources import SourceProblem, source_files

        found = []
        for source in source_files([self.content / "cables"]):
            if not isinstance(source, Path):  # a SourceProblem: missing folder...
                found.append((source, None))
                continue
            try:
                stat = source.stat()
            except OSError as error:
                found.append((SourceProblem(str(source), f"cannot read file: {error}"), None))
                continue
            found.append((source, [stat.st_size, stat.st_mtime_ns]))
        return found

    def _inputs_digest(self) -> str:
        """What the whole site is made from: sources (by size and mtime), code, theme,
        configuration, registry, hand-written pages, output folder and options."""
        extra = [self.content / "people.toml"]
        pages = self.content / "pages"
        if pages.is_dir():
            extra += sorted(pages.glob("*.md"))
        stats = []
        for path in extra:
            try:
                stat = path.stat()
                stats.append(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}")
            except OSError:
                stats.append(f"{path}\0missing")
        return digest(self.parser_version, self.render_version, str(self.out),
                      repr(self.options.search), *stats,
                      *(f"{source}\0{stat}" if stat else f"{source.location}\0{source.message}"
                        for source, stat in self._sources))

    def _nothing_changed(self) -> bool:
        """True when the site was built from exactly these inputs and every file of it is
        still in place: then there is nothing to parse, render or publish (a rebuild of the
        full release costs a walk of the sources and a stat per output file)."""
        self._inputs = self._inputs_digest()
        if self.options.on_collections is not None:  # `sitegen check` wants the collections
            return False
        state = self.cache.load_json("state.json", self.parser_version)
        if state.get("inputs") != self._inputs or not self.out.is_dir():
            return False
        pages, others = _load_manifest(self.cache, self._manifest_version)
        if not pages or (self.options.search and not (self.out / "pagefind").is_dir()):
            return False
        if site_render.missing_files(self.out, _files_of(pages, others)):
            return False
        report = state["report"]
        self.report.cables, self.report.pages = report["cables"], report["pages"]
        self.report.warnings = report["warnings"]
        self.report.problems = [Problem(**problem) for problem in report["problems"]]
        self.report.reused = len(pages) + len(others)
        return True

    def _report_again(self) -> BuildReport:
        self._check_strict()
        self.report.peak_memory_mb = self._peak_memory_mb()
        self._write_report()
        return self.report

    def parse(self) -> list[CableMeta]:
        """Every cable's metadata, in input order; new and changed cables are parsed in the
        workers, the others come from the cache.

        Two levels of cache: a source file whose size and mtime are unchanged is not even
        read again (reading 251k files with YAML front matter takes many minutes), and a
        cable whose text and source metadata are unchanged is not parsed again.
        """
        if self._sources is None:
            self._sources = self._walk_sources()
        files = self.cache.load_json("files.json", self.parser_version)
        # (Loading the index makes ~10 objects per cable, none in reference cycles: the
        # collector walked them all again and again, ~2 s of the 8 s it takes at full scale.)
        with _collector_paused(), _Aside(self.jobs) as aside:
            # (The cables.csv changed since the last build are gone through while the index
            # loads: ~10 s each at full scale.)
            marks = {source: aside.run(CsvMarks, source)
                     for source, stat in self._sources if stat is not None and is_csv(source)
                     and files.get(str(source), {}).get("stat") != stat}
            index = self._load_index()
            return self._parse(files, index, marks)

    def _parse(self, files: dict, index: dict, marks: dict[Path, Callable]) -> list[CableMeta]:
        """`parse` with the last build's files.json and index, and the marks of the cables.csv
        being gone through (what gives them)."""
        hits: list[tuple[int, CableMeta]] = []
        found: list[tuple[int, CableMeta]] = []
        problems: list[tuple[int, Problem]] = []
        warnings: list[tuple[int, str]] = []
        new_files: dict[str, dict] = {}
        number = 0

        def hit(key: str, location: str, reader_warnings: list[str]) -> None:
            meta, cached_warnings = index[key]
            if meta.location != location:  # same text, another file or row
                # (A copy: duplicates share the index's meta. Not `replace`, which runs
                # __post_init__ again: 4 times as long, ~4 s at full scale when a record
                # added near the top of cables.csv moves all the others a row down.)
                meta = copy.copy(meta)
                meta.location = location
            hits.append((number, meta))
            kept[key] = (meta, cached_warnings)
            warnings.extend((number, f"{location}: {w}")
                            for w in [*reader_warnings, *cached_warnings])

        def unchanged(state: dict | None, stat: list[int]) -> bool:
            # (Records are not looked for: one missing or damaged is found when read, and
            # the cache is then rebuilt.)
            return (state is not None and state["stat"] == stat
                    and all(item[1] in index for item in state["items"] if item[0] == "record"))

        def misses() -> Iterator[tuple]:
            # Runs in the pool's feeder thread: hits never reach a worker.
            nonlocal number
            for source, stat in self._sources:
                if stat is None:  # a SourceProblem: missing folder...
                    number += 1
                    problems.append((number, Problem(source.location, source.message)))
                    continue
                state = files.get(str(source))
                if unchanged(state, stat):
                    for item in state["items"]:
                        number += 1
                        bar.advance()
                        if item[0] == "record":
                            hit(*item[1:4])
                        else:
                            problems.append((number, Problem(*item[1:])))
                    new_files[str(source)] = state
                    continue
                items = []
                self.report.read += 1
                csv_marks = ((marks.pop(source, None) or partial(CsvMarks, source))()
                             if is_csv(source) else None)
                for item, bytes_ in _read_source(source, state, index, csv_marks):
                    number += 1
                    bar.advance()
                    if isinstance(item, list):  # a record as read last time
                        items.append(item)
                        hit(*item[1:4])
                        continue
                    if not hasattr(item, "text"):  # a SourceProblem
                        items.append(["problem", item.location, item.message])
                        problems.append((number, Problem(item.location, item.message)))
                        continue
                    key = record_key(item.text, item.metadata, self.parser_version)
                    items.append(["record", key, item.location, list(item.warnings), *bytes_])
                    if key in index and self.cache.has_record(key):
                        hit(key, item.location, item.warnings)
                        continue
                    warnings.extend((number, f"{item.location}: {w}") for w in item.warnings)
                    yield number, key, item
                new_files[str(source)] = dict(stat=stat, items=items)

        kept: dict[str, tuple[CableMeta, list[str]]] = {}  # the index to save
        with self._progress("parse") as bar, Workers(
                self.jobs, _init_parse_worker, (self.cache,)) as workers:
            for number_, key, row, messages, error, location in workers.imap(
                    _parse_task, misses()):
                self.report.parsed += 1
                if error:
                    problems.append((number_, Problem(location, error)))
                    continue
                # (Made here from its row, as from the index: its strings are then shared
                # with the other cables', not copies each: 20k clean build, 163 -> 97 MB.)
                meta = CableMeta.from_row(row)
                found.append((number_, meta))
                warnings.extend((number_, f"{meta.location}: {w}") for w in messages)
                kept[key] = (meta, messages)
        added = [key for key in kept if key not in index]
        loaded, unused = len(index), len(index) - (len(kept) - len(added))
        index.clear()  # what was not kept: cables gone from the sources

        metas = self._drop_duplicates(sorted(hits + found, key=lambda item: item[0]), problems)
        self.report.problems += [p for _, p in sorted(problems, key=lambda item: item[0])]
        self.report.warnings += [w for _, w in sorted(warnings)]
        # Saved now (the records they point to are written) and let go: at full scale they
        # are as big as all the metadata kept for the rest of the build.
        if self.report.read or len(new_files) != len(files):
            def rows(keys: Iterable[str]) -> Iterator[list]:
                return ([key, kept[key][0].to_row(), kept[key][1]] for key in keys)

            # The cables parsed are added to the index, which is written again only once
            # 1 row in INDEX_SLACK is no longer used (~3 s at full scale, for one edit; the
            # unused rows are read too, and their memory is not all given back).
            if loaded and unused <= len(kept) // INDEX_SLACK:
                self.cache.append_rows("index.jsonl", rows(added))
            else:
                self.cache.save_rows("index.jsonl", self.parser_version, rows(kept))
            self.cache.save_json("files.json", self.parser_version, new_files)
        self._record_keys = set(kept)  # records still in use (duplicates' too)
        self._sources = None  # (a path and a stat per source: ~100 MB at full scale)
        return metas

    def _load_index(self) -> dict[str, tuple[CableMeta, list[str]]]:
        """record key -> (metadata, parser warnings) of every cached record; {} if damaged."""
        try:
            return {key: (CableMeta.from_row(row), said)
                    for key, row, said in self.cache.load_rows("index.jsonl", self.parser_version)}
        except (CacheCorrupt, TypeError, ValueError):
            return {}

    def _drop_duplicates(self, numbered: list[tuple[int, CableMeta]],
                         problems: list[tuple[int, Problem]]) -> list[CableMeta]:
        """One page per reference id (and per output path): the first one read wins."""
        seen_ids: dict[str, CableMeta] = {}
        seen_paths: dict[str, CableMeta] = {}
        kept = []
        for number, meta in numbered:
            if not meta.reference_id:
                problems.append((number, Problem(meta.location, "no reference id found "
                                 "(give it in the front matter: reference_id: 09ASTANA1182)")))
                continue
            first = seen_ids.get(meta.reference_id) or seen_paths.get(meta.path)
            if first is not None:
                problems.append((number, Problem(meta.location,
                                 f"duplicate reference id {meta.reference_id}: "
                                 f"already read from {first.location}; this copy is skipped")))
                continue
            seen_ids[meta.reference_id] = seen_paths[meta.path] = meta
            kept.append(meta)
        return kept

    # 3. render -----------------------------------------------------------------------------

    def render(self, collections: Collections) -> None:
        # Merging people and keying pages make millions of small objects (none in reference
        # cycles, nor are rendered pages): each full collection walked them all again, ~40 %
        # of a one-edit rebuild. (Workers, started afresh, have their collector on.)
        with _collector_paused():
            self._render(collections)

    def _render(self, collections: Collections) -> None:
        folders = folders_for(collections)
        with _Aside(self.jobs) as aside:
            # The last build's files still there are looked for (a stat each: ~1.4 million at
            # full scale) in another process, while this one merges the people.
            missing = aside.run(_missing_files, self.out, self.cache.folder,
                                self._manifest_version) if self.out.is_dir() else set
            # People are merged before the last build's manifest is read: the merge's working
            # memory and the manifest (~200 MB at full scale) are never held at once.
            people = self._merge_people(collections.cables, folders["tag"])  # sets links
            previous, previous_others = _load_manifest(self.cache, self._manifest_version)
            # With a record of the previous site, only changed files are staged (publish.py).
            self._complete = not (self.out.is_dir() and previous)
            output = site_render.Output(self.stage, self.out, self._complete,
                                        missing() if previous else set())
        self._page_paths: list[str] = []  # in the order they are made
        self._other_files: set[str] = set()
        env = site_render.make_environment(
            self.content, self.config, {name: path for name, (path, _) in self.assets.items()})
        tag_meaning, tag_kind = env.globals["tag_meaning"], env.globals["tag_kind"]

        page_key = _keyer(self.render_version)

        def tasks(people: People) -> Iterator[tuple]:
            # Tasks are made as they are needed (and let go once compared): cable contexts
            # are never all in memory, index pages are ~100,000 at full scale, and there can
            # be ~800,000 people.
            for meta in collections.cables:
                # (The context itself is made only if the page is rendered.)
                key = page_key(meta.record_key, _cable_signature(meta, collections, folders))
                extra = urls.cable_text_path(meta.reference_id, meta.created)
                yield "cable", meta.path, key, meta, [extra]
            specs = itertools.chain(
                self._other_pages(collections, folders, tag_meaning, tag_kind),
                person_specs(people, self.config, folders["tag"]))
            for spec in specs:
                key = page_key(spec.template, spec.path, *spec.signature)
                kind = "person" if isinstance(spec, PersonPageSpec) else "page"
                yield kind, spec.path, key, spec, []

        init_args = (self.content, self.config, self.stage, self.out, self._complete, self.cache,
                     {name: path for name, (path, _) in self.assets.items()})
        with self.cache.staged_rows(MANIFEST, self._manifest_version) as write_manifest:
            # (A rebuild after an edit renders a few pages: this process does, no workers.)
            with self._progress("render") as bar, Workers(
                    self.jobs, _init_render_worker, init_args, few=IN_PROCESS_PAGES) as workers:
                if bar.live:  # (the total is only drawn: a pass over every person otherwise)
                    bar.total = (len(collections.cables) + self._other_page_count(collections)
                                 + person_page_count(people, self.config))
                self._make_pages(tasks(people), previous, output, workers, bar, write_manifest,
                                 partial(_cable_context, collections=collections, folders=folders))
            # The workers have stopped and the people are let go: their memory is free for
            # the sitemaps, which list every page.
            del people
            for path, data in self.assets.values():
                self._write(output, path, data)
            self._write_fixed(output, collections, tag_meaning)
            for files in _batches(sorted(self._other_files), 2000):
                write_manifest(["other", *files])
        self.report.pages = len(self._page_paths)
        # The last build's pages not made again are those left in `previous` (made ones
        # were popped).
        self._stale = {file for file in map(urls.file_of, previous)
                       if file not in self._other_files}
        self._stale.update(file for file in previous_others if file not in self._other_files)
        self._page_paths, self._other_files = [], set()

    def _merge_people(self, cables: list[CableMeta], tag_folders: dict[str, str]) -> People:
        """The people of the cables, with their tokens: the last build's merge, with what
        the changed cables touch merged again (sitegen.site.kept_people), or a merge anew."""
        people = update_people(self.cache.load_bytes(PEOPLE_MEMO, self.render_version) or b"",
                               cables, self.registry, tag_folders)
        merged = people is None
        if people is None:
            people = merge_people(cables, self.registry)
        set_tokens(people, tag_folders)
        if merged:
            self.cache.save_bytes(PEOPLE_MEMO, self.render_version,
                                  dump_people(people, cables, self.registry, tag_folders))
        people.order = people.partitions = None  # (~50 MB at full scale, needed no more)
        # What merging and keeping the merge took and gave up goes back to the system before
        # pages are rendered (~170 MB at full scale): the render workers need it.
        _trim_heap()
        return people

    def _make_pages(self, tasks: Iterator[tuple], previous: dict[str, str],
                    output: site_render.Output, workers: Workers, bar: Progress,
                    write_manifest: Callable, cable_context: Callable) -> None:
        """Render the pages whose key changed (or that are missing), keep the others; write
        every page's row of the manifest."""
        for batch in _batches(tasks, 2000):
            to_render = []
            for kind, path, key, payload, extra in batch:
                self._other_files.update(extra)  # (files already: a cable's text)
                # (Popped: the manifest's memory goes as this build's own grows.)
                if (previous.pop(path, None) == key and output.reuse(path)
                        and all(map(output.reuse, extra))):
                    self.report.reused += 1 + len(extra)
                    bar.advance()
                else:
                    to_render.append((kind, path, payload.ready() if kind != "cable" else
                                      (payload.record_key, payload, cable_context(payload))))
            for changed, count in workers.imap(_render_task, to_render, 8):
                self.report.written += changed
                self.report.reused += count - changed
                bar.advance()
            write_manifest(["page", *itertools.chain.from_iterable(
                (path, key) for _kind, path, key, _payload, _extra in batch)])
            self._page_paths += (path for _kind, path, _key, _payload, _extra in batch)

    def _write(self, output: site_render.Output, path: str, data: str | bytes) -> None:
        self._other_files.add(urls.file_of(path))
        changed = output.write(path, data)
        self.report.written += changed
        self.report.reused += not changed

    def _other_pages(self, collections: Collections, folders: dict, tag_meaning, tag_kind
                     ) -> Iterator[PageSpec]:
        yield from index_pages(collections, self.config, folders, tag_meaning, tag_kind)
        yield from content_pages(self.content / "pages")
        shards = shard_count(len(collections.cables))  # (the people table's files)
        yield PageSpec("search/", "search.html",
                       dict(title="Search", path="search/", people_shards=shards),
                       ["search", str(shards)])
        yield PageSpec("404.html", "404.html", dict(title="Page not found", path="404.html"),
                       ["404"])

    def _other_page_count(self, collections: Collections) -> int:
        """How many pages `_other_pages` makes, without making them."""
        hand_written = self.content / "pages"
        return (index_page_count(collections, self.config) + 2
                + (len(list(hand_written.glob("*.md"))) if hand_written.is_dir() else 0))

    def _write_fixed(self, output: site_render.Output, collections: Collections,
                     tag_meaning: Callable[[str], str]) -> None:
        """Feed, sitemaps, robots.txt, the search filters' values and the people table:
        always regenerated (unchanged bytes are linked)."""
        config = self.config
        self._write(output, "feed.xml",
                    atom_feed(config, collections.cables[:config.feed_entries]))
        pages = sorted(path for path in self._page_paths if path != "404.html")
        for name, xml in sitemaps(config, pages):
            self._write(output, name, xml)
        self._write(output, "robots.txt", f"User-agent: *\nAllow: /\n\n"
                                          f"Sitemap: {config.absolute('sitemap.xml')}\n")
        self._write(output, FILTERS_FILE, compact_json(filter_lists(collections, tag_meaning)))
        tables = days_naming(collections, shard_count(len(collections.cables)))
        for number, table in enumerate(tables):
            self._write(output, f"{PEOPLE_FOLDER}{number}.json", compact_json(table))

    # 4-5. search and publish ---------------------------------------------------------------

    def search(self, previous: Path | None) -> None:
        """Index the published site with Pagefind; `previous` holds the last site's index,
        whose unchanged bundles are reused."""
        from sitegen import search

        report = search.index_site(self.out, self.config, quiet=self.options.quiet,
                                   previous=previous, jobs=self.jobs,
                                   memo=self.cache.folder / "search-folders.json")
        self.report.warnings += report.warnings

    def _check_strict(self) -> None:
        if self.options.strict and (self.report.warnings or self.report.problems):
            count = len(self.report.warnings) + len(self.report.problems)
            first = (self.report.problems[0].location + ": " + self.report.problems[0].reason
                     if self.report.problems else self.report.warnings[0])
            raise SitegenError(f"{count} warning(s) or problem(s) with --strict; first: {first}",
                               hint=f"the previous {self.out.name}/ is left as it was; "
                                    "build without --strict to see them all")

    def _prune_records(self) -> None:
        """Delete the cached records of cables gone from the sources (the index saved by
        `parse` no longer lists them), and let their keys go: a string per cable, made
        among the metadata, they would keep most of its memory from going back to the
        system (Python gives back only wholly free arenas) before the search step."""
        self.cache.prune_records(self._record_keys)
        self._record_keys = set()

    def _remember(self) -> None:
        """Save what this build made, for the next one (only once it is published)."""
        self.cache.commit(MANIFEST)
        report = dict(cables=self.report.cables, pages=self.report.pages,
                      warnings=self.report.warnings,
                      problems=[asdict(problem) for problem in self.report.problems])
        self.cache.save_json("state.json", self.parser_version,
                             dict(inputs=self._inputs, report=report))

    def _write_report(self) -> None:
        path = self.cache.folder / "build-report.json"
        path.write_text(json.dumps(self.report.to_dict(), indent=1) + "\n", encoding="utf-8")
        self.report.path = str(path)


def _read_source(source: Path, state: dict | None, index: dict,
                 marks: CsvMarks | None) -> Iterator[tuple]:
    """The items of a source file that changed since the last build, each with what its
    bytes were (for a record of a cables.csv: [fingerprint, first line], else []).

    A cables.csv holds every cable: one edited must not cost decoding all of them again
    (~35 s for the release). So a csv record (`marks`: each record's place and fingerprint)
    whose bytes are those of a record of the last read, and whose cable is in the index, is
    given back as its item of then (a list: "record", key, location, warnings, fingerprint,
    first line; the very same list if it has not moved, else one with its new place). Unless
    it has warnings: they name lines of the file, and it is read again if it no longer
    starts on the same line.
    """
    from sitegen.sources import SourceProblem, read_sources

    if marks is None:
        for item in read_sources([source]):
            yield item, []
        return
    known = {item[4]: item for item in (state or {}).get("items", ())
             if item[0] == "record" and len(item) > 4 and item[1] in index}
    try:
        handle = open(source, "rb")  # noqa: SIM115 -- closed by the with below
    except OSError as error:
        yield SourceProblem(str(source), f"cannot read file: {error.strerror or error}"), []
        return
    with handle:
        for mark in marks:
            if isinstance(mark, SourceProblem):
                yield mark, []
                continue
            bytes_ = [mark.fingerprint, mark.first_line]
            old = known.get(mark.fingerprint)
            if old is not None and (not old[3] or old[5] == mark.first_line):
                location = row_location(str(source), mark.row)
                moved = old[2] != location or old[5] != mark.first_line
                yield ["record", old[1], location, old[3], *bytes_] if moved else old, bytes_
                continue
            piece = piece_at(handle, str(source), mark)
            yield (piece if isinstance(piece, SourceProblem) else piece.read()), bytes_


class _Aside:
    """Runs functions in a process of its own while the build's process goes on (with one
    job: in the build's process, when their result is asked for)."""

    def __init__(self, jobs: int):
        self.jobs = jobs
        self.executor: concurrent.futures.ProcessPoolExecutor | None = None

    def __enter__(self) -> _Aside:
        return self

    def run(self, function: Callable, *args) -> Callable[[], object]:
        """Start `function(*args)`; returns what gives its result (waiting for it)."""
        if self.jobs == 1:
            return partial(function, *args)
        if self.executor is None:
            self.executor = concurrent.futures.ProcessPoolExecutor(
                1, mp_context=_process_context())
        return self.executor.submit(function, *args).result

    def __exit__(self, *error) -> None:
        if self.executor is not None:
            self.executor.shutdown(cancel_futures=True)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _release_memory() -> None:
    """Give the memory of dropped objects back to the system, which glibc would otherwise
    keep for this process: the search step's Pagefind processes need it."""
    gc.unfreeze()
    gc.collect()
    _trim_heap()


def _trim_heap() -> None:
    """Give the C library's free memory back to the system."""
    if sys.platform == "linux":
        try:
            ctypes.CDLL("libc.so.6").malloc_trim(0)
        except (OSError, AttributeError):  # another C library (musl): nothing to trim
            pass


def _check_output_folder(out: Path, content: Path) -> None:
    """The output folder is replaced wholesale: refuse folders that are not a built site."""
    content = content.resolve()
    dangerous = {Path.home().resolve(), Path.cwd().resolve(), Path(out.anchor)}
    if out in dangerous or content == out or content.is_relative_to(out):
        raise SitegenError(f"refusing to use {out} as the output folder: the build replaces it",
                           hint="pass a folder of its own, such as --out public")
    if out.exists() and (not out.is_dir() or (any(out.iterdir())
                                               and not (out / "index.html").is_file())):
        raise SitegenError(f"{out} exists and does not look like a site built by sitegen",
                           hint="the build replaces its output folder: pass an empty or "
                                "new folder, or delete this one yourself")


def _cable_context(meta: CableMeta, collections: Collections, folders: dict) -> dict:
    """What a cable's page shows of other cables: all the render worker needs besides it."""
    older, newer = collections.neighbours(meta)
    references = []
    for ref in meta.references:
        cited = collections.by_reference.get(ref)
        references.append(dict(reference_id=ref, path=cited.path if cited else None,
                               subject=cited.subject if cited else ""))
    return dict(
        references=references,
        cited_by=collections.cited_by.get(meta.reference_id, []),
        older=older, newer=newer,
        people=cable_people(meta.people()),
        folders=dict(tags={t: folders["tag"][t] for t in meta.tags},
                     origin=folders["origin"].get(meta.origin, ""),
                     classification=folders["classification"].get(meta.classification, "")),
    )


def _cable_signature(meta: CableMeta, collections: Collections, folders: dict) -> str:
    """What `_cable_context` gives the page, as text, without making it: other cables stand
    for themselves by their digest, people by the slugs of their pages (their names, forms
    and roles come from the cable's record, which the page's key holds apart)."""
    older, newer = collections.neighbours(meta)
    by_reference, tag_folders = collections.by_reference, folders["tag"]
    return "\x1f".join((
        *(cited.digest if (cited := by_reference.get(ref)) else "-" for ref in meta.references),
        "\x1e", *(cable.digest for cable in collections.cited_by.get(meta.reference_id, ())),
        "\x1e", older.digest if older else "-", newer.digest if newer else "-",
        "\x1e", *meta.slugs(),
        "\x1e", *(tag_folders[tag] for tag in meta.tags),
        "\x1e", folders["origin"].get(meta.origin, ""),
        folders["classification"].get(meta.classification, ""),
    ))


def _manifest_rows(cache: Cache, version: str) -> Iterator[tuple[str, list[str]]]:
    """The last build's manifest as (kind, values) rows, read as a stream; none without one."""
    try:
        for kind, *values in cache.load_rows(MANIFEST, version):
            if kind == "page" and len(values) % 2:
                raise ValueError("a page row is not pairs of path and key")
            yield kind, values
    except (TypeError, ValueError) as error:  # a row damaged, but still JSON
        raise CacheCorrupt(f"{MANIFEST}: {error}") from None


def _load_manifest(cache: Cache, version: str) -> tuple[dict[str, str], list[str]]:
    """The last build's pages (path -> key) and other files; none without a manifest."""
    pages: dict[str, str] = {}
    others: list[str] = []
    for kind, values in _manifest_rows(cache, version):
        if kind == "page":
            pages.update(zip(values[::2], values[1::2], strict=True))
        else:
            others += values
    return pages, others


def _files_of(pages: Iterable[str], others: Iterable[str]) -> Iterator[str]:
    return itertools.chain(map(urls.file_of, pages), others)


def _missing_files(out: Path, cache_folder: Path, version: str) -> set[str]:
    """The files of the last build (as its manifest lists them) no longer in `out`; the
    manifest is read as a stream, not held."""
    rows = _manifest_rows(Cache(cache_folder), version)
    return site_render.missing_files(out, itertools.chain.from_iterable(
        _files_of(values[::2], ()) if kind == "page" else values for kind, values in rows))


def _keyer(version: str) -> Callable[..., str]:
    """`digest(version, *parts)`, the same hash, with the version hashed once and the parts
    in one go: a key is made for every page (over a million at full scale)."""
    seeded = hashlib.blake2b(version.encode() + b"\x1f", digest_size=16)

    def key(*parts: str) -> str:
        hasher = seeded.copy()
        hasher.update(("\x1f".join(parts) + "\x1f").encode("utf-8", "surrogatepass"))
        return hasher.hexdigest()

    return key


def content_pages(folder: Path) -> Iterator[PageSpec]:
    """content/pages/NAME.md -> NAME/ (hand-written Markdown, rendered with raw HTML off)."""
    if not folder.is_dir():
        return
    for path in sorted(folder.glob("*.md")):
        text = read_user_text(path)
        try:
            front, body = split_front_matter(text)
            meta = yaml.safe_load(front or "") or {}
            if not isinstance(meta, dict):
                raise SourceFormatError("front matter must be `key: value` lines", 2)
        except (SourceFormatError, yaml.YAMLError) as error:
            mark = getattr(error, "problem_mark", None)  # YAML's, counted from the first `---`
            line = mark.line + 2 if mark else getattr(error, "line", None) or 1
            problem = getattr(error, "problem", None) or error
            raise SitegenError(f"front matter is broken: {problem}", f"{path}:{line}",
                               "write `key: value` lines between two `---` lines; quote "
                               "values containing `: `, `#`, `[` or `{`") from None
        title = str(meta.get("title") or path.stem.replace("-", " ").capitalize())
        page_path = f"{urls.segment(path.stem)}/"
        context = dict(title=title, path=page_path, body_html=Markup(render(body)),
                       description=str(meta.get("description", "")))
        yield PageSpec(page_path, "page.html", context, [text])


# --- worker processes ---------------------------------------------------------------------------

_worker: dict = {}


def _batches(items: Iterable, size: int) -> Iterator[list]:
    """Lists of `size` items (itertools.batched, which Python 3.11 lacks)."""
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


class Workers:
    """`jobs` worker processes, or this process alone when jobs == 1 (simpler to debug).

    Each worker runs `initializer(*init_args)` once, then any number of tasks; results come
    back in task order. With `few`, a list of at most that many tasks is run in this process:
    starting the workers costs more than a few pages (they start with the first longer list).
    """

    def __init__(self, jobs: int, initializer, init_args: tuple, few: int = 0):
        self.jobs, self.initializer, self.init_args = jobs, initializer, init_args
        self.few = few
        self.pool = None
        self._here = False  # whether this process has run the initializer

    def __enter__(self) -> Workers:
        if self.jobs > 1 and not self.few:
            self._start()
        return self

    def _start(self) -> None:
        gc.freeze()  # (what is in memory now is not looked through again by the collector)
        self.pool = _process_context().Pool(self.jobs, self.initializer, self.init_args)

    def imap(self, function, tasks: Iterable, chunksize: int = 16) -> Iterator:
        if self.pool is None and self.jobs > 1 and not (
                isinstance(tasks, list) and len(tasks) <= self.few):
            self._start()
        if self.pool is None:
            if not self._here:
                self.initializer(*self.init_args)
                self._here = True
            return map(function, tasks)
        return self.pool.imap(function, tasks, chunksize)

    def __exit__(self, kind, error, traceback) -> None:
        if self.pool is not None:
            if kind is None:
                self.pool.close()
            else:
                self.pool.terminate()
            self.pool.join()


def _process_context() -> multiprocessing.context.BaseContext:
    """Worker processes come from a fork server, a small clean process with the modules
    loaded, not from this one: forked from here they would share this process's metadata of
    every cable (2.5 GB at full scale) page by page, and each page this process then touches
    (a reference count is enough) would be copied: the memory counted twice over."""
    if sys.platform == "linux":
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["sitegen.build", "sitegen.cable.parse"])
        return context
    return multiprocessing.get_context("spawn")


def _init_parse_worker(cache: Cache) -> None:
    _worker["cache"] = cache


def _parse_task(task: tuple) -> tuple:
    """Parse one cable, store it in the cache; return its metadata as a row (or an error)."""
    from sitegen.cable.parse import apply_metadata, parse_cable

    number, key, record = task
    try:
        metadata = record.metadata or {}
        cable = parse_cable(record.text, reference_id=metadata.get("reference_id") or None)
        cable = apply_metadata(cable, metadata)
        payload = dict(text=record.text, location=record.location,
                       cable={**cable.to_dict(), "header": cable.header})
        _worker["cache"].write_record(key, payload)
        _worker["cache"].write_sentences(key, cable_sentences(cable))
        meta = CableMeta(
            reference_id=cable.reference_id, created=cable.created, subject=cable.subject,
            origin=cable.origin, classification=cable.classification, released=cable.released,
            tags=tuple(cable.tags), references=tuple(cable.references),
            persons=tuple(person_meta(p) for p in cable.persons),
            location=record.location, record_key=key)
        return number, key, meta.to_row(), list(cable.warnings), "", record.location
    except Exception as error:  # a parser bug must not lose the other cables
        return number, key, None, [], f"could not be parsed: {error!r}", record.location


def _init_render_worker(content, config, stage, out, complete, cache, assets) -> None:
    _worker["env"] = site_render.make_environment(content, config, assets)
    _worker["output"] = site_render.Output(stage, out, complete)
    _worker["cache"] = cache


def _render_task(task: tuple) -> tuple:
    """Render one page; returns (files changed, files written)."""
    kind, path, payload = task
    env, output = _worker["env"], _worker["output"]
    try:
        if kind == "page":
            html = env.get_template(payload.template).render(**payload.context)
            return int(output.write(path, html)), 1
        if kind == "person":  # the sentences naming the person were cached with the cables
            found = sentences(_worker["cache"], payload.sources)
            html = env.get_template(payload.template).render(**payload.context, sentences=found)
            return int(output.write(path, html)), 1
        record_key_, meta, context = payload
        record = _worker["cache"].read_record(record_key_)
        cable = cable_from_dict(record["cable"])
        html = render_cable_page(env, cable, meta, context)
    except jinja2.TemplateError as error:  # most likely in a site's own template override
        known = user_error(error)
        raise SitegenError(f"{known.message} (while rendering /{path})", known.location,
                           known.hint) from None
    text_path = urls.cable_text_path(meta.reference_id, meta.created)
    changed = int(output.write(path, html)) + int(output.write(text_path, record["text"]))
    return changed, 2


def cable_links(env, meta: CableMeta, context: dict) -> Links:
    paths = {r["reference_id"]: r["path"] for r in context["references"] if r["path"]}
    url = env.globals["url"]
    return Links(tag_url=lambda tag: url(context["folders"]["tags"].get(tag, urls.tag_folder(tag))),
                 cable_url=lambda ref: url(paths[ref]) if ref in paths else None,
                 tags=list(meta.tags))


def render_cable_page(env, cable, meta: CableMeta, context: dict) -> str:
    body_html = render_body(body_markdown(cable.body, cable_links(env, meta, context)))
    body_html = link_mentions(body_html, meta.people(), env.globals["url"])
    return env.get_template("cable.html").render(
        cable=cable, meta=meta, body_html=Markup(body_html), path=meta.path,
        title=cable.subject or cable.reference_id, og_type="article",
        description=cable.summary or cable.subject, summary_in_body=_summary_in_body(cable),
        text_path=urls.cable_text_path(meta.reference_id, meta.created), **context)


def _summary_in_body(cable) -> bool:
    """Whether the body says the summary again (search then indexes it once, in the body).
    Worked out here, not in the template: Jinja's `join` filter looks at every word of the
    body for markup, ~10 % of a cable page."""
    return bool(cable.summary) and cable.summary in " ".join(cable.body.split())


def summary(report: BuildReport, out: Path) -> str:
    """The closing lines of a build: counts, every problem, time per step, peak memory."""
    lines = [progress.summary(report.cables, report.pages, len(report.warnings),
                              report.seconds, report.peak_memory_mb),
             f"{out}/: {report.written:,} files written, {report.reused:,} unchanged; "
             f"{report.read:,} source files read, {report.parsed:,} cables parsed "
             "(the rest came from the cache)"]
    lines += [f"problem: {p.location}: {p.reason}" for p in report.problems]
    if report.warnings or report.problems:
        lines.append(f"details: {report.path}")
    return "\n".join(lines)


def export_markdown(content: Path, out: Path, base_url: str | None = None,
                    jobs: int | None = None, quiet: bool = False) -> int:
    """Write cable/YYYY/MM/REF.md (front matter + Markdown body) for every cable."""
    build = _Build(BuildOptions(content=content, out=out, base_url=base_url, jobs=jobs,
                                quiet=quiet, search=False))
    collections = build_collections(build.parse())
    env = site_render.make_environment(content, build.config, {})
    folders = folders_for(collections)
    for meta in collections.cables:
        cable = cable_from_dict(build.cache.read_record(meta.record_key)["cable"])
        context = _cable_context(meta, collections, folders)
        document = cable_document(cable, cable_links(env, meta, context),
                                  url=build.config.absolute(meta.path), path="/" + meta.path)
        target = out / meta.path[: -len(".html")]
        target = target.with_name(target.name + ".md")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(document, encoding="utf-8")
    return len(collections.cables)

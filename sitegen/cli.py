"""The command line: `sitegen <command>`. Each command parses its flags and calls into a module.

Commands import their modules lazily so that `sitegen --help` stays fast and a problem in
one part cannot break the others.
"""

from __future__ import annotations

import argparse
import sys
import traceback

from sitegen.errors import SitegenError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sitegen", description=__doc__.splitlines()[0])
    parser.add_argument("--debug", action="store_true", help="show Python tracebacks on errors")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    # Each add_*_command function below registers one subcommand (keep them in this order).
    add_parse_command(commands)
    add_import_command(commands)
    add_build_command(commands)
    add_export_markdown_command(commands)
    add_synth_command(commands)
    add_serve_command(commands)
    add_check_command(commands)
    add_new_site_command(commands)
    for command in commands.choices.values():  # `sitegen build --debug` works too
        command.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                             help="show Python tracebacks on errors")
    return parser


def add_parse_command(commands) -> None:
    cmd = commands.add_parser("parse", help="parse cables and print their fields")
    cmd.add_argument("paths", nargs="+", metavar="PATH", help=".txt, .html, .csv files or folders")
    cmd.add_argument("--json", action="store_true", help="one JSON object per cable per line")
    cmd.set_defaults(run=run_parse)


def run_parse(args) -> int:
    from sitegen.parse_command import parse_paths

    try:
        return parse_paths(args.paths, as_json=args.json)
    except BrokenPipeError:  # `sitegen parse ... | head`: the reader has seen enough
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no error at exit
        return 0


def add_import_command(commands) -> None:
    cmd = commands.add_parser(
        "import", help="turn WikiLeaks pages or a cables.csv into text files with front matter"
    )
    cmd.add_argument("paths", nargs="+", metavar="PATH", help=".html, .csv, .txt files or folders")
    cmd.add_argument("--to", required=True, metavar="DIR", help="folder, e.g. content/cables")
    cmd.add_argument("--force", action="store_true", help="replace files that differ")
    cmd.set_defaults(run=run_import)


def run_import(args) -> int:
    from pathlib import Path

    from sitegen.importer import import_cables

    report = import_cables(args.paths, Path(args.to), force=args.force)
    for problem in report.problems:
        print(f"{problem.location}: {problem.message}", file=sys.stderr)
    for message in report.warnings + report.skipped:
        print(message, file=sys.stderr)
    print(
        f"imported {report.cables} cables into {args.to}: {len(report.written)} written, "
        f"{len(report.unchanged)} unchanged, {len(report.skipped)} kept as they were, "
        f"{len(report.problems)} problems"
    )
    return 0 if report.cables or report.skipped else 1


def add_build_command(commands) -> None:
    cmd = commands.add_parser("build", help="build the website from content/ into public/")
    cmd.add_argument("--content", default="content", metavar="DIR",
                     help="site.toml, cables/, pages/, templates/ (default: content)")
    cmd.add_argument("--out", default="public", metavar="DIR", help="output (default: public)")
    cmd.add_argument("--base-url", metavar="URL", help="overrides base_url of site.toml")
    cmd.add_argument("--jobs", type=int, metavar="N", help="worker processes (default: all cores)")
    cmd.add_argument("--strict", action="store_true",
                     help="fail on any warning or problem (the previous output stays)")
    cmd.add_argument("--no-search", dest="search", action="store_false",
                     help="skip the search index")
    cmd.add_argument("--quiet", action="store_true", help="print only the summary and problems")
    cmd.add_argument("--cache", metavar="DIR", help="cache folder (default: .sitegen-cache "
                     "beside the output)")
    cmd.set_defaults(run=run_build)


def run_build(args) -> int:
    from pathlib import Path

    from sitegen.build import BuildOptions, build_site, summary

    report = build_site(BuildOptions(
        content=Path(args.content), out=Path(args.out), base_url=args.base_url, jobs=args.jobs,
        strict=args.strict, search=args.search, quiet=args.quiet,
        cache_dir=Path(args.cache) if args.cache else None))
    print(summary(report, Path(args.out)))
    return 0


def add_export_markdown_command(commands) -> None:
    cmd = commands.add_parser("export-markdown",
                              help="write every cable as a Markdown document (for Hugo, Eleventy)")
    cmd.add_argument("out", metavar="OUT", help="folder to write cable/YYYY/MM/REF.md into")
    cmd.add_argument("--content", default="content", metavar="DIR", help="default: content")
    cmd.add_argument("--base-url", metavar="URL", help="overrides base_url of site.toml")
    cmd.add_argument("--jobs", type=int, metavar="N", help="worker processes (default: all cores)")
    cmd.add_argument("--quiet", action="store_true", help="print only the summary")
    cmd.set_defaults(run=run_export_markdown)


def run_export_markdown(args) -> int:
    from pathlib import Path

    from sitegen.build import export_markdown

    count = export_markdown(Path(args.content), Path(args.out), base_url=args.base_url,
                            jobs=args.jobs, quiet=args.quiet)
    print(f"wrote {count} Markdown documents to {args.out}")
    return 0


def add_synth_command(commands) -> None:
    cmd = commands.add_parser("synth", help="write N synthetic cables for benchmarks")
    cmd.add_argument("count", type=int, metavar="N", help="how many cables (the release: 251,287)")
    cmd.add_argument("--to", required=True, metavar="DIR", help="folder to write into")
    cmd.add_argument("--format", choices=("txt", "csv"), default="txt",
                     help="txt: one file per cable in YYYY/MM/DD/ (default); csv: DIR/cables.csv")
    cmd.add_argument("--seed", type=int, default=0, help="same seed, same cables (default: 0)")
    cmd.add_argument("--quiet", action="store_true", help="no progress bar")
    cmd.set_defaults(run=run_synth)


def run_synth(args) -> int:
    import time
    from pathlib import Path

    from sitegen import synth
    from sitegen.progress import Progress

    if args.count < 1:
        raise SitegenError("N must be at least 1")
    started = time.monotonic()
    folder = Path(args.to)
    cables = synth.generate(args.count, seed=args.seed)
    with Progress("synth", total=args.count, quiet=args.quiet, unit="cables") as bar:
        if args.format == "csv":
            count, size = synth.write_csv(cables, folder / "cables.csv", progress=bar)
        else:
            count, size = synth.write_text_files(cables, folder, progress=bar)
    print(f"wrote {count:,} cables ({size / 1e6:,.1f} MB) to {folder} "
          f"in {time.monotonic() - started:.1f} s")
    return 0


def add_serve_command(commands) -> None:
    cmd = commands.add_parser("serve", help="build, serve on localhost, rebuild and reload "
                                            "the browser on every change")
    cmd.add_argument("--port", type=int, default=8000, help="default: 8000 (0: any free port)")
    cmd.add_argument("--bind", default="127.0.0.1", metavar="ADDRESS",
                     help="address to listen on (default: 127.0.0.1, this machine only)")
    cmd.add_argument("--content", default="content", metavar="DIR", help="default: content")
    cmd.add_argument("--out", default="public", metavar="DIR", help="default: public")
    cmd.add_argument("--jobs", type=int, metavar="N", help="worker processes (default: all cores)")
    cmd.add_argument("--no-search", dest="search", action="store_false",
                     help="skip the search index (faster rebuilds)")
    cmd.add_argument("--cache", metavar="DIR", help="cache folder (default: .sitegen-cache "
                     "beside the output)")
    cmd.set_defaults(run=run_serve)


def run_serve(args) -> int:
    from pathlib import Path

    from sitegen.serve import ServeOptions, serve

    return serve(ServeOptions(
        content=Path(args.content), out=Path(args.out), port=args.port, bind=args.bind,
        search=args.search, jobs=args.jobs, debug=args.debug,
        cache_dir=Path(args.cache) if args.cache else None))


def add_check_command(commands) -> None:
    cmd = commands.add_parser("check", help="build the site as `build` does and list what to "
                                            "fix before deploying (exit status 1 if anything)")
    cmd.add_argument("--content", default="content", metavar="DIR", help="default: content")
    cmd.add_argument("--out", default="public", metavar="DIR", help="default: public")
    cmd.add_argument("--no-search", dest="search", action="store_false",
                     help="skip the search index")
    cmd.add_argument("--jobs", type=int, metavar="N", help="worker processes (default: all cores)")
    cmd.add_argument("--cache", metavar="DIR", help="cache folder (default: .sitegen-cache "
                     "beside the output)")
    cmd.add_argument("--top", type=int, default=10, metavar="N",
                     help="list at most N items per group (default: 10)")
    cmd.set_defaults(run=run_check)


def run_check(args) -> int:
    from pathlib import Path

    from sitegen.check import check_site

    return check_site(Path(args.content), Path(args.out), jobs=args.jobs, top=args.top,
                      cache_dir=Path(args.cache) if args.cache else None, search=args.search)


def add_new_site_command(commands) -> None:
    cmd = commands.add_parser("new-site", help="start a site: site.toml, a sample cable, a page")
    cmd.add_argument("folder", metavar="DIR", help="a new (or empty) folder")
    cmd.set_defaults(run=run_new_site)


def run_new_site(args) -> int:
    from pathlib import Path

    from sitegen.newsite import new_site

    new_site(Path(args.folder))
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args) or 0
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # every error ends here, readable
        return report_error(error, debug=args.debug)


def report_error(error: Exception, debug: bool) -> int:
    """Print an error without a traceback (unless --debug): the file and line, what is wrong,
    and how to fix it. Errors that are no fault of the user's are called bugs."""
    from sitegen.errors import user_error

    if debug:
        traceback.print_exc()
    known = error if isinstance(error, SitegenError) else user_error(error)
    if known is not None:
        print(f"error: {known}", file=sys.stderr)
    else:
        print(f"error: unexpected {type(error).__name__}: {error}\n"
              "  this is a bug in sitegen: run the command again with --debug to see where, "
              "and report it", file=sys.stderr)
    return 1

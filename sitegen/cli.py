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
    return parser


def add_parse_command(commands) -> None:
    cmd = commands.add_parser("parse", help="parse cables and print their fields")
    cmd.add_argument("paths", nargs="+", metavar="PATH", help=".txt, .html, .csv files or folders")
    cmd.add_argument("--json", action="store_true", help="one JSON object per cable per line")
    cmd.set_defaults(run=run_parse)


def run_parse(args) -> int:
    raise SitegenError("parse is not written yet")  # the sources work (issue 2) replaces this


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args) or 0
    except SitegenError as error:
        if args.debug:
            traceback.print_exc()
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130

"""The ``meta-issues`` command: export and lint a knowledge base without building a site."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .export import dumps, export_data
from .model import Diagnostic, KnowledgeBase
from .parse import parse_knowledge_base


def _display_prefix(source: Path) -> str:
    """Paths in messages start the way the user typed SRC, so editors can open them."""
    text = str(source).replace("\\", "/").rstrip("/")
    return "" if text in ("", ".") else text


def _report(diagnostics: Sequence[Diagnostic], prefix: str, verbose: bool) -> None:
    for diagnostic in diagnostics:
        if diagnostic.level == "info" and not verbose:
            continue
        print(diagnostic.format(prefix), file=sys.stderr)


def _load(source: Path) -> KnowledgeBase | None:
    if not source.is_dir():
        print(f"meta-issues: {source}: not a folder of meta-issues", file=sys.stderr)
        return None
    return parse_knowledge_base(source)


def command_export(args: argparse.Namespace) -> int:
    kb = _load(args.source)
    if kb is None:
        return 1
    diagnostics = kb.all_diagnostics
    _report(diagnostics, _display_prefix(args.source), args.verbose)
    text = dumps(export_data(kb))
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 1 if any(d.level == "error" for d in diagnostics) else 0


def command_lint(args: argparse.Namespace) -> int:
    kb = _load(args.source)
    if kb is None:
        return 1
    prefix = _display_prefix(args.source)
    problems = [d for d in kb.all_diagnostics if d.level != "info" or args.verbose]
    for diagnostic in problems:
        print(diagnostic.format(prefix))
    counted = [d for d in problems if d.level != "info"]
    if counted:
        print(
            f"{len(counted)} problem(s) in {len(kb.issues)} meta-issue(s)", file=sys.stderr
        )
        return 1
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="meta-issues",
        description="Read, check and export folders of meta-issues (living descriptions, "
        "attempts, test cases, implementation logs).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    export = commands.add_parser(
        "export",
        help="print the knowledge base as JSON (schema_version 1)",
        description="Write the JSON export of source folder SRC. Exit 1 on errors.",
    )
    export.add_argument("source", type=Path, metavar="SRC", help="the meta-issues folder")
    export.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE")
    export.add_argument("-v", "--verbose", action="store_true", help="also show hints")
    export.set_defaults(handler=command_export)

    lint = commands.add_parser(
        "lint",
        help="report every problem as path:line: CODE: message",
        description="Check source folder SRC without building. Exit 1 if any problem.",
    )
    lint.add_argument("source", type=Path, metavar="SRC", help="the meta-issues folder")
    lint.add_argument("-v", "--verbose", action="store_true", help="also show hints")
    lint.set_defaults(handler=command_lint)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 1

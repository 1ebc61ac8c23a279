"""The ``meta-issues`` command: export, lint and generate a knowledge base; scaffold new files."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from .. import __version__
from ..model import Diagnostic, KnowledgeBase
from ..site.export import dumps, export_data
from ..source import DEFAULT_READING, ReadingSettings, read_knowledge_base

if TYPE_CHECKING:
    from .scaffold import Scaffolded


def _display_prefix(source: Path) -> str:
    """Paths in messages start the way the user typed SRC, so editors can open them."""
    text = str(source).replace("\\", "/").rstrip("/")
    return "" if text in ("", ".") else text


def _report(diagnostics: Sequence[Diagnostic], prefix: str, verbose: bool) -> None:
    for diagnostic in diagnostics:
        if diagnostic.level == "info" and not verbose:
            continue
        print(diagnostic.format(prefix), file=sys.stderr)


def _reading(config: Path | None) -> ReadingSettings | None:
    """The reading options of the configuration (``--config``, else ./mkdocs.yml when there
    is one), so lint and export read as the build does; ``None`` (reported) when it is bad."""
    from .generate import GenerateError, load_config, plugin_options

    if config is None:
        if not Path("mkdocs.yml").is_file():
            return DEFAULT_READING
        config = Path("mkdocs.yml")
    if not config.is_file():
        print(f"meta-issues: {config}: configuration file not found", file=sys.stderr)
        return None
    try:
        return ReadingSettings.from_options(plugin_options(load_config(config)))
    except GenerateError as error:
        print(f"meta-issues: {error}", file=sys.stderr)
        return None


def _load(source: Path, config: Path | None = None) -> KnowledgeBase | None:
    if not source.is_dir():
        print(f"meta-issues: {source}: not a folder of meta-issues", file=sys.stderr)
        return None
    settings = _reading(config)
    if settings is None:
        return None
    return read_knowledge_base(source, settings)


def command_export(args: argparse.Namespace) -> int:
    kb = _load(args.source, args.config)
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
    kb = _load(args.source, args.config)
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


def command_generate(args: argparse.Namespace) -> int:
    from .generate import GenerateError, generate

    config = args.config
    if config is None and Path("mkdocs.yml").is_file():
        config = Path("mkdocs.yml")
    if config is not None and not config.is_file():
        print(f"meta-issues: {config}: configuration file not found", file=sys.stderr)
        return 1
    if not args.source.is_dir():
        print(f"meta-issues: {args.source}: not a folder of meta-issues", file=sys.stderr)
        return 1
    try:
        result = generate(args.source, args.output, config, compare_to=args.compare_to)
    except GenerateError as error:
        print(f"meta-issues: {error}", file=sys.stderr)
        return 1
    _report(result.diagnostics, _display_prefix(args.source), args.verbose)
    for warning in result.warnings:
        print(f"meta-issues: {warning}", file=sys.stderr)
    print(
        f"meta-issues: {result.issues} meta-issues, {result.pages} pages; charts: "
        f"{result.charts_rendered} rendered, {result.charts_cached} cached; wrote "
        f"{args.output / 'docs'} and {args.output / 'mkdocs.yml'}",
        file=sys.stderr,
    )
    return 1 if any(d.level == "error" for d in result.diagnostics) else 0


def _scaffold(action: Callable[[], Scaffolded]) -> int:
    from .scaffold import ScaffoldError

    try:
        done = action()
    except (ScaffoldError, OSError) as error:
        print(f"meta-issues: {error}", file=sys.stderr)
        return 1
    for path in done.written:
        print(path)
    if done.hint:
        print(f"next: {done.hint}", file=sys.stderr)
    return 0


def command_new(args: argparse.Namespace) -> int:
    from .scaffold import new_meta_issue

    return _scaffold(lambda: new_meta_issue(args.title, args.dir))


def command_new_attempt(args: argparse.Namespace) -> int:
    from .scaffold import new_attempt

    return _scaffold(lambda: new_attempt(args.id, args.dir, args.title))


def command_new_version(args: argparse.Namespace) -> int:
    from .scaffold import new_version

    return _scaffold(lambda: new_version(args.id, args.dir, args.title))


def _add_source_dir(command: argparse.ArgumentParser) -> None:
    command.add_argument("--dir", type=Path, default=Path("meta-issues"), metavar="DIR",
                         help="the source folder (default: meta-issues)")


Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def _source(command: argparse.ArgumentParser) -> None:
    command.add_argument("source", type=Path, metavar="SRC", help="the meta-issues folder")


def _verbose(command: argparse.ArgumentParser) -> None:
    command.add_argument("-v", "--verbose", action="store_true", help="also show hints")


def _config(command: argparse.ArgumentParser) -> None:
    command.add_argument("--config", type=Path, metavar="FILE",
                         help="the mkdocs.yml whose meta-issues options (attempt_words) apply "
                         "(default: ./mkdocs.yml if it exists)")


def _export(commands: Commands) -> None:
    export = commands.add_parser(
        "export",
        help="print the knowledge base as JSON (schema_version 1)",
        description="Write the JSON export of source folder SRC. Exit 1 on errors.",
    )
    _source(export)
    export.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE")
    _config(export)
    _verbose(export)
    export.set_defaults(handler=command_export)


def _lint(commands: Commands) -> None:
    lint = commands.add_parser(
        "lint",
        help="report every problem as path:line: CODE: message",
        description="Check source folder SRC without building. Exit 1 if any problem.",
    )
    _source(lint)
    _config(lint)
    _verbose(lint)
    lint.set_defaults(handler=command_lint)


def _generate(commands: Commands) -> None:
    generate = commands.add_parser(
        "generate",
        help="write plain Markdown + SVG and a mkdocs.yml that builds without this plugin",
        description="Write OUT/docs/ (every generated page as Markdown, charts as SVG, the "
        "stylesheet, meta-issues.json and the configuration's own docs pages) and "
        "OUT/mkdocs.yml (the configuration without the meta-issues plugin, with the Markdown "
        "extensions, stylesheet and nav it would add). Build it with `mkdocs build -f "
        "OUT/mkdocs.yml`, `properdocs build -f OUT/mkdocs.yml` or `zensical build -f "
        "OUT/mkdocs.yml`. OUT/docs/ is replaced on every run. Exit 1 on errors.",
    )
    _source(generate)
    generate.add_argument("output", type=Path, metavar="OUT", help="the output folder")
    generate.add_argument("--config", type=Path, metavar="FILE",
                          help="the mkdocs.yml to start from (default: ./mkdocs.yml if it "
                          "exists); its docs_dir is copied and its meta-issues options apply")
    generate.add_argument("--compare-to", metavar="REF", default=None,
                          help="git ref to compare with, as the compare_to option (default: "
                          "$META_ISSUES_COMPARE_TO, then the config's compare_to)")
    _verbose(generate)
    generate.set_defaults(handler=command_generate)


def _scaffolds(commands: Commands) -> None:
    new = commands.add_parser(
        "new",
        help="scaffold a meta-issue folder that builds with --strict",
        description="Create DIR/<slug of TITLE>/ with README.md (a living description), "
        "test-cases.md, implementation-log.md and attempts/000-baseline.md and "
        "001-first-attempt.md. Prints the files written. Exit 1 if the folder exists.",
    )
    new.add_argument("title", metavar="TITLE", help="the investigation's title")
    _add_source_dir(new)
    new.set_defaults(handler=command_new)
    for name, noun, description, handler in (
        ("new-attempt", "attempt", "Create the next attempt file of meta-issue ID (numbered "
         "after the highest attempt in its attempts/ folder and README), linked to the latest "
         "version. Exit 1 if ID is not a meta-issue folder.", command_new_attempt),
        ("new-version", "version", "Insert a Version N+1 section (Theory, Evidence, Test, "
         "Result, Learning) at the end of the Evolution of Understanding of meta-issue ID's "
         "README.md and update its Last Updated date. Exit 1 if ID is not a meta-issue "
         "folder.", command_new_version),
    ):
        command = commands.add_parser(name, help=_SCAFFOLD_HELP[name], description=description)
        command.add_argument("id", metavar="ID", help="the meta-issue's folder name")
        command.add_argument("--title", default=None, help=f"the {noun}'s title")
        _add_source_dir(command)
        command.set_defaults(handler=handler)


_SCAFFOLD_HELP = {
    "new-attempt": "add attempts/NNN-<slug>.md with the next attempt number",
    "new-version": "add the next '### Version N' to a README's Evolution of Understanding",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="meta-issues",
        description="Read, check, export and generate folders of meta-issues (living "
        "descriptions, attempts, test cases, implementation logs); scaffold new ones.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add in (_export, _lint, _generate, _scaffolds):
        add(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 1

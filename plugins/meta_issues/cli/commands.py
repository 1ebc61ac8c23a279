"""What each subcommand does, given parsed arguments; ``main`` builds the parser."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..model import Diagnostic, KnowledgeBase
from ..site.export import dumps, export_data
from ..source import DEFAULT_READING, ReadingSettings, read_knowledge_base
from .failures import CliError, path_argument, shown, source_folder, write_text_file
from .report import as_github, as_json

if TYPE_CHECKING:
    from .scaffold import Scaffolded

Handler = Callable[[argparse.Namespace], int]


def display_prefix(source: Path) -> str:
    """Paths in messages start the way the user typed SRC, so editors can open them."""
    text = str(source).replace("\\", "/").rstrip("/")
    return "" if text in ("", ".") else text


def say(args: argparse.Namespace, text: str) -> None:
    """A line for a person watching (progress, summaries, next steps); ``-q`` drops it."""
    if not args.quiet:
        print(f"meta-issues: {text}", file=sys.stderr, flush=True)


def shown_diagnostics(args: argparse.Namespace, diagnostics: Sequence[Diagnostic]
                      ) -> list[Diagnostic]:
    """Errors and warnings; hints (level *info*) too with ``-v``."""
    return [d for d in diagnostics if d.level != "info" or args.verbose]


def _report(args: argparse.Namespace, diagnostics: Sequence[Diagnostic], prefix: str) -> None:
    for diagnostic in shown_diagnostics(args, diagnostics):
        print(diagnostic.format(prefix), file=sys.stderr)


def _load(args: argparse.Namespace) -> tuple[KnowledgeBase, Path]:
    source = path_argument(args.source, "SRC")
    assert source is not None
    folder = source_folder(source)
    return read_knowledge_base(folder, _reading(args)), source


def _reading(args: argparse.Namespace) -> ReadingSettings:
    """The reading options (``attempt_words``) of ``--config``, else of ./mkdocs.yml when
    there is one, so lint, list and export read the folders as the build does."""
    from .generate import GenerateError, load_config, plugin_options

    config = path_argument(getattr(args, "config", None), "configuration file")
    if config is None:
        if not Path("mkdocs.yml").is_file():
            return DEFAULT_READING
        config = Path("mkdocs.yml")
    if not config.is_file():
        raise CliError(f"{shown(config)}: configuration file not found")
    try:
        return ReadingSettings.from_options(plugin_options(load_config(config)))
    except GenerateError as error:
        raise CliError(str(error)) from None


def _errors(diagnostics: Sequence[Diagnostic]) -> int:
    return 1 if any(d.level == "error" for d in diagnostics) else 0


def command_export(args: argparse.Namespace) -> int:
    output = path_argument(args.output, "output file")
    kb, source = _load(args)
    _report(args, kb.all_diagnostics, display_prefix(source))
    text = dumps(export_data(kb))
    if output is not None:
        write_text_file(output, text)
    else:
        sys.stdout.write(text)
    return _errors(kb.all_diagnostics)


def command_lint(args: argparse.Namespace) -> int:
    kb, source = _load(args)
    prefix = display_prefix(source)
    problems = shown_diagnostics(args, kb.all_diagnostics)
    if args.format == "json":
        sys.stdout.write(as_json(problems, prefix, len(kb.issues)))
    for diagnostic in problems if args.format != "json" else ():
        print(as_github(diagnostic, prefix) if args.format == "github"
              else diagnostic.format(prefix))
    counted = [d for d in problems if d.level != "info"]
    if counted:
        say(args, f"{len(counted)} problem(s) in {len(kb.issues)} meta-issue(s)")
        return 1
    return 0


def command_list(args: argparse.Namespace) -> int:
    """Every investigation: id, status, last updated, title; newest first."""
    kb, _ = _load(args)
    issues = sorted(kb.issues, key=lambda i: (i.last_updated or "", i.id), reverse=True)
    rows = [(issue.id, issue.status, issue.last_updated or "-", issue.title)
            for issue in issues]
    if args.format == "json":
        keys = ("id", "status", "last_updated", "title")
        data = [dict(zip(keys, (i.id, i.status, i.last_updated, i.title), strict=True))
                for i in issues]
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return 0
    header = ("ID", "STATUS", "LAST UPDATED", "TITLE")
    widths = [max(len(row[column]) for row in [header, *rows]) for column in range(3)]
    for row in [header, *rows]:
        print("  ".join([*(cell.ljust(width) for cell, width in zip(row, widths,
                                                                     strict=False)), row[3]]))
    return 0


def command_generate(args: argparse.Namespace) -> int:
    from .generate import GenerateError, generate

    source = path_argument(args.source, "SRC")
    output = path_argument(args.output, "OUT")
    config = path_argument(args.config, "configuration file")
    assert source is not None and output is not None
    if config is None and Path("mkdocs.yml").is_file():
        config = Path("mkdocs.yml")
    if config is not None and not config.is_file():
        raise CliError(f"{shown(config)}: configuration file not found")
    source_folder(source)
    try:
        result = generate(source, output, config, compare_to=args.compare_to, force=args.force,
                          progress=lambda done, total: say(args, f"charts: {done}/{total}"),
                          note=lambda text: say(args, text))
    except GenerateError as error:
        raise CliError(str(error)) from None
    _report(args, result.diagnostics, display_prefix(source))
    for warning in result.warnings:
        print(f"meta-issues: {warning}", file=sys.stderr)
    say(args, f"{result.issues} meta-issues, {result.pages} pages; charts: "
        f"{result.charts_rendered} rendered, {result.charts_cached} cached; wrote "
        f"{output / 'docs'} and {output / 'mkdocs.yml'}")
    return _errors(result.diagnostics)


def _scaffold(args: argparse.Namespace, action: Callable[[Path], Scaffolded]) -> int:
    from .scaffold import ScaffoldError

    directory = path_argument(args.dir, "--dir")
    assert directory is not None
    try:
        done = action(directory)
    except ScaffoldError as error:
        raise CliError(str(error)) from None
    for path in done.written:
        print(path)
    if done.hint:
        say(args, f"next: {done.hint}")
    return 0


def command_new(args: argparse.Namespace) -> int:
    from .scaffold import new_meta_issue

    return _scaffold(args, lambda folder: new_meta_issue(args.title, folder, slug=args.slug))


def command_new_attempt(args: argparse.Namespace) -> int:
    from .scaffold import new_attempt

    return _scaffold(args, lambda folder: new_attempt(args.id, folder, args.title))


def command_new_version(args: argparse.Namespace) -> int:
    from .scaffold import new_version

    return _scaffold(args, lambda folder: new_version(args.id, folder, args.title))


def command_init(args: argparse.Namespace) -> int:
    from .init import init_project

    folder = path_argument(args.folder, "folder")
    assert folder is not None
    done = init_project(folder, workflows=args.workflows)
    for path in done.written:
        print(path)
    for path in done.kept:
        say(args, f"{path}: exists, left as it is")
    say(args, f"next: {done.hint}")
    return 0

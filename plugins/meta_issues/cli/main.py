"""The ``meta-issues`` command: lint, list, export and generate a knowledge base; scaffold new
files and projects.

Every failure the user can cause ends as one line, ``meta-issues: <path>: <problem>``, and
exit code 1 (``failures.py``); never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TypeAlias

from .. import __version__
from . import commands
from .failures import CliError, os_problem
from .report import FORMATS

Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def _verbosity(parser: argparse.ArgumentParser, top: bool) -> None:
    # On the command and on each subcommand: `meta-issues -q lint` and `meta-issues lint -q`.
    default = False if top else argparse.SUPPRESS
    group = parser.add_mutually_exclusive_group()
    group.add_argument("-q", "--quiet", action="store_true", default=default,
                       help="print only problems: no progress, summary or next step")
    group.add_argument("-v", "--verbose", action="store_true", default=default,
                       help="also print hints (diagnostics of level info)")


def _command(commands_: Commands, name: str, help_: str, description: str,
             handler: commands.Handler) -> argparse.ArgumentParser:
    command = commands_.add_parser(name, help=help_, description=description)
    command.set_defaults(handler=handler)
    _verbosity(command, top=False)
    return command


def _source(command: argparse.ArgumentParser) -> None:
    # Paths stay text until checked: Path("") would quietly mean the current folder.
    command.add_argument("source", metavar="SRC", help="the folder of meta-issues (the one "
                         "holding one folder per investigation)")


def _config(command: argparse.ArgumentParser) -> None:
    command.add_argument("--config", metavar="FILE",
                         help="the mkdocs.yml whose meta-issues options apply to the reading "
                         "(attempt_words; default: ./mkdocs.yml if it exists)")


def _read_commands(commands_: Commands) -> None:
    export = _command(commands_, "export", "print the knowledge base as JSON (schema_version 1)",
                      "Write the JSON export of source folder SRC. Exit 1 on errors.",
                      commands.command_export)
    _source(export)
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE")
    _config(export)
    lint = _command(commands_, "lint", "report every problem as path:line: CODE: message",
                    "Check source folder SRC without building. Exit 1 if any problem.",
                    commands.command_lint)
    _source(lint)
    _config(lint)
    lint.add_argument("--format", choices=FORMATS, default="text",
                      help="text: path:line: CODE: message (default); json: one document; "
                      "github: workflow annotations (::error file=…,line=…::message)")
    listing = _command(commands_, "list", "list the investigations: id, status, last "
                       "updated, title", "List the investigations in source folder SRC, "
                       "newest first.", commands.command_list)
    _source(listing)
    _config(listing)
    listing.add_argument("--format", choices=("text", "json"), default="text",
                         help="text: aligned columns (default); json: a list of objects")


def _generate(commands_: Commands) -> None:
    generate = _command(
        commands_, "generate",
        "write plain Markdown + SVG and a mkdocs.yml that builds without this plugin",
        "Write OUT/docs/ (every generated page as Markdown, charts as SVG, the "
        "stylesheet, meta-issues.json and the configuration's own docs pages) and "
        "OUT/mkdocs.yml (the configuration without the meta-issues plugin, with the Markdown "
        "extensions, stylesheet and nav it would add). Build it with `mkdocs build -f "
        "OUT/mkdocs.yml`, `properdocs build -f OUT/mkdocs.yml` or `zensical build -f "
        "OUT/mkdocs.yml`. OUT/docs/ is replaced on every run; OUT must be new, empty or "
        "written by generate before (or --force). Exit 1 on errors.",
        commands.command_generate)
    _source(generate)
    generate.add_argument("output", metavar="OUT", help="the output folder")
    generate.add_argument("--config", metavar="FILE",
                          help="the mkdocs.yml to start from (default: ./mkdocs.yml if it "
                          "exists); its docs_dir is copied and its meta-issues options apply")
    generate.add_argument("--compare-to", metavar="REF", default=None,
                          help="git ref to compare with, as the compare_to option (default: "
                          "$META_ISSUES_COMPARE_TO, then the config's compare_to)")
    generate.add_argument("--force", action="store_true",
                          help="write into an existing folder generate did not create (its "
                          "docs/ is replaced; a mkdocs.yml generate did not write is never "
                          "overwritten)")


def _scaffolds(commands_: Commands) -> None:
    new = _command(
        commands_, "new", "scaffold a meta-issue folder that builds with --strict",
        "Create DIR/<slug of TITLE>/ with README.md (a living description), "
        "test-cases.md, implementation-log.md and attempts/000-baseline.md and "
        "001-first-attempt.md. Prints the files written. Exit 1 if the folder exists.",
        commands.command_new)
    new.add_argument("title", metavar="TITLE", help="the investigation's title")
    new.add_argument("--slug", default=None, help="the folder name (the investigation's id "
                     "and URL); default: made from TITLE, which needs Latin letters")
    _source_dir(new)
    for name, noun, help_, description, handler in _SCAFFOLDS:
        command = _command(commands_, name, help_, description, handler)
        command.add_argument("id", metavar="ID", help="the meta-issue's folder name")
        command.add_argument("--title", default=None, help=f"the {noun}'s title")
        _source_dir(command)


_SCAFFOLDS = (
    ("new-attempt", "attempt", "add attempts/NNN-<slug>.md with the next attempt number",
     "Create the next attempt file of meta-issue ID (numbered after the highest attempt in "
     "its attempts/ folder and README), linked to the latest version. Exit 1 if ID is not a "
     "meta-issue folder.", commands.command_new_attempt),
    ("new-version", "version", "add the next '### Version N' to a README's Evolution of "
     "Understanding", "Insert a Version N+1 section (Theory, Evidence, Test, Result, "
     "Learning) at the end of the Evolution of Understanding of meta-issue ID's README.md and "
     "update its Last Updated date. Exit 1 if ID is not a meta-issue folder.",
     commands.command_new_version),
)


def _source_dir(command: argparse.ArgumentParser) -> None:
    command.add_argument("--dir", default="meta-issues", metavar="DIR",
                         help="the source folder (default: meta-issues)")


def _init(commands_: Commands) -> None:
    init = _command(
        commands_, "init", "start a project: mkdocs.yml, .gitignore, meta-issues/, workflows",
        "Write what a new project needs in FOLDER (default: the current folder): a mkdocs.yml "
        "using the plugin, the cache folder in .gitignore, an empty meta-issues/ folder and "
        "GitHub workflows that lint, build, preview pull requests and deploy. Files that "
        "exist are left as they are.", commands.command_init)
    init.add_argument("folder", metavar="FOLDER", nargs="?", default=".",
                      help="the project folder (default: .)")
    init.add_argument("--no-workflows", dest="workflows", action="store_false",
                      help="do not write .github/workflows/")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="meta-issues",
        description="Read, check, list, export and generate folders of meta-issues (living "
        "descriptions, attempts, test cases, implementation logs); scaffold new ones.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _verbosity(parser, top=True)
    commands_ = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add in (_read_commands, _generate, _scaffolds, _init):
        add(commands_)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except CliError as error:
        print(f"meta-issues: {error}", file=sys.stderr)
    except BrokenPipeError:  # `meta-issues export … | head`: the reader left
        pass
    except OSError as error:  # one not foreseen by a command: still one line, no traceback
        where = error.filename if error.filename is not None else "error"
        print(f"meta-issues: {where}: {os_problem(error)}", file=sys.stderr)
    except UnicodeError as error:
        print(f"meta-issues: a file is not valid text: {error}", file=sys.stderr)
    except KeyboardInterrupt:
        return 130
    return 1

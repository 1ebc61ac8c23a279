"""``meta-issues init``: what a new project needs, written once and never overwritten.

A ``mkdocs.yml`` using the plugin, ``.cache/`` and ``site/`` in ``.gitignore``, the
``docs/`` and ``meta-issues/`` folders, and three GitHub workflows that use this package's
released actions (lint and build each pull request, publish its preview, deploy main).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from .. import __version__
from ..options import DEFAULT_CACHE_DIR
from .failures import CliError, os_failure, shown

WORKFLOWS = ("docs.yml", "docs-preview.yml", "docs-deploy.yml")
IGNORED = (f"/{DEFAULT_CACHE_DIR.split('/')[0]}/", "/site/")


@dataclass
class Initialised:
    written: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)
    hint: str = ""


def _template(name: str) -> str:
    text = resources.files("meta_issues").joinpath(f"cli/templates/{name}").read_text("utf-8")
    return text.replace("@@VERSION@@", __version__)


def _create(path: Path, text: str, done: Initialised) -> None:
    if path.exists() or path.is_symlink():
        done.kept.append(path)
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
    except OSError as error:
        raise os_failure(path, error, "cannot write") from None
    done.written.append(path)


def _ignore(path: Path, done: Initialised) -> None:
    """Add the cache and the built site to ``.gitignore``, keeping what it has."""
    try:
        text = path.read_text("utf-8") if path.exists() else ""
    except (OSError, UnicodeError) as error:
        raise CliError(f"{shown(path)}: cannot read: {error}") from None
    lines = {line.strip() for line in text.splitlines()}
    missing = [entry for entry in IGNORED
               if not {entry, entry.strip("/"), entry.lstrip("/")} & lines]
    if not missing:
        done.kept.append(path)
        return
    addition = "# meta-issues: the build cache and the built site\n" + "\n".join(missing) + "\n"
    separator = "" if not text or text.endswith("\n") else "\n"
    try:
        with path.open("a", encoding="utf-8", newline="\n") as stream:
            stream.write(separator + ("\n" if text else "") + addition)
    except OSError as error:
        raise os_failure(path, error, "cannot write") from None
    done.written.append(path)


def init_project(folder: Path, *, workflows: bool = True) -> Initialised:
    """Write what ``folder`` lacks of a meta-issues project; existing files stay as they are."""
    if folder.exists() and not folder.is_dir():
        raise CliError(f"{shown(folder)}: is a file, not a project folder")
    done = Initialised()
    name = folder.resolve().name or "Investigations"
    site_name = json.dumps(f"{name} investigations", ensure_ascii=False)
    _create(folder / "mkdocs.yml", _template("mkdocs.yml").replace("@@SITE_NAME@@", site_name),
            done)
    _ignore(folder / ".gitignore", done)
    # Git keeps no empty folders; names starting with "." are skipped by MkDocs and the reader.
    _create(folder / "docs" / ".gitkeep", "", done)
    _create(folder / "meta-issues" / ".gitkeep", "", done)
    if workflows:
        for workflow in WORKFLOWS:
            _create(folder / ".github" / "workflows" / workflow,
                    _template(f"workflows/{workflow}"), done)
    source = folder / "meta-issues"
    done.hint = (f"meta-issues new \"Your first investigation\" --dir {source}, then "
                 f"`mkdocs serve`" + (f" -f {folder / 'mkdocs.yml'}" if str(folder) != "."
                                      else ""))
    return done

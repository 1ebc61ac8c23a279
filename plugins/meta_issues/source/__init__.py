"""Reading: folders of meta-issues into the model, with a diagnostic for every doubt.

``files`` does the I/O (listing, reading bytes, refusing links); everything else is pure:
``parse_folder`` (in ``folder``, which lists the reading steps) turns one folder's bytes into a
``MetaIssue``, ``assemble`` turns the source folder's entries into a ``KnowledgeBase``. Callers
that keep results between builds (the cache) call the same two functions and supply their own
``parse_one``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..model import Diagnostic, KnowledgeBase, Location, MetaIssue
from ..text import is_reserved, portability_problem, slugify
from .destinations import check_links
from .files import LINK, FolderInput, SourceEntry, list_source, read_folder
from .folder import parse_folder
from .settings import DEFAULT_READING, ReadingSettings

__all__ = [
    "DEFAULT_READING",
    "FolderInput",
    "ReadingSettings",
    "SourceEntry",
    "assemble",
    "list_source",
    "parse_folder",
    "read_folder",
    "read_issue",
    "read_knowledge_base",
]

ParseOne = Callable[[str], MetaIssue]  # folder name -> its meta-issue


def read_knowledge_base(source_dir: Path,
                        settings: ReadingSettings = DEFAULT_READING) -> KnowledgeBase:
    """Every meta-issue folder under ``source_dir``, read and parsed now."""
    root = source_dir.resolve()
    if not root.is_dir():
        return missing_source(source_dir)
    return assemble(list_source(root), lambda name: read_issue(root / name, settings))


def read_issue(folder: Path, settings: ReadingSettings = DEFAULT_READING) -> MetaIssue:
    """One meta-issue folder, read and parsed now."""
    return parse_folder(read_folder(folder), settings)


def missing_source(source_dir: Path) -> KnowledgeBase:
    problem = Diagnostic("error", Location("."), "MISSING_SOURCE",
                         f"source folder {source_dir} not found")
    return KnowledgeBase([], [problem])


def assemble(entries: list[SourceEntry], parse_one: ParseOne) -> KnowledgeBase:
    """The knowledge base of a source folder's ``entries``, sorted by folder name.

    Problems that concern the folder's names rather than its content are added here, so a
    ``parse_one`` that reuses stored results still reports them: links, names that are not
    portable, and ids that differ only by case; then the links written in the files, which
    may lead into other folders.
    """
    diagnostics: list[Diagnostic] = []
    issues: list[MetaIssue] = []
    used_ids: dict[str, str] = {}
    for name, kind in entries:
        if kind == LINK:
            diagnostics.append(Diagnostic("warning", Location(name), "SYMLINK_IGNORED",
                                          "symbolic links are not followed; copy the folder "
                                          "instead"))
            continue
        issue = parse_one(name)
        _name_problems(issue, name, used_ids)
        used_ids[issue.id.lower()] = name
        issues.append(issue)
    kb = KnowledgeBase(issues, diagnostics)
    check_links(kb)
    return kb


def _name_problems(issue: MetaIssue, name: str, used_ids: dict[str, str]) -> None:
    if is_reserved(issue.id):
        moved = f"{issue.id}-meta-issue"
        issue.diagnostics.insert(0, Diagnostic(
            "error", Location(name), "RESERVED_NAME",
            f"'{issue.id}' is taken by the site's own pages (index, lessons, changes, charts); "
            f"rename the folder (its pages use '{moved}' meanwhile)"))
        issue.id = moved
    problem = portability_problem(name)
    if problem:
        issue.diagnostics.insert(0, Diagnostic(
            "warning", Location(name), "PORTABILITY",
            f"folder name {problem}; rename it (its pages use '{issue.id}')"))
    folded = issue.id.lower()
    if folded in used_ids:
        issue.diagnostics.append(Diagnostic(
            "warning", Location(name), "PORTABILITY",
            f"folder name differs from '{used_ids[folded]}' only by case or punctuation; "
            "both get distinct URLs, but rename one"))
        issue.id = f"{issue.id}-{slugify(name)[-8:]}"

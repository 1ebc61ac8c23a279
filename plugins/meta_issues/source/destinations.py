"""Where the links of a knowledge base lead, and a diagnostic for each that leads nowhere.

A link between files of the source folder means the page made of the file it names: the
README is the investigation's overview, ``attempts/003-x.md`` the attempt's page, the folder
itself or ``attempts/`` their pages, ``test-cases.md`` and ``implementation-log.md`` theirs,
another Markdown file its own page, any other file the published copy of itself. That holds
for links into another investigation (``../other/README.md``) too, which is why this runs on
the whole knowledge base, after every folder is read.

A link to a file that does not exist, that is not published, or outside the source folder is
a warning with ``path:line``; so is an anchor that no heading of its file has. The optional
files of the convention (``test-cases.md``, ``implementation-log.md``) are linked from READMEs
before they are written: such a link is shown as text, "(not written yet)", and not reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..model import Diagnostic, KnowledgeBase, MetaIssue, SourceLink
from .anchors import heading_anchors
from .files import ATTEMPTS, LOG, README, TEST_CASES
from .links import KEEP, LinkTarget, is_external, joined_path, split_target


@dataclass(frozen=True)
class ResolvedLink:
    """One link of an investigation's files: in which file, as written, where it leads."""

    source: str
    written: str
    target: LinkTarget


def resolve_links(kb: KnowledgeBase) -> dict[str, list[tuple[SourceLink, LinkTarget]]]:
    """Every link of every investigation with where it leads, by investigation id."""
    folders = {issue.folder: issue for issue in kb.issues if issue.folder}
    return {issue.id: [(link, resolve(link, folders)) for link in issue.links]
            for issue in kb.issues}


def check_links(kb: KnowledgeBase) -> None:
    """Each investigation gets a diagnostic for each of its links that leads nowhere."""
    resolved = resolve_links(kb)
    for issue in kb.issues:
        problems = [_diagnostic(link, target) for link, target in resolved[issue.id]]
        issue.diagnostics.extend(problem for problem in problems if problem is not None)
        issue.diagnostics.sort(key=lambda d: (d.location.path, d.location.line, d.code))


def resolved_links(pairs: Iterable[tuple[SourceLink, LinkTarget]]) -> tuple[ResolvedLink, ...]:
    """One entry per file and target as written (a page needs nothing more)."""
    found: dict[tuple[str, str], ResolvedLink] = {}
    for link, target in pairs:
        found.setdefault((link.location.path, link.target),
                         ResolvedLink(link.location.path, link.target, target))
    return tuple(found.values())


def resolve(link: SourceLink, folders: dict[str, MetaIssue]) -> LinkTarget:
    """Where ``link`` leads; ``folders`` maps folder names to their investigations."""
    written = link.target.strip()
    if is_external(written) and not written.startswith("#"):
        return KEEP
    path, anchor = split_target(written)
    if not path and not anchor:
        return KEEP
    if path.startswith("/"):
        return LinkTarget("outside", reason="it starts with '/': GitHub reads it from the "
                          "repository's root, the site cannot; write a relative link")
    # "#anchor" names a heading of the link's own file, wherever its text is shown.
    joined = joined_path(link.location.path, path) if path else link.location.path
    if joined == ".." or joined.startswith("../"):
        return LinkTarget("outside", reason="it leaves the source folder, which is all the "
                          "site publishes; link to its URL instead")
    folder, _, inside = joined.partition("/")
    issue = folders.get(folder)
    if issue is None:
        return LinkTarget("missing", reason=f"there is no investigation folder '{folder}'")
    target = _inside(issue, inside, path.endswith("/"))
    if anchor and target.kind == "page":
        return _with_anchor(issue, target, anchor)
    if anchor and target.kind == "file":
        return LinkTarget("file", issue.id, target.page, path=target.path, anchor=anchor)
    return target


def _inside(issue: MetaIssue, path: str, folder_form: bool) -> LinkTarget:
    """The page or file ``path`` (inside the investigation's folder) stands for."""
    if path in ("", ".", README):
        return LinkTarget("page", issue.id, "overview")
    if path == ATTEMPTS:
        return LinkTarget("page", issue.id, "attempts")
    if path in (TEST_CASES, LOG):
        written = issue.test_cases_doc if path == TEST_CASES else issue.log_doc
        page = "test_cases" if path == TEST_CASES else "log"
        if written is None:
            return LinkTarget("unwritten", issue.id, page, path=path)
        return LinkTarget("page", issue.id, page)
    source = f"{issue.folder}/{path}"
    attempt = next((a for a in issue.attempts if a.source == source), None)
    if attempt is not None:
        return LinkTarget("page", issue.id, "attempt", attempt.number)
    if any(document.path == source for document in issue.documents):
        return LinkTarget("page", issue.id, "document", path=path)
    return _file(issue, path, folder_form)


def _file(issue: MetaIssue, path: str, folder_form: bool) -> LinkTarget:
    reason = issue.files.get(path if not folder_form else f"{path}/")
    if reason is None:
        reason = issue.files.get(f"{path}/")
    if reason is None:
        if re.match(rf"{ATTEMPTS}/[^/]+\.md$", path):
            return LinkTarget("missing", issue.id, reason="there is no such attempt file")
        return LinkTarget("missing", issue.id, reason=f"there is no '{path}' in "
                          f"{issue.folder}/")
    if reason:
        return LinkTarget("missing", issue.id, path=path, reason=f"it is not published: "
                          f"{reason}")
    return LinkTarget("file", issue.id, "file", path=path)


def _with_anchor(issue: MetaIssue, target: LinkTarget, anchor: str) -> LinkTarget:
    """The target with ``anchor`` if a heading (or log entry) of its file has it; else the
    page itself, and the reason."""
    known = anchors_of(issue, target)
    if known is None or anchor in known:
        return LinkTarget(target.kind, target.issue, target.page, target.number, target.path,
                          anchor)
    return LinkTarget(target.kind, target.issue, target.page, target.number, target.path,
                      reason=f"no heading there has the anchor '#{anchor}'")


def anchors_of(issue: MetaIssue, target: LinkTarget) -> set[str] | None:
    """The anchors of the file a page target is made of (``None``: not checked)."""
    if target.page == "overview" and issue.readme is not None:
        return set(heading_anchors(issue.readme.body).values())
    if target.page == "test_cases":
        return {case.anchor for case in issue.test_cases} | _document_anchors(
            issue.test_cases_doc.body if issue.test_cases_doc else "")
    if target.page == "log":
        return {entry.anchor for entry in issue.log_entries} | _document_anchors(
            issue.log_doc.body if issue.log_doc else "")
    if target.page == "attempt":
        attempt = issue.attempt(target.number)
        return _document_anchors(attempt.body if attempt else "")
    if target.page == "document":
        source = f"{issue.folder}/{target.path}"
        return _document_anchors(next((d.body for d in issue.documents if d.path == source),
                                      ""))
    return None


def _document_anchors(body: str) -> set[str]:
    return set(heading_anchors(body).values())


def _diagnostic(link: SourceLink, target: LinkTarget) -> Diagnostic | None:
    what = "image" if link.image else "link"
    shown = link.target if len(link.target) <= 120 else link.target[:119] + "…"
    if target.kind == "outside":
        return Diagnostic("warning", link.location, "LINK_OUTSIDE",
                          f"{what} to '{shown}' is not published: {target.reason}")
    if target.kind == "missing":
        return Diagnostic("warning", link.location, "LINK_MISSING",
                          f"{what} to '{shown}' leads nowhere: {target.reason}")
    if target.reason:
        return Diagnostic("warning", link.location, "LINK_ANCHOR",
                          f"{what} to '{shown}': {target.reason}; it points at the page")
    return None

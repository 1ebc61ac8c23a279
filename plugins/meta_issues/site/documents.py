"""The author's Markdown inside generated pages, and the pages of the test cases, the log and
the other Markdown files of a folder.

The text is rewritten for Python-Markdown so it shows what GitHub shows (``commonmark``);
headings get the anchors GitHub gives them (log entries of a dated list or table get their
own); links between files of the source folder point at the pages and files made of them, and
references ("Attempt 003", "TC-2", "v2") become links (``references``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from ..model import Document
from ..source.anchors import heading_anchors
from .backlinks import document_title
from .commonmark import Line, normalise
from .context import IssueContext
from .escape import plain
from .headings import search_context, toc_label
from .mentioned import mentioned_in
from .navigation import tabs
from .pages import GeneratedPage
from .problems import diagnostic_banner
from .references import link_line


def document_pages(ctx: IssueContext) -> None:
    """The test cases and implementation log pages, for the files the folder has, and a page
    for each other Markdown file."""
    issue, layout = ctx.issue, ctx.layout
    if issue.test_cases_doc is not None:
        numbers = {case.anchor: str(n) for n, case in ctx.cases.items()}
        anchors = {c.location.line: c.anchor for c in issue.test_cases}
        blocks = _after_each(ctx, layout.test_cases(issue), issue.test_cases_doc, anchors,
                             lambda anchor: ctx.mentions.of("test_case", numbers.get(anchor,
                                                                                      "")))
        _document_page(ctx, layout.test_cases(issue), "Test cases", issue.test_cases_doc,
                       anchors, blocks)
    if issue.log_doc is not None:
        anchors = {e.location.line: e.anchor for e in issue.log_entries}
        blocks = _after_each(ctx, layout.log(issue), issue.log_doc, anchors,
                             lambda anchor: ctx.mentions.of("log", anchor))
        _document_page(ctx, layout.log(issue), "Implementation log", issue.log_doc, anchors,
                       blocks)
    for document in issue.documents:
        src = layout.beside(issue.id, document.path.split("/", 1)[1])
        _document_page(ctx, src, document_title(document), document, {}, {})


def _document_page(ctx: IssueContext, src: str, heading: str, document: Document,
                   anchors: dict[int, str], blocks: dict[int, str]) -> None:
    issue = ctx.issue
    lines = [ctx.front(f"{heading} — {issue.title}"), tabs(ctx, src)]
    lines.append(diagnostic_banner(issue, ctx.diagnostics_prefix, document.path))
    if not any(h.startswith("# ") for h in document.body.split("\n")):
        lines.append(f"# {heading}\n")
    lines.append(linked_body(ctx, src, document, anchors, blocks=blocks))
    ctx.collector.add_page(GeneratedPage(src, "\n".join(lines) + "\n", document.path))


def _after_each(ctx: IssueContext, src: str, document: Document, anchors: dict[int, str],
                mentions_of: object) -> dict[int, str]:
    """"Mentioned in" after each entry: before the next entry's heading (or at the end);
    entries of a dated list or table get theirs together at the end of the page."""
    entries = sorted(anchors.items())
    heading_lines = set(heading_anchors(document.body, document.body_line))
    blocks: dict[int, str] = {}
    end = document.body_line + len(document.body.split("\n"))
    listed: list[str] = []
    for position, (line, anchor) in enumerate(entries):
        found = mentions_of(anchor)  # type: ignore[operator]
        if not found:
            continue
        if line in heading_lines:
            following = entries[position + 1][0] if position + 1 < len(entries) else end
            blocks[following] = blocks.get(following, "") + mentioned_in(ctx, src, found)
        else:
            listed.append(mentioned_in(ctx, src, found, f"Mentioned in: {_title(ctx, anchor)}"))
    if listed:
        blocks[end] = blocks.get(end, "") + "\n".join(listed)
    return blocks


def _title(ctx: IssueContext, anchor: str) -> str:
    entry = next((e for e in ctx.issue.log_entries if e.anchor == anchor), None)
    if entry is None:
        return anchor
    return f"{entry.date} — {entry.title}" if entry.date else entry.title


def linked_body(ctx: IssueContext, src: str, document: Document,
                anchors: Mapping[int, str] | None = None, *, drop_h1: bool = False,
                demote: bool = False, contexts: Iterable[str] = (),
                blocks: Mapping[int, str] | None = None) -> str:
    """The author's Markdown as the page shows it.

    ``anchors`` maps file lines to the anchors of their headings, list items or table rows
    (headings default to GitHub's); headings whose anchor is in ``contexts`` also name the
    investigation for search; ``blocks`` are Markdown blocks to insert before file lines.
    """
    first = document.body_line
    wanted = heading_anchors(document.body, first) | dict(anchors or {})
    lines = normalise(document.body, {line - first: a for line, a in wanted.items()})
    in_context = set(contexts)
    inserts = {line - first: block for line, block in (blocks or {}).items()}
    out: list[str] = []
    dropped = not drop_h1
    for line in lines:
        if line.source is not None and line.source in inserts:
            out.extend(["", inserts.pop(line.source)])
        if line.kind == "heading" and line.level == 1 and not dropped and not line.prefix:
            dropped = True  # the page's own title replaces the file's first one
            continue
        out.append(_line(ctx, src, document.path, line, demote, in_context))
    out.extend(["", *inserts.values()] if inserts else [])
    return "\n".join(out).strip("\n") + "\n"


def _line(ctx: IssueContext, src: str, path: str, line: Line, demote: bool,
          in_context: set[str]) -> str:
    if line.kind == "heading":
        return _heading(ctx, src, path, line, demote, in_context)
    if line.kind != "text":
        return line.text
    return link_line(ctx, line.text, src, path)


def _heading(ctx: IssueContext, src: str, path: str, line: Line, demote: bool,
             in_context: set[str]) -> str:
    """A heading of the author's Markdown with its anchor and its links resolved; one level
    down under the page's own title when ``demote``."""
    level = min(6, line.level + 1) if demote else line.level
    text = link_line(ctx, line.heading, src, path, references=False)
    anchor = line.anchor
    suffix = f" {{ #{anchor} }}" if anchor and _safe_anchor(anchor) else ""
    if suffix and anchor in in_context:
        suffix = f" {{ #{anchor} {toc_label(plain(text))} }}"
        text += search_context(ctx.issue.title, text)
    return f"{line.prefix}{'#' * level} {text}{suffix}"


def _safe_anchor(anchor: str) -> bool:
    """An id attr_list can carry: no spaces, braces or quotes (GitHub's never has them)."""
    return bool(anchor) and not re.search(r"[\s{}\"'=]", anchor)

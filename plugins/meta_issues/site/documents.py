"""The author's Markdown inside generated pages, and the test cases and log pages.

Links between files of the folder point at the generated pages instead, and "Attempt NNN",
"Version N" and "(vN)" become links to the attempt or version they name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..markup import fenced_code, too_complex
from .context import IssueContext
from .escape import plain
from .headings import search_context, toc_label
from .links import MISSING
from .navigation import tabs
from .pages import GeneratedPage
from .problems import diagnostic_banner

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MENTION = re.compile(
    r"(?<![\[\w/#-])(?:(?P<attempt>Attempts?\s+#?(?P<anum>\d{1,4}))"
    r"|(?P<version>Version\s+(?P<vnum>\d{1,4}))"
    r"|\((?P<short>v(?P<snum>\d{1,4}))\))(?![\w\]])",
)


def document_pages(ctx: IssueContext) -> None:
    """The test cases and implementation log pages, for the files the folder has."""
    issue, layout = ctx.issue, ctx.layout
    if issue.test_cases_doc is not None:
        doc = issue.test_cases_doc
        _document_page(ctx, layout.test_cases(issue), "Test cases", doc.path, doc.body,
                       {c.location.line: c.anchor for c in issue.test_cases}, doc.body_line)
    if issue.log_doc is not None:
        doc = issue.log_doc
        _document_page(ctx, layout.log(issue), "Implementation log", doc.path, doc.body,
                       {e.location.line: e.anchor for e in issue.log_entries}, doc.body_line)


def _document_page(ctx: IssueContext, src: str, heading: str, path: str, body: str,
                   anchors: dict[int, str], body_line: int) -> None:
    issue = ctx.issue
    lines = [ctx.front(f"{heading} — {issue.title}"), tabs(ctx, src)]
    lines.append(diagnostic_banner(issue, ctx.diagnostics_prefix, path))
    has_h1 = bool(re.search(r"^# ", body, re.M))
    if not has_h1:
        lines.append(f"# {heading}\n")
    lines.append(linked_body(ctx, src, body, path, body_line, anchors))
    ctx.collector.add_page(GeneratedPage(src, "\n".join(lines) + "\n", path))


def linked_body(ctx: IssueContext, src: str, body: str, path: str, body_line: int,
                anchors: dict[int, str], *, drop_h1: bool = False,
                demote: bool = False, contexts: Iterable[str] = ()) -> str:
    """The author's Markdown with attempt/version mentions and folder links resolved.

    ``anchors`` maps source lines to the anchors their headings get; headings whose anchor
    is in ``contexts`` also name the investigation for search.
    """
    in_context = set(contexts)
    out: list[str] = []
    dropped = False
    lines = body.split("\n")
    code, open_fence = fenced_code(lines)
    for index, line in enumerate(lines):
        if code[index]:
            out.append(line)
            continue
        heading = _HEADING.match(line)
        if heading is None:
            out.append(link_mentions(ctx, rewrite_links(ctx, line, path, src), src))
            continue
        if len(heading.group(1)) == 1 and drop_h1 and not dropped:
            dropped = True  # the page's own title replaces the file's first one
            continue
        out.append(_heading(ctx, heading, anchors.get(body_line + index), demote, in_context))
    text = "\n".join(out).strip("\n")
    if open_fence is not None:  # close it, or it would swallow the rest of the page
        text += f"\n{open_fence}"
    return text + "\n"


def _heading(ctx: IssueContext, heading: re.Match[str], anchor: str | None, demote: bool,
             in_context: set[str]) -> str:
    """A heading of the author's Markdown, with its anchor; one level down under the page's
    own title when ``demote``."""
    level = len(heading.group(1))
    text = heading.group(2)
    if demote:
        level = min(6, level + 1)
    suffix = f" {{ #{anchor} }}" if anchor else ""
    if anchor and anchor in in_context:
        suffix = f" {{ #{anchor} {toc_label(plain(text))} }}"
        text += search_context(ctx.issue.title, text)
    return f"{'#' * level} {text}{suffix}"


def rewrite_links(ctx: IssueContext, line: str, source_path: str, src: str) -> str:
    """Links between files of the folder point at the generated pages instead."""

    def replace(match: re.Match[str]) -> str:
        target = match.group("target")
        if re.match(r"^[a-z][a-z0-9+.-]*:|^#|^/", target, re.I):
            return match.group(0)
        page = ctx.graph.page_for_source_link(source_path, target, ctx.layout)
        if page is None:
            return match.group(0)
        page_src, anchor = page
        if page_src == MISSING:
            return f"{match.group('label')} (not written yet)"
        return f"[{match.group('label')}]({ctx.link(src, page_src, anchor)})"

    if "](" not in line:
        return line
    # Bounded label and target: a line of 50,000 "[" must not take quadratic time.
    return re.sub(r"\[(?P<label>[^\]\[]{0,500})\]\((?P<target>[^)\s]{1,2000})\)", replace,
                  line)


def link_mentions(ctx: IssueContext, line: str, src: str) -> str:
    """Link "Attempt NNN", "Version N" and "(vN)" outside code spans and existing links."""
    if not re.search(r"attempt|version|\(v\d", line, re.I):
        return line
    if too_complex(line):
        return line  # shown as a code block by the sanitiser
    parts = re.split(r"(`[^`]{0,5000}`|\[[^\]\[]{0,500}\]\([^)]{0,2000}\)|<[^<>]{1,2000}>)", line)
    for index in range(0, len(parts), 2):
        parts[index] = _MENTION.sub(lambda m: _mention(ctx, m, src), parts[index])
    return "".join(parts)


def _mention(ctx: IssueContext, match: re.Match[str], src: str) -> str:
    issue, layout = ctx.issue, ctx.layout
    if match.group("attempt"):
        number = int(match.group("anum"))
        if issue.attempt(number) is None:
            return match.group(0)
        return f"[{match.group('attempt')}]({ctx.link(src, layout.attempt(issue, number))})"
    number = int(match.group("vnum") or match.group("snum"))
    if issue.version(number) is None:
        return match.group(0)
    target = ctx.link(src, layout.evolution(issue), f"version-{number}")
    if match.group("short"):
        return f"([{match.group('short')}]({target}))"
    return f"[{match.group('version')}]({target})"

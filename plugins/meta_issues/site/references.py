"""One line of author text with its links resolved and its references linked.

A link the author wrote between files of the source folder points at the page or the file the
site makes of its target (``source.destinations`` decided where, for the whole knowledge
base); one that leads nowhere is shown as its text (its diagnostic says why). A reference —
"Attempt 003", "Attempts 001 and 002", "v2", "TC-2", "Mitigation 3" — becomes a link to what it
names, outside code, links, tags and attribute lists. Cross-links carry ``data-preview``, so
Material shows their target on hover.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from ..markup import too_complex
from ..source.links import LinkSpan, LinkTarget, find_links
from ..source.mentions import Reference, find_references
from .context import IssueContext
from .layout import relative_link, url_between

# Kept as written: code spans, tags and autolinks, attribute lists, bare URLs, bracketed text
# (a reference-style link or its label), and the links found by ``find_links``.
_PROTECTED = re.compile(
    r"(`+)(?:(?!\1).)+?\1|<[^<>\n]{1,2000}>|\{[^{}\n]{0,500}\}|https?://[^\s<>()]{1,2000}"
    r"|\[[^\[\]\n]{0,500}\](?:\[[^\[\]\n]{0,500}\])?"
)


def link_line(ctx: IssueContext, line: str, src: str, source: str, *,
              references: bool = True) -> str:
    """``line`` of the file ``source`` as shown on the page ``src`` (its references left as
    text unless ``references``: a heading is not a link)."""
    if too_complex(line):
        return line  # shown as a code block by the sanitiser
    spans = [span for span in find_links(line) if span.end <= len(line)]
    outer = [span for span in spans
             if not any(o.start < span.start and span.end <= o.end for o in spans)]
    pieces: list[str] = []
    position = 0
    for span in outer:
        text = line[position:span.start]
        pieces.append(link_references(ctx, text, src) if references else text)
        pieces.append(_author_link(ctx, line, span, src, source))
        position = span.end
    rest = line[position:]
    pieces.append(link_references(ctx, rest, src) if references else rest)
    return "".join(pieces)


def _author_link(ctx: IssueContext, line: str, span: LinkSpan, src: str, source: str) -> str:
    """A link or image as written, pointed at what the site makes of its target."""
    text = line[span.start:span.end]
    target = ctx.targets.get((source, span.target))
    if target is None or target.kind == "keep":
        return _inner(ctx, text, span, src, source)
    if target.kind in ("missing", "outside", "unwritten") and span.definition:
        return _retarget(text, span, "#")  # kept, so its uses still read as links; inert
    if target.kind in ("missing", "outside"):
        return span.label if not span.image else span.label.strip() or span.target
    if target.kind == "unwritten":
        return f"{span.label} (not written yet)"
    rewritten = _inner(ctx, _retarget(text, span, _address(ctx, src, target, span)), span,
                       src, source)
    follows = line[span.end:span.end + 1]
    if target.kind == "page" and span.label and not span.image and follows != "{":
        rewritten += ctx.attribute()
    return rewritten


def _retarget(text: str, span: LinkSpan, address: str) -> str:
    return (text[:span.target_start - span.start] + address
            + text[span.target_end - span.start:])


def _address(ctx: IssueContext, src: str, target: LinkTarget, span: LinkSpan) -> str:
    """Where the link points from ``src``: a relative link to the ``.md`` source (MkDocs
    makes it a URL) — or, in raw HTML, which MkDocs leaves alone, the URL itself."""
    where = _target_src(ctx, target)
    if span.definition and not span.label:  # <a href="…">
        link = url_between(src, where, ctx.collector.settings.directory_urls)
    else:
        link = relative_link(src, where)
    if target.kind == "file":
        link = quote(link, safe="/.-_~")
    if target.anchor:
        link += "#" + quote(target.anchor, safe="-_.~")
    return link


def _inner(ctx: IssueContext, text: str, span: LinkSpan, src: str, source: str) -> str:
    """An image inside a link's label (a badge) is resolved too."""
    start = 2 if span.image else 1
    end = start + len(span.label)
    if "](" not in span.label:
        return text
    return text[:start] + link_line(ctx, text[start:end], src, source) + text[end:]


def _target_src(ctx: IssueContext, target: LinkTarget) -> str:
    if target.kind == "file" or target.page == "document":
        return ctx.layout.beside(target.issue, target.path)
    return ctx.layout.page_of(target.issue, target.page, target.number, target.path)


def link_references(ctx: IssueContext, text: str, src: str) -> str:
    """Link the references of ``text`` (no author links in it) outside protected parts."""
    if not re.search(r"\d", text):
        return text
    pieces: list[str] = []
    position = 0
    for protected in _PROTECTED.finditer(text):
        pieces.append(_linked(ctx, text[position:protected.start()], src))
        pieces.append(protected.group(0))
        position = protected.end()
    pieces.append(_linked(ctx, text[position:], src))
    return "".join(pieces)


def _linked(ctx: IssueContext, text: str, src: str) -> str:
    references = [r for r in find_references(text, ctx.collector.settings.attempt_words)
                  if r.end > r.start]
    pieces: list[str] = []
    position = 0
    for reference in references:
        target = reference_target(ctx, reference)
        if target is None or target == src:
            continue
        pieces.append(text[position:reference.start])
        shown = text[reference.start:reference.end]
        pieces.append(f"[{shown}]({relative_link(src, target.split('#')[0])}"
                      f"{'#' + target.split('#')[1] if '#' in target else ''}){ctx.attribute()}")
        position = reference.end
    pieces.append(text[position:])
    return "".join(pieces)


def reference_target(ctx: IssueContext, reference: Reference) -> str | None:
    """The page (``src#anchor``) a reference names, if the investigation has it."""
    issue, layout = ctx.issue, ctx.layout
    if reference.kind == "attempt":
        found = issue.attempt(reference.number) is not None
        return layout.attempt(issue, reference.number) if found else None
    if reference.kind == "version":
        if issue.version(reference.number) is None:
            return None
        return f"{layout.evolution(issue)}#version-{reference.number}"
    case = ctx.cases.get(reference.number)
    if case is None or issue.test_cases_doc is None:
        return None
    return f"{layout.test_cases(issue)}#{case.anchor}"

"""The companion files: ``test-cases.md`` (one test case per heading) and
``implementation-log.md`` (one entry per dated heading, else per dated list item or table row).

A heading's anchor is the one GitHub gives it, so links written for GitHub keep working; an
entry of a dated list or table, which has none on GitHub, gets one made from its date and
first words."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Document, Location, LogEntry, TestCase
from ..text import slugify
from .anchors import heading_anchors
from .context import Context
from .dates import without_date
from .markdown import Block, Section, parse_blocks, sections, source_lines
from .recognisers import clean_inline
from .references import version_refs


def read_test_cases(context: Context, document: Document) -> None:
    context.issue.test_cases_doc = document
    anchors = heading_anchors(document.body, document.body_line)
    used = set(anchors.values())
    for section, title, text in _entries(document, parse_blocks(document.body,
                                                                document.body_line)):
        context.issue.test_cases.append(TestCase(
            title=title,
            anchor=anchors.get(section.line) or _unique_anchor(title, used),
            body=text,
            attempts=context.words.refs(f"{title}\n{text}"),
            versions=version_refs(f"{title}\n{text}"),
            location=Location(document.path, section.line),
        ))


def read_log(context: Context, document: Document) -> None:
    context.issue.log_doc = document
    anchors = heading_anchors(document.body, document.body_line)
    used = set(anchors.values())
    blocks = parse_blocks(document.body, document.body_line)
    for section, title, text in _entries(document, blocks):
        found = context.find_date(title, Location(document.path, section.line))
        context.issue.log_entries.append(LogEntry(
            date=found.iso if found else None,
            title=without_date(title, found) or title,
            anchor=anchors.get(section.line) or _unique_anchor(title, used),
            body=text,
            attempts=context.words.refs(f"{title}\n{text}"),
            versions=version_refs(f"{title}\n{text}"),
            location=Location(document.path, section.line),
        ))
    _dated_items(context, document, blocks, used)
    context.issue.log_entries.sort(key=lambda entry: entry.location.line)


def _dated_items(context: Context, document: Document, blocks: list[Block],
                 used: set[str]) -> None:
    """Dated list items ("- 2024-09-01: ...") and table rows whose first cell is a date,
    outside any entry heading, are entries too: a log often starts as bullets (or a table)
    and goes on with a heading per day."""
    first_entry = next((b.line for b in blocks if b.kind == "heading" and b.level > 1), None)
    for block in blocks:
        if first_entry is not None and block.line > first_entry:
            continue
        if block.kind == "list":
            for item in block.items:
                if item.depth == 1:
                    _dated_entry(context, document, used, item.text, item.line)
        elif block.kind == "table":
            for text, line in _table_entries(block):
                _dated_entry(context, document, used, text, line)


def _table_entries(block: Block) -> list[tuple[str, int]]:
    """``(text, line)`` of each body row of a table: its cells joined by " — " (a row is one
    line, under the header and the delimiter row)."""
    return [(" — ".join(cell for cell in row if cell), block.line + 1 + index)
            for index, row in enumerate(block.rows) if index > 0]


def _dated_entry(context: Context, document: Document, used: set[str], raw: str,
                 line: int) -> None:
    found = context.find_date(raw[:40], Location(document.path, line))
    if found is None or found.iso is None:
        return
    text = clean_inline(raw)
    context.issue.log_entries.append(LogEntry(
        date=found.iso,
        title=without_date(text, context.find_date(text)).strip(" -–—:|*_")[:120],
        anchor=_unique_anchor(_words(text), used),
        body=text,
        attempts=context.words.refs(text),
        versions=version_refs(text),
        location=Location(document.path, line),
    ))


def _entries(document: Document, blocks: list[Block]) -> Iterator[tuple[Section, str, str]]:
    """``(section, title, text)`` for each heading below the H1 of a test-cases or log file."""
    lines = document.body.split("\n")
    for section in sections(blocks):
        if section.heading is None or section.heading.level == 1:
            continue
        yield section, clean_inline(section.title), _section_text(
            section, lines, document.body_line)


def _section_text(section: Section, lines: list[str], offset: int) -> str:
    if not section.blocks:
        return ""
    start = section.line + 1
    end = section.blocks[-1].end_line
    return source_lines(lines, start - offset + 1, end - offset + 1).strip()


def _words(text: str, limit: int = 48) -> str:
    """The entry's first words (its date first), cut between words: an anchor to read."""
    slug = slugify(text, 200)
    if len(slug) <= limit:
        return slug
    cut = slug.rfind("-", 0, limit + 1)
    return slug[:cut] if cut > 0 else slug[:limit]


def _unique_anchor(title: str, used: set[str]) -> str:
    base = slugify(title, 50) or "entry"
    anchor = base
    counter = 2
    while anchor in used:
        anchor = f"{base}-{counter}"
        counter += 1
    used.add(anchor)
    return anchor

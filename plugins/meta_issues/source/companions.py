"""The companion files: ``test-cases.md`` (one test case per heading) and
``implementation-log.md`` (one entry per dated heading, or per dated list item)."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Document, Location, LogEntry, TestCase
from ..text import slugify
from .context import Context
from .dates import without_date
from .markdown import Block, Section, parse_blocks, sections, source_lines
from .recognisers import clean_inline
from .references import version_refs


def read_test_cases(context: Context, document: Document) -> None:
    context.issue.test_cases_doc = document
    used: set[str] = set()
    for section, title, text in _entries(document, parse_blocks(document.body,
                                                                document.body_line)):
        context.issue.test_cases.append(TestCase(
            title=title,
            anchor=_unique_anchor(title, used),
            body=text,
            attempts=context.words.refs(f"{title}\n{text}"),
            versions=version_refs(f"{title}\n{text}"),
            location=Location(document.path, section.line),
        ))


def read_log(context: Context, document: Document) -> None:
    context.issue.log_doc = document
    used: set[str] = set()
    blocks = parse_blocks(document.body, document.body_line)
    for section, title, text in _entries(document, blocks):
        found = context.find_date(title, Location(document.path, section.line))
        context.issue.log_entries.append(LogEntry(
            date=found.iso if found else None,
            title=without_date(title, found) or title,
            anchor=_unique_anchor(title, used),
            body=text,
            attempts=context.words.refs(f"{title}\n{text}"),
            versions=version_refs(f"{title}\n{text}"),
            location=Location(document.path, section.line),
        ))
    _dated_items(context, document, blocks, used)
    context.issue.log_entries.sort(key=lambda entry: entry.location.line)


def _dated_items(context: Context, document: Document, blocks: list[Block],
                 used: set[str]) -> None:
    """Dated list items ("- 2024-09-01: ...") outside any entry heading are entries too: a
    log often starts as bullets and goes on with a heading per day."""
    first_entry = next((b.line for b in blocks if b.kind == "heading" and b.level > 1), None)
    for block in blocks:
        if block.kind != "list" or (first_entry is not None and block.line > first_entry):
            continue
        for item in block.items:
            if item.depth != 1:
                continue
            found = context.find_date(item.text[:40], Location(document.path, item.line))
            if found is None or found.iso is None:
                continue
            text = clean_inline(item.text)
            context.issue.log_entries.append(LogEntry(
                date=found.iso,
                title=without_date(text, context.find_date(text))[:120],
                anchor=_unique_anchor(text[:40], used),
                body=text,
                attempts=context.words.refs(text),
                versions=version_refs(text),
                location=Location(document.path, item.line),
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


def _unique_anchor(title: str, used: set[str]) -> str:
    base = slugify(title, 50) or "entry"
    anchor = base
    counter = 2
    while anchor in used:
        anchor = f"{base}-{counter}"
        counter += 1
    used.add(anchor)
    return anchor

"""The README's Impact Analysis: a section per attempt with its metrics, and metric tables.

``### Before (Attempt 000 - Baseline)`` and ``### After Attempt 001 (Caching)`` introduce an
attempt; the lines below them (fenced, listed or plain) are ``Metric: value``. Tables name the
attempts in their header row, or, transposed, in their first column.
"""

from __future__ import annotations

import re

from ..model import Location
from .context import Context
from .markdown import Block, Section
from .measurements import RawMeasurement, measure
from .recognisers import METRIC_LINE, TARGET, clean_inline

# Attempt number -> (title, where it was named, verdict line) of each attempt the README names.
AttemptTitles = dict[int, tuple[str, Location, str]]
ParsedHeading = tuple[int, str]  # attempt number and title


def attempt_heading(text: str) -> ParsedHeading | None:
    """``Before (Attempt 000 - Baseline)`` → (0, "Baseline"); ``After Attempt 1 (Caching)``."""
    heading = clean_inline(text)
    match = re.search(r"\battempt\s*#?\s*(\d{1,4})", heading, re.I)
    if match:
        number = int(match.group(1))
        after = heading[match.end():]
        inner = re.match(r"\s*[-–—:]\s*([^)]*)", after)
        paren = re.search(r"\(([^)]*)\)", after)
        title = (inner.group(1) if inner and inner.group(1).strip() else
                 paren.group(1) if paren else after)
        title = title.strip(" ()-–—:")
        return number, title or ("Baseline" if number == 0 else "")
    if re.match(r"^\s*(before|baseline)\b", heading, re.I):
        return 0, "Baseline"
    return None


def read_impact(
    context: Context,
    impact_sections: list[Section],
    all_sections: list[Section],
    blocks: list[Block],
    path: str,
    raw: list[RawMeasurement],
    titles: AttemptTitles,
) -> None:
    """Measurements under the attempt headings inside ``impact_sections``, and those of the
    metric tables anywhere in the README, into ``raw``; the attempts they name into
    ``titles``."""
    spans = {(s.line, s.blocks[-1].end_line if s.blocks else s.line) for s in impact_sections}
    seen_headings: set[int] = set()
    for section in all_sections:
        if section.heading is None or not any(start <= section.line <= end
                                              for start, end in spans):
            continue
        parsed = attempt_heading(section.title)
        if parsed is None or section.line in seen_headings:
            continue
        seen_headings.add(section.line)
        _attempt_section(context, section, parsed, path, raw, titles)
    for block in blocks:
        if block.kind == "table":
            _metric_table(context, block, path, raw, titles)


def _attempt_section(
    context: Context, section: Section, parsed: ParsedHeading, path: str,
    raw: list[RawMeasurement], titles: AttemptTitles,
) -> None:
    number, title = parsed
    if number in titles:
        context.report("error", Location(path, section.line), "DUPLICATE_ATTEMPT",
                       f"Attempt {number:03d} has two Impact Analysis sections (lines "
                       f"{titles[number][1].line} and {section.line})")
        return
    verdict = ""
    for block in section.blocks:
        if block.kind == "heading":
            break
        verdict = _metric_block(context, block, number, path, raw) or verdict
    titles[number] = (title, Location(path, section.line), verdict)


def _metric_block(
    context: Context, block: Block, attempt: int, path: str, raw: list[RawMeasurement]
) -> str:
    """Read the ``Metric: value`` lines of ``block``; returns its verdict line, if any."""
    entries: list[tuple[str, int]] = []
    if block.kind == "fence":
        entries = [(line, block.line + 1 + i) for i, line in enumerate(block.text.split("\n"))]
    elif block.kind == "list":
        entries = [(item.text, item.line) for item in block.items]
    elif block.kind == "paragraph":
        entries = [(line, block.line + i) for i, line in enumerate(block.text.split("\n"))]
    verdict = ""
    for text, line in entries:
        match = METRIC_LINE.match(clean_inline(text))
        if not match:
            continue
        name = match["name"].strip().strip("*_`")
        value = match["value"].strip()
        if name.lower() in ("verdict", "conclusion", "summary", "result", "outcome"):
            verdict = value
            continue
        if not value or TARGET.fullmatch(value.strip()):
            continue
        measure(context, attempt, name, value, Location(path, line), raw)
    return verdict


def _metric_table(
    context: Context, block: Block, path: str, raw: list[RawMeasurement],
    titles: AttemptTitles,
) -> None:
    if len(block.rows) < 2:
        return
    columns = {i: attempt_heading(cell) for i, cell in enumerate(block.rows[0]) if i > 0}
    if any(columns.values()):
        _attempts_as_columns(context, block, columns, path, raw, titles)
    else:
        _attempts_as_rows(context, block, path, raw, titles)


def _attempts_as_columns(
    context: Context, block: Block, columns: dict[int, ParsedHeading | None], path: str,
    raw: list[RawMeasurement], titles: AttemptTitles,
) -> None:
    """A table with metrics as rows and an attempt in each column after the first."""
    for parsed in columns.values():
        if parsed and parsed[0] not in titles:
            titles[parsed[0]] = (parsed[1], Location(path, block.line), "")
    for row_index, row in enumerate(block.rows[1:], start=2):
        if not row or not row[0].strip():
            continue
        line = block.line + row_index
        for index, parsed in columns.items():
            if parsed is None or index >= len(row) or not row[index].strip():
                continue
            measure(context, parsed[0], clean_inline(row[0]), clean_inline(row[index]),
                    Location(path, line), raw)


def _attempts_as_rows(
    context: Context, block: Block, path: str, raw: list[RawMeasurement],
    titles: AttemptTitles,
) -> None:
    """Transposed: attempts as rows, metrics as columns."""
    header = block.rows[0]
    rows = [(attempt_heading(r[0]) if r else None, r) for r in block.rows[1:]]
    if not any(parsed for parsed, _ in rows):
        return
    for row_index, (parsed, row) in enumerate(rows, start=2):
        if parsed is None:
            continue
        titles.setdefault(parsed[0], (parsed[1], Location(path, block.line + row_index), ""))
        for index, cell in enumerate(row[1:], start=1):
            if index < len(header) and cell.strip():
                measure(context, parsed[0], clean_inline(header[index]), clean_inline(cell),
                        Location(path, block.line + row_index), raw)

"""The README's Impact Analysis: a section per attempt with its metrics, and metric tables.

``### Before (Attempt 000 - Baseline)`` and ``### After Mitigation 1 (Caching)`` introduce an
attempt (any word of ``attempt_words``); the lines below them (fenced, listed or plain) are
``Metric: value``. Tables are read by ``tables``. A version heading that names an attempt
("Version 3 — Impact of Attempt 001 on the pool") is a version, never an attempt's metrics.
"""

from __future__ import annotations

import re

from ..model import Location
from .context import Context
from .markdown import Block, Section
from .measurements import RawMeasurement, measure
from .recognisers import METRIC_LINE, TARGET, VERSION_HEADING, clean_inline
from .references import AttemptWords

# Attempt number -> (title, where it was named, verdict line) of each attempt the README names.
AttemptTitles = dict[int, tuple[str, Location, str]]
ParsedHeading = tuple[int, str]  # attempt number and title

_BASELINE = re.compile(r"^\s*(?:before|baseline|ausgangslage|vorher|referenz|reference)\b", re.I)
_VERDICT_NAMES = ("verdict", "conclusion", "summary", "result", "outcome", "fazit", "ergebnis")


def attempt_heading(text: str, words: AttemptWords) -> ParsedHeading | None:
    """``Before (Attempt 000 - Baseline)`` → (0, "Baseline"); ``After Mitigation 1
    (Caching)`` → (1, "Caching"); ``None`` for a version heading, a heading naming several
    attempts, or none."""
    heading = clean_inline(text)
    if VERSION_HEADING.match(heading) or len(words.refs(heading)) > 1:
        return None  # a version's, or several attempts' together: not one attempt's data
    match = words.named.search(heading)
    if match:
        number = int(match.group(1))
        after = heading[match.end():]
        inner = re.match(r"\s*[-–—:]\s*([^)]*)", after)
        paren = re.search(r"\(([^)]*)\)", after)
        title = (inner.group(1) if inner and inner.group(1).strip() else
                 paren.group(1) if paren else after)
        title = title.strip(" ()-–—:")
        return number, title or ("Baseline" if number == 0 else "")
    if _BASELINE.match(heading):
        return 0, "Baseline"
    return None


def impact_section(title: str) -> bool:
    """Whether a README section holds the measurements of attempts (not a version's)."""
    heading = clean_inline(title)
    return bool(re.search(r"impact|results|metrics|measurements|benchmarks?|numbers"
                          r"|ergebnisse|messwerte|kennzahlen|auswirkung", heading, re.I)
                ) and not VERSION_HEADING.match(heading)


def read_impact(
    context: Context,
    impact_sections: list[Section],
    all_sections: list[Section],
    path: str,
    raw: list[RawMeasurement],
    titles: AttemptTitles,
) -> None:
    """Measurements under the attempt headings inside ``impact_sections`` into ``raw``; the
    attempts they name into ``titles``."""
    spans = {(s.line, s.blocks[-1].end_line if s.blocks else s.line) for s in impact_sections}
    seen_headings: set[int] = set()
    for section in all_sections:
        if section.heading is None or not any(start <= section.line <= end
                                              for start, end in spans):
            continue
        parsed = attempt_heading(section.title, context.words)
        if parsed is None or section.line in seen_headings:
            continue
        seen_headings.add(section.line)
        _attempt_section(context, section, parsed, path, raw, titles)


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
        if name.lower() in _VERDICT_NAMES:
            verdict = value
            continue
        if not value or TARGET.fullmatch(value.strip()):
            continue
        measure(context, attempt, name, value, Location(path, line), raw)
    return verdict

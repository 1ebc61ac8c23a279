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
from .recognisers import METRIC_LINE, TARGET, clean_inline, version_heading
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
    if version_heading(heading) or len(words.refs(heading)) > 1:
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
    """Whether a README section's title says it holds the measurements of attempts (not a
    version's)."""
    heading = clean_inline(title)
    return bool(re.search(r"impact|results|metrics|measurements|benchmarks?|numbers"
                          r"|ergebnisse|messwerte|kennzahlen|auswirkung", heading, re.I)
                ) and not version_heading(heading)


def attempts_inside(section: Section, words: AttemptWords) -> bool:
    """Whether a section is a run of attempt sections (``### Baseline``, ``### Fix 1 — …``)
    whatever its own title ("Savings, fix by fix")."""
    level = section.heading.level if section.heading else 0
    children = [b for b in section.blocks if b.kind == "heading" and b.level == level + 1]
    return sum(1 for b in children if attempt_heading(b.text, words)) >= 2


Span = tuple[int, int]


def _span(section: Section) -> Span:
    return section.line, section.blocks[-1].end_line if section.blocks else section.line


def read_impact(
    context: Context,
    impact_sections: list[Section],
    all_sections: list[Section],
    path: str,
    raw: list[RawMeasurement],
    titles: AttemptTitles,
) -> None:
    """Measurements under the attempt headings inside ``impact_sections`` (and inside any
    section made of attempt sections) into ``raw``; the attempts they name into ``titles``.
    Where no title says the section holds measurements, lines that give no number are prose,
    not problems."""
    named = [_span(s) for s in impact_sections]
    found = [_span(s) for s in all_sections if attempts_inside(s, context.words)]
    seen_headings: set[int] = set()
    for section in all_sections:
        inside_named = any(start <= section.line <= end for start, end in named)
        if section.heading is None or not (inside_named or any(
                start <= section.line <= end for start, end in found)):
            continue
        parsed = attempt_heading(section.title, context.words)
        if parsed is None or section.line in seen_headings:
            continue
        seen_headings.add(section.line)
        _attempt_section(context, section, parsed, path, raw, titles, quiet=not inside_named)


def _attempt_section(
    context: Context, section: Section, parsed: ParsedHeading, path: str,
    raw: list[RawMeasurement], titles: AttemptTitles, *, quiet: bool,
) -> None:
    number, title = parsed
    if number in titles:
        context.report("error", Location(path, section.line), "DUPLICATE_ATTEMPT",
                       f"Attempt {number:03d} has two Impact Analysis sections (lines "
                       f"{titles[number][1].line} and {section.line})")
        return
    verdict = ""
    own = _own_blocks(section)
    listed = [b for b in own if b.kind in ("list", "fence")]
    before = len(raw)
    for block in listed:
        verdict = _metric_block(context, block, number, path, raw, quiet) or verdict
    # Plain "Metric: value" lines count where no list or code block holds the values; after
    # a list they are a remark ("Total saving: $11,500/month, or about $138k a year").
    for block in own:
        if block.kind == "paragraph":
            verdict = _metric_block(context, block, number, path, raw,
                                    quiet or len(raw) > before) or verdict
    titles[number] = (title, Location(path, section.line), verdict)


def _own_blocks(section: Section) -> list[Block]:
    """The blocks of a section before its first sub-heading."""
    own: list[Block] = []
    for block in section.blocks:
        if block.kind == "heading":
            break
        own.append(block)
    return own


def _metric_block(
    context: Context, block: Block, attempt: int, path: str, raw: list[RawMeasurement],
    quiet: bool = False,
) -> str:
    """Read the ``Metric: value`` lines of ``block``; returns its verdict line, if any.
    Prose lines, and with ``quiet`` every line whose value is no number, are passed over."""
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
        if block.kind == "paragraph" and quiet:
            continue
        if (block.kind == "paragraph" or quiet) and not _NUMBER_FIRST.match(value):
            continue  # prose ("Run 4 vs targets: eval loss 2.52 ≤ 2.55 ✓"), not a value
        measure(context, attempt, name, value, Location(path, line), raw)
    return verdict


# A value as a measurement starts: a number (maybe approximate, bounded or with a currency
# sign before it) or a no-value word.
_NUMBER_FIRST = re.compile(r"^\s*(?:[~≈<>≤≥±+\-−]\s?|about\s|approx\.?\s|ca\.\s)?"
                           r"(?:[$€£¥]\s?|[A-Z]{3}\s)?[.,]?\d|^\s*(?:n/?a|tbd|none|unknown"
                           r"|not measured)\b|^\s*[—–-](?:\s|$)", re.I)

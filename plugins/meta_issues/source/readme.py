"""The README, the living description: title, tags, last update, front matter metadata,
Current Understanding and insights (``understanding``), versions, related links and guidance
go straight into the meta-issue; what it says about attempts (Impact Analysis, tables,
targets, which way metrics improve) is returned for the merge with the attempt files."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from ..model import (
    Better,
    Document,
    Guidance,
    Location,
    MetaIssue,
    RelatedLink,
    Target,
)
from .context import Context
from .dates import without_date
from .direction import section_marker
from .frontmatter import as_text
from .impact import AttemptTitles, impact_section, read_impact
from .markdown import Block, Section, parse_blocks, sections
from .measurements import RawMeasurement
from .metadata import declared_directions, read_metadata
from .metrics import MetricHints
from .names import Abbreviations
from .recognisers import (
    DO_DONT,
    LINK,
    TITLE_LABEL,
    clean_inline,
    split_label,
    version_heading,
)
from .tables import AttemptRow, TableRead, read_tables
from .target_lists import read_target_lists
from .targets import read_targets
from .understanding import bare_title, insights_section, read_current, read_insights
from .versions import read_version


@dataclass
class ReadmeData:
    """What the README says about attempts, before merging with the attempt files."""

    measurements: list[RawMeasurement] = field(default_factory=list)
    titles: AttemptTitles = field(default_factory=dict)
    targets: list[Target] = field(default_factory=list)
    hints: MetricHints = field(default_factory=MetricHints)
    attempt_rows: dict[int, AttemptRow] = field(default_factory=dict)


def read_readme(context: Context, document: Document) -> ReadmeData:
    issue = context.issue
    blocks = parse_blocks(document.body, document.body_line)
    lines = document.body.split("\n")
    _title_and_tags(issue, blocks, document.front_matter)
    _last_updated(context, blocks, document)
    read_metadata(context, document)
    all_sections = sections(blocks)
    for section in all_sections:
        _read_section(context, section, lines, document)
    current = read_current(context, all_sections, lines, document)
    for section in all_sections:
        heading = version_heading(section.title)
        # "Aktueller Stand (v3) – Where we are now" names a version, but is not one.
        if heading and section.heading and section.heading.level >= 2 and section is not current:
            read_version(context, section, heading, document.path)
    impact = [s for s in all_sections if impact_section(s.title)]
    data = ReadmeData()
    read_impact(context, impact, all_sections, document.path, data.measurements, data.titles)
    tables = TableRead(data.measurements, data.titles, [])
    read_tables(context, blocks, document.path, tables)
    data.attempt_rows = tables.rows
    data.targets = read_targets(context, document, lines)
    stated = (read_target_lists(context, document, blocks, all_sections)
              if _TARGET_WORDS.search(document.body) else [])
    for target in [*stated, *tables.targets]:
        if not any(t.label.casefold() == target.label.casefold() for t in data.targets):
            data.targets.append(target)
    data.hints = MetricHints(declared_directions(context, document),
                             Abbreviations(document.body),
                             _section_directions(all_sections, document.path)
                             if re.search(r"better|besser", document.body, re.I) else [])
    _guidance(context, blocks, document.path)
    return data


def _section_directions(all_sections: list[Section], path: str
                        ) -> list[tuple[str, int, int, Better]]:
    """Sections whose own text says which way all their numbers improve."""
    found: list[tuple[str, int, int, Better]] = []
    for section in all_sections:
        for block in section.blocks:
            if block.kind == "heading":
                break
            better = section_marker(block.text) if block.kind == "paragraph" else None
            if better is not None:
                end = section.blocks[-1].end_line if section.blocks else section.line
                found.append((path, section.line, end, better))
                break
    return found


def _title_and_tags(issue: MetaIssue, blocks: list[Block], front: dict[str, object]) -> None:
    heading = next((b for b in blocks if b.kind == "heading" and b.level == 1), None)
    if heading is not None:
        issue.title = TITLE_LABEL.sub("", clean_inline(heading.text)) or issue.title
    title = as_text(front.get("title"))
    if title:
        issue.title = title
    tags = front.get("tags")
    if isinstance(tags, list):
        issue.tags = [str(t) for t in tags if isinstance(t, (str, int))]
    elif isinstance(tags, str):
        issue.tags = [t.strip() for t in tags.split(",") if t.strip()]


def _last_updated(context: Context, blocks: list[Block], document: Document) -> None:
    """From the first paragraph whose ``**Last Updated:**`` line has a date, or, above the
    first section, a byline such as ``… · last edit 27.03.2025 by Joris``; the front matter's
    ``last_updated`` wins."""
    issue, front = context.issue, document.front_matter
    first_section = next((b.line for b in blocks if b.kind == "heading" and b.level > 1), None)
    for block in blocks:
        if block.kind != "paragraph":
            continue
        byline = first_section is None or block.line < first_section
        for index, line in enumerate(block.text.split("\n")):
            written = _updated_text(line, byline)
            if written is None:
                continue
            found = context.find_date(written, Location(document.path, block.line + index))
            if found is not None and found.start <= 3:
                issue.last_updated = found.iso
                issue.last_updated_note = without_date(written, found).strip(" ()-–—")
                break
        if issue.last_updated:
            break
    front_updated = as_text(front.get("last_updated") or front.get("updated"))
    if front_updated:
        issue.last_updated = context.date(front_updated) or front_updated


def _updated_text(line: str, byline: bool) -> str | None:
    """What follows ``**Last Updated:**`` (or, in a byline, ``updated``/``last edit``)."""
    labelled = split_label(line)
    if labelled and labelled[0] in _UPDATED_LABELS:
        return labelled[1]
    match = _UPDATED_BYLINE.search(clean_inline(line)) if byline else None
    return clean_inline(line)[match.end():] if match else None


_UPDATED_BYLINE = re.compile(
    r"(?:^|[\s·|,(_*])(?:last[ -])?(?:updated|update|edited|edit|reviewed|modified|stand)"
    r"(?:\s+(?:on|am))?\s*[:\-–]?\s*", re.I)

# Words a Targets label or section starts with: a README without any has no target list.
_TARGET_WORDS = re.compile(r"target|goal|slo|objective|criteria|ziel|objectif", re.I)

_UPDATED_LABELS = ("last updated", "updated", "last update", "zuletzt aktualisiert",
                   "stand", "last edited", "last modified", "last reviewed")


def _read_section(context: Context, section: Section, lines: list[str],
                  document: Document) -> None:
    """Insights and related links, by their section's title."""
    offset, path = document.body_line, document.path
    title = bare_title(section.title).lower()
    if insights_section(title):
        read_insights(context, section, lines, offset, path)
    elif re.match(r"related\b|verwandt|siehe auch|see also", title):
        _related(context, section, path)


def _related(context: Context, section: Section, path: str) -> None:
    for block in section.blocks:
        if block.kind != "list":
            continue
        for item in block.items:
            for link in LINK.finditer(item.text):
                label = clean_inline(item.text[: link.start()]).strip(" :-") or link["label"]
                description = clean_inline(item.text[link.end():]).strip(" -–—:")
                context.issue.related.append(
                    RelatedLink(label, link["target"], description, Location(path, item.line))
                )


def _guidance(context: Context, blocks: list[Block], path: str) -> None:
    """``DO:`` and ``DON'T:`` list items anywhere in the README."""
    for block in blocks:
        if block.kind != "list":
            continue
        for item in block.items:
            match = DO_DONT.match(clean_inline(item.text))
            if match:
                kind: Literal["do", "dont"] = (
                    "do" if match["kind"].lower() == "do" else "dont"
                )
                context.issue.guidance.append(
                    Guidance(kind, match["text"].strip(), Location(path, item.line))
                )

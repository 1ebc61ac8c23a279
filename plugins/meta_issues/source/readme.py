"""The README, the living description: title, tags, last update, Current Understanding,
versions, insights, related links and guidance go straight into the meta-issue; what it says
about attempts (Impact Analysis, targets) is returned for the merge with the attempt files."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from ..model import (
    Better,
    CurrentUnderstanding,
    Document,
    Guidance,
    Insight,
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
from .markdown import Block, Section, parse_blocks, sections, source_lines
from .measurements import RawMeasurement
from .metadata import declared_directions, read_metadata
from .metrics import MetricHints
from .names import Abbreviations
from .recognisers import (
    DO_DONT,
    LINK,
    TITLE_LABEL,
    clean_inline,
    labelled_fields,
    split_label,
    version_heading,
)
from .tables import AttemptRow, TableRead, read_tables
from .target_lists import read_target_lists
from .targets import read_targets
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
    current = _current_of(context, all_sections, lines, document)
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
    title = _bare_title(section.title).lower()
    if _INSIGHTS.match(title):
        _insights(context, section, lines, offset, path)
    elif re.match(r"related\b|verwandt|siehe auch|see also", title):
        _related(context, section, path)


# Section titles: what the investigation understands now, its insights, its root causes.
_CURRENT = re.compile(r"current understanding|aktueller erkenntnisstand|état actuel", re.I)
_CURRENT_SYNONYMS = re.compile(
    r"^(?:where (?:we|things) (?:are|stand)(?: now)?|current (?:state|status|understanding)|status"
    r"|summary|executive summary|tl;?\s?dr|aktueller stand|stand der dinge|zusammenfassung"
    r"|résumé|sommaire)\b", re.I)
_INSIGHTS = re.compile(r"^(?:critical |key |main )?(?:insights|lessons(?: learned)?|learnings"
                       r"|takeaways|erkenntnisse|lehren|leçons)\b")
_ROOT_CAUSES = re.compile(r"^(?:the )?(?:root[- ]causes?|ursachen?|grundursachen?"
                          r"|causes? racines?)\b", re.I)


def _bare_title(title: str) -> str:
    """A heading without its emphasis, emoji and numbering: ``📌 2. TL;DR`` → ``TL;DR``."""
    text = clean_inline(title)
    return re.sub(r"^[\W_]*?(?:\d{1,3}[.)]\s*)?(?=\w)", "", text).strip()


def _current_of(context: Context, all_sections: list[Section], lines: list[str],
                document: Document) -> Section | None:
    """The Current Understanding: the first section that says so, else the first top-level
    section titled as one (``Where we are now (v3)``, ``Status (v3)``, ``Summary``,
    ``TL;DR``); its root causes, else those of a Root cause section."""
    explicit = [s for s in all_sections if _CURRENT.search(clean_inline(s.title))]
    synonyms = [s for s in all_sections if s.heading is not None and s.heading.level <= 2
                and _CURRENT_SYNONYMS.match(_bare_title(s.title))]
    candidates = explicit or synonyms
    if not candidates:
        return None
    chosen = candidates[0]
    current = _current_understanding(chosen, lines, document.body_line, document.path)
    if not current.root_causes:
        causes = next((s for s in all_sections
                       if _ROOT_CAUSES.match(_bare_title(s.title)) and s is not chosen), None)
        if causes is not None:
            current.root_causes = _causes_of(causes)
    context.issue.current = current
    return chosen


def _without_summary_label(text: str) -> str:
    """``**TL;DR:** From January 3 …`` → ``From January 3 …``: the label repeats the
    section's title."""
    labelled = split_label(text)
    if labelled and _CURRENT_SYNONYMS.match(labelled[0]) and labelled[1]:
        return labelled[1]
    return text


def _cause_column(table: Block) -> list[str]:
    """The cells of a table's Root cause column (``| # | Root cause | Fixed by |``)."""
    header = [clean_inline(cell) for cell in table.rows[0]] if table.rows else []
    at = next((i for i, cell in enumerate(header) if _ROOT_CAUSES.match(cell)
               or re.fullmatch(r"causes?|ursachen?", cell, re.I)), None)
    if at is None:
        return []
    return [row[at] for row in table.rows[1:] if at < len(row) and row[at].strip()]


def _causes_of(section: Section) -> list[str]:
    """A Root cause section's causes: its list items or Root cause column, else its first
    paragraph."""
    for block in section.blocks:
        if block.kind == "list":
            return [item.text for item in block.items if item.depth == 1]
        if block.kind == "table" and _cause_column(block):
            return _cause_column(block)
    first = next((b for b in section.blocks if b.kind == "paragraph"), None)
    return [" ".join(first.text.split())] if first is not None else []


def _current_understanding(
    section: Section, lines: list[str], offset: int, path: str
) -> CurrentUnderstanding:
    heading = clean_inline(section.title)
    refs = re.search(r"\(\s*v(?:ersion)?\.?\s*(\d{1,4})\s*\)|\bv\.?(\d{1,4})\b", heading, re.I)
    version = int(next(g for g in refs.groups() if g)) if refs else None
    summary = ""
    root_causes: list[str] = []
    awaiting_causes = False
    for block in section.blocks:
        if block.kind == "paragraph":
            if re.search(r"root causes?", block.text, re.I):
                awaiting_causes = True
                rest = split_label(block.text.split("\n")[0])
                if rest and rest[1]:
                    root_causes.append(rest[1])
                continue
            if not summary:
                summary = _without_summary_label(" ".join(block.text.split()))
        elif block.kind == "list" and (awaiting_causes or not root_causes):
            root_causes.extend(item.text for item in block.items if item.depth == 1)
            awaiting_causes = False
        elif block.kind == "table" and not root_causes:
            root_causes.extend(_cause_column(block))
    body = _section_body(section, lines, offset)
    return CurrentUnderstanding(version, summary, root_causes, body, Location(path, section.line))


def _insights(
    context: Context, section: Section, lines: list[str], offset: int, path: str
) -> None:
    for sub in sections(section.blocks):
        heading = clean_inline(sub.title)
        if _POSTMORTEM.match(_bare_title(heading)):
            continue  # "What went well": a postmortem's own section, not an insight
        number, title = _insight_title(heading)
        lesson = ""
        fields = labelled_fields(sub.blocks)
        for label, text, items, _line in fields:
            if label in ("lesson", "lessons", "takeaway", "lesson learned", "key lesson",
                         "lehre", "fazit"):
                lesson = " ".join([clean_inline(text), *map(clean_inline, items)]).strip()
        if not lesson and fields:
            # Without a "Lesson:" label, the closing statement is the lesson.
            label, text, items, _line = fields[-1]
            lesson = " ".join([clean_inline(text), *map(clean_inline, items)]).strip()
        body = _section_body(sub, lines, offset)
        location = Location(path, sub.line)
        context.issue.insights.append(Insight(number, title, lesson, body, location))


_POSTMORTEM = re.compile(
    r"^(?:what went (?:well|wrong|badly)|where we got lucky|what we got lucky with"
    r"|what (?:could|can) (?:be|have been) (?:improved|better)|action items?|follow[- ]ups?"
    r"|timeline|was lief gut|was lief schlecht|wo wir glück hatten|maßnahmen)\b", re.I)
_INSIGHT_NUMBER = re.compile(
    r"^\s*(?:[^\w\s#]+\s*)?(?:(?:insight|lesson|learning|erkenntnis|lektion|takeaway|finding)\b"
    r"\s*#?\s*(?P<a>\d{1,4})?|#?(?P<b>\d{1,3})(?=[.):]))\s*[:.)\-–—]?\s*(?P<title>.*)$", re.I)


def _insight_title(heading: str) -> tuple[int | None, str]:
    """``Insight 2: Title``, ``### 1. Title``, ``Erkenntnis 1: Title``, ``💡 Title``: the
    number, if any, and the title without its prefix."""
    match = _INSIGHT_NUMBER.match(heading)
    if match is None:
        return None, re.sub(r"^[^\w\s]+\s*", "", heading).strip() or heading
    digits = match["a"] or match["b"]
    return (int(digits) if digits else None), match["title"].strip() or heading


def _section_body(section: Section, lines: list[str], offset: int) -> str:
    """The section's text as written, below its heading; ``offset`` is the body's first line."""
    start = section.line + 1
    end = section.blocks[-1].end_line if section.blocks else section.line
    return source_lines(lines, start - offset + 1, end - offset + 1).strip()


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

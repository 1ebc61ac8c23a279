"""What a README understands now and what it learned: the Current Understanding (under its own
name or another team's — ``Where we are now (v3)``, ``Status (v3)``, ``Summary``, ``TL;DR``) with
its root causes (a list, a table column, or a postmortem's Root cause section), and the
insights of a Critical Insights or Lessons section (numbered or not; a postmortem's "What went
well" is not an insight)."""

from __future__ import annotations

import re

from ..model import CurrentUnderstanding, Document, Insight, Location
from .context import Context
from .markdown import Block, Section, sections, source_lines
from .recognisers import clean_inline, labelled_fields, split_label

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


def insights_section(title: str) -> bool:
    """Whether a (lower-case, bare) section title holds insights."""
    return bool(_INSIGHTS.match(title))


def bare_title(title: str) -> str:
    """A heading without its emphasis, emoji and numbering: ``📌 2. TL;DR`` → ``TL;DR``."""
    text = clean_inline(title)
    return re.sub(r"^[\W_]*?(?:\d{1,3}[.)]\s*)?(?=\w)", "", text).strip()


def read_current(context: Context, all_sections: list[Section], lines: list[str],
                document: Document) -> Section | None:
    """The Current Understanding: the first section that says so, else the first top-level
    section titled as one (``Where we are now (v3)``, ``Status (v3)``, ``Summary``,
    ``TL;DR``); its root causes, else those of a Root cause section."""
    explicit = [s for s in all_sections if _CURRENT.search(clean_inline(s.title))]
    synonyms = [s for s in all_sections if s.heading is not None and s.heading.level <= 2
                and _CURRENT_SYNONYMS.match(bare_title(s.title))]
    candidates = explicit or synonyms
    if not candidates:
        return None
    chosen = candidates[0]
    current = _current_understanding(chosen, lines, document.body_line, document.path)
    if not current.root_causes:
        causes = next((s for s in all_sections
                       if _ROOT_CAUSES.match(bare_title(s.title)) and s is not chosen), None)
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
    body = section_body(section, lines, offset)
    return CurrentUnderstanding(version, summary, root_causes, body, Location(path, section.line))


def read_insights(
    context: Context, section: Section, lines: list[str], offset: int, path: str
) -> None:
    for sub in sections(section.blocks):
        heading = clean_inline(sub.title)
        if _POSTMORTEM.match(bare_title(heading)):
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
        body = section_body(sub, lines, offset)
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


def section_body(section: Section, lines: list[str], offset: int) -> str:
    """The section's text as written, below its heading; ``offset`` is the body's first line."""
    start = section.line + 1
    end = section.blocks[-1].end_line if section.blocks else section.line
    return source_lines(lines, start - offset + 1, end - offset + 1).strip()



"""Recognisers: the words and labels the reader looks for in prose (results, field labels,
version headings, targets, metric lines).

The other modules read structure (sections, fields, tables) and ask these functions what a
piece of text says; dates are in ``dates``, references to attempts and versions in
``references``, metric names in ``names`` and which way a metric improves in ``direction``.
"""

from __future__ import annotations

import re

from ..model import Result
from .markdown import Block

TITLE_LABEL = re.compile(
    r"^\s*(?:living\s+description|meta[- ]?issue|investigation)\s*[:\-–—]\s*", re.I
)
_VERSION_HEADING = re.compile(
    r"^\s*(?:version|hypothesis|hypothese|theory|v)\s*\.?\s*(?:v\.?\s*)?#?\s*(\d{1,4})\b(.*)$",
    re.I)
# "Status (v1) — January 13, 2025 — Title": a word, the version in parentheses, then more.
_LABELLED_VERSION = re.compile(
    r"^\s*[^\W\d_][\w ]{0,30}?\s*\(\s*v(?:ersion)?\s*(\d{1,4})\s*\)\s*[-–—:·|]\s*(\S.*)$", re.I)
_LABEL = re.compile(
    r"^\s*(?:\*\*|__)\s*(?P<a>[^*_:\n]{1,40}?)\s*(?::\s*(?:\*\*|__)|(?:\*\*|__)\s*:)\s*(?P<ra>.*)$"
    r"|^\s*(?P<b>[^\W\d_][\w '/&-]{0,30}?)\s*:(?:\s+(?P<rb>.*))?$"
)
TARGET = re.compile(
    r"\(\s*target\s*:?\s*(?P<op><=|>=|≤|≥|<|>|=)?\s*(?P<value>[^()\n]{1,120}?)\s*\)", re.I
)
METRIC_LINE = re.compile(
    r"^\s*(?:[-*+•]\s+|\d{1,3}[.)]\s+)?(?P<name>[^:\n]{1,80}?)\s*:\s*(?P<value>.*)$"
)
LINK = re.compile(r"\[(?P<label>[^\]]{0,200})\]\((?P<target>[^)\s]{0,500})\)")
DO_DONT = re.compile(
    r"^\W{0,12}(?P<kind>do\s*not|don['’]?t|do)\b\W{0,6}:\W{0,6}(?P<text>.+)$", re.I
)

_RESULT_WORDS: list[tuple[Result, str]] = [
    (Result.PARTIAL, r"partial(?:ly)?|partly|mixed|some improvement|teilweise|superseded"),
    (
        Result.IN_PROGRESS,
        r"in[ _-]?progress|ongoing|pending|wip|under (?:evaluation|test|way)|testing|running"
        r"|not yet (?:run|tested|known)|tbd|to be (?:tested|determined)|planned|monitoring"
        r"|in arbeit|läuft|geplant",
    ),
    (
        Result.FAILED,
        r"fail(?:ed|s|ure)?|did ?n[o']t (?:work|help)|no (?:meaningful )?improvement"
        r"|regress(?:ed|ion)?|abandoned|rejected|ruled out|unsuccessful|disproved|refuted"
        r"|reverted|rolled[ -]?back|won['’]?t (?:do|fix)|wontfix|discarded"
        r"|fehlgeschlagen|gescheitert|verworfen|zurückgerollt|zurückgenommen",
    ),
    (
        Result.SUCCESS,
        r"success(?:ful(?:ly)?)?|succeeded|resolved|worked|fixed|solved|passed|confirmed"
        r"|done|complete[d]?|validated|ok|okay|erfolgreich|gelöst|behoben|erledigt|bestätigt",
    ),
    (Result.BASELINE, r"baseline|ausgangslage"),
]
# "not fixed", "didn't work out", "no longer OK": a success word that says the opposite.
_NEGATION = re.compile(r"(?:\bnot|n['’]t|\bnever|\bno longer|\bnicht|\bkein)\s+(?:\w+\s+)?$",
                       re.I)
_RESULT_WORD_RE = re.compile(
    "|".join(f"(?P<{r.name}>\\b(?:{words})\\b)" for r, words in _RESULT_WORDS), re.I
)
_RESULT_EMOJI: list[tuple[str, Result]] = [
    ("⚠", Result.PARTIAL),
    ("🟡", Result.PARTIAL),
    ("🔄", Result.IN_PROGRESS),
    ("⏳", Result.IN_PROGRESS),
    ("🚧", Result.IN_PROGRESS),
    ("❌", Result.FAILED),
    ("✗", Result.FAILED),
    ("✘", Result.FAILED),
    ("🔴", Result.FAILED),
    ("✅", Result.SUCCESS),
    ("✔", Result.SUCCESS),
    ("🟢", Result.SUCCESS),
]
RESULT_FORMS = "✅ Success, ⚠️ Partial, ❌ Failed or 🔄 In progress"

# The labels of a version's fields ("**Theory:**", "**Hypothesis:**", ...) -> the field.
FIELD_NAMES: dict[str, str] = {
    name: field_name
    for field_name, names in {
        "theory": ("theory", "hypothesis", "theory/hypothesis", "working theory", "idea",
                   "annahme", "hypothese", "vermutung", "idee", "belief", "we believed"),
        "evidence": ("evidence", "observations", "observed", "why we believed it", "signals",
                     "why we thought so", "supporting evidence", "belege", "beobachtungen",
                     "indizien", "hinweise"),
        "test": ("test", "tests", "tested by", "tested with", "experiment", "experiments",
                 "tested in", "getestet mit", "getestet durch"),
        "result": ("result", "results", "outcome", "status", "verdict", "ergebnis",
                   "resultat"),
        "learning": ("learning", "learnings", "lesson", "lessons", "learned",
                     "what we learned", "learnt", "takeaway", "erkenntnis", "gelernt",
                     "lehre"),
        "validation": ("validation", "validated by", "confirmation", "proof", "validierung",
                       "bestätigung", "nachweis"),
    }.items()
    for name in names
}

def version_heading(heading: str) -> tuple[int, str] | None:
    """``Version 2 (date) - Title``, ``v2 — date — title``, ``Hypothesis 2: …`` or ``Status
    (v2) — date — title`` as (number, what follows the number); else ``None``."""
    text = clean_inline(heading)
    match = _VERSION_HEADING.match(text) or _LABELLED_VERSION.match(text)
    return (int(match.group(1)), match.group(2)) if match else None


def parse_result(text: str) -> Result | None:
    """The result named by ``text``; emoji first, else the earliest result word."""
    stripped = text.strip()
    for emoji, result in _RESULT_EMOJI:
        if stripped.startswith(emoji) or stripped.lstrip("*_ ").startswith(emoji):
            return result
    match = _RESULT_WORD_RE.search(stripped)
    if match and match.lastgroup:
        result = Result[match.lastgroup]
        if result is Result.SUCCESS and _NEGATION.search(stripped[: match.start()]):
            return Result.FAILED
        return result
    for emoji, result in _RESULT_EMOJI:
        if emoji in stripped:
            return result
    return None


def clean_inline(text: str) -> str:
    """Inline Markdown reduced to words: emphasis markers and surrounding space removed."""
    return re.sub(r"(\*\*|__)", "", text).strip()


def split_label(line: str) -> tuple[str, str] | None:
    """``**Label:** rest`` or ``Label: rest`` as (lower-case label, rest), else ``None``."""
    match = _LABEL.match(line)
    if not match:
        return None
    label = match.group("a") or match.group("b")
    rest = match.group("ra") if match.group("a") is not None else match.group("rb")
    return label.strip().lower(), (rest or "").strip()


Field = tuple[str, str, list[str], int]  # label, inline text, list items, line


def labelled_fields(blocks: list[Block]) -> list[Field]:
    """``(label, inline text, list items, line)`` for each ``**Label:**`` of a section, and
    for each ``- Label: text`` item of a list of fields (one whose first item is a field such
    as ``- Hypothesis: …``; its nested items belong to the field above them)."""
    found: list[Field] = []
    for block in blocks:
        if block.kind == "paragraph":
            for index, line in enumerate(block.text.split("\n")):
                labelled = split_label(line)
                if labelled:
                    found.append((labelled[0], labelled[1], [], block.line + index))
                elif found and found[-1][3] >= block.line:
                    label, text, items, at = found[-1]
                    found[-1] = (label, f"{text} {line.strip()}".strip(), items, at)
        elif block.kind == "list" and _fields_list(block):
            _list_fields(block, found)
        elif block.kind == "list" and found:
            found[-1][2].extend(item.text for item in block.items)
        elif block.kind == "fence" and found:
            found[-1][2].extend(line for line in block.text.splitlines() if line.strip())
    return found


def item_label(text: str) -> tuple[str, str] | None:
    """A list item's ``Label: text`` (its lines joined), else ``None``."""
    return split_label(" ".join(text.split()))


def _fields_list(block: Block) -> bool:
    first = next((item for item in block.items if item.depth == 1), None)
    labelled = item_label(first.text) if first is not None else None
    return labelled is not None and labelled[0] in FIELD_NAMES


def _list_fields(block: Block, found: list[Field]) -> None:
    for item in block.items:
        labelled = item_label(item.text) if item.depth == 1 else None
        if labelled is not None:
            found.append((labelled[0], labelled[1], [], item.line))
        elif found:
            found[-1][2].append(" ".join(item.text.split()))

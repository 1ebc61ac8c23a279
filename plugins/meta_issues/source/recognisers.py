"""Recognisers: the words, dates, references and labels the reader looks for in prose.

Every pattern of the writing convention lives here, so the other modules read structure
(sections, fields, tables) and ask these functions what a piece of text says.
"""

from __future__ import annotations

import datetime as dt
import re

from ..model import Result
from .markdown import Block

TITLE_LABEL = re.compile(
    r"^\s*(?:living\s+description|meta[- ]?issue|investigation)\s*[:\-–—]\s*", re.I
)
VERSION_HEADING = re.compile(r"^\s*(?:version|v)\s*\.?\s*(\d{1,4})\b(.*)$", re.I)
ISO_DATE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_ATTEMPT_REF = re.compile(
    r"\battempts?\s*#?\s*(\d{1,4})((?:\s*(?:,|and|&|\+|/)\s*#?\s*\d{1,4}\b)*)", re.I
)
_VERSION_REF = re.compile(
    r"\bversions?\s*#?\s*(\d{1,4})\b|\(v(\d{1,4})\)|(?<![\w.])v(\d{1,4})\b(?![.\d])", re.I
)
_LABEL = re.compile(
    r"^\s*(?:\*\*|__)\s*(?P<a>[^*_:\n]{1,40}?)\s*(?::\s*(?:\*\*|__)|(?:\*\*|__)\s*:)\s*(?P<ra>.*)$"
    r"|^\s*(?P<b>[A-Za-z][A-Za-z '/&-]{0,30}?)\s*:\s+(?P<rb>.*)$"
)
TARGET = re.compile(
    r"\(\s*target\s*:?\s*(?P<op><=|>=|≤|≥|<|>|=)?\s*(?P<value>[^()\n]{1,40}?)\s*\)", re.I
)
METRIC_LINE = re.compile(
    r"^\s*(?:[-*+•]\s+|\d{1,3}[.)]\s+)?(?P<name>[^:\n]{1,80}?)\s*:\s*(?P<value>.*)$"
)
LINK = re.compile(r"\[(?P<label>[^\]]{0,200})\]\((?P<target>[^)\s]{0,500})\)")
DO_DONT = re.compile(
    r"^\W{0,12}(?P<kind>do\s*not|don['’]?t|do)\b\W{0,6}:\W{0,6}(?P<text>.+)$", re.I
)

_RESULT_WORDS: list[tuple[Result, str]] = [
    (Result.PARTIAL, r"partial(?:ly)?|partly|mixed|some improvement"),
    (
        Result.IN_PROGRESS,
        r"in[ _-]?progress|ongoing|pending|wip|under (?:evaluation|test|way)|testing|running"
        r"|not yet (?:run|tested|known)|tbd|to be (?:tested|determined)|planned",
    ),
    (
        Result.FAILED,
        r"fail(?:ed|s|ure)?|did ?n[o']t (?:work|help)|no (?:meaningful )?improvement"
        r"|regress(?:ed|ion)?|abandoned|rejected|ruled out|unsuccessful|disproved|refuted",
    ),
    (
        Result.SUCCESS,
        r"success(?:ful(?:ly)?)?|succeeded|resolved|worked|fixed|solved|passed|confirmed"
        r"|done|complete[d]?|validated",
    ),
    (Result.BASELINE, r"baseline"),
]
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
        "theory": ("theory", "hypothesis", "theory/hypothesis", "working theory", "idea"),
        "evidence": ("evidence", "observations", "observed", "why we believed it", "signals"),
        "test": ("test", "tests", "tested by", "tested with", "experiment", "experiments"),
        "result": ("result", "results", "outcome", "status", "verdict"),
        "learning": ("learning", "learnings", "lesson", "lessons", "learned",
                     "what we learned"),
        "validation": ("validation", "validated by", "confirmation", "proof"),
    }.items()
    for name in names
}

# Words in a metric's name that say which way is better, when no target says it.
LOWER_BETTER_WORDS = re.compile(
    r"time|latency|duration|lag|delay|memory|\bram\b|heap|cpu|usage|load|error|fail|timeout"
    r"|drop|loss|cost|size|bytes|p\d\d|churn|miss(?!ion)|crash|retr(?:y|ies)|backlog|queue"
    r"|wait|downtime|incident|bug|flak|regress|bounce|abandon|footprint|overhead",
    re.I,
)
HIGHER_BETTER_WORDS = re.compile(
    r"throughput|success|hit|reuse|ndcg|mrr|map@|accuracy|precision|recall|\bf1\b|score"
    r"|coverage|uptime|availability|satisfaction|conversion|click|ctr|rps|qps|per sec|/s\b"
    r"|rate of success|speed ?up|apdex|yield|retention|pass",
    re.I,
)


def parse_result(text: str) -> Result | None:
    """The result named by ``text``; emoji first, else the earliest result word."""
    stripped = text.strip()
    for emoji, result in _RESULT_EMOJI:
        if stripped.startswith(emoji) or stripped.lstrip("*_ ").startswith(emoji):
            return result
    match = _RESULT_WORD_RE.search(stripped)
    if match and match.lastgroup:
        return Result[match.lastgroup]
    for emoji, result in _RESULT_EMOJI:
        if emoji in stripped:
            return result
    return None


def parse_date(text: str) -> str | None:
    """An ISO date from ``2024-10-12``, ``12 October 2024``, ``Oct 12, 2024`` or ``2024/10/12``."""
    match = ISO_DATE.search(text.replace("/", "-"))
    if match:
        try:
            return dt.date(*(int(g) for g in match.groups())).isoformat()
        except ValueError:
            return None
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text.strip())
    for fmt in ("%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%B %d %Y", "%b %d %Y"):
        for candidate in re.findall(r"[A-Za-z0-9, ]{6,30}", cleaned):
            try:
                return dt.datetime.strptime(candidate.strip(" ,"), fmt).date().isoformat()
            except ValueError:
                continue
    return None


def attempt_refs(text: str) -> list[int]:
    """The attempt numbers ``text`` names, in order: ``Attempt 3 and 4`` -> [3, 4]."""
    found: list[int] = []
    for match in _ATTEMPT_REF.finditer(text):
        numbers = [match.group(1), *re.findall(r"\d{1,4}", match.group(2) or "")]
        for number in numbers:
            if int(number) not in found:
                found.append(int(number))
    return found


def version_refs(text: str) -> list[int]:
    """The version numbers ``text`` names, in order: ``Version 2``, ``(v2)``, ``v2``."""
    found: list[int] = []
    for match in _VERSION_REF.finditer(text):
        number = int(next(g for g in match.groups() if g))
        if number not in found:
            found.append(number)
    return found


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
    """``(label, inline text, list items, line)`` for each ``**Label:**`` of a section."""
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
        elif block.kind == "list" and found:
            found[-1][2].extend(item.text for item in block.items)
        elif block.kind == "fence" and found:
            found[-1][2].extend(line for line in block.text.splitlines() if line.strip())
    return found

"""Read meta-issue folders into the model.

The input is Markdown as people write it (the living-description convention); YAML front
matter is optional and, where present, wins over what the prose says. Every problem becomes a
``Diagnostic``; nothing here raises on bad input.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Literal

from ..markup import MAX_INLINE_MARKUP, sanitize_markdown, too_complex
from ..model import (
    Attempt,
    CurrentUnderstanding,
    Document,
    Guidance,
    Insight,
    Location,
    LogEntry,
    Measurement,
    MetaIssue,
    Metric,
    Quantity,
    RelatedLink,
    Result,
    Target,
    TestCase,
    Version,
)
from ..text import portability_problem, safe_path_component, slugify, strip_invisible
from ..units import convert, unit_dimension
from .files import ATTEMPTS, LINK, LOG, MAX_BYTES, OTHER, README, TEST_CASES, FolderInput
from .frontmatter import (
    ATTEMPT_SCHEMA,
    GENERIC_SCHEMA,
    README_SCHEMA,
    Report,
    Schema,
    as_text,
    decode_source,
    make_reporter,
    split_front_matter,
)
from .markdown import Block, Section, parse_blocks, sections, source_lines
from .quantities import parse_value

# --- recognisers -------------------------------------------------------------------------

_TITLE_LABEL = re.compile(
    r"^\s*(?:living\s+description|meta[- ]?issue|investigation)\s*[:\-–—]\s*", re.I
)
_VERSION_HEADING = re.compile(r"^\s*(?:version|v)\s*\.?\s*(\d{1,4})\b(.*)$", re.I)
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
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
_TARGET = re.compile(
    r"\(\s*target\s*:?\s*(?P<op><=|>=|≤|≥|<|>|=)?\s*(?P<value>[^()\n]{1,40}?)\s*\)", re.I
)
_METRIC_LINE = re.compile(
    r"^\s*(?:[-*+•]\s+|\d{1,3}[.)]\s+)?(?P<name>[^:\n]{1,80}?)\s*:\s*(?P<value>.*)$"
)
_LINK = re.compile(r"\[(?P<label>[^\]]{0,200})\]\((?P<target>[^)\s]{0,500})\)")
_DO_DONT = re.compile(
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

_FIELD_NAMES: dict[str, str] = {}
for _field, _names in {
    "theory": ("theory", "hypothesis", "theory/hypothesis", "working theory", "idea"),
    "evidence": ("evidence", "observations", "observed", "why we believed it", "signals"),
    "test": ("test", "tests", "tested by", "tested with", "experiment", "experiments"),
    "result": ("result", "results", "outcome", "status", "verdict"),
    "learning": ("learning", "learnings", "lesson", "lessons", "learned", "what we learned"),
    "validation": ("validation", "validated by", "confirmation", "proof"),
}.items():
    for _name in _names:
        _FIELD_NAMES[_name] = _field

_LOWER_BETTER_WORDS = re.compile(
    r"time|latency|duration|lag|delay|memory|\bram\b|heap|cpu|usage|load|error|fail|timeout"
    r"|drop|loss|cost|size|bytes|p\d\d|churn|miss(?!ion)|crash|retr(?:y|ies)|backlog|queue"
    r"|wait|downtime|incident|bug|flak|regress|bounce|abandon|footprint|overhead",
    re.I,
)
_HIGHER_BETTER_WORDS = re.compile(
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
    match = _ISO_DATE.search(text.replace("/", "-"))
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
    found: list[int] = []
    for match in _ATTEMPT_REF.finditer(text):
        numbers = [match.group(1), *re.findall(r"\d{1,4}", match.group(2) or "")]
        for number in numbers:
            if int(number) not in found:
                found.append(int(number))
    return found


def version_refs(text: str) -> list[int]:
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
    match = _LABEL.match(line)
    if not match:
        return None
    label = match.group("a") or match.group("b")
    rest = match.group("ra") if match.group("a") is not None else match.group("rb")
    return label.strip().lower(), (rest or "").strip()


# --- reading a folder --------------------------------------------------------------------


_OPERATORS = {"<": "<", "<=": "<=", ">": ">", ">=": ">=", "≤": "<=", "≥": ">=", "=": ""}


@dataclass
class _Context:
    issue: MetaIssue
    report: Report


@dataclass
class _RawMeasurement:
    attempt: int
    name: str
    quantity: Quantity
    note: str
    location: Location


@dataclass
class _ReadmeData:
    """What the README says about attempts, before merging with the attempt files."""

    measurements: list[_RawMeasurement] = field(default_factory=list)
    titles: dict[int, tuple[str, Location, str]] = field(default_factory=dict)
    targets: list[Target] = field(default_factory=list)


def parse_folder(folder: FolderInput) -> MetaIssue:
    """One meta-issue folder, as read, into the merged model with its diagnostics."""
    folder_name = folder.name
    issue = MetaIssue(id=safe_path_component(folder_name), title=_title_from_id(folder_name),
                      readme=None)
    report = make_reporter(issue.diagnostics)
    context = _Context(issue, report)
    readme_data = _ReadmeData()
    readme = _document(folder, README, report, README_SCHEMA)
    if readme is not None:
        issue.readme = readme
        readme_data = _read_readme(context, readme)
    elif folder.file(README) is None:
        report("error", Location(f"{folder_name}/{README}"), "MISSING_README",
               "every meta-issue folder needs a README.md living description")
    attempt_files = _read_attempt_files(context, folder)
    for name, setter in ((TEST_CASES, _read_test_cases), (LOG, _read_log)):
        document = _document(folder, name, report, GENERIC_SCHEMA)
        if document is not None:
            setter(context, document)
    _merge(context, readme_data, attempt_files)
    _check_consistency(context)
    issue.diagnostics.sort(key=lambda d: (d.location.path, d.location.line, d.code))
    return issue


def _title_from_id(folder_name: str) -> str:
    words = re.sub(r"[-_]+", " ", strip_invisible(folder_name)).strip()
    return words[:1].upper() + words[1:] if words else "Untitled"


def _document(folder: FolderInput, name: str, report: Report,
              schema: Schema | None = None) -> Document | None:
    """The file ``name`` of the folder as a document, or ``None`` (reported when it exists)."""
    file = folder.file(name)
    if file is None:
        return None
    rel = f"{folder.name}/{name}"
    if file.problem == LINK:
        report("warning", Location(rel), "SYMLINK_IGNORED",
               "symbolic links are not followed; copy the file instead")
        return None
    if file.problem:
        if file.problem.startswith("unreadable"):
            report("error", Location(rel), "UNREADABLE",
                   f"cannot read the file: {file.problem.partition(': ')[2]}")
        return None
    text = decode_source(file.data, file.size, rel, report)
    if text is None:
        return None
    if not text.strip() and file.size <= MAX_BYTES:  # a large file is reported as such
        report("warning", Location(rel, 1), "EMPTY_FILE", "file is empty")
    source = split_front_matter(text, rel, report, schema)
    _check_markup(source.body, rel, source.body_line, report)
    _check_complexity(source.body, rel, source.body_line, report)
    return Document(rel, source.front_matter, source.body, source.body_line, source.front_text)


def _check_complexity(body: str, rel: str, body_line: int, report: Report) -> None:
    """Lines too dense in markup for Markdown to render in reasonable time."""
    for index, line in enumerate(body.split("\n")):
        if too_complex(line):
            report("warning", Location(rel, body_line + index), "LINE_TOO_COMPLEX",
                   f"a line of {len(line):,} characters with more than {MAX_INLINE_MARKUP:,} "
                   "markup characters is shown as code; split it or put it in a code block")


def _check_markup(body: str, rel: str, body_line: int, report: Report) -> None:
    """Raw HTML and script links that the renderer will show as text (one report a line)."""
    if "<" not in body and "](" not in body and "]:" not in body:
        return
    by_line: dict[int, list[tuple[int, str]]] = {}
    for index, column, problem in sanitize_markdown(body)[1]:
        by_line.setdefault(index, []).append((column, problem))
    for index, found in sorted(by_line.items()):
        column = found[0][0]
        links = [why for _col, why in found if why.startswith("link to")]
        html = [why for _col, why in found if not why.startswith("link to")]
        where = Location(rel, body_line + index, column)
        if links:
            report("warning", where, "UNSAFE_LINK",
                   f"{links[0]} is shown as plain text; link to http(s) pages or to files of "
                   "the folder instead")
        if html:
            shown = ", ".join(dict.fromkeys(html))
            report("warning", Location(rel, body_line + index, min(c for c, w in found
                                                                    if w in html)),
                   "RAW_HTML",
                   f"raw HTML ({shown[:160]}) is shown as text; use Markdown, or only "
                   "formatting tags such as <details>, <summary>, <br>, <sub>, <sup>, <kbd> "
                   "without event handlers")


# --- README --------------------------------------------------------------------------------


def _read_readme(context: _Context, document: Document) -> _ReadmeData:
    issue = context.issue
    blocks = parse_blocks(document.body, document.body_line)
    lines = document.body.split("\n")
    offset = document.body_line
    front = document.front_matter

    heading = next((b for b in blocks if b.kind == "heading" and b.level == 1), None)
    if heading is not None:
        issue.title = _TITLE_LABEL.sub("", clean_inline(heading.text)) or issue.title
    title = as_text(front.get("title"))
    if title:
        issue.title = title
    tags = front.get("tags")
    if isinstance(tags, list):
        issue.tags = [str(t) for t in tags if isinstance(t, (str, int))]
    elif isinstance(tags, str):
        issue.tags = [t.strip() for t in tags.split(",") if t.strip()]

    for block in blocks:
        if block.kind != "paragraph":
            continue
        for line in block.text.split("\n"):
            labelled = split_label(line)
            if labelled and labelled[0] in ("last updated", "updated", "last update"):
                issue.last_updated = parse_date(labelled[1])
                note = _ISO_DATE.sub("", labelled[1]).strip(" ()-–—")
                issue.last_updated_note = note
                break
        if issue.last_updated:
            break
    front_updated = as_text(front.get("last_updated") or front.get("updated"))
    if front_updated:
        issue.last_updated = parse_date(front_updated) or front_updated

    all_sections = sections(blocks)
    for section in all_sections:
        title_lower = section.title.lower()
        if "current understanding" in title_lower and issue.current is None:
            issue.current = _current_understanding(section, lines, offset, document.path)
        elif re.search(r"critical insights|key insights|^insights|lessons learned", title_lower):
            _insights(context, section, lines, offset, document.path)
        elif re.match(r"related\b", title_lower):
            _related(context, section, document.path)
    for section in all_sections:
        match = _VERSION_HEADING.match(clean_inline(section.title))
        if match and section.heading and section.heading.level >= 2:
            _version(context, section, match, document.path)
    impact = [s for s in all_sections if re.search(r"impact|results by attempt|metrics",
                                                    s.title.lower())]
    data = _ReadmeData()
    _impact(context, impact, all_sections, blocks, document.path, data)
    data.targets = _targets(context, document, lines)
    _guidance(context, blocks, document.path)
    return data


def _current_understanding(
    section: Section, lines: list[str], offset: int, path: str
) -> CurrentUnderstanding:
    heading = clean_inline(section.title)
    refs = re.search(r"\(\s*v(?:ersion)?\s*(\d{1,4})\s*\)|\bv(\d{1,4})\b", heading, re.I)
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
                summary = " ".join(block.text.split())
        elif block.kind == "list" and (awaiting_causes or not root_causes):
            root_causes.extend(item.text for item in block.items if item.depth == 1)
            awaiting_causes = False
    start = section.line + 1
    end = section.blocks[-1].end_line if section.blocks else section.line
    body = source_lines(lines, start - offset + 1, end - offset + 1).strip()
    return CurrentUnderstanding(version, summary, root_causes, body, Location(path, section.line))


def _fields(blocks: list[Block]) -> list[tuple[str, str, list[str], int]]:
    """``(label, inline text, list items, line)`` for each ``**Label:**`` of a section."""
    found: list[tuple[str, str, list[str], int]] = []
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


def _version(context: _Context, section: Section, match: re.Match[str], path: str) -> None:
    issue, report = context.issue, context.report
    number = int(match.group(1))
    rest = match.group(2)
    date = parse_date(rest)
    title = _ISO_DATE.sub("", rest)
    title = re.sub(r"\(\s*\)", "", title).strip(" -–—:.|()")
    location = Location(path, section.line)
    version = Version(number=number, title=title or f"Version {number}", location=location,
                      date=date)
    for label, text, items, line in _fields(section.blocks):
        field = _FIELD_NAMES.get(label)
        value = clean_inline(text)
        if field == "theory":
            version.theory = value
        elif field == "evidence":
            version.evidence = [clean_inline(i) for i in items] or ([value] if value else [])
        elif field == "test":
            version.test_text = value
            version.tests = attempt_refs(" ".join([text, *items]))
        elif field == "result":
            version.result_text = value
            result = parse_result(text)
            if result is None or result is Result.BASELINE:
                report("warning", Location(path, line), "UNKNOWN_RESULT",
                       f"Version {number} result '{value}' is not a result; "
                       f"expected {RESULT_FORMS}")
                result = Result.UNKNOWN
            version.result = result
        elif field == "learning":
            version.learning = " ".join([value, *(clean_inline(i) for i in items)]).strip()
        elif field == "validation":
            version.validation = ([value] if value else []) + [clean_inline(i) for i in items]
        else:
            version.extra[label] = " ".join([value, *items]).strip()
    existing = issue.version(number)
    if existing is not None:
        report("error", location, "DUPLICATE_VERSION",
               f"Version {number} is defined twice (lines {existing.location.line} and "
               f"{section.line}); number each version once")
        return
    issue.versions.append(version)


def _insights(
    context: _Context, section: Section, lines: list[str], offset: int, path: str
) -> None:
    for sub in sections(section.blocks):
        heading = clean_inline(sub.title)
        match = re.match(r"^\s*insight\s*#?\s*(\d{1,4})?\s*[:.\-–—]?\s*(.*)$", heading, re.I)
        number = int(match.group(1)) if match and match.group(1) else None
        title = (match.group(2) if match else heading).strip() or heading
        lesson = ""
        fields = _fields(sub.blocks)
        for label, text, items, _line in fields:
            if label in ("lesson", "lessons", "takeaway", "lesson learned", "key lesson"):
                lesson = " ".join([clean_inline(text), *map(clean_inline, items)]).strip()
        if not lesson and fields:
            # Without a "Lesson:" label, the closing statement is the lesson.
            label, text, items, _line = fields[-1]
            lesson = " ".join([clean_inline(text), *map(clean_inline, items)]).strip()
        start = sub.line + 1
        end = sub.blocks[-1].end_line if sub.blocks else sub.line
        body = source_lines(lines, start - offset + 1, end - offset + 1).strip()
        location = Location(path, sub.line)
        context.issue.insights.append(Insight(number, title, lesson, body, location))


def _related(context: _Context, section: Section, path: str) -> None:
    for block in section.blocks:
        if block.kind != "list":
            continue
        for item in block.items:
            for link in _LINK.finditer(item.text):
                label = clean_inline(item.text[: link.start()]).strip(" :-") or link["label"]
                description = clean_inline(item.text[link.end():]).strip(" -–—:")
                context.issue.related.append(
                    RelatedLink(label, link["target"], description, Location(path, item.line))
                )


def _guidance(context: _Context, blocks: list[Block], path: str) -> None:
    for block in blocks:
        if block.kind != "list":
            continue
        for item in block.items:
            match = _DO_DONT.match(clean_inline(item.text))
            if match:
                kind: Literal["do", "dont"] = (
                    "do" if match["kind"].lower() == "do" else "dont"
                )
                context.issue.guidance.append(
                    Guidance(kind, match["text"].strip(), Location(path, item.line))
                )


# --- Impact Analysis and targets -------------------------------------------------------------


def _attempt_heading(text: str) -> tuple[int, str] | None:
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


def _impact(
    context: _Context,
    impact_sections: list[Section],
    all_sections: list[Section],
    blocks: list[Block],
    path: str,
    data: _ReadmeData,
) -> None:
    raw = data.measurements
    titles = data.titles
    seen_headings: set[int] = set()
    impact_lines = {
        (s.line, s.blocks[-1].end_line if s.blocks else s.line) for s in impact_sections
    }

    def in_impact(line: int) -> bool:
        return any(start <= line <= end for start, end in impact_lines)

    for section in all_sections:
        if section.heading is None or not in_impact(section.line):
            continue
        parsed = _attempt_heading(section.title)
        if parsed is None:
            continue
        number, title = parsed
        if section.line in seen_headings:
            continue
        seen_headings.add(section.line)
        if number in titles:
            context.report("error", Location(path, section.line), "DUPLICATE_ATTEMPT",
                           f"Attempt {number:03d} has two Impact Analysis sections (lines "
                           f"{titles[number][1].line} and {section.line})")
            continue
        verdict = ""
        for block in section.blocks:
            if block.kind == "heading":
                break
            verdict = _metric_block(context, block, number, path, raw) or verdict
        titles[number] = (title, Location(path, section.line), verdict)
    for block in blocks:
        if block.kind == "table":
            _metric_table(context, block, path, raw, titles)


def _metric_block(
    context: _Context, block: Block, attempt: int, path: str, raw: list[_RawMeasurement]
) -> str:
    entries: list[tuple[str, int]] = []
    if block.kind == "fence":
        entries = [(line, block.line + 1 + i) for i, line in enumerate(block.text.split("\n"))]
    elif block.kind == "list":
        entries = [(item.text, item.line) for item in block.items]
    elif block.kind == "paragraph":
        entries = [(line, block.line + i) for i, line in enumerate(block.text.split("\n"))]
    verdict = ""
    for text, line in entries:
        match = _METRIC_LINE.match(clean_inline(text))
        if not match:
            continue
        name = match["name"].strip().strip("*_`")
        value = match["value"].strip()
        if name.lower() in ("verdict", "conclusion", "summary", "result", "outcome"):
            verdict = value
            continue
        if not value or _TARGET.fullmatch(value.strip()):
            continue
        _measure(context, attempt, name, value, Location(path, line), raw)
    return verdict


def _measure(
    context: _Context, attempt: int, name: str, value: str, location: Location,
    raw: list[_RawMeasurement],
) -> None:
    name = _TARGET.sub("", name).strip()
    parsed = parse_value(value)
    if parsed is None and _not_finite(value):
        context.report("warning", location, "METRIC_NOT_FINITE",
                       f"metric '{name}' has value '{value}', which is not a finite number; "
                       "write the measured number, or N/A when there is none")
        return
    if parsed is None:
        context.report("warning", location, "METRIC_UNPARSEABLE",
                       f"metric '{name}' has value '{value}' — expected a number with an "
                       "optional unit, e.g. '5,200ms'")
        return
    if parsed.no_data or parsed.quantity is None:
        return
    raw.append(_RawMeasurement(attempt, name, parsed.quantity, parsed.note, location))


_NON_FINITE = re.compile(r"^[+-]?\.?(?:nan|inf|infinity)\b", re.I)


def _not_finite(value: str) -> bool:
    text = value.strip()
    if _NON_FINITE.match(text):
        return True
    number = re.match(r"^[+-]?\d[\d,]*(?:\.\d*)?e[+-]?\d+", text, re.I)
    if number:
        try:
            return not math.isfinite(float(number.group(0).replace(",", "")))
        except ValueError:
            return False
    return False


def _metric_table(
    context: _Context, block: Block, path: str, raw: list[_RawMeasurement],
    titles: dict[int, tuple[str, Location, str]],
) -> None:
    if len(block.rows) < 2:
        return
    header = block.rows[0]
    columns = {i: _attempt_heading(cell) for i, cell in enumerate(header) if i > 0}
    if any(columns.values()):
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
                _measure(context, parsed[0], clean_inline(row[0]), clean_inline(row[index]),
                         Location(path, line), raw)
        return
    # Transposed: attempts as rows, metrics as columns.
    rows = [(_attempt_heading(r[0]) if r else None, r) for r in block.rows[1:]]
    if not any(parsed for parsed, _ in rows):
        return
    for row_index, (parsed, row) in enumerate(rows, start=2):
        if parsed is None:
            continue
        titles.setdefault(parsed[0], (parsed[1], Location(path, block.line + row_index), ""))
        for index, cell in enumerate(row[1:], start=1):
            if index < len(header) and cell.strip():
                _measure(context, parsed[0], clean_inline(header[index]), clean_inline(cell),
                         Location(path, block.line + row_index), raw)


def _targets(context: _Context, document: Document, lines: list[str]) -> list[Target]:
    found: list[Target] = []
    in_fence = False
    for index, line in enumerate(lines):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        for match in _TARGET.finditer(line):
            location = Location(document.path, document.body_line + index)
            label = _target_label(line[: match.start()])
            op_text = match["op"] or ""
            parsed = parse_value(match["value"])
            if parsed is None or parsed.quantity is None or not label:
                context.report("warning", location, "TARGET_UNPARSEABLE",
                               f"target '{match.group(0)}' — expected e.g. '(target: <1s)' "
                               "after a metric name")
                continue
            quantity = parsed.quantity
            op = _OPERATORS.get(op_text) or {"at_most": "<", "at_least": ">"}.get(
                quantity.bound, ""
            )
            found.append(Target(op, quantity.value, quantity.unit,  # type: ignore[arg-type]
                                match.group(0).strip("() "), label, location))
    found.extend(_front_matter_targets(context, document))
    return found


def _target_label(before: str) -> str:
    text = clean_inline(before)
    if "|" in text:
        cells = [c.strip() for c in text.strip().strip("|").split("|")]
        text = cells[0] if cells else ""
    text = re.sub(r"^\s*(?:[-*+•]\s+|\d{1,3}[.)]\s+)", "", text)
    if ":" in text:
        text = text.split(":", 1)[0]
    return text.strip(" -–—`*_")


def _front_matter_targets(context: _Context, document: Document) -> list[Target]:
    targets = document.front_matter.get("targets")
    found: list[Target] = []
    if not isinstance(targets, dict):
        return found
    for name, spec in targets.items():
        text = str(spec)
        match = re.match(r"\s*(<=|>=|≤|≥|<|>)?\s*(.*)$", text)
        parsed = parse_value(match.group(2)) if match else None
        location = Location(document.path, 1)
        if parsed is None or parsed.quantity is None:
            context.report("warning", location, "TARGET_UNPARSEABLE",
                           f"target for '{name}' is '{text}' — expected e.g. '<1s'")
            continue
        op = _OPERATORS.get(match.group(1) or "", "") if match else ""
        found.append(Target(op, parsed.quantity.value, parsed.quantity.unit,  # type: ignore[arg-type]
                            f"target: {text}", str(name), location))
    return found


# --- attempts/, test-cases.md, implementation-log.md ---------------------------------------------


@dataclass
class _AttemptFile:
    number: int
    path: str
    document: Document
    title: str
    result: Result | None
    result_text: str
    versions: list[int]
    date: str | None
    measurements: list[_RawMeasurement]
    location: Location


def _read_attempt_files(context: _Context, folder: FolderInput) -> list[_AttemptFile]:
    found: list[_AttemptFile] = []
    for entry in folder.listed:
        if entry.name == ATTEMPTS and entry.kind == LINK:
            context.report("warning", Location(f"{folder.name}/{ATTEMPTS}"), "SYMLINK_IGNORED",
                           "symbolic links are not followed; copy the folder instead")
        if not entry.name.startswith(f"{ATTEMPTS}/"):
            continue
        name = entry.name.removeprefix(f"{ATTEMPTS}/")
        if not name.lower().endswith(".md") and entry.kind != LINK:
            continue
        rel = f"{folder.name}/{entry.name}"
        problem = portability_problem(name)
        if problem:
            context.report("warning", Location(rel), "PORTABILITY",
                           f"file name {problem}; rename it")
        file = folder.file(entry.name)
        if file is None or file.problem == OTHER:
            continue
        document = _document(folder, entry.name, context.report, ATTEMPT_SCHEMA)
        if file.problem:
            continue
        number = _attempt_number(context, name, rel, document)
        if number is None:
            continue
        found.append(_attempt_file(context, number, rel, document or Document(rel, {}, "", 1)))
    return found


def _attempt_number(context: _Context, name: str, rel: str,
                    document: Document | None) -> int | None:
    """``004-x.md`` is attempt 4; a file without a number may say it in its front matter."""
    name_match = re.match(r"^(\d{1,4})(?:[-_ .]|$)", name.rsplit(".", 1)[0])
    front_number = document.front_matter.get("number") if document else None
    if name_match:
        return int(name_match.group(1))
    if isinstance(front_number, int) and not isinstance(front_number, bool):
        return front_number
    context.report("warning", Location(rel), "ATTEMPT_NAME",
                   f"attempt file '{name}' has no number; name it like "
                   "'004-short-title.md'")
    return None


def _attempt_file(context: _Context, number: int, rel: str, document: Document) -> _AttemptFile:
    report = context.report
    front = document.front_matter
    blocks = parse_blocks(document.body, document.body_line)
    heading = next((b for b in blocks if b.kind == "heading" and b.level == 1), None)
    title = ""
    if heading is not None:
        title = re.sub(r"^\s*attempt\s*#?\s*\d{1,4}\s*[:.\-–—]?\s*", "",
                       clean_inline(heading.text), flags=re.I)
    result: Result | None = None
    result_text = ""
    versions: list[int] = []
    date: str | None = None
    for block in blocks:
        if block.kind != "paragraph":
            continue
        for index, line in enumerate(block.text.split("\n")):
            labelled = split_label(line)
            if not labelled:
                continue
            label, value = labelled
            location = Location(rel, block.line + index)
            if label in ("result", "outcome", "status") and result is None:
                result_text = clean_inline(value)
                result = _attempt_result(context, value, location, number)
            elif label in ("hypothesis", "version", "tests version", "theory"):
                versions.extend(v for v in version_refs(value) if v not in versions)
            elif label == "date" and date is None:
                date = parse_date(value)
    location = Location(rel, document.body_line)
    title = as_text(front.get("title")) or title
    if "result" in front or "status" in front:
        key = "result" if "result" in front else "status"
        declared_result = front.get(key)
        result_text = as_text(declared_result) or (
            "" if declared_result is None else str(declared_result))
        if isinstance(declared_result, bool):
            pass  # reported as TYPE_COERCED (`status: no` is read as false)
        else:
            result = _attempt_result(context, result_text,
                                     Location(rel, _front_line(document, key)), number)
    for key in ("version", "versions", "hypothesis"):
        declared = front.get(key)
        numbers: list[int] = []
        if isinstance(declared, bool):
            continue
        if isinstance(declared, int):
            numbers = [declared]
        elif isinstance(declared, str):
            numbers = version_refs(declared) or ([int(declared)] if declared.isdigit() else [])
        elif isinstance(declared, list):
            numbers = [v for v in declared if isinstance(v, int) and not isinstance(v, bool)]
        if numbers:
            versions = numbers
    front_date = as_text(front.get("date"))
    if front_date:
        date = parse_date(front_date) or date
    measurements: list[_RawMeasurement] = []
    metrics = front.get("metrics")
    if isinstance(metrics, dict):
        for name, raw_value in metrics.items():
            where = Location(rel, _front_line(document, str(name)))
            written: object = raw_value
            if isinstance(raw_value, dict):
                written = f"{raw_value.get('value', '')}{raw_value.get('unit', '')}"
            if isinstance(written, bool) or not isinstance(written, (str, int, float)):
                report("warning", where, "METRIC_UNPARSEABLE",
                       f"metric '{name}' has value '{raw_value}' — expected a number with an "
                       "optional unit, e.g. '5,200ms'")
                continue
            _measure(context, number, str(name), str(written), where, measurements)
    elif metrics is not None:
        report("warning", Location(rel, _front_line(document, "metrics")), "FRONTMATTER_TYPE",
               "'metrics' should map metric names to values, e.g. 'Latency: 380ms'")
    return _AttemptFile(number, rel, document, title, result, result_text, versions, date,
                        measurements, location)


def _front_line(document: Document, key: str) -> int:
    """The file line of ``key:`` in the front matter (which starts on line 2)."""
    prefix = f"{key}:"
    for index, line in enumerate(document.front_text.split("\n")):
        if line.lstrip().strip("'\"").startswith(prefix) or line.lstrip().startswith(
            (f"'{key}':", f'"{key}":')
        ):
            return index + 2
    return 1


def _attempt_result(context: _Context, text: str, location: Location, number: int) -> Result:
    result = parse_result(text)
    if result is None:
        context.report("warning", location, "UNKNOWN_RESULT",
                       f"Attempt {number:03d} result '{text}' is not a result; "
                       f"expected {RESULT_FORMS}")
        return Result.UNKNOWN
    return result


def _entries(document: Document) -> Iterator[tuple[Section, str, str]]:
    """``(section, title, text)`` for each heading below the H1 of a test-cases or log file."""
    blocks = parse_blocks(document.body, document.body_line)
    lines = document.body.split("\n")
    for section in sections(blocks):
        if section.heading is None or section.heading.level == 1:
            continue
        yield section, clean_inline(section.title), _section_text(
            section, lines, document.body_line)


def _read_test_cases(context: _Context, document: Document) -> None:
    context.issue.test_cases_doc = document
    used: set[str] = set()
    for section, title, text in _entries(document):
        context.issue.test_cases.append(TestCase(
            title=title,
            anchor=_unique_anchor(title, used),
            body=text,
            attempts=attempt_refs(f"{title}\n{text}"),
            versions=version_refs(f"{title}\n{text}"),
            location=Location(document.path, section.line),
        ))


def _read_log(context: _Context, document: Document) -> None:
    context.issue.log_doc = document
    used: set[str] = set()
    for section, title, text in _entries(document):
        date = parse_date(title)
        context.issue.log_entries.append(LogEntry(
            date=date,
            title=_ISO_DATE.sub("", title).strip(" -–—:|") or title,
            anchor=_unique_anchor(title, used),
            body=text,
            attempts=attempt_refs(f"{title}\n{text}"),
            versions=version_refs(f"{title}\n{text}"),
            location=Location(document.path, section.line),
        ))
    if context.issue.log_entries:
        return
    # No dated headings: dated list items ("- 2024-09-01: ...") are the entries.
    blocks = parse_blocks(document.body, document.body_line)
    for block in blocks:
        if block.kind != "list":
            continue
        for item in block.items:
            date = parse_date(item.text[:40])
            if date is None or item.depth != 1:
                continue
            text = clean_inline(item.text)
            context.issue.log_entries.append(LogEntry(
                date=date,
                title=_ISO_DATE.sub("", text).strip(" -–—:|")[:120],
                anchor=_unique_anchor(text[:40], used),
                body=text,
                attempts=attempt_refs(text),
                versions=version_refs(text),
                location=Location(document.path, item.line),
            ))


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


# --- merging ----------------------------------------------------------------------------------


def _merge(context: _Context, readme: _ReadmeData, files: list[_AttemptFile]) -> None:
    issue, report = context.issue, context.report
    titles = readme.titles
    # Attempt files first: structured front matter wins over the README's prose on conflict.
    raw = [m for attempt_file in files for m in attempt_file.measurements]
    raw.extend(readme.measurements)
    attempts: dict[int, Attempt] = {}
    by_number: dict[int, _AttemptFile] = {}
    for attempt_file in files:
        if attempt_file.number in by_number:
            first = by_number[attempt_file.number]
            report("error", attempt_file.location, "DUPLICATE_ATTEMPT",
                   f"attempt {attempt_file.number:03d} has two files: {first.path} and "
                   f"{attempt_file.path}; renumber one")
            continue
        by_number[attempt_file.number] = attempt_file
    for number, (title, location, verdict) in sorted(titles.items()):
        attempts[number] = Attempt(number, title or _default_attempt_title(number), location,
                                   verdict=verdict)
    for number, attempt_file in sorted(by_number.items()):
        attempt = attempts.get(number)
        if attempt is None:
            attempt = attempts[number] = Attempt(number, "", attempt_file.location)
        attempt.title = attempt_file.title or attempt.title or _default_attempt_title(number)
        attempt.source = attempt_file.path
        attempt.location = attempt_file.location
        attempt.body = attempt_file.document.body
        attempt.date = attempt_file.date
        attempt.versions = list(attempt_file.versions)
        if attempt_file.result is not None:
            attempt.result = attempt_file.result
            attempt.result_text = attempt_file.result_text

    version_numbers = {v.number for v in issue.versions}
    for version in issue.versions:
        for number in version.tests:
            attempt = attempts.get(number)
            if attempt is None:
                report("warning", version.location, "ATTEMPT_WITHOUT_DATA",
                       f"Version {version.number} tests Attempt {number:03d}, which has no "
                       f"file in attempts/ and no Impact Analysis data; add "
                       f"attempts/{number:03d}-<slug>.md or an 'After Attempt {number:03d}' "
                       "section")
                # Kept, so the version's link has a page to point at.
                attempt = attempts[number] = Attempt(
                    number, _title_from_test(version.test_text, number), version.location
                )
            if version.number not in attempt.versions:
                attempt.versions.append(version.number)
    for attempt in attempts.values():
        for number in list(attempt.versions):
            named = issue.version(number)
            if named is None and issue.readme is None:
                attempt.versions.remove(number)  # MISSING_README says why
            elif named is None:
                report("warning", attempt.location, "UNKNOWN_VERSION",
                       f"Attempt {attempt.code} names Version {number}, but the README defines "
                       + (f"versions {_ranges(sorted(version_numbers))}" if version_numbers
                          else "no versions"))
                attempt.versions.remove(number)
            elif attempt.number not in named.tests:
                named.tests.append(attempt.number)
        attempt.versions.sort()
        if attempt.number == 0:
            attempt.result = Result.BASELINE
        elif attempt.result is Result.UNKNOWN and not attempt.result_text and attempt.versions:
            tested_by = issue.version(attempt.versions[-1])
            if tested_by is not None:
                attempt.result = tested_by.result
        if attempt.date is None and attempt.versions:
            tested_by = issue.version(attempt.versions[0])
            attempt.date = tested_by.date if tested_by else None
    for version in issue.versions:
        version.tests.sort()
    issue.versions.sort(key=lambda v: v.number)
    issue.attempts = [attempts[n] for n in sorted(attempts)]
    _merge_metrics(context, raw, readme.targets)


def _title_from_test(test_text: str, number: int) -> str:
    """``Attempt 001 - Add caching`` names attempt 1 "Add caching"."""
    match = re.search(rf"\battempt\s*#?\s*0*{number}\b\s*[-–—:]\s*([^;,(]+)", test_text, re.I)
    return match.group(1).strip() if match else _default_attempt_title(number)


def _default_attempt_title(number: int) -> str:
    return "Baseline" if number == 0 else f"Attempt {number:03d}"


def _ranges(numbers: list[int]) -> str:
    if not numbers:
        return "none"
    if numbers == list(range(numbers[0], numbers[-1] + 1)) and len(numbers) > 2:
        return f"v{numbers[0]}–v{numbers[-1]}"
    return ", ".join(f"v{n}" for n in numbers)


def _metric_key(name: str) -> str:
    return " ".join(name.casefold().split())


def _merge_metrics(
    context: _Context, raw: list[_RawMeasurement], targets: list[Target]
) -> None:
    issue, report = context.issue, context.report
    groups: dict[str, list[_RawMeasurement]] = {}
    names: dict[str, str] = {}
    for measurement in raw:
        key = _metric_key(measurement.name)
        groups.setdefault(key, []).append(measurement)
        names.setdefault(key, measurement.name)
    metrics: list[Metric] = []
    for key, group in groups.items():
        units = Counter(m.quantity.unit for m in group)
        baseline_unit = next((m.quantity.unit for m in group if m.attempt == 0), None)
        best = max(units.values())
        candidates = [u for u, n in units.items() if n == best]
        unit = baseline_unit if baseline_unit in candidates else sorted(candidates)[0]
        metric = Metric(name=names[key], unit=unit, better="lower")
        for measurement in group:
            converted = convert(measurement.quantity.value, measurement.quantity.unit, unit)
            if converted is not None and not math.isfinite(converted):
                report("warning", measurement.location, "METRIC_NOT_FINITE",
                       f"metric '{metric.name}' value '{measurement.quantity.raw}' is too large "
                       f"to express in {unit}; check the number and its unit")
                continue
            if converted is None:
                report("warning", measurement.location, "UNIT_MISMATCH",
                       f"metric '{metric.name}' is in {unit or 'plain numbers'} elsewhere but "
                       f"'{measurement.quantity.raw}' here; use one kind of unit per metric")
                continue
            if measurement.attempt in metric.values:
                previous = metric.values[measurement.attempt]
                if abs(previous.value - converted) > 1e-9 * max(1.0, abs(converted)):
                    report("warning", measurement.location, "METRIC_CONFLICT",
                           f"metric '{metric.name}' of Attempt {measurement.attempt:03d} is "
                           f"'{measurement.quantity.raw}' here but '{previous.quantity.raw}' at "
                           f"{previous.location}; keep one value")
                continue
            marked: bool | None = None
            if "✅" in measurement.note or "✔" in measurement.note:
                marked = True
            elif "❌" in measurement.note:
                marked = False
            metric.values[measurement.attempt] = Measurement(
                float(f"{converted:.12g}"),
                measurement.quantity,
                measurement.note,
                measurement.location,
                marked,
            )
        if metric.values:
            metric.values = dict(sorted(metric.values.items()))
            metrics.append(metric)
    _assign_targets(context, metrics, targets)
    for metric in metrics:
        metric.better = _direction(metric)
        if metric.target is not None and not metric.target.op:
            # "(target: 1s)" without an operator: the metric's direction decides.
            op: Literal["<=", ">="] = "<=" if metric.better == "lower" else ">="
            metric.target = replace(metric.target, op=op)
    issue.metrics = metrics


def _assign_targets(context: _Context, metrics: list[Metric], targets: list[Target]) -> None:
    issue = context.issue
    for target in targets:
        wanted = _metric_key(target.label)
        exact = [m for m in metrics if _metric_key(m.name) == wanted]
        contained = [m for m in metrics
                     if wanted in _metric_key(m.name) or _metric_key(m.name) in wanted]
        chosen = exact or (contained if len(contained) == 1 else [])
        if not contained and not exact:
            context.report("info", target.location, "TARGET_UNMATCHED",
                           f"target '{target.raw}' for '{target.label}' names no metric; "
                           "use the metric's name as written in the Impact Analysis")
        if not chosen:
            if not any(t is not target and t.label == target.label
                       for t in issue.unmatched_targets):
                issue.unmatched_targets.append(target)
            continue
        metric = chosen[0]
        if metric.target is not None:
            continue
        value = convert(target.value, target.unit, metric.unit)
        if value is None and target.unit == "" and metric.unit:
            value = target.value
        if value is None:
            context.report("warning", target.location, "UNIT_MISMATCH",
                           f"target '{target.raw}' is not in the unit of metric "
                           f"'{metric.name}' ({metric.unit or 'plain number'})")
            continue
        metric.target = replace(target, value=value, unit=metric.unit)


def _direction(metric: Metric) -> Literal["lower", "higher"]:
    if metric.target is not None and metric.target.op in ("<", "<="):
        return "lower"
    if metric.target is not None and metric.target.op in (">", ">="):
        return "higher"
    name = metric.name
    higher = _HIGHER_BETTER_WORDS.search(name) or "/" in metric.unit
    if higher and not re.search(r"error|fail|drop|loss|miss", name, re.I):
        return "higher"
    if _LOWER_BETTER_WORDS.search(name):
        return "lower"
    dimension, _ = unit_dimension(metric.unit)
    return "lower" if dimension in ("time", "size") else "higher"


def _check_consistency(context: _Context) -> None:
    issue, report = context.issue, context.report
    previous: Version | None = None
    for version in issue.versions:
        if previous and previous.date and version.date and version.date < previous.date:
            report("warning", version.location, "DATE_ORDER",
                   f"Version {version.number} is dated {version.date}, before Version "
                   f"{previous.number} ({previous.date}); check the dates")
        previous = version
    current = issue.current
    if (
        current
        and current.version is not None
        and issue.versions
        and issue.version(current.version) is None
    ):
        report("warning", current.location, "UNKNOWN_VERSION",
               f"Current Understanding names v{current.version}, but the README defines "
               f"{_ranges([v.number for v in issue.versions])}")
    _check_results(context)
    numbered = sorted(a.number for a in issue.attempts if a.source is not None)
    for before, after in itertools.pairwise(numbered):
        if after - before > 1:
            missing = (f"{before + 1:03d}" if after - before == 2
                       else f"{before + 1:03d}–{after - 1:03d}")
            where = issue.attempt(after)
            report("info", where.location if where else Location("."), "ATTEMPT_GAP",
                   f"attempt numbers jump from {before:03d} to {after:03d}; {missing} "
                   "missing (renumber, or keep the gap if those attempts were dropped)")
    tested = {n for v in issue.versions for n in v.tests}
    # One problem is reported once: an unreadable file already has its error, and an attempt
    # naming a version that does not exist already has UNKNOWN_VERSION.
    reported = {d.location.path for d in issue.diagnostics
                if d.level == "error" or d.code == "UNKNOWN_VERSION"}
    for attempt in issue.attempts:
        if attempt.source in reported:
            continue
        if attempt.number != 0 and attempt.number not in tested and issue.versions:
            report("warning", attempt.location, "ATTEMPT_UNTESTED",
                   f"no version's Test line names Attempt {attempt.code}; add it to the "
                   "version it tested")



def _check_results(context: _Context) -> None:
    """A declared result that the metrics and their targets contradict."""
    issue = context.issue
    for attempt in issue.attempts:
        if attempt.number == 0 or attempt.result not in (Result.SUCCESS, Result.FAILED):
            continue
        judged = [(m, m.values[attempt.number]) for m in issue.metrics
                  if m.target is not None and attempt.number in m.values]
        if not judged:
            continue
        missed = [(m, v) for m, v in judged if m.target and not m.target.is_met_by(v.value)]
        if attempt.result is Result.SUCCESS and missed:
            metric, value = missed[0]
            assert metric.target is not None
            more = f" (and {len(missed) - 1} more)" if len(missed) > 1 else ""
            context.report(
                "warning", attempt.location, "RESULT_CONTRADICTS_TARGETS",
                f"Attempt {attempt.code} is marked success, but '{metric.name}' is "
                f"'{value.quantity.raw}', missing its target {metric.target.op} "
                f"{metric.target.value:g}{metric.target.unit}{more}; correct the result "
                "(⚠️ Partial?) or the target")
        elif attempt.result is Result.FAILED and not missed:
            context.report(
                "warning", attempt.location, "RESULT_CONTRADICTS_TARGETS",
                f"Attempt {attempt.code} is marked failed, but meets all {len(judged)} of its "
                "targets; correct the result or the targets")

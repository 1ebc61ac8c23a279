"""Tables of the README: which hold metric values, and how to read them.

A table with metrics as rows and an attempt in some columns (``| Metric | Baseline |
Mitigation 1 | Target |``) is metric data, and so is its transpose (attempts as rows, first
column ``Attempt 2`` or, under an ``Attempt`` header, ``002 — Title``). Its Target column states
targets, a Unit column the unit of bare numbers; in a table of attempts, a title, date and
outcome column say what each attempt was. Columns of relative changes (``Δ``, ``vs
baseline``), notes or owners are not measurements, and neither are timelines, action items,
or tables of nothing but signed percentages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Location, Target
from .context import Context
from .impact import AttemptTitles, ParsedHeading, attempt_heading
from .markdown import Block
from .measurements import RawMeasurement, measure
from .recognisers import clean_inline
from .target_lists import cell_target

_CHANGE = re.compile(r"\b(?:change[sd]?|delta|diff(?:erence)?|improvement|vs\.?|versus|relative"
                     r"|gain|reduction|speed-?up|saving|veränderung|änderung|verbesserung"
                     r"|gegenüber)\b|Δ|±", re.I)
_TARGET = re.compile(r"^\s*(?:targets?|goals?|slo|objective|budget|threshold|ziel(?:wert)?"
                     r"|sollwert|soll|acceptance)\b", re.I)
_UNIT = re.compile(r"^\s*(?:unit|units|einheit)\s*$", re.I)
_NOT_DATA = re.compile(
    r"^\s*(?:notes?|comments?|remarks?|source|owner|assignee|status|due|deadline|ticket"
    r"|link|result|outcome|verdict|date|when|time|timestamp|what|description|details|title"
    r"|hypothesis|version|action|action items?|follow[- ]ups?|write[- ]up|shipped|deployed"
    r"|bemerkung|notiz|quelle|verantwortlich|datum|zeit|ergebnis|beschreibung|maßnahme"
    r"|massnahme)\s*$", re.I)
_TITLE = re.compile(r"^\s*(?:what(?: we (?:changed|did|tried))?|change|title|description|name"
                    r"|approach|idea|was|titel|beschreibung|maßnahme|änderung)\s*$", re.I)
_DATE = re.compile(r"^\s*(?:date|when|shipped|deployed|released|started|datum|wann)\s*$", re.I)
_OUTCOME = re.compile(r"^\s*(?:outcome|result|status|verdict|ergebnis)\s*$", re.I)
_NUMBERED = re.compile(r"^\s*#?0*(\d{1,4})\b\s*[-–—:.)]?\s*(.*)$")
_SIGNED = re.compile(r"^\s*[+\-−±]\s?\d")
_ZERO = re.compile(r"^\s*[+\-−±]?\s?0+(?:[.,]0+)?\s*%")


@dataclass
class AttemptRow:
    """What a table of attempts says about one: its date and outcome, as written."""

    date: str | None = None
    outcome: str = ""


@dataclass
class TableRead:
    """What the README's tables give the merge: measurements, attempt titles, targets, and
    the dates and outcomes of tables of attempts."""

    raw: list[RawMeasurement]
    titles: AttemptTitles
    targets: list[Target]
    rows: dict[int, AttemptRow] = field(default_factory=dict)


def read_tables(context: Context, blocks: list[Block], path: str, found: TableRead) -> None:
    for block in blocks:
        if block.kind == "table" and len(block.rows) >= 2 and not _not_metric_data(block):
            _metric_table(context, block, path, found)


def _not_metric_data(block: Block) -> bool:
    """A timeline or action items (by the first header), or nothing but relative changes
    (every number a signed or zero percentage)."""
    first = clean_inline(block.rows[0][0]) if block.rows[0] else ""
    if _NOT_DATA.match(first):
        return True
    cells = [clean_inline(c) for row in block.rows[1:] for c in row[1:] if c.strip()]
    numeric = [c for c in cells if re.match(r"^\s*[~≈<>≤≥]?\s*[+\-−±]?\s?\d", c)]
    return (bool(numeric) and any(_SIGNED.match(c) for c in numeric)
            and all((_SIGNED.match(c) or _ZERO.match(c)) and "%" in c for c in numeric))


def _metric_table(context: Context, block: Block, path: str, found: TableRead) -> None:
    header = [clean_inline(cell) for cell in block.rows[0]]
    columns = {i: None if _CHANGE.search(cell) else attempt_heading(cell, context.words)
               for i, cell in enumerate(header) if i > 0}
    if any(columns.values()):
        _attempts_as_columns(context, block, header, columns, path, found)
    else:
        _attempts_as_rows(context, block, header, path, found)


def _attempts_as_columns(
    context: Context, block: Block, header: list[str],
    columns: dict[int, ParsedHeading | None], path: str, found: TableRead,
) -> None:
    """Metrics as rows and an attempt in some columns after the first; a Target column
    states each row's target, a Unit column the unit of bare numbers."""
    for parsed in columns.values():
        if parsed and parsed[0] not in found.titles:
            found.titles[parsed[0]] = (parsed[1], Location(path, block.line), "")
    target_at = next((i for i, cell in enumerate(header) if i and _TARGET.match(cell)), None)
    unit_at = next((i for i, cell in enumerate(header) if i and _UNIT.match(cell)), None)
    for row_index, row in enumerate(block.rows[1:], start=2):
        if not row or not row[0].strip():
            continue
        name, where = clean_inline(row[0]), Location(path, block.line + row_index)
        unit = clean_inline(row[unit_at]) if unit_at is not None and unit_at < len(row) else ""
        for index, parsed in columns.items():
            if parsed is None or index >= len(row) or not row[index].strip():
                continue
            measure(context, parsed[0], name, _with_unit(clean_inline(row[index]), unit),
                    where, found.raw)
        if target_at is not None and target_at < len(row):
            target = cell_target(context, name, _with_unit(clean_inline(row[target_at]), unit),
                                 where)
            if target is not None:
                found.targets.append(target)


Rows = list[tuple[ParsedHeading | None, list[str]]]


def _attempts_as_rows(
    context: Context, block: Block, header: list[str], path: str, found: TableRead,
) -> None:
    """Transposed: attempts as rows, metrics as the columns that hold numbers; a title,
    date or outcome column describes each attempt."""
    # Under an "Attempt" (or "Versuch", "Run"...) header a bare "002 — Title" is attempt 2; a
    # "#" column numbers follow-ups and root causes as often as attempts.
    numbered = bool(re.fullmatch(rf"\s*(?:{context.words.word})\s*", header[0], re.I))
    rows: Rows = [(_row_attempt(context, r[0] if r else "", numbered), r)
                  for r in block.rows[1:]]
    if not any(parsed for parsed, _ in rows):
        return
    kinds = _describing_columns(context, header, rows)
    metric_columns = [i for i, cell in enumerate(header) if i and cell and i not in kinds
                      and not (_CHANGE.search(cell) or _NOT_DATA.match(cell)
                               or _TARGET.match(cell)) and _holds_numbers(rows, i)]
    for row_index, (parsed, row) in enumerate(rows, start=2):
        if parsed is None:
            continue
        where = Location(path, block.line + row_index)
        _describe(context, parsed, row, kinds, where, found)
        for index in metric_columns:
            if index < len(row) and row[index].strip():
                measure(context, parsed[0], header[index], clean_inline(row[index]), where,
                        found.raw)


def _row_attempt(context: Context, cell: str, numbered: bool) -> ParsedHeading | None:
    """The attempt a row names: ``Attempt #2``, ``Baseline``, or under an ``Attempt`` header
    a bare ``002 — Title``."""
    parsed = attempt_heading(cell, context.words)
    if parsed is None and numbered:
        match = _NUMBERED.match(clean_inline(cell))
        if match:
            parsed = int(match.group(1)), match.group(2).strip(" -–—:")
    return parsed


def _describing_columns(context: Context, header: list[str], rows: Rows) -> dict[int, str]:
    """Columns that say what each attempt was: ``title``, ``date`` (by header or by cells
    that are all dates) and ``outcome``."""
    kinds: dict[int, str] = {}
    for index, cell in enumerate(header):
        if not index:
            continue
        cells = [row[index] for parsed, row in rows if parsed and index < len(row)
                 and row[index].strip() not in ("", "—", "-", "–")]
        if _DATE.match(cell) or (cells and all(context.date(c) for c in cells)):
            kinds.setdefault(index, "date")
        elif _OUTCOME.match(cell):
            kinds.setdefault(index, "outcome")
        elif _TITLE.match(cell) and "title" not in kinds.values():
            kinds.setdefault(index, "title")
    return kinds


def _describe(context: Context, parsed: ParsedHeading, row: list[str], kinds: dict[int, str],
              where: Location, found: TableRead) -> None:
    number, title = parsed
    values = {kind: clean_inline(row[i]) for i, kind in kinds.items() if i < len(row)}
    title = values.get("title") or title
    known = found.titles.get(number)
    if known is None or not known[0]:
        found.titles[number] = (title, known[1] if known else where, known[2] if known else "")
    row_info = found.rows.setdefault(number, AttemptRow())
    if values.get("date") and row_info.date is None:
        row_info.date = context.date(values["date"], where)
    if values.get("outcome") and not row_info.outcome:
        row_info.outcome = values["outcome"]


def _holds_numbers(rows: Rows, index: int) -> bool:
    """Whether a column has a number in some attempt's row (a text column is a note)."""
    return any(parsed and index < len(row) and re.search(r"\d", row[index])
               for parsed, row in rows)


def _with_unit(value: str, unit: str) -> str:
    """A bare number of a table with a Unit column, with that unit: ``18450`` → ``18450
    rows/s``."""
    if unit and re.fullmatch(r"\s*[~≈<>≤≥]?\s*[+\-−]?[\d.,\s']+\s*", value):
        return f"{value.strip()} {unit}"
    return value

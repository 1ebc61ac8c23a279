"""The key: what each colour of a chart means (and what its dashed line is), in rows that wrap
to the chart's width, drawn above the data so a reader meets it first."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .canvas import Canvas
from .measure import text_width, wrap
from .style import LIGHT_INK, NOTE_SIZE, RESULT_ORDER, line_step, result_colour

_SWATCH = 10.0  # side of a colour square, px
_SWATCH_GAP = 4.0  # between a swatch and its text
_ENTRY_GAP = 12.0  # between two entries of a row
RESULT_WORDS = {"in_progress": "in progress"}


@dataclass(frozen=True)
class KeyEntry:
    text: str
    colour: str
    dashed: bool = False  # a dashed line (a target) rather than a filled square
    marker: str = ""  # or a marker of ``Canvas.mark`` (a timeline's kinds of event)


@dataclass(frozen=True)
class Placed:
    entry: KeyEntry
    x: float
    lines: tuple[str, ...]


Row = tuple[Placed, ...]


def result_entries(results: Iterable[str]) -> list[KeyEntry]:
    """An entry per result present, in a fixed order; an unknown result shows as "unknown"."""
    seen = {r if r in RESULT_ORDER else "unknown" for r in results}
    return [KeyEntry(RESULT_WORDS.get(r, r), result_colour(r)) for r in RESULT_ORDER if r in seen]


def layout_key(entries: Sequence[KeyEntry], left: float, width: float) -> list[Row]:
    """Entries flowed left to right into rows no wider than ``width``; an entry wider than a
    row has one to itself, its text wrapped."""
    rows: list[Row] = []
    row: list[Placed] = []
    x = left
    for entry in entries:
        needed = _SWATCH + _SWATCH_GAP + text_width(entry.text, NOTE_SIZE)
        if row and x + needed > left + width:
            rows.append(tuple(row))
            row, x = [], left
        lines, _cut = wrap(entry.text, width - _SWATCH - _SWATCH_GAP, NOTE_SIZE, max_lines=3)
        row.append(Placed(entry, x, tuple(lines)))
        x += min(needed, width) + _ENTRY_GAP
    if row:
        rows.append(tuple(row))
    return rows


def key_height(rows: Sequence[Row]) -> float:
    return sum(max(len(p.lines) for p in row) * line_step(NOTE_SIZE) for row in rows)


def draw_key(canvas: Canvas, top: float, rows: Sequence[Row]) -> float:
    """Draw the rows from ``top``; returns the y below them."""
    step = line_step(NOTE_SIZE)
    for number, row in enumerate(rows):
        middle = top + step / 2
        for index, placed in enumerate(row):
            entry = placed.entry
            gid = f"key-{number}-{index}"
            if entry.marker:
                canvas.mark(placed.x + _SWATCH / 2, middle, entry.marker, entry.colour, gid=gid)
            elif entry.dashed:
                canvas.rule([(placed.x, middle, placed.x + _SWATCH, middle)], dashed=True,
                            colour=entry.colour, gid=gid)
            else:
                canvas.box(placed.x, middle - _SWATCH / 2, _SWATCH, _SWATCH, entry.colour,
                           gid=gid)
            canvas.lines(placed.x + _SWATCH + _SWATCH_GAP, top, placed.lines, size=NOTE_SIZE,
                         colour=LIGHT_INK["text"])
        top += max(len(p.lines) for p in row) * step
    return top

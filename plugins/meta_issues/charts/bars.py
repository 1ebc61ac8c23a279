"""Rows of horizontal bars, shared by the metric, key-metrics and knowledge-base charts.

A row is a label on lines of its own (wrapped to the chart's width, never cut short of
``LABEL_LINES`` lines), then its bar with the value written just past the bar's end. The scale
leaves room for every value beside its bar; a reference line (a target) is drawn only across
the bars, and a value it would cross moves past it, so no line runs through text.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

from .canvas import Canvas
from .measure import text_width, wrap
from .style import LIGHT_INK, PAD, TEXT_SIZE, line_step

BAR = 14.0  # bar thickness
NAME_GAP = 3.0  # between a label and its bar
ROW_GAP = 9.0  # between a bar and the next label
VALUE_GAP = 4.0  # between a bar's end and its value
LABEL_LINES = 6  # a label longer than this is cut (LABEL_TRUNCATED)
_TICK = 2.0  # how far the zero and target lines reach past a bar
_BESIDE = 140.0  # the widest value written beside its bar
_BELOW = 200.0  # the width of the lines of a value written below its bar


@dataclass(frozen=True)
class BarRow:
    name: tuple[str, ...]  # the label's lines
    position: float | None  # in the chart's own scale, within [-1, 1]; None: no bar
    value: str  # written past the bar's end
    colour: str
    gid: str  # the bar's SVG id; the label is "label-…" and the value "value-…" of ``key``
    key: str
    bold: bool = False  # a highlighted row: its bar outlined, its value bold

    @property
    def height(self) -> float:
        lines = len(self.name) + len(self.value_lines)
        gaps = NAME_GAP * (2 if self.value_lines else 1)
        return lines * line_step(TEXT_SIZE) + gaps + BAR + ROW_GAP

    @functools.cached_property
    def value_width(self) -> float:
        return text_width(self.value, TEXT_SIZE, bold=self.bold)

    @functools.cached_property
    def value_lines(self) -> tuple[str, ...]:
        """A value too wide to sit beside a bar (1e308 written out in full) goes on lines of
        its own below it; empty for the others."""
        if self.value_width <= _BESIDE:
            return ()
        lines, _cut = wrap(self.value, _BELOW, TEXT_SIZE, bold=self.bold, max_lines=LABEL_LINES)
        return tuple(lines)

    @property
    def forward(self) -> bool:
        """Whether the bar grows to the right (its value is then right of its end)."""
        return self.position is None or self.position >= 0


def name_lines(text: str, width: float, notes: list[str], *, bold: bool = False
               ) -> tuple[str, ...]:
    """A label wrapped to ``width``; one longer than ``LABEL_LINES`` lines is cut and noted."""
    lines, cut = wrap(text, width, TEXT_SIZE, bold=bold, max_lines=LABEL_LINES)
    if cut:
        notes.append(f"LABEL_TRUNCATED: label of {len(text)} characters cut to {LABEL_LINES} "
                     f"lines: {' '.join(lines)!r}")
    return tuple(lines) or ("(unnamed)",)


def rows_height(rows: Sequence[BarRow]) -> float:
    return sum(row.height for row in rows)


@dataclass(frozen=True)
class Scale:
    """Where a position lands on the canvas: ``zero + per_unit * position``."""

    zero: float
    per_unit: float

    def x(self, position: float) -> float:
        return self.zero + self.per_unit * position


def fit_scale(rows: Sequence[BarRow], marks: Sequence[float], left: float, right: float
              ) -> Scale:
    """The longest bars that leave room for each value beside its bar; ``marks`` (a target's
    position) must fit in too."""
    positions = [r.position for r in rows if r.position is not None] + list(marks)
    low, high = min([0.0, *positions]), max([0.0, *positions])
    beside = [r for r in rows if not r.value_lines]
    room_right = max((VALUE_GAP + r.value_width for r in beside if r.forward), default=0.0)
    room_left = max((VALUE_GAP + r.value_width for r in beside if not r.forward), default=0.0)
    span = (high - low) or 1.0
    per_unit = max(right - left - room_left - room_right, 1.0) / span
    return Scale(left + room_left - per_unit * low, per_unit)


def draw_rows(canvas: Canvas, rows: Sequence[BarRow], top: float, scale: Scale, *,
              target: float | None = None, zero_line: bool = False) -> float:
    """Each row's label, bar and value from ``top``, then the zero line (if asked) and the
    dashed ``target`` line across the bars; returns the y below the last row."""
    target_x = None if target is None else scale.x(target)
    bands = []
    for row in rows:
        top = canvas.lines(PAD, top, row.name, gid=f"label-{row.key}") + NAME_GAP
        end = scale.zero
        if row.position is not None:
            end = scale.x(row.position)
            # A bar too short to see (a zero) is still one pixel long.
            length = max(abs(end - scale.zero), 1.0)
            start = scale.zero if row.forward else scale.zero - length
            canvas.box(start, top, length, BAR, row.colour, gid=row.gid, outline=row.bold)
        bands.append((top - _TICK, top + BAR + _TICK))
        if row.value_lines:
            top = canvas.lines(PAD, top + BAR + NAME_GAP, row.value_lines, bold=row.bold,
                               gid=f"value-{row.key}") - NAME_GAP - BAR
        else:
            _value(canvas, row, end, target_x, top)
        top += BAR + ROW_GAP
    if zero_line:
        canvas.rule([(scale.zero, a, scale.zero, b) for a, b in bands], gid="zero")
    if target_x is not None:
        canvas.rule([(target_x, a, target_x, b) for a, b in bands], dashed=True,
                    colour=LIGHT_INK["text"], width=1.5, gid="target")
    return top


def _value(canvas: Canvas, row: BarRow, end: float, target_x: float | None,
           bar_top: float) -> None:
    """The value just past the bar's end, or past the target line if that would cross it."""
    top = bar_top + (BAR - line_step(TEXT_SIZE)) / 2
    x = end + VALUE_GAP if row.forward else end - VALUE_GAP
    if target_x is not None:
        width = row.value_width
        near, far = (x, x + width) if row.forward else (x - width, x)
        if near - 2.0 <= target_x <= far + 2.0:
            x = target_x + VALUE_GAP if row.forward else target_x - VALUE_GAP
    canvas.text(x, top, row.value, bold=row.bold, align="left" if row.forward else "right",
                gid=f"value-{row.key}")

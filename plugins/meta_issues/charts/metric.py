"""The metric chart: one horizontal bar per attempt, coloured by result, against the target.

Each attempt's label has a line of its own above its bar; each bar's value is written at its
end, in the unit its author wrote (``ChartPoint.text``); a key above the bars says what the
colours and the dashed target line mean (see ``bars`` for how nothing collides).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..units import format_quantity
from .bars import BarRow, draw_rows, fit_scale, name_lines, rows_height
from .canvas import Canvas, draw_title, title_block_height, title_lines
from .key import KeyEntry, draw_key, key_height, layout_key, result_entries
from .measure import wrap
from .specs import ChartPoint, MetricChartSpec, RenderedChart
from .style import (
    CHART_WIDTH,
    LIGHT_INK,
    NOTE_SIZE,
    PAD,
    TEXT_SIZE,
    label,
    line_step,
    result_colour,
)
from .svg import render_figure

if TYPE_CHECKING:
    from matplotlib.figure import Figure

_TARGET_OPS = {"<": "<", "<=": "\u2264", ">": ">", ">=": "\u2265", "=": "=", "==": "="}
_COMPACT_WIDTH = 240.0
_KEY_GAP = 8.0  # between the key and the first label

Points = Sequence[tuple[int, ChartPoint]]  # (index in spec.points, point), finite values only


def render_metric_chart(spec: MetricChartSpec) -> RenderedChart:
    """One bar per finite point in attempt order, coloured by result, with the target line.

    SVG ids: ``point-<i>`` (or the point's ``anchor``) for the bar of ``spec.points[i]``
    (non-finite points have none), ``value-<i>`` for its value, ``label-<i>`` for its label,
    ``target`` for the target line, ``key-…`` for the key's swatches.
    """
    return render_figure(spec.title, lambda notes: _draw_metric(spec, notes))


def _draw_metric(spec: MetricChartSpec, notes: list[str]) -> Figure:
    finite = _finite_points(spec, notes)
    target = _finite_target(spec, notes)
    if not finite:
        target = None
    width = _COMPACT_WIDTH if spec.compact else CHART_WIDTH
    inner = width - 2 * PAD
    title = title_lines(spec.title, inner, notes, max_lines=1 if spec.compact else 2)
    caption, _ = wrap(_caption(spec, target), inner, NOTE_SIZE)
    entries = result_entries(p.result for _, p in finite)
    if target is not None:
        entries.append(KeyEntry(_target_text(spec, target), LIGHT_INK["text"], dashed=True))
    key = [] if spec.compact or not finite else layout_key(entries, PAD, inner)
    magnitude = _magnitude([p.value for _, p in finite] + ([] if target is None else [target]))
    rows = _rows(spec, finite, magnitude, inner, notes)
    body = rows_height(rows) if rows else line_step(TEXT_SIZE)
    height = (2 * PAD + title_block_height(len(title), len(caption)) + key_height(key)
              + _KEY_GAP + body)
    canvas = Canvas(width, math.ceil(height))
    top = draw_key(canvas, draw_title(canvas, title, caption), key) + _KEY_GAP
    if not rows:
        canvas.text(PAD, top, "no data", colour=LIGHT_INK["axis"], gid="no-data")
        return canvas.figure
    position = None if target is None else target / magnitude
    scale = fit_scale(rows, [] if position is None else [position], PAD, width - PAD)
    negative = any(r.position is not None and r.position < 0 for r in rows)
    draw_rows(canvas, rows, top, scale, target=position,
              zero_line=negative or (position is not None and position < 0))
    return canvas.figure


def _finite_points(spec: MetricChartSpec, notes: list[str]) -> list[tuple[int, ChartPoint]]:
    """The points that can be drawn; each other one is noted as ``METRIC_NOT_FINITE``."""
    finite: list[tuple[int, ChartPoint]] = []
    for index, point in enumerate(spec.points):
        if isinstance(point.value, (int, float)) and math.isfinite(point.value):
            finite.append((index, point))
        else:
            notes.append(
                f"METRIC_NOT_FINITE: {label(spec.title, 60)!r}: point "
                f"{label(point.label, 60)!r} has value {point.value!r}; not plotted"
            )
    return finite


def _finite_target(spec: MetricChartSpec, notes: list[str]) -> float | None:
    target = spec.target_value
    if target is not None and not math.isfinite(target):
        notes.append(f"METRIC_NOT_FINITE: {label(spec.title, 60)!r}: target {target!r}; not drawn")
        return None
    return target


def _caption(spec: MetricChartSpec, target: float | None) -> str:
    """Which way is better; a compact chart, which has no key, names its target here."""
    parts = [{"lower": "lower is better", "higher": "higher is better"}.get(spec.better, "")]
    if spec.compact and target is not None:
        parts.append(_target_text(spec, target))
    return " · ".join(part for part in parts if part)


def _target_text(spec: MetricChartSpec, target: float) -> str:
    op = _TARGET_OPS.get((spec.target_op or "").strip(), "")
    value = label(spec.target_text, 40) if spec.target_text.strip() else format_quantity(
        target, _unit(spec), spec.unit_before)
    return " ".join(part for part in ("target", op, value) if part)


def _unit(spec: MetricChartSpec) -> str:
    return label(spec.unit, 16) if spec.unit.strip() else ""


def _rows(spec: MetricChartSpec, finite: Points, magnitude: float, width: float,
          notes: list[str]) -> list[BarRow]:
    """Each point's label, value text and position."""
    rows = []
    for index, point in finite:
        value = label(point.text, 60) if point.text.strip() else format_quantity(
            point.value, _unit(spec), spec.unit_before)
        rows.append(BarRow(name_lines(point.label, width, notes), point.value / magnitude,
                           value, result_colour(point.result),
                           gid=point.anchor or f"point-{index}", key=str(index),
                           bold=point.highlight))
    return rows


def _magnitude(values: Sequence[float]) -> float:
    """The largest absolute value (1 if all are 0): positions divided by it stay in [-1, 1]
    whatever the numbers, so no arithmetic on them can overflow."""
    return max((abs(v) for v in values), default=0.0) or 1.0

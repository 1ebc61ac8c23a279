"""The key-metrics chart: how far each metric of an investigation moved against its baseline,
and whether it met its target, in one compact picture.

Bars grow right when the metric got better and left when it got worse; a metric whose better
direction is not known gets no bar, only its change, "changed": never a guessed verdict.
The colour says whether the target is met, and the key above the bars says so.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from ..units import format_number
from .bars import BarRow, draw_rows, fit_scale, name_lines, rows_height
from .canvas import Canvas, draw_title, title_block_height, title_lines
from .key import KeyEntry, draw_key, key_height, layout_key
from .measure import wrap
from .specs import KeyMetric, KeyMetricsSpec, RenderedChart
from .style import (
    CHART_WIDTH,
    LIGHT_INK,
    NOTE_SIZE,
    PAD,
    RESULT_COLOURS,
    TEXT_SIZE,
    label,
    line_step,
)
from .svg import render_figure

if TYPE_CHECKING:
    from matplotlib.figure import Figure

_MET = {True: ("target met", RESULT_COLOURS["success"]),
        False: ("target missed", RESULT_COLOURS["failed"]),
        None: ("no target", RESULT_COLOURS["baseline"])}
_CLAMP = 999.0  # a bar of +5,000% would squash every other bar to nothing
_KEY_GAP = 8.0
_CAPTION = "change against the baseline; right is better"


def render_key_metrics(spec: KeyMetricsSpec) -> RenderedChart:
    """Horizontal bars of each metric's change against the baseline (right = better), green
    where the target is met, red where it is missed, grey without a target. SVG ids:
    ``metric-<i>``."""
    return render_figure(spec.title, lambda notes: _draw_key_metrics(spec, notes))


def change_label(metric: KeyMetric) -> str:
    """``−93% (better)``, ``+0.4 pp (better)``, ``+12% (changed)``, ``±0% (no change)``."""
    unit = " pp" if metric.points else "%"
    if abs(metric.change) < 0.05:
        return f"±0{unit} (no change)"
    shown = round(metric.change) if abs(metric.change) >= 10 else round(metric.change, 1)
    sign = "+" if metric.change > 0 else "\u2212"
    return f"{sign}{format_number(abs(shown))}{unit} ({_verdict(metric)})"


def _verdict(metric: KeyMetric) -> str:
    if metric.better not in ("lower", "higher"):
        return "changed"
    return "better" if (metric.change > 0) == (metric.better == "higher") else "worse"


def _position(metric: KeyMetric) -> float | None:
    """Right is better; no bar when the direction is not known."""
    if metric.better not in ("lower", "higher"):
        return None
    change = max(-_CLAMP, min(_CLAMP, metric.change))
    return change if metric.better == "higher" else -change


def _draw_key_metrics(spec: KeyMetricsSpec, notes: list[str]) -> Figure:
    shown = [(i, m) for i, m in enumerate(spec.metrics) if math.isfinite(m.change)]
    for metric in spec.metrics:
        if not math.isfinite(metric.change):
            notes.append(f"METRIC_NOT_FINITE: {label(metric.name, 60)!r}: change "
                         f"{metric.change!r}; not plotted")
    inner = CHART_WIDTH - 2 * PAD
    title = title_lines(spec.title, inner, notes)
    caption, _ = wrap(_CAPTION if shown else "", inner, NOTE_SIZE)
    present = {m.met for _, m in shown}
    entries = [KeyEntry(*_MET[met]) for met in (True, False, None) if met in present]
    key = layout_key(entries, PAD, inner)
    rows = _rows(shown, inner, notes)
    height = (2 * PAD + title_block_height(len(title), len(caption)) + key_height(key)
              + _KEY_GAP + (rows_height(rows) if rows else line_step(TEXT_SIZE)))
    canvas = Canvas(CHART_WIDTH, math.ceil(height))
    top = draw_key(canvas, draw_title(canvas, title, caption), key) + _KEY_GAP
    if not rows:
        canvas.text(PAD, top, "no metric has a baseline and a value",
                    colour=LIGHT_INK["axis"], gid="no-data")
        return canvas.figure
    draw_rows(canvas, rows, top, fit_scale(rows, [], PAD, CHART_WIDTH - PAD), zero_line=True)
    return canvas.figure


def _rows(shown: list[tuple[int, KeyMetric]], width: float, notes: list[str]) -> list[BarRow]:
    """A row per metric, its position scaled into [-1, 1]."""
    positions = [_position(m) for _, m in shown]
    magnitude = max((abs(p) for p in positions if p is not None), default=0.0) or 1.0
    return [
        BarRow(name_lines(metric.name, width, notes),
               None if position is None else position / magnitude, change_label(metric),
               _MET[metric.met][1], gid=f"metric-{index}", key=f"metric-{index}")
        for (index, metric), position in zip(shown, positions, strict=True)
    ]

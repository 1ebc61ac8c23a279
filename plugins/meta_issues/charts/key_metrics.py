"""The key-metrics chart: how far each metric of an investigation moved against its baseline,
and whether it met its target, in one compact picture."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from .axes import no_data
from .specs import KeyMetric, KeyMetricsSpec, RenderedChart
from .style import LIGHT_INK, RESULT_COLOURS, label
from .svg import new_figure, render_figure

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

_MET_COLOURS = {True: RESULT_COLOURS["success"], False: RESULT_COLOURS["failed"],
                None: RESULT_COLOURS["baseline"]}
_CLAMP_PERCENT = 999.0  # a bar of +5,000% would squash every other bar to nothing


def render_key_metrics(spec: KeyMetricsSpec) -> RenderedChart:
    """Horizontal bars of each metric's change against the baseline (right = better; right =
    up for a metric whose direction is unknown, labelled "changed"), green where the target
    is met, red where it is missed, grey without a target. SVG ids: ``metric-<i>``."""
    return render_figure(spec.title, lambda notes: _draw_key_metrics(spec, notes))


def _draw_key_metrics(spec: KeyMetricsSpec, notes: list[str]) -> Figure:
    rows = [(i, m) for i, m in enumerate(spec.metrics) if math.isfinite(m.change_percent)]
    for metric in spec.metrics:
        if not math.isfinite(metric.change_percent):
            notes.append(f"METRIC_NOT_FINITE: {label(metric.name, 60)!r}: change "
                         f"{metric.change_percent!r}; not plotted")
    width, height = 5.2, 0.55 + 0.32 * max(1, len(rows))
    figure = new_figure(width, height, constrained=False)
    ax = figure.add_subplot()
    ax.set_title(label(spec.title, 60), loc="left", parse_math=False, fontsize=9.5)
    if not rows:
        no_data(ax, "no metric has a baseline and a value")
        figure.subplots_adjust(left=0.05, right=0.95, top=0.7, bottom=0.1)
        return figure
    _change_bars(ax, rows)
    ax.tick_params(axis="y", length=0)
    ax.set_xticks([])
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    judged_only = all(m.judged for _, m in rows)
    ax.set_xlabel("change vs baseline (right = better)" if judged_only else
                  "change vs baseline (right = better, or up where unknown)",
                  parse_math=False, fontsize=7.5)
    figure.subplots_adjust(left=1.75 / width, right=0.97, top=1 - 0.32 / height,
                           bottom=0.3 / height)
    return figure


def _change_bars(ax: Axes, rows: list[tuple[int, KeyMetric]]) -> None:
    """One labelled bar per metric, first metric on top, around a zero line."""
    values = [max(-_CLAMP_PERCENT, min(_CLAMP_PERCENT, m.change_percent)) for _, m in rows]
    positions = list(range(len(rows)))[::-1]
    bars = ax.barh(positions, values, height=0.6,
                   color=[_MET_COLOURS[m.met] for _, m in rows], linewidth=0, zorder=2)
    for bar, (index, _metric) in zip(bars.patches, rows, strict=True):
        bar.set_gid(f"metric-{index}")
    span = max(abs(v) for v in values) or 1.0
    for position, value, (_, metric) in zip(positions, values, rows, strict=True):
        _change_label(ax, position, value, span, metric.judged)
    ax.axvline(0, color=LIGHT_INK["axis"], linewidth=0.8, zorder=3)
    ax.set_xlim(-span * 1.25 if min(values) < 0 else -span * 0.05, span * 1.25)
    ax.set_yticks(positions, labels=[label(m.name, 26) for _, m in rows], parse_math=False)


def _change_label(ax: Axes, position: int, value: float, span: float, judged: bool) -> None:
    """"12% better" ("+12% changed" when the direction is unknown) in white inside the end of
    a long bar, in ink just past a short one."""
    text = (f"{abs(value):.0f}% {'better' if value >= 0 else 'worse'}" if judged
            else f"{value:+.0f}% changed")
    nudge = span * 0.02
    if abs(value) > span * 0.55:
        x = value - (nudge if value > 0 else -nudge)
        align, colour = ("right" if value > 0 else "left"), "#ffffff"
    else:
        x = value + (nudge if value >= 0 else -nudge)
        align, colour = ("left" if value >= 0 else "right"), LIGHT_INK["text"]
    ax.text(x, position, text, va="center", ha=align, fontsize=7.5, parse_math=False,
            color=colour)

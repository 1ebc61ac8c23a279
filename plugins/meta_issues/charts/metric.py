"""The metric chart: one bar per attempt, coloured by result, against the target line.

Full charts sit on a metric's page with a legend; compact ones (no legend, the target on the
title row) sit beside an attempt. Margins are set by hand, in inches, rather than by
constrained layout, which would cost a second draw on the bulk of a build's charts.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..units import format_quantity
from .axes import no_data, number_axis, result_legend, set_title
from .specs import ChartPoint, MetricChartSpec, RenderedChart
from .style import LIGHT_INK, label, result_colour
from .svg import new_figure, render_figure

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

_TARGET_OPS = {"<": "<", "<=": "\u2264", ">": ">", ">=": "\u2265", "=": "=", "==": "="}
_COMPACT_TARGET_SIZE = 6.5

Points = Sequence[tuple[int, ChartPoint]]  # (index in spec.points, point), finite values only


def render_metric_chart(spec: MetricChartSpec) -> RenderedChart:
    """One bar per finite point in attempt order, coloured by result, with the target line.

    SVG ids: ``point-<i>`` for the bar of ``spec.points[i]`` (non-finite points have none),
    ``target`` for the target line, ``value-<i>`` for value labels.
    """
    return render_figure(spec.title, lambda notes: _draw_metric(spec, notes))


def _draw_metric(spec: MetricChartSpec, notes: list[str]) -> Figure:
    finite = _finite_points(spec, notes)
    target = _finite_target(spec, notes)
    if spec.compact:
        width, height = 3.4, 2.2
    else:
        width, height = min(max(3.6 + 0.42 * len(finite), 6.0), 10.0), 3.8
    figure = new_figure(width, height, constrained=False)
    ax = figure.add_subplot()
    _title(ax, spec, width, target if finite else None, notes)
    if not finite:
        no_data(ax, "no data")
        _margins(figure, width, height, spec.compact, legend=False, bottom=0.3)
        return figure

    scale = _display_scale([p.value for _, p in finite] + ([] if target is None else [target]))
    values = [p.value / scale for _, p in finite]
    _bars(ax, finite, values)
    ax.axhline(0, color=LIGHT_INK["axis"], linewidth=0.8, zorder=3)
    ax.grid(axis="y", zorder=0)
    ax.set_axisbelow(True)
    number_axis(ax, "y", scale)
    _value_labels(ax, spec, finite, values)
    target_line = _target_line(ax, spec, target, scale)
    bottom = _x_labels(ax, spec, finite, width)
    _unit_label(ax, spec)
    legend = None
    if not spec.compact:
        extra = [] if target_line is None else [target_line]
        legend = result_legend(ax, (p.result for _, p in finite), extra)
    _margins(figure, width, height, spec.compact, legend=legend is not None, bottom=bottom)
    return figure


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


def _title(
    ax: Axes, spec: MetricChartSpec, width: float, target: float | None, notes: list[str]
) -> None:
    """The chart's title; a compact chart keeps room on its right for the ``target`` label."""
    title_width = width
    if spec.compact and target is not None:
        title_width -= len(_target_text(spec, target)) * 0.6 * _COMPACT_TARGET_SIZE / 72 + 0.1
    title_size = 9.0 if spec.compact else 10.5
    set_title(ax, spec.title, title_width, notes, compact=spec.compact, fontsize=title_size)


def _bars(ax: Axes, finite: Points, values: list[float]) -> None:
    count = len(finite)
    colours = [result_colour(p.result) for _, p in finite]
    bar_width = 0.7 if count > 1 else 0.45
    bars = ax.bar(range(count), values, width=bar_width, color=colours, linewidth=0, zorder=2)
    for bar, (index, point) in zip(bars.patches, finite, strict=True):
        bar.set_gid(point.anchor or f"point-{index}")
        if point.highlight:
            # The text ink flips with the palette, so the outline stays visible in both.
            bar.set_edgecolor(LIGHT_INK["text"])
            bar.set_linewidth(2.0)


def _unit_label(ax: Axes, spec: MetricChartSpec) -> None:
    if not spec.unit:
        return
    unit = label(spec.unit, 16)
    better = {"lower": "lower is better", "higher": "higher is better"}.get(spec.better or "")
    ylabel = unit if spec.compact or better is None else f"{unit} ({better})"
    ax.set_ylabel(ylabel, parse_math=False)


def _margins(
    figure: Figure, width: float, height: float, compact: bool, *, legend: bool, bottom: float
) -> None:
    """Fixed margins in inches: room for tick labels, the title and the outside legend."""
    left = 0.55 if compact else 0.85
    right = 1.8 if legend else 0.2
    top = 0.4 if compact else 0.55
    bottom = min(bottom, height * 0.45)
    figure.subplots_adjust(
        left=left / width,
        right=max(0.5, 1 - right / width),
        top=1 - top / height,
        bottom=bottom / height,
    )


def _display_scale(values: Sequence[float]) -> float:
    """Power of ten to divide by so that axis arithmetic (margins, ticks) cannot overflow."""
    magnitude = max((abs(v) for v in values), default=0.0)
    if magnitude > 1e100 or 0 < magnitude < 1e-100:
        return float(10.0 ** math.floor(math.log10(magnitude)))
    return 1.0


def _value_labels(ax: Axes, spec: MetricChartSpec, finite: Points, values: list[float]) -> None:
    """Each bar's value above it (below a negative one): all of them on a full chart of up to
    24 bars, else the first, last, highest and lowest, and always the highlighted one."""
    count = len(finite)
    if spec.compact:
        keep = {0, count - 1}
    elif count <= 24:
        keep = set(range(count))
    else:
        keep = {0, count - 1, values.index(max(values)), values.index(min(values))}
    keep |= {slot for slot, (_, point) in enumerate(finite) if point.highlight}
    fontsize = 6.5 if spec.compact or count > 12 else 7.5
    unit = label(spec.unit, 16) if spec.unit else ""
    for slot in sorted(keep):
        index, point = finite[slot]
        below = values[slot] < 0
        ax.annotate(
            format_quantity(point.value, unit, spec.unit_before),
            xy=(slot, values[slot]),
            xytext=(0, -2 if below else 2),
            textcoords="offset points",
            ha="center",
            va="top" if below else "bottom",
            fontsize=fontsize,
            fontweight="bold" if point.highlight else "normal",
            parse_math=False,
            gid=f"value-{index}",
            annotation_clip=False,
        )
    ax.margins(y=0.12)


def _target_line(
    ax: Axes, spec: MetricChartSpec, target: float | None, scale: float
) -> Line2D | None:
    """Dashed target line, labelled in the legend (or inline on compact charts)."""
    if target is None:
        return None
    text = _target_text(spec, target)
    line = ax.axhline(
        target / scale,
        color=LIGHT_INK["text"],
        linestyle="--",
        linewidth=1.0,
        zorder=4,
        label=text,
    )
    line.set_gid("target")
    if spec.compact:
        # No legend on compact charts, and inside the plot the label collides with value labels.
        title = ax.set_title(text, loc="right", fontsize=_COMPACT_TARGET_SIZE, parse_math=False)
        title.set_gid("target-label")
    return line


def _target_text(spec: MetricChartSpec, target: float) -> str:
    op = _TARGET_OPS.get((spec.target_op or "").strip(), "")
    unit = label(spec.unit, 16) if spec.unit else ""
    return " ".join(part for part in ("target", op, format_quantity(target, unit, spec.unit_before))
                    if part)


def _x_labels(ax: Axes, spec: MetricChartSpec, finite: Points, width_in: float) -> float:
    """Place the x labels; returns the bottom margin they need, in inches."""
    count = len(finite)
    ax.set_xlim(-0.6, count - 0.4)
    if spec.compact and count > 6:
        ax.set_xticks([])
        return 0.15
    budget = 10 if spec.compact else (24 if count <= 12 else 16)
    step = max(1, math.ceil(count / 30))
    slots = list(range(0, count, step))
    labels = [label(finite[slot][1].label, budget) for slot in slots]
    # Rotate when the longest label (~0.6 em per character at 8 pt) would not fit its slot.
    plot_width_pt = (width_in - (0.6 if spec.compact else 1.9)) * 72
    slot_pt = plot_width_pt / len(slots)
    rotate = max(len(text) for text in labels) * 4.8 > 0.9 * slot_pt
    angle = (35 if slot_pt >= 16 else 90) if rotate else 0
    ax.set_xticks(
        slots,
        labels=labels,
        parse_math=False,
        rotation=angle,
        ha="right" if rotate else "center",
        rotation_mode="anchor",
    )
    label_inches = max(len(text) for text in labels) * 4.8 / 72
    return 0.3 + (label_inches * math.sin(math.radians(angle)) if angle else 0.05)

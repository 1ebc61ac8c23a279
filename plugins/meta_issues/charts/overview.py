"""The knowledge-base overview chart: investigations by status, and attempts per investigation.

Negative counts are left out and noted as ``KB_COUNT``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..units import format_number
from .axes import no_data, number_axis
from .specs import KnowledgeBaseChartSpec, RenderedChart
from .style import RESULT_COLOURS, STATUS_COLOURS, label
from .svg import new_figure, render_figure

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.axis import Axis
    from matplotlib.figure import Figure

_KB_MAX_ISSUES = 15
_PANEL_TITLE_SIZE = 9.5

Counted = list[tuple[int, str, int]]  # index in the spec's tuple, name, count


def render_knowledge_base_chart(spec: KnowledgeBaseChartSpec) -> RenderedChart:
    """Two panels: investigations by status, and attempts per investigation (horizontal bars).

    With more than 15 investigations only the 15 with most attempts are shown (the panel title
    says so); otherwise the given order is kept. SVG ids: ``status-<i>``, ``issue-<i>`` (indexes
    into the spec's tuples).
    """
    return render_figure("knowledge base", lambda notes: _draw_kb(spec, notes))


def _counted(pairs: Sequence[tuple[str, int]], what: str, notes: list[str]) -> Counted:
    kept = []
    for index, (name, count) in enumerate(pairs):
        if count < 0:
            notes.append(f"KB_COUNT: {what} {label(name, 60)!r} has count {count}; not plotted")
            continue
        kept.append((index, name, count))
    return kept


def _draw_kb(spec: KnowledgeBaseChartSpec, notes: list[str]) -> Figure:
    statuses = _counted(spec.status_counts, "status", notes)
    issues = _counted(spec.attempts_per_issue, "investigation", notes)
    shown = issues
    if len(issues) > _KB_MAX_ISSUES:
        shown = sorted(issues, key=lambda item: (-item[2], item[0]))[:_KB_MAX_ISSUES]
    height = min(max(2.4, 0.9 + 0.22 * len(shown)), 5.0)
    figure = new_figure(9.0, height)
    status_ax, issue_ax = figure.subplots(1, 2, width_ratios=[1, 2.4])
    _status_panel(status_ax, statuses)
    _issue_panel(issue_ax, shown, len(issues))
    return figure


def _status_panel(ax: Axes, statuses: Counted) -> None:
    """Vertical bars, one per status, each with its count on top."""
    ax.set_title("Investigations by status", loc="left", parse_math=False,
                 fontsize=_PANEL_TITLE_SIZE)
    if not statuses:
        no_data(ax, "no investigations")
        return
    slots = list(range(len(statuses)))
    bars = ax.bar(
        slots,
        [count for _, _, count in statuses],
        color=[STATUS_COLOURS.get(name, RESULT_COLOURS["unknown"]) for _, name, _ in statuses],
        width=0.6,
        zorder=2,
    )
    for bar, (index, _, count) in zip(bars.patches, statuses, strict=True):
        bar.set_gid(f"status-{index}")
        ax.annotate(
            format_number(count),
            xy=(bar.get_x() + bar.get_width() / 2, count),
            xytext=(0, 2),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=7.5,
            parse_math=False,
        )
    ax.set_xticks(slots, labels=[label(name, 12) for _, name, _ in statuses], parse_math=False)
    ax.grid(axis="y", zorder=0)
    ax.margins(y=0.15)
    number_axis(ax, "y")
    _integer_ticks(ax.yaxis)


def _issue_panel(ax: Axes, shown: Counted, total: int) -> None:
    """Horizontal bars, one per shown investigation (of ``total``), top to bottom."""
    title = "Attempts per investigation"
    if len(shown) < total:
        title += f" (top {len(shown)} of {total})"
    ax.set_title(title, loc="left", parse_math=False, fontsize=_PANEL_TITLE_SIZE)
    if not shown:
        no_data(ax, "no attempts")
        return
    slots = list(range(len(shown)))
    bars = ax.barh(
        slots,
        [count for _, _, count in shown],
        color=RESULT_COLOURS["in_progress"],
        height=0.65,
        zorder=2,
    )
    for bar, (index, _, count) in zip(bars.patches, shown, strict=True):
        bar.set_gid(f"issue-{index}")
        ax.annotate(
            format_number(count),
            xy=(count, bar.get_y() + bar.get_height() / 2),
            xytext=(2, 0),
            textcoords="offset points",
            ha="left",
            va="center",
            fontsize=7,
            parse_math=False,
        )
    ax.set_yticks(slots, labels=[label(name, 28) for _, name, _ in shown], parse_math=False)
    ax.invert_yaxis()
    ax.grid(axis="x", zorder=0)
    ax.margins(x=0.12)
    number_axis(ax, "x")
    _integer_ticks(ax.xaxis)


def _integer_ticks(axis: Axis) -> None:
    """Counts: never a tick at 0.5."""
    from matplotlib.ticker import MaxNLocator

    locator = axis.get_major_locator()
    if isinstance(locator, MaxNLocator):  # the default AutoLocator of a linear axis
        locator.set_params(integer=True)

"""The knowledge-base overview chart: investigations by status, and attempts per investigation.

Negative counts are left out and noted as ``KB_COUNT``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..units import format_number
from .bars import BarRow, draw_rows, fit_scale, name_lines, rows_height
from .canvas import Canvas
from .measure import wrap
from .specs import KnowledgeBaseChartSpec, RenderedChart
from .style import (
    CHART_WIDTH,
    LIGHT_INK,
    NOTE_SIZE,
    PAD,
    RESULT_COLOURS,
    STATUS_COLOURS,
    TEXT_SIZE,
    TITLE_SIZE,
    label,
    line_step,
)
from .svg import render_figure

if TYPE_CHECKING:
    from matplotlib.figure import Figure

_KB_MAX_ISSUES = 15
_TITLE_GAP = 4.0
_PANEL_GAP = 10.0

Counted = list[tuple[int, str, int]]  # index in the spec's tuple, name, count


def render_knowledge_base_chart(spec: KnowledgeBaseChartSpec) -> RenderedChart:
    """Two panels, one above the other: investigations by status, and attempts per
    investigation, each a bar per row under its full name, its count at its end. The status
    names say what the status colours mean; the attempt bars are all one neutral colour.

    With more than 15 investigations only the 15 with most attempts are shown (the panel's
    caption says so); otherwise the given order is kept. SVG ids: ``status-<i>``,
    ``issue-<i>`` (indexes into the spec's tuples).
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
    inner = CHART_WIDTH - 2 * PAD
    largest = max([1, *(c for _, _, c in statuses), *(c for _, _, c in shown)])
    panels = [
        _panel("Investigations by status", "", "no investigations",
               [_row(item, largest, "status",
                     STATUS_COLOURS.get(item[1], RESULT_COLOURS["unknown"]), inner, notes)
                for item in statuses]),
        _panel("Attempts per investigation",
               f"top {len(shown)} of {len(issues)}" if len(shown) < len(issues) else "",
               "no attempts",
               [_row(item, largest, "issue", RESULT_COLOURS["baseline"], inner, notes)
                for item in shown]),
    ]
    height = 2 * PAD + sum(_panel_height(panel) for panel in panels)
    canvas = Canvas(CHART_WIDTH, math.ceil(height))
    top = PAD
    for title, caption, empty, rows in panels:
        top = canvas.lines(PAD, top, title, size=TITLE_SIZE, bold=True)
        top = canvas.lines(PAD, top, caption, size=NOTE_SIZE, colour=LIGHT_INK["axis"])
        top += _TITLE_GAP
        if not rows:
            canvas.text(PAD, top, empty, colour=LIGHT_INK["axis"], gid="no-data")
            top += line_step(TEXT_SIZE) + _PANEL_GAP
            continue
        scale = fit_scale(rows, [], PAD, CHART_WIDTH - PAD)
        top = draw_rows(canvas, rows, top, scale) + _PANEL_GAP
    return canvas.figure


# Title lines, caption lines, the text when there are no rows, the rows.
Panel = tuple[list[str], list[str], str, list[BarRow]]


def _panel(title: str, caption: str, empty: str, rows: list[BarRow]) -> Panel:
    width = CHART_WIDTH - 2 * PAD
    lines, _ = wrap(title, width, TITLE_SIZE, bold=True, max_lines=2)
    return lines, wrap(caption, width, NOTE_SIZE)[0], empty, rows


def _panel_height(panel: Panel) -> float:
    title, caption, _, rows = panel
    body = rows_height(rows) if rows else line_step(TEXT_SIZE)
    return (len(title) * line_step(TITLE_SIZE) + len(caption) * line_step(NOTE_SIZE)
            + _TITLE_GAP + body + _PANEL_GAP)


def _row(item: tuple[int, str, int], largest: int, kind: str, colour: str, width: float,
         notes: list[str]) -> BarRow:
    """A count as a bar, as long against the chart as it is against the ``largest``."""
    index, name, count = item
    return BarRow(name_lines(name, width, notes), count / largest, format_number(count),
                  colour, gid=f"{kind}-{index}", key=f"{kind}-{index}")

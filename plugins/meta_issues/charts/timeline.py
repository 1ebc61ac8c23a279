"""The timeline: versions, attempts and log entries of one investigation along a date axis.

Events whose date is not ``YYYY-MM-DD`` are left out (``TIMELINE_DATE``); an unknown kind is
shown on the log row (``TIMELINE_KIND``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .axes import no_data, result_legend, set_title
from .specs import RenderedChart, TimelineEvent, TimelineSpec
from .style import LIGHT_INK, label, result_colour
from .svg import new_figure, render_figure

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

_ROWS = ("log", "attempt", "version")  # bottom to top
_ROW_NAMES = {"version": "versions", "attempt": "attempts", "log": "log"}
_DATE_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}")
# The years an axis can span with room to spare (matplotlib stops at years 1 and 9999); the
# pages never pass others (model.plausible_date), this only keeps direct callers safe.
_YEARS = range(1900, 2200)
_MAX_LABELLED = 30  # more version and attempt markers than this go unlabelled

Dated = tuple[int, dt.date, TimelineEvent, str]  # index in spec.events, day, event, row


def render_timeline(spec: TimelineSpec) -> RenderedChart:
    """Versions and attempts on separate rows along a date axis, log entries as small ticks.

    SVG ids: ``event-<i>`` for the marker of ``spec.events[i]`` (undated events have none).
    """
    return render_figure(spec.title, lambda notes: _draw_timeline(spec, notes))


def _parse_date(text: str) -> dt.date | None:
    candidate = text.strip()
    if not _DATE_PATTERN.fullmatch(candidate):
        return None
    try:
        day = dt.date.fromisoformat(candidate)
    except ValueError:
        return None
    return day if day.year in _YEARS else None


def _dated_events(spec: TimelineSpec, notes: list[str]) -> list[Dated]:
    """The events that can be placed, each with its row; the others are noted."""
    dated: list[Dated] = []
    for index, event in enumerate(spec.events):
        day = _parse_date(event.date)
        if day is None:
            notes.append(
                f"TIMELINE_DATE: event {label(event.label, 60)!r} has date "
                f"{label(event.date, 40)!r}, expected YYYY-MM-DD from 1900 to 2199; not plotted"
            )
            continue
        row = event.kind if event.kind in _ROWS else "log"
        if row != event.kind:
            notes.append(
                f"TIMELINE_KIND: event {label(event.label, 60)!r} has kind "
                f"{label(event.kind, 20)!r}, expected version, attempt or log; shown as log"
            )
        dated.append((index, day, event, row))
    return dated


def _draw_timeline(spec: TimelineSpec, notes: list[str]) -> Figure:
    from matplotlib.dates import date2num

    dated = _dated_events(spec, notes)
    rows = [row for row in _ROWS if any(r == row for *_, r in dated)]
    width, height = 8.0, 1.5 + 0.55 * max(len(rows), 1)
    figure = new_figure(width, height)
    ax = figure.add_subplot()
    set_title(ax, spec.title, width, notes, compact=False, fontsize=10.5)
    if not dated:
        no_data(ax, "no dated events")
        return figure

    row_y = {row: y for y, row in enumerate(rows)}
    labelled = sum(1 for *_, row in dated if row != "log") <= _MAX_LABELLED
    for index, day, event, row in dated:
        x = float(date2num(day))  # type: ignore[no-untyped-call]
        mark = _mark(ax, x, row_y[row], event, row, labelled=labelled)
        mark.set_gid(f"event-{index}")
    _date_axis(ax, dated, rows, labelled=labelled)
    result_legend(ax, (event.result or "unknown" for _, _, event, row in dated if row != "log"))
    return figure


def _mark(ax: Axes, x: float, y: int, event: TimelineEvent, row: str, *, labelled: bool
          ) -> Line2D:
    """A log entry's tick, or a version's diamond / an attempt's dot in its result's colour."""
    if row == "log":
        (mark,) = ax.plot(
            [x], [y], marker="|", markersize=10, color=LIGHT_INK["axis"], linestyle="none"
        )
        return mark
    (mark,) = ax.plot(
        [x],
        [y],
        marker="D" if row == "version" else "o",
        markersize=7,
        color=result_colour(event.result or "unknown"),
        markeredgewidth=0,
        linestyle="none",
        zorder=3,
    )
    if labelled:
        ax.annotate(
            label(event.label, 18),
            xy=(x, y),
            xytext=(4, 5),
            textcoords="offset points",
            fontsize=6.5,
            rotation=20,
            rotation_mode="anchor",
            parse_math=False,
            annotation_clip=False,
        )
    return mark


def _date_axis(ax: Axes, dated: Sequence[Dated], rows: list[str], *, labelled: bool) -> None:
    """Limits with room for the last labels, one named row per kind, concise date ticks."""
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num

    days = [float(date2num(day)) for _, day, _, _ in dated]  # type: ignore[no-untyped-call]
    first, last = min(days), max(days)
    pad = max((last - first) * 0.06, 3.0)
    ax.set_xlim(first - pad, last + pad * (2.5 if labelled else 1.0))
    ax.set_ylim(-0.6, len(rows) - 0.2)
    ax.set_yticks(list(range(len(rows))), labels=[_ROW_NAMES[r] for r in rows], parse_math=False)
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)
    ax.grid(axis="x", zorder=0)
    locator = AutoDateLocator(minticks=2, maxticks=7)  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]

"""The timeline: versions, attempts and log entries of one investigation, down the page.

One row per event in date order, each with its date (once per day), a mark on a vertical line
(a diamond for a version, a dot for an attempt, both in the colour of their result; a small
bar for a log entry) and its full label, wrapped: nothing is left unlabelled, nothing overlaps.
Rows sit further apart the more days lie between them, so bursts and pauses show.

Events whose date is not ``YYYY-MM-DD`` are left out (``TIMELINE_DATE``); an unknown kind is
shown as a log entry (``TIMELINE_KIND``).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .bars import name_lines
from .canvas import Canvas, draw_title, title_block_height, title_lines
from .key import KeyEntry, draw_key, key_height, layout_key, result_entries
from .measure import text_width
from .specs import RenderedChart, TimelineEvent, TimelineSpec
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

_KINDS = ("version", "attempt", "log")
_MARKERS = {"version": "D", "attempt": "o", "log": "_"}
_DATE_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}")
_ROW_GAP = 6.0  # between two events on the same day
_PX_PER_DAY = 1.5  # more room between events further apart...
_MAX_PAUSE = 36.0  # ...up to this much
_MARK_GAP = 10.0  # between the date column, the line and the labels
_KEY_GAP = 8.0

Dated = tuple[int, dt.date, TimelineEvent, str]  # index in spec.events, day, event, kind


def render_timeline(spec: TimelineSpec) -> RenderedChart:
    """Versions, attempts and log entries down a line, in date order, each labelled.

    SVG ids: ``event-<i>`` for the mark of ``spec.events[i]`` (undated events have none).
    """
    return render_figure(spec.title, lambda notes: _draw_timeline(spec, notes))


def _parse_date(text: str) -> dt.date | None:
    candidate = text.strip()
    if not _DATE_PATTERN.fullmatch(candidate):
        return None
    try:
        return dt.date.fromisoformat(candidate)
    except ValueError:
        return None


def _dated_events(spec: TimelineSpec, notes: list[str]) -> list[Dated]:
    """The events that can be placed, in date order (stable); the others are noted."""
    dated: list[Dated] = []
    for index, event in enumerate(spec.events):
        day = _parse_date(event.date)
        if day is None:
            notes.append(
                f"TIMELINE_DATE: event {label(event.label, 60)!r} has date "
                f"{label(event.date, 40)!r}, expected YYYY-MM-DD; not plotted"
            )
            continue
        kind = event.kind if event.kind in _KINDS else "log"
        if kind != event.kind:
            notes.append(
                f"TIMELINE_KIND: event {label(event.label, 60)!r} has kind "
                f"{label(event.kind, 20)!r}, expected version, attempt or log; shown as log"
            )
        dated.append((index, day, event, kind))
    return sorted(dated, key=lambda item: item[1])


def _key_entries(dated: Sequence[Dated]) -> list[KeyEntry]:
    kinds = [k for k in _KINDS if any(kind == k for *_, kind in dated)]
    entries = [KeyEntry(k, LIGHT_INK["axis"], marker=_MARKERS[k]) for k in kinds]
    return entries + result_entries(e.result or "unknown" for _, _, e, k in dated if k != "log")


def _draw_timeline(spec: TimelineSpec, notes: list[str]) -> Figure:
    dated = _dated_events(spec, notes)
    inner = CHART_WIDTH - 2 * PAD
    title = title_lines(spec.title, inner, notes)
    key = layout_key(_key_entries(dated), PAD, inner) if dated else []
    date_width = text_width("0000-00-00", NOTE_SIZE)
    line_x = PAD + date_width + _MARK_GAP
    text_x = line_x + _MARK_GAP
    labels = [name_lines(_event_text(event, kind), CHART_WIDTH - PAD - text_x, notes,
                         bold=kind == "version") for _, _, event, kind in dated]
    gaps = _gaps(dated)
    body = sum(gaps) + sum(len(lines) * line_step(TEXT_SIZE) for lines in labels)
    height = (2 * PAD + title_block_height(len(title), 0) + key_height(key) + _KEY_GAP
              + (body or line_step(TEXT_SIZE)))
    canvas = Canvas(CHART_WIDTH, math.ceil(height))
    top = draw_key(canvas, draw_title(canvas, title, []), key) + _KEY_GAP
    if not dated:
        canvas.text(PAD, top, "no dated events", colour=LIGHT_INK["axis"], gid="no-data")
        return canvas.figure
    _draw_events(canvas, dated, labels, gaps, top, (line_x, text_x))
    return canvas.figure


def _event_text(event: TimelineEvent, kind: str) -> str:
    return event.label if kind != "log" or event.kind == "log" else f"{event.kind}: {event.label}"


def _gaps(dated: Sequence[Dated]) -> list[float]:
    """The space above each row: more the more days since the previous event."""
    gaps = []
    for number, (_, day, _, _) in enumerate(dated):
        days = (day - dated[number - 1][1]).days if number else 0
        gaps.append(0.0 if not number else _ROW_GAP + min(days * _PX_PER_DAY, _MAX_PAUSE))
    return gaps


def _draw_events(canvas: Canvas, dated: Sequence[Dated], labels: Sequence[tuple[str, ...]],
                 gaps: Sequence[float], top: float, columns: tuple[float, float]) -> None:
    """Each event's date (the first of its day), mark and label; the line joining the marks."""
    line_x, text_x = columns
    marks: list[float] = []
    previous: dt.date | None = None
    for (index, day, event, kind), lines, gap in zip(dated, labels, gaps, strict=True):
        top += gap
        middle = top + line_step(TEXT_SIZE) / 2
        if day != previous:
            canvas.text(PAD, top + (TEXT_SIZE - NOTE_SIZE) / 2, day.isoformat(), size=NOTE_SIZE,
                        colour=LIGHT_INK["axis"])
        previous = day
        colour = LIGHT_INK["axis"] if kind == "log" else result_colour(event.result or "unknown")
        canvas.mark(line_x, middle, _MARKERS[kind], colour, gid=f"event-{index}")
        canvas.lines(text_x, top, lines, bold=kind == "version")
        marks.append(middle)
        top += len(lines) * line_step(TEXT_SIZE)
    if len(marks) > 1:
        canvas.rule([(line_x, marks[0], line_x, marks[-1])], colour=LIGHT_INK["grid"], width=2.0,
                    gid="line", behind=True)

"""Metric, timeline and knowledge-base charts as deterministic SVG.

Part of the pure core: no mkdocs, nothing from ``meta_issues`` but ``units``. Inputs are plain
frozen dataclasses (hashable, picklable) so specs can cross a process pool and key a cache.

Each chart is drawn once with matplotlib's object API (never pyplot, never the global state
outside an ``rc_context``) on a transparent background with a fixed set of *ink* colours; the
dark-palette SVG is derived from the light one by swapping those ink colours inside SVG tags,
so it costs no second draw. Result colours are the same in both palettes.

Awkward data never raises: non-finite values and unparseable dates are skipped and reported in
``RenderedChart.warnings`` as ``"CODE: message"`` strings for the caller to re-log:

- ``METRIC_NOT_FINITE`` a point or target value is NaN or infinite
- ``TITLE_TRUNCATED``   a (non-compact) chart title exceeded its space and was cut
- ``TIMELINE_DATE``     an event date is not ``YYYY-MM-DD``
- ``TIMELINE_KIND``     an event kind is not version/attempt/log
- ``KB_COUNT``          a knowledge-base count is negative
- ``CHART_GLYPH``       matplotlib's font lacks a glyph (emoji, some scripts)
- ``CHART_WARNING``     any other warning matplotlib emitted while drawing
- ``CHART_FAILED``      drawing failed unexpectedly; a placeholder SVG is returned instead

matplotlib is imported lazily inside the drawing functions so importing this module is cheap.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import math
import os
import re
import textwrap
import threading
import time
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Union
from xml.sax.saxutils import escape as xml_escape

from ..units import format_number, format_quantity

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.legend import Legend
    from matplotlib.lines import Line2D

# --------------------------------------------------------------------------------------------
# Input and output types


@dataclass(frozen=True)
class ChartPoint:
    label: str
    value: float
    result: str  # baseline | failed | partial | success | in_progress | unknown
    highlight: bool = False
    # SVG id of the point's mark: a page can then highlight it with "chart.svg#<anchor>"
    # (the SVG styles :target), so one drawing serves every attempt page.
    anchor: str = ""


@dataclass(frozen=True)
class MetricChartSpec:
    title: str
    unit: str
    points: tuple[ChartPoint, ...]  # baseline first, in attempt order
    better: str  # "lower" | "higher"
    target_op: str | None = None  # "<", "<=", ">", ">="
    target_value: float | None = None  # in `unit`
    compact: bool = False


@dataclass(frozen=True)
class TimelineEvent:
    date: str  # ISO YYYY-MM-DD
    label: str
    kind: str  # "version" | "attempt" | "log"
    result: str  # as ChartPoint.result, or "" for log entries


@dataclass(frozen=True)
class TimelineSpec:
    title: str
    events: tuple[TimelineEvent, ...]


@dataclass(frozen=True)
class KnowledgeBaseChartSpec:
    status_counts: tuple[tuple[str, int], ...]
    attempts_per_issue: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class RenderedChart:
    light: bytes  # SVG for Material's light palette
    dark: bytes  # SVG for the dark (slate) palette
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class KeyMetric:
    name: str
    change_percent: float  # against the baseline, positive = better in the metric's direction
    met: bool | None  # the target, if the metric has one


@dataclass(frozen=True)
class KeyMetricsSpec:
    """One compact chart per investigation: how far each metric moved, and whether it hit."""

    title: str  # e.g. "Attempt 003 vs baseline"
    metrics: tuple[KeyMetric, ...]


ChartSpec = Union[MetricChartSpec, TimelineSpec, KnowledgeBaseChartSpec, KeyMetricsSpec]  # noqa: UP007


# --------------------------------------------------------------------------------------------
# Colours

# Readable on white and on Material's slate background (#1e2129) alike.
RESULT_COLOURS: dict[str, str] = {
    "baseline": "#8c959f",
    "failed": "#e5534b",
    "partial": "#d29922",
    "success": "#2f9e44",
    "in_progress": "#388bfd",
    "unknown": "#9a7fd1",
}
_RESULT_ORDER = ("baseline", "failed", "partial", "success", "in_progress", "unknown")
_STATUS_COLOURS = {
    "resolved": RESULT_COLOURS["success"],
    "open": RESULT_COLOURS["in_progress"],  # the same blue as the Open badge
}

# Every colour that must flip between palettes, and nothing else, is one of these.
LIGHT_INK = {"text": "#1f2328", "axis": "#59636e", "grid": "#d1d9e0"}
DARK_INK = {"text": "#e6edf3", "axis": "#9198a1", "grid": "#3d444d"}

_INK_SWAP = {LIGHT_INK[k].encode(): DARK_INK[k].encode() for k in LIGHT_INK}
_INK_PATTERN = re.compile(b"|".join(re.escape(c) for c in _INK_SWAP))
# Labels are escaped by matplotlib (< > & and quotes in attributes), so every `<...>` is a real
# tag and a label spelling "#1f2328" is never recoloured.
_TAG_PATTERN = re.compile(rb"<[^<>]*>")


def _result_colour(result: str) -> str:
    return RESULT_COLOURS.get(result, RESULT_COLOURS["unknown"])


def _to_dark(svg: bytes) -> bytes:
    def swap_in_tag(tag: re.Match[bytes]) -> bytes:
        return _INK_PATTERN.sub(lambda ink: _INK_SWAP[ink.group(0)], tag.group(0))

    return _TAG_PATTERN.sub(swap_in_tag, svg)


# --------------------------------------------------------------------------------------------
# Text helpers

# Bidi embeddings/overrides/isolates reorder what readers see (trojan-source class); control
# characters and lone surrogates would make the SVG invalid XML or unencodable.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_ELLIPSIS = "…"
# Hard cap applied before any other processing so a 100,000-character title stays cheap.
_PREPROCESS_CAP = 2000


def _clean_text(text: str) -> str:
    text = text[:_PREPROCESS_CAP]
    cleaned = []
    for char in text:
        if char in "\t\n\r\f\v":
            cleaned.append(" ")
            continue
        if char in _BIDI_CONTROLS:
            continue
        category = unicodedata.category(char)
        if category in ("Cc", "Cs", "Co") or char in "\ufffe\uffff":
            continue
        cleaned.append(char)
    return " ".join("".join(cleaned).split())


def _cut(text: str, budget: int, *, force: bool = False) -> str:
    """Cut ``text`` to at most ``budget`` characters, ending in an ellipsis when cut.

    ``force`` adds the ellipsis even when ``text`` fits, for text already cut elsewhere.
    """
    if len(text) <= budget and not force:
        return text
    head = text[: max(budget - 1, 0)]
    # Don't leave a dangling combining mark, joiner or variation selector at the cut.
    while head and (
        unicodedata.category(head[-1]) in ("Mn", "Me", "Cf") or "\ufe00" <= head[-1] <= "\ufe0f"
    ):
        head = head[:-1]
    return head.rstrip() + _ELLIPSIS


def _label(text: str, budget: int) -> str:
    return _cut(_clean_text(text), budget) or "(unnamed)"


def _title_lines(text: str, chars_per_line: int, max_lines: int) -> tuple[str, bool]:
    """Wrap a title into at most ``max_lines`` lines; returns (text, was_truncated)."""
    lines = textwrap.wrap(_clean_text(text), width=chars_per_line, break_long_words=True)
    truncated = len(text) > _PREPROCESS_CAP or len(lines) > max_lines
    if truncated:
        rest = " ".join(lines[max_lines - 1 :])
        lines = [*lines[: max_lines - 1], _cut(rest, chars_per_line, force=True)]
    return "\n".join(lines), truncated


_TARGET_OPS = {"<": "<", "<=": "\u2264", ">": ">", ">=": "\u2265", "=": "=", "==": "="}


# --------------------------------------------------------------------------------------------
# matplotlib plumbing

_BASE_STYLE = b'<style type="text/css">*{stroke-linejoin: round; stroke-linecap: butt}</style>'
_TARGET_STYLE = b"g:target path{stroke:var(--mi-ink)!important;stroke-width:2.5px!important}"
_DRAW_LOCK = threading.Lock()  # rcParams and the warnings filter are process-global
_SVG_METADATA: dict[str, Any] = {"Date": None, "Creator": None}
_FONT_SIZE = 9.0


def _rc_params() -> dict[Any, Any]:
    return {
        "text.usetex": False,
        "text.parse_math": False,
        "axes.formatter.use_mathtext": False,
        "svg.hashsalt": "meta-issues",
        "svg.fonttype": "none",
        "font.family": ["sans-serif"],
        # DejaVu Sans ships with matplotlib (metrics); the rest are what browsers fall back to.
        "font.sans-serif": ["DejaVu Sans", "Helvetica Neue", "Arial", "Liberation Sans"],
        "font.size": _FONT_SIZE,
        "axes.titlesize": 10.5,
        "axes.titleweight": "bold",
        "axes.labelsize": _FONT_SIZE,
        "legend.fontsize": 8.0,
        "xtick.labelsize": 8.0,
        "ytick.labelsize": 8.0,
        "text.color": LIGHT_INK["text"],
        "axes.labelcolor": LIGHT_INK["text"],
        "axes.titlecolor": LIGHT_INK["text"],
        "axes.edgecolor": LIGHT_INK["axis"],
        "xtick.color": LIGHT_INK["axis"],
        "ytick.color": LIGHT_INK["axis"],
        "xtick.labelcolor": LIGHT_INK["text"],
        "ytick.labelcolor": LIGHT_INK["text"],
        "grid.color": LIGHT_INK["grid"],
        "grid.linewidth": 0.6,
        "legend.labelcolor": LIGHT_INK["text"],
        "legend.frameon": False,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "figure.facecolor": "none",
        "axes.facecolor": "none",
        "savefig.facecolor": "none",
        "savefig.edgecolor": "none",
        "savefig.transparent": True,
        "figure.dpi": 100.0,
    }


def _new_figure(width: float, height: float, *, constrained: bool = True) -> Figure:
    from matplotlib.figure import Figure

    # Constrained layout costs a second full draw; metric charts, the bulk of a build, set
    # their margins by hand instead.
    return Figure(figsize=(width, height), layout="constrained" if constrained else None)


def _no_math(texts: Iterable[Any]) -> None:
    for text in texts:
        text.set_parse_math(False)


def _legend(ax: Axes, results: Iterable[str], extra: Sequence[Artist] = ()) -> Legend | None:
    from matplotlib.patches import Patch

    seen = set(results)
    present = [r for r in _RESULT_ORDER if r in seen]
    if not present and not extra:
        return None
    handles = [Patch(facecolor=_result_colour(r), label=r.replace("_", " ")) for r in present]
    legend = ax.legend(
        handles=[*handles, *extra],
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        borderaxespad=0.0,
        handlelength=1.4,
    )
    _no_math(legend.get_texts())
    return legend


def _save_svg(figure: Figure) -> bytes:
    from matplotlib.text import Text

    # Tick labels can be (re)created after the calls that passed parse_math=False.
    _no_math(figure.findobj(Text))
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", metadata=_SVG_METADATA, transparent=True)
    svg = buffer.getvalue()
    # The ink sits in the root tag, so the dark variant's ink swap recolours the highlight too.
    svg = svg.replace(b"<svg ", f'<svg style="--mi-ink: {LIGHT_INK["text"]}" '.encode(), 1)
    return svg.replace(_BASE_STYLE, _BASE_STYLE[:-8] + _TARGET_STYLE + b"</style>", 1)


def _warning_text(message: warnings.WarningMessage) -> str:
    text = " ".join(str(message.message).split())
    if "missing from font" in text or "Glyph" in text:
        return f"CHART_GLYPH: {text}"
    return f"CHART_WARNING: {message.category.__name__}: {text}"


def _draw(
    draw: Callable[[list[str]], Figure],
) -> RenderedChart:
    """Run a drawing function under fixed rcParams, capturing every warning it triggers."""
    import matplotlib

    notes: list[str] = []
    with _DRAW_LOCK, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with matplotlib.rc_context(_rc_params()):
            figure = draw(notes)
            light = _save_svg(figure)
    for message in caught:
        if issubclass(message.category, DeprecationWarning):
            # Our own API misuse, not a problem in the user's content: hand it back to Python's
            # filters (silent by default, an error in this project's tests).
            warnings.warn_explicit(
                message.message, message.category, message.filename, message.lineno
            )
        else:
            notes.append(_warning_text(message))
    return RenderedChart(light=light, dark=_to_dark(light), warnings=tuple(dict.fromkeys(notes)))


def _placeholder(title: str, message: str, notes: Sequence[str]) -> RenderedChart:
    """A hand-written SVG used only when matplotlib itself failed."""
    text = xml_escape(_label(title, 80) + " — " + message)
    ink = LIGHT_INK["text"]
    light = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<svg xmlns="http://www.w3.org/2000/svg" width="480" height="40" viewBox="0 0 480 40">'
        f'<text x="8" y="24" style="font: 12px sans-serif; fill: {ink}">{text}</text></svg>\n'
    ).encode()
    return RenderedChart(light=light, dark=_to_dark(light), warnings=tuple(notes))


def _no_data(ax: Axes, message: str) -> None:
    ax.set_axis_off()
    ax.text(
        0.5,
        0.5,
        message,
        transform=ax.transAxes,
        ha="center",
        va="center",
        color=LIGHT_INK["axis"],
        parse_math=False,
        gid="no-data",
    )


def _set_title(
    ax: Axes, title: str, width_in: float, notes: list[str], *, compact: bool, fontsize: float
) -> None:
    # Bold DejaVu Sans averages ~0.68 em per character; keep clear of the figure's left margin.
    chars_per_line = max(int((width_in - 0.7) * 72 / (0.68 * fontsize)), 12)
    text, truncated = _title_lines(title, chars_per_line, 1 if compact else 2)
    if truncated and not compact:
        notes.append(
            f"TITLE_TRUNCATED: chart title of {len(title)} characters cut to fit: {text!r}"
        )
    ax.set_title(text, loc="left", parse_math=False, fontsize=fontsize)


def _number_axis(ax: Axes, axis: str, scale: float = 1.0) -> None:
    from matplotlib.ticker import FuncFormatter

    def tick_text(value: float, _position: float | None) -> str:
        shown = value * scale
        return format_number(shown) if math.isfinite(shown) else ""

    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(FuncFormatter(tick_text))


# --------------------------------------------------------------------------------------------
# Metric chart


def render_metric_chart(spec: MetricChartSpec) -> RenderedChart:
    """One bar per finite point in attempt order, coloured by result, with the target line.

    SVG ids: ``point-<i>`` for the bar of ``spec.points[i]`` (non-finite points have none),
    ``target`` for the target line, ``value-<i>`` for value labels.
    """
    return _safely(spec.title, lambda: _draw(lambda notes: _draw_metric(spec, notes)))


def _draw_metric(spec: MetricChartSpec, notes: list[str]) -> Figure:
    finite: list[tuple[int, ChartPoint]] = []
    for index, point in enumerate(spec.points):
        if isinstance(point.value, (int, float)) and math.isfinite(point.value):
            finite.append((index, point))
        else:
            notes.append(
                f"METRIC_NOT_FINITE: {_label(spec.title, 60)!r}: point "
                f"{_label(point.label, 60)!r} has value {point.value!r}; not plotted"
            )
    target = spec.target_value
    if target is not None and not math.isfinite(target):
        notes.append(f"METRIC_NOT_FINITE: {_label(spec.title, 60)!r}: target {target!r}; not drawn")
        target = None

    count = len(finite)
    if spec.compact:
        width, height = 3.4, 2.2
    else:
        width, height = min(max(3.6 + 0.42 * count, 6.0), 10.0), 3.8
    figure = _new_figure(width, height, constrained=False)
    ax = figure.add_subplot()
    title_size = 9.0 if spec.compact else 10.5
    title_width = width
    if spec.compact and target is not None and finite:
        # Leave room for the target label on the right of the title row.
        title_width -= len(_target_text(spec, target)) * 0.6 * _COMPACT_TARGET_SIZE / 72 + 0.1
    _set_title(ax, spec.title, title_width, notes, compact=spec.compact, fontsize=title_size)

    if not finite:
        _no_data(ax, "no data")
        _margins(figure, width, height, spec.compact, legend=False, bottom=0.3)
        return figure

    scale = _display_scale([p.value for _, p in finite] + ([] if target is None else [target]))
    values = [p.value / scale for _, p in finite]
    colours = [_result_colour(p.result) for _, p in finite]
    bar_width = 0.7 if count > 1 else 0.45
    bars = ax.bar(range(count), values, width=bar_width, color=colours, linewidth=0, zorder=2)
    for bar, (index, point) in zip(bars.patches, finite, strict=True):
        bar.set_gid(point.anchor or f"point-{index}")
        if point.highlight:
            # The text ink flips with the palette, so the outline stays visible in both.
            bar.set_edgecolor(LIGHT_INK["text"])
            bar.set_linewidth(2.0)

    ax.axhline(0, color=LIGHT_INK["axis"], linewidth=0.8, zorder=3)
    ax.grid(axis="y", zorder=0)
    ax.set_axisbelow(True)
    _number_axis(ax, "y", scale)
    _value_labels(ax, spec, finite, values)
    target_line = _target_line(ax, spec, target, scale)
    bottom = _x_labels(ax, spec, finite, width)

    if spec.unit:
        unit = _label(spec.unit, 16)
        better = {"lower": "lower is better", "higher": "higher is better"}.get(spec.better)
        ylabel = unit if spec.compact or better is None else f"{unit} ({better})"
        ax.set_ylabel(ylabel, parse_math=False)
    legend = None
    if not spec.compact:
        extra = [] if target_line is None else [target_line]
        legend = _legend(ax, (p.result for _, p in finite), extra)
    _margins(figure, width, height, spec.compact, legend=legend is not None, bottom=bottom)
    return figure


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


def _value_labels(
    ax: Axes, spec: MetricChartSpec, finite: Sequence[tuple[int, ChartPoint]], values: list[float]
) -> None:
    count = len(finite)
    if spec.compact:
        keep = {0, count - 1}
    elif count <= 24:
        keep = set(range(count))
    else:
        keep = {0, count - 1, values.index(max(values)), values.index(min(values))}
    keep |= {slot for slot, (_, point) in enumerate(finite) if point.highlight}
    fontsize = 6.5 if spec.compact or count > 12 else 7.5
    unit = _label(spec.unit, 16) if spec.unit else ""
    for slot in sorted(keep):
        index, point = finite[slot]
        below = values[slot] < 0
        ax.annotate(
            format_quantity(point.value, unit),
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
        label = ax.set_title(text, loc="right", fontsize=_COMPACT_TARGET_SIZE, parse_math=False)
        label.set_gid("target-label")
    return line


_COMPACT_TARGET_SIZE = 6.5


def _target_text(spec: MetricChartSpec, target: float) -> str:
    op = _TARGET_OPS.get((spec.target_op or "").strip(), "")
    unit = _label(spec.unit, 16) if spec.unit else ""
    return " ".join(part for part in ("target", op, format_quantity(target, unit)) if part)


def _x_labels(
    ax: Axes, spec: MetricChartSpec, finite: Sequence[tuple[int, ChartPoint]], width_in: float
) -> float:
    """Place the x labels; returns the bottom margin they need, in inches."""
    count = len(finite)
    ax.set_xlim(-0.6, count - 0.4)
    if spec.compact and count > 6:
        ax.set_xticks([])
        return 0.15
    budget = 10 if spec.compact else (24 if count <= 12 else 16)
    step = max(1, math.ceil(count / 30))
    slots = list(range(0, count, step))
    labels = [_label(finite[slot][1].label, budget) for slot in slots]
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


# --------------------------------------------------------------------------------------------
# Timeline

_ROWS = ("log", "attempt", "version")
_DATE_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}")


def render_timeline(spec: TimelineSpec) -> RenderedChart:
    """Versions and attempts on separate rows along a date axis, log entries as small ticks.

    SVG ids: ``event-<i>`` for the marker of ``spec.events[i]`` (undated events have none).
    """
    return _safely(spec.title, lambda: _draw(lambda notes: _draw_timeline(spec, notes)))


def _parse_date(text: str) -> dt.date | None:
    candidate = text.strip()
    if not _DATE_PATTERN.fullmatch(candidate):
        return None
    try:
        return dt.date.fromisoformat(candidate)
    except ValueError:
        return None


def _draw_timeline(spec: TimelineSpec, notes: list[str]) -> Figure:
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num

    dated: list[tuple[int, dt.date, TimelineEvent, str]] = []
    for index, event in enumerate(spec.events):
        day = _parse_date(event.date)
        if day is None:
            notes.append(
                f"TIMELINE_DATE: event {_label(event.label, 60)!r} has date "
                f"{_label(event.date, 40)!r}, expected YYYY-MM-DD; not plotted"
            )
            continue
        row = event.kind if event.kind in _ROWS else "log"
        if row != event.kind:
            notes.append(
                f"TIMELINE_KIND: event {_label(event.label, 60)!r} has kind "
                f"{_label(event.kind, 20)!r}, expected version, attempt or log; shown as log"
            )
        dated.append((index, day, event, row))

    rows = [row for row in _ROWS if any(r == row for *_, r in dated)]
    width, height = 8.0, 1.5 + 0.55 * max(len(rows), 1)
    figure = _new_figure(width, height)
    ax = figure.add_subplot()
    _set_title(ax, spec.title, width, notes, compact=False, fontsize=10.5)
    if not dated:
        _no_data(ax, "no dated events")
        return figure

    row_y = {row: y for y, row in enumerate(rows)}
    labelled = sum(1 for *_, row in dated if row != "log") <= 30
    for index, day, event, row in dated:
        x = float(date2num(day))  # type: ignore[no-untyped-call]
        y = row_y[row]
        if row == "log":
            (mark,) = ax.plot(
                [x], [y], marker="|", markersize=10, color=LIGHT_INK["axis"], linestyle="none"
            )
        else:
            (mark,) = ax.plot(
                [x],
                [y],
                marker="D" if row == "version" else "o",
                markersize=7,
                color=_result_colour(event.result or "unknown"),
                markeredgewidth=0,
                linestyle="none",
                zorder=3,
            )
            if labelled:
                ax.annotate(
                    _label(event.label, 18),
                    xy=(x, y),
                    xytext=(4, 5),
                    textcoords="offset points",
                    fontsize=6.5,
                    rotation=20,
                    rotation_mode="anchor",
                    parse_math=False,
                    annotation_clip=False,
                )
        mark.set_gid(f"event-{index}")

    days = [float(date2num(day)) for _, day, _, _ in dated]  # type: ignore[no-untyped-call]
    first, last = min(days), max(days)
    pad = max((last - first) * 0.06, 3.0)
    ax.set_xlim(first - pad, last + pad * (2.5 if labelled else 1.0))
    ax.set_ylim(-0.6, len(rows) - 0.2)
    row_names = {"version": "versions", "attempt": "attempts", "log": "log"}
    ax.set_yticks(list(range(len(rows))), labels=[row_names[r] for r in rows], parse_math=False)
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)
    ax.grid(axis="x", zorder=0)
    locator = AutoDateLocator(minticks=2, maxticks=7)  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
    _legend(ax, (event.result or "unknown" for _, _, event, row in dated if row != "log"))
    return figure


# --------------------------------------------------------------------------------------------
# Knowledge-base overview

_KB_MAX_ISSUES = 15


def render_key_metrics(spec: KeyMetricsSpec) -> RenderedChart:
    """Horizontal bars of each metric's change against the baseline (right = better), green
    where the target is met, red where it is missed, grey without a target. SVG ids:
    ``metric-<i>``."""
    return _safely(spec.title, lambda: _draw(lambda notes: _draw_key_metrics(spec, notes)))


_MET_COLOURS = {True: RESULT_COLOURS["success"], False: RESULT_COLOURS["failed"],
                None: RESULT_COLOURS["baseline"]}


def _draw_key_metrics(spec: KeyMetricsSpec, notes: list[str]) -> Figure:
    rows = [(i, m) for i, m in enumerate(spec.metrics) if math.isfinite(m.change_percent)]
    for metric in spec.metrics:
        if not math.isfinite(metric.change_percent):
            notes.append(f"METRIC_NOT_FINITE: {_label(metric.name, 60)!r}: change "
                         f"{metric.change_percent!r}; not plotted")
    width, height = 5.2, 0.55 + 0.32 * max(1, len(rows))
    figure = _new_figure(width, height, constrained=False)
    ax = figure.add_subplot()
    ax.set_title(_label(spec.title, 60), loc="left", parse_math=False, fontsize=9.5)
    if not rows:
        _no_data(ax, "no metric has a baseline and a value")
        figure.subplots_adjust(left=0.05, right=0.95, top=0.7, bottom=0.1)
        return figure
    values = [max(-999.0, min(999.0, m.change_percent)) for _, m in rows]
    positions = list(range(len(rows)))[::-1]
    bars = ax.barh(positions, values, height=0.6,
                   color=[_MET_COLOURS[m.met] for _, m in rows], linewidth=0, zorder=2)
    for bar, (index, _metric) in zip(bars.patches, rows, strict=True):
        bar.set_gid(f"metric-{index}")
    span = max(abs(v) for v in values) or 1.0
    for position, value in zip(positions, values, strict=True):
        text = f"{abs(value):.0f}% {'better' if value >= 0 else 'worse'}"
        inside = abs(value) > span * 0.55
        ax.text(value - (span * 0.02 if value > 0 else -span * 0.02) if inside else
                value + (span * 0.02 if value >= 0 else -span * 0.02), position, text,
                va="center", ha=("right" if value > 0 else "left") if inside else
                ("left" if value >= 0 else "right"), fontsize=7.5, parse_math=False,
                color="#ffffff" if inside else LIGHT_INK["text"])
    ax.axvline(0, color=LIGHT_INK["axis"], linewidth=0.8, zorder=3)
    ax.set_xlim(-span * 1.25 if min(values) < 0 else -span * 0.05, span * 1.25)
    ax.set_yticks(positions, labels=[_label(m.name, 26) for _, m in rows], parse_math=False)
    ax.tick_params(axis="y", length=0)
    ax.set_xticks([])
    for side in ("left", "bottom"):
        ax.spines[side].set_visible(False)
    ax.set_xlabel("change vs baseline (right = better)", parse_math=False, fontsize=7.5)
    figure.subplots_adjust(left=1.75 / width, right=0.97, top=1 - 0.32 / height,
                           bottom=0.3 / height)
    return figure


def render_knowledge_base_chart(spec: KnowledgeBaseChartSpec) -> RenderedChart:
    """Two panels: investigations by status, and attempts per investigation (horizontal bars).

    With more than 15 investigations only the 15 with most attempts are shown (the panel title
    says so); otherwise the given order is kept. SVG ids: ``status-<i>``, ``issue-<i>`` (indexes
    into the spec's tuples).
    """
    return _safely("knowledge base", lambda: _draw(lambda notes: _draw_kb(spec, notes)))


def _counted(
    pairs: Sequence[tuple[str, int]], what: str, notes: list[str]
) -> list[tuple[int, str, int]]:
    kept = []
    for index, (name, count) in enumerate(pairs):
        if count < 0:
            notes.append(f"KB_COUNT: {what} {_label(name, 60)!r} has count {count}; not plotted")
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
    figure = _new_figure(9.0, height)
    status_ax, issue_ax = figure.subplots(1, 2, width_ratios=[1, 2.4])

    status_ax.set_title("Investigations by status", loc="left", parse_math=False, fontsize=9.5)
    if statuses:
        slots = list(range(len(statuses)))
        bars = status_ax.bar(
            slots,
            [count for _, _, count in statuses],
            color=[_STATUS_COLOURS.get(name, RESULT_COLOURS["unknown"]) for _, name, _ in statuses],
            width=0.6,
            zorder=2,
        )
        for bar, (index, _, count) in zip(bars.patches, statuses, strict=True):
            bar.set_gid(f"status-{index}")
            status_ax.annotate(
                format_number(count),
                xy=(bar.get_x() + bar.get_width() / 2, count),
                xytext=(0, 2),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=7.5,
                parse_math=False,
            )
        status_ax.set_xticks(
            slots, labels=[_label(name, 12) for _, name, _ in statuses], parse_math=False
        )
        status_ax.grid(axis="y", zorder=0)
        status_ax.margins(y=0.15)
        _number_axis(status_ax, "y")
        status_ax.yaxis.get_major_locator().set_params(integer=True)  # counts, never 0.5
    else:
        _no_data(status_ax, "no investigations")

    title = "Attempts per investigation"
    if len(shown) < len(issues):
        title += f" (top {len(shown)} of {len(issues)})"
    issue_ax.set_title(title, loc="left", parse_math=False, fontsize=9.5)
    if shown:
        slots = list(range(len(shown)))
        bars = issue_ax.barh(
            slots,
            [count for _, _, count in shown],
            color=RESULT_COLOURS["in_progress"],
            height=0.65,
            zorder=2,
        )
        for bar, (index, _, count) in zip(bars.patches, shown, strict=True):
            bar.set_gid(f"issue-{index}")
            issue_ax.annotate(
                format_number(count),
                xy=(count, bar.get_y() + bar.get_height() / 2),
                xytext=(2, 0),
                textcoords="offset points",
                ha="left",
                va="center",
                fontsize=7,
                parse_math=False,
            )
        issue_ax.set_yticks(
            slots, labels=[_label(name, 28) for _, name, _ in shown], parse_math=False
        )
        issue_ax.invert_yaxis()
        issue_ax.grid(axis="x", zorder=0)
        issue_ax.margins(x=0.12)
        _number_axis(issue_ax, "x")
        issue_ax.xaxis.get_major_locator().set_params(integer=True)
    else:
        _no_data(issue_ax, "no attempts")
    return figure


# --------------------------------------------------------------------------------------------
# Dispatch


def _safely(title: str, draw: Callable[[], RenderedChart]) -> RenderedChart:
    try:
        return draw()
    except Exception as error:  # a chart must never take the build down
        message = f"CHART_FAILED: {type(error).__name__}: {error}"
        return _placeholder(title, "chart could not be drawn", [message])


def render(spec: ChartSpec) -> RenderedChart:
    """Render any chart spec; the process pool's entry point."""
    if isinstance(spec, MetricChartSpec):
        return render_metric_chart(spec)
    if isinstance(spec, TimelineSpec):
        return render_timeline(spec)
    if isinstance(spec, KnowledgeBaseChartSpec):
        return render_knowledge_base_chart(spec)
    if isinstance(spec, KeyMetricsSpec):
        return render_key_metrics(spec)
    raise TypeError(f"not a chart spec: {type(spec).__name__}")


# --------------------------------------------------------------------------------------------
# Rendering many charts

# Below this many misses, starting worker processes (each imports matplotlib) costs more than
# it saves.
POOL_THRESHOLD = 8
_BATCH_SIZE = 8
_PROGRESS_INTERVAL = 2.0


# Stores one drawn chart under its key; False when it could not be stored. It crosses into the
# worker processes, so it must be picklable (a top-level function or a partial of one).
Sink = Callable[[str, "RenderedChart"], bool]
Drawn = tuple[tuple[str, ...], "RenderedChart | None"]  # warnings, and the chart if kept


def _draw_and_store(key: str, spec: ChartSpec, sink: Sink | None, keep: bool) -> Drawn:
    """Draw one chart into ``sink``; the chart itself is kept only if asked or not stored."""
    chart = render(spec)
    stored = sink(key, chart) if sink is not None else False
    return chart.warnings, chart if keep or not stored else None


def _draw_batch(sink: Sink | None, batch: list[tuple[str, ChartSpec]], keep: bool
                ) -> list[tuple[str, Drawn]]:
    """Process-pool worker (top level so "spawn" can import it).

    Each chart is stored here, in the worker, so unless ``keep`` only its warnings travel back.
    """
    return [(key, _draw_and_store(key, spec, sink, keep)) for key, spec in batch]


class ChartDrawing:
    """Charts being drawn while the caller goes on, each stored through ``sink`` when done.

    With more than ``POOL_THRESHOLD`` charts and more than one worker, they are drawn in a
    "spawn" process pool (the host, ``mkdocs serve``, runs threads, and forking a threaded
    process can deadlock) in the order given; otherwise, or if the pool cannot start or
    breaks, each is drawn in this process when first asked for. ``warnings(key)`` waits for
    one chart only, so a caller can use the first charts while the rest are drawn.
    """

    def __init__(
        self,
        pending: dict[str, ChartSpec],
        sink: Sink | None,
        *,
        workers: int | None = None,
        progress: Callable[[int, int], None] | None = None,
        keep_charts: bool = False,
    ) -> None:
        self.sink = sink
        self.total = len(pending)
        self._keep = keep_charts
        self._left = dict(pending)
        self._done: dict[str, Drawn] = {}
        self._futures: dict[str, Future[list[tuple[str, Drawn]]]] = {}
        self._pool: ProcessPoolExecutor | None = None
        self._progress = progress
        self._finished = 0
        self._last_report = time.monotonic()
        self._lock = threading.Lock()
        worker_count = (os.cpu_count() or 1) if workers is None else workers
        if len(pending) > POOL_THRESHOLD and worker_count > 1:
            self._start(worker_count)

    def _start(self, worker_count: int) -> None:
        import multiprocessing

        items = list(self._left.items())
        batches = [items[i : i + _BATCH_SIZE] for i in range(0, len(items), _BATCH_SIZE)]
        try:
            self._pool = ProcessPoolExecutor(max_workers=min(worker_count, len(batches)),
                                             mp_context=multiprocessing.get_context("spawn"))
            for batch in batches:
                future = self._pool.submit(_draw_batch, self.sink, batch, self._keep)
                future.add_done_callback(functools.partial(self._count, len(batch)))
                for key, _ in batch:
                    self._futures[key] = future
        except (OSError, NotImplementedError, ImportError, RuntimeError):
            self.close()  # e.g. no working semaphores in a sandbox: draw here, on demand

    def _count(self, size: int, _future: object) -> None:
        # Runs on the pool's management thread.
        with self._lock:
            self._finished += size
            now = time.monotonic()
            if self._progress is not None and now - self._last_report >= _PROGRESS_INTERVAL:
                self._last_report = now
                self._progress(min(self._finished, self.total), self.total)

    def _result(self, key: str) -> Drawn:
        if key in self._done:
            return self._done[key]
        future = self._futures.pop(key, None)
        if future is not None:
            try:
                for done_key, drawn in future.result():
                    self._done[done_key] = drawn
                    self._left.pop(done_key, None)
                    self._futures.pop(done_key, None)
            except (OSError, BrokenProcessPool, ImportError):
                pass  # drawn below, in this process
        if key not in self._done:
            self._done[key] = _draw_and_store(key, self._left.pop(key), self.sink, self._keep)
        return self._done[key]

    def warnings(self, key: str) -> tuple[str, ...]:
        """The chart's warnings, once it is drawn and stored (waits for it if need be)."""
        return self._result(key)[0]

    def chart(self, key: str) -> RenderedChart | None:
        """The chart itself if ``keep_charts`` or it could not be stored."""
        return self._result(key)[1]

    def __contains__(self, key: object) -> bool:
        return key in self._done or key in self._left

    def finish(self) -> None:
        """Wait for every chart, then stop the workers."""
        for key in list(self._left):
            if key not in self._done:
                self._result(key)
        self.close()
        if self._progress is not None:
            self._progress(self.total, self.total)

    def close(self) -> None:
        """Stop the workers without waiting for charts not yet drawn (a failed build)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

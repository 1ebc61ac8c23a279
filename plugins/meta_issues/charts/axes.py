"""Furniture shared by the charts' axes: titles, the result legend, number ticks, "no data".

Tick numbers go through ``meta_issues.units.format_number``, the one number formatter.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from ..units import format_number
from .style import LIGHT_INK, RESULT_ORDER, result_colour, title_lines
from .svg import no_math

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.legend import Legend


def result_legend(
    ax: Axes, results: Iterable[str], extra: Sequence[Artist] = ()
) -> Legend | None:
    """A legend outside the axes, right, naming the results present (in a fixed order)."""
    from matplotlib.patches import Patch

    seen = set(results)
    present = [r for r in RESULT_ORDER if r in seen]
    if not present and not extra:
        return None
    handles = [Patch(facecolor=result_colour(r), label=r.replace("_", " ")) for r in present]
    legend = ax.legend(
        handles=[*handles, *extra],
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        borderaxespad=0.0,
        handlelength=1.4,
    )
    no_math(legend.get_texts())
    return legend


def no_data(ax: Axes, message: str) -> None:
    """Replace the axes by a centred message."""
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


def set_title(
    ax: Axes, title: str, width_in: float, notes: list[str], *, compact: bool, fontsize: float
) -> None:
    """A left-aligned title wrapped to the figure's width: one line if compact, else two
    (``TITLE_TRUNCATED`` noted if it had to be cut)."""
    # Bold DejaVu Sans averages ~0.68 em per character; keep clear of the figure's left margin.
    chars_per_line = max(int((width_in - 0.7) * 72 / (0.68 * fontsize)), 12)
    text, truncated = title_lines(title, chars_per_line, 1 if compact else 2)
    if truncated and not compact:
        notes.append(
            f"TITLE_TRUNCATED: chart title of {len(title)} characters cut to fit: {text!r}"
        )
    ax.set_title(text, loc="left", parse_math=False, fontsize=fontsize)


def number_axis(ax: Axes, axis: str, scale: float = 1.0) -> None:
    """Tick labels on ``axis`` ("x" or "y") as formatted numbers, times ``scale``."""
    from matplotlib.ticker import FuncFormatter

    def tick_text(value: float, _position: float | None) -> str:
        shown = value * scale
        return format_number(shown) if math.isfinite(shown) else ""

    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(FuncFormatter(tick_text))

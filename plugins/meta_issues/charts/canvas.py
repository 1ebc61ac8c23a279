"""A drawing surface in px, y downwards, for charts laid out by hand.

A ``Canvas`` is a figure whose one axes covers it all, with data coordinates equal to SVG
units: a chart measures its text first (``measure``), computes where everything goes, then
draws here. Nothing is placed by matplotlib's layout engines, so what was measured is what is
drawn: no label overlaps another, none is clipped.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .measure import wrap
from .style import LIGHT_INK, NOTE_SIZE, PAD, TEXT_SIZE, TITLE_SIZE, line_step
from .svg import new_figure

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle
    from matplotlib.text import Text

# Where the baseline of a line of text sits below the line's top, in font sizes: DejaVu Sans
# rises 0.93 em above it, and the line is LINE_HEIGHT (1.25) em tall.
_ASCENT = 0.97

Segment = tuple[float, float, float, float]  # x0, y0, x1, y1


class Canvas:
    """A ``width`` × ``height`` px figure to draw on in px, from the top left corner."""

    def __init__(self, width: float, height: float) -> None:
        self.width = width
        self.height = height
        self.figure: Figure = new_figure(width / 72, height / 72, constrained=False)
        ax: Axes = self.figure.add_axes((0.0, 0.0, 1.0, 1.0))
        ax.set_axis_off()
        ax.set_xlim(0.0, width)
        ax.set_ylim(height, 0.0)
        self.ax = ax

    def text(
        self,
        x: float,
        top: float,
        text: str,
        *,
        size: float = TEXT_SIZE,
        bold: bool = False,
        align: str = "left",
        colour: str = LIGHT_INK["text"],
        gid: str | None = None,
    ) -> Text:
        """One line of text whose line box starts at ``top``; ``align`` is where ``x`` is."""
        artist = self.ax.text(
            x,
            top + _ASCENT * size,
            text,
            fontsize=size,
            fontweight="bold" if bold else "normal",
            ha=align,
            va="baseline",
            color=colour,
            parse_math=False,
            clip_on=False,
        )
        if gid:
            artist.set_gid(gid)
        return artist

    def lines(
        self, x: float, top: float, lines: Sequence[str], *, size: float = TEXT_SIZE,
        bold: bool = False, colour: str = LIGHT_INK["text"], gid: str | None = None,
    ) -> float:
        """Lines of text one below the other from ``top``; returns the y below the last."""
        for number, line in enumerate(lines):
            line_gid = f"{gid}-{number}" if gid and number else gid
            self.text(x, top, line, size=size, bold=bold, colour=colour, gid=line_gid)
            top += line_step(size)
        return top

    def box(self, x: float, top: float, width: float, height: float, colour: str, *,
            gid: str | None = None, outline: bool = False) -> Rectangle:
        """A filled rectangle; ``outline`` draws a 2 px border in the text ink (which flips
        with the palette, so the border shows on both)."""
        from matplotlib.patches import Rectangle

        rectangle = Rectangle((x, top), width, height, facecolor=colour, linewidth=0, zorder=2)
        if outline:
            rectangle.set_edgecolor(LIGHT_INK["text"])
            rectangle.set_linewidth(2.0)
        if gid:
            rectangle.set_gid(gid)
        self.ax.add_patch(rectangle)
        return rectangle

    def mark(self, x: float, y: float, marker: str, colour: str, *, gid: str | None = None
             ) -> Line2D:
        """A marker (matplotlib's code: "D" a diamond, "o" a dot, "_" a dash) centred on x, y."""
        (mark,) = self.ax.plot([x], [y], marker=marker, markersize=9 if marker == "_" else 8,
                               markeredgewidth=2.5 if marker == "_" else 0, color=colour,
                               linestyle="none", zorder=5)
        if gid:
            mark.set_gid(gid)
        return mark

    def rule(self, segments: Sequence[Segment], *, colour: str = LIGHT_INK["axis"],
             dashed: bool = False, width: float = 1.0, gid: str | None = None,
             behind: bool = False) -> Line2D:
        """Straight segments drawn as one path (one SVG element, one id); ``behind`` the
        marks and bars rather than over them."""
        xs: list[float] = []
        ys: list[float] = []
        for x0, y0, x1, y1 in segments:
            xs += [x0, x1, float("nan")]
            ys += [y0, y1, float("nan")]
        (line,) = self.ax.plot(xs, ys, color=colour, linewidth=width, zorder=1 if behind else 4,
                               linestyle=(0, (3.0, 2.0)) if dashed else "-")
        if gid:
            line.set_gid(gid)
        return line


def title_lines(title: str, width: float, notes: list[str], *, max_lines: int = 2
                ) -> list[str]:
    """A chart's title wrapped to ``width`` in at most ``max_lines`` lines; a longer one is cut
    and noted as ``TITLE_TRUNCATED`` (unless it was to fit on one line: a compact chart)."""
    lines, cut = wrap(title, width, TITLE_SIZE, bold=True, max_lines=max_lines)
    if cut and max_lines > 1:
        notes.append(f"TITLE_TRUNCATED: chart title of {len(title)} characters cut to fit: "
                     f"{chr(10).join(lines)!r}")
    return lines or ["(unnamed)"]


def title_block_height(title_lines: int, caption_lines: int) -> float:
    """The height of a title of ``title_lines`` lines and a caption below it."""
    return title_lines * line_step(TITLE_SIZE) + caption_lines * line_step(NOTE_SIZE)


def draw_title(canvas: Canvas, title: Sequence[str], caption: Sequence[str]) -> float:
    """The title, bold, then its caption in the axis ink; returns the y below them."""
    y = canvas.lines(PAD, PAD, title, size=TITLE_SIZE, bold=True, gid="title")
    return canvas.lines(PAD, y, caption, size=NOTE_SIZE, colour=LIGHT_INK["axis"],
                        gid="caption")

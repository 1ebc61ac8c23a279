"""How wide a line of chart text is, and user text wrapped to a width, in px.

Charts are laid out by hand from these measurements, so no label is cut or collides with
another: a label too long for its line wraps onto the next. Widths come from matplotlib's own
font metrics (DejaVu Sans, which it ships and the SVG names first; the fallback fonts a browser
may use instead are narrower). Call these only while drawing, under the charts' rcParams.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from .style import clean_text, cut

if TYPE_CHECKING:
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath


@functools.lru_cache(maxsize=1)
def _text_to_path() -> TextToPath:
    from matplotlib.textpath import TextToPath

    return TextToPath()


@functools.lru_cache(maxsize=8)
def font(size: float, bold: bool) -> FontProperties:
    from matplotlib.font_manager import FontProperties

    return FontProperties(family=["sans-serif"], size=size, weight="bold" if bold else "normal")


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """The width of ``text`` on one line, in px (points: one SVG unit each)."""
    if not text:
        return 0.0
    width, _height, _descent = _text_to_path().get_text_width_height_descent(
        text, font(size, bold), ismath=False
    )
    return float(width)


def wrap(
    text: str, width: float, size: float, *, bold: bool = False, max_lines: int = 6
) -> tuple[list[str], bool]:
    """``text`` cleaned and wrapped into lines no wider than ``width``: at spaces, or inside a
    word longer than a line. Text beyond ``max_lines`` lines is cut, the last line ending in an
    ellipsis; returns (lines, whether it was cut)."""
    lines = _wrapped(clean_text(text), width, size, bold, stop_after=max_lines + 1)
    if len(lines) <= max_lines:
        return lines, False
    last = lines[max_lines - 1]
    budget = len(last) + 1
    while budget > 1 and text_width(cut(last, budget, force=True), size, bold=bold) > width:
        budget -= 1
    return [*lines[: max_lines - 1], cut(last, budget, force=True)], True


def _wrapped(text: str, width: float, size: float, bold: bool, stop_after: int) -> list[str]:
    """Greedy wrapping, stopping after ``stop_after`` lines (a 2,000-character title stays
    cheap)."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size, bold=bold) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
        while len(current) > 1 and text_width(current, size, bold=bold) > width:
            fit = _longest_fit(current, width, size, bold)
            lines.append(current[:fit])
            current = current[fit:]
        if len(lines) >= stop_after:
            return lines
    if current:
        lines.append(current)
    return lines


def _longest_fit(word: str, width: float, size: float, bold: bool) -> int:
    """How many leading characters of ``word`` fit in ``width`` (at least one)."""
    low, high = 1, len(word)
    while low < high:
        middle = (low + high + 1) // 2
        if text_width(word[:middle], size, bold=bold) <= width:
            low = middle
        else:
            high = middle - 1
    return low

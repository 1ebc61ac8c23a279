"""From a drawing function to a ``RenderedChart``: figures, SVG bytes, the dark variant.

Each chart is drawn once with matplotlib's object API (never pyplot, never the global state
outside an ``rc_context``) on a transparent background with a fixed set of *ink* colours; the
dark-palette SVG is derived from the light one by swapping those ink colours inside SVG tags,
so it costs no second draw. Result colours are the same in both palettes.

Every warning matplotlib emits while drawing is captured into ``RenderedChart.warnings``, and a
drawing that fails becomes a hand-written placeholder SVG: a chart never takes a build down.
"""

from __future__ import annotations

import io
import re
import threading
import warnings
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape as xml_escape

from .specs import RenderedChart
from .style import DARK_INK, LIGHT_INK, label, rc_params

if TYPE_CHECKING:
    from matplotlib.figure import Figure

_BASE_STYLE = b'<style type="text/css">*{stroke-linejoin: round; stroke-linecap: butt}</style>'
_TARGET_STYLE = b"g:target path{stroke:var(--mi-ink)!important;stroke-width:2.5px!important}"
_DRAW_LOCK = threading.Lock()  # rcParams and the warnings filter are process-global
_SVG_METADATA: dict[str, Any] = {"Date": None, "Creator": None}

_INK_SWAP = {LIGHT_INK[k].encode(): DARK_INK[k].encode() for k in LIGHT_INK}
_INK_PATTERN = re.compile(b"|".join(re.escape(c) for c in _INK_SWAP))
# Labels are escaped by matplotlib (< > & and quotes in attributes), so every `<...>` is a real
# tag and a label spelling "#1f2328" is never recoloured.
_TAG_PATTERN = re.compile(rb"<[^<>]*>")
_ROOT_SIZE = re.compile(rb"<svg [^<>]*>")
_POINTS = re.compile(rb'\b(width|height)="([0-9.]+)pt"')


def to_dark(svg: bytes) -> bytes:
    """The dark-palette SVG: light ink swapped for dark ink, inside tags only."""

    def swap_in_tag(tag: re.Match[bytes]) -> bytes:
        return _INK_PATTERN.sub(lambda ink: _INK_SWAP[ink.group(0)], tag.group(0))

    return _TAG_PATTERN.sub(swap_in_tag, svg)


def new_figure(width: float, height: float, *, constrained: bool = True) -> Figure:
    from matplotlib.figure import Figure

    # Constrained layout costs a second full draw; metric charts, the bulk of a build, set
    # their margins by hand instead.
    return Figure(figsize=(width, height), layout="constrained" if constrained else None)


def no_math(texts: Iterable[Any]) -> None:
    """Draw these texts literally: a "$" in user text is a dollar, not mathtext."""
    for text in texts:
        text.set_parse_math(False)


def _save_svg(figure: Figure) -> bytes:
    from matplotlib.text import Text

    # Tick labels can be (re)created after the calls that passed parse_math=False.
    no_math(figure.findobj(Text))
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", metadata=_SVG_METADATA, transparent=True)
    svg = _in_pixels(buffer.getvalue())
    # The ink sits in the root tag, so the dark variant's ink swap recolours the highlight too.
    svg = svg.replace(b"<svg ", f'<svg style="--mi-ink: {LIGHT_INK["text"]}" '.encode(), 1)
    return svg.replace(_BASE_STYLE, _BASE_STYLE[:-8] + _TARGET_STYLE + b"</style>", 1)


def _in_pixels(svg: bytes) -> bytes:
    """The root's size in CSS pixels rather than points: one SVG unit, so one point of the
    drawing, is then one pixel at the chart's natural size, as the sizes in ``style`` assume."""
    root = _ROOT_SIZE.search(svg)
    if root is None:
        return svg
    sized = _POINTS.sub(rb'\1="\2"', root.group(0))
    return svg[: root.start()] + sized + svg[root.end() :]


def _warning_text(message: warnings.WarningMessage) -> str:
    text = " ".join(str(message.message).split())
    if "missing from font" in text or "Glyph" in text:
        return f"CHART_GLYPH: {text}"
    return f"CHART_WARNING: {message.category.__name__}: {text}"


def _draw(draw: Callable[[list[str]], Figure]) -> RenderedChart:
    """Run a drawing function under fixed rcParams, capturing every warning it triggers."""
    import matplotlib

    notes: list[str] = []
    with _DRAW_LOCK, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with matplotlib.rc_context(rc_params()):
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
    return RenderedChart(light=light, dark=to_dark(light), warnings=tuple(dict.fromkeys(notes)))


def _placeholder(title: str, message: str, notes: Sequence[str]) -> RenderedChart:
    """A hand-written SVG used only when matplotlib itself failed."""
    text = xml_escape(label(title, 80) + " — " + message)
    ink = LIGHT_INK["text"]
    light = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<svg xmlns="http://www.w3.org/2000/svg" width="480" height="40" viewBox="0 0 480 40">'
        f'<text x="8" y="24" style="font: 12px sans-serif; fill: {ink}">{text}</text></svg>\n'
    ).encode()
    return RenderedChart(light=light, dark=to_dark(light), warnings=tuple(notes))


def render_figure(title: str, draw: Callable[[list[str]], Figure]) -> RenderedChart:
    """Render the figure ``draw`` makes (it appends its own warnings to the list it is given);
    if drawing fails, a placeholder naming ``title`` instead."""
    try:
        return _draw(draw)
    except Exception as error:  # a chart must never take the build down
        message = f"CHART_FAILED: {type(error).__name__}: {error}"
        return _placeholder(title, "chart could not be drawn", [message])

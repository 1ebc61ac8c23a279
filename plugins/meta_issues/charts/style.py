"""How every chart looks: result colours, the ink that flips between palettes, matplotlib's
fixed rcParams, and the cleaning and cutting of user text before it is drawn.

Nothing here imports matplotlib.
"""

from __future__ import annotations

import unicodedata
from typing import Any

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
RESULT_ORDER = ("baseline", "failed", "partial", "success", "in_progress", "unknown")
STATUS_COLOURS = {
    "resolved": RESULT_COLOURS["success"],
    "open": RESULT_COLOURS["in_progress"],  # the same blue as the Open badge
}

# Every colour that must flip between palettes, and nothing else, is one of these.
LIGHT_INK = {"text": "#1f2328", "axis": "#59636e", "grid": "#d1d9e0"}
DARK_INK = {"text": "#e6edf3", "axis": "#9198a1", "grid": "#3d444d"}


def result_colour(result: str) -> str:
    return RESULT_COLOURS.get(result, RESULT_COLOURS["unknown"])


# --------------------------------------------------------------------------------------------
# Sizes, in px at a chart's natural size: svg.py makes one SVG unit one CSS pixel, and a point
# of matplotlib's one SVG unit. Charts are drawn CHART_WIDTH px wide, no wider than a card of
# the two-column grid on a desktop (about 306 px at 1280 px) or than a phone's column (about
# 309 px at 375 px), so pages show them at natural size: text at these sizes, never below the
# 12 px (desktop) and 11 px (phone) a reader needs.

CHART_WIDTH = 300.0
TEXT_SIZE = 13.0  # labels and values
NOTE_SIZE = 12.5  # the key and the caption
TITLE_SIZE = 14.0  # bold
LINE_HEIGHT = 1.25  # in font sizes
PAD = 6.0  # around the chart


def line_step(size: float) -> float:
    """The distance between two lines of text of ``size`` px."""
    return size * LINE_HEIGHT


# --------------------------------------------------------------------------------------------
# matplotlib settings


def rc_params() -> dict[Any, Any]:
    """The rcParams every chart is drawn under: light ink, no maths, no metadata noise."""
    return {
        "text.usetex": False,
        "text.parse_math": False,
        "axes.formatter.use_mathtext": False,
        "svg.hashsalt": "meta-issues",
        "svg.fonttype": "none",
        "font.family": ["sans-serif"],
        # DejaVu Sans ships with matplotlib (metrics); the rest are what browsers fall back to.
        "font.sans-serif": ["DejaVu Sans", "Helvetica Neue", "Arial", "Liberation Sans"],
        "font.size": TEXT_SIZE,
        "axes.titlesize": TITLE_SIZE,
        "axes.titleweight": "bold",
        "axes.labelsize": TEXT_SIZE,
        "legend.fontsize": NOTE_SIZE,
        "xtick.labelsize": NOTE_SIZE,
        "ytick.labelsize": NOTE_SIZE,
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


# --------------------------------------------------------------------------------------------
# Text

# Bidi embeddings/overrides/isolates reorder what readers see (trojan-source class); control
# characters and lone surrogates would make the SVG invalid XML or unencodable.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_ELLIPSIS = "…"
# Hard cap applied before any other processing so a 100,000-character title stays cheap.
_PREPROCESS_CAP = 2000


def clean_text(text: str) -> str:
    """``text`` on one line, without bidi controls or characters XML cannot carry."""
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


def cut(text: str, budget: int, *, force: bool = False) -> str:
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


def label(text: str, budget: int) -> str:
    """User text as a chart label of at most ``budget`` characters, never empty."""
    return cut(clean_text(text), budget) or "(unnamed)"

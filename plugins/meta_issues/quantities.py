"""The grammar of measured values: ``5,200ms``, ``4.2GB peak``, ``~50-100ms``, ``5+ seconds``.

An explicit grammar rather than ``float()``: ``float`` accepts ``1_000``, ``１２３`` and ``nan``,
and rejects ``5,200``. Only ASCII digits count; ``,`` is a thousands separator when it groups
exactly three digits.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .model import Quantity

# unit as written (lowercase) -> (canonical unit, dimension, factor to the dimension's base)
# Sizes are decimal (1 KB = 1000 B) as in load-test reports; KiB/MiB/GiB are binary.
_UNITS: dict[str, tuple[str, str, float]] = {}


def _add(names: tuple[str, ...], canonical: str, dimension: str, factor: float) -> None:
    for name in names:
        _UNITS[name] = (canonical, dimension, factor)


_add(("ns", "nanosecond", "nanoseconds"), "ns", "time", 1e-9)
_add(("us", "µs", "μs", "microsecond", "microseconds"), "µs", "time", 1e-6)
_add(("ms", "msec", "msecs", "millisecond", "milliseconds"), "ms", "time", 1e-3)
_add(("s", "sec", "secs", "second", "seconds"), "s", "time", 1.0)
_add(("min", "mins", "minute", "minutes"), "min", "time", 60.0)
_add(("h", "hr", "hrs", "hour", "hours"), "h", "time", 3600.0)
_add(("d", "day", "days"), "d", "time", 86400.0)
_add(("b", "byte", "bytes"), "B", "size", 1.0)
_add(("kb",), "KB", "size", 1e3)
_add(("mb",), "MB", "size", 1e6)
_add(("gb",), "GB", "size", 1e9)
_add(("tb",), "TB", "size", 1e12)
_add(("kib",), "KiB", "size", 1024.0)
_add(("mib",), "MiB", "size", 1024.0**2)
_add(("gib",), "GiB", "size", 1024.0**3)
_add(("tib",), "TiB", "size", 1024.0**4)
_add(("%", "percent", "pct"), "%", "percent", 1.0)
_add(("x", "×"), "x", "ratio", 1.0)

_NUMBER = (
    r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?"
    r"|[0-9]+(?:\.[0-9]+)?(?:e[-+]?[0-9]{1,4}(?![a-z]))?"
    r"|\.[0-9]+"
)
# Bounded quantifiers everywhere: the pattern runs on arbitrary user text (ReDoS).
_VALUE = re.compile(
    rf"""
    (?P<prefix>~|≈|about\s|approx\.?\s|around\s|<=|>=|≤|≥|<|>)?\s{{0,3}}
    (?P<sign>[-−+])?
    (?P<number>{_NUMBER})
    (?:\s{{0,3}}(?:-|–|—|to)\s{{0,3}}(?P<high>{_NUMBER}))?
    (?P<plus>\+)?
    \s{{0,3}}
    (?P<unit>%|[A-Za-zµμ×][A-Za-zµμ]{{0,15}}(?:/[A-Za-z]{{1,10}})?)?
    """,
    re.VERBOSE | re.IGNORECASE,
)
_NO_DATA = {"", "n/a", "na", "-", "—", "–", "none", "tbd", "?", "unknown", "not measured"}
# Words that commonly follow a number but are descriptions, not units.
_NOT_UNITS = {
    "peak", "avg", "average", "sustained", "mean", "median", "max", "min-", "total", "under",
    "with", "at", "of", "per", "and", "or", "in", "on", "after", "before", "the", "improvement",
    "reduction", "worse", "better", "faster", "slower", "spikes", "spike", "p95", "p99",
}


@dataclass(frozen=True)
class ParsedValue:
    quantity: Quantity | None
    note: str
    no_data: bool = False


def unit_dimension(unit: str) -> tuple[str, float]:
    """(dimension, factor) for a canonical unit; other units are their own dimension."""
    known = _UNITS.get(unit.lower())
    if known is not None and known[0] == unit:
        return known[1], known[2]
    if unit == "":
        return "count", 1.0
    return f"unit:{unit}", 1.0


def canonical_unit(word: str) -> str | None:
    known = _UNITS.get(word.lower())
    return known[0] if known else None


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def parse_value(raw: str) -> ParsedValue | None:
    """Parse the leading quantity of ``raw``; ``None`` when it holds no number at all."""
    text = raw.strip()
    if text.strip("*_` ").lower() in _NO_DATA:
        return ParsedValue(None, "", no_data=True)
    match = _VALUE.match(text)
    if match is None or match.group("number") is None:
        return None
    number = _number(match.group("number"))
    if match.group("sign") in ("-", "−"):
        number = -number
    unit_word = match.group("unit") or ""
    unit = ""
    consumed = match.end()
    if unit_word:
        canonical = canonical_unit(unit_word)
        if canonical is not None:
            unit = canonical
        elif "/" in unit_word:
            unit = unit_word
        elif unit_word.lower() in _NOT_UNITS or not _is_glued(text, match):
            # "4 requests" or "100% sustained": the word describes, it is not a unit.
            consumed = match.start("unit")
        else:
            unit = unit_word
    prefix = (match.group("prefix") or "").strip().lower()
    approximate = prefix in ("~", "≈", "about", "approx", "approx.", "around")
    bound: str = ""
    if match.group("plus") or prefix in (">", ">=", "≥"):
        bound = "at_least"
    elif prefix in ("<", "<=", "≤"):
        bound = "at_most"
    low = high = None
    value = number
    if match.group("high"):
        low, high = number, _number(match.group("high"))
        if high < low:
            low, high = high, low
        value = (low + high) / 2
        approximate = True
    if not math.isfinite(value):
        return None
    note = text[consumed:].strip()
    if note[:1] in ("_", ",", ".") or note[:1].isdigit():
        # "1_000", "5,20" or "1.2.3": a number we would have to guess at.
        return None
    quantity = Quantity(
        value=value,
        unit=unit,
        raw=text[: consumed].strip(),
        approximate=approximate or bool(bound),
        low=low,
        high=high,
        bound=bound,  # type: ignore[arg-type]
    )
    return ParsedValue(quantity, note)


def _is_glued(text: str, match: re.Match[str]) -> bool:
    """A word right after the number (``12req``) is a unit; after a space only if known."""
    return match.start("unit") == match.end("plus" if match.group("plus") else "number") or (
        match.group("high") is not None and match.start("unit") == match.end("high")
    )


def convert(value: float, from_unit: str, to_unit: str) -> float | None:
    """Convert between units of one dimension; ``None`` when the dimensions differ."""
    if from_unit == to_unit:
        return value
    from_dim, from_factor = unit_dimension(from_unit)
    to_dim, to_factor = unit_dimension(to_unit)
    if from_dim != to_dim:
        return None
    return value * from_factor / to_factor


def format_number(value: float) -> str:
    """``5,200``, ``0.28``, ``1.5``: at most three significant decimals, no float noise."""
    if not math.isfinite(value):
        return str(value)
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    magnitude = abs(value)
    if magnitude < 0.001:
        return f"{value:.3g}"
    digits = 1 if magnitude >= 100 else 2 if magnitude >= 1 else 3
    return f"{value:,.{digits}f}".rstrip("0").rstrip(".")


def format_quantity(value: float, unit: str) -> str:
    number = format_number(value)
    if not unit:
        return number
    if unit == "%":
        return f"{number}%"
    return f"{number} {unit}"

"""Units of measured values and the one way numbers are written on pages and charts."""

from __future__ import annotations

import math

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

"""Units of measured values and the one way numbers are written on pages and charts."""

from __future__ import annotations

import math

# unit as written (lowercase) -> (canonical unit, dimension, factor to the dimension's base)
# Sizes are decimal (1 KB = 1000 B) as in load-test reports; KiB/MiB/GiB are binary.
_UNITS: dict[str, tuple[str, str, float]] = {}
# Units whose case matters: "m" is minutes (``48m``, ``2h40m``), "M" a million (see quantities).
_EXACT: dict[str, tuple[str, str, float]] = {}


def _add(names: tuple[str, ...], canonical: str, dimension: str, factor: float) -> None:
    for name in names:
        _UNITS[name] = (canonical, dimension, factor)


_add(("ns", "nanosecond", "nanoseconds"), "ns", "time", 1e-9)
_add(("us", "µs", "μs", "microsecond", "microseconds"), "µs", "time", 1e-6)
_add(("ms", "msec", "msecs", "millisecond", "milliseconds"), "ms", "time", 1e-3)
_add(("s", "sec", "secs", "second", "seconds", "sek", "sekunde", "sekunden"), "s", "time", 1.0)
_add(("min", "mins", "minute", "minutes", "minuten"), "min", "time", 60.0)
_add(("h", "hr", "hrs", "hour", "hours", "std", "stunde", "stunden"), "h", "time", 3600.0)
_add(("d", "day", "days", "tag", "tage", "tagen"), "d", "time", 86400.0)
_add(("wk", "wks", "week", "weeks", "woche", "wochen"), "wk", "time", 7 * 86400.0)
# Months and years are calendar units: a month is no fixed number of days.
_add(("mo", "month", "months", "monat", "monate"), "month", "calendar", 1.0)
_add(("yr", "yrs", "year", "years", "jahr", "jahre"), "year", "calendar", 12.0)
_add(("b", "byte", "bytes"), "B", "size", 1.0)
_add(("kb",), "KB", "size", 1e3)
_add(("mb",), "MB", "size", 1e6)
_add(("gb",), "GB", "size", 1e9)
_add(("tb",), "TB", "size", 1e12)
_add(("kib",), "KiB", "size", 1024.0)
_add(("mib",), "MiB", "size", 1024.0**2)
_add(("gib",), "GiB", "size", 1024.0**3)
_add(("tib",), "TiB", "size", 1024.0**4)
_add(("%", "percent", "pct", "prozent"), "%", "percent", 1.0)
_add(("x", "×"), "x", "ratio", 1.0)
# Currencies are spelled by their code (``$18,400`` and ``USD 12k`` are both USD); different
# currencies never convert. Pages show the symbol where teams write one.
_add(("usd", "$", "us$", "dollar", "dollars"), "USD", "currency:USD", 1.0)
_add(("eur", "€", "euro", "euros"), "EUR", "currency:EUR", 1.0)
_add(("gbp", "£"), "GBP", "currency:GBP", 1.0)
_add(("chf",), "CHF", "currency:CHF", 1.0)
_add(("jpy", "¥"), "JPY", "currency:JPY", 1.0)
_EXACT["m"] = ("min", "time", 60.0)
_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}


def _known(word: str) -> tuple[str, str, float] | None:
    return _EXACT.get(word) or _UNITS.get(word.lower())


def unit_dimension(unit: str) -> tuple[str, float]:
    """(dimension, factor) for a canonical unit; other units are their own dimension.

    A rate ``a/b``, kept as its authors write it, has the dimension of ``a`` per ``b``, so
    ``rows/min`` converts to ``rows/s``, ``$/MB`` to ``USD/GB`` and ``€/Tag`` to ``EUR/d``,
    while ``msg/s`` and ``docs/s`` stay apart.
    """
    if unit == "":
        return "count", 1.0
    if "/" in unit:
        top, _, bottom = unit.partition("/")
        top_dimension, top_factor = _part_dimension(top)
        bottom_dimension, bottom_factor = _part_dimension(bottom)
        return f"{top_dimension}/{bottom_dimension}", top_factor / bottom_factor
    known = _known(unit)
    if known is not None and known[0] == unit:
        return known[1], known[2]
    return f"unit:{unit}", 1.0


def _part_dimension(word: str) -> tuple[str, float]:
    if word == "":
        return "count", 1.0
    known = _known(word)
    return (known[1], known[2]) if known else (f"unit:{word}", 1.0)


def canonical_unit(word: str) -> str | None:
    """The canonical spelling of a known unit: ``Seconds`` → ``s``, ``€`` → ``EUR``."""
    known = _known(word)
    return known[0] if known else None


def is_currency(unit: str) -> bool:
    """``EUR``, ``USD``, and rates of a currency such as ``USD/GB`` or ``€/Tag``."""
    return _part_dimension(unit.partition("/")[0])[0].startswith("currency:")


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


def _money(value: float) -> str:
    """Amounts with cents as cents (``1.20``); whole amounts and fractions of a cent as any
    other number (``18,400``, ``0.004``)."""
    if value != int(value) and abs(value) >= 0.01 and math.isclose(
        value, round(value, 2), rel_tol=0, abs_tol=1e-9
    ):
        return f"{value:,.2f}"
    return format_number(value)


def format_quantity(value: float, unit: str, unit_before: bool = False) -> str:
    """``5,200 ms``, ``41%``, ``140/min``; amounts as their authors write them: ``€0.84``,
    ``$1.20/GB``, ``CHF 12,000`` (``unit_before``) or ``0.84 €``, ``186.48 €/Tag``."""
    money = is_currency(unit)
    number = _money(value) if money else format_number(value)
    if not unit:
        return number
    if unit == "%" or unit.startswith("/"):
        return f"{number}{unit}"
    if money and unit_before:
        code, slash, per = unit.partition("/")
        symbol = _SYMBOLS.get(code, code)
        sign, digits = ("-", number[1:]) if number.startswith("-") else ("", number)
        gap = " " if symbol[-1:].isalpha() else ""
        return f"{sign}{symbol}{gap}{digits}{slash}{per}"
    if unit == "EUR":
        return f"{number} €"  # "0,84 €" is how euro amounts are written after the number
    return f"{number} {unit}"

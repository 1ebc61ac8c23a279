"""The grammar of measured values: ``5,200ms``, ``4.2GB peak``, ``~50-100ms``, ``5+ seconds``.

An explicit grammar rather than ``float()``: ``float`` accepts ``1_000``, ``１２３`` and ``nan``,
and rejects ``5,200``. Only ASCII digits count; ``,`` is a thousands separator when it groups
exactly three digits.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..model import Quantity
from ..units import canonical_unit

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
    unit, consumed = _unit(text, match)
    prefix = (match.group("prefix") or "").strip().lower()
    approximate = prefix in ("~", "≈", "about", "approx", "approx.", "around")
    bound: str = ""
    if match.group("plus") or prefix in (">", ">=", "≥"):
        bound = "at_least"
    elif prefix in ("<", "<=", "≤"):
        bound = "at_most"
    value, low, high = _range(number, match)
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
        approximate=approximate or bool(bound) or low is not None,
        low=low,
        high=high,
        bound=bound,  # type: ignore[arg-type]
    )
    return ParsedValue(quantity, note)


def _unit(text: str, match: re.Match[str]) -> tuple[str, int]:
    """The unit after the number, and where the value ends (before a word that describes)."""
    unit_word = match.group("unit") or ""
    consumed = match.end()
    if not unit_word:
        return "", consumed
    canonical = canonical_unit(unit_word)
    if canonical is not None:
        return canonical, consumed
    if "/" in unit_word:
        return unit_word, consumed
    if unit_word.lower() in _NOT_UNITS or not _is_glued(text, match):
        # "4 requests" or "100% sustained": the word describes, it is not a unit.
        return "", match.start("unit")
    return unit_word, consumed


def _range(number: float, match: re.Match[str]) -> tuple[float, float | None, float | None]:
    """``(value, low, high)``: a range ``50-100`` is its middle, and approximate."""
    if not match.group("high"):
        return number, None, None
    low, high = number, _number(match.group("high"))
    if high < low:
        low, high = high, low
    return (low + high) / 2, low, high


def _is_glued(text: str, match: re.Match[str]) -> bool:
    """A word right after the number (``12req``) is a unit; after a space only if known."""
    return match.start("unit") == match.end("plus" if match.group("plus") else "number") or (
        match.group("high") is not None and match.start("unit") == match.end("high")
    )

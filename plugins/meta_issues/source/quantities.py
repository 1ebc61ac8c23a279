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

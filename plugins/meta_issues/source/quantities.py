"""The grammar of measured values: ``5,200ms``, ``4.2GB peak``, ``~50-100ms``, ``5+ seconds``,
``318k tok/s``, ``41 h 12 min``, ``€0.84``, ``0,84 €/Tag``, ``120–180 ms``,
``n/a (diverged at 18.6k)``.

An explicit grammar rather than ``float()``: ``float`` accepts ``1_000``, ``１２３`` and ``nan``,
and rejects ``5,200``. Only ASCII digits count; which of ``.`` and ``,`` is the decimal mark is
the document's own convention (``numerals``), and a number it leaves ambiguous is returned as
such, never guessed. Every pattern is bounded: values are arbitrary user text (ReDoS).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..model import NumberStyle, Quantity
from ..units import canonical_unit, convert, unit_dimension
from .numerals import NUMERAL, UNKNOWN, Ambiguous, read_numeral

_LEAD = re.compile(
    r"(?P<prefix>~|≈|≃|(?i:about|approx\.?|around|circa|ca\.)\s|<=|>=|≤|≥|<|>)?\s{0,3}"
    r"(?P<sign>[-−+])?"
    r"(?:(?P<currency>US\$|[$€£¥])\s?|(?P<code>USD|EUR|GBP|CHF|JPY)\s?(?=[0-9.]))?"
)
_EXPONENT = re.compile(r"[eE][-+]?[0-9]{1,4}(?![A-Za-z])")
# Thousands and millions after the number (``318k``, ``1.2M``, ``1,2 Mio.``); ``M`` is not
# ``MB``, and ``m`` is minutes.
_MAGNITUDE = re.compile(r"\s?(?:(?P<short>[kKM]|bn)|(?P<long>Mio|Mrd)\.?)(?![A-Za-z])")
_FACTORS = {"k": 1e3, "K": 1e3, "M": 1e6, "bn": 1e9, "Mio": 1e6, "Mrd": 1e9}
_RANGE = re.compile(r"\s{0,3}(?:-|–|—|(?i:to|bis))\s{0,3}(?:US\$|[$€£¥])?")
_WORD = r"[^\W\d_]{1,12}"
_UNIT = re.compile(
    rf"\s{{0,3}}(?P<unit>%|/{_WORD}|(?:US\$|[$€£¥])(?:/{_WORD})?"
    rf"|[^\W\d_×][^\W\d_]{{0,15}}(?:/{_WORD})?|×)"
)
_DURATION_PART = re.compile(rf"\s{{0,2}}(?P<n>[0-9]{{1,6}})\s{{0,2}}(?P<u>{_WORD})(?![^\W\d_])")
_NO_DATA = re.compile(
    r"(?:n/a|n\.a\.|na|none|tbd|unknown|not measured|not run|skipped|diverged|crashed|oom"
    r"|dnf|did not finish|aborted|failed|timed out|timeout|k\.\s?a\.|nicht gemessen|entfällt"
    r"|[?—–-])(?=$|[\s(:;,])",
    re.I,
)
# A note must not start where a number went on ("1_000", "5ms, 6ms", "41 h 12") or with a mark
# glued to more text ("9.M"); a comma or point that ends a clause ("4,2 s, stabil") may.
_NUMBER_GOES_ON = re.compile(r"_|[.,](?!\s|$)|[.,]\s{0,3}[0-9]|[0-9]")
# Words that commonly follow a number but are descriptions, not units.
_NOT_UNITS = {
    "peak", "avg", "average", "sustained", "mean", "median", "max", "min-", "total", "under",
    "with", "at", "of", "per", "and", "or", "in", "on", "after", "before", "the", "improvement",
    "reduction", "worse", "better", "faster", "slower", "spikes", "spike", "p95", "p99",
}


@dataclass(frozen=True)
class ParsedValue:
    """A value as read: its quantity, or ``no_data``, or a number the document's convention
    leaves ``ambiguous`` (then ``quantity`` is ``None``); ``note`` is the text after it."""

    quantity: Quantity | None
    note: str
    no_data: bool = False
    ambiguous: Ambiguous | None = None


@dataclass
class _Number:
    value: float | Ambiguous
    start: int
    end: int
    magnitude: float = 1.0


def parse_value(raw: str, numbers: NumberStyle = UNKNOWN) -> ParsedValue | None:
    """Parse the leading quantity of ``raw`` written in a document of style ``numbers``;
    ``None`` when it holds no number anyone could read."""
    text = raw.strip()
    empty = _no_data(text)
    if empty is not None:
        return empty
    lead = _LEAD.match(text)
    assert lead is not None  # every part is optional
    first = _number(text, lead.end(), numbers)
    if first is None:
        return None
    high = _range_end(text, first, numbers)
    end = (high or first).end
    plus = text.startswith("+", end)
    end += plus
    currency = lead["currency"] or lead["code"] or ""
    unit, end = _unit(text, end, currency)
    if high is None:
        first, unit, end = _compound_duration(text, first, unit, end)
    note = text[end:].strip()
    if _NUMBER_GOES_ON.match(note):
        return None  # "1_000", "5ms, 6ms": a number we would have to guess at
    for number in (first, high):
        if number is not None and isinstance(number.value, Ambiguous):
            return ParsedValue(None, note, ambiguous=number.value)
    return _quantity(text[:end].strip(), lead, first, high, unit, plus, note)


def _no_data(text: str) -> ParsedValue | None:
    """``N/A``, ``—``, ``TBD``, ``n/a (diverged at 18.6k)``: no value, the rest a note."""
    plain = re.sub(r"[*_`]+", "", text).strip()
    if not plain:
        return ParsedValue(None, "", no_data=True)
    match = _NO_DATA.match(plain)
    if match is None:
        return None
    note = plain[match.end():].strip(" :;,")
    if note[:1].isdigit():
        return None  # "- 5" is not "no value" with a note of 5
    return ParsedValue(None, note, no_data=True)


def _number(text: str, start: int, numbers: NumberStyle) -> _Number | None:
    """The numeral at ``start`` read in the document's convention, with its magnitude."""
    match = NUMERAL.match(text, start)
    if match is None:
        return None
    numeral, end = match.group(0), match.end()
    exponent = _EXPONENT.match(text, end) if "," not in numeral and numeral.count(".") < 2 else None
    value: float | Ambiguous | None
    if exponent:
        value, end = float(numeral + exponent.group(0)), exponent.end()
    else:
        value = read_numeral(numeral, numbers)
    if value is None:
        return None
    number = _Number(value, start, end)
    magnitude = _MAGNITUDE.match(text, end)
    if magnitude:
        number.magnitude = _FACTORS[magnitude["short"] or magnitude["long"]]
        number.end = magnitude.end()
    return number


def _range_end(text: str, low: _Number, numbers: NumberStyle) -> _Number | None:
    """The upper end of ``120–180``, ``50 to 100``; ``1–2k`` is 1k to 2k."""
    separator = _RANGE.match(text, low.end)
    if separator is None:
        return None
    high = _number(text, separator.end(), numbers)
    if high is not None and low.magnitude == 1.0:
        low.magnitude = high.magnitude
    return high


def _unit(text: str, start: int, currency: str) -> tuple[str, int]:
    """The unit from ``start`` and where the value ends (before a word that describes)."""
    match = _UNIT.match(text, start)
    word = match["unit"] if match else ""
    if currency:
        # "€0.84/kWh", "$1.20/GB": the amount, in the currency's code, per the unit after it.
        per = word if word.startswith("/") else ""
        end = match.end() if match and per else start
        return (canonical_unit(currency) or currency) + per, end
    if match is None:
        return "", start
    canonical = canonical_unit(word)
    if canonical is not None:
        return canonical, match.end()
    if "/" in word:
        return word, match.end()  # a rate, kept as written: "1,310 msg/s", "0,84 €/Tag"
    glued = match.start("unit") == start
    if word.lower() in _NOT_UNITS or not glued:
        # "4 requests" or "100% sustained": the word describes, it is not a unit.
        return "", start
    return word, match.end()


def _compound_duration(
    text: str, first: _Number, unit: str, end: int
) -> tuple[_Number, str, int]:
    """``41 h 12 min``, ``2h40m``: each part a smaller unit of time, the sum in the last."""
    if isinstance(first.value, Ambiguous) or unit_dimension(unit)[0] != "time":
        return first, unit, end
    seconds = first.value * first.magnitude * (convert(1.0, unit, "s") or 0.0)
    last, last_factor = unit, convert(1.0, unit, "s") or 0.0
    for _ in range(3):
        part = _DURATION_PART.match(text, end)
        part_unit = canonical_unit(part["u"]) if part else None
        factor = convert(1.0, part_unit, "s") if part_unit else None
        if part is None or part_unit is None or factor is None or factor >= last_factor:
            break
        seconds += int(part["n"]) * factor
        last, last_factor, end = part_unit, factor, part.end()
    if last == unit:
        return first, unit, end
    return _Number(seconds / last_factor, first.start, end), last, end


def _quantity(
    raw: str, lead: re.Match[str], first: _Number, high: _Number | None, unit: str,
    plus: bool, note: str,
) -> ParsedValue | None:
    assert not isinstance(first.value, Ambiguous)
    sign = -1.0 if lead["sign"] in ("-", "−") else 1.0
    value = sign * first.value * first.magnitude
    low_end: float | None = None
    high_end: float | None = None
    if high is not None:
        assert not isinstance(high.value, Ambiguous)
        low_end, high_end = sorted((value, high.value * high.magnitude))
        value = (low_end + high_end) / 2
    if not all(math.isfinite(v) for v in (value, low_end or 0.0, high_end or 0.0)):
        return None
    prefix = (lead["prefix"] or "").strip().lower()
    approximate = prefix in ("~", "≈", "≃", "about", "approx", "approx.", "around", "circa",
                             "ca.")
    bound = ("at_least" if plus or prefix in (">", ">=", "≥") else
             "at_most" if prefix in ("<", "<=", "≤") else "")
    quantity = Quantity(
        value=value, unit=unit, raw=raw,
        approximate=approximate or bool(bound) or high is not None,
        low=low_end, high=high_end, bound=bound,  # type: ignore[arg-type]
        unit_before=bool(lead["currency"] or lead["code"]),
    )
    return ParsedValue(quantity, note)

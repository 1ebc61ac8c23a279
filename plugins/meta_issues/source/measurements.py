"""One metric value as written (README or attempt front matter), before the metrics merge."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..model import Location, NumberStyle, Quantity
from .context import Context
from .numerals import ambiguity
from .quantities import parse_value
from .recognisers import TARGET


@dataclass
class RawMeasurement:
    attempt: int
    name: str
    quantity: Quantity
    note: str
    location: Location


def measure(
    context: Context, attempt: int, name: str, value: str, location: Location,
    raw: list[RawMeasurement], numbers: NumberStyle | None = None,
) -> None:
    """Add ``name: value`` of ``attempt`` to ``raw``, or report why it is not a measurement.

    ``numbers`` is the convention of the file it is written in (the README's by default).
    """
    name = TARGET.sub("", name).strip()
    style = context.numbers if numbers is None else numbers
    parsed = parse_value(value, style)
    if parsed is None and _not_finite(value):
        context.report("warning", location, "METRIC_NOT_FINITE",
                       f"metric '{name}' has value '{value}', which is not a finite number; "
                       "write the measured number, or N/A when there is none")
        return
    if parsed is None:
        context.report("warning", location, "METRIC_UNPARSEABLE",
                       f"metric '{name}' has value '{value}' — expected a number with an "
                       "optional unit, e.g. '5,200ms'")
        return
    if parsed.ambiguous is not None:
        context.report("warning", location, "NUMBER_AMBIGUOUS",
                       f"metric '{name}' has value '{value}': "
                       f"{ambiguity(parsed.ambiguous, style)}")
        return
    if parsed.no_data or parsed.quantity is None:
        return
    raw.append(RawMeasurement(attempt, name, parsed.quantity, parsed.note, location))


_NON_FINITE = re.compile(r"^[+-]?\.?(?:nan|inf|infinity)\b", re.I)


def _not_finite(value: str) -> bool:
    """``nan``, ``inf`` or a number too large for a float (``1e999``): worth its own message."""
    text = value.strip()
    if _NON_FINITE.match(text):
        return True
    number = re.match(r"^[+-]?\d[\d,]*(?:\.\d*)?e[+-]?\d+", text, re.I)
    if number:
        try:
            return not math.isfinite(float(number.group(0).replace(",", "")))
        except ValueError:
            return False
    return False

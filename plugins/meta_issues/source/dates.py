"""Dates as teams write them: ``2025-01-13``, ``January 13, 2025``, ``Jan 20, 2025``,
``20 January 2025``, ``26.01.2025``, ``18. März 2025``, ``02/03/2025``.

A date whose day and month could swap (``02/03/2025``) is read in the folder's own
convention, which its unambiguous dates reveal (``17/02/2025`` is day first); without one it is
ambiguous, and the caller reports it rather than guess.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

DateOrder = Literal["dmy", "mdy"]

_MONTHS: dict[str, int] = {}
for _number, _names in enumerate((
    "january jan januar jänner janvier",
    "february feb febr februar février fevrier",
    "march mar märz maerz mrz mär mars",
    "april apr avril",
    "may mai",
    "june jun juni juin",
    "july jul juli juillet",
    "august aug août aout",
    "september sep sept septembre",
    "october oct oktober okt octobre",
    "november nov novembre",
    "december dec dezember dez décembre decembre",
), start=1):
    for _name in _names.split():
        _MONTHS[_name] = _number
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY = (r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday)?"
            r"|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag)\.?,?\s{1,3}")
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th|\.)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_ISO = re.compile(r"(?<![\d.])(?P<year>\d{4})([-/.])(?P<month>\d{1,2})\2(?P<day>\d{1,2})(?![\d])")
_NUMERIC = re.compile(
    r"(?<![\d./-])(?P<a>\d{1,2})(?P<sep>[./])(?P<b>\d{1,2})(?P=sep)(?P<year>\d{4}|\d{2})(?![\d])")
_DAY_MONTH = re.compile(
    rf"(?<![\w.])(?:{_WEEKDAY})?{_DAY}\s{{0,3}}(?P<month>{_MONTH})\.?,?\s{{1,3}}{_YEAR}(?!\d)",
    re.I)
_MONTH_DAY = re.compile(
    rf"(?<![\w.])(?:{_WEEKDAY})?(?P<month>{_MONTH})\.?\s{{1,3}}{_DAY},?\s{{1,3}}{_YEAR}(?!\d)",
    re.I)


_YEARISH = re.compile(r"\d\d")
_YEAR_19_20 = re.compile(r"(?:19|20)\d\d")


@dataclass(frozen=True)
class FoundDate:
    """A date in a text: ISO form (``None`` when ambiguous) and where it is written."""

    iso: str | None
    start: int
    end: int
    written: str

    @property
    def ambiguous(self) -> bool:
        return self.iso is None


def folder_date_order(texts: list[str]) -> DateOrder | None:
    """The convention the folder's unambiguous numeric dates reveal, if they agree."""
    votes: set[DateOrder] = set()
    for text in texts:
        for match in _NUMERIC.finditer(text):
            first, second = int(match["a"]), int(match["b"])
            if first > 12 >= second:
                votes.add("dmy")
            elif second > 12 >= first:
                votes.add("mdy")
            elif match["sep"] == "." and first <= 31 and second <= 12:
                votes.add("dmy")  # dotted dates are day first wherever they are written
    return next(iter(votes)) if len(votes) == 1 else None


def find_date(text: str, order: DateOrder | None = None) -> FoundDate | None:
    """The first date written in ``text`` (ISO, numeric or with a month name)."""
    found: list[FoundDate] = []
    if not _YEARISH.search(text):
        return None  # every form has a year of two or four digits: most text has none
    for match in _ISO.finditer(text):
        found.append(_found(match, _iso(match["year"], match["month"], match["day"])))
        break
    named = _YEAR_19_20.search(text) is not None
    for pattern in (_DAY_MONTH, _MONTH_DAY) if named else ():
        for match in pattern.finditer(text):
            month = _MONTHS.get(match["month"].lower())
            found.append(_found(match, _iso(match["year"], str(month), match["day"])))
            break
    for match in _NUMERIC.finditer(text):
        iso, ambiguous = _numeric(match, order)
        found.append(_found(match, iso, ambiguous=ambiguous))
        break
    usable = [f for f in found if f.iso is not None or f.written]
    return min(usable, key=lambda f: f.start, default=None)


def parse_date(text: str, order: DateOrder | None = None) -> str | None:
    """The ISO form of the first date in ``text``, or ``None`` (none, or ambiguous)."""
    found = find_date(text, order)
    return found.iso if found else None


def without_date(text: str, found: FoundDate | None) -> str:
    """``text`` with the date and the punctuation it leaves behind removed: ``Version 2 —
    January 13, 2025: Skew`` → ``Version 2 — Skew`` (a leading weekday goes too)."""
    if found is None:
        return text
    before, after = text[: found.start], text[found.end:]
    before = re.sub(r"[\s(\[,;:·|–—-]*$", "", before)
    after = re.sub(r"^[\s)\],;:·|–—-]*", "", after)
    if before and after:
        joined = f"{before} — {after}" if _needs_separator(before) else f"{before} {after}"
    else:
        joined = before or after
    return re.sub(r"\(\s*\)|\[\s*\]", "", joined).strip(" -–—:.|()·,")


def _needs_separator(before: str) -> bool:
    """Whether the text before a removed date is a label (``Version 2``) that the rest
    must stay apart from."""
    return bool(re.search(r"\d$", before.strip()))


def _found(match: re.Match[str], iso: str | None, *, ambiguous: bool = False) -> FoundDate:
    # Without a date (day 41) nothing was written that reads as one; ambiguous is kept.
    written = match.group(0) if iso is not None or ambiguous else ""
    return FoundDate(iso, match.start(), match.end(), written)


def _numeric(match: re.Match[str], order: DateOrder | None) -> tuple[str | None, bool]:
    """The ISO date and whether day and month could swap with no convention to decide."""
    first, second, year = match["a"], match["b"], match["year"]
    if len(year) == 2:
        year = f"20{year}"
    a, b = int(first), int(second)
    if a > 12 or (match["sep"] == "." and order != "mdy"):
        return _iso(year, second, first), False
    if b > 12 or a == b:
        return _iso(year, first, second), False
    if order is None:
        return None, _iso(year, first, second) is not None
    day_first = order == "dmy"
    return (_iso(year, second, first) if day_first else _iso(year, first, second)), False


def _iso(year: str, month: str, day: str) -> str | None:
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None

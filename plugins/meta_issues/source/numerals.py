"""Numerals as a document writes them: which mark is the decimal mark, and which groups.

``18.450`` is 18450 in a document that writes ``4,2 s`` and 18.45 in one that writes
``4.2 s``. Each document's convention comes from its own numbers that only one convention
explains (``number_style``); a numeral that the convention cannot settle is *ambiguous*, and
its reader reports it instead of guessing (``read_numeral``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import NumberStyle

# A numeral: digits with ``.`` or ``,`` between groups (or a bare ``.5``). Bounded repetition:
# it runs on arbitrary text.
NUMERAL = re.compile(r"[0-9]+(?:[.,][0-9]+){0,12}|\.[0-9]+")

POINT = NumberStyle(points=1)
COMMA = NumberStyle(commas=1)
UNKNOWN = NumberStyle()


@dataclass(frozen=True)
class Ambiguous:
    """A numeral with two readings the document does not choose between."""

    written: str
    as_decimal: float
    as_grouped: float


Reading = float | Ambiguous | None  # None: not a numeral anyone could read


def read_numeral(numeral: str, style: NumberStyle) -> Reading:
    """The value of ``numeral`` (a ``NUMERAL`` match) in a document of ``style``.

    Only ``1,234`` and ``1.234`` (one mark, three digits after it) depend on the convention;
    every other form has one reading or none. Without evidence a comma groups, as the
    contract's ``1,310 msg/s`` says, while ``1.234`` stays ambiguous; in a document that
    writes both marks, both forms are ambiguous.
    """
    commas, points = numeral.count(","), numeral.count(".")
    if commas and points:
        return _both_marks(numeral)
    if not commas and not points:
        return float(numeral)
    mark = "," if commas else "."
    head, *tail = numeral.split(mark)
    if len(tail) > 1:
        return _grouped(head, tail)
    decimals = tail[0]
    if not _groups_thousands(head, decimals):
        # Only a decimal mark fits; a lone decimal comma without other evidence is a
        # number we would have to guess at (``5,20`` could be ``5,200`` mistyped).
        if mark == "," and style.decimal == "":
            return None
        return _decimal(head, decimals)
    decimal = style.decimal
    if decimal == mark:
        return _decimal(head, decimals)
    if decimal in (".", ",") or (decimal == "" and mark == ","):
        return float(head + decimals)
    return Ambiguous(numeral, _decimal(head, decimals), float(head + decimals))


def _groups_thousands(head: str, group: str) -> bool:
    return len(group) == 3 and 1 <= len(head) <= 3 and not head.startswith("0")


def _grouped(head: str, groups: list[str]) -> float | None:
    """``1,234,567`` or ``1.234.567``: several marks of one kind can only group."""
    if not 1 <= len(head) <= 3 or head.startswith("0") or any(len(g) != 3 for g in groups):
        return None
    return float(head + "".join(groups))


def _decimal(head: str, decimals: str) -> float:
    return float(f"{head or '0'}.{decimals}")


def _both_marks(numeral: str) -> float | None:
    """``1,234.5`` or ``1.234,5``: the last mark is the decimal mark, the other groups."""
    decimal = "." if numeral.rfind(".") > numeral.rfind(",") else ","
    group = "," if decimal == "." else "."
    whole, _, decimals = numeral.rpartition(decimal)
    if decimal in whole:
        return None
    head, *groups = whole.split(group)
    value = _grouped(head, groups)
    return None if value is None else value + _decimal("", decimals)


# --- a document's convention ---------------------------------------------------------------

# A numeral standing on its own: not inside a word (``v1.2``), a path or URL (``HTTP/1.1``),
# an assignment (``lr=0.5``) or a version, date or address with more marks (``26.01.2025``).
_EVIDENCE = re.compile(
    r"(?<![\w.,/=:@#'’+-])(?P<n>[0-9]{1,12}(?:[.,][0-9]{1,12}){1,6})(?![.,]?[0-9])"
)
_HEADING_NUMBER = re.compile(r"^\s{0,3}#{1,6}\s+$")
_SHORT_DATE = re.compile(r"(?:0?[1-9]|[12][0-9]|3[01])\.(?:0[1-9]|1[0-2])")
_CODE_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})\s*([\w+-]*)")
_PROSE_FENCES = ("", "text", "txt", "plain", "plaintext", "markdown", "md", "yaml", "yml")


def number_style(text: str, first_line: int | None = 1) -> NumberStyle:
    """The convention ``text`` writes numbers in, from the numbers only one convention
    explains. Code in a fence with a language is left out: ``range(1,10)`` is not prose.
    ``first_line`` is the file line ``text`` starts on (``None``: the front matter)."""
    points = commas = 0
    point_example = comma_example = ""
    for index, line in _prose_lines(text):
        for match in _EVIDENCE.finditer(line):
            mark = _decimal_mark(line, match)
            if mark == ".":
                points += 1
                point_example = point_example or _example(match, first_line, index)
            elif mark == ",":
                commas += 1
                comma_example = comma_example or _example(match, first_line, index)
    return NumberStyle(points, commas, point_example, comma_example)


def combined(first: NumberStyle, second: NumberStyle) -> NumberStyle:
    """The evidence of two parts of one file together."""
    return NumberStyle(first.points + second.points, first.commas + second.commas,
                       first.point_example or second.point_example,
                       first.comma_example or second.comma_example)


def _example(match: re.Match[str], first_line: int | None, index: int) -> str:
    if first_line is None:
        return f"'{match['n']}' in the front matter"
    return f"'{match['n']}' on line {first_line + index}"


def _prose_lines(text: str) -> list[tuple[int, str]]:
    """The lines of ``text`` outside code fences with a language, numbered from 0."""
    lines: list[tuple[int, str]] = []
    fence = ""
    for index, line in enumerate(text.split("\n")):
        marker = _CODE_FENCE.match(line)
        if fence:
            if marker and marker[1][0] == fence[0] and len(marker[1]) >= len(fence):
                fence = ""
            continue
        if marker and marker[2].lower() not in _PROSE_FENCES:
            fence = marker[1]
            continue
        if "," in line or "." in line:
            lines.append((index, line))
    return lines


def _decimal_mark(line: str, match: re.Match[str]) -> str:
    """The decimal mark ``match`` shows (``""`` when it shows none: ``1,234``, a date, a
    section number)."""
    numeral = match["n"]
    if _HEADING_NUMBER.match(line[: match.start()]):
        return ""  # "## 2.1 Results": a section number
    after = line[match.end(): match.end() + 8]
    if after[:1] == "." and _SHORT_DATE.fullmatch(numeral):
        return ""  # "am 13.01." : a day and a month
    if after.lstrip().lower().startswith("uhr"):
        return ""  # "12.30 Uhr": a time of day
    reading_as_point = read_numeral(numeral, POINT)
    reading_as_comma = read_numeral(numeral, COMMA)
    if reading_as_point is None or reading_as_comma is None:
        return ""
    if reading_as_point == reading_as_comma:
        # One reading in both conventions: its marks say which is the decimal mark.
        return _mark_of(numeral)
    return ""


def _mark_of(numeral: str) -> str:
    """The decimal mark of a numeral with one reading: the last mark, unless the marks are
    all of one kind and group (``1,234,567`` writes a decimal point elsewhere)."""
    commas, points = numeral.count(","), numeral.count(".")
    if commas and points:
        return "." if numeral.rfind(".") > numeral.rfind(",") else ","
    if commas + points > 1:
        return "." if commas else ","
    return "," if commas else "."


# --- telling the author ----------------------------------------------------------------------


def ambiguity(ambiguous: Ambiguous, style: NumberStyle) -> str:
    """Why ``ambiguous`` is not read as a number, and two ways to write it that are."""
    written = ambiguous.written
    mark = "," if "," in written else "."
    head, _, decimals = written.partition(mark)
    decimal_text = f"{head}{mark}{decimals.rstrip('0') or '0'}"
    if len(decimal_text) - len(head) - 1 == 3:
        decimal_text += "0"  # "1.2340": four decimals can only be decimals
    if style.decimal == "mixed":
        why = (f"the file writes decimal points ({style.point_example}) and decimal commas "
               f"({style.comma_example})")
    else:
        why = "no other number in the file shows which decimal mark it uses"
    return (f"'{written}' could be {ambiguous.as_decimal:.12g} or {ambiguous.as_grouped:.12g}, "
            f"and {why}; write '{head}{decimals}' or '{decimal_text}' to say which")

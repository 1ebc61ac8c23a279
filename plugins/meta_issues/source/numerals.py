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
_HEADING_NUMBER = re.compile(r"\s{0,3}#{1,6}\s{1,3}")
_MARKED = re.compile(r"[0-9][.,][0-9]")
_TOKEN = re.compile(r"[0-9.,]{1,200}")
_NUMERAL_CHARS = frozenset("0123456789.,")
_ENOUGH = 2000  # numbers with a mark: more would not change a file's convention
_SHORT_DATE = re.compile(r"(?:0?[1-9]|[12][0-9]|3[01])\.(?:0[1-9]|1[0-2])")
_CODE_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})\s*([\w+-]*)")
_PROSE_FENCES = ("", "text", "txt", "plain", "plaintext", "markdown", "md", "yaml", "yml")


def number_style(text: str, first_line: int | None = 1) -> NumberStyle:
    """The convention ``text`` writes numbers in, from the numbers only one convention
    explains. Code in a fence with a language is left out: ``range(1,10)`` is not prose.
    ``first_line`` is the file line ``text`` starts on (``None``: the front matter)."""
    points = commas = 0
    point_example = comma_example = ""
    code = _code_blocks(text)
    block = 0
    for match in _numerals_with_marks(text):
        while block < len(code) and code[block][1] <= match.start():
            block += 1
        if block < len(code) and code[block][0] <= match.start():
            continue
        mark = _decimal_mark(text, match)
        if mark == ".":
            points += 1
            point_example = point_example or _example(text, match, first_line)
        elif mark == ",":
            commas += 1
            comma_example = comma_example or _example(text, match, first_line)
    return NumberStyle(points, commas, point_example, comma_example)


def _numerals_with_marks(text: str) -> list[re.Match[str]]:
    """Every standing numeral with a mark; found from its mark, since few numbers have one
    and a scan of every position for a numeral costs a fifth of reading a file."""
    found: list[re.Match[str]] = []
    searched = 0
    for hit in _MARKED.finditer(text):
        if len(found) >= _ENOUGH:
            break
        if hit.start() < searched:
            continue
        start = hit.start()
        while start > 0 and start > hit.start() - 100 and text[start - 1] in _NUMERAL_CHARS:
            start -= 1
        match = _EVIDENCE.match(text, start)
        if match is not None:
            found.append(match)
        token = _TOKEN.match(text, start)
        searched = token.end() if token else hit.end()
    return found


def combined(first: NumberStyle, second: NumberStyle) -> NumberStyle:
    """The evidence of two parts of one file together."""
    return NumberStyle(first.points + second.points, first.commas + second.commas,
                       first.point_example or second.point_example,
                       first.comma_example or second.comma_example)


def _example(text: str, match: re.Match[str], first_line: int | None) -> str:
    if first_line is None:
        return f"'{match['n']}' in the front matter"
    return f"'{match['n']}' on line {first_line + text.count(chr(10), 0, match.start())}"


def _code_blocks(text: str) -> list[tuple[int, int]]:
    """Where ``text`` has code in fences with a language, as (start, end) offsets."""
    if "```" not in text and "~~~" not in text:
        return []
    blocks: list[tuple[int, int]] = []
    fence, begin, offset = "", 0, 0
    for line in text.split("\n"):
        marker = _CODE_FENCE.match(line)
        if fence:
            if marker and marker[1][0] == fence[0] and len(marker[1]) >= len(fence):
                fence = ""
                blocks.append((begin, offset + len(line)))
        elif marker and marker[2].lower() not in _PROSE_FENCES:
            fence, begin = marker[1], offset
        offset += len(line) + 1
    if fence:
        blocks.append((begin, len(text)))
    return blocks


def _decimal_mark(text: str, match: re.Match[str]) -> str:
    """The decimal mark ``match`` shows (``""`` when it shows none: ``1,234``, a date, a
    section number)."""
    numeral = match["n"]
    before = text[max(0, match.start() - 12): match.start()]
    newline = before.rfind("\n")
    if (newline >= 0 or match.start() <= 12) and _HEADING_NUMBER.fullmatch(before[newline + 1:]):
        return ""  # "## 2.1 Results": a section number
    after = text[match.end(): match.end() + 8]
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

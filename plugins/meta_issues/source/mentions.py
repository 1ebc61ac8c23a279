"""References in prose: "Attempt 003", "Attempts 001 and 002", "attempts 1–4", "Mitigation 3",
"Version 2", "Hypothesis v2", "(v2)", "TC-2", "TC-02", "test case 2" — and the sentence each
one is written in.

The pages link every reference to what it names and list, on the page of what is named, where
it was mentioned. Both use ``find_references`` on text outside code (the callers know where
code is), so a link and its backlink always agree.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Literal

from ..options import DEFAULT_ATTEMPT_WORDS

ReferenceKind = Literal["attempt", "version", "test_case"]
# The words that number an attempt when no others are configured (the option's default).
ATTEMPT_WORDS = DEFAULT_ATTEMPT_WORDS

_DIGITS = r"0*(?P<{}>\d{{1,4}})(?![\d.,]\d)"
# What may join two numbers of one reference: "001 and 002", "1, 2 & 3", "1–4", "1 to 4".
_JOIN = r"\s*(?:,\s*(?:and\s+|or\s+)?|and|or|&|\+|/|–|—|-|to)\s*"
_RANGE = re.compile(r"\s*(?:–|—|-|to)\s*")
_BEFORE = r"(?<![\w\[/#.@-])"
_AFTER = r"(?![\w\]])"


def _more(name: str) -> str:
    return rf"(?P<{name}>(?:{_JOIN}#?\s*\d{{1,4}}(?![\d.,]\d)\b)*)"


@dataclass(frozen=True)
class Reference:
    """One number a reference names; ``start``..``end`` is the text to link (empty for the
    numbers a range only implies: 2 and 3 of "attempts 1–4")."""

    kind: ReferenceKind
    number: int
    start: int
    end: int


@functools.lru_cache(maxsize=32)
def _pattern(attempt_words: tuple[str, ...]) -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in sorted({*attempt_words, "Attempt"}, key=len,
                                                     reverse=True))
    return re.compile(
        rf"{_BEFORE}(?:"
        rf"(?P<attempt>(?:{words})(?:e?s)?\s*#?\s*{_DIGITS.format('anum')}){_more('amore')}"
        rf"|(?P<version>versions?\s*#?\s*{_DIGITS.format('vnum')}){_more('vmore')}"
        rf"|(?P<short>v(?P<snum>\d{{1,4}}))(?!\d|\.\d)"
        rf"|(?P<case>(?:TC[-‐‑ ]?|test[- ]?cases?\s*#?\s*){_DIGITS.format('cnum')})"
        rf"{_more('cmore')}"
        rf"){_AFTER}",
        re.IGNORECASE,
    )


# group of the text to link, group of its number, group of further numbers
_GROUPS: dict[ReferenceKind, tuple[str, str, str]] = {
    "attempt": ("attempt", "anum", "amore"),
    "version": ("version", "vnum", "vmore"),
    "test_case": ("case", "cnum", "cmore"),
}


def find_references(text: str, attempt_words: tuple[str, ...] = ATTEMPT_WORDS
                    ) -> list[Reference]:
    """Every reference in ``text`` (which holds no code), in order."""
    if not re.search(r"\d", text):
        return []
    found: list[Reference] = []
    for match in _pattern(attempt_words).finditer(text):
        if match["short"]:
            found.append(Reference("version", int(match["snum"]), match.start(), match.end()))
            continue
        kind = next(k for k, (head, _n, _m) in _GROUPS.items() if match[head])
        found.extend(_numbers(kind, match))
    return found


def _numbers(kind: ReferenceKind, match: re.Match[str]) -> list[Reference]:
    """The first number with its word, then each further number of the list or range."""
    head, number_group, more = _GROUPS[kind]
    first = int(match[number_group])
    found = [Reference(kind, first, match.start(head), match.end(head))]
    previous, position = first, match.end(head)
    for number in re.finditer(r"\d{1,4}", match[more] or ""):
        start = match.start(more) + number.start()
        joint = match.string[position:start]
        value = int(number.group(0))
        if _RANGE.fullmatch(joint.replace("#", "")) and previous < value <= previous + 100:
            found.extend(Reference(kind, n, start, start) for n in range(previous + 1, value))
        found.append(Reference(kind, value, start, start + len(number.group(0))))
        previous, position = value, start + len(number.group(0))
    return found


# --- the sentence around a place ------------------------------------------------------------

# A sentence ends at ". " before a capital, at a blank line, and before a list item or a
# label line ("**Result:** …" on the next line is another statement).
_SENTENCE_END = re.compile(
    r"(?<=[.!?])[\"”')\]]*\s+(?=[\"“(\[*_]*[A-Z0-9])|\n\s*\n|\n(?=\s*[-*+] )"
    r"|\n(?=\s*(?:\*\*|__)[^*_\n]{1,40}?:)")
_LINK = re.compile(r"!?\[([^\[\]]{0,500})\]\([^()\s]{0,2000}(?:\s+\"[^\"]*\")?\)")
_MARKS = re.compile(r"(\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)|`+|<[^<>\n]{1,300}>)")


def plain(markdown: str) -> str:
    """Inline Markdown as the words a reader sees: links as their text, no marks or tags."""
    text = _LINK.sub(lambda m: m.group(1), markdown)
    return " ".join(_MARKS.sub("", text).split())


def sentence_at(text: str, offset: int, limit: int = 240) -> str:
    """The sentence of ``text`` (a block's raw Markdown) holding ``offset``, as plain words,
    shortened around ``offset`` to about ``limit`` characters."""
    start = 0
    end = len(text)
    for boundary in _SENTENCE_END.finditer(text):
        if boundary.end() <= offset:
            start = boundary.end()
        elif boundary.start() >= offset:
            end = boundary.start()
            break
    sentence = plain(text[start:end])
    if len(sentence) <= limit:
        return sentence
    before = plain(text[start:offset])
    cut = max(0, len(before) - limit // 2)
    head = "…" if cut else ""
    shown = sentence[cut : cut + limit].rstrip()
    return f"{head}{shown}…" if cut + limit < len(sentence) else f"{head}{shown}"

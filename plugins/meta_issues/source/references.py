"""References to attempts and versions in prose: ``Attempt 3 and 4``, ``Mitigations 1–4``,
``Experiment #2``, ``Version 2``, ``(v2)``.

The words that number an attempt are the project's (``attempt_words``); ``AttemptWords``
compiles them once. A Test line names the attempts a version tested; a reference there that
only points elsewhere (``… (the CLS fix from Attempt 002)``) is a mention, not a test.
"""

from __future__ import annotations

import functools
import re

_VERSION_REF = re.compile(
    r"\bversions?\s*#?\s*(\d{1,4})\b|\(v(\d{1,4})\)|(?<![\w.])v(\d{1,4})\b(?![.\d])", re.I
)
# A list after the first number: "3, 4 and 6", "1–4", "2 to 5", "3/4".
_JOIN = r"(?:,|\band\b|\bor\b|\bund\b|&|\+|/)"
# A spaced dash ranges only when no word follows ("Versuch 1 – 24 statt 12 Pods" is not 1–24).
_RANGE = (r"(?:(?<=\d)[–—-](?=#?\d)|\s[–—]\s?(?=#?\d{1,4}\b(?!\s+[^\W\d_]))"
          r"|\bto\b|\bthrough\b|\bbis\b)")
# Words right before a reference that make it point elsewhere rather than name the test.
_MENTION_BEFORE = re.compile(
    r"(?:\bfrom|\bsince|\bthan|\bvs\.?|\bversus|\bunlike|\blike|\bsee|\bover|\bafter"
    r"|\bcompared\s+(?:to|with)|\bon\s+top\s+of|\bas\s+in|\bsame\s+as|\bbuilt\s+on"
    r"|\binstead\s+of|\bbefore|\bthat\s+of)\s+(?:the\s+|in\s+)?$", re.I)
MAX_RANGE = 100
# A number followed by one of these counts something ("fix 2 bugs", "run 3 times"): not an
# attempt.
_COUNTS = (r"(?!\s?(?:%|x\b|×|times\b|days?\b|hours?\b|h\b|weeks?\b|months?\b|min(?:ute)?s?\b"
           r"|s\b|sec(?:ond)?s?\b|ms\b|replicas?\b|workers?\b|nodes?\b|pods?\b|[kmgt]b\b"
           r"|users?\b|requests?\b|bugs?\b|issues?\b|tests?\b|more\b|lines?\b|files?\b))")


class AttemptWords:
    """The project's words for an attempt, compiled: references, headings, file names."""

    def __init__(self, words: tuple[str, ...]) -> None:
        names = sorted({"attempt", *(w.casefold() for w in words)}, key=len, reverse=True)
        alternation = "|".join(r"\s+".join(map(re.escape, w.split())) for w in names)
        self.words = tuple(names)
        self.word = rf"(?:{alternation})(?:e?s|e|en)?"
        number = rf"#?\s?0*\d{{1,4}}\b(?![.,]\d){_COUNTS}"
        self.reference = re.compile(
            rf"\b(?P<word>{self.word})\s*(?P<list>{number}"
            rf"(?:\s*(?:{_JOIN}|{_RANGE})\s*(?:(?:{self.word})\s*)?{number})*)", re.I)
        self.named = re.compile(rf"\b(?:{self.word})\s*#?\s?(\d{{1,4}})\b(?![.,]\d){_COUNTS}",
                                re.I)
        self.prefix = re.compile(rf"^\s*(?:{self.word})\s*#?\s?\d{{1,4}}\b\s*[:.\-–—)]?\s*", re.I)

    def refs(self, text: str) -> list[int]:
        """Every attempt number ``text`` names, in order: ``Attempt 3 and 4`` -> [3, 4]."""
        found: list[int] = []
        for match in self.reference.finditer(text):
            _add(found, _numbers(match["list"]))
        return found

    def tested(self, text: str) -> list[int]:
        """The attempts a Test line says were tested: its references, less the mentions
        (``from Attempt 2``, or in parentheses beside a reference outside them); all of them
        when every one would be a mention."""
        matches = list(self.reference.finditer(text))
        outside = [m for m in matches if not _in_parentheses(text, m.start())]
        tested: list[int] = []
        for match in matches:
            if _MENTION_BEFORE.search(text[: match.start()]):
                continue
            if outside and _in_parentheses(text, match.start()):
                continue
            _add(tested, _numbers(match["list"]))
        return tested or self.refs(text)

    def number_in(self, text: str) -> int | None:
        """The attempt a heading or file name names (``Mitigation 3``, ``fix-2``)."""
        match = self.named.search(text.replace("-", " ").replace("_", " "))
        return int(match.group(1)) if match else None


@functools.lru_cache(maxsize=16)
def attempt_words(words: tuple[str, ...]) -> AttemptWords:
    return AttemptWords(words)


def version_refs(text: str) -> list[int]:
    """The version numbers ``text`` names, in order: ``Version 2``, ``(v2)``, ``v2``."""
    found: list[int] = []
    for match in _VERSION_REF.finditer(text):
        number = int(next(g for g in match.groups() if g))
        if number not in found:
            found.append(number)
    return found


def _numbers(listed: str) -> list[int]:
    """``3, 4 and 6`` -> [3, 4, 6]; ``1–4`` -> [1, 2, 3, 4] (a short ascending range)."""
    numbers: list[int] = []
    pieces = re.split(rf"\s*({_RANGE})\s*", listed, flags=re.I)
    previous: int | None = None
    for index, piece in enumerate(pieces):
        if index % 2:
            continue  # the range word itself
        values = [int(n) for n in re.findall(r"\d{1,4}", piece)]
        if not values:
            continue
        first = values[0]
        after_range = index > 0
        if after_range and previous is not None and 0 < first - previous <= MAX_RANGE:
            numbers.extend(range(previous + 1, first))
        numbers.extend(values)
        previous = values[-1]
    return numbers


def _add(found: list[int], numbers: list[int]) -> None:
    for number in numbers:
        if number not in found:
            found.append(number)


def _in_parentheses(text: str, at: int) -> bool:
    before = text[:at]
    return before.count("(") > before.count(")")

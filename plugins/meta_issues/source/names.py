"""Metric names as people vary them: case, punctuation, plurals, and the abbreviations a
document defines (``Largest Contentful Paint (LCP)``).

``name_key`` is the form two spellings of one metric share (``Restarts / week`` and
``restart per week`` do not, but ``P95-Latency`` and ``p95 latency`` do); ``Abbreviations``
holds what a document spells out, so a target written ``LCP < 2.5 s`` finds the metric
written ``Largest Contentful Paint``.
"""

from __future__ import annotations

import functools
import re

_STOP_WORDS = {"to", "of", "the", "and", "per", "for", "a", "an", "in", "on", "at", "by"}
_ABBREVIATED = re.compile(r"\(\s*([A-Z][A-Za-z0-9]{1,9})\s*\)")
_SPELLED_OUT = re.compile(r"\b([A-Z][A-Z0-9]{1,9})\s*\(\s*([^()]{3,80}?)\s*\)")


@functools.lru_cache(maxsize=4096)
def name_key(name: str) -> str:
    """The form spellings of one name share: case, punctuation and plural ``s`` aside."""
    text = re.sub(r"[`*_]", "", name.casefold())
    words = re.findall(r"[^\W_]+(?:[@.][^\W_]+)*|%", text)
    return " ".join(_singular(word) for word in words)


def _singular(word: str) -> str:
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


class Abbreviations:
    """The abbreviations a document spells out, both ways round."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._long_of: dict[str, str] | None = None
        self._forms: dict[str, frozenset[str]] = {}

    @property
    def long_of(self) -> dict[str, str]:
        """Abbreviation key -> long form key; found on first use (most READMEs state no
        target that needs them)."""
        if self._long_of is None:
            self._long_of = _spelled_out(self.text)
        return self._long_of

    def forms(self, name: str) -> frozenset[str]:
        """The keys ``name`` is known by: itself, without its ``(ABBR)``, the abbreviation,
        and the long form of an abbreviation it uses."""
        known = self._forms.get(name)
        if known is None:
            known = self._forms[name] = frozenset(self._find_forms(name))
        return known

    def _find_forms(self, name: str) -> set[str]:
        key = name_key(name)
        found = {key}
        bare = _ABBREVIATED.sub(" ", name)
        if bare != name:
            found.add(name_key(bare))
            found.update(name_key(m.group(1)) for m in _ABBREVIATED.finditer(name))
        for short, long_form in self.long_of.items():
            for form in list(found):
                if form == short:
                    found.add(long_form)
                elif form == long_form:
                    found.add(short)
                elif re.search(rf"(?:^| ){re.escape(short)}(?: |$)", form):
                    found.add(re.sub(rf"(?:^| ){re.escape(short)}(?= |$)", f" {long_form}",
                                     form).strip())
        return found


def _spelled_out(text: str) -> dict[str, str]:
    """``Long Form (LF)`` and ``LF (Long Form)`` of ``text``, as name keys."""
    long_of: dict[str, str] = {}
    for match in _ABBREVIATED.finditer(text):
        words = re.findall(r"[^\W_][\w-]*", text[max(0, match.start() - 120):match.start()])
        long_form = _spelled_by(match.group(1), words)
        if long_form:
            long_of[name_key(match.group(1))] = name_key(long_form)
    for match in _SPELLED_OUT.finditer(text):
        words = re.findall(r"[^\W_][\w-]*", match.group(2))
        if _spelled_by(match.group(1), words) == " ".join(words):
            long_of.setdefault(name_key(match.group(1)), name_key(match.group(2)))
    return long_of


def _spelled_by(abbreviation: str, words: list[str]) -> str:
    """The shortest run of ``words`` ending the list whose initials spell ``abbreviation``
    (small words such as "to" may be skipped): ``Time to First Byte`` for ``TTFB``."""
    letters = abbreviation.casefold()
    for start in range(len(words) - 1, max(-1, len(words) - len(letters) - 4), -1):
        run = words[start:]
        every = "".join(w[0].casefold() for w in run)
        content = "".join(w[0].casefold() for w in run if w.casefold() not in _STOP_WORDS)
        if letters in (every, content) and run[0].casefold() not in _STOP_WORDS:
            return " ".join(run)
    return ""

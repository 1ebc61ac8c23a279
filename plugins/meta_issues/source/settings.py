"""What a project tells the reader about its own writing: the reading options, frozen.

A parsed folder depends on these as much as on its files, so the cache keys every parse by
them too (an option change can never serve a stale reading).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..options import DEFAULT_ATTEMPT_WORDS, Options


@dataclass(frozen=True)
class ReadingSettings:
    """``attempt_words``: the words that number an attempt ("Mitigation 3"); "Attempt"
    always counts."""

    attempt_words: tuple[str, ...] = DEFAULT_ATTEMPT_WORDS

    @classmethod
    def from_options(cls, options: Options) -> ReadingSettings:
        return cls(attempt_words=options.attempt_words)


DEFAULT_READING = ReadingSettings()

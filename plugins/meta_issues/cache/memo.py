"""What a long-lived process (``mkdocs serve``) keeps in memory between builds, in one place.

Every memo is keyed like the store (``keys.digest`` of everything the result depends on), so a
hit here is a hit there without the disk read. After each build, ``trim`` keeps only what
that build used, so memory follows the knowledge base instead of its history; ``clear``
empties everything in one call.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from ..model import MetaIssue

T = TypeVar("T")


@dataclass
class Table(Generic[T]):
    """One memo: values by key, and the keys used since the last ``trim``."""

    values: dict[str, T] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)

    def get(self, key: str) -> T | None:
        value = self.values.get(key)
        if value is not None:
            self.used.add(key)
        return value

    def put(self, key: str, value: T) -> None:
        self.values[key] = value
        self.used.add(key)

    def trim(self) -> None:
        self.values = {key: self.values[key] for key in self.used if key in self.values}
        self.used = set()


@dataclass
class Memo:
    parsed: Table[MetaIssue] = field(default_factory=Table)
    pages: Table[Any] = field(default_factory=Table)  # render key -> stored pages
    charts: Table[Any] = field(default_factory=Table)  # chart key -> stored chart
    similar: Table[Any] = field(default_factory=Table)  # profiles digest -> matches
    exports: dict[tuple[object, ...], str] = field(default_factory=dict)
    inputs: dict[str, Any] = field(default_factory=dict)  # source folder -> file digests
    # The content file each page came from last time: a page that returns to an older
    # content gets that file's mtime refreshed, or `serve --dirty` would skip it.
    page_files: dict[str, str] = field(default_factory=dict)

    def tables(self) -> tuple[Table[Any], ...]:
        return (self.parsed, self.pages, self.charts, self.similar)

    def trim(self) -> None:
        for table in self.tables():
            table.trim()

    def clear(self) -> None:
        for table in self.tables():
            table.values.clear()
            table.used.clear()
        self.exports.clear()
        self.inputs.clear()
        self.page_files.clear()

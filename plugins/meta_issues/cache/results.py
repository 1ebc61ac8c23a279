"""Parsed folders, rendered pages, charts and whole sites, reused when nothing they show moved.

``Results`` wraps the pure steps (``source.parse_folder``, ``site.render_issue``, chart
drawing) from outside: each is looked up in the memo, then in the store, under
``keys.digest`` of everything it depends on, and computed and kept on a miss. Without a cache
folder (or with one that cannot be written) everything is computed and pages are served from
memory.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..charts import RenderedChart, Sink
from ..model import Diagnostic, MetaIssue
from ..site import (
    ChartRequest,
    GeneratedPage,
    IssuePages,
    SiteSettings,
    Surroundings,
    render_issue,
)
from ..source import DEFAULT_READING, ReadingSettings, parse_folder
from .codec import Unstorable, decode, encode
from .inputs import FolderState, Inputs, Remembered
from .keys import digest
from .memo import Memo
from .store import Store

PageRow = tuple[str, str | None, bool, str, int]  # src_uri, source, in_nav, name, size


def row(page: GeneratedPage) -> PageRow:
    return (page.src_uri, page.source, page.in_nav, page.name, page.size)


@dataclass
class StoredPages:
    """One investigation's pages as kept: page rows and chart requests (with their keys)."""

    pages: list[tuple[str, str | None, bool, str, int]]
    charts: list[ChartRequest]


@dataclass(frozen=True)
class StoredChart:
    warnings: tuple[str, ...]
    light: str  # paths of the two SVG files
    dark: str


@dataclass
class ShownChart:
    """A chart as a build shows it: where its files go and where its warnings point."""

    light: str
    dark: str
    key: str
    owner: str  # investigation whose overview shows the chart's warnings ("" for the site)
    where: str  # "path:line" of its data, or its light file
    title: str


@dataclass
class SiteSnapshot:
    """A whole build's output, for a build in which no folder changed."""

    issues: int
    diagnostics: list[Diagnostic]
    pages: list[tuple[str, str | None, bool, str, int]]
    charts: list[ShownChart]
    warnings: dict[str, tuple[str, ...]]  # chart key -> its warnings
    export: str
    beside: list[tuple[str, str]] = field(default_factory=list)  # files beside the text


ChartEntry = tuple[tuple[str, ...], int, int]  # warnings, light and dark file sizes


def content_name(markdown: str) -> tuple[str, bytes]:
    data = markdown.encode("utf-8")
    return hashlib.blake2b(data, digest_size=20).hexdigest() + ".md", data


def chart_files(key: str) -> tuple[str, str]:
    return f"{key}.svg", f"{key}.dark.svg"


def store_chart(cache_dir: str, project: str, key: str, chart: RenderedChart) -> bool:
    """Keep one drawn chart (the pool's sink: runs in worker processes too)."""
    store = Store(Path(cache_dir), project)
    light_name, dark_name = chart_files(key)
    if store.put_file(light_name, chart.light) is None or store.put_file(
            dark_name, chart.dark) is None:
        return False
    store.put("charts", key, {"warnings": list(chart.warnings), "light": len(chart.light),
                              "dark": len(chart.dark)})
    return store.writable


@dataclass
class Results:
    """Reuse for one project's builds: ``begin`` and ``finish`` bracket each build."""

    cache_dir: Path | None
    project: str
    memo: Memo = field(default_factory=Memo)
    store: Store | None = None

    def __post_init__(self) -> None:
        if self.cache_dir is not None:
            self.store = Store(self.cache_dir, self.project)

    @property
    def keeps_files(self) -> bool:
        return self.store is not None and self.store.writable

    def begin(self) -> None:
        if self.store is not None:
            self.store.begin()

    def finish(self, *, prune: bool) -> list[str]:
        """End the build; returns the store's notes (write problems) for the log."""
        self.memo.trim()
        if self.store is None:
            return []
        notes = list(self.store.notes)
        if prune:
            self.store.finish()
        else:
            self.store.finish_without_pruning()
        return notes

    def prune(self) -> None:
        if self.store is not None:
            self.store.prune_now()

    # --- reading ----------------------------------------------------------------------

    def inputs(self, root: Path) -> Inputs:
        """File digests remembered for ``root``: from memory, else from the store."""
        key = digest("inputs", str(root), self.project)
        known = self.memo.inputs.get(key)
        if known is None:
            stored = self.store.get("inputs", key) if self.store is not None else None
            known = Inputs(_remembered(stored))
            self.memo.inputs[key] = known
        return known

    def keep_inputs(self, root: Path, inputs: Inputs) -> None:
        remembered = inputs.keep()
        if self.store is not None and inputs.changed:
            key = digest("inputs", str(root), self.project)
            self.store.put("inputs", key, {k: list(v) for k, v in remembered.items()})
            inputs.changed = False
        elif self.store is not None:
            self.store.mark("inputs", digest("inputs", str(root), self.project))

    def issue(self, root: Path, state: FolderState, inputs: Inputs,
              settings: ReadingSettings = DEFAULT_READING) -> MetaIssue:
        """The parsed folder of ``state``: reused while its input digest and the reading
        ``settings`` are the same."""
        key = digest("parsed", state.digest, settings)
        found = self.memo.parsed.get(key)
        if found is not None and self.store is not None:
            self.store.mark("parsed", key)
        if found is None:
            found = self._stored_issue(key)
        if found is None:
            folder = state.input(root / state.name, inputs)
            found = parse_folder(folder, settings)
            key = found.fingerprint = digest("parsed", folder.digest, settings)
            if self.store is not None:
                with contextlib.suppress(Unstorable):
                    self.store.put("parsed", key, encode(MetaIssue, found))
        self.memo.parsed.put(key, found)
        # A shallow copy: the build sets id, changed and diagnostics, never the parse.
        return replace(found, diagnostics=list(found.diagnostics))

    def _stored_issue(self, key: str) -> MetaIssue | None:
        data = self.store.get("parsed", key) if self.store is not None else None
        if data is None:
            return None
        try:
            issue: MetaIssue = decode(MetaIssue, data)
        except Unstorable:
            return None
        issue.fingerprint = key
        return issue

    # --- pages ------------------------------------------------------------------------

    def page(self, page: GeneratedPage) -> GeneratedPage:
        """The page kept as its content file (its Markdown then leaves memory); kept in
        memory as it is when the store cannot take it."""
        name, data = content_name(page.markdown)
        path = self.store.put_file(name, data) if self.store is not None else None
        if path is None:
            return page
        return replace(page, markdown="", path=path, name=name, size=len(data))

    def issue_pages(self, issue: MetaIssue, surroundings: Surroundings,
                    settings: SiteSettings) -> IssuePages:
        """One investigation's pages, reused while it, its surroundings (everything it shows
        of the others) and the settings are."""
        key = digest("pages", settings, issue.fingerprint, issue.id, issue.changed,
                     [d.format() for d in issue.diagnostics], surroundings)
        stored = self.memo.pages.get(key) or self._stored_pages(key)
        pages = self.served(stored.pages) if stored is not None else None
        if stored is not None and pages is not None:
            self.memo.pages.put(key, stored)
            if self.store is not None:
                self.store.mark("pages", key)
            return IssuePages(pages, stored.charts)
        rendered = render_issue(issue, surroundings, settings)
        out = [self.page(page) for page in rendered.pages]
        if self.store is not None and all(page.path for page in out):
            stored = StoredPages([row(page) for page in out], rendered.charts)
            self.memo.pages.put(key, stored)
            with contextlib.suppress(Unstorable):
                self.store.put("pages", key, encode(StoredPages, stored))
        return IssuePages(out, rendered.charts)

    def _stored_pages(self, key: str) -> StoredPages | None:
        data = self.store.get("pages", key) if self.store is not None else None
        try:
            return decode(StoredPages, data) if data is not None else None
        except Unstorable:
            return None

    def served(self, rows: list[PageRow]) -> list[GeneratedPage] | None:
        """Pages served from their content files, or ``None`` if any file is gone."""
        if self.store is None:
            return None
        out: list[GeneratedPage] = []
        for src_uri, source, in_nav, name, size in rows:
            try:
                path = self.store.file(name, size)
            except ValueError:
                return None
            if path is None:
                return None
            out.append(GeneratedPage(src_uri, "", source, in_nav, path, name, size))
        return out

    def refresh(self, pages: list[GeneratedPage]) -> None:
        """Give a page whose content file changed since the last build a new mtime, so a
        `--dirty` build renders it even if that file is older than the built page."""
        for page in pages:
            previous = self.memo.page_files.get(page.src_uri)
            if page.path is not None and previous != page.path:
                with contextlib.suppress(OSError):
                    os.utime(page.path)
                self.memo.page_files[page.src_uri] = page.path

    # --- charts -----------------------------------------------------------------------

    def chart_key(self, request: ChartRequest) -> str:
        if not request.key:
            request.key = digest("chart", request.spec)
        return request.key

    def stored_chart(self, key: str) -> StoredChart | None:
        if self.store is None:
            return None
        known: ChartEntry | None = self.memo.charts.get(key)
        if known is None:
            known = _chart_entry(self.store.get("charts", key))
            if known is None:
                return None
        else:
            self.store.mark("charts", key)
        warnings, light_size, dark_size = known
        light_name, dark_name = chart_files(key)
        light = self.store.file(light_name, light_size)
        dark = self.store.file(dark_name, dark_size)
        if light is None or dark is None:
            return None
        self.memo.charts.put(key, known)
        return StoredChart(warnings, light, dark)

    def chart_paths(self, key: str) -> tuple[str | None, str | None]:
        """Where a chart being drawn will be stored (``None`` when it will not be)."""
        if self.store is None or not self.store.writable:
            return None, None
        light, dark = chart_files(key)
        return str(self.store.file_path(light)), str(self.store.file_path(dark))

    def sink(self) -> Sink | None:
        if self.cache_dir is None or not self.keeps_files:
            return None
        return functools.partial(store_chart, str(self.cache_dir), self.project)

    def mark_chart(self, key: str) -> None:
        """Count a chart drawn by a worker as used by this build."""
        if self.store is not None:
            self.store.mark("charts", key)
            for name in chart_files(key):
                self.store.mark_file(name)

    # --- whole sites ------------------------------------------------------------------

    def snapshot(self, key: str) -> tuple[SiteSnapshot, list[GeneratedPage]] | None:
        data = self.store.get("site", key) if self.store is not None else None
        if data is None:
            return None
        try:
            snapshot: SiteSnapshot = decode(SiteSnapshot, data)
        except Unstorable:
            return None
        pages = self.served(snapshot.pages)
        if pages is None or not all(self.stored_chart(c.key) for c in snapshot.charts):
            return None
        return snapshot, pages

    def keep_snapshot(self, key: str, snapshot: SiteSnapshot) -> None:
        if self.store is not None:
            with contextlib.suppress(Unstorable):
                self.store.put("site", key, encode(SiteSnapshot, snapshot))


def _remembered(stored: Any) -> dict[str, Remembered]:
    found: dict[str, Remembered] = {}
    if not isinstance(stored, dict):
        return found
    for path, row in stored.items():
        if (isinstance(row, list) and len(row) == 5 and all(type(v) is int for v in row[:4])
                and isinstance(row[4], str)):
            found[path] = (row[0], row[1], row[2], row[3], row[4])
    return found


def _chart_entry(entry: Any) -> ChartEntry | None:
    if not isinstance(entry, dict):
        return None
    warnings, light, dark = entry.get("warnings"), entry.get("light"), entry.get("dark")
    if (not isinstance(warnings, list) or not all(isinstance(w, str) for w in warnings)
            or type(light) is not int or type(dark) is not int or min(light, dark) <= 0):
        return None
    return tuple(warnings), light, dark

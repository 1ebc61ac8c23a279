"""A warm build's whole generated site, kept as one entry.

A `mkdocs build` in a new process whose meta-issue folders are all unchanged needs none of the
model: only the files to add, the diagnostics to log, the charts' warnings and
``meta-issues.json``. Decoding a thousand stored models and rendered investigations just to
rebuild that list cost more than MkDocs' own gathering of files (about 3 s against 0.5 s at
1,000 investigations), so the plugin keeps the list itself, as one JSON entry per project
under ``cache_dir/site/``.

The entry holds every folder's signature (names, sizes, mtimes) and content digest: a folder
whose signature moved but whose bytes did not (a fresh CI checkout) still matches, and any other
change is a miss that falls back to the per-folder caches. Everything else a build's output
depends on (configuration, landing page, code) is in the entry's key. Pages are the files that
already back them under ``cache_dir/pages/``, checked like ``PageStore`` checks them.

Part of the pure core: no mkdocs import.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .model import Diagnostic
from .pagestore import PageRow, is_plain_relative, verified_pages
from .parse import Signature, SourceEntry, folder_digest
from .render import GeneratedPage
from .store import Store, Unstorable, decode, encode

# A source entry (parse.SourceEntry) with the folder's content digest ("" for a link).
StoredEntry = tuple[str, bool, Signature, str]


@dataclass
class ShownChart:
    """A chart as the build shows it: where its files go and where its warnings point."""

    owner: str  # id of the investigation whose overview shows the chart's warnings
    key: str
    light: str
    dark: str
    where: str  # "path:line" of its data, or its light file
    title: str


@dataclass
class SiteSnapshot:
    issues: int
    diagnostics: list[Diagnostic]
    pages: list[PageRow]
    charts: list[ShownChart]
    notes: dict[str, tuple[str, ...]]  # chart key -> warnings, for charts that have some
    overviews: dict[str, str]  # overview src_uri -> investigation id
    export: str  # meta-issues.json


class SnapshotStore:
    def __init__(self, directory: Path, pages_dir: Path) -> None:
        self.store = Store(directory)
        self.pages_dir = Path(pages_dir).resolve()

    @property
    def write_errors(self) -> list[str]:
        return self.store.write_errors

    def load(self, context: str, root: Path, listing: list[SourceEntry]
             ) -> tuple[SiteSnapshot, list[GeneratedPage]] | None:
        """The snapshot stored under ``context`` and its pages, served from their files, if
        every folder of ``listing`` still holds the same bytes and every page file is intact.
        Re-saved when only mtimes moved."""
        entry = self.store.load(context)
        if entry is None:
            return None
        try:
            stored: list[StoredEntry] = decode(list[StoredEntry], entry.get("folders"))
            if len(stored) != len(listing):
                return None
            current: list[StoredEntry] = []
            for (name, link, signature), (old_name, old_link, old_signature, digest) in zip(
                    listing, stored, strict=True):
                if name != old_name or link != old_link or (
                        signature != old_signature
                        and folder_digest(root / name, signature) != digest):
                    return None
                current.append((name, link, signature, digest))
            snapshot: SiteSnapshot = decode(SiteSnapshot, entry.get("site"))
        except Unstorable:
            return None
        if not all(chart.key and is_plain_relative(chart.light) and is_plain_relative(chart.dark)
                   for chart in snapshot.charts):
            return None
        pages = verified_pages(snapshot.pages, self.pages_dir)
        if pages is None:
            return None
        if current != stored:  # same bytes, new mtimes: match by signature next time
            self.save(context, current, snapshot)
        return snapshot, pages

    def save(self, context: str, folders: list[StoredEntry], snapshot: SiteSnapshot) -> None:
        try:
            entry = {"folders": encode(list[StoredEntry], folders),
                     "site": encode(SiteSnapshot, snapshot)}
        except Unstorable:
            return
        self.store.save(context, entry)

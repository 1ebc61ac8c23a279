"""Rendered investigations kept on disk between builds (the plugin's ``StoredIssues``).

A page is stored as the file that already backs it (``cache_dir/pages/<src_uri>``) plus an
entry naming it, with the size and modification time that file had when the page was written:
a later build that finds the same render key and untouched files serves those files without
rendering or reading them. Chart requests are stored whole, with their cache keys.

Entries are JSON (see store.py). Every path read from an entry is checked to be a plain
relative path that stays inside its folder, so a tampered cache can never make a build read or
write a file outside the cache and the site.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from stat import S_ISREG

from .render import ChartRequest, GeneratedPage
from .store import Store, Unstorable, decode, encode

# src_uri, file to edit, in nav, and the backing file's size, mtime (ns) and content digest
PageRow = tuple[str, str | None, bool, int, int, str]


def content_digest(data: bytes) -> str:
    """The digest rows keep of a page file's bytes."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def is_plain_relative(uri: str) -> bool:
    """A ``/``-separated relative path with no empty, ``.`` or ``..`` part."""
    if not uri or uri.startswith("/") or "\\" in uri or "\0" in uri:
        return False
    return all(part not in ("", ".", "..") for part in uri.split("/"))


def verified_pages(rows: list[PageRow], pages_dir: Path) -> list[GeneratedPage] | None:
    """The pages of ``rows``, served from their files under ``pages_dir`` (resolved), or None
    if any file was rewritten or edited since, or is not a regular file inside the folder."""
    inside = str(pages_dir) + os.sep
    pages: list[GeneratedPage] = []
    folders: dict[str, bool] = {}  # resolved once per folder, not once per page
    for src_uri, source, in_nav, size, mtime, digest in rows:
        if not is_plain_relative(src_uri):
            return None
        path = os.path.join(inside, src_uri)
        folder = os.path.dirname(path)
        if folder not in folders:
            folders[folder] = (os.path.realpath(folder) + os.sep).startswith(inside)
        try:
            stat = os.lstat(path)
        except OSError:
            return None
        # A link planted in the cache must not pull other files into the site.
        if not folders[folder] or not S_ISREG(stat.st_mode):
            return None
        if stat.st_size != size or (stat.st_mtime_ns != mtime
                                    and content_digest(Path(path).read_bytes()) != digest):
            return None  # rewritten or edited since: render again
        pages.append(GeneratedPage(src_uri, "", source, in_nav, backing=path, digest=digest))
    return pages


class PageStore:
    def __init__(self, directory: Path, pages_dir: Path) -> None:
        self.store = Store(directory)
        self.pages_dir = Path(pages_dir).resolve()

    @property
    def write_errors(self) -> list[str]:
        return self.store.write_errors

    @property
    def reused(self) -> int:
        return self.store.reused

    def _entry_key(self, issue_id: str) -> str:
        # One cache folder may back several projects (pages_dir differs with cache_dir).
        return f"{self.pages_dir}\0{issue_id}"

    def load(self, issue_id: str, key: str
             ) -> tuple[list[GeneratedPage], list[ChartRequest]] | None:
        entry = self.store.load(self._entry_key(issue_id))
        if entry is None or entry.get("render") != key:
            return None
        try:
            rows: list[PageRow] = decode(list[PageRow], entry.get("pages"))
            charts: list[ChartRequest] = decode(list[ChartRequest], entry.get("charts"))
        except Unstorable:
            return None
        if not all(is_plain_relative(uri) for chart in charts
                   for uri in (chart.light, chart.dark)) or any(not c.key for c in charts):
            return None
        pages = verified_pages(rows, self.pages_dir)
        if pages is None:
            return None
        self.store.reused += 1
        return pages, charts

    def save(self, issue_id: str, key: str, rows: list[PageRow],
             charts: list[ChartRequest]) -> None:
        """Remember an investigation whose pages are written to the files ``rows`` name."""
        if any(not chart.key for chart in charts):
            return
        try:
            entry = {"render": key, "pages": encode(list[PageRow], rows),
                     "charts": encode(list[ChartRequest], charts)}
        except Unstorable:
            return
        self.store.save(self._entry_key(issue_id), entry)


def page_row(page: GeneratedPage, backing: str, pages_dir: Path) -> PageRow | None:
    """The row that serves ``page`` from ``backing`` in a later build, if one can: the file
    must be where ``verified_pages`` looks for it and its digest known."""
    if not page.digest or backing != os.path.join(pages_dir, page.src_uri):
        return None
    try:
        stat = os.stat(backing)
    except OSError:
        return None
    # The digest keeps a cache restored with new mtimes (some CI caches) usable.
    return (page.src_uri, page.source, page.in_nav, stat.st_size, stat.st_mtime_ns, page.digest)

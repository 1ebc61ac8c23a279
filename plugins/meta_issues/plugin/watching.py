"""Tells `mkdocs serve` about edits in the source folder without MkDocs walking it.

MkDocs' dev server polls each watched folder every half second (watchdog's
``PollingObserver``): it lists and stats every file under it, in the interpreter that also
rebuilds the site, so a large source folder slows every rebuild (measured in
docs/performance.md). This module watches
the source folder with the operating system's own notifications instead (inotify, FSEvents or
ReadDirectoryChangesW, through watchdog, which MkDocs already requires) and answers each change
by rewriting one small trigger file; MkDocs is asked to watch only that file. The source
folder may be deleted and made again while serving: the watch follows it.

No ``mkdocs`` import: the plugin hands MkDocs the trigger's path.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import tempfile
import threading
import time
from pathlib import Path

from watchdog.events import (
    EVENT_TYPE_CLOSED,
    EVENT_TYPE_CREATED,
    EVENT_TYPE_DELETED,
    EVENT_TYPE_MODIFIED,
    EVENT_TYPE_MOVED,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver, ObservedWatch
from watchdog.observers.polling import PollingObserver

log = logging.getLogger("mkdocs.plugins.meta_issues")

# Reading a file is not a change: the build itself opens every source file, and answering
# "opened" or "closed without writing" would rebuild forever.
CHANGES = frozenset({EVENT_TYPE_CREATED, EVENT_TYPE_DELETED, EVENT_TYPE_MODIFIED,
                     EVENT_TYPE_MOVED, EVENT_TYPE_CLOSED})


class SourceWatch:
    """A native watch of ``source`` that touches a trigger file on every change under it.

    The trigger lives in a temporary folder of its own, made by ``start`` and removed by
    ``stop``: watchdog polls a watched file by listing its folder, and a folder the user might
    clear while serving (such as the cache) would stop MkDocs' poller for good.

    The source folder's parent is watched too (not recursively): a watch ends when its folder
    is deleted, so when the folder is made again (``git checkout`` of a branch without it, and
    back) its watch is made again, and the rebuild sees whatever the folder holds by then.
    """

    def __init__(self, source: Path) -> None:
        self.source = source
        self.trigger = Path()
        self._observer: BaseObserver | None = None
        self._source_watch: ObservedWatch | None = None
        self._lock = threading.Lock()
        self._last_ns = 0

    @property
    def running(self) -> bool:
        return self._observer is not None

    def start(self) -> bool:
        """Start watching; False (and nothing running) where only polling is available."""
        folder: str | None = None
        try:
            folder = tempfile.mkdtemp(prefix="meta-issues-serve-")
            self.trigger = Path(folder) / "trigger"
            self.pulse()
            observer = Observer()
            if not isinstance(observer, PollingObserver):  # polling: MkDocs' own is as good
                observer.schedule(_Parent(self), str(self.source.parent), recursive=False)
                self._observer = observer
                self.rearm()
                observer.start()
                return True
        except OSError as error:  # e.g. the inotify watch limit
            self._observer = None
            log.info(f"meta-issues: native file watching is unavailable ({error}); "
                     "MkDocs will poll the source folder")
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
        return False

    def rearm(self) -> None:
        """Watch the source folder afresh: drop the watch of a folder that is gone, and watch
        the folder now there, if any."""
        observer = self._observer
        if observer is None:
            return
        if self._source_watch is not None:
            with contextlib.suppress(KeyError):  # already dropped with its folder
                observer.unschedule(self._source_watch)
            self._source_watch = None
        if self.source.is_dir():
            self._source_watch = observer.schedule(_Changes(self), str(self.source),
                                                   recursive=True)

    def stop(self) -> None:
        observer, self._observer = self._observer, None
        if observer is not None:
            observer.stop()
            observer.join(timeout=5)
            shutil.rmtree(self.trigger.parent, ignore_errors=True)

    def pulse(self) -> None:
        """Change the trigger's size or mtime, whichever a poller compares, every time."""
        with self._lock:
            # Strictly increasing by a millisecond: file systems and the float st_mtime
            # watchdog compares both round finer stamps away.
            stamp = max(time.time_ns(), self._last_ns + 1_000_000)
            self._last_ns = stamp
            self.trigger.write_text(f"{stamp}\n", encoding="utf-8")
            os.utime(self.trigger, ns=(stamp, stamp))

    def signal(self) -> None:
        """``pulse``, saying why edits stop showing if it cannot."""
        try:
            self.pulse()
        except OSError as error:  # the temporary folder was removed
            log.warning(f"meta-issues: cannot signal an edit to mkdocs serve ({error}); "
                        "restart it to see edits")


class _Changes(FileSystemEventHandler):
    def __init__(self, watch: SourceWatch) -> None:
        self._watch = watch

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in CHANGES:
            self._watch.signal()


class _Parent(FileSystemEventHandler):
    """The source folder's own coming and going, seen from its parent folder."""

    def __init__(self, watch: SourceWatch) -> None:
        self._watch = watch
        self._source = os.path.abspath(watch.source)

    def on_any_event(self, event: FileSystemEvent) -> None:
        paths = {os.fsdecode(event.src_path), os.fsdecode(getattr(event, "dest_path", "") or "")}
        if event.event_type not in CHANGES or self._source not in map(os.path.abspath, paths):
            return
        if event.event_type in (EVENT_TYPE_MODIFIED, EVENT_TYPE_CLOSED):
            return  # its contents: the source's own watch answers those
        self._watch.rearm()
        self._watch.signal()

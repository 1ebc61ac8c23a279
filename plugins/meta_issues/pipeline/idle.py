"""Garbage collection between `mkdocs serve` rebuilds instead of during them.

A serve process at a thousand investigations holds millions of objects, and a rebuild
allocates enough to trigger a full collection of all of them in about one rebuild of three
(figures in docs/performance.md). Shortly after each build, once the browser has reloaded,
this collects the garbage of earlier builds and freezes what survives (``gc.freeze``), so the
collections during the next rebuild look only at what that rebuild allocates.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable


class IdleCollection:
    DELAY = 1.5  # seconds after a build: livereload has reloaded the page by then

    def __init__(self, also: Callable[[], None] | None = None) -> None:
        self._timer: threading.Timer | None = None
        self._also = also  # more idle work (pruning the cache), run before collecting

    def schedule(self) -> None:
        self.cancel()
        self._timer = threading.Timer(self.DELAY, self._collect)
        self._timer.daemon = True
        self._timer.start()

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _collect(self) -> None:
        if self._also is not None:
            self._also()
        gc.unfreeze()
        gc.collect()
        gc.freeze()

    @staticmethod
    def stop() -> None:
        gc.unfreeze()

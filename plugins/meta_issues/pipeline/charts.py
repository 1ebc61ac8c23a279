"""A build's charts: served from the store, or drawn while the host renders pages.

Missing charts are drawn by worker processes (``charts.ChartDrawing``) while MkDocs renders
the pages, so a cold build costs little more than its slowest side. A chart's warnings are
known once it is drawn: ``problems(owner)`` waits for one investigation's charts only (its
overview shows them), ``finish`` for the rest.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ..cache.results import Results, ShownChart
from ..charts import ChartDrawing, ChartSpec, render
from ..site import ChartRequest
from ..text import one_line

Progress = Callable[[int, int], None]
_PROGRESS_SECONDS = 3.0


@dataclass
class ChartFile:
    """One SVG file of a chart: a stored file (``path``), or bytes once drawn (``data``)."""

    src_uri: str
    key: str
    dark: bool
    path: str | None = None
    data: bytes | None = None


@dataclass
class Charts:
    """Every chart a build shows, and the drawing of those the store lacks."""

    results: Results
    shown: list[ShownChart] = field(default_factory=list)
    warnings: dict[str, tuple[str, ...]] = field(default_factory=dict)
    files: list[ChartFile] = field(default_factory=list)
    specs: dict[str, ChartSpec] = field(default_factory=dict)
    drawing: ChartDrawing | None = None
    drawn: int = 0
    _logged: set[tuple[str, str]] = field(default_factory=set)

    def plan(self, requests: list[ChartRequest], workers: int, progress: Progress | None,
             where: Callable[[ChartRequest], str]) -> None:
        """Serve what is stored; start drawing the rest."""
        missing: dict[str, ChartSpec] = {}
        for request in requests:
            key = self.results.chart_key(request)
            self.specs[key] = request.spec
            self.shown.append(ShownChart(request.light, request.dark, key, request.owner,
                                         where(request), _title(request)))
            stored = self.results.stored_chart(key)
            if stored is None:
                missing.setdefault(key, request.spec)
                light, dark = self.results.chart_paths(key)  # where the drawing will put it
            else:
                self.warnings[key] = stored.warnings
                light, dark = stored.light, stored.dark
            self.files += [ChartFile(request.light, key, False, light),
                           ChartFile(request.dark, key, True, dark)]
        self.drawn = len(missing)
        if missing:
            self.drawing = ChartDrawing(missing, self.results.sink(), workers=workers,
                                        progress=_throttled(progress))

    def restore(self, shown: list[ShownChart], warnings: dict[str, tuple[str, ...]]) -> bool:
        """The charts of a stored site; ``False`` (and nothing kept) if one of them left the
        store."""
        files: list[ChartFile] = []
        for chart in shown:
            stored = self.results.stored_chart(chart.key)
            if stored is None:
                return False
            files += [ChartFile(chart.light, chart.key, False, stored.light),
                      ChartFile(chart.dark, chart.key, True, stored.dark)]
        self.shown, self.files = list(shown), files
        self.warnings = {chart.key: warnings.get(chart.key, ()) for chart in shown}
        return True

    @property
    def counts(self) -> tuple[int, int]:
        """Charts drawn by this build, and charts served from the store."""
        return self.drawn, len(self.shown) - self.drawn

    def problems(self, owner: str | None) -> list[str]:
        """The warnings of one investigation's charts (``None``: all), each once per source
        file and build; waits for those charts to be drawn."""
        messages: list[str] = []
        for chart in self.shown:
            if owner is not None and chart.owner != owner:
                continue
            notes = self.warnings.get(chart.key)
            if notes is None and self.drawing is not None:
                notes = self.warnings[chart.key] = self.drawing.warnings(chart.key)
            for warning in notes or ():
                seen = (chart.where.split(":", 1)[0], warning)
                if seen not in self._logged:
                    self._logged.add(seen)
                    messages.append(f"{chart.where}: {one_line(warning, 300)} "
                                    f"(chart '{one_line(chart.title, 80)}')")
        return messages

    def finish(self, more_specs: Callable[[], dict[str, ChartSpec]]) -> int:
        """Wait for every chart and point each file at the store, or at bytes in memory when
        it could not be stored (or left the store during the build: ``more_specs`` then gives
        the specs of a restored site's charts). Returns how many charts are served from
        memory."""
        drawing, self.drawing = self.drawing, None
        if drawing is not None:
            drawing.finish()
            for key in self.specs:
                if key in drawing:
                    self.warnings.setdefault(key, drawing.warnings(key))
        in_memory: set[str] = set()
        for file in self.files:
            if file.path is not None and file.key not in self.specs and _is_file(file.path):
                continue  # restored from a stored site
            drawn = drawing.chart(file.key) if drawing is not None and file.key in drawing \
                else None
            stored = self.results.stored_chart(file.key) if drawn is None else None
            if stored is not None:
                file.path = stored.dark if file.dark else stored.light
                continue
            if drawn is None and file.key not in self.specs:
                self.specs.update(more_specs())
            chart = drawn or (render(self.specs[file.key]) if file.key in self.specs else None)
            file.path = None
            if chart is not None:
                file.data = chart.dark if file.dark else chart.light
                in_memory.add(file.key)
        return len(in_memory)

    def close(self) -> None:
        if self.drawing is not None:
            self.drawing.close()
            self.drawing = None


def _is_file(path: str) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _title(request: ChartRequest) -> str:
    return str(getattr(request.spec, "title", "knowledge base"))


def _throttled(progress: Progress | None) -> Progress | None:
    """``progress`` at most every few seconds, and always at the end."""
    if progress is None:
        return None
    last = [time.monotonic()]

    def report(done: int, total: int) -> None:
        if done >= total or time.monotonic() - last[0] >= _PROGRESS_SECONDS:
            last[0] = time.monotonic()
            progress(done, total)

    return report

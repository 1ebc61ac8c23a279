"""Drawing charts: ``render`` for one spec, ``ChartDrawing`` for many, in worker processes.

``ChartDrawing`` does not know where charts are kept: it hands each drawn chart to a ``Sink``.
"""

from __future__ import annotations

import functools
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from .key_metrics import render_key_metrics
from .metric import render_metric_chart
from .overview import render_knowledge_base_chart
from .specs import (
    ChartSpec,
    KeyMetricsSpec,
    KnowledgeBaseChartSpec,
    MetricChartSpec,
    RenderedChart,
    TimelineSpec,
)
from .timeline import render_timeline


def render(spec: ChartSpec) -> RenderedChart:
    """Render any chart spec; the process pool's entry point."""
    if isinstance(spec, MetricChartSpec):
        return render_metric_chart(spec)
    if isinstance(spec, TimelineSpec):
        return render_timeline(spec)
    if isinstance(spec, KnowledgeBaseChartSpec):
        return render_knowledge_base_chart(spec)
    if isinstance(spec, KeyMetricsSpec):
        return render_key_metrics(spec)
    raise TypeError(f"not a chart spec: {type(spec).__name__}")


# --------------------------------------------------------------------------------------------
# Rendering many charts

# Below this many misses, starting worker processes (each imports matplotlib) costs more than
# it saves.
POOL_THRESHOLD = 8
_BATCH_SIZE = 8
_PROGRESS_INTERVAL = 2.0


# Stores one drawn chart under its key; False when it could not be stored. It crosses into the
# worker processes, so it must be picklable (a top-level function or a partial of one).
Sink = Callable[[str, RenderedChart], bool]
Drawn = tuple[tuple[str, ...], RenderedChart | None]  # warnings, and the chart if kept


def _draw_and_store(key: str, spec: ChartSpec, sink: Sink | None, keep: bool) -> Drawn:
    """Draw one chart into ``sink``; the chart itself is kept only if asked or not stored."""
    chart = render(spec)
    stored = sink(key, chart) if sink is not None else False
    return chart.warnings, chart if keep or not stored else None


def _die_with_parent() -> None:
    """Pool initializer: end this worker when the process that started it ends.

    A worker otherwise waits for work forever once its build is killed (SIGKILL, an out-of-
    memory kill, a closed terminal), holding its matplotlib. ``parent_process().join`` waits on
    the pipe "spawn" leaves between the two, which the system closes when the parent dies.
    """
    import multiprocessing

    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        parent.join()
        os._exit(0)

    threading.Thread(target=watch, name="meta-issues-parent", daemon=True).start()


def _draw_batch(sink: Sink | None, batch: list[tuple[str, ChartSpec]], keep: bool
                ) -> list[tuple[str, Drawn]]:
    """Process-pool worker (top level so "spawn" can import it).

    Each chart is stored here, in the worker, so unless ``keep`` only its warnings travel back.
    """
    return [(key, _draw_and_store(key, spec, sink, keep)) for key, spec in batch]


class ChartDrawing:
    """Charts being drawn while the caller goes on, each stored through ``sink`` when done.

    With more than ``POOL_THRESHOLD`` charts and more than one worker, they are drawn in a
    "spawn" process pool (the host, ``mkdocs serve``, runs threads, and forking a threaded
    process can deadlock) in the order given, by workers that end when this process ends;
    otherwise, or if the pool cannot start or breaks, each is drawn in this process when first
    asked for. ``warnings(key)`` waits for
    one chart only, so a caller can use the first charts while the rest are drawn.
    """

    def __init__(
        self,
        pending: dict[str, ChartSpec],
        sink: Sink | None,
        *,
        workers: int | None = None,
        progress: Callable[[int, int], None] | None = None,
        keep_charts: bool = False,
    ) -> None:
        self.sink = sink
        self.total = len(pending)
        self._keep = keep_charts
        self._left = dict(pending)
        self._done: dict[str, Drawn] = {}
        self._futures: dict[str, Future[list[tuple[str, Drawn]]]] = {}
        self._pool: ProcessPoolExecutor | None = None
        self._progress = progress
        self._finished = 0
        self._last_report = time.monotonic()
        self._lock = threading.Lock()
        worker_count = (os.cpu_count() or 1) if workers is None else workers
        if len(pending) > POOL_THRESHOLD and worker_count > 1:
            self._start(worker_count)

    def _start(self, worker_count: int) -> None:
        import multiprocessing

        items = list(self._left.items())
        batches = [items[i : i + _BATCH_SIZE] for i in range(0, len(items), _BATCH_SIZE)]
        try:
            self._pool = ProcessPoolExecutor(max_workers=min(worker_count, len(batches)),
                                             mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_die_with_parent)
            for batch in batches:
                future = self._pool.submit(_draw_batch, self.sink, batch, self._keep)
                future.add_done_callback(functools.partial(self._count, len(batch)))
                for key, _ in batch:
                    self._futures[key] = future
        except (OSError, NotImplementedError, ImportError, RuntimeError):
            self.close()  # e.g. no working semaphores in a sandbox: draw here, on demand

    def _count(self, size: int, _future: object) -> None:
        # Runs on the pool's management thread.
        with self._lock:
            self._finished += size
            now = time.monotonic()
            if self._progress is not None and now - self._last_report >= _PROGRESS_INTERVAL:
                self._last_report = now
                self._progress(min(self._finished, self.total), self.total)

    def _result(self, key: str) -> Drawn:
        if key in self._done:
            return self._done[key]
        future = self._futures.pop(key, None)
        if future is not None:
            try:
                for done_key, drawn in future.result():
                    self._done[done_key] = drawn
                    self._left.pop(done_key, None)
                    self._futures.pop(done_key, None)
            except (OSError, BrokenProcessPool, ImportError):
                pass  # drawn below, in this process
        if key not in self._done:
            self._done[key] = _draw_and_store(key, self._left.pop(key), self.sink, self._keep)
        return self._done[key]

    def warnings(self, key: str) -> tuple[str, ...]:
        """The chart's warnings, once it is drawn and stored (waits for it if need be)."""
        return self._result(key)[0]

    def chart(self, key: str) -> RenderedChart | None:
        """The chart itself if ``keep_charts`` or it could not be stored."""
        return self._result(key)[1]

    def __contains__(self, key: object) -> bool:
        return key in self._done or key in self._left

    def finish(self) -> None:
        """Wait for every chart, then stop the workers."""
        for key in list(self._left):
            if key not in self._done:
                self._result(key)
        self.close()
        if self._progress is not None:
            self._progress(self.total, self.total)

    def close(self) -> None:
        """Stop the workers without waiting for charts not yet drawn (a failed build)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

"""Cold and warm rendering of N metric charts through the same path a build uses.

    python benchmarks/bench_charts.py --charts 1000

Cold: an empty cache, every chart drawn (process pool over the CPUs this process may use) and
stored. Warm: the same charts again, all served from the store. One Markdown table row per
phase.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import tempfile
import time
from pathlib import Path

from meta_issues.cache.keys import digest
from meta_issues.cache.results import Results
from meta_issues.charts import ChartPoint, MetricChartSpec
from meta_issues.options import available_cpus
from meta_issues.pipeline.charts import Charts
from meta_issues.site import ChartRequest

RESULTS = ("failed", "partial", "success", "in_progress")
UNITS = ("ms", "GB", "%", "msg/s", "")


def make_specs(count: int, seed: int = 7) -> list[MetricChartSpec]:
    """Deterministic specs shaped like real metrics: a baseline and 2-5 attempts."""
    rng = random.Random(seed)
    specs = []
    for index in range(count):
        attempts = rng.randint(2, 5)
        base = rng.uniform(10, 10_000)
        points = [ChartPoint("000 Baseline", round(base, 2), "baseline")]
        for number in range(1, attempts + 1):
            value = round(base * rng.uniform(0.05, 1.2), 2)
            points.append(ChartPoint(f"{number:03d} Attempt {number}", value,
                                     rng.choice(RESULTS), number == attempts))
        unit = UNITS[index % len(UNITS)]
        specs.append(MetricChartSpec(
            title=f"Metric {index}", unit=unit, points=tuple(points),
            better="lower" if index % 3 else "higher",
            target_op="<" if index % 2 else None,
            target_value=round(base * 0.3, 2) if index % 2 else None,
            compact=index % 4 == 0,
        ))
    return specs


def draw(results: Results, requests: list[ChartRequest], workers: int) -> tuple[int, int]:
    """One build's worth of charts: served from the store or drawn and stored."""
    results.begin()
    charts = Charts(results)
    charts.plan(requests, workers, None, lambda request: request.light)
    charts.finish(dict)
    results.finish(prune=False)
    return charts.counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--charts", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args()
    specs = make_specs(args.charts)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}")
    print("| phase | charts | rendered | cached | wall time (s) | charts/s |")
    print("|---|---|---|---|---|---|")
    requests = [ChartRequest(f"charts/{i}.svg", f"charts/{i}-dark.svg", spec, spec.title)
                for i, spec in enumerate(specs)]
    with tempfile.TemporaryDirectory() as folder:
        results = Results(Path(folder), digest("bench-charts"))
        for phase in ("cold", "warm"):
            started = time.perf_counter()
            rendered, cached = draw(results, requests, args.workers or available_cpus())
            elapsed = time.perf_counter() - started
            print(f"| {phase} | {len(specs)} | {rendered} | {cached} | {elapsed:.2f} | "
                  f"{len(specs) / elapsed:.0f} |")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak RSS: main process {peak:.0f} MB, largest worker {children:.0f} MB")


if __name__ == "__main__":
    main()

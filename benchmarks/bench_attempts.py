"""Site size and build time as one investigation's attempts per metric grow.

    python benchmarks/bench_attempts.py --attempts 50 150 300 1000 --metrics 3 \
        --out /tmp/meta-issues-attempts

For each N: one investigation with N attempts (an attempt file each, a version per ten
attempts) and ``--metrics`` metrics measured at every attempt, built cold (empty cache) by
`mkdocs build --strict` in its own process, with charts and, with ``--no-charts``, without.
Reported: wall and CPU seconds, the site's size, the investigation's own pages and charts per
attempt, the largest attempt page and the overview.
Growth is linear when the "per attempt" columns stay flat as N grows. The machine is shared
and noisy: read the ratios within one run, not absolute seconds.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
CONFIG = """\
site_name: attempts
theme:
  name: material
  font: false
plugins:
  - search
  - meta-issues:
      cache_dir: .cache
      charts: {charts}
"""
METRICS = [("Avg response time", "ms", 5000.0, "lower"), ("Memory usage", "MB", 4000.0, "lower"),
           ("Throughput", "req/s", 200.0, "higher"), ("Error rate", "%", 30.0, "lower"),
           ("Cache hit rate", "%", 10.0, "higher"), ("Job duration", "min", 90.0, "lower")]


def _value(base: float, better: str, number: int, unit: str) -> str:
    """A value that drifts the right way with the attempt number, distinct for each."""
    factor = 1 - 0.0004 * number if better == "lower" else 1 + 0.0004 * number
    value = base * factor + (number % 7)
    if unit == "%":
        return f"{min(value, 100.0):.2f}%"
    return f"{value:,.1f}{' ' if unit in ('req/s', 'min') else ''}{unit}"


def readme(attempts: int, metrics: int) -> str:
    chosen = METRICS[:metrics]
    versions = []
    for first in range(1, attempts + 1, 10):
        tested = ", ".join(f"{n:03d}" for n in range(first, min(first + 10, attempts + 1)))
        versions.append(f"### Version {first // 10 + 1} (2024-01-01) - Batch {first // 10 + 1}"
                        f"\n\n**Theory:** Batch {first // 10 + 1}\n**Test:** Attempts {tested}\n"
                        "**Result:** ❌ Failed\n")
    # Out of reach, so every attempt rightly failed (a met target would contradict it).
    targets = "".join(f"- {name} (target: {'<' if better == 'lower' else '>'}"
                      f"{_value(base * (0.1 if better == 'lower' else 2), better, 0, unit)})\n"
                      for name, unit, base, better in chosen)
    impact = []
    for number in range(attempts + 1):
        heading = ("### Before (Attempt 000 - Baseline)" if number == 0
                   else f"### After Attempt {number:03d} (Try {number})")
        values = "\n".join(f"- {name}: {_value(base, better, number, unit)}"
                           for name, unit, base, better in chosen)
        impact.append(f"{heading}\n\n```\n{values}\n```\n")
    return (f"# Attempts benchmark\n\n**Last Updated:** 2024-06-01\n\n"
            "## Current Understanding (v1)\n\nStill measuring.\n\n"
            f"## Targets\n\n{targets}\n## Evolution of Understanding\n\n" + "\n".join(versions)
            + "\n## Impact Analysis\n\n" + "\n".join(impact))


def write_project(project: Path, attempts: int, metrics: int, charts: bool) -> None:
    shutil.rmtree(project, ignore_errors=True)
    (project / "docs").mkdir(parents=True)
    folder = project / "meta-issues" / "attempts-benchmark"
    (folder / "attempts").mkdir(parents=True)
    (folder / "README.md").write_text(readme(attempts, metrics), encoding="utf-8")
    for number in range(1, attempts + 1):
        (folder / "attempts" / f"{number:03d}-try-{number}.md").write_text(
            f"---\nresult: failed\nversion: {(number - 1) // 10 + 1}\ndate: 2024-01-01\n---\n"
            f"# Attempt {number:03d}: Try {number}\n\nWhat attempt {number} changed.\n",
            encoding="utf-8")
    (project / "mkdocs.yml").write_text(CONFIG.format(charts=str(charts).lower()),
                                        encoding="utf-8")


def build(project: Path) -> tuple[float, float]:
    """Wall and CPU seconds (the chart workers included) of one cold strict build."""
    started = time.perf_counter()
    completed = subprocess.run(
        ["/usr/bin/time", "-f", "CPU %U %S", sys.executable, "-m", "mkdocs", "build",
         "--strict", "-d", "site"], cwd=project, env=ENV, capture_output=True, text=True,
        check=False)
    wall = time.perf_counter() - started
    if completed.returncode != 0:
        raise SystemExit(f"build of {project} failed:\n{completed.stderr[-3000:]}")
    cpu = re.findall(r"CPU ([\d.]+) ([\d.]+)", completed.stderr)
    return wall, sum(float(part) for part in cpu[-1]) if cpu else 0.0


def measure(project: Path, attempts: int) -> dict[str, float]:
    wall, cpu = build(project)
    site = project / "site" / "meta-issues" / "attempts-benchmark"
    pages = [p.stat().st_size for p in (site / "attempts").glob("*/index.html")]
    total = sum(f.stat().st_size for f in (project / "site").rglob("*") if f.is_file())
    # The investigation's own pages and charts: the theme's assets are the same at any N.
    own = sum(f.stat().st_size for f in site.rglob("*") if f.is_file())
    return {"wall": wall, "cpu": cpu, "site_mb": total / 1e6,
            "kb_per_attempt": own / 1e3 / attempts, "ms_per_attempt": wall * 1e3 / attempts,
            "largest_attempt_kb": max(pages) / 1e3,
            "overview_kb": (site / "index.html").stat().st_size / 1e3}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attempts", type=int, nargs="+", default=[50, 150, 300, 1000])
    parser.add_argument("--metrics", type=int, default=3, choices=range(1, len(METRICS) + 1))
    parser.add_argument("--out", type=Path,
                        default=Path(tempfile.gettempdir()) / "meta-issues-attempts")
    parser.add_argument("--no-charts", action="store_true", help="also build without charts")
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}; {args.metrics} metrics, every attempt measured")
    print("| attempts | charts | build s | CPU s | ms / attempt | site MB | kB / attempt "
          "(its pages) | largest attempt page kB | overview kB |")
    print("|---|---|---|---|---|---|---|---|---|")
    for charts in (True, False) if args.no_charts else (True,):
        for count in args.attempts:
            project = args.out / f"n{count}-{'charts' if charts else 'tables'}"
            write_project(project, count, args.metrics, charts)
            row = measure(project, count)
            print(f"| {count:,} | {'yes' if charts else 'no'} | {row['wall']:.1f} | "
                  f"{row['cpu']:.1f} | {row['ms_per_attempt']:.0f} | {row['site_mb']:.1f} | "
                  f"{row['kb_per_attempt']:.0f} | {row['largest_attempt_kb']:.0f} | "
                  f"{row['overview_kb']:.0f} |", flush=True)


if __name__ == "__main__":
    main()

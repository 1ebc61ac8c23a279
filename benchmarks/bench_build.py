"""Build synthetic knowledge bases of several sizes and compare against plain MkDocs, in one run.

    python benchmarks/bench_build.py --sizes 50 200 1000 --repeat 2 --out /tmp/meta-issues-bench

For each N: the plugin cold (empty cache_dir) and warm; the same pages written by
`meta-issues generate` and built by plain MkDocs (no plugin); the same generated pages with a
one-entry nav (the floor) — these three in `--repeat` interleaved rounds, keeping the fastest
of each; and the live-edit loop: a full rebuild and a `--dirty` rebuild
after editing one attempt file, with the plugin instance kept as `mkdocs serve` keeps it.
Every build runs in its own process under /usr/bin/time for wall time and peak memory.
The machine is shared and noisy: read the ratios within one run, not absolute seconds.
"""

from __future__ import annotations

import argparse
import itertools
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate_kb import generate

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
SUMMARY = re.compile(r"charts: (\d+) rendered, (\d+) cached")
CONFIG = """\
site_name: bench
theme:
  name: material
  font: false
plugins:
  - search
  - meta-issues:
      cache_dir: .cache
"""
# Runs inside one process so the plugin instance survives between builds, as under serve.
LIVE_EDIT = textwrap.dedent("""\
    import sys, time
    from pathlib import Path
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    project, target = Path(sys.argv[1]), Path(sys.argv[2])
    config = load_config(config_file=str(project / "mkdocs.yml"))
    config.plugins.on_startup(command="serve", dirty=True)
    build(config)  # the first build of `mkdocs serve`
    for dirty in (False, True):
        time.sleep(2)  # a person takes longer to edit; serve collects garbage meanwhile
        target.write_text(target.read_text() + f"\\nEdited ({dirty}).\\n")
        started = time.perf_counter()
        build(config, dirty=dirty)
        print(f"{'dirty' if dirty else 'full'} {time.perf_counter() - started:.2f}")
    """)


def timed(command: list[str], cwd: Path) -> tuple[float, float, float, str]:
    """(wall seconds, peak RSS in MB, CPU seconds, output) of one command.

    CPU time (user + system, with the chart workers) is reported beside wall time: on a shared
    machine it moves less with other tenants' load than wall time does.
    """
    started = time.perf_counter()
    completed = subprocess.run(
        ["/usr/bin/time", "-f", "MAXRSS %M CPU %U %S", *command],
        cwd=cwd, env=ENV, capture_output=True, text=True, check=False,
    )
    wall = time.perf_counter() - started
    if completed.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{completed.stderr[-3000:]}")
    peak = re.findall(r"MAXRSS (\d+) CPU ([\d.]+) ([\d.]+)", completed.stderr)
    if not peak:
        return wall, 0.0, 0.0, completed.stdout + completed.stderr
    rss, user, system = peak[-1]
    return (wall, int(rss) / 1024, float(user) + float(system),
            completed.stdout + completed.stderr)


def site_stats(site: Path) -> tuple[int, float]:
    pages = sum(1 for _ in site.rglob("*.html"))
    size = sum(f.stat().st_size for f in site.rglob("*") if f.is_file())
    return pages, size / 1e6


def one_entry_nav(config_file: Path) -> None:
    text = config_file.read_text(encoding="utf-8")
    text = re.sub(r"(?ms)^nav:\n(?:[ \t-].*\n?)*", "", text)
    config_file.write_text(text + "\nnav:\n  - Home: index.md\n", encoding="utf-8")


def run_size(count: int, root: Path, repeat: int, serve: bool = True
             ) -> list[dict[str, object]]:
    project = root / f"n{count}"
    shutil.rmtree(project, ignore_errors=True)
    (project / "docs").mkdir(parents=True)
    generate(project / "meta-issues", count)
    (project / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "--strict"]
    rows: list[dict[str, object]] = []

    def record(phase: str, wall: float, peak: float, cpu: float, site: Path, log: str = ""
               ) -> None:
        pages, size = site_stats(site)
        charts = SUMMARY.search(log)
        rows.append({
            "N": count, "phase": phase, "wall": wall, "cpu": cpu, "pages": pages,
            "pages_per_s": pages / wall if wall else 0.0, "peak_mb": peak, "site_mb": size,
            "rendered": charts.group(1) if charts else "—",
            "cached": charts.group(2) if charts else "—",
        })

    shutil.rmtree(project / ".cache", ignore_errors=True)
    wall, peak, cpu, log = timed([*mkdocs, "-d", "site"], project)
    record("plugin cold", wall, peak, cpu, project / "site", log)

    generated = project / "generated"
    timed([sys.executable, "-m", "meta_issues", "generate", "meta-issues", str(generated),
           "--config", "mkdocs.yml"], project)
    floor = generated / "mkdocs-floor.yml"
    floor.write_text((generated / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    one_entry_nav(floor)
    builds = {
        "plugin warm": ([*mkdocs, "-d", "site"], project / "site"),
        "plain MkDocs (generated)": ([*mkdocs, "-f", str(generated / "mkdocs.yml"), "-d",
                                      "../site-plain"], project / "site-plain"),
        "floor (one-entry nav)": ([*mkdocs, "-f", str(floor), "-d", "../site-floor"],
                                  project / "site-floor"),
    }
    # Interleaved rounds, best of each: background load then hits every kind of build alike.
    runs: dict[str, list[tuple[float, float, float, str]]] = {phase: [] for phase in builds}
    for _ in range(repeat):
        for phase, (command, _site) in builds.items():
            runs[phase].append(timed(command, project))
    for phase, (_command, site) in builds.items():
        # The fastest wall and CPU times, the largest peak, the log of the fastest build.
        log = min(runs[phase])[3]
        record(phase, min(run[0] for run in runs[phase]), max(run[1] for run in runs[phase]),
               min(run[2] for run in runs[phase]), site, log)
    if not serve:
        return rows

    target = sorted((project / "meta-issues").glob("issue-0000/attempts/001-*.md"))[0]
    script = project / "live_edit.py"
    script.write_text(LIVE_EDIT, encoding="utf-8")
    _, peak, _, log = timed([sys.executable, str(script), str(project), str(target)], project)
    for phase, seconds in re.findall(r"^(full|dirty) ([\d.]+)$", log + "\n", re.M):
        rows.append({"N": count, "phase": f"serve rebuild after an edit ({phase})",
                     "wall": float(seconds), "cpu": "—", "pages": "—", "pages_per_s": "—",
                     "peak_mb": peak, "site_mb": "—", "rendered": "—", "cached": "—"})
    return rows


def fmt(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.1f}" if value >= 10 else f"{value:.2f}"
    return str(value)


def _ratio(values: dict[tuple[object, object], object], count: int, top: str, bottom: str
           ) -> str:
    numerator, denominator = values[(count, top)], values[(count, bottom)]
    if not isinstance(numerator, float) or not isinstance(denominator, float) or not denominator:
        return "—"
    return f"{numerator / denominator:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 200, 1000])
    parser.add_argument("--repeat", type=int, default=1,
                        help="rounds of the warm, plain and floor builds; the best is kept")
    parser.add_argument("--skip-serve", action="store_true",
                        help="leave out the in-process serve rebuilds")
    parser.add_argument("--out", type=Path,
                        default=Path(tempfile.gettempdir()) / "meta-issues-bench")
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, {platform.platform()}")
    print("| N | build | wall (s) | CPU (s) | pages | pages/s | peak RSS (MB) | site (MB) "
          "| charts rendered | charts cached |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    results: list[dict[str, object]] = []
    for count in args.sizes:
        for row in run_size(count, args.out, args.repeat, serve=not args.skip_serve):
            results.append(row)
            print("| " + " | ".join(fmt(row[k]) for k in (
                "N", "phase", "wall", "cpu", "pages", "pages_per_s", "peak_mb", "site_mb",
                "rendered", "cached")) + " |", flush=True)
    print("\nratios within this run:")
    by = {(r["N"], r["phase"]): float(r["wall"]) for r in results}  # type: ignore[arg-type]
    cpu = {(r["N"], r["phase"]): r["cpu"] for r in results}
    for count in args.sizes:
        warm = by[(count, "plugin warm")]
        print(f"- N={count}: warm/plain {warm / by[(count, 'plain MkDocs (generated)')]:.2f}, "
              f"warm/floor {warm / by[(count, 'floor (one-entry nav)')]:.2f}, "
              f"cold/warm {by[(count, 'plugin cold')] / warm:.2f}; in CPU time: "
              f"warm/plain {_ratio(cpu, count, 'plugin warm', 'plain MkDocs (generated)')}, "
              f"warm/floor {_ratio(cpu, count, 'plugin warm', 'floor (one-entry nav)')}")
    for small, large in itertools.pairwise(args.sizes):
        growth = by[(large, "plugin warm")] / by[(small, "plugin warm")]
        print(f"- N {small}→{large} (×{large / small:g}): warm time ×{growth:.2f}")


if __name__ == "__main__":
    main()

"""Write a deterministic synthetic knowledge base in the seed's convention.

    python benchmarks/generate_kb.py OUT_DIR --issues 200 [--seed 1]

Each meta-issue has 2-5 versions, an attempt file per version plus a baseline, test cases, an
implementation log and 3-6 metrics in its Impact Analysis (lower- and higher-is-better, with
targets). The same arguments always write the same bytes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

SUBJECTS = ["checkout", "search", "login", "billing", "reporting", "ingest", "export", "sync",
            "upload", "notifications", "inventory", "pricing", "recommendations", "payments"]
SYMPTOMS = ["latency", "memory growth", "timeouts", "error spikes", "throughput drop",
            "cold starts", "queue backlog", "CPU saturation"]
THEORIES = ["an inefficient serialisation path", "slow database queries", "connection churn",
            "lock contention in the cache", "garbage collection pauses", "an N+1 query pattern",
            "undersized worker pools", "retry storms after timeouts", "a chatty RPC client",
            "unbounded in-memory buffers", "missing indexes", "blocking I/O on the event loop"]
FIXES = ["add caching", "rewrite the serializer", "add a connection pool", "batch the queries",
         "raise the pool size", "add backpressure", "move work off the event loop",
         "add an index", "shard the queue", "tune the garbage collector"]
METRICS = [  # name, unit, baseline range, better, target factor
    ("Avg response time", "ms", (800, 6000), "lower", 0.2),
    ("P95 response time", "ms", (1500, 9000), "lower", 0.25),
    ("Memory usage", "MB", (900, 4200), "lower", 0.3),
    ("CPU usage", "%", (70, 100), "lower", 0.5),
    ("Error rate", "%", (2, 30), "lower", 0.1),
    ("Throughput", "req/s", (200, 1200), "higher", 2.0),
    ("Cache hit rate", "%", (10, 40), "higher", 2.0),
    ("Job duration", "min", (20, 90), "lower", 0.3),
]
RESULT_MARKS = {"failed": "❌ Failed", "partial": "⚠️ Partial", "success": "✅ Success",
                "in_progress": "🔄 In progress"}


def _value(unit: str, value: float) -> str:
    if unit == "%":
        return f"{min(value, 100):.3g}%"
    if unit in ("ms", "MB", "req/s"):
        return f"{value:,.0f}{unit if unit != 'req/s' else ' req/s'}"
    return f"{value:.0f} {unit}"


@dataclass
class Plan:
    """One synthetic investigation, drawn from ``rng`` in a fixed order (same seed, same
    knowledge base)."""

    subject: str
    symptom: str
    title: str
    versions: int
    start: dt.date
    resolved: bool
    results: list[str]
    metrics: list[tuple[str, str, tuple[int, int], str, float]]
    dates: list[dt.date]
    theories: list[str]
    fixes: list[str]
    baselines: dict[str, float]


def plan(index: int, rng: random.Random) -> Plan:
    subject = rng.choice(SUBJECTS)
    symptom = rng.choice(SYMPTOMS)
    versions = rng.randint(2, 5)
    start = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randint(0, 900))
    resolved = rng.random() < 0.7
    results = ["failed"] * (versions - 1) + ["success" if resolved else "in_progress"]
    for position in range(versions - 1):
        if rng.random() < 0.3:
            results[position] = "partial"
    metrics = rng.sample(METRICS, rng.randint(3, 6))
    dates = [start + dt.timedelta(days=12 * n) for n in range(versions)]
    theories = [rng.choice(THEORIES) for _ in range(versions)]
    fixes = [rng.choice(FIXES) for _ in range(versions)]
    baselines = {name: rng.uniform(*span) for name, _, span, _, _ in metrics}
    return Plan(subject, symptom, f"{subject.capitalize()} {symptom} #{index}", versions, start,
                resolved, results, metrics, dates, theories, fixes, baselines)


def head_lines(p: Plan) -> list[str]:
    lines = [f"# Living Description: {p.title}", "",
             f"**Last Updated:** {(p.dates[-1] + dt.timedelta(days=5)).isoformat()}", "", "---",
             "", f"## Current Understanding (v{p.versions})", "",
             f"The {p.symptom} in {p.subject} comes from **{p.theories[-1]}**.", "",
             "**Root Causes (validated):**", f"1. {p.theories[-1].capitalize()}",
             f"2. Load patterns of the {p.subject} service", "", "---", "",
             "## Evolution of Understanding", ""]
    for n in range(1, p.versions + 1):
        result = p.results[n - 1]
        lines += [f"### Version {n} ({p.dates[n - 1].isoformat()}) - Hypothesis {n}",
                  "", f"**Theory:** {p.theories[n - 1].capitalize()}", "", "**Evidence:**",
                  f"- Profiles of {p.subject} under load",
                  f"- {p.symptom.capitalize()} in dashboards",
                  "", f"**Test:** Attempt {n:03d} - {p.fixes[n - 1].capitalize()}", "",
                  f"**Result:** {RESULT_MARKS[result]} - measured under load", "",
                  f"**Learning:** {p.theories[n - 1].capitalize()} "
                  f"{'was' if result == 'success' else 'was not'} the main cause",
                  "", "---", ""]
    lines += ["## The Problem", "", "```"]
    for name, unit, _, better, factor in p.metrics:
        op = "<" if better == "lower" else ">"
        lines.append(f"- {name}: {_value(unit, p.baselines[name])} "
                     f"(target: {op}{_value(unit, p.baselines[name] * factor)})")
    return [*lines, "```", "", "## Impact Analysis", ""]


def impact_lines(p: Plan, rng: random.Random) -> list[str]:
    lines: list[str] = []
    values = {name: [p.baselines[name]] for name in p.baselines}
    for number in range(0, p.versions + 1):
        heading = ("### Before (Attempt 000 - Baseline)" if number == 0 else
                   f"### After Attempt {number:03d} ({p.fixes[number - 1].capitalize()})")
        lines += [heading, "", "```", f"Metrics under {rng.randint(50, 500)} concurrent users:"]
        for name, unit, _, better, factor in p.metrics:
            if number:
                step = rng.uniform(0.6, 1.05) if better == "lower" else rng.uniform(0.95, 1.5)
                if number == p.versions and p.resolved:
                    step = factor * (0.8 if better == "lower" else 1.2) / (
                        values[name][-1] / p.baselines[name])
                values[name].append(values[name][-1] * step)
            lines.append(f"- {name}: {_value(unit, values[name][number])}")
        lines += ["```", ""]
    return lines


def tail_lines(p: Plan, rng: random.Random) -> list[str]:
    lines = ["## Critical Insights", ""]
    for number in range(1, rng.randint(2, 4) + 1):
        lines += [f"### Insight {number}: Lesson about {rng.choice(THEORIES)}", "",
                  f"**Lesson:** Measure {p.subject} under realistic load before changing code.",
                  "", "---", ""]
    return [*lines, "## Related", "",
            "- **Test Cases:** [test-cases.md](./test-cases.md) - checks",
            "- **Implementation Log:** [implementation-log.md](./implementation-log.md) - log",
            "", "## For Future Similar Issues", "", "1. **✅ DO:** Profile first",
            "2. **❌ DON'T:** Stop at partial improvement", ""]


def write_attempts(folder: Path, p: Plan) -> None:
    attempts = folder / "attempts"
    attempts.mkdir()
    (attempts / "000-baseline.md").write_text(
        "# Attempt 000: Baseline\n\n**Result:** Baseline\n\n"
        f"**Date:** {(p.start - dt.timedelta(days=3)).isoformat()}\n\n## Setup\n\n"
        f"Load test of {p.subject} before any change.\n", encoding="utf-8")
    for number in range(1, p.versions + 1):
        fix = p.fixes[number - 1]
        (attempts / f"{number:03d}-{fix.replace(' ', '-')}.md").write_text(
            f"# Attempt {number:03d}: {fix.capitalize()}\n\n"
            f"**Hypothesis:** Version {number}\n\n"
            f"**Result:** {RESULT_MARKS[p.results[number - 1]]}\n\n"
            f"**Date:** {p.dates[number - 1].isoformat()}\n\n## Approach\n\n"
            f"We tried to {fix} in the {p.subject} service.\n\n"
            "```python\nconfig.update(pool_size=20)\n```\n\n## Outcome\n\n"
            f"See the Impact Analysis for Attempt {number:03d}.\n", encoding="utf-8")


def write_companions(folder: Path, p: Plan, rng: random.Random) -> None:
    cases = ["# Test Cases", ""]
    for number in range(1, rng.randint(2, 4) + 1):
        tested = ", ".join(f"Attempt {n:03d}" for n in range(1, p.versions + 1))
        cases += [f"## TC-{number}: Load scenario {number}", "",
                  f"Run against {tested}.", "", "**Expected:** targets met", ""]
    (folder / "test-cases.md").write_text("\n".join(cases), encoding="utf-8")
    log = ["# Implementation Log", ""]
    for number in range(1, p.versions + 1):
        log += [f"## {p.dates[number - 1].isoformat()} - Started Attempt {number:03d}", "",
                f"Version {number} of the theory; began Attempt {number:03d}.", ""]
    (folder / "implementation-log.md").write_text("\n".join(log), encoding="utf-8")


def write_issue(folder: Path, index: int, rng: random.Random) -> None:
    p = plan(index, rng)
    lines = head_lines(p) + impact_lines(p, rng) + tail_lines(p, rng)
    folder.mkdir(parents=True)
    (folder / "README.md").write_text("\n".join(lines), encoding="utf-8")
    write_attempts(folder, p)
    write_companions(folder, p, rng)


def generate(out: Path, issues: int, seed: int = 1) -> None:
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    rng = random.Random(seed)
    for index in range(issues):
        write_issue(out / f"issue-{index:04d}", index, rng)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--issues", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.out, args.issues, args.seed)


if __name__ == "__main__":
    main()

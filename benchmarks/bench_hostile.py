"""How long hostile and large inputs take: the bad-input corpus, the ReDoS lines, similarity.

    python benchmarks/bench_hostile.py

The tests check what these inputs produce; this measures how long they take (the limits the
docs promise: each corpus case builds in under 10 s, the ReDoS file parses in under 1 s, and
similarity over 1,000 investigations stays near-linear). One Markdown table.
"""

from __future__ import annotations

import contextlib
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
os.environ.setdefault("DISABLE_MKDOCS_2_WARNING", "true")

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from bad_inputs.corpus import _REDOS, BASE, CASES, write_case
from meta_issues.site.related import similar
from meta_issues.source import read_issue
from test_related import _synthetic


def corpus_case(name: str, folder: Path) -> float:
    """Seconds for one lenient build of a corpus case."""
    import yaml

    case = CASES[name]
    root = folder / name
    write_case(case, root, folder / f"{name}-outside")
    (root / "docs").mkdir(parents=True, exist_ok=True)
    options = {"charts": False, "cache_dir": str(folder / "cache"), **case.plugin_options}
    config = {"site_name": name, "theme": {"name": "material"},
              "plugins": ["search", {"meta-issues": options}], **case.config}
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    started = time.perf_counter()
    with contextlib.suppress(Abort):  # a strict abort is an answer too
        build(load_config(config_file=str(root / "mkdocs.yml")))
    return time.perf_counter() - started


def main() -> None:
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}")
    print("| input | seconds |")
    print("|---|---|")
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        times = {name: corpus_case(name, folder) for name in sorted(CASES)}
        slowest = max(times, key=lambda name: times[name])
        print(f"| bad-input corpus, {len(times)} cases: slowest ({slowest}) | "
              f"{times[slowest]:.2f} |")
        print(f"| bad-input corpus, median case | {sorted(times.values())[len(times) // 2]:.2f} |")
        issue = folder / "redos"
        issue.mkdir()
        (issue / "README.md").write_text(BASE + "\n" + _REDOS, encoding="utf-8")
        started = time.perf_counter()
        read_issue(issue)
        print(f"| ReDoS lines, one README | {time.perf_counter() - started:.2f} |")
    for count in (100, 1000):
        items = _synthetic(count)
        started = time.perf_counter()
        similar(items)
        print(f"| similarity, {count:,} investigations | {time.perf_counter() - started:.2f} |")


if __name__ == "__main__":
    main()

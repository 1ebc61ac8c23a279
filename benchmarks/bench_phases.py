"""Where one build's time goes, phase by phase, in this process.

    python benchmarks/bench_phases.py /tmp/meta-issues-bench/n1000/mkdocs.yml
    python benchmarks/bench_phases.py /tmp/meta-issues-bench/n1000/generated/mkdocs.yml

Run it on a project written by bench_build.py (the plugin's) and on its ``generated/`` copy
(plain MkDocs), back to back: it times MkDocs' build steps, every plugin event and the garbage
collector, which separates the plugin's own work from the machine's noise better than the
wall time of separate builds does.
"""

from __future__ import annotations

import collections
import gc
import os
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
os.environ.setdefault("DISABLE_MKDOCS_2_WARNING", "true")

import mkdocs.commands.build as build_module
from mkdocs.config import load_config
from mkdocs.plugins import PluginCollection
from mkdocs.structure.files import Files

SECONDS: dict[str, float] = collections.defaultdict(float)


def timed(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            SECONDS[name] += time.perf_counter() - started

    return wrapper


def main() -> None:
    config_file = sys.argv[1]
    build_module._populate_page = timed("read and convert pages", build_module._populate_page)
    build_module._build_page = timed("write pages", build_module._build_page)
    build_module._build_theme_template = timed("theme templates",
                                               build_module._build_theme_template)
    # Names build.py imported from mkdocs.structure: patched where build() looks them up.
    setattr(build_module, "get_navigation",  # noqa: B010
            timed("navigation", build_module.get_navigation))  # type: ignore[attr-defined]
    setattr(build_module, "get_files",  # noqa: B010
            timed("MkDocs' file gathering", build_module.get_files))  # type: ignore[attr-defined]
    Files.copy_static_files = timed("copy static files", Files.copy_static_files)  # type: ignore[method-assign]
    run_event = PluginCollection.run_event

    def timed_event(self: PluginCollection, name: str, item: Any = None, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return run_event(self, name, item, **kwargs)
        finally:
            SECONDS[f"event {name}"] += time.perf_counter() - started

    PluginCollection.run_event = timed_event  # type: ignore[method-assign]
    collecting = [0.0]

    def on_collection(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collecting[0] = time.perf_counter()
        else:
            SECONDS["garbage collection (inside the above)"] += time.perf_counter() - collecting[0]

    gc.callbacks.append(on_collection)
    with tempfile.TemporaryDirectory() as site_dir:
        config = load_config(config_file=config_file, site_dir=site_dir)
        config.plugins.on_startup(command="build", dirty=False)
        started = time.perf_counter()
        build_module.build(config)
        total = time.perf_counter() - started
    print(f"{config_file}: {total:.1f} s, CPU {time.process_time():.1f} s")
    for name, seconds in sorted(SECONDS.items(), key=lambda item: -item[1])[:14]:
        print(f"  {name:40s} {seconds:7.2f}")


if __name__ == "__main__":
    main()

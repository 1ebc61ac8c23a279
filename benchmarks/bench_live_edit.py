"""Edit-to-browser time under `mkdocs serve --dirty`, measured in a real browser.

    python benchmarks/bench_live_edit.py --count 1000 --edits 7 [--polling]

Generates (or reuses) a synthetic knowledge base of ``--count`` investigations, starts
`mkdocs serve --dirty` on 127.0.0.1, opens an attempt page in Chromium (Playwright, the
system /usr/bin/chromium), then appends a line with a fresh marker to that attempt's file and
times how long until the marker is visible in the page: file watcher, rebuild, livereload and
the browser's reload, as a reader experiences them. The first build of serve is not timed.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_build import CONFIG, ENV
from generate_kb import generate


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--out", type=Path,
                        default=Path(tempfile.gettempdir()) / "meta-issues-live-edit")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--polling", action="store_true",
                        help="native_watch: false, so MkDocs polls the source folder itself")
    return parser.parse_args()


def prepare(args: argparse.Namespace) -> tuple[Path, Path]:
    """The project (generated once) and the attempt file the benchmark edits."""
    project = args.out / f"n{args.count}"
    if not (project / "meta-issues").is_dir():
        (project / "docs").mkdir(parents=True, exist_ok=True)
        generate(project / "meta-issues", args.count)
    config = CONFIG + ("      native_watch: false\n" if args.polling else "")
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    return project, sorted((project / "meta-issues").glob("issue-0000/attempts/001-*.md"))[0]


class Server:
    """`mkdocs serve --dirty` in a child process, with the rebuild times it logs."""

    def __init__(self, project: Path, port: int) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
            cwd=project, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        self.ready = threading.Event()
        self.rebuilds: list[str] = []
        self.reader = threading.Thread(target=self._read_log, daemon=True)
        self.reader.start()

    def _read_log(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            if "Serving on" in line:
                self.ready.set()
            built = re.search(r"Documentation built in ([\d.]+) seconds", line)
            if built:
                self.rebuilds.append(built[1])

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self.reader.join(timeout=30)  # the log's last lines may still be in the pipe


def measure(url: str, target: Path, edits: int, chromium: str) -> list[float]:
    """Seconds from each edit of ``target`` to the edit's text in a browser showing ``url``."""
    from playwright.sync_api import sync_playwright

    timings: list[float] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium)
        page = browser.new_page()
        page.goto(url)
        for edit in range(edits):
            # A person reads the reloaded page before the next edit; serve collects the
            # last rebuild's garbage meanwhile (pipeline.idle.IdleCollection).
            time.sleep(2.0)
            marker = f"live-edit-marker-{edit}-{time.time_ns()}"
            text = target.read_text(encoding="utf-8")
            edited_at = time.perf_counter()
            target.write_text(f"{text}\n{marker}\n", encoding="utf-8")
            # Livereload reloads the page when the rebuild is done: wait for each new
            # document (its text, not its images: what a reader sees first) rather than poll
            # the page, which would compete with the build for the CPU.
            while True:
                page.wait_for_event("domcontentloaded", timeout=120_000)
                if marker in page.content():
                    break
            timings.append(time.perf_counter() - edited_at)
            print(f"edit {edit + 1}: visible in the browser after {timings[-1]:.2f} s",
                  flush=True)
        browser.close()
    return timings


def main() -> None:
    args = arguments()
    project, target = prepare(args)
    port = free_port()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}; N = {args.count}; "
          f"{'polling' if args.polling else 'native'} watch; editing {target.relative_to(project)}")
    server = Server(project, port)
    started = time.perf_counter()
    try:
        if not server.ready.wait(timeout=1800):
            raise SystemExit("mkdocs serve did not start")
        print(f"first build of serve: {time.perf_counter() - started:.1f} s")
        timings = measure(f"http://127.0.0.1:{port}/meta-issues/issue-0000/attempts/001/",
                          target, args.edits, args.chromium)
    finally:
        server.stop()
    print(f"median {statistics.median(timings):.2f} s, worst {max(timings):.2f} s "
          f"over {len(timings)} edits; rebuilds as logged by MkDocs: "
          f"{', '.join(server.rebuilds[1:])} s")


if __name__ == "__main__":
    main()

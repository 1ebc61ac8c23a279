"""`mkdocs serve` for real: a process on 127.0.0.1 shows an edit to an investigation.

The plugin watches the source folder with the system's file notifications and signals MkDocs
through one trigger file (see watching.py); with ``native_watch: false`` MkDocs polls the
folder itself. Both must bring an edit to the served page.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from watchdog.observers.polling import PollingObserver

from conftest import SMALL_SITE_CONFIG, small_project, write_small_issue
from meta_issues.plugin import watching
from meta_issues.plugin.watching import SourceWatch

ATTEMPT_URL = "meta-issues/issue-1/attempts/001/"


class Server:
    """`mkdocs serve --dirty` in a child process, its output collected line by line."""

    def __init__(self, project: Path, env: dict[str, str] | None = None) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{port}/"
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
            cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true",
                 **(env or {})},
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip())

    @property
    def output(self) -> str:
        return "\n".join(self.lines)

    def wait_for_line(self, text: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while not any(text in line for line in self.lines):
            if self.process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"`mkdocs serve` never printed {text!r}:\n{self.output}")
            time.sleep(0.05)

    def page(self, path: str) -> str:
        # self.url is http://127.0.0.1:<port>/, built above
        with urllib.request.urlopen(self.url + path, timeout=10) as response:  # noqa: S310
            return str(response.read().decode("utf-8"))

    def wait_for_page_text(self, path: str, text: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                if text in self.page(path):
                    return
            except urllib.error.URLError:
                pass  # a rebuild may be swapping the file
            if time.monotonic() > deadline:
                pytest.fail(f"{text!r} never appeared on {path}:\n{self.output}")
            time.sleep(0.1)

    def stop(self) -> int:
        self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            pytest.fail(f"`mkdocs serve` did not stop on Ctrl+C:\n{self.output}")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return small_project(tmp_path, count=2)


@pytest.fixture
def serve(project: Path) -> Iterator[Server]:
    server = Server(project)
    try:
        server.wait_for_line("Serving on")
        yield server
    finally:
        if server.process.poll() is None:
            server.stop()


def _unexpected_warnings(server: Server) -> list[str]:
    return [line for line in server.lines if line.startswith("WARNING")
            and "A 'dirty' build is being performed" not in line]


def _watched_paths(server: Server) -> str:
    return next(line for line in server.lines if "Watching paths for changes" in line)


def _edit(project: Path, text: str) -> None:
    attempt = project / "meta-issues" / "issue-1" / "attempts" / "001-pool.md"
    attempt.write_text(attempt.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")


def test_serve_shows_an_edit_signalled_by_native_file_notifications(
    project: Path, serve: Server
) -> None:
    assert "watching 'meta-issues' with the system's file notifications" in serve.output
    watched = _watched_paths(serve)
    assert "'meta-issues'" not in watched  # MkDocs no longer walks the folder every 0.5 s
    found = re.search(r"'([^']*meta-issues-serve-[^']*)'", watched)
    assert found is not None, watched
    trigger = Path(found[1])
    # watchdog polls a watched file by listing its folder: the trigger must be alone in it
    assert [path.name for path in trigger.parent.iterdir()] == ["trigger"]

    assert "Pool" in serve.page(ATTEMPT_URL)
    _edit(project, "Found by inotify.")
    serve.wait_for_page_text(ATTEMPT_URL, "Found by inotify.")
    _edit(project, "And a second time.")
    serve.wait_for_page_text(ATTEMPT_URL, "And a second time.")

    assert serve.stop() == 0
    assert _unexpected_warnings(serve) == []
    assert not trigger.parent.exists()  # removed when serve stops


def test_serve_polls_the_source_folder_when_native_watch_is_off(project: Path) -> None:
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "      native_watch: false\n",
                      encoding="utf-8")
    server = Server(project)
    try:
        server.wait_for_line("Serving on")
        assert "file notifications" not in server.output
        assert "'meta-issues'" in _watched_paths(server)
        _edit(project, "Found by polling.")
        server.wait_for_page_text(ATTEMPT_URL, "Found by polling.")
    finally:
        code = server.stop()
    assert code == 0
    assert _unexpected_warnings(server) == []


def _wait_for_change(trigger: Path, before: int, timeout: float = 5) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        now = trigger.stat().st_mtime_ns
        if now != before:
            return now
        time.sleep(0.02)
    pytest.fail("the trigger file was not touched")


def test_source_watch_answers_changes_and_ignores_reads(project: Path, tmp_path: Path) -> None:
    source = project / "meta-issues"
    watch = SourceWatch(source)
    assert watch.start()
    trigger = watch.trigger
    try:
        stamp = trigger.stat().st_mtime_ns
        for path in sorted(source.rglob("*.md")):  # what every build does
            path.read_bytes()
        time.sleep(0.5)
        assert trigger.stat().st_mtime_ns == stamp

        _edit(project, "An edit.")
        stamp = _wait_for_change(trigger, stamp)
        write_small_issue(source / "issue-new", "A new folder")
        stamp = _wait_for_change(trigger, stamp)
        (source / "issue-new").rename(source / "issue-renamed")
        stamp = _wait_for_change(trigger, stamp)
        (source / "issue-0" / "attempts" / "001-pool.md").unlink()
        _wait_for_change(trigger, stamp)
    finally:
        watch.stop()
    assert not watch.running
    assert not trigger.parent.exists()


def test_source_watch_declines_when_it_cannot_write_its_trigger(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setattr(tempfile, "tempdir", str(blocker))
    threads = threading.active_count()
    watch = SourceWatch(project / "meta-issues")
    assert not watch.start()
    assert not watch.running
    assert threading.active_count() == threads  # no observer left behind
    watch.stop()  # harmless when nothing runs


def test_source_watch_leaves_polling_to_mkdocs(project: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    # Where watchdog has no native API its Observer polls too: nothing would be gained.
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(watching, "Observer", PollingObserver)
    watch = SourceWatch(project / "meta-issues")
    assert not watch.start()
    assert not watch.running
    assert not list(tmp_path.glob("meta-issues-serve-*"))  # its trigger folder is gone


def test_serve_follows_the_source_folder_deleted_and_made_again(
    project: Path, serve: Server
) -> None:
    """A `git checkout` of a branch without the folder, and back: the watch follows."""
    source = project / "meta-issues"
    kept = project / "kept-aside"
    source.rename(kept)  # gone, as a checkout removes it
    serve.wait_for_line("MISSING_SOURCE")
    kept.rename(source)  # and back
    _edit(project, "Seen after the folder came back.")
    serve.wait_for_page_text(ATTEMPT_URL, "Seen after the folder came back.")
    shutil.rmtree(source)  # deleted outright, then written anew
    time.sleep(1)
    source.mkdir()
    write_small_issue(source / "issue-1", "Issue 1 written anew")
    serve.wait_for_page_text("meta-issues/issue-1/", "Issue 1 written anew")
    _edit(project, "And edits keep showing.")
    serve.wait_for_page_text(ATTEMPT_URL, "And edits keep showing.")
    assert serve.stop() == 0


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_stops_serve_and_cleans_up(project: Path, tmp_path: Path,
                                            stop: signal.Signals) -> None:
    """Its temporary folder goes, and no process it started outlives it."""
    private = tmp_path / "tmp"
    private.mkdir()
    server = Server(project, env={"TMPDIR": str(private)})
    try:
        server.wait_for_line("Serving on")
        assert list(private.glob("meta-issues-serve-*"))
        children = _children(server.process.pid)
        server.process.send_signal(stop)
        code = server.process.wait(timeout=30)
    finally:
        if server.process.poll() is None:
            server.process.kill()
    assert code == 0, server.output
    assert "Traceback" not in server.output
    assert not list(private.glob("meta-issues-serve-*")), server.output
    _wait_gone(children)


def _children(pid: int) -> list[int]:
    """The processes ``pid`` started, from /proc (Linux)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _wait_gone(pids: list[int], timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    alive = list(pids)
    while alive and time.monotonic() < deadline:
        alive = [pid for pid in alive if _running(pid)]
        time.sleep(0.1)
    assert alive == [], f"still running: {alive}"


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has ended, and only waits for its parent to reap it


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc (Linux)")
def test_a_killed_build_leaves_no_chart_workers(tmp_path: Path) -> None:
    """SIGKILL gives a build no chance to clean up: its workers notice and end themselves."""
    root = small_project(tmp_path / "project", count=6, config=SMALL_SITE_CONFIG +
                         "      chart_workers: 2\n")
    build = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "-q"], cwd=root,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"})
    try:
        deadline = time.monotonic() + 60
        workers: list[int] = []
        while len(workers) < 2 and time.monotonic() < deadline and build.poll() is None:
            workers = [pid for pid in _children(build.pid)
                       if "spawn_main" in Path(f"/proc/{pid}/cmdline").read_text(errors="replace")]
            time.sleep(0.05)
        assert workers, "the build started no chart workers"
        children = _children(build.pid)
        build.kill()
        build.wait(timeout=10)
    finally:
        if build.poll() is None:
            build.kill()
    _wait_gone(children)

"""Freshness, as a property: after any sequence of edits, a warm build equals a cold build.

Hypothesis drives random edits of a small project — results, metric values, titles, attempts
added, renamed and deleted, investigations deleted and added, links from one investigation
to another (whose pages then show where each leads, and which lists who links to it), files
beside the text added and removed, a file over 1 MB whose front matter changes, plugin
options (``attempt_words`` among them, which changes what a folder reads as), and the chart
drawing code — and after each one builds the site three ways:

- *serve*: the plugin instance of a `mkdocs serve` process, with its memos and the store;
- *new process*: a fresh pipeline with only the store (a later `mkdocs build`, or CI with a
  restored cache);
- *cold*: a fresh pipeline and an empty cache.

Every built file must be byte-identical between the three (``sitemap.xml.gz`` aside: its gzip
header carries a timestamp).
"""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import (
    SMALL_SITE_CONFIG,
    Command,
    plugin_of,
    run_build,
    small_project,
    write_small_issue,
)
from meta_issues.cache import keys
from meta_issues.charts import style as drawing
from meta_issues.pipeline import Pipeline

RESULTS = ("✅ Success", "❌ Failed", "⚠️ Partial", "🔄 In progress")
COLOURS = ("#2f9e44", "#0b7285", "#5c940d")
OPTIONS = ("", "      charts: false\n", "      base_path: kb\n", "      landing_page: false\n",
           "      attempt_words: [Attempt, Trial]\n", "      attempt_words: [Attempt]\n")
PADDING = "Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n" * 19_000  # > 1 MB


def config(option: str = "") -> str:
    """The project's mkdocs.yml; charts are drawn in this process (``chart_workers: 1``) so
    that ``change_chart_code`` reaches them."""
    return SMALL_SITE_CONFIG.replace("cache_dir: .cache\n",
                                     f"cache_dir: .cache\n      chart_workers: 1\n{option}")


def files_of(site_dir: Path) -> dict[str, bytes]:
    return {path.relative_to(site_dir).as_posix(): path.read_bytes()
            for path in site_dir.rglob("*") if path.is_file() and path.name != "sitemap.xml.gz"}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


class Edits(RuleBasedStateMachine):
    """One project, edited step by step, built warm and cold after each step."""

    root: Path
    counter: Iterator[int]

    def __init__(self) -> None:
        super().__init__()
        self.serve_pipeline: Pipeline | None = None
        self.colour = COLOURS[0]

    @initialize()
    def start(self) -> None:
        self.root = small_project(TMP.path / f"run-{next(RUNS)}", count=3, config=config())
        self.counter = itertools.count(2)
        self.option = ""
        # Read as attempt 7 only where attempt_words has "Trial", and as Experiment 8's only
        # where it has "Experiment" (the default): the parse depends on the option.
        attempts = self.folders()[0] / "attempts"
        (attempts / "trial-7.md").write_text(
            "# Trial 7: Warmer pool\n\n**Hypothesis:** Version 1\n\n**Result:** ❌ Failed\n",
            encoding="utf-8")
        (attempts / "experiment-8.md").write_text(
            "# Experiment 8: Bigger pool\n\n**Hypothesis:** Version 1\n\n**Result:** ✅ Success\n",
            encoding="utf-8")

    def folders(self) -> list[Path]:
        return sorted(p for p in (self.root / "meta-issues").iterdir() if p.is_dir())

    # --- edits -------------------------------------------------------------------------------

    @rule(which=st.integers(0, 9), result=st.sampled_from(RESULTS))
    def set_result(self, which: int, result: str) -> None:
        folders = self.folders()
        if folders:
            readme = folders[which % len(folders)] / "README.md"
            text = readme.read_text("utf-8")
            current = next((r for r in RESULTS if f"**Result:** {r}" in text), None)
            if current is not None:
                edit(readme, f"**Result:** {current}", f"**Result:** {result}")

    @rule(which=st.integers(0, 9), value=st.integers(1, 2000))
    def set_metric(self, which: int, value: int) -> None:
        folders = self.folders()
        if folders:
            folder = folders[which % len(folders)]
            readme = folder / "README.md"
            text = readme.read_text("utf-8")
            tail = text.rsplit("- Latency: ", 1)
            readme.write_text(f"{tail[0]}- Latency: {value}ms\n```\n", encoding="utf-8")

    @rule(which=st.integers(0, 9), title=st.sampled_from(("Pool exhaustion", "Slow <login>",
                                                         "Ölkännchen & co", "Issue x")))
    def set_title(self, which: int, title: str) -> None:
        folders = self.folders()
        if folders:
            readme = folders[which % len(folders)] / "README.md"
            _title, rest = readme.read_text("utf-8").split("\n", 1)
            readme.write_text(f"# {title}\n{rest}", encoding="utf-8")

    @rule(which=st.integers(0, 9), action=st.sampled_from(("add", "rename", "delete")))
    def change_attempt(self, which: int, action: str) -> None:
        folders = self.folders()
        if not folders:
            return
        attempts = folders[which % len(folders)] / "attempts"
        attempts.mkdir(exist_ok=True)
        existing = sorted(attempts.glob("*.md"))
        if action == "add" or not existing:
            number = len(existing) + 1
            (attempts / f"{number:03d}-try.md").write_text(
                f"# Attempt {number:03d}: Try {number}\n\n**Hypothesis:** Version 1\n\n"
                "**Result:** ❌ Failed\n", encoding="utf-8")
        elif action == "rename":
            existing[-1].rename(attempts / f"{existing[-1].stem}-renamed.md")
        else:
            existing[-1].unlink()

    @rule(action=st.sampled_from(("add", "delete")))
    def change_investigation(self, action: str) -> None:
        folders = self.folders()
        if action == "delete" and len(folders) > 1:
            shutil.rmtree(folders[-1])
        else:
            number = next(self.counter)
            write_small_issue(self.root / "meta-issues" / f"issue-{number}", f"Issue {number}")

    @rule(which=st.integers(0, 9), other=st.integers(0, 9), add=st.booleans())
    def cross_link(self, which: int, other: int, add: bool) -> None:
        """A link into another investigation: its pages depend on that one's files, and that
        one's overview lists it."""
        folders = self.folders()
        if not folders:
            return
        readme = folders[which % len(folders)] / "README.md"
        target = folders[other % len(folders)].name
        line = (f"\nSee [the other one](../{target}/README.md) and its "
                f"[pool attempt](../{target}/attempts/001-pool.md).\n")
        text = readme.read_text("utf-8").split("\nSee [the other one]")[0]
        readme.write_text(text + (line if add else ""), encoding="utf-8")

    @rule(which=st.integers(0, 9), add=st.booleans())
    def file_beside(self, which: int, add: bool) -> None:
        """An image beside the text, linked from the README: published, or a dead link."""
        folders = self.folders()
        if not folders:
            return
        folder = folders[which % len(folders)]
        image = folder / "images" / "chart.png"
        if add:
            image.parent.mkdir(exist_ok=True)
            image.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes([which]))
            readme = folder / "README.md"
            if "images/chart.png" not in readme.read_text("utf-8"):
                with readme.open("a", encoding="utf-8") as stream:
                    stream.write("\n![A chart](images/chart.png)\n")
        elif image.exists():
            image.unlink()

    @rule(result=st.sampled_from(("failed", "passed")))
    def large_file(self, result: str) -> None:
        """Only the head of a file over 1 MB is read; its front matter must still count."""
        folders = self.folders()
        if folders:
            path = folders[0] / "attempts" / "009-huge.md"
            path.parent.mkdir(exist_ok=True)
            path.write_text(f"---\nresult: {result}\n---\n# Attempt 009: Huge\n\n{PADDING}",
                            encoding="utf-8")

    @rule(option=st.sampled_from(OPTIONS))
    def set_option(self, option: str) -> None:
        self.option = option
        (self.root / "mkdocs.yml").write_text(config(option), encoding="utf-8")

    @rule(colour=st.sampled_from(COLOURS))
    def change_chart_code(self, colour: str) -> None:
        """The drawing code changes (a colour): ``keys.environment`` digests the package's
        files, which this stands in for (test_cache runs the real edit in a new process)."""
        self.colour = colour

    # --- the property ---------------------------------------------------------------------------

    def _build(self, site: str, pipeline: Pipeline, command: Command) -> list[str]:
        config = load_config(config_file=str(self.root / "mkdocs.yml"),
                             site_dir=str(self.root / site))
        config.plugins.on_startup(command=command, dirty=False)
        plugin = plugin_of(config)
        plugin.pipeline = pipeline
        pipeline.log = plugin.log
        return run_build(config, root=self.root, tolerate_warnings=[r".*"]).warnings

    @invariant()
    def warm_builds_equal_a_cold_build(self) -> None:
        if not hasattr(self, "root"):
            return
        with code_colour(self.colour):
            if self.serve_pipeline is None:
                self.serve_pipeline = Pipeline(None)  # type: ignore[arg-type]
            served = self._build("site-serve", self.serve_pipeline, "serve")
            warm = self._build("site-warm", Pipeline(None), "build")  # type: ignore[arg-type]
            kept = self.root / ".cache-kept"
            (self.root / ".cache").rename(kept)
            try:
                cold = self._build("site-cold", Pipeline(None), "build")  # type: ignore[arg-type]
            finally:
                shutil.rmtree(self.root / ".cache")
                kept.rename(self.root / ".cache")
        assert warm == cold and sorted(served) == sorted(cold)
        cold_files = files_of(self.root / "site-cold")
        assert files_of(self.root / "site-warm") == cold_files
        assert files_of(self.root / "site-serve") == cold_files

    def teardown(self) -> None:
        if self.serve_pipeline is not None:
            self.serve_pipeline.prune()


class code_colour:
    """Draw with ``colour`` as the success colour, as if the chart code said so."""

    def __init__(self, colour: str) -> None:
        self.colour = colour

    def __enter__(self) -> None:
        self.saved = (drawing.RESULT_COLOURS["success"], keys.environment)
        drawing.RESULT_COLOURS["success"] = self.colour
        real = keys.environment()
        keys.environment = lambda: f"{real}:{self.colour}"  # type: ignore[assignment]

    def __exit__(self, *_: Any) -> None:
        drawing.RESULT_COLOURS["success"], keys.environment = self.saved


class _Tmp:
    path: Path


TMP = _Tmp()
RUNS = itertools.count()


@pytest.fixture(autouse=True)
def _folder(tmp_path: Path) -> None:
    TMP.path = tmp_path


Edits.TestCase.settings = settings(
    max_examples=4, stateful_step_count=5, deadline=None, derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
test_warm_builds_equal_cold_builds_after_any_edits = Edits.TestCase
_ = build


def test_edits_of_a_linked_investigation_reach_the_one_linking_to_it() -> None:
    """The edit rules for links between investigations and files beside the text, in the
    order that matters: a page must follow an edit of another folder it links into."""
    machine = Edits()
    machine.start()
    machine.warm_builds_equal_a_cold_build()
    steps: list[Callable[[], None]] = [
             lambda: machine.cross_link(0, 1, True),
             lambda: machine.change_attempt(1, "rename"),  # the linked attempt file goes
             lambda: machine.change_attempt(1, "add"),
             lambda: machine.set_title(1, "Slow <login>"),  # shown where it is linked from
             lambda: machine.file_beside(2, True),
             lambda: machine.file_beside(2, False),
             lambda: machine.change_investigation("delete"),
             lambda: machine.cross_link(0, 1, False)]
    for step in steps:
        step()
        machine.warm_builds_equal_a_cold_build()
    machine.teardown()

"""The live-edit loop of `mkdocs serve`: an edit re-parses and rewrites one investigation only.

The plugin instance survives rebuilds (it defines on_startup), so builds here reuse one loaded
config the way `mkdocs serve` does.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import SMALL_SITE_CONFIG, small_project, write_small_issue


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return small_project(tmp_path)


def _html_mtimes(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("*.html")}


def test_dirty_rebuild_touches_only_the_edited_investigation(
    project: Path, parsed_folders: list[str]
) -> None:
    config = load_config(config_file=str(project / "mkdocs.yml"))
    config.plugins.on_startup(command="serve", dirty=True)
    build(config)
    site = Path(config.site_dir)
    before = _html_mtimes(site)

    parsed_folders.clear()  # count from the edit on
    parsed = parsed_folders
    time.sleep(0.05)  # a later mtime than the first build's outputs
    attempt = project / "meta-issues" / "issue-1" / "attempts" / "001-pool.md"
    attempt.write_text(attempt.read_text(encoding="utf-8") + "\nA new finding.\n",
                       encoding="utf-8")
    build(config, dirty=True)

    assert parsed == ["issue-1"]  # the other folders came from the parse cache
    after = _html_mtimes(site)
    changed = sorted(path for path in after if after[path] != before.get(path))
    assert "meta-issues/issue-1/attempts/001/index.html" in changed
    assert not [path for path in changed if "/issue-0/" in path or "/issue-2/" in path]
    page = (site / "meta-issues/issue-1/attempts/001/index.html").read_text(encoding="utf-8")
    assert "A new finding." in page


def test_page_files_keep_their_mtime_when_content_is_unchanged(project: Path) -> None:
    config = load_config(config_file=str(project / "mkdocs.yml"))
    config.plugins.on_startup(command="serve", dirty=True)
    build(config)
    cache = project / ".cache"
    first = {p: p.stat().st_mtime_ns for p in cache.rglob("files/*/*.md")}
    assert first, "generated pages are backed by files in the cache"
    time.sleep(0.05)
    build(config)
    second = {p: p.stat().st_mtime_ns for p in cache.rglob("files/*/*.md")}
    assert second == first
    assert not any(str(p).startswith(str(project / "docs")) for p in first)
    assert os.listdir(project / "docs") == []


def test_one_process_building_two_projects_never_mixes_them(tmp_path: Path) -> None:
    # MkDocs keeps plugins that define on_startup across load_config calls in one process,
    # so the plugin's caches must be keyed by project, not by page or folder name.
    def make(name: str, title: str) -> Path:
        project = tmp_path / name
        shutil.rmtree(project / "meta-issues", ignore_errors=True)
        (project / "docs").mkdir(parents=True, exist_ok=True)
        (project / "mkdocs.yml").write_text(SMALL_SITE_CONFIG, encoding="utf-8")
        write_small_issue(project / "meta-issues" / "same-id", title)
        config = load_config(config_file=str(project / "mkdocs.yml"))
        build(config)
        return Path(config.site_dir) / "meta-issues/same-id/index.html"

    make("second", "Old title")  # leaves "Old title" in second's own page cache
    make("first", "New title")  # the same pages, written to first's cache
    page = make("second", "New title")
    text = page.read_text(encoding="utf-8")
    assert "New title" in text and "Old title" not in text


def test_home_and_lessons_follow_an_edit_that_changes_them(project: Path) -> None:
    # Under serve they keep their file (and so are not rebuilt) while what they show is
    # unchanged; a new title must show.
    config = load_config(config_file=str(project / "mkdocs.yml"))
    config.plugins.on_startup(command="serve", dirty=True)
    build(config)
    site = Path(config.site_dir)
    home = site / "meta-issues" / "index.html"
    home_before = home.read_text(encoding="utf-8")
    attempt = project / "meta-issues" / "issue-1" / "attempts" / "001-pool.md"
    attempt.write_text(attempt.read_text(encoding="utf-8") + "\nMore detail.\n",
                       encoding="utf-8")
    build(config, dirty=True)
    assert home.read_text(encoding="utf-8") == home_before
    readme = project / "meta-issues" / "issue-1" / "README.md"
    readme.write_text(
        readme.read_text(encoding="utf-8").replace("# Issue 1", "# Pool exhaustion")
        + "\n## Critical Insights\n\n### 1. Pools need limits\n\n**Lesson:** Cap them.\n",
        encoding="utf-8")
    time.sleep(0.05)
    build(config, dirty=True)
    assert "Pool exhaustion" in home.read_text(encoding="utf-8")
    lessons = (site / "meta-issues" / "lessons" / "index.html").read_text(encoding="utf-8")
    assert "Pools need limits" in lessons and "Cap them." in lessons


def test_serve_collects_garbage_between_rebuilds_not_during_them(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    from meta_issues.pipeline.idle import IdleCollection

    monkeypatch.setattr(IdleCollection, "DELAY", 0.05)
    config = load_config(config_file=str(project / "mkdocs.yml"))
    plugin = config.plugins["meta-issues"]
    try:
        config.plugins.on_startup(command="serve", dirty=True)
        build(config)
        deadline = time.monotonic() + 10
        while not gc.get_freeze_count() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert gc.get_freeze_count() > 0  # collected after the build, survivors frozen

        gc.unfreeze()
        monkeypatch.setattr(IdleCollection, "DELAY", 0.5)
        build(config)
        plugin.on_config(config)  # the next rebuild starts: no collection during it
        time.sleep(0.7)
        assert gc.get_freeze_count() == 0

        config.plugins.on_startup(command="build", dirty=False)
        build(config)  # `mkdocs build` never freezes
        time.sleep(0.7)
        assert gc.get_freeze_count() == 0
    finally:
        plugin.on_shutdown()
    assert gc.get_freeze_count() == 0

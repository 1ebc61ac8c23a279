"""The one cache (``meta_issues.cache``): reuse that is never stale, and a store that is safe.

Every test builds real sites. A warm build must give the same site byte for byte as a cold
one, and anything odd in the cache (damaged, tampered, planted links, deleted mid-build,
shared with another project, unwritable) must cost a rebuild, never a wrong page or a
traceback.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

import meta_issues
from conftest import (
    REPO,
    SMALL_SITE_CONFIG,
    TESTS,
    BuiltSite,
    fresh_build,
    small_project,
    snapshot,
    write_small_issue,
)
from meta_issues.cache.codec import Unstorable, decode, encode
from meta_issues.cache.keys import digest
from meta_issues.charts import MetricChartSpec, TimelineSpec
from meta_issues.model import Diagnostic, Document, KnowledgeBase, MetaIssue, Result
from meta_issues.source import read_knowledge_base

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
WHOLE_SITE = "the whole site read from"
GLYPH = [r"CHART_GLYPH"]


def files_of(site_dir: Path) -> dict[str, bytes]:
    """Every built file but the sitemap, whose gzip header carries a timestamp."""
    return {path.relative_to(site_dir).as_posix(): path.read_bytes()
            for path in site_dir.rglob("*") if path.is_file() and path.name != "sitemap.xml.gz"}


def cache_files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def from_snapshot(site: BuiltSite) -> bool:
    return any(WHOLE_SITE in line for line in site.debugs)


def project(tmp_path: Path, config: str = SMALL_SITE_CONFIG) -> Path:
    return small_project(tmp_path / "project", config=config)


def cold(root: Path, site: str, **kwargs: Any) -> BuiltSite:
    """A build of ``root`` with an empty cache of its own (the cache is moved away)."""
    kept = root / ".cache-kept"
    if (root / ".cache").exists():
        (root / ".cache").rename(kept)
    try:
        return fresh_build(root, site, **kwargs)
    finally:
        shutil.rmtree(root / ".cache", ignore_errors=True)
        if kept.exists():
            kept.rename(root / ".cache")


# --- the codec ------------------------------------------------------------------------------


def _round_trip(kb: KnowledgeBase) -> list[MetaIssue]:
    text = json.dumps([encode(MetaIssue, issue) for issue in kb.issues])
    return [decode(MetaIssue, data) for data in json.loads(text)]


@pytest.mark.parametrize("folder", [TESTS / "fixtures" / "variants", REPO / "meta-issues"],
                         ids=["variants", "samples"])
def test_codec_round_trips_every_model(folder: Path) -> None:
    kb = read_knowledge_base(folder)
    assert kb.issues
    assert _round_trip(kb) == kb.issues


def test_codec_keeps_front_matter_dates_and_refuses_what_json_cannot_hold() -> None:
    document = Document("x/README.md", {"date": dt.date(2024, 1, 2),
                                        "at": dt.datetime(2024, 1, 2, 3, 4, 5),
                                        "nested": {"list": [1, 2.5, None, True, "s"]}}, "", 1)
    assert decode(Document, json.loads(json.dumps(encode(Document, document)))) == document
    for value in ({1, 2}, b"bytes", {1: "int key"}, {"$": "reserved"}):
        with pytest.raises(Unstorable):
            encode(Document, Document("x", {"value": value}, "", 1))


@pytest.mark.parametrize("data", [
    None, [], "text", {"a": 1},
    ["error", ["x/README.md", 1, None], "CODE"],  # a field short
    ["fatal", ["x/README.md", 1, None], "CODE", "message"],  # not a level
    ["error", ["x/README.md", "1", None], "CODE", "message"],  # line as text
    ["error", ["x/README.md", True, None], "CODE", "message"],  # bool is not an int
])
def test_decode_refuses_data_of_the_wrong_shape(data: object) -> None:
    with pytest.raises(Unstorable):
        decode(Diagnostic, data)
    with pytest.raises(Unstorable):
        decode(Result, "triumph")


def test_keys_tell_apart_what_repr_would_blur() -> None:
    spec = MetricChartSpec("Latency", "ms", (), "lower", target_value=0.0)
    assert digest("chart", spec) == digest("chart", spec)
    assert digest("chart", spec) != digest("chart", MetricChartSpec(
        "Latency", "ms", (), "lower", target_value=-0.0))
    assert digest("chart", TimelineSpec("Latency", ())) != digest(
        "chart", MetricChartSpec("Latency", "ms", (), "lower"))
    assert digest({"a": 1}) != digest({"a": "1"}) != digest([("a", 1)])


# --- warm builds equal cold builds ------------------------------------------------------------


def glyph_project(tmp_path: Path) -> Path:
    """A project whose build warns twice: a chart glyph and a dangling link, to be replayed."""
    root = project(tmp_path)
    readme = root / "meta-issues" / "issue-0" / "README.md"
    readme.write_text(readme.read_text("utf-8").replace("Latency", "Launch 🚀 latency")
                      + "\n## Related\n\n- [Gone](missing.md)\n", encoding="utf-8")
    return root


def warned(root: Path, site: str = "site", **kwargs: Any) -> BuiltSite:
    kwargs.setdefault("expect_warnings", [*GLYPH, r"missing\.md"])
    return fresh_build(root, site, **kwargs)


def test_an_unchanged_project_is_served_whole_byte_for_byte(tmp_path: Path) -> None:
    root = glyph_project(tmp_path)
    first = warned(root, "site-cold")
    assert not from_snapshot(first)
    warm = warned(root, "site-warm")
    assert from_snapshot(warm)
    assert files_of(root / "site-cold") == files_of(root / "site-warm")
    assert warm.warnings == first.warnings  # replayed: `--strict` fails on a warm build too
    shown = int(first.summary()["rendered"]) + int(first.summary()["cached"])
    assert warm.summary().groupdict() == {**first.summary().groupdict(), "rendered": "0",
                                          "cached": str(shown)}
    overview = (root / "site-warm/meta-issues/issue-0/index.html").read_text("utf-8")
    assert overview.count("Problems in the source files") == 1
    strict = warned(root, "site-strict", strict=True)
    assert from_snapshot(strict) and strict.aborted


def test_every_change_to_the_source_is_built_and_then_reused(tmp_path: Path) -> None:
    root = project(tmp_path)
    fresh_build(root)
    write_small_issue(root / "meta-issues" / "issue-2", "Issue 2", latency="70ms")
    assert not from_snapshot(fresh_build(root))
    assert "70ms" in (root / "site/meta-issues/issue-2/index.html").read_text("utf-8")
    assert from_snapshot(fresh_build(root))
    write_small_issue(root / "meta-issues" / "issue-3", "Issue 3")
    assert not from_snapshot(fresh_build(root))
    assert (root / "site/meta-issues/issue-3/index.html").is_file()
    shutil.rmtree(root / "meta-issues" / "issue-3")
    assert not from_snapshot(fresh_build(root))
    assert not (root / "site/meta-issues/issue-3").exists()
    data = json.loads((root / "site/meta-issues.json").read_text("utf-8"))
    assert [issue["id"] for issue in data["meta_issues"]] == ["issue-0", "issue-1", "issue-2"]
    cold(root, "site-cold")
    assert files_of(root / "site") == files_of(root / "site-cold")


def test_only_changed_folders_are_parsed_again(tmp_path: Path, parsed_folders: list[str]
                                               ) -> None:
    root = project(tmp_path)
    fresh_build(root)
    assert sorted(parsed_folders) == ["issue-0", "issue-1", "issue-2"]
    parsed_folders.clear()
    write_small_issue(root / "meta-issues" / "issue-1", "Issue 1", latency="80ms")
    fresh_build(root)
    assert parsed_folders == ["issue-1"]


def test_new_mtimes_on_the_same_bytes_still_reuse_everything(tmp_path: Path,
                                                             parsed_folders: list[str]) -> None:
    root = project(tmp_path)
    fresh_build(root, "site-first")
    later = time.time_ns() + 5 * 10**9
    for path in [*(root / ".cache").rglob("*"), *(root / "meta-issues").rglob("*")]:
        os.utime(path, ns=(later, later))
    parsed_folders.clear()
    again = fresh_build(root, "site-again")
    assert from_snapshot(again) and parsed_folders == []
    assert files_of(root / "site-first") == files_of(root / "site-again")


def test_settings_and_a_landing_page_are_part_of_the_key(tmp_path: Path) -> None:
    root = project(tmp_path)
    fresh_build(root)
    assert (root / "site/index.html").is_file()  # the generated landing page
    (root / "docs" / "index.md").write_text("# Our own home\n", encoding="utf-8")
    assert not from_snapshot(fresh_build(root))
    assert "Our own home" in (root / "site/index.html").read_text("utf-8")
    (root / "mkdocs.yml").write_text(
        SMALL_SITE_CONFIG.replace("cache_dir: .cache", "cache_dir: .cache\n      charts: false"),
        encoding="utf-8")
    assert not from_snapshot(fresh_build(root))
    assert not list((root / "site/meta-issues").rglob("*.svg"))


# --- the three stale pages of issue 14 ------------------------------------------------------


def test_similar_investigations_show_the_others_current_status(tmp_path: Path) -> None:
    """A page prints another investigation's status: when that status changes, the page
    must change, in a new process and under serve."""
    root = project(tmp_path)
    readme = root / "meta-issues" / "issue-1" / "README.md"
    overview = root / "site/meta-issues/issue-0/index.html"

    def similar() -> str:
        text = overview.read_text("utf-8")
        return text.split('id="similar-investigations"', 1)[1].split("</ul>", 1)[0]

    fresh_build(root)
    assert "Issue 1" in similar() and "mi-badge--resolved" in similar()
    readme.write_text(readme.read_text("utf-8").replace("✅ Success", "❌ Failed"), "utf-8")
    fresh_build(root)
    assert "Issue 1" in similar() and "mi-badge--open" in similar(), similar()
    config = serve_config(root)
    try:
        build(config)
        readme.write_text(readme.read_text("utf-8").replace("❌ Failed", "✅ Success"), "utf-8")
        build(config)
        assert "mi-badge--resolved" in similar(), similar()
    finally:
        config.plugins["meta-issues"].on_shutdown()
    cold(root, "site-cold")
    assert files_of(root / "site") == files_of(root / "site-cold")


def test_a_large_files_front_matter_is_part_of_its_key(tmp_path: Path) -> None:
    """Only the head of a file over 1 MB is read (its front matter): a same-size edit of that
    front matter must show."""
    root = project(tmp_path)
    attempt = root / "meta-issues" / "issue-0" / "attempts" / "002-huge.md"
    padding = "Lorem ipsum dolor sit amet.\n" * 40_000
    attempt.write_text(f"---\nresult: failed\n---\n# Attempt 002: Huge\n\n{padding}", "utf-8")
    size = attempt.stat().st_size
    warnings = [r"FILE_TOO_LARGE", r"ATTEMPT_UNTESTED"]
    fresh_build(root, expect_warnings=warnings)
    page = root / "site/meta-issues/issue-0/attempts/002/index.html"
    assert "mi-badge--failed" in page.read_text("utf-8")
    text = attempt.read_text("utf-8").replace("result: failed", "result: passed")
    attempt.write_text(text, "utf-8")
    assert attempt.stat().st_size == size
    fresh_build(root, expect_warnings=warnings)
    assert "mi-badge--success" in page.read_text("utf-8")


def test_a_change_to_the_chart_code_draws_every_chart_again(tmp_path: Path) -> None:
    """Charts are keyed by the package's code: another colour in the drawing code must not
    be served old SVGs. The edited package runs in a new process, first on PYTHONPATH."""
    root = project(tmp_path)
    package = Path(meta_issues.__file__ or "").resolve().parent
    copy = tmp_path / "edited" / "meta_issues"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__"))
    drawing = copy / "charts" / "style.py"
    source = drawing.read_text("utf-8")
    assert '"success": "#2f9e44"' in source
    drawing.write_text(source.replace('"success": "#2f9e44"', '"success": "#123456"'), "utf-8")

    def run(python_path: str, site: str) -> str:
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", site],
                                cwd=root, env={**ENV, "PYTHONPATH": python_path},
                                capture_output=True, text=True, timeout=300, check=False)
        assert result.returncode == 0, result.stderr[-2000:]
        return result.stderr

    run("", "site-first")
    log = run(str(copy.parent), "site-edited")
    assert "0 rendered" not in log
    svgs = list((root / "site-edited/meta-issues").rglob("*.svg"))
    assert any(b"#123456" in svg.read_bytes() for svg in svgs)


# --- races, links, deletion, sharing ----------------------------------------------------------


def age(folder: Path, seconds: float = 3600) -> None:
    """Make every file look old, so the cache may remember its stat."""
    then = time.time() - seconds
    for path in folder.rglob("*"):
        os.utime(path, (then, then))


def test_a_same_size_edit_with_the_old_mtime_is_still_seen(tmp_path: Path) -> None:
    root = project(tmp_path)
    age(root / "meta-issues")
    fresh_build(root)
    readme = root / "meta-issues" / "issue-2" / "README.md"
    info = readme.stat()
    readme.write_text(readme.read_text("utf-8").replace("900ms", "800ms"), "utf-8")
    os.utime(readme, ns=(info.st_atime_ns, info.st_mtime_ns))  # only ctime tells now
    assert readme.stat().st_size == info.st_size
    fresh_build(root)
    assert "800 ms" in (root / "site/meta-issues/issue-2/index.html").read_text("utf-8")


def test_an_edit_racing_the_read_never_leaves_a_wrong_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file changes (same size, old mtime) right after the build read it: that build
    shows what it read, and every later build shows the new bytes."""
    from meta_issues.cache import inputs
    from meta_issues.source.files import read_entry as original

    root = project(tmp_path)
    age(root / "meta-issues")
    readme = root / "meta-issues" / "issue-2" / "README.md"

    def racing(folder: Path, entry: Any) -> Any:
        found = original(folder, entry)
        if folder.name == "issue-2" and entry.name == "README.md":
            info = readme.stat()
            readme.write_text(readme.read_text("utf-8").replace("900ms", "800ms"), "utf-8")
            os.utime(readme, ns=(info.st_atime_ns, info.st_mtime_ns))
        return found

    monkeypatch.setattr(inputs, "read_entry", racing)
    fresh_build(root)
    monkeypatch.setattr(inputs, "read_entry", original)
    for site in ("site-2", "site-3"):
        fresh_build(root, site)
        assert "800 ms" in (root / site / "meta-issues/issue-2/index.html").read_text("utf-8")


@pytest.mark.parametrize("planted", ["entries", "files", "manifests", "a page file"])
def test_a_link_planted_in_the_cache_is_never_followed(tmp_path: Path, planted: str) -> None:
    root = project(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "secret.md"
    secret.write_text("TOP SECRET", encoding="utf-8")
    old = outside / "old.json"  # what a prune following the link would delete
    old.write_text("[]", encoding="utf-8")
    os.utime(old, (0, 0))
    fresh_build(root)
    [environment] = [p for p in (root / ".cache").iterdir() if p.is_dir()]
    if planted == "a page file":
        page = next((environment / "files").rglob("*.md"))
        page.unlink()
        page.symlink_to(secret)
    else:
        folder = environment / planted
        shutil.rmtree(folder)
        folder.symlink_to(outside, target_is_directory=True)
    before = snapshot(outside)
    fresh_build(root, "site-again")
    assert snapshot(outside) == before  # nothing written or removed outside the cache
    built = "\n".join(p.read_text("utf-8", "replace")
                      for p in (root / "site-again").rglob("*.html"))
    assert "TOP SECRET" not in built
    cold(root, "site-cold")
    assert files_of(root / "site-again") == files_of(root / "site-cold")


def test_a_tampered_entry_cannot_pull_files_into_the_site(tmp_path: Path) -> None:
    root = project(tmp_path)
    secret = tmp_path / "secret.md"
    secret.write_text("TOP SECRET", encoding="utf-8")
    fresh_build(root)
    for entry in (root / ".cache").rglob("entries/*/*/*.json"):
        data = json.loads(entry.read_text())
        text = json.dumps(data).replace('"meta-issues/', '"../../../secret.md/')
        text = text.replace('.md"', '.md/../../../../secret.md"')
        entry.write_text(text)
    fresh_build(root, "site-again")
    built = "\n".join(p.read_text("utf-8", "replace")
                      for p in (root / "site-again").rglob("*.html"))
    assert "TOP SECRET" not in built
    assert (root / "site-again/meta-issues/issue-0/index.html").is_file()


DELETE_HOOK = """
import shutil

def on_nav(nav, config, files):
    shutil.rmtree(config.config_file_path.rsplit("/", 1)[0] + "/.cache")
"""


@pytest.mark.parametrize("warm", [False, True], ids=["cold", "warm"])
def test_deleting_the_cache_during_a_build_costs_a_rebuild(tmp_path: Path, warm: bool) -> None:
    root = project(tmp_path)
    if warm:
        fresh_build(root, "site-first")
    (root / "delete_cache.py").write_text(DELETE_HOOK, encoding="utf-8")
    (root / "mkdocs.yml").write_text(SMALL_SITE_CONFIG + "hooks:\n  - delete_cache.py\n",
                                     encoding="utf-8")
    site = fresh_build(root, "site-deleted")
    assert site.aborted is None
    (root / "mkdocs.yml").write_text(SMALL_SITE_CONFIG, encoding="utf-8")
    cold(root, "site-cold")
    assert files_of(root / "site-deleted") == files_of(root / "site-cold")


def serve_config(root: Path, site: str = "site") -> Any:
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(root / site))
    config.plugins.on_startup(command="serve", dirty=False)
    return config


def test_deleting_the_cache_while_serve_runs_costs_a_rebuild(tmp_path: Path) -> None:
    root = project(tmp_path)
    config = serve_config(root)
    try:
        build(config)
        shutil.rmtree(root / ".cache")
        write_small_issue(root / "meta-issues" / "issue-1", "Issue 1", latency="70ms")
        build(config)
        assert (root / ".cache").is_dir()
        cold(root, "site-cold")
        assert files_of(root / "site") == files_of(root / "site-cold")
    finally:
        config.plugins["meta-issues"].on_shutdown()


def test_two_projects_sharing_a_cache_never_publish_each_others_pages(tmp_path: Path) -> None:
    shared = tmp_path / "shared-cache"
    config = SMALL_SITE_CONFIG.replace("cache_dir: .cache", f"cache_dir: {shared}")
    first = small_project(tmp_path / "first", config=config)
    second = small_project(tmp_path / "second", config=config)
    write_small_issue(second / "meta-issues" / "issue-1", "Second's own", latency="55ms")
    serving = serve_config(first)
    try:
        for _ in range(2):
            build(serving)
            fresh_build(second)
        text = (first / "site/meta-issues/issue-1/index.html").read_text("utf-8")
        assert "Second's own" not in text and "90 ms" in text
        text = (second / "site/meta-issues/issue-1/index.html").read_text("utf-8")
        assert "Second's own" in text and "55 ms" in text
    finally:
        serving.plugins["meta-issues"].on_shutdown()


def test_two_builds_at_once_sharing_a_cache_both_publish_their_own_site(tmp_path: Path) -> None:
    shared = tmp_path / "shared-cache"
    config = SMALL_SITE_CONFIG.replace("cache_dir: .cache", f"cache_dir: {shared}")
    roots = [small_project(tmp_path / name, count=6, config=config) for name in ("a", "b")]
    write_small_issue(roots[1] / "meta-issues" / "issue-1", "Only in b", latency="55ms")
    errors: list[str] = []

    def run(root: Path) -> None:
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"],
                                cwd=root, env=ENV, capture_output=True, text=True,
                                timeout=300, check=False)
        if result.returncode != 0:
            errors.append(result.stderr[-2000:])

    for _ in range(2):
        threads = [threading.Thread(target=run, args=(root,)) for root in roots]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []
    assert "Only in b" not in (roots[0] / "site/meta-issues/issue-1/index.html").read_text()
    assert "Only in b" in (roots[1] / "site/meta-issues/issue-1/index.html").read_text()
    for root in roots:
        assert len(list((root / "site/meta-issues").rglob("*.svg"))) > 0


@pytest.mark.parametrize("damage", ["truncate", "empty"])
def test_a_damaged_chart_file_is_drawn_again(tmp_path: Path, damage: str) -> None:
    root = project(tmp_path)
    fresh_build(root, "site-first")
    svgs = sorted((root / ".cache").rglob("files/*/*.svg"))
    assert svgs
    for svg in svgs:
        svg.write_bytes(svg.read_bytes()[:100] if damage == "truncate" else b"")
    again = fresh_build(root, "site-again")
    assert int(again.summary()["rendered"]) > 0
    assert files_of(root / "site-first") == files_of(root / "site-again")


def test_a_page_file_gone_from_the_cache_is_written_again(tmp_path: Path) -> None:
    root = project(tmp_path)
    fresh_build(root, "site-first")
    pages = sorted((root / ".cache").rglob("files/*/*.md"))
    pages[0].unlink()
    again = fresh_build(root, "site-again")
    assert not from_snapshot(again) and pages[0].is_file()
    assert files_of(root / "site-first") == files_of(root / "site-again")


@pytest.mark.parametrize("cache_dir", ["site/cache", "docs/cache", "meta-issues/cache", "."])
def test_a_cache_inside_another_folder_of_the_build_is_refused(tmp_path: Path,
                                                              cache_dir: str) -> None:
    from mkdocs.exceptions import ConfigurationError

    root = project(tmp_path, SMALL_SITE_CONFIG.replace("cache_dir: .cache",
                                                       f"cache_dir: {cache_dir}"))
    config = load_config(config_file=str(root / "mkdocs.yml"))
    with pytest.raises(ConfigurationError, match="option 'cache_dir'"):
        build(config)


def test_an_unwritable_cache_builds_the_same_site_with_a_note(tmp_path: Path) -> None:
    root = project(tmp_path)
    for index in range(3, 7):  # enough distinct charts for the process pool
        write_small_issue(root / "meta-issues" / f"issue-{index}", f"Issue {index}",
                          latency=f"{80 + index}ms")
    cold(root, "site-cold")
    (root / "blocker").write_text("a file where the cache folder would go", encoding="utf-8")
    (root / "mkdocs.yml").write_text(SMALL_SITE_CONFIG.replace(".cache", "blocker/cache"),
                                     encoding="utf-8")
    site = fresh_build(root, "site-unwritable", strict=True)
    assert any("cannot create" in line for line in site.infos)
    assert files_of(root / "site-unwritable") == files_of(root / "site-cold")


def test_what_no_build_uses_any_more_is_removed(tmp_path: Path) -> None:
    root = project(tmp_path)
    age(root / "meta-issues")  # old files: their digests are remembered from the first build
    counts = []
    for latency in ("80ms", "70ms", "60ms", "50ms"):
        write_small_issue(root / "meta-issues" / "issue-1", "Issue 1", latency=latency)
        fresh_build(root)
        counts.append(len(cache_files(root / ".cache")))
    assert counts == [counts[0]] * 4  # each edit replaces its entries; nothing accumulates
    shutil.rmtree(root / "site")
    cold(root, "site-cold")
    fresh_build(root, "site-warm")
    assert files_of(root / "site-warm") == files_of(root / "site-cold")


def test_results_of_another_version_of_the_code_are_removed(tmp_path: Path) -> None:
    root = project(tmp_path)
    fresh_build(root)
    stale = root / ".cache" / ("0" * 24)
    (stale / "files" / "00").mkdir(parents=True)
    (stale / "files" / "00" / ("0" * 40 + ".md")).write_text("old", encoding="utf-8")
    fresh_build(root)
    assert not stale.exists()


# --- serve ------------------------------------------------------------------------------------


def test_serve_rebuilds_reuse_memos_and_follow_every_edit(tmp_path: Path,
                                                          parsed_folders: list[str]) -> None:
    root = project(tmp_path)
    config = serve_config(root)
    try:
        build(config)
        parsed_folders.clear()
        build(config)
        assert parsed_folders == []
        write_small_issue(root / "meta-issues" / "issue-0", "Renamed zero", latency="85ms")
        build(config)
        assert parsed_folders == ["issue-0"]
        home = (root / "site/meta-issues/index.html").read_text("utf-8")
        assert "Renamed zero" in home
    finally:
        config.plugins["meta-issues"].on_shutdown()
    cold(root, "site-cold")
    assert files_of(root / "site") == files_of(root / "site-cold")


@pytest.mark.parametrize("planted", ["entries", "files", "manifests"])
def test_pruning_outside_a_build_never_follows_a_planted_link(tmp_path: Path,
                                                              planted: str) -> None:
    """A serve process prunes when idle, without writing first: a link planted meanwhile
    must be removed, not walked (its target's files would be deleted as unused)."""
    from meta_issues.cache.store import Store

    store = Store(tmp_path / "cache", "0" * 40)
    store.begin()
    store.put("parsed", "1" * 40, {"x": 1})
    store.put_file("2" * 40 + ".md", b"page")
    store.finish()
    outside = tmp_path / "outside"
    outside.mkdir()
    for name in ("old.json", "unused.md"):
        (outside / name).write_text("[]", encoding="utf-8")
        os.utime(outside / name, (0, 0))
    folder = store.base / planted
    shutil.rmtree(folder)
    folder.symlink_to(outside, target_is_directory=True)
    before = snapshot(outside)
    store.prune_now()
    assert snapshot(outside) == before
    assert not folder.is_symlink()

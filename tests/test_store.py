"""Parse and render results kept on disk between builds (store.py, pagestore.py).

A second build in a *new process* must reuse them, give the same site byte for byte, and treat
anything odd in the cache (corrupt, foreign, tampered, stale) as a miss, never as input.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from conftest import (
    REPO,
    SMALL_SITE_CONFIG,
    TESTS,
    BuiltSite,
    fresh_build,
    seed_files,
    snapshot,
    write_small_issue,
)
from meta_issues.model import Document, KnowledgeBase, MetaIssue, Result
from meta_issues.parse import parse_knowledge_base
from meta_issues.store import Store, Unstorable, decode, encode

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


def _round_trip(kb: KnowledgeBase) -> list[MetaIssue]:
    text = json.dumps([encode(MetaIssue, issue) for issue in kb.issues])
    return [decode(MetaIssue, data) for data in json.loads(text)]


@pytest.mark.parametrize("folder", [TESTS / "fixtures" / "variants", REPO / "meta-issues"],
                         ids=["variants", "samples"])
def test_codec_round_trips_every_model(folder: Path) -> None:
    kb = parse_knowledge_base(folder)
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
    from meta_issues.model import Diagnostic

    with pytest.raises(Unstorable):
        decode(Diagnostic, data)
    with pytest.raises(Unstorable):
        decode(Result, "triumph")


# With front matter: a YAML date must survive the JSON store.
_write_issue = functools.partial(write_small_issue,
                                 front_matter="---\nreviewed: 2024-10-12\n---\n")


def test_parse_results_are_reused_across_mtimes_but_not_across_edits(
    tmp_path: Path, parsed_folders: list[str]
) -> None:
    source = tmp_path / "meta-issues"
    for index in range(3):
        _write_issue(source / f"issue-{index}", f"Issue {index}")
    first = parse_knowledge_base(source, None, Store(tmp_path / "cache"))
    parsed_folders.clear()
    parsed = parsed_folders
    store = Store(tmp_path / "cache")
    assert parse_knowledge_base(source, None, store).issues == first.issues
    assert (parsed, store.reused) == ([], 3)

    # A fresh checkout: every mtime moves, no byte does.
    for path in source.rglob("*.md"):
        os.utime(path, ns=(time.time_ns() + 10**9, time.time_ns() + 10**9))
    store = Store(tmp_path / "cache")
    assert parse_knowledge_base(source, None, store).issues == first.issues
    assert (parsed, store.reused) == ([], 3)

    _write_issue(source / "issue-1", "Issue 1", latency="80ms")
    store = Store(tmp_path / "cache")
    again = parse_knowledge_base(source, None, store)
    assert (parsed, store.reused) == (["issue-1"], 2)
    assert again.issues[1].metrics[0].values[1].value == 80


@pytest.mark.parametrize("damage", ["truncate", "garbage", "foreign code", "wrong shape"])
def test_a_damaged_parse_entry_is_a_miss(tmp_path: Path, damage: str) -> None:
    source = tmp_path / "meta-issues"
    _write_issue(source / "issue-0", "Issue 0")
    first = parse_knowledge_base(source, None, Store(tmp_path / "cache"))
    [entry] = (tmp_path / "cache").glob("*.json")
    data = json.loads(entry.read_text())
    if damage == "truncate":
        entry.write_text(entry.read_text()[:100])
    elif damage == "garbage":
        entry.write_bytes(b"\xff\x00not json")
    elif damage == "foreign code":
        entry.write_text(json.dumps({**data, "code": "0" * 32}))
    else:
        data["issue"][1] = 42  # the title
        entry.write_text(json.dumps(data))
    store = Store(tmp_path / "cache")
    assert parse_knowledge_base(source, None, store).issues == first.issues
    assert store.reused == 0
    store = Store(tmp_path / "cache")  # and the entry was written again
    parse_knowledge_base(source, None, store)
    assert store.reused == 1


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "docs").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(SMALL_SITE_CONFIG, encoding="utf-8")
    for index in range(3):
        _write_issue(root / "meta-issues" / f"issue-{index}", f"Issue {index}")
    return root


def _without_snapshot(root: Path) -> None:
    """These tests are about the per-folder layer: what a build uses when a folder changed
    and the whole-site snapshot (test_snapshot.py) does not match."""
    shutil.rmtree(root / ".cache" / "site", ignore_errors=True)


def _build_in_new_process(root: Path, site: str) -> str:
    _without_snapshot(root)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--verbose", "-d", site],
        cwd=root, env=ENV, capture_output=True, text=True, timeout=300, check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stderr


def _reused(log: str) -> tuple[int, int]:
    import re

    match = re.search(r"meta-issues: (\d+) parse results and (\d+) rendered investigations "
                      r"read from", log)
    assert match, log[-2000:]
    return int(match[1]), int(match[2])


def test_a_new_process_reuses_parse_and_render_results(tmp_path: Path) -> None:
    root = _project(tmp_path)
    cold = _build_in_new_process(root, "site-cold")
    assert _reused(cold) == (0, 0)
    warm = _build_in_new_process(root, "site-warm")
    assert _reused(warm) == (3, 3)
    cold_files = {p.relative_to(root / "site-cold"): p.read_bytes()
                  for p in (root / "site-cold").rglob("*") if p.is_file()}
    warm_files = {p.relative_to(root / "site-warm"): p.read_bytes()
                  for p in (root / "site-warm").rglob("*") if p.is_file()}
    assert cold_files.keys() == warm_files.keys()
    # The sitemap's gzip header carries a timestamp; every other file is the same.
    differing = [str(path) for path in cold_files if cold_files[path] != warm_files[path]]
    assert differing in ([], ["sitemap.xml.gz"])

    time.sleep(0.05)
    _write_issue(root / "meta-issues" / "issue-2", "Issue 2", latency="70ms")
    edited = _build_in_new_process(root, "site-edited")
    assert _reused(edited) == (2, 2)
    def latency(site: str) -> object:
        data = json.loads((root / site / "meta-issues.json").read_text("utf-8"))
        issue = next(i for i in data["meta_issues"] if i["id"] == "issue-2")
        return issue["attempts"][1]["metrics"]["Latency"]["value"]

    assert (latency("site-warm"), latency("site-edited")) == (90, 70)


def _fresh_build(root: Path, **kwargs: Any) -> BuiltSite:
    """Build in this process with the plugin's in-memory caches emptied (a new process's view)."""
    _without_snapshot(root)
    return fresh_build(root, **kwargs)


def test_a_tampered_page_entry_cannot_pull_files_into_the_site(tmp_path: Path) -> None:
    root = _project(tmp_path)
    secret = tmp_path / "secret.md"
    secret.write_text("TOP SECRET", encoding="utf-8")
    _fresh_build(root)
    for entry in (root / ".cache" / "rendered").glob("*.json"):
        data = json.loads(entry.read_text())
        for row in data["pages"]:
            row[0] = "../../../secret.md"
            row[3], row[4] = secret.stat().st_size, secret.stat().st_mtime_ns
        entry.write_text(json.dumps(data))
    before = snapshot(root / "meta-issues", root / "docs")
    _fresh_build(root)
    assert snapshot(root / "meta-issues", root / "docs") == before
    built = "\n".join(p.read_text("utf-8", "replace") for p in (root / "site").rglob("*.html"))
    assert "TOP SECRET" not in built
    assert (root / "site/meta-issues/issue-0/index.html").is_file()


def test_a_planted_link_in_the_page_cache_is_not_followed(tmp_path: Path) -> None:
    root = _project(tmp_path)
    secret = tmp_path / "secret.md"
    secret.write_text("TOP SECRET", encoding="utf-8")
    _fresh_build(root)
    page = root / ".cache" / "pages" / "meta-issues" / "issue-0" / "evolution.md"
    assert page.is_file()
    page.unlink()
    page.symlink_to(secret)
    for entry in (root / ".cache" / "rendered").glob("*.json"):
        data = json.loads(entry.read_text())
        for row in data["pages"]:
            if row[0] == "meta-issues/issue-0/evolution.md":
                row[3], row[4] = secret.stat().st_size, secret.stat().st_mtime_ns
        entry.write_text(json.dumps(data))
    _fresh_build(root)
    built = (root / "site/meta-issues/issue-0/evolution/index.html").read_text("utf-8")
    assert "TOP SECRET" not in built and "Evolution" in built


def test_a_chart_problem_box_is_added_once_on_warm_builds(tmp_path: Path) -> None:
    root = _project(tmp_path)
    readme = root / "meta-issues" / "issue-0" / "README.md"
    readme.write_text(readme.read_text("utf-8").replace("Latency", "Launch 🚀 latency"),
                      encoding="utf-8")
    glyph = [r"CHART_GLYPH"]
    for _ in range(3):
        site = _fresh_build(root, expect_warnings=glyph)
        overview = (root / "site/meta-issues/issue-0/index.html").read_text("utf-8")
        assert overview.count("Problems in the source files") == 1
        assert "CHART_GLYPH" in overview
        assert site is not None
    assert len(list((root / ".cache" / "rendered").glob("*.json"))) == 3


def test_the_seed_is_stored_and_reused(tmp_path: Path) -> None:
    root = tmp_path / "seed"
    (root / "docs").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(SMALL_SITE_CONFIG, encoding="utf-8")
    for relative, text in seed_files(complete=True).items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")
    _fresh_build(root)
    first = (root / "site/meta-issues/perf-saga/index.html").read_bytes()
    store = Store(root / ".cache" / "parsed")
    parse_knowledge_base(root / "meta-issues", None, store)
    assert store.reused == 1
    _fresh_build(root)
    assert (root / "site/meta-issues/perf-saga/index.html").read_bytes() == first


def test_cold_charts_are_drawn_in_the_background_and_their_problems_still_boxed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from meta_issues import charts

    started: list[int] = []
    original = charts.ChartDrawing._start

    def counting(self: charts.ChartDrawing, worker_count: int) -> None:
        started.append(self.total)
        original(self, worker_count)

    monkeypatch.setattr(charts.ChartDrawing, "_start", counting)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    root = _project(tmp_path)
    for index in range(3, 8):
        _write_issue(root / "meta-issues" / f"issue-{index}", f"Issue {index}")
    readme = root / "meta-issues" / "issue-2" / "README.md"
    readme.write_text(readme.read_text("utf-8").replace("Latency", "Launch 🚀 latency"),
                      encoding="utf-8")
    site = _fresh_build(root, expect_warnings=[r"issue-2/README\.md:\d+: CHART_GLYPH"])
    assert site.summary()["rendered"] == str(started[0])
    assert started[0] > charts.POOL_THRESHOLD  # the pool drew them
    glyph = [w for w in site.warnings if "CHART_GLYPH" in w]
    assert len(glyph) == 1, glyph
    overview = (root / "site/meta-issues/issue-2/index.html").read_text("utf-8")
    assert overview.count("Problems in the source files") == 1 and "CHART_GLYPH" in overview
    for other in ("issue-0", "issue-1"):
        html = (root / f"site/meta-issues/{other}/index.html").read_text("utf-8")
        assert "Problems in the source files" not in html
    svgs = list((root / "site/meta-issues").rglob("*.svg"))
    assert svgs and all(svg.read_bytes().startswith(b"<?xml") for svg in svgs)


@pytest.mark.parametrize("with_changes", [False, True])
def test_export_json_from_memoised_parts_equals_the_whole_export(
    tmp_path: Path, with_changes: bool
) -> None:
    from meta_issues.export import ExportMemo, dumps, export_data, export_json

    source = tmp_path / "meta-issues"
    for index in range(3):
        _write_issue(source / f"issue-{index}", f"Issue {index}")
    kb = parse_knowledge_base(source, {})  # with a cache: fingerprints are set
    assert all(issue.fingerprint for issue in kb.issues)
    whole = dumps(export_data(kb, with_changes=with_changes), compact=True)
    memo: ExportMemo = {}
    assert export_json(kb, with_changes=with_changes, memo=memo) == whole
    assert len(memo) == 3
    assert export_json(kb, with_changes=with_changes, memo=memo) == whole  # from the memo
    _write_issue(source / "issue-1", "Issue 1", latency="70ms")
    edited = parse_knowledge_base(source, {})
    assert export_json(edited, with_changes=with_changes, memo=memo) == dumps(
        export_data(edited, with_changes=with_changes), compact=True)
    assert len(memo) == 3  # the stale text of issue-1 is gone
    samples = parse_knowledge_base(REPO / "meta-issues")  # no fingerprints: no memo use
    assert export_json(samples, memo=memo) == dumps(export_data(samples), compact=True)


def test_a_cache_restored_with_new_mtimes_is_still_reused(tmp_path: Path) -> None:
    root = _project(tmp_path)
    _fresh_build(root)
    first = (root / "site/meta-issues/issue-0/index.html").read_bytes()
    later = time.time_ns() + 5 * 10**9
    for path in [*(root / ".cache").rglob("*"), *(root / "meta-issues").rglob("*")]:
        os.utime(path, ns=(later, later))
    site = _fresh_build(root)
    assert "3 parse results and 3 rendered investigations" in "\n".join(site.debugs)
    assert (root / "site/meta-issues/issue-0/index.html").read_bytes() == first
    page = root / ".cache" / "pages" / "meta-issues" / "issue-0" / "evolution.md"
    # Same size, same mtime as the others, other bytes: only the digest can tell.
    page.write_text(page.read_text("utf-8").replace("Evolution", "Evolutiom"), "utf-8")
    os.utime(page, ns=(later, later))
    site = _fresh_build(root)
    assert "3 parse results and 2 rendered investigations" in "\n".join(site.debugs)
    assert "Evolutiom" not in (root / "site/meta-issues/issue-0/evolution/index.html"
                               ).read_text("utf-8")


def test_an_unwritable_cache_still_builds_every_page_and_chart(tmp_path: Path) -> None:
    root = _project(tmp_path)
    for index in range(3, 6):  # enough distinct charts for the process pool
        _write_issue(root / "meta-issues" / f"issue-{index}", f"Issue {index}",
                     latency=f"{80 + index}ms")
    (root / "blocker").write_text("a file where the cache folder would go", encoding="utf-8")
    (root / "mkdocs.yml").write_text(SMALL_SITE_CONFIG.replace(".cache", "blocker/cache"),
                                     encoding="utf-8")
    site = _fresh_build(root, expect_warnings=[r"chart cache: \d+ charts could not be written",
                                               r"meta-issues cache: "])
    assert int(site.summary()["rendered"]) > 8
    svgs = sorted((root / "site" / "meta-issues").rglob("*.svg"))
    assert len(svgs) == 2 * (int(site.summary()["rendered"]) + int(site.summary()["cached"]))
    assert all(svg.read_bytes().startswith(b"<?xml") for svg in svgs)
    assert (root / "site/meta-issues/issue-5/attempts/001/index.html").is_file()

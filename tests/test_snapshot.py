"""A warm `mkdocs build` with no folder changed is served from one stored snapshot (snapshot.py).

It must give the same site byte for byte and the same warnings as the build that stored it, and
anything that could change the output (an edit, a new or removed folder, a setting, a landing
page, a chart or page file gone from the cache, a tampered entry) must fall back to the
per-folder caches, never serve stale or foreign files.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

from conftest import SMALL_SITE_CONFIG, BuiltSite, fresh_build, small_project, write_small_issue

WHOLE_SITE = "the whole site read from"
GLYPH = [r"CHART_GLYPH"]


def _project(tmp_path: Path, config: str = SMALL_SITE_CONFIG) -> Path:
    root = small_project(tmp_path / "project", config=config)
    # A chart warning (a glyph the font lacks) and a parse warning, both to be replayed.
    readme = root / "meta-issues" / "issue-0" / "README.md"
    readme.write_text(readme.read_text("utf-8").replace("Latency", "Launch 🚀 latency")
                      + "\n## Related\n\n- [Gone](missing.md)\n", encoding="utf-8")
    return root


def _build(root: Path, site: str = "site", *, command: str = "build", **kwargs: Any
           ) -> BuiltSite:
    """A new `mkdocs <command>` of the project, expecting its two warnings by default."""
    kwargs.setdefault("expect_warnings", [*GLYPH, r"missing\.md"])
    return fresh_build(root, site, command=command, **kwargs)


def _from_snapshot(site: BuiltSite) -> bool:
    return any(WHOLE_SITE in line for line in site.debugs)


def _files(site_dir: Path) -> dict[str, bytes]:
    # The sitemap's gzip header carries a timestamp; every other file must be the same.
    return {path.relative_to(site_dir).as_posix(): path.read_bytes()
            for path in site_dir.rglob("*") if path.is_file() and path.name != "sitemap.xml.gz"}


def test_an_unchanged_project_is_served_from_its_snapshot_byte_for_byte(tmp_path: Path) -> None:
    root = _project(tmp_path)
    cold = _build(root, "site-cold")
    assert not _from_snapshot(cold)
    warm = _build(root, "site-warm")
    assert _from_snapshot(warm)
    assert not any("parse results" in line for line in warm.debugs)
    assert _files(root / "site-cold") == _files(root / "site-warm")
    assert warm.warnings == cold.warnings  # replayed: `--strict` fails on a warm build too
    shown = int(cold.summary()["rendered"]) + int(cold.summary()["cached"])
    assert warm.summary().groupdict() == {**cold.summary().groupdict(), "rendered": "0",
                                          "cached": str(shown)}
    overview = (root / "site-warm/meta-issues/issue-0/index.html").read_text("utf-8")
    assert overview.count("Problems in the source files") == 1
    strict = _build(root, "site-strict", strict=True)
    assert _from_snapshot(strict) and strict.aborted


def test_every_change_to_the_source_falls_back_and_is_then_stored(tmp_path: Path) -> None:
    root = _project(tmp_path)
    _build(root)
    time.sleep(0.01)
    write_small_issue(root / "meta-issues" / "issue-2", "Issue 2", latency="70ms")
    edited = _build(root)
    assert not _from_snapshot(edited)
    assert "70ms" in (root / "site/meta-issues/issue-2/index.html").read_text("utf-8")
    assert _from_snapshot(_build(root))
    assert "70ms" in (root / "site/meta-issues/issue-2/index.html").read_text("utf-8")

    write_small_issue(root / "meta-issues" / "issue-3", "Issue 3")
    added = _build(root)
    assert not _from_snapshot(added) and (root / "site/meta-issues/issue-3/index.html").is_file()
    assert _from_snapshot(_build(root))

    (root / "meta-issues" / "issue-3" / "attempts" / "001-pool.md").unlink()
    (root / "meta-issues" / "issue-3" / "attempts").rmdir()
    (root / "meta-issues" / "issue-3" / "README.md").rename(root / "meta-issues" / "README.md")
    (root / "meta-issues" / "issue-3").rmdir()
    removed = _build(root)
    assert not _from_snapshot(removed)
    assert not (root / "site/meta-issues/issue-3").exists()
    data = json.loads((root / "site/meta-issues.json").read_text("utf-8"))
    assert [issue["id"] for issue in data["meta_issues"]] == ["issue-0", "issue-1", "issue-2"]


def test_new_mtimes_on_the_same_bytes_still_use_the_snapshot(tmp_path: Path) -> None:
    root = _project(tmp_path)
    _build(root, "site-first")
    later = time.time_ns() + 5 * 10**9
    for path in [*(root / ".cache").rglob("*"), *(root / "meta-issues").rglob("*")]:
        os.utime(path, ns=(later, later))
    again = _build(root, "site-again")
    assert _from_snapshot(again)
    assert _files(root / "site-first") == _files(root / "site-again")
    # Same size, other bytes, and an mtime that moved like all the others did: the digest tells.
    later += 10**9
    for path in (root / "meta-issues").rglob("*"):
        os.utime(path, ns=(later, later))
    attempt = root / "meta-issues" / "issue-1" / "attempts" / "001-pool.md"
    attempt.write_text(attempt.read_text("utf-8").replace("pool.", "poll."), "utf-8")
    os.utime(attempt, ns=(later, later))
    edited = _build(root, "site-edited")
    assert not _from_snapshot(edited)
    assert "Details of the poll." in (
        root / "site-edited/meta-issues/issue-1/attempts/001/index.html").read_text("utf-8")


def test_settings_and_a_landing_page_are_part_of_the_snapshot(tmp_path: Path) -> None:
    root = _project(tmp_path)
    _build(root)
    assert (root / "site/index.html").is_file()  # the generated landing page
    (root / "docs" / "index.md").write_text("# Our own home\n", encoding="utf-8")
    own_home = _build(root)
    assert not _from_snapshot(own_home)
    assert "Our own home" in (root / "site/index.html").read_text("utf-8")
    (root / "mkdocs.yml").write_text(
        SMALL_SITE_CONFIG.replace("cache_dir: .cache", "cache_dir: .cache\n      charts: false"),
        encoding="utf-8")
    no_charts = _build(root, expect_warnings=[r"missing\.md"])
    assert not _from_snapshot(no_charts)
    assert not list((root / "site/meta-issues").rglob("*.svg"))


def test_a_chart_or_page_gone_from_the_cache_falls_back(tmp_path: Path) -> None:
    root = _project(tmp_path)
    _build(root, "site-first")
    charts = sorted((root / ".cache").glob("*.light.svg"))
    assert charts
    charts[0].unlink()
    redrawn = _build(root, "site-redrawn")
    assert not _from_snapshot(redrawn) and int(redrawn.summary()["rendered"]) == 1
    assert _files(root / "site-first") == _files(root / "site-redrawn")
    page = root / ".cache" / "pages" / "meta-issues" / "issue-1" / "evolution.md"
    page.unlink()
    rewritten = _build(root, "site-rewritten")
    assert not _from_snapshot(rewritten) and page.is_file()
    assert _files(root / "site-first") == _files(root / "site-rewritten")


def test_a_tampered_snapshot_cannot_pull_files_into_the_site(tmp_path: Path) -> None:
    root = _project(tmp_path)
    secret = tmp_path / "secret.md"
    secret.write_text("TOP SECRET", encoding="utf-8")
    _build(root)
    [entry] = (root / ".cache" / "site").glob("*.json")
    data = json.loads(entry.read_text())
    rows = data["site"][2]
    assert any(row[0] == "meta-issues/issue-0/evolution.md" for row in rows)
    for row in rows:
        row[0] = "../../../secret.md"
        row[3], row[4] = secret.stat().st_size, secret.stat().st_mtime_ns
    entry.write_text(json.dumps(data))
    tampered = _build(root)
    assert not _from_snapshot(tampered)
    built = "\n".join(p.read_text("utf-8", "replace") for p in (root / "site").rglob("*.html"))
    assert "TOP SECRET" not in built and "Evolution" in built


def test_serve_keeps_its_own_memos_instead(tmp_path: Path) -> None:
    root = _project(tmp_path)
    _build(root)
    served = _build(root, command="serve")
    assert not _from_snapshot(served)
    assert any("3 parse results and 3 rendered investigations" in line
               for line in served.debugs)

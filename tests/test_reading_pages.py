"""What readers see of a reading that stays uncertain (issue 15): the text as written with no
judgement, the author's notes only in the log and the problems box; the project's reading
options applied everywhere a folder is read (build, lint, export, previews)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from conftest import (
    SMALL_SITE_CONFIG,
    BuildSite,
    default_config,
    fresh_build,
    small_project,
)
from meta_issues.model import KnowledgeBase
from meta_issues.site import Layout
from meta_issues.site.changes import ChangeReport, changes_page, compare
from meta_issues.source import ReadingSettings, read_knowledge_base

ISSUE = "meta-issues/widgets"

# "Widgets" says nothing about which way is better; "Latency" does (a time).
UNJUDGED = """# Widget factory

## Current Understanding (v1)

Widgets pile up when the conveyor stops.

### Version 1 (2025-01-13) - Conveyor

**Theory:** The conveyor stops.
**Test:** Attempt 001
**Result:** ✅ Success

## Impact Analysis

### Before (Attempt 000 - Baseline)

- Widgets: 14
- Latency: 900ms

### After Attempt 001 (Restart the conveyor)

- Widgets: 0
- Latency: 90ms
"""


def test_an_unknown_direction_is_shown_as_a_change_never_as_better_or_worse(
        build_site: BuildSite) -> None:
    site = build_site({f"{ISSUE}/README.md": UNJUDGED}, strict=True)
    overview = site.path(f"{ISSUE}/index.md").read_text("utf-8")
    row = next(line for line in overview.splitlines() if "<td>Widgets</td>" in line
               or re.search(r"<td>\s*Widgets\s*</td>", line))
    assert "(changed)" in overview and "-100% (changed)" in overview
    assert "better" not in row and "worse" not in row
    assert "-90% (better)" in overview  # Latency, whose direction the name tells
    # The key-metrics chart's words for readers who cannot see it.
    assert re.search(r"Widgets [−-]100% \(changed\)", overview)
    assert not re.search(r"Widgets [−-]?100% \((?:better|worse)\)", overview)
    exported = {m["name"]: m["better"] for m in site.json()["meta_issues"][0]["metrics"]}
    assert exported == {"Widgets": None, "Latency": "lower"}


POSTMORTEM = """---
status: resolved
owners: [priya.raman, tomasz.wojcik]
severity: SEV-1
incident: INC-2025-0113
detected: 2025-01-13
resolved: 2025-01-24
---
# Tokens in logs

## Summary (v1)

**TL;DR:** The request logger wrote refresh tokens into the logs.

### Status (v1) — January 13, 2025 — Request logger

**Working theory:** The request logger logs form bodies.
**Tested by:** Mitigation 1
**Outcome:** done

## Counts

| Count | Baseline | Mitigation 1 |
|---|---|---|
| Affected accounts | 1,214 | 0 |
"""


def test_postmortem_front_matter_is_metadata_on_the_overview(build_site: BuildSite) -> None:
    site = build_site({f"{ISSUE}/README.md": POSTMORTEM}, strict=True)
    overview = site.html(f"{ISSUE}/index.md")
    for shown in ("SEV-1", "INC-2025-0113", "priya.raman, tomasz.wojcik", "2025-01-13",
                  "2025-01-24"):
        assert shown in overview, shown
    assert "The request logger wrote refresh tokens into the logs." in overview
    standing = site.path(f"{ISSUE}/index.md").read_text("utf-8").split("Living description")[0]
    assert "TL;DR:" not in standing
    exported = site.json()["meta_issues"][0]
    assert exported["status"] == "resolved"
    assert exported["metadata"]["severity"] == "SEV-1"
    assert exported["metrics"][0]["better"] == "lower"  # affected accounts: a bad thing


NOTES = """# Notes for the author

**Targets:** Restarts < 1, Response time < 1 s

## Impact Analysis

### Before (Attempt 000 - Baseline)

- Avg response time: 900ms
- P95 response time: 1800ms
"""


def test_author_notes_stay_off_reader_pages(build_site: BuildSite) -> None:
    pattern = re.escape(f"{ISSUE}/README.md:3: TARGET_UNMATCHED")
    site = build_site({f"{ISSUE}/README.md": NOTES}, expect_warnings=[pattern])
    overview = site.path(f"{ISSUE}/index.md").read_text("utf-8")
    stated = overview.split("Stated targets", 1)[1].split("</div>", 1)[0]
    assert "Response time" in stated and "Restarts" not in stated
    for note in ("names no metric", "name the metric", "fits "):
        assert note not in stated, note
    problems = overview.split("Problems in the source files", 1)[1]
    assert "TARGET_UNMATCHED" in problems  # the author hears about it there, and in the log
    evolution = site.path(f"{ISSUE}/evolution.md").read_text("utf-8")
    assert "No versions yet" in evolution and "### Version 1" not in evolution


TENTATIVA = """# Fila lenta

## Evolution of Understanding

### Version 1 (2025-01-13) - Índice

**Test:** Tentativa 1
**Result:** ✅ Success

## Impact Analysis

### Before (Tentativa 0)

- Latência: 900 ms

### After Tentativa 1

- Latência: 90 ms
"""


def _cli(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true",
           "PYTHONIOENCODING": "utf-8", "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, "-m", "meta_issues", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, encoding="utf-8", env=env,
                          timeout=60, check=False)


def test_lint_and_export_read_as_the_configuration_says(tmp_path: Path) -> None:
    source = tmp_path / "meta-issues" / "fila"
    source.mkdir(parents=True)
    (source / "README.md").write_text(TENTATIVA, encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\nplugins:\n  - meta-issues:\n"
                      "      attempt_words: [Attempt, Tentativa]\n", encoding="utf-8")
    plain = _cli("lint", "meta-issues", "--config", tmp_path / "none.yml", cwd=tmp_path)
    assert plain.returncode == 1 and "none.yml: configuration file not found" in plain.stderr
    read = _cli("lint", "meta-issues", cwd=tmp_path)  # ./mkdocs.yml by default
    assert read.returncode == 0, read.stdout + read.stderr
    exported = json.loads(_cli("export", "meta-issues", "--config", config, cwd=tmp_path).stdout)
    assert [a["number"] for a in exported["meta_issues"][0]["attempts"]] == [0, 1]
    config.write_text("site_name: x\nplugins:\n  - meta-issues\n", encoding="utf-8")
    default = json.loads(_cli("export", "meta-issues", cwd=tmp_path).stdout)
    assert [a["number"] for a in default["meta_issues"][0]["attempts"]] == [0]
    config.write_text("site_name: x\nplugins:\n  - meta-issues:\n      attempt_words: [1]\n",
                      encoding="utf-8")
    bad = _cli("lint", "meta-issues", cwd=tmp_path)
    assert bad.returncode == 1 and "attempt_words" in bad.stderr


def test_the_plugin_reads_with_its_attempt_words(build_site: BuildSite,
                                                 chart_cache: Path) -> None:
    files = {"meta-issues/fila/README.md": TENTATIVA}
    config = default_config(chart_cache, plugin_options={"attempt_words": ["Tentativa"]})
    site = build_site(files, config, strict=True)
    attempts = site.json()["meta_issues"][0]["attempts"]
    assert [(a["number"], a["metrics"]["Latência"]["value"]) for a in attempts] == [
        (0, 900), (1, 90)]


def _kb(root: Path, widgets: str) -> KnowledgeBase:
    folder = root / "widgets"
    folder.mkdir(parents=True)
    (folder / "README.md").write_text(UNJUDGED.replace("- Widgets: 0", f"- Widgets: {widgets}"),
                                      encoding="utf-8")
    return read_knowledge_base(root, ReadingSettings())


def test_the_changes_page_says_changed_for_a_metric_of_unknown_direction(
        tmp_path: Path) -> None:
    base, head = _kb(tmp_path / "base", "0"), _kb(tmp_path / "head", "6")
    report = ChangeReport("origin/main", issues=compare(base, head))
    page = changes_page(report, head, Layout()).markdown
    widgets = next(line for line in page.splitlines() if "Widgets" in line)
    assert "changed" in widgets and "better" not in widgets and "worse" not in widgets


def test_a_stored_reading_never_outlives_an_option_change(tmp_path: Path,
                                                          parsed_folders: list[str]) -> None:
    """The cache keys each parse by the reading options: with the same files and cache, a
    new attempt_words reads the folder again, and going back reads it as before."""
    root = small_project(tmp_path / "project", count=1)
    (root / "meta-issues" / "issue-0" / "attempts" / "tentativa-2.md").write_text(
        "# Tentativa 2: Bigger pool\n\n**Hypothesis:** Version 1\n\n**Result:** ❌ Failed\n",
        encoding="utf-8")
    tolerate = [r".*ATTEMPT_(NAME|UNTESTED)"]

    def attempts(words: str) -> list[int]:
        (root / "mkdocs.yml").write_text(SMALL_SITE_CONFIG + words, encoding="utf-8")
        site = fresh_build(root, tolerate_warnings=tolerate)
        return [a["number"] for a in site.json()["meta_issues"][0]["attempts"]]

    assert attempts("") == [0, 1]
    assert attempts("      attempt_words: [Attempt, Tentativa]\n") == [0, 1, 2]
    assert parsed_folders == ["issue-0", "issue-0"]
    assert attempts("") == [0, 1]

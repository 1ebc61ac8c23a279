"""Preview builds: ``compare_to`` flags changed meta-issues and writes the Changes page.

Each test builds a real git repository in tmp_path: a base branch and a changed branch (plus
uncommitted and untracked edits), then builds the site through MkDocs with the plugin.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import SEED_LOG, SEED_TEST_CASES, BuiltSite, default_config, run_build, seed_text
from meta_issues.cli.generate import generate
from meta_issues.model import KnowledgeBase, Result
from meta_issues.pipeline.previews import compare_with_ref
from meta_issues.site.changes import compare
from meta_issues.source import read_issue, read_knowledge_base

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

OTHER = """# Living Description: Other Investigation

### Version 1 (2024-01-01) - Only

**Theory:** Something

**Result:** 🔄 In progress
"""

GONE = """# Living Description: Gone Investigation

### Version 1 (2024-01-01) - Only

**Result:** ❌ Failed
"""

VERSION_4 = """
---

### Version 4 (2024-11-01) - Pool Tuning

**Theory:** The pool is too small for burst traffic

**Test:** Attempt 004 - Larger pool

**Result:** ⚠️ Partial - better under bursts

---

## Technical Details
"""

ATTEMPT_4 = """# Attempt 004: Larger Pool

**Hypothesis:** Version 4
**Result:** ⚠️ Partial
**Date:** 2024-11-02
"""


def git(cwd: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com",
         "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
        cwd=cwd, capture_output=True, text=True, check=False, timeout=60,
    )
    assert result.returncode == 0, f"git {args}: {result.stderr}"
    return result.stdout


def write(root: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def make_repo(tmp_path: Path, chart_cache: Path, compare_to: str | None = "main") -> Path:
    """main: perf-saga (the seed), other, gone. feature: perf-saga changed, gone deleted,
    brand-new untracked, an uncommitted edit to an attempt file."""
    root = tmp_path / "repo"
    root.mkdir()
    options: dict[str, object] = {"charts": False}
    if compare_to is not None:
        options["compare_to"] = compare_to
    config = default_config(chart_cache, plugin_options=options)
    write(root, {
        "mkdocs.yml": yaml.safe_dump(config, sort_keys=False),
        "docs/about.md": "# About\n",
        "meta-issues/perf-saga/README.md": seed_text(),
        "meta-issues/perf-saga/test-cases.md": SEED_TEST_CASES,
        "meta-issues/perf-saga/implementation-log.md": SEED_LOG,
        "meta-issues/perf-saga/attempts/003-pooling.md": "# Attempt 003: Pooling\n\nPooled.\n",
        "meta-issues/other/README.md": OTHER,
        "meta-issues/gone/README.md": GONE,
    })
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    git(root, "checkout", "-q", "-b", "feature")
    readme = root / "meta-issues/perf-saga/README.md"
    text = readme.read_text(encoding="utf-8")
    text = text.replace("- Memory usage: 280MB peak (93% reduction) ✅",
                        "- Memory usage: 600MB peak")
    text = text.replace("**Result:** ✅ Success - All targets met",
                        "**Result:** ⚠️ Partial - memory target missed")
    text = text.replace("\n---\n\n## Technical Details\n", VERSION_4, 1)
    readme.write_text(text, encoding="utf-8")
    write(root, {"meta-issues/perf-saga/attempts/004-larger-pool.md": ATTEMPT_4})
    shutil.rmtree(root / "meta-issues/gone")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "change")
    # Not committed: a new folder (untracked) must count as changed too.
    write(root, {"meta-issues/brand-new/README.md": OTHER.replace("Other", "Brand New")})
    return root


def build(root: Path, **kwargs: object) -> BuiltSite:
    from mkdocs.config import load_config

    config = load_config(config_file=str(root / "mkdocs.yml"))
    return run_build(config, root=root, **kwargs)  # type: ignore[arg-type]


@pytest.fixture
def repo(tmp_path: Path, chart_cache: Path) -> Path:
    return make_repo(tmp_path, chart_cache)


def test_changed_flags_and_changes_page(repo: Path) -> None:
    site = build(repo, strict=True)
    data = site.json()
    assert data["changes_url"] == "meta-issues/changes/"
    changed = {i["id"]: i["changed"] for i in data["meta_issues"]}
    assert changed == {"brand-new": True, "other": False, "perf-saga": True}

    page = site.html("meta-issues/changes.md")
    text = page.source
    assert "Changes in this preview" in text
    assert "Compared with <code>main</code>" in text
    # perf-saga: a version and an attempt added, a metric moved past its target.
    assert "Version 4 — Pool Tuning" in text
    assert "Attempt 004 — Larger Pool" in text
    assert re.search(r"Version 3 — Final Understanding</a>: result <span[^>]*>.*?Success"
                     r"</span> → <span[^>]*>.*?Partial", text)
    assert "status resolved → open" in text
    assert "Memory usage" in text
    assert "<td>0.28 GB</td>" in text and "<td>0.6 GB</td>" in text
    assert "+0.32 GB (+114%), worse" in text
    assert "missed</span> (was met)" in text
    hrefs = page.hrefs()
    assert any(h.endswith("perf-saga/evolution/#version-4") for h in hrefs)
    assert any(h.endswith("perf-saga/attempts/004/") for h in hrefs)
    assert any(h.endswith("perf-saga/") for h in hrefs)
    # the removed and the new investigation
    assert "Gone Investigation — removed" in text
    assert "Brand New Investigation" in text and "New investigation" in text
    assert "Other Investigation" not in text

    for src in ("meta-issues/perf-saga/index.md", "meta-issues/perf-saga/attempts/004.md",
                "meta-issues/brand-new/evolution.md"):
        badges = site.html(src).with_class("mi-badge--changed")
        assert badges and "changed in this preview" in badges[0].text
        assert badges[0].attrs["href"].split("#")[0].endswith("changes/")
    assert not site.html("meta-issues/other/index.md").with_class("mi-badge--changed")


def test_uncommitted_edit_counts(repo: Path) -> None:
    readme = repo / "meta-issues/other/README.md"
    readme.write_text(OTHER.replace("🔄 In progress", "✅ Success"), encoding="utf-8")
    site = build(repo, strict=True)
    assert {i["id"]: i["changed"] for i in site.json()["meta_issues"]}["other"] is True
    text = site.html("meta-issues/changes.md").source
    assert "status open → resolved" in text


def test_environment_variable_overrides(tmp_path: Path, chart_cache: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_repo(tmp_path, chart_cache, compare_to=None)
    site = build(root, strict=True)
    assert "changes_url" not in site.json()
    assert not (site.site_dir / "meta-issues/changes/index.html").exists()
    monkeypatch.setenv("META_ISSUES_COMPARE_TO", "HEAD")  # only the untracked folder differs
    site = build(root, strict=True)
    changed = {i["id"]: i["changed"] for i in site.json()["meta_issues"]}
    assert changed == {"brand-new": True, "other": False, "perf-saga": False}


def test_missing_ref_warns(tmp_path: Path, chart_cache: Path) -> None:
    root = make_repo(tmp_path, chart_cache, compare_to="origin/nope")
    site = build(root, expect_warnings=[r"git ref 'origin/nope' not found"])
    data = site.json()
    assert "changes_url" in data
    assert not any(i["changed"] for i in data["meta_issues"])
    assert "No comparison" in site.html("meta-issues/changes.md")
    build(root, strict=True, expect_warnings=[r"compare_to 'origin/nope'"])


def test_not_a_git_checkout_warns(tmp_path: Path, chart_cache: Path) -> None:
    root = make_repo(tmp_path, chart_cache)
    shutil.rmtree(root / ".git")
    build(root, expect_warnings=[r"is not inside a git checkout"])


def test_refs_that_look_like_options_are_refused(repo: Path) -> None:
    kb = read_knowledge_base(repo / "meta-issues")
    report = compare_with_ref(repo / "meta-issues", "--output=/tmp/x", kb)
    assert report.error and "is not a git ref" in report.error


def test_shallow_clone(tmp_path: Path, repo: Path) -> None:
    """CI checks out one commit: the base ref must be fetched (depth 1 is enough)."""
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth=1", "--branch=feature", f"file://{repo}", str(clone))
    source = clone / "meta-issues"
    kb = read_knowledge_base(source)
    report = compare_with_ref(source, "origin/main", kb)
    assert report.error and "shallow clone" in report.error
    assert "git fetch --depth=1" in report.error
    git(clone, "fetch", "-q", "--depth=1", "origin", "main:refs/remotes/origin/main")
    report = compare_with_ref(source, "origin/main", kb)
    assert report.error is None
    assert report.shallow
    assert {c.id: c.kind for c in report.issues} == {"gone": "removed", "perf-saga": "modified"}


def test_source_folder_is_the_repository_root(tmp_path: Path) -> None:
    source = tmp_path / "kb"
    write(source, {"a/README.md": OTHER, "b/README.md": GONE})
    git(source, "init", "-q")
    git(source, "add", "-A")
    git(source, "commit", "-q", "-m", "base")
    write(source, {"b/README.md": GONE.replace("❌ Failed", "✅ Success")})
    kb = read_knowledge_base(source)
    report = compare_with_ref(source, "HEAD", kb)
    assert report.error is None
    assert [(c.id, c.status_before, c.status_after) for c in report.issues] == [
        ("b", "open", "resolved")]
    assert [i.changed for i in kb.issues] == [False, True]


def test_generate_with_compare_to(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = generate(repo / "meta-issues", out, repo / "mkdocs.yml")
    assert not [w for w in result.warnings if "compare_to" in w]
    assert (out / "docs/meta-issues/changes.md").is_file()
    assert "changed in this preview" in (
        out / "docs/meta-issues/perf-saga/index.md").read_text("utf-8")
    site = build(out, strict=True)
    assert site.json()["changes_url"] == "meta-issues/changes/"


# --- the pure comparison ---------------------------------------------------------------------


def _kb(tmp_path: Path, name: str, readme: str) -> KnowledgeBase:
    folder = tmp_path / name / "perf-saga"
    folder.mkdir(parents=True)
    (folder / "README.md").write_text(readme, encoding="utf-8")
    return KnowledgeBase([read_issue(folder)], [])


def test_compare_versions_attempts_metrics(tmp_path: Path) -> None:
    base_text = seed_text()
    head_text = (base_text
                 .replace("**Result:** ⚠️ Partial success - 30% improvement but still failing "
                          "targets", "**Result:** ❌ Failed - not enough")
                 .replace("- Memory usage: 280MB peak (93% reduction) ✅",
                          "- Memory usage: 600MB peak"))
    base = _kb(tmp_path, "base", base_text)
    head = _kb(tmp_path, "head", head_text)
    [change] = compare(base, head)
    assert change.kind == "modified"
    assert [(v.number, v.kind, v.before, v.after) for v in change.versions] == [
        (2, "result", Result.PARTIAL, Result.FAILED)]
    moves = {(m.metric, m.attempt): m for m in change.metrics}
    memory = moves[("Memory usage", 3)]
    assert memory.unit == "GB"
    assert memory.before == pytest.approx(0.28) and memory.after == pytest.approx(0.6)
    assert memory.delta == pytest.approx(0.32)
    assert memory.met_before is True and memory.met_after is False
    assert len(change.metrics) == 1
    assert change.in_meaning
    assert compare(base, base) == [] or not compare(base, base)[0].in_meaning


def test_compare_text_only_change(tmp_path: Path) -> None:
    base = _kb(tmp_path, "base", seed_text())
    head = _kb(tmp_path, "head", seed_text().replace("Measure, don't assume.", "Measure."))
    [change] = compare(base, head, ["perf-saga"])
    assert not change.in_meaning

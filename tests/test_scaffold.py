"""``meta-issues new``, ``new-attempt`` and ``new-version``: scaffolds that lint clean and
build with ``--strict`` at once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import REPO, BuildSite
from meta_issues.cli.scaffold import ScaffoldError, new_attempt, new_meta_issue, new_version
from meta_issues.source import read_issue, read_knowledge_base
from test_cli import run

SAMPLES = REPO / "meta-issues"


def _lint_clean(source: Path) -> None:
    result = run("lint", source)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


def _build_strict(build_site: BuildSite, source: Path) -> None:
    site = build_site(prepare=lambda root: shutil.copytree(source, root / "meta-issues"),
                      strict=True)
    assert site.summary()


def test_new_builds_strict_and_lints_clean(tmp_path: Path, build_site: BuildSite) -> None:
    source = tmp_path / "kb"
    result = run("new", "Checkout Timeouts: the 3 a.m. spike", "--dir", source)
    assert result.returncode == 0, result.stderr
    folder = source / "checkout-timeouts-the-3-a-m-spike"
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.md")) == [
        "README.md", "attempts/000-baseline.md", "attempts/001-first-attempt.md",
        "implementation-log.md", "test-cases.md",
    ]
    assert str(folder / "README.md") in result.stdout
    issue = read_issue(folder)
    assert issue.title == "Checkout Timeouts: the 3 a.m. spike"
    assert [v.number for v in issue.versions] == [1]
    assert issue.versions[0].tests == [1]
    assert [a.number for a in issue.attempts] == [0, 1]
    assert issue.test_cases and issue.log_entries
    assert not [d for d in issue.diagnostics if d.level != "info"]
    _lint_clean(source)
    _build_strict(build_site, source)


def test_new_refuses_existing_folder(tmp_path: Path) -> None:
    source = tmp_path / "kb"
    assert run("new", "Slow Search", "--dir", source).returncode == 0
    readme = source / "slow-search" / "README.md"
    readme.write_text("# Mine\n", encoding="utf-8")
    again = run("new", "Slow search", "--dir", source)
    assert again.returncode == 1
    assert "already exists" in again.stderr
    assert readme.read_text(encoding="utf-8") == "# Mine\n"
    assert run("new", "   ", "--dir", source).returncode == 1


def test_new_attempt_and_version_on_the_samples(tmp_path: Path, build_site: BuildSite) -> None:
    source = tmp_path / "kb"
    shutil.copytree(SAMPLES, source)
    before = read_issue(source / "api-latency-connection-pool")
    top_attempt = max(a.number for a in before.attempts)
    top_version = max(v.number for v in before.versions)

    result = run("new-version", "api-latency-connection-pool", "--dir", source,
                 "--title", "Pool sizing under burst load")
    assert result.returncode == 0, result.stderr
    result = run("new-attempt", "api-latency-connection-pool", "--dir", source,
                 "--title", "Adaptive pool size")
    assert result.returncode == 0, result.stderr
    attempt_file = (source / "api-latency-connection-pool" / "attempts"
                    / f"{top_attempt + 1:03d}-adaptive-pool-size.md")
    assert attempt_file.is_file()
    assert f"Version {top_version + 1}" in result.stderr  # the hint names the Test line

    after = read_issue(source / "api-latency-connection-pool")
    version = after.version(top_version + 1)
    assert version is not None and version.title == "Pool sizing under burst load"
    assert version.result.value == "in_progress"
    attempt = after.attempt(top_attempt + 1)
    assert attempt is not None and attempt.title == "Adaptive pool size"
    assert attempt.versions == [top_version + 1]
    assert after.status == "open"
    # The earlier sections are untouched and the new version sits inside the Evolution section.
    readme = (source / "api-latency-connection-pool" / "README.md").read_text("utf-8")
    assert readme.index(f"### Version {top_version + 1} ") < readme.index("## Technical Details")
    _lint_clean(source)
    _build_strict(build_site, source)


def test_numbering_follows_readme_only_attempts(tmp_path: Path) -> None:
    source = tmp_path / "kb"
    folder = source / "x"
    folder.mkdir(parents=True)
    (folder / "README.md").write_text(
        "# X\n\n## Impact Analysis\n\n### Before (Attempt 000 - Baseline)\n\n```\n- Latency: 5s\n"
        "```\n\n### After Attempt 007 (Seven)\n\n```\n- Latency: 4s\n```\n", encoding="utf-8")
    done = new_attempt("x", source, "Eight")
    assert done.written[0].name == "008-eight.md"
    done = new_version("x", source)
    issue = read_issue(folder)
    assert [v.number for v in issue.versions] == [1]
    assert "## Evolution of Understanding" in (folder / "README.md").read_text("utf-8")
    assert not [d for d in read_knowledge_base(source).all_diagnostics if d.level == "error"]


def test_new_version_keeps_crlf_and_bom(tmp_path: Path) -> None:
    source = tmp_path / "kb"
    new_meta_issue("Crlf", source, today="2025-01-01")
    readme = source / "crlf" / "README.md"
    text = readme.read_text("utf-8").replace("\n", "\r\n")
    readme.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    new_version("crlf", source, "Second", today="2025-02-01")
    raw = readme.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert b"\n" not in raw.replace(b"\r\n", b"")
    issue = read_issue(source / "crlf")
    assert [v.number for v in issue.versions] == [1, 2]
    assert issue.last_updated == "2025-02-01"


def test_unknown_issue(tmp_path: Path) -> None:
    for command in ("new-attempt", "new-version"):
        result = run(command, "nope", "--dir", tmp_path)
        assert result.returncode == 1
        assert "not a meta-issue folder" in result.stderr
    with pytest.raises(ScaffoldError):
        new_attempt("../etc", tmp_path)


@pytest.mark.parametrize("command", ["export", "lint", "generate", "new", "new-attempt",
                                     "new-version"])
def test_help_on_every_command(command: str) -> None:
    result = run(command, "--help")
    assert result.returncode == 0
    assert f"usage: meta-issues {command}" in result.stdout

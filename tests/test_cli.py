"""The ``meta-issues`` command, run as ``python -m meta_issues`` in a subprocess."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "meta-issues"
LINE = re.compile(r"^\S+:\d+(:\d+)?: [A-Z_]+: ")
ENV = {
    **os.environ,
    "NO_MKDOCS_2_WARNING": "1",
    "DISABLE_MKDOCS_2_WARNING": "true",
    "PYTHONIOENCODING": "utf-8",
}


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "meta_issues", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd or ROOT,
        env=ENV,
        timeout=60,
        check=False,
    )


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    source = tmp_path / "src"
    issue = source / "broken-one"
    issue.mkdir(parents=True)
    (issue / "README.md").write_text(
        "# Living Description: Broken\n\n"
        "### Version 1 (2024-01-01) - A\n\n**Result:** Meh\n\n"
        "### Version 1 (2024-01-02) - Again\n\n**Result:** ✅ Success\n\n"
        "## Impact Analysis\n\n### Before (Attempt 000 - Baseline)\n\n"
        "```\n- Latency: fast\n- Errors: 3%\n```\n",
        encoding="utf-8",
    )
    (issue / "attempts").mkdir()
    (issue / "attempts" / "001-x.md").write_text(
        "---\ntitle: Foo: bar\n---\n# Attempt 001\n", encoding="utf-8"
    )
    return source


def test_export_stdout() -> None:
    result = run("export", SAMPLES)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["schema_version"] == 1
    assert sorted(i["id"] for i in data["meta_issues"]) == [
        "api-latency-connection-pool",
        "checkout-db-connection-leak",
        "search-relevance-regression",
    ]
    for issue in data["meta_issues"]:
        assert issue["status"] in ("resolved", "open")
        assert issue["versions"] and issue["attempts"] and issue["metrics"]


def test_export_to_file(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    result = run("export", SAMPLES, "-o", out)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["schema_version"] == 1
    assert data == json.loads(run("export", SAMPLES).stdout)


def test_export_relative_source() -> None:
    result = run("export", "meta-issues", cwd=ROOT)
    assert result.returncode == 0
    assert json.loads(result.stdout)["meta_issues"]


def test_lint_clean_samples() -> None:
    result = run("lint", SAMPLES)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


def test_lint_broken(broken: Path) -> None:
    result = run("lint", broken)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines
    for line in lines:
        assert LINE.match(line), line
        assert line.startswith(str(broken).replace("\\", "/") + "/broken-one/")
    text = result.stdout
    for code in ("UNKNOWN_RESULT", "DUPLICATE_VERSION", "METRIC_UNPARSEABLE", "YAML_SYNTAX"):
        assert f": {code}: " in text, code
    assert re.search(r"/broken-one/attempts/001-x\.md:2:11: YAML_SYNTAX: ", text)
    assert re.search(r"/broken-one/README\.md:5: UNKNOWN_RESULT: ", text)
    assert "problem(s)" in result.stderr


def test_lint_relative_paths_start_as_typed(broken: Path) -> None:
    result = run("lint", broken.name, cwd=broken.parent)
    assert result.returncode == 1
    assert all(line.startswith("src/broken-one/") for line in result.stdout.splitlines())


def test_export_with_errors_exits_1_but_writes_json(broken: Path, tmp_path: Path) -> None:
    out = tmp_path / "broken.json"
    result = run("export", broken, "-o", out)
    assert result.returncode == 1
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["schema_version"] == 1
    assert [i["id"] for i in data["meta_issues"]] == ["broken-one"]
    assert "DUPLICATE_VERSION" in result.stderr
    stdout = run("export", broken)
    assert stdout.returncode == 1
    assert json.loads(stdout.stdout)["meta_issues"][0]["id"] == "broken-one"


def test_missing_source(tmp_path: Path) -> None:
    for command in ("export", "lint"):
        result = run(command, tmp_path / "nope")
        assert result.returncode == 1
        assert "not a folder" in result.stderr


@pytest.mark.parametrize("args", [(), ("export",), ("lint",)])
def test_help(args: tuple[str, ...]) -> None:
    result = run(*args, "--help")
    assert result.returncode == 0
    assert "usage:" in result.stdout


def test_every_subcommand_has_help() -> None:
    top = run("--help").stdout
    for command in ("export", "lint"):
        assert command in top
        assert run(command, "--help").returncode == 0


def test_no_command_is_a_usage_error() -> None:
    result = run()
    assert result.returncode == 2
    assert "usage:" in result.stderr

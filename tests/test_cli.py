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


# --- no traceback: one line naming the path and the problem, exit 1 ------------------------


def one_line_failure(result: subprocess.CompletedProcess[str], *needles: str) -> str:
    """The run failed with exit 1 and one line on stderr, without a traceback."""
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    for needle in needles:
        assert needle in lines[0], lines
    assert lines[0].startswith("meta-issues: ")
    return lines[0]


def test_export_to_a_missing_folder(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "dir" / "kb.json"
    line = one_line_failure(run("export", SAMPLES, "-o", target), str(target), "does not exist")
    assert str(tmp_path / "missing" / "dir") in line
    assert not (tmp_path / "missing").exists()


def test_export_to_a_folder(tmp_path: Path) -> None:
    one_line_failure(run("export", SAMPLES, "-o", tmp_path), str(tmp_path), "is a folder")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
def test_export_to_a_full_device() -> None:
    one_line_failure(run("export", SAMPLES, "-o", "/dev/full"), "/dev/full", "no space left")


def test_export_to_a_read_only_place(tmp_path: Path) -> None:
    # sysfs refuses new files even to root; elsewhere, a folder without write permission.
    if Path("/sys/kernel").is_dir():
        target = Path("/sys/meta-issues-kb.json")
    else:
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        target = locked / "kb.json"
        if os.access(locked, os.W_OK):
            pytest.skip("this user can write anywhere")
    one_line_failure(run("export", SAMPLES, "-o", target), str(target), "permission denied")


@pytest.mark.parametrize("command", ["lint", "export", "list"])
def test_empty_source_is_refused_not_the_current_folder(command: str) -> None:
    # Run from the repository, whose folder is not a folder of meta-issues either: the
    # refusal must come from the empty argument, not from what "." holds.
    line = one_line_failure(run(command, "", cwd=SAMPLES), "''", "empty SRC")
    assert "api-latency" not in line


@pytest.mark.parametrize("command", ["lint", "export", "list"])
def test_source_that_is_a_file(command: str, tmp_path: Path) -> None:
    file = tmp_path / "notes.md"
    file.write_text("# notes\n", encoding="utf-8")
    one_line_failure(run(command, file), str(file), "is a file")


@pytest.mark.parametrize("command", ["lint", "export", "list"])
def test_one_investigation_folder_names_its_parent(command: str) -> None:
    result = run(command, "meta-issues/api-latency-connection-pool", cwd=ROOT)
    line = one_line_failure(result, "is one investigation", "pass the folder")
    assert line.endswith("its parent meta-issues"), line
    assert "MISSING_README" not in result.stdout + result.stderr


def test_new_version_on_a_utf16_readme(tmp_path: Path) -> None:
    issue = tmp_path / "src" / "wide"
    issue.mkdir(parents=True)
    text = "# Wide\n\n## Evolution of Understanding\n\n### Version 1 (2024-01-01) - A\n"
    (issue / "README.md").write_bytes(text.encode("utf-16"))
    before = (issue / "README.md").read_bytes()
    line = one_line_failure(run("new-version", "wide", "--dir", tmp_path / "src"), "README.md",
                            "UTF-16")
    assert "UTF-8" in line
    assert (issue / "README.md").read_bytes() == before


def test_new_version_on_a_latin1_readme(tmp_path: Path) -> None:
    issue = tmp_path / "src" / "latin"
    issue.mkdir(parents=True)
    (issue / "README.md").write_bytes("# Déjà vu\n".encode("latin-1"))
    one_line_failure(run("new-version", "latin", "--dir", tmp_path / "src"), "README.md",
                     "not UTF-8")


def test_new_into_a_dir_that_is_a_file(tmp_path: Path) -> None:
    file = tmp_path / "meta-issues"
    file.write_text("", encoding="utf-8")
    one_line_failure(run("new", "Slow checkout", "--dir", file), str(file), "is a file")


def test_scaffolds_with_an_empty_dir() -> None:
    for args in (("new", "Slow"), ("new-attempt", "x"), ("new-version", "x")):
        one_line_failure(run(*args, "--dir", ""), "''", "empty --dir")


def test_unreadable_configuration(tmp_path: Path) -> None:
    folder_as_config = tmp_path / "conf"
    folder_as_config.mkdir()
    one_line_failure(run("generate", SAMPLES, tmp_path / "out", "--config", folder_as_config),
                     str(folder_as_config))


# --- generate: never over someone else's files ----------------------------------------------

CONFIG = "site_name: x\nplugins:\n  - meta-issues:\n      charts: false\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project with the samples as its source folder and a plugin-less chart setting."""
    root = tmp_path / "project"
    root.mkdir()
    (root / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    import shutil

    shutil.copytree(SAMPLES, root / "meta-issues")
    return root


def test_generate_into_an_existing_file(project: Path) -> None:
    (project / "out").write_text("mine\n", encoding="utf-8")
    one_line_failure(run("generate", "meta-issues", "out", cwd=project), "out", "is a file")
    assert (project / "out").read_text("utf-8") == "mine\n"


def test_generate_refuses_a_folder_it_did_not_create(project: Path) -> None:
    out = project / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine\n", encoding="utf-8")
    one_line_failure(run("generate", "meta-issues", "out", cwd=project), "not written by",
                     "--force")
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]
    forced = run("generate", "meta-issues", "out", "--force", cwd=project)
    assert forced.returncode == 0, forced.stderr
    assert (out / "notes.txt").read_text("utf-8") == "mine\n"
    assert (out / "docs" / "meta-issues" / "index.md").is_file()
    again = run("generate", "meta-issues", "out", cwd=project)  # now it is generate's own
    assert again.returncode == 0, again.stderr


def test_generate_into_an_empty_folder(project: Path) -> None:
    (project / "out").mkdir()
    result = run("generate", "meta-issues", "out", cwd=project)
    assert result.returncode == 0, result.stderr


def test_generate_never_overwrites_a_foreign_mkdocs_yml(project: Path) -> None:
    out = project / "out"
    out.mkdir()
    (out / "mkdocs.yml").write_text("site_name: hand-written\n", encoding="utf-8")
    for args in ((), ("--force",)):
        one_line_failure(run("generate", "meta-issues", "out", *args, cwd=project),
                         "mkdocs.yml", "never overwritten")
        assert (out / "mkdocs.yml").read_text("utf-8") == "site_name: hand-written\n"
        assert not (out / "docs").exists()


def test_generate_into_the_parent_writes_nothing(project: Path) -> None:
    before = sorted(p.name for p in project.parent.iterdir())
    for args in (("meta-issues", ".."), ("meta-issues", "..", "--force"),
                 ("meta-issues", "."), ("meta-issues", ".", "--force")):
        one_line_failure(run("generate", *args, cwd=project), "overwrite")
    assert sorted(p.name for p in project.parent.iterdir()) == before
    assert sorted(p.name for p in project.iterdir()) == ["meta-issues", "mkdocs.yml"]


def test_generate_from_inside_the_source_into_its_parent(project: Path) -> None:
    result = run("generate", ".", "..", "--config", project / "mkdocs.yml",
                 cwd=project / "meta-issues")
    one_line_failure(result, "overwrite")
    assert sorted(p.name for p in project.iterdir()) == ["meta-issues", "mkdocs.yml"]


def test_generate_with_an_empty_out(project: Path) -> None:
    one_line_failure(run("generate", "meta-issues", "", cwd=project), "''", "empty OUT")


# --- -q / -v ---------------------------------------------------------------------------------

HINTED = ("# Hinted\n\n**Last Updated:** 2024-10-12\n\n## Current Understanding (v1)\n\nKnown.\n\n"
          "## Evolution of Understanding\n\n### Version 1 (2024-10-01) - Theory\n\n"
          "**Theory:** x\n\n**Test:** Attempt 001 and Attempt 003\n\n**Result:** ✅ Success\n")


@pytest.fixture
def hinted(tmp_path: Path) -> Path:
    """A source folder whose one problem is a hint (level info): ATTEMPT_GAP (attempt files
    001 and 003, no 002)."""
    issue = tmp_path / "hinted-src" / "hinted"
    (issue / "attempts").mkdir(parents=True)
    (issue / "README.md").write_text(HINTED, encoding="utf-8")
    for number in (1, 3):
        (issue / "attempts" / f"00{number}-try.md").write_text(
            f"# Attempt 00{number}: Try\n\n**Hypothesis:** Version 1\n\n**Result:** ✅ Success\n",
            encoding="utf-8")
    return tmp_path / "hinted-src"


def test_verbose_adds_hints_quiet_drops_the_summary(broken: Path, hinted: Path) -> None:
    assert run("lint", hinted).stdout == ""
    for args in (("-v", "lint", hinted), ("lint", hinted, "-v"), ("lint", "--verbose", hinted)):
        result = run(*args)
        assert result.returncode == 0
        assert ": ATTEMPT_GAP: " in result.stdout
    loud = run("lint", broken)
    quiet = run("lint", "-q", broken)
    assert quiet.returncode == loud.returncode == 1
    assert quiet.stdout == loud.stdout  # the problems are what -q keeps
    assert "problem(s)" in loud.stderr and quiet.stderr == ""
    assert run("-q", "lint", broken).stderr == ""


def test_quiet_and_verbose_exclude_each_other(broken: Path) -> None:
    result = run("lint", "-q", "-v", broken)
    assert result.returncode == 2 and "not allowed with" in result.stderr


def test_quiet_generate_prints_only_problems(project: Path) -> None:
    result = run("generate", "-q", "meta-issues", "out", cwd=project)
    assert result.returncode == 0
    assert result.stderr == ""


def test_quiet_export_keeps_problems(broken: Path) -> None:
    result = run("export", "-q", broken)
    assert "DUPLICATE_VERSION" in result.stderr


# --- lint --format ---------------------------------------------------------------------------


def test_lint_json(broken: Path) -> None:
    result = run("lint", "--format", "json", broken)
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["meta_issues"] == 1
    assert data["problems"] == len(data["diagnostics"]) >= 4
    text = run("lint", broken).stdout.splitlines()
    for entry, line in zip(data["diagnostics"], text, strict=True):
        column = f":{entry['column']}" if entry["column"] is not None else ""
        assert line == (f"{entry['path']}:{entry['line']}{column}: {entry['code']}: "
                        f"{entry['message']}")
        assert entry["level"] in ("error", "warning")
    clean = run("lint", "--format", "json", SAMPLES)
    assert clean.returncode == 0
    assert json.loads(clean.stdout)["diagnostics"] == []


def test_lint_github_annotations(broken: Path) -> None:
    result = run("lint", "--format", "github", "src", cwd=broken.parent)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == len(run("lint", broken).stdout.splitlines())
    pattern = re.compile(r"^::(error|warning) file=src/broken-one/[^,]+,line=\d+(,col=\d+)?,"
                         r"title=[A-Z_]+::\S.*$")
    for line in lines:
        assert pattern.match(line), line
    assert any(line.startswith("::error file=src/broken-one/README.md,line=7,"
                               "title=DUPLICATE_VERSION::") for line in lines), lines
    yaml_line = next(line for line in lines if "YAML_SYNTAX" in line)
    assert ",col=11," in yaml_line


def test_github_annotations_escape_their_data() -> None:
    from meta_issues.cli.report import as_github
    from meta_issues.model import Diagnostic, Location

    diagnostic = Diagnostic("info", Location("a,b:c.md", 3), "CODE",
                            "50% done\nnext line")
    assert as_github(diagnostic, "src") == (
        "::notice file=src/a%2Cb%3Ac.md,line=3,title=CODE::50%25 done%0Anext line")


# --- list --------------------------------------------------------------------------------------


def test_list_text_and_json() -> None:
    result = run("list", SAMPLES)
    assert result.returncode == 0, result.stderr
    header, *rows = result.stdout.splitlines()
    assert header.split() == ["ID", "STATUS", "LAST", "UPDATED", "TITLE"]
    assert [row.split()[0] for row in rows] == [
        "search-relevance-regression", "checkout-db-connection-leak",
        "api-latency-connection-pool"]  # newest first
    assert rows[2].split()[1:3] == ["resolved", "2024-10-12"]
    assert rows[2].endswith("Order Lookup API Latency")
    data = json.loads(run("list", "--format", "json", SAMPLES).stdout)
    assert data[2] == {"id": "api-latency-connection-pool", "status": "resolved",
                       "last_updated": "2024-10-12", "title": "Order Lookup API Latency"}


# --- new --slug ------------------------------------------------------------------------------


def test_new_with_a_non_latin_title_needs_a_slug(tmp_path: Path) -> None:
    source = tmp_path / "src"
    one_line_failure(run("new", "慢速部署", "--dir", source), "--slug")
    assert not source.exists()
    result = run("new", "慢速部署", "--slug", "slow-deploy", "--dir", source)
    assert result.returncode == 0, result.stderr
    readme = source / "slow-deploy" / "README.md"
    assert readme.read_text("utf-8").startswith("# Living Description: 慢速部署\n")
    lint = run("lint", source)
    assert lint.returncode == 0, lint.stdout
    listed = run("list", source).stdout.splitlines()[1]
    assert listed.split()[0] == "slow-deploy" and listed.endswith("慢速部署")


def test_new_transliterates_accents_without_a_hash(tmp_path: Path) -> None:
    result = run("new", "Déploiement lent", "--dir", tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "deploiement-lent" / "README.md").is_file()


@pytest.mark.parametrize("slug", ["Slow", "slow deploy", "../up", "-x", "a--b", "é"])
def test_new_refuses_a_bad_slug(slug: str, tmp_path: Path) -> None:
    one_line_failure(run("new", "Slow", f"--slug={slug}", "--dir", tmp_path), "--slug")
    assert list(tmp_path.iterdir()) == []


# --- init --------------------------------------------------------------------------------------


def test_init_writes_a_project_that_builds(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("node_modules/", encoding="utf-8")
    result = run("init", tmp_path)
    assert result.returncode == 0, result.stderr
    written = {Path(line).relative_to(tmp_path).as_posix() for line in result.stdout.split()}
    assert written == {"mkdocs.yml", ".gitignore", "docs/.gitkeep", "meta-issues/.gitkeep",
                       ".github/workflows/docs.yml", ".github/workflows/docs-preview.yml",
                       ".github/workflows/docs-deploy.yml"}
    ignored = (tmp_path / ".gitignore").read_text("utf-8").splitlines()
    assert ignored[0] == "node_modules/" and "/.cache/" in ignored and "/site/" in ignored
    from meta_issues import __version__

    for name in ("docs.yml", "docs-preview.yml", "docs-deploy.yml"):
        text = (tmp_path / ".github/workflows" / name).read_text("utf-8")
        assert "/.github/actions/" in text and f"@v{__version__}" in text
        assert "@@" not in text
    new = run("new", "First one", "--dir", tmp_path / "meta-issues")
    assert new.returncode == 0, new.stderr
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=tmp_path,
                           capture_output=True, text=True, env=ENV, timeout=300, check=False)
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "site" / "meta-issues" / "first-one" / "index.html").is_file()


def test_init_leaves_existing_files_alone(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: mine\n", encoding="utf-8")
    (tmp_path / ".gitignore").write_text(".cache/\nsite/\n", encoding="utf-8")
    result = run("init", "--no-workflows", tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "mkdocs.yml").read_text("utf-8") == "site_name: mine\n"
    assert (tmp_path / ".gitignore").read_text("utf-8") == ".cache/\nsite/\n"
    assert "mkdocs.yml: exists, left as it is" in result.stderr
    assert not (tmp_path / ".github").exists()
    again = run("init", tmp_path)
    assert again.returncode == 0
    assert {Path(p).name for p in again.stdout.split()} == {
        "docs.yml", "docs-preview.yml", "docs-deploy.yml"}


def test_init_into_a_file(tmp_path: Path) -> None:
    file = tmp_path / "file"
    file.write_text("", encoding="utf-8")
    one_line_failure(run("init", file), str(file), "is a file")


# --- progress ----------------------------------------------------------------------------------


def test_generate_reports_progress_and_ends_at_every_chart(project: Path, tmp_path: Path) -> None:
    (project / "mkdocs.yml").write_text(
        f"site_name: x\nplugins:\n  - meta-issues:\n      cache_dir: {tmp_path / 'cold'}\n",
        encoding="utf-8")
    result = run("generate", "meta-issues", "out", cwd=project)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert lines[0].startswith("meta-issues: reading ")
    drawing = re.fullmatch(r"meta-issues: 3 meta-issues, \d+ pages; drawing (\d+) charts",
                           lines[1])
    assert drawing, lines
    total = int(drawing.group(1))
    progress = [line for line in lines if re.fullmatch(r"meta-issues: charts: \d+/\d+", line)]
    assert progress and progress[-1] == f"meta-issues: charts: {total}/{total}"
    assert f"charts: {total} rendered, 0 cached" in lines[-1]


@pytest.mark.parametrize("args", [("list",), ("init",), ("generate",), ("new",)])
def test_new_commands_have_help(args: tuple[str, ...]) -> None:
    result = run(*args, "--help")
    assert result.returncode == 0 and "-q, --quiet" in result.stdout

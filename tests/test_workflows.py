"""The GitHub workflows: structure and the security properties docs/previews.md promises."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from conftest import REPO

WORKFLOWS = REPO / ".github" / "workflows"


def load(name: str) -> tuple[dict[str, Any], str]:
    text = (WORKFLOWS / name).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert isinstance(data, dict)
    # YAML 1.1 reads the key `on` as True.
    data["on"] = data.pop(True, data.get("on"))
    return data, text


def steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    return list(job.get("steps", []))


def runs(job: dict[str, Any]) -> str:
    return "\n".join(s.get("run", "") for s in steps(job))


def uses(job: dict[str, Any]) -> list[str]:
    return [s["uses"] for s in steps(job) if "uses" in s]


def test_every_workflow_is_valid_yaml_with_pinned_actions() -> None:
    names = sorted(p.name for p in WORKFLOWS.glob("*.yml"))
    assert names == ["deploy.yml", "docs.yml", "preview.yml"]
    for name in names:
        data, _ = load(name)
        assert data["name"] and data["on"] and data["jobs"]
        for job in data["jobs"].values():
            assert "runs-on" in job and job.get("timeout-minutes")
            for action in uses(job):
                assert re.fullmatch(r"actions/[a-z-]+@v\d+", action), action


def test_pull_request_build_is_unprivileged() -> None:
    data, text = load("docs.yml")
    assert set(data["on"]) == {"pull_request"}
    assert data["permissions"] == {"contents": "read"}
    assert "secrets." not in text
    [job] = data["jobs"].values()
    assert "permissions" not in job or job["permissions"] == {"contents": "read"}
    assert "mkdocs build --strict" in runs(job)
    checkout = next(s for s in steps(job) if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["persist-credentials"] is False
    assert checkout["with"]["fetch-depth"] == 2  # HEAD^1 = the base branch tip
    assert job["env"]["META_ISSUES_COMPARE_TO"] == "HEAD^1"
    upload = next(s for s in steps(job) if s.get("uses", "").startswith("actions/upload-artifact"))
    assert upload["with"]["path"] == "site/"


def test_preview_treats_the_artifact_as_data() -> None:
    data, text = load("preview.yml")
    trigger = data["on"]["workflow_run"]
    assert trigger == {"workflows": ["Docs"], "types": ["completed"]}
    assert set(data["on"]) == {"workflow_run", "pull_request_target"}
    assert data["on"]["pull_request_target"] == {"types": ["closed"]}
    assert data["permissions"] == {}
    assert "secrets." not in text
    deploy = data["jobs"]["deploy"]
    assert "workflow_run.conclusion == 'success'" in deploy["if"]
    assert "workflow_run.event == 'pull_request'" in deploy["if"]
    assert set(deploy["permissions"]) == {"actions", "contents", "pull-requests"}
    for job in data["jobs"].values():
        # Only the gh-pages branch is ever checked out: never the pull request's code.
        for step in steps(job):
            if step.get("uses", "").startswith("actions/checkout"):
                assert step["with"]["ref"] == "gh-pages"
        script = runs(job)
        # Untrusted values reach scripts through env, never ${{ }} inside run.
        assert "${{" not in script
        # Nothing from the artifact is executed or installed.
        assert not re.search(r"(^|\s)(\./|bash |sh |python |pip |source |\. )artifact", script)
        assert "mkdocs" not in script
    check = runs(deploy)
    assert "find artifact -type l" in check
    assert "^[0-9]{1,10}$" in check
    assert "head.sha" in check


def test_main_is_deployed_after_a_strict_build() -> None:
    data, text = load("deploy.yml")
    assert data["on"]["push"] == {"branches": ["main"]}
    assert data["permissions"] == {"contents": "read"}
    assert "secrets." not in text
    assert "mkdocs build --strict" in runs(data["jobs"]["build"])
    deploy = data["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"contents": "write"}
    assert "! -name pr-preview" in runs(deploy)  # previews survive a deploy of main


def test_workflows_match_the_github_schema() -> None:
    # check-jsonschema ships GitHub's workflow schema: no network needed.
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
         *map(str, sorted(WORKFLOWS.glob("*.yml")))],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_previews_page_is_in_the_nav() -> None:
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    titles = [next(iter(entry)) if isinstance(entry, dict) else entry for entry in config["nav"]]
    assert titles.index("Previews") == titles.index("Diagnostics") + 1
    assert (REPO / "docs" / "previews.md").is_file()
    assert Path(REPO / "docs" / "previews.md").read_text("utf-8").count("workflow_run") >= 2

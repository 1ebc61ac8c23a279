"""The shell logic of the workflows and actions, run for real: git against local bare
repositories as the remote, and a stand-in `gh` (tests/fakes/gh) for the GitHub API.

The actions in .github/actions/ call exactly these scripts, so what passes here is what runs
in CI: a failed push fails the step, a push that lost a race is redone on the newest branch,
a closed pull request gets no preview, a moved head is skipped, one sticky comment.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO

SCRIPTS = REPO / ".github" / "scripts"
FAKES = Path(__file__).resolve().parent / "fakes"
GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}

pytestmark = pytest.mark.skipif(shutil.which("git") is None or shutil.which("bash") is None,
                                reason="needs git and bash")


def git(*args: str | Path, cwd: Path) -> str:
    done = subprocess.run(["git", *map(str, args)], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, **GIT_ENV}, timeout=60, check=True)
    return done.stdout


def script(name: str, *args: str | Path, cwd: Path, env: dict[str, str] | None = None
           ) -> subprocess.CompletedProcess[str]:
    outer = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    full = {**outer, **GIT_ENV, "RETRY_DELAY": "0", "PATH":
            f"{FAKES}{os.pathsep}{os.environ['PATH']}", **(env or {})}
    return subprocess.run(["bash", str(SCRIPTS / name), *map(str, args)], cwd=cwd, env=full,
                          capture_output=True, text=True, timeout=120, check=False)


def write(root: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


class Remote:
    """A bare repository whose gh-pages branch holds a site, previews and a CNAME."""

    def __init__(self, tmp_path: Path) -> None:
        self.bare = tmp_path / "remote.git"
        git("init", "-q", "--bare", "-b", "gh-pages", self.bare, cwd=tmp_path)
        seed = tmp_path / "seed"
        git("init", "-q", "-b", "gh-pages", seed, cwd=tmp_path)
        write(seed, {"index.html": "old home", "old-page/index.html": "old",
                     "CNAME": "docs.example.org\n", ".nojekyll": "",
                     "pr-preview/pr-1/index.html": "preview 1"})
        git("add", "-A", cwd=seed)
        git("commit", "-q", "-m", "seed", cwd=seed)
        git("remote", "add", "origin", self.bare, cwd=seed)
        git("push", "-q", "origin", "gh-pages", cwd=seed)
        self.tmp = tmp_path
        self._clones = 0

    def clone(self) -> Path:
        """A shallow clone of gh-pages, as actions/checkout makes it."""
        self._clones += 1
        target = self.tmp / f"clone-{self._clones}"
        git("clone", "-q", "--depth", "1", "--branch", "gh-pages", self.bare.as_uri(), target,
            cwd=self.tmp)
        return target

    def files(self) -> dict[str, str]:
        """The gh-pages tree on the remote: path -> content."""
        listed = git("ls-tree", "-r", "--name-only", "gh-pages", cwd=self.bare).split()
        return {path: git("show", f"gh-pages:{path}", cwd=self.bare) for path in listed}

    def commits(self) -> int:
        return int(git("rev-list", "--count", "gh-pages", cwd=self.bare))


@pytest.fixture
def remote(tmp_path: Path) -> Remote:
    return Remote(tmp_path)


def site(root: Path, **files: str) -> Path:
    write(root, files or {"index.html": "new home", "meta-issues/index.html": "list"})
    return root


# --- gh-pages.sh -------------------------------------------------------------------------------


def test_publish_preview_keeps_everything_else(remote: Remote, tmp_path: Path) -> None:
    built = site(tmp_path / "site", **{"index.html": "preview 7", "a/b.html": "b"})
    result = script("gh-pages.sh", "publish-preview", "7", built, cwd=tmp_path,
                    env={"PAGES": str(remote.clone())})
    assert result.returncode == 0, result.stderr
    files = remote.files()
    assert files["pr-preview/pr-7/index.html"] == "preview 7"
    assert files["pr-preview/pr-7/a/b.html"] == "b"
    assert files["pr-preview/pr-1/index.html"] == "preview 1"
    assert files["index.html"] == "old home" and files["CNAME"] == "docs.example.org\n"


def test_publish_root_keeps_previews_and_the_custom_domain(remote: Remote, tmp_path: Path
                                                           ) -> None:
    built = site(tmp_path / "site")
    result = script("gh-pages.sh", "publish-root", built, cwd=tmp_path,
                    env={"PAGES": str(remote.clone())})
    assert result.returncode == 0, result.stderr
    files = remote.files()
    assert files["index.html"] == "new home"
    assert "old-page/index.html" not in files  # the old site is replaced
    assert files["CNAME"] == "docs.example.org\n"
    assert files["pr-preview/pr-1/index.html"] == "preview 1"
    assert ".nojekyll" in files


def test_a_cname_the_site_ships_wins(remote: Remote, tmp_path: Path) -> None:
    built = site(tmp_path / "site", **{"index.html": "x", "CNAME": "kb.example.org\n"})
    result = script("gh-pages.sh", "publish-root", built, cwd=tmp_path,
                    env={"PAGES": str(remote.clone())})
    assert result.returncode == 0, result.stderr
    assert remote.files()["CNAME"] == "kb.example.org\n"


def test_remove_preview_and_nothing_to_remove(remote: Remote, tmp_path: Path) -> None:
    clone = remote.clone()
    result = script("gh-pages.sh", "remove-preview", "1", cwd=tmp_path, env={"PAGES": str(clone)})
    assert result.returncode == 0, result.stderr
    assert not any(path.startswith("pr-preview/pr-1/") for path in remote.files())
    commits = remote.commits()
    again = script("gh-pages.sh", "remove-preview", "1", cwd=tmp_path, env={"PAGES": str(clone)})
    assert again.returncode == 0 and "already has this change" in again.stdout
    assert remote.commits() == commits


def test_a_failed_push_fails_the_step(remote: Remote, tmp_path: Path) -> None:
    hook = remote.bare / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'denied by policy' >&2\nexit 1\n", encoding="utf-8")
    hook.chmod(0o755)
    before = remote.files()
    result = script("gh-pages.sh", "publish-preview", "7", site(tmp_path / "site"),
                    cwd=tmp_path, env={"PAGES": str(remote.clone()), "ATTEMPTS": "3"})
    assert result.returncode == 1
    assert result.stderr.count("::warning::push") == 3
    assert "::error::could not push to gh-pages after 3 attempts" in result.stderr
    assert remote.files() == before


def test_a_push_that_lost_a_race_is_redone_on_the_newest_branch(remote: Remote,
                                                               tmp_path: Path) -> None:
    """Between our fetch and our push, another workflow publishes (a pre-push hook does it):
    our push is rejected, and the next attempt keeps both publishes."""
    ours, theirs = remote.clone(), remote.clone()
    other_site = site(tmp_path / "other", **{"index.html": "preview 2"})
    hook = ours / ".git" / "hooks" / "pre-push"
    marker = tmp_path / "raced"
    hook.write_text(
        "#!/bin/sh\n"
        f"[ -e '{marker}' ] && exit 0\n"
        f"touch '{marker}'\n"
        f"PAGES='{theirs}' RETRY_DELAY=0 bash '{SCRIPTS / 'gh-pages.sh'}' publish-preview 2 "
        f"'{other_site}' >/dev/null\n", encoding="utf-8")
    hook.chmod(0o755)
    result = script("gh-pages.sh", "publish-preview", "7",
                    site(tmp_path / "site", **{"index.html": "preview 7"}), cwd=tmp_path,
                    env={"PAGES": str(ours)})
    assert result.returncode == 0, result.stderr
    assert "push 1 of 5 to gh-pages failed" in result.stderr
    files = remote.files()
    assert files["pr-preview/pr-2/index.html"] == "preview 2"
    assert files["pr-preview/pr-7/index.html"] == "preview 7"
    assert files["pr-preview/pr-1/index.html"] == "preview 1"


def test_concurrent_publishes_all_land(remote: Remote, tmp_path: Path) -> None:
    processes = []
    for number in range(2, 6):
        built = site(tmp_path / f"site-{number}", **{"index.html": f"preview {number}"})
        env = {**os.environ, **GIT_ENV, "PAGES": str(remote.clone()), "RETRY_DELAY": "0",
               "ATTEMPTS": "10"}
        processes.append(subprocess.Popen(
            ["bash", str(SCRIPTS / "gh-pages.sh"), "publish-preview", str(number), str(built)],
            cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    deploy = subprocess.Popen(
        ["bash", str(SCRIPTS / "gh-pages.sh"), "publish-root", str(site(tmp_path / "main"))],
        cwd=tmp_path, env={**os.environ, **GIT_ENV, "PAGES": str(remote.clone()),
                           "RETRY_DELAY": "0", "ATTEMPTS": "10"},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for process in [*processes, deploy]:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
    files = remote.files()
    for number in range(2, 6):
        assert files[f"pr-preview/pr-{number}/index.html"] == f"preview {number}"
    assert files["index.html"] == "new home" and files["CNAME"] == "docs.example.org\n"


@pytest.mark.parametrize("args", [("publish-preview", "7; rm -rf /", "site"),
                                  ("publish-preview", "", "site"), ("remove-preview", "-1"),
                                  ("publish-root",), ("frobnicate",)])
def test_bad_arguments_are_refused(remote: Remote, tmp_path: Path, args: tuple[str, ...]) -> None:
    site(tmp_path / "site")
    before = remote.files()
    result = script("gh-pages.sh", *args, cwd=tmp_path, env={"PAGES": str(remote.clone())})
    assert result.returncode == 1 and "::error::" in result.stderr
    assert remote.files() == before


def test_a_site_with_a_symbolic_link_is_refused(remote: Remote, tmp_path: Path) -> None:
    built = site(tmp_path / "site")
    (built / "passwd").symlink_to("/etc/passwd")
    result = script("gh-pages.sh", "publish-preview", "7", built, cwd=tmp_path,
                    env={"PAGES": str(remote.clone())})
    assert result.returncode == 1 and "symbolic links" in result.stderr


# --- preview-check.sh ---------------------------------------------------------------------------

BUILT = "a" * 40


class FakeGitHub:
    """The answers of the stand-in `gh`, and the calls it saw."""

    def __init__(self, tmp_path: Path, answers: dict[str, Any]) -> None:
        self.file = tmp_path / "gh.json"
        self.file.write_text(json.dumps(answers), encoding="utf-8")

    @property
    def calls(self) -> list[dict[str, Any]]:
        log = Path(f"{self.file}.log")
        if not log.exists():
            return []
        return [json.loads(line) for line in log.read_text("utf-8").splitlines()]

    def env(self, **more: str) -> dict[str, str]:
        return {"FAKE_GH": str(self.file), "REPO": "octo/kb", **more}


def artifact(tmp_path: Path, number: str = "7") -> Path:
    folder = site(tmp_path / "artifact")
    (folder / ".pr-number").write_text(number + "\n", encoding="utf-8")
    return folder


def check(tmp_path: Path, state: str, head: str, number: str = "7"
          ) -> tuple[subprocess.CompletedProcess[str], dict[str, str]]:
    folder = artifact(tmp_path, number)
    gh = FakeGitHub(tmp_path, {f"GET repos/octo/kb/pulls/{number}": {
        "state": state, "head": {"sha": head}}})
    output = tmp_path / "output"
    result = script("preview-check.sh", cwd=tmp_path, env=gh.env(
        ARTIFACT=str(folder), HEAD_SHA=BUILT, GITHUB_OUTPUT=str(output)))
    values = dict(line.split("=", 1) for line in output.read_text("utf-8").splitlines()) \
        if output.exists() else {}
    return result, values


def test_an_open_pull_request_at_the_built_commit_is_published(tmp_path: Path) -> None:
    result, values = check(tmp_path, "open", BUILT)
    assert result.returncode == 0, result.stderr
    assert values == {"number": "7", "action": "publish"}
    assert not (tmp_path / "artifact" / ".pr-number").exists()  # not published with the site


def test_a_closed_pull_request_gets_no_preview(remote: Remote, tmp_path: Path) -> None:
    """The Docs run finished after the pull request closed: its preview is removed, and the
    removal really happens on gh-pages."""
    clone = remote.clone()
    published = script("gh-pages.sh", "publish-preview", "7", site(tmp_path / "old"),
                       cwd=tmp_path, env={"PAGES": str(clone)})
    assert published.returncode == 0, published.stderr
    result, values = check(tmp_path, "closed", BUILT)
    assert result.returncode == 0, result.stderr
    assert values == {"number": "7", "action": "remove"}
    assert "::notice::pull request #7 is closed" in result.stdout
    removed = script("gh-pages.sh", "remove-preview", values["number"], cwd=tmp_path,
                     env={"PAGES": str(clone)})
    assert removed.returncode == 0, removed.stderr
    assert not any(path.startswith("pr-preview/pr-7/") for path in remote.files())


@pytest.mark.parametrize("state", ["open", "closed"])
def test_a_moved_head_is_skipped_with_a_notice(tmp_path: Path, state: str) -> None:
    # Closed too: a forged number must not remove another pull request's preview either.
    result, values = check(tmp_path, state, "b" * 40)
    assert result.returncode == 0, result.stderr
    assert values == {"number": "7", "action": "skip"}
    assert "::notice::pull request #7 is at bbbbbbbbbbbb, not at the built" in result.stdout


@pytest.mark.parametrize("number", ["7; echo", "", "12345678901", "../1"])
def test_an_invalid_number_fails(tmp_path: Path, number: str) -> None:
    result, values = check(tmp_path, "open", BUILT, number)
    assert result.returncode == 1 and "no valid pull request number" in result.stderr
    assert values == {}


def test_an_artifact_with_a_symbolic_link_fails(tmp_path: Path) -> None:
    folder = artifact(tmp_path)
    (folder / "link").symlink_to("/etc")
    gh = FakeGitHub(tmp_path, {})
    result = script("preview-check.sh", cwd=tmp_path, env=gh.env(ARTIFACT=str(folder),
                                                                 HEAD_SHA=BUILT))
    assert result.returncode == 1 and "symbolic links" in result.stderr
    assert gh.calls == []  # refused before asking anything


# --- preview-comment.sh -------------------------------------------------------------------------

OTHER_BOT = {"id": 11, "user": {"login": "github-actions[bot]"}, "body": "Coverage: 91%"}
OURS = {"id": 12, "user": {"login": "github-actions[bot]"},
        "body": "<!-- meta-issues:preview -->\nold"}
FORGED = {"id": 13, "user": {"login": "someone"}, "body": "<!-- meta-issues:preview -->"}


def comment(tmp_path: Path, answers: dict[str, Any], changes_url: str | None = "x"
            ) -> tuple[subprocess.CompletedProcess[str], FakeGitHub]:
    folder = site(tmp_path / "published")
    if changes_url is not None:
        (folder / "meta-issues.json").write_text(json.dumps(
            {"schema_version": 1, "changes_url": changes_url}), encoding="utf-8")
    gh = FakeGitHub(tmp_path, answers)
    result = script("preview-comment.sh", cwd=tmp_path, env=gh.env(
        NUMBER="7", SITE=str(folder), HEAD_SHA=BUILT))
    return result, gh


def writes(gh: FakeGitHub) -> list[dict[str, Any]]:
    return [call for call in gh.calls if call["method"] != "GET"]


def test_the_sticky_comment_is_found_by_its_marker(tmp_path: Path) -> None:
    result, gh = comment(tmp_path, {
        "GET repos/octo/kb/pages": {"html_url": "https://docs.example.org/"},
        "GET repos/octo/kb/issues/7/comments": [OTHER_BOT, FORGED, OURS]},
        "meta-issues/changes.html")
    assert result.returncode == 0, result.stderr
    [edit] = writes(gh)
    assert edit["method"] == "PATCH" and edit["path"] == "repos/octo/kb/issues/comments/12"
    body = edit["fields"]["body"]
    assert body.startswith("<!-- meta-issues:preview -->\n")
    assert "https://docs.example.org/pr-preview/pr-7/\n" in body
    assert ("**What changed in meaning:** "
            "https://docs.example.org/pr-preview/pr-7/meta-issues/changes.html") in body
    assert "Built from aaaaaaaaaaaa." in body


def test_a_first_preview_gets_a_new_comment(tmp_path: Path) -> None:
    result, gh = comment(tmp_path, {
        "GET repos/octo/kb/pages": {"html_url": "https://octo.github.io/kb/"},
        "GET repos/octo/kb/issues/7/comments": [OTHER_BOT]}, "kb/changes/")
    assert result.returncode == 0, result.stderr
    [post] = writes(gh)
    assert post["method"] == "POST" and post["path"] == "repos/octo/kb/issues/7/comments"
    assert "https://octo.github.io/kb/pr-preview/pr-7/kb/changes/" in post["fields"]["body"]


def test_a_user_site_without_the_pages_api_gets_a_guess_and_a_warning(tmp_path: Path) -> None:
    result, gh = comment(tmp_path, {"GET repos/octo/kb/issues/7/comments": []}, None)
    assert result.returncode == 0, result.stderr
    assert "::warning::the Pages API gave no site address" in result.stdout
    body = writes(gh)[0]["fields"]["body"]
    assert "https://octo.github.io/kb/pr-preview/pr-7/" in body
    assert "What changed" not in body  # no meta-issues.json: no Changes link


@pytest.mark.parametrize("bad", ["javascript:alert(1)", "../../elsewhere", "https://evil.example/",
                                 "a b", "x)](https://evil.example"])
def test_a_changes_url_from_the_artifact_is_data(tmp_path: Path, bad: str) -> None:
    result, gh = comment(tmp_path, {
        "GET repos/octo/kb/pages": {"html_url": "https://docs.example.org/"},
        "GET repos/octo/kb/issues/7/comments": []}, bad)
    assert result.returncode == 0, result.stderr
    body = writes(gh)[0]["fields"]["body"]
    assert "What changed" not in body and "evil" not in body and "javascript" not in body


# --- prune-caches.sh ----------------------------------------------------------------------------

CACHES = "repos/octo/kb/actions/caches?key=meta-issues-&sort=created_at&direction=desc&per_page=100"


def caches(*entries: tuple[int, str]) -> dict[str, Any]:
    return {f"GET {CACHES}": {"actions_caches": [{"id": i, "ref": r} for i, r in entries]}}


def test_prune_keeps_the_newest_cache_per_branch(tmp_path: Path) -> None:
    gh = FakeGitHub(tmp_path, caches((9, "refs/heads/main"), (8, "refs/pull/7/merge"),
                                     (7, "refs/heads/main"), (5, "refs/heads/main"),
                                     (4, "refs/pull/7/merge")))
    result = script("prune-caches.sh", "keep-newest", cwd=tmp_path, env=gh.env())
    assert result.returncode == 0, result.stderr
    deleted = [call["path"].rsplit("/", 1)[1] for call in writes(gh)]
    assert deleted == ["7", "5", "4"]
    assert all(call["method"] == "DELETE" for call in writes(gh))


def test_prune_a_closed_pull_requests_caches(tmp_path: Path) -> None:
    gh = FakeGitHub(tmp_path, caches((9, "refs/heads/main"), (8, "refs/pull/7/merge"),
                                     (6, "refs/pull/70/merge"), (4, "refs/pull/7/merge")))
    result = script("prune-caches.sh", "ref", "refs/pull/7/merge", cwd=tmp_path, env=gh.env())
    assert result.returncode == 0, result.stderr
    assert [call["path"].rsplit("/", 1)[1] for call in writes(gh)] == ["8", "4"]


# --- install.sh and build.sh --------------------------------------------------------------------


def fake_python(tmp_path: Path) -> Path:
    folder = tmp_path / "bin"
    folder.mkdir()
    fake = folder / "python"
    fake.write_text("#!/bin/sh\n"
                    f"echo \"$*\" >> '{tmp_path / 'python.log'}'\n"
                    "case \"$1\" in -c) echo 9.9.9 ;; esac\n", encoding="utf-8")
    fake.chmod(0o755)
    return folder


@pytest.mark.parametrize(("install", "ref", "expected"), [
    ("", "v1.2.3", "mkdocs-meta-issues==1.2.3"),
    ("", "main", "mkdocs-meta-issues"),
    ("", "", "mkdocs-meta-issues"),
    (".", "v1.2.3", "."),
    ("mkdocs-meta-issues==1.0 mkdocs-static-i18n", "v2.0.0",
     "mkdocs-meta-issues==1.0 mkdocs-static-i18n"),
])
def test_install_picks_the_release_of_the_action(tmp_path: Path, install: str, ref: str,
                                                 expected: str) -> None:
    bin_dir = fake_python(tmp_path)
    output = tmp_path / "output"
    result = script("install.sh", cwd=tmp_path, env={
        "INSTALL": install, "ACTION_REF": ref, "GITHUB_OUTPUT": str(output),
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"})
    assert result.returncode == 0, result.stderr
    first = (tmp_path / "python.log").read_text("utf-8").splitlines()[0]
    assert first == f"-m pip install --disable-pip-version-check {expected}"
    assert output.read_text("utf-8") == "version=9.9.9\n"


def test_build_of_a_pull_request_is_a_preview(tmp_path: Path) -> None:
    """build.sh in a git checkout whose HEAD^1 is the base branch: a strict build with a
    Changes page, and the pull request number recorded for the preview workflow."""
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    write(project, {"mkdocs.yml": "site_name: kb\ntheme: material\nplugins:\n  - meta-issues:\n"
                    "      charts: false\n      cache_dir: ../cache\n",
                    ".gitignore": "site/\n"})
    from conftest import write_small_issue

    write_small_issue(project / "meta-issues" / "one", "One")
    git("init", "-q", "-b", "main", cwd=project)
    git("add", "-A", cwd=project)
    git("commit", "-q", "-m", "base", cwd=project)
    write_small_issue(project / "meta-issues" / "one", "One", latency="80ms")
    git("commit", "-q", "-am", "the pull request", cwd=project)
    output = tmp_path / "output"
    bin_dir = Path(sys.executable).parent
    result = script("build.sh", cwd=project, env={
        "EVENT": "pull_request", "PR_NUMBER": "7", "SITE_DIR": str(tmp_path / "built"),
        "GITHUB_OUTPUT": str(output), "NO_MKDOCS_2_WARNING": "1",
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert output.read_text("utf-8") == f"site-dir={tmp_path / 'built'}\n"
    built = tmp_path / "built"
    assert (built / ".pr-number").read_text("utf-8") == "7\n"
    data = json.loads((built / "meta-issues.json").read_text("utf-8"))
    assert data["changes_url"] == "meta-issues/changes/"
    assert [i["changed"] for i in data["meta_issues"]] == [True]
    changes = (built / "meta-issues" / "changes" / "index.html").read_text("utf-8")
    assert "90 ms" in changes and "80 ms" in changes

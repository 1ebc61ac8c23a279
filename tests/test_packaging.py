"""The package as a team installs it: metadata, the sdist and the wheel, a fresh venv."""

from __future__ import annotations

import email
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from conftest import REPO

PYTHONS = ("3.10", "3.11", "3.12", "3.13")


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("build", reason="needs the build package (test extras)")
    pytest.importorskip("hatchling", reason="needs hatchling (test extras)")
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out),
                           str(REPO)], capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return out


def _one(folder: Path, pattern: str) -> Path:
    [found] = folder.glob(pattern)
    return found


def test_metadata_names_the_license_urls_and_pythons(dist: Path) -> None:
    with zipfile.ZipFile(_one(dist, "*.whl")) as wheel:
        names = wheel.namelist()
        [metadata_name] = [n for n in names if n.endswith(".dist-info/METADATA")]
        metadata = email.message_from_bytes(wheel.read(metadata_name))
    assert metadata["License-Expression"] == "MIT"
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    classifiers = metadata.get_all("Classifier") or []
    for version in PYTHONS:
        assert f"Programming Language :: Python :: {version}" in classifiers
    assert "Typing :: Typed" in classifiers and "Framework :: MkDocs" in classifiers
    urls = dict(u.split(", ", 1) for u in metadata.get_all("Project-URL") or [])
    assert {"Homepage", "Documentation", "Source", "Issues"} <= set(urls)
    assert all(url.startswith("https://") for url in urls.values())
    assert metadata["Requires-Python"] == ">=3.10"
    for packaged in ("meta_issues/py.typed", "meta_issues/assets/meta-issues.css",
                     "meta_issues/cli/templates/workflows/docs-preview.yml"):
        assert packaged in names, packaged
    assert "MIT License" in (REPO / "LICENSE").read_text("utf-8")


def test_the_sdist_holds_every_file_of_the_repository(dist: Path) -> None:
    """Self-contained: its tests read the samples, docs, workflows and scripts, so every
    tracked file is in it (run from a git checkout)."""
    with tarfile.open(_one(dist, "*.tar.gz")) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    if not (REPO / ".git").exists() or shutil.which("git") is None:
        pytest.skip("needs the git checkout to list the tracked files")
    tracked = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True,
                             check=True).stdout.split()
    assert tracked
    missing = sorted(set(tracked) - names)
    assert missing == []
    assert {"LICENSE", "plugins/meta_issues/py.typed", "tests/conftest.py",
            ".github/scripts/gh-pages.sh", "meta-issues/api-latency-connection-pool/README.md",
            "docs/index.md", "mkdocs.yml"} <= names


@pytest.mark.skipif(os.environ.get("META_ISSUES_SKIP_FRESH_VENV") == "1",
                    reason="META_ISSUES_SKIP_FRESH_VENV=1")
def test_the_wheel_works_from_a_fresh_venv(dist: Path) -> None:
    """.ci/smoke-wheel.sh, as the release workflow runs it: a new venv, the wheel and its
    dependencies from the package index, init, lint and a strict build of the samples."""
    done = subprocess.run(["bash", str(REPO / ".ci" / "smoke-wheel.sh"),
                           str(_one(dist, "*.whl")), sys.executable],
                          capture_output=True, text=True, timeout=900, check=False)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "the wheel works from a fresh virtual environment" in done.stdout

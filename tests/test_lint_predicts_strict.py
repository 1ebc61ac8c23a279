"""`meta-issues lint` predicts `mkdocs build --strict`: the whole bad-input corpus, both ways.

Each case of tests/bad_inputs/ is built with ``--strict`` and charts on (so chart problems
count too) and linted. A strict build fails because of the source files exactly when lint
exits 1, and every warning the build logs is one lint prints: the plugin's own, chart notes
included, and MkDocs' (links and anchors). Whatever lint cannot see would let a pull request
pass its lint step and fail its build.
"""

from __future__ import annotations

import io
import logging
import re
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import pytest
import yaml

from bad_inputs.corpus import CASES, Case, write_case

OURS = re.compile(r"^meta-issues: (?P<diagnostic>.+:\d+(?::\d+)?: [A-Z][A-Z_]+: .*)$")
# Cases whose strict build fails for a reason lint does not report yet, with the reason; an
# entry that starts passing fails the run (strict xfail), so the list only shrinks.
KNOWN_GAPS: dict[str, str] = {}


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _config(case: Case, cache: Path) -> dict[str, Any]:
    options: dict[str, Any] = {"cache_dir": str(cache), **case.plugin_options, "charts": True}
    return {"site_name": "Corpus", "theme": {"name": "material"},
            "plugins": ["search", {"meta-issues": options}], **case.config}


def _strict_build(root: Path) -> tuple[list[str], bool]:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    capture = _Capture()
    logging.getLogger("mkdocs").addHandler(capture)
    try:
        config = load_config(config_file=str(root / "mkdocs.yml"), strict=True)
        try:
            build(config)
        except Abort:
            return capture.messages, True
    finally:
        logging.getLogger("mkdocs").removeHandler(capture)
    return capture.messages, False


def _lint(root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], str, int]:
    """What ``meta-issues lint meta-issues`` prints (stdout, stderr) and its exit code."""
    from meta_issues.cli import main

    monkeypatch.chdir(root)
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["lint", "meta-issues"])
    return out.getvalue().splitlines(), err.getvalue(), code


def _explained(warning: str, linted: list[str], refused: str) -> bool:
    """Whether lint said what the build warned of: the same diagnostic, or for a missing
    source folder, its own one-line refusal."""
    ours = OURS.match(warning)
    if ours is None:
        return False
    if ": MISSING_SOURCE: " in warning:
        return "meta-issues: not a folder" in refused
    return ours.group("diagnostic") in linted


@pytest.fixture(scope="module")
def chart_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("lint-strict-cache")


@pytest.mark.parametrize("name", [
    pytest.param(name, marks=pytest.mark.xfail(reason=KNOWN_GAPS[name], strict=True))
    if name in KNOWN_GAPS else name for name in sorted(CASES)])
def test_lint_predicts_the_strict_build(name: str, tmp_path: Path, chart_store: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    case = CASES[name]
    root = tmp_path / "project"
    write_case(case, root, tmp_path / "outside")
    (root / "mkdocs.yml").write_text(yaml.safe_dump(_config(case, chart_store),
                                                    sort_keys=False), encoding="utf-8")
    warnings, aborted = _strict_build(root)
    linted, refused, code = _lint(root, monkeypatch)

    unexplained = [w for w in warnings if not _explained(w, linted, refused)]
    assert unexplained == [], "the strict build warned of what lint does not say"
    assert aborted == (code == 1), (warnings, linted, refused)

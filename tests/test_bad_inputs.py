"""Every bad input gets a clear answer: the hostile-input corpus (tests/bad_inputs/).

Each case is built twice through the MkDocs API — lenient into ``site/`` and ``--strict`` into
``site-strict/`` — and checked for: the exact diagnostics (snapshots in
``tests/bad_inputs/snapshots``; ``UPDATE_SNAPSHOTS=1`` rewrites them), no exception other
than the strict abort, the strict abort counting every warning, nothing written outside the
site folders, byte-identical output of the two builds, a visible problem box on the affected
pages, and ``meta-issues lint`` agreeing with the build (how long each case takes is measured
by benchmarks/bench_hostile.py). A subset also runs
``mkdocs build`` in a subprocess to prove that no traceback reaches stderr.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import re
import subprocess
import sys
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

import pytest
import yaml

from bad_inputs.corpus import CASES, SECRET, Case, write_case

SNAPSHOTS = Path(__file__).resolve().parent / "bad_inputs" / "snapshots"
UPDATE = os.environ.get("UPDATE_SNAPSHOTS") == "1"
DIAGNOSTIC = re.compile(r"^meta-issues: (?P<path>[^:]+(?::[^:\d][^:]*)*):(?P<line>\d+)"
                        r"(?::(?P<col>\d+))?: (?P<code>[A-Z][A-Z_]+): \S")
CHART_WARNING = re.compile(r"\(chart '.*'\)$")  # build-only: charts are drawn in builds
ABORT = re.compile(r"^Aborted with (\d+) warnings in strict mode!$")
SITE_DIRS = ("site", "site-strict")


def _tree(folder: Path) -> dict[str, tuple[str, str]]:
    """Every entry under ``folder`` (links not followed) except the site folders."""
    state: dict[str, tuple[str, str]] = {}
    for current, dirs, files in os.walk(folder, followlinks=False):
        relative = Path(current).relative_to(folder)
        if relative.parts[:1] and relative.parts[0] in SITE_DIRS and len(relative.parts) >= 2:
            continue
        dirs[:] = sorted(d for d in dirs if not (current == str(folder / "project")
                                                   and d in SITE_DIRS))
        for name in sorted(files) + [d for d in dirs if (Path(current) / d).is_symlink()]:
            path = Path(current) / name
            key = (relative / name).as_posix()
            if path.is_symlink():
                state[key] = ("link", os.readlink(path))
            else:
                state[key] = ("file", hashlib.sha256(path.read_bytes()).hexdigest())
    return state


def _site_digest(site: Path) -> dict[str, str]:
    found: dict[str, str] = {}
    for path in sorted(site.rglob("*")):
        assert not path.is_symlink(), f"symlink in site_dir: {path}"
        assert path.resolve().is_relative_to(site.resolve()), f"{path} escapes site_dir"
        if path.is_file():
            found[path.relative_to(site).as_posix()] = hashlib.sha256(
                path.read_bytes()).hexdigest()
    return found


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _build(root: Path, site: str, *, strict: bool) -> tuple[list[str], str | None]:
    """Build through the API; any exception but the strict abort fails the test."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    capture = _Capture()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(capture)
    aborted: str | None = None
    try:
        config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(root / site),
                             strict=strict)
        try:
            build(config)
        except Abort as error:
            aborted = str(error)
        except Exception as error:  # the point of the corpus: report, don't crash
            pytest.fail(f"build raised {type(error).__name__}: {error}", pytrace=True)
    finally:
        logger.removeHandler(capture)
    return capture.messages, aborted


def _config(case: Case, cache: Path) -> dict[str, Any]:
    options: dict[str, Any] = {"charts": False, "cache_dir": str(cache)}
    options.update(case.plugin_options)
    config: dict[str, Any] = {
        "site_name": "Corpus",
        "theme": {"name": "material"},
        "plugins": ["search", {"meta-issues": options}],
    }
    config.update(case.config)
    return config


def _normalise(messages: list[str], root: Path, outside: Path) -> list[str]:
    text = "\n".join(messages)
    for path, name in ((outside, "<outside>"), (root, "<root>")):
        text = text.replace(str(path.resolve()), name).replace(str(path), name)
    return text.split("\n") if text else []


def _check_snapshot(name: str, lines: list[str]) -> None:
    path = SNAPSHOTS / f"{name}.txt"
    text = "".join(f"{line}\n" for line in lines)
    if UPDATE or not path.exists():
        path.write_text(text, encoding="utf-8")
        if not UPDATE:
            pytest.fail(f"snapshot {path.name} was missing and has been written; rerun")
        return
    assert text == path.read_text(encoding="utf-8"), (
        f"diagnostics differ from {path.name} (UPDATE_SNAPSHOTS=1 to accept):\n{text}")


@pytest.fixture(scope="module")
def corpus_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("corpus-chart-cache")


@pytest.fixture(autouse=True)
def _reproducible(monkeypatch: pytest.MonkeyPatch) -> None:
    # sitemap.xml(.gz) carries the build date; pin it so two builds can be compared.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")


def _make(name: str, tmp_path: Path, cache: Path) -> tuple[Case, Path, Path]:
    case = CASES[name]
    root, outside = tmp_path / "project", tmp_path / "outside"
    write_case(case, root, outside)
    (root / "mkdocs.yml").write_text(
        yaml.safe_dump(_config(case, cache), sort_keys=False), encoding="utf-8")
    return case, root, outside


@pytest.mark.parametrize("name", sorted(CASES))
def test_case(name: str, tmp_path: Path, corpus_cache: Path,
              monkeypatch: pytest.MonkeyPatch) -> None:
    _case, root, outside = _make(name, tmp_path, corpus_cache)
    before = _tree(tmp_path)

    # How long each case takes is measured by benchmarks/bench_hostile.py, not asserted here.
    warnings, aborted = _build(root, "site", strict=False)
    assert aborted is None, f"lenient build aborted: {aborted}"
    strict_warnings, strict_aborted = _build(root, "site-strict", strict=True)

    # Exact diagnostics, each once, in the documented form.
    lines = _normalise(warnings, root, outside)
    _check_snapshot(name, lines)
    assert strict_warnings == warnings, "strict and lenient builds report differently"
    assert len(set(warnings)) == len(warnings), f"a problem was reported twice: {warnings}"
    ours = [w for w in warnings if w.startswith("meta-issues: ")]
    for warning in ours:
        assert DIAGNOSTIC.match(warning), warning

    # Strict: aborts exactly when there are warnings, after reporting all of them.
    if warnings:
        assert strict_aborted is not None, "strict build did not abort"
        match = ABORT.match(strict_aborted)
        assert match, strict_aborted
        assert int(match.group(1)) == len(warnings)
    else:
        assert strict_aborted is None

    # Containment: only the site folders changed; nothing links or escapes out of them.
    assert _tree(tmp_path) == before, "the build changed files outside site_dir"
    site, strict_site = root / "site", root / "site-strict"
    digest = _site_digest(site)
    # Determinism: the two builds of the same case are byte-identical.
    assert digest == _site_digest(strict_site)
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".svg", ".txt"):
            assert SECRET not in path.read_text("utf-8", errors="replace"), path
    hostname = Path("/etc/hostname")
    if hostname.is_file() and len(hostname.read_bytes().strip()) >= 6:
        leaked = hostname.read_bytes().strip()
        for path in site.rglob("*.html"):
            assert b">" + leaked + b"\n" not in path.read_bytes(), path
    assert not (outside / "canary").exists(), "a YAML Python tag ran"

    # Nothing vanishes: each meta-issue folder has a page, and pages with problems show them.
    _check_pages(root, site, ours)

    # `meta-issues lint` reports the same problems without building.
    from meta_issues.cli import main

    monkeypatch.chdir(root)
    out = io.StringIO()
    with redirect_stdout(out):
        code = main(["lint", "meta-issues"]) if (root / "meta-issues").is_dir() else None
    if code is not None:
        linted = [f"meta-issues: {line}" for line in out.getvalue().splitlines()]
        built = [w for w in ours if DIAGNOSTIC.match(w) and not CHART_WARNING.search(w)]
        assert linted == built
        assert code == (1 if linted else 0)


def _check_pages(root: Path, site: Path, ours: list[str]) -> None:
    import json

    data = json.loads((site / "meta-issues.json").read_text("utf-8"))
    source = root / "meta-issues"
    folders = [p for p in sorted(source.iterdir()) if p.is_dir() and not p.is_symlink()
               and not p.name.startswith((".", "_"))] if source.is_dir() else []
    assert len(data["meta_issues"]) == len(folders), "a meta-issue folder has no pages"
    problem_issues = {m.group("path").split("/")[1] for w in ours
                      if (m := DIAGNOSTIC.match(w)) and m.group("path").count("/") >= 1}
    for entry in data["meta_issues"]:
        page = site / entry["url"] / "index.html"
        assert page.is_file(), f"{entry['id']}: {page} missing"
        html = page.read_text("utf-8")
        shown = "Problems in the source files" in html
        if shown:
            continue
        assert entry["id"] not in problem_issues, f"{entry['id']}: no problem box on {page}"


# --- case-specific checks --------------------------------------------------------------------


def _html_outside_code(site: Path) -> str:
    text = "\n".join(p.read_text("utf-8") for p in sorted(site.rglob("*.html")))
    return re.sub(r"<code\b.*?</code>", "", text, flags=re.S)


def test_hostile_html_is_text(tmp_path: Path, corpus_cache: Path) -> None:
    _case, root, _outside = _make("37-html-and-templates", tmp_path, corpus_cache)
    _build(root, "site", strict=False)
    html = _html_outside_code(root / "site")
    assert "&lt;img" in html and "&lt;script" in html
    lowered = html.lower()
    for forbidden in ("<script>alert", "<script", "onerror=", "onload=", "onmouseover=",
                      "javascript:", "vbscript:", "<iframe", "data:text/html"):
        if forbidden == "<script":
            # Material's own scripts are <script src=...> or inline JSON config; ours never.
            assert "<script>alert" not in lowered
            continue
        assert forbidden not in lowered, forbidden
    assert "<details><summary>More</summary>" in html  # allowlisted formatting survives
    assert "{{ config.extra }}" in html and "{% raw %}" in html  # templates stay literal
    assert "{{ config.site_name }}" in html


def test_pathological_lines_are_read_and_reported() -> None:
    """Lines built against every pattern the reader uses (ReDoS) are read, and the one too
    dense in markup to render is reported; how fast is measured by bench_hostile.py."""
    from bad_inputs.corpus import _REDOS, BASE
    from meta_issues.source import read_issue

    text = BASE + "\n" + _REDOS
    assert len(text.encode()) < 1_000_000
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        issue = Path(folder) / "redos"
        issue.mkdir()
        (issue / "README.md").write_text(text, encoding="utf-8")
        parsed = read_issue(issue)
    assert parsed.title and parsed.versions
    assert "LINE_TOO_COMPLEX" in {d.code for d in parsed.diagnostics}


@pytest.mark.parametrize("name", sorted(n for n, c in CASES.items() if c.cli))
def test_cli_build_has_no_traceback(name: str, tmp_path: Path, corpus_cache: Path) -> None:
    _case, root, _outside = _make(name, tmp_path, corpus_cache)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true",
           "PYTHONIOENCODING": "utf-8", "SOURCE_DATE_EPOCH": "1700000000"}
    results = {}
    for strict in (False, True):
        command = [sys.executable, "-m", "mkdocs", "build", "--clean"]
        if strict:
            command.append("--strict")
        results[strict] = subprocess.run(command, cwd=root, env=env, capture_output=True,
                                         text=True, encoding="utf-8", timeout=60, check=False)
    for result in results.values():
        assert "Traceback" not in result.stderr, result.stderr
    assert results[False].returncode == 0, results[False].stderr
    lenient_warnings = [line for line in results[False].stderr.splitlines()
                        if line.startswith("WARNING")]
    for line in lenient_warnings:
        if "meta_issues:" in line:
            assert re.match(r"^WARNING\s+-\s+meta-issues: \S.*:\d+(:\d+)?: [A-Z_]+: ", line), line
    if lenient_warnings:
        assert results[True].returncode == 1
        # click prints the abort message on stdout, after everything logged on stderr.
        last = (results[True].stderr + results[True].stdout).strip().splitlines()[-1]
        assert last == f"Aborted with {len(lenient_warnings)} warnings in strict mode!", last
    else:
        assert results[True].returncode == 0


def test_serve_survives_a_broken_file_and_recovers(tmp_path: Path, corpus_cache: Path) -> None:
    """The same config and plugin instance built twice, as `mkdocs serve` rebuilds."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    _case, root, _outside = _make("25-missing-optional-files", tmp_path, corpus_cache)
    config = load_config(config_file=str(root / "mkdocs.yml"))
    config.plugins.on_startup(command="serve", dirty=False)
    readme = root / "meta-issues/clean/README.md"
    good = readme.read_bytes()
    page = root / "site/meta-issues/clean/index.html"

    capture = _Capture()
    logging.getLogger("mkdocs").addHandler(capture)
    try:
        readme.write_bytes(b"\xff\xfe" + good.decode().encode("utf-16-le"))
        build(config, serve_url="http://127.0.0.1:8000/")
        broken = list(capture.messages)
        assert any("ENCODING" in m for m in broken), broken
        assert "Problems in the source files" in page.read_text("utf-8")
        capture.messages.clear()
        readme.write_bytes(good)
        build(config, serve_url="http://127.0.0.1:8000/")
        assert capture.messages == []
        assert "Problems in the source files" not in page.read_text("utf-8")
    finally:
        logging.getLogger("mkdocs").removeHandler(capture)

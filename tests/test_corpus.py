"""The corpus of other hands (tests/corpus/): every fact a reader takes from each
investigation, written by hand before the parser ran, must be what the parser reads.

See tests/corpus/README.md for the facts format. Each fact is its own assertion message, so a
failure names the investigation, the fact and both readings.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import TESTS
from meta_issues.model import MetaIssue
from meta_issues.options import parse
from meta_issues.source import ReadingSettings, read_issue

CORPUS = TESTS / "corpus"
FACTS = sorted(CORPUS.glob("*.facts.yaml"))


def _facts(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text("utf-8"))
    assert isinstance(data, dict), path
    return data


def _iso(value: object) -> str | None:
    if isinstance(value, dt.date):
        return value.isoformat()
    return None if value is None else str(value)


def _close(found: float, expected: float) -> bool:
    return math.isclose(found, expected, rel_tol=1e-6, abs_tol=1e-9)


@pytest.fixture(scope="module")
def corpus() -> dict[str, MetaIssue]:
    """Each investigation read with the plugin options its facts give (``options:``)."""
    found: dict[str, MetaIssue] = {}
    for path in FACTS:
        issue_id = path.name.removesuffix(".facts.yaml")
        if (CORPUS / issue_id).is_dir():
            options = parse(_facts(path).get("options") or {})
            found[issue_id] = read_issue(CORPUS / issue_id, ReadingSettings.from_options(options))
    return found


def _check_versions(issue: MetaIssue, expected: list[dict[str, Any]], problems: list[str]
                    ) -> None:
    found = {v.number: v for v in issue.versions}
    if sorted(found) != [v["number"] for v in expected]:
        problems.append(f"versions {sorted(found)} != {[v['number'] for v in expected]}")
    for want in expected:
        version = found.get(want["number"])
        if version is None:
            continue
        got = {"date": version.date, "title": version.title, "result": version.result.value,
               "tests": version.tests}
        for key in ("date", "title", "result", "tests"):
            if key in want and got[key] != (_iso(want[key]) if key == "date" else want[key]):
                problems.append(f"version {want['number']} {key}: {got[key]!r} != {want[key]!r}")


def _check_attempts(issue: MetaIssue, expected: list[dict[str, Any]], problems: list[str]
                    ) -> None:
    found = {a.number: a for a in issue.attempts}
    if sorted(found) != [a["number"] for a in expected]:
        problems.append(f"attempts {sorted(found)} != {[a['number'] for a in expected]}")
    for want in expected:
        attempt = found.get(want["number"])
        if attempt is None:
            continue
        got = {"date": attempt.date, "title": attempt.title, "result": attempt.result.value,
               "versions": attempt.versions}
        for key in ("date", "title", "result", "versions"):
            if key in want and got[key] != (_iso(want[key]) if key == "date" else want[key]):
                problems.append(f"attempt {want['number']} {key}: {got[key]!r} != {want[key]!r}")


def _check_metrics(issue: MetaIssue, expected: list[dict[str, Any]], problems: list[str]
                   ) -> None:
    found = {m.name.casefold(): m for m in issue.metrics}
    for want in expected:
        metric = found.get(str(want["name"]).casefold())
        if metric is None:
            problems.append(f"metric {want['name']!r} not read (read: {sorted(found)})")
            continue
        where = f"metric {want['name']!r}"
        if "unit" in want and metric.unit != want["unit"]:
            problems.append(f"{where} unit: {metric.unit!r} != {want['unit']!r}")
        if "better" in want and metric.better != want["better"]:
            problems.append(f"{where} better: {metric.better!r} != {want['better']!r}")
        _check_target(metric, want.get("target", "absent"), where, problems)
        for attempt, value in (want.get("values") or {}).items():
            measured = metric.values.get(int(attempt))
            if measured is None or not _close(measured.value, float(value)):
                problems.append(f"{where} attempt {attempt}: "
                                f"{measured.value if measured else None!r} != {value!r}")
        extra = set(metric.values) - {int(a) for a in (want.get("values") or {})}
        if "values" in want and extra:
            problems.append(f"{where}: values read for attempts {sorted(extra)} not in facts")


def _check_target(metric: Any, want: Any, where: str, problems: list[str]) -> None:
    if want == "absent":
        return
    target = metric.target
    if want is None:
        if target is not None:
            problems.append(f"{where} target: {target.op} {target.value} != none")
        return
    if target is None:
        problems.append(f"{where} target: none != {want}")
        return
    if target.op != want["op"] or not _close(target.value, float(want["value"])) or (
            "unit" in want and target.unit != want["unit"]):
        problems.append(f"{where} target: {target.op} {target.value} {target.unit} != "
                        f"{want['op']} {want['value']} {want.get('unit', '')}")


def _check_metadata(issue: MetaIssue, expected: dict[str, Any], problems: list[str]) -> None:
    """The README front matter's metadata, as the export gives it (dates ISO)."""
    for key, want in expected.items():
        got = getattr(issue.metadata, key, None)
        if got in ("", None) and key not in ("detected", "resolved"):
            got = None
        want = _iso(want) if key in ("detected", "resolved") else want
        if got != want:
            problems.append(f"metadata {key}: {got!r} != {want!r}")


def _check_summary(issue: MetaIssue, facts: dict[str, Any], problems: list[str]) -> None:
    for key, got in (("title", issue.title), ("status", issue.status)):
        if key in facts and got != facts[key]:
            problems.append(f"{key}: {got!r} != {facts[key]!r}")
    current = facts.get("current")
    if current is None:
        return
    understanding = issue.current
    if understanding is None:
        problems.append("no current understanding read")
        return
    if "version" in current and understanding.version != current["version"]:
        problems.append(f"current version: {understanding.version} != {current['version']}")
    if "root_causes" in current and len(understanding.root_causes) != current["root_causes"]:
        problems.append(f"root causes: {len(understanding.root_causes)} "
                        f"!= {current['root_causes']}")
    words = current.get("summary_contains")
    if words and words.casefold() not in understanding.summary.casefold():
        problems.append(f"summary {understanding.summary[:80]!r} lacks {words!r}")


@pytest.mark.parametrize("path", FACTS, ids=[p.name.removesuffix(".facts.yaml") for p in FACTS])
def test_every_fact_is_read(path: Path, corpus: dict[str, MetaIssue]) -> None:
    facts = _facts(path)
    issue_id = path.name.removesuffix(".facts.yaml")
    assert issue_id in corpus, f"{issue_id}: no such folder in tests/corpus"
    issue = corpus[issue_id]
    problems: list[str] = []
    _check_summary(issue, facts, problems)
    _check_metadata(issue, facts.get("metadata") or {}, problems)
    _check_versions(issue, facts.get("versions", []), problems)
    _check_attempts(issue, facts.get("attempts", []), problems)
    _check_metrics(issue, facts.get("metrics", []), problems)
    assert not problems, f"{issue_id}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("path", FACTS, ids=[p.name.removesuffix(".facts.yaml") for p in FACTS])
def test_lint_says_exactly_what_the_author_should_hear(
        path: Path, corpus: dict[str, MetaIssue]) -> None:
    facts = _facts(path)
    issue_id = path.name.removesuffix(".facts.yaml")
    issue = corpus[issue_id]
    said = sorted((d.code, d.location.path.split("/", 1)[-1], d.location.line)
                  for d in issue.diagnostics if d.level != "info")
    wanted = sorted((d["code"], d["file"], d["line"]) for d in facts.get("diagnostics") or [])
    assert said == wanted, f"{issue_id}: lint said {said}, a reader expects {wanted}"


def test_the_corpus_has_eight_hands() -> None:
    folders = {p.name for p in CORPUS.iterdir() if p.is_dir()}
    assert len(folders) >= 8 and folders == {p.name.removesuffix(".facts.yaml")
                                             for p in FACTS}

"""The parser: the seed living description, golden exports of every fixture variant, and
targeted variations. Regenerate the goldens with ``UPDATE_GOLDEN=1 pytest tests/test_parse.py``.
"""

from __future__ import annotations

import difflib
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from meta_issues.model import Diagnostic, KnowledgeBase, MetaIssue, Quantity, Result
from meta_issues.site.export import export_data
from meta_issues.source import read_issue, read_knowledge_base
from meta_issues.units import convert

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
FIXTURES = TESTS / "fixtures"
VARIANTS = FIXTURES / "variants"
GOLDEN = TESTS / "golden"
SAMPLES = ROOT / "meta-issues"
SEED_NAME = "living-description-example.md"


def seed_path() -> Path:
    return FIXTURES / "seed" / SEED_NAME


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", newline="")
    return path


def kb_with_readme(tmp_path: Path, text: str | bytes, issue_id: str = "case") -> KnowledgeBase:
    root = tmp_path / "kb"
    write(root / issue_id / "README.md", text)
    return read_knowledge_base(root)


def only_issue(kb: KnowledgeBase) -> dict[str, Any]:
    data = export_data(kb)
    assert len(data["meta_issues"]) == 1
    issue: dict[str, Any] = data["meta_issues"][0]
    return issue


def codes(kb: KnowledgeBase) -> list[str]:
    return [d.code for d in kb.all_diagnostics]


def metric(issue: MetaIssue, name: str):  # type: ignore[no-untyped-def]
    found = [m for m in issue.metrics if m.name == name]
    assert found, f"no metric {name!r}; have {[m.name for m in issue.metrics]}"
    return found[0]


# --- the seed ---------------------------------------------------------------------------------

SEED_METRICS = [
    "Avg response time",
    "P95 response time",
    "Memory usage",
    "CPU usage",
    "Successful requests",
    "Failed requests",
]


@pytest.fixture(scope="module")
def seed_kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    root = tmp_path_factory.mktemp("seed") / "kb"
    (root / "perf-saga").mkdir(parents=True)
    shutil.copyfile(seed_path(), root / "perf-saga" / "README.md")
    return read_knowledge_base(root)


@pytest.fixture(scope="module")
def seed(seed_kb: KnowledgeBase) -> dict[str, Any]:
    return only_issue(seed_kb)


def test_seed_identity(seed: dict[str, Any]) -> None:
    assert seed["id"] == "perf-saga"
    assert seed["title"] == "Performance Optimization Saga"
    assert seed["status"] == "resolved"
    assert seed["last_updated"] == "2024-10-12"


def test_seed_versions(seed: dict[str, Any]) -> None:
    versions = seed["versions"]
    assert [v["number"] for v in versions] == [1, 2, 3]
    assert [v["result"] for v in versions] == ["failed", "partial", "success"]
    assert [v["tests"] for v in versions] == [[1], [2], [3]]
    assert [v["date"] for v in versions] == ["2024-09-01", "2024-09-15", "2024-10-01"]
    assert [v["title"] for v in versions] == [
        "Initial Hypothesis",
        "Refined Hypothesis",
        "Final Understanding",
    ]
    assert versions[0]["theory"] == "Inefficient data processing algorithm"
    assert versions[0]["evidence"] == [
        "High CPU usage observed",
        "Complex data transformations in code",
        "Assumed computation was bottleneck",
    ]
    assert versions[0]["learning"] == "CPU high due to connection overhead, not processing"


def test_seed_attempts(seed: dict[str, Any]) -> None:
    attempts = seed["attempts"]
    assert [a["number"] for a in attempts] == [0, 1, 2, 3]
    assert [a["result"] for a in attempts] == ["baseline", "failed", "partial", "success"]
    assert [a["versions"] for a in attempts] == [[], [1], [2], [3]]
    assert [a["title"] for a in attempts] == [
        "Baseline",
        "Caching",
        "Query Optimization",
        "Connection Pooling + Async",
    ]
    assert all(a["source"] is None for a in attempts)


def test_seed_all_metrics_for_every_attempt(seed: dict[str, Any]) -> None:
    assert [m["name"] for m in seed["metrics"]] == SEED_METRICS
    units = {m["name"]: m["unit"] for m in seed["metrics"]}
    for attempt in seed["attempts"]:
        assert sorted(attempt["metrics"]) == sorted(SEED_METRICS), attempt["number"]
        for name, measured in attempt["metrics"].items():
            assert measured["unit"] == units[name]
            assert isinstance(measured["value"], (int, float))
    baseline = seed["attempts"][0]["metrics"]
    assert baseline["Avg response time"] == {"value": 5200, "unit": "ms"}
    assert baseline["CPU usage"] == {"value": 100, "unit": "%"}
    assert seed["attempts"][3]["metrics"]["Failed requests"] == {"value": 0, "unit": "%"}


def test_seed_memory_in_one_unit(seed: dict[str, Any]) -> None:
    values = [a["metrics"]["Memory usage"]["value"] for a in seed["attempts"]]
    unit = seed["attempts"][0]["metrics"]["Memory usage"]["unit"]
    assert unit in ("GB", "MB")
    assert values[3] / values[0] == pytest.approx(280 / 4200, abs=1e-9)
    assert convert(values[0], unit, "MB") == pytest.approx(4200)


def test_seed_targets(seed: dict[str, Any]) -> None:
    metrics = {m["name"]: m for m in seed["metrics"]}
    memory = metrics["Memory usage"]["target"]
    assert memory["op"] == "<"
    assert convert(memory["value"], memory["unit"], "MB") == pytest.approx(512)
    assert memory["unit"] == metrics["Memory usage"]["unit"]
    assert metrics["CPU usage"]["target"] == {"op": "<", "value": 40, "unit": "%"}
    assert metrics["Memory usage"]["better"] == "lower"
    assert metrics["Successful requests"]["better"] == "higher"


def test_seed_insights(seed: dict[str, Any]) -> None:
    assert [i["title"] for i in seed["insights"]] == [
        "Symptoms Can Mislead",
        "Partial Solutions Can Compound",
        "Production Load ≠ Unit Tests",
        "Document Evolution",
    ]
    assert seed["insights"][0]["lesson"] == "Measure, don't assume. Profile before optimizing."
    assert all(i["lesson"] for i in seed["insights"])


def test_seed_has_no_diagnostics(seed_kb: KnowledgeBase) -> None:
    assert seed_kb.all_diagnostics == []


def test_seed_model_details(seed_kb: KnowledgeBase) -> None:
    issue = seed_kb.issues[0]
    assert issue.current is not None and issue.current.version == 3
    assert len(issue.current.root_causes) == 4
    assert [g.kind for g in issue.guidance] == ["do"] * 4 + ["dont"] * 3
    assert [r.target for r in issue.related] == [
        "./test-cases.md",
        "./implementation-log.md",
        "./attempts/",
    ]
    # The baseline's Impact Analysis value is read from its code block line.
    avg = metric(issue, "Avg response time")
    assert avg.values[0].location.path == "perf-saga/README.md"
    assert avg.values[0].location.line == 146


def test_seed_ambiguous_target_is_kept_not_guessed(seed_kb: KnowledgeBase) -> None:
    # "Response time" is contained in two metric names: assigning it to either would be a
    # guess, so it is kept as a stated target (the overview lists it) and assigned to neither.
    issue = seed_kb.issues[0]
    assert metric(issue, "Avg response time").target is None
    assert metric(issue, "P95 response time").target is None
    assert [(t.label, t.op, t.value, t.unit) for t in issue.unmatched_targets] == [
        ("Response time", "<", 1.0, "s")
    ]
    assert seed_kb.all_diagnostics == []


def test_target_naming_no_metric_is_a_diagnostic_not_page_text(tmp_path: Path) -> None:
    # Issue 15: the author hears about it (a warning, shown by lint); the reader's page does
    # not carry the target as if it applied to something.
    kb = kb_with_readme(
        tmp_path,
        "# T\n\n- Widgets: 5 (target: <3)\n\n## Impact Analysis\n\n"
        "### Before (Attempt 000 - Baseline)\n\n```\n- Latency: 5ms\n```\n",
    )
    codes = [(d.level, d.code, str(d.location)) for d in kb.all_diagnostics]
    assert codes == [("warning", "TARGET_UNMATCHED", "case/README.md:3")]
    assert kb.issues[0].unmatched_targets == []


# --- goldens ----------------------------------------------------------------------------------


def _cases() -> list[tuple[str, Path, str | None]]:
    """(golden name, source folder, issue id or None for the whole folder)."""
    found: list[tuple[str, Path, str | None]] = [
        (d.name, d, None) for d in sorted(VARIANTS.iterdir()) if d.is_dir()]
    if SAMPLES.is_dir():
        found += [
            (f"sample-{d.name}", SAMPLES, d.name)
            for d in sorted(SAMPLES.iterdir())
            if d.is_dir() and not d.name.startswith((".", "_"))
        ]
    return found


CASES = _cases()


def snapshot(source: Path, issue_id: str | None) -> dict[str, Any]:
    kb = read_knowledge_base(source)
    if issue_id is not None:
        kb = KnowledgeBase([i for i in kb.issues if i.id == issue_id], [])
    return {
        "export": export_data(kb),
        "diagnostics": [d.format() for d in kb.all_diagnostics],
    }


def dump(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def check_golden(name: str, data: dict[str, Any]) -> None:
    path = GOLDEN / f"{name}.json"
    text = dump(data)
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.is_file(), f"{path} missing; run with UPDATE_GOLDEN=1 to create it"
    expected = path.read_text(encoding="utf-8")
    if expected != text:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                text.splitlines(keepends=True),
                fromfile=f"golden/{name}.json",
                tofile="parsed",
                n=2,
            )
        )
        pytest.fail(
            f"export differs from golden {name}.json (UPDATE_GOLDEN=1 to accept):\n{diff}",
            pytrace=False,
        )


@pytest.mark.parametrize(("name", "source", "issue_id"), CASES, ids=[c[0] for c in CASES])
def test_golden(name: str, source: Path, issue_id: str | None) -> None:
    check_golden(name, snapshot(source, issue_id))


def test_every_variant_has_a_golden() -> None:
    if os.environ.get("UPDATE_GOLDEN") == "1":
        pytest.skip("updating")
    names = {c[0] for c in CASES}
    assert {p.stem for p in GOLDEN.glob("*.json")} == names
    assert {
        "two-versions",
        "five-versions-open",
        "metric-table",
        "approximations",
        "crlf-bom",
        "unknown-result",
        "front-matter",
    } <= names


def _copy_variant(case: str, dest: Path) -> Path:
    shutil.copytree(VARIANTS / case, dest)
    return dest


def test_crlf_bom_parses_like_lf(tmp_path: Path) -> None:
    lf = read_knowledge_base(VARIANTS / "crlf-bom")
    root = _copy_variant("crlf-bom", tmp_path / "crlf")
    readmes = list(root.glob("*/README.md"))
    assert readmes
    for readme in readmes:
        text = readme.read_bytes()
        assert b"\r" not in text
        readme.write_bytes(b"\xef\xbb\xbf" + text.replace(b"\n", b"\r\n"))
    crlf = read_knowledge_base(root)
    assert export_data(crlf) == export_data(lf)
    assert [d.format() for d in crlf.all_diagnostics] == [d.format() for d in lf.all_diagnostics]
    lf_issue, crlf_issue = lf.issues[0], crlf.issues[0]
    assert crlf_issue.title == "Disk Usage Alerts"
    assert [v.location.line for v in crlf_issue.versions] == [
        v.location.line for v in lf_issue.versions
    ]
    lines = [(m.name, n, v.location.line) for m in crlf_issue.metrics for n, v in m.values.items()]
    assert lines == [
        (m.name, n, v.location.line) for m in lf_issue.metrics for n, v in m.values.items()
    ]


def test_crlf_bom_diagnostic_lines_match_lf(tmp_path: Path) -> None:
    """With a problem in the file, CRLF + BOM reports it on the same line as LF."""
    text = (VARIANTS / "crlf-bom" / "disk-usage-alerts" / "README.md").read_text("utf-8")
    broken = text.replace("**Result:** ✅ Success - disk usage stable", "**Result:** Meh")
    broken = broken.replace("- Disk usage: 41%", "- Disk usage: fast")
    assert broken != text
    lf = kb_with_readme(tmp_path / "lf", broken)
    crlf = kb_with_readme(
        tmp_path / "crlf", b"\xef\xbb\xbf" + broken.replace("\n", "\r\n").encode("utf-8")
    )
    lf_lines = [(d.code, d.location.line) for d in lf.all_diagnostics]
    assert ("UNKNOWN_RESULT", 21) in lf_lines
    assert ("METRIC_UNPARSEABLE", 34) in lf_lines
    assert [(d.code, d.location.line) for d in crlf.all_diagnostics] == lf_lines


def test_lone_cr_line_ends_parse_like_lf(tmp_path: Path) -> None:
    text = (VARIANTS / "crlf-bom" / "disk-usage-alerts" / "README.md").read_bytes()
    lf = kb_with_readme(tmp_path / "lf", text, "disk-usage-alerts")
    cr = kb_with_readme(tmp_path / "cr", text.replace(b"\n", b"\r"), "disk-usage-alerts")
    assert export_data(cr) == export_data(lf)
    assert only_issue(cr)["versions"][0]["result"] == "success"


def test_file_of_a_lone_cr_is_empty(tmp_path: Path) -> None:
    kb = kb_with_readme(tmp_path, b"\r")
    assert [(d.level, d.code, str(d.location)) for d in kb.all_diagnostics] == [
        ("warning", "EMPTY_FILE", "case/README.md:1")
    ]
    assert only_issue(kb)["versions"] == []


# --- targeted variations ----------------------------------------------------------------------


def variant(case: str) -> KnowledgeBase:
    return read_knowledge_base(VARIANTS / case)


def test_two_versions_words_not_emoji() -> None:
    kb = variant("two-versions")
    issue = kb.issues[0]
    assert [v.result for v in issue.versions] == [Result.FAILED, Result.SUCCESS]
    assert issue.status == "resolved"
    build = metric(issue, "Build time")
    assert build.unit == "min"
    assert [build.values[n].value for n in (0, 1, 2)] == [41, 39, 12]
    assert build.target is not None and (build.target.op, build.target.value) == ("<", 15)
    size = metric(issue, "Artifact size")
    # 1.2GB and 640MB land in one unit.
    assert convert(size.values[2].value, size.unit, "MB") == pytest.approx(640)
    assert convert(size.values[0].value, size.unit, "MB") == pytest.approx(1200)
    assert size.target is not None
    assert convert(size.target.value, size.target.unit, "MB") == pytest.approx(1000)
    assert metric(issue, "Cache hit rate").better == "higher"
    assert kb.all_diagnostics == []


def test_five_versions_open() -> None:
    kb = variant("five-versions-open")
    issue = kb.issues[0]
    data = only_issue(kb)
    assert data["title"] == "Flaky Login End-to-End Tests"
    assert data["status"] == "open"
    assert [v["number"] for v in data["versions"]] == [1, 2, 3, 4, 5]
    v3 = data["versions"][2]
    assert (v3["date"], v3["title"], v3["tests"]) == ("2025-03-02", "Test Order Dependence", [3, 4])
    assert data["versions"][4]["result"] == "in_progress"
    assert [a["number"] for a in data["attempts"]] == [0, 1, 2, 3, 4, 5, 6]
    attempt4 = issue.attempt(4)
    assert attempt4 is not None and attempt4.title == "Fixture Reset"
    assert attempt4.versions == [3]
    assert metric(issue, "Failure rate").values[4].value == 9
    assert all(a["source"] is None for a in data["attempts"])
    # Attempts known only from a Test line carry its text as title.
    attempt1 = issue.attempt(1)
    assert attempt1 is not None and attempt1.title == "Double every timeout"
    assert {d.level for d in kb.all_diagnostics} <= {"warning", "info"}


def test_metric_table() -> None:
    kb = variant("metric-table")
    issue = kb.issues[0]
    assert [a.title for a in issue.attempts] == ["Baseline", "Batching", "Compression"]
    throughput = metric(issue, "Throughput")
    assert throughput.unit == "msg/s"
    assert {n: m.value for n, m in throughput.values.items()} == {0: 1310, 1: 1850, 2: 2640}
    assert throughput.better == "higher"
    assert throughput.target is not None
    assert (throughput.target.op, throughput.target.value) == (">", 2000)
    latency = metric(issue, "Publish latency")
    assert {n: m.value for n, m in latency.values.items()} == {0: 48, 1: 26, 2: 14}
    assert latency.better == "lower" and latency.unit == "ms"
    cpu = metric(issue, "Broker CPU")
    assert {n: m.value for n, m in cpu.values.items()} == {0: 85, 1: 71, 2: 52}
    # Each value points at its own table row.
    assert [latency.values[n].location.line for n in (0, 1, 2)] == [39, 39, 39]
    assert throughput.values[0].location.line == 38
    assert kb.all_diagnostics == []


def test_approximations() -> None:
    kb = variant("approximations")
    issue = kb.issues[0]
    cold = metric(issue, "Cold start")
    q0: Quantity = cold.values[0].quantity
    assert (q0.bound, q0.approximate, q0.value, q0.unit) == ("at_least", True, 5, "s")
    assert cold.values[1].quantity.approximate
    assert convert(cold.values[2].value, cold.unit, "ms") == pytest.approx(800)
    warm = metric(issue, "Warm invocation")
    w0 = warm.values[0].quantity
    assert (w0.low, w0.high, w0.approximate, w0.is_range) == (50, 100, True, True)
    init = metric(issue, "Init duration")
    assert {n: convert(m.value, init.unit, "ms") for n, m in init.values.items()} == {
        0: pytest.approx(4200),
        1: pytest.approx(1500),
        2: pytest.approx(620),
    }
    error = metric(issue, "Error rate")
    assert sorted(error.values) == [2]  # N/A gives no value …
    assert metric(issue, "Prediction score").unit == ""
    assert kb.all_diagnostics == []  # … and no diagnostic


def test_unknown_result_warning() -> None:
    kb = variant("unknown-result")
    found = [d for d in kb.all_diagnostics if d.code == "UNKNOWN_RESULT"]
    assert len(found) == 1
    assert found[0].level == "warning"
    assert found[0].format() == (
        "image-resize-errors/README.md:17: UNKNOWN_RESULT: Version 1 result 'Meh - unclear, "
        "errors dropped on one day and came back the next' is not a result; expected "
        "✅ Success, ⚠️ Partial, ❌ Failed or 🔄 In progress"
    )
    assert kb.issues[0].version(1).result is Result.UNKNOWN  # type: ignore[union-attr]


def test_duplicate_version_error() -> None:
    kb = variant("unknown-result")
    found = [d for d in kb.all_diagnostics if d.code == "DUPLICATE_VERSION"]
    assert [(d.level, str(d.location)) for d in found] == [
        ("error", "image-resize-errors/README.md:27")
    ]
    issue = kb.issues[0]
    assert [v.number for v in issue.versions] == [1, 2]
    assert issue.version(2).title == "Memory Limit"  # type: ignore[union-attr]


def test_unparseable_metric() -> None:
    kb = variant("unknown-result")
    found = [d for d in kb.all_diagnostics if d.code == "METRIC_UNPARSEABLE"]
    assert [(d.level, str(d.location)) for d in found] == [
        ("warning", "image-resize-errors/README.md:41")
    ]
    assert "fast" in found[0].message
    latency = metric(kb.issues[0], "Latency")
    assert sorted(latency.values) == [2]


def test_front_matter_variant() -> None:
    kb = variant("front-matter")
    issue = kb.issues[0]
    assert issue.title == "Report Export Timeouts"
    assert issue.tags == ["reports", "export", "timeouts"]
    assert issue.last_updated == "2025-05-02"
    a1 = issue.attempt(1)
    assert a1 is not None
    assert (a1.title, a1.result, a1.versions, a1.date) == (
        "Materialised view",
        Result.FAILED,
        [1],
        "2025-04-16",
    )
    assert a1.source == "report-export-timeouts/attempts/001-materialised-view.md"
    memory = metric(issue, "Peak memory")
    assert convert(memory.values[2].value, memory.unit, "MB") == pytest.approx(140)
    export_time = metric(issue, "Export time")
    assert export_time.target is not None and export_time.target.value == 30


def test_bad_yaml_front_matter() -> None:
    kb = variant("front-matter")
    found = [d for d in kb.all_diagnostics if d.code == "YAML_SYNTAX"]
    assert len(found) == 1
    d = found[0]
    assert d.level == "error"
    assert (d.location.path, d.location.line, d.location.column) == (
        "report-export-timeouts/attempts/003-broken-front-matter.md",
        2,
        11,
    )
    # The broken attempt is still listed, with its file.
    a3 = kb.issues[0].attempt(3)
    assert a3 is not None and a3.source is not None and a3.result is Result.UNKNOWN


def test_bad_yaml_in_readme(tmp_path: Path) -> None:
    kb = kb_with_readme(tmp_path, "---\ntitle: Foo: bar\n---\n# Real Title\n")
    assert [str(d.location) for d in kb.all_diagnostics if d.code == "YAML_SYNTAX"] == [
        "case/README.md:2:11"
    ]
    assert kb.issues[0].title == "Real Title"


def test_open_investigation(tmp_path: Path) -> None:
    kb = kb_with_readme(
        tmp_path,
        (
            "# Living Description: Open One\n\n"
            "### Version 1 (2024-01-01) - First\n\n**Result:** ✅ Success\n\n"
            "### Version 2 (2024-02-01) - Second\n\n**Result:** 🔄 In progress\n"
        ),
    )
    data = only_issue(kb)
    assert data["title"] == "Open One"
    assert data["status"] == "open"
    assert [v["result"] for v in data["versions"]] == ["success", "in_progress"]


def test_no_versions_is_open(tmp_path: Path) -> None:
    kb = kb_with_readme(tmp_path, "# Just a title\n")
    assert only_issue(kb)["status"] == "open"


def test_missing_readme_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "kb" / "empty").mkdir(parents=True)
    kb = read_knowledge_base(tmp_path / "kb")
    assert [(d.level, d.code, str(d.location)) for d in kb.all_diagnostics] == [
        ("error", "MISSING_README", "empty/README.md:1")
    ]


def test_words_results_in_readme(tmp_path: Path) -> None:
    kb = kb_with_readme(
        tmp_path,
        (
            "# T\n\n"
            "### Version 1 - A\n\n**Result:** Partially worked\n\n"
            "### Version 2 - B\n\n**Result:** In progress\n\n"
            "### Version 3 - C\n\n**Result:** Failed\n"
        ),
    )
    assert [v["result"] for v in only_issue(kb)["versions"]] == ["partial", "in_progress", "failed"]


def test_unit_mismatch_is_reported(tmp_path: Path) -> None:
    kb = kb_with_readme(
        tmp_path,
        (
            "# T\n\n## Impact Analysis\n\n### Before (Attempt 000 - Baseline)\n\n"
            "```\n- Latency: 5ms\n```\n\n### After Attempt 001 (x)\n\n```\n- Latency: 5GB\n```\n"
        ),
    )
    found = [d for d in kb.all_diagnostics if d.code == "UNIT_MISMATCH"]
    assert [str(d.location) for d in found] == ["case/README.md:14"]
    assert sorted(metric(kb.issues[0], "Latency").values) == [0]


def test_overflow_on_conversion_is_reported(tmp_path: Path) -> None:
    kb = kb_with_readme(
        tmp_path,
        (
            "# T\n\n## Impact Analysis\n\n### Before (Attempt 000 - Baseline)\n\n"
            "```\n- Size: 1 B\n```\n\n### After Attempt 001 (x)\n\n```\n- Size: 1e308 TB\n```\n\n"
            "### After Attempt 002 (y)\n\n```\n- Size: 2 B\n```\n"
        ),
    )
    values = [m["value"] for a in only_issue(kb)["attempts"] for m in a["metrics"].values()]
    assert all(isinstance(v, (int, float)) for v in values)
    assert [d.code for d in kb.all_diagnostics] == ["METRIC_NOT_FINITE"]


# --- diagnostics are data ---------------------------------------------------------------------


def all_sources() -> list[Path]:
    return [VARIANTS / c for c in sorted(os.listdir(VARIANTS)) if (VARIANTS / c).is_dir()] + [
        SAMPLES
    ]


@pytest.mark.parametrize("source", all_sources(), ids=lambda p: p.name)
def test_diagnostics_are_data(source: Path) -> None:
    kb = read_knowledge_base(source)
    folders = {p.name for p in source.iterdir() if p.is_dir()}
    for d in kb.all_diagnostics:
        assert isinstance(d, Diagnostic)
        assert d.level in ("error", "warning", "info")
        assert d.location.line >= 1
        assert d.location.column is None or d.location.column >= 1
        assert not d.location.path.startswith("/")
        assert "\\" not in d.location.path
        assert d.location.path.split("/")[0] in folders
        assert (source / d.location.path).exists()
        assert d.code.isupper() and d.message


def test_parse_meta_issue_directly() -> None:
    folder = VARIANTS / "metric-table" / "queue-throughput"
    issue = read_issue(folder)
    assert isinstance(issue, MetaIssue)
    assert issue.id == "queue-throughput"
    assert issue.readme is not None and issue.readme.path == "queue-throughput/README.md"

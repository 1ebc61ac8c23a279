"""Reading other teams' writing (issue 15): each recogniser, table-driven, in the hands five
different teams would write the same thing in. Whole investigations in other hands are the
corpus (tests/test_corpus.py); these pin each way of writing one fact.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from meta_issues.model import KnowledgeBase, MetaIssue, Metric, Result
from meta_issues.options import DEFAULT_ATTEMPT_WORDS, OptionError, check, parse
from meta_issues.site.export import export_data
from meta_issues.site.values import change
from meta_issues.source import ReadingSettings, read_knowledge_base
from meta_issues.source.dates import find_date, folder_date_order, without_date
from meta_issues.source.names import Abbreviations, name_key
from meta_issues.source.recognisers import parse_result
from meta_issues.source.references import attempt_words

WORDS = attempt_words(DEFAULT_ATTEMPT_WORDS)


def read(tmp_path: Path, files: dict[str, str], words: tuple[str, ...] | None = None
         ) -> KnowledgeBase:
    root = tmp_path / "kb"
    for name, text in files.items():
        path = root / "case" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    settings = ReadingSettings(words) if words else ReadingSettings()
    return read_knowledge_base(root, settings)


def issue_of(kb: KnowledgeBase) -> MetaIssue:
    assert len(kb.issues) == 1
    return kb.issues[0]


def metric(issue: MetaIssue, name: str) -> Metric:
    found = [m for m in issue.metrics if m.name.casefold() == name.casefold()]
    assert found, f"no metric {name!r}; have {[m.name for m in issue.metrics]}"
    return found[0]


def codes(kb: KnowledgeBase) -> list[tuple[str, str]]:
    return [(d.code, str(d.location)) for d in kb.all_diagnostics if d.level != "info"]


# --- dates --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("written", "iso"), [
    ("2025-01-13", "2025-01-13"),
    ("January 13, 2025", "2025-01-13"),
    ("Jan 20, 2025", "2025-01-20"),
    ("Jan. 20 2025", "2025-01-20"),
    ("20 January 2025", "2025-01-20"),
    ("20th Jan 2025", "2025-01-20"),
    ("26.01.2025", "2025-01-26"),
    ("18. März 2025", "2025-03-18"),
    ("Montag, 20. Januar 2025", "2025-01-20"),
    ("17/02/2025", "2025-02-17"),
    ("02/17/2025", "2025-02-17"),
    ("2024/10/12", "2024-10-12"),
    ("Tue, Mar 4, 2025", "2025-03-04"),
    ("3 mars 2025", "2025-03-03"),
])
def test_dates_in_every_common_form(written: str, iso: str) -> None:
    found = find_date(f"deployed {written} at noon")
    assert found is not None and found.iso == iso and found.written.endswith(written[-4:])


def test_a_date_whose_day_and_month_could_swap_follows_the_folder() -> None:
    assert find_date("02/03/2025") is not None and find_date("02/03/2025").ambiguous  # type: ignore[union-attr]
    assert folder_date_order(["shipped 17/02/2025, reverted 02/03/2025"]) == "dmy"
    assert folder_date_order(["shipped 02/17/2025"]) == "mdy"
    assert folder_date_order(["17.02.2025"]) == "dmy"
    assert folder_date_order(["17/02/2025 and 02/17/2025"]) is None  # it disagrees with itself
    assert find_date("02/03/2025", "dmy").iso == "2025-03-02"  # type: ignore[union-attr]
    assert find_date("02/03/2025", "mdy").iso == "2025-02-03"  # type: ignore[union-attr]
    assert find_date("31/31/2025") is None


@pytest.mark.parametrize(("heading", "title"), [
    (" — January 13, 2025: Partition skew", "Partition skew"),
    (" (Jan 20, 2025) - Partition skew", "Partition skew"),
    (": Partition skew (20 January 2025)", "Partition skew"),
    (" · 26.01.2025 · Partition skew", "Partition skew"),
    (" – Partition skew – 2025-01-26", "Partition skew"),
])
def test_no_date_debris_is_left_in_a_title(heading: str, title: str) -> None:
    assert without_date(heading, find_date(heading)) == title


# --- attempts: words, references, tests and mentions ----------------------------------------------

@pytest.mark.parametrize(("text", "refs"), [
    ("Attempt 001 - Add caching", [1]),
    ("Attempts 3 and 4", [3, 4]),
    ("Mitigation 3", [3]),
    ("Experiment #2, Experiment 5", [2, 5]),
    ("attempts 1–4", [1, 2, 3, 4]),
    ("Fix 1 and Fix 2", [1, 2]),
    ("Run 4 with a warm cache", [4]),
    ("we shipped a fix 2 days later", []),
    ("run 3 times on staging", []),
    ("Attempt 12.5% faster", []),
])
def test_attempt_references_in_five_hands(text: str, refs: list[int]) -> None:
    assert WORDS.refs(text) == refs


@pytest.mark.parametrize(("test_line", "tested"), [
    ("Attempt 003 (the CLS fix from Attempt 002)", [3]),
    ("Attempt 4, on top of Attempt 2's pool", [4]),
    ("Mitigation 2 compared to Mitigation 1", [2]),
    ("Attempt 5 (rerun of Attempt 4 with more memory)", [5]),
    ("the CLS fix from Attempt 002", [2]),  # only a mention: it is what was tested
    ("Attempts 3 and 4 (both with the new index)", [3, 4]),
])
def test_a_test_line_names_what_was_tested_not_what_it_mentions(test_line: str,
                                                                  tested: list[int]) -> None:
    assert WORDS.tested(test_line) == tested


def test_attempt_words_are_the_projects(tmp_path: Path) -> None:
    readme = ("# T\n\n## Evolution of Understanding\n\n### Version 1 (2025-01-13) - Skew\n\n"
              "**Test:** Iteration 1\n**Result:** ✅ Success\n\n## Impact Analysis\n\n"
              "### Before (Iteration 0)\n\n- Dauer: 40 min\n\n### After Iteration 1\n\n"
              "- Dauer: 12 min\n")
    default = issue_of(read(tmp_path / "a", {"README.md": readme}))
    theirs = issue_of(read(tmp_path / "b", {"README.md": readme}, ("Attempt", "Iteration")))
    assert [a.number for a in theirs.attempts] == [0, 1]
    assert theirs.versions[0].tests == [1]
    assert {n: m.value for n, m in metric(theirs, "Dauer").values.items()} == {0: 40, 1: 12}
    assert [a.number for a in default.attempts] == [0]  # "Iteration 1" is no attempt of theirs


@pytest.mark.parametrize("name", ["02-mitigation-2.md", "mitigation-2.md", "Mitigation 2.md",
                                  "002-rate-limit.md", "fix_2.md"])
def test_attempt_file_names_in_five_hands(tmp_path: Path, name: str) -> None:
    kb = read(tmp_path, {"README.md": "# T\n", f"attempts/{name}":
                         "# Mitigation 2: Rate limit\n\n**Result:** ✅ Success\n"})
    attempts = issue_of(kb).attempts
    assert [(a.number, a.title) for a in attempts] == [(2, "Rate limit")]


@pytest.mark.parametrize(("heading", "title"), [
    ("# Attempt 004: Bigger pool", "Bigger pool"),
    ("# 000 baseline (r2)", "baseline (r2)"),
    ("# Experiment 4 — Bigger pool", "Bigger pool"),
    ("# Bigger pool", "Bigger pool"),
    ("# #4 Bigger pool", "Bigger pool"),
])
def test_attempt_file_titles_lose_their_number(tmp_path: Path, heading: str, title: str) -> None:
    kb = read(tmp_path, {"README.md": "# T\n", "attempts/004-x.md": f"{heading}\n\nText.\n"})
    assert [a.title for a in issue_of(kb).attempts if a.number in (0, 4)] == [title]


# --- outcomes -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "result"), [
    ("Reverted after two days", Result.FAILED),
    ("rolled back", Result.FAILED),
    ("Won't do", Result.FAILED),
    ("abandoned", Result.FAILED),
    ("superseded by Attempt 4", Result.PARTIAL),
    ("Done", Result.SUCCESS),
    ("fixed", Result.SUCCESS),
    ("OK", Result.SUCCESS),
    ("not fixed", Result.FAILED),
    ("didn't work", Result.FAILED),
    ("erfolgreich", Result.SUCCESS),
    ("fehlgeschlagen", Result.FAILED),
    ("Meh - errors dropped on one day and came back", None),
])
def test_outcome_words(text: str, result: Result | None) -> None:
    assert parse_result(text) is result


# --- structure words ------------------------------------------------------------------------------

@pytest.mark.parametrize("heading", ["## Where we are now (v3)", "## Current state (v3)",
                                     "## Status (v3)", "## Summary (v3)", "## TL;DR (v3)",
                                     "## 📌 Current Understanding (v3)"])
def test_current_understanding_headings(tmp_path: Path, heading: str) -> None:
    readme = (f"# T\n\n{heading}\n\nPartition skew starves one worker.\n\n**Root causes:**\n\n"
              "- Skewed keys\n- One hot partition\n")
    current = issue_of(read(tmp_path, {"README.md": readme})).current
    assert current is not None and current.version == 3
    assert current.summary == "Partition skew starves one worker."
    assert current.root_causes == ["Skewed keys", "One hot partition"]


def test_a_postmortem_root_cause_section_gives_the_root_causes(tmp_path: Path) -> None:
    readme = ("# Outage\n\n## Summary\n\nA bad deploy exposed tokens.\n\n## Root cause\n\n"
              "The logger printed headers.\n\n## Lessons learned\n\n### What went well\n\n"
              "- Paging worked\n\n### What went wrong\n\n- Slow rollback\n\n"
              "### 1. Redact at the source\n\nLogs must never carry headers.\n")
    issue = issue_of(read(tmp_path, {"README.md": readme}))
    assert issue.current is not None and issue.current.root_causes == [
        "The logger printed headers."]
    assert [(i.number, i.title) for i in issue.insights] == [(1, "Redact at the source")]


@pytest.mark.parametrize(("heading", "number", "title"), [
    ("### Insight 2: Measure first", 2, "Measure first"),
    ("### 2. Measure first", 2, "Measure first"),
    ("### Erkenntnis 2: Erst messen", 2, "Erst messen"),
    ("### Lesson #2 — Measure first", 2, "Measure first"),
    ("### 💡 Measure first", None, "Measure first"),
])
def test_insight_titles_with_a_prefix(tmp_path: Path, heading: str, number: int | None,
                                      title: str) -> None:
    readme = f"# T\n\n## Key Insights\n\n{heading}\n\n**Lesson:** Profile.\n"
    insights = issue_of(read(tmp_path, {"README.md": readme})).insights
    assert [(i.number, i.title, i.lesson) for i in insights] == [(number, title, "Profile.")]


def test_plain_evidence_and_validation_labels_take_the_list_below(tmp_path: Path) -> None:
    readme = ("# T\n\n## Evolution\n\n### Version 1 (2025-01-13) - Skew\n\nTheory: Skew\n\n"
              "Evidence:\n\n- one hot key\n- a slow worker\n\nValidation:\n\n- rerun\n\n"
              "Test: Attempt 1\nResult: ✅ Success\n")
    version = issue_of(read(tmp_path, {"README.md": readme})).versions[0]
    assert version.evidence == ["one hot key", "a slow worker"]
    assert version.validation == ["rerun"]
    assert (version.tests, version.result) == ([1], Result.SUCCESS)


def test_impact_of_an_attempt_as_a_version_title_is_a_version(tmp_path: Path) -> None:
    # Issue 19: the version heading names an attempt, but it is not that attempt's metrics.
    readme = ("# T\n\n## Evolution\n\n### Version 2 (2025-01-20) - Impact of Attempt 001 on the "
              "pool\n\n**Theory:** x\n**Test:** Attempt 002\n**Result:** ✅ Success\n\n"
              "- Pool size: 40\n\n## Impact Analysis\n\n### Before (Attempt 000 - Baseline)\n\n"
              "- Latency: 900ms\n\n### After Attempt 002 (Pool)\n\n- Latency: 90ms\n")
    issue = issue_of(read(tmp_path, {"README.md": readme}))
    assert [m.name for m in issue.metrics] == ["Latency"]
    assert issue.versions[0].title == "Impact of Attempt 001 on the pool"
    assert 1 not in {a.number for a in issue.attempts}


# --- direction ------------------------------------------------------------------------------------

def _impact(lines: str) -> str:
    return f"# T\n\n## Impact Analysis\n\n### Before (Attempt 000 - Baseline)\n\n{lines}\n"


@pytest.mark.parametrize(("name", "better"), [
    ("Restarts per week", "lower"),
    ("Affected accounts", "lower"),
    ("Exposed secrets", "lower"),
    ("OOM kills", "lower"),
    ("S3 PUT requests", "lower"),
    ("Retries", "lower"),
    ("Monthly cost", "lower"),
    ("Throughput", "higher"),
    ("Success rate", "higher"),
    ("MFU", "higher"),
    ("Cache hit rate", "higher"),
    ("NDCG@10", "higher"),
    ("Widgets", None),
    ("Queue depth (lower is better)", "lower"),
    ("Widgets (higher is better)", "higher"),
])
def test_direction_from_the_name(tmp_path: Path, name: str, better: str | None) -> None:
    issue = issue_of(read(tmp_path, {"README.md": _impact(f"- {name}: 14")}))
    assert [(m.name, m.better) for m in issue.metrics] == [(name.split(" (")[0], better)]


def test_direction_from_the_authors_words_beside_the_values(tmp_path: Path) -> None:
    readme = _impact("- Widgets: 14\n- Gadgets: 10\n\n### After Attempt 001 (x)\n\n"
                     "- Widgets: 20 (worse)\n- Gadgets: 8 (2% improvement)")
    issue = issue_of(read(tmp_path, {"README.md": readme}))
    assert (metric(issue, "Widgets").better, metric(issue, "Gadgets").better) == ("lower",
                                                                                 "lower")


def test_direction_from_front_matter_and_target_operator(tmp_path: Path) -> None:
    readme = ("---\nbetter:\n  Widgets: higher\n---\n" + _impact(
        "- Widgets: 14\n- Gadgets: 3 (target: > 5)"))
    issue = issue_of(read(tmp_path, {"README.md": readme}))
    assert (metric(issue, "Widgets").better, metric(issue, "Gadgets").better) == ("higher",
                                                                                 "higher")


def test_an_unknown_direction_is_neutral_on_pages_and_null_in_the_export(tmp_path: Path) -> None:
    kb = read(tmp_path, {"README.md": _impact("- Widgets: 14\n\n### After Attempt 001 (x)\n\n"
                                              "- Widgets: 0")})
    widgets = metric(issue_of(kb), "Widgets")
    assert widgets.better is None
    assert change(widgets, 0, 14) == "-100% (changed)"
    assert export_data(kb)["meta_issues"][0]["metrics"][0]["better"] is None


def test_a_target_without_operator_and_direction_is_stated_not_judged(tmp_path: Path) -> None:
    kb = read(tmp_path, {"README.md": _impact("- Widgets: 14 (target: 10)")})
    issue = issue_of(kb)
    assert metric(issue, "Widgets").target is None
    assert [t.label for t in issue.unmatched_targets] == ["Widgets"]
    assert codes(kb) == [("TARGET_DIRECTION", "case/README.md:7")]


# --- targets --------------------------------------------------------------------------------------

_METRICS = ("### After Attempt 001 (x)\n\n- p95 latency: 180 ms\n- Error rate: 0.05%\n"
            "- Throughput: 61000 rows/s\n")


@pytest.mark.parametrize("targets", [
    "**Targets:**\n\n- p95 latency < 200 ms\n- Error rate ≤ 0.1%\n- Throughput ≥ 50000 rows/s\n",
    "Targets: p95 latency < 200 ms, error rate ≤ 0.1%, throughput ≥ 50000 rows/s\n",
    "## Targets\n\n- P95 Latency: < 200 ms\n- Error rates: at most 0.1%\n"
    "- Throughput: at least 50000 rows/s\n",
    "## Goals\n\n1. p95-latency below 200 ms\n2. error rate max 0.1%\n"
    "3. throughput over 50000 rows/s\n",
    "---\ntargets:\n  p95 latency: <200 ms\n  error rate: <=0.1%\n  throughput: '>=50000 rows/s'"
    "\n---\n",
])
def test_targets_in_five_hands(tmp_path: Path, targets: str) -> None:
    readme = (f"{targets}# T\n\n" if targets.startswith("---") else f"# T\n\n{targets}\n")
    readme += "## Impact Analysis\n\n" + _METRICS
    kb = read(tmp_path, {"README.md": readme})
    issue = issue_of(kb)
    found = {m.name: (m.target.op, m.target.value) for m in issue.metrics if m.target}
    assert found == {"p95 latency": ("<", 200), "Error rate": ("<=", 0.1),
                     "Throughput": (found["Throughput"][0], 50000)}
    assert found["Throughput"][0] in (">", ">=")
    assert codes(kb) == [] and issue.unmatched_targets == []


def test_a_target_column_and_an_abbreviation_the_document_defines(tmp_path: Path) -> None:
    readme = ("# T\n\nWe track Largest Contentful Paint (LCP), Cumulative Layout Shift (CLS) "
              "and INP (Interaction to Next Paint).\n\n## Impact Analysis\n\n"
              "| Metric | Baseline | Attempt 1 | Target |\n|---|---|---|---|\n"
              "| Largest Contentful Paint | 3.9 s | 2.1 s | ≤ 2.5 s |\n"
              "| CLS | 0.21 | 0.05 | < 0.1 |\n| Interaction to Next Paint | 350 ms | 180 ms | |\n"
              "\nTargets: inp < 200 ms\n")
    kb = read(tmp_path, {"README.md": readme})
    issue = issue_of(kb)
    lcp = metric(issue, "Largest Contentful Paint")
    assert lcp.target is not None and (lcp.target.op, lcp.target.value) == ("<=", 2.5)
    cls = metric(issue, "CLS")
    assert cls.target is not None and (cls.target.op, cls.target.value) == ("<", 0.1)
    inp = metric(issue, "Interaction to Next Paint")
    assert inp.target is not None and (inp.target.op, inp.target.value) == ("<", 200)
    assert codes(kb) == []


def test_a_target_that_matches_no_metric_is_a_diagnostic_only(tmp_path: Path) -> None:
    kb = read(tmp_path, {"README.md": "# T\n\n**Targets:** Restarts < 1\n\n## Impact Analysis"
                                      "\n\n" + _METRICS})
    assert codes(kb) == [("TARGET_UNMATCHED", "case/README.md:3")]
    assert issue_of(kb).unmatched_targets == []


@pytest.mark.parametrize(("one", "two"), [
    ("Restarts per week", "restarts per week"),
    ("P95-Latency", "p95 latency"),
    ("Affected accounts", "affected account"),
    ("`Error rate`", "Error rate"),
    ("Time to first byte", "time-to-first-byte"),
])
def test_one_metric_name_in_two_spellings(one: str, two: str) -> None:
    assert name_key(one) == name_key(two)


def test_abbreviations_the_document_spells_out() -> None:
    known = Abbreviations("Time to First Byte (TTFB), INP (Interaction to Next Paint) and "
                          "Model FLOPs Utilization (MFU).")
    assert "time to first byte" in known.forms("TTFB")
    assert "inp" in known.forms("Interaction to Next Paint")
    assert "mfu" in known.forms("Model FLOPs Utilization")
    assert known.forms("Widgets") == {"widget"}


# --- tables ---------------------------------------------------------------------------------------

def test_relative_changes_timelines_and_action_items_are_not_metric_data(tmp_path: Path) -> None:
    readme = ("# T\n\n## Impact Analysis\n\n| Metric | Attempt 0 | Attempt 1 |\n|---|---|---|\n"
              "| Latency | 900 ms | 90 ms |\n\n### Relative to baseline\n\n"
              "| Metric | Attempt 1 | Attempt 2 |\n|---|---|---|\n| Latency | -90% | -95% |\n\n"
              "## Timeline\n\n| Time | Event |\n|---|---|\n| 14:02 | Attempt 1 deployed |\n"
              "| 14:30 | Attempt 1 rolled back |\n\n## Action items\n\n"
              "| Action | Owner | Due |\n|---|---|---|\n"
              "| Fix 1: add alerts | sam | 2025-02-01 |\n\n"
              "| Attempt | Change | Latency | Δ vs baseline | Notes |\n|---|---|---|---|---|\n"
              "| Attempt 1 | Added a pool | 90 ms | −90% | fine |\n")
    kb = read(tmp_path, {"README.md": readme})
    issue = issue_of(kb)
    assert [(m.name, dict((n, v.value) for n, v in m.values.items())) for m in issue.metrics] == [
        ("Latency", {0: 900, 1: 90})]
    assert codes(kb) == []


def test_a_unit_column_gives_bare_numbers_their_unit(tmp_path: Path) -> None:
    readme = ("# T\n\n## Impact Analysis\n\n| Metric | Unit | Baseline | Mitigation 1 |\n"
              "|---|---|---|---|\n| Throughput | rows/s | 18450 | 61000 |\n")
    throughput = metric(issue_of(read(tmp_path, {"README.md": readme})), "Throughput")
    assert throughput.unit == "rows/s" and throughput.values[1].value == 61000


# --- front matter ---------------------------------------------------------------------------------

def test_postmortem_front_matter_is_metadata(tmp_path: Path) -> None:
    readme = ("---\nstatus: resolved\nowners: [sam, ana]\nseverity: SEV-2\nincident: INC-4711\n"
              "detected: 2025-01-13\nresolved: 17.01.2025\n---\n# Tokens in logs\n")
    kb = read(tmp_path, {"README.md": readme})
    issue = issue_of(kb)
    assert issue.status == "resolved" and issue.metadata.owners == ["sam", "ana"]
    assert (issue.metadata.severity, issue.metadata.incident) == ("SEV-2", "INC-4711")
    assert (issue.metadata.detected, issue.metadata.resolved) == ("2025-01-13", "2025-01-17")
    assert codes(kb) == []
    exported = export_data(kb)["meta_issues"][0]["metadata"]
    assert exported == {"status": "resolved", "owners": ["sam", "ana"], "severity": "SEV-2",
                        "incident": "INC-4711", "detected": "2025-01-13",
                        "resolved": "2025-01-17"}


@pytest.mark.parametrize(("front", "expected"), [
    ("statsu: resolved\n", [("UNKNOWN_KEY", "did you mean 'status'")]),
    ("owner: sam\n", [("UNKNOWN_KEY", "did you mean 'owners'")]),
    ("team: payments\n", [("UNKNOWN_KEY", "keep keys of your own under 'extra:'")]),
    ("extra:\n  team: payments\n", []),
    ("status: maybe\n", [("UNKNOWN_STATUS", "neither resolved nor open")]),
    ("detected: soon\n", [("FRONTMATTER_TYPE", "not a date")]),
    ("detected: 2025-02-01\nresolved: 2025-01-01\n", [("DATE_ORDER", "before detected")]),
])
def test_front_matter_keys_and_values_are_checked(tmp_path: Path, front: str,
                                                  expected: list[tuple[str, str]]) -> None:
    kb = read(tmp_path, {"README.md": f"---\n{front}---\n# T\n"})
    said = [(d.code, d.message) for d in kb.all_diagnostics if d.level != "info"]
    assert [code for code, _ in said] == [code for code, _ in expected]
    assert all(words in message for (_, message), (_, words) in zip(said, expected,
                                                                    strict=True))


def test_status_in_front_matter_wins_over_the_versions(tmp_path: Path) -> None:
    readme = ("---\nstatus: investigating\n---\n# T\n\n### Version 1 (2025-01-13) - x\n\n"
              "**Result:** ✅ Success\n")
    assert issue_of(read(tmp_path, {"README.md": readme})).status == "open"


# --- the option -----------------------------------------------------------------------------------

def test_attempt_words_option() -> None:
    assert parse({}).attempt_words == DEFAULT_ATTEMPT_WORDS
    assert parse({"attempt_words": ["Attempt", "Versuch", "versuch"]}).attempt_words == (
        "Attempt", "Versuch")
    assert check("attempt_words", ["Gegenmaßnahme"]) == ("Gegenmaßnahme",)
    for bad in ("Mitigation", ["Fix 1"], [], [3], ["a/b"]):
        with pytest.raises(OptionError) as raised:
            parse({"attempt_words": bad})
        assert raised.value.option == "attempt_words"



# --- versions and their fields in other hands -----------------------------------------------------

@pytest.mark.parametrize("heading", [
    "### Version 2 (2025-01-20) - Partition skew",
    "### v2 — 2025-01-20 — Partition skew",
    "### V2 (Jan 20, 2025): Partition skew",
    "### Status (v2) — January 20, 2025 — Partition skew",
    "### Hypothese v2 (20.01.2025): Partition skew",
    "### v.2 · 20.01.2025 · Partition skew",
    "### Version 2, 2025-01-20: Partition skew",
])
def test_version_headings_in_seven_hands(tmp_path: Path, heading: str) -> None:
    readme = f"# T\n\n## History\n\n{heading}\n\n**Result:** ✅ Success\n"
    versions = issue_of(read(tmp_path, {"README.md": readme})).versions
    assert [(v.number, v.date, v.title) for v in versions] == [
        (2, "2025-01-20", "Partition skew")]


def test_a_current_heading_that_names_a_version_is_not_a_version(tmp_path: Path) -> None:
    readme = ("# T\n\n## Aktueller Stand (v3) – Where we are now\n\nDie Insert-Größe.\n\n"
              "## Verlauf\n\n### Hypothese v3 (10.02.2025): Die Insert-Größe\n\n"
              "**Ergebnis:** ✅ gelöst\n")
    issue = issue_of(read(tmp_path, {"README.md": readme}))
    assert issue.current is not None and issue.current.version == 3
    assert [(v.number, v.title, v.result) for v in issue.versions] == [
        (3, "Die Insert-Größe", Result.SUCCESS)]


@pytest.mark.parametrize("fields", [
    # bold labels in paragraphs (the convention), plain labels, list items, bold list items,
    # and another language
    "**Theory:** Skew\n\n**Evidence:**\n- one hot key\n- a slow worker\n\n**Test:** Run 1\n\n"
    "**Result:** ❌ Failed\n",
    "Theory: Skew\n\nEvidence:\n\n- one hot key\n- a slow worker\n\nTest: Run 1\n"
    "Result: failed\n",
    "- Hypothesis: Skew\n- Evidence:\n  - one hot key\n  - a slow worker\n- Test: Run 1 — resume "
    "from Run 0's checkpoint\n- Result: rolled back after an hour\n",
    "- **Idea:** Skew\n- **Why we thought so:**\n  - one hot key\n  - a slow worker\n"
    "- **Tested by:** Run 1\n- **Outcome:** reverted\n",
    "**Annahme:** Skew\n\n**Belege:**\n- one hot key\n- a slow worker\n\n**Test:** Run 1\n\n"
    "**Ergebnis:** ❌ gescheitert\n",
])
def test_version_fields_in_five_hands(tmp_path: Path, fields: str) -> None:
    readme = f"# T\n\n## History\n\n### v1 — 2025-02-03 — bad shard\n\n{fields}"
    version = issue_of(read(tmp_path, {"README.md": readme})).versions[0]
    assert (version.theory, version.evidence) == ("Skew", ["one hot key", "a slow worker"])
    assert (version.tests, version.result) == ([1], Result.FAILED)


def test_attempt_file_labels_as_list_items(tmp_path: Path) -> None:
    kb = read(tmp_path, {
        "README.md": "# T\n\n## History\n\n### v3 — 2025-02-10 — logits\n\n- Test: Run 3\n"
                     "- Result: rolled back\n",
        "attempts/run-3-qk-norm.md": "# Run 3: QK-norm\n\n- Date: 2025-02-10\n- Hypothesis: v3\n"
                                     "- Outcome: rolled back after 2h40m\n"})
    attempt = next(a for a in issue_of(kb).attempts if a.number == 3)
    assert (attempt.title, attempt.date, attempt.versions, attempt.result) == (
        "QK-norm", "2025-02-10", [3], Result.FAILED)


# --- tables of attempts ---------------------------------------------------------------------------

def test_a_table_of_attempts_says_what_each_was(tmp_path: Path) -> None:
    readme = ("# T\n\n## Measurements\n\n| Metric | Baseline | Attempt #1 | Attempt #2 |\n"
              "|---|---|---|---|\n| p90 cold start | 3.1 s | 2.7 s | 2.9 s |\n\n"
              "## The attempts in brief\n\n| # | What we changed | Date | Outcome |\n"
              "|---|---|---|---|\n| Baseline | Release 7.14 | 9 January 2025 | — |\n"
              "| Attempt #1 | Lazy SDK initialisation | 15 January 2025 | Partial |\n"
              "| Attempt #2 | Config off the main thread | 22 January 2025 | Reverted on 24 "
              "January |\n")
    attempts = issue_of(read(tmp_path, {"README.md": readme})).attempts
    assert [(a.number, a.title, a.date, a.result) for a in attempts] == [
        (0, "Baseline", "2025-01-09", Result.BASELINE),
        (1, "Lazy SDK initialisation", "2025-01-15", Result.PARTIAL),
        (2, "Config off the main thread", "2025-01-22", Result.FAILED)]


def test_rows_numbered_under_an_attempt_header(tmp_path: Path) -> None:
    readme = ("# T\n\n## Runs compared\n\n| Attempt | Write downtime | Errors |\n|---|---|---|\n"
              "| 000 — Baseline | — | 14 |\n| 001 — pg_upgrade rehearsal | 48 min | — |\n"
              "| 004 — Batched id translation | 4 min | 12 |\n\n## Follow-ups\n\n"
              "| # | Follow-up | Owner |\n|---|---|---|\n| 1 | Decommission 12 | dbre |\n")
    issue = issue_of(read(tmp_path, {"README.md": readme}))
    assert [(a.number, a.title) for a in issue.attempts] == [
        (0, "Baseline"), (1, "pg_upgrade rehearsal"), (4, "Batched id translation")]
    assert {n: v.value for n, v in metric(issue, "Write downtime").values.items()} == {
        1: 48, 4: 4}


def test_root_causes_from_a_table_column(tmp_path: Path) -> None:
    readme = ("# T\n\n## TL;DR (v3)\n\nThird-party tags own the main thread.\n\n"
              "| # | Root cause | Fixed by |\n|---|---|---|\n"
              "| 1 | Tags load synchronously | Fix 3 |\n"
              "| 2 | Autocomplete per keystroke | Fix 4 |\n")
    current = issue_of(read(tmp_path, {"README.md": readme})).current
    assert current is not None and current.root_causes == [
        "Tags load synchronously", "Autocomplete per keystroke"]


# --- sections of values ---------------------------------------------------------------------------

def test_a_section_of_attempt_sections_holds_values_whatever_its_title(tmp_path: Path) -> None:
    readme = ("# T\n\n## Savings, fix by fix\n\n### Baseline — December bill\n\n"
              "- Cross-AZ transfer: 310 TB\n- Owner: finops\n\n### Fix 1 — Gateway endpoint\n\n"
              "- Cross-AZ transfer: 122 TB\n\nTotal saving: 188 TB, or about half.\n")
    kb = read(tmp_path, {"README.md": readme}, ("Attempt", "Fix"))
    issue = issue_of(kb)
    assert [(m.name, {n: v.value for n, v in m.values.items()}) for m in issue.metrics] == [
        ("Cross-AZ transfer", {0: 310, 1: 122})]
    assert codes(kb) == []


def test_a_sentence_can_say_which_way_all_numbers_of_a_section_improve(tmp_path: Path) -> None:
    readme = ("# T\n\n## Numbers\n\nAll five numbers are lower-is-better.\n\n"
              "### attempt 000 — before\n\n- quarantined tests: 27\n\n### attempt 001 — poll\n\n"
              "- quarantined tests: 22\n\n## Other\n\n### Attempt 002 (x)\n\n- widgets: 3\n")
    issue = issue_of(read(tmp_path, {"README.md": readme}))
    assert metric(issue, "quarantined tests").better == "lower"


def test_a_failed_run_that_never_reached_its_target_does_not_contradict_it(
        tmp_path: Path) -> None:
    readme = ("# T\n\n## History\n\n### v1 — 2025-02-03 — shard\n\n- Test: Run 1\n"
              "- Result: failed — diverged\n\n## Results\n\n### Run 0 — baseline\n\n"
              "- Throughput: 318 tok/s (target: ≥ 300 tok/s)\n- Eval loss: n/a (diverged)\n\n"
              "### Run 1 — drop shard\n\n- Throughput: 318 tok/s\n- Eval loss: n/a (diverged)\n\n"
              "Targets: eval loss ≤ 2.55\n\n### Run 2 — lower LR\n\n- Throughput: 318 tok/s\n"
              "- Eval loss: 2.66\n")
    kb = read(tmp_path, {"README.md": readme})
    assert "RESULT_CONTRADICTS_TARGETS" not in [code for code, _ in codes(kb)]
    assert metric(issue_of(kb), "Eval loss").target is not None


def test_a_log_that_starts_as_bullets_and_goes_on_with_headings(tmp_path: Path) -> None:
    log = ("# Log\n\n- **2025-01-06** Opened.\n- **2025-01-14** Versuch 1 live.\n\n"
           "## 05.02.2025 – Versuch 2 ausgewertet\n\nTeilweise.\n\n"
           "## 12.02.2025 – Versuch 3 auf Staging\n\n- 61.200 rows/s\n")
    entries = issue_of(read(tmp_path, {"README.md": "# T\n", "implementation-log.md": log},
                            ("Attempt", "Versuch"))).log_entries
    assert [(e.date, e.title, e.attempts) for e in entries] == [
        ("2025-01-06", "Opened", []), ("2025-01-14", "Versuch 1 live", [1]),
        ("2025-02-05", "Versuch 2 ausgewertet", [2]), ("2025-02-12", "Versuch 3 auf Staging", [3])]


@pytest.mark.parametrize(("status", "resolved"), [
    ("resolved", "resolved"), ("Closed", "resolved"), ("done", "resolved"),
    ("investigating", "open"), ("monitoring", "open"), ("in_progress", "open"),
    ("Mitigated", "open"), ("abgeschlossen", "resolved"),
])
def test_status_words_of_five_processes(tmp_path: Path, status: str, resolved: str) -> None:
    kb = read(tmp_path, {"README.md": f"---\nstatus: {status}\n---\n# T\n"})
    assert issue_of(kb).status == resolved and codes(kb) == []


@pytest.mark.parametrize("line", ["**Last Updated:** 14.02.2025", "Updated: Feb 14, 2025",
                                  "**Stand:** 14. Februar 2025", "Last edited 2025-02-14 by Joris",
                                  "_Last update: 14 February 2025_"])
def test_last_updated_in_five_hands(tmp_path: Path, line: str) -> None:
    kb = read(tmp_path, {"README.md": f"# T\n\n{line}\n"})
    assert issue_of(kb).last_updated == "2025-02-14"


def test_a_date_that_could_swap_is_reported_not_guessed(tmp_path: Path) -> None:
    readme = "# T\n\n## History\n\n### Version 1 (02/03/2025) - Skew\n\n**Result:** ✅ Success\n"
    kb = read(tmp_path, {"README.md": readme})
    assert issue_of(kb).versions[0].date is None
    assert issue_of(kb).versions[0].title == "Skew"
    assert codes(kb) == [("DATE_AMBIGUOUS", "case/README.md:5")]
    settled = read(tmp_path / "settled", {"README.md": readme, "implementation-log.md":
                                          "# Log\n\n## 17/02/2025 - Opened\n"})
    assert issue_of(settled).versions[0].date == "2025-03-02" and codes(settled) == []

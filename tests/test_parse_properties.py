"""Property tests: the parser never raises, whatever the input."""

from __future__ import annotations

import math
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meta_issues.model import Diagnostic, KnowledgeBase, MetaIssue
from meta_issues.site.export import dumps, export_data
from meta_issues.source import read_issue
from meta_issues.source.quantities import parse_value

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

MARKDOWN_LINES = [
    "# Living Description: x",
    "### Version 1 (2024-01-01) - x",
    "### Version 2 (2024-13-45): y",
    "### Version 1",
    "**Result:** ✅",
    "**Result:** ⚠️ Partial",
    "**Result:** Meh",
    "**Test:** Attempt 001 - x",
    "**Tests:** Attempt 3 and Attempt 4",
    "**Evidence:**",
    "**Last Updated:** 2024-02-30",
    "- Latency: 5ms",
    "- Memory: 4.2GB (target: <512MB)",
    "- Score: ~50-100",
    "- Time: 5+ seconds",
    "- X: 1e308 TB",
    "- Y: fast",
    "## Impact Analysis",
    "### Before (Attempt 000 - Baseline)",
    "### After Attempt 001 (x)",
    "### After Attempt 9999",
    "| Metric | Attempt 001 (x) | Attempt 000 |",
    "| a | Attempt 001 (x) |",
    "| --- | --- |",
    "| Latency | 5ms | |",
    "---",
    "```",
    "~~~",
    "(target: <1s)",
    "(target: )",
    "## Critical Insights",
    "### Insight 1: x",
    "**Lesson:** y",
    "## Current Understanding (v7)",
    "## Related",
    "- [a](b) - c",
    "- ✅ DO: x",
    "    indented code",
    "> quote",
    "",
    "\t",
    "\r",
]

readme_text = st.lists(
    st.one_of(st.sampled_from(MARKDOWN_LINES), st.text(max_size=40)), max_size=40
).map("\n".join)


def check(issue: MetaIssue) -> None:
    assert isinstance(issue, MetaIssue)
    assert all(isinstance(d, Diagnostic) for d in issue.diagnostics)
    for d in issue.diagnostics:
        assert d.level in ("error", "warning", "info")
        assert d.location.line >= 1
    # The export of whatever was parsed serialises as strict JSON (no NaN or inf).
    data = export_data(KnowledgeBase([issue], []))
    assert data["meta_issues"][0]["id"] == issue.id
    dumps(data)


def parse_folder(files: dict[str, bytes]) -> MetaIssue:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "issue"
        for name, content in files.items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        folder.mkdir(exist_ok=True)
        return read_issue(folder)


@SETTINGS
@given(st.text())
def test_parse_value_never_raises(text: str) -> None:
    parsed = parse_value(text)
    if parsed is not None and parsed.quantity is not None:
        q = parsed.quantity
        assert math.isfinite(q.value)
        assert not parsed.no_data
        if q.is_range:
            assert q.low is not None and q.high is not None and q.low <= q.value <= q.high


@SETTINGS
@given(st.text(alphabet=st.sampled_from("0123456789,.~≈+-–<>% eEmsKkGgBb/x_"), max_size=20))
def test_parse_value_number_alphabet(text: str) -> None:
    parsed = parse_value(text)
    assert parsed is None or parsed.quantity is None or math.isfinite(parsed.quantity.value)


@SETTINGS
@given(readme_text)
def test_readme_text_never_raises(text: str) -> None:
    check(parse_folder({"README.md": text.encode("utf-8", "surrogatepass")}))


@SETTINGS
@given(st.binary(max_size=2000))
def test_readme_bytes_never_raise(data: bytes) -> None:
    check(parse_folder({"README.md": data}))


@SETTINGS
@given(st.binary(max_size=2000), readme_text)
def test_attempt_file_bytes_never_raise(data: bytes, text: str) -> None:
    check(
        parse_folder(
            {
                "README.md": text.encode("utf-8", "surrogatepass"),
                "attempts/001-x.md": data,
            }
        )
    )


FRONT_MATTER_LINES = [
    "number: 1",
    "number: x",
    "title: Foo: bar",
    "result: ✅",
    "result: [1, 2]",
    "version: 1",
    "versions: [1, 2]",
    "version: null",
    "date: 2024-02-30",
    "date: 2024-01-01",
    "metrics:",
    "  Latency: 5ms",
    "  Memory: {value: 4, unit: GB}",
    "  Bad: [1]",
    "  Flag: true",
    "metrics: 5",
    "targets: {Latency: '<1s'}",
    "targets: [1]",
    "a: &a [*a]",
    "x: !!python/object:os.system 1",
    "\t- x",
    "? [a]",
    "tags: a, b",
    "last_updated: 2024-01-01",
]


@SETTINGS
@given(
    st.lists(
        st.one_of(
            st.sampled_from(FRONT_MATTER_LINES).map(str.encode),
            st.binary(max_size=30),
        ),
        max_size=12,
    ).map(b"\n".join)
)
def test_front_matter_bytes_never_raise(data: bytes) -> None:
    wrapped = b"---\n" + data + b"\n---\n"
    check(
        parse_folder(
            {
                "README.md": wrapped + b"# T\n",
                "attempts/001-x.md": wrapped,
                "attempts/002-y.md": wrapped + b"**Result:** x\n",
            }
        )
    )


@SETTINGS
@given(st.binary(max_size=300))
def test_raw_front_matter_bytes_never_raise(data: bytes) -> None:
    wrapped = b"---\n" + data + b"\n---\n"
    check(parse_folder({"README.md": wrapped, "attempts/001-x.md": wrapped}))

"""What a reader sees of a chart: text large enough, labels whole and apart, a key, values in
the author's units, percentage changes in points, the target line clear of every label.

Geometry is read back from the SVG itself (positions, font sizes, paths) and text widths from
matplotlib's metrics of DejaVu Sans, the font the SVG names first; tests/test_chart_browser.py
checks the same in Chromium.
"""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass

import matplotlib
import pytest

from conftest import BuildSite
from meta_issues.charts import (
    ChartPoint,
    ChartSpec,
    KeyMetric,
    KeyMetricsSpec,
    KnowledgeBaseChartSpec,
    MetricChartSpec,
    RenderedChart,
    TimelineEvent,
    TimelineSpec,
    render,
)
from meta_issues.charts.measure import text_width
from meta_issues.charts.style import rc_params

SVG = "{http://www.w3.org/2000/svg}"
# A desktop card of the two-column chart grid is about 306 px wide inside, a phone's column
# about 309 px at 375 px (the narrowest phone the browser tests use): a chart no wider is shown
# at its natural size, so its text at the sizes written in the SVG.
SHOWN_WIDTH = 306.0
SMALLEST_TEXT = 12.5


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float
    what: str

    def overlaps(self, other: Box, slack: float = 0.5) -> bool:
        return (self.left < other.right - slack and other.left < self.right - slack
                and self.top < other.bottom - slack and other.top < self.bottom - slack)


@dataclass(frozen=True)
class Drawing:
    width: float
    height: float
    texts: list[Box]
    bars: list[Box]
    lines: dict[str, list[Box]]  # id -> its segments, as thin boxes

    @property
    def strings(self) -> list[str]:
        return [box.what for box in self.texts]


def _style(element: ET.Element) -> dict[str, str]:
    pairs = (part.split(":", 1) for part in element.get("style", "").split(";") if ":" in part)
    return {key.strip(): value.strip() for key, value in pairs}


def _text_box(element: ET.Element) -> Box:
    style = _style(element)
    size = float(style["font-size"].removesuffix("px"))
    text = "".join(element.itertext())
    assert element.get("transform", "rotate(-0").startswith("rotate(-0 "), "rotated text"
    with matplotlib.rc_context(rc_params()):
        width = text_width(text, size, bold=style.get("font-weight") == "700")
    x, y = float(element.get("x", "0")), float(element.get("y", "0"))
    left = {"start": x, "middle": x - width / 2, "end": x - width}[style["text-anchor"]]
    # DejaVu Sans: 0.93 em above the baseline, 0.24 em below.
    return Box(left, y - 0.93 * size, left + width, y + 0.24 * size, text)


def _points(path: str) -> list[tuple[str, float, float]]:
    tokens = re.findall(r"[MLz]|-?[0-9.]+(?:e-?\d+)?", path)
    points, command, index = [], "", 0
    while index < len(tokens):
        if tokens[index] in "MLz":
            command = tokens[index]
            index += 1
            continue
        points.append((command, float(tokens[index]), float(tokens[index + 1])))
        index += 2
    return points


def _path_box(path: str, what: str) -> Box:
    points = _points(path)
    xs, ys = [p[1] for p in points], [p[2] for p in points]
    return Box(min(xs), min(ys), max(xs), max(ys), what)


def _segments(path: str, what: str) -> list[Box]:
    points = _points(path)
    return [Box(min(a[1], b[1]), min(a[2], b[2]), max(a[1], b[1]), max(a[2], b[2]), what)
            for a, b in itertools.pairwise(points) if b[0] == "L"]


def drawing(chart: RenderedChart) -> Drawing:
    root = ET.fromstring(chart.light)  # noqa: S314 - SVG this test just generated
    texts = [_text_box(t) for t in root.iter(f"{SVG}text")]
    bars, lines = [], {}
    for group in root.iter(f"{SVG}g"):
        gid = group.get("id", "")
        path = group.find(f"{SVG}path")
        if path is None:
            continue
        if re.fullmatch(r"(point|attempt|metric|status|issue)-[\w-]+", gid):
            bars.append(_path_box(path.get("d", ""), gid))
        elif gid in ("target", "zero"):
            lines[gid] = _segments(path.get("d", ""), gid)
    return Drawing(float(root.get("width", "0")), float(root.get("height", "0")), texts, bars,
                   lines)


def collisions(shown: Drawing) -> Iterator[str]:
    """Every pair of texts that overlap, text over a bar or a line, text out of the chart."""
    for number, box in enumerate(shown.texts):
        if box.left < -0.5 or box.top < -0.5 or box.right > shown.width + 0.5 \
                or box.bottom > shown.height + 0.5:
            yield f"{box.what!r} leaves the chart"
        for other in shown.texts[number + 1 :]:
            if box.overlaps(other):
                yield f"{box.what!r} overlaps {other.what!r}"
        for bar in shown.bars:
            if box.overlaps(bar):
                yield f"{box.what!r} overlaps bar {bar.what}"
        for segment in (s for segments in shown.lines.values() for s in segments):
            if box.overlaps(Box(segment.left - 1, segment.top, segment.right + 1,
                                segment.bottom, segment.what), slack=0.0):
                yield f"{segment.what} line runs through {box.what!r}"


def sizes(chart: RenderedChart) -> list[float]:
    return [float(size) for size in re.findall(rb"font-size: ([0-9.]+)px", chart.light)]


def memory(**overrides: object) -> MetricChartSpec:
    fields: dict[str, object] = {
        "title": "Memory usage",
        "unit": "GB",
        "points": (
            ChartPoint("000 Baseline", 4.2, "baseline", anchor="attempt-000"),
            ChartPoint("001 Client Upgrade", 4.5, "failed", anchor="attempt-001"),
            ChartPoint("002 Bounded Cache", 0.52, "partial", anchor="attempt-002",
                       text="520 MB"),
            ChartPoint("003 Connection Pooling with Async Handlers Everywhere", 0.28,
                       "success", anchor="attempt-003", text="280 MB"),
        ),
        "better": "lower",
        "target_op": "<",
        "target_value": 0.512,
        "target_text": "512 MB",
    }
    fields.update(overrides)
    return MetricChartSpec(**fields)  # type: ignore[arg-type]


AWKWARD_METRICS = {
    "memory": memory(),
    "value-just-short-of-target": memory(points=(
        ChartPoint("000 Baseline", 100.0, "baseline"),
        ChartPoint("001 Almost", 97.0, "partial"),
        ChartPoint("002 Beyond", 140.0, "failed")), unit="ms", target_value=100.5,
        target_text=""),
    "negative": memory(points=(
        ChartPoint("000 Baseline", -5.0, "baseline"),
        ChartPoint("001 Mixed " + "word " * 40, 3.0, "success"),
        ChartPoint("002 Zero", 0.0, "failed")), unit="°C", target_value=-1.0,
        target_text=""),
    "huge": memory(points=(ChartPoint("a", 1e308, "success"),
                           ChartPoint("b", -1e308, "failed")), target_value=None),
    "many": memory(points=tuple(ChartPoint(f"{i:03} attempt number {i}", float(i % 7),
                                           "partial") for i in range(40)),
                   unit="s", target_value=3.0, target_text=""),
    "unknown-direction": memory(better="unknown", target_op=None, target_value=None),
    "compact": memory(compact=True),
}
OTHER_CHARTS: dict[str, ChartSpec] = {
    "key-metrics": KeyMetricsSpec("Attempt 005 vs baseline", (
        KeyMetric("NDCG@10", 22.0, "higher", True),
        KeyMetric("Click-through rate", 1.0, "higher", True, points=True),
        KeyMetric("Indexing throughput", -12.0, "higher", True),
        KeyMetric("p99 query latency with a much longer name than anyone would write",
                  33.0, "lower", False),
        KeyMetric("Restarts", 5000.0, "lower", None),
        KeyMetric("Mystery count", 12.0, "unknown", None),
    )),
    "knowledge-base": KnowledgeBaseChartSpec(
        (("open", 3), ("resolved", 5), ("abandoned", 1)),
        tuple((f"Investigation {i} with a fairly long name", i) for i in range(20))),
    "timeline": TimelineSpec("Order Lookup API Latency", tuple(
        TimelineEvent(f"2024-09-{day:02}", f"{kind} event {day} with a longer label", kind,
                      result)
        for day, kind, result in [(1, "version", "failed"), (1, "attempt", "baseline"),
                                  (2, "log", ""), (2, "attempt", "failed"),
                                  (20, "version", "success"), (21, "log", "")])),
}
ALL_CHARTS: dict[str, ChartSpec] = {**AWKWARD_METRICS, **OTHER_CHARTS}


@pytest.mark.parametrize("name", sorted(ALL_CHARTS))
def test_text_is_large_and_the_chart_shown_at_natural_size(name: str) -> None:
    chart = render(ALL_CHARTS[name])
    assert chart.warnings == () or name in ("negative",), chart.warnings
    assert min(sizes(chart)) >= SMALLEST_TEXT
    root = ET.fromstring(chart.light)  # noqa: S314 - SVG this test just generated
    # One SVG unit is one CSS pixel: the size is given in px, not pt, and equals the viewBox.
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
    assert 0 < float(root.get("width", "0")) <= SHOWN_WIDTH


@pytest.mark.parametrize("name", sorted(ALL_CHARTS))
def test_no_label_overlaps_another_a_bar_or_a_line(name: str) -> None:
    assert list(collisions(drawing(render(ALL_CHARTS[name])))) == []


def test_full_attempt_labels_on_their_own_lines() -> None:
    shown = drawing(render(memory()))
    assert "001 Client Upgrade" in shown.strings
    assert "002 Bounded Cache" in shown.strings
    assert not any(s.endswith("…") for s in shown.strings)
    # The long one wraps at a space; its lines read back as the whole label.
    lines = [s for s in shown.strings if s.startswith("003") or "Everywhere" in s]
    assert len(lines) == 2
    assert " ".join(lines) == "003 Connection Pooling with Async Handlers Everywhere"
    # Each label sits above its bar, never beside it.
    label = next(b for b in shown.texts if b.what == "001 Client Upgrade")
    bar = next(b for b in shown.bars if b.what == "attempt-001")
    assert label.bottom <= bar.top


def test_a_label_too_long_for_six_lines_is_cut_and_said() -> None:
    chart = render(memory(points=(ChartPoint("001 " + "very long words " * 60, 1.0,
                                             "success"),)))
    assert any(w.startswith("LABEL_TRUNCATED") for w in chart.warnings)
    lines = [s for s in drawing(chart).strings if "very" in s or s.startswith("001")]
    assert len(lines) == 6 and lines[-1].endswith("…")


def test_values_are_written_directly_in_their_authors_units() -> None:
    shown = drawing(render(memory()))
    assert {"4.2 GB", "4.5 GB", "520 MB", "280 MB"} <= set(shown.strings)
    assert not any("0.28" in s or "0.512" in s for s in shown.strings)
    assert "target < 512 MB" in shown.strings
    # Each value sits on its bar's row, right of the bar's end.
    for bar_id, value in (("attempt-000", "4.2 GB"), ("attempt-003", "280 MB")):
        bar = next(b for b in shown.bars if b.what == bar_id)
        text = next(b for b in shown.texts if b.what == value)
        assert text.left >= bar.right
        assert text.top < (bar.top + bar.bottom) / 2 < text.bottom


def test_the_target_line_crosses_bars_only_and_values_step_past_it() -> None:
    shown = drawing(render(memory()))
    target = shown.lines["target"]
    assert len(target) == 4  # one short segment per bar, none across the labels between
    x = target[0].left
    assert all(s.left == x for s in target)
    for segment, bar in zip(target, shown.bars, strict=True):
        assert segment.top < bar.top and segment.bottom > bar.bottom
    # 280 MB ends short of the 512 MB line: its label would cross it, so it starts past it.
    value = next(b for b in shown.texts if b.what == "280 MB")
    assert value.left > x


def test_the_key_names_every_colour_and_the_target() -> None:
    shown = drawing(render(memory()))
    assert {"baseline", "failed", "partial", "success", "target < 512 MB"} <= set(shown.strings)
    key = [t for t in shown.texts if t.what in ("baseline", "target < 512 MB")]
    first_label = next(t for t in shown.texts if t.what == "000 Baseline")
    assert all(k.bottom <= first_label.top for k in key)  # read before the data
    without_target = drawing(render(memory(target_value=None)))
    assert not any(s.startswith("target") for s in without_target.strings)
    assert "target" not in without_target.lines


def test_direction_stated_only_when_known() -> None:
    assert "lower is better" in drawing(render(memory())).strings
    unknown = drawing(render(memory(better="unknown", target_op=None, target_value=None)))
    assert not any("better" in s for s in unknown.strings)


def key_texts(*metrics: KeyMetric) -> list[str]:
    return drawing(render(KeyMetricsSpec("Attempt 003 vs baseline", metrics))).strings


def test_percentage_metrics_change_in_percentage_points() -> None:
    texts = key_texts(KeyMetric("Success rate", 0.4, "higher", True, points=True),
                      KeyMetric("Error rate", -32.0, "lower", True, points=True))
    assert "+0.4 pp (better)" in texts
    assert "\u221232 pp (better)" in texts
    assert not any(re.search(r"\b0% better", t) for t in texts)


def test_key_metrics_say_better_worse_or_changed_and_key_the_colours() -> None:
    spec = KeyMetricsSpec("Attempt 005 vs baseline", (
        KeyMetric("p99 query latency", 33.0, "lower", True),
        KeyMetric("Throughput", -12.0, "higher", False),
        KeyMetric("Mystery count", 12.0, "unknown", None),
        KeyMetric("Flat", 0.01, "lower", None),
    ))
    shown = drawing(render(spec))
    assert {"+33% (worse)", "\u221212% (worse)", "+12% (changed)", "±0% (no change)"} <= set(
        shown.strings)
    assert {"target met", "target missed", "no target"} <= set(shown.strings)
    # A change whose better direction is unknown gets no bar: its side would be a guess.
    assert sorted(b.what for b in shown.bars) == ["metric-0", "metric-1", "metric-3"]
    zero = shown.lines["zero"][0].left
    worse = next(b for b in shown.bars if b.what == "metric-0")
    assert worse.right <= zero + 0.5  # worse grows left, even though the value rose


def test_timeline_labels_every_mark_including_log_entries() -> None:
    spec = OTHER_CHARTS["timeline"]
    assert isinstance(spec, TimelineSpec)
    shown = drawing(render(spec))
    for event in spec.events:
        assert event.label in " ".join(shown.strings)
    assert "2024-09-01" in shown.strings and shown.strings.count("2024-09-01") == 1
    assert {"version", "attempt", "log"} <= set(shown.strings)


def test_site_charts_keep_the_authors_units(build_site: BuildSite) -> None:
    site = build_site({"meta-issues/perf-saga/README.md": _UNITS_README})
    charts = site.site_dir / "meta-issues" / "perf-saga" / "charts"
    memory_svg = (charts / "memory.svg").read_text(encoding="utf-8")
    assert "280 MB" in memory_svg and "4.2 GB" in memory_svg
    assert "0.28 GB" not in memory_svg
    assert "target &lt; 512 MB" in memory_svg
    key = (charts / "key-metrics.svg").read_text(encoding="utf-8")
    assert "+0.4 pp (better)" in key
    alts = [e.attrs.get("alt") or "" for e in site.html("meta-issues/perf-saga/index.md")
            .with_class("mi-chart")]
    assert any("Availability +0.4 pp (better)" in alt for alt in alts), alts
    assert any("attempt 001: 280 MB" in alt and "target < 512 MB" in alt for alt in alts)


_UNITS_README = """# Perf saga

**Last Updated:** 2024-10-12

## Current Understanding (v1)

The cache was unbounded.

## Evolution of Understanding

### Version 1 (2024-10-01) - Unbounded cache

**Theory:** The cache grows without bound

**Test:** Attempt 001 - Bound the cache

**Result:** ✅ Success

## Impact Analysis

### Before (Attempt 000 - Baseline)

```
- Memory: 4.2GB (target: <512MB)
- Availability: 99.2%
```

### After Attempt 001 (Bounded cache)

```
- Memory: 280MB
- Availability: 99.6%
```
"""

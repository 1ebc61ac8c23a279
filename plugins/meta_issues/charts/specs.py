"""What a chart is asked to show, and what drawing it gives back.

Inputs are plain frozen dataclasses (hashable, picklable) so specs can cross a process pool
and key a cache; ``ChartSpec`` is the one union of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union


@dataclass(frozen=True)
class ChartPoint:
    label: str
    value: float
    result: str  # baseline | failed | partial | success | in_progress | unknown
    highlight: bool = False
    # SVG id of the point's mark: a page can then highlight it with "chart.svg#<anchor>"
    # (the SVG styles :target), so one drawing serves every attempt page.
    anchor: str = ""
    # The value as its label shows it, e.g. in the unit its author wrote ("280 MB" on a chart
    # whose values are mostly in GB); empty: ``value`` in the chart's unit.
    text: str = ""


@dataclass(frozen=True)
class MetricChartSpec:
    title: str
    unit: str
    points: tuple[ChartPoint, ...]  # baseline first, in attempt order
    better: str  # "lower" | "higher"; anything else: the direction is not known
    target_op: str | None = None  # "<", "<=", ">", ">="
    target_value: float | None = None  # in `unit`
    compact: bool = False
    unit_before: bool = False  # a currency written before the number: "€0.84"
    # The target's value as the key shows it (e.g. "512 MB", as its author wrote it); empty:
    # ``target_value`` in the chart's unit.
    target_text: str = ""


@dataclass(frozen=True)
class TimelineEvent:
    date: str  # ISO YYYY-MM-DD
    label: str
    kind: str  # "version" | "attempt" | "log"
    result: str  # as ChartPoint.result, or "" for log entries


@dataclass(frozen=True)
class TimelineSpec:
    title: str
    events: tuple[TimelineEvent, ...]


@dataclass(frozen=True)
class KnowledgeBaseChartSpec:
    status_counts: tuple[tuple[str, int], ...]
    attempts_per_issue: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class KeyMetric:
    name: str
    # The value against the baseline: in percent of the baseline, or, for a metric that is a
    # percentage itself (``points``), in percentage points (99.2% -> 99.6% is +0.4).
    change: float
    better: str  # "lower" | "higher"; anything else: not known, so neither better nor worse
    met: bool | None  # the target, if the metric has one
    points: bool = False


@dataclass(frozen=True)
class KeyMetricsSpec:
    """One compact chart per investigation: how far each metric moved, and whether it hit."""

    title: str  # e.g. "Attempt 003 vs baseline"
    metrics: tuple[KeyMetric, ...]


ChartSpec = Union[MetricChartSpec, TimelineSpec, KnowledgeBaseChartSpec, KeyMetricsSpec]  # noqa: UP007


@dataclass(frozen=True)
class RenderedChart:
    """One drawn chart; ``warnings`` are ``"CODE: message"`` strings (codes: see the package)."""

    light: bytes  # SVG for Material's light palette
    dark: bytes  # SVG for the dark (slate) palette
    warnings: tuple[str, ...]

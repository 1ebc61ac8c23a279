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


@dataclass(frozen=True)
class MetricChartSpec:
    title: str
    unit: str
    points: tuple[ChartPoint, ...]  # baseline first, in attempt order
    better: str | None  # "lower" | "higher", None when unknown
    target_op: str | None = None  # "<", "<=", ">", ">="
    target_value: float | None = None  # in `unit`
    compact: bool = False
    unit_before: bool = False  # a currency written before the number: "€0.84"


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
    # Against the baseline: positive = better in the metric's direction, or, when the
    # direction is unknown (``judged`` false), positive = up.
    change_percent: float
    met: bool | None  # the target, if the metric has one
    judged: bool = True


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

"""One metric across attempts: its chart and its data table, on the overview and attempt pages.

Every value of a metric is listed once, in its table on the overview; an attempt page shows
the attempt's own values and the chart (one drawing, the attempt highlighted), and links to
that table. So a site grows linearly with the attempts per metric, not with their square.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

from ..charts import ChartPoint, KeyMetric, KeyMetricsSpec, MetricChartSpec, change_label
from ..model import MAX_DESCRIBED_ATTEMPTS, Measurement, Metric
from ..units import canonical_unit, convert, format_number, format_quantity
from .anchors import attempt_anchor, data_anchor
from .badges import met_badge
from .context import IssueContext
from .escape import esc, esc_attr, indent_block
from .values import change, met, value_text


def metric_cards(ctx: IssueContext, src: str, metrics: Iterable[Metric],
                 highlight: int, *, tables: bool) -> list[str]:
    """A grid with a card per metric: its chart and, with ``tables`` (the overview), every
    attempt's value in a collapsed table under the anchor attempt pages link to."""
    lines = ['<div class="grid cards mi-charts" markdown>\n']
    for metric in metrics:
        parts = [metric_chart(ctx, src, metric, highlight, whole=tables)]
        if tables:
            parts.append(f"{esc(metric.name)}: every attempt\n{{ #{data_anchor(metric.slug)} }}"
                         f"\n\n{data_table(ctx, src, metric, highlight)}")
        card = "\n".join(part for part in parts if part)
        if card:
            lines.append(f"-   {indent_block(card, 4)}")
    lines.append("</div>\n")
    return lines


def metric_chart(ctx: IssueContext, from_src: str, metric: Metric, highlight: int | None,
                 *, whole: bool = True) -> str:
    """The metric's chart, ``highlight`` marked; described ``whole`` (every value) or, on an
    attempt's page, by the highlighted value alone."""
    if not ctx.charts:
        return ""
    issue = ctx.issue
    points = []
    for number, measurement in metric.values.items():
        attempt = issue.attempt(number)
        result = attempt.result.value if attempt else "unknown"
        label = f"{number:03d} {attempt.title if attempt else ''}".strip()
        points.append(ChartPoint(label, measurement.value, result,
                                 anchor=attempt_anchor(number), text=written(measurement)))
    target = metric.target
    # One drawing per metric serves every page; each page highlights its attempt through
    # the SVG's :target, so a build draws metrics × 1 charts, not metrics × attempts.
    spec = MetricChartSpec(
        title=metric.name, unit=metric.unit, points=tuple(points), better=metric.better or "",
        target_op=target.op if target else None, target_value=target.value if target else None,
        target_text=written_target(metric),
        unit_before=metric.unit_before,
    )
    path = ctx.layout.metric_chart(issue, metric)
    first = next(iter(metric.values.values()))
    origin = first.location.display(ctx.diagnostics_prefix)
    fragment = attempt_anchor(highlight) if highlight is not None else ""
    alt = _alt(metric) if whole or highlight is None else _alt_of(metric, highlight)
    return ctx.collector.chart(path, spec, alt, from_src, origin, fragment, issue.id)


def _value(metric: Metric, number: int) -> str:
    return f"attempt {number:03d}: {written(metric.values[number])}"


def _target(metric: Metric) -> str:
    target = metric.target
    if target is None:
        return ""
    shown = written_target(metric) or format_quantity(target.value, metric.unit,
                                                      metric.unit_before)
    return f"; target {target.op} {shown}"


def written(measurement: Measurement) -> str:
    """A value in the unit its author wrote it in: ``280 MB`` on a metric whose other values
    are in GB (the metric's unit, in which it is compared, would make it ``0.28 GB``)."""
    quantity = measurement.quantity
    if quantity.is_range and quantity.low is not None and quantity.high is not None:
        high = format_quantity(quantity.high, quantity.unit, quantity.unit_before)
        low = format_quantity(quantity.low, quantity.unit, quantity.unit_before)
        # "120–180 ms", but "$10–$20": a unit written before the number stays on both.
        text = f"{low}–{high}" if quantity.unit_before else f"{format_number(quantity.low)}–{high}"
    else:
        text = format_quantity(quantity.value, quantity.unit, quantity.unit_before)
    return f"≈ {text}" if quantity.approximate and not quantity.is_range else text


# The unit a target was written with: the word after its number, at the end of the text.
_TARGET_UNIT = re.compile(r"\d\s*([^\d\s()]+)\s*$")


def written_target(metric: Metric) -> str:
    """The target's value in the unit its author wrote it in (``512 MB`` for ``(target:
    <512MB)`` on a metric kept in GB); empty when that unit cannot be told."""
    target = metric.target
    if target is None:
        return ""
    match = _TARGET_UNIT.search(target.raw)
    unit = canonical_unit(match.group(1)) if match else None
    value = convert(target.value, metric.unit, unit) if unit is not None else None
    if value is None or unit is None:
        return ""
    return format_quantity(value, unit, metric.unit_before)


def key_metrics_chart(ctx: IssueContext, src: str, latest: int) -> str:
    """One chart: each metric's change at attempt ``latest`` against the baseline, coloured
    by its target met or missed (empty if no metric has both values)."""
    issue = ctx.issue
    rows = [row for row in (_key_metric(m, latest) for m in issue.metrics) if row is not None]
    if not rows:
        return ""
    spec = KeyMetricsSpec(f"Attempt {latest:03d} vs baseline", tuple(rows))
    alt = f"Attempt {latest:03d} against the baseline: " + "; ".join(
        f"{row.name} {change_label(row)}"
        + ("" if row.met is None else (", target met" if row.met else ", target missed"))
        for row in rows)
    return ctx.collector.chart(ctx.layout.key_metrics_chart(issue), spec, alt, src,
                               ctx.origin(), owner=issue.id)


def _key_metric(metric: Metric, latest: int) -> KeyMetric | None:
    """The change of a metric: in percentage points if it is a percentage itself (99.2% ->
    99.6% is +0.4 pp, not +0.4%), else in percent of the baseline (none from a zero)."""
    baseline, current = metric.values.get(0), metric.values.get(latest)
    if baseline is None or current is None or latest == 0:
        return None
    points = metric.unit == "%"
    if points:
        change = current.value - baseline.value
    elif baseline.value == 0:
        return None
    else:
        change = (current.value - baseline.value) / abs(baseline.value) * 100
    if not math.isfinite(change):
        return None  # too large a change to draw (1e-300 to 1e300); the table states both
    # An unknown direction ("") draws no bar and says "changed".
    return KeyMetric(metric.name, change, metric.better or "", met(metric, current.value),
                     points)


def _alt(metric: Metric) -> str:
    """The chart in words, for readers who cannot see it: every value, or beyond
    ``MAX_DESCRIBED_ATTEMPTS`` the first, the last and the extremes."""
    numbers = list(metric.values)
    if len(numbers) <= MAX_DESCRIBED_ATTEMPTS:
        values = ", ".join(_value(metric, n) for n in numbers)
    else:
        low = min(numbers, key=lambda n: metric.values[n].value)
        high = max(numbers, key=lambda n: metric.values[n].value)
        values = (f"{len(numbers)} attempts, from {_value(metric, numbers[0])} to "
                  f"{_value(metric, numbers[-1])}; lowest {_value(metric, low)}, highest "
                  f"{_value(metric, high)} (every value in the table)")
    return f"{metric.name} by attempt — {values}{_target(metric)}"


def _alt_of(metric: Metric, number: int) -> str:
    """The chart as an attempt's page shows it: that attempt's value among how many."""
    return (f"{metric.name} by attempt, {len(metric.values)} attempts — "
            f"{_value(metric, number)}{_target(metric)}")


def data_table(ctx: IssueContext, src: str, metric: Metric, highlight: int | None = None
               ) -> str:
    """The metric's values by attempt, each attempt linking to its page."""
    rows = [f'??? info "Data: {esc_attr(metric.name)}"',
            "    | Attempt | Value | vs baseline | Target met |",
            "    |---|---|---|---|"]
    baseline = metric.values.get(0)
    for number, measurement in metric.values.items():
        name = f"**{number:03d}**" if number == highlight else f"{number:03d}"
        if ctx.issue.attempt(number) is not None:
            name = (f"[{name}]({ctx.link(src, ctx.layout.attempt(ctx.issue, number))})"
                    f"{ctx.attribute()}")
        delta = (change(metric, measurement.value, baseline.value)
                 if baseline and number else "—")
        rows.append(f"    | {name} | {value_text(metric, number)} | {delta} | "
                    f"{met_badge(met(metric, measurement.value))} |")
    return "\n".join(rows) + "\n"

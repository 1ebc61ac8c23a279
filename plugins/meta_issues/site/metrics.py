"""One metric across attempts: its chart and its data table, on the overview and attempt pages.

Every value of a metric is listed once, in its table on the overview; an attempt page shows
the attempt's own values and the chart (one drawing, the attempt highlighted), and links to
that table. So a site grows linearly with the attempts per metric, not with their square.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..charts import ChartPoint, MetricChartSpec
from ..model import MAX_DESCRIBED_ATTEMPTS, Metric
from ..units import format_quantity
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
                         f"\n\n{data_table(metric, highlight)}")
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
                                 anchor=attempt_anchor(number)))
    target = metric.target
    # One drawing per metric serves every page; each page highlights its attempt through
    # the SVG's :target, so a build draws metrics × 1 charts, not metrics × attempts.
    spec = MetricChartSpec(
        title=metric.name, unit=metric.unit, points=tuple(points), better=metric.better,
        target_op=target.op if target else None, target_value=target.value if target else None,
    )
    path = ctx.layout.metric_chart(issue, metric)
    first = next(iter(metric.values.values()))
    origin = first.location.display(ctx.diagnostics_prefix)
    fragment = attempt_anchor(highlight) if highlight is not None else ""
    alt = _alt(metric) if whole or highlight is None else _alt_of(metric, highlight)
    return ctx.collector.chart(path, spec, alt, from_src, origin, fragment, issue.id)


def _value(metric: Metric, number: int) -> str:
    return f"attempt {number:03d}: {format_quantity(metric.values[number].value, metric.unit)}"


def _target(metric: Metric) -> str:
    target = metric.target
    return f"; target {target.op} {format_quantity(target.value, metric.unit)}" if target else ""


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


def data_table(metric: Metric, highlight: int | None = None) -> str:
    rows = [f'??? info "Data: {esc_attr(metric.name)}"',
            "    | Attempt | Value | vs baseline | Target met |",
            "    |---|---|---|---|"]
    baseline = metric.values.get(0)
    for number, measurement in metric.values.items():
        name = f"**{number:03d}**" if number == highlight else f"{number:03d}"
        delta = (change(metric, measurement.value, baseline.value)
                 if baseline and number else "—")
        rows.append(f"    | {name} | {value_text(metric, number)} | {delta} | "
                    f"{met_badge(met(metric, measurement.value))} |")
    return "\n".join(rows) + "\n"

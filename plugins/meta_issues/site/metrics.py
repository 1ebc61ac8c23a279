"""One metric across attempts: its chart and its data table, on the overview and attempt pages."""

from __future__ import annotations

from collections.abc import Iterable

from ..charts import ChartPoint, MetricChartSpec
from ..model import Metric
from ..units import format_quantity
from .anchors import attempt_anchor
from .badges import met_badge
from .context import IssueContext
from .escape import esc_attr, indent_block
from .values import change, met, value_text


def metric_cards(ctx: IssueContext, src: str, metrics: Iterable[Metric],
                 highlight: int) -> list[str]:
    """A grid with a card per metric: its chart, then its values in a collapsed table."""
    lines = ['<div class="grid cards mi-charts" markdown>\n']
    for metric in metrics:
        lines.append(f"-   {indent_block(metric_chart(ctx, src, metric, highlight), 4)}")
        lines.append(f"    {indent_block(data_table(metric, highlight), 4)}")
    lines.append("</div>\n")
    return lines


def metric_chart(ctx: IssueContext, from_src: str, metric: Metric, highlight: int | None) -> str:
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
        unit_before=metric.unit_before,
    )
    path = ctx.layout.metric_chart(issue, metric)
    first = next(iter(metric.values.values()))
    origin = first.location.display(ctx.diagnostics_prefix)
    fragment = attempt_anchor(highlight) if highlight is not None else ""
    return ctx.collector.chart(path, spec, _alt(metric), from_src, origin, fragment, issue.id)


def _alt(metric: Metric) -> str:
    """The chart in words, for readers who cannot see it."""
    values = ", ".join(
        f"attempt {n:03d}: {format_quantity(m.value, metric.unit, metric.unit_before)}"
        for n, m in metric.values.items()
    )
    alt = f"{metric.name} by attempt — {values}"
    target = metric.target
    if target:
        alt += (f"; target {target.op} "
                f"{format_quantity(target.value, metric.unit, metric.unit_before)}")
    return alt


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

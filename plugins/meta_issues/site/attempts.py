"""The attempts of an investigation: the table of them, their index page, one page each."""

from __future__ import annotations

import bisect

from ..model import Attempt, Document, Metric
from .anchors import data_anchor
from .badges import badge, met_badge
from .context import IssueContext
from .documents import linked_body
from .escape import esc
from .mentioned import mentioned_in
from .metrics import metric_cards
from .navigation import tabs
from .pages import GeneratedPage
from .problems import diagnostic_banner
from .values import change, met, target_text, value_text


def attempts_table(ctx: IssueContext, src: str) -> str:
    """Every attempt with its result, the versions that tested it and its date ("" if none)."""
    if not ctx.issue.attempts:
        return ""
    lines = ["## Attempts\n", "| Attempt | Result | Tested in | Date |", "|---|---|---|---|"]
    for attempt in ctx.issue.attempts:
        versions = ", ".join(ctx.version_link(src, v, False) for v in attempt.versions)
        lines.append(f"| {ctx.attempt_link(src, attempt.number)} | {badge(attempt.result)} "
                     f"| {versions or '—'} | {attempt.date or '—'} |")
    return "\n".join(lines) + "\n\n"


def attempts_index_page(ctx: IssueContext) -> None:
    issue = ctx.issue
    src = ctx.layout.attempts_index(issue)
    lines = [ctx.front(f"Attempts — {issue.title}"), tabs(ctx, src),
             "# Attempts\n"]
    if not issue.attempts:
        lines.append("No attempts recorded yet.\n")
    else:
        lines.append(attempts_table(ctx, src).replace("## Attempts\n", "", 1))
    ctx.collector.add_page(GeneratedPage(src, "\n".join(lines) + "\n", None))


def attempt_page(ctx: IssueContext, attempt: Attempt) -> None:
    issue = ctx.issue
    src = ctx.layout.attempt(issue, attempt.number)
    title = f"Attempt {attempt.code}: {attempt.title} — {issue.title}"
    lines = [ctx.front(title), tabs(ctx, src),
             f"# Attempt {attempt.code} — {esc(attempt.title)}\n"]
    if attempt.source:
        lines.append(diagnostic_banner(issue, ctx.diagnostics_prefix, attempt.source))
    lines.append(_facts(ctx, src, attempt))
    lines.append(_steps(ctx, src, attempt.number))
    if attempt.verdict:
        lines.append(f'!!! quote "Verdict"\n    {esc(attempt.verdict)}\n')
    lines.extend(_metrics(ctx, src, attempt))
    if attempt.body.strip():
        lines.append("## Details\n")
        document = Document(attempt.source or "", {}, attempt.body, attempt.location.line)
        lines.append(linked_body(ctx, src, document, drop_h1=True, demote=True))
    lines.extend(_mentioned_in(ctx, src, attempt.number))
    ctx.collector.add_page(GeneratedPage(src, "\n".join(lines) + "\n", attempt.source))


def _facts(ctx: IssueContext, src: str, attempt: Attempt) -> str:
    """The line under the title: result, date, and the versions that tested the attempt."""
    facts = [badge(attempt.result)]
    if attempt.date:
        facts.append(attempt.date)
    if attempt.versions:
        facts.append("tested in " + ", ".join(ctx.version_link(src, v)
                                               for v in attempt.versions))
    elif attempt.number == 0:
        facts.append("the baseline every attempt is measured against")
    return " · ".join(facts) + "\n"


def _steps(ctx: IssueContext, src: str, number: int) -> str:
    """Previous and next attempt, and the way back to all of them."""
    issue, layout = ctx.issue, ctx.layout
    previous, following = ctx.graph.neighbours(number)
    steps = []
    if previous is not None:
        steps.append(f"[← {_attempt_title(ctx, previous)}]"
                     f"({ctx.link(src, layout.attempt(issue, previous))})")
    steps.append(f"[All attempts]({ctx.link(src, layout.attempts_index(issue))})")
    if following is not None:
        steps.append(f"[{_attempt_title(ctx, following)} →]"
                     f"({ctx.link(src, layout.attempt(issue, following))})")
    return ('<nav class="mi-steps" markdown data-search-exclude>'
            + " · ".join(steps) + "</nav>\n")


def _attempt_title(ctx: IssueContext, number: int) -> str:
    attempt = ctx.issue.attempt(number)
    return f"Attempt {number:03d}" + (f" {esc(attempt.title)}" if attempt else "")


def _metrics(ctx: IssueContext, src: str, attempt: Attempt) -> list[str]:
    """The attempt's value of each metric against the baseline, the attempt before, and the
    target; then each metric's chart with this attempt highlighted."""
    metrics = [m for m in ctx.issue.metrics if attempt.number in m.values]
    if not metrics:
        if attempt.number != 0 or not attempt.source:
            return ["No metrics were recorded for this attempt.\n"]
        return []
    overview = ctx.layout.overview(ctx.issue)
    lines = ["## Metrics\n",
             "| Metric | Value | vs baseline | vs previous | Target | |",
             "|---|---|---|---|---|---|"]
    lines.extend(_metric_row(metric, attempt.number, _previous_value(ctx, metric, attempt.number),
                             ctx.link(src, overview, data_anchor(metric.slug)))
                 for metric in metrics)
    lines.append("")
    lines.append("Each metric's name links to its values for every attempt, on the overview.\n")
    if ctx.charts:
        lines.extend(metric_cards(ctx, src, metrics, attempt.number, tables=False))
    return lines


def _metric_row(metric: Metric, number: int, prior: float | None, every_value: str) -> str:
    value = metric.values[number].value
    baseline = metric.values.get(0)
    vs_baseline = change(metric, value, baseline.value) if baseline and number else "—"
    vs_prior = change(metric, value, prior) if prior is not None else "—"
    return (f"| [{esc(metric.name)}]({every_value}) | {value_text(metric, number)} | "
            f"{vs_baseline} | {vs_prior} | {target_text(metric)} | "
            f"{met_badge(met(metric, value))} |")


def _previous_value(ctx: IssueContext, metric: Metric, number: int) -> float | None:
    """The value of the attempt before ``number`` that has one (a binary search: a page costs
    the same with 10 attempts or 1,000)."""
    numbers = ctx.measured(metric)
    position = bisect.bisect_left(numbers, number)
    return metric.values[numbers[position - 1]].value if position else None


def _mentioned_in(ctx: IssueContext, src: str, number: int) -> list[str]:
    """Backlinks: every place that mentions the attempt, with its sentence."""
    mentions = ctx.mentions.of("attempt", str(number))
    if not mentions:
        return []
    return ["## Mentioned in\n", mentioned_in(ctx, src, mentions, "")]

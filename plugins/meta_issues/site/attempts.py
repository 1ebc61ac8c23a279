"""The attempts of an investigation: the table of them, their index page, one page each."""

from __future__ import annotations

from ..model import Attempt, Metric
from .badges import badge, met_badge
from .context import IssueContext
from .documents import linked_body
from .escape import esc
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
        lines.append(linked_body(ctx, src, attempt.body, attempt.source or "",
                                 attempt.location.line, {}, drop_h1=True, demote=True))
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
    lines = ["## Metrics\n",
             "| Metric | Value | vs baseline | vs previous | Target | |",
             "|---|---|---|---|---|---|"]
    lines.extend(_metric_row(metric, attempt.number) for metric in metrics)
    lines.append("")
    if ctx.charts:
        lines.extend(metric_cards(ctx, src, metrics, attempt.number))
    return lines


def _metric_row(metric: Metric, number: int) -> str:
    value = metric.values[number].value
    baseline = metric.values.get(0)
    prior = _previous_value(metric, number)
    vs_baseline = change(metric, value, baseline.value) if baseline and number else "—"
    vs_prior = change(metric, value, prior) if prior is not None else "—"
    return (f"| {esc(metric.name)} | {value_text(metric, number)} | "
            f"{vs_baseline} | {vs_prior} | {target_text(metric)} | "
            f"{met_badge(met(metric, value))} |")


def _previous_value(metric: Metric, number: int) -> float | None:
    earlier = [n for n in metric.values if n < number]
    return metric.values[max(earlier)].value if earlier else None


def _mentioned_in(ctx: IssueContext, src: str, number: int) -> list[str]:
    """Backlinks: the test cases and log entries that mention the attempt."""
    mentions = ctx.graph.mentions_of_attempt(number)
    if not mentions:
        return []
    lines = ["## Mentioned in\n"]
    for kind, title, page, anchor in mentions:
        target = ctx.link(src, page(ctx.issue), anchor)
        lines.append(f"- {kind}: [{esc(title)}]({target})")
    lines.append("")
    return lines

"""An investigation's overview page: where it stands, its key metrics, its attempts, similar
investigations, and the README itself."""

from __future__ import annotations

from ..model import Attempt, Metadata, Result
from .anchors import insight_anchors
from .attempts import attempts_table
from .badges import badge, met_badge, status_badge
from .context import IssueContext
from .documents import linked_body
from .escape import esc, esc_attr, flatten
from .mentioned import linked_from
from .metrics import key_metrics_chart, metric_cards
from .navigation import tabs
from .pages import GeneratedPage
from .problems import diagnostic_banner
from .references import link_line
from .values import change, met, target_text, value_text

_WINNER_VERB = {Result.SUCCESS: "What worked", Result.IN_PROGRESS: "Under evaluation",
                Result.PARTIAL: "Best so far"}


def overview_page(ctx: IssueContext) -> None:
    issue = ctx.issue
    src = ctx.layout.overview(issue)
    lines = [ctx.front(issue.title, overview=True), tabs(ctx, src), f"# {esc(issue.title)}\n"]
    lines.append(diagnostic_banner(issue, ctx.diagnostics_prefix))
    if issue.readme is None:
        lines.append('!!! failure "No description"\n    This investigation has no readable '
                     "description yet.\n")
    winner = issue.winning_attempt
    lines.extend(_standing(ctx, src, winner))
    if issue.metrics:
        lines.append(_key_metrics(ctx, src, winner))
    if issue.unmatched_targets:
        lines.append(_unassigned_targets(ctx))
    lines.append(attempts_table(ctx, src))
    lines.append(_similar(ctx, src))
    lines.append(linked_from(ctx, src, ctx.surroundings.linked_from))
    if issue.readme is not None:
        anchors = insight_anchors(issue)
        lines.append("## Living description\n")
        lines.append(linked_body(ctx, src, issue.readme, anchors, drop_h1=True, demote=True,
                                 contexts=anchors.values()))
    ctx.collector.add_page(GeneratedPage(src, "\n".join(lines) + "\n",
                                         issue.readme.path if issue.readme else None))


def _standing(ctx: IssueContext, src: str, winner: Attempt | None) -> list[str]:
    """The box saying whether the investigation is resolved, what is understood now, and
    which attempt worked (or comes closest)."""
    issue = ctx.issue
    updated = issue.last_updated or "unknown"
    kind = "success" if issue.status == "resolved" else "warning"
    heading = "Resolved" if issue.status == "resolved" else "Open"
    lines = [f'!!! {kind} "{heading} · last updated {esc_attr(updated)}"']
    lines.extend(_metadata(issue.metadata))
    lines.extend(_current(ctx, src))
    if winner is not None:
        verb = _WINNER_VERB.get(winner.result, "Latest")
        lines.append(f"    **{verb}:** {ctx.attempt_link(src, winner.number)} "
                     f"{badge(winner.result)}{_targets_summary(ctx, winner)}\n")
    lines.append("")
    return lines


def _metadata(metadata: Metadata) -> list[str]:
    """What the README's front matter declares (severity, incident, owners, dates, status as
    written), on one line inside the standing box."""
    fields = [("Status", metadata.status), ("Severity", metadata.severity),
              ("Incident", metadata.incident), ("Owners", ", ".join(metadata.owners)),
              ("Detected", metadata.detected or ""), ("Resolved", metadata.resolved or "")]
    shown = [f"**{name}:** {esc(flatten(value))}" for name, value in fields if value]
    return [f"    {' · '.join(shown)}\n"] if shown else []


def _current(ctx: IssueContext, src: str) -> list[str]:
    """The current understanding and its root causes, inside the standing box."""
    issue = ctx.issue
    current = issue.current
    if current is None:
        return []
    version = (f" ({ctx.version_link(src, current.version, False)})"
               if current.version is not None and issue.version(current.version) else "")
    source = issue.readme.path if issue.readme else ""
    summary = link_line(ctx, flatten(current.summary), src, source)
    lines = [f"    **Current understanding{version}:** {summary}\n"]
    if current.root_causes:
        lines.append("    **Root causes:**\n")
        lines.extend(f"    1. {link_line(ctx, flatten(c), src, source)}"
                     for c in current.root_causes)
        lines.append("")
    return lines


def _targets_summary(ctx: IssueContext, attempt: Attempt) -> str:
    with_target = [m for m in ctx.issue.metrics
                   if m.target is not None and attempt.number in m.values]
    if not with_target:
        return ""
    hits = sum(1 for m in with_target if met(m, m.values[attempt.number].value))
    return f" — met {hits} of {len(with_target)} targets"


def _key_metrics(ctx: IssueContext, src: str, winner: Attempt | None) -> str:
    """Each metric at the baseline and at the winning (else the latest) attempt."""
    issue = ctx.issue
    latest = winner.number if winner else max(
        (n for m in issue.metrics for n in m.values), default=0)
    label = f"Attempt {latest:03d}"
    lines = ["## Key metrics\n"]
    if ctx.charts:
        lines.append(key_metrics_chart(ctx, src, latest))
    lines += [f"| Metric | Baseline | {label} | Change | Target | |",
              "|---|---|---|---|---|---|"]
    for metric in issue.metrics:
        baseline = metric.values.get(0)
        current = metric.values.get(latest)
        delta = (change(metric, current.value, baseline.value)
                 if baseline and current else "—")
        verdict = met_badge(met(metric, current.value)) if current else "—"
        lines.append(f"| {esc(metric.name)} | {value_text(metric, 0)} | "
                     f"{value_text(metric, latest)} | {delta} | {target_text(metric)} | "
                     f"{verdict} |")
    lines.append("")
    lines.extend(metric_cards(ctx, src, issue.metrics, latest, tables=True))
    return "\n".join(lines) + "\n"


def _unassigned_targets(ctx: IssueContext) -> str:
    """Targets the README states but that judge no one metric (a name several metrics
    share, or no way to tell the direction): shown as written, never applied by a guess.
    What the author could do about it is a diagnostic, not text for the reader."""
    lines = ['!!! note "Stated targets"']
    for target in ctx.issue.unmatched_targets:
        goal = esc(target.raw.removeprefix("target:").strip())
        lines.append(f"    - **{esc(target.label)}**: {goal}")
    return "\n".join(lines) + "\n"


def _similar(ctx: IssueContext, src: str) -> str:
    """"Have we tried this before?": the most similar investigations, with the reason."""
    lines = []
    for other in ctx.neighbours:
        link = ctx.link(src, ctx.layout.overview_of(other.id))
        lines.append(f"- [{esc(other.title)}]({link}) {status_badge(other.status)} — "
                     f"{esc(other.reason)}")
    if not lines:
        return ""
    intro = ("Have we tried this before? The investigations with the most in common "
             "with this one (shared metrics, tags and words in their theories, root "
             "causes and lessons):\n")
    return "## Similar investigations\n\n" + intro + "\n" + "\n".join(lines) + "\n\n"

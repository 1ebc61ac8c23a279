"""The evolution page: each version of the understanding, what tested it, and what it is now."""

from __future__ import annotations

from ..charts import TimelineEvent, TimelineSpec
from ..model import Version, plausible_date
from ..text import one_line
from .badges import badge
from .context import IssueContext
from .escape import esc, flatten
from .headings import search_context, toc_label
from .mentioned import mentioned_in
from .navigation import tabs
from .pages import GeneratedPage
from .references import link_line
from .values import change, target_text, value_text


def evolution_page(ctx: IssueContext) -> None:
    issue = ctx.issue
    src = ctx.layout.evolution(issue)
    title = f"Evolution of Understanding — {issue.title}"
    lines = [ctx.front(title), tabs(ctx, src),
             "# Evolution of Understanding\n",
             f"How the understanding of *{esc(issue.title)}* changed, version by version, "
             "and what each test showed.\n"]
    if ctx.charts and (issue.versions or issue.log_entries):
        lines.extend(_timeline(ctx, src))
    if not issue.versions:
        # Reader text only: how to write versions is the author's guide (docs), not this page.
        lines.append('!!! info "No versions yet"\n    The description records no versions of '
                     "its understanding yet.\n")
    for version in issue.versions:
        lines.extend(_version(ctx, src, version))
    lines.extend(_current(ctx, src))
    ctx.collector.add_page(GeneratedPage(src, "\n".join(lines) + "\n",
                                         issue.readme.path if issue.readme else None))


def _timeline(ctx: IssueContext, src: str) -> list[str]:
    """The chart of versions, attempts and log entries by date (nothing if none is dated)."""
    issue = ctx.issue
    # Every mark is labelled in full: a version with its title, an attempt with its name, a
    # log entry with its heading (the chart wraps them).
    events = [TimelineEvent(v.date or "", one_line(f"v{v.number} {v.title}", 120), "version",
                            v.result.value) for v in issue.versions]
    events += [TimelineEvent(a.date or "", one_line(f"{a.code} {a.title}", 120), "attempt",
                             a.result.value) for a in issue.attempts]
    events += [TimelineEvent(e.date or "", one_line(e.title, 120), "log", "")
               for e in issue.log_entries]
    dated = [e for e in events if e.date and plausible_date(e.date)]  # see DATE_RANGE
    if not dated:
        return []
    alt = (f"Timeline of {issue.title}: " + ", ".join(
        f"{e.label} on {e.date}" for e in dated if e.kind != "log"))
    return [ctx.collector.chart(ctx.layout.timeline_chart(issue),
                                TimelineSpec(issue.title, tuple(dated)), alt, src,
                                ctx.origin(), owner=issue.id)]


def _version(ctx: IssueContext, src: str, version: Version) -> list[str]:
    """One version's section: its result and tests, its notes, and its metrics' changes."""
    heading = f"Version {version.number} — {esc(version.title)}"
    lines = [f"## {heading}{search_context(ctx.issue.title, heading)} "
             f"{{ #version-{version.number} {toc_label(heading)} }}\n"]
    facts = [badge(version.result)]
    if version.date:
        facts.append(version.date)
    if version.tests:
        facts.append("tested by " + ", ".join(ctx.attempt_link(src, n) for n in version.tests))
    lines.append(" · ".join(facts) + "\n")
    lines.extend(_notes(ctx, src, version))
    deltas = _version_deltas(ctx, src, version.tests)
    if deltas:
        lines.append(deltas)
    lines.append(mentioned_in(ctx, src, ctx.mentions.of("version", str(version.number))))
    return lines


def _notes(ctx: IssueContext, src: str, version: Version) -> list[str]:
    """Theory, evidence, result, learning, validation and any other labelled paragraph, as
    fields; references and links in them work as in the README."""
    fields: list[tuple[str, str | list[str]]] = [
        ("Theory", version.theory), ("Evidence", version.evidence),
        ("Result", version.result_text), ("Learning", version.learning),
        ("Validation", version.validation),
        *((label.capitalize(), text) for label, text in version.extra.items())]
    shown = [(label, value) for label, value in fields if value]
    if not shown:
        return []
    source = ctx.issue.readme.path if ctx.issue.readme else ""
    lines = ['<dl class="mi-fields" markdown>']
    for label, value in shown:
        lines.append(f"<dt>{esc(label)}</dt>")
        if isinstance(value, str):
            text = link_line(ctx, flatten(value), src, source)
            lines.append(f'<dd markdown="span">{text}</dd>')
        else:
            lines.extend(['<dd markdown="block">', ""])
            lines.extend(f"- {link_line(ctx, flatten(item), src, source)}" for item in value)
            lines.extend(["", "</dd>"])
    lines.extend(["</dl>", ""])
    return lines


def _version_deltas(ctx: IssueContext, src: str, attempts: list[int]) -> str:
    """The metrics of the attempts that tested a version, each against the baseline."""
    metrics = [m for m in ctx.issue.metrics if 0 in m.values
               and any(n in m.values for n in attempts)]
    if not metrics:
        return ""
    tested = [n for n in attempts if any(n in m.values for m in metrics)]
    header = " | ".join(ctx.attempt_link(src, n, with_title=False) for n in tested)
    lines = [f"| Metric | Baseline | {header} | Target |",
             "|---|---|" + "---|" * len(tested) + "---|"]
    for metric in metrics:
        baseline = metric.values[0].value
        cells = []
        for number in tested:
            measurement = metric.values.get(number)
            if measurement is None:
                cells.append("—")
                continue
            cells.append(f"{value_text(metric, number)} "
                         f"({change(metric, measurement.value, baseline)})")
        lines.append(f"| {esc(metric.name)} | {value_text(metric, 0)} | "
                     f"{' | '.join(cells)} | {target_text(metric)} |")
    return "\n".join(lines) + "\n"


def _current(ctx: IssueContext, src: str) -> list[str]:
    """The current understanding, in full, after the versions that led to it."""
    current = ctx.issue.current
    if current is None:
        return []
    version_note = f" (v{current.version})" if current.version is not None else ""
    source = ctx.issue.readme.path if ctx.issue.readme else ""
    lines = [f"## Current understanding{version_note} {{ #current }}\n",
             f"{link_line(ctx, flatten(current.summary), src, source)}\n"]
    if current.root_causes:
        lines.extend(f"1. {link_line(ctx, flatten(c), src, source)}"
                     for c in current.root_causes)
        lines.append("")
    return lines

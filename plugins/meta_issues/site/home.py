"""The investigations list: the knowledge base's home page (and the site's, for ``landing``)."""

from __future__ import annotations

import json

from ..charts import KnowledgeBaseChartSpec
from ..model import KnowledgeBase, MetaIssue
from ..text import one_line
from .badges import status_badge
from .escape import esc, plain
from .layout import relative_link
from .pages import GeneratedPage, PageCollector, front_matter

_NO_ISSUES = ('!!! info "No investigations yet"\n'
              "    This knowledge base has no investigations yet.\n")


def home_page(kb: KnowledgeBase, collector: PageCollector, src: str) -> None:
    """Every investigation, newest first, with its status and current understanding."""
    layout = collector.layout
    issues = sorted(
        kb.issues, key=lambda i: (i.last_updated or "", i.title.lower()), reverse=True
    )
    resolved = sum(1 for i in issues if i.status == "resolved")
    summary = f"{len(issues)} investigations: {resolved} resolved, {len(issues) - resolved} open."
    lines = [front_matter("Investigations", extra={"description": summary}),
             "# Investigations\n"]
    lines.append(
        f"{len(issues)} investigations: {resolved} resolved, {len(issues) - resolved} open. "
        f"What each one found, newest first; the [lessons]"
        f"({relative_link(src, layout.lessons)}) page gathers every insight.\n"
    )
    if collector.charts and issues:
        lines.append(_chart(collector, src, issues, resolved))
    if not issues:
        lines.append(_NO_ISSUES)
    else:
        lines.append("| Investigation | Status | Versions | Attempts | Last updated | "
                     "Current understanding |")
        lines.append("|---|---|---|---|---|---|")
        lines.extend(_row(collector, src, issue) for issue in issues)
    collector.add_page(GeneratedPage(src, "\n".join(lines) + "\n", None, in_nav=True))


def _chart(collector: PageCollector, src: str, issues: list[MetaIssue], resolved: int) -> str:
    """Investigations by status, and the attempts each one took."""
    spec = KnowledgeBaseChartSpec(
        status_counts=(("open", len(issues) - resolved), ("resolved", resolved)),
        attempts_per_issue=tuple(
            (one_line(i.title, 60), _attempt_count(i)) for i in issues
        ),
    )
    alt = (
        f"Investigations by status: {resolved} resolved, {len(issues) - resolved} open"
    )
    return collector.chart(collector.layout.kb_chart, spec, alt, src)


def _row(collector: PageCollector, src: str, issue: MetaIssue) -> str:
    link = relative_link(src, collector.layout.overview(issue))
    summary = issue.current.summary if issue.current else ""
    tags = "".join(f' <span class="mi-tag">{esc(t)}</span>' for t in issue.tags)
    # attr_list data attributes, read by assets/meta-issues.js to filter rows.
    data = (f'{{ data-mi-status="{issue.status}" '
            f"data-mi-tags='{_json_attr(issue.tags)}' }}")
    return (
        f"| [{esc(issue.title)}]({link}){data}{tags} | {status_badge(issue)} | "
        f"{len(issue.versions)} | {_attempt_count(issue)} | "
        f"{issue.last_updated or '—'} | {esc(one_line(plain(summary), 160))} |"
    )


def _attempt_count(issue: MetaIssue) -> int:
    """Attempts other than the baseline."""
    return sum(1 for attempt in issue.attempts if attempt.number != 0)


def _json_attr(values: list[str]) -> str:
    """JSON for a single-quoted attr_list value inside a table cell."""
    text = json.dumps(values, ensure_ascii=False)
    for char in "'{}|<>&":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text

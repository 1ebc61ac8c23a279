"""The lessons page: every critical insight and every DO / DON'T, by investigation."""

from __future__ import annotations

from ..model import KnowledgeBase
from .anchors import insight_anchors
from .badges import status_badge
from .context import IssueContext
from .escape import esc, esc_attr
from .layout import relative_link
from .pages import GeneratedPage, PageCollector, front_matter
from .references import link_references


def lessons_page(kb: KnowledgeBase, collector: PageCollector) -> None:
    src = collector.layout.lessons
    count = sum(len(issue.insights) for issue in kb.issues)
    description = f"{count} lessons learned in {len(kb.issues)} investigations."
    lines = [front_matter("Lessons", extra={"description": description}), "# Lessons\n",
             "Every critical insight and every DO / DON'T, with the investigation it came "
             "from.\n"]
    sections = [_section(IssueContext(issue, collector), src)
                for issue in kb.issues if issue.insights or issue.guidance]
    for section in sections:
        lines.extend(section)
    if not sections:
        lines.append("No insights recorded yet.\n")
    collector.add_page(GeneratedPage(src, "\n".join(lines) + "\n", None, in_nav=True))


def _section(ctx: IssueContext, src: str) -> list[str]:
    """One investigation's insights, each linking to it on the overview, then its guidance;
    references in them ("Attempt 002") link to that investigation's pages."""
    issue = ctx.issue
    overview = relative_link(src, ctx.layout.overview(issue))
    lines = [f"## {esc(issue.title)}\n",
             f"From [{esc(issue.title)}]({overview}) · {status_badge(issue)}\n"]
    anchors = insight_anchors(issue)
    for insight in issue.insights:
        anchor = anchors.get(insight.location.line)
        lesson = link_references(ctx, esc(insight.lesson), src) if insight.lesson else "—"
        target = f"{overview}#{anchor}" if anchor else overview
        lines.append(
            f'!!! tip "{esc_attr(insight.title)}"\n'
            f"    {lesson}\n\n"
            f"    [Read insight]({target})\n"
        )
    lines.extend(_guidance(ctx, src))
    return lines


def _guidance(ctx: IssueContext, src: str) -> list[str]:
    """The DOs and DON'Ts side by side."""
    issue = ctx.issue
    do = [g for g in issue.guidance if g.kind == "do"]
    dont = [g for g in issue.guidance if g.kind == "dont"]
    if not do and not dont:
        return []
    lines = ['<div class="grid" markdown>\n']
    if do:
        lines.append('!!! success "Do"\n')
        lines.extend(f"    - {link_references(ctx, esc(g.text), src)}" for g in do)
        lines.append("")
    if dont:
        lines.append('!!! failure "Don\'t"\n')
        lines.extend(f"    - {link_references(ctx, esc(g.text), src)}" for g in dont)
        lines.append("")
    lines.append("</div>\n")
    return lines

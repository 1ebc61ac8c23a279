"""The lessons page: every critical insight and every DO / DON'T, by investigation."""

from __future__ import annotations

from ..model import KnowledgeBase, MetaIssue
from .anchors import insight_anchor
from .badges import status_badge
from .escape import esc, esc_attr
from .layout import relative_link
from .pages import GeneratedPage, PageCollector, front_matter


def lessons_page(kb: KnowledgeBase, collector: PageCollector) -> None:
    src = collector.layout.lessons
    count = sum(len(issue.insights) for issue in kb.issues)
    description = f"{count} lessons learned in {len(kb.issues)} investigations."
    lines = [front_matter("Lessons", extra={"description": description}), "# Lessons\n",
             "Every critical insight and every DO / DON'T, with the investigation it came "
             "from.\n"]
    sections = [_section(issue, relative_link(src, collector.layout.overview(issue)))
                for issue in kb.issues if issue.insights or issue.guidance]
    for section in sections:
        lines.extend(section)
    if not sections:
        lines.append("No insights recorded yet.\n")
    collector.add_page(GeneratedPage(src, "\n".join(lines) + "\n", None, in_nav=True))


def _section(issue: MetaIssue, overview: str) -> list[str]:
    """One investigation's insights, each linking to it on the overview, then its guidance."""
    lines = [f"## {esc(issue.title)}\n",
             f"From [{esc(issue.title)}]({overview}) · {status_badge(issue)}\n"]
    for position, insight in enumerate(issue.insights, start=1):
        anchor = insight_anchor(insight.number or position)
        lesson = esc(insight.lesson) if insight.lesson else "—"
        lines.append(
            f'!!! tip "{esc_attr(insight.title)}"\n'
            f"    {lesson}\n\n"
            f"    [Read insight]({overview}#{anchor})\n"
        )
    lines.extend(_guidance(issue))
    return lines


def _guidance(issue: MetaIssue) -> list[str]:
    """The DOs and DON'Ts side by side."""
    do = [g for g in issue.guidance if g.kind == "do"]
    dont = [g for g in issue.guidance if g.kind == "dont"]
    if not do and not dont:
        return []
    lines = ['<div class="grid" markdown>\n']
    if do:
        lines.append('!!! success "Do"\n')
        lines.extend(f"    - {esc(g.text)}" for g in do)
        lines.append("")
    if dont:
        lines.append('!!! failure "Don\'t"\n')
        lines.extend(f"    - {esc(g.text)}" for g in dont)
        lines.append("")
    lines.append("</div>\n")
    return lines

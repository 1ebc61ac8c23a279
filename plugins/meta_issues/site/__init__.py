"""Pages: the model as Markdown pages and chart requests, for the plugin and ``generate``.

``build_site`` is the one way pages are made. An investigation's pages depend only on the
investigation, the ``SiteSettings`` and its ``Surroundings`` (what it prints of the others:
similar investigations, where its links into them lead, their links to it), so a caller that
keeps pages between builds passes its own ``render`` and keys what it keeps by exactly those
three.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..model import KnowledgeBase, MetaIssue, SourceLink
from ..source.destinations import resolve_links, resolved_links
from ..source.links import LinkTarget
from .backlinks import Placer
from .changes import ChangeReport, changes_page
from .context import case_numbers
from .layout import Layout, page_url, relative_link
from .pages import (
    CSS_URI,
    JS_URI,
    JSON_URI,
    REQUIRED_EXTENSIONS,
    Backlink,
    ChartRequest,
    GeneratedPage,
    IssuePages,
    Neighbour,
    RenderIssue,
    SiteSettings,
    Surroundings,
)
from .problems import problem_box
from .related import Match, related_issues
from .render import render_issue, render_site_pages

__all__ = [
    "CSS_URI",
    "JSON_URI",
    "JS_URI",
    "REQUIRED_EXTENSIONS",
    "ChangeReport",
    "ChartRequest",
    "GeneratedPage",
    "IssuePages",
    "Layout",
    "Neighbour",
    "RenderIssue",
    "RenderedSite",
    "SiteSettings",
    "Surroundings",
    "build_site",
    "neighbours",
    "page_url",
    "problem_box",
    "relative_link",
    "render_issue",
    "surroundings",
]

Similarity = Callable[[list[MetaIssue]], dict[str, list[Match]]]


@dataclass
class RenderedSite:
    """Every generated page and every chart request of one build."""

    pages: list[GeneratedPage] = field(default_factory=list)
    charts: list[ChartRequest] = field(default_factory=list)

    def add(self, part: IssuePages) -> None:
        known = {request.light for request in self.charts}
        self.pages.extend(part.pages)
        self.charts.extend(r for r in part.charts if r.light not in known)


def neighbours(kb: KnowledgeBase, similarity: Similarity | None = None
               ) -> dict[str, tuple[Neighbour, ...]]:
    """For each investigation, what its pages print of the most similar others."""
    matches = (similarity or related_issues)(kb.issues)
    by_id = {issue.id: issue for issue in kb.issues}
    found: dict[str, tuple[Neighbour, ...]] = {}
    for issue in kb.issues:
        found[issue.id] = tuple(
            Neighbour(match.id, by_id[match.id].title, by_id[match.id].status, match.reason)
            for match in matches.get(issue.id, []) if match.id in by_id)
    return found


def surroundings(kb: KnowledgeBase, layout: Layout, similarity: Similarity | None = None
                 ) -> dict[str, Surroundings]:
    """For each investigation, everything its pages show of the others."""
    near = neighbours(kb, similarity)
    resolved = resolve_links(kb)
    incoming = _incoming(kb, layout, resolved)
    return {issue.id: Surroundings(near[issue.id], resolved_links(resolved[issue.id]),
                                   tuple(incoming.get(issue.id, ())))
            for issue in kb.issues}


def _incoming(kb: KnowledgeBase, layout: Layout,
              resolved: dict[str, list[tuple[SourceLink, LinkTarget]]]
              ) -> dict[str, list[Backlink]]:
    """The links into each investigation from the others, where they were written."""
    found: dict[str, list[Backlink]] = {}
    for issue in kb.issues:
        outgoing = [(link, target) for link, target in resolved[issue.id]
                    if target.kind in ("page", "file") and target.issue != issue.id]
        if not outgoing:
            continue
        placer = Placer(issue, layout, case_numbers(issue.test_cases))
        for link, target in outgoing:
            place = placer.place(link.location.path, link.location.line)
            backlink = Backlink(issue.id, issue.title, place.page, place.anchor, place.label,
                                link.context)
            known = found.setdefault(target.issue, [])
            if backlink not in known:
                known.append(backlink)
    return found


def build_site(kb: KnowledgeBase, settings: SiteSettings, *,
               changes: ChangeReport | None = None, render: RenderIssue | None = None,
               similarity: Similarity | None = None) -> RenderedSite:
    """Every page of the knowledge base: the site pages, then each investigation's."""
    site = RenderedSite()
    site.add(render_site_pages(kb, settings))
    around = surroundings(kb, settings.layout, similarity)
    for issue in kb.issues:
        pages = (render(issue, around[issue.id]) if render is not None
                 else render_issue(issue, around[issue.id], settings))
        site.add(pages)
    if changes is not None:
        site.pages.append(changes_page(changes, kb, settings.layout))
    return site

"""Which pages exist and in what order: an investigation's, and the knowledge base's own."""

from __future__ import annotations

from ..model import KnowledgeBase, MetaIssue
from .attempts import attempt_page, attempts_index_page
from .context import IssueContext
from .documents import document_pages
from .evolution import evolution_page
from .home import home_page
from .lessons import lessons_page
from .overview import overview_page
from .pages import IssuePages, PageCollector, SiteSettings, Surroundings


def render_issue(issue: MetaIssue, surroundings: Surroundings,
                 settings: SiteSettings) -> IssuePages:
    """Every page of one investigation; ``surroundings`` is all it shows of the others."""
    collector = PageCollector(settings)
    ctx = IssueContext(issue, collector, surroundings)
    overview_page(ctx)
    evolution_page(ctx)
    attempts_index_page(ctx)
    for attempt in issue.attempts:
        attempt_page(ctx, attempt)
    document_pages(ctx)
    return collector.out


def render_site_pages(kb: KnowledgeBase, settings: SiteSettings) -> IssuePages:
    """The pages about the whole knowledge base: the investigations list and the lessons."""
    collector = PageCollector(settings)
    home_page(kb, collector, settings.layout.home)
    if settings.landing:
        home_page(kb, collector, "index.md")
    lessons_page(kb, collector)
    return collector.out

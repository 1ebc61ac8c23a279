"""What every page of one investigation is rendered from, and how its pages link each other."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from ..markup import no_markup
from ..model import Location, MetaIssue
from ..text import one_line
from .escape import esc, plain
from .layout import Layout, relative_link
from .links import LinkGraph
from .pages import Neighbour, PageCollector, front_matter


@dataclass
class IssueContext:
    """One investigation, where its pages go, and what they may show of the others."""

    issue: MetaIssue
    collector: PageCollector
    neighbours: tuple[Neighbour, ...] = ()
    graph: LinkGraph = field(init=False)

    def __post_init__(self) -> None:
        # Built with the site's layout: base_path applies to mention links too.
        self.graph = LinkGraph(self.issue, self.collector.layout)

    @property
    def layout(self) -> Layout:
        return self.collector.layout

    @property
    def charts(self) -> bool:
        return self.collector.charts

    @property
    def diagnostics_prefix(self) -> str:
        return self.collector.diagnostics_prefix

    def front(self, title: str, *, overview: bool = False) -> str:
        """A page's front matter: its title, the investigation's tags where the ``tags``
        setting puts them, and a description (the current understanding)."""
        where = self.collector.settings.tags
        tags = self.issue.tags if where == "all" or (where == "overview" and overview) else []
        return front_matter(title, tags, {"description": issue_description(self.issue)})

    def link(self, from_src: str, to_src: str, anchor: str = "") -> str:
        target = relative_link(from_src, to_src)
        return f"{target}#{anchor}" if anchor else target

    def attempt_link(self, from_src: str, number: int, with_title: bool = True) -> str:
        """A link to an attempt's page, or its plain name if the folder has no such attempt."""
        attempt = self.issue.attempt(number)
        if attempt is None:
            return f"Attempt {number:03d}"
        label = f"Attempt {attempt.code}"
        if with_title and attempt.title and attempt.title != label:
            label += f" — {esc(attempt.title)}"
        return f"[{label}]({self.link(from_src, self.layout.attempt(self.issue, number))})"

    def version_link(self, from_src: str, number: int, with_title: bool = True) -> str:
        """A link to a version's section of the evolution page, or its plain name."""
        version = self.issue.version(number)
        if version is None:
            return f"Version {number}"
        label = f"Version {number}"
        if with_title and version.title:
            label += f" — {esc(version.title)}"
        target = self.link(from_src, self.layout.evolution(self.issue), f"version-{number}")
        return f"[{label}]({target})"

    def origin(self) -> str:
        """Where warnings about this investigation's own charts point: its README."""
        readme = self.issue.readme
        path = readme.path if readme else f"{self.issue.id}/README.md"
        return Location(path, 1).display(self.diagnostics_prefix)


def issue_description(issue: MetaIssue) -> str:
    """What a search result or a social card says about an investigation: its current
    understanding, else its title and status; plain text, safe inside an attribute (themes
    print it unescaped into ``<meta name="description" content="…">``)."""
    summary = issue.current.summary if issue.current else ""
    text = one_line(plain(_LINK.sub(r"\1", summary)), 200) if summary.strip() else ""
    return attribute_text(text or f"{issue.title}: an {issue.status} investigation")


_LINK = re.compile(r"!?\[([^\]\[]{0,500})\]\([^)\s]{0,2000}[^)]{0,200}\)")


def attribute_text(text: str) -> str:
    """Text a theme may print unescaped inside a quoted HTML attribute: entities for
    ``& < > " '``, and no script scheme or event handler left readable as such."""
    return no_markup(html.escape(text, quote=True))

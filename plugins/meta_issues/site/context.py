"""What every page of one investigation is rendered from, and how its pages link each other."""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass, field

from ..markup import no_markup
from ..model import Location, MetaIssue, Metric, TestCase
from ..source.links import LinkTarget
from ..text import one_line
from .backlinks import Mentions, Placer
from .escape import esc, plain
from .layout import Layout, relative_link
from .links import LinkGraph
from .pages import Neighbour, PageCollector, Surroundings, front_matter

_CASE_NUMBER = re.compile(r"^\W*(?:TC|test[- ]?case)\s*[-‐‑#:]?\s*0*(\d{1,4})\b", re.I)


@dataclass
class IssueContext:
    """One investigation, where its pages go, and what they may show of the others."""

    issue: MetaIssue
    collector: PageCollector
    surroundings: Surroundings = field(default_factory=Surroundings)
    graph: LinkGraph = field(init=False)
    targets: dict[tuple[str, str], LinkTarget] = field(init=False)
    cases: dict[int, TestCase] = field(init=False)  # test cases by the number they bear
    _measured: dict[str, list[int]] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        # Built with the site's layout: base_path applies to mention links too.
        self.graph = LinkGraph(self.issue, self.collector.layout)
        self.targets = {(link.source, link.written): link.target
                        for link in self.surroundings.links}
        self.cases = case_numbers(self.issue.test_cases)

    @property
    def neighbours(self) -> tuple[Neighbour, ...]:
        return self.surroundings.neighbours

    def measured(self, metric: Metric) -> list[int]:
        """The attempts with a value of ``metric``, in order (sorted once per render)."""
        found = self._measured.get(metric.name)
        if found is None:
            found = self._measured[metric.name] = sorted(metric.values)
        return found

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
        target = self.link(from_src, self.layout.attempt(self.issue, number))
        return f"[{label}]({target}){self.attribute()}"

    def version_link(self, from_src: str, number: int, with_title: bool = True) -> str:
        """A link to a version's section of the evolution page, or its plain name."""
        version = self.issue.version(number)
        if version is None:
            return f"Version {number}"
        label = f"Version {number}"
        if with_title and version.title:
            label += f" — {esc(version.title)}"
        target = self.link(from_src, self.layout.evolution(self.issue), f"version-{number}")
        return f"[{label}]({target}){self.attribute()}"

    @functools.cached_property
    def mentions(self) -> Mentions:
        """Where each attempt, version, test case and log entry is mentioned."""
        placer = Placer(self.issue, self.layout, self.cases)
        return Mentions(self.issue, placer, self.collector.settings.attempt_words,
                        self.targets)

    def attribute(self) -> str:
        """The attribute list a cross-link gets: Material previews its target on hover."""
        return "{ data-preview }" if self.collector.settings.previews else ""

    def origin(self) -> str:
        """Where warnings about this investigation's own charts point: its README."""
        readme = self.issue.readme
        path = readme.path if readme else f"{self.issue.id}/README.md"
        return Location(path, 1).display(self.diagnostics_prefix)


def case_numbers(cases: list[TestCase]) -> dict[int, TestCase]:
    """Test cases by the number their title bears ("TC-2: …", "Test case 2 – …"); when no
    title bears one, by position."""
    numbered: dict[int, TestCase] = {}
    for case in cases:
        found = _CASE_NUMBER.match(case.title)
        if found is not None:
            numbered.setdefault(int(found.group(1)), case)
    if numbered:
        return numbered
    return {position: case for position, case in enumerate(cases, start=1)}


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

"""Where each generated page and chart lives in the site, as MkDocs source paths.

One scheme for the plugin, ``generate`` and the JSON export, so links and URLs agree.
"""

from __future__ import annotations

import functools
import posixpath
from dataclasses import dataclass

from ..model import MetaIssue, Metric
from ..text import CHANGES_PAGE, CHARTS_FOLDER, HOME_PAGE, LESSONS_PAGE


@dataclass(frozen=True)
class Layout:
    """Source paths (``src_uri``) of generated pages, under ``base`` in the docs tree."""

    base: str = "meta-issues"

    @property
    def home(self) -> str:
        return f"{self.base}/{HOME_PAGE}.md"

    @property
    def lessons(self) -> str:
        return f"{self.base}/{LESSONS_PAGE}.md"

    @property
    def changes(self) -> str:
        return f"{self.base}/{CHANGES_PAGE}.md"

    @property
    def kb_chart(self) -> str:
        return f"{self.base}/{CHARTS_FOLDER}/knowledge-base.svg"

    def folder(self, issue: MetaIssue) -> str:
        return f"{self.base}/{issue.id}"

    def overview(self, issue: MetaIssue) -> str:
        return self.overview_of(issue.id)

    def overview_of(self, issue_id: str) -> str:
        return f"{self.base}/{issue_id}/index.md"

    def evolution(self, issue: MetaIssue) -> str:
        return f"{self.folder(issue)}/evolution.md"

    def attempts_index(self, issue: MetaIssue) -> str:
        return f"{self.folder(issue)}/attempts/index.md"

    def attempt(self, issue: MetaIssue, number: int) -> str:
        return f"{self.folder(issue)}/attempts/{number:03d}.md"

    def test_cases(self, issue: MetaIssue) -> str:
        return f"{self.folder(issue)}/test-cases.md"

    def log(self, issue: MetaIssue) -> str:
        return f"{self.folder(issue)}/implementation-log.md"

    def beside(self, issue_id: str, path: str) -> str:
        """A file or Markdown document beside the text, at its path inside the folder."""
        return f"{self.base}/{issue_id}/{path}"

    def page_of(self, issue_id: str, page: str, number: int = 0, path: str = "") -> str:
        """The page a link target names (``source.links.LinkTarget``'s page and number)."""
        folder = f"{self.base}/{issue_id}"
        pages = {"overview": f"{folder}/index.md", "evolution": f"{folder}/evolution.md",
                 "attempts": f"{folder}/attempts/index.md",
                 "attempt": f"{folder}/attempts/{number:03d}.md",
                 "test_cases": f"{folder}/test-cases.md",
                 "log": f"{folder}/implementation-log.md"}
        return pages.get(page) or self.beside(issue_id, path)

    def metric_chart(self, issue: MetaIssue, metric: Metric) -> str:
        return f"{self.folder(issue)}/charts/{metric.slug}.svg"

    def key_metrics_chart(self, issue: MetaIssue) -> str:
        return f"{self.folder(issue)}/charts/key-metrics.svg"

    def timeline_chart(self, issue: MetaIssue) -> str:
        return f"{self.folder(issue)}/charts/timeline.svg"


def page_url(src_uri: str, use_directory_urls: bool = True) -> str:
    """The URL MkDocs gives a page with this source path (relative to the site root)."""
    stem, _ = posixpath.splitext(src_uri)
    if not use_directory_urls:
        return f"{stem}.html"
    parent, name = posixpath.split(stem)
    if name in ("index", "README"):
        return f"{parent}/" if parent else ""
    return f"{stem}/"


@functools.lru_cache(maxsize=65536)
def relative_link(from_src: str, to_src: str) -> str:
    """A relative link between two source files, as written in Markdown.

    Pure string work on normalised site paths (``posixpath.relpath`` would consult the
    working directory on every call, and pages hold thousands of links).
    """
    start = [part for part in posixpath.dirname(from_src).split("/") if part]
    target = [part for part in to_src.split("/") if part]
    common = 0
    while common < min(len(start), len(target)) and start[common] == target[common]:
        common += 1
    parts = [".."] * (len(start) - common) + target[common:]
    return "/".join(parts) or "."


def url_between(from_src: str, to_src: str, directory_urls: bool = True) -> str:
    """The relative URL from the page ``from_src`` to the page or file ``to_src``, as a
    browser follows it (for raw HTML, whose links MkDocs does not rewrite)."""
    start = page_url(from_src, directory_urls)
    end = page_url(to_src, directory_urls) if to_src.endswith(".md") else to_src
    base = start if start.endswith("/") or not start else posixpath.dirname(start) + "/"
    relative = posixpath.relpath("/" + (end or "."), "/" + (base or "."))
    if end.endswith("/") or not end:
        relative = relative.rstrip("/") + "/"
    return relative

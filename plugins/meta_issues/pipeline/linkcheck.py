"""The generated pages' own links, checked over their rendered HTML.

MkDocs reports a link to a missing page at WARNING but a missing anchor only at INFO (its
default ``validation.links.anchors``), so a dead anchor on a generated page would pass
``--strict``. The host hands each rendered page here; after the build, every link of a
generated page must lead to a page or file of the site and, with a fragment into a page, to
an element with that id there. What MkDocs already reports at WARNING is left to it, so
nothing is reported twice.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

_ID = re.compile(r"""\sid=["']([^"']+)["']""")
_NAME = re.compile(r"""<a\s[^>]*?\bname=["']([^"']+)["']""")
_LINK = re.compile(r"""<(?:a|img|source)\s[^>]*?\b(?:href|src)=["']([^"']*)["']""")
_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.I)


@dataclass
class _Page:
    ids: set[str]
    links: list[str] = field(default_factory=list)


class LinkCheck:
    """Ids of every page, links of the generated ones; ``problems`` once all are in."""

    def __init__(self) -> None:
        self.pages: dict[str, _Page] = {}  # by site path: "a/b/" or "a/b.html"

    def add(self, url: str, content: str, generated: bool) -> None:
        """A rendered page (its content HTML) at ``url``, relative to the site root."""
        ids = {html.unescape(v) for v in _ID.findall(content)}
        ids.update(html.unescape(v) for v in _NAME.findall(content))
        page = _Page(ids)
        if generated:
            page.links = [html.unescape(v) for v in _LINK.findall(content)]
        self.pages[url] = page

    def problems(self, files: set[str], *, pages: bool, anchors: bool) -> list[str]:
        """Each dead link of a generated page, as a message; ``files`` are the site paths of
        every file the site has. ``pages`` and ``anchors`` say which kinds to report."""
        found: list[str] = []
        for url, page in self.pages.items():
            for link in page.links:
                problem = self._problem(url, link, files)
                if problem is None:
                    continue
                if (anchors if problem.startswith("no element") else pages):
                    found.append(f"{url or '/'}: the link '{link}' leads nowhere: {problem}")
        return found

    def _problem(self, url: str, link: str, files: set[str]) -> str | None:
        if not link or _EXTERNAL.match(link):
            return None
        parts = urlsplit(link)
        target = _join(url, unquote(parts.path)) if parts.path else url
        if target is None:
            return None  # leaves the site: not a link of ours
        fragment = unquote(parts.fragment)
        page = self.pages.get(target) or self.pages.get(_index_of(target))
        if page is not None:
            if fragment and fragment not in page.ids:
                return f"no element has the id '{fragment}' there"
            return None
        if target in files or _index_of(target) in files:
            return None
        return f"the site has no '{target}'"


def _join(url: str, path: str) -> str | None:
    base = url if url.endswith("/") or not url else posixpath.dirname(url) + "/"
    joined = posixpath.normpath(posixpath.join("/" + base, path))
    if path.endswith("/") and not joined.endswith("/"):
        joined += "/"
    return joined.lstrip("/") if joined != "/" else ""


def _index_of(target: str) -> str:
    return f"{target.rstrip('/')}/index.html".lstrip("/") if not target.endswith(
        ".html") else target

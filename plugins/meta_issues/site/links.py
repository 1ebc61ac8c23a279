"""The cross-reference graph of one meta-issue, built once: attempts, versions, test cases and
log entries, with backlinks and previous/next."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable

from ..model import MetaIssue
from .layout import Layout

PageOf = Callable[[MetaIssue], str]
# A link to an optional file of the folder that was never written: shown as plain text.
MISSING = ""
Mention = tuple[str, str, PageOf, str]


class LinkGraph:
    def __init__(self, issue: MetaIssue, layout: Layout | None = None) -> None:
        self.issue = issue
        self.order = [a.number for a in issue.attempts]
        self._attempt_mentions: dict[int, list[Mention]] = {}
        layout = layout or Layout()
        for case in issue.test_cases:
            for number in case.attempts:
                self._attempt_mentions.setdefault(number, []).append(
                    ("Test case", case.title, _page(layout, "test_cases"), case.anchor)
                )
        for entry in issue.log_entries:
            title = f"{entry.date} — {entry.title}" if entry.date else entry.title
            for number in entry.attempts:
                self._attempt_mentions.setdefault(number, []).append(
                    ("Log", title, _page(layout, "log"), entry.anchor)
                )
        self.sources = {a.source: a.number for a in issue.attempts if a.source}

    def neighbours(self, number: int) -> tuple[int | None, int | None]:
        if number not in self.order:
            return None, None
        index = self.order.index(number)
        previous = self.order[index - 1] if index > 0 else None
        following = self.order[index + 1] if index + 1 < len(self.order) else None
        return previous, following

    def mentions_of_attempt(self, number: int) -> list[Mention]:
        return self._attempt_mentions.get(number, [])

    def page_for_source_link(
        self, source_path: str, target: str, layout: Layout
    ) -> tuple[str, str] | None:
        """The generated page that a link between source files means, with its anchor.

        ``None`` leaves the link as written (MkDocs then validates it like any other);
        ``MISSING`` means a file of the folder that does not exist, shown as plain text.
        """
        path, _, anchor = target.partition("#")
        folder = posixpath.dirname(source_path)
        joined = posixpath.normpath(posixpath.join(folder, path)) if path else source_path
        issue = self.issue
        if joined.startswith("../") or joined == "..":
            return None
        root = issue.readme.path.rsplit("/", 1)[0] if issue.readme else folder.split("/")[0]
        relative = joined[len(root) + 1:] if joined.startswith(root + "/") else None
        if joined == root:
            relative = ""
        if relative is None:
            return None
        if relative in ("", "README.md"):
            return layout.overview(issue), anchor
        if relative == "test-cases.md":
            return (layout.test_cases(issue) if issue.test_cases_doc else MISSING), anchor
        if relative == "implementation-log.md":
            return (layout.log(issue) if issue.log_doc else MISSING), anchor
        if relative.rstrip("/") == "attempts":
            return layout.attempts_index(issue), anchor
        if re.match(r"attempts/\d{1,4}[^/]*\.md$", relative):
            number = self.sources.get(joined)
            return (layout.attempt(issue, number) if number is not None else MISSING), anchor
        return None


def _page(layout: Layout, name: str) -> PageOf:
    method: PageOf = getattr(layout, name)
    return method

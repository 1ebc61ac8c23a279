"""The order of an investigation's attempts, for previous and next links between their pages.

(Links between files and references in the text are resolved by ``references``; where each
attempt, version, test case and log entry is mentioned, by ``backlinks``.)
"""

from __future__ import annotations

from ..model import MetaIssue
from .layout import Layout


class LinkGraph:
    def __init__(self, issue: MetaIssue, layout: Layout | None = None) -> None:
        self.issue = issue
        self.order = [a.number for a in issue.attempts]

    def neighbours(self, number: int) -> tuple[int | None, int | None]:
        if number not in self.order:
            return None, None
        index = self.order.index(number)
        previous = self.order[index - 1] if index > 0 else None
        following = self.order[index + 1] if index + 1 < len(self.order) else None
        return previous, following

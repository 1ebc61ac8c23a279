"""What every step of reading a folder shares: the meta-issue being built and its reporter."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Document, MetaIssue, NumberStyle
from .frontmatter import Report


@dataclass
class Context:
    """The meta-issue each reading step fills in, and where it reports what it doubts."""

    issue: MetaIssue
    report: Report
    # The README's number convention: the one a file that shows none of its own follows.
    numbers: NumberStyle = field(default_factory=NumberStyle)

    def numbers_of(self, document: Document) -> NumberStyle:
        """How ``document`` writes numbers: its own convention, else the README's."""
        return document.numbers if document.numbers.decimal else self.numbers

"""What every step of reading a folder shares: the meta-issue being built and its reporter."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import MetaIssue
from .frontmatter import Report


@dataclass
class Context:
    """The meta-issue each reading step fills in, and where it reports what it doubts."""

    issue: MetaIssue
    report: Report

"""Anchors that pages of different kinds link to, so both ends agree."""

from __future__ import annotations

from ..model import MetaIssue
from ..source.anchors import heading_anchors
from ..text import slugify


def change_anchor(issue_id: str) -> str:
    """The anchor of an investigation's section on the Changes page."""
    return f"change-{slugify(issue_id)}"


def data_anchor(metric_slug: str) -> str:
    """The anchor of a metric's table of every attempt, on the overview."""
    return f"data-{metric_slug}"


def attempt_anchor(number: int) -> str:
    return f"attempt-{number:03d}"


def insight_anchors(issue: MetaIssue) -> dict[int, str]:
    """The anchor of each insight's heading on the overview, by README line: the one GitHub
    gives it, as for every heading of the README."""
    readme = issue.readme
    if readme is None:
        return {}
    anchors = heading_anchors(readme.body, readme.body_line)
    return {insight.location.line: anchors[insight.location.line]
            for insight in issue.insights if insight.location.line in anchors}

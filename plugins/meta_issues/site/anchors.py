"""Anchors that pages of different kinds link to, so both ends agree."""

from __future__ import annotations

from ..text import slugify


def change_anchor(issue_id: str) -> str:
    """The anchor of an investigation's section on the Changes page."""
    return f"change-{slugify(issue_id)}"


def data_anchor(metric_slug: str) -> str:
    """The anchor of a metric's table of every attempt, on the overview."""
    return f"data-{metric_slug}"


def attempt_anchor(number: int) -> str:
    return f"attempt-{number:03d}"


def insight_anchor(number: int) -> str:
    return f"insight-{number}"

"""The JSON export of the contract (``meta-issues.json`` and ``meta-issues export``)."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from typing import Any

from ..model import Attempt, KnowledgeBase, MetaIssue, Metric, Version
from .layout import Layout, page_url

SCHEMA_VERSION = 1

UrlOf = Callable[[str], str]


def _number(value: float) -> int | float | None:
    if not math.isfinite(value):
        return None
    return int(value) if value == int(value) and abs(value) < 2**53 else value


def export_data(
    kb: KnowledgeBase,
    layout: Layout | None = None,
    url_of: UrlOf | None = None,
    with_changes: bool = False,
) -> dict[str, Any]:
    """The export as plain data; ``url_of`` maps a generated ``src_uri`` to its site URL."""
    layout = layout or Layout()
    url = url_of or page_url
    data: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "home_url": url(layout.home),
    }
    if with_changes:
        data["changes_url"] = url(layout.changes)
    data["meta_issues"] = [_issue(issue, layout, url, with_changes) for issue in kb.issues]
    return data


def _issue(issue: MetaIssue, layout: Layout, url: UrlOf, with_changes: bool) -> dict[str, Any]:
    evolution = url(layout.evolution(issue))
    entry: dict[str, Any] = {
        "id": issue.id,
        "title": issue.title,
        "status": issue.status,
        "last_updated": issue.last_updated,
        "url": url(layout.overview(issue)),
    }
    if with_changes:
        entry["changed"] = issue.changed
    entry["tags"] = list(issue.tags)
    if not issue.metadata.empty:
        entry["metadata"] = _metadata(issue)
    entry["current_understanding"] = _current(issue)
    entry["versions"] = [_version(v, evolution) for v in issue.versions]
    entry["attempts"] = [_attempt(issue, a, url(layout.attempt(issue, a.number)))
                         for a in issue.attempts]
    entry["metrics"] = [_metric(issue, m, layout) for m in issue.metrics]
    entry["insights"] = [{"title": i.title, "lesson": i.lesson} for i in issue.insights]
    return entry


def _metadata(issue: MetaIssue) -> dict[str, Any]:
    """The README front matter's metadata, as written (dates ISO); only when it has some."""
    metadata = issue.metadata
    return {"status": metadata.status or None, "owners": list(metadata.owners),
            "severity": metadata.severity or None, "incident": metadata.incident or None,
            "detected": metadata.detected, "resolved": metadata.resolved}


def _current(issue: MetaIssue) -> dict[str, Any] | None:
    if not issue.current:
        return None
    return {
        "version": issue.current.version,
        "summary": re.sub(r"(\*\*|__)", "", issue.current.summary),
        "root_causes": list(issue.current.root_causes),
    }


def _version(v: Version, evolution: str) -> dict[str, Any]:
    return {
        "number": v.number,
        "date": v.date,
        "title": v.title,
        "theory": v.theory,
        "evidence": list(v.evidence),
        "tests": list(v.tests),
        "result": v.result.value,
        "learning": v.learning,
        "url": f"{evolution}#version-{v.number}",
    }


def _attempt(issue: MetaIssue, a: Attempt, url: str) -> dict[str, Any]:
    return {
        "number": a.number,
        "title": a.title,
        "result": a.result.value,
        "versions": list(a.versions),
        "date": a.date,
        "url": url,
        "source": a.source,
        "metrics": {
            m.name: {"value": _number(m.values[a.number].value), "unit": m.unit}
            for m in issue.metrics
            if a.number in m.values
        },
    }


def _metric(issue: MetaIssue, metric: Metric, layout: Layout) -> dict[str, Any]:
    target = metric.target
    return {
        "name": metric.name,
        "unit": metric.unit,
        "better": metric.better,
        "target": (
            {"op": target.op, "value": _number(target.value), "unit": target.unit}
            if target
            else None
        ),
        "chart": layout.metric_chart(issue, metric).removesuffix(".md"),
    }


def dumps(data: dict[str, Any], *, compact: bool = False) -> str:
    """The export as text; ``compact`` for the site (the C encoder is many times faster)."""
    if compact:
        return json.dumps(data, ensure_ascii=False, allow_nan=False,
                          separators=(",", ":")) + "\n"
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


# Compact JSON text of one investigation, by what it is made of (see export_json).
ExportMemo = dict[tuple[object, ...], str]


def export_json(
    kb: KnowledgeBase,
    layout: Layout | None = None,
    url_of: UrlOf | None = None,
    with_changes: bool = False,
    *,
    memo: ExportMemo | None = None,
    scope: object = None,
) -> str:
    """``dumps(export_data(...), compact=True)``, assembled from one text per investigation.

    With ``memo`` (kept by a long-lived caller such as ``mkdocs serve``), an investigation
    parsed from the same files (same ``fingerprint``) is not encoded again; ``scope`` must
    differ whenever ``url_of`` would give other URLs. The memo keeps only this call's entries.
    """
    layout = layout or Layout()
    url = url_of or page_url
    parts: list[str] = []
    used: ExportMemo = {}
    for issue in kb.issues:
        key = (issue.fingerprint, issue.id, issue.changed, with_changes, layout, scope)
        text = memo.get(key) if memo is not None and issue.fingerprint else None
        if text is None:
            text = json.dumps(_issue(issue, layout, url, with_changes), ensure_ascii=False,
                              allow_nan=False, separators=(",", ":"))
        if issue.fingerprint:
            used[key] = text
        parts.append(text)
    if memo is not None:
        memo.clear()
        memo.update(used)
    head = dumps(export_data(KnowledgeBase([], []), layout, url, with_changes), compact=True)
    empty = '"meta_issues":[]}\n'
    if not head.endswith(empty):  # pragma: no cover - guards the splice below
        raise AssertionError("meta_issues must be the export's last key")
    return f'{head[:-len(empty)]}"meta_issues":[{",".join(parts)}]}}\n'

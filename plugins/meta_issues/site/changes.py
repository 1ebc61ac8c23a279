"""What a preview changes in meaning: two parsed knowledge bases in, structured changes out.

``compare`` is pure (base and head ``KnowledgeBase`` objects, no files, no git);
``changes_page`` renders a ``ChangeReport`` as the Changes page. Reading the base version from
git is the pipeline's job (``pipeline.previews``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from ..model import Attempt, Better, KnowledgeBase, MetaIssue, Metric, Result, Target, Version
from ..units import convert, format_quantity
from .anchors import change_anchor
from .badges import badge, met_badge, status_badge
from .escape import esc
from .layout import Layout, relative_link
from .pages import GeneratedPage, front_matter
from .values import judgement, target_text

Kind = Literal["added", "removed", "modified"]


@dataclass
class ResultChange:
    """A version or an attempt that was added, removed, or whose result changed."""

    number: int
    title: str
    kind: Literal["added", "removed", "result"]
    before: Result | None = None
    after: Result | None = None


VersionChange = ResultChange
AttemptChange = ResultChange


def _result_changes(
    head: Sequence[Version] | Sequence[Attempt], base: Sequence[Version] | Sequence[Attempt]
) -> list[ResultChange]:
    """Versions or attempts added, removed, or whose result changed, by number."""
    before = {item.number: item for item in base}
    after = {item.number: item for item in head}
    found: list[ResultChange] = []
    for number in sorted(before.keys() | after.keys()):
        old, new = before.get(number), after.get(number)
        if old is None and new is not None:
            found.append(ResultChange(number, new.title, "added", None, new.result))
        elif new is None and old is not None:
            found.append(ResultChange(number, old.title, "removed", old.result))
        elif old is not None and new is not None and old.result is not new.result:
            found.append(ResultChange(number, new.title, "result", old.result, new.result))
    return found


@dataclass
class MetricMove:
    """One metric value of one attempt that is new, gone or different (in the head's unit)."""

    metric: str
    attempt: int
    unit: str
    before: float | None
    after: float | None
    met_before: bool | None = None
    met_after: bool | None = None
    better: Better | None = "lower"
    unit_before: bool = False

    @property
    def delta(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before

    @property
    def percent(self) -> float | None:
        if self.delta is None or not self.before:
            return None
        assert self.before is not None
        return self.delta / abs(self.before) * 100


@dataclass
class TargetChange:
    metric: str
    before: str | None
    after: str | None


@dataclass
class IssueChanges:
    id: str
    title: str
    kind: Kind
    status_before: str | None = None
    status_after: str | None = None
    versions: list[VersionChange] = field(default_factory=list)
    attempts: list[AttemptChange] = field(default_factory=list)
    metrics: list[MetricMove] = field(default_factory=list)
    targets: list[TargetChange] = field(default_factory=list)

    @property
    def in_meaning(self) -> bool:
        """False when only wording changed (no version, attempt, metric or status change)."""
        return bool(self.kind != "modified" or self.versions or self.attempts or self.metrics
                    or self.targets or self.status_before != self.status_after)


@dataclass
class ChangeReport:
    ref: str
    error: str | None = None
    issues: list[IssueChanges] = field(default_factory=list)
    shallow: bool = False

    @property
    def changed_ids(self) -> set[str]:
        return {c.id for c in self.issues if c.kind != "removed"}


# --- comparing two models --------------------------------------------------------------------


def _key(name: str) -> str:
    return " ".join(name.lower().split())


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def _target_text(target: Target | None, metric: Metric) -> str | None:
    if target is None:
        return None
    return f"{target.op} {format_quantity(target.value, metric.unit, metric.unit_before)}".strip()


def compare_issue(base: MetaIssue | None, head: MetaIssue | None) -> IssueChanges:
    """The changes from ``base`` to ``head`` of one meta-issue (either may be missing)."""
    assert base is not None or head is not None
    if head is None:
        assert base is not None
        return IssueChanges(base.id, base.title, "removed", base.status, None)
    if base is None:
        changes = IssueChanges(head.id, head.title, "added", None, head.status)
        base = MetaIssue(head.id, head.title, None)
    else:
        changes = IssueChanges(head.id, head.title, "modified", base.status, head.status)

    changes.versions = _result_changes(head.versions, base.versions)
    changes.attempts = _result_changes(head.attempts, base.attempts)

    base_metrics = {_key(m.name): m for m in base.metrics}
    for metric in head.metrics:
        old_metric = base_metrics.pop(_key(metric.name), None)
        changes.metrics.extend(_metric_moves(old_metric, metric))
        before = _target_text(old_metric.target, metric) if old_metric else None
        after = _target_text(metric.target, metric)
        if old_metric is not None and before != after:
            changes.targets.append(TargetChange(metric.name, before, after))
    for gone in base_metrics.values():
        for number, measurement in sorted(gone.values.items()):
            changes.metrics.append(MetricMove(gone.name, number, gone.unit, measurement.value,
                                              None, _met(gone, measurement.value), None,
                                              gone.better, gone.unit_before))
    return changes


def _met(metric: Metric, value: float | None) -> bool | None:
    if value is None or metric.target is None:
        return None
    return metric.target.is_met_by(value)


def _metric_moves(old: Metric | None, new: Metric) -> list[MetricMove]:
    moves: list[MetricMove] = []
    numbers = sorted(set(new.values) | set(old.values if old else ()))
    for number in numbers:
        after = new.values[number].value if number in new.values else None
        before: float | None = None
        if old is not None and number in old.values:
            before = old.values[number].value
            if old.unit != new.unit:
                before = convert(before, old.unit, new.unit)
                if before is None:  # incomparable units: report as a new series
                    before = None
        if before is not None and after is not None and _close(before, after):
            continue
        if before is None and after is None:
            continue
        met_before = None
        if old is not None and number in old.values:
            met_before = _met(old, old.values[number].value)
        moves.append(MetricMove(new.name, number, new.unit, before, after, met_before,
                                _met(new, after), new.better, new.unit_before))
    return moves


def compare(base: KnowledgeBase, head: KnowledgeBase,
            ids: Iterable[str] | None = None) -> list[IssueChanges]:
    """Changes of every meta-issue in ``ids`` (default: all of either side), by id."""
    base_by_id = {i.id: i for i in base.issues}
    head_by_id = {i.id: i for i in head.issues}
    wanted = sorted(set(ids) if ids is not None else set(base_by_id) | set(head_by_id))
    return [compare_issue(base_by_id.get(i), head_by_id.get(i)) for i in wanted
            if i in base_by_id or i in head_by_id]


# --- the Changes page ------------------------------------------------------------------------

_KIND_LABEL = {"added": "New investigation", "removed": "Removed", "modified": "Changed"}


def _moved(move: MetricMove) -> str:
    if move.before is None:
        return "new value"
    if move.after is None:
        return "value removed"
    delta = move.delta or 0.0
    sign = "+" if delta > 0 else "−" if delta < 0 else "±"
    text = f"{sign}{format_quantity(abs(delta), move.unit, move.unit_before)}"
    percent = move.percent
    if percent is not None:
        text += f" ({sign}{abs(percent):.0f}%)" if abs(percent) >= 1 else \
            f" ({sign}{abs(percent):.1f}%)"
    return f"{text}, {judgement(move.better, delta)}"


def _value(value: float | None, move: MetricMove) -> str:
    return "—" if value is None else esc(format_quantity(value, move.unit, move.unit_before))


def _met_text(move: MetricMove) -> str:
    if move.met_after is None:
        return met_badge(None) if move.after is not None else "—"
    text = met_badge(move.met_after)
    if move.met_before is not None and move.met_before != move.met_after:
        text += " (now)" if move.met_after else " (was met)"
    return text


def changes_page(report: ChangeReport, kb: KnowledgeBase, layout: Layout) -> GeneratedPage:
    """The Changes page (``layout.changes``): what each changed meta-issue now says."""
    src = layout.changes
    heads = {i.id: i for i in kb.issues}
    ref = esc(report.ref)
    lines = [front_matter("Changes in this preview", extra={
        "description": "What this preview changes in the investigations' meaning."}),
        "# Changes in this preview\n"]
    if report.error:
        lines.append(f'!!! warning "No comparison"\n    {esc(report.error)}\n')
        lines.append(f"[All investigations]({relative_link(src, layout.home)})\n")
        return GeneratedPage(src, "\n".join(lines) + "\n", None, in_nav=True)
    counts = {kind: sum(1 for c in report.issues if c.kind == kind)
              for kind in ("added", "modified", "removed")}
    if not report.issues:
        lines.append(f"No investigation differs from `{ref}`.\n")
    else:
        summary = ", ".join(f"{n} {kind}" for kind, n in counts.items() if n)
        lines.append(f"Compared with `{ref}`: {len(report.issues)} investigation(s) differ "
                     f"({summary}). Each section lists what changed in meaning — versions, "
                     "attempts, metric values and targets — and links to the pages.\n")
    for change in report.issues:
        lines.extend(_issue_section(change, heads.get(change.id), layout, src))
    lines.append(f"[All investigations]({relative_link(src, layout.home)})\n")
    return GeneratedPage(src, "\n".join(lines) + "\n", None, in_nav=True)


def _issue_section(change: IssueChanges, issue: MetaIssue | None, layout: Layout,
                   src: str) -> list[str]:
    """One investigation's section: what changed in it, linked to its pages."""
    if issue is None:
        return [f"## {esc(change.title)} — removed {{ #{change_anchor(change.id)} }}\n",
                f"The folder `{esc(change.id)}` no longer exists in this preview.\n"]
    links = _Links(issue, layout, src)
    overview = relative_link(src, layout.overview(issue))
    lines = [f"## [{esc(change.title)}]({overview}) {{ #{change_anchor(change.id)} }}\n"]
    facts = [f"**{_KIND_LABEL[change.kind]}**", status_badge(issue)]
    if change.status_before and change.status_before != change.status_after:
        facts.append(f"status {change.status_before} → {change.status_after}")
    lines.append(" · ".join(facts) + "\n")
    if not change.in_meaning:
        lines.append("Text changed; no version, attempt, metric or target changed.\n")
        return lines
    lines.extend(_result_lines("Versions", change.versions, links.version))
    lines.extend(_result_lines("Attempts", change.attempts, links.attempt))
    lines.extend(_metric_lines(change.metrics, issue, links))
    lines.extend(_target_lines(change.targets))
    return lines


@dataclass(frozen=True)
class _Links:
    """Links from the Changes page to a version or an attempt of the head's investigation;
    a removed one is named without a link."""

    issue: MetaIssue
    layout: Layout
    src: str

    def attempt(self, number: int, title: str) -> str:
        label = f"Attempt {number:03d}" + (f" — {esc(title)}" if title else "")
        if self.issue.attempt(number) is None:
            return label
        return f"[{label}]({relative_link(self.src, self.layout.attempt(self.issue, number))})"

    def version(self, number: int, title: str) -> str:
        label = f"Version {number}" + (f" — {esc(title)}" if title else "")
        if self.issue.version(number) is None:
            return label
        evolution = relative_link(self.src, self.layout.evolution(self.issue))
        return f"[{label}]({evolution}#version-{number})"


def _result_lines(heading: str, items: list[ResultChange],
                  link: Callable[[int, str], str]) -> list[str]:
    """Versions or attempts added, removed, or whose result changed."""
    if not items:
        return []
    lines = [f"**{heading}**\n"]
    for item in items:
        label = link(item.number, item.title)
        if item.kind == "added":
            lines.append(f"- {label}: added, {badge(item.after or Result.UNKNOWN)}")
        elif item.kind == "removed":
            lines.append(f"- {label}: removed")
        else:
            lines.append(f"- {label}: result {badge(item.before or Result.UNKNOWN)} → "
                         f"{badge(item.after or Result.UNKNOWN)}")
    lines.append("")
    return lines


def _metric_lines(moves: list[MetricMove], issue: MetaIssue, links: _Links) -> list[str]:
    """Metric values that moved, with the target they are judged against now."""
    if not moves:
        return []
    metrics = {m.name: m for m in issue.metrics}
    lines = ["**Metric values**\n",
             "| Metric | Attempt | Before | After | Change | Target | Target met |",
             "|---|---|---|---|---|---|---|"]
    for move in moves:
        metric = metrics.get(move.metric)
        target = target_text(metric) if metric is not None else "—"
        attempt = issue.attempt(move.attempt)
        title = attempt.title if attempt is not None else ""
        lines.append(f"| {esc(move.metric)} | {links.attempt(move.attempt, title)} | "
                     f"{_value(move.before, move)} | {_value(move.after, move)} | "
                     f"{_moved(move)} | {target} | {_met_text(move)} |")
    lines.append("")
    return lines


def _target_lines(targets: list[TargetChange]) -> list[str]:
    if not targets:
        return []
    lines = ["**Targets**\n"]
    for t in targets:
        lines.append(f"- {esc(t.metric)}: {esc(t.before or 'none')} → "
                     f"{esc(t.after or 'none')}")
    lines.append("")
    return lines

"""Merging measurements into metrics: one unit per metric, one value per attempt, its target,
and which way is better (``direction``)."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field, replace

from ..model import Better, Measurement, Metric, Target
from ..units import convert
from .context import Context
from .direction import direction, marked
from .measurements import RawMeasurement
from .names import Abbreviations, name_key


@dataclass
class MetricHints:
    """What the README says about its metrics besides their values: explicit directions
    (by ``name_key``, and for every metric measured in a section, by its ``(path, first line,
    last line)``), and the abbreviations it spells out."""

    directions: dict[str, Better] = field(default_factory=dict)
    abbreviations: Abbreviations = field(default_factory=lambda: Abbreviations(""))
    sections: list[tuple[str, int, int, Better]] = field(default_factory=list)


def merge_metrics(
    context: Context, raw: list[RawMeasurement], targets: list[Target],
    hints: MetricHints | None = None,
) -> None:
    """The metrics of ``raw`` (earlier measurements win a conflict), with their targets."""
    hints = hints or MetricHints()
    groups: dict[str, list[RawMeasurement]] = {}
    names: dict[str, str] = {}
    declared = dict(hints.directions)
    for measurement in raw:
        name, better = marked(measurement.name)
        key = name_key(name)
        if better is not None:
            declared.setdefault(key, better)
        groups.setdefault(key, []).append(measurement)
        names.setdefault(key, name)
    metrics: list[Metric] = []
    for key, group in groups.items():
        metric = Metric(name=names[key], unit=_common_unit(group), better=None,
                        unit_before=_written_before(group))
        for measurement in group:
            _add_value(context, metric, measurement)
        if metric.values:
            metric.values = dict(sorted(metric.values.items()))
            metrics.append(metric)
    _assign_targets(context, metrics, targets, hints.abbreviations)
    for metric in metrics:
        said = declared.get(name_key(metric.name)) or _said_for_section(metric, hints)
        metric.better = direction(metric, said)
        _settle_target(context, metric)
    context.issue.metrics = metrics


def _said_for_section(metric: Metric, hints: MetricHints) -> Better | None:
    """The direction a section states for all its metrics, when this one is measured there."""
    for path, first, last, better in hints.sections:
        if any(m.location.path == path and first <= m.location.line <= last
               for m in metric.values.values()):
            return better
    return None


def _settle_target(context: Context, metric: Metric) -> None:
    """``(target: 1s)`` without an operator: the metric's direction decides; with none
    known, the target is kept as stated (not judged) and the author told."""
    target = metric.target
    if target is None or target.op:
        return
    if metric.better is None:
        context.report("warning", target.location, "TARGET_DIRECTION",
                       f"target '{target.raw}' for '{metric.name}' has no operator, and "
                       "nothing says whether lower or higher is better; write it with < or >")
        metric.target = None
        context.issue.unmatched_targets.append(target)
        return
    metric.target = replace(target, op="<=" if metric.better == "lower" else ">=")


def _common_unit(group: list[RawMeasurement]) -> str:
    """The unit most measurements use; on a tie the baseline's, else the first in order."""
    units = Counter(m.quantity.unit for m in group)
    baseline_unit = next((m.quantity.unit for m in group if m.attempt == 0), None)
    best = max(units.values())
    candidates = [u for u, n in units.items() if n == best]
    return baseline_unit if baseline_unit in candidates else sorted(candidates)[0]


def _written_before(group: list[RawMeasurement]) -> bool:
    """Whether most of the metric's amounts put their currency first (``€0.84``)."""
    before = [m.quantity.unit_before for m in group]
    return sum(before) * 2 > len(before)


def _add_value(context: Context, metric: Metric, measurement: RawMeasurement) -> None:
    """The measurement in the metric's unit, unless it cannot be, or the attempt has one."""
    unit = metric.unit
    converted = convert(measurement.quantity.value, measurement.quantity.unit, unit)
    if converted is not None and not math.isfinite(converted):
        context.report("warning", measurement.location, "METRIC_NOT_FINITE",
                       f"metric '{metric.name}' value '{measurement.quantity.raw}' is too "
                       f"large to express in {unit}; check the number and its unit")
        return
    if converted is None:
        context.report("warning", measurement.location, "UNIT_MISMATCH",
                       f"metric '{metric.name}' is in {unit or 'plain numbers'} elsewhere but "
                       f"'{measurement.quantity.raw}' here; use one kind of unit per metric")
        return
    if measurement.attempt in metric.values:
        previous = metric.values[measurement.attempt]
        if abs(previous.value - converted) > 1e-9 * max(1.0, abs(converted)):
            context.report("warning", measurement.location, "METRIC_CONFLICT",
                           f"metric '{metric.name}' of Attempt {measurement.attempt:03d} is "
                           f"'{measurement.quantity.raw}' here but '{previous.quantity.raw}' "
                           f"at {previous.location}; keep one value")
        return
    metric.values[measurement.attempt] = Measurement(
        float(f"{converted:.12g}"),
        measurement.quantity,
        measurement.note,
        measurement.location,
        _marked(measurement.note),
    )


def _marked(note: str) -> bool | None:
    """Whether the note marks the target as met (✅, ✔) or missed (❌); ``None`` if neither."""
    if "✅" in note or "✔" in note:
        return True
    if "❌" in note:
        return False
    return None


def _matches(target: Target, metrics: list[Metric], abbreviations: Abbreviations
             ) -> tuple[list[Metric], list[Metric]]:
    """The metrics a target's name is (by case, punctuation, plural or abbreviation), and
    those it is part of or contains."""
    wanted = abbreviations.forms(target.label)
    exact, contained = [], []
    for metric in metrics:
        forms = abbreviations.forms(metric.name)
        if wanted & forms:
            exact.append(metric)
        elif any(f" {w} " in f" {f} " or f" {f} " in f" {w} " for w in wanted for f in forms):
            contained.append(metric)
    return exact, contained


def _assign_targets(context: Context, metrics: list[Metric], targets: list[Target],
                    abbreviations: Abbreviations) -> None:
    issue = context.issue
    for target in targets:
        exact, contained = _matches(target, metrics, abbreviations)
        chosen = exact or (contained if len(contained) == 1 else [])
        if not exact and not contained:
            context.report("warning", target.location, "TARGET_UNMATCHED",
                           f"target '{target.raw}' for '{target.label}' names no metric; "
                           "use the metric's name as written in the Impact Analysis")
            continue
        if not chosen:
            if not any(t is not target and t.label == target.label
                       for t in issue.unmatched_targets):
                issue.unmatched_targets.append(target)
            continue
        metric = chosen[0]
        if metric.target is not None:
            continue
        value = convert(target.value, target.unit, metric.unit)
        if value is None and target.unit == "" and metric.unit:
            value = target.value
        if value is None:
            context.report("warning", target.location, "UNIT_MISMATCH",
                           f"target '{target.raw}' is not in the unit of metric "
                           f"'{metric.name}' ({metric.unit or 'plain number'})")
            continue
        metric.target = replace(target, value=value, unit=metric.unit)

"""Merging measurements into metrics: one unit per metric, one value per attempt, its target,
and which way is better."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import replace
from typing import Literal

from ..model import Measurement, Metric, Target
from ..units import convert, unit_dimension
from .context import Context
from .measurements import RawMeasurement
from .recognisers import HIGHER_BETTER_WORDS, LOWER_BETTER_WORDS


def merge_metrics(
    context: Context, raw: list[RawMeasurement], targets: list[Target]
) -> None:
    """The metrics of ``raw`` (earlier measurements win a conflict), with their targets."""
    groups: dict[str, list[RawMeasurement]] = {}
    names: dict[str, str] = {}
    for measurement in raw:
        key = _metric_key(measurement.name)
        groups.setdefault(key, []).append(measurement)
        names.setdefault(key, measurement.name)
    metrics: list[Metric] = []
    for key, group in groups.items():
        metric = Metric(name=names[key], unit=_common_unit(group), better="lower",
                        unit_before=_written_before(group))
        for measurement in group:
            _add_value(context, metric, measurement)
        if metric.values:
            metric.values = dict(sorted(metric.values.items()))
            metrics.append(metric)
    _assign_targets(context, metrics, targets)
    for metric in metrics:
        metric.better = _direction(metric)
        if metric.target is not None and not metric.target.op:
            # "(target: 1s)" without an operator: the metric's direction decides.
            op: Literal["<=", ">="] = "<=" if metric.better == "lower" else ">="
            metric.target = replace(metric.target, op=op)
    context.issue.metrics = metrics


def _metric_key(name: str) -> str:
    return " ".join(name.casefold().split())


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


def _assign_targets(context: Context, metrics: list[Metric], targets: list[Target]) -> None:
    issue = context.issue
    for target in targets:
        wanted = _metric_key(target.label)
        exact = [m for m in metrics if _metric_key(m.name) == wanted]
        contained = [m for m in metrics
                     if wanted in _metric_key(m.name) or _metric_key(m.name) in wanted]
        chosen = exact or (contained if len(contained) == 1 else [])
        if not contained and not exact:
            context.report("info", target.location, "TARGET_UNMATCHED",
                           f"target '{target.raw}' for '{target.label}' names no metric; "
                           "use the metric's name as written in the Impact Analysis")
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


def _direction(metric: Metric) -> Literal["lower", "higher"]:
    """The target's operator decides, else words in the name, else the unit: lower is
    better for times and sizes."""
    if metric.target is not None and metric.target.op in ("<", "<="):
        return "lower"
    if metric.target is not None and metric.target.op in (">", ">="):
        return "higher"
    name = metric.name
    higher = HIGHER_BETTER_WORDS.search(name) or "/" in metric.unit
    if higher and not re.search(r"error|fail|drop|loss|miss", name, re.I):
        return "higher"
    if LOWER_BETTER_WORDS.search(name):
        return "lower"
    dimension, _ = unit_dimension(metric.unit)
    return "lower" if dimension in ("time", "size") else "higher"

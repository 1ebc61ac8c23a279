"""A metric's values, changes and target as table cells."""

from __future__ import annotations

from ..model import Better, Metric
from ..units import format_quantity
from .escape import esc


def change(metric: Metric, value: float, against: float) -> str:
    """``-93%`` with a word for whether that is better; "changed" when the metric's direction
    is unknown (never a guess); ``n/a`` when there is no percentage."""
    if against == 0:
        return "n/a"
    percent = (value - against) / abs(against) * 100
    if abs(percent) < 0.05:
        return "±0%"
    word = judgement(metric.better, percent)
    return f"{percent:+.0f}% ({word})" if abs(percent) >= 1 else f"{percent:+.1f}% ({word})"


def judgement(better: Better | None, moved: float) -> str:
    """"better" or "worse" for a move in the metric's direction, "changed" without one."""
    if better is None:
        return "changed"
    return "better" if (moved < 0) == (better == "lower") else "worse"


def met(metric: Metric, value: float) -> bool | None:
    return metric.target.is_met_by(value) if metric.target else None


def target_text(metric: Metric) -> str:
    if metric.target is None:
        return "—"
    op = {"<": "&lt;", "<=": "≤", ">": "&gt;", ">=": "≥"}.get(metric.target.op, "")
    target = format_quantity(metric.target.value, metric.unit, metric.unit_before)
    return f"{op} {esc(target)}"


def value_text(metric: Metric, attempt: int) -> str:
    measurement = metric.values.get(attempt)
    if measurement is None:
        return "—"
    text = format_quantity(measurement.value, metric.unit, metric.unit_before)
    quantity = measurement.quantity
    if quantity.is_range:
        text += f" (range {esc(quantity.raw)})"
    elif quantity.approximate:
        text = f"≈ {text} (written {esc(quantity.raw)})"
    return esc(text) if not quantity.approximate else text

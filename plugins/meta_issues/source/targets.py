"""Targets of the README: ``Latency: 500ms (target: <100ms)`` anywhere in the text, and the
``targets:`` mapping of its front matter. The metrics merge gives each to its metric."""

from __future__ import annotations

import re

from ..model import Document, Location, NumberStyle, Target
from .context import Context
from .numerals import POINT, ambiguity
from .quantities import ParsedValue, parse_value
from .recognisers import TARGET, clean_inline

_OPERATORS = {"<": "<", "<=": "<=", ">": ">", ">=": ">=", "≤": "<=", "≥": ">=", "=": ""}


def read_targets(context: Context, document: Document, lines: list[str]) -> list[Target]:
    """Every ``(target: …)`` of the body's ``lines``, then those of the front matter."""
    found: list[Target] = []
    # Fenced lines count too: Impact Analysis metrics are often written in a code fence.
    for index, line in enumerate(lines):
        for match in TARGET.finditer(line):
            location = Location(document.path, document.body_line + index)
            target = _inline_target(context, match, line, location, document.numbers)
            if target is not None:
                found.append(target)
    found.extend(_front_matter_targets(context, document))
    return found


def _inline_target(
    context: Context, match: re.Match[str], line: str, location: Location,
    numbers: NumberStyle,
) -> Target | None:
    label = _target_label(line[: match.start()])
    op_text = match["op"] or ""
    parsed = parse_value(match["value"], numbers)
    if _ambiguous(context, parsed, match.group(0).strip("() "), numbers, location):
        return None
    if parsed is None or parsed.quantity is None or not label:
        context.report("warning", location, "TARGET_UNPARSEABLE",
                       f"target '{match.group(0)}' — expected e.g. '(target: <1s)' "
                       "after a metric name")
        return None
    quantity = parsed.quantity
    op = _OPERATORS.get(op_text) or {"at_most": "<", "at_least": ">"}.get(
        quantity.bound, ""
    )
    return Target(op, quantity.value, quantity.unit,  # type: ignore[arg-type]
                  match.group(0).strip("() "), label, location)


def _ambiguous(context: Context, parsed: ParsedValue | None, written: str,
               numbers: NumberStyle, location: Location) -> bool:
    """Report a target whose number the file's convention cannot settle."""
    if parsed is None or parsed.ambiguous is None:
        return False
    context.report("warning", location, "NUMBER_AMBIGUOUS",
                   f"target '{written}': {ambiguity(parsed.ambiguous, numbers)}")
    return True


def _target_label(before: str) -> str:
    """The metric a target belongs to: the name before it on its line (list item, table
    cell or ``Name: value``)."""
    text = clean_inline(before)
    if "|" in text:
        cells = [c.strip() for c in text.strip().strip("|").split("|")]
        text = cells[0] if cells else ""
    text = re.sub(r"^\s*(?:[-*+•]\s+|\d{1,3}[.)]\s+)", "", text)
    if ":" in text:
        text = text.split(":", 1)[0]
    return text.strip(" -–—`*_")


def _front_matter_targets(context: Context, document: Document) -> list[Target]:
    targets = document.front_matter.get("targets")
    found: list[Target] = []
    if not isinstance(targets, dict):
        return found
    for name, spec in targets.items():
        text = str(spec)
        # A YAML number (``50000``, ``0.7``) is YAML's; a quoted one is written in the file's
        # convention.
        numbers = document.numbers if isinstance(spec, str) else POINT
        match = re.match(r"\s*(<=|>=|≤|≥|<|>)?\s*(.*)$", text)
        parsed = parse_value(match.group(2), numbers) if match else None
        location = Location(document.path, 1)
        if _ambiguous(context, parsed, f"target: {text}", numbers, location):
            continue
        if parsed is None or parsed.quantity is None:
            context.report("warning", location, "TARGET_UNPARSEABLE",
                           f"target for '{name}' is '{text}' — expected e.g. '<1s'")
            continue
        op = _OPERATORS.get(match.group(1) or "", "") if match else ""
        found.append(Target(op, parsed.quantity.value, parsed.quantity.unit,  # type: ignore[arg-type]
                            f"target: {text}", str(name), location))
    return found

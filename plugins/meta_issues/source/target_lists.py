"""Targets stated as lists and table cells, beside the ``(target: …)`` of ``targets``:

- a ``**Targets:**`` (``Goals:``, ``SLOs:``, ``Ziele:``) label with a list below it, or with an
  inline list (``Targets: LCP < 2.5 s, CLS < 0.1``), or a Targets section of its own;
- a Target column of an Impact table (``tables`` reads it through ``cell_target``).

Each statement is ``name op value`` (``p95 latency < 200 ms``, ``Error rate: ≤ 0.1%``,
``Throughput at least 50k rows/s``); the value is read by the value grammar.
"""

from __future__ import annotations

import re

from ..model import Document, Location, Target
from .context import Context
from .markdown import Block, Section
from .quantities import parse_value
from .recognisers import TARGET, clean_inline, split_label

_LABELS = re.compile(r"^(?:targets?|goals?|slos?|objectives?|success criteria|acceptance criteria"
                     r"|ziele?|zielwerte?|zielgrößen|objectifs?)$", re.I)
_OPERATORS: dict[str, str] = {
    "<": "<", "<=": "<=", "≤": "<=", "=<": "<=", ">": ">", ">=": ">=", "≥": ">=", "=>": ">=",
    "below": "<", "under": "<", "less than": "<", "at most": "<=", "no more than": "<=",
    "max": "<=", "max.": "<=", "maximum": "<=", "up to": "<=", "unter": "<", "höchstens": "<=",
    "above": ">", "over": ">", "more than": ">", "at least": ">=", "no less than": ">=",
    "min": ">=", "min.": ">=", "minimum": ">=", "über": ">", "mindestens": ">=",
    "=": "",
}
_OPERATOR = "|".join(re.escape(o) for o in sorted(_OPERATORS, key=len, reverse=True))
_VALUE = r"(?P<value>[~≈$€£]?\s?[+\-−]?\.?\d.*)$"
# "name op value": the operator decides where the name ends ("p95 latency < 200 ms").
_WITH_OPERATOR = re.compile(rf"(?:^|(?<=[\s:–—-]))(?P<op>{_OPERATOR})(?![\w])\s*{_VALUE}", re.I)
# "name: value" without an operator ("p95 latency: 200 ms").
_WITH_COLON = re.compile(rf"^(?P<name>.*?[^\W\d_].*?)\s*[:=–—]\s*{_VALUE}", re.I)


def read_target_lists(context: Context, document: Document, blocks: list[Block],
                      all_sections: list[Section]) -> list[Target]:
    """The targets of the README's Targets labels and Targets sections."""
    found: list[Target] = []
    for index, block in enumerate(blocks):
        if block.kind == "paragraph":
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            for statement, where in _labelled(block, following, document.path):
                _add(found, statement_target(context, statement, where))
    for section in all_sections:
        if not _LABELS.match(clean_inline(section.title).strip(" :")):
            continue
        for block in section.blocks:
            if block.kind == "heading":
                break
            for item in block.items if block.kind == "list" else []:
                _add(found, statement_target(context, item.text,
                                             Location(document.path, item.line)))
    return found


def _labelled(block: Block, following: Block | None, path: str) -> list[tuple[str, Location]]:
    """The statements of a paragraph's ``Targets:`` lines: inline, or the list right below a
    label that ends the paragraph."""
    found: list[tuple[str, Location]] = []
    lines = block.text.split("\n")
    for offset, line in enumerate(lines):
        labelled = split_label(line)
        if labelled is None or not _LABELS.match(labelled[0].strip("* ")):
            continue
        where = Location(path, block.line + offset)
        statements = _split_inline(labelled[1])
        if (not statements and offset == len(lines) - 1 and following is not None
                and following.kind == "list"):
            statements = [item.text for item in following.items if item.depth == 1]
        found.extend((statement, where) for statement in statements)
    return found


def statement_target(context: Context, statement: str, where: Location) -> Target | None:
    """``p95 latency < 200 ms`` as a target; ``None`` when it states no name and value (or
    carries its own ``(target: …)``, read elsewhere)."""
    text = clean_inline(statement).strip(" .;")
    if not text or TARGET.search(text):
        return None
    # The last operator: "Share of 5xx responses < 1%" is about the share.
    match = next(reversed(list(_WITH_OPERATOR.finditer(text))), None)
    name = text[: match.start()] if match else ""
    if match is None or not re.search(r"[^\W\d_]", name):
        match = _WITH_COLON.match(text)
        name = match["name"] if match else ""
    if match is None:
        return None
    name = name.strip(" -–—:=`")
    if not re.search(r"[^\W\d_]", name):
        return None
    op = match["op"] if "op" in match.groupdict() else ""
    return _target(context, name, op or "", match["value"], where)


def cell_target(context: Context, name: str, cell: str, where: Location) -> Target | None:
    """A Target column's cell (``< 2.5 s``, ``≥ 50.000 rows/s``) for the row's metric."""
    text = clean_inline(cell).strip()
    match = re.match(rf"^\s*(?:(?P<op>{_OPERATOR})(?![\w])\s*)?(?P<value>.+)$", text, re.I)
    if not text or match is None or not re.search(r"\d", text):
        return None
    return _target(context, clean_inline(name), match["op"] or "", match["value"], where)


def _target(context: Context, name: str, op_text: str, value: str, where: Location
            ) -> Target | None:
    raw = f"{op_text} {value.strip()}".strip()
    parsed = parse_value(value.strip())
    if parsed is None or parsed.quantity is None:
        context.report("warning", where, "TARGET_UNPARSEABLE",
                       f"target '{raw}' for '{name}' has no value that reads as a number; "
                       "write it like 'p95 latency < 200 ms'")
        return None
    quantity = parsed.quantity
    op = _OPERATORS.get(op_text.casefold().strip(), "") or {
        "at_most": "<=", "at_least": ">="}.get(quantity.bound, "")
    return Target(op, quantity.value, quantity.unit,  # type: ignore[arg-type]
                  f"target: {raw}", name, where)


def _split_inline(text: str) -> list[str]:
    """``LCP < 2.5 s, CLS < 0.1 and INP < 200 ms`` as three statements (a decimal comma such
    as ``0,1`` is not a separator)."""
    if not text.strip():
        return []
    # A sentence after the list ("… ≤ 30 min. All five numbers are lower-is-better.") ends it.
    parts = re.split(r"\s*;\s*|,\s+(?=[^\d\s])|\s+and\s+|\s+und\s+|(?<=[^\W\d_])\.\s+(?=[A-Z])",
                     text)
    return [part for part in parts if part.strip()]


def _add(found: list[Target], target: Target | None) -> None:
    if target is not None and not any(
            t.label.casefold() == target.label.casefold() and t.op == target.op
            and t.value == target.value for t in found):
        found.append(target)

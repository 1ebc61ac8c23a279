"""The files of ``attempts/``: one attempt each, numbered by its name (``004-x.md``).

The body's labelled lines (``**Result:**``, ``**Hypothesis:** Version 2``, ``**Date:**``) say
what the attempt was; its front matter, where present, wins over them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Document, Location, Result
from ..text import portability_problem
from .context import Context
from .documents import read_document
from .files import ATTEMPTS, LINK, OTHER, FolderInput, is_attempt_file
from .frontmatter import ATTEMPT_SCHEMA, as_text, front_line
from .markdown import Block, parse_blocks
from .measurements import RawMeasurement, measure
from .numerals import POINT
from .recognisers import RESULT_FORMS, clean_inline, item_label, parse_result, split_label
from .references import AttemptWords, version_refs


@dataclass
class AttemptFile:
    """What one attempt file says, before merging with the README."""

    number: int
    path: str
    document: Document
    location: Location
    title: str = ""
    result: Result | None = None
    result_text: str = ""
    versions: list[int] = field(default_factory=list)
    date: str | None = None
    measurements: list[RawMeasurement] = field(default_factory=list)


def read_attempt_files(context: Context, folder: FolderInput) -> list[AttemptFile]:
    found: list[AttemptFile] = []
    for entry in folder.listed:
        if entry.name == ATTEMPTS and entry.kind == LINK:
            context.report("warning", Location(f"{folder.name}/{ATTEMPTS}"), "SYMLINK_IGNORED",
                           "symbolic links are not followed; copy the folder instead")
        if not is_attempt_file(entry):
            continue
        name = entry.name.removeprefix(f"{ATTEMPTS}/")
        rel = f"{folder.name}/{entry.name}"
        problem = portability_problem(name)
        if problem:
            context.report("warning", Location(rel), "PORTABILITY",
                           f"file name {problem}; rename it")
        file = folder.file(entry.name)
        if file is None or file.problem == OTHER:
            continue
        document = read_document(folder, entry.name, context.report, ATTEMPT_SCHEMA)
        if file.problem:
            continue
        number = _attempt_number(context, name, rel, document)
        if number is None:
            continue
        found.append(_attempt_file(context, number, rel, document or Document(rel, {}, "", 1)))
    return found


def _attempt_number(context: Context, name: str, rel: str,
                    document: Document | None) -> int | None:
    """``004-x.md`` is attempt 4, and so is ``mitigation-4.md`` (a word of ``attempt_words``);
    a file without a number may say it in its front matter."""
    stem = name.rsplit(".", 1)[0]
    name_match = re.match(r"^(\d{1,4})(?:[-_ .]|$)", stem)
    front_number = document.front_matter.get("number") if document else None
    if name_match:
        return int(name_match.group(1))
    named = context.words.number_in(stem)
    if named is not None:
        return named
    if isinstance(front_number, int) and not isinstance(front_number, bool):
        return front_number
    context.report("warning", Location(rel), "ATTEMPT_NAME",
                   f"attempt file '{name}' has no number; name it like "
                   "'004-short-title.md'")
    return None


def _attempt_file(context: Context, number: int, rel: str, document: Document) -> AttemptFile:
    blocks = parse_blocks(document.body, document.body_line)
    found = AttemptFile(number, rel, document, Location(rel, document.body_line),
                        title=_heading_title(blocks, context.words))
    _read_labels(context, found, blocks)
    _read_front_matter(context, found)
    return found


def _heading_title(blocks: list[Block], words: AttemptWords) -> str:
    """The H1 without its ``Attempt 004:``, ``Mitigation 2 —`` or ``000`` prefix (the file
    name says the number)."""
    heading = next((b for b in blocks if b.kind == "heading" and b.level == 1), None)
    if heading is None:
        return ""
    text = words.prefix.sub("", clean_inline(heading.text), count=1)
    return re.sub(r"^\s*#?\d{1,4}\b\s*[:.\-–—)]?\s*", "", text, count=1) or text


def _read_labels(context: Context, found: AttemptFile, blocks: list[Block]) -> None:
    """The first result and date, and every version named, of the body's labelled lines
    (``**Result:** …`` in a paragraph, or ``- Result: …`` as a top-level list item)."""
    for label, value, line, block in _label_lines(blocks):
        location = Location(found.path, line)
        if label in _RESULT_LABELS and found.result is None:
            value = value or _next_item(blocks, block)
            found.result_text = clean_inline(value)
            found.result = _attempt_result(context, value, location, found.number)
        elif label in _VERSION_LABELS:
            found.versions.extend(v for v in version_refs(value) if v not in found.versions)
        elif label in ("date", "datum", "when", "started") and found.date is None:
            found.date = context.date(value, location)


_VERSION_LABELS = ("hypothesis", "version", "tests version", "theory", "hypothese",
                   "tests hypothesis")


def _label_lines(blocks: list[Block]) -> list[tuple[str, str, int, Block]]:
    """``(label, text, line, block)`` of every labelled paragraph line and top-level item."""
    found: list[tuple[str, str, int, Block]] = []
    for block in blocks:
        if block.kind == "paragraph":
            for index, line in enumerate(block.text.split("\n")):
                labelled = split_label(line)
                if labelled:
                    found.append((*labelled, block.line + index, block))
        elif block.kind == "list":
            for item in block.items:
                labelled = item_label(item.text) if item.depth == 1 else None
                if labelled:
                    found.append((*labelled, item.line, block))
    return found


_RESULT_LABELS = ("result", "outcome", "status", "ergebnis")


def _next_item(blocks: list[Block], block: Block) -> str:
    """``**Result:**`` alone on its line: the result is the first item of the list below."""
    following = blocks[blocks.index(block) + 1:]
    if following and following[0].kind == "list" and following[0].items:
        return following[0].items[0].text
    return ""


def _read_front_matter(context: Context, found: AttemptFile) -> None:
    front = found.document.front_matter
    found.title = as_text(front.get("title")) or found.title
    if "result" in front or "status" in front:
        key = "result" if "result" in front else "status"
        declared_result = front.get(key)
        found.result_text = as_text(declared_result) or (
            "" if declared_result is None else str(declared_result))
        # A true/false is reported as TYPE_COERCED (`status: no` is read as false).
        if not isinstance(declared_result, bool):
            found.result = _attempt_result(
                context, found.result_text,
                Location(found.path, front_line(found.document, key)), found.number)
    found.versions = _front_versions(front) or found.versions
    front_date = as_text(front.get("date"))
    if front_date:
        found.date = context.date(front_date) or found.date
    _front_metrics(context, found)


def _front_versions(front: dict[str, object]) -> list[int]:
    """The versions the front matter names; the last of its keys that names any wins."""
    versions: list[int] = []
    for key in ("version", "versions", "hypothesis"):
        declared = front.get(key)
        numbers: list[int] = []
        if isinstance(declared, bool):
            continue
        if isinstance(declared, int):
            numbers = [declared]
        elif isinstance(declared, str):
            numbers = version_refs(declared) or ([int(declared)] if declared.isdigit() else [])
        elif isinstance(declared, list):
            numbers = [v for v in declared if isinstance(v, int) and not isinstance(v, bool)]
        if numbers:
            versions = numbers
    return versions


def _front_metrics(context: Context, found: AttemptFile) -> None:
    """``metrics:`` of the front matter: ``Latency: 380ms`` or ``Memory: {value, unit}``."""
    rel, document = found.path, found.document
    metrics = document.front_matter.get("metrics")
    if isinstance(metrics, dict):
        for name, raw_value in metrics.items():
            where = Location(rel, front_line(document, str(name)))
            written: object = raw_value
            number: object = raw_value
            if isinstance(raw_value, dict):
                number = raw_value.get("value", "")
                written = f"{number}{raw_value.get('unit', '')}"
            if isinstance(written, bool) or not isinstance(written, (str, int, float)):
                context.report("warning", where, "METRIC_UNPARSEABLE",
                               f"metric '{name}' has value '{raw_value}' — expected a number "
                               "with an optional unit, e.g. '5,200ms'")
                continue
            # A YAML number is YAML's (``3.9``); quoted text follows the file's convention.
            numbers = context.numbers_of(document) if isinstance(number, str) else POINT
            measure(context, found.number, str(name), str(written), where, found.measurements,
                    numbers)
    elif metrics is not None:
        context.report("warning", Location(rel, front_line(document, "metrics")),
                       "FRONTMATTER_TYPE",
                       "'metrics' should map metric names to values, e.g. 'Latency: 380ms'")


def _attempt_result(context: Context, text: str, location: Location, number: int) -> Result:
    result = parse_result(text)
    if result is None:
        context.report("warning", location, "UNKNOWN_RESULT",
                       f"Attempt {number:03d} result '{text}' is not a result; "
                       f"expected {RESULT_FORMS}")
        return Result.UNKNOWN
    return result

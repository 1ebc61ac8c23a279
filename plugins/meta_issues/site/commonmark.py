"""The author's Markdown rewritten so Python-Markdown shows what GitHub shows.

Authors write CommonMark with GitHub's tables and read their files on GitHub; MkDocs renders
them with Python-Markdown, which reads some of the same text differently: a list right after
a line of text (``**Evidence:**`` then ``- …``) stays in the paragraph, a nested list needs
four spaces of indentation, a table or a fence needs a blank line before it, ``#tag`` at the
start of a line is a heading, ``1)`` is not a list marker and a backslash does not break a
line.

markdown-it-py reads the text as GitHub does (it is also the reader's parser). Its block
tokens, with their source lines, decide here what each line is, and the lines are rewritten so
Python-Markdown builds the same blocks: a blank line where a block starts right after another,
list items re-indented by four spaces a level, ``1)`` as ``1.``, setext headings as ATX
headings, a leading ``#`` of paragraph text escaped, a backslash line break as two spaces.
Text inside the lines is never touched, and Material's own syntax (admonitions, content tabs,
attribute lists), which markdown-it reads as paragraphs or code, passes through as written.

Paragraphs made of label lines (``**Result:** …`` then ``**Date:** …``), which both renderers
would run together into one line, become a definition list of fields.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from ..source.recognisers import FIELD_NAMES
from ..source.tokens import block_tokens

LineKind = Literal["text", "code", "heading", "html", "blank"]

_MARKER = re.compile(r"( {0,3})([-+*]|\d{1,9}[.)])( *)")
_QUOTE = re.compile(r" {0,3}> ?")
_ATX = re.compile(r"^ {0,3}#{1,6}(?:[ \t]+|$)(.*?)(?:[ \t]+#+)?[ \t]*$")
_BLOCKS = {"paragraph_open", "heading_open", "bullet_list_open", "ordered_list_open",
           "blockquote_open", "fence", "code_block", "html_block", "hr", "table_open"}
_TABLE_PARTS = {"table_open", "thead_open", "tbody_open", "tr_open", "th_open", "td_open"}
# Python-Markdown nests what follows an item's own first paragraph without a blank line.
_TIGHT_AFTER_TEXT = {"bullet_list_open", "ordered_list_open", "fence"}
_BOLD_LABEL = re.compile(r"^(?:\*\*|__)(?P<label>[^*_:\n]{1,40}?)\s*(?::\s*(?:\*\*|__)|"
                         r"(?:\*\*|__)\s*:)\s*(?P<value>.*)$")
_PLAIN_LABEL = re.compile(r"^(?P<label>[A-Za-z][A-Za-z '/-]{0,30}?)\s*:\s+(?P<value>.+)$")
# Labels of attempt files and companion files, besides the version fields.
_KNOWN_LABELS = frozenset(FIELD_NAMES) | {
    "date", "version", "tests version", "hypothesis", "run against", "steps", "expected",
    "actual", "owner", "last updated", "updated", "last update"}


@dataclass
class Line:
    """One line of the rewritten text; ``source`` is its line in the body (0-based), ``None``
    for a line added here."""

    text: str
    source: int | None
    kind: LineKind = "text"
    level: int = 0  # a heading's level
    heading: str = ""  # a heading's text
    prefix: str = ""  # a heading's container prefix ("> ", "    ")
    anchor: str = ""  # a heading's anchor, from ``anchors``


@dataclass
class _Row:
    """A source line while it is rewritten."""

    rest: str
    prefix: list[str] = field(default_factory=list)
    kind: LineKind = "text"
    level: int = 0
    heading: str = ""
    blank_before: str | None = None  # a blank line to add before, with its quote markers
    lead: list[str] = field(default_factory=list)  # lines to add before the row
    trail: list[str] = field(default_factory=list)  # lines to add after it
    drop: bool = False


@dataclass
class _Frame:
    """An open container token and the last block closed inside it."""

    type: str
    start: int
    end: int
    last_type: str = ""
    last_start: int = -1
    last_end: int = -1
    last_child: str = ""  # for a list item: the type of its last block
    # For a list: where its previous item and that item's last block start.
    last_item_start: int = -1
    last_child_start: int = -1


def normalise(body: str, anchors: Mapping[int, str] | None = None) -> list[Line]:
    """``body`` as Python-Markdown must read it; ``anchors`` maps body lines (0-based) of
    headings, list items and table rows to the ids they get."""
    rows = [_Row(line) for line in body.split("\n")]
    _Rewrite(rows, dict(anchors or {})).run(list(block_tokens(body)))
    return _emit(rows, anchors or {})


class _Rewrite:
    """Walks markdown-it's block tokens once, rewriting the rows they cover."""

    def __init__(self, rows: list[_Row], anchors: dict[int, str]) -> None:
        self.rows = rows
        self.anchors = anchors
        self.stack: list[_Frame] = [_Frame("root", 0, len(rows))]

    def run(self, tokens: list[Any]) -> None:
        for index, token in enumerate(tokens):
            if token.nesting == -1:
                self._close()
            elif token.type != "inline":
                self._open(token, tokens, index)

    def _close(self) -> None:
        frame = self.stack.pop()
        parent = self.stack[-1]
        parent.last_child = frame.type
        if frame.type == "list_item_open":  # a list remembers how its previous item ended
            parent.last_child, parent.last_child_start = frame.last_child, frame.last_start
            parent.last_item_start = frame.start
        parent.last_type, parent.last_start, parent.last_end = frame.type, frame.start, frame.end

    def _open(self, token: Any, tokens: list[Any], index: int) -> None:
        parent = self.stack[-1]
        if token.map is None:  # table cells: inside their row
            self.stack.append(_Frame(token.type, parent.start, parent.end))
            return
        start, end = token.map
        if token.type in _BLOCKS and parent.type not in _TABLE_PARTS:
            self._separate(token.type, start, parent)
        if token.type == "list_item_open":
            self._separate_item(start, parent)
        handler = _HANDLERS.get(token.type)
        if handler is not None:
            handler(self, token, tokens, index)
        if token.nesting == 1:
            self.stack.append(_Frame(token.type, start, end))
        else:
            parent.last_type, parent.last_start, parent.last_end = token.type, start, end
            parent.last_child = token.type

    def _separate(self, kind: str, start: int, parent: _Frame) -> None:
        """A blank line before a block that starts right after its previous sibling."""
        if parent.last_end != start or parent.last_start < 0:
            return
        own_text = parent.type == "list_item_open" and parent.last_start == parent.start
        if own_text and parent.last_type == "paragraph_open" and kind in _TIGHT_AFTER_TEXT:
            return
        self._blank_before(start)

    def _separate_item(self, start: int, parent: _Frame) -> None:
        """After an item ending in code, or in a block after its own text, Python-Markdown
        would take the next item as more text of it."""
        if parent.last_end != start or parent.last_item_start < 0:
            return
        nested = parent.last_child in ("bullet_list_open", "ordered_list_open")
        later = parent.last_child_start != parent.last_item_start
        if parent.last_child in ("fence", "code_block") or (later and not nested):
            self._blank_before(start)

    def _blank_before(self, start: int) -> None:
        quotes = [seg.rstrip() for seg in self.rows[start].prefix if seg.startswith(">")]
        self.rows[start].blank_before = "".join(quotes)

    def _list_item(self, token: Any, tokens: list[Any], index: int) -> None:
        """Re-indent an item: its marker, then four spaces for every line it holds."""
        start, end = token.map
        row = self.rows[start]
        expanded = row.rest.expandtabs(4)
        match = _MARKER.match(expanded)
        if match is None:  # markdown-it said so; keep the line as written
            return
        indent, marker, spaces = match.groups()
        width = match.end()
        if not expanded[width:].strip() or len(spaces) > 4:
            width = len(indent) + len(marker) + 1
        if marker[-1] == ")":
            marker = marker[:-1] + "."
        row.rest = expanded[width:]
        row.prefix.append(f"{marker} ")
        for inner in self.rows[start + 1 : end]:
            if inner.rest.strip():
                text = inner.rest.expandtabs(4)
                inner.rest = text[min(width, len(text) - len(text.lstrip(" "))):]
            inner.prefix.append("    ")
        anchor = self.anchors.get(start)
        own = tokens[index + 1] if index + 1 < len(tokens) else None
        if anchor and own is not None and own.type == "paragraph_open" and own.map:
            self._item_anchor(start, own.map[1] - 1, anchor)

    def _item_anchor(self, start: int, last: int, anchor: str) -> None:
        """``{ #anchor }`` after the item's own text: attr_list gives the item the id."""
        pad = "".join(seg if seg.startswith(">") else "    " for seg in self.rows[start].prefix)
        self.rows[last].trail.append(f"{pad}{{ #{anchor} }}")

    def _quote(self, token: Any, tokens: list[Any], index: int) -> None:
        start, end = token.map
        for row in self.rows[start:end]:
            found = _QUOTE.match(row.rest)
            if found is not None:
                row.rest = row.rest[found.end():]
            row.prefix.append("> ")

    def _code(self, token: Any, tokens: list[Any], index: int) -> None:
        start, end = token.map
        for row in self.rows[start:end]:
            row.kind = "code"
        if token.type == "fence" and not _closes(self.rows[end - 1].rest, token.markup,
                                                  end - 1 > start):
            # Left open, it runs to the end for markdown-it; Python-Markdown needs the close.
            pad = "".join(seg if seg.startswith(">") else "    "
                          for seg in self.rows[end - 1].prefix)
            self.rows[end - 1].trail.append(pad + token.markup)

    def _html(self, token: Any, tokens: list[Any], index: int) -> None:
        start, end = token.map
        for row in self.rows[start:end]:
            row.kind = "html"

    def _heading(self, token: Any, tokens: list[Any], index: int) -> None:
        start, end = token.map
        row = self.rows[start]
        row.kind, row.level = "heading", int(token.tag[1:])
        if token.markup in ("=", "-"):  # setext: the underline goes, the text joins
            row.heading = " ".join(r.rest.strip() for r in self.rows[start : end - 1])
            for other in self.rows[start + 1 : end]:
                other.drop = True
        else:
            found = _ATX.match(row.rest)
            row.heading = found.group(1) if found else row.rest.strip().lstrip("#").strip()

    def _paragraph(self, token: Any, tokens: list[Any], index: int) -> None:
        start, end = token.map
        rows = self.rows[start:end]
        for position, row in enumerate(rows):
            stripped = row.rest.lstrip(" ")
            marker = _MARKER.match(stripped) if position else None
            if stripped.startswith("#"):  # Python-Markdown: a heading
                row.rest = row.rest[: len(row.rest) - len(stripped)] + "\\" + stripped
            elif marker is not None and marker.group(3):  # lazy text, not an item
                cut = len(row.rest) - len(stripped) + marker.end(2) - 1
                row.rest = row.rest[:cut] + "\\" + row.rest[cut:]
            trailing = len(row.rest) - len(row.rest.rstrip("\\"))
            if position < len(rows) - 1 and trailing % 2 == 1:  # a backslash line break
                row.rest = row.rest[:-1] + "  "
        if len(self.stack) == 1:
            _fields(rows)

    def _table_row(self, token: Any, tokens: list[Any], index: int) -> None:
        start = token.map[0]
        anchor = self.anchors.get(start)
        if anchor and tokens[index - 1].type != "thead_open":
            self.rows[start].rest = _anchor_first_cell(self.rows[start].rest, anchor)


_HANDLERS = {
    "list_item_open": _Rewrite._list_item,
    "blockquote_open": _Rewrite._quote,
    "fence": _Rewrite._code,
    "code_block": _Rewrite._code,
    "html_block": _Rewrite._html,
    "heading_open": _Rewrite._heading,
    "paragraph_open": _Rewrite._paragraph,
    "tr_open": _Rewrite._table_row,
}


def _closes(line: str, markup: str, inside: bool) -> bool:
    stripped = line.strip()
    return inside and stripped.startswith(markup) and not stripped.strip(markup[0])


def _anchor_first_cell(row: str, anchor: str) -> str:
    """``| 2025-01-06 { #anchor } | …``: attr_list gives the cell the id."""
    pipes = [m.start() for m in re.finditer(r"(?<!\\)\|", row)]
    leading = bool(pipes) and not row[: pipes[0]].strip()
    cut = pipes[1] if leading and len(pipes) > 1 else (pipes[0] if pipes and not leading
                                                        else len(row))
    cell_end = len(row[:cut].rstrip())
    return f"{row[:cell_end]} {{ #{anchor} }}{row[cell_end:]}"


# --- label lines as fields ------------------------------------------------------------------


def _label(text: str) -> tuple[str, str] | None:
    bold = _BOLD_LABEL.match(text.strip())
    if bold:
        return bold["label"].strip(), bold["value"].strip()
    plain = _PLAIN_LABEL.match(text.strip())
    if plain and plain["label"].strip().lower() in _KNOWN_LABELS:
        return plain["label"].strip(), plain["value"].strip()
    return None


def _fields(rows: list[_Row]) -> None:
    """A paragraph whose lines are ``**Label:** value`` lines as a definition list."""
    labels = [_label(row.rest) for row in rows]
    if len(rows) < 2 or labels[0] is None or sum(1 for found in labels if found) < 2:
        return
    if not any(found and found[0].lower() in _KNOWN_LABELS for found in labels):
        return
    rows[0].lead.extend(["", '<dl class="mi-fields" markdown>'])
    for position, (row, found) in enumerate(zip(rows, labels, strict=True)):
        if found is None:
            row.rest = row.rest.strip()
            continue
        if position:
            rows[position - 1].rest += "</dd>"
        row.lead.append(f"<dt>{html.escape(found[0])}</dt>")
        row.rest = f'<dd markdown="span">{found[1]}'
    rows[-1].rest += "</dd>"
    rows[-1].trail.extend(["</dl>", ""])


# --- output ---------------------------------------------------------------------------------


def _emit(rows: list[_Row], anchors: Mapping[int, str]) -> list[Line]:
    out: list[Line] = []
    for index, row in enumerate(rows):
        if row.drop:
            continue
        if row.blank_before is not None:
            out.append(Line(row.blank_before, None, "blank"))
        out.extend(Line(text, None, "html") for text in row.lead)
        prefix = "".join(row.prefix)
        if not row.rest.strip():
            kept = "".join(seg for seg in row.prefix if seg.strip())
            out.append(Line(kept.rstrip(), index, "blank" if row.kind == "text" else row.kind))
        elif row.kind == "heading":
            out.append(Line(f"{prefix}{'#' * row.level} {row.heading}", index, "heading",
                            row.level, row.heading, prefix, anchors.get(index, "")))
        else:
            out.append(Line(prefix + row.rest, index, row.kind))
        out.extend(Line(text, None, "html") for text in row.trail)
    return out

"""Links written in the folder's Markdown: where each one is, and where it leads.

``find_links`` finds the links and images of one line (and reference definitions), outside
code spans; ``document_links`` collects those of a document with their place and sentence.
``resolve`` says where a link leads in the knowledge base — a page of this or another
investigation, a file beside the text, nothing that exists, or out of the source folder — and
``check_links`` resolves every link of a knowledge base and reports those that lead nowhere,
with ``path:line``, so ``lint`` and ``--strict`` agree.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import unquote

from ..model import Document, Location, SourceLink
from ..safety import is_unsafe_url
from .mentions import sentence_at
from .tokens import block_tokens

_INLINE = re.compile(
    r"(?<!\\)(?P<bang>!?)\[(?P<label>(?:[^\[\]\\\n]|\\.|\[[^\[\]\n]{0,200}\]){0,500})\]"
    r"\(\s*(?:<(?P<angle>[^<>\n]{0,2000})>|(?P<bare>(?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)"
    r"{0,200}\)){0,2000}))(?:\s+(?:\"[^\"\n]{0,500}\"|'[^'\n]{0,500}'|\([^()\n]{0,500}\)))?"
    r"\s*\)"
)
_DEFINITION = re.compile(
    r"^(?P<indent> {0,3})\[(?P<label>[^\]\n]{1,999})\]:[ \t]*(?:<(?P<angle>[^<>\n]*)>"
    r"|(?P<bare>\S+))"
)
# A raw HTML link (the sanitiser lets <a href> through): GitHub resolves it like Markdown's.
_HTML_LINK = re.compile(r"""<a\s[^<>]{0,500}?\bhref\s*=\s*(["'])(?P<target>[^"'<>]{0,2000})\1""",
                        re.I)
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]{0,30}:", re.I)


@dataclass(frozen=True)
class LinkSpan:
    """A link in a line: the whole link, its target's place and the target as written."""

    start: int
    end: int
    target_start: int
    target_end: int
    target: str
    label: str
    image: bool = False
    definition: bool = False  # a reference definition, "[label]: target", or an <a href>


def _masked(line: str) -> str:
    """The line with its code spans blanked out (same length): no links inside code."""
    if "`" not in line:
        return line
    return _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)


def find_links(line: str, definitions: bool = True) -> list[LinkSpan]:
    """The inline links and images of ``line``, a reference definition starting it, and its
    raw HTML links."""
    if "](" not in line and "]:" not in line and "href" not in line:
        return []
    text = _masked(line)
    found: list[LinkSpan] = [
        LinkSpan(m.start(), m.end(), m.start("target"), m.end("target"), m["target"], "",
                 definition=True) for m in _HTML_LINK.finditer(text)]
    if definitions:
        definition = _DEFINITION.match(text)
        if definition is not None:
            group = "angle" if definition["angle"] is not None else "bare"
            return [*found, LinkSpan(0, len(line), definition.start(group),
                                     definition.end(group), definition[group],
                                     definition["label"], definition=True)]
    for match in _INLINE.finditer(text):
        if any(f.start <= match.start() < f.end for f in found):
            continue
        group = "angle" if match["angle"] is not None else "bare"
        label = line[match.start("label"):match.end("label")]
        found.append(LinkSpan(match.start(), match.end(), match.start(group), match.end(group),
                              line[match.start(group):match.end(group)], label,
                              bool(match["bang"])))
        if "](" in label:  # an image inside a link: a badge
            offset = match.start("label")
            found.extend(LinkSpan(s.start + offset, s.end + offset, s.target_start + offset,
                                  s.target_end + offset, s.target, s.label, s.image)
                         for s in find_links(label, definitions=False))
    return found


def document_links(document: Document) -> list[SourceLink]:
    """Every link and image of a document outside code, where it is and in what sentence."""
    found: list[SourceLink] = []
    lines = document.body.split("\n")
    covered: set[int] = set()
    for token in block_tokens(document.body):
        if token.map is None:
            continue
        covered.update(range(*token.map))
        if token.type == "inline":
            found.extend(_inline_links(document, lines, token))
    for index, line in enumerate(lines):  # reference definitions make no tokens
        if index not in covered and "]:" in line:
            found.extend(SourceLink(span.target, _where(document, index, span), span.image,
                                    "") for span in find_links(line))
    found.sort(key=lambda link: (link.location.line, link.location.column or 0))
    return found


def _inline_links(document: Document, lines: list[str], token: Any) -> Iterator[SourceLink]:
    content: str = token.content
    offset = 0
    for index, text in enumerate(content.split("\n")):
        for span in find_links(text, definitions=False):
            row = token.map[0] + index
            column = lines[row].find(text) if row < len(lines) else -1
            where = Location(document.path, document.body_line + row,
                             (column if column >= 0 else 0) + span.start + 1)
            yield SourceLink(span.target, where, span.image,
                             sentence_at(content, offset + span.start))
        offset += len(text) + 1


def _where(document: Document, index: int, span: LinkSpan) -> Location:
    return Location(document.path, document.body_line + index, span.start + 1)


# --- where a link leads ---------------------------------------------------------------------

LinkKind = Literal["keep", "page", "file", "unwritten", "missing", "outside"]


@dataclass(frozen=True)
class LinkTarget:
    """Where a link leads. ``page`` is one of "overview", "attempts", "attempt",
    "test_cases", "log" and "document" (a Markdown file beside the text), for ``issue``."""

    kind: LinkKind
    issue: str = ""
    page: str = ""
    number: int = 0
    path: str = ""  # a file's or document's path inside its folder
    anchor: str = ""
    reason: str = ""  # why a link leads nowhere


KEEP = LinkTarget("keep")


def split_target(target: str) -> tuple[str, str]:
    """``(path, anchor)`` of a link target, entities and percent-escapes decoded, any query
    dropped."""
    path, _, anchor = html.unescape(target).partition("#")
    return unquote(path.partition("?")[0]), unquote(anchor)


def joined_path(source: str, path: str) -> str:
    """The path a link in the file ``source`` names, relative to the source folder
    (``../x`` when it leaves it)."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), path))


def is_external(target: str) -> bool:
    """A URL with a scheme (however spelt: the sanitiser reports script URLs), a
    protocol-relative URL, or only an anchor or a query."""
    decoded = html.unescape(target)
    return (bool(_SCHEME.match(decoded)) or decoded.startswith(("//", "#", "?"))
            or not decoded or is_unsafe_url(target))

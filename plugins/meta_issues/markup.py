"""Markdown written by authors, made safe to render: fenced code, raw HTML, script links.

Shared by the reader (which reports what it would change) and the pages (which change it).
"""

from __future__ import annotations

import functools
import re

from .safety import HANDLER_TEXT, attribute_problem, is_safe_id, is_unsafe_url, url_scheme
from .safety import defang as _defang

_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")


def fenced_code(lines: list[str]) -> tuple[list[bool], str | None]:
    """Which lines are fenced code (markers included), and the fence left open at the end.

    A fence closes on a marker of the same character at least as long, as CommonMark says.
    """
    inside: list[bool] = []
    fence: str | None = None
    for line in lines:
        marker = _FENCE.match(line)
        if fence is not None:
            if marker and marker.group(1)[0] == fence[0] and len(marker.group(1)) >= len(fence):
                fence = None
            inside.append(True)
        elif marker:
            fence = marker.group(1)
            inside.append(True)
        else:
            inside.append(False)
    return inside, fence


# --- HTML in user Markdown -----------------------------------------------------------------
#
# Bodies are rendered as their authors wrote them, but raw HTML is not trusted: a tag outside
# the allowlist, or an allowed tag with an attribute outside the allowlist (``on*`` handlers,
# ``style``) or a ``javascript:``/``vbscript:``/``data:`` URL, is escaped so it shows as text.
# Markdown links and images to such URLs become their plain label. Fenced code and code spans
# are left alone (Markdown already shows them literally).

ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "br", "code", "dd", "del", "details", "div", "dl", "dt", "em", "hr",
    "i", "ins", "kbd", "li", "mark", "nav", "ol", "p", "path", "q", "s", "samp", "small",
    "span", "strong", "sub", "summary", "sup", "svg", "table", "tbody", "td", "th", "thead",
    "tr", "u", "ul", "var",
})
ALLOWED_ATTRIBUTES = frozenset({
    "class", "id", "markdown", "title", "lang", "dir", "open", "colspan", "rowspan", "align",
    "href", "name", "viewbox", "d", "focusable", "role", "fill", "width", "height", "xmlns",
    "data-search-exclude",  # Material's search skips the element; inert otherwise
})
_TAG = re.compile(
    r"<(?P<close>/?)(?P<name>[A-Za-z][A-Za-z0-9:-]*)"
    r"(?P<attrs>(?:\s+[^\s\"'<>/=]+(?:\s*=\s*(?:\"[^\"<>]*\"|'[^'<>]*'|[^\s\"'=<>`]+))?)*)"
    r"\s*/?>"
)
_ATTRIBUTE = re.compile(
    r"(?P<name>[^\s\"'<>/=]+)(?:\s*=\s*(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|(?P<bare>[^\s\"'=<>`]+)))?"
)
_AUTOLINK = re.compile(r"<(?:https?|ftp|mailto):[^\s<>]*>|<[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>",
                       re.I)
_COMMENT = re.compile(r"<!--.*?-->")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)*?\1")
_REF_DEFINITION = re.compile(r"^(\s{0,3})\[([^\]]{1,999})\]:\s*<?([^\s>]*)")


def _unsafe_tag(match: re.Match[str]) -> str | None:
    """Why the tag ``match`` must be escaped, or ``None`` when it may stay."""
    return _unsafe_tag_text(match.group(0))


@functools.lru_cache(maxsize=8192)
def _unsafe_tag_text(tag: str) -> str | None:
    # Generated pages repeat the same few tags (badges, icons) thousands of times.
    match = _TAG.match(tag)
    assert match is not None
    name = match["name"].lower()
    if name not in ALLOWED_TAGS:
        return f"<{match['close']}{match['name']}>"
    for attribute in _ATTRIBUTE.finditer(match["attrs"]):
        key = attribute["name"].lower()
        value = attribute["dq"] or attribute["sq"] or attribute["bare"] or ""
        if key not in ALLOWED_ATTRIBUTES and not key.startswith("aria-"):
            return f"attribute '{attribute['name']}' of <{match['name']}>"
        if attribute_problem(key, value) is not None:
            return f"a {url_scheme(value)}: URL in <{match['name']}>"
    return None


# --- attribute lists ({: #id .class key="value" }) ------------------------------------------
#
# The attr_list extension (which the pages need) lets a body set any attribute on the element
# before a brace: handlers, styles and URLs included. Each unsafe attribute is removed from
# the list (the list goes when nothing is left); classes, ids and harmless keys stay.

ATTRIBUTE_LIST = "in an attribute list"  # how the problems of this section end
_ATTR_LIST_START = re.compile(r"\{:?[ ]*(?=[^}\n ])")
# The tokens of Python-Markdown's attr_list scanner, in its order: key="v", key='v', key=v,
# word (".class", "#id" or a valueless key), and the spaces between them.
_ATTR_TOKEN = re.compile(
    r"(?P<key>[^ =}]+)=(?:\"(?P<dq>.*?)\"|'(?P<sq>.*?)'|(?P<bare>[^ =}]+))|(?P<word>[^ =}]+)| ")


def _attribute_problem(token: re.Match[str]) -> str | None:
    word = token["word"]
    if word is not None:
        if word.startswith("#"):
            return None if is_safe_id(word[1:]) else "an id with quotes or markup"
        return None if word.startswith(".") else attribute_problem(word, None)
    if token["key"] is None:
        return None  # a space
    value = next(v for v in (token["dq"], token["sq"], token["bare"]) if v is not None)
    if token["key"].lower() == "id" and not is_safe_id(value):
        return "an id with quotes or markup"
    return attribute_problem(token["key"], value)


def _attribute_list(text: str, start: int) -> tuple[int, int, list[tuple[int, int, str]]]:
    """The list opening at ``start``: where its tokens end, where the list ends (past ``}``,
    or -1 when it is not closed), and ``(start, end, problem)`` of each unsafe token."""
    opener = _ATTR_LIST_START.match(text, start)
    assert opener is not None
    position, unsafe = opener.end(), []
    while (token := _ATTR_TOKEN.match(text, position)) is not None and token.end() > position:
        problem = _attribute_problem(token)
        if problem is not None:
            unsafe.append((token.start(), token.end(), problem))
        position = token.end()
    closing = text.find("}", position)
    return position, closing + 1 if closing >= 0 else -1, unsafe


def _applies(text: str, start: int, end: int) -> bool:
    """Where attr_list reads a list: closed on the line, and right after an inline element
    (no blank before the brace) or at the end of a block, heading or table cell."""
    if end < 0:
        return False
    after = text[end:].lstrip()
    return start == 0 or not text[start - 1].isspace() or not after or after[0] == "|"


def _unsafe_attribute_lists(text: str) -> tuple[str, list[tuple[int, str]]]:
    """``text`` without the unsafe attributes of its attribute lists, and ``(column,
    problem)`` for each; a list left empty goes entirely."""
    if "{" not in text:
        return text, []
    pieces: list[str] = []
    problems: list[tuple[int, str]] = []
    position = 0
    for opener in _ATTR_LIST_START.finditer(text):
        if opener.start() < position:
            continue
        tokens_end, list_end, unsafe = _attribute_list(text, opener.start())
        if not unsafe or not _applies(text, opener.start(), list_end):
            continue
        problems.extend((start + 1, f"{why} {ATTRIBUTE_LIST}") for start, _, why in unsafe)
        kept = text[opener.end() : tokens_end]
        for start, end, _why in reversed(unsafe):
            kept = kept[: start - opener.end()] + kept[end - opener.end() :]
        pieces.append(text[position : opener.start()])
        if kept.strip():
            pieces.append(f"{text[opener.start() : opener.end()]}{kept.strip()} ")
            position = tokens_end
        else:
            position = list_end
    pieces.append(text[position:])
    return "".join(pieces), problems


_LINK_OPENER = re.compile(r"\]\(\s*<?")
_PARENS = re.compile(r"[()]")


def _unsafe_markdown_links(text: str) -> list[tuple[int, int, int, str]]:
    """``(start, label_end, end, url)`` of inline links and images to unsafe URLs.

    Linear in practice: only destinations that start like an unsafe URL are measured, and
    each scan is bounded (a line of ``[`` and ``](`` must not take seconds).
    """
    found: list[tuple[int, int, int, str]] = []
    position = 0
    for opener in _LINK_OPENER.finditer(text):
        if opener.start() < position:
            continue
        head = text[opener.end() : opener.end() + 100]
        if not is_unsafe_url(re.split(r"[\s)>]", head, maxsplit=1)[0]):
            continue
        middle = opener.start()
        start = text.rfind("[", max(0, middle - 1000), middle)
        depth, end = 0, -1
        for paren in _PARENS.finditer(text, opener.end(), min(len(text), opener.end() + 2000)):
            if paren.group(0) == "(":
                depth += 1
            elif depth == 0:
                end = paren.start()
                break
            else:
                depth -= 1
        if start < 0 or end < 0:
            # Too long to measure: break the link syntax instead ("](" becomes "]&#40;").
            found.append((-1, middle, middle + 2, text[opener.end() : opener.end() + 40]))
            position = middle + 2
            continue
        if start > 0 and text[start - 1] == "!":
            start -= 1
        url = text[opener.end() : end].strip().strip("<>").split(" ")[0]
        found.append((start, middle, end + 1, url))
        position = end + 1
    return found


def _scan_text(text: str) -> tuple[str, list[tuple[int, str]]]:
    """``text`` (no code) made safe, and ``(column, problem)`` for each change."""
    text, problems = _unsafe_attribute_lists(text)
    # Markdown links to unsafe URLs become their label.
    links = _unsafe_markdown_links(text)
    if links:
        pieces: list[str] = []
        position = 0
        for start, label_end, end, url in links:
            problems.append((max(start, label_end) + 1, f"link to a {url_scheme(url)}: URL"))
            if start < 0:
                pieces.extend((text[position:label_end], "]&#40;"))
            else:
                pieces.extend((text[position:start], text[start:label_end].lstrip("!")[1:]))
            position = end
        pieces.append(text[position:])
        text = "".join(pieces)
    out: list[str] = []
    position = 0
    while True:
        found = text.find("<", position)
        if found < 0:
            out.append(_defang(text[position:]))
            break
        out.append(_defang(text[position:found]))
        rest = text[found:]
        keep = _AUTOLINK.match(rest) or _COMMENT.match(rest)
        if keep is None:
            tag = _TAG.match(rest)
            if tag is not None and _unsafe_tag(tag) is None:
                keep = tag
            elif tag is not None or re.match(r"</?[A-Za-z]|<[!?]", rest):
                reason = _unsafe_tag(tag) if tag is not None else rest[:12].split()[0] + "…"
                problems.append((found + 1, reason or "HTML"))
                out.append("&lt;")
                position = found + 1
                continue
        if keep is not None:
            out.append(keep.group(0))
            position = found + len(keep.group(0))
        else:
            out.append("<")
            position = found + 1
    # Escaping can turn a list's "key=value" into one word (an id, say): look once more.
    safe, late = _unsafe_attribute_lists("".join(out))
    problems.extend(late)
    problems.sort()
    return safe, problems


def sanitize_line(line: str) -> tuple[str, list[tuple[int, str]]]:
    """One Markdown line outside fences, made safe; code spans are kept as written."""
    if ("<" not in line and "](" not in line and "{" not in line
            and not HANDLER_TEXT.search(line)):
        return line, []
    safe, problems = _sanitize_line_cached(line)
    return safe, list(problems)


@functools.lru_cache(maxsize=65536)
def _sanitize_line_cached(line: str) -> tuple[str, tuple[tuple[int, str], ...]]:
    parts: list[str] = []
    problems: list[tuple[int, str]] = []
    position = 0
    for span in _CODE_SPAN.finditer(line):
        safe, found = _scan_text(line[position : span.start()])
        problems.extend((column + position, why) for column, why in found)
        parts.extend((safe, span.group(0)))
        position = span.end()
    safe, found = _scan_text(line[position:])
    problems.extend((column + position, why) for column, why in found)
    parts.append(safe)
    return "".join(parts), tuple(problems)


# Python-Markdown's inline pass is quadratic in the inline tokens of a line (figures in
# docs/performance.md), escaped or not; no real prose has this many on one line.
MAX_INLINE_MARKUP = 1000
_INLINE_MARKUP = re.compile(r"[\[\]<>*_`&\\]")


def too_complex(line: str) -> bool:
    """A line Markdown would take seconds or minutes to render inline."""
    return len(line) > MAX_INLINE_MARKUP and len(_INLINE_MARKUP.findall(line)) > MAX_INLINE_MARKUP


def as_code_block(line: str) -> str:
    """The line as a fenced code block: shown as written, never parsed inline."""
    longest = max((len(run) for run in re.findall(r"`+", line)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{line}\n{fence}"


# --- nesting --------------------------------------------------------------------------------
#
# Python-Markdown parses each level of nesting (an indented list, a quote, a block holding
# Markdown in HTML) by recursion, so a few hundred levels exhaust Python's stack and stop the
# build. Deeper levels than any prose needs are flattened to the deepest one allowed.

MAX_NESTING = 32
NESTING_PROBLEM = f"nesting deeper than {MAX_NESTING} levels"
# One step of a line's block prefix: blanks, a quote marker, a list marker.
_PREFIX_STEP = re.compile(r"[ \t]+|>|(?:[-*+]|\d{1,9}[.)])(?=[ \t])")
_BLANKS = re.compile(r"[ \t]+")
_MARKDOWN_BLOCK = re.compile(r"<(?P<close>/?)(?P<name>div|details|nav|section|aside|article|"
                             r"figure|blockquote|ul|ol|li|table|td|th)\b(?P<attrs>[^>]*)>",
                             re.I)
_MARKDOWN_ATTRIBUTE = re.compile(r"\s+markdown(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?",
                                 re.I)


_DEEP_PREFIX = re.compile(rf"^[ \t>*+\-\d.)]{{{MAX_NESTING},}}|<[^>]*\bmarkdown\b", re.M | re.I)


def may_nest_too_deep(text: str) -> bool:
    """Whether ``text`` may nest deeper than ``MAX_NESTING`` (cheap; ``sanitize_markdown``
    decides)."""
    return _DEEP_PREFIX.search(text) is not None


def _columns(blanks: str, start: int) -> int:
    column = start
    for char in blanks:
        column += 4 - column % 4 if char == "\t" else 1
    return column


class _Nesting:
    """Flattens lines nested deeper than ``MAX_NESTING``, one document at a time."""

    def __init__(self) -> None:
        self.html_depth = 0  # open HTML blocks whose content is Markdown (markdown="1")
        self.flattened = False  # the last line was changed, and was the first of its run
        self._previous = False

    def limit(self, line: str, code: bool) -> str:
        limited = self._prefix(line, code)
        if not code and "<" in line:
            limited = _MARKDOWN_BLOCK.sub(self._html, limited)
        changed = limited != line
        self.flattened = changed and not self._previous
        if line.strip():  # blank lines inside a deep block do not end its run
            self._previous = changed
        return limited

    def _prefix(self, line: str, code: bool) -> str:
        """The line with the steps of its prefix past the limit left out; in code, only its
        indentation counts (markers there are text)."""
        pattern = _BLANKS if code else _PREFIX_STEP
        depth = columns = position = 0
        kept: int | None = None
        while (step := pattern.match(line, position)) is not None:
            if step.group(0)[0] in " \t":
                columns = _columns(step.group(0), columns)
            else:
                depth += 1
            if kept is None and depth + columns // 4 > MAX_NESTING:
                kept = position
            position = step.end()
        if kept is None:
            return line
        glue = " " if 0 < kept < position and line[kept - 1] not in " \t" else ""
        return line[:kept] + glue + line[position:]

    def _html(self, tag: re.Match[str]) -> str:
        if tag["close"]:
            self.html_depth = max(0, self.html_depth - 1)
            return tag.group(0)
        if not _MARKDOWN_ATTRIBUTE.search(tag["attrs"]):
            return tag.group(0)
        if self.html_depth >= MAX_NESTING:  # its content stays HTML: no deeper recursion
            return f"<{tag['name']}{_MARKDOWN_ATTRIBUTE.sub('', tag['attrs'])}>"
        self.html_depth += 1
        return tag.group(0)


def sanitize_markdown(text: str) -> tuple[str, list[tuple[int, int, str]]]:
    """Markdown made safe to render: ``(text, [(line index, column, problem)])``.

    Fenced code blocks are kept; a leading ``---`` front matter block is kept (its values are
    escaped where they are emitted). Reference definitions to unsafe URLs are escaped.
    """
    lines = text.split("\n")
    problems: list[tuple[int, int, str]] = []
    start = 0
    if lines and lines[0] == "---":
        closing = next((i for i in range(1, len(lines)) if lines[i] in ("---", "...")), None)
        if closing is not None:
            start = closing + 1
    code, _ = fenced_code(lines[start:])
    nesting = _Nesting()
    for index in range(start, len(lines)):
        line = nesting.limit(lines[index], code[index - start])
        if nesting.flattened:
            problems.append((index, 1, NESTING_PROBLEM))
        if code[index - start]:
            lines[index] = line
            continue
        if too_complex(line):
            lines[index] = as_code_block(line)
            continue
        definition = _REF_DEFINITION.match(line)
        if definition and is_unsafe_url(definition.group(3)):
            problems.append((index, len(definition.group(1)) + 1,
                             f"link to a {url_scheme(definition.group(3))}: URL"))
            line = f"{definition.group(1)}\\[{line[len(definition.group(1)) + 1:]}"
            line = line.replace("]:", "\\]:", 1)
        safe, found = sanitize_line(line)
        problems.extend((index, column, why) for column, why in found)
        lines[index] = safe
    return "\n".join(lines), problems


def no_markup(text: str) -> str:
    """Text for places themes print unescaped (page titles, tags): ``<`` and ``>`` as entities."""
    return _defang(text.replace("<", "&lt;").replace(">", "&gt;"))

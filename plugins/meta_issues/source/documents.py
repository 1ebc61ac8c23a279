"""One file of a meta-issue folder as a ``Document``: decoded, front matter split off, its
markup checked for what the renderer will not show as written, and the way it writes numbers
(decimal point or comma) judged from its own text."""

from __future__ import annotations

from ..markup import (
    ATTRIBUTE_LIST,
    MAX_INLINE_MARKUP,
    MAX_NESTING,
    NESTING_PROBLEM,
    may_nest_too_deep,
    sanitize_markdown,
    too_complex,
)
from ..model import Document, Location
from .files import LINK, MAX_BYTES, FolderInput
from .frontmatter import Report, Schema, decode_source, split_front_matter
from .numerals import combined, number_style


def read_document(folder: FolderInput, name: str, report: Report,
                  schema: Schema | None = None) -> Document | None:
    """The file ``name`` of the folder as a document, or ``None`` (reported when it exists)."""
    file = folder.file(name)
    if file is None:
        return None
    rel = f"{folder.name}/{name}"
    if file.problem == LINK:
        report("warning", Location(rel), "SYMLINK_IGNORED",
               "symbolic links are not followed; copy the file instead")
        return None
    if file.problem:
        if file.problem.startswith("unreadable"):
            report("error", Location(rel), "UNREADABLE",
                   f"cannot read the file: {file.problem.partition(': ')[2]}")
        return None
    text = decode_source(file.data, file.size, rel, report)
    if text is None:
        return None
    if not text.strip() and file.size <= MAX_BYTES:  # a large file is reported as such
        report("warning", Location(rel, 1), "EMPTY_FILE", "file is empty")
    source = split_front_matter(text, rel, report, schema)
    _check_markup(source.body, rel, source.body_line, report)
    _check_complexity(source.body, rel, source.body_line, report)
    numbers = combined(number_style(source.body, source.body_line),
                       number_style("\n".join(_texts(source.front_matter)), None))
    return Document(rel, source.front_matter, source.body, source.body_line, source.front_text,
                    numbers)


def _texts(value: object, depth: int = 0) -> list[str]:
    """The text values of the front matter: its numbers are YAML's, its quoted text the
    author's (``"18.450 rows/s"``)."""
    if isinstance(value, str):
        return [value]
    if depth > 8:
        return []
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    return [text for item in items for text in _texts(item, depth + 1)]


def _check_complexity(body: str, rel: str, body_line: int, report: Report) -> None:
    """Lines too dense in markup for Markdown to render in reasonable time."""
    for index, line in enumerate(body.split("\n")):
        if too_complex(line):
            report("warning", Location(rel, body_line + index), "LINE_TOO_COMPLEX",
                   f"a line of {len(line):,} characters with more than {MAX_INLINE_MARKUP:,} "
                   "markup characters is shown as code; split it or put it in a code block")


def _check_markup(body: str, rel: str, body_line: int, report: Report) -> None:
    """Raw HTML, script links and unsafe attributes that the renderer will not show as
    written (one report of each kind a line)."""
    if ("<" not in body and "](" not in body and "]:" not in body and "{" not in body
            and not may_nest_too_deep(body)):
        return
    by_line: dict[int, list[tuple[int, str]]] = {}
    for index, column, problem in sanitize_markdown(body)[1]:
        by_line.setdefault(index, []).append((column, problem))
    for index, found in sorted(by_line.items()):
        line = body_line + index
        if (1, NESTING_PROBLEM) in found:
            found.remove((1, NESTING_PROBLEM))
            report("warning", Location(rel, line, 1), "NESTING_TOO_DEEP",
                   f"lists, quotes or Markdown blocks nested more than {MAX_NESTING} levels "
                   f"deep are shown at level {MAX_NESTING} from here on; nest less deeply")
        attributes = [(col, why) for col, why in found if why.endswith(ATTRIBUTE_LIST)]
        found = [(col, why) for col, why in found if not why.endswith(ATTRIBUTE_LIST)]
        links = [(col, why) for col, why in found if why.startswith("link to")]
        html = [(col, why) for col, why in found if not why.startswith("link to")]
        if attributes:
            column, why = attributes[0]
            more = f" (and {len(attributes) - 1} more)" if len(attributes) > 1 else ""
            report("warning", Location(rel, line, column), "UNSAFE_ATTRIBUTE",
                   f"{why}{more} is removed; attribute lists may set ids, classes and "
                   "harmless attributes only")
        if links:
            report("warning", Location(rel, line, found[0][0]), "UNSAFE_LINK",
                   f"{links[0][1]} is shown as plain text; link to http(s) pages or to files "
                   "of the folder instead")
        if html:
            shown = ", ".join(dict.fromkeys(why for _col, why in html))
            report("warning", Location(rel, line, min(col for col, _why in html)), "RAW_HTML",
                   f"raw HTML ({shown[:160]}) is shown as text; use Markdown, or only "
                   "formatting tags such as <details>, <summary>, <br>, <sub>, <sup>, <kbd> "
                   "without event handlers")

"""One file of a meta-issue folder as a ``Document``: decoded, front matter split off, its
markup checked for what the renderer will not show as written, and the way it writes numbers
(decimal point or comma) judged from its own text."""

from __future__ import annotations

from ..markup import MAX_INLINE_MARKUP, sanitize_markdown, too_complex
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
    """Raw HTML and script links that the renderer will show as text (one report a line)."""
    if "<" not in body and "](" not in body and "]:" not in body:
        return
    by_line: dict[int, list[tuple[int, str]]] = {}
    for index, column, problem in sanitize_markdown(body)[1]:
        by_line.setdefault(index, []).append((column, problem))
    for index, found in sorted(by_line.items()):
        column = found[0][0]
        links = [why for _col, why in found if why.startswith("link to")]
        html = [why for _col, why in found if not why.startswith("link to")]
        where = Location(rel, body_line + index, column)
        if links:
            report("warning", where, "UNSAFE_LINK",
                   f"{links[0]} is shown as plain text; link to http(s) pages or to files of "
                   "the folder instead")
        if html:
            shown = ", ".join(dict.fromkeys(html))
            report("warning", Location(rel, body_line + index, min(c for c, w in found
                                                                    if w in html)),
                   "RAW_HTML",
                   f"raw HTML ({shown[:160]}) is shown as text; use Markdown, or only "
                   "formatting tags such as <details>, <summary>, <br>, <sub>, <sup>, <kbd> "
                   "without event handlers")

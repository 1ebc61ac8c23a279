"""The box listing problems found in the source files, at the top of the pages they concern
(the plugin also puts the problems of an investigation's charts on its overview)."""

from __future__ import annotations

from ..model import MetaIssue
from ..text import one_line

_TITLE = '!!! warning "Problems in the source files"'
_INTRO = "    The knowledge base was built, but these need fixing:\n"


def problem_box(problems: list[str], limit: int = 50) -> str:
    """The box listing problems found in the source files, as Markdown ("" for none).

    Each problem is a code span, which shows its text literally: no escaping (an escaped
    quote would show as ``&#x27;``), only backticks, which would end the span, are replaced.
    """
    if not problems:
        return ""
    lines = [_TITLE, _INTRO]
    lines.extend(_item(p) for p in problems[:limit])
    if len(problems) > limit:
        lines.append(f"    - … and {len(problems) - limit} more")
    return "\n".join(lines) + "\n\n"


def _item(problem: str) -> str:
    return f"    - `{one_line(problem, 300).replace('`', chr(39))}`"


def with_problems(markdown: str, problems: list[str]) -> str:
    """A page with more problems (its charts'): added to its box, or in a new box at the top,
    so a page has one box whatever found the problems."""
    if not problems:
        return markdown
    start = markdown.find(_TITLE + "\n" + _INTRO)
    if start < 0:
        return problem_box(problems) + markdown
    lines = markdown[start:].split("\n")
    last = 1
    for index, line in enumerate(lines[2:], start=2):  # the box's own list, and no further
        if line.startswith("    - "):
            last = index
        elif line.strip():
            break
    lines[last + 1:last + 1] = [_item(p) for p in problems]
    return markdown[:start] + "\n".join(lines)


def diagnostic_banner(issue: MetaIssue, prefix: str, path_filter: str | None = None) -> str:
    """The problems of one investigation (only those in ``path_filter``, if given)."""
    problems = [d.format(prefix) for d in issue.diagnostics
                if d.level != "info"
                and (path_filter is None or d.location.path == path_filter)]
    return problem_box(problems)

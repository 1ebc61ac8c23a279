"""The box listing problems found in the source files, at the top of the pages they concern
(the plugin also puts the problems of an investigation's charts on its overview)."""

from __future__ import annotations

from ..model import MetaIssue
from ..text import one_line


def problem_box(problems: list[str], limit: int = 50) -> str:
    """The box listing problems found in the source files, as Markdown ("" for none).

    Each problem is a code span, which shows its text literally: no escaping (an escaped
    quote would show as ``&#x27;``), only backticks, which would end the span, are replaced.
    """
    if not problems:
        return ""
    lines = ['!!! warning "Problems in the source files"',
             "    The knowledge base was built, but these need fixing:\n"]
    lines.extend(f"    - `{one_line(p, 300).replace('`', chr(39))}`" for p in problems[:limit])
    if len(problems) > limit:
        lines.append(f"    - … and {len(problems) - limit} more")
    return "\n".join(lines) + "\n\n"


def diagnostic_banner(issue: MetaIssue, prefix: str, path_filter: str | None = None) -> str:
    """The problems of one investigation (only those in ``path_filter``, if given)."""
    problems = [d.format(prefix) for d in issue.diagnostics
                if d.level != "info"
                and (path_filter is None or d.location.path == path_filter)]
    return problem_box(problems)

"""The crumbs and tabs at the top of every page of an investigation."""

from __future__ import annotations

from .anchors import change_anchor
from .context import IssueContext
from .escape import esc


def tabs(ctx: IssueContext, current: str) -> str:
    """Crumbs back to the investigations list, then a tab for each page of this one."""
    issue, layout = ctx.issue, ctx.layout
    entries = [("Overview", layout.overview(issue)), ("Evolution", layout.evolution(issue)),
               ("Attempts", layout.attempts_index(issue))]
    if issue.test_cases_doc is not None:
        entries.append(("Test cases", layout.test_cases(issue)))
    if issue.log_doc is not None:
        entries.append(("Implementation log", layout.log(issue)))
    parts = []
    for label, src in entries:
        if src == current:
            parts.append(f"**{label}**")
        else:
            parts.append(f"[{label}]({ctx.link(current, src)})")
    home = ctx.link(current, layout.home)
    # data-search-exclude: Material's search skips it (no crumbs in every result).
    crumbs = f'<nav class="mi-crumbs" markdown data-search-exclude>[Investigations]' \
        f'({home}) › ' \
        f'{esc(issue.title)} · {" · ".join(parts)}</nav>\n'
    if issue.changed:  # preview builds (compare_to): the Changes page exists then
        changes = ctx.link(current, layout.changes, change_anchor(issue.id))
        crumbs += (f"\n[changed in this preview]({changes})"
                   "{ .mi-badge .mi-badge--changed }\n")
    return crumbs

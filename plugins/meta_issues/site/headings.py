"""Headings that name their investigation for search but not in the table of contents."""

from __future__ import annotations

import html

from .escape import esc, esc_attr


def search_context(title: str, heading: str) -> str:
    """The investigation's name inside a heading, visually hidden: search results for a
    version or an insight then say which investigation it belongs to."""
    if title.lower() in heading.lower():
        return ""
    return f' <span class="mi-context">· {esc(title)}</span>'


def toc_label(heading: str) -> str:
    """Keeps the table of contents free of the hidden context."""
    label = esc_attr(html.unescape(heading)).replace("{", "&#123;").replace("}", "&#125;")
    return f'data-toc-label="{label}"'

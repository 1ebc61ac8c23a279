"""A page's table of contents made as safe as its content.

Themes print each entry's anchor into a link without escaping it (Material's ``toc-item.html``
writes ``href="{{ toc_item.url }}"``) and its title as HTML, so both are checked here, after
the page's HTML went through the sanitiser.
"""

from __future__ import annotations

import html

from mkdocs.structure.toc import AnchorLink, TableOfContents

from ..safety import is_safe_id
from ..sanitizer import clean_html


def clean_toc(toc: TableOfContents | list[AnchorLink]) -> None:
    """Escape anchors a theme would print raw; sanitise titles (kept when already clean)."""
    for item in toc:
        if not is_safe_id(item.id):
            # The browser decodes the entities back, so the link still finds its heading.
            item.id = html.escape(item.id, quote=True)
        if "<" in item.title or "&" in item.title:
            item.title = clean_html(item.title)
        clean_toc(item.children)

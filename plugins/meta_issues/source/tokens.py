"""markdown-it's block tokens of a body, parsed once for all who read them.

The reader's links, the anchors of headings, the page's rewriting for Python-Markdown and the
backlinks all walk the same blocks of the same file; the tokens are kept for the few bodies a
build is working on (they are read, never changed).
"""

from __future__ import annotations

import functools
from typing import Any

from markdown_it import MarkdownIt

# CommonMark with GitHub's tables, raw HTML allowed; inline content kept as written.
BLOCKS = MarkdownIt("commonmark", {"html": True}).enable("table").disable("inline")
INLINE = MarkdownIt("commonmark", {"html": True}).enable("table")


@functools.lru_cache(maxsize=64)
def block_tokens(body: str) -> tuple[Any, ...]:
    """The block tokens of ``body`` (inline tokens keep their raw ``content``)."""
    return tuple(BLOCKS.parse(body))

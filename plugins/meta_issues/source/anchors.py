"""The anchors GitHub gives the headings of a Markdown file, so links written for GitHub
(``test-cases.md#tc-2-memory-soak``) find the same heading on the site."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from ..text import github_slug
from .tokens import INLINE, block_tokens


@dataclass(frozen=True)
class Heading:
    line: int  # 0-based line in the body
    level: int
    text: str  # as a browser shows it: no markup
    anchor: str


def heading_anchors(body: str, first_line: int = 1) -> dict[int, str]:
    """File line -> anchor of every heading of ``body`` (whose first line is
    ``first_line``), numbered ``-1``, ``-2``… when repeated, as GitHub does."""
    return {first_line + heading.line: heading.anchor for heading in headings(body)}


@functools.lru_cache(maxsize=1024)
def headings(body: str) -> tuple[Heading, ...]:
    """Every heading of ``body`` with the anchor GitHub gives it."""
    found: list[Heading] = []
    seen: dict[str, int] = {}
    tokens = block_tokens(body)
    for position, token in enumerate(tokens):
        if token.type != "heading_open" or token.map is None:
            continue
        # Only a heading's own text is parsed inline: its anchor is made of it without markup.
        inline = INLINE.parseInline(tokens[position + 1].content)
        text = heading_text(inline[0] if inline else None).strip()
        found.append(Heading(token.map[0], int(token.tag[1:]), text,
                             numbered(github_slug(text), seen)))
    return tuple(found)


def numbered(slug: str, seen: dict[str, int]) -> str:
    """``slug``, or ``slug-1``, ``slug-2``… when it was given before (github-slugger)."""
    anchor = slug
    while anchor in seen:
        seen[slug] += 1
        anchor = f"{slug}-{seen[slug]}"
    seen[anchor] = 0
    return anchor


def heading_text(inline: object) -> str:
    """The text of an inline token as a browser shows it: no markup, no HTML tags."""
    parts: list[str] = []
    for child in getattr(inline, "children", None) or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append(" ")
    return "".join(parts)

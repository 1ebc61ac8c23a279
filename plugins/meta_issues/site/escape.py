"""User text placed into generated Markdown and HTML: escaped, flattened or indented."""

from __future__ import annotations

import html
import re


def esc(text: str) -> str:
    """Escape user text for generated Markdown/HTML: tags, entities, table pipes and braces
    (a '{' in a heading would end its attribute list early)."""
    return (html.escape(text, quote=True).replace("|", "&#124;").replace("\n", " ")
            .replace("{", "&#123;").replace("}", "&#125;"))


_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_\[\]#!~])")


def text_in_markdown(text: str) -> str:
    """Plain text shown as it is inside generated Markdown: escaped once for HTML (``esc``)
    and Markdown's own marks backslash-escaped, so ``*`` or ``[`` stay characters."""
    return esc(_MARKDOWN_PUNCTUATION.sub(r"\\\1", text))


def esc_attr(text: str) -> str:
    return html.escape(" ".join(text.split()), quote=True).replace("|", "&#124;")


def plain(markdown: str) -> str:
    """Markdown without its emphasis and code marks, for one-line summaries and labels."""
    return re.sub(r"[*_`]", "", markdown)


def flatten(text: str) -> str:
    """Text on one line: a line break would end the list item or admonition it goes in."""
    return " ".join(text.split())


def indent_block(text: str, spaces: int) -> str:
    """A block indented to sit inside a list item or an admonition."""
    pad = " " * spaces
    return text.strip("\n").replace("\n", "\n" + pad) + "\n"

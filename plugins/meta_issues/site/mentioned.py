"""The "Mentioned in" blocks: backlinks with the sentence that mentions, on every page kind."""

from __future__ import annotations

from collections.abc import Sequence

from .backlinks import Mention
from .context import IssueContext
from .escape import text_in_markdown
from .pages import Backlink

MAX_SHOWN = 20


def mentioned_in(ctx: IssueContext, src: str, mentions: Sequence[Mention],
                 title: str = "Mentioned in") -> str:
    """A block listing ``mentions``, each linking to its place, with its sentence ("" for
    none). Search skips it: a result should be the text itself, not a quote of it."""
    if not mentions:
        return ""
    lines = ['<div class="mi-backlinks" markdown data-search-exclude>', ""]
    if title:
        lines.extend([f"**{title}**", ""])
    for mention in mentions[:MAX_SHOWN]:
        place = mention.place
        link = ctx.link(src, place.page, place.anchor)
        quote = f" — “{text_in_markdown(mention.sentence)}”" if mention.sentence else ""
        lines.append(f"- [{text_in_markdown(place.label)}]({link}){ctx.attribute()}{quote}")
    if len(mentions) > MAX_SHOWN:
        lines.append(f"- … and {len(mentions) - MAX_SHOWN} more")
    lines.extend(["", "</div>", ""])
    return "\n".join(lines)


def linked_from(ctx: IssueContext, src: str, backlinks: Sequence[Backlink]) -> str:
    """The other investigations that link to this one, with the sentence of each link."""
    if not backlinks:
        return ""
    lines = ["## Linked from other investigations\n",
             '<div class="mi-backlinks" markdown data-search-exclude>', ""]
    for backlink in backlinks[:MAX_SHOWN]:
        link = ctx.link(src, backlink.page, backlink.anchor)
        where = text_in_markdown(f"{backlink.title} › {backlink.place}"
                                 if backlink.place != backlink.title else backlink.title)
        quote = f" — “{text_in_markdown(backlink.sentence)}”" if backlink.sentence else ""
        lines.append(f"- [{where}]({link}){ctx.attribute()}{quote}")
    if len(backlinks) > MAX_SHOWN:
        lines.append(f"- … and {len(backlinks) - MAX_SHOWN} more")
    lines.extend(["", "</div>", ""])
    return "\n".join(lines)

"""Markdown as a flat list of blocks with source lines, built on markdown-it-py tokens.

The parser reads structure (headings, paragraphs, lists, fences, tables) from here and never
from regular expressions over the raw text, so code blocks and indentation are understood the
way a Markdown renderer understands them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .tokens import block_tokens

BlockKind = Literal["heading", "paragraph", "list", "fence", "table", "other"]


@dataclass
class ListItem:
    text: str
    line: int
    depth: int
    ordered: bool


@dataclass
class Block:
    kind: BlockKind
    line: int  # 1-based line in the file
    end_line: int  # 1-based, inclusive
    text: str = ""
    level: int = 0
    items: list[ListItem] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    info: str = ""


def parse_blocks(body: str, first_line: int = 1) -> list[Block]:
    """Top-level blocks of ``body``; ``first_line`` is the file line of the body's first line."""
    # Only block structure is read (inline tokens keep their raw ``content``), and the tokens
    # are shared with the other readers of the same body (``tokens``).
    tokens = list(block_tokens(body))
    blocks: list[Block] = []
    offset = first_line
    index = 0
    while index < len(tokens):
        token = tokens[index]
        start, end = token.map if token.map else (0, 0)
        line, end_line = start + offset, max(start, end - 1) + offset
        if token.type == "heading_open":
            inline = tokens[index + 1]
            blocks.append(
                Block("heading", line, end_line, inline.content.strip(), int(token.tag[1:]))
            )
            index += 3
        elif token.type == "paragraph_open" and token.level == 0:
            blocks.append(Block("paragraph", line, end_line, tokens[index + 1].content))
            index += 3
        elif token.type in ("bullet_list_open", "ordered_list_open") and token.level == 0:
            index, items = _collect_list(tokens, index, offset)
            blocks.append(Block("list", line, end_line, items=items))
        elif token.type in ("fence", "code_block") and token.level == 0:
            blocks.append(
                Block("fence", line, end_line, token.content, info=token.info.strip())
            )
            index += 1
        elif token.type == "table_open" and token.level == 0:
            index, rows = _collect_table(tokens, index)
            blocks.append(Block("table", line, end_line, rows=rows))
        else:
            if token.level == 0 and token.map and not token.type.endswith("_close"):
                blocks.append(Block("other", line, end_line, token.content))
            index += 1
    return blocks


def _collect_list(tokens: list, index: int, offset: int) -> tuple[int, list[ListItem]]:  # type: ignore[type-arg]
    items: list[ListItem] = []
    depth = 0
    ordered_stack: list[bool] = []
    while index < len(tokens):
        token = tokens[index]
        if token.type in ("bullet_list_open", "ordered_list_open"):
            ordered_stack.append(token.type == "ordered_list_open")
            depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
            ordered_stack.pop()
            if depth == 0:
                return index + 1, items
        elif token.type == "list_item_open":
            text, line = "", (token.map[0] if token.map else 0) + offset
            # The item's own text is its first paragraph (or inline) before any nested list.
            probe = index + 1
            while probe < len(tokens) and tokens[probe].type not in (
                "list_item_close", "bullet_list_open", "ordered_list_open"
            ):
                if tokens[probe].type == "inline" and not text:
                    text = tokens[probe].content
                probe += 1
            items.append(ListItem(text, line, depth, ordered_stack[-1]))
        index += 1
    return index, items


def _collect_table(tokens: list, index: int) -> tuple[int, list[list[str]]]:  # type: ignore[type-arg]
    rows: list[list[str]] = []
    current: list[str] = []
    while index < len(tokens):
        token = tokens[index]
        if token.type == "tr_open":
            current = []
        elif token.type == "inline":
            current.append(token.content.strip())
        elif token.type == "tr_close":
            rows.append(current)
        elif token.type == "table_close":
            return index + 1, rows
        index += 1
    return index, rows


@dataclass
class Section:
    heading: Block | None
    blocks: list[Block]

    @property
    def title(self) -> str:
        return self.heading.text if self.heading else ""

    @property
    def line(self) -> int:
        if self.heading:
            return self.heading.line
        return self.blocks[0].line if self.blocks else 1


def sections(blocks: list[Block], level: int | None = None) -> list[Section]:
    """Each heading (of ``level``, or any level) with the blocks up to the next one as deep."""
    found: list[Section] = []
    for position, block in enumerate(blocks):
        if block.kind != "heading" or (level is not None and block.level != level):
            continue
        body: list[Block] = []
        for following in blocks[position + 1 :]:
            if following.kind == "heading" and following.level <= block.level:
                break
            body.append(following)
        found.append(Section(block, body))
    return found


def source_lines(lines: list[str], start: int, end: int) -> str:
    """File lines ``start``..``end`` (1-based, inclusive) of a body that starts at line 1."""
    return "\n".join(lines[start - 1 : end])

"""Reading files safely: encodings, sizes, and YAML front matter with line-accurate errors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .model import Diagnostic, Level, Location

MAX_BYTES = 1_000_000
MAX_YAML_NODES = 10_000

Report = Callable[[Level, Location, str, str], None]


@dataclass
class SourceText:
    text: str
    front_matter: dict[str, Any]
    body: str
    body_line: int
    front_text: str = ""


def read_source(path: Path, rel: str, report: Report) -> str | None:
    """The file as text with ``\\n`` line ends, or ``None`` (reported) when it is not text."""
    try:
        data = path.read_bytes()
    except OSError as error:
        report("error", Location(rel), "UNREADABLE", f"cannot read the file: {error.strerror}")
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        report("error", Location(rel), "ENCODING", "file is UTF-16; convert it to UTF-8")
        return None
    if b"\x00" in data[:8192]:
        report("error", Location(rel), "BINARY_FILE", "file holds binary data, not Markdown")
        return None
    if len(data) > MAX_BYTES:
        report(
            "warning",
            Location(rel),
            "FILE_TOO_LARGE",
            f"{len(data) / 1e6:.1f} MB > max_bytes {MAX_BYTES / 1e6:.0f} MB; "
            "only its front matter is read",
        )
        head = data[:65536].decode("utf-8-sig", errors="replace")
        fm_end = head.find("\n---", 4)
        data = head[: fm_end + 4].encode() if head.startswith("---") and fm_end > 0 else b""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        report(
            "error",
            Location(rel, line, column),
            "ENCODING",
            f"byte 0x{data[error.start]:02x} is not UTF-8; save the file as UTF-8",
        )
        return None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


class _Loader(yaml.SafeLoader):
    """SafeLoader that reports duplicate keys and refuses alias bombs."""

    duplicate_keys: list[tuple[str, int, int]]
    node_count: int


def _construct_mapping(loader: _Loader, node: yaml.MappingNode, deep: bool = False) -> Any:
    seen: dict[Any, int] = {}
    for key_node, _value in node.value:
        key = loader.construct_object(key_node, deep=deep)
        line = key_node.start_mark.line
        if isinstance(key, str) and key in seen:
            loader.duplicate_keys.append((key, seen[key], line))
        if isinstance(key, str):
            seen[key] = line
    return loader.construct_mapping(node, deep=deep)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _count_nodes(node: yaml.Node, budget: int) -> int:
    """Nodes after alias expansion, stopping once over budget (billion laughs)."""
    total = 0
    stack: list[yaml.Node] = [node]
    while stack:
        current = stack.pop()
        total += 1
        if total > budget:
            return total
        if isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                stack.extend((key, value))
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
    return total


def split_front_matter(text: str, rel: str, report: Report) -> SourceText:
    """Separate a leading ``---`` YAML block; problems are reported, never raised."""
    if not text.startswith("---\n") and text.rstrip("\n") != "---":
        return SourceText(text, {}, text, 1)
    lines = text.split("\n")
    closing = next(
        (i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None
    )
    if closing is None:
        report(
            "error",
            Location(rel, 1),
            "FRONTMATTER_UNTERMINATED",
            "front matter opened with '---' is never closed; add a '---' line after it",
        )
        return SourceText(text, {}, text, 1)
    yaml_text = "\n".join(lines[1:closing])
    body = "\n".join(lines[closing + 1 :])
    body_line = closing + 2
    data = load_yaml(yaml_text, rel, 2, report)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        report(
            "error",
            Location(rel, 2),
            "FRONTMATTER_NOT_MAPPING",
            f"front matter is a {type(data).__name__}; expected 'key: value' lines",
        )
        data = {}
    return SourceText(text, {str(k): v for k, v in data.items()}, body, body_line, yaml_text)


def load_yaml(yaml_text: str, rel: str, first_line: int, report: Report) -> Any:
    try:
        loader = _Loader(yaml_text)
        loader.duplicate_keys = []
        try:
            node = loader.get_single_node()
            if node is None:
                return None
            if _count_nodes(node, MAX_YAML_NODES) > MAX_YAML_NODES:
                report(
                    "error",
                    Location(rel, first_line),
                    "YAML_TOO_COMPLEX",
                    f"front matter expands to more than {MAX_YAML_NODES:,} nodes; "
                    "remove the aliases",
                )
                return None
            data = loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.constructor.ConstructorError as error:
        mark = error.problem_mark
        line = first_line + (mark.line if mark else 0)
        if (error.problem and "!!python" in error.problem) or "python/" in str(error):
            report(
                "error",
                Location(rel, line),
                "YAML_UNSAFE_TAG",
                "front matter uses a Python tag, which is never executed; remove it",
            )
        else:
            report("error", Location(rel, line), "YAML_SYNTAX", _yaml_problem(error))
        return None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        line = first_line + (mark.line if mark else 0)
        column = (mark.column + 1) if mark else None
        hint = _yaml_problem(error)
        if "\t" in hint or "'\\t'" in hint:
            hint += "; indent with spaces, not tabs"
        report("error", Location(rel, line, column), "YAML_SYNTAX", hint)
        return None
    except (yaml.YAMLError, ValueError, OverflowError, RecursionError) as error:
        # safe_load turns 2024-02-30 into a ValueError, and huge integers too.
        report("error", Location(rel, first_line), "YAML_VALUE", f"invalid value: {error}")
        return None
    for key, first, second in loader.duplicate_keys:
        report(
            "warning",
            Location(rel, first_line + second),
            "DUPLICATE_KEY",
            f"key '{key}' appears on lines {first_line + first} and {first_line + second}; "
            "the last one is used",
        )
    return data


def _yaml_problem(error: yaml.MarkedYAMLError) -> str:
    problem = error.problem or str(error).splitlines()[0]
    return f"invalid YAML: {problem}"


def as_text(value: Any) -> str | None:
    """A front matter scalar as text: dates in ISO form, numbers as written."""
    if value is None:
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value)
    return None


def make_reporter(sink: list[Diagnostic]) -> Report:
    seen: set[tuple[str, str, str]] = set()

    def report(level: Level, location: Location, code: str, message: str) -> None:
        key = (str(location), code, message)
        if key not in seen:
            seen.add(key)
            sink.append(Diagnostic(level, location, code, message))

    return report

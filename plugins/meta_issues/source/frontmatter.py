"""Reading files safely: encodings, sizes, and YAML front matter with line-accurate errors."""

from __future__ import annotations

import datetime as dt
import difflib
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml

from ..model import Diagnostic, Document, Level, Location
from .files import MAX_BYTES

MAX_YAML_NODES = 10_000

Report = Callable[[Level, Location, str, str], None]


@dataclass
class SourceText:
    text: str
    front_matter: dict[str, Any]
    body: str
    body_line: int
    front_text: str = ""


def decode_source(data: bytes, size: int, rel: str, report: Report) -> str | None:
    """The file's bytes as text with ``\\n`` line ends, or ``None`` (reported) when they are
    not text. ``size`` is the file's size on disk (``data`` is only the head of a large file)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        report("error", Location(rel), "ENCODING", "file is UTF-16; convert it to UTF-8")
        return None
    nul = data.find(b"\x00")  # anywhere: a text head does not make the rest text
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        report("error", Location(rel, line), "BINARY_FILE",
               "file holds binary data (a NUL byte), not Markdown")
        return None
    if size > MAX_BYTES:
        report(
            "warning",
            Location(rel),
            "FILE_TOO_LARGE",
            f"{size / 1e6:.1f} MB > max_bytes {MAX_BYTES / 1e6:.0f} MB; "
            "only its front matter is read",
        )
        head = data.decode("utf-8-sig", errors="replace")
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


def split_front_matter(
    text: str, rel: str, report: Report, schema: Schema | None = None
) -> SourceText:
    """Separate a leading ``---`` YAML block; problems are reported, never raised.

    With ``schema`` (key -> accepted types), unknown keys and values of the wrong type are
    reported too.
    """
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
    nodes: list[tuple[str, int, yaml.Node]] = []
    data = load_yaml(yaml_text, rel, 2, report, nodes)
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
    front = {str(k): v for k, v in data.items()}
    if front:
        check_front_matter(front, nodes, rel, 2, report, schema)
    return SourceText(text, front, body, body_line, yaml_text)


def load_yaml(
    yaml_text: str,
    rel: str,
    first_line: int,
    report: Report,
    nodes: list[tuple[str, int, yaml.Node]] | None = None,
) -> Any:
    """The YAML document, or ``None`` (reported). ``nodes`` receives ``(key, line, value
    node)`` for each top-level key, for checks that need the text as written."""
    try:
        data, duplicate_keys = _construct(yaml_text, rel, first_line, report, nodes)
    except (yaml.YAMLError, ValueError, OverflowError, RecursionError, TypeError) as error:
        _report_yaml_error(error, yaml_text, rel, first_line, report)
        return None
    for key, first, second in duplicate_keys:
        report(
            "warning",
            Location(rel, first_line + second),
            "DUPLICATE_KEY",
            f"key '{key}' appears on lines {first_line + first} and {first_line + second}; "
            "the last one is used",
        )
    return data


def _construct(
    yaml_text: str,
    rel: str,
    first_line: int,
    report: Report,
    nodes: list[tuple[str, int, yaml.Node]] | None,
) -> tuple[Any, list[tuple[str, int, int]]]:
    """The document and its duplicate keys; ``None`` (reported) when it expands too far."""
    loader = _Loader(yaml_text)
    loader.duplicate_keys = []
    try:
        node = loader.get_single_node()
        if node is None:
            return None, []
        if _count_nodes(node, MAX_YAML_NODES) > MAX_YAML_NODES:
            report(
                "error",
                Location(rel, first_line),
                "YAML_TOO_COMPLEX",
                f"front matter expands to more than {MAX_YAML_NODES:,} nodes; "
                "remove the aliases",
            )
            return None, []
        data = loader.construct_document(node)
        if nodes is not None and isinstance(node, yaml.MappingNode):
            nodes.extend(
                (str(key.value), key.start_mark.line + first_line, value)
                for key, value in node.value
                if isinstance(key, yaml.ScalarNode)
            )
    finally:
        loader.dispose()
    return data, loader.duplicate_keys


def _report_yaml_error(
    error: BaseException, yaml_text: str, rel: str, first_line: int, report: Report
) -> None:
    if isinstance(error, yaml.constructor.ConstructorError):
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
    elif isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark
        line = first_line + (mark.line if mark else 0)
        column = (mark.column + 1) if mark else None
        hint = _yaml_problem(error)
        if "\t" in hint or "'\\t'" in hint:
            hint += "; indent with spaces, not tabs"
        report("error", Location(rel, line, column), "YAML_SYNTAX", hint)
    else:
        # safe_load turns 2024-02-30 into a ValueError, and huge integers too.
        line = _value_error_line(yaml_text, error)
        message = " ".join(str(error).split())[:200]
        if "Exceeds the limit" in message:
            message = "an integer with more than 4,300 digits"
        report("error", Location(rel, first_line + line), "YAML_VALUE",
               f"invalid value: {message}; correct it, or quote it to keep it as text")


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


def front_line(document: Document, key: str) -> int:
    """The file line of ``key:`` in a document's front matter (which starts on line 2)."""
    prefix = f"{key}:"
    for index, line in enumerate(document.front_text.split("\n")):
        if line.lstrip().strip("'\"").startswith(prefix) or line.lstrip().startswith(
            (f"'{key}':", f'"{key}":')
        ):
            return index + 2
    return 1


def make_reporter(sink: list[Diagnostic]) -> Report:
    seen: set[tuple[str, str, str]] = set()

    def report(level: Level, location: Location, code: str, message: str) -> None:
        key = (str(location), code, message)
        if key not in seen:
            seen.add(key)
            sink.append(Diagnostic(level, location, code, message))

    return report


def _value_error_line(yaml_text: str, error: BaseException) -> int:
    """The 0-based line of the value a constructor rejected, found by re-reading scalars."""
    try:
        for event in yaml.parse(yaml_text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.ScalarEvent) and event.style is None and event.value:
                try:
                    yaml.safe_load(event.value)
                except (yaml.YAMLError, ValueError, OverflowError, TypeError):
                    return event.start_mark.line if event.start_mark else 0
    except (yaml.YAMLError, RecursionError):
        pass
    return 0


# --- front matter schema ----------------------------------------------------------------------

Schema = dict[str, tuple[type, ...]]

_TEXT: tuple[type, ...] = (str, int, float, dt.date)
_VERSIONS: tuple[type, ...] = (int, str, list)
# Keys MkDocs, Material and common plugins read from any page; accepted anywhere.
_HOST_KEYS = ("description", "hide", "icon", "template", "search", "comments", "authors",
              "status", "subtitle", "social", "draft", "render_macros")
# "extra" holds a team's own keys: never read, never reported.
GENERIC_SCHEMA: Schema = {"title": _TEXT, "tags": (list, str), "date": (dt.date, str),
                          "extra": (object,)}
README_SCHEMA: Schema = {
    **GENERIC_SCHEMA,
    "last_updated": (dt.date, str),
    "updated": (dt.date, str),
    "targets": (dict,),
    "better": (dict,),
    "status": (str,),
    "owners": (list, str),
    "severity": _TEXT,
    "incident": _TEXT,
    "detected": (dt.date, str),
    "resolved": (dt.date, str),
}
ATTEMPT_SCHEMA: Schema = {
    **GENERIC_SCHEMA,
    "number": (int,),
    "result": (str,),
    "status": (str,),
    "version": _VERSIONS,
    "versions": _VERSIONS,
    "hypothesis": _VERSIONS,
    "metrics": (dict,),
}
_TYPE_NAMES = {str: "text", int: "a whole number", float: "a number", list: "a list",
               dict: "a mapping", dt.date: "a date (YYYY-MM-DD)"}
_PATHLIKE = re.compile(r"^(?:file:|[A-Za-z]:[\\/]|\\\\|/[^\s/]|~/)|(?:^|[\\/])\.\.(?:[\\/]|$)")


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if value is None:
        return "empty"
    for kind, name in _TYPE_NAMES.items():
        if isinstance(value, kind):
            return name
    return type(value).__name__


def _coerced(node: yaml.Node, value: Any) -> str | None:
    """``"bool False"`` when a plain scalar was read as something other than its text."""
    if not isinstance(node, yaml.ScalarNode) or node.style is not None:
        return None
    raw = node.value
    if isinstance(value, bool):
        return None if raw.lower() in ("true", "false") else f"true/false {value}"
    if isinstance(value, int) and raw.replace("+", "", 1) != str(value):
        return f"int {value}"
    if isinstance(value, float) and raw != repr(value):
        return f"float {value}"
    return None


def path_outside(value: str, rel: str) -> bool:
    """Whether ``value`` names a file outside the source folder (``rel``'s root)."""
    text = value.strip()
    if not text or any(ch.isspace() for ch in text) or not _PATHLIKE.search(text):
        return False
    if re.match(r"^(?:file:|[A-Za-z]:[\\/]|\\\\|/|~/)", text):
        return True
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(rel), text.replace("\\", "/")))
    return joined == ".." or joined.startswith("../")


def check_front_matter(
    front: dict[str, Any],
    nodes: list[tuple[str, int, yaml.Node]],
    rel: str,
    first_line: int,
    report: Report,
    schema: Schema | None,
) -> None:
    """Values YAML 1.1 changed behind the author's back, unknown keys, wrong types, and
    references to files outside the source folder."""
    lines = {key: line for key, line, _node in nodes}
    values = {key: node for key, _line, node in nodes}
    for key, value in front.items():
        line = lines.get(key, first_line)
        where = Location(rel, line)
        node = values.get(key)
        coerced = _coerced(node, value) if node is not None else None
        if coerced is not None and node is not None:
            report("warning", where, "TYPE_COERCED",
                   f"'{key}' is read as {coerced}, not the text '{node.value}' (YAML 1.1); "
                   f'quote it: {key}: "{node.value}"')
            continue
        for text in _strings(value):
            if path_outside(text, rel):
                report("error", where, "PATH_OUTSIDE_ROOT",
                       f"'{key}' refers to '{text[:120]}', outside the meta-issues folder; "
                       "references must stay inside it (nothing was read)")
                break
        if schema is None or key in ("result", "status"):
            continue  # results are checked (and explained) where they are read
        _check_schema(key, value, where, report, schema)


def _check_schema(key: str, value: Any, where: Location, report: Report,
                  schema: Schema) -> None:
    """An unknown key (with the known key it resembles), or a value of the wrong type."""
    expected = schema.get(key)
    if expected is None:
        if key in _HOST_KEYS and key not in schema:
            return
        known = sorted(schema)
        close = difflib.get_close_matches(key.lower(), known, n=1, cutoff=0.6)
        if close:
            report("warning", where, "UNKNOWN_KEY",
                   f"unknown key '{key}'; did you mean '{close[0]}'?")
        else:
            report("warning", where, "UNKNOWN_KEY",
                   f"unknown key '{key}' is ignored; none of the known keys is close "
                   f"({', '.join(known)}); keep keys of your own under 'extra:'")
        return
    if value is None:
        return  # `key:` with nothing after it means "not set"
    wrong = not isinstance(value, expected) or (
        isinstance(value, bool) and bool not in expected)
    if wrong and key != "metrics":  # attempts.py explains what 'metrics' should hold
        names = "text" if expected == _TEXT else " or ".join(
            _TYPE_NAMES.get(t, t.__name__) for t in expected)
        report("warning", where, "FRONTMATTER_TYPE",
               f"'{key}' is {_kind(value)}; expected {names}")


def _strings(value: Any, depth: int = 0) -> list[str]:
    if isinstance(value, str):
        return [value]
    if depth > 20:
        return []
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item, depth + 1)]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item, depth + 1)]
    return []

"""Diagnostics as the command line prints them: text lines, JSON, or GitHub annotations."""

from __future__ import annotations

import json
from collections.abc import Sequence

from ..model import Diagnostic

FORMATS = ("text", "json", "github")

# GitHub's workflow commands: https://docs.github.com/actions/reference/workflow-commands
_ANNOTATION = {"error": "error", "warning": "warning", "info": "notice"}


def _path(diagnostic: Diagnostic, prefix: str) -> str:
    """The file's path as the user typed SRC (the form ``Location.display`` prints)."""
    path = diagnostic.location.path
    return f"{prefix.rstrip('/')}/{path}" if prefix else path


def as_json(diagnostics: Sequence[Diagnostic], prefix: str, issues: int) -> str:
    """Every diagnostic as data: path (as typed), line, column, level, code, message."""
    problems = [{
        "path": _path(d, prefix),
        "line": d.location.line,
        "column": d.location.column,
        "level": d.level,
        "code": d.code,
        "message": d.message,
    } for d in diagnostics]
    counted = sum(1 for d in diagnostics if d.level != "info")
    return json.dumps({"meta_issues": issues, "problems": counted, "diagnostics": problems},
                      ensure_ascii=False, indent=2) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def as_github(diagnostic: Diagnostic, prefix: str) -> str:
    """``::error file=…,line=…,col=…,title=CODE::message``: an annotation on the file's line
    in a pull request's diff when printed by a workflow step."""
    properties = [f"file={_escape_property(_path(diagnostic, prefix))}",
                  f"line={diagnostic.location.line}"]
    if diagnostic.location.column is not None:
        properties.append(f"col={diagnostic.location.column}")
    properties.append(f"title={_escape_property(diagnostic.code)}")
    command = _ANNOTATION[diagnostic.level]
    return f"::{command} {','.join(properties)}::{_escape_data(diagnostic.message)}"

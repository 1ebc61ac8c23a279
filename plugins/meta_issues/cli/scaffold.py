"""``meta-issues new``, ``new-attempt`` and ``new-version``: start files in the seed's convention.

Every scaffold parses without a warning and builds with ``mkdocs build --strict`` as soon as it
is written: placeholders are prose (no ``Name: value`` lines that would read as metrics, no
``(target: …)`` annotations, no attempt numbers that have no file).
"""

from __future__ import annotations

import datetime as dt
import re
import string
import unicodedata
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..markup import fenced_code
from ..source import parse_folder, read_folder
from ..text import slugify
from .failures import CliError, os_failure, read_utf8


class ScaffoldError(Exception):
    """The scaffold cannot be written; the message says why."""


@dataclass
class Scaffolded:
    """Files written (absolute paths) and a next step for the author."""

    folder: Path
    written: list[Path]
    hint: str = ""


def _today() -> str:
    return dt.date.today().isoformat()


def _clean_title(title: str) -> str:
    text = " ".join(title.split())
    if not text:
        raise ScaffoldError("the title is empty")
    return text


def _write_new(path: Path, text: str) -> Path:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
    except OSError as error:
        raise ScaffoldError(str(os_failure(path, error, "cannot write"))) from None
    return path


def readme_text(title: str, today: str) -> str:
    """A README in the seed's convention (the template is ``templates/README.md``)."""
    template = resources.files("meta_issues").joinpath("cli/templates/README.md")
    return string.Template(template.read_text("utf-8")).substitute(title=title, today=today)


def attempt_text(number: int, title: str, version: int | None, today: str,
                 baseline: bool = False) -> str:
    if baseline:
        return f"""# Attempt {number:03d}: {title}

**Result:** Baseline
**Date:** {today}

## Setup

How the problem was measured before any change: the environment, the load, the tools.

## What we measured

Record the baseline numbers here and in the README's Impact Analysis.
"""
    hypothesis = f"**Hypothesis:** Version {version}\n" if version is not None else ""
    return f"""# Attempt {number:03d}: {title}

{hypothesis}**Result:** 🔄 In progress
**Date:** {today}

## Approach

What this attempt changes, and why the current version of the theory predicts it will help.

## Changes

The code or configuration that changed.

## What we measured

Record the numbers here and in the README's Impact Analysis.

## Outcome

What happened, and what it says about the theory.
"""


def test_cases_text(title: str) -> str:
    return f"""# Test Cases

How each attempt on *{title}* is checked.

## TC-1: Reproduce the Problem

**Run against:** Attempt 000 and Attempt 001

**Steps:** How to reproduce the symptom and measure it.

**Expected:** What a fixed system shows.

**Actual:** Not run yet.
"""


def log_text(today: str) -> str:
    return f"""# Implementation Log

## {today} - Investigation Opened

Opened this meta-issue, measured the baseline (Attempt 000) and planned Attempt 001.
"""


_ID = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?")


def folder_slug(title: str, slug: str | None) -> str:
    """The new folder's name: ``slug`` as given (checked), else the title's Latin letters and
    digits; a title with none (Chinese, Greek, emoji only) needs ``slug``."""
    if slug is not None:
        if not _ID.fullmatch(slug) or "--" in slug:
            raise ScaffoldError(f"--slug '{slug}': use lowercase letters a-z, digits and single "
                                "hyphens, such as 'slow-checkout' (it becomes the folder name "
                                "and the URL)")
        return slug
    latin = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    made = re.sub(r"[^a-z0-9]+", "-", latin.lower()).strip("-")[:60].strip("-")
    if not made:
        raise ScaffoldError(f"the title '{title}' has no Latin letters or digits to name its "
                            "folder; choose the folder name with --slug, e.g. --slug "
                            "checkout-timeouts")
    return made


def new_meta_issue(title: str, directory: Path, today: str | None = None, *,
                   slug: str | None = None) -> Scaffolded:
    """A complete meta-issue folder named ``slug`` (default: made from ``title``) in
    ``directory``."""
    title = _clean_title(title)
    today = today or _today()
    issue_id = folder_slug(title, slug)
    if directory.exists() and not directory.is_dir():
        raise ScaffoldError(f"{directory}: is a file, not the folder of meta-issues")
    folder = directory / issue_id
    if folder.exists():
        raise ScaffoldError(f"{folder} already exists")
    written = [
        _write_new(folder / "README.md", readme_text(title, today)),
        _write_new(folder / "test-cases.md", test_cases_text(title)),
        _write_new(folder / "implementation-log.md", log_text(today)),
        _write_new(folder / "attempts" / "000-baseline.md",
                   attempt_text(0, "Baseline", None, today, baseline=True)),
        _write_new(folder / "attempts" / "001-first-attempt.md",
                   attempt_text(1, "First Attempt", 1, today)),
    ]
    return Scaffolded(folder, written,
                      f"edit {folder / 'README.md'}: the theory, the baseline metrics, the plan")


def _issue_folder(issue_id: str, directory: Path) -> Path:
    if not issue_id or issue_id in (".", "..") or "/" in issue_id or "\\" in issue_id:
        raise ScaffoldError(f"'{issue_id}' is not a meta-issue id (a folder name in {directory})")
    if not directory.is_dir():
        raise ScaffoldError(f"{directory}: no such folder of meta-issues (use --dir)")
    folder = directory / issue_id
    if not (folder / "README.md").is_file():
        raise ScaffoldError(f"{folder} is not a meta-issue folder (no README.md)")
    return folder


def new_attempt(issue_id: str, directory: Path, title: str | None = None,
                today: str | None = None) -> Scaffolded:
    """``attempts/NNN-<slug>.md`` with the next free number, testing the latest version."""
    folder = _issue_folder(issue_id, directory)
    issue = parse_folder(read_folder(folder))
    on_disk = [int(m.group(1)) for p in (folder / "attempts").glob("*.md")
               if (m := re.match(r"^(\d{1,4})(?:[-_ .]|$)", p.stem))]
    number = max([*on_disk, *(a.number for a in issue.attempts)], default=-1) + 1
    if number == 0:
        title = title or "Baseline"
    title = _clean_title(title or f"Attempt {number:03d}")
    latest = issue.latest_version
    path = folder / "attempts" / f"{number:03d}-{slugify(title, 40)}.md"
    text = attempt_text(number, title, latest.number if latest else None, today or _today(),
                        baseline=number == 0)
    written = [_write_new(path, text)]
    hint = ""
    if latest is not None and number and number not in latest.tests:
        hint = (f"name it on the Test line of Version {latest.number} in README.md "
                f"(**Test:** Attempt {number:03d} - {title}) and add an 'After Attempt "
                f"{number:03d}' section to its Impact Analysis once measured")
    return Scaffolded(folder, written, hint)


_EVOLUTION = re.compile(r"^#{2}\s+.*\bevolution\b", re.I)
_H2 = re.compile(r"^#{1,2}\s")


def version_text(number: int, title: str, today: str) -> str:
    return f"""### Version {number} ({today}) - {title}

**Theory:** What the team now believes, and how it differs from Version {number - 1}

**Evidence:**
- What was learned since Version {number - 1} that supports it

**Test:** To be planned - name the attempts that test this version here

**Result:** 🔄 In progress - not tested yet

**Learning:** What the test taught (write it when the result is known)
"""


def new_version(issue_id: str, directory: Path, title: str | None = None,
                today: str | None = None) -> Scaffolded:
    """Insert ``### Version N`` at the end of the README's Evolution of Understanding."""
    folder = _issue_folder(issue_id, directory)
    readme = folder / "README.md"
    try:  # before parsing: the README is rewritten as UTF-8, so it must be UTF-8 now
        raw, text = read_utf8(readme)
    except CliError as error:
        raise ScaffoldError(str(error)) from None
    issue = parse_folder(read_folder(folder))
    number = max((v.number for v in issue.versions), default=0) + 1
    today = today or _today()
    title = _clean_title(title or ("Initial Hypothesis" if number == 1 else "Refined Hypothesis"))
    bom = raw.startswith(b"\xef\xbb\xbf")
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.replace("\r\n", "\n").split("\n")
    block = version_text(number, title, today).rstrip("\n").split("\n")
    start = _find_evolution(lines)
    if start is None:
        while lines and not lines[-1].strip():
            lines.pop()
        lines += ["", "---", "", "## Evolution of Understanding", "", *block, ""]
    else:
        end = _section_end(lines, start)
        # Insert before the section's trailing rule and blank lines, keeping them after it.
        insert = end
        while insert > start + 1 and lines[insert - 1].strip() in ("", "---", "***", "___"):
            insert -= 1
        lines[insert:insert] = ["", "---", "", *block]
    lines = [_bump_updated(line, today, number) for line in lines]
    out = newline.join(lines)
    try:
        readme.write_bytes((b"\xef\xbb\xbf" if bom else b"") + out.encode("utf-8"))
    except OSError as error:
        raise ScaffoldError(str(os_failure(readme, error, "cannot write"))) from None
    hint = (f"fill in Version {number} in {readme}; when it holds, point Current Understanding "
            f"at it with '(v{number})'")
    return Scaffolded(folder, [readme], hint)


def _find_evolution(lines: list[str]) -> int | None:
    code, _ = fenced_code(lines)
    return next((index for index, line in enumerate(lines)
                 if not code[index] and _EVOLUTION.match(line)), None)


def _section_end(lines: list[str], start: int) -> int:
    code, _ = fenced_code(lines)
    return next((index for index in range(start + 1, len(lines))
                 if not code[index] and _H2.match(lines[index])), len(lines))


_UPDATED = re.compile(r"^(\s*\*\*Last Updated:\*\*\s*)(\d{4}-\d{2}-\d{2})(.*)$", re.I)


def _bump_updated(line: str, today: str, number: int) -> str:
    match = _UPDATED.match(line)
    if not match or match.group(2) >= today:
        return line
    return f"{match.group(1)}{today} (Version {number} added)"

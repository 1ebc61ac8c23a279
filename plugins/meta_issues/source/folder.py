"""Read one meta-issue folder into the model: the glue of the reading steps.

The input is Markdown as people write it (the living-description convention); YAML front
matter is optional and, where present, wins over what the prose says. Every problem becomes a
``Diagnostic``; nothing here raises on bad input.

The steps, in order: the README (``readme``, with ``versions``, ``impact`` and ``targets``),
the attempt files (``attempts``), the companion files (``companions``), then ``merge`` (with
``metrics``) joins what they say and ``checks`` looks for contradictions between them.
"""

from __future__ import annotations

import re

from ..model import Location, MetaIssue
from ..text import safe_path_component, strip_invisible
from .attempts import read_attempt_files
from .checks import check_consistency
from .companions import read_log, read_test_cases
from .context import Context
from .documents import read_document
from .files import LOG, README, TEST_CASES, FolderInput
from .frontmatter import GENERIC_SCHEMA, README_SCHEMA, make_reporter
from .merge import merge
from .readme import ReadmeData, read_readme
from .settings import DEFAULT_READING, ReadingSettings


def parse_folder(folder: FolderInput, settings: ReadingSettings = DEFAULT_READING) -> MetaIssue:
    """One meta-issue folder, as read, into the merged model with its diagnostics;
    ``settings`` are the project's reading options (its words for an attempt)."""
    folder_name = folder.name
    issue = MetaIssue(id=safe_path_component(folder_name), title=_title_from_id(folder_name),
                      readme=None)
    report = make_reporter(issue.diagnostics)
    context = Context(issue, report, settings, folder)
    readme_data = ReadmeData()
    readme = read_document(folder, README, report, README_SCHEMA)
    if readme is not None:
        issue.readme = readme
        context.numbers = readme.numbers
        readme_data = read_readme(context, readme)
    elif folder.file(README) is None:
        report("error", Location(f"{folder_name}/{README}"), "MISSING_README",
               "every meta-issue folder needs a README.md living description")
    attempt_files = read_attempt_files(context, folder)
    for name, setter in ((TEST_CASES, read_test_cases), (LOG, read_log)):
        document = read_document(folder, name, report, GENERIC_SCHEMA)
        if document is not None:
            setter(context, document)
    merge(context, readme_data, attempt_files)
    check_consistency(context)
    issue.diagnostics.sort(key=lambda d: (d.location.path, d.location.line, d.code))
    return issue


def _title_from_id(folder_name: str) -> str:
    words = re.sub(r"[-_]+", " ", strip_invisible(folder_name)).strip()
    return words[:1].upper() + words[1:] if words else "Untitled"

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

from ..model import Attempt, Document, Location, MetaIssue
from ..text import safe_path_component, strip_invisible
from .attempts import read_attempt_files
from .checks import check_consistency
from .companions import read_log, read_test_cases
from .context import Context
from .documents import read_document
from .files import LOG, MAX_LISTED, README, TEST_CASES, FolderInput, files_beside, is_document
from .frontmatter import GENERIC_SCHEMA, README_SCHEMA, make_reporter
from .links import document_links
from .merge import merge
from .readme import ReadmeData, read_readme
from .settings import DEFAULT_READING, ReadingSettings


def parse_folder(folder: FolderInput, settings: ReadingSettings = DEFAULT_READING) -> MetaIssue:
    """One meta-issue folder, as read, into the merged model with its diagnostics;
    ``settings`` are the project's reading options (its words for an attempt)."""
    folder_name = folder.name
    issue = MetaIssue(id=safe_path_component(folder_name), title=_title_from_id(folder_name),
                      readme=None, folder=folder_name)
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
    _beside(context, folder)
    check_consistency(context)
    issue.diagnostics.sort(key=lambda d: (d.location.path, d.location.line, d.code))
    return issue


# Markdown files whose pages would take the place of a generated page.
_PAGE_NAMES = {"index.md": "Overview", "evolution.md": "Evolution"}


def _beside(context: Context, folder: FolderInput) -> None:
    """The other Markdown files and the files beside the text, and every link written."""
    issue = context.issue
    for entry in folder.listed:
        if is_document(entry) and entry.name in _PAGE_NAMES:
            context.report("warning", Location(f"{folder.name}/{entry.name}"), "PAGE_NAME_TAKEN",
                           f"'{entry.name}' is not published: the investigation's "
                           f"{_PAGE_NAMES[entry.name]} page has that name; rename the file")
        elif is_document(entry):
            document = read_document(folder, entry.name, context.report, GENERIC_SCHEMA)
            if document is not None:
                issue.documents.append(document)
    issue.files = files_beside(folder.listed)
    if len(folder.listed) >= MAX_LISTED:
        context.report("warning", Location(f"{folder.name}/"), "FOLDER_TOO_LARGE",
                       f"only the first {MAX_LISTED:,} files and folders are read; move "
                       "data that the pages do not need out of the folder")
    documents = [issue.readme, issue.test_cases_doc, issue.log_doc, *issue.documents,
                 *(attempt_document(a) for a in issue.attempts)]
    for document in documents:
        if document is not None:
            issue.links.extend(document_links(document))


def attempt_document(attempt: Attempt) -> Document | None:
    """An attempt's file as a document (its body starts at ``location.line``)."""
    if attempt.source is None:
        return None
    return Document(attempt.source, {}, attempt.body, attempt.location.line)


def _title_from_id(folder_name: str) -> str:
    words = re.sub(r"[-_]+", " ", strip_invisible(folder_name)).strip()
    return words[:1].upper() + words[1:] if words else "Untitled"

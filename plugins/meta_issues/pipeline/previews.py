"""Preview builds (``compare_to``): which meta-issues differ from a git ref, and how.

Never raises for git problems: the report's ``error`` says what went wrong, every ``changed``
flag stays false and the Changes page explains it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..model import KnowledgeBase
from ..site.changes import ChangeReport, compare
from ..source import DEFAULT_READING, ReadingSettings, parse_folder, read_folder
from ..text import safe_path_component
from .git import GitRefError, changed_folders, materialise

ENVIRONMENT = "META_ISSUES_COMPARE_TO"


def compare_ref(option: str | None) -> str | None:
    """The ref a build compares with: the environment variable wins over the option."""
    return os.environ.get(ENVIRONMENT) or option or None


def compare_with_ref(source_dir: Path, ref: str, head: KnowledgeBase,
                     settings: ReadingSettings = DEFAULT_READING) -> ChangeReport:
    """Flag the meta-issues of ``head`` whose files differ from ``ref``; describe the changes
    (the base read with the same ``settings`` as the head)."""
    report = ChangeReport(ref)
    for issue in head.issues:
        issue.changed = False
    try:
        diff = changed_folders(source_dir, ref)
        report.shallow = diff.shallow
        with tempfile.TemporaryDirectory(prefix="meta-issues-base-") as temporary:
            base_root = Path(temporary)
            present = materialise(source_dir, diff.commit, sorted(diff.changed), base_root)
            base_issues = [parse_folder(read_folder(base_root / name), settings)
                           for name in present]
    except GitRefError as error:
        report.error = f"compare_to '{ref}': {error}; building without comparison"
        return report
    ids = {safe_path_component(name) for name in diff.changed}
    report.issues = compare(KnowledgeBase(base_issues, []), head, ids)
    changed = report.changed_ids
    for issue in head.issues:
        issue.changed = issue.id in changed
    return report

"""Merging what the README and the attempt files say into one list of attempts.

An attempt is known from its Impact Analysis section, its file in ``attempts/``, or a version's
Test line; versions and attempts are linked both ways, and an attempt without a result of its
own takes the result of the last version that tested it.
"""

from __future__ import annotations

import re

from ..model import Attempt, Result
from .attempts import AttemptFile
from .context import Context
from .metrics import merge_metrics
from .readme import ReadmeData
from .recognisers import parse_result


def merge(context: Context, readme: ReadmeData, files: list[AttemptFile]) -> None:
    issue = context.issue
    # Attempt files first: structured front matter wins over the README's prose on conflict.
    raw = [m for attempt_file in files for m in attempt_file.measurements]
    raw.extend(readme.measurements)
    by_number = _one_file_each(context, files)
    attempts: dict[int, Attempt] = {}
    for number, (title, location, verdict) in sorted(readme.titles.items()):
        attempts[number] = Attempt(number, title or _default_attempt_title(number), location,
                                   verdict=verdict)
    for number, attempt_file in sorted(by_number.items()):
        _apply_file(attempts, number, attempt_file)
    _apply_rows(context, attempts, readme)
    version_numbers = {v.number for v in issue.versions}
    _attempts_of_versions(context, attempts)
    for attempt in attempts.values():
        _link_versions(context, attempt, version_numbers)
        _settle(context, attempt)
    for version in issue.versions:
        version.tests.sort()
    issue.versions.sort(key=lambda v: v.number)
    issue.attempts = [attempts[n] for n in sorted(attempts)]
    merge_metrics(context, raw, readme.targets, readme.hints)


def _one_file_each(context: Context, files: list[AttemptFile]) -> dict[int, AttemptFile]:
    """The attempt files by number; of two with one number, the first (the other reported)."""
    by_number: dict[int, AttemptFile] = {}
    for attempt_file in files:
        if attempt_file.number in by_number:
            first = by_number[attempt_file.number]
            context.report("error", attempt_file.location, "DUPLICATE_ATTEMPT",
                           f"attempt {attempt_file.number:03d} has two files: {first.path} and "
                           f"{attempt_file.path}; renumber one")
            continue
        by_number[attempt_file.number] = attempt_file
    return by_number


def _apply_file(attempts: dict[int, Attempt], number: int, attempt_file: AttemptFile) -> None:
    attempt = attempts.get(number)
    if attempt is None:
        attempt = attempts[number] = Attempt(number, "", attempt_file.location)
    attempt.title = attempt_file.title or attempt.title or _default_attempt_title(number)
    attempt.source = attempt_file.path
    attempt.location = attempt_file.location
    attempt.body = attempt_file.document.body
    attempt.date = attempt_file.date
    attempt.versions = list(attempt_file.versions)
    if attempt_file.result is not None:
        attempt.result = attempt_file.result
        attempt.result_text = attempt_file.result_text


def _apply_rows(context: Context, attempts: dict[int, Attempt], readme: ReadmeData) -> None:
    """A README table of attempts fills in the date and outcome an attempt file did not give
    (an attempt reverted before anyone wrote it up is known only there)."""
    for number, row in readme.attempt_rows.items():
        attempt = attempts.get(number)
        if attempt is None:
            continue
        if attempt.date is None:
            attempt.date = row.date
        if row.outcome and attempt.result is Result.UNKNOWN and not attempt.result_text:
            result = parse_result(row.outcome)
            if result is not None and result is not Result.BASELINE:
                attempt.result, attempt.result_text = result, row.outcome


def _attempts_of_versions(context: Context, attempts: dict[int, Attempt]) -> None:
    """Each version's tested attempts name the version; an attempt known only from a Test
    line is added."""
    for version in context.issue.versions:
        for number in version.tests:
            attempt = attempts.get(number)
            if attempt is None:
                context.report(
                    "warning", version.location, "ATTEMPT_WITHOUT_DATA",
                    f"Version {version.number} tests Attempt {number:03d}, which has no "
                    f"file in attempts/ and no Impact Analysis data; add "
                    f"attempts/{number:03d}-<slug>.md or an 'After Attempt {number:03d}' "
                    "section")
                # Kept, so the version's link has a page to point at.
                attempt = attempts[number] = Attempt(
                    number, _title_from_test(context, version.test_text, number),
                    version.location)
            elif attempt.title == _default_attempt_title(number):
                # Named only in a table header ("Mitigation 1"): the Test line may say what
                # it was ("Mitigation 1 — double the pods").
                attempt.title = _title_from_test(context, version.test_text, number)
            if version.number not in attempt.versions:
                attempt.versions.append(version.number)


def _link_versions(context: Context, attempt: Attempt, version_numbers: set[int]) -> None:
    """Drop the versions the README does not define; the others test the attempt."""
    issue = context.issue
    for number in list(attempt.versions):
        named = issue.version(number)
        if named is None and issue.readme is None:
            attempt.versions.remove(number)  # MISSING_README says why
        elif named is None:
            context.report(
                "warning", attempt.location, "UNKNOWN_VERSION",
                f"Attempt {attempt.code} names Version {number}, but the README defines "
                + (f"versions {version_ranges(sorted(version_numbers))}" if version_numbers
                   else "no versions"))
            attempt.versions.remove(number)
        elif attempt.number not in named.tests:
            named.tests.append(attempt.number)
    attempt.versions.sort()


def _settle(context: Context, attempt: Attempt) -> None:
    """The baseline's result; otherwise a result and date from the versions, when missing."""
    issue = context.issue
    if attempt.number == 0:
        attempt.result = Result.BASELINE
    elif attempt.result is Result.UNKNOWN and not attempt.result_text and attempt.versions:
        tested_by = issue.version(attempt.versions[-1])
        if tested_by is not None:
            attempt.result = tested_by.result
    if attempt.date is None and attempt.versions:
        tested_by = issue.version(attempt.versions[0])
        attempt.date = tested_by.date if tested_by else None


def _title_from_test(context: Context, test_text: str, number: int) -> str:
    """``Attempt 001 - Add caching`` (or ``Mitigation 1 – …``) names attempt 1 "Add
    caching"."""
    match = re.search(rf"\b(?:{context.words.word})\s*#?\s*0*{number}\b\s*[-–—:]\s*([^;,(]+)",
                      test_text, re.I)
    return match.group(1).strip() if match else _default_attempt_title(number)


def _default_attempt_title(number: int) -> str:
    return "Baseline" if number == 0 else f"Attempt {number:03d}"


def version_ranges(numbers: list[int]) -> str:
    """``v1–v4`` for a run of more than two versions, else ``v1, v3``."""
    if not numbers:
        return "none"
    if numbers == list(range(numbers[0], numbers[-1] + 1)) and len(numbers) > 2:
        return f"v{numbers[0]}–v{numbers[-1]}"
    return ", ".join(f"v{n}" for n in numbers)

"""The README's Evolution of Understanding: one ``### Version N (date) - title`` section per
version, with its labelled fields (Theory, Evidence, Test, Result, Learning, Validation)."""

from __future__ import annotations

from ..model import Location, Result, Version
from .context import Context
from .dates import without_date
from .markdown import Section
from .recognisers import (
    FIELD_NAMES,
    RESULT_FORMS,
    clean_inline,
    labelled_fields,
    parse_result,
)


def read_version(context: Context, section: Section, heading: tuple[int, str], path: str
                 ) -> None:
    """The version of ``section``, whose heading is ``(number, the rest)``."""
    issue, report = context.issue, context.report
    number, rest = heading
    location = Location(path, section.line)
    found = context.find_date(rest, location)
    title = without_date(rest, found)
    version = Version(number=number, title=title or f"Version {number}", location=location,
                      date=found.iso if found else None)
    for label, text, items, line in labelled_fields(section.blocks):
        _read_field(context, version, label, text, items, Location(path, line))
    existing = issue.version(number)
    if existing is not None:
        report("error", location, "DUPLICATE_VERSION",
               f"Version {number} is defined twice (lines {existing.location.line} and "
               f"{section.line}); number each version once")
        return
    issue.versions.append(version)


def _read_field(context: Context, version: Version, label: str, text: str, items: list[str],
                location: Location) -> None:
    """One labelled field into ``version``; a label it does not know goes to ``extra``."""
    field = FIELD_NAMES.get(label)
    value = clean_inline(text)
    if field == "theory":
        version.theory = value
    elif field == "evidence":
        version.evidence = [clean_inline(i) for i in items] or ([value] if value else [])
    elif field == "test":
        version.test_text = value
        version.tests = context.words.tested(" ".join([text, *items]))
    elif field == "result":
        version.result_text = value
        version.result = _version_result(context, version.number, text, location)
    elif field == "learning":
        version.learning = " ".join([value, *(clean_inline(i) for i in items)]).strip()
    elif field == "validation":
        version.validation = ([value] if value else []) + [clean_inline(i) for i in items]
    else:
        version.extra[label] = " ".join([value, *items]).strip()


def _version_result(context: Context, number: int, text: str, location: Location) -> Result:
    result = parse_result(text)
    if result is None or result is Result.BASELINE:
        context.report("warning", location, "UNKNOWN_RESULT",
                       f"Version {number} result '{clean_inline(text)}' is not a result; "
                       f"expected {RESULT_FORMS}")
        return Result.UNKNOWN
    return result

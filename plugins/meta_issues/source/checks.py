"""Consistency checks of the merged meta-issue: what each file says may be fine on its own and
still contradict the others (dates out of order, gaps, results the targets disagree with)."""

from __future__ import annotations

import itertools

from ..model import (
    EARLIEST_DATE,
    LATEST_DATE,
    MAX_DESCRIBED_ATTEMPTS,
    Location,
    Result,
    Version,
    plausible_date,
)
from .context import Context
from .merge import version_ranges


def check_consistency(context: Context) -> None:
    _check_date_range(context)
    _check_dates(context)
    _check_current_version(context)
    _check_results(context)
    _check_gaps(context)
    _check_untested(context)
    _check_summarised(context)


def _check_date_range(context: Context) -> None:
    """Dates no investigation can have (typos such as 0001-01-01 or 9999-12-31)."""
    issue = context.issue
    dated = [(f"Version {v.number}", v.date, v.location) for v in issue.versions]
    version_dates = {v.date for v in issue.versions}
    # An attempt without a date of its own takes its version's: reported once, there.
    dated += [(f"Attempt {a.code}", a.date, a.location) for a in issue.attempts
              if a.date not in version_dates]
    dated += [(f"Log entry '{e.title[:60]}'", e.date, e.location) for e in issue.log_entries]
    for what, date, location in dated:
        if date and not plausible_date(date):
            context.report("warning", location, "DATE_RANGE",
                           f"{what} is dated {date}, outside {EARLIEST_DATE[:4]}–"
                           f"{LATEST_DATE[:4]}; it is left off the timeline; check the date")


def _check_dates(context: Context) -> None:
    previous: Version | None = None
    for version in context.issue.versions:
        if previous and previous.date and version.date and version.date < previous.date:
            context.report("warning", version.location, "DATE_ORDER",
                           f"Version {version.number} is dated {version.date}, before Version "
                           f"{previous.number} ({previous.date}); check the dates")
        previous = version


def _check_current_version(context: Context) -> None:
    issue = context.issue
    current = issue.current
    if (
        current
        and current.version is not None
        and issue.versions
        and issue.version(current.version) is None
    ):
        context.report("warning", current.location, "UNKNOWN_VERSION",
                       f"Current Understanding names v{current.version}, but the README "
                       f"defines {version_ranges([v.number for v in issue.versions])}")


def _check_results(context: Context) -> None:
    """A declared result that the metrics and their targets contradict."""
    issue = context.issue
    for attempt in issue.attempts:
        if attempt.number == 0 or attempt.result not in (Result.SUCCESS, Result.FAILED):
            continue
        judged = [(m, m.values[attempt.number]) for m in issue.metrics
                  if m.target is not None and attempt.number in m.values]
        if not judged:
            continue
        missed = [(m, v) for m, v in judged if m.target and not m.target.is_met_by(v.value)]
        # A run that never reached the point where a target is measured ("n/a (diverged)")
        # did not meet that target: "failed" contradicts only when every target was judged.
        all_judged = len(judged) == sum(1 for m in issue.metrics if m.target is not None)
        if attempt.result is Result.SUCCESS and missed:
            metric, value = missed[0]
            assert metric.target is not None
            more = f" (and {len(missed) - 1} more)" if len(missed) > 1 else ""
            context.report(
                "warning", attempt.location, "RESULT_CONTRADICTS_TARGETS",
                f"Attempt {attempt.code} is marked success, but '{metric.name}' is "
                f"'{value.quantity.raw}', missing its target {metric.target.op} "
                f"{metric.target.value:g}{metric.target.unit}{more}; correct the result "
                "(⚠️ Partial?) or the target")
        elif attempt.result is Result.FAILED and not missed and all_judged:
            context.report(
                "warning", attempt.location, "RESULT_CONTRADICTS_TARGETS",
                f"Attempt {attempt.code} is marked failed, but meets all {len(judged)} of its "
                "targets; correct the result or the targets")


def _check_gaps(context: Context) -> None:
    """Numbers missing between attempt files (renumbered or dropped attempts); an attempt the
    README describes without a file of its own is not missing."""
    issue = context.issue
    numbered = sorted(a.number for a in issue.attempts if a.source is not None)
    for before, after in itertools.pairwise(numbered):
        absent = [n for n in range(before + 1, after) if issue.attempt(n) is None]
        if absent:
            missing = (f"{absent[0]:03d}" if len(absent) == 1
                       else f"{absent[0]:03d}–{absent[-1]:03d}"
                       if absent[-1] - absent[0] == len(absent) - 1
                       else ", ".join(f"{n:03d}" for n in absent))
            where = issue.attempt(after)
            context.report("info", where.location if where else Location("."), "ATTEMPT_GAP",
                           f"attempt numbers jump from {before:03d} to {after:03d}; {missing} "
                           "missing (renumber, or keep the gap if those attempts were dropped)")


def _check_untested(context: Context) -> None:
    """Attempts no version's Test line names."""
    issue = context.issue
    tested = {n for v in issue.versions for n in v.tests}
    # One problem is reported once: an unreadable file already has its error, and an attempt
    # naming a version that does not exist already has UNKNOWN_VERSION.
    reported = {d.location.path for d in issue.diagnostics
                if d.level == "error" or d.code == "UNKNOWN_VERSION"}
    for attempt in issue.attempts:
        if attempt.source in reported:
            continue
        if attempt.number != 0 and attempt.number not in tested and issue.versions:
            context.report("warning", attempt.location, "ATTEMPT_UNTESTED",
                           f"no version's Test line names Attempt {attempt.code}; add it to "
                           "the version it tested")


def _check_summarised(context: Context) -> None:
    """Metrics with more attempts than a chart can name one by one (a hint: nothing is lost)."""
    for metric in context.issue.metrics:
        if len(metric.values) > MAX_DESCRIBED_ATTEMPTS:
            first = min(metric.values)
            context.report(
                "info", metric.values[first].location, "ATTEMPTS_SUMMARISED",
                f"'{metric.name}' has {len(metric.values)} attempts, more than "
                f"{MAX_DESCRIBED_ATTEMPTS}: its chart's description (its alt text) names the "
                "first, the last, the lowest and the highest instead of every value; the "
                "chart and the overview's table show every value, each attempt's page its own")

"""Badges: a result, an investigation's status or a target met, as inline HTML."""

from __future__ import annotations

from ..model import MetaIssue, Result

# Material Design Icons (Apache 2.0) path data: render without emoji fonts, in any palette.
_ICONS = {
    Result.SUCCESS: "M12 2C6.5 2 2 6.5 2 12s4.5 10 10 10 10-4.5 10-10S17.5 2 12 2m-2 15-5-5 "
    "1.41-1.41L10 14.17l7.59-7.59L19 8z",
    Result.FAILED: "M12 2C6.47 2 2 6.47 2 12s4.47 10 10 10 10-4.47 10-10S17.53 2 12 2m5 "
    "13.59L15.59 17 12 13.41 8.41 17 7 15.59 10.59 12 7 8.41 8.41 7 12 10.59 15.59 7 17 "
    "8.41 13.41 12z",
    Result.PARTIAL: "M13 13h-2V7h2m0 10h-2v-2h2M12 2A10 10 0 0 0 2 12a10 10 0 0 0 10 10 10 10 "
    "0 0 0 10-10A10 10 0 0 0 12 2",
    Result.IN_PROGRESS: "M12 20a8 8 0 0 0 8-8 8 8 0 0 0-8-8 8 8 0 0 0-8 8 8 8 0 0 0 8 8m0-18a10 "
    "10 0 0 1 10 10 10 10 0 0 1-10 10C6.47 22 2 17.5 2 12A10 10 0 0 1 12 2m.5 5v5.25l4.5 "
    "2.67-.75 1.23L11 13V7z",
    Result.UNKNOWN: "M15.07 11.25l-.9.92C13.45 12.89 13 13.5 13 15h-2v-.5c0-1.11.45-2.11 "
    "1.17-2.83l1.24-1.26c.37-.36.59-.86.59-1.41a2 2 0 0 0-2-2 2 2 0 0 0-2 2H8a4 4 0 0 1 4-4 4 "
    "4 0 0 1 4 4 3.2 3.2 0 0 1-.93 2.25M13 19h-2v-2h2M12 2A10 10 0 0 0 2 12a10 10 0 0 0 10 "
    "10 10 10 0 0 0 10-10c0-5.53-4.5-10-10-10",
    Result.BASELINE: "M14.4 6 14 4H5v17h2v-7h5.6l.4 2h7V6z",
}
_MET = "M21 7 9 19l-5.5-5.5 1.41-1.41L9 16.17 19.59 5.59z"
_MISSED = "M19 6.41 17.59 5 12 10.59 6.41 5 5 6.41 10.59 12 5 17.59 6.41 19 12 13.41 " \
    "17.59 19 19 17.59 13.41 12z"


def _svg(path: str) -> str:
    return (
        '<svg class="mi-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">'
        f'<path d="{path}"/></svg>'
    )


def badge(result: Result) -> str:
    """A result badge: an inline SVG icon plus the word, coloured by CSS for both palettes."""
    return (
        f'<span class="mi-badge mi-badge--{result.value}">{_svg(_ICONS[result])}'
        f"{result.label}</span>"
    )


def status_badge(issue: MetaIssue | str) -> str:
    """The badge of an investigation's status ("resolved" or "open")."""
    status = issue if isinstance(issue, str) else issue.status
    result = Result.SUCCESS if status == "resolved" else Result.IN_PROGRESS
    word = "Resolved" if status == "resolved" else "Open"
    return f'<span class="mi-badge mi-badge--{status}">{_svg(_ICONS[result])}{word}</span>'


def met_badge(met: bool | None) -> str:
    if met is None:
        return '<span class="mi-met mi-met--none">no target</span>'
    if met:
        return f'<span class="mi-met mi-met--yes">{_svg(_MET)}met</span>'
    return f'<span class="mi-met mi-met--no">{_svg(_MISSED)}missed</span>'

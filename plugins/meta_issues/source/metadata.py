"""What a README's front matter declares about the investigation besides its title and tags:
``status``, ``owners``, ``severity``, ``incident``, ``detected`` / ``resolved`` dates (the way a
postmortem starts), and ``better`` (which way each named metric improves).

Each value is checked where it is read, and a value that does not say what it should is
reported with the form expected; the front matter wins over what the prose says.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ..model import Better, Document, Location, Metadata
from .context import Context
from .frontmatter import as_text, front_line
from .names import name_key

_RESOLVED = ("resolved", "closed", "done", "fixed", "solved", "complete", "completed",
             "gelöst", "erledigt", "behoben", "abgeschlossen")
_OPEN = ("open", "investigating", "in progress", "in-progress", "ongoing", "active",
         "identified", "monitoring", "mitigated", "draft", "wip", "offen", "in arbeit",
         "blocked", "on hold")
STATUS_WORDS = (*_RESOLVED, *_OPEN)


def read_metadata(context: Context, document: Document) -> None:
    """The README front matter's metadata into the meta-issue (reported where it is not
    what the key expects)."""
    front = document.front_matter
    issue = context.issue
    metadata = Metadata()
    status = as_text(front.get("status"))
    if status is not None:
        metadata.status = status
        issue.declared_status = _status(context, status, _where(document, "status"))
    metadata.owners = _owners(front.get("owners"))
    metadata.severity = as_text(front.get("severity")) or ""
    metadata.incident = as_text(front.get("incident")) or ""
    metadata.detected = _date(context, document, "detected")
    metadata.resolved = _date(context, document, "resolved")
    if metadata.detected and metadata.resolved and metadata.resolved < metadata.detected:
        context.report("warning", _where(document, "resolved"), "DATE_ORDER",
                       f"resolved {metadata.resolved} is before detected {metadata.detected}; "
                       "check the dates")
    if issue.declared_status is None and metadata.resolved and status is None:
        issue.declared_status = "resolved"
    issue.metadata = metadata


def declared_directions(context: Context, document: Document) -> dict[str, Better]:
    """``better: {Restarts per week: lower, MFU: higher}`` by metric name key."""
    declared = document.front_matter.get("better")
    found: dict[str, Better] = {}
    if not isinstance(declared, dict):
        return found
    for name, word in declared.items():
        text = str(word).strip().casefold()
        if text in ("lower", "higher"):
            found[name_key(str(name))] = "lower" if text == "lower" else "higher"
        else:
            context.report("warning", _where(document, "better"), "FRONTMATTER_TYPE",
                           f"'better' of '{name}' is '{word}'; expected lower or higher")
    return found


def _status(context: Context, status: str, where: Location
            ) -> Literal["resolved", "open"] | None:
    word = " ".join(status.casefold().replace("_", " ").split())
    if word in _RESOLVED:
        return "resolved"
    if word in _OPEN:
        return "open"
    context.report("warning", where, "UNKNOWN_STATUS",
                   f"status '{status}' says neither resolved nor open; write e.g. resolved, "
                   "closed, open, investigating or monitoring")
    return None


def _owners(value: object) -> list[str]:
    if isinstance(value, list):
        return [text for item in value if (text := as_text(item))]
    text = as_text(value)
    return [part.strip() for part in text.split(",") if part.strip()] if text else []


def _date(context: Context, document: Document, key: str) -> str | None:
    value = document.front_matter.get(key)
    if value is None:
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    where = _where(document, key)
    found = context.find_date(str(value), where) if isinstance(value, str) else None
    if found is None:
        context.report("warning", where, "FRONTMATTER_TYPE",
                       f"'{key}' is '{value}', not a date; write it as YYYY-MM-DD")
    return found.iso if found else None


def _where(document: Document, key: str) -> Location:
    return Location(document.path, front_line(document, key))

"""Names and slugs shared by every layer: folder ids, anchors, file names, one-line text."""

from __future__ import annotations

import hashlib
import re
import unicodedata

# Bidi overrides and zero-width characters make a name look unlike its bytes (trojan source).
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
_NON_SLUG = re.compile(r"[^a-z0-9]+")
_WINDOWS_RESERVED = {
    "con", "prn", "aux", "nul",
    *(f"com{i}" for i in range(1, 10)),
    *(f"lpt{i}" for i in range(1, 10)),
}


# The pages and the folder the site generates beside the investigations' folders (the layout
# builds their paths from these names): an investigation folder of one of these names would
# take that page's URL, so none may have one (compared ignoring case, as macOS and Windows do).
HOME_PAGE, LESSONS_PAGE, CHANGES_PAGE, CHARTS_FOLDER = "index", "lessons", "changes", "charts"
RESERVED_NAMES = (HOME_PAGE, LESSONS_PAGE, CHANGES_PAGE, CHARTS_FOLDER)


def is_reserved(name: str) -> bool:
    """A folder name the site's own pages use (``lessons``, ``index``…)."""
    return name.lower() in RESERVED_NAMES


def strip_invisible(text: str) -> str:
    return _INVISIBLE.sub("", text)


def slugify(text: str, max_length: int = 60) -> str:
    """A lowercase ASCII slug; non-ASCII names get a short hash so they stay distinct."""
    cleaned = strip_invisible(text)
    ascii_text = unicodedata.normalize("NFKD", cleaned).encode("ascii", "ignore").decode()
    slug = _NON_SLUG.sub("-", ascii_text.lower()).strip("-")[:max_length].strip("-")
    if slug and slug == _NON_SLUG.sub("-", cleaned.lower()).strip("-")[:max_length].strip("-"):
        return slug
    digest = hashlib.sha256(cleaned.encode()).hexdigest()[:8]
    return f"{slug}-{digest}" if slug else digest


def safe_path_component(name: str) -> str:
    """A folder name usable in URLs and on every file system; unchanged when already safe."""
    portable = re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,80}", name) and not name.endswith(".")
    if portable and name.split(".")[0].lower() not in _WINDOWS_RESERVED:
        return name
    slug = slugify(name) or "issue"
    if slug in _WINDOWS_RESERVED:
        slug = f"{slug}-{hashlib.sha256(name.encode()).hexdigest()[:8]}"
    return slug


def github_slug(text: str) -> str:
    """The anchor GitHub gives a heading with this text (github-slugger, before numbering
    repeats): lower case, punctuation and symbols dropped, each space a hyphen."""
    kept = (ch for ch in text.lower()
            if ch in " -_" or unicodedata.category(ch)[0] in "LMN"
            or unicodedata.category(ch) == "Pc")
    return "".join(kept).replace(" ", "-")


def one_line(text: str, limit: int = 200) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


_WINDOWS_INVALID = re.compile(r'[<>:"\\|?*\x00-\x1f]')


def portability_problem(name: str) -> str | None:
    """Why ``name`` cannot be checked out on Windows or macOS as it is, or ``None``."""
    if name.split(".")[0].strip().lower() in _WINDOWS_RESERVED:
        return f"'{name}' is a reserved device name on Windows"
    if name.endswith((".", " ")):
        return f"'{name}' ends with a dot or a space, which Windows drops"
    bad = _WINDOWS_INVALID.search(name)
    if bad:
        return f"'{strip_invisible(name)}' contains {bad.group(0)!r}, which Windows forbids"
    if strip_invisible(name) != name:
        return f"'{strip_invisible(name)}' contains invisible or bidi control characters"
    return None

"""The plugin's options: one definition, validated once, shared by the plugin and ``generate``.

``OPTIONS`` lists every option with its type, default and meaning. The MkDocs adapter builds its
configuration class from it (so a bad value is a MkDocs configuration error naming the
option), and ``generate`` validates the same mapping read from mkdocs.yml with ``parse``.
Checks that need the site's folders (``docs_dir``, ``site_dir``) run in ``resolve_paths``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

DEFAULT_CACHE_DIR = ".cache/meta-issues"
# Words that number an attempt besides "Attempt" itself ("Mitigation 3", "Experiment 2",
# "Versuch 2"): each names an attempt only with its number right after it.
DEFAULT_ATTEMPT_WORDS = ("Attempt", "Experiment", "Mitigation", "Fix", "Run", "Trial",
                         "Versuch")


class OptionError(ValueError):
    """A bad option value; ``option`` names it, the message says what is expected."""

    def __init__(self, option: str, message: str) -> None:
        super().__init__(message)
        self.option = option
        self.message = message


@dataclass(frozen=True)
class Option:
    name: str
    kind: type
    default: Any
    help: str
    optional: bool = False  # None is a valid value (it means "the default behaviour")


OPTIONS: tuple[Option, ...] = (
    Option("enabled", bool, True, "Build the knowledge base; false leaves the site as if the "
           "plugin were not installed (Material's convention)."),
    Option("source_dir", str, "meta-issues", "Folder of meta-issues, relative to mkdocs.yml; "
           "outside docs_dir."),
    Option("compare_to", str, None, "Git ref for preview builds; the META_ISSUES_COMPARE_TO "
           "environment variable overrides it.", optional=True),
    Option("cache_dir", str, DEFAULT_CACHE_DIR, "Results kept between builds, relative to "
           "mkdocs.yml; outside docs_dir, source_dir and site_dir."),
    Option("base_path", str, "meta-issues", "Folder of the generated pages inside the site "
           "(their URLs start with it)."),
    Option("charts", bool, True, "Draw metric charts with matplotlib; false: tables only."),
    Option("landing_page", bool, True, "Make the investigations list the site's home page when "
           "docs/ has no index.md or README.md."),
    Option("native_watch", bool, True, "Under `mkdocs serve`, watch source_dir with the "
           "system's file notifications instead of polling."),
    Option("chart_workers", int, None, "Processes drawing charts on a cold build; default: the "
           "CPUs this process may use. 1 draws in the build's own process.", optional=True),
    Option("attempt_words", list, DEFAULT_ATTEMPT_WORDS, "Words that number an attempt in "
           "Test lines, Impact headings and file names ('Mitigation 3'); 'Attempt' always "
           "counts."),
    Option("tags", str, "overview", "Which generated pages carry an investigation's tags "
           "(Material's tags index lists every page that has one): overview (its overview "
           "page only), all (every page of the investigation) or none."),
    Option("hover_previews", bool, True, "Cross-links (attempts, versions, test cases, log "
           "entries, other investigations) show their target on hover with Material's "
           "instant previews (needs site_url)."),
    Option("sanitize_docs_pages", bool, False, "Also pass the pages of docs_dir through the "
           "HTML sanitiser every generated page passes (for docs written by many hands)."),
)

TAG_PAGES = ("overview", "all", "none")


@dataclass(frozen=True)
class Options:
    enabled: bool = True
    source_dir: str = "meta-issues"
    compare_to: str | None = None
    cache_dir: str = DEFAULT_CACHE_DIR
    base_path: str = "meta-issues"
    charts: bool = True
    landing_page: bool = True
    native_watch: bool = True
    chart_workers: int | None = None
    attempt_words: tuple[str, ...] = DEFAULT_ATTEMPT_WORDS
    tags: str = "overview"
    hover_previews: bool = True
    sanitize_docs_pages: bool = False

    @property
    def workers(self) -> int:
        """How many processes draw charts."""
        return self.chart_workers if self.chart_workers is not None else available_cpus()


def available_cpus() -> int:
    """The CPUs this process may run on (a container's or taskset's limit, not the machine's)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not on Linux
        return max(1, os.cpu_count() or 1)


def check(name: str, value: Any) -> Any:
    """The value of option ``name`` once checked (``base_path`` normalised); raises
    ``OptionError``."""
    option = next((o for o in OPTIONS if o.name == name), None)
    if option is None:
        raise OptionError(name, "unknown option")
    if value is None and (option.optional or option.default is None):
        return None
    if option.kind is list and isinstance(value, (list, tuple)):
        value = tuple(value)
    elif value is None or isinstance(value, bool) != (option.kind is bool) or not isinstance(
            value, option.kind):
        expected = {bool: "true or false", str: "text", int: "a whole number",
                    list: "a list of words"}[option.kind]
        raise OptionError(name, f"expected {expected}, got {value!r}")
    extra = _CHECKS.get(name)
    return extra(name, value) if extra is not None else value


def _base_path(name: str, value: str) -> str:
    base = value.rstrip("/")
    parts = base.split("/")
    if (not base or base.startswith(("/", "\\")) or ":" in base or "\\" in base
            or any(part in ("", ".", "..") or part.startswith(".") for part in parts)):
        raise OptionError(name, f"'{value}' is not a plain relative folder such as "
                                "'meta-issues' or 'kb/investigations'")
    return base


def _folder(name: str, value: str) -> str:
    if not value.strip():
        raise OptionError(name, "must name a folder")
    return value


def _workers(name: str, value: int) -> int:
    if value < 1:
        raise OptionError(name, f"must be 1 or more, got {value}")
    return value


_WORD = re.compile(r"[^\W\d_][^\W\d]{0,29}(?:[ '’-][^\W\d_][^\W\d]{0,29}){0,2}")


def _words(name: str, value: tuple[Any, ...]) -> tuple[str, ...]:
    """Each a word or two of letters ("Mitigation", "Gegenmaßnahme"), once, case aside."""
    words: list[str] = []
    for word in value:
        if not isinstance(word, str) or not _WORD.fullmatch(word.strip()):
            raise OptionError(name, f"{word!r} is not a word; list words such as 'Mitigation' "
                              "or 'Experiment' (letters only, no numbers)")
        if word.strip().casefold() not in {w.casefold() for w in words}:
            words.append(word.strip())
    if not words:
        raise OptionError(name, "list at least one word, e.g. [Attempt, Mitigation]")
    return tuple(words)


def _tag_pages(name: str, value: str) -> str:
    if value not in TAG_PAGES:
        raise OptionError(name, f"expected one of {', '.join(TAG_PAGES)}, got {value!r}")
    return value


_CHECKS: dict[str, Callable[[str, Any], Any]] = {
    "base_path": _base_path, "source_dir": _folder, "cache_dir": _folder,
    "chart_workers": _workers, "attempt_words": _words, "tags": _tag_pages}


def parse(mapping: dict[str, Any]) -> Options:
    """Options from a configuration mapping; unknown keys and bad values raise ``OptionError``."""
    known = {f.name for f in fields(Options)}
    for key in mapping:
        if key not in known:
            raise OptionError(str(key), "unknown option; the options are "
                              + ", ".join(sorted(known)))
    values = {key: check(key, value) for key, value in mapping.items()}
    return Options(**values)


@dataclass(frozen=True)
class Paths:
    """The folders a build reads and writes, resolved."""

    config_dir: Path
    source_dir: Path
    cache_dir: Path
    docs_dir: Path
    site_dir: Path

    def display(self, path: Path) -> str:
        """``path`` as messages show it: relative to mkdocs.yml's folder when inside it."""
        try:
            return path.relative_to(self.config_dir).as_posix()
        except ValueError:
            return path.as_posix()


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or path.is_relative_to(folder)


def resolve_paths(options: Options, config_dir: Path, docs_dir: Path, site_dir: Path,
                  source_dir: Path | None = None) -> Paths:
    """The build's folders, checked against each other; raises ``OptionError``.

    ``source_dir`` overrides the option (``generate`` takes the folder as an argument).
    """
    config_dir = config_dir.resolve()
    docs = docs_dir.resolve()
    site = site_dir.resolve()
    source = (source_dir or config_dir / options.source_dir).resolve()
    cache = (config_dir / options.cache_dir).resolve()
    if _inside(source, docs):
        raise OptionError("source_dir", f"'{options.source_dir}' is inside docs_dir; move it "
                          "beside mkdocs.yml so its files are not also built as plain pages")
    for folder, name in ((docs, "docs_dir"), (source, "source_dir"), (site, "site_dir")):
        if _inside(cache, folder):
            raise OptionError("cache_dir", f"'{options.cache_dir}' is inside {name}; keep it "
                              "outside docs_dir, source_dir and site_dir (a build writes there "
                              "while MkDocs watches or cleans those folders)")
    if _inside(site, cache) or _inside(source, cache):
        raise OptionError("cache_dir", f"'{options.cache_dir}' contains the site or the "
                          "sources; choose a folder of its own such as '.cache/meta-issues'")
    return Paths(config_dir, source, cache, docs, site)

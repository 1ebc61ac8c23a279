"""Shared fixtures for the build tests: build real MkDocs sites in tmp_path through the API.

``build_site`` builds with ``mkdocs.commands.build.build`` and fails the test on any warning of
the ``mkdocs`` logger the test did not declare (modelled on mkdocs-section-index's integration
tests). Chart caches live in pytest's tmp folders, never in the repository.
"""

from __future__ import annotations

import os

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
os.environ.setdefault("DISABLE_MKDOCS_2_WARNING", "true")

import json
import logging
import posixpath
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Literal

import pytest
import yaml

from meta_issues.plugin import MetaIssuesPlugin

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
SEED = TESTS / "fixtures" / "seed" / "living-description-example.md"

SUMMARY_RE = re.compile(
    r"meta-issues: (?P<issues>\d+) meta-issues, (?P<pages>\d+) pages; "
    r"charts: (?P<rendered>\d+) rendered, (?P<cached>\d+) cached"
)

# Companion files that make the seed a complete meta-issue (every link in the README resolves).
SEED_TEST_CASES = """# Test cases

## TC-1: Load test at 100 concurrent users

Run against Attempt 003 and compared with the baseline.
"""
SEED_LOG = """# Implementation log

## 2024-10-01 — Connection pooling

Implemented Attempt 003.
"""


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def seed_files(issue_id: str = "perf-saga", *, complete: bool = False) -> dict[str, str]:
    """The seed verbatim as the README of one meta-issue (plus companions when ``complete``)."""
    files = {f"meta-issues/{issue_id}/README.md": seed_text()}
    if complete:
        files[f"meta-issues/{issue_id}/test-cases.md"] = SEED_TEST_CASES
        files[f"meta-issues/{issue_id}/implementation-log.md"] = SEED_LOG
    return files


def page_path(src_uri: str, use_directory_urls: bool = True) -> str:
    """The built HTML file of a Markdown source, relative to site_dir."""
    stem = posixpath.splitext(src_uri)[0]
    if not use_directory_urls:
        return f"{stem}.html"
    parent, name = posixpath.split(stem)
    if name in ("index", "README"):
        return posixpath.join(parent, "index.html")
    return f"{stem}/index.html"


# --- HTML helpers ---------------------------------------------------------------------------


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: str = ""

    @property
    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self._open_links: list[Element] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.elements.append(element)
        if tag == "a":
            self._open_links.append(element)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open_links:
            self._open_links.pop()

    def handle_data(self, data: str) -> None:
        for link in self._open_links:
            link.text += data


@dataclass
class Html:
    source: str
    elements: list[Element] = field(default_factory=list)

    @classmethod
    def parse(cls, text: str) -> Html:
        collector = _Collector()
        collector.feed(text)
        collector.close()
        return cls(text, collector.elements)

    @property
    def ids(self) -> set[str]:
        return {e.attrs["id"] for e in self.elements if "id" in e.attrs} | {
            e.attrs["name"] for e in self.elements if e.tag == "a" and "name" in e.attrs
        }

    def links(self) -> list[Element]:
        return [e for e in self.elements if e.tag == "a" and "href" in e.attrs]

    def hrefs(self) -> list[str]:
        return [e.attrs["href"] for e in self.links()]

    def with_class(self, cls: str) -> list[Element]:
        return [e for e in self.elements if cls in e.classes]

    def __contains__(self, text: str) -> bool:
        return text in self.source


class _Items(HTMLParser):
    """Every start tag with its attributes, and the text, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[tuple[str, ...]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.items.append((tag, *sorted(f"{k}={v or ''}" for k, v in attrs)))

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.items.append(("#text", data.strip()))


def html_structure(text: str) -> list[tuple[str, ...]]:
    """What a page shows and holds, whatever its spelling: tags, attributes and text in order.

    An HTML5 parser (the sanitiser's, a browser's) closes a ``<p>`` before a block inside it
    and opens an empty one at its ``</p>``, and gives a table its implied ``<tbody>``: the
    same page, so those are left out.
    """
    items = _Items()
    items.feed(text)
    items.close()
    return [item for item in items.items if item not in (("p",), ("tbody",))]


# --- building -------------------------------------------------------------------------------


class _Capture(logging.Handler):
    def __init__(self, level: int) -> None:
        super().__init__(level)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@dataclass
class BuiltSite:
    root: Path
    site_dir: Path
    config: Any
    warnings: list[str]
    infos: list[str]
    aborted: str | None = None
    debugs: list[str] = field(default_factory=list)

    @property
    def use_directory_urls(self) -> bool:
        return bool(self.config["use_directory_urls"])

    def path(self, src_uri: str) -> Path:
        """The built file of a generated or docs page, by its Markdown source path."""
        return self.site_dir / page_path(src_uri, self.use_directory_urls)

    def html(self, src_uri: str) -> Html:
        file = self.path(src_uri)
        assert file.is_file(), f"{src_uri} was not built ({file} missing)"
        return Html.parse(file.read_text(encoding="utf-8"))

    def json(self, name: str = "meta-issues.json") -> Any:
        return json.loads((self.site_dir / name).read_text(encoding="utf-8"))

    def summary(self) -> re.Match[str]:
        matches = [m for m in (SUMMARY_RE.search(line) for line in self.infos) if m]
        assert len(matches) == 1, f"expected one summary line, got {self.infos}"
        return matches[0]

    def html_files(self) -> list[Path]:
        return sorted(self.site_dir.rglob("*.html"))


def run_build(
    config: Any,
    *,
    strict: bool = False,
    expect_warnings: Iterable[str] = (),
    tolerate_warnings: Iterable[str] = (),
    expect_abort: bool | None = None,
    root: Path | None = None,
) -> BuiltSite:
    """Build ``config`` (from ``load_config``); fail on undeclared warnings.

    ``expect_warnings``: regexes each of which must match at least one warning.
    ``tolerate_warnings``: regexes of warnings that may occur. Anything else fails the test.
    With ``strict``, the build must abort exactly when warnings are expected.
    """
    from mkdocs.commands.build import build
    from mkdocs.exceptions import Abort

    expected = list(expect_warnings)
    allowed = expected + list(tolerate_warnings)
    if expect_abort is None:
        expect_abort = strict and bool(expected)
    if strict:
        config["strict"] = True
    warn_handler = _Capture(logging.WARNING)
    info_handler = _Capture(logging.DEBUG)
    mkdocs_logger = logging.getLogger("mkdocs")
    ours = logging.getLogger("mkdocs.plugins.meta_issues")
    old_level = ours.level
    ours.setLevel(logging.DEBUG)
    mkdocs_logger.addHandler(warn_handler)
    ours.addHandler(info_handler)
    aborted: str | None = None
    try:
        try:
            build(config)
        except Abort as error:
            aborted = str(error)
    finally:
        mkdocs_logger.removeHandler(warn_handler)
        ours.removeHandler(info_handler)
        ours.setLevel(old_level)
    warnings = [r.getMessage() for r in warn_handler.records]
    infos = [r.getMessage() for r in info_handler.records if r.levelno == logging.INFO]
    debugs = [r.getMessage() for r in info_handler.records if r.levelno == logging.DEBUG]
    unexpected = [w for w in warnings if not any(re.search(p, w) for p in allowed)]
    if unexpected:
        pytest.fail("unexpected warnings:\n  " + "\n  ".join(unexpected), pytrace=False)
    missing = [p for p in expected if not any(re.search(p, w) for w in warnings)]
    if missing:
        pytest.fail(f"expected warnings not logged: {missing}; got {warnings}", pytrace=False)
    if aborted and not expect_abort:
        pytest.fail(f"build aborted unexpectedly: {aborted}; warnings: {warnings}",
                    pytrace=False)
    if expect_abort and not aborted:
        pytest.fail("strict build did not abort", pytrace=False)
    site_dir = Path(config["site_dir"])
    return BuiltSite(root or Path(config["config_file_path"]).parent, site_dir, config,
                     warnings, infos, aborted, debugs)


def default_config(cache_dir: Path | str, **overrides: Any) -> dict[str, Any]:
    options: dict[str, Any] = {"cache_dir": str(cache_dir)}
    options.update(overrides.pop("plugin_options", {}))
    config: dict[str, Any] = {
        "site_name": "Test site",
        "theme": {"name": "material"},
        "plugins": ["search", {"meta-issues": options}],
    }
    config.update(overrides)
    return config


BuildSite = Callable[..., BuiltSite]


@pytest.fixture(scope="session")
def chart_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One chart cache for the session (charts are keyed by content, so sharing is safe)."""
    return tmp_path_factory.mktemp("chart-cache")


@pytest.fixture
def build_site(tmp_path: Path, chart_cache: Path) -> BuildSite:
    """Factory: see ``make_builder``; projects go under this test's tmp_path."""
    return make_builder(tmp_path, chart_cache)


@pytest.fixture(scope="module")
def module_builder(tmp_path_factory: pytest.TempPathFactory, chart_cache: Path) -> BuildSite:
    """Like ``build_site`` for module-scoped sites that several read-only tests share."""
    return make_builder(tmp_path_factory.mktemp("module-sites"), chart_cache)


def make_builder(tmp_path: Path, chart_cache: Path) -> BuildSite:
    """Factory: write files into a fresh folder under tmp_path, build it, check the warnings.

    ``files`` maps paths relative to the project (``docs/index.md``, ``meta-issues/x/README.md``)
    to text. ``config`` is the mkdocs.yml as a dict (dumped to YAML) or as YAML text; by default
    Material + search + meta-issues with the session chart cache. Keyword arguments go to
    ``run_build``; ``prepare(root)`` runs before the build.
    """
    counter = iter(range(1000))

    def factory(
        files: dict[str, str] | None = None,
        config: dict[str, Any] | str | None = None,
        prepare: Callable[[Path], None] | None = None,
        **kwargs: Any,
    ) -> BuiltSite:
        from mkdocs.config import load_config

        root = tmp_path / f"project-{next(counter)}"
        while root.exists():
            root = tmp_path / f"project-{next(counter)}"
        (root / "docs").mkdir(parents=True)
        if prepare is not None:
            prepare(root)
        for relative, text in (files or {}).items():
            target = root / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        if config is None:
            config = default_config(chart_cache)
        text = config if isinstance(config, str) else yaml.safe_dump(config, sort_keys=False)
        (root / "mkdocs.yml").write_text(text, encoding="utf-8")
        loaded = load_config(config_file=str(root / "mkdocs.yml"))
        return run_build(loaded, root=root, **kwargs)

    return factory


def snapshot(*folders: Path) -> dict[str, tuple[int, str]]:
    """mtime_ns and sha256 of every file under ``folders``."""
    import hashlib

    state: dict[str, tuple[int, str]] = {}
    for folder in folders:
        for file in sorted(folder.rglob("*")):
            if file.is_file():
                digest = hashlib.sha256(file.read_bytes()).hexdigest()
                state[str(file)] = (file.stat().st_mtime_ns, digest)
    return state


def walk_html(site_dir: Path) -> Iterator[tuple[str, Html]]:
    for file in sorted(site_dir.rglob("*.html")):
        yield file.relative_to(site_dir).as_posix(), Html.parse(file.read_text("utf-8"))


# --- small projects for the cache and live-edit tests --------------------------------------

SMALL_SITE_CONFIG = """\
site_name: live
theme:
  name: material
  font: false
plugins:
  - search
  - meta-issues:
      cache_dir: .cache
"""


def small_project(root: Path, count: int = 3, config: str = SMALL_SITE_CONFIG) -> Path:
    """``root`` with an empty docs/, ``config`` as mkdocs.yml and ``count`` small issues."""
    (root / "docs").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    for index in range(count):
        write_small_issue(root / "meta-issues" / f"issue-{index}", f"Issue {index}")
    return root


Command = Literal["build", "gh-deploy", "serve"]


def plugin_of(config: Any) -> MetaIssuesPlugin:
    """The meta-issues plugin instance of a loaded configuration."""
    plugin = config.plugins["meta-issues"]
    assert isinstance(plugin, MetaIssuesPlugin)
    return plugin


def fresh_build(root: Path, site: str = "site", *, command: Command = "build", **kwargs: Any
                ) -> BuiltSite:
    """Build ``root`` in this process as a new `mkdocs <command>` would: MkDocs keeps plugin
    instances between configs, so the plugin's in-memory caches are emptied first.
    Keyword arguments go to ``run_build``."""
    from mkdocs.config import load_config

    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(root / site))
    config.plugins.on_startup(command=command, dirty=False)
    plugin_of(config).pipeline.clear()
    return run_build(config, root=root, **kwargs)


def write_small_issue(folder: Path, title: str, *, latency: str = "90ms",
                      front_matter: str = "") -> None:
    """A README with one version and two attempts' latency, and the attempt file."""
    (folder / "attempts").mkdir(parents=True, exist_ok=True)
    (folder / "README.md").write_text(
        f"{front_matter}# {title}\n\n**Last Updated:** 2024-10-12\n\n"
        "## Current Understanding (v1)\n\nThe cause is known.\n\n"
        "## Evolution of Understanding\n\n### Version 1 (2024-10-01) - Only theory\n\n"
        "**Theory:** Pooling\n\n**Test:** Attempt 001 - Add a pool\n\n**Result:** ✅ Success\n\n"
        "## Impact Analysis\n\n### Before (Attempt 000 - Baseline)\n\n"
        "```\n- Latency: 900ms\n```\n\n### After Attempt 001 (Pool)\n\n"
        f"```\n- Latency: {latency}\n```\n",
        encoding="utf-8",
    )
    (folder / "attempts" / "001-pool.md").write_text(
        "# Attempt 001: Pool\n\n**Hypothesis:** Version 1\n\n**Result:** ✅ Success\n\n"
        "Details of the pool.\n",
        encoding="utf-8",
    )


@pytest.fixture
def parsed_folders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Names of the folders parsed from now on; the parse caches skip the others."""
    from meta_issues.cache import results
    from meta_issues.source import parse_folder as original

    parsed: list[str] = []

    def counting(folder: Any, *settings: Any) -> Any:
        parsed.append(folder.name)
        return original(folder, *settings)

    monkeypatch.setattr(results, "parse_folder", counting)
    return parsed

"""Whole-site link check: every relative href/src of every built page resolves to a file.

Fragments pointing into HTML pages must name an element id of the target page.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import (
    REPO,
    BuildSite,
    Html,
    default_config,
    run_build,
    seed_files,
    walk_html,
)

EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.I)


def _target(value: str, page: str, site_dir: Path) -> tuple[str, str]:
    """The site file a link or image of ``page`` points at, and its fragment."""
    parts = urlsplit(value)
    path, fragment = unquote(parts.path), unquote(parts.fragment)
    if path.startswith("/"):
        target = path.lstrip("/")
    else:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path)) if path \
            else page
    if target == "." or target.endswith("/") or path.endswith("/"):
        target = posixpath.join("" if target == "." else target, "index.html")
    elif (site_dir / target).is_dir():
        target = posixpath.join(target, "index.html")
    return target, fragment


def _problem(target: str, fragment: str, site_dir: Path, pages: dict[str, Html]) -> str | None:
    if target.startswith("../") or target == "..":
        return "leaves the site"
    if not (site_dir / target).is_file():
        return f"-> {target} does not exist"
    if fragment and target.endswith(".html"):
        ids = pages[target].ids if target in pages else Html.parse(
            (site_dir / target).read_text("utf-8")).ids
        if fragment not in ids:
            return f"-> no id {fragment!r} in {target}"
    return None


def broken_links(site_dir: Path) -> tuple[list[str], int, int]:
    """(problems, checked links, checked images) over every .html file of ``site_dir``."""
    pages = dict(walk_html(site_dir))
    problems: list[str] = []
    links = images = 0
    for page, html in pages.items():
        for element in html.elements:
            for attribute in ("href", "src"):
                value = element.attrs.get(attribute)
                if not value or EXTERNAL.match(value) or value.startswith("#"):
                    continue
                target, fragment = _target(value, page, site_dir)
                problem = _problem(target, fragment, site_dir, pages)
                if problem is not None:
                    problems.append(f"{page}: <{element.tag} {attribute}={value!r}> {problem}")
                    if problem.startswith(("leaves", "->")) and "no id" not in problem:
                        continue
                if element.tag == "img":
                    images += 1
                else:
                    links += 1
    return problems, links, images


URLS = pytest.mark.parametrize("use_directory_urls", [True, False], ids=["dir-urls", "file-urls"])


@URLS
def test_repo_site_links_resolve(tmp_path: Path, chart_cache: Path,
                                 use_directory_urls: bool) -> None:
    from mkdocs.config import load_config

    config = load_config(config_file=str(REPO / "mkdocs.yml"), site_dir=str(tmp_path / "site"),
                         use_directory_urls=use_directory_urls)
    config.plugins["meta-issues"].config["cache_dir"] = str(chart_cache)
    # Link validation is the checker's job here; the strict build test covers warnings.
    # Link validation of the hand-written docs is the strict build test's job; the generated
    # pages must not warn at all.
    site = run_build(config, root=REPO,
                     tolerate_warnings=[r"^Doc file '(?!meta-issues/)[^']+' contains a link"])
    problems, links, images = broken_links(site.site_dir)
    assert [p for p in problems if p.startswith("meta-issues/")] == []  # generated pages
    assert problems == []  # and the hand-written docs
    assert links > 100
    assert images > 10  # the charts


@URLS
def test_seed_site_links_resolve(build_site: BuildSite, chart_cache: Path,
                                 use_directory_urls: bool) -> None:
    config = default_config(chart_cache, use_directory_urls=use_directory_urls)
    site = build_site(seed_files(complete=True), config, strict=True)
    problems, links, images = broken_links(site.site_dir)
    assert problems == []
    assert links > 50
    chart_images = [p for p in site.site_dir.rglob("*.svg") if "charts" in p.parts]
    assert images >= len(chart_images) > 0


@URLS
def test_seed_readme_alone_links_resolve(build_site: BuildSite, chart_cache: Path,
                                         use_directory_urls: bool) -> None:
    config = default_config(chart_cache, use_directory_urls=use_directory_urls,
                            plugin_options={"charts": False})
    site = build_site(seed_files(), config)
    problems, _, _ = broken_links(site.site_dir)
    assert problems == []


def test_checker_finds_broken_links(build_site: BuildSite, chart_cache: Path) -> None:
    """The checker itself: a page with a missing target, a bad anchor and a missing image."""
    files = seed_files(complete=True)
    files["docs/extra.md"] = (
        "# Extra\n\n<a href='nope/'>x</a> <a href='../meta-issues/perf-saga/evolution/#version-9'>"
        "y</a> <img src='missing.png' alt=''>\n"
    )
    config = default_config(chart_cache, plugin_options={"charts": False})
    site = build_site(files, config)
    problems, _, _ = broken_links(site.site_dir)
    joined = "\n".join(problems)
    assert "nope/index.html does not exist" in joined
    assert "no id 'version-9'" in joined
    assert "missing.png does not exist" in joined
    assert len(problems) == 3, problems

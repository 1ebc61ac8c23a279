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


# --- files beside the text, sibling links, links out of the tree ------------------------------

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082")
BESIDE_README = """# Checkout Timeouts

**Last Updated:** 2025-01-09

## Current Understanding (v1)

The pool was too small.

## Evolution of Understanding

### Version 1 (2025-01-06) - Pool size

**Theory:** The pool is too small
**Test:** Attempt 001 - A bigger pool
**Result:** ✅ Success

## Evidence

![Flame graph](images/flame.png)

The raw numbers are in [results.csv](data/results.csv). The same pool trouble was seen in
[the login investigation](../login-latency/README.md), whose
[Attempt 001](../login-latency/attempts/001-pool.md) and [folder](../login-latency/) say more.
Our notes are in [a file outside the tree](../../notes/secret.md) and
[a missing chart](images/missing.png).
"""
BESIDE_LOG = """# Implementation Log

- **2025-01-06** Opened the investigation; planned Attempt 001.
- **2025-01-08** Attempt 001 deployed behind a flag.
- **2025-01-09** Resolved.
"""
BESIDE_ATTEMPT = """# Attempt 001: A bigger pool

**Hypothesis:** Version 1
**Result:** ✅ Success
**Date:** 2025-01-08

Deployed on [2025-01-08](../implementation-log.md#2025-01-08-attempt-001-deployed-behind-a-flag),
see the [flame graph](../images/flame.png).
"""
SIBLING_README = """# Login Latency

## Evolution of Understanding

### Version 1 (2024-11-01) - Pool

**Test:** Attempt 001 - Pooling
**Result:** ✅ Success
"""


def beside_files() -> dict[str, str]:
    return {
        "meta-issues/checkout-timeouts/README.md": BESIDE_README,
        "meta-issues/checkout-timeouts/implementation-log.md": BESIDE_LOG,
        "meta-issues/checkout-timeouts/attempts/001-bigger-pool.md": BESIDE_ATTEMPT,
        "meta-issues/checkout-timeouts/data/results.csv": "attempt,latency\n0,900\n1,90\n",
        "meta-issues/login-latency/README.md": SIBLING_README,
        "meta-issues/login-latency/attempts/001-pool.md": "# Attempt 001: Pool\n\nDone.\n",
    }


def _png(root: Path) -> None:
    (root / "meta-issues/checkout-timeouts/images").mkdir(parents=True)
    (root / "meta-issues/checkout-timeouts/images/flame.png").write_bytes(PNG)


BAD_LINKS = [
    r"meta-issues/checkout-timeouts/README\.md:24:\d+: LINK_OUTSIDE: link to "
    r"'\.\./\.\./notes/secret\.md'",
    r"meta-issues/checkout-timeouts/README\.md:25:\d+: LINK_MISSING: link to "
    r"'images/missing\.png'",
]


@URLS
def test_files_beside_the_text_and_sibling_links_resolve(
        build_site: BuildSite, chart_cache: Path, use_directory_urls: bool) -> None:
    config = default_config(chart_cache, use_directory_urls=use_directory_urls,
                            plugin_options={"charts": False})
    site = build_site(beside_files(), config, prepare=_png, expect_warnings=BAD_LINKS)
    problems, links, images = broken_links(site.site_dir)
    assert problems == []
    assert links > 40 and images >= 1
    folder = site.site_dir / "meta-issues/checkout-timeouts"
    assert (folder / "images/flame.png").read_bytes() == PNG
    assert (folder / "data/results.csv").read_text("utf-8").startswith("attempt,latency")
    overview = site.html("meta-issues/checkout-timeouts/index.md")
    img = next(e for e in overview.elements if e.tag == "img" and e.attrs.get("alt") ==
               "Flame graph")
    assert img.attrs["src"].endswith("images/flame.png")
    texts = {link.text: link.attrs["href"] for link in overview.links()}
    sibling = "../login-latency/" if use_directory_urls else "../login-latency/index.html"
    assert texts["the login investigation"] == sibling
    assert texts["Attempt 001"].startswith("../login-latency/attempts/001")
    assert texts["folder"] == sibling
    # What leads nowhere is shown as its words, not as a dead link.
    assert "a file outside the tree" not in texts and "a missing chart" not in texts
    assert "a file outside the tree" in overview.source
    log = site.html("meta-issues/checkout-timeouts/implementation-log.md")
    assert {"2025-01-06-opened-the-investigation-planned",
            "2025-01-08-attempt-001-deployed-behind-a-flag",
            "2025-01-09-resolved"} <= log.ids
    linked_from = site.html("meta-issues/login-latency/index.md")
    assert "Linked from other investigations" in linked_from.source
    assert "The same pool trouble was seen in the login investigation" in linked_from.source


def test_bad_links_fail_strict_and_lint_says_the_same(build_site: BuildSite, chart_cache: Path
                                                      ) -> None:
    config = default_config(chart_cache, plugin_options={"charts": False})
    site = build_site(beside_files(), config, prepare=_png, strict=True,
                      expect_warnings=BAD_LINKS)
    assert site.aborted
    from test_cli import run

    lint = run("lint", site.root / "meta-issues")
    assert lint.returncode == 1
    lines = lint.stdout.splitlines()
    assert len(lines) == 2
    for pattern, line in zip(BAD_LINKS, lines, strict=True):
        assert re.search(pattern.replace("meta-issues/", ".*meta-issues/", 1), line), line


def test_generate_publishes_the_same_files(build_site: BuildSite, chart_cache: Path,
                                           tmp_path: Path) -> None:
    from meta_issues.cli.generate import generate

    config = default_config(chart_cache, plugin_options={"charts": False})
    site = build_site(beside_files(), config, prepare=_png, expect_warnings=BAD_LINKS)
    out = tmp_path / "portable"
    generate(site.root / "meta-issues", out, site.root / "mkdocs.yml")
    docs = out / "docs/meta-issues/checkout-timeouts"
    assert (docs / "images/flame.png").read_bytes() == PNG
    assert (docs / "data/results.csv").is_file()
    plain = run_build(__import__("mkdocs.config", fromlist=["load_config"]).load_config(
        config_file=str(out / "mkdocs.yml")), root=out)
    assert broken_links(plain.site_dir)[0] == []


def test_a_link_out_of_the_folder_is_never_followed(build_site: BuildSite, chart_cache: Path
                                                    ) -> None:
    """A file beside the text that is a symbolic link (to a secret) is not published."""
    def prepare(root: Path) -> None:
        _png(root)
        secret = root / "secret.txt"
        secret.write_text("SECRET", encoding="utf-8")
        (root / "meta-issues/checkout-timeouts/data").mkdir(parents=True)
        (root / "meta-issues/checkout-timeouts/data/leak.txt").symlink_to(secret)

    files = beside_files()
    files["meta-issues/checkout-timeouts/README.md"] += "\nSee [the leak](data/leak.txt).\n"
    config = default_config(chart_cache, plugin_options={"charts": False})
    site = build_site(files, config, prepare=prepare, expect_warnings=[
        *BAD_LINKS, r"LINK_MISSING: link to 'data/leak\.txt' leads nowhere: it is not "
        r"published: it is a symbolic link"])
    assert not (site.site_dir / "meta-issues/checkout-timeouts/data/leak.txt").exists()
    assert not any("SECRET" in p.read_text("utf-8", "replace")
                   for p in site.site_dir.rglob("*") if p.is_file() and p.suffix != ".png")

"""``meta-issues generate``: plain Markdown + SVG that plain MkDocs builds into the same site."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import REPO, BuildSite, BuiltSite, html_structure, run_build, seed_files
from meta_issues.cli.generate import GenerateError, automatic_nav, generate, load_config
from meta_issues.sanitizer import clean_html
from test_cli import run

SAMPLES = REPO / "meta-issues"
ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)


def _copy_samples(root: Path) -> None:
    shutil.copytree(SAMPLES, root / "meta-issues")


def _plain_build(out: Path) -> BuiltSite:
    from mkdocs.config import load_config as mkdocs_load_config

    config = mkdocs_load_config(config_file=str(out / "mkdocs.yml"))
    assert "meta-issues" not in config["plugins"]
    return run_build(config, strict=True, root=out)


def _pages(site: BuiltSite) -> dict[str, str]:
    """Every HTML page (but MkDocs' 404) → its article's HTML."""
    found = {}
    for file in site.html_files():
        rel = file.relative_to(site.site_dir).as_posix()
        if rel == "404.html":
            continue
        match = ARTICLE.search(file.read_text(encoding="utf-8"))
        assert match, f"{rel} has no article"
        found[rel] = match.group(1).strip()
    return found


def _files(site: BuiltSite, suffix: str) -> set[str]:
    return {p.relative_to(site.site_dir).as_posix() for p in site.site_dir.rglob(f"*{suffix}")}


def _assert_same_site(plugin_site: BuiltSite, plain_site: BuiltSite) -> None:
    """The same pages; the plugin's went through the HTML sanitiser, which the plain site does
    not have: equal once both have, and the plain pages hold nothing it would remove (the
    Markdown sanitiser alone made them safe)."""
    ours, theirs = _pages(plugin_site), _pages(plain_site)
    assert sorted(ours) == sorted(theirs)
    for path, article in ours.items():
        assert clean_html(article) == clean_html(theirs[path]), f"{path}: article differs"
        assert html_structure(clean_html(theirs[path])) == html_structure(theirs[path]), path
    assert _files(plugin_site, ".svg") == _files(plain_site, ".svg")
    assert (plugin_site.site_dir / "meta-issues.json").read_text("utf-8") == (
        plain_site.site_dir / "meta-issues.json"
    ).read_text("utf-8")
    assert (plain_site.site_dir / "assets/meta-issues/meta-issues.css").is_file()


@pytest.mark.parametrize("with_docs", [False, True], ids=["landing-page", "own-docs"])
def test_generated_site_matches_plugin_site(
    build_site: BuildSite, chart_cache: Path, tmp_path: Path, with_docs: bool
) -> None:
    files: dict[str, str] = {}
    if with_docs:
        files = {
            "docs/index.md": "# Home\n\nSee [the investigations](meta-issues/index.md).\n",
            "docs/guide/writing.md": "# Writing\n\nText.\n",
            "docs/images/note.txt": "not a page\n",
        }
    files.update(seed_files("perf-saga", complete=True))
    plugin_site = build_site(files, prepare=_copy_samples, strict=True)

    out = tmp_path / "portable"
    result = generate(plugin_site.root / "meta-issues", out, plugin_site.root / "mkdocs.yml")
    assert not [d for d in result.diagnostics if d.level != "info"]
    written = yaml.safe_load((out / "mkdocs.yml").read_text("utf-8").replace("!!python", "#"))
    assert all("meta-issues" not in p for p in written["plugins"])
    assert "assets/meta-issues/meta-issues.css" in written["extra_css"]
    assert {"tables", "attr_list", "md_in_html", "admonition"} <= {
        e if isinstance(e, str) else next(iter(e)) for e in written["markdown_extensions"]
    }
    assert written["nav"]
    assert (out / "docs/meta-issues/perf-saga/index.md").is_file()
    assert (out / "docs/meta-issues/perf-saga/charts/avg-response-time.svg").is_file()
    if with_docs:
        assert (out / "docs/images/note.txt").is_file()
        assert written["nav"][0] == "index.md"

    plain_site = _plain_build(out)
    _assert_same_site(plugin_site, plain_site)


def test_generated_nav_is_mkdocs_automatic_nav() -> None:
    nav = automatic_nav(["meta-issues/lessons.md", "guide/b.md", "index.md",
                         "meta-issues/index.md", "about.md", "guide/index.md"])
    assert nav == ["index.md", "about.md", {"Guide": ["guide/index.md", "guide/b.md"]},
                   {"Meta issues": ["meta-issues/index.md", "meta-issues/lessons.md"]}]


def test_config_keeps_tags_and_options(tmp_path: Path, chart_cache: Path) -> None:
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / "overrides").mkdir()
    (project / "overrides" / "main.html").write_text("{% extends 'base.html' %}\n", "utf-8")
    (project / "docs" / "about.md").write_text("# About\n", encoding="utf-8")
    for path, text in seed_files("perf-saga", complete=True).items():
        (project / path).parent.mkdir(parents=True, exist_ok=True)
        (project / path).write_text(text, encoding="utf-8")
    (project / "mkdocs.yml").write_text(
        "site_name: !ENV [SITE_NAME, Tagged]\n"
        "theme:\n  name: material\n  custom_dir: overrides\n"
        "plugins:\n  - search\n"
        f"  - meta-issues:\n      base_path: kb\n      charts: false\n"
        f"      cache_dir: {chart_cache}\n"
        "markdown_extensions:\n  - toc:\n      permalink: true\n"
        "  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "      emoji_generator: !!python/name:material.extensions.emoji.to_svg\n"
        "use_directory_urls: false\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    generate(project / "meta-issues", out, project / "mkdocs.yml")
    text = (out / "mkdocs.yml").read_text("utf-8")
    assert "!ENV" in text and "!!python/name:material.extensions.emoji.twemoji" in text
    assert (out / "overrides" / "main.html").is_file()
    assert (out / "docs/kb/perf-saga/index.md").is_file()
    assert not list((out / "docs").rglob("*.svg"))
    data = json.loads((out / "docs/meta-issues.json").read_text("utf-8"))
    assert data["meta_issues"][0]["url"] == "kb/perf-saga/index.html"
    site = _plain_build(out)
    assert (site.site_dir / "kb/perf-saga/evolution.html").is_file()
    assert (site.site_dir / "index.html").is_file()  # the generated landing page


def test_refuses_to_overwrite_sources(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / "meta-issues").mkdir()
    (project / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    with pytest.raises(GenerateError, match="overwrite"):
        generate(project / "meta-issues", project, project / "mkdocs.yml")
    foreign = tmp_path / "foreign"
    (foreign / "docs").mkdir(parents=True)
    (foreign / "docs" / "keep.md").write_text("mine\n", encoding="utf-8")
    with pytest.raises(GenerateError, match="not written by"):
        generate(project / "meta-issues", foreign, project / "mkdocs.yml")
    assert (foreign / "docs" / "keep.md").is_file()


def test_second_run_replaces_stale_pages(tmp_path: Path) -> None:
    source = tmp_path / "src"
    for path, text in seed_files("perf-saga").items():
        target = source / Path(path).relative_to("meta-issues")
        target.parent.mkdir(parents=True)
        target.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\nplugins:\n  - meta-issues:\n      charts: false\n",
                      encoding="utf-8")
    generate(source, out, config)
    assert (out / "docs/meta-issues/perf-saga/index.md").is_file()
    (source / "perf-saga").rename(source / "renamed")
    generate(source, out, config)
    assert not (out / "docs/meta-issues/perf-saga").exists()
    assert (out / "docs/meta-issues/renamed/index.md").is_file()


def test_load_config_merges_inherit(tmp_path: Path) -> None:
    (tmp_path / "base.yml").write_text("site_name: base\ntheme:\n  name: material\n"
                                       "  features: [a]\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("INHERIT: base.yml\ntheme:\n  features: [b]\n",
                                         encoding="utf-8")
    data: dict[str, Any] = load_config(tmp_path / "mkdocs.yml")
    assert data == {"site_name": "base", "theme": {"name": "material", "features": ["b"]}}


def test_cli_generate(tmp_path: Path) -> None:
    out = tmp_path / "out"
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\nplugins:\n  - meta-issues:\n      charts: false\n",
                      encoding="utf-8")
    result = run("generate", SAMPLES, out, "--config", config)
    assert result.returncode == 0, result.stderr
    assert "meta-issues, " in result.stderr
    assert (out / "mkdocs.yml").is_file()
    assert (out / "docs/meta-issues/index.md").is_file()
    assert run("generate", tmp_path / "nope", out, "--config", config).returncode == 1
    assert run("generate", SAMPLES, out, "--config", tmp_path / "nope.yml").returncode == 1
    helped = run("generate", "--help")
    assert helped.returncode == 0 and "OUT/mkdocs.yml" in helped.stdout


def test_generated_output_builds_with_properdocs(tmp_path: Path) -> None:
    pytest.importorskip("properdocs")
    import subprocess
    import sys

    from test_cli import ENV

    out = tmp_path / "out"
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\ntheme:\n  name: material\n"
                      "plugins:\n  - meta-issues:\n      charts: false\n", encoding="utf-8")
    generate(SAMPLES, out, config)
    built = subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict", "-f", str(out / "mkdocs.yml")],
        capture_output=True, text=True, cwd=out, env=ENV, timeout=120, check=False,
    )
    assert built.returncode == 0, built.stderr
    assert (out / "site/meta-issues/index.html").is_file()

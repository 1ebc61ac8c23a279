"""The seed site together with other plugins and Material features, built strict."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import BuildSite, default_config, seed_files

ISSUE = "meta-issues/perf-saga"


def _config(chart_cache: Path) -> dict[str, object]:
    config = default_config(
        chart_cache,
        site_url="https://example.org/kb/",
        theme={"name": "material",
               "features": ["navigation.instant", "search.highlight", "content.action.edit"]},
        plugin_options={"charts": False},
    )
    plugins = config["plugins"]
    assert isinstance(plugins, list)
    plugins[1:1] = ["tags", "awesome-nav", {"redirects": {"redirect_maps":
                                                           {"old.md": "meta-issues/index.md"}}}]
    return config


def _files(nav: str | None) -> dict[str, str]:
    files = seed_files(complete=True)
    files[f"{ISSUE}/README.md"] = "---\ntags: [perf]\n---\n" + files[f"{ISSUE}/README.md"]
    files["docs/index.md"] = "# Home\n\nSee the [investigations](meta-issues/index.md).\n"
    if nav is not None:
        files["docs/.nav.yml"] = nav
    return files


def _check(site_dir: Path) -> None:
    for page in ("index.html", "meta-issues/index.html", "meta-issues/lessons/index.html",
                 "meta-issues/perf-saga/index.html", "meta-issues/perf-saga/evolution/index.html",
                 "meta-issues/perf-saga/attempts/index.html",
                 "meta-issues/perf-saga/attempts/003/index.html", "meta-issues.json"):
        assert (site_dir / page).is_file(), page
    redirect = (site_dir / "old" / "index.html").read_text("utf-8")
    assert "meta-issues/" in redirect and "refresh" in redirect.lower()
    index = json.loads((site_dir / "search" / "search_index.json").read_text("utf-8"))
    titles = {doc["location"].split("#")[0]: doc["title"] for doc in index["docs"]
              if "#" not in doc["location"]}
    attempt = titles.get("meta-issues/perf-saga/attempts/003/", "")
    assert "Attempt 003" in attempt, sorted(titles)
    overview = (site_dir / "meta-issues/perf-saga/index.html").read_text("utf-8")
    assert "md-tag" in overview and "perf" in overview


def test_instant_tags_awesome_nav_redirects_without_nav_file(build_site: BuildSite,
                                                              chart_cache: Path) -> None:
    site = build_site(_files(None), _config(chart_cache), strict=True)
    assert site.warnings == []
    _check(site.site_dir)


def test_instant_tags_awesome_nav_redirects_with_nav_file(build_site: BuildSite,
                                                           chart_cache: Path) -> None:
    nav = "nav:\n  - index.md\n  - Investigations: meta-issues\n"
    site = build_site(_files(nav), _config(chart_cache), strict=True)
    assert site.warnings == []
    _check(site.site_dir)
    home = (site.site_dir / "index.html").read_text("utf-8")
    primary = home[home.index("md-nav--primary"):]
    titles = re.findall(r'md-ellipsis">\s*([^<]*?)\s*<', primary)
    # awesome-nav's .nav.yml order: Home first, then the generated section with its pages.
    assert titles[:1] == ["Home"], titles
    assert "Investigations" in titles[1:] and "Lessons" in titles[1:], titles

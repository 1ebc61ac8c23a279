"""The seed site together with other plugins and Material features, built strict."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from mkdocs.config import load_config

from conftest import BuildSite, Html, default_config, page_path, run_build, seed_files

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


# --- the neighbours a team already uses, each in a real strict build --------------------------

OVERVIEW = "meta-issues/perf-saga/index.md"
ATTEMPT = "meta-issues/perf-saga/attempts/003.md"


def _tagged_seed() -> dict[str, str]:
    files = seed_files(complete=True)
    files[f"{ISSUE}/README.md"] = "---\ntags: [perf, db]\n---\n" + files[f"{ISSUE}/README.md"]
    return files


def _i18n(structure: str) -> dict[str, object]:
    return {"i18n": {"docs_structure": structure, "languages": [
        {"locale": "en", "default": True, "name": "English", "build": True},
        {"locale": "fr", "name": "Français", "build": True}]}}


@pytest.mark.parametrize("structure", ["suffix", "folder"])
def test_static_i18n_builds_every_language(build_site: BuildSite, chart_cache: Path,
                                            structure: str) -> None:
    files = seed_files(complete=True)
    if structure == "suffix":
        files |= {"docs/index.en.md": "# Home\n", "docs/index.fr.md": "# Accueil\n"}
    else:
        files |= {"docs/en/index.md": "# Home\n", "docs/fr/index.md": "# Accueil\n"}
    config = default_config(chart_cache)  # charts on: stored and generated files alike
    plugins = config["plugins"]
    assert isinstance(plugins, list)
    plugins.append(_i18n(structure))
    site = build_site(files, config, strict=True)
    root = site.site_dir
    # The localised home pages are the home pages: no generated landing page beside them.
    assert "<h1 id=\"home\">Home" in (root / "index.html").read_text("utf-8")
    assert "<h1 id=\"accueil\">Accueil" in (root / "fr" / "index.html").read_text("utf-8")
    for prefix in ("", "fr/"):
        for page in ("meta-issues/index.html", "meta-issues/perf-saga/index.html",
                     "meta-issues/perf-saga/attempts/003/index.html"):
            assert (root / prefix / page).is_file(), prefix + page
    french = Html.parse((root / "fr/meta-issues/perf-saga/index.html").read_text("utf-8"))
    charts = [e.attrs["src"] for e in french.elements if e.tag == "img" and ".svg" in
              e.attrs.get("src", "")]
    assert charts
    for src in charts:  # relative to the French page, each chart file exists
        target = (root / "fr/meta-issues/perf-saga" / src.split("#")[0]).resolve()
        assert target.is_file(), src
    assert (root / "meta-issues.json").is_file()
    assert (root / "assets/meta-issues/meta-issues.css").is_file()


def test_awesome_nav_globs_match_investigation_pages(build_site: BuildSite,
                                                     chart_cache: Path) -> None:
    files = seed_files("perf-saga", complete=True) | seed_files("other-saga")
    files["docs/index.md"] = "# Home\n"
    files["docs/.nav.yml"] = ("nav:\n  - index.md\n  - Investigations:\n"
                              "    - meta-issues/index.md\n    - meta-issues/*/index.md\n")
    config = default_config(chart_cache, plugin_options={"charts": False})
    plugins = config["plugins"]
    assert isinstance(plugins, list)
    plugins.append("awesome-nav")
    site = build_site(files, config, strict=True)
    home = (site.site_dir / "index.html").read_text("utf-8")
    primary = home[home.index("md-nav--primary"):]
    links = re.findall(r'href="([^"]+)"[^>]*>\s*<span class="md-ellipsis">', primary)
    assert "meta-issues/perf-saga/" in links and "meta-issues/other-saga/" in links, links
    assert not any("attempts" in link for link in links)  # the glob took overviews only


def _commit(root: Path, paths: list[str], date: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    subprocess.run(["git", "add", *paths], cwd=root, env=env, check=True)
    subprocess.run(["git", "commit", "-q", "-m", date], cwd=root, env=env, check=True)


def _dated(root: Path) -> None:
    """Commit the project in steps: README in 2022, the attempts in 2023, one edit in 2024."""
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    _commit(root, ["mkdocs.yml", "docs", f"{ISSUE}/README.md"], "2022-02-02T12:00:00")
    _commit(root, ["meta-issues"], "2023-03-03T12:00:00")
    log = root / ISSUE / "implementation-log.md"
    log.write_text(log.read_text("utf-8") + "\nMore.\n", encoding="utf-8")
    _commit(root, ["meta-issues"], "2024-04-04T12:00:00")


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_git_revision_dates_come_from_the_source_files(build_site: BuildSite,
                                                       chart_cache: Path) -> None:
    files = seed_files(complete=True)
    files["docs/index.md"] = "# Home\n"
    files[f"{ISSUE}/attempts/003-pool.md"] = "# Attempt 003: Pool\n\n**Result:** ✅ Success\n"
    config = default_config(chart_cache, plugin_options={"charts": False})
    plugins = config["plugins"]
    assert isinstance(plugins, list)
    plugins.append({"git-revision-date-localized": {"type": "iso_date",
                                                    "enable_creation_date": True}})

    def prepare(root: Path) -> None:
        for path, text in files.items():
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            (root / path).write_text(text, encoding="utf-8")
        (root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
        _dated(root)

    site = build_site(None, config, prepare=prepare, strict=True)

    def dates(src_uri: str) -> list[str]:
        text = site.path(src_uri).read_text("utf-8")
        return re.findall(r'git-revision-date-localized-plugin-iso_date"[^>]*>([^<]+)<', text)

    # [last update, creation]: the README's for the overview, the attempt file's for the
    # attempt, the log's for the log page, the source folder's for the list.
    assert dates(OVERVIEW) == ["2022-02-02", "2022-02-02"]
    assert dates(ATTEMPT) == ["2023-03-03", "2023-03-03"]
    assert dates("meta-issues/perf-saga/implementation-log.md") == ["2024-04-04", "2023-03-03"]
    assert dates("meta-issues/index.md") == ["2024-04-04", "2022-02-02"]
    assert dates("index.md") == ["2022-02-02", "2022-02-02"]


def _tags(site_dir: Path, src_uri: str) -> list[str]:
    text = (site_dir / page_path(src_uri)).read_text("utf-8")
    return [tag.strip() for tag in re.findall(r'class="md-tag(?:\s[^"]*)?"[^>]*>([^<]+)<', text)]


@pytest.mark.parametrize(("setting", "overview", "attempt"), [
    (None, ["db", "perf"], []), ("overview", ["db", "perf"], []),
    ("all", ["db", "perf"], ["db", "perf"]), ("none", [], [])])
def test_tags_on_overviews_only_by_default(build_site: BuildSite, chart_cache: Path,
                                           setting: str | None, overview: list[str],
                                           attempt: list[str]) -> None:
    options: dict[str, object] = {"charts": False}
    if setting is not None:
        options["tags"] = setting
    config = default_config(chart_cache, plugin_options=options)
    plugins = config["plugins"]
    assert isinstance(plugins, list)
    plugins.insert(1, "tags")
    site = build_site(_tagged_seed(), config, strict=True)
    assert sorted(_tags(site.site_dir, OVERVIEW)) == overview
    assert sorted(_tags(site.site_dir, ATTEMPT)) == attempt
    assert sorted(_tags(site.site_dir, "meta-issues/perf-saga/evolution.md")) == attempt


def test_every_generated_page_has_a_description(build_site: BuildSite, chart_cache: Path) -> None:
    config = default_config(chart_cache, plugin_options={"charts": False, "compare_to": None})
    site = build_site(seed_files(complete=True), config, strict=True)
    pages = [path for path in site.site_dir.rglob("*.html")
             if path.relative_to(site.site_dir).parts[0] in ("meta-issues", "index.html")]
    assert len(pages) > 8
    for path in pages:
        found = re.findall(r'<meta name="description" content="([^"]*)"',
                           path.read_text("utf-8"))
        assert found and found[0].strip(), path
    overview = (site.site_dir / "meta-issues/perf-saga/index.html").read_text("utf-8")
    [description] = re.findall(r'<meta name="description" content="([^"]*)"', overview)
    kb = site.json()
    summary = kb["meta_issues"][0]["current_understanding"]["summary"]
    assert description[:40] == " ".join(summary.replace("*", "").split())[:40]


def test_minify_and_material_blog_and_offline(build_site: BuildSite, chart_cache: Path) -> None:
    files = seed_files(complete=True)
    files["docs/index.md"] = "# Home\n"
    files["docs/blog/index.md"] = "# Blog\n"
    files["docs/blog/posts/first.md"] = ("---\ndate: 2024-01-02\n---\n\n# First post\n\n"
                                         "See the [investigations](../../meta-issues/index.md).\n")
    config = default_config(chart_cache)
    plugins = config["plugins"]
    assert isinstance(plugins, list)
    plugins += ["blog", "offline", {"minify": {"minify_html": True}}]
    site = build_site(files, config, strict=True)
    overview = (site.site_dir / "meta-issues/perf-saga/index.html").read_text("utf-8")
    head = overview.split("<body", 1)[0]
    assert head.count("\n") <= 3 and "name=description" in head  # minified, quotes and all
    # offline turns use_directory_urls off: pages are .html files
    assert (site.site_dir / "blog/2024/01/02/first-post.html").is_file()
    assert (site.site_dir / "meta-issues/perf-saga/attempts/003.html").is_file()
    assert (site.site_dir / "meta-issues/perf-saga/charts").is_dir()


def test_material_social_cards(chart_cache: Path, tmp_path: Path) -> None:
    """Cards need cairo (a system library) and a font: Material downloads one from Google
    Fonts, which this machine cannot reach, so matplotlib's DejaVu Sans is put in its cache."""
    pytest.importorskip("cairosvg", reason="social cards need cairo (apt-get install libcairo2)")
    import matplotlib

    fonts = Path(matplotlib.__file__).parent / "mpl-data" / "fonts" / "ttf"
    cache = tmp_path / "social-cache"
    (cache / "fonts" / "Roboto").mkdir(parents=True)
    for source, style in (("DejaVuSans.ttf", "Regular"), ("DejaVuSans-Bold.ttf", "Bold")):
        shutil.copy(fonts / source, cache / "fonts" / "Roboto" / f"{style}.ttf")
    config = default_config(chart_cache, site_url="https://example.org/",
                            plugin_options={"charts": False})
    plugins = config["plugins"]
    assert isinstance(plugins, list)
    plugins.insert(1, {"social": {"cache_dir": str(cache)}})
    root = tmp_path / "project"
    for path, text in seed_files(complete=True).items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    (root / "docs").mkdir()
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    loaded = load_config(config_file=str(root / "mkdocs.yml"))
    loaded.plugins.on_startup(command="build", dirty=False)  # the card thread pools
    try:
        site = run_build(loaded, root=root, strict=True)
    finally:
        loaded.plugins.on_shutdown()
    card = site.site_dir / "assets/images/social/meta-issues/perf-saga/index.png"
    assert card.is_file() and card.read_bytes()[:4] == b"\x89PNG"
    overview = (site.site_dir / "meta-issues/perf-saga/index.html").read_text("utf-8")
    assert 'property="og:description"' in overview


@pytest.mark.parametrize("theme", ["mkdocs", "readthedocs"])
def test_other_themes_build_strict_with_the_same_pages(build_site: BuildSite,
                                                       chart_cache: Path, theme: str) -> None:
    config = default_config(chart_cache, theme={"name": theme})
    site = build_site(seed_files(complete=True), config, strict=True)
    page = site.html(OVERVIEW)
    charts = page.with_class("mi-chart")
    assert {"mi-chart--light", "mi-chart--dark"} <= {c for e in charts for c in e.classes}
    assert (site.site_dir / "assets/meta-issues/meta-issues.css").is_file()


def test_a_cold_build_reports_charts_up_to_every_chart(build_site: BuildSite,
                                                       tmp_path: Path) -> None:
    config = default_config(tmp_path / "cold-cache")
    site = build_site(seed_files(complete=True), config, strict=True)
    rendered = int(site.summary().group("rendered"))
    progress = [line for line in site.infos if re.fullmatch(r"meta-issues: charts: \d+/\d+", line)]
    assert rendered > 0 and progress, site.infos
    assert progress[-1] == f"meta-issues: charts: {rendered}/{rendered}"


def test_a_description_cannot_break_out_of_its_attribute(build_site: BuildSite,
                                                         chart_cache: Path) -> None:
    """Themes print the description unescaped inside content="…"."""
    readme = ("# Quotes\n\n**Last Updated:** 2024-10-12\n\n## Current Understanding (v1)\n\n"
              'It said "x" onmouseover="alert(1)" <b>bold</b> & [y](javascript:alert(2)).\n\n'
              "## Evolution of Understanding\n\n### Version 1 (2024-10-01) - Only\n\n"
              "**Theory:** t\n\n**Result:** ✅ Success\n")
    site = build_site({"meta-issues/quotes/README.md": readme},
                      default_config(chart_cache, plugin_options={"charts": False}),
                      expect_warnings=["UNSAFE_LINK"])
    page = site.html("meta-issues/quotes/index.md")
    [meta] = [e for e in page.elements if e.tag == "meta" and e.attrs.get("name") == "description"]
    assert set(meta.attrs) == {"name", "content"}
    # One attribute whose text (entities decoded by the parser) is the sentence as written.
    assert meta.attrs["content"].startswith('It said "x" onmouseover="alert(1)" <b>bold</b> & y')
    assert "javascript" not in meta.attrs["content"]

"""Build tests: real MkDocs builds (Material) of the seed, the sample repo and edge cases."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest

from conftest import (
    REPO,
    SEED,
    BuildSite,
    BuiltSite,
    default_config,
    page_path,
    run_build,
    seed_files,
    seed_text,
    snapshot,
)

ISSUE = "meta-issues/perf-saga"


@pytest.fixture(scope="module")
def seed_site(module_builder: BuildSite) -> BuiltSite:
    """The seed verbatim as the only file of meta-issue perf-saga (lenient build, shared)."""
    return module_builder(seed_files())


def test_summary_line_format(seed_site: BuiltSite) -> None:
    line = next(i for i in seed_site.infos if "meta-issues:" in i)
    assert re.search(
        r"meta-issues: 1 meta-issues, \d+ pages; charts: \d+ rendered, \d+ cached", line
    ), line
    summary = seed_site.summary()
    assert int(summary["rendered"]) + int(summary["cached"]) > 0


# --- the seed verbatim ----------------------------------------------------------------------


def test_seed_readme_alone_builds_strict(build_site: BuildSite) -> None:
    site = build_site(seed_files(), strict=True)
    assert site.warnings == []


def test_seed_with_companion_files_builds_strict(build_site: BuildSite) -> None:
    site = build_site(seed_files(complete=True), strict=True)
    assert site.warnings == []
    assert site.aborted is None
    assert site.path(f"{ISSUE}/test-cases.md").is_file()
    assert site.path(f"{ISSUE}/implementation-log.md").is_file()


def test_seed_alone_builds_without_warnings(seed_site: BuiltSite) -> None:
    """Its links to companion files it does not have are shown as text, not dead links."""
    assert seed_site.warnings == []
    overview = seed_site.html(f"{ISSUE}/index.md")
    assert "Test Cases:" in overview.source and "(not written yet)" in overview.source
    assert not [h for h in overview.hrefs() if "test-cases" in h]


def test_seed_evolution_has_version_anchors(seed_site: BuiltSite) -> None:
    evolution = seed_site.html(f"{ISSUE}/evolution.md")
    assert {"version-1", "version-2", "version-3"} <= evolution.ids
    assert "version-4" not in evolution.ids


def test_seed_every_attempt_has_a_page(seed_site: BuiltSite) -> None:
    for number in range(4):
        page = seed_site.html(f"{ISSUE}/attempts/{number:03d}.md")
        assert f"Attempt {number:03d}" in page
    assert not seed_site.path(f"{ISSUE}/attempts/004.md").exists()
    assert seed_site.path(f"{ISSUE}/attempts/index.md").is_file()


def _row_badges(html: str) -> dict[str, set[str]]:
    """Attempt href -> badge classes in the same table row."""
    rows: dict[str, set[str]] = {}
    for row in re.findall(r"<tr>(.*?)</tr>", html, re.S):
        first = re.search(r'href="([^"]*attempts/\d{3}/[^"]*)"', row)
        if first:
            rows.setdefault(first.group(1), set()).update(re.findall(r"mi-badge--(\w+)", row))
    return rows


def test_seed_overview_links_winner_and_badges(seed_site: BuiltSite) -> None:
    overview = seed_site.html(f"{ISSUE}/index.md")
    assert "attempts/003/" in overview.hrefs()
    rows = _row_badges(overview.source)
    assert rows.get("attempts/001/") == {"failed"}, rows
    assert rows.get("attempts/002/") == {"partial"}, rows
    assert rows.get("attempts/003/") == {"success"}, rows
    assert rows.get("attempts/000/") == {"baseline"}, rows
    # "What worked" names attempt 003 with a Success badge.
    success = overview.with_class("mi-badge--success")
    assert success, "no success badge on the overview"
    assert re.search(r'href="attempts/003/"[^<]*</a>\s*<span class="mi-badge mi-badge--success"',
                     overview.source)


def test_seed_version_page_links_tested_attempts(seed_site: BuiltSite) -> None:
    evolution = seed_site.html(f"{ISSUE}/evolution.md")
    sections = re.split(r'<h2 id="version-(\d+)"', evolution.source)
    by_version = {int(sections[i]): sections[i + 1] for i in range(1, len(sections) - 1, 2)}
    assert set(by_version) == {1, 2, 3}
    for version, attempt in ((1, 1), (2, 2), (3, 3)):
        assert f'href="../attempts/{attempt:03d}/"' in by_version[version], version


def test_seed_attempt_pages_link_back_to_their_version(seed_site: BuiltSite) -> None:
    for number in (1, 2, 3):
        hrefs = seed_site.html(f"{ISSUE}/attempts/{number:03d}.md").hrefs()
        assert any("evolution" in h and h.endswith(f"#version-{number}") for h in hrefs), hrefs


def test_seed_attempt_pages_have_previous_and_next(seed_site: BuiltSite) -> None:
    def steps(number: int) -> list[str]:
        page = seed_site.html(f"{ISSUE}/attempts/{number:03d}.md")
        nav = re.search(r'<nav class="mi-steps">(.*?)</nav>', page.source, re.S)
        assert nav, f"attempt {number} has no previous/next navigation"
        return re.findall(r'href="([^"]+)"', nav.group(1))

    assert steps(0) == ["../", "../001/"]
    assert steps(1) == ["../000/", "../", "../002/"]
    assert steps(2) == ["../001/", "../", "../003/"]
    assert steps(3) == ["../002/", "../"]


def test_seed_json_export_matches_contract(seed_site: BuiltSite) -> None:
    data = seed_site.json()
    assert data["schema_version"] == 1
    home = data["home_url"]
    assert not home.startswith("/")
    assert (seed_site.site_dir / home / "index.html").is_file()
    (issue,) = data["meta_issues"]
    assert issue["id"] == "perf-saga"
    assert issue["title"] == "Performance Optimization Saga"
    assert issue["status"] == "resolved"
    assert issue["last_updated"] == "2024-10-12"
    assert [v["number"] for v in issue["versions"]] == [1, 2, 3]
    assert [v["result"] for v in issue["versions"]] == ["failed", "partial", "success"]
    assert [v["tests"] for v in issue["versions"]] == [[1], [2], [3]]
    assert [a["number"] for a in issue["attempts"]] == [0, 1, 2, 3]
    assert [a["result"] for a in issue["attempts"]] == ["baseline", "failed", "partial", "success"]
    assert [a["versions"] for a in issue["attempts"]] == [[], [1], [2], [3]]
    assert all(a["source"] is None for a in issue["attempts"])

    def exists(url: str) -> None:
        assert not url.startswith("/"), url
        path, _, anchor = url.partition("#")
        assert path.endswith("/"), url
        page = seed_site.site_dir / path / "index.html"
        assert page.is_file(), url
        if anchor:
            assert f'id="{anchor}"' in page.read_text("utf-8"), url

    exists(issue["url"])
    for entry in issue["versions"] + issue["attempts"]:
        exists(entry["url"])
    for metric in issue["metrics"]:
        assert metric["better"] in ("lower", "higher")
        assert metric["target"] is None or metric["target"]["op"] in ("<", "<=", ">", ">=")
        assert (seed_site.site_dir / metric["chart"]).is_file(), metric["chart"]
    names = {m["name"] for m in issue["metrics"]}
    assert "Avg response time" in names
    assert issue["attempts"][0]["metrics"]["Avg response time"]["value"] == 5200
    assert issue["insights"], "the seed's critical insights were not exported"


# --- zero config ----------------------------------------------------------------------------


def test_zero_config_lists_every_issue_on_the_home_page(
    build_site: BuildSite, chart_cache: Path, tmp_path: Path
) -> None:
    files = seed_files()
    files["meta-issues/second-issue/README.md"] = (
        "# Living Description: Second Issue\n\n**Last Updated:** 2024-01-02\n"
    )
    config = {"site_name": "Zero", "theme": {"name": "material"},
              "plugins": ["search", "meta-issues"]}
    def warm_default_cache(root: Path) -> None:
        # Reuse the session's charts in the default cache location, to keep the test fast.
        shutil.copytree(chart_cache, root / ".cache" / "meta-issues")

    site = build_site(files, config, prepare=warm_default_cache)
    # The default cache lands beside mkdocs.yml, i.e. inside tmp_path, never in the repo.
    assert (site.root / ".cache" / "meta-issues").is_dir()
    index = site.html("index.md")
    hrefs = index.hrefs()
    for issue in ("perf-saga", "second-issue"):
        assert any(re.fullmatch(rf"(\./)?meta-issues/{issue}/(index\.html)?", h) for h in hrefs), (
            issue, hrefs)
    assert "Performance Optimization Saga" in index
    assert "Second Issue" in index
    summary = site.summary()
    assert summary["issues"] == "2"
    assert int(summary["pages"]) >= 10


# --- the sample repository ------------------------------------------------------------------


def test_sample_repo_builds_strict_without_touching_sources(
    tmp_path: Path, chart_cache: Path
) -> None:
    from mkdocs.config import load_config

    watched = (REPO / "docs", REPO / "meta-issues")
    before = snapshot(*watched)
    site_dir = tmp_path / "site"
    config = load_config(config_file=str(REPO / "mkdocs.yml"), site_dir=str(site_dir))
    config.plugins["meta-issues"].config["cache_dir"] = str(chart_cache)
    site = run_build(config, strict=True, root=REPO)
    assert site.warnings == []
    assert snapshot(*watched) == before
    data = site.json()
    ids = sorted(p.name for p in (REPO / "meta-issues").iterdir() if (p / "README.md").is_file())
    assert sorted(i["id"] for i in data["meta_issues"]) == ids
    for issue in data["meta_issues"]:
        assert (site_dir / issue["url"] / "index.html").is_file()


# --- diagnostics ----------------------------------------------------------------------------

MEH = "**Result:** Meh"


def _meh_files() -> tuple[dict[str, str], int]:
    text = seed_text().replace("**Result:** ❌ Failed - Performance unchanged", MEH, 1)
    assert MEH in text
    line = text.split("\n").index(MEH) + 1
    files = seed_files(complete=True)
    files[f"{ISSUE}/README.md"] = text
    return files, line


def _meh_config(chart_cache: Path) -> dict[str, object]:
    return default_config(chart_cache, plugin_options={"charts": False})


def test_unknown_result_aborts_strict_build(build_site: BuildSite, chart_cache: Path) -> None:
    files, line = _meh_files()
    pattern = re.escape(f"meta-issues/perf-saga/README.md:{line}: UNKNOWN_RESULT")
    site = build_site(files, _meh_config(chart_cache), strict=True, expect_warnings=[pattern])
    assert site.aborted and "strict" in site.aborted


def test_unknown_result_lenient_build_keeps_all_pages(build_site: BuildSite,
                                                      chart_cache: Path) -> None:
    files, line = _meh_files()
    pattern = re.escape(f"meta-issues/perf-saga/README.md:{line}: UNKNOWN_RESULT")
    site = build_site(files, _meh_config(chart_cache), expect_warnings=[pattern])
    assert len(site.warnings) == 1
    for src in ("index.md", "evolution.md", "attempts/index.md", "attempts/000.md",
                "attempts/001.md", "attempts/002.md", "attempts/003.md", "test-cases.md",
                "implementation-log.md"):
        assert site.path(f"{ISSUE}/{src}").is_file(), src
    overview = site.html(f"{ISSUE}/index.md")
    warning = [e for e in overview.with_class("admonition") if "warning" in e.classes]
    assert warning, "the overview shows no warning admonition"
    assert "UNKNOWN_RESULT" in overview
    assert f"README.md:{line}" in overview


# --- chart cache ----------------------------------------------------------------------------


def test_second_build_with_same_cache_renders_nothing(build_site: BuildSite,
                                                      tmp_path: Path) -> None:
    cache = tmp_path / "own-cache"
    files = seed_files(complete=True)
    first = build_site(files, default_config(cache))
    second = build_site(files, default_config(cache))
    assert int(first.summary()["rendered"]) > 0
    assert second.summary()["rendered"] == "0"
    assert second.summary()["cached"] == str(
        int(first.summary()["rendered"]) + int(first.summary()["cached"]))
    assert any(cache.rglob("*")), "nothing was written to the configured cache_dir"


# --- Material integrations ------------------------------------------------------------------


def test_edit_link_points_at_the_readme(build_site: BuildSite, chart_cache: Path) -> None:
    config = default_config(
        chart_cache, repo_url="https://github.com/example/kb", edit_uri="edit/main/docs/",
        theme={"name": "material", "features": ["content.action.edit"]},
        plugin_options={"charts": False},
    )
    site = build_site(seed_files(complete=True), config)
    overview = site.html(f"{ISSUE}/index.md")
    buttons = [e for e in overview.with_class("md-content__button") if e.tag == "a"]
    assert buttons, "no edit button on the overview"
    hrefs = [b.attrs.get("href", "") for b in buttons]
    assert any(h.startswith("https://github.com/example/kb/edit/main/")
               and h.endswith("/meta-issues/perf-saga/README.md") for h in hrefs), hrefs
    attempt = site.html(f"{ISSUE}/test-cases.md")
    assert any(e.attrs.get("href", "").endswith("/meta-issues/perf-saga/test-cases.md")
               for e in attempt.with_class("md-content__button")), "test-cases edit link"


def test_front_matter_tags_show_with_material_tags(build_site: BuildSite,
                                                   chart_cache: Path) -> None:
    files = seed_files(complete=True)
    files[f"{ISSUE}/README.md"] = "---\ntags: [perf]\n---\n" + seed_text()
    config = default_config(chart_cache, plugin_options={"charts": False})
    config["plugins"].insert(1, "tags")
    site = build_site(files, config)
    overview = site.html(f"{ISSUE}/index.md")
    tags = [e for e in overview.with_class("md-tag")]
    assert tags, "no Material tag on the overview"
    assert "perf" in overview.source[overview.source.find("md-tag"):][:400]
    assert site.json()["meta_issues"][0]["tags"] == ["perf"]


def test_docs_index_stays_the_landing_page(build_site: BuildSite, chart_cache: Path) -> None:
    files = seed_files(complete=True)
    files["docs/index.md"] = "# My own home\n\nHand-written landing page.\n"
    config = default_config(chart_cache, plugin_options={"charts": False})
    site = build_site(files, config, strict=True)
    landing = site.html("index.md")
    assert "Hand-written landing page." in landing
    home = site.html("meta-issues/index.md")
    assert "Performance Optimization Saga" in home
    assert site.json()["home_url"] == "meta-issues/"


def test_no_docs_index_makes_investigations_the_landing_page(seed_site: BuiltSite) -> None:
    landing = seed_site.html("index.md")
    assert "Investigations" in landing
    assert "Performance Optimization Saga" in landing


def test_charts_false_writes_no_svg(build_site: BuildSite, chart_cache: Path) -> None:
    site = build_site(seed_files(complete=True),
                      default_config(chart_cache, plugin_options={"charts": False}),
                      strict=True)
    assert not list((site.site_dir / "meta-issues").rglob("*.svg"))
    assert site.summary()["rendered"] == "0" and site.summary()["cached"] == "0"


def test_use_directory_urls_false_pages(build_site: BuildSite, chart_cache: Path) -> None:
    config = default_config(chart_cache, use_directory_urls=False,
                            plugin_options={"charts": False})
    site = build_site(seed_files(complete=True), config, strict=True)
    assert (site.site_dir / page_path(f"{ISSUE}/attempts/003.md", False)).is_file()
    data = site.json()
    assert data["home_url"] == "meta-issues/index.html"
    for attempt in data["meta_issues"][0]["attempts"]:
        assert (site.site_dir / attempt["url"]).is_file(), attempt["url"]


# sha256 of ../shared/seeds/living-description-example.md, the seed as its authors wrote it.
SEED_SHA256 = "ac753707397c0e5815dad8709a605bcd9ba6d7b619b962f9b7df045c9e80cdb2"


def test_the_seed_fixture_is_the_seed_verbatim() -> None:
    assert hashlib.sha256(SEED.read_bytes()).hexdigest() == SEED_SHA256


def test_fixture_fails_on_undeclared_and_missing_warnings(build_site: BuildSite,
                                                         chart_cache: Path) -> None:
    """The harness itself: undeclared warnings and unmet expectations fail the test."""
    files = seed_files(complete=True)
    files["docs/broken.md"] = "# Broken\n\n[gone](gone.md)\n"
    config = default_config(chart_cache, plugin_options={"charts": False})
    with pytest.raises(pytest.fail.Exception, match="unexpected warnings"):
        build_site(files, config)
    with pytest.raises(pytest.fail.Exception, match="aborted unexpectedly"):
        build_site(files, config, strict=True, tolerate_warnings=["gone"], expect_abort=False)
    with pytest.raises(pytest.fail.Exception, match="expected warnings not logged"):
        build_site(seed_files(complete=True), config, expect_warnings=["UNKNOWN_RESULT"])
    site = build_site(files, config, expect_warnings=[r"'gone\.md'"])
    assert len(site.warnings) == 1


# --- values as their authors write them (issue 15) -------------------------------------------

_IMPORT_README = """# Nächtlicher Import

**Last Updated:** 2025-01-20

## Current Understanding (v1)

Eine schiefe Partitionierung bremste den Import.

## Evolution of Understanding

### Version 1 (2025-01-13) - Schiefe Partitionen

**Theory:** Eine Partition hält 80 % der Zeilen.
**Test:** Attempt 001
**Result:** ✅ Success
**Learning:** Gleichmäßig partitionieren.

## Impact Analysis

### Before (Attempt 000 - Baseline)

- Durchsatz: 18.450 rows/s (target: ≥ 50.000 rows/s)
- Laufzeit: 41 h 12 min
- Kosten: 0,84 €/Tag

### After Attempt 001 (Partitionierung)

- Durchsatz: ≈ 61k rows/s
- Laufzeit: 2h40m
- Kosten: 0,31 €/Tag
"""


def test_decimal_comma_readme_shows_the_numbers_it_means(build_site: BuildSite,
                                                         chart_cache: Path) -> None:
    files = {"meta-issues/import/README.md": _IMPORT_README}
    site = build_site(files, _meh_config(chart_cache), strict=True)
    assert site.warnings == []
    overview = site.html("meta-issues/import/index.md")
    row = re.search(r"<td>Durchsatz</td>(.*?)</tr>", overview.source, re.S)
    assert row is not None
    assert "18,450 rows/s" in row.group(1)
    assert "61,000 rows/s" in row.group(1)
    assert "≥ 50,000 rows/s" in row.group(1)
    laufzeit = re.search(r"<td>Laufzeit</td>(.*?)</tr>", overview.source, re.S)
    assert laufzeit is not None and "2,472 min" in laufzeit.group(1)
    assert "160 min" in laufzeit.group(1)
    kosten = re.search(r"<td>Kosten</td>(.*?)</tr>", overview.source, re.S)
    assert kosten is not None and "0.84 €/Tag" in kosten.group(1)
    assert "18.45 rows/s" not in overview
    assert not re.search(r"[^,.0-9]50 rows/s", overview.source)
    export = site.json()
    metrics = {m["name"]: m for m in export["meta_issues"][0]["metrics"]}
    assert metrics["Durchsatz"]["target"] == {"op": ">=", "value": 50000, "unit": "rows/s"}


def test_currency_written_first_is_shown_first(build_site: BuildSite, chart_cache: Path) -> None:
    readme = _IMPORT_README.replace("0,84 €/Tag", "€0.84").replace("0,31 €/Tag", "€0.31")
    site = build_site({"meta-issues/import/README.md": readme}, _meh_config(chart_cache),
                      strict=True)
    overview = site.html("meta-issues/import/index.md").source
    kosten = re.search(r"<td>Kosten</td>(.*?)</tr>", overview, re.S)
    assert kosten is not None
    assert "€0.84" in kosten.group(1) and "€0.31" in kosten.group(1)


def test_ambiguous_value_is_shown_as_written_with_a_problem(build_site: BuildSite,
                                                            chart_cache: Path) -> None:
    # Without "4,2"-like numbers the file does not say whether 18.450 is 18.45 or 18450.
    readme = (_IMPORT_README.replace("- Kosten: 0,84 €/Tag\n", "")
              .replace("- Kosten: 0,31 €/Tag\n", "")
              .replace(" (target: ≥ 50.000 rows/s)", ""))
    line = readme.split("\n").index("- Durchsatz: 18.450 rows/s") + 1
    pattern = re.escape(f"meta-issues/import/README.md:{line}: NUMBER_AMBIGUOUS")
    site = build_site({"meta-issues/import/README.md": readme}, _meh_config(chart_cache),
                      expect_warnings=[pattern])
    assert len(site.warnings) == 1
    overview = site.html("meta-issues/import/index.md")
    problems = [e for e in overview.with_class("admonition") if "warning" in e.classes]
    assert problems, "the overview shows no problem box"
    box = overview.source[overview.source.index("Problems in the source files"):]
    assert "NUMBER_AMBIGUOUS" in box[:2000] and "could be 18.45 or 18450" in box[:2000]
    row = re.search(r"<td>Durchsatz</td>(.*?)</tr>", overview.source, re.S)
    assert row is not None
    assert "61,000 rows/s" in row.group(1)
    assert "18.45" not in row.group(1) and "18,450" not in row.group(1)
    # The living description shows the value as its author wrote it.
    assert "Durchsatz: 18.450 rows/s" in re.sub(r"<[^>]+>", "", overview.source)
    attempts = site.json()["meta_issues"][0]["attempts"]
    assert "Durchsatz" not in next(a for a in attempts if a["number"] == 0)["metrics"]

"""References and backlinks: every "TC-2", "v2", "Attempts 001 and 002", "attempts 1–4" and
"Mitigation 3" is a link wherever it is written (not inside code); every attempt, version,
test case and log entry lists where it is mentioned, with the sentence; every generated text
is escaped exactly once; the plugin's own dead links fail ``--strict``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import BuildSite, BuiltSite, Html, default_config
from meta_issues.source.mentions import find_references, sentence_at

README = """# Order Lookup Latency

**Last Updated:** 2024-10-12

## Current Understanding (v2)

The pool was too small; see TC-2 and Hypothesis v2.

## Evolution of Understanding

### Version 1 (2024-09-01) - Slow queries

**Theory:** The queries are slow
**Test:** Attempt 001 - Indexes
**Result:** ❌ Failed - TC-01 showed no change

### Version 2 (2024-09-15) - Pool

**Theory:** The pool is too small, unlike v1 said
**Test:** Attempt 002 - Pool
**Result:** ✅ Success - every target met

## Impact Analysis

### Before (Attempt 000 - Baseline)

```
- Latency: 900ms
```

### After Attempt 001 (Indexes)

```
- Latency: 880ms
```

### After Attempt 002 (Pool)

```
- Latency: 90ms
```

## Critical Insights

### Insight 1: Measure first

**Lesson:** Attempts 001 and 002 took a week; attempts 0–2 are all on record. Mitigation 2
was the fix, and `Attempt 001` in code stays code.
"""
TEST_CASES = """# Test cases

## TC-1: Load test

Run against Attempt 001 and Attempt 002.

## TC-2: Soak

Run against Attempt 002, after TC-1 passed.
"""
LOG = """# Implementation log

## 2024-09-01 - Opened

Planned Attempt 001 and test case 1.

## 2024-09-15 - Version 2

Version 2 written; Attempt 002 started.
"""
ATTEMPT_1 = "# Attempt 001: Indexes\n\n**Hypothesis:** Version 1\n**Result:** ❌ Failed\n" \
            "**Date:** 2024-09-01\n\nNo change under TC-1.\n"
ATTEMPT_2 = "# Attempt 002: Pool\n\n**Hypothesis:** Version 2\n**Result:** ✅ Success\n" \
            "**Date:** 2024-09-15\n\nBetter than Attempt 001 by far.\n"
ISSUE = "meta-issues/latency"


def files() -> dict[str, str]:
    return {f"{ISSUE}/README.md": README, f"{ISSUE}/test-cases.md": TEST_CASES,
            f"{ISSUE}/implementation-log.md": LOG,
            f"{ISSUE}/attempts/001-indexes.md": ATTEMPT_1,
            f"{ISSUE}/attempts/002-pool.md": ATTEMPT_2}


@pytest.fixture(scope="module")
def site(module_builder: BuildSite, chart_cache: Path) -> BuiltSite:
    config = default_config(chart_cache)  # charts on: their data tables link attempts
    return module_builder(files(), config, strict=True)


def hrefs_of(page: Html, text: str) -> list[str]:
    return [link.attrs["href"] for link in page.links() if link.text.strip() == text]


# --- finding references -------------------------------------------------------------------


@pytest.mark.parametrize(("text", "found"), [
    ("Attempts 001 and 002", [("attempt", 1, "Attempts 001"), ("attempt", 2, "002")]),
    ("attempts 1–4", [("attempt", 1, "attempts 1"), ("attempt", 2, ""), ("attempt", 3, ""),
                      ("attempt", 4, "4")]),
    ("Hypothesis v2, (v3), v1.2", [("version", 2, "v2"), ("version", 3, "v3")]),
    ("TC-2, TC-02, test case 3", [("test_case", 2, "TC-2"), ("test_case", 2, "TC-02"),
                                  ("test_case", 3, "test case 3")]),
    ("Mitigation 3 and Version 2", [("attempt", 3, "Mitigation 3"), ("version", 2, "Version 2")]),
    ("https://example.com/v2/api and Attempt 001 - Cache", [("attempt", 1, "Attempt 001")]),
])
def test_references_are_found_with_their_text(text: str, found: list[tuple[str, int, str]]
                                              ) -> None:
    assert [(r.kind, r.number, text[r.start:r.end]) for r in find_references(text)] == found


def test_the_sentence_around_a_reference() -> None:
    text = "First one. Then **Attempt 003** ran against [TC-1](x.md). Last!"
    assert sentence_at(text, text.index("Attempt")) == "Then Attempt 003 ran against TC-1."


# --- links wherever references are written ------------------------------------------------


def test_references_link_everywhere_but_in_code(site: BuiltSite) -> None:
    overview = site.html(f"{ISSUE}/index.md")
    assert hrefs_of(overview, "TC-2") == ["test-cases/#tc-2-soak"] * 2  # box, description
    assert hrefs_of(overview, "v2") == ["evolution/#version-2"] * 2  # box and description
    assert hrefs_of(overview, "Attempts 001") == ["attempts/001/"]
    assert set(hrefs_of(overview, "002")) == {"attempts/002/"}  # the lesson, the data tables
    assert hrefs_of(overview, "attempts 0") == ["attempts/000/"]
    assert hrefs_of(overview, "2") == ["attempts/002/"]  # "0–2" and "Mitigation 2"
    assert hrefs_of(overview, "Mitigation 2") == ["attempts/002/"]
    assert "<code>Attempt 001</code>" in overview.source
    evolution = site.html(f"{ISSUE}/evolution.md")
    assert hrefs_of(evolution, "TC-01") == ["../test-cases/#tc-1-load-test"]
    assert hrefs_of(evolution, "v1") == ["./#version-1"]
    log = site.html(f"{ISSUE}/implementation-log.md")
    assert hrefs_of(log, "test case 1") == ["../test-cases/#tc-1-load-test"]
    tests = site.html(f"{ISSUE}/test-cases.md")
    assert hrefs_of(tests, "TC-1") == ["./#tc-1-load-test"]
    attempt = site.html(f"{ISSUE}/attempts/002.md")
    assert hrefs_of(attempt, "Attempt 001") == ["../001/"]
    # Data tables (on the overview: an attempt's page shows its own values, issue 19): each
    # attempt number links to its page.
    assert "attempts/001/" in [link.attrs["href"] for link in overview.links()
                               if link.text.strip() == "001"]


def test_cross_links_carry_material_previews(site: BuiltSite) -> None:
    overview = site.html(f"{ISSUE}/index.md")
    previewed = [link for link in overview.links() if "data-preview" in link.attrs]
    assert {"TC-2", "Attempts 001", "Version 1", "Attempt 002 — Pool"} <= {
        link.text.strip() for link in previewed}
    crumbs = [link for link in overview.links() if link.text == "Investigations"]
    assert crumbs and all("data-preview" not in link.attrs for link in crumbs)


# --- backlinks with their sentence on every page kind --------------------------------------


def _backlinks(page: Html) -> str:
    found = re.findall(r'<div class="mi-backlinks"[^>]*>(.*?)</div>', page.source, re.S)
    return re.sub(r"<[^>]+>", "", "\n".join(found))


def test_backlinks_quote_the_sentence_on_every_page_kind(site: BuiltSite) -> None:
    attempt = _backlinks(site.html(f"{ISSUE}/attempts/001.md"))
    assert "Test case TC-1: Load test — “Run against Attempt 001 and Attempt 002.”" in attempt
    assert "Log 2024-09-01 — Opened — “Planned Attempt 001 and test case 1.”" in attempt
    assert "Attempt 002 — Pool — “Better than Attempt 001 by far.”" in attempt
    evolution = _backlinks(site.html(f"{ISSUE}/evolution.md"))
    assert "Log 2024-09-15 — Version 2 — “Version 2 written; Attempt 002 started.”" in evolution
    assert "Attempt 002 — Pool — “Hypothesis: Version 2”" in evolution
    tests = _backlinks(site.html(f"{ISSUE}/test-cases.md"))
    assert "Test case TC-2: Soak — “Run against Attempt 002, after TC-1 passed.”" in tests
    assert "Attempt 001 — Indexes — “No change under TC-1.”" in tests
    log = _backlinks(site.html(f"{ISSUE}/implementation-log.md"))
    assert "Version 1 — Slow queries — “Version 1 (2024-09-01) - Slow queries”" in log
    assert "Attempt 001 — Indexes — “Date: 2024-09-01”" in log


def test_backlinks_link_to_the_place_of_the_mention(site: BuiltSite) -> None:
    attempt = site.html(f"{ISSUE}/attempts/001.md")
    assert "../../test-cases/#tc-1-load-test" in attempt.hrefs()
    assert "../../implementation-log/#2024-09-01---opened" in attempt.hrefs()


# --- escaping once ---------------------------------------------------------------------------

NASTY = "Tom's \"fast\" <login> & co"
ENTITY = re.compile(r"&(?:#x?[0-9a-f]+|amp|lt|gt|quot|apos);", re.I)


class _Visible:
    """The text a reader sees, and the attributes a browser shows (title, alt)."""

    def __init__(self, html: str) -> None:
        from html.parser import HTMLParser

        outer = self
        self.text: list[str] = []
        self.attributes: list[str] = []

        class Parser(HTMLParser):
            skip = 0

            def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
                self.skip += tag in ("script", "style")
                outer.attributes.extend(v or "" for k, v in attrs
                                        if k in ("title", "alt", "aria-label"))

            def handle_endtag(self, tag: str) -> None:
                self.skip -= tag in ("script", "style")

            def handle_data(self, data: str) -> None:
                if not self.skip:
                    outer.text.append(data)

        parser = Parser(convert_charrefs=True)
        parser.feed(html)


def nasty_files() -> dict[str, str]:
    base = files()
    readme = (README.replace("Order Lookup Latency", NASTY)
              .replace("Slow queries", NASTY).replace("Measure first", NASTY)
              .replace("**Lesson:**", f"**Lesson:** {NASTY}.")
              .replace("- Latency: 900ms", f"- Latency: 900ms\n- Mood: {NASTY}"))
    base[f"{ISSUE}/README.md"] = "---\ntags: [\"Tom's & co\"]\n---\n" + readme + (
        f"\n## For Future Similar Issues\n\n1. **✅ DO:** {NASTY}\n")
    base[f"{ISSUE}/test-cases.md"] = TEST_CASES.replace("Load test", NASTY)
    base[f"{ISSUE}/implementation-log.md"] = LOG.replace("Opened", NASTY)
    base[f"{ISSUE}/attempts/001-indexes.md"] = ATTEMPT_1.replace("Indexes", NASTY)
    return base


def test_every_generated_text_is_escaped_exactly_once(build_site: BuildSite,
                                                      chart_cache: Path) -> None:
    config = default_config(chart_cache, plugin_options={"charts": False})
    site = build_site(nasty_files(), config, expect_warnings=[r"METRIC_UNPARSEABLE"],
                      tolerate_warnings=[r"RAW_HTML: raw HTML \(<login>\)"])
    pages = ["index.md", "lessons.md", f"{ISSUE[12:]}/index.md", f"{ISSUE[12:]}/evolution.md",
             f"{ISSUE[12:]}/attempts/index.md", f"{ISSUE[12:]}/attempts/001.md",
             f"{ISSUE[12:]}/test-cases.md", f"{ISSUE[12:]}/implementation-log.md"]
    for name in pages:
        visible = _Visible(site.path(f"meta-issues/{name}").read_text("utf-8"))
        text = "".join(visible.text)
        assert NASTY in text, f"{name} does not show the text as written"
        assert not ENTITY.search(text), f"{name} shows {ENTITY.search(text)} as text"
        assert not [a for a in visible.attributes if ENTITY.search(a)], name
        raw = site.path(f"meta-issues/{name}").read_text("utf-8")
        assert not re.search(r"&amp;(?:#x?[0-9a-f]+|amp|lt|gt|quot);", raw, re.I), name
    overview = "".join(_Visible(site.path(f"{ISSUE}/index.md").read_text("utf-8")).text)
    # The problem box quotes the diagnostic, quotes and angle brackets as written.
    assert f"metric 'Mood' has value '{NASTY}'" in overview


# --- the plugin's own links -------------------------------------------------------------------


def test_a_dead_anchor_on_a_generated_page_fails_strict(build_site: BuildSite, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """MkDocs reports a missing anchor at INFO; the plugin's own check makes it a warning."""
    from meta_issues.site import references

    original = references.reference_target

    def broken(ctx: object, reference: object) -> str | None:
        found = original(ctx, reference)  # type: ignore[arg-type]
        return f"{found.split('#')[0]}#nowhere" if found else None

    monkeypatch.setattr(references, "reference_target", broken)
    config = default_config(tmp_path / "cache", plugin_options={"charts": False})
    site = build_site(files(), config, strict=True, expect_warnings=[
        r"meta-issues: meta-issues/[^:]*: the link '[^']*#nowhere' leads nowhere: no "
        r"element has the id 'nowhere' there"])
    assert site.aborted


def test_hover_previews_can_be_switched_off(build_site: BuildSite, chart_cache: Path) -> None:
    config = default_config(chart_cache, plugin_options={"charts": False,
                                                         "hover_previews": False})
    site = build_site(files(), config)
    pages = list((site.site_dir / ISSUE).rglob("*.html"))
    assert pages and not any("data-preview" in p.read_text("utf-8") for p in pages)
    assert "../test-cases/#tc-1-load-test" in site.html(
        f"{ISSUE}/implementation-log.md").hrefs()  # still linked, only not previewed

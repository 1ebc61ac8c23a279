"""Never stop, never crash: structures Markdown cannot render, glyphs the chart font lacks,
dates no axis can span, binary data late in a file; and random Markdown in every kind of
source file. Each gets a located diagnostic (or none, when nothing is wrong) and a site.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bad_inputs.corpus import ATTEMPT, BASE
from conftest import BuildSite, default_config

# Hypothesis raises the recursion limit while it runs a test; `mkdocs build` runs with Python's.
RECURSION_LIMIT = sys.getrecursionlimit()
DEEP_LIST = "\n".join("    " * level + f"- level {level}" for level in range(300))


def test_a_300_level_list_builds_and_is_reported(build_site: BuildSite) -> None:
    readme = BASE + "\n## Notes\n\n" + DEEP_LIST + "\n"
    line = readme.split("\n").index("    " * 32 + "- level 32") + 1  # its 33rd level
    site = build_site({"meta-issues/deep/README.md": readme}, expect_warnings=[
        rf"^meta-issues: meta-issues/deep/README.md:{line}:1: NESTING_TOO_DEEP: "])
    page = site.html("meta-issues/deep/index.md")
    assert "level 299" in page.source and "level 0" in page.source
    assert page.source.count("<ul>") <= 40  # flattened at the limit, not dropped


@pytest.mark.parametrize("shape", ["quotes", "inline-lists", "html-blocks", "admonitions"])
def test_other_deep_structures_build(shape: str, build_site: BuildSite) -> None:
    deep = {
        "quotes": "> " * 400 + "deep quote",
        "inline-lists": "- " * 600 + "deep item",
        "html-blocks": "<div markdown>\n" * 400 + "deep block\n" + "</div>\n" * 400,
        "admonitions": "\n".join("    " * i + "!!! note\n" + "    " * (i + 1) + "deep note\n"
                                 for i in range(350)),
    }[shape]
    site = build_site({"meta-issues/deep/README.md": BASE + "\n## Notes\n\n" + deep + "\n"},
                      expect_warnings=[r"meta-issues/deep/README.md:\d+:1: NESTING_TOO_DEEP"])
    assert "deep" in site.html("meta-issues/deep/index.md").source


def test_an_emoji_title_passes_strict_with_charts(build_site: BuildSite,
                                                  chart_cache: Path) -> None:
    """The chart font has no 🐢: the SVG keeps the character (browsers draw it from their own
    fonts) and the build notes it as a hint, which never fails --strict."""
    readme = BASE.replace("Slow API", "Déploiement lent 🐢").replace("Latency", "Latence 🐢")
    config = default_config(chart_cache, plugin_options={"charts": True})
    site = build_site({"meta-issues/lent/README.md": readme,
                       "meta-issues/lent/attempts/001-warm.md": ATTEMPT}, config=config,
                      strict=True)
    assert site.aborted is None
    assert any("CHART_GLYPH: 🐢 (U+1F422)" in line and "meta-issues/lent/README.md" in line
               for line in site.debugs), site.debugs
    svgs = list((site.site_dir / "meta-issues/lent/charts").glob("*.svg"))
    assert svgs and any("🐢" in svg.read_text("utf-8") for svg in svgs)


def test_extreme_dates_are_reported_and_left_off_the_timeline(build_site: BuildSite,
                                                              chart_cache: Path) -> None:
    readme = BASE.replace("2024-10-01", "0001-01-01").replace(
        "## Impact Analysis", "### Version 2 (9999-12-31) - Far\n\n**Theory:** x\n"
        "**Result:** ❌ Failed\n\n### Version 3 (2024-11-01) - Near\n\n**Theory:** y\n"
        "**Result:** ✅ Success\n\n## Impact Analysis")
    lines = readme.split("\n")
    first = lines.index("### Version 1 (0001-01-01) - Cold cache") + 1
    second = lines.index("### Version 2 (9999-12-31) - Far") + 1
    config = default_config(chart_cache, plugin_options={"charts": True})
    site = build_site({"meta-issues/dates/README.md": readme,
                       "meta-issues/dates/attempts/001-warm.md": ATTEMPT}, config=config,
                      expect_warnings=[
                          rf"dates/README.md:{first}: DATE_RANGE: Version 1 is dated 0001-01-01",
                          rf"dates/README.md:{second}: DATE_RANGE: Version 2 is dated 9999-12-31"],
                      tolerate_warnings=[r"DATE_ORDER"])
    assert not [w for w in site.warnings if "CHART_FAILED" in w or "TIMELINE" in w]
    timeline = (site.site_dir / "meta-issues/dates/charts/timeline.svg").read_text("utf-8")
    assert "could not be drawn" not in timeline and "v3" in timeline
    assert "v1" not in timeline.replace("v1.", "")  # the implausible ones are not placed


def test_a_nul_byte_after_8_kib_is_binary(build_site: BuildSite) -> None:
    text = ATTEMPT + ("Text of the attempt.\n" * 500) + "\0 and more\n"
    line = text[: text.index("\0")].count("\n") + 1
    assert text.index("\0") > 8192
    site = build_site({"meta-issues/late/README.md": BASE,
                       "meta-issues/late/attempts/001-warm.md": text},
                      expect_warnings=[rf"late/attempts/001-warm.md:{line}: BINARY_FILE: "],
                      tolerate_warnings=[r"ATTEMPT_WITHOUT_DATA|no file"])
    assert site.path("meta-issues/late/index.md").is_file()


# --- random structures in every kind of source file ------------------------------------------

_WORDS = st.sampled_from(["text", "Attempt 001", "Version 1", "(v1)", "🐢", "é", "|", "*", "_",
                          "`", "[", "]", "(", ")", "<", ">", "{", "}", "#", "!", "&amp;",
                          "&#", "\\", "~", "-", "1.", ":", "=", '"', "'", "\t", "javascript:"])
_LINE = st.lists(_WORDS, max_size=12).map(" ".join)
_TAGS = st.sampled_from(["div", "span", "details", "summary", "script", "img", "a", "table",
                         "td", "svg", "p", "iframe", "style", "b"])
_ATTRS = st.sampled_from(["", " markdown", ' markdown="1"', ' onclick="x()"',
                          ' href="javascript:x"', ' class="c"', ' style="background:url(x)"'])


def _list(draw: st.DrawFn, depth: int, line: str) -> str:
    marker = draw(st.sampled_from(["- ", "* ", "1. ", "+ "]))
    step = draw(st.sampled_from(["    ", "    ", "\t", "  "]))  # mostly what nests
    return "\n".join(step * level + marker + line for level in range(depth))


def _table(draw: st.DrawFn, depth: int, line: str) -> str:
    cells = draw(st.lists(_LINE, min_size=1, max_size=5))
    rows = ["| " + " | ".join(reversed(cells)) + " |"] * draw(st.integers(0, 20))
    return "\n".join(["| " + " | ".join(cells) + " |", "|" + "---|" * len(cells), *rows])


def _fence(draw: st.DrawFn, depth: int, line: str) -> str:
    fence = draw(st.sampled_from(["```", "~~~", "````", "```python"]))
    closed = draw(st.booleans())
    return f"{fence}\n{line}\n<script>x</script>\n" + (fence[:3] if closed else "")


def _html(draw: st.DrawFn, depth: int, line: str) -> str:
    tag, attrs = draw(_TAGS), draw(_ATTRS)
    closing = draw(st.integers(0, depth))
    return f"<{tag}{attrs}>\n" * depth + line + f"\n</{tag}>" * closing


def _mixed(draw: st.DrawFn, depth: int, line: str) -> str:
    markers = draw(st.lists(st.sampled_from(["- ", "1. ", "* "]), min_size=1, max_size=3))
    return "\n".join("    " * level + markers[level % len(markers)] + line
                     for level in range(depth))


_SHAPES: dict[str, Callable[[st.DrawFn, int, str], str]] = {
    "list": _list, "table": _table, "fence": _fence, "html": _html, "mixed": _mixed,
    "para": lambda draw, depth, line: line,
    "heading": lambda draw, depth, line: "#" * draw(st.integers(1, 8)) + " " + line,
    "quote": lambda draw, depth, line: "> " * depth + line,
    "attrs": lambda draw, depth, line: f"[{line}](https://example.org){{ {draw(_LINE)} }}",
    "long": lambda draw, depth, line: draw(st.sampled_from("[*<`a|{")) * (depth * 30),
    "admonition": lambda draw, depth, line: "\n".join(
        "    " * level + "!!! note\n" + "    " * (level + 1) + line for level in range(depth)),
}


@st.composite
def _block(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(sorted(_SHAPES)))
    # Shallow mostly, and past the depth where Python-Markdown ran out of stack (~250).
    depth = draw(st.one_of(st.integers(0, 40), st.sampled_from([260, 330, 400])))
    return _SHAPES[kind](draw, depth, draw(_LINE))


_DOCUMENT = st.lists(_block(), min_size=1, max_size=6).map("\n\n".join)


def _build(root: Path) -> tuple[list[str], Any]:
    """Build through the API; anything raised (a traceback) fails the test."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    messages: list[str] = []

    class Capture(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    handler = Capture(logging.WARNING)
    logging.getLogger("mkdocs").addHandler(handler)
    raised = sys.getrecursionlimit()
    sys.setrecursionlimit(RECURSION_LIMIT)
    try:
        config = load_config(config_file=str(root / "mkdocs.yml"))
        build(config)
    finally:
        sys.setrecursionlimit(raised)
        logging.getLogger("mkdocs").removeHandler(handler)
    return messages, json.loads((root / "site/meta-issues.json").read_text("utf-8"))


# Each example is a whole MkDocs build of a few seconds: a handful per run (more with
# NEVER_CRASH_EXAMPLES=200 when changing the sanitiser or the reader).
@settings(max_examples=int(os.environ.get("NEVER_CRASH_EXAMPLES", "8")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.data_too_large, HealthCheck.too_slow])
@given(readme=_DOCUMENT, attempt=_DOCUMENT, test_cases=_DOCUMENT, log=_DOCUMENT)
@example(readme=DEEP_LIST, attempt="> " * 500 + "x", test_cases="<div markdown>\n" * 400,
         log="[" * 20_000 + "](" * 10_000)
def test_random_markdown_in_every_file_kind(readme: str, attempt: str, test_cases: str,
                                            log: str, tmp_path_factory: pytest.TempPathFactory,
                                            chart_cache: Path) -> None:
    root = tmp_path_factory.mktemp("random")
    files = {
        "meta-issues/good/README.md": BASE,
        "meta-issues/good/attempts/001-warm.md": ATTEMPT,
        "meta-issues/random/README.md": BASE + "\n" + readme,
        "meta-issues/random/attempts/001-warm.md": ATTEMPT + "\n" + attempt,
        "meta-issues/random/attempts/002-other.md": attempt,
        "meta-issues/random/test-cases.md": "# Test cases\n\n" + test_cases,
        "meta-issues/random/implementation-log.md": "# Log\n\n## 2024-10-01 - x\n\n" + log,
    }
    (root / "docs").mkdir()
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    (root / "mkdocs.yml").write_text(yaml.safe_dump(default_config(
        chart_cache, plugin_options={"charts": False})), encoding="utf-8")

    messages, export = _build(root)

    assert (root / "site/index.html").is_file()
    assert sorted(entry["id"] for entry in export["meta_issues"]) == ["good", "random"]
    assert not [m for m in messages if "meta-issues/good/" in m], messages
    for page in ("index.html", "evolution/index.html", "attempts/index.html",
                 "attempts/001/index.html"):
        html = (root / "site/meta-issues/good" / page).read_text("utf-8")
        assert "Slow API" in html and "Problems in the source files" not in html, page

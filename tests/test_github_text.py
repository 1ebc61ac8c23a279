"""The author's text as GitHub shows it: markdown-it-py (the reader's parser, CommonMark with
GitHub's tables) is the oracle.

For every file of the sample, the fixture variants, the seed and the corpus of other hands,
every list item markdown-it sees must be an ``<li>`` of the page the file becomes, and no
paragraph of any generated page may hold a literal list marker. The normaliser is also
checked on its own against Python-Markdown for random block structures, and label lines
must become fields.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from collections.abc import Callable, Iterator
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from conftest import REPO, TESTS, BuildSite, BuiltSite, default_config, seed_files
from meta_issues.model import Document, MetaIssue
from meta_issues.site import REQUIRED_EXTENSIONS
from meta_issues.site.commonmark import normalise
from meta_issues.source import read_knowledge_base

ORACLE = MarkdownIt("commonmark", {"html": True}).enable("table")
CORPUS = TESTS / "corpus"
VARIANTS = TESTS / "fixtures" / "variants"
MARKER = re.compile(r"^\s*(?:[-*+]|1[.)])\s+\S")


# --- reading the built pages --------------------------------------------------------------


class _Blocks(HTMLParser):
    """The text of every <li> (nested lists included) and of every <p>, newlines kept."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[str] = []
        self.paragraphs: list[str] = []
        self._open_items: list[int] = []
        self._paragraph: list[str] | None = None
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag == "li":
            self._open_items.append(len(self.items))
            self.items.append("")
        elif tag == "p":
            self._paragraph = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1
        elif tag == "li" and self._open_items:
            self._open_items.pop()
        elif tag == "p" and self._paragraph is not None:
            self.paragraphs.append("".join(self._paragraph))
            self._paragraph = None

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        for index in self._open_items:
            self.items[index] += data
        if self._paragraph is not None:
            self._paragraph.append(data)


def blocks(path: Path) -> _Blocks:
    parser = _Blocks()
    text = path.read_text("utf-8")
    article = text[text.find("<article"):text.rfind("</article>")]
    parser.feed(article)
    parser.close()
    return parser


def key(text: str) -> str:
    """What two renderings of one item's text share: its first letters and digits."""
    return re.sub(r"[\W_]+", "", text.lower())[:30]


# --- what markdown-it sees ----------------------------------------------------------------


def oracle_items(body: str) -> list[str]:
    """The text of each list item markdown-it sees (its own paragraph, as plain words)."""
    tokens = ORACLE.parse(body)
    found: list[str] = []
    for index, token in enumerate(tokens):
        if token.type != "list_item_open":
            continue
        inline = next((t for t in tokens[index + 1:index + 3] if t.type == "inline"), None)
        text = ""
        if inline is not None:
            html = ORACLE.renderer.render(inline.children or [], ORACLE.options, {})
            text = unescape(re.sub(r"<[^>]+>", "", html))
        found.append(text)
    return found


def pages_of(issue: MetaIssue, base: str = "meta-issues") -> Iterator[tuple[Document, str]]:
    """Each Markdown file of an investigation with the built page it becomes."""
    root = f"{base}/{issue.id}"
    if issue.readme is not None:
        yield issue.readme, f"{root}/index.html"
    if issue.test_cases_doc is not None:
        yield issue.test_cases_doc, f"{root}/test-cases/index.html"
    if issue.log_doc is not None:
        yield issue.log_doc, f"{root}/implementation-log/index.html"
    for attempt in issue.attempts:
        if attempt.source and attempt.body.strip():
            document = Document(attempt.source, {}, attempt.body, attempt.location.line)
            yield document, f"{root}/attempts/{attempt.number:03d}/index.html"
    for document in issue.documents:
        inside = document.path.split("/", 1)[1].removesuffix(".md")
        yield document, f"{root}/{inside}/index.html"


def missing_items(site: BuiltSite, source: Path) -> list[str]:
    """Every list item markdown-it sees in ``source`` that its page does not show as one."""
    problems: list[str] = []
    checked = 0
    for issue in read_knowledge_base(source).issues:
        for document, page in pages_of(issue):
            shown = Counter(key(item) for item in blocks(site.site_dir / page).items)
            wanted = Counter(key(text) for text in oracle_items(document.body))
            wanted.pop("", None)
            checked += sum(wanted.values())
            for text, count in wanted.items():
                found = sum(n for k, n in shown.items() if k.startswith(text))
                if found < count:
                    problems.append(f"{document.path}: {count - found} of {count} list items "
                                    f"'{text}…' are not <li> on {page}")
    assert checked > 0, f"no list items in {source}"
    return problems


def marker_paragraphs(site: BuiltSite) -> list[str]:
    """Paragraphs of generated pages holding a line that starts with a list marker."""
    found: list[str] = []
    for path in sorted((site.site_dir / "meta-issues").rglob("*.html")):
        for paragraph in blocks(path).paragraphs:
            lines = [line for line in paragraph.split("\n") if MARKER.match(line)]
            found.extend(f"{path.relative_to(site.site_dir)}: {line.strip()[:60]}"
                         for line in lines)
    return found


# --- the sources ------------------------------------------------------------------------------


def _project_with(build_site: BuildSite, chart_cache: Path, source: Path,
                  **options: Any) -> BuiltSite:
    config = default_config(chart_cache, plugin_options={"source_dir": str(source),
                                                         "charts": False, **options})
    return build_site({"docs/.keep": ""}, config, tolerate_warnings=[r".*"])


def _variants(tmp_path: Path) -> Path:
    """Every fixture variant in one source folder."""
    source = tmp_path / "variants"
    for case in sorted(p for p in VARIANTS.iterdir() if p.is_dir()):
        for folder in case.iterdir():
            if folder.is_dir():
                shutil.copytree(folder, source / folder.name)
    return source


def _seed(tmp_path: Path) -> Path:
    for relative, text in seed_files(complete=True).items():
        target = tmp_path / "seed" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return tmp_path / "seed" / "meta-issues"


SOURCES: dict[str, Callable[[Path], Path]] = {
    "sample": lambda tmp: REPO / "meta-issues",
    "variants": _variants,
    "seed": _seed,
    "corpus": lambda tmp: CORPUS,
}


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_every_list_item_markdown_it_sees_is_a_list_item_on_the_site(
        name: str, build_site: BuildSite, chart_cache: Path, tmp_path: Path) -> None:
    source = SOURCES[name](tmp_path)
    if name == "corpus" and not any(p.is_dir() for p in source.iterdir()):
        pytest.skip("the corpus of other hands has no investigations yet")
    site = _project_with(build_site, chart_cache, source)
    assert missing_items(site, source) == []
    assert marker_paragraphs(site) == []


def test_the_sample_had_lists_after_label_lines(build_site: BuildSite,
                                                chart_cache: Path) -> None:
    """What the issue saw: lists right after ``**Evidence:**`` were paragraphs."""
    overview = _project_with(build_site, chart_cache, REPO / "meta-issues").html(
        "meta-issues/api-latency-connection-pool/index.md")
    assert "<p><strong>Evidence:</strong></p>\n<ul>\n<li>CPU pinned" in overview.source
    assert "- CPU pinned" not in overview.source


# --- label lines as fields -----------------------------------------------------------------


def test_label_lines_become_fields(build_site: BuildSite, chart_cache: Path) -> None:
    site = _project_with(build_site, chart_cache, REPO / "meta-issues")
    page = site.html("meta-issues/api-latency-connection-pool/attempts/003.md")
    fields = page.source[page.source.find('<dl class="mi-fields">'):]
    fields = fields[:fields.find("</dl>")]
    assert re.findall(r"<dt>([^<]+)</dt>", fields) == ["Hypothesis", "Result", "Date"]
    assert re.search(r"<dd><a [^>]*href=\"../../evolution/#version-3\"[^>]*>Version 3</a></dd>",
                     fields), fields
    assert "<dd>✅ Success</dd>" in fields and "<dd>2024-10-03</dd>" in fields
    assert "Version 3 Result: ✅ Success Date" not in page.source


# --- the normaliser alone, against Python-Markdown -----------------------------------------

PIECES = ["text line", "**Label:** value", "- item", "  - nested", "    - deeper", "* star",
          "1. one", "2) two", "   3. three", "", "```", "code", "> quote", "> - quoted item",
          "| a | b |", "|---|---|", "| 1 | 2 |", "## Heading", "#tag", "    indented",
          "\t- tabbed", "+ plus", "10. ten", "  continuation", "Setext", "1. x"]
RENDERER = markdown.Markdown(extensions=[*REQUIRED_EXTENSIONS, "toc"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=2, max_size=10))
def test_python_markdown_shows_every_list_item_markdown_it_sees(lines: list[str]) -> None:
    body = "\n".join(lines) + "\n"
    rewritten = "\n".join(line.text for line in normalise(body))
    RENDERER.reset()
    html = RENDERER.convert(rewritten)
    wanted = sum(1 for t in ORACLE.parse(body) if t.type == "list_item_open")
    assert html.count("<li") >= wanted, f"{body!r} became {rewritten!r}: {html}"
    if wanted:
        parser = _Blocks()
        parser.feed(html)
        shown = [key(t) for t in parser.items]
        assert all(any(s.startswith(key(item)) for s in shown) for item in oracle_items(body)
                   if key(item)), (body, rewritten, html)


def test_materials_own_syntax_keeps_working(build_site: BuildSite, chart_cache: Path) -> None:
    """Admonitions, collapsible blocks, attribute lists and Markdown in HTML, which
    markdown-it reads as paragraphs or code, pass through as written."""
    readme = (
        "# Syntax\n\n**Evidence:**\n- a list after a label\n  - nested by two\n\n"
        '!!! note "Heads up"\n    Body with a list:\n\n    - one\n    - two\n\n'
        '??? info "Details"\n    Hidden text.\n\n'
        "A paragraph with a class.\n{ .mi-test-class }\n\n"
        '<div class="mi-test-div" markdown>\n**Bold in a div**\n</div>\n'
    )
    config = default_config(chart_cache, plugin_options={"charts": False})
    site = build_site({"meta-issues/syntax/README.md": readme}, config)
    page = site.html("meta-issues/syntax/index.md")
    assert '<p class="admonition-title">Heads up</p>' in page.source
    assert "<li>one</li>" in page.source and "<li>two</li>" in page.source
    assert '<details class="info">' in page.source
    assert '<p class="mi-test-class">A paragraph with a class.</p>' in page.source
    assert re.search(r'<div class="mi-test-div">\s*<p><strong>Bold in a div</strong></p>',
                     page.source)
    assert re.search(r"<li>a list after a label\s*<ul>\s*<li>nested by two</li>", page.source)

"""Cross-site scripting through the source files: a corpus of vectors, none of which may run.

Each vector goes into its own investigation, in one of the four kinds of source file; one site
is built with all of them (and the docs pages sanitised too). Every built page is then read
the way a browser would be fooled by it: event handlers, URL attributes with a scheme that
runs code, active styles, ``srcdoc``/``formaction``, and script, frame and object elements
carrying the vector's mark. Each vector must also be reported where its source has it (when
the Markdown sanitiser can see it), and its Markdown, rendered by plain Python-Markdown
without the plugin (what ``generate`` leaves to plain MkDocs), must be as inert.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest

from bad_inputs.corpus import BASE
from conftest import BuildSite, BuiltSite, default_config, html_structure


@dataclass(frozen=True)
class Vector:
    text: str  # the Markdown, with the mark "alert(N)" wherever code would run
    code: str | None = "UNSAFE_ATTRIBUTE"  # the diagnostic on its line; None: Markdown
    # itself leaves it inert, so there is nothing to report


VECTORS: dict[int, Vector] = {
    # attribute lists, on links, images, emphasis, code, headings, blocks and list items
    1: Vector('[docs](https://example.org){ href="javascript:alert(1)" }'),
    2: Vector('[a](https://example.org){ onclick="alert(2)" }'),
    3: Vector('[a](https://example.org){ style="background:url(javascript:alert(3))" }'),
    4: Vector('[a](https://example.org){ formaction="javascript:alert(4)" }'),
    5: Vector('![i](pic.png){ src="javascript:alert(5)" }'),
    6: Vector("![i](pic.png){ onerror=alert(6) }"),
    7: Vector('## Heading seven {: onmouseover="alert(7)" }'),
    8: Vector('## Heading eight {: #x"><img/src/onerror=alert(8)> }'),
    9: Vector('A paragraph\n{: onclick="alert(9)" }'),
    10: Vector("- item\n    {: onclick=alert(10) }"),
    11: Vector("*em*{ onfocus=alert(11) autofocus }"),
    12: Vector("`code`{ onclick=alert(12) }"),
    13: Vector('[a](https://example.org){ srcdoc="<script>alert(13)</script>" }'),
    14: Vector('[a](https://example.org){ href="&#106;avascript:alert(14)" }'),
    15: Vector('[a](https://example.org){ href=" JaVaScRiPt:alert(15)" }'),
    16: Vector('[a](https://example.org){ href="java&#x09;script:alert(16)" }'),
    17: Vector('[a](https://example.org){ href="data:text/html;base64,'
               'PHNjcmlwdD5hbGVydCgxNyk8L3NjcmlwdD4=" .mark-alert(17) }'),
    18: Vector('[a](https://example.org){ ONCLICK="alert(18)" }'),
    19: Vector('[a](https://example.org){ xlink:href="javascript:alert(19)" }'),
    20: Vector("[a](https://example.org){ href='javascript:alert(20)' }"),
    21: Vector("[a](https://example.org){ href=javascript:alert(21) }"),
    22: Vector('[a](https://example.org){ style="width:expression(alert(22))" }'),
    51: Vector("| a | b |\n|---|---|\n| c { onclick=alert(51) } | d |"),
    # inline, reference and autolinks; entities, case and blanks in schemes
    23: Vector("[x](javascript:alert(23))", "UNSAFE_LINK"),
    24: Vector("[x](JaVaScRiPt:alert(24))", "UNSAFE_LINK"),
    25: Vector("[x](  javascript:alert(25))", "UNSAFE_LINK"),
    26: Vector("[x](java&#115;cript:alert(26))", "UNSAFE_LINK"),
    27: Vector("[x](javascript&colon;alert(27))", "UNSAFE_LINK"),
    28: Vector("[x](<javascript:alert(28)>)", "UNSAFE_LINK"),
    29: Vector("[x][r29]\n\n[r29]: javascript:alert(29)", "UNSAFE_LINK"),
    30: Vector("[r30]\n\n[r30]: JAVASCRIPT:alert(30) \"title\"", "UNSAFE_LINK"),
    31: Vector("<javascript:alert(31)>", "RAW_HTML"),
    32: Vector("[x](vbscript:msgbox(alert(32)))", "UNSAFE_LINK"),
    33: Vector("![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMzMpPg==#alert(33))",
               "UNSAFE_LINK"),
    # raw HTML: handlers, entities, SVG, MathML, frames, forms, bases
    34: Vector('<a href="javascript:alert(34)">x</a>', "RAW_HTML"),
    35: Vector('<a href="&#x6A;avascript:alert(35)">x</a>', "RAW_HTML"),
    36: Vector('<a href="jav&#x0A;ascript:alert(36)">x</a>', "RAW_HTML"),
    37: Vector("<svg><script>alert(37)</script></svg>", "RAW_HTML"),
    38: Vector("<svg onload=alert(38)>", "RAW_HTML"),
    39: Vector("<img src=x onerror=alert(39)>", "RAW_HTML"),
    40: Vector("<details open ontoggle=alert(40)>x</details>", "RAW_HTML"),
    41: Vector('<span style="background:url(javascript:alert(41))">x</span>', "RAW_HTML"),
    42: Vector("<div markdown>\n[x](javascript:alert(42))\n</div>", "UNSAFE_LINK"),
    43: Vector('<iframe srcdoc="<script>alert(43)</script>"></iframe>', "RAW_HTML"),
    44: Vector('<math><mi xlink:href="javascript:alert(44)">x</mi></math>', "RAW_HTML"),
    45: Vector('<base href="javascript:alert(45)//">', "RAW_HTML"),
    46: Vector('<object data="javascript:alert(46)"></object>', "RAW_HTML"),
    47: Vector("<form><button formaction=javascript:alert(47)>x</button></form>", "RAW_HTML"),
    48: Vector('<meta http-equiv="refresh" content="0;url=javascript:alert(48)">', "RAW_HTML"),
    49: Vector('<a href="javascript:alert(49)"\ntitle="split over lines">x</a>', "RAW_HTML"),
    50: Vector('<svg><a xlink:href="javascript:alert(50)"><text>x</text></a></svg>',
               "RAW_HTML"),
}

KINDS = ("README.md", "attempts/001-warm.md", "test-cases.md", "implementation-log.md")
ATTEMPT = "---\nresult: success\nversion: 1\n---\n# Attempt 001: Warm\n\nWarmed the cache.\n"
RUNS = re.compile(r"^(?:javascript|vbscript|data|livescript):")
URL_ATTRIBUTES = {"href", "src", "xlink:href", "action", "formaction", "data", "poster",
                  "background", "cite", "srcset", "ping"}


def _kind(number: int) -> str:
    return KINDS[number % len(KINDS)]


def _files(number: int, vector: Vector) -> dict[str, str]:
    folder = f"meta-issues/vector-{number:02d}"
    kind = _kind(number)
    files = {f"{folder}/README.md": BASE, f"{folder}/attempts/001-warm.md": ATTEMPT}
    heads = {"README.md": BASE, "attempts/001-warm.md": ATTEMPT,
             "test-cases.md": "# Test cases\n\n## TC-1: Load\n\nRun it.\n",
             "implementation-log.md": "# Implementation log\n\n## 2024-10-01 - Pool\n\nDone.\n"}
    files[f"{folder}/{kind}"] = f"{heads[kind]}\nBefore the vector.\n\n{vector.text}\n\nAfter.\n"
    return files


def _line(number: int, vector: Vector) -> int:
    kind = _kind(number)
    text = _files(number, vector)[f"meta-issues/vector-{number:02d}/{kind}"]
    marked = next(line for line in vector.text.split("\n") if f"alert({number})" in line)
    return text.split("\n").index(marked) + 1


def _scheme_runs(value: str) -> bool:
    compact = "".join(ch for ch in value if ch > " ").lower()
    return bool(RUNS.match(compact))


class _Finder(HTMLParser):
    """What a browser would run in a page: anywhere, handlers, script URLs, active styles and
    scripts carrying a mark; in the content (the theme has its search form), frames, objects,
    forms and bases too."""

    def __init__(self, in_content: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._script: str | None = None
        self._in_content = in_content

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        shown = f"<{tag} {attrs}>"  # the whole tag, so a vector's mark is in the finding
        for name, raw in attrs:
            value = raw or ""
            key = name.lower()
            if (key.startswith("on") or key in ("srcdoc", "formaction", "action")
                    or (key in URL_ATTRIBUTES and _scheme_runs(value))
                    or (key == "style" and re.search(r"url\s*\(|expression", value, re.I))
                    or (key == "http-equiv" and value.lower() == "refresh")):
                self.found.append(shown)
        if self._in_content and tag in ("iframe", "object", "embed", "base", "form", "frame"):
            self.found.append(shown)
        if tag == "article":
            self._in_content = True
        if tag == "script":
            self._script = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self._in_content = False
        if tag == "script" and self._script is not None:
            if re.search(r"alert\(|msgbox", self._script):
                self.found.append(f"<script>{self._script[:60]}")
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script += data


def dangers(text: str, *, fragment: bool = False) -> list[str]:
    """Dangers in a built page, or in a ``fragment`` of HTML (all of it content)."""
    finder = _Finder(fragment)
    finder.feed(text)
    finder.close()
    return finder.found


@pytest.fixture(scope="module")
def xss_site(module_builder: BuildSite, chart_cache: Path) -> BuiltSite:
    files: dict[str, str] = {"docs/index.md": "# Home\n\n[ok](https://example.org){ .x }\n"}
    for number, vector in VECTORS.items():
        files.update(_files(number, vector))
    config = default_config(chart_cache, plugin_options={"charts": False,
                                                         "sanitize_docs_pages": True})
    return module_builder(files, config=config, tolerate_warnings=[r"."])


@pytest.fixture(scope="module")
def site_dangers(xss_site: BuiltSite) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for page in xss_site.html_files():
        found[page.relative_to(xss_site.site_dir).as_posix()] = dangers(
            page.read_text("utf-8"))
    return found


def test_the_corpus_is_large_and_covers_every_file_kind() -> None:
    assert len(VECTORS) >= 30
    assert {_kind(n) for n in VECTORS} == set(KINDS)


@pytest.mark.parametrize("number", sorted(VECTORS))
def test_vector_never_runs(number: int, site_dangers: dict[str, list[str]]) -> None:
    mark = f"alert({number})"
    running = {page: [d for d in found if mark in d or (number == 17 and "data:" in d)]
               for page, found in site_dangers.items()}
    assert {page: found for page, found in running.items() if found} == {}


def test_no_page_runs_anything(site_dangers: dict[str, list[str]]) -> None:
    assert {page: found for page, found in site_dangers.items() if found} == {}
    assert len(site_dangers) > 4 * len(VECTORS)  # every investigation's pages were read


@pytest.mark.parametrize("number", sorted(VECTORS))
def test_vector_is_reported_where_it_is_written(number: int, xss_site: BuiltSite) -> None:
    vector = VECTORS[number]
    where = f"meta-issues/vector-{number:02d}/{_kind(number)}:{_line(number, vector)}"
    located = [w for w in xss_site.warnings if f"{where}:" in w or f"{where} " in w]
    if vector.code is None:
        assert located == []
    else:
        assert any(f": {vector.code}: " in w for w in located), (where, xss_site.warnings)


@pytest.mark.parametrize("number", sorted(VECTORS))
def test_sanitised_markdown_is_inert_without_the_plugin(number: int) -> None:
    """What ``generate`` writes is rendered by plain MkDocs: only the Markdown sanitiser
    stands between the vector and the page there."""
    import markdown

    from meta_issues.markup import sanitize_markdown
    from meta_issues.site import REQUIRED_EXTENSIONS

    safe, _problems = sanitize_markdown(VECTORS[number].text)
    rendered = markdown.markdown(safe, extensions=[*REQUIRED_EXTENSIONS, "toc"])
    assert [d for d in dangers(rendered, fragment=True) if f"alert({number})" in d] == []
    # The table of contents a theme prints raw: its anchors must not break out of href="".
    toc = markdown.Markdown(extensions=[*REQUIRED_EXTENSIONS, "toc"])
    toc.convert(safe)
    for token in getattr(toc, "toc_tokens", []):
        assert html.escape(token["id"]) == token["id"], token


@pytest.mark.parametrize("number", sorted(VECTORS))
def test_html_sanitiser_alone_defuses_the_raw_rendering(number: int) -> None:
    """The last step on its own: each vector rendered by Python-Markdown with no Markdown
    sanitiser at all, then through ``clean_html``."""
    import markdown

    from meta_issues.sanitizer import clean_html
    from meta_issues.site import REQUIRED_EXTENSIONS

    rendered = markdown.markdown(VECTORS[number].text, extensions=[*REQUIRED_EXTENSIONS])
    assert [d for d in dangers(clean_html(rendered), fragment=True)
            if f"alert({number})" in d or "data:" in d] == []


# --- what must survive ------------------------------------------------------------------------

MATERIAL_PAGE = """# Everything Material draws

!!! note "An admonition"
    With **bold** text and a [link](https://example.org "title"){ .md-button target=_blank }.

??? tip "Details"
    Hidden until opened.

=== "Tab one"
    First.

=== "Tab two"
    Second.

- [x] done
- [ ] to do

:material-check: an icon, and a footnote[^1].

| Left | Right |
|:-----|------:|
| a    | 1     |

```python linenums="1"
print("highlighted")
```

![Chart](pic.svg#attempt-003){ loading=lazy width=200 data-kind=chart }

<details class="example" markdown><summary>Raw details</summary>Inside.</details>

*[HTML]: Hyper Text Markup Language

HTML and <abbr title="an abbreviation">abbr</abbr>.

[^1]: The footnote.
"""

MATERIAL_EXTENSIONS = """markdown_extensions:
  - abbr
  - admonition
  - attr_list
  - footnotes
  - md_in_html
  - tables
  - toc:
      permalink: true
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.highlight:
      anchor_linenums: true
  - pymdownx.tabbed:
      alternate_style: true
  - pymdownx.tasklist
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
"""


def _record_cleaning(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    from meta_issues.plugin import hooks
    from meta_issues.sanitizer import clean_html

    seen: list[tuple[str, str]] = []

    def recording(text: str) -> str:
        cleaned = clean_html(text)
        seen.append((text, cleaned))
        return cleaned

    monkeypatch.setattr(hooks, "clean_html", recording)
    return seen


def test_material_markup_survives_the_sanitiser(build_site: BuildSite, chart_cache: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Classes, ids, data attributes, SVG icons, lazy images with a fragment, admonitions,
    details, tabs, task lists, tables, highlighted code and footnotes: all kept as they were."""
    import yaml

    seen = _record_cleaning(monkeypatch)
    config = default_config(chart_cache, plugin_options={"sanitize_docs_pages": True})
    text = yaml.safe_dump(config, sort_keys=False) + MATERIAL_EXTENSIONS
    site = build_site({"docs/index.md": MATERIAL_PAGE, "docs/pic.svg": "<svg/>",
                       "meta-issues/one/README.md": BASE}, config=text)
    before, after = next((b, a) for b, a in seen if "Everything Material draws" in b)
    assert html_structure(after) == html_structure(before)
    page = site.html("index.md")
    for marker in ('class="admonition note"', "<details", 'class="tabbed-set', 'type="radio"',
                   'type="checkbox"', 'class="twemoji"', "viewBox=", 'loading="lazy"',
                   'src="pic.svg#attempt-003"', 'data-kind="chart"', 'class="footnote"',
                   'style="text-align: right;"', 'id="__codelineno-0-1"', "<abbr title=",
                   'class="headerlink"', 'target="_blank"'):
        assert marker in page.source, marker


def test_clean_generated_pages_lose_nothing(build_site: BuildSite, chart_cache: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The seed's pages (badges, charts with a fragment, tables, steps) pass unchanged."""
    from conftest import seed_files

    seen = _record_cleaning(monkeypatch)
    build_site(seed_files(complete=True), strict=True)
    assert len(seen) > 8
    for before, after in seen:
        assert html_structure(after) == html_structure(before)
    assert any("<svg" in after and ".svg#attempt-" in after for _before, after in seen)


def test_docs_pages_are_the_owners_unless_asked(build_site: BuildSite, chart_cache: Path) -> None:
    """By default a docs page keeps its embeds; ``sanitize_docs_pages`` removes them."""
    page = '# Video\n\n<iframe src="https://video.example/embed/1"></iframe>\n'
    files = {"docs/index.md": page, "meta-issues/one/README.md": BASE}
    kept = build_site(files)
    assert '<iframe src="https://video.example/embed/1">' in kept.html("index.md").source
    config = default_config(chart_cache, plugin_options={"sanitize_docs_pages": True})
    cleaned = build_site(files, config=config)
    assert "<iframe" not in cleaned.html("index.md").source


def test_table_of_contents_anchors_are_escaped() -> None:
    """Themes print the anchors raw: one with quotes or markup is escaped (the browser
    decodes it back, so it still finds its heading); titles are sanitised."""
    from mkdocs.structure.toc import AnchorLink

    from meta_issues.plugin.toc import clean_toc

    top = AnchorLink('<img src=x onerror="alert(1)">Title', 'x"><script>alert(2)</script>', 2)
    child = AnchorLink("Plain", "plain-id", 3)
    top.children.append(child)
    clean_toc([top])
    assert top.url == "#x&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;"
    assert dangers(top.title, fragment=True) == [] and "Title" in top.title
    assert child.url == "#plain-id" and child.title == "Plain"

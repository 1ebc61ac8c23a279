"""The sample site's charts in Chromium: how big their text is where pages show them, at
1280×900 and on a 390×844 phone, and, with each SVG opened on its own, that its labels are
whole and neither overlap one another nor a bar nor a line (the browser's own text metrics).

Builds and serves the site with tests/test_browser.py's fixtures (skipped, like it, where
Chromium is missing, except in CI).
"""

from __future__ import annotations

import re
from typing import Any

import pytest

import test_browser
from test_chart_layout import Box, Drawing, collisions

pytestmark = pytest.mark.browser

browser = test_browser.browser
site_url = test_browser.site_url
OVERVIEW = test_browser.OVERVIEW
SIMILAR = test_browser.SIMILAR
SEARCH_ISSUE = test_browser.SEARCH_ISSUE
PAGES = (OVERVIEW, SIMILAR, SEARCH_ISSUE, OVERVIEW + "attempts/003/", OVERVIEW + "evolution/",
         "meta-issues/")

# Each chart <img> shown: its rendered width, its SVG's viewBox width and font sizes.
_CHART_TEXT = """async () => {
  const shown = [];
  for (const img of document.querySelectorAll('article img.mi-chart')) {
    if (img.offsetParent === null || getComputedStyle(img).display === 'none') continue;
    const svg = await (await fetch(img.src.split('#')[0])).text();
    const box = svg.match(/viewBox="([^"]+)"/)[1].split(/\\s+/).map(Number);
    const sizes = [...svg.matchAll(/font-size: ([0-9.]+)px/g)].map(m => Number(m[1]));
    shown.push({src: img.getAttribute('src'), url: img.src.split('#')[0], viewBox: box[2],
                width: img.getBoundingClientRect().width, sizes});
  }
  return shown;
}"""


def _open_charts(page: Any, url: str) -> list[dict[str, Any]]:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.evaluate("() => { for (const img of document.images) img.loading = 'eager'; }")
    page.wait_for_function("() => Array.from(document.images).every(i => i.complete)")
    charts: list[dict[str, Any]] = page.evaluate(_CHART_TEXT)
    return charts


@pytest.mark.parametrize(("width", "height", "smallest"), [(1280, 900, 12.0), (390, 844, 11.0)],
                         ids=["desktop", "phone"])
def test_chart_text_is_large_enough_where_it_is_shown(
    browser: Any, site_url: str, width: int, height: int, smallest: float
) -> None:
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    seen, small = 0, []
    for path in PAGES:
        for chart in _open_charts(page, site_url + path):
            seen += 1
            scale = chart["width"] / chart["viewBox"]
            shown = min(chart["sizes"]) * scale
            if shown < smallest:
                small.append(f"{path} {chart['src']}: {shown:.1f} px")
    context.close()
    assert seen >= 18, "too few charts measured"
    assert small == []


# Every text, bar and line of an SVG opened on its own, in its own units (px at natural size).
_GEOMETRY = """() => {
  const svg = document.documentElement;
  const box = e => { const b = e.getBBox(); return [b.x, b.y, b.x + b.width, b.y + b.height]; };
  const texts = [...svg.querySelectorAll('text')].map(t => [t.textContent, ...box(t)]);
  const bars = [...svg.querySelectorAll('g[id]')]
    .filter(g => /^(point|attempt|metric|status|issue)-/.test(g.id) && g.querySelector('path'))
    .map(g => [g.id, ...box(g.querySelector('path'))]);
  const lines = [...svg.querySelectorAll('g#target > path, g#zero > path')]
    .map(p => [p.parentNode.id, p.getAttribute('d')]);
  const view = svg.getAttribute('viewBox').split(/\\s+/).map(Number);
  return {width: view[2], height: view[3], texts, bars, lines};
}"""


def _segments(what: str, path: str) -> list[Box]:
    numbers = [float(n) for n in re.findall(r"-?[0-9.]+", path)]
    pairs = list(zip(numbers[::2], numbers[1::2], strict=True))
    return [Box(min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1]), what)
            for a, b in zip(pairs[::2], pairs[1::2], strict=True)]


def _drawing(page: Any, url: str) -> Drawing:
    page.goto(url)
    data: dict[str, Any] = page.evaluate(_GEOMETRY)
    texts = [Box(left, top, right, bottom, text) for text, left, top, right, bottom in
             data["texts"]]
    bars = [Box(left, top, right, bottom, gid) for gid, left, top, right, bottom in
            data["bars"]]
    lines: dict[str, list[Box]] = {}
    for gid, path in data["lines"]:
        lines.setdefault(gid, []).extend(_segments(gid, path))
    return Drawing(data["width"], data["height"], texts, bars, lines)


def test_chart_labels_are_whole_and_apart_in_the_browser(browser: Any, site_url: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    charts: list[str] = []
    for path in (OVERVIEW, SIMILAR, SEARCH_ISSUE, OVERVIEW + "evolution/", "meta-issues/"):
        charts += [c["url"] for c in _open_charts(page, site_url + path)]
    problems, labels = [], []
    for url in charts:
        shown = _drawing(page, url)
        problems += [f"{url.rsplit('/', 1)[-1]}: {p}" for p in collisions(shown)]
        problems += [f"{url}: {t!r} cut" for t in shown.strings if t.endswith("…")]
        labels.append(" ".join(shown.strings))
    context.close()
    assert len(charts) >= 17
    assert problems == []
    # The labels the old charts cut or ran together, whole.
    everything = "\n".join(labels)
    for label in ("003 Connection Pooling + Async", "001 Raise max_connections",
                  "002 PgBouncer + Larger Pool", "Product Search Relevance Regression"):
        assert label in everything

"""The built sample site in headless Chromium: what a reader sees and clicks.

Runs against /usr/bin/chromium (Debian's package) through Playwright; skipped where Chromium
is missing, except in CI (CI=true), where a skip would hide a broken install.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.browser

if not CHROMIUM.exists():
    if os.environ.get("CI", "").lower() == "true":
        raise RuntimeError("CI=true but /usr/bin/chromium is missing: apt-get install chromium")
    pytest.skip("needs /usr/bin/chromium (Debian package chromium)", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


# Builds the repository's site with site_url set to the local server, as `mkdocs serve` does:
# Material's navigation.instant only intercepts links listed in sitemap.xml for this origin.
_BUILD = """
import logging
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
config = load_config(config_file=sys.argv[1], site_dir=sys.argv[2], site_url=sys.argv[3])
config["strict"] = True
logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
build(config)
"""


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    work = tmp_path_factory.mktemp("browser")
    site = work / "site"
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    completed = subprocess.run(
        [sys.executable, "-c", _BUILD, str(ROOT / "mkdocs.yml"), str(site), url],
        capture_output=True, text=True, env=env, check=False,
    )
    assert completed.returncode == 0, completed.stderr
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield url
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


class Reader:
    """A page plus the console errors and failed requests it produced."""

    def __init__(self, browser: object, scheme: str = "light", width: int = 1280,
                 height: int = 900) -> None:
        self.context = browser.new_context(  # type: ignore[attr-defined]
            viewport={"width": width, "height": height}, color_scheme=scheme
        )
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("requestfailed", self._request_failed)
        self.page.on("response", self._response)

    @staticmethod
    def _local(url: str) -> bool:
        return url.startswith("http://127.0.0.1:")

    def _console(self, message: object) -> None:
        # Resource failures are judged by their URL below: the machine has no internet, so
        # Material's GitHub repository badge cannot load, and that is not the site's fault.
        text = str(message.text)  # type: ignore[attr-defined]
        if message.type == "error" and not text.startswith("Failed to load resource"):  # type: ignore[attr-defined]
            self.errors.append(text)

    def _request_failed(self, request: object) -> None:
        url = str(request.url)  # type: ignore[attr-defined]
        if self._local(url):
            self.errors.append(f"request failed: {url}")

    def _response(self, response: object) -> None:
        url = str(response.url)  # type: ignore[attr-defined]
        if self._local(url) and response.status >= 400:  # type: ignore[attr-defined]
            self.errors.append(f"HTTP {response.status}: {url}")  # type: ignore[attr-defined]

    def open(self, url: str) -> None:
        self.page.goto(url)
        self.page.wait_for_load_state("networkidle")

    def shot(self, name: str) -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    def visible_images(self) -> list[dict[str, object]]:
        self.page.evaluate(
            "() => { for (const img of document.images) { img.loading = 'eager'; } }"
        )
        self.page.wait_for_function(
            "() => Array.from(document.images).every(img => img.complete)", timeout=15_000
        )
        images: list[dict[str, object]] = self.page.evaluate(
            """() => Array.from(document.querySelectorAll('article img')).map(img => ({
                src: img.getAttribute('src'), loaded: img.naturalWidth > 0,
                visible: img.offsetParent !== null && getComputedStyle(img).display !== 'none',
                alt: img.alt}))"""
        )
        return images

    def close(self) -> None:
        self.context.close()


OVERVIEW = "meta-issues/api-latency-connection-pool/"
SIMILAR = "meta-issues/checkout-db-connection-leak/"
SEARCH_ISSUE = "meta-issues/search-relevance-regression/"


def test_home_lists_every_investigation(browser: object, site_url: str) -> None:
    reader = Reader(browser)
    reader.open(site_url + "meta-issues/")
    links = reader.page.locator("article table a").all_inner_texts()
    assert "Order Lookup API Latency" in links
    assert "Product Search Relevance Regression" in links
    assert "Checkout Database Connection Leak" in links
    badges = reader.page.locator("article table .mi-badge").all_inner_texts()
    assert sorted(b.strip() for b in badges) == ["Open", "Resolved", "Resolved"]
    reader.shot("home-light")
    assert reader.errors == []
    reader.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_chart_loads_in_both_palettes(browser: object, site_url: str, scheme: str) -> None:
    reader = Reader(browser, scheme=scheme)
    for path in (OVERVIEW, OVERVIEW + "attempts/003/", OVERVIEW + "evolution/", "meta-issues/"):
        reader.open(site_url + path)
        images = reader.visible_images()
        charts = [i for i in images if ".svg" in str(i["src"])]
        assert charts, f"no chart on {path}"
        assert all(i["loaded"] for i in images), [i["src"] for i in images if not i["loaded"]]
        shown = [str(i["src"]) for i in charts if i["visible"]]
        assert shown, f"no chart visible on {path} in the {scheme} palette"
        # Material shows #only-dark images in the slate palette and #only-light otherwise.
        wanted_dark = scheme == "dark"
        assert all(("-dark.svg" in s) == wanted_dark for s in shown), shown
        assert all(i["alt"] for i in charts)
    reader.shot(f"attempt-003-{scheme}")
    reader.open(site_url + OVERVIEW)
    reader.shot(f"overview-{scheme}")
    reader.open(site_url + "meta-issues/")
    reader.page.locator("article .mi-filter button", has_text="Open").click()
    reader.shot(f"home-filter-{scheme}")
    assert reader.errors == []
    reader.close()


def arrive(page: object, url: str, heading: str) -> None:
    """Wait for a navigation to finish. With navigation.instant the URL changes before the
    content is swapped, so wait for the new page's heading as well."""
    page.wait_for_url(url)  # type: ignore[attr-defined]
    page.locator(".md-content h1", has_text=heading).wait_for()  # type: ignore[attr-defined]


def test_reader_can_click_through_an_investigation(browser: object, site_url: str) -> None:
    reader = Reader(browser)
    page = reader.page
    reader.open(site_url + "meta-issues/")
    page.get_by_role("link", name="Order Lookup API Latency").first.click()
    arrive(page, "**/api-latency-connection-pool/", "Order Lookup API Latency")
    assert "Resolved" in page.locator("article .admonition").first.inner_text()
    page.locator("nav.mi-crumbs").get_by_role("link", name="Evolution").click()
    arrive(page, "**/evolution/", "Evolution of Understanding")
    assert page.locator("#version-3").count() == 1
    page.locator("#version-1 ~ p a", has_text="Attempt 001").first.click()
    arrive(page, "**/attempts/001/", "Attempt 001")
    assert "Failed" in page.locator("article .mi-badge").first.inner_text()
    page.locator("nav.mi-steps").get_by_role("link", name="Attempt 002", exact=False).click()
    arrive(page, "**/attempts/002/", "Attempt 002")
    assert "Partial" in page.locator("article .mi-badge").first.inner_text()
    page.go_back()
    arrive(page, "**/attempts/001/", "Attempt 001")
    page.locator("article").get_by_role("link", name="Version 1", exact=False).first.click()
    arrive(page, "**/evolution/#version-1", "Evolution of Understanding")
    assert reader.errors == []
    reader.close()


PHONE_PAGES = (
    "",
    "getting-started/",
    "folder-format/",
    "configuration/",
    "cli/",
    "diagnostics/",
    "previews/",
    "performance/",
    "meta-issues/",
    "meta-issues/lessons/",
    OVERVIEW,
    OVERVIEW + "evolution/",
    OVERVIEW + "attempts/",
    OVERVIEW + "attempts/003/",
    OVERVIEW + "test-cases/",
    OVERVIEW + "implementation-log/",
    SIMILAR,
    SIMILAR + "attempts/002/",
    SEARCH_ISSUE,
    SEARCH_ISSUE + "evolution/",
    SEARCH_ISSUE + "attempts/005/",
)


def _shot_name(path: str) -> str:
    return path.strip("/").replace("meta-issues/", "").replace("/", "-") or "landing"


def test_phone_viewport_needs_no_horizontal_scrolling(browser: object, site_url: str) -> None:
    reader = Reader(browser, width=375, height=740)
    wide = []
    for path in PHONE_PAGES:
        reader.open(site_url + path)
        overflow = reader.page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if overflow > 0:
            wide.append(f"{path or '/'} scrolls sideways by {overflow}px")
        reader.shot(f"phone-{_shot_name(path)}")
    assert wide == []
    assert reader.errors == []
    reader.close()


def _visible_titles(page: object) -> list[str]:
    titles: list[str] = page.evaluate(  # type: ignore[attr-defined]
        """() => Array.from(document.querySelectorAll('article table a[data-mi-status]'))
            .filter(a => a.closest('tr').offsetParent !== null)
            .map(a => a.textContent.trim())"""
    )
    return sorted(titles)


ALL_TITLES = sorted(["Order Lookup API Latency", "Product Search Relevance Regression",
                     "Checkout Database Connection Leak"])


def test_home_filters_by_status_and_tag(browser: object, site_url: str) -> None:
    reader = Reader(browser)
    page = reader.page
    reader.open(site_url + "meta-issues/")
    toolbar = page.locator("article .mi-filter")
    toolbar.wait_for()
    assert _visible_titles(page) == ALL_TITLES
    toolbar.get_by_role("button", name="Open (1)").click()
    assert _visible_titles(page) == ["Product Search Relevance Regression"]
    assert "Showing 1 of 3" in toolbar.inner_text()
    toolbar.get_by_role("button", name="Resolved (2)").click()
    assert _visible_titles(page) == ["Checkout Database Connection Leak",
                                     "Order Lookup API Latency"]
    # Status and tag combine: resolved and tagged "search" matches nothing.
    toolbar.get_by_role("button", name="search (1)").click()
    assert _visible_titles(page) == []
    assert "No investigation matches" in toolbar.inner_text()
    reader.shot("home-filter-none")
    toolbar.locator("[data-mi-filter-group=status]").get_by_role("button", name="All").click()
    assert _visible_titles(page) == ["Product Search Relevance Regression"]
    # A tag chip in the table filters by that tag too.
    toolbar.locator("[data-mi-filter-group=tag]").get_by_role("button", name="All").click()
    page.locator("article table .mi-tag", has_text="database").click()
    assert _visible_titles(page) == ["Checkout Database Connection Leak"]
    pressed = toolbar.locator("[aria-pressed=true]").all_inner_texts()
    assert pressed == ["All", "database (1)"]
    reader.shot("home-filter-database")
    assert reader.errors == []
    reader.close()


def test_home_filter_survives_instant_navigation(browser: object, site_url: str) -> None:
    reader = Reader(browser)
    page = reader.page
    reader.open(site_url + OVERVIEW)
    # navigation.instant swaps the content without a page load; document$ sets up the filter.
    page.evaluate("() => { window.__same_document = true; }")
    page.locator("nav.mi-crumbs").get_by_role("link", name="Investigations").click()
    arrive(page, "**/meta-issues/", "Investigations")
    page.locator("article .mi-filter").wait_for()
    assert page.evaluate("() => window.__same_document === true"), "not an instant navigation"
    assert page.locator("article .mi-filter").count() == 1
    page.locator("article .mi-filter").get_by_role("button", name="Open (1)").click()
    assert _visible_titles(page) == ["Product Search Relevance Regression"]
    # Back and forth again: still exactly one toolbar, working.
    page.go_back()
    arrive(page, "**/api-latency-connection-pool/", "Order Lookup API Latency")
    page.go_forward()
    arrive(page, "**/meta-issues/", "Investigations")
    page.locator("article .mi-filter").wait_for()
    assert page.locator("article .mi-filter").count() == 1
    assert reader.errors == []
    reader.close()


def test_home_without_javascript_lists_everything(browser: object, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(site_url + "meta-issues/")
    assert page.locator("article .mi-filter").count() == 0
    assert _titles_in_table(page) == ALL_TITLES
    context.close()


def _titles_in_table(page: object) -> list[str]:
    texts: list[str] = page.locator(  # type: ignore[attr-defined]
        "article table a[data-mi-status]").all_inner_texts()
    return sorted(t.strip() for t in texts)


def test_search_finds_an_attempt_by_a_word_of_its_detail_file(browser: object,
                                                              site_url: str) -> None:
    reader = Reader(browser)
    page = reader.page
    reader.open(site_url + "meta-issues/")
    # "invalidated" occurs only in attempts/001-response-caching.md of the latency sample.
    page.locator("label.md-search__icon, .md-search__input").first.click()
    # Material reads the query on keyup: type it, as a reader does (fill() sends no keys).
    page.locator("input.md-search__input").press_sequentially("invalidated", delay=20)
    results = page.locator(".md-search-result__item a")
    results.first.wait_for(timeout=15_000)
    hrefs = [str(h) for h in results.evaluate_all("els => els.map(e => e.href)")]
    assert any("/api-latency-connection-pool/attempts/001/" in h for h in hrefs), hrefs
    text = page.locator(".md-search-result").inner_text()
    assert "Attempt 001: Response Caching — Order Lookup API Latency" in text
    reader.shot("search-attempt")
    page.locator(".md-search-result__item a",
                 has_text="Response Caching").first.click()
    arrive(page, "**/attempts/001/**", "Attempt 001")
    assert "Failed" in page.locator("article .mi-badge").first.inner_text()
    assert reader.errors == []
    reader.close()


def test_search_result_for_a_version_names_its_investigation(browser: object,
                                                             site_url: str) -> None:
    reader = Reader(browser)
    page = reader.page
    reader.open(site_url)
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator("input.md-search__input").press_sequentially("PgBouncer", delay=20)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=15_000)
    # The section itself (not only its page) names the investigation.
    version = page.locator(".md-search-result__item a[href*='evolution/'][href$='#version-2']")
    assert "Version 2 — Pool Too Small" in version.first.inner_text()
    assert "Checkout Database Connection Leak" in version.first.inner_text()
    reader.shot("search-version")
    assert reader.errors == []
    reader.close()


def test_overview_links_similar_investigations(browser: object, site_url: str) -> None:
    reader = Reader(browser)
    page = reader.page
    reader.open(site_url + OVERVIEW)
    section = page.locator("#similar-investigations ~ ul").first
    assert "shares metrics" in section.inner_text()
    assert "P95 response time" in section.inner_text()
    section.get_by_role("link", name="Checkout Database Connection Leak").click()
    arrive(page, "**/" + SIMILAR, "Checkout Database Connection Leak")
    assert page.locator("#similar-investigations").count() == 1
    reader.shot("overview-similar")
    assert reader.errors == []
    reader.close()


def test_artifacts_folder_is_ignored_by_git() -> None:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    ignored = subprocess.run(["git", "check-ignore", "-q", "test-artifacts/x.png"], cwd=ROOT,
                             check=False)
    assert ignored.returncode == 0


# --- previews on hover and backlinks --------------------------------------------------------


def test_hovering_an_attempt_link_shows_its_preview(browser: object, site_url: str) -> None:
    """Material's instant previews (``data-preview``): the attempt's page, in a tooltip."""
    reader = Reader(browser)
    page = reader.page
    reader.open(site_url + OVERVIEW)
    link = page.locator("article a[data-preview][href$='attempts/001/']:visible",
                        has_text="Attempt 001").first
    link.scroll_into_view_if_needed()
    link.hover()
    tooltip = page.locator(".md-tooltip2--active")
    tooltip.wait_for(timeout=15_000)
    text = tooltip.inner_text()
    assert "Attempt 001 — Response Caching" in text
    assert "Failed" in text  # the facts under the attempt's title
    page.wait_for_timeout(600)  # the tooltip fades in
    shot = page.screenshot(full_page=False)
    (ARTIFACTS / "preview-attempt-001.png").parent.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "preview-attempt-001.png").write_bytes(shot)
    if os.environ.get("SAVE_DOC_SCREENSHOTS") == "1":
        _save_small(shot, DOC_SCREENSHOTS / "preview-attempt-light.png")
    page.mouse.move(0, 0)
    tooltip.wait_for(state="detached", timeout=15_000)
    assert reader.errors == []
    reader.close()


DOC_SCREENSHOTS = ROOT / "docs" / "screenshots"
BACKLINKS = [
    # page, what is mentioned there, the place that mentions it, the sentence, where it leads
    (OVERVIEW + "attempts/003/", "", "Test case TC-3: Connection Churn",
     "Attempt 003 created none after warm-up; connection reuse reached 95%.",
     "test-cases/#tc-3-connection-churn"),
    (OVERVIEW + "evolution/", "#version-1", "Log 2024-09-09 — Attempt 001 Reverted",
     "Version 1 ruled out.", "implementation-log/#2024-09-09---attempt-001-reverted"),
    (OVERVIEW + "test-cases/", "#tc-1-load-test-at-100-concurrent-users",
     "Log 2024-09-04 — Started Attempt 001",
     "Added a Redis cache in front of payload assembly and ran TC-1 and TC-5.",
     "implementation-log/#2024-09-04---started-attempt-001"),
    (OVERVIEW + "implementation-log/", "#2024-09-04---started-attempt-001",
     "Attempt 001 — Response Caching", "Date: 2024-09-04", "attempts/001/"),
    (OVERVIEW, "", "Checkout Database Connection Leak › Overview › Related",
     "Earlier investigation: Order Lookup API Latency - The same per-request connections",
     "checkout-db-connection-leak/#related"),
]


@pytest.mark.parametrize(("path", "section", "place", "sentence", "leads"), BACKLINKS,
                         ids=["attempt", "version", "test-case", "log-entry", "investigation"])
def test_backlinks_with_context_on_every_page_kind(browser: object, site_url: str, path: str,
                                                   section: str, place: str, sentence: str,
                                                   leads: str) -> None:
    reader = Reader(browser)
    page = reader.page
    reader.open(site_url + path)
    # The block that follows the section (or the page's only one) names the place and quotes.
    scope = (f"article [id='{section[1:]}'] ~ .mi-backlinks" if section
             else "article .mi-backlinks")
    block = page.locator(scope, has_text=place).first
    block.scroll_into_view_if_needed()
    item = block.locator("li", has_text=place).filter(has_text=sentence).first
    assert item.is_visible()
    assert f"“{sentence}" in item.inner_text()
    item.get_by_role("link").first.click()
    page.wait_for_url(f"**/{leads}")
    assert reader.errors == []
    reader.close()


# Reviewed by eye: the pages a reader of one investigation lands on, in both palettes, each
# scrolled to the author's text it shows (page, the id to scroll to).
SCREENSHOT_PAGES = {
    "overview": (OVERVIEW, "version-1-2024-09-01---initial-hypothesis"),
    "attempt": (OVERVIEW + "attempts/003/", "details"),
    "test-case": (OVERVIEW + "test-cases/", "tc-1-load-test-at-100-concurrent-users"),
    "log": (OVERVIEW + "implementation-log/", "2024-09-04---started-attempt-001"),
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots_of_the_reading_pages(browser: object, site_url: str, scheme: str) -> None:
    """Desktop screenshots; ``SAVE_DOC_SCREENSHOTS=1`` also writes them, reduced to a small
    palette, to docs/screenshots/."""
    reader = Reader(browser, scheme=scheme, width=1280, height=900)
    for name, (path, anchor) in SCREENSHOT_PAGES.items():
        reader.open(site_url + path)
        reader.visible_images()
        reader.page.evaluate("id => window.scrollTo(0, document.getElementById(id)"
                             ".getBoundingClientRect().top + window.scrollY - 96)", anchor)
        reader.page.wait_for_timeout(400)  # the header's title settles after a scroll
        shot = reader.page.screenshot(full_page=False)
        assert len(shot) > 10_000
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / f"reading-{name}-{scheme}.png").write_bytes(shot)
        if os.environ.get("SAVE_DOC_SCREENSHOTS") == "1":
            _save_small(shot, DOC_SCREENSHOTS / f"{name}-{scheme}.png")
    assert reader.errors == []
    reader.close()


def _save_small(png: bytes, target: Path) -> None:
    import io

    from PIL import Image

    target.parent.mkdir(parents=True, exist_ok=True)
    image = Image.open(io.BytesIO(png)).convert("RGB")
    image.quantize(colors=128, method=Image.Quantize.MEDIANCUT).save(target, optimize=True)


@pytest.fixture(scope="module")
def theme_sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample knowledge base built strict with MkDocs' own two themes."""
    built = {}
    for theme in ("mkdocs", "readthedocs"):
        root = tmp_path_factory.mktemp(f"theme-{theme}")
        (root / "docs").mkdir()
        shutil.copytree(ROOT / "meta-issues", root / "meta-issues")
        (root / "mkdocs.yml").write_text(
            f"site_name: x\ntheme: {theme}\nplugins:\n  - search\n  - meta-issues:\n"
            f"      cache_dir: {root / 'cache'}\n", encoding="utf-8")
        completed = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(root / "mkdocs.yml")],
            capture_output=True, text=True, check=False,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"})
        assert completed.returncode == 0, completed.stderr
        assert "WARNING" not in completed.stderr, completed.stderr
        built[theme] = root / "site"
    return built


@pytest.mark.parametrize("theme", ["mkdocs", "readthedocs"])
def test_other_themes_get_one_chart_per_palette_and_small_icons(
        browser: object, theme_sites: dict[str, Path], theme: str) -> None:
    reader = Reader(browser)
    page = theme_sites[theme] / OVERVIEW / "index.html"
    reader.page.goto(page.as_uri())
    reader.page.wait_for_load_state("load")
    charts = reader.page.evaluate(
        """() => Array.from(document.querySelectorAll('img.mi-chart')).map(img => ({
            dark: img.classList.contains('mi-chart--dark'),
            shown: getComputedStyle(img).display !== 'none'}))""")
    assert charts and any(not c["dark"] for c in charts)
    assert all(c["shown"] != c["dark"] for c in charts), charts  # light shown, dark hidden
    icons = reader.page.evaluate(
        """() => Array.from(document.querySelectorAll('.mi-icon')).map(
            icon => icon.getBoundingClientRect().height)""")
    assert icons and max(icons) < 30, icons  # an em or so, not the SVG's full size
    badge = reader.page.evaluate(
        "() => getComputedStyle(document.querySelector('.mi-badge')).borderTopStyle")
    assert badge == "solid"
    reader.shot(f"overview-theme-{theme}")
    reader.close()

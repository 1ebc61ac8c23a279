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


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    work = tmp_path_factory.mktemp("browser")
    site = work / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    completed = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.yml"),
         "-d", str(site)],
        capture_output=True, text=True, env=env, check=False,
    )
    assert completed.returncode == 0, completed.stderr
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
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


def test_home_lists_every_investigation(browser: object, site_url: str) -> None:
    reader = Reader(browser)
    reader.open(site_url + "meta-issues/")
    links = reader.page.locator("article table a").all_inner_texts()
    assert "Order Lookup API Latency" in links
    assert "Product Search Relevance Regression" in links
    badges = reader.page.locator("article .mi-badge").all_inner_texts()
    assert sorted(b.strip() for b in badges) == ["Open", "Resolved"]
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
    assert reader.errors == []
    reader.close()


def test_reader_can_click_through_an_investigation(browser: object, site_url: str) -> None:
    reader = Reader(browser)
    page = reader.page
    reader.open(site_url + "meta-issues/")
    page.get_by_role("link", name="Order Lookup API Latency").first.click()
    page.wait_for_url("**/api-latency-connection-pool/")
    assert "Resolved" in page.locator("article .admonition").first.inner_text()
    page.locator("nav.mi-crumbs").get_by_role("link", name="Evolution").click()
    page.wait_for_url("**/evolution/")
    assert page.locator("#version-3").count() == 1
    page.locator("#version-1 ~ p a", has_text="Attempt 001").first.click()
    page.wait_for_url("**/attempts/001/")
    assert "Failed" in page.locator("article .mi-badge").first.inner_text()
    page.locator("nav.mi-steps").get_by_role("link", name="Attempt 002", exact=False).click()
    page.wait_for_url("**/attempts/002/")
    assert "Partial" in page.locator("article .mi-badge").first.inner_text()
    page.go_back()
    page.wait_for_url("**/attempts/001/")
    page.locator("article").get_by_role("link", name="Version 1", exact=False).first.click()
    page.wait_for_url("**/evolution/#version-1")
    assert reader.errors == []
    reader.close()


def test_phone_viewport_needs_no_horizontal_scrolling(browser: object, site_url: str) -> None:
    reader = Reader(browser, width=375, height=740)
    for path in (OVERVIEW, OVERVIEW + "attempts/003/", "meta-issues/"):
        reader.open(site_url + path)
        overflow = reader.page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
    reader.shot("overview-phone")
    reader.close()


def test_artifacts_folder_is_ignored_by_git() -> None:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    ignored = subprocess.run(["git", "check-ignore", "-q", "test-artifacts/x.png"], cwd=ROOT,
                             check=False)
    assert ignored.returncode == 0

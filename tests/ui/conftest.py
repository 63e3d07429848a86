"""Browser fixtures: Debian's headless Chromium (/usr/bin/chromium) driven by Playwright, on the same
real server as tests/api. Tests are skipped, saying why, only when Chromium is not installed.

Set EVENTWIRE_SCREENSHOTS=docs/screenshots to save a PNG of each view while the tests run."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "api"))
from service import shared_service  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]


def pytest_collection_modifyitems(items):
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason=f"no Chromium at {CHROMIUM} (apt-get install chromium; .ci/run does)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def base_url(tmp_path_factory, coder):
    return shared_service(coder, tmp_path_factory.mktemp("service"))[1]


@pytest.fixture(scope="session")
def browser_context(tmp_path_factory):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=str(CHROMIUM),
            headless=True, args=FLAGS, viewport={"width": 1400, "height": 900})
        yield context
        context.close()


class Page:
    """A browser tab that records console errors, page errors and any request off this server."""

    def __init__(self, context, base_url: str):
        self.base = base_url
        self.page = context.new_page()
        self.errors: list[str] = []
        self.foreign: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))
        self.page.route("**/*", self._only_loopback)

    def _only_loopback(self, route):
        url = route.request.url
        if urlparse(url).hostname in ("127.0.0.1", "localhost") or url.startswith("data:"):
            route.continue_()
        else:
            self.foreign.append(url)
            route.abort()

    def open(self, query: str = "", ready: bool = True):
        self.page.goto(f"{self.base}/ui/{query}")
        if ready:
            self.ready()
        return self.page

    def ready(self):
        self.page.wait_for_selector("#main[data-ready=true] .view", timeout=20_000)

    def snap(self, name: str, full_page: bool = False):
        folder = os.environ.get("EVENTWIRE_SCREENSHOTS")
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=full_page)


@pytest.fixture()
def tab(browser_context, base_url):
    page = Page(browser_context, base_url)
    yield page
    page.page.close()

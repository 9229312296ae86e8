"""Browser fixtures: a real headless Chromium (Playwright driving the system
browser) against a built site served on localhost.

The browser is found through the CHROMIUM environment variable, else
/usr/bin/chromium (Debian's package, installed by .ci/run). A missing browser
is a failure, never a skip: these tests are part of CI.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from pelican.plugins.congkhai.tools.editserver import LocalServer

# Chromium's own background traffic is refused on these machines and slows
# every start; none of it is needed to render local pages.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def chromium_path() -> str:
    candidate = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(candidate).exists():
        pytest.fail(f"headless Chromium not found (looked for $CHROMIUM and {candidate}); "
                    "install Debian's 'chromium' package or set CHROMIUM=/path/to/chrome")
    return candidate


class SiteServer(LocalServer):
    """Serves one folder on 127.0.0.1 on a free port, in a thread (as `invoke edit` serves a site)."""


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True,
                                             args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def sample_server(sample_site):
    with SiteServer(sample_site) as server:
        yield server


@pytest.fixture
def page(browser):
    """A fresh page that records every request leaving localhost."""
    context = browser.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    page.foreign_requests = []

    def watch(request):
        if not request.url.startswith(("http://127.0.0.1", "data:", "about:", "blob:")):
            page.foreign_requests.append(request.url)

    page.on("request", watch)
    yield page
    context.close()


@pytest.fixture(scope="session")
def bundled_server(bundled_site):
    with SiteServer(bundled_site) as server:
        yield server

"""360 px screenshots of the built site for the README: `invoke screenshots` runs this.

usage: python scripts/screenshots.py OUTPUT_FOLDER SCREENSHOT_FOLDER

Serves the built site on localhost and photographs one page of each main
kind in headless Chromium (the system browser, as in the browser tests),
the top of the page as a phone shows it.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from conftest import CHROMIUM_ARGS, SiteServer, chromium_path  # noqa: E402
from test_theme_browser import page_kinds  # noqa: E402

SHOTS = {"home": "trang-chu", "session": "buoi-doi-thoai", "item": "noi-dung", "report": "bao-cao"}
VIEWPORT = {"width": 360, "height": 780}


def main(site: Path, folder: Path) -> None:
    from playwright.sync_api import sync_playwright

    folder.mkdir(parents=True, exist_ok=True)
    kinds = page_kinds(site)
    with SiteServer(site) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=VIEWPORT, device_scale_factor=1)
        for kind, name in SHOTS.items():
            page.goto(f"{server.url}/{kinds[kind]}")
            page.wait_for_load_state("networkidle")
            target = folder / f"{name}-360.png"
            page.screenshot(path=str(target), full_page=False)
            print(target.relative_to(ROOT) if target.is_relative_to(ROOT) else target)
        browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))

"""360 px screenshots of the built site for the README: `invoke screenshots` runs this.

usage: python scripts/screenshots.py OUTPUT_FOLDER SCREENSHOT_FOLDER [OUTPUT_FOLDER_AS_OF_TODAY]

Serves the built site on localhost and photographs one page of each main
kind in headless Chromium (the system browser, as in the browser tests),
the top of the page as a phone shows it; from the site built as of today, the
province's page (its successor communes and their figures).
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
TODAY_SHOTS = {"don-vi/tinh-lam-dong/#h-children": "tinh"}  # pages of the site as of today, at an anchor
VIEWPORT = {"width": 360, "height": 780}


def shoot(site: Path, folder: Path, shots: dict[str, str]) -> None:
    """Photograph each page (path -> picture name) of the site built in `site`."""
    from playwright.sync_api import sync_playwright

    with SiteServer(site) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=VIEWPORT, device_scale_factor=1)
        for path, name in shots.items():
            page.goto(f"{server.url}/{path}")
            page.wait_for_load_state("networkidle")
            target = folder / f"{name}-360.png"
            page.screenshot(path=str(target), full_page=False)
            print(target.relative_to(ROOT) if target.is_relative_to(ROOT) else target)
        browser.close()


def main(site: Path, folder: Path, today: Path | None = None) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    kinds = page_kinds(site)
    shoot(site, folder, {kinds[kind]: name for kind, name in SHOTS.items()})
    if today is not None:
        shoot(today, folder, TODAY_SHOTS)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]) if len(sys.argv) > 3 else None)

"""360 px screenshots of the built site for the README: `invoke screenshots` runs this.

usage: python scripts/screenshots.py OUTPUT_FOLDER SCREENSHOT_FOLDER [OUTPUT_FOLDER_AS_OF_TODAY]

Serves the built site on localhost and photographs one page of each main
kind in headless Chromium (the system browser, as in the browser tests),
the top of the page as a phone shows it; from the site built as of today, the
province's page (its successor communes and their figures); and one answer written in the
web editor (/admin/, on Decap's local backend over a copy of the content, so the checkout is
left as it was), step by step, for docs/editing-web.md.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from conftest import CHROMIUM_ARGS, SiteServer, chromium_path  # noqa: E402
from test_theme_browser import page_kinds  # noqa: E402
from test_web_editor import ITEM, PHONE_IN_ANSWER, choose, fill_answer, publish  # noqa: E402

from pelican.plugins.congkhai.tools.editserver import EditServer, LocalBackend  # noqa: E402

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


def shoot_editor(site: Path, folder: Path) -> None:
    """One answer in the web editor, as docs/editing-web.md tells it: the item's page and its
    link, the form filled in with its preview, a required key left out, the answer saved, and
    a second answer whose phone number the build's checks name after the save."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as checkout:
        shutil.copytree(ROOT / "content", Path(checkout) / "content")
        (Path(checkout) / "node_modules").symlink_to(ROOT / "node_modules")
        with LocalBackend(Path(checkout)) as backend, EditServer(site, backend) as server, \
                sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 800}, device_scale_factor=1)

            def take(name: str) -> None:
                target = folder / f"bien-tap-{name}.png"
                page.screenshot(path=str(target), full_page=False)
                print(target.relative_to(ROOT) if target.is_relative_to(ROOT) else target)

            page.goto(server.url + "/admin/")
            page.get_by_role("button", name="Đăng nhập").click()
            page.goto(f"{server.url}/noi-dung/{ITEM.replace('.', '-')}/")
            take("1-noi-dung")
            page.get_by_text("Trả lời nội dung này").click()
            page.wait_for_selector("[id^='date-field-']")
            page.fill("[id^='date-field-']", "2018-07-02")
            page.fill("[id^='document-field-']", "Công văn số 845/UBND-GDĐT ngày 02/7/2018")
            page.click("[role=textbox]")
            page.keyboard.type("Phòng Giáo dục và Đào tạo đã bố trí xe đưa đón học sinh thôn 1 từ năm học 2018-2019.")
            take("2-bieu-mau")
            publish(page)
            message = page.get_by_text("Thiếu khóa bắt buộc").first
            message.wait_for()
            message.scroll_into_view_if_needed()
            take("3-thieu-khoa")
            choose(page, "outcome", "Đã giải quyết xong")
            publish(page)
            page.get_by_text("Thay đổi đã được lưu").wait_for()
            take("4-da-luu")
            # What only the build can check: a phone number in a second answer, named after the save.
            page.goto(server.url + "/admin/#/collections/tra-loi-huyen-ham-tan/new")  # the item's session's body
            fill_answer(page, "2018-07-03", "Đang giải quyết", PHONE_IN_ANSWER)
            publish(page)
            page.locator("#congkhai-problems li").first.wait_for()
            take("5-loi-khi-dung")
            browser.close()


def main(site: Path, folder: Path, today: Path | None = None) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    kinds = page_kinds(site)
    shoot(site, folder, {kinds[kind]: name for kind, name in SHOTS.items()})
    if today is not None:
        shoot(today, folder, TODAY_SHOTS)
    shoot_editor(site, folder)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]) if len(sys.argv) > 3 else None)

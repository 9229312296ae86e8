"""How long the web editor takes on a large repository, on the local backend, in headless Chromium.

Generates N items (benchmarks/generate.py), writes /admin/ for them as the build does
(outputs/admin.py, as of 2018-07-05), starts decap-server and the editing server as
`invoke edit` does, signs in once, then times: opening /admin/ (which opens on a new
response's form of the first body, reading that body's folder of responses) and finding one of
its items there at once; the responses and the sessions of the body that held most; a new
response's form; finding one outstanding item by its id, typed key by key and pasted (as
copied from the item's page), and the list's matches for six words of its question, typed.

    .venv/bin/python benchmarks/web_editor.py [N]     # N = 20000 by default
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks"), str(ROOT / "tests")]

from generate import generate  # noqa: E402
from pelican.plugins.congkhai.content.model import build_content  # noqa: E402
from pelican.plugins.congkhai.content.reading import read_tree  # noqa: E402
from pelican.plugins.congkhai.outputs import admin  # noqa: E402
from pelican.plugins.congkhai.outputs import admin_collections as collections  # noqa: E402
from pelican.plugins.congkhai.site import urls  # noqa: E402
from pelican.plugins.congkhai.site.views import SiteView  # noqa: E402
from pelican.plugins.congkhai.tools.editserver import EditServer, LocalBackend  # noqa: E402

AS_OF = dt.date(2018, 7, 5)


def write_admin(project: Path) -> tuple[SiteView, int]:
    view = SiteView(build_content(read_tree(project / "content")), AS_OF)
    files = admin.files(view, {"PATH": str(project / "content")})
    for path, data in files:
        (project / "output" / path).parent.mkdir(parents=True, exist_ok=True)
        (project / "output" / path).write_bytes(data)
    return view, len((project / "output" / "admin" / "config.yml").read_bytes())


def find(page, text: str, typed: bool, item: str | None = "") -> None:
    """Type (or paste, as copied from the item's page: one change) text into the list of
    items and wait for it to offer the item (any match when item is None); then clear it."""
    page.click("#item-field-1")
    if typed:
        page.keyboard.type(text)
    else:
        page.keyboard.insert_text(text)
    shown = page.locator("[role=option]")
    (shown if item is None else shown.filter(has_text=item or text)).first.wait_for()
    page.keyboard.press("Escape")
    page.fill("#item-field-1", "")


def measure(items: int) -> dict:
    from playwright.sync_api import sync_playwright

    from browser.conftest import CHROMIUM_ARGS, chromium_path

    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        generate(project / "content", items)
        (project / "node_modules").symlink_to(ROOT / "node_modules")
        started = time.perf_counter()
        view, config_bytes = write_admin(project)
        figures = {"items": items, "responses": len(view.content.responses),
                   "outstanding": len(admin.outstanding(view)), "config.yml bytes": config_bytes,
                   "write admin/ (s)": time.perf_counter() - started}
        first, _folder, landing_items = admin.answer_folders(view)[0]
        assert admin.landing(view) == first
        target = landing_items[len(landing_items) // 2]
        words = " ".join(view.markdown.plain(target.text).split()[:6])
        with LocalBackend(project) as backend, EditServer(project / "output", backend) as server, \
                sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.set_default_timeout(int(__import__("os").environ.get("BENCH_TIMEOUT_MS", "600000")))
            # Signed in once, the bundle in the browser's cache, as on a clerk's computer.
            page.goto(server.url + "/admin/")
            page.get_by_role("button", name="Đăng nhập").click()
            page.wait_for_selector("#item-field-1")
            page.goto("about:blank")
            time.sleep(2)  # what the first visit started reading is read
            started = time.perf_counter()
            page.goto(server.url + "/admin/")
            page.wait_for_selector("#item-field-1")
            figures["open /admin/ (a new response's form, its list of items) (s)"] = time.perf_counter() - started
            # At once, as a clerk does, while Decap still reads the responses behind the form.
            find(page, target.id, typed=True)
            figures["open /admin/ and find one outstanding item by id, typed (s)"] = time.perf_counter() - started
            busiest = max(collections.session_bodies(view), key=lambda b: sum(s.body == b.id for s in view.content.sessions))
            answers = f"{urls.ANSWERS}-{busiest.id}"
            page.goto("about:blank")
            started = time.perf_counter()
            page.goto(f"{server.url}/admin/#/collections/{answers}")
            page.locator(f"a[href*='/collections/{answers}/entries/']").first.wait_for()
            held = sum(r.id.split("/")[0] in {s.id for s in view.content.sessions if s.body == busiest.id}
                       for r in view.content.responses)
            figures[f"open one body's responses ({held}) (s)"] = time.perf_counter() - started
            page.goto("about:blank")
            started = time.perf_counter()
            page.goto(f"{server.url}/admin/#/collections/{collections.SESSIONS}-{busiest.id}")
            page.locator(f"a[href*='/collections/{collections.SESSIONS}-{busiest.id}/entries/']").first.wait_for()
            figures[f"open one body's sessions ({sum(s.body == busiest.id for s in view.content.sessions)}) (s)"] = \
                time.perf_counter() - started
            page.goto("about:blank")
            started = time.perf_counter()
            page.goto(f"{server.url}/admin/#/collections/{first}/new")
            page.wait_for_selector("#item-field-1")
            figures["open a new response's form (s)"] = time.perf_counter() - started
            for name, typed in (("by id, typed", target.id), ("by words, typed", words),
                                ("by id, pasted", target.id)):
                started = time.perf_counter()
                # Six words of a synthetic question are shared by many items: for words, the
                # time until the list shows its matches; for an id, until it shows the item.
                find(page, typed, typed="pasted" not in name, item=None if "words" in name else target.id)
                figures[f"find one outstanding item {name} (s)"] = time.perf_counter() - started
            browser.close()
    return figures


if __name__ == "__main__":
    for key, value in measure(int(sys.argv[1]) if len(sys.argv) > 1 else 20000).items():
        print(f"{key}: {value:,.2f}" if isinstance(value, float) else f"{key}: {value:,}")

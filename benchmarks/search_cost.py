"""What one search costs a reader: requests, bytes and time, in headless Chromium on a slow 3G profile.

Serves a built site on localhost as a slow 3G link would (Chrome DevTools' «Slow 3G»:
400 ms of latency a request, 400 kbit/s), opens its search page in a fresh browser context
(nothing cached), waits until the search is ready, types a query, and waits for its first
page of results. Every response is counted with the bytes it carried (headers and body, as
the server sent them; Pagefind's files are gzip-compressed already, the pages are sent as
they are), split into the page's own load, the search's start (Pagefind's scripts, its
WebAssembly, each bundle's metadata and filters) and the query.

    .venv/bin/python benchmarks/search_cost.py OUTPUT [QUERY ...]   # default: «đường», «kênh mương»

Run it on two builds of the same content, before and after a change to the index, one right
after the other: the machine's load moves the times, never the requests or bytes.
"""

from __future__ import annotations

import functools
import http.server
import json
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "browser"))
from conftest import CHROMIUM_ARGS, chromium_path  # noqa: E402

from pelican.plugins.congkhai.tools.editserver import QuietHandler  # noqa: E402

LATENCY_S = 0.4  # Chrome DevTools' «Slow 3G»: 400 ms a request, 400 kbit/s
BYTES_PER_S = 400 * 1000 / 8
SEARCH_PAGE = "/tim-kiem/"
QUERIES = ("đường", "kênh mương")
VERBOSE = False  # --urls: every request, with its part and bytes, on stderr


class Slow3G(QuietHandler):
    """Serves as a slow 3G link would deliver: each response waits the latency, then its bytes
    go out at the link's rate. Throttled here, at the server, rather than in the browser:
    Pagefind fetches its index from a worker, which DevTools' throttling of the page misses.
    Every response is logged as (part, bytes, path) in the server's `log`."""

    def setup(self):
        super().setup()
        self.wfile = _Throttled(self.wfile)

    def log_request(self, code="-", size="-"):
        pass

    def finish(self):
        sent = self.wfile.sent
        super().finish()
        self.server.log.append((self.server.part[0], sent, getattr(self, "path", "")))


class _Link:
    """The one slow link every connection shares: a piece of data leaves once the link is free."""
    lock = threading.Lock()
    free_at = 0.0

    @classmethod
    def wait_for(cls, size: int) -> None:
        with cls.lock:
            cls.free_at = max(cls.free_at, time.perf_counter()) + size / BYTES_PER_S
            until = cls.free_at
        time.sleep(max(0.0, until - time.perf_counter()))


class _Throttled:
    def __init__(self, raw):
        self.raw, self.sent, self.started = raw, 0, False

    def write(self, data):
        if not self.started:
            time.sleep(LATENCY_S)
            self.started = True
        view = memoryview(data)
        for offset in range(0, len(view), 4096):
            piece = view[offset:offset + 4096]
            _Link.wait_for(len(piece))
            self.raw.write(piece)
        self.sent += len(data)
        return len(data)

    def __getattr__(self, name):
        return getattr(self.raw, name)


def measure(site: Path, query: str, browser) -> dict:
    """One cold visit of the search page and one query: requests, bytes and seconds of each part."""
    handler = functools.partial(Slow3G, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.log, httpd.part = [], ["page"]
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}"
    context = browser.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    try:
        started = time.perf_counter()
        page.goto(url + SEARCH_PAGE, wait_until="load", timeout=600_000)
        loaded = time.perf_counter()
        httpd.part[0] = "start"
        page.wait_for_selector("form[data-ready]:not([data-busy])", state="attached", timeout=600_000)
        ready = time.perf_counter()
        httpd.part[0] = "query"
        page.get_by_label("Từ khóa").fill(query)
        page.get_by_label("Từ khóa").press("Enter")
        page.wait_for_selector("form[data-ready]:not([data-busy]) [data-results] li", state="attached",
                               timeout=600_000)
        done = time.perf_counter()
        status = page.text_content("[data-status]")
        page.wait_for_timeout(500)  # the last responses' log lines
    finally:
        context.close()
        httpd.shutdown()
        httpd.server_close()
    log = httpd.log
    parts = {name: {"requests": sum(1 for p, *_ in log if p == name), "bytes": sum(b for p, b, _ in log if p == name)}
             for name in ("page", "start", "query")}
    if VERBOSE:
        for entry in log:
            print(*entry, file=sys.stderr)
    parts["page"]["seconds"], parts["start"]["seconds"] = round(loaded - started, 1), round(ready - loaded, 1)
    parts["query"]["seconds"] = round(done - ready, 1)
    total = {"requests": sum(p["requests"] for p in parts.values()), "bytes": sum(p["bytes"] for p in parts.values()),
             "seconds": round(done - started, 1)}
    return {"text": query, "status": status, **parts, "total": total}


def main(argv: list[str]) -> None:
    from playwright.sync_api import sync_playwright

    global VERBOSE
    VERBOSE = "--urls" in argv
    argv = [arg for arg in argv if arg != "--urls"]
    site, queries = Path(argv[0]), argv[1:] or QUERIES
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        for query in queries:
            print(json.dumps(measure(site, query, browser), ensure_ascii=False), flush=True)
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1:])

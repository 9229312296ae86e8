"""The editing server of `invoke edit`: the built site and the web editor's local backend on
one address of this computer, so /admin/ talks only to the origin it came from.

It serves the output folder, and passes POST /api/v1 to Decap's local backend (npm
`decap-server`, pinned in package-lock.json), which it starts on the checkout, bound to
127.0.0.1 on a free port. GET /api/congkhai/problems?path=<file> runs the build's checks on
the checkout (with the check cache, only changed files are read again) and answers the
problems of that file, Vietnamese first: the editor's script asks it after each save, so what
only the build can see (the privacy guard, a dangling reference, dates across files) shows in
/admin/ naming the field. Neither has any authentication: both listen on localhost only,
and nothing else on the network can reach them. A command-line tool: never imported by the build.
"""

from __future__ import annotations

import functools
import http.client
import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

API = "/api/v1"
PROBLEMS = "/api/congkhai/problems"  # the build's checks of one saved file
DECAP_SERVER = Path("node_modules") / "decap-server" / "dist" / "index.js"
# Actions of Decap's local backend that only read: asked again once when the backend drops
# the connection before answering, since asking twice changes nothing.
READING = frozenset({"info", "entriesByFolder", "entriesByFiles", "getEntry", "getMedia", "getMediaFile",
                     "unpublishedEntries", "unpublishedEntry", "unpublishedEntryDataFile",
                     "unpublishedEntryMediaFile", "getDeployPreview"})
# What /admin/ shows when the local backend did not answer: Decap reads the `error` of the JSON.
DROPPED = ("Máy chủ biên tập trên máy này không trả lời ({cause}); chưa lưu gì: bấm lưu lại, nếu vẫn lỗi "
           "thì tắt `invoke edit` (Ctrl+C) rồi chạy lại / the editor's local backend did not answer "
           "({cause}); nothing was saved: save again, and if it fails again stop `invoke edit` (Ctrl+C) "
           "and start it again")
# A connection that ended before an answer: the backend stopped, restarted or dropped it.
UNANSWERED = (ConnectionError, http.client.HTTPException, urllib.error.URLError, TimeoutError)


class EditorError(RuntimeError):
    """The local backend cannot start: the message says why and what to do."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class LocalBackend:
    """decap-server on the checkout `root`, on 127.0.0.1, started and stopped with this object."""

    def __init__(self, root: Path, port: int | None = None):
        self.root = Path(root).resolve()
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}{API}"
        self.process: subprocess.Popen | None = None

    def __enter__(self):
        node = shutil.which("node")
        script = self.root / DECAP_SERVER
        if node is None or not script.is_file():
            raise EditorError("Chưa cài máy chủ biên tập: cài Node.js 20 trở lên rồi chạy `npm ci` trong thư mục "
                              f"dự án / the editor's local backend is missing ({script}): install Node.js 20+ "
                              "and run `npm ci`")
        env = {**os.environ, "GIT_REPO_DIRECTORY": str(self.root), "PORT": str(self.port),
               "BIND_HOST": "127.0.0.1", "MODE": "fs", "LOG_LEVEL": "warn"}
        self.process = subprocess.Popen([node, str(script)], cwd=self.root, env=env,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self._wait()
        return self

    def _wait(self, seconds: float = 20.0) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise EditorError(f"decap-server stopped at once: {self.process.stderr.read().decode()[-500:]}")
            try:
                post(self.url, b'{"action":"info"}')
                return
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.1)
        raise EditorError(f"decap-server did not answer on {self.url} within {seconds:.0f} s")

    def __exit__(self, *exc):
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def post(url: str, body: bytes) -> tuple[int, bytes]:
    request = urllib.request.Request(url, body, {"Content-Type": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files, saying nothing per request; YAML, JSON and WebAssembly with their types."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".yml": "text/yaml; charset=utf-8", ".json": "application/json",
                      ".wasm": "application/wasm"}

    def log_message(self, *args):
        pass


def problems_of(root: Path, path: str, item: str = "") -> list[dict]:
    """The build's problems of one file of the checkout (its path relative to root), or of the
    responses to an item (a new response's file is named once saved), as the editor's panel
    shows them; the checks of the whole tree run, as the build's do."""
    from ..content import rules
    from ..content.model import response_id
    from ..content.reading import RESPONSE_DIR
    from ..content.validation import validate_tree
    from ..settings import resolve
    from .check import read_settings

    settings_file = root / "pelicanconf.py"
    settings = read_settings(str(settings_file) if settings_file.is_file() else None)
    # The build's own cache of checked files (as `check --cache`): only the saved file is read again.
    cache = root / (settings.get("CACHE_PATH") or "cache") / "congkhai"
    _checks, problems = validate_tree(root / "content", resolve(settings), cache)
    return [{"path": p.path, "line": p.line, "field": p.field, "label": rules.field_label(p.path, p.field),
             "vietnamese": p.vietnamese, "english": p.message} for p in problems
            if p.path == path or (item and p.path.startswith(f"content/{RESPONSE_DIR}/")
                                  and response_id(p.path).startswith(f"{item}-"))]


class _EditHandler(QuietHandler):
    backend_url = ""
    root: Path = Path(".")

    def do_GET(self):
        address = urlsplit(self.path)
        if address.path != PROBLEMS:
            super().do_GET()
            return
        query = parse_qs(address.query)
        path, item = (query.get("path") or [""])[0], (query.get("item") or [""])[0]
        if ".." in item:  # an item id names no folder above the responses
            item = ""
        body = json.dumps({"path": path, "problems": problems_of(self.root, path, item)},
                          ensure_ascii=False).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        if self.path.split("?")[0].rstrip("/") != API:
            self.send_error(404)
            return
        length = int(self.headers.get("Content-Length") or 0)
        status, body = self.relay(self.rfile.read(length))
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


    def relay(self, request: bytes) -> tuple[int, bytes]:
        """The backend's answer to one request of /admin/; a 502 saying what to do, never a
        traceback, when the backend dropped the connection (a reading action is asked again once)."""
        try:
            action = json.loads(request).get("action")
        except (ValueError, AttributeError):
            action = None
        tries = 2 if action in READING else 1
        for _ in range(tries):
            try:
                return post(self.backend_url, request)
            except UNANSWERED as error:
                cause = type(error).__name__
        return 502, json.dumps({"error": DROPPED.format(cause=cause)}, ensure_ascii=False).encode()


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        """A browser that closed its tab or reloaded while being answered is no error of the
        clerk's: nothing is printed. Anything else is one line, never a traceback."""
        error = sys.exc_info()[1]
        if isinstance(error, ConnectionError):
            return
        print(f"invoke edit: {type(error).__name__}: {error} ({client_address[0]})", file=sys.stderr)


class LocalServer:
    """Serves one folder on http://127.0.0.1:<port> (a free one by default), in a thread."""

    def __init__(self, folder: Path, handler=QuietHandler, port: int = 0):
        handler = functools.partial(handler, directory=str(folder))
        self.httpd = _QuietServer(("127.0.0.1", port), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


class EditServer(LocalServer):
    """The output folder and the local backend's API (POST /api/v1) on one address."""

    def __init__(self, folder: Path, backend: LocalBackend, port: int = 0):
        super().__init__(folder, type("Handler", (_EditHandler,), {"backend_url": backend.url, "root": backend.root}),
                         port)

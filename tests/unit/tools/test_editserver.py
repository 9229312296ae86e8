"""The editing server of `invoke edit` (tools/editserver.py): Decap's local backend on the
checkout, on 127.0.0.1 only, behind one address with the built site; and a plain sentence,
not a traceback, when npm has not installed it."""

from __future__ import annotations

import json
import urllib.request

import pytest

from helpers import FIXTURES, ROOT
from pelican.plugins.congkhai.tools.editserver import (
    API,
    PROBLEMS,
    EditorError,
    EditServer,
    LocalBackend,
    problems_of,
)


def test_without_npm_install_the_clerk_is_told_what_to_do(tmp_path):
    with pytest.raises(EditorError) as refused:
        with LocalBackend(tmp_path):
            pass
    assert str(refused.value) == (
        "Chưa cài máy chủ biên tập: cài Node.js 20 trở lên rồi chạy `npm ci` trong thư mục dự án / "
        f"the editor's local backend is missing ({tmp_path}/node_modules/decap-server/dist/index.js): "
        "install Node.js 20+ and run `npm ci`")


def test_the_site_and_the_backend_answer_on_one_local_address_and_nowhere_else(tmp_path):
    (tmp_path / "content" / "responses").mkdir(parents=True)
    (tmp_path / "content" / "responses" / "a.md").write_text("x\n", encoding="utf-8")
    (tmp_path / "node_modules").symlink_to(ROOT / "node_modules")
    (tmp_path / "output").mkdir()
    (tmp_path / "output" / "config.yml").write_text("a: 1\n", encoding="utf-8")
    with LocalBackend(tmp_path) as backend, EditServer(tmp_path / "output", backend) as server:
        assert backend.url.startswith("http://127.0.0.1:") and server.url.startswith("http://127.0.0.1:")
        request = urllib.request.Request(server.url + API, json.dumps({"action": "info"}).encode(),
                                         {"Content-Type": "application/json"}, method="POST")
        with urllib.request.urlopen(request, timeout=30) as answer:
            info = json.loads(answer.read())
        assert (info["repo"], info["type"]) == (tmp_path.name, "local_fs")
        with urllib.request.urlopen(server.url + "/config.yml", timeout=30) as answer:
            assert answer.headers["Content-Type"] == "text/yaml; charset=utf-8"
        listening = [line.split()[1] for line in open("/proc/net/tcp").read().splitlines()[1:]
                     if line.split()[3] == "0A" and int(line.split()[1].split(":")[1], 16) == backend.port]
        assert listening == ["0100007F:" + format(backend.port, "04X")]  # 127.0.0.1 only
    assert backend.process.poll() is not None  # stopped with the block


def test_the_build_checks_of_a_saved_file_are_answered_vietnamese_first_naming_the_field(tmp_path):
    """GET /api/congkhai/problems: what only the build sees, for the file just saved in /admin/."""
    import shutil
    import types

    shutil.copytree(FIXTURES / "defects" / "base" / "content", tmp_path / "content")
    saved = tmp_path / "content" / "responses" / "2018-06-12-tan-ha" / "1.1-1.md"
    saved.write_text(saved.read_text(encoding="utf-8").rstrip("\n") + " Liên hệ 0912 345 678.\n", encoding="utf-8")
    (tmp_path / "output").mkdir()
    (tmp_path / "output" / "index.html").write_text("<p>trang</p>\n", encoding="utf-8")
    backend = types.SimpleNamespace(url="http://127.0.0.1:9/api/v1", root=tmp_path)  # no POST in this test
    path = "content/responses/2018-06-12-tan-ha/1.1-1.md"
    with EditServer(tmp_path / "output", backend) as server:
        asked = {f"path={path}": 1, "item=2018-06-12-tan-ha/1.1": 1, "path=content/data/topics.yaml": 0,
                 "item=../../sessions": 0}
        for query, count in asked.items():
            with urllib.request.urlopen(f"{server.url}{PROBLEMS}?{query}", timeout=60) as answer:
                assert answer.headers["Content-Type"] == "application/json; charset=utf-8"
                found = json.loads(answer.read())["problems"]
            assert len(found) == count, query
        with urllib.request.urlopen(server.url + "/index.html", timeout=30) as answer:
            assert answer.read() == b"<p>trang</p>\n"  # the site is still served beside it
    line = saved.read_text(encoding="utf-8").splitlines().index(next(
        text for text in saved.read_text(encoding="utf-8").splitlines() if "0912" in text)) + 1
    assert problems_of(tmp_path, path) == [{
        "path": path, "line": line, "field": "(answer)", "label": "Nội dung câu trả lời",
        "vietnamese": "Có vẻ là số điện thoại (0912•••678), dữ liệu cá nhân không được công bố: xóa số đó (ghi «một "
                      "hộ dân thôn 3»); số công khai của cơ quan thì thêm vào `PRIVACY_ALLOWED_NUMBERS`; xem mục 5 "
                      "của hướng dẫn.",
        "english": "looks like a phone number, personal data that must not be published (got 0912•••678; expected no "
                   "personal data (Nghị định 13/2023/NĐ-CP): remove it; a public hotline goes into "
                   "PRIVACY_ALLOWED_NUMBERS; an intentional case gets 'privacy_reviewed: <reason>' in this file)"}]



class _DroppingBackend:
    """A backend that closes the first `drops` connections without a word, then answers `{"ok": 1}`."""

    def __init__(self, drops: int):
        import socket
        import threading

        self.drops, self.seen = drops, 0
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}{API}"
        self.root = ROOT
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            with connection:
                connection.recv(65536)
                self.seen += 1
                if self.seen > self.drops:
                    connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                       b"Content-Length: 8\r\nConnection: close\r\n\r\n{\"ok\":1}")


def _ask(server, action: str) -> tuple[int, dict]:
    import urllib.error

    request = urllib.request.Request(server.url + API, json.dumps({"action": action}).encode(),
                                     {"Content-Type": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_a_dropped_connection_of_the_backend_is_a_502_saying_what_to_do_and_no_traceback(tmp_path, capfd):
    (tmp_path / "index.html").write_text("x", encoding="utf-8")
    backend = _DroppingBackend(drops=99)
    with EditServer(tmp_path, backend) as server:
        status, answer = _ask(server, "persistEntry")
    backend.socket.close()
    assert status == 502
    assert answer == {"error": (
        "Máy chủ biên tập trên máy này không trả lời (RemoteDisconnected); chưa lưu gì: bấm lưu lại, nếu vẫn "
        "lỗi thì tắt `invoke edit` (Ctrl+C) rồi chạy lại / the editor's local backend did not answer "
        "(RemoteDisconnected); nothing was saved: save again, and if it fails again stop `invoke edit` "
        "(Ctrl+C) and start it again")}
    assert backend.seen == 1  # a save is never sent twice
    printed = capfd.readouterr()
    assert "Traceback" not in printed.err + printed.out


def test_a_reading_action_is_asked_again_once_when_the_backend_dropped_it(tmp_path):
    (tmp_path / "index.html").write_text("x", encoding="utf-8")
    backend = _DroppingBackend(drops=1)
    with EditServer(tmp_path, backend) as server:
        assert _ask(server, "entriesByFolder") == (200, {"ok": 1})
    backend.socket.close()
    assert backend.seen == 2


def test_a_browser_gone_mid_answer_prints_nothing_and_any_other_failure_one_line(tmp_path, capfd):
    with EditServer(tmp_path, _DroppingBackend(drops=0)) as server:
        for error in (BrokenPipeError(32, "Broken pipe"), ValueError("bad header")):
            try:
                raise error
            except Exception:
                server.httpd.handle_error(None, ("127.0.0.1", 50000))
    assert capfd.readouterr().err == "invoke edit: ValueError: bad header (127.0.0.1)\n"

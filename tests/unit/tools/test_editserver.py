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


"""The editing server of `invoke edit` (tools/editserver.py): Decap's local backend on the
checkout, on 127.0.0.1 only, behind one address with the built site; and a plain sentence,
not a traceback, when npm has not installed it."""

from __future__ import annotations

import json
import urllib.request

import pytest

from helpers import ROOT
from pelican.plugins.congkhai.tools.editserver import API, EditorError, EditServer, LocalBackend


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

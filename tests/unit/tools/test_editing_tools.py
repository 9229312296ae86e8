"""The pre-commit hook runs the same check as the build, and the editors'
guide names the commands and markers it teaches."""

from __future__ import annotations

import shlex
import subprocess
import sys

import yaml

from helpers import FIXTURES, ROOT


def hook(hook_id: str) -> dict:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    return next(h for repo in config["repos"] for h in repo["hooks"] if h["id"] == hook_id)


def run_entry(entry: str, cwd) -> subprocess.CompletedProcess:
    command = shlex.split(entry)
    assert command[0] == ".venv/bin/python"
    return subprocess.run([sys.executable, *command[1:]], cwd=cwd, capture_output=True, text=True)


def test_the_validation_hook_passes_the_sample_and_refuses_mistakes(tmp_path):
    validate = hook("congkhai-validate")
    assert validate["language"] == "system" and validate["pass_filenames"] is False
    assert run_entry(validate["entry"], ROOT).returncode == 0
    (tmp_path / "content").symlink_to(FIXTURES / "twenty-mistakes" / "content")
    (tmp_path / "pelicanconf.py").write_text("AS_OF = '2018-07-05'\n", encoding="utf-8")
    refused = run_entry(validate["entry"], tmp_path)
    assert refused.returncode == 1
    assert refused.stderr.splitlines()[-2:] == ["20 lỗi; chưa đăng gì.", "    20 problems found; nothing was published."]


def test_the_editors_guide_teaches_the_tools():
    guide = (ROOT / "docs" / "editing.md").read_text(encoding="utf-8")
    for needle in ("invoke new-session", "invoke new-response", "invoke validate", "pre-commit install",
                   "privacy_reviewed", "PRIVACY_ALLOWED_NUMBERS", "Nghị định 13/2023/NĐ-CP",
                   "tệp:dòng: khóa", "$schema=../../schemas/session.schema.json"):
        assert needle in guide, needle

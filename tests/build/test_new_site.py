"""A site made by invoke new-site passes the checks and builds, through its own `congkhai` script,
with the body's name in its header; a folder that is not empty is never written into."""

from __future__ import annotations

import subprocess

from helpers import ROOT

INVOKE = str(ROOT / ".venv" / "bin" / "invoke")


def test_a_new_site_of_a_commune_checks_builds_and_takes_a_session(tmp_path):
    site = tmp_path / "xa-son-my"
    made = subprocess.run([INVOKE, "-r", str(ROOT), "new-site", str(site), "--name", "xã Sơn Mỹ",
                           "--province", "tỉnh Lâm Đồng"], capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    run = lambda *args: subprocess.run([str(site / "congkhai"), *args], cwd=tmp_path, capture_output=True, text=True)
    checked = run("validate")
    assert checked.returncode == 0 and "no problems found" in checked.stdout, checked.stderr
    built = run("build", "--as-of", "2026-12-06")
    assert built.returncode == 0, built.stderr
    home = (site / "output" / "index.html").read_text(encoding="utf-8")
    assert '<span class="site-district">Xã Sơn Mỹ, tỉnh Lâm Đồng</span>' in home
    assert not (ROOT / "content" / "sessions" / "2026-12-01-son-my.yaml").exists()
    session = run("new-session", "--commune", "son-my", "--date", "2026-12-01")
    assert session.returncode == 0 and (site / "content" / "sessions" / "2026-12-01-son-my.yaml").exists()
    assert not (ROOT / "content" / "sessions" / "2026-12-01-son-my.yaml").exists()  # the new site's, not the sample's
    again = subprocess.run([INVOKE, "-r", str(ROOT), "new-site", str(site), "--name", "xã Sơn Mỹ",
                            "--province", "tỉnh Lâm Đồng"], capture_output=True, text=True)
    assert again.returncode == 1 and "already exists and is not empty" in again.stderr

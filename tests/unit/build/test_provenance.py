"""The build's commit and the links to each source file's history."""

import subprocess

import pytest

from pelican.plugins.congkhai.build.provenance import HISTORY_PATTERNS, build_commit, history_url


def git(folder, *args):
    subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path):
    git(tmp_path, "init", "-q")
    git(tmp_path, "config", "user.email", "t@example.vn")
    git(tmp_path, "config", "user.name", "T")
    (tmp_path / "a.yaml").write_text("a: 1\n", encoding="utf-8")
    git(tmp_path, "add", "a.yaml")
    git(tmp_path, "commit", "-q", "-m", "a")
    return tmp_path


def test_github_actions_commit_wins_and_is_shortened(repo):
    sha = "0123456789abcdef0123456789abcdef01234567"
    assert build_commit(repo, {"GITHUB_SHA": sha}) == "0123456789ab"


def test_commit_of_a_clean_checkout(repo):
    head = subprocess.run(["git", "-C", str(repo), "rev-parse", "HEAD"], capture_output=True, text=True).stdout
    assert build_commit(repo, {}) == head[:12]


def test_changed_tracked_files_mark_the_commit_dirty(repo):
    (repo / "a.yaml").write_text("a: 2\n", encoding="utf-8")
    assert build_commit(repo, {}).endswith("-dirty")


def test_outside_git_there_is_no_commit(tmp_path):
    assert build_commit(tmp_path / "nowhere", {}) == ""


@pytest.mark.parametrize("forge, expected", [
    ("github", "https://github.com/to-chuc/cong-khai/commits/main/content/sessions/2018/a.yaml"),
    ("gitlab", "https://github.com/to-chuc/cong-khai/-/commits/main/content/sessions/2018/a.yaml"),
    ("gitea", "https://github.com/to-chuc/cong-khai/commits/branch/main/content/sessions/2018/a.yaml"),
])
def test_history_url_per_forge(forge, expected):
    assert history_url("https://github.com/to-chuc/cong-khai/", "main", "content/sessions/2018/a.yaml",
                       HISTORY_PATTERNS[forge]) == expected


def test_no_repository_no_history_link():
    assert history_url("", "main", "content/sessions/a.yaml") == ""

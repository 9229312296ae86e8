"""Where a build comes from: the commit it was built from, and the history of each source file.

A leaf of the plugin: imports nothing of the other rooms. pelicanconf.py sets BUILD_COMMIT = build_commit(its folder);
templates link each item to the history of its files with history_url().
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

COMMIT_LENGTH = 12  # long enough to stay unique in a district's repository for decades


def build_commit(folder: Path | str = ".", environ=os.environ) -> str:
    """The commit being built, shortened: GITHUB_SHA in GitHub Actions, else `git rev-parse`.

    "-dirty" is appended when tracked files differ from that commit, so a page
    never claims to come from a commit it does not match. "" outside git.
    """
    sha = environ.get("GITHUB_SHA", "").strip()
    if sha:
        return sha[:COMMIT_LENGTH]
    try:
        sha = _git(folder, "rev-parse", f"--short={COMMIT_LENGTH}", "HEAD").stdout.strip()
        dirty = _git(folder, "diff", "--quiet", "HEAD", "--", check=False).returncode == 1
    except (OSError, subprocess.CalledProcessError):
        return ""
    return f"{sha}-dirty" if sha and dirty else sha


def _git(folder, *args, check=True) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True,
                          check=check, timeout=30)


# The history page of one file on common forges (REPO_HISTORY_PATTERN); GitHub's is the default.
HISTORY_PATTERNS = {
    "github": "{repo}/commits/{branch}/{path}",
    "gitlab": "{repo}/-/commits/{branch}/{path}",
    "gitea": "{repo}/commits/branch/{branch}/{path}",  # Forgejo, Codeberg too
}


def history_url(repo_url: str, branch: str, path: str, pattern: str = HISTORY_PATTERNS["github"]) -> str:
    """The forge page listing every commit that changed `path` (repository-relative), or ""."""
    if not repo_url or not path:
        return ""
    return pattern.format(repo=repo_url.rstrip("/"), branch=branch, path=path.lstrip("/"))

"""Every internal link, anchor, asset and feed reference of the built sites resolves (offline check)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

from helpers import FIXTURES, ROOT, build_site
from pelican.plugins.congkhai.tools.linkcheck import BrokenLink, check_output
from pelican.plugins.congkhai.build.provenance import build_commit

PUBLISHED_URL = "https://to-chuc.github.io/cong-khai"
REPO_URL = "https://github.com/to-chuc/cong-khai"


@pytest.fixture(scope="session")
def published_small_site(tmp_path_factory):
    """The small fixture as publishconf.py builds it: absolute URLs under a path prefix, REPO_URL set."""
    output = tmp_path_factory.mktemp("published") / "output"
    build_site(FIXTURES / "small", output, as_of="2018-07-05",
               settings={"SITEURL": PUBLISHED_URL, "RELATIVE_URLS": False, "REPO_URL": REPO_URL,
                         "REPO_BRANCH": "main"})
    return output


def test_the_sample_site_has_no_broken_link(sample_site):
    assert [str(b) for b in check_output(sample_site)] == []


def test_the_small_site_has_no_broken_link(small_site):
    assert [str(b) for b in check_output(small_site)] == []


def test_a_published_build_with_absolute_urls_has_no_broken_link(published_small_site):
    index = (published_small_site / "index.html").read_text(encoding="utf-8")
    assert f'href="{PUBLISHED_URL}/doi-thoai/"' in index  # the links really are absolute
    assert [str(b) for b in check_output(published_small_site, PUBLISHED_URL)] == []


def test_a_link_broken_in_a_built_site_is_reported_with_its_page(sample_site, tmp_path):
    """The real output, hard-linked (cheap), with one session page gone and one anchor renamed."""
    copy = tmp_path / "output"
    shutil.copytree(sample_site, copy, copy_function=os.link)
    gone = sorted((copy / "doi-thoai").iterdir())[0]
    shutil.rmtree(gone)
    session_url = f"/doi-thoai/{gone.name}/"
    home = copy / "index.html"
    text = home.read_text(encoding="utf-8")
    home.unlink()  # a new file: the sample build's own copy stays as it was
    home.write_text(text.replace('id="main"', 'id="chinh"', 1), encoding="utf-8")
    broken = check_output(copy)
    assert BrokenLink("index.html", "#main", "no element with id 'main' on index.html") in broken
    assert BrokenLink("doi-thoai/index.html", session_url, "no such file in the output") in broken
    pointing_at_gone = [b for b in broken if gone.name in b.link]
    assert pointing_at_gone and all(b.reason == "no such file in the output" for b in pointing_at_gone)


def test_item_pages_link_to_the_history_of_their_source_files(published_small_site):
    pages = sorted((published_small_site / "noi-dung").glob("*/*/index.html"))
    assert pages
    text = "\n".join(page.read_text(encoding="utf-8") for page in pages)
    assert f'href="{REPO_URL}/commits/main/content/sessions/2018-03-01-tan-ha.yaml"' in text
    assert f'href="{REPO_URL}/commits/main/content/responses/' in text


def test_without_a_repository_there_is_no_history_section(small_site):
    page = next((small_site / "noi-dung").glob("*/*/index.html")).read_text(encoding="utf-8")
    assert 'id="h-history"' not in page and "/commits/" not in page


def test_the_footer_names_the_commit_the_site_was_built_from(sample_site):
    (commit,) = re.findall(r"Bản dựng từ phiên bản ([0-9a-f]{12})(?:-dirty)?\.",
                           (sample_site / "index.html").read_text(encoding="utf-8"))
    # A commit of this repository (HEAD itself in CI; others may have committed since in a shared tree).
    assert subprocess.run(["git", "-C", str(ROOT), "cat-file", "-e", f"{commit}^{{commit}}"]).returncode == 0
    assert build_commit(ROOT)[:12] == subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short=12", "HEAD"], capture_output=True, text=True).stdout.strip()

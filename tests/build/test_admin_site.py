"""The web editor in a built site: /admin/ with its own files only, and the item pages' link
«Trả lời nội dung này» into it, on preview builds only (EDITOR_LINKS), never on the public site
(publishconf.py) nor where npm has not installed the editor."""

from __future__ import annotations

import json
import re
import runpy
import shutil

import pytest

from helpers import FIXTURES, ROOT, build_site, page_text

ITEM_PAGE = "noi-dung/2018-03-01-tan-ha/1-1"
LINK = ('<a class="answer-link" href="/admin/index.html#/collections/tra-loi/new?'
        'item=2018-03-01-tan-ha/1.1&amp;agency=phong-tnmt">Trả lời nội dung này</a>')
ENGLISH_LINK = ('<a class="answer-link" href="/admin/index.html?lang=en#/collections/tra-loi/new?'
                'item=2018-03-01-tan-ha/1.1&amp;agency=phong-tnmt">Answer this item</a>')


@pytest.fixture(scope="module")
def small_with_editor(tmp_path_factory):
    """The small fixture beside the project's node_modules, as a checkout with `npm ci` run."""
    site = tmp_path_factory.mktemp("editor")
    shutil.copytree(FIXTURES / "small" / "content", site / "content")
    (site / "node_modules").symlink_to(ROOT / "node_modules")
    return site


def test_a_preview_build_links_each_item_to_the_editor_and_shows_its_id(small_with_editor, tmp_path):
    output = tmp_path / "output"
    build_site(small_with_editor, output, as_of="2018-07-05")
    html = (output / ITEM_PAGE / "index.html").read_text(encoding="utf-8")
    assert LINK in html
    assert "Mã nội dung: 2018-03-01-tan-ha/1.1 · Trả lời nội dung này" in page_text(output, ITEM_PAGE)
    assert (output / "admin" / "index.html").is_file() and (output / "admin" / "decap-cms.js").is_file()
    # The English page leads to the English editor (the form's script reads ?lang=).
    english = (output / "en" / ITEM_PAGE / "index.html").read_text(encoding="utf-8")
    assert ENGLISH_LINK in english
    assert (output / "admin" / "config.en.yml").is_file() and (output / "admin" / "congkhai.en.json").is_file()


def test_the_public_build_shows_the_id_and_no_editing_link(small_with_editor, tmp_path):
    public = runpy.run_path(str(ROOT / "publishconf.py"))["EDITOR_LINKS"]
    assert public is False
    output = tmp_path / "output"
    build_site(small_with_editor, output, as_of="2018-07-05", settings={"EDITOR_LINKS": public})
    html = (output / ITEM_PAGE / "index.html").read_text(encoding="utf-8")
    assert "Mã nội dung:" in html and "2018-03-01-tan-ha/1.1" in html
    assert "answer-link" not in html and "Trả lời nội dung này" not in html


def test_without_the_editor_installed_there_is_no_admin_and_no_link(small_site):
    assert not (small_site / "admin").exists()
    assert "Trả lời nội dung này" not in (small_site / ITEM_PAGE / "index.html").read_text(encoding="utf-8")


def test_admin_loads_only_its_own_files(sample_site):
    """Every script, style, frame and fetch of /admin/ is a path of this site (no host)."""
    page = (sample_site / "admin" / "index.html").read_text(encoding="utf-8")
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources == ["js-yaml.min.js", "congkhai-admin.js", "decap-cms.js"]
    script = (sample_site / "admin" / "congkhai-admin.js").read_text(encoding="utf-8")
    # The form's data beside the page, and the editing server's checks of a saved file (local mode).
    assert re.findall(r"fetch\(([^)]*)\)", script) == ['"/api/congkhai/problems?" + query, {cache: "no-store"}',
                                                      'file']
    # What `file` is: the form's data, then that of the language chosen, which it names; and
    # Decap's configuration, which the form's data names: files beside the page, no path, no host.
    assert re.findall(r"(?<![.\w])load\(([^)]*)\)", script) == ['file', '"congkhai.json"', 'vietnamese.languages[lang].data']
    names = []
    for data in ("congkhai.json", "congkhai.en.json"):
        form = json.loads((sample_site / "admin" / data).read_text(encoding="utf-8"))
        names += [form["config"], *(language["data"] for language in form["languages"].values())]
    assert sorted(set(names)) == ["config.en.yml", "config.yml", "congkhai.en.json", "congkhai.json"]
    assert all((sample_site / "admin" / name).is_file() for name in names)
    assert not re.search(r"https?://", script)  # what the editor fetches at run time: tests/browser/test_web_editor.py

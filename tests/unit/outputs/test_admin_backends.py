"""The web editor's production backends (settings.CMS_BACKENDS, outputs/admin.py): the keys of
each of Decap's backends checked with an exact message, and the editor's page allowing exactly
the host its backend's API is on, and nothing else; the public build ships /admin/ only with a
production backend (publishconf.py)."""

from __future__ import annotations

import datetime as dt
import html
import re
import runpy

import pytest

from helpers import ROOT
from pelican.plugins.congkhai.content.model import build_content
from pelican.plugins.congkhai.content.reading import read_tree
from pelican.plugins.congkhai.outputs import admin
from pelican.plugins.congkhai.settings import DEFAULTS, SettingsError, resolve
from pelican.plugins.congkhai.site.views import SiteView

GITHUB = {"name": "github", "repo": "so-noi-vu/cong-khai", "branch": "main",
          "base_url": "https://auth.congkhai.example.vn", "auth_endpoint": "auth"}
GITEA = {"name": "gitea", "repo": "xa-ham-tan/cong-khai", "app_id": "3f1c", "branch": "main",
         "api_root": "https://git.hamtan.example.vn/api/v1", "base_url": "https://git.hamtan.example.vn"}
FORGEJO = {"name": "forgejo", "repo": "xa-ham-tan/cong-khai", "app_id": "3f1c",
           "api_root": "https://code.example.vn/api/v1"}


def connect_src(backend: dict) -> list[str]:
    page = admin.index_html({**DEFAULTS, "CMS_BACKEND": backend})
    policy = html.unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page)[1])
    found = {name: values for name, *values in (d.split() for d in policy.split(";"))}
    rest = {name: values for name, *values in (d.split() for d in DEFAULTS["ADMIN_CONTENT_SECURITY_POLICY"].split(";"))}
    assert {k: v for k, v in found.items() if k != "connect-src"} == {k: v for k, v in rest.items() if k != "connect-src"}
    return found["connect-src"]


@pytest.mark.parametrize("backend, expected", [
    (DEFAULTS["CMS_BACKEND"], ["'self'"]),
    (GITHUB, ["'self'", "https://api.github.com"]),  # the OAuth proxy is a pop-up window, not a fetch
    ({**GITHUB, "api_root": "https://github.so.example.vn/api/v3"}, ["'self'", "https://github.so.example.vn"]),
    (GITEA, ["'self'", "https://git.hamtan.example.vn"]),  # API and token on one host, named once
    ({**GITEA, "base_url": "https://sso.example.vn"}, ["'self'", "https://git.hamtan.example.vn", "https://sso.example.vn"]),
    (FORGEJO, ["'self'", "https://code.example.vn"]),
])
def test_the_editor_connects_to_its_own_address_and_exactly_its_backends_host(backend, expected):
    assert connect_src(resolve({"CMS_BACKEND": backend})["CMS_BACKEND"]) == expected


@pytest.mark.parametrize("backend, mode, message", [
    ({"name": "gitlab", "repo": "a/b"}, "simple",
     "setting CMS_BACKEND: not a web editor backend (got {'name': 'gitlab', 'repo': 'a/b'}; expected a dict "
     "whose name is one of: proxy, github, gitea, forgejo)"),
    ({"name": "github", "branch": "main", "token": "x"}, "simple",
     "setting CMS_BACKEND: missing repo; unknown key token for 'github' (expected repo, and any of branch, "
     "base_url, auth_endpoint, api_root)"),
    ({"name": "gitea", "repo": "a/b", "app_id": "1", "api_root": "https://git.example.vn/api/v1"}, "simple",
     "setting CMS_BACKEND: missing base_url for 'gitea' (expected repo, app_id, api_root, base_url, and any "
     "of branch)"),
    ({**GITEA, "api_root": "http://git.example.vn/api/v1"}, "simple",
     "setting CMS_BACKEND.api_root: not an https address (got 'http://git.example.vn/api/v1'; expected e.g. "
     "'https://git.example.vn/api/v1')"),
    ({**GITHUB, "repo": ""}, "simple",
     "setting CMS_BACKEND.repo: not a text (got ''; expected e.g. 'org/repo')"),
    ({"name": "proxy", "proxy_url": "http://10.0.0.5:8081/api/v1"}, "simple",
     "setting CMS_BACKEND.proxy_url: not a path on the site's own address (got 'http://10.0.0.5:8081/api/v1'; "
     "expected '/api/v1': the local backend is reached through `invoke edit` on the same address)"),
    (GITHUB, "review", "setting CMS_PUBLISH_MODE: unknown mode (got 'review'; expected one of: simple, "
     "editorial_workflow)"),
    (GITEA, "editorial_workflow", "setting CMS_PUBLISH_MODE: the gitea backend cannot publish through pull "
     "requests (got 'editorial_workflow' with 'gitea'; expected 'simple', or the forgejo backend, which can)"),
])
def test_a_wrong_backend_setting_is_refused_with_what_to_write(backend, mode, message):
    with pytest.raises(SettingsError) as error:
        resolve({"CMS_BACKEND": backend, "CMS_PUBLISH_MODE": mode})
    assert str(error.value) == message


@pytest.mark.parametrize("backend", [GITHUB, FORGEJO, DEFAULTS["CMS_BACKEND"]])
def test_reviewed_publishing_is_taken_where_the_backend_makes_pull_requests(backend):
    options = resolve({"CMS_BACKEND": backend, "CMS_PUBLISH_MODE": "editorial_workflow"})
    view = SiteView(build_content(read_tree(ROOT / "content")), dt.date(2018, 7, 5), options=options)
    config = admin.config(view, options)
    assert config["publish_mode"] == "editorial_workflow"
    assert config["backend"] == {**backend, "name": f"congkhai-{backend['name']}"}


def test_without_the_web_editor_setting_no_admin_is_built(tmp_path, capsys):
    options = resolve({"WEB_EDITOR": False})
    view = SiteView(build_content(read_tree(ROOT / "content")), dt.date(2018, 7, 5), options=options)
    assert list(admin.files(view, {"PATH": str(ROOT / "content")})) == []
    assert capsys.readouterr().err == ""  # a choice, not a missing install: nothing to say


@pytest.mark.parametrize("backend, shipped", [(None, False), (GITHUB, True), (GITEA, True)])
def test_the_public_build_ships_admin_only_with_a_production_backend(backend, shipped, monkeypatch, tmp_path):
    """publishconf.py reads pelicanconf.py's CMS_BACKEND; the local backend is on no public host."""
    conf = (ROOT / "pelicanconf.py").read_text(encoding="utf-8")
    (tmp_path / "pelicanconf.py").write_text(conf + (f"\nCMS_BACKEND = {backend!r}\n" if backend else ""),
                                             encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(__import__("sys").modules, "pelicanconf", raising=False)
    settings = runpy.run_path(str(ROOT / "publishconf.py"))
    assert settings["WEB_EDITOR"] is shipped
    assert settings["EDITOR_LINKS"] is False

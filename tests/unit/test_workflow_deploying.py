"""docs/deploying.md and its nginx sample agree with the settings, the tasks and the workflow."""

from __future__ import annotations

import re

import yaml

from helpers import ROOT
from pelican.plugins.congkhai.settings import DEFAULTS

DOC = (ROOT / "docs" / "deploying.md").read_text(encoding="utf-8")
NGINX = (ROOT / "docs" / "nginx" / "congkhai.conf").read_text(encoding="utf-8")


def header(name: str) -> str:
    (value,) = re.findall(rf'add_header {name} ("[^"]*"|[^\s"]+) always;', NGINX)
    return value.strip('"')


def map_rules(variable: str) -> list[tuple[str, str]]:
    """(rule, value) of the nginx map that sets $variable, in order."""
    (block,) = re.findall(rf"map \$uri \${variable} \{{(.*?)\n\}}", NGINX, flags=re.S)
    return re.findall(r'^\s*(~\^\S+|default)\s+"([^"]+)";', block, flags=re.M)


def test_nginx_sends_each_paths_content_security_policy_plus_frame_ancestors():
    """The policies of the settings, path by path as the pages' <meta> has them: the wider
    one only for the search page (every language) and Pagefind's files, its worker's among them."""
    from pelican.plugins.congkhai.search.page import BUNDLE, SCRIPT, SEARCH_URL

    assert header("Content-Security-Policy") == "$congkhai_csp"
    rules = map_rules("congkhai_csp")

    def policy(path: str) -> str:
        return next((value for rule, value in rules if rule != "default" and re.match(rule[1:], path)),
                    dict(rules)["default"])

    search = DEFAULTS["SEARCH_CONTENT_SECURITY_POLICY"] + "; frame-ancestors 'none'"
    for path in (f"/{SEARCH_URL}", f"/{SEARCH_URL}index.html", f"/en/{SEARCH_URL}", f"/{BUNDLE}/{SCRIPT}",
                 f"/{BUNDLE}/pagefind-worker.js", f"/{BUNDLE}/2/pagefind-worker.js"):
        assert policy(path) == search, path
    for path in ("/admin/", "/admin/index.html", "/admin/decap-cms.js", "/admin/config.yml"):
        assert policy(path) == DEFAULTS["ADMIN_CONTENT_SECURITY_POLICY"] + "; frame-ancestors 'none'", path
    for path in ("/", "/index.html", "/noi-dung/2018-03-01-tan-ha/1-1/", "/en/doi-thoai/", "/du-lieu/items.csv",
                 "/theme/js/search.js", "/en/admin/"):
        assert policy(path) == DEFAULTS["CONTENT_SECURITY_POLICY"] + "; frame-ancestors 'none'", path


def test_nginx_caches_hashed_search_chunks_for_long_and_html_for_minutes():
    rules = dict(map_rules("congkhai_cache_control"))
    chunks = re.compile(next(rule for rule in rules if "fragment" in rule)[1:])
    assert "immutable" in rules["~" + chunks.pattern]
    for path in ("/pagefind/fragment/vi_1.pf_fragment", "/pagefind/3/index/vi_2.pf_index",
                 "/pagefind/12/filter/vi_3.pf_filter"):  # one bundle, or one of a split index's
        assert chunks.match(path), path
    assert not chunks.match("/pagefind/2/pagefind-entry.json")
    assert "max-age=604800" in rules["~^/theme/"]
    assert "max-age=300" in rules["default"] and "max-age=300" in rules["~^/pagefind/"]
    # One add_header set at server level: a location's add_header would silently drop the others.
    assert "add_header Cache-Control $congkhai_cache_control always;" in NGINX
    assert not re.search(r"location[^{]*\{[^}]*add_header", NGINX)


def test_every_invoke_task_the_guide_names_exists():
    import importlib.util

    from invoke import Collection

    spec = importlib.util.spec_from_file_location("project_tasks", ROOT / "tasks.py")
    tasks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tasks)

    names = set(Collection.from_module(tasks).task_names)
    named = set(re.findall(r"invoke ([a-z][\w-]*)", DOC))
    assert {"ci", "publish", "gh-pages", "linkcheck", "build"} <= named
    assert named <= names, named - names


def test_the_guide_gives_the_workflows_schedule():
    data = yaml.safe_load((ROOT / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8"))
    (schedule,) = data[True]["schedule"]
    minute, hour = schedule["cron"].split()[:2]
    assert f"every day at {int(hour):02d}:{int(minute):02d} UTC" in DOC

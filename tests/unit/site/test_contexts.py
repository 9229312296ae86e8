"""Every template reads only its context's declared fields and the declared globals
(site/contexts.py, site/globals.py): renaming a context field or a global without its
templates fails here instead of serving stale pages from the incremental build."""

from __future__ import annotations

import dataclasses

import pytest
from jinja2 import DictLoader, Environment, FileSystemLoader, nodes

from pelican.plugins.congkhai.site import globals as template_globals
from pelican.plugins.congkhai.site.contexts import CONTEXTS
from tests.helpers import ROOT


FILTERS = ("markdown", "plain", "short_date", "long_date", "number", "upper_first", "search_terms", "vnsort",
           "safe_url")


def environment(loader=None) -> Environment:
    """An environment that parses the theme as the build's does (its filters, by name)."""
    env = Environment(loader=loader or FileSystemLoader(ROOT / "theme" / "templates"),
                      extensions=["jinja2.ext.i18n"])
    env.filters.update({name: str for name in FILTERS})
    return env


def _referenced(ast) -> tuple[set[str], set[str]]:
    """(templates it extends, includes or imports, partials it renders with fragment())."""
    used = {node.template.value for node in ast.find_all((nodes.Extends, nodes.Include, nodes.Import,
                                                           nodes.FromImport))
            if isinstance(node.template, nodes.Const)}
    fragments = {node.args[0].value for node in ast.find_all(nodes.Call)
                 if isinstance(node.node, nodes.Name) and node.node.name == "fragment"
                 and node.args and isinstance(node.args[0], nodes.Const)}
    return used, fragments


def reads(env: Environment, name: str) -> tuple[set[str], set[str], set[str]]:
    """(names the template and everything it uses read from outside, attributes of `content`
    they read, partials they render with fragment())."""
    from jinja2 import meta
    seen, names, defined, content_attributes, fragments, todo = set(), set(), set(), set(), set(), [name]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        ast = env.parse(env.loader.get_source(env, current)[0])
        names |= meta.find_undeclared_variables(ast)
        defined |= _defined(ast)
        content_attributes |= {node.attr for node in ast.find_all(nodes.Getattr)
                               if isinstance(node.node, nodes.Name) and node.node.name == "content"}
        used, rendered = _referenced(ast)
        todo += sorted(used)
        fragments |= rendered
    return names - defined, content_attributes, fragments


def _defined(ast) -> set[str]:
    """Names a template sets for the templates it extends or for its blocks: `{% set %}`,
    imported macros and modules, macros, loop variables (Jinja's analysis counts a name set
    outside a block as undeclared inside it)."""
    found = set()
    for node in ast.find_all((nodes.Assign, nodes.AssignBlock, nodes.For)):
        found |= {n.name for n in node.target.find_all(nodes.Name)} | (
            {node.target.name} if isinstance(node.target, nodes.Name) else set())
    for node in ast.find_all(nodes.FromImport):
        found |= {alias[1] if isinstance(alias, tuple) else alias for alias in node.names}
    found |= {node.target for node in ast.find_all(nodes.Import)}
    found |= {node.name for node in ast.find_all(nodes.Macro)}
    return found


def undeclared(env: Environment, template: str, fields: set[str], site_wide: bool) -> set[str]:
    """What the template reads that its context does not declare (empty: all is well)."""
    names, content_attributes, fragments = reads(env, template)
    allowed = fields | template_globals.SITE_KEY | template_globals.HELPERS | template_globals.TEMPLATE_FLAGS
    if site_wide:
        allowed |= template_globals.SITE_WIDE
    found = {n for n in names - allowed if not n.isupper()}  # upper-case: Pelican settings, in the site key
    if not site_wide:
        found |= {f"content.{a}" for a in content_attributes - template_globals.CONTENT_TABLES}
    for fragment in fragments:  # rendered once per language, then shared by every page
        found |= {f"{fragment}: {n}" for n in undeclared(env, fragment, set(), False)}
    return found


@pytest.mark.parametrize("context", CONTEXTS, ids=lambda c: c.template)
def test_each_template_reads_only_its_context_and_the_declared_globals(context):
    fields = {f.name for f in dataclasses.fields(context)}
    assert undeclared(environment(), context.template + ".html", fields, context.site_wide) == set()


def test_every_theme_page_template_has_a_context():
    templates = {p.stem for p in (ROOT / "theme" / "templates").glob("*.html")} - {"base"}
    assert templates == {context.template for context in CONTEXTS}


@pytest.mark.parametrize("source, fields, site_wide, expected", [
    ("{{ item.text }}", {"item"}, False, set()),
    ("{{ itme.text }}", {"item"}, False, {"itme"}),  # a renamed field
    ("{{ figures.total }}", set(), False, {"figures"}),  # the site's figures on a reused page
    ("{{ figures.total }}", set(), True, set()),
    ("{{ content.agencies[x].name }}", {"x"}, False, set()),  # a reference table: in the site key
    ("{{ content.items[x].text }}", {"x"}, False, {"content.items"}),
    ('{% include "part.html" %}', set(), False, {"view"}),  # through what it includes
    ('{{ fragment("frag.html") }}', set(), False, {"frag.html: item"}),  # a fragment reads no page value
])
def test_the_check_finds_what_a_template_reads_without_declaring_it(source, fields, site_wide, expected):
    env = environment(DictLoader({"page.html": source, "part.html": "{{ view.held }}",
                                  "frag.html": "{{ item }}"}))
    assert undeclared(env, "page.html", fields, site_wide) == expected


def test_the_environment_installs_exactly_the_declared_globals():
    """Every global the build installs is declared (site/globals.py), and every declared one is
    installed: a global added to the environment alone, or renamed, fails here."""
    import datetime as dt
    import gettext

    from pelican.plugins.congkhai.content.model import assemble
    from pelican.plugins.congkhai.site import environment as site_environment
    from pelican.plugins.congkhai.site.views import SiteView

    view = SiteView(assemble([]), dt.date(2018, 7, 5))
    env = environment(DictLoader({}))
    site_environment.prepare(env)
    installed = set(site_environment.site_globals(view, view.options))
    installed |= set(site_environment.language_globals("vi", ["vi", "en"], "", gettext.NullTranslations(),
                                                       lambda name: ""))
    installed |= {"search_data", "search_url"}  # the generator's, from search/
    installed |= {"page_url"}  # given to each page when it is rendered
    installed |= set(env.globals)  # Jinja's own and the i18n extension's (_, gettext, ngettext)
    declared = template_globals.SITE_KEY | template_globals.HELPERS | template_globals.SITE_WIDE
    assert installed - declared == set()
    assert declared - installed == set()

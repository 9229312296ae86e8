"""templating.FastTemplate renders exactly what Jinja's Template renders, for less."""

from __future__ import annotations

import jinja2
import pytest

from pelican.plugins.congkhai.site import templating

TEMPLATES = {
    "macros.html": "{% macro hello(name) %}{{ greeting }}, {{ name }}{{ mark }}{% endmacro %}"
                   "{% macro who() %}{{ lang }}{% endmacro %}",
    "page.html": "{% from 'macros.html' import hello, who %}{{ hello(person) }}|{{ who() }}|{{ site }}",
    "with.html": "{% from 'macros.html' import hello with context %}{{ hello(person) }}",
    "module.html": "{% import 'macros.html' as m %}{{ m.hello(person) }}",
}


def _environment(template_class=None) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.DictLoader(TEMPLATES), autoescape=True)
    if template_class:
        env.template_class = template_class
    env.globals.update(greeting="Xin chào", mark="!", lang="vi", site="Công khai")
    return env


def _render(env, name, template_globals=None, **context):
    return env.get_template(name, globals=template_globals).render(**context)


CASES = [
    ("page.html", None, {"person": "<Đào>"}),
    ("page.html", None, {"person": "An", "greeting": "ignored by a macro imported without context"}),
    ("with.html", None, {"person": "An", "greeting": "Chào"}),
    ("module.html", None, {"person": "An"}),
    # the importer has a global the imported template lacks: Jinja builds a module for it
    ("page.html", {"mark": "?"}, {"person": "An"}),
]


@pytest.mark.parametrize("name, template_globals, context", CASES)
def test_same_output_as_jinja(name, template_globals, context):
    expected = _render(_environment(), name, template_globals, **context)
    assert _render(_environment(templating.FastTemplate), name, template_globals, **context) == expected


def _after_globals_change(template_class) -> list[str]:
    env = _environment(template_class)
    page = env.get_template("page.html")
    first = page.render(person="An")
    env.globals.update(lang="en", site="Open answers")
    return [first, page.render(person="An"), env.get_template("module.html").render(person="An")]


def test_environment_globals_changed_after_loading_read_as_jinja_reads_them():
    """pages.py changes the environment's globals per language after templates are loaded."""
    renders = _after_globals_change(templating.FastTemplate)
    assert renders == _after_globals_change(None)
    assert renders[1].endswith("|Open answers")  # the template reads the globals as they are now


def test_install_sets_the_class_for_templates_loaded_after():
    env = _environment()
    templating.install(env)
    assert isinstance(env.get_template("page.html"), templating.FastTemplate)

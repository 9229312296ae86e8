"""The cheaper template gettext (i18n.template_gettext, i18n.ConstantGettext) gives what
Jinja's own newstyle i18n gives, in the source language and in a translated one."""

from __future__ import annotations

import gettext

import pytest
from jinja2 import Environment, DictLoader

from pelican.plugins.congkhai.site import i18n

TEMPLATES = {
    "plain": "{{ _('Tổng') }}|{{ _('Đã giải quyết') }}",
    "percent": "{{ _('100%% xong') }}",
    "markup": "{{ _('A & <b>B</b>') }}",  # translators' text is trusted: not escaped
    "variables": "{{ _('Nội dung %(no)s', no='<script>') }}",  # variables are escaped
    "set": "{% set t = _('Tổng') %}{{ t|upper }}",
    "tuple": "{% for label, link in [(_('Tổng'), 'a/')] %}{{ label }}={{ link }}{% endfor %}",
    "concat": "{{ _('Tổng') ~ '<' }}",
    "filter": "{{ _('Tổng')|length }}",
    "attribute": "{{ obj._('x') }}",  # a method called `_` is not the gettext global
}


class Catalog(gettext.NullTranslations):
    MESSAGES = {"Tổng": "Total", "Đã giải quyết": "Resolved", "Nội dung %(no)s": "Item %(no)s",
                "100%% xong": "100%% done", "A & <b>B</b>": "A & <b>B</b> (en)"}

    def gettext(self, message):
        return self.MESSAGES.get(message, message)


class Obj:
    @staticmethod
    def _(text):
        return f"method:{text}"


def jinja_reference(translations) -> Environment:
    env = Environment(loader=DictLoader(TEMPLATES), autoescape=True, extensions=["jinja2.ext.i18n"])
    env.install_gettext_translations(translations, newstyle=True)
    return env


def congkhai(translations) -> Environment:
    env = Environment(loader=DictLoader(TEMPLATES), autoescape=True,
                      extensions=["jinja2.ext.i18n", i18n.ConstantGettext])
    env.install_gettext_translations(translations, newstyle=True)
    env.globals["_"] = i18n.template_gettext(translations)
    env.extensions[i18n.ConstantGettext.identifier].use(env.globals["_"], "")
    return env


def keyed(env: Environment, folder, key: str) -> Environment:
    """Compiled templates kept in folder under a language key, as the generator keeps them."""
    extension = env.extensions[i18n.ConstantGettext.identifier]
    extension.use(extension.translate, key)
    env.bytecode_cache = i18n.LanguageBytecodeCache(folder, extension)
    return env


@pytest.mark.parametrize("translations", [gettext.NullTranslations(), Catalog()], ids=["vi", "en"])
@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_same_output_as_jinjas_newstyle_gettext(translations, name):
    context = {"obj": Obj()}
    assert congkhai(translations).get_template(name).render(context) == \
        jinja_reference(translations).get_template(name).render(context)


def test_constant_calls_are_compiled_as_text():
    env = congkhai(Catalog())
    source = env.compile(env.loader.get_source(env, "plain")[0], raw=True)
    assert "Total" in source and "Resolved" in source
    assert "'Tổng'" not in source  # no call left to make at render time
    variables = env.compile(env.loader.get_source(env, "variables")[0], raw=True)
    assert "Nội dung %(no)s" in variables  # a call with variables is still a call


def test_compiled_templates_are_kept_per_language(tmp_path):
    """A template compiled with Vietnamese text must never be loaded for English."""
    env = congkhai(gettext.NullTranslations())
    keyed(env, tmp_path / "templates", "vi:1")
    assert env.get_template("plain").render() == "Tổng|Đã giải quyết"

    english = congkhai(Catalog())
    keyed(english, tmp_path / "templates", "en:1")
    assert english.get_template("plain").render() == "Total|Resolved"
    assert len(list((tmp_path / "templates").iterdir())) == 2

    again = congkhai(gettext.NullTranslations())  # a later build reads the stored code
    keyed(again, tmp_path / "templates", "vi:1")
    assert again.get_template("plain").render() == "Tổng|Đã giải quyết"

"""Two per-render costs of Jinja that a 40,000-page build notices. No Pelican import.

A template's globals are a ChainMap (the template's own over the environment's),
and Jinja reads it twice on every render through Python-level mapping code:
- `new_context` copies it into the render's context: `dict(chainmap, **vars)`
  looks every key up through ChainMap.__getitem__ (43 keys here);
- every `{% from "…" import … %}` without context compares the importing
  context's global names with the imported template's:
  `ctx.globals_keys - template.globals.keys()`, a generic Set difference that
  calls ChainMap.__contains__ once per name.
Measured on item pages: about 900 of 2,700 Python calls per page. The subclass
below computes the same values with dict and set operations. The results are
the same mappings (a ChainMap's first map wins, so the maps are laid over each
other in reverse); tests/unit/site/test_templating.py renders with both classes.
Jinja is pinned (requirements.lock): both methods are private to it.
"""

from __future__ import annotations

from collections import ChainMap

from jinja2 import Template
from jinja2.runtime import new_context


def _flat(mapping):
    """A ChainMap as one dict (the first map wins); any other mapping as it is."""
    if type(mapping) is not ChainMap:
        return mapping
    flat = {}
    for layer in reversed(mapping.maps):
        flat.update(layer)
    return flat


class FastTemplate(Template):
    """Jinja's Template, with its globals read by dict and set operations."""

    def new_context(self, vars=None, shared=False, locals=None):
        return new_context(self.environment, self.name, self.blocks, vars, shared, _flat(self.globals), locals)

    def _get_default_module(self, ctx=None):
        if ctx is not None:
            globals_ = self.globals
            layers = globals_.maps if type(globals_) is ChainMap else (globals_,)
            keys = ctx.globals_keys.difference(*layers)
            if keys:  # names the importer has and this template has not: Jinja builds a module for them
                return self.make_module({k: ctx.parent[k] for k in keys})
        if self._module is None:
            self._module = self.make_module()
        return self._module


def install(env) -> None:
    """Templates loaded from now on use FastTemplate, if this Jinja has the method it overrides."""
    if hasattr(Template, "_get_default_module"):
        env.template_class = FastTemplate

"""The template globals, declared: every name a template may read besides its context's fields.

Pure data. The generator installs exactly these names (a test holds it to this table),
and a test parses every template: a name outside its context's fields and this table fails.
The kinds say what a reused page may rely on:
- SITE_KEY: the same for every page of a build, and covered by the site key (the day, the
  settings, the reference tables of `content`, the language): a change renders every page;
- HELPERS: functions whose result depends only on their arguments and the site key;
- SITE_WIDE: the whole site (every status, every figure): only a context that says
  `site_wide` may read them, and its pages are rendered on every build.
`content` is both: its reference tables (agencies, topics, communes) are in the site key,
anything else of it (items, sessions, responses) is site-wide.
"""

from __future__ import annotations

SITE_KEY = frozenset({
    "as_of", "options", "content", "lang", "LANGUAGES", "LANGUAGE_NAMES", "page_url", "search_url",
    "STATE_LABELS", "STATES", "FORWARDED", "AUDIENCES", "HANDLINGS", "OUTCOMES", "AGENCY_LEVELS",
    "SUPERVISION_BODIES", "BODY_KINDS", "REPORT_CYCLES", "SITE_ISSUER", "SITE_HEADING",
})
HELPERS = frozenset({
    "_", "gettext", "ngettext", "pgettext", "npgettext", "url", "language_url", "fragment", "percent", "item_url", "answer_collection", "session_url",
    "group_url", "status_url", "report_url", "body_url", "body_items_url", "body_report_url", "report_issuer", "history_url", "qr_code", "search_data", "status_of", "supervisor",
    "session_of", "session_figures", "range", "dict", "lipsum", "cycler", "joiner", "namespace",
})
SITE_WIDE = frozenset({"view", "figures"})
CONTENT_TABLES = frozenset({"agencies", "topics", "communes", "bodies"})  # what of `content` is in the site key
# Set by a page template for base.html to read (`{% set printable = true %}`); false elsewhere.
TEMPLATE_FLAGS = frozenset({"printable", "searchable"})

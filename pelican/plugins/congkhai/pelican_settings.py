"""The Pelican settings every Công khai site sets, whatever it publishes: the plugin, Pelican's
own readers and blog pages out of the way, Jinja's i18n. A site's pelicanconf.py imports them
(`from pelican.plugins.congkhai.pelican_settings import *`) and adds its names and Công khai's
settings (settings.py); `invoke new-site` writes such a file.

Pure data: imports nothing of the plugin.
"""

import logging

__all__ = ["PATH", "TIMEZONE", "DEFAULT_LANG", "PLUGINS", "LOG_FILTER", "ARTICLE_PATHS", "PAGE_PATHS",
           "STATIC_PATHS", "DIRECT_TEMPLATES", "FEED_ALL_ATOM", "CATEGORY_FEED_ATOM", "TRANSLATION_FEED_ATOM",
           "AUTHOR_FEED_ATOM", "AUTHOR_FEED_RSS", "JINJA_ENVIRONMENT"]

PATH = "content"
TIMEZONE = "Asia/Ho_Chi_Minh"
DEFAULT_LANG = "vi"

PLUGINS = ["congkhai"]

# Pelican's reStructuredText reader (unused here) warns that docutils has no
# Vietnamese; with --fatal warnings that harmless notice would stop the build.
LOG_FILTER = [(logging.WARN, "Docutils has no localization for '%s'. Using 'en' instead.")]

# Công khai reads content/ itself: Pelican's article and page readers and its
# blog pages (index, tags, archives) stay out of the way.
ARTICLE_PATHS = []
PAGE_PATHS = []
STATIC_PATHS = []
DIRECT_TEMPLATES = []
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

JINJA_ENVIRONMENT = {
    "trim_blocks": True,
    "lstrip_blocks": True,
    "extensions": ["jinja2.ext.i18n"],
}

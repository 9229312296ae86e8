"""Settings for the published site: absolute URLs, output deleted first."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F401,F403

# Absolute URLs everywhere (feeds, sitemap, canonical links need them). The GitHub
# workflow sets SITEURL to the Pages address; set it for any other host.
SITEURL = os.environ.get("SITEURL", "https://congkhai.example.vn")
RELATIVE_URLS = False
# A publish build starts from an empty folder: no page of an older build survives.
DELETE_OUTPUT_DIRECTORY = True
# Feeds: Công khai's Atom feeds (site, each topic, agency and commune) are always
# written; Pelican's own blog feeds stay off, as there are no articles.

# Item pages link to the history of their files in the public repository; the
# workflow sets REPO_URL (e.g. https://github.com/ORG/REPO) and REPO_BRANCH.
REPO_URL = os.environ.get("REPO_URL", globals().get("REPO_URL", ""))
REPO_BRANCH = os.environ.get("REPO_BRANCH", globals().get("REPO_BRANCH", "main"))

# The public site shows no editing link: editors open /admin/ on the preview or their own checkout.
EDITOR_LINKS = False

# The public site carries the web editor (/admin/) only with a production backend (GitHub, a
# Gitea or Forgejo, docs/editing-web.md): the local backend of `invoke edit` lives on the clerk's
# own computer, so on the public site /admin/ would sign in to nothing.
WEB_EDITOR = globals().get("CMS_BACKEND", {}).get("name", "proxy") != "proxy"

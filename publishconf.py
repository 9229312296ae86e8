"""Settings for the published site: absolute URLs, output deleted first."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F401,F403

SITEURL = os.environ.get("SITEURL", "https://congkhai.example.vn")
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True

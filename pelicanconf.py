"""Settings for previewing the sample site (Hàm Tân). Công khai's own settings
and their help are listed in pelican/plugins/congkhai/settings.py and docs/settings.md."""

AUTHOR = "Văn phòng HĐND và UBND huyện Hàm Tân"
SITENAME = "Công khai trả lời ý kiến đối thoại"
SITEURL = ""
THEME = "theme"

# What every Công khai site sets for Pelican: the plugin, no blog pages, Jinja's i18n.
from pelican.plugins.congkhai.pelican_settings import *  # noqa: E402,F401,F403

# --- Công khai ---
# The province publishes the site (a site without bodies.yaml, of one body, names DISTRICT_NAME).
SITE_BODY = "tinh-lam-dong"
DISTRICT_NAME = "huyện Hàm Tân"
PROVINCE_NAME = "tỉnh Bình Thuận"
# Item pages link to the web editor (/admin/) with the item chosen; publishconf.py turns it off.
EDITOR_LINKS = True
AS_OF = None  # today in Asia/Ho_Chi_Minh; `invoke build --as-of 2018-07-05` for a past day

# Provenance: the commit shown in the footer and data files; item pages link to
# their files' history when REPO_URL is set (publishconf.py takes it from the environment).
import os  # noqa: E402

from pelican.plugins.congkhai.build.provenance import build_commit  # noqa: E402

BUILD_COMMIT = build_commit(os.path.dirname(os.path.abspath(__file__)))
REPORTS = [
    # The district's report of July 2018: sessions from 12/2015 to 6/2018.
    {"as_of": "2018-07-05", "start": "2015-12-01", "end": "2018-06-30"},
]
SAMPLE_NOTICE = (
    "Dữ liệu minh họa: các buổi đối thoại, ý kiến và câu trả lời trên trang này được dựng "
    "theo số liệu tổng hợp huyện Hàm Tân công bố tháng 7/2018; việc bàn giao và các buổi đối "
    "thoại của tỉnh, xã từ tháng 7/2025 cũng là minh họa, không phải hồ sơ thật."
)

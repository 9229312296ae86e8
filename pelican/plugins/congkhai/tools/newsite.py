"""`invoke new-site`: a site of one body, ready to fill in and build.

A commune, a ward or a province that publishes its own dialogues alone needs no bodies.yaml:
the files written here are the ones such a site keeps (its reference tables, empty session
and response folders, its settings), every one passing the checks as written, and a
`congkhai` script that runs this checkout's tasks on the new folder (CONGKHAI_SITE). The kind
of body and its agency's level are read from its name («xã Sơn Mỹ») through the contract's
tables (content/rules.py); the topics are those the sample uses, which follow the offices'
usual headings.

Never imported by the build; writes nothing itself (tasks.py writes what it returns).
"""

from __future__ import annotations

import shlex
from pathlib import Path

from ..content import rules
from ..vietnamese import nfc, slugify

# A body's kind -> the level of its people's committee in agencies.yaml.
KIND_LEVELS = {"tinh": "province", "thanh-pho": "province", "xa": "commune", "phuong": "commune",
               "dac-khu": "commune", "huyen": "district", "thi-xa": "district", "thanh-pho-thuoc-tinh": "district"}


class SiteError(Exception):
    """What stops the scaffold, said plainly in Vietnamese and English."""


# The word an official name starts with, by kind (rules.BODY_KINDS): «thành phố Huế» is a city under
# the centre since the district level ended on 1/7/2025, when cities within provinces ceased.
NAME_WORDS = {"tinh": "tỉnh", "thanh-pho": "thành phố", "xa": "xã", "phuong": "phường", "dac-khu": "đặc khu",
              "huyen": "huyện", "thi-xa": "thị xã"}


def kind_of(name: str) -> tuple[str, str]:
    """(kind, the place's own name) of «xã Sơn Mỹ»: the kind word the name starts with."""
    words = nfc(name).strip()
    for kind, word in NAME_WORDS.items():
        if words.lower().startswith(word + " "):
            return kind, words[len(word) + 1:].strip()
    kinds = ", ".join(f"«{word} …»" for word in NAME_WORDS.values())
    raise SiteError(f"tên đơn vị phải bắt đầu bằng loại đơn vị ({kinds}) / the name must start with the kind of "
                    f"body, e.g. «xã Sơn Mỹ» (got {name!r})")


def _yaml_text(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def scaffold(name: str, province: str, checkout: Path, topics_file: Path) -> dict[str, str]:
    """Relative path -> text of every file of the new site."""
    name, province = nfc(name).strip(), nfc(province).strip()
    kind, place = kind_of(name)
    if not province and kind not in ("tinh", "thanh-pho"):
        raise SiteError("cần tên tỉnh, thành phố mà đơn vị trực thuộc (--province «tỉnh Lâm Đồng») / the province "
                        "the body belongs to is needed (--province)")
    sentence_name = name[:1].lower() + name[1:]  # «xã Sơn Mỹ», as inside a sentence
    title_name = name[:1].upper() + name[1:]
    slug = slugify(place)
    topics = topics_file.read_text(encoding="utf-8").split("topics:", 1)[1]
    return {
        "pelicanconf.py": f'''"""Settings of the site of {sentence_name}. Công khai's settings and their help: docs/settings.md
of the Công khai checkout this site was made with ({checkout})."""

import os

from pelican.plugins.congkhai.build.provenance import build_commit
from pelican.plugins.congkhai.pelican_settings import *  # noqa: F401,F403

AUTHOR = {_yaml_text("Văn phòng " + ("UBND " if kind in ("tinh", "thanh-pho") else "HĐND và UBND ") + sentence_name)}
SITENAME = "Công khai trả lời ý kiến đối thoại"
SITEURL = ""
THEME = {str(checkout / "theme")!r}  # the theme of the Công khai checkout

DISTRICT_NAME = {_yaml_text(sentence_name)}  # the body, as inside a sentence
PROVINCE_NAME = {_yaml_text(province)}
AS_OF = None  # today in Asia/Ho_Chi_Minh
BUILD_COMMIT = build_commit(os.path.dirname(os.path.abspath(__file__)))
REPORTS = []  # e.g. {{"as_of": "2026-12-31", "start": "2026-01-01", "end": "2026-12-14"}}
''',
        "publishconf.py": '''"""Settings for the published site: absolute URLs, output deleted first."""

import os
import sys

sys.path.append(os.path.dirname(os.path.abspath(__file__)))
from pelicanconf import *  # noqa: E402,F401,F403

SITEURL = os.environ.get("SITEURL", "")
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
REPO_URL = os.environ.get("REPO_URL", "")
REPO_BRANCH = os.environ.get("REPO_BRANCH", "main")
''',
        "congkhai": f'''#!/bin/sh
# The tasks of the Công khai checkout ({checkout}), run on this site: ./congkhai build, ./congkhai new-session …
CONGKHAI_SITE="$(cd "$(dirname "$0")" && pwd)" exec {shlex.quote(str(checkout / ".venv" / "bin" / "invoke"))} \\
  -r {shlex.quote(str(checkout))} "$@"
''',
        ".gitignore": "/output/\n/output.*/\n/cache/\n/.build.lock\n__pycache__/\n",
        "content/data/topics.yaml": "# Các lĩnh vực; sửa, thêm theo thực tế của đơn vị (mã không đổi sau khi công bố).\n"
                                    "topics:" + topics,
        "content/data/agencies.yaml": f'''# Các cơ quan giải quyết; thêm các phòng, ban, đơn vị khi giao việc cho họ.
agencies:
  - id: ubnd-{slug}
    name: UBND {sentence_name}
    level: {KIND_LEVELS[kind]}
''',
        "content/data/communes.yaml": f'''# Nơi người dân nêu ý kiến: {sentence_name}; thêm thôn, khu phố hoặc xã cũ nếu cần theo dõi riêng.
communes:
  - id: {slug}
    name: {title_name}
''',
        "content/sessions/.gitkeep": "",
        "content/responses/.gitkeep": "",
        "README.md": f'''# Công khai trả lời ý kiến đối thoại: {sentence_name}

Trang của {sentence_name} ({province}), tạo bằng `invoke new-site`. Mỗi buổi đối thoại là một
tệp trong `content/sessions/`, mỗi câu trả lời một tệp trong `content/responses/`.

```sh
./congkhai new-session --commune {slug}   # thêm một buổi đối thoại, rồi điền các giá trị trống
./congkhai new-response --item-id …       # trả lời một nội dung
./congkhai validate                       # kiểm tra: mọi lỗi kèm tệp, dòng và cách sửa
./congkhai build                          # dựng trang vào output/
./congkhai serve                          # xem thử tại http://localhost:8000
```

Hướng dẫn: `docs/editing.md` trong bản Công khai ({checkout}).
''',
    }

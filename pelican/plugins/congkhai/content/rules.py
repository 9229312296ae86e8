"""The content contract, declared once as data.

Validation, the model, the JSON Schemas and the docs all read these tables,
so a key or an allowed value is added in one place only. What each kind of
value accepts, and how it is described, is in kinds.py.

Pure data: imports only kinds.py and reading.py (where the files are) of content/.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from .kinds import (
    CODE,
    DATE,
    ID,
    ID_PATTERN,  # noqa: F401  (the contract names its id pattern; declared with the Id kind)
    MARKDOWN,
    TEXT,
    TEXT_LIST,
    WHOLE_NUMBER,
    BlockList,
    Kind,
)
from .reading import (  # noqa: F401  (what reading refuses first: the contract names it, reading declares it)
    MAX_CHARACTER_PROBLEMS,
    MAX_FILE_BYTES,
    MAX_YAML_DEPTH,
    MAX_YAML_VALUES,
    OPTIONAL_DATA_KINDS,
    REFUSED_CHARACTERS,
)
from .reading import SECTIONS as _SECTIONS

AUDIENCES = {
    "nhan-dan": "Nhân dân",
    "can-bo-y-te-giao-duc": "Cán bộ, công chức, viên chức ngành y tế, giáo dục",
    "mat-tran-doan-the": "Cán bộ Mặt trận, đoàn thể",
    "chuc-sac-ton-giao-dan-toc": "Chức sắc tôn giáo, dân tộc, người tiêu biểu",
    "doanh-nghiep": "Doanh nghiệp",
    "khac": "Đối tượng khác",
}

HANDLINGS = {
    "answered": "Trả lời tại buổi đối thoại",
    "assigned": "Giao cơ quan giải quyết",
    "forwarded": "Kiến nghị cấp trên",
}

OUTCOMES = {
    "resolved": "Đã giải quyết xong",
    "in-progress": "Đang giải quyết",
    "forwarded": "Đã chuyển cấp trên",
}

AGENCY_LEVELS = {
    "district": "Cấp huyện",
    "province": "Cấp tỉnh",
    "commune": "Cấp xã",
    "other": "Khác",
}


# Kinds of bodies (đơn vị hành chính) that hold dialogues or held them: provinces and
# communes since 1 July 2025 (Law 72/2025/QH15), districts before it.
BODY_KINDS = {
    "tinh": "Tỉnh",
    "thanh-pho": "Thành phố trực thuộc trung ương",
    "xa": "Xã",
    "phuong": "Phường",
    "dac-khu": "Đặc khu",
    "huyen": "Huyện",
    "thi-xa": "Thị xã",
    "thanh-pho-thuoc-tinh": "Thành phố thuộc tỉnh",
}


@dataclass(frozen=True)
class Field:
    """One key of a content file.

    kind checks and describes its value (kinds.py); a list of blocks names
    the fields of its blocks (BlockList(OPINION_FIELDS)).
    ref names the table an id must exist in (topic, agency, commune).
    help is what the clerk reads about the key, in Vietnamese; help_en says the same in English
    for the English web editor and the developers' docs.
    was names the key's earlier names and the contract version that renamed it: the checks
    refuse an old name with the new one, and `invoke migrate` (tools/migrate.py) renames it.
    """

    name: str
    kind: Kind
    required: bool = True
    choices: tuple[str, ...] = ()
    ref: str = ""
    help: str = ""
    help_en: str = ""
    was: tuple[Renamed, ...] = ()


@dataclass(frozen=True)
class Renamed:
    """An earlier name of a key, and the contract version whose files use the new one."""

    name: str
    version: int
    why: str


# The version of the contract these tables describe. Version 2 numbers opinions and items
# with `stt`: YAML 1.1 readers (PyYAML's safe_load among them) read an unquoted `no:` as the
# boolean false, so a third party's script saw {False: 1}.
# Version 3 puts the responses to a session in the folder of its body, as the session is:
# content/responses/<body>/<session>/<file>.md, so that the web editor lists one body's responses
# without reading every other body's (each body's collection is its own folder).
CONTRACT_VERSION = 3
_NO = Renamed("no", 2, "YAML 1.1 reads an unquoted `no` as false")


@dataclass(frozen=True)
class Moved:
    """An earlier place of a kind of file, and the contract version whose files are in the new one:
    the checks refuse a file in the old place, naming the new, and `invoke migrate` moves it there."""

    kind: str
    old: str
    new: str
    version: int
    why: str


MOVED = (
    Moved("response", "content/responses/<session>/<file>.md", "content/responses/<body>/<session>/<file>.md", 3,
          "the web editor lists one body's responses from its own folder"),
)


AGENCY_FIELDS = (
    Field("id", ID, help="Mã cơ quan, chữ thường không dấu, ví dụ `phong-tnmt`.",
          help_en="The agency's code, in lower case without accents, for example `phong-tnmt`."),
    Field("name", TEXT, help="Tên đầy đủ của cơ quan.", help_en="The agency's full name."),
    Field("level", TEXT, choices=tuple(AGENCY_LEVELS), help="Cấp của cơ quan.", help_en="The agency's level."),
    Field("body", TEXT, required=False, ref="body", help="Đơn vị hành chính mà cơ quan thuộc về (mã trong `bodies.yaml`).",
          help_en="The administrative unit the agency belongs to (its code in `bodies.yaml`)."),
    Field("from", DATE, required=False, help="Ngày cơ quan bắt đầu hoạt động, nếu biết.",
          help_en="The day the agency began its work, if known."),
    Field("until", DATE, required=False, help="Ngày cuối cùng cơ quan hoạt động (đã giải thể hoặc sáp nhập).",
          help_en="The agency's last working day (dissolved or merged)."),
)
TOPIC_FIELDS = (
    Field("id", ID, help="Mã lĩnh vực, ví dụ `dat-dai`.", help_en="The topic's code, for example `dat-dai`."),
    Field("name", TEXT, help="Tên lĩnh vực.", help_en="The topic's name."),
)
COMMUNE_FIELDS = (
    Field("id", ID, help="Mã xã, thị trấn, ví dụ `tan-ha`.",
          help_en="The commune's or township's code, for example `tan-ha`."),
    Field("name", TEXT, help="Tên xã, thị trấn.", help_en="The commune's or township's name."),
    Field("successors", TEXT_LIST, required=False, ref="body",
          help="Đơn vị hành chính mới mà địa bàn này thuộc về sau khi sắp xếp (mã trong `bodies.yaml`); "
               "nhiều mã khi địa bàn được chia cho nhiều đơn vị.",
          help_en="The new administrative units this area belongs to after the reorganisation (their codes in "
                  "`bodies.yaml`); several codes when the area was divided among several units."),
)
SUCCESSOR_FIELDS = (
    Field("body", TEXT, ref="body", help="Đơn vị kế thừa (mã trong `bodies.yaml`).",
          help_en="The successor unit (its code in `bodies.yaml`)."),
    Field("note", TEXT, required=False, help="Phần được chuyển giao, khi chỉ một phần, ví dụ «xã Tân Lập cũ».",
          help_en="The part handed over, when only a part is, for example «xã Tân Lập cũ»."),
    Field("act", TEXT, required=False, help="Văn bản quy định việc sắp xếp, ví dụ «Nghị quyết số 1671/NQ-UBTVQH15».",
          help_en="The act that ordered the reorganisation, for example «Nghị quyết số 1671/NQ-UBTVQH15»."),
)
BODY_FIELDS = (
    Field("id", ID, help="Mã đơn vị dùng trong trang, chữ thường không dấu, ví dụ `xa-ham-tan`.",
          help_en="The unit's code used on the site, in lower case without accents, for example `xa-ham-tan`."),
    Field("name", TEXT, help="Tên chính thức, chữ đầu viết thường theo cách dùng trong câu, ví dụ «xã Hàm Tân».",
          help_en="The official name, with a small first letter as it is written within a sentence, for example «xã Hàm Tân»."),
    Field("kind", TEXT, choices=tuple(BODY_KINDS), help="Loại đơn vị hành chính.",
          help_en="The kind of administrative unit."),
    Field("code", CODE, required=False, help="Mã đơn vị hành chính theo danh mục của Nhà nước, ví dụ `\"23236\"`.",
          help_en="The unit's code in the State's list of administrative units, for example `\"23236\"`."),
    Field("parent", TEXT, required=False, ref="body", help="Đơn vị cấp trên (mã trong tệp này), ví dụ `tinh-lam-dong`.",
          help_en="The unit above it (its code in this file), for example `tinh-lam-dong`."),
    Field("from", DATE, required=False, help="Ngày đơn vị bắt đầu tồn tại; để trống nếu có từ trước.",
          help_en="The day the unit came into being; leave it empty if it existed before."),
    Field("until", DATE, required=False, help="Ngày cuối cùng đơn vị tồn tại (trước khi bị giải thể hoặc sáp nhập).",
          help_en="The unit's last day (before it was dissolved or merged)."),
    Field("act", TEXT, required=False, help="Văn bản thành lập đơn vị, ví dụ «Nghị quyết số 202/2025/QH15».",
          help_en="The act that established the unit, for example «Nghị quyết số 202/2025/QH15»."),
    Field("successors", BlockList(SUCCESSOR_FIELDS), required=False,
          help="Các đơn vị kế thừa khi đơn vị này không còn.",
                help_en="The units that take over when this unit ends."),
    Field("editors", TEXT_LIST, required=False,
          help="Người hoặc nhóm biên tập của đơn vị trên kho mã, ví dụ `@to-chuc/bien-tap-xa-ham-tan`: "
               "họ duyệt mọi thay đổi trong thư mục của đơn vị (.github/CODEOWNERS).",
          help_en="The unit's editors, people or teams, on the code host, for example "
                  "`@to-chuc/bien-tap-xa-ham-tan`: they review every change in the unit's folder (.github/CODEOWNERS)."),
)
# An editor of a body, as a forge names people and teams: @user or @organisation/team.
EDITOR_PATTERN = r"^@[A-Za-z0-9][A-Za-z0-9._-]*(?:/[A-Za-z0-9][A-Za-z0-9._-]*)?$"

# content/data/<file>.yaml -> (top-level key, fields of each entry)
DATA_FILES = {
    "agencies": ("agencies", AGENCY_FIELDS),
    "topics": ("topics", TOPIC_FIELDS),
    "communes": ("communes", COMMUNE_FIELDS),
    "bodies": ("bodies", BODY_FIELDS),
}
# Data files a site may leave out: a site of one body needs no bodies.yaml.
OPTIONAL_DATA_FILES = OPTIONAL_DATA_KINDS
# A field's `ref` -> the data file whose ids it names (content/data/<file>.yaml).
REF_TABLES = {"topic": "topics", "agency": "agencies", "commune": "communes", "body": "bodies"}
# Fields that say when something existed: `from` is not after `until`.
LIFESPAN = ("from", "until")

# The per-file marker of the privacy guard (privacy.py): a reason, written by
# the editor, why a number or address in this file may be published.
PRIVACY_REVIEWED_HELP = ("Lý do được công bố số điện thoại, địa chỉ… trong tệp này (đã kiểm tra "
                         "theo Nghị định 13/2023/NĐ-CP); tệp có khóa này không bị quét dữ liệu cá nhân.")
PRIVACY_REVIEWED_HELP_EN = ("Why the phone numbers, addresses… in this file may be published (checked under «"
                            "Nghị định 13/2023/NĐ-CP»); a file with this key is not scanned for personal data.")

# Innermost first: a list of blocks names the fields of its blocks.
ITEM_FIELDS = (
    Field("stt", WHOLE_NUMBER, help="Số thứ tự nội dung, không trùng trong ý kiến.",
          help_en="The item's number, not repeated within the opinion.", was=(_NO,)),
    Field("topic", TEXT, ref="topic", help="Mã lĩnh vực.", help_en="The topic's code."),
    Field("text", MARKDOWN, help="Nội dung ý kiến, kiến nghị.", help_en="What the citizen raised or proposed."),
    Field("handling", TEXT, choices=tuple(HANDLINGS), help="Cách xử lý.", help_en="How it was handled."),
    Field("agency", TEXT, required=False, ref="agency", help="Cơ quan giải quyết; bắt buộc trừ khi trả lời tại chỗ.",
          help_en="The agency that deals with it; required unless it was answered at the session."),
    Field("due", DATE, required=False, help="Hạn trả lời; bắt buộc khi giao hoặc chuyển cấp trên.",
          help_en="The deadline for the answer; required when assigned or forwarded to a higher level."),
    Field("answer", MARKDOWN, required=False, help="Nội dung trả lời tại chỗ; bắt buộc khi `handling: answered`.",
          help_en="The answer given at the session; required with `handling: answered`."),
)
OPINION_FIELDS = (
    Field("stt", WHOLE_NUMBER, help="Số thứ tự ý kiến, không trùng trong buổi.",
          help_en="The opinion's number, not repeated within the session.", was=(_NO,)),
    Field("speaker", TEXT, help="Người nêu, ví dụ «Cử tri thôn 3»; không ghi thông tin cá nhân.",
          help_en="Who raised it, for example «Cử tri thôn 3»; no personal details."),
    Field("items", BlockList(ITEM_FIELDS), help="Các nội dung của ý kiến.", help_en="The items of the opinion."),
)
SESSION_FIELDS = (
    Field("title", TEXT, help="Tên buổi đối thoại.", help_en="The session's title."),
    Field("date", DATE, help="Ngày đối thoại, dạng ISO `YYYY-MM-DD`.",
          help_en="The day of the session, as an ISO date `YYYY-MM-DD`."),
    Field("place", TEXT, help="Địa điểm.", help_en="The place."),
    Field("commune", TEXT, required=False, ref="commune", help="Mã xã, thị trấn nơi đối thoại.",
          help_en="The code of the commune or township where the session was held."),
    Field("body", TEXT, required=False, ref="body",
          help="Đơn vị tổ chức buổi đối thoại (mã trong `bodies.yaml`); bỏ trống ở trang chỉ có một đơn vị.",
                help_en="The unit that held the session (its code in `bodies.yaml`); left empty on a site of one unit."),
    Field("basis", TEXT_LIST, required=False,
          help="Căn cứ tổ chức đối thoại, ví dụ «Quy định số 11-QĐi/TW», «Kết luận số 215-KL/TW».",
                help_en="The rules the session was held under, for example «Quy định số 11-QĐi/TW», «Kết luận số 215-KL/TW»."),
    Field("audience", TEXT, choices=tuple(AUDIENCES), help="Đối tượng đối thoại.",
          help_en="Who the session was with."),
    Field("chairs", TEXT_LIST, help="Chức danh người chủ trì (không ghi tên riêng nếu không cần).",
          help_en="The positions of those who chaired it (no names unless needed)."),
    Field("attendance", WHOLE_NUMBER, help="Số lượt người tham dự.", help_en="How many people attended."),
    Field("summary", MARKDOWN, required=False, help="Tóm tắt (Markdown).", help_en="A summary (Markdown)."),
    Field("opinions", BlockList(OPINION_FIELDS), help="Danh sách ý kiến.", help_en="The opinions raised."),
    Field("privacy_reviewed", TEXT, required=False, help=PRIVACY_REVIEWED_HELP, help_en=PRIVACY_REVIEWED_HELP_EN),
)
RESPONSE_FIELDS = (
    Field("item", TEXT, help="Mã nội dung được trả lời, ví dụ `2018-06-12-tan-ha/3.2`.",
          help_en="The id of the item answered, for example `2018-06-12-tan-ha/3.2`."),
    Field("date", DATE, help="Ngày trả lời.", help_en="The day of the answer."),
    Field("agency", TEXT, ref="agency", help="Cơ quan trả lời.", help_en="The agency that answers."),
    Field("outcome", TEXT, choices=tuple(OUTCOMES), help="Kết quả.", help_en="The outcome."),
    Field("document", TEXT, required=False, help="Văn bản trả lời, ví dụ «Công văn số 512/UBND-TNMT ngày 05/7/2018».",
          help_en="The letter of the answer, for example «Công văn số 512/UBND-TNMT ngày 05/7/2018»."),
    Field("extended_due", DATE, required=False, help="Hạn trả lời mới khi được gia hạn; sau hạn cũ, kèm `reason`.",
          help_en="The new deadline when it is extended; after the old one, with a `reason`."),
    Field("reason", TEXT, required=False, help="Lý do gia hạn; bắt buộc khi có `extended_due`.",
          help_en="Why the deadline was extended; required with `extended_due`."),
    Field("privacy_reviewed", TEXT, required=False, help=PRIVACY_REVIEWED_HELP, help_en=PRIVACY_REVIEWED_HELP_EN),
)

# Which handlings need which keys (beyond the always-required ones).
HANDLING_REQUIRES = {
    "answered": ("answer",),
    "assigned": ("agency", "due"),
    "forwarded": ("agency", "due"),
}

# Supervision records, content/supervision/<id>.md: who supervised. HĐND and Mặt trận are
# named with the body whose they are (`of`, else the site's own body): «Hội đồng nhân dân
# xã Hàm Tân»; SUPERVISION_OF_BODY are the ones named so.
SUPERVISION_BODIES = {
    "hdnd": "Hội đồng nhân dân",
    "mat-tran": "Ủy ban Mặt trận Tổ quốc Việt Nam",
    "other": "Cơ quan, tổ chức khác",
}
SUPERVISION_OF_BODY = frozenset({"hdnd", "mat-tran"})
SUPERVISION_FIELDS = (
    Field("title", TEXT, help="Tên đợt giám sát, ví dụ «Giám sát việc giải quyết kiến nghị về đất đai».",
          help_en="The title of the supervision, for example «Giám sát việc giải quyết kiến nghị về đất đai»."),
    Field("date", DATE, help="Ngày kết luận giám sát.", help_en="The day of the supervision's findings."),
    Field("body", TEXT, choices=tuple(SUPERVISION_BODIES), help="Cơ quan giám sát.", help_en="The supervising body."),
    Field("of", TEXT, required=False, ref="body",
          help="HĐND hoặc Mặt trận của đơn vị nào (mã trong `bodies.yaml`), ví dụ `xa-ham-tan`; bỏ trống là "
               "đơn vị chính của trang.",
          help_en="Whose People's Council or Fatherland Front it is (the unit's code in `bodies.yaml`), for example "
                  "`xa-ham-tan`; left empty, the site's own unit."),
    Field("items", TEXT_LIST, required=False, help="Mã các nội dung được giám sát; cần `items` hoặc `agencies`.",
          help_en="The ids of the items supervised; `items` or `agencies` is needed."),
    Field("agencies", TEXT_LIST, required=False, ref="agency",
          help="Mã các cơ quan được giám sát; cần `items` hoặc `agencies`.",
          help_en="The codes of the agencies supervised; `items` or `agencies` is needed."),
    Field("document", TEXT, required=False, help="Văn bản kết luận, ví dụ «Báo cáo số 45/BC-HĐND».",
          help_en="The document of the findings, for example «Báo cáo số 45/BC-HĐND»."),
)

# Handovers, content/handovers/<id>.yaml: a body's outstanding items passed to others on a day.
# A rule names where its items go and the agency now answerable for them, and chooses its
# items by one of HANDOVER_SELECTORS; an item chosen by several rules follows the first
# selector in this order (an item named alone, then its agency, then its commune).
HANDOVER_SELECTORS = ("items", "agencies", "communes")
HANDOVER_RULE_FIELDS = (
    Field("to", TEXT, ref="body", help="Đơn vị tiếp nhận (mã trong `bodies.yaml`).",
          help_en="The unit that takes over (its code in `bodies.yaml`)."),
    Field("agency", TEXT, ref="agency", help="Cơ quan của đơn vị tiếp nhận chịu trách nhiệm giải quyết.",
          help_en="The agency of the unit taking over that now deals with them."),
    Field("items", TEXT_LIST, required=False, help="Mã các nội dung được chuyển giao theo từng nội dung.",
          help_en="The ids of the items handed over one by one."),
    Field("agencies", TEXT_LIST, required=False, ref="agency",
          help="Chuyển giao các nội dung của những cơ quan này (cơ quan cũ).",
                help_en="Hand over the items of these agencies (the former agencies)."),
    Field("communes", TEXT_LIST, required=False, ref="commune",
          help="Chuyển giao các nội dung nêu tại những xã, thị trấn này.",
                help_en="Hand over the items raised in these communes or townships."),
)
HANDOVER_FIELDS = (
    Field("title", TEXT, help="Tên việc bàn giao, ví dụ «Bàn giao nội dung còn tồn của huyện Hàm Tân».",
          help_en="The title of the handover, for example «Bàn giao nội dung còn tồn của huyện Hàm Tân»."),
    Field("from", TEXT, ref="body", help="Đơn vị bàn giao (mã trong `bodies.yaml`).",
          help_en="The unit that hands over (its code in `bodies.yaml`)."),
    Field("date", DATE, help="Ngày đơn vị tiếp nhận bắt đầu chịu trách nhiệm.",
          help_en="The day the unit taking over becomes answerable."),
    Field("document", TEXT, required=False, help="Văn bản bàn giao, ví dụ «Quyết định số 1234/QĐ-UBND ngày 28/6/2025».",
          help_en="The act of the handover, for example «Quyết định số 1234/QĐ-UBND ngày 28/6/2025»."),
    Field("rules", BlockList(HANDOVER_RULE_FIELDS), help="Nội dung nào chuyển cho đơn vị nào.",
          help_en="Which items go to which unit."),
)

# Keys a setting may fill in when left out: `due` of assigned and forwarded
# items comes from DEFAULT_DUE when that setting is given.
DEFAULTED_BY_SETTING = {"due": "DEFAULT_DUE"}

# How large one session may be: the sample's largest has 15 opinions and 27 items, a long
# dialogue of a province a few hundred. Beyond these a session's page is too long to read
# and its file too long to review; it is split into two files (two sessions of the same day).
MAX_OPINIONS_PER_SESSION = 250
MAX_ITEMS_PER_SESSION = 500

# What a placeholder holds where only the editor knows the words.
BLANK = "…"


@dataclass(frozen=True)
class Placeholder:
    """What the skeletons (tools/skeletons.py) write for a key only the editor can fill in,
    and the checks refuse until it is filled in: an empty value, or a text with a BLANK for
    each part to write ({day}: the file's day, as the skeleton writes it, d/m/yyyy)."""

    key: str
    text: str = ""

    def written(self, day: dt.date | None = None) -> str:
        """The value as the skeleton writes it into YAML."""
        if not self.text:
            return '""'
        text = self.text.replace("{day}", f"{day.day:02d}/{day.month}/{day.year}" if day else BLANK)
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    def left_in(self, value) -> bool:
        """Does value still hold this placeholder, or one of its blanks («…», "...", or nothing)?"""
        if not isinstance(value, str):
            return False
        if not self.text:  # most placeholders, and checked for nearly every value: no pattern
            return not value.strip()
        match = _placeholder_pattern(self.text).fullmatch(value.strip())
        return match is not None and any(part.strip() in ("", BLANK, "...") for part in match.groups())


@lru_cache(maxsize=None)
def _placeholder_pattern(text: str) -> re.Pattern:
    """The placeholder's fixed words, with a group for each blank; the day may be any."""
    pieces = [re.escape(piece).replace(re.escape("{day}"), ".*?") for piece in text.split(BLANK)]
    return re.compile("(.*?)".join(pieces) if len(pieces) > 1 else "(.*)", re.DOTALL)


# Every placeholder the skeletons write, by the key it stands for in whichever block holds it:
# new-session's blanks of a session, its opinion and its item (its summary commented out), and
# new-response's document (commented out) and agency, when the item names none.
PLACEHOLDERS = (
    Placeholder("place"),
    Placeholder("attendance"),
    Placeholder("summary", BLANK),
    Placeholder("speaker"),
    Placeholder("topic"),
    Placeholder("text"),
    Placeholder("agency"),
    Placeholder("due"),
    Placeholder("document", f"Công văn số {BLANK}/UBND-{BLANK} ngày {{day}}"),
)
PLACEHOLDER_OF = {placeholder.key: placeholder for placeholder in PLACEHOLDERS}


# What a problem's field is called in Vietnamese: the fields of each kind of file, from the
# folder it is in (reading.SECTIONS) or its name under data/; and the parts of a file that are
# no key (reading's and validation's names for them).
FILE_FIELDS = {"session": SESSION_FIELDS, "response": RESPONSE_FIELDS, "supervision": SUPERVISION_FIELDS,
               "handover": HANDOVER_FIELDS,
               **{name: (Field(key, BlockList(fields)),) for name, (key, fields) in DATA_FILES.items()}}
PART_LABELS = {"(answer)": "Nội dung câu trả lời", "(findings)": "Nội dung kết luận giám sát", "(file)": "Cả tệp",
               "(yaml)": "Cách viết YAML", "(front matter)": "Phần đầu tệp", "(top level)": "Cả tệp",
               "(file name)": "Tên tệp", "(folder name)": "Tên thư mục", "(folder)": "Thư mục"}
_HELP_ENDS = re.compile(r";|\. |\.$|, ví dụ|, dạng| \(")


def field_label(path: str, field: str) -> str:
    """The Vietnamese name of a problem's field in the file at path ("content/sessions/x.yaml"),
    from the contract's help: "opinions[1].items[2].answer" of a session is «Nội dung trả lời
    tại chỗ»; "" when the contract names no such field."""
    if field in PART_LABELS:
        return PART_LABELS[field]
    parts = path.split("/")
    folder = parts[-2] if len(parts) > 1 else ""
    kind = next((kind for sub, _suffixes, kind in _SECTIONS if sub in parts[:-1]), "")
    if folder == "data":
        kind = parts[-1].rsplit(".", 1)[0]
    fields, found = FILE_FIELDS.get(kind, ()), None
    for name in field.split("."):
        found = next((f for f in fields if f.name == name.split("[")[0]), None)
        if found is None:
            return ""
        fields = found.kind.fields if isinstance(found.kind, BlockList) else ()
    return _HELP_ENDS.split(found.help, 1)[0] if found else ""

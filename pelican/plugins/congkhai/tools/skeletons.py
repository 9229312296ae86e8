"""Skeletons of new content files, for `invoke new-session` and `invoke new-response`.

A command-line tool: never imported by the build. What can be known is filled in (today's date, the ids, the
next free numbers, the item's agency); what only the editor can write
(the citizen's words, the answer) is left blank, so `invoke validate` points
at each blank until it is written and nothing invented is ever published.
The blanks are rules.PLACEHOLDERS, which the checks refuse: what is written here
and what is refused there cannot drift apart. Each key carries its help from
rules.py as a comment.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from ..content import rules
from ..content.model import item_id, session_folder
from ..content.reading import RESPONSE_DIR, SESSION_DIR, Document

_ITEM_ID = re.compile(r"^(?P<session>[a-z0-9]+(?:-[a-z0-9]+)*)/(?P<opinion>\d+)\.(?P<item>\d+)$")


class SkeletonError(ValueError):
    """A skeleton cannot be written: the message says why and what to do."""


def _help(fields, name: str) -> str:
    return next(f.help for f in fields if f.name == name)


def _line(key: str, value: str, fields, indent: str = "") -> str:
    return f"{indent}{key}: {value}  # {_help(fields, key)}\n"


def _blank(key: str, day: dt.date | None = None) -> str:
    """The placeholder of a key, as written (rules.PLACEHOLDERS; the checks refuse it until filled in)."""
    return rules.PLACEHOLDER_OF[key].written(day)


def _schema_line(kind: str, depth: int) -> str:
    return f"# yaml-language-server: $schema={'../' * depth}schemas/{kind}.schema.json\n"


# Who chairs a body's dialogues (Quy định 11-QĐi/TW as amended by Kết luận 215-KL/TW, 2025): the
# head of its Party committee and of its People's Committee; the district's for a site of one body.
CHAIRS = {"tinh": ("Bí thư Tỉnh ủy", "Chủ tịch UBND tỉnh"), "thanh-pho": ("Bí thư Thành ủy", "Chủ tịch UBND thành phố"),
          "xa": ("Bí thư Đảng ủy xã", "Chủ tịch UBND xã"), "phuong": ("Bí thư Đảng ủy phường", "Chủ tịch UBND phường"),
          "dac-khu": ("Bí thư Đảng ủy đặc khu", "Chủ tịch UBND đặc khu")}
DISTRICT_CHAIRS = ("Bí thư Huyện ủy", "Chủ tịch UBND huyện")
BASIS = ("Quy định số 11-QĐi/TW", "Kết luận số 215-KL/TW")  # since 23/11/2025


def session_skeleton(day: dt.date, commune: str, commune_name: str, audience: str, body=None) -> str:
    """A session file: its header filled, one opinion with one item to write; `body` (a model Body)
    names who holds it, its chairs and its legal basis."""
    s, o, i = rules.SESSION_FIELDS, rules.OPINION_FIELDS, rules.ITEM_FIELDS
    where = commune_name[:1].lower() + commune_name[1:]  # "Xã Tân Hà" -> "xã Tân Hà" mid-sentence
    place = f"Hội trường UBND {where}" if where else _blank("place")
    chairs = CHAIRS.get(body.kind, DISTRICT_CHAIRS) if body is not None else DISTRICT_CHAIRS
    held_by = [_line("body", body.id, s), "basis:  # " + _help(s, "basis") + "\n"
               + "".join(f"  - {act}\n" for act in BASIS)] if body is not None else []
    return "".join([
        _schema_line("session", 3 if body is not None else 2),
        _line("title", f"Đối thoại với {rules.AUDIENCES[audience].lower()} {where}".rstrip(), s),
        _line("date", day.isoformat(), s),
        _line("place", place, s),
        _line("commune", commune, s) if commune else "",
        *held_by,
        _line("audience", audience, s),
        "chairs:  # " + _help(s, "chairs") + "\n" + "".join(f"  - {chair}\n" for chair in chairs),
        _line("attendance", _blank("attendance"), s),
        "# " + _line("summary", _blank("summary"), s),
        "opinions:  # " + _help(s, "opinions") + "\n",
        "  - stt: 1  # " + _help(o, "stt") + "\n",
        _line("speaker", _blank("speaker"), o, "    "),
        "    items:  # " + _help(o, "items") + "\n",
        "      - stt: 1  # " + _help(i, "stt") + "\n",
        _line("topic", _blank("topic"), i, "        "),
        _line("text", _blank("text"), i, "        "),
        _line("handling", "assigned", i, "        "),
        _line("agency", _blank("agency"), i, "        "),
        _line("due", _blank("due"), i, "        "),
    ])


def new_session(content_dir: Path, day: dt.date, commune: str, communes: dict[str, str],
                audience: str, body=None) -> tuple[Path, str]:
    """(path to write, text) of a new session held on `day`, named `<day>-<commune or audience>`;
    with a body (a model Body), in its folder, content/sessions/<body>/."""
    if body is not None and not body.exists_on(day):
        raise SkeletonError(f"{body.name} không hoạt động vào ngày {day.isoformat()}; chọn đơn vị kế nhiệm hoặc ngày "
                            f"khác / {body.name} does not exist on {day.isoformat()} (it exists "
                            f"{body.start or '…'} to {body.end or '…'}; expected one of its successors or another day)")
    if commune and commune not in communes:
        raise SkeletonError(f"không có xã, phường {commune!r} trong content/data/communes.yaml; ghi một mã có sẵn / "
                            f"unknown commune {commune!r} (expected one of: {', '.join(sorted(communes))})")
    if audience not in rules.AUDIENCES:
        raise SkeletonError(f"không có đối tượng {audience!r}; ghi một trong các mã sau «expected» / "
                            f"unknown audience {audience!r} (expected one of: {', '.join(rules.AUDIENCES)})")
    session_id = f"{day.isoformat()}-{commune or (body.id if body is not None else audience)}"
    folder = content_dir / SESSION_DIR / (body.id if body is not None else "")
    path = folder / f"{session_id}.yaml"
    number = 2
    while path.exists() or path.with_suffix(".yml").exists():  # two sessions on one day in one commune
        path = folder / f"{session_id}-{number}.yaml"
        number += 1
    return path, session_skeleton(day, commune, communes.get(commune, ""), audience, body)


def find_item(documents: list[Document], wanted: str):
    """The session document and raw item block of an item id, or SkeletonError."""
    match = _ITEM_ID.match(wanted)
    if not match:
        raise SkeletonError(f"{wanted!r} không phải mã nội dung; ghi <mã buổi>/<số ý kiến>.<số nội dung>, ví dụ "
                            f"2018-06-12-tan-ha/3.2 / not an item id (got {wanted!r}; expected <session id>/<opinion no>.<item no>, "
                            "for example 2018-06-12-tan-ha/3.2)")
    for doc in documents:
        if doc.kind != "session" or doc.stem != match["session"] or doc.data is None:
            continue
        for opinion in doc.data.get("opinions") or []:
            for item in opinion.get("items") or []:
                if item_id(doc.stem, opinion.get("stt"), item.get("stt")) == wanted:
                    return doc, item
        raise SkeletonError(f"buổi {doc.stem} không có nội dung {match['opinion']}.{match['item']}; xem lại số ý kiến và "
                            f"số nội dung trong {doc.path} / session {doc.stem} has no item {match['opinion']}.{match['item']} "
                            f"(see {doc.path})")
    raise SkeletonError(f"không có buổi đối thoại {match['session']!r}; xem lại mã buổi (tên tệp trong "
                        f"content/sessions/) / no session {match['session']!r} (expected a file content/sessions/"
                        f"{match['session']}.yaml)")


def response_skeleton(wanted: str, day: dt.date, agency: str, depth: int) -> str:
    """depth: how many folders down from the project the file is (content/responses/<body>/<session>/)."""
    r = rules.RESPONSE_FIELDS
    return "".join([
        "---\n",
        _schema_line("response", depth),  # for editors that check front matter (see docs/editing.md)
        _line("item", f'"{wanted}"', r),
        _line("date", day.isoformat(), r),
        _line("agency", agency or _blank("agency"), r),
        _line("outcome", "in-progress", r).replace("  #", "  # resolved | in-progress | forwarded;", 1),
        f"# document: {_blank('document', day)}\n",
        "---\n",
        "\n",
    ])


def new_response(content_dir: Path, documents: list[Document], wanted: str,
                 day: dt.date) -> tuple[Path, str]:
    """(path to write, text) of the next response to an item: `<body>/<session>/<op>.<item>-<n>.md`, in
    the folder of its session's body (model.response_place), a handed-over item's too."""
    doc, item = find_item(documents, wanted)
    session, number = wanted.split("/")
    folder = content_dir / RESPONSE_DIR / session_folder(doc.path) / session
    taken = [int(m.group(1)) for p in folder.glob(f"{number}-*.*")
             if (m := re.fullmatch(re.escape(number) + r"-(\d+)\.(?:md|markdown)", p.name))]
    path = folder / f"{number}-{max(taken, default=0) + 1}.md"
    depth = len(path.relative_to(content_dir.parent).parts) - 1
    return path, response_skeleton(wanted, day, item.get("agency") or "", depth)


def communes_of(documents: list[Document]) -> dict[str, str]:
    """Commune id -> name, from content/data/communes.yaml as read."""
    for doc in documents:
        if doc.kind == "communes" and doc.data:
            return {e["id"]: e["name"] for e in doc.data.get("communes") or []
                    if isinstance(e, dict) and isinstance(e.get("id"), str)}
    return {}

"""Open data: items, sessions and responses as CSV and JSON, and a ZIP of it all.

Pure: no Pelican. The columns of every table are declared once, below, as
data: the CSV header, the JSON field list, the /du-lieu/ page and
docs/open-data.md all read them, so a column is added in one place only.
Rows hold the state as of AS_OF, exactly as the pages show it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from . import markup, rules, serialise, status
from .settings import DEFAULTS
from .views import SiteView, item_url, session_url

DATA_DIR = "du-lieu"  # the open data page and its files live under /du-lieu/
ZIP_NAME = "cong-khai-du-lieu.zip"
# A fixed ZIP entry time: the archive's bytes depend on the data only, so two
# builds of the same content give the same file (and the same checksum).
ZIP_TIME = (2015, 12, 1, 0, 0, 0)

# Types as documented for users of the data (JSON: null where CSV has "").
TYPES = {
    "string": "chuỗi ký tự (UTF-8)",
    "date": "ngày, dạng ISO YYYY-MM-DD",
    "integer": "số nguyên",
    "boolean": "true/false (CSV: 1/0)",
    "url": "địa chỉ trang (URL)",
}


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # a key of TYPES
    help: str  # Vietnamese: shown on /du-lieu/


ITEM_COLUMNS = (
    Column("id", "string", "Mã nội dung: <mã buổi đối thoại>/<số ý kiến>.<số nội dung>."),
    Column("session", "string", "Mã buổi đối thoại."),
    Column("date", "date", "Ngày đối thoại (ngày nêu ý kiến)."),
    Column("commune", "string", "Mã xã, thị trấn nơi đối thoại (rỗng nếu cấp huyện)."),
    Column("commune_name", "string", "Tên xã, thị trấn."),
    Column("topic", "string", "Mã lĩnh vực."),
    Column("topic_name", "string", "Tên lĩnh vực."),
    Column("agency", "string", "Mã cơ quan giải quyết (rỗng nếu trả lời tại chỗ)."),
    Column("agency_name", "string", "Tên cơ quan giải quyết."),
    Column("handling", "string", "Cách xử lý: " + ", ".join(rules.HANDLINGS) + "."),
    Column("status", "string", "Tình trạng tính đến ngày số liệu: " + ", ".join(status.STATES) + "."),
    Column("forwarded_to", "string", "Mã cơ quan cấp trên đã nhận, nếu đã chuyển."),
    Column("due", "date", "Hạn trả lời (rỗng nếu trả lời tại chỗ)."),
    Column("resolved_date", "date", "Ngày giải quyết xong (rỗng nếu còn tồn)."),
    Column("days_to_resolve", "integer", "Số ngày từ buổi đối thoại đến khi giải quyết xong."),
    Column("days_late", "integer", "Số ngày quá hạn (0 nếu không quá hạn)."),
    Column("text", "string", "Nội dung ý kiến, kiến nghị (văn bản thuần)."),
    Column("latest_answer", "string", "Câu trả lời gần nhất (văn bản thuần)."),
    Column("url", "url", "Trang của nội dung."),
)
SESSION_COLUMNS = (
    Column("id", "string", "Mã buổi đối thoại."),
    Column("date", "date", "Ngày đối thoại."),
    Column("announced", "boolean", "Buổi đối thoại sắp tới (sau ngày số liệu), chưa tính vào số liệu."),
    Column("title", "string", "Tên buổi đối thoại."),
    Column("place", "string", "Địa điểm."),
    Column("commune", "string", "Mã xã, thị trấn (rỗng nếu cấp huyện)."),
    Column("commune_name", "string", "Tên xã, thị trấn."),
    Column("audience", "string", "Đối tượng: " + ", ".join(rules.AUDIENCES) + "."),
    Column("attendance", "integer", "Số lượt người tham dự."),
    Column("opinions", "integer", "Số ý kiến."),
    Column("items", "integer", "Số nội dung."),
    Column("resolved", "integer", "Số nội dung đã giải quyết."),
    Column("not_yet_due", "integer", "Số nội dung còn tồn, chưa tới hạn."),
    Column("overdue", "integer", "Số nội dung quá hạn."),
    Column("url", "url", "Trang của buổi đối thoại."),
)
RESPONSE_COLUMNS = (
    Column("id", "string", "Mã câu trả lời (đường dẫn tệp trong content/responses)."),
    Column("item", "string", "Mã nội dung được trả lời."),
    Column("date", "date", "Ngày trả lời."),
    Column("agency", "string", "Mã cơ quan trả lời."),
    Column("agency_name", "string", "Tên cơ quan trả lời."),
    Column("outcome", "string", "Kết quả: " + ", ".join(rules.OUTCOMES) + "."),
    Column("document", "string", "Văn bản trả lời."),
    Column("text", "string", "Nội dung trả lời (văn bản thuần)."),
    Column("url", "url", "Trang của nội dung được trả lời."),
)
TABLES = {"items": ITEM_COLUMNS, "sessions": SESSION_COLUMNS, "responses": RESPONSE_COLUMNS}


def _name(table: dict, key: str) -> str:
    return table[key].name if key in table else ""


def item_rows(view: SiteView, siteurl: str = "") -> list[dict]:
    """One row per item held by AS_OF, in session order."""
    content, rows = view.content, []
    for item in view.items:
        session, state = view.session_of(item), view.status_of(item)
        resolved = state.resolved_on if state.state == status.RESOLVED else None
        rows.append({
            "id": item.id, "session": session.id, "date": session.date,
            "commune": session.commune, "commune_name": _name(content.communes, session.commune),
            "topic": item.topic, "topic_name": _name(content.topics, item.topic),
            "agency": item.agency, "agency_name": _name(content.agencies, item.agency),
            "handling": item.handling, "status": state.state, "forwarded_to": state.forwarded_to,
            "due": item.due, "resolved_date": resolved,
            "days_to_resolve": (resolved - session.date).days if resolved else None,
            "days_late": state.days_late,
            "text": markup.plain(item.text), "latest_answer": latest_answer(item, state),
            "url": siteurl + "/" + item_url(item),
        })
    return rows


def latest_answer(item, state: status.ItemStatus) -> str:
    """The latest counted response, else the answer given on the spot (plain text)."""
    return markup.plain(state.latest.body if state.latest else item.answer)


def session_rows(view: SiteView, siteurl: str = "") -> list[dict]:
    """Every session, held or announced, by date."""
    rows = []
    for session in view.content.sessions:
        announced = session.date > view.as_of
        figures = view.session_figures(session)
        rows.append({
            "id": session.id, "date": session.date, "announced": announced,
            "title": session.title, "place": session.place, "commune": session.commune,
            "commune_name": _name(view.content.communes, session.commune),
            "audience": session.audience, "attendance": session.attendance,
            "opinions": len(session.opinions), "items": len(session.items),
            "resolved": figures.resolved, "not_yet_due": figures.not_yet_due,
            "overdue": figures.overdue, "url": siteurl + "/" + session_url(session),
        })
    return rows


def response_rows(view: SiteView, siteurl: str = "") -> list[dict]:
    agencies, items = view.content.agencies, view.content.items
    return [{
        "id": r.id, "item": r.item_id, "date": r.date, "agency": r.agency,
        "agency_name": _name(agencies, r.agency), "outcome": r.outcome, "document": r.document,
        "text": markup.plain(r.body), "url": siteurl + "/" + item_url(items[r.item_id]),
    } for r in view.counted_responses()]


ROWS: dict[str, Callable[[SiteView, str], list[dict]]] = {
    "items": item_rows, "sessions": session_rows, "responses": response_rows,
}


def _json_value(value):
    return value.isoformat() if isinstance(value, dt.date) else value


def _csv_value(value) -> str:
    if type(value) is str:  # most cells: checked first
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    return _json_value(value) if isinstance(value, dt.date) else str(value)


def to_csv(columns: tuple[Column, ...], rows: list[dict]) -> bytes:
    """UTF-8 with a BOM (so Excel reads Vietnamese right), CRLF rows, header first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.name for c in columns])
    names = [c.name for c in columns]
    writer.writerows([_csv_value(row[name]) for name in names] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def to_json(table: str, columns: tuple[Column, ...], rows: list[dict], meta: dict) -> bytes:
    """{"as_of", "license", "fields": [...], "<table>": [rows]}; keys in column order.

    The bytes of json.dumps(document, ensure_ascii=False, indent=1), written row by row
    (serialise.py): json.dumps with an indent runs in pure Python."""
    names = [c.name for c in columns]
    fields = [serialise.json_object(2, (("name", c.name), ("type", c.type), ("description", c.help)))
              for c in columns]
    date = dt.date
    entries = serialise.json_records(2, names, ([value.isoformat() if isinstance(value, date) else value
                                                  for value in map(row.__getitem__, names)] for row in rows))
    members = [f"{serialise.json_value(key)}: {serialise.json_value(value)}" for key, value in meta.items()
               if key not in ("fields", table)]
    members += [f'"fields": {serialise.json_array(1, fields)}',
                f"{serialise.json_value(table)}: {serialise.json_array(1, entries)}"]
    return ("{\n " + ",\n ".join(members) + "\n}\n").encode("utf-8")


def meta(view: SiteView, settings: dict) -> dict:
    """What every JSON file says about itself: the day its data stands at, the commit
    of the content it was built from (so any figure can be traced and rebuilt), and its licence."""
    return {"as_of": view.as_of.isoformat(),
            "commit": settings.get("BUILD_COMMIT") or "",
            "license": settings.get("DATA_LICENSE", DEFAULTS["DATA_LICENSE"]),
            "license_url": settings.get("DATA_LICENSE_URL", DEFAULTS["DATA_LICENSE_URL"])}


def table_files(view: SiteView, settings: dict) -> list[tuple[str, bytes]]:
    """items/sessions/responses, each as .csv and .json."""
    siteurl, info, files = settings.get("SITEURL", ""), meta(view, settings), []
    for table, columns in TABLES.items():
        rows = ROWS[table](view, siteurl)
        files.append((f"{DATA_DIR}/{table}.csv", to_csv(columns, rows)))
        files.append((f"{DATA_DIR}/{table}.json", to_json(table, columns, rows, info)))
    return files


def zip_files(files: list[tuple[str, bytes]]) -> bytes:
    """A ZIP of the given files with fixed times and order: reproducible bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, data in sorted(files):
            info = zipfile.ZipInfo(path.removeprefix(DATA_DIR + "/"), date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def schema_dir() -> Path:
    """The repository's schemas/ folder (the plugin is installed editable from the repo)."""
    return Path(__file__).resolve().parents[3] / "schemas"


def schema_files(folder: Path | None = None) -> list[tuple[str, bytes]]:
    """The JSON Schemas of the content files, published under /du-lieu/schemas/."""
    folder = folder or schema_dir()
    if not folder.is_dir():
        return []
    return [(f"{DATA_DIR}/schemas/{path.name}", path.read_bytes())
            for path in sorted(folder.glob("*.schema.json"))]

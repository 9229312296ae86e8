"""The Frictionless Data Package descriptor of the open data's CSV files, /du-lieu/datapackage.json
(beside them and inside the ZIP), so harvesters read their types, keys, licence and source.

Imports outputs/exports.py and settings; never Pelican. It is made from exports.TABLES, the same
columns the CSV files are written from. Written to the Data Package and Table Schema
specifications (specs.frictionlessdata.io, v1): a tabular-data-package whose resources are the
three CSV files, each with its dialect, encoding, fields, primary key and the foreign keys that
join them; a boolean column is written 1/0 (trueValues, falseValues), an empty cell is null
(missingValues). A test validates the built descriptor and its files with `frictionless validate`.
"""

from __future__ import annotations

import json

from ..settings import DEFAULTS
from . import exports

PATH = f"{exports.DATA_DIR}/datapackage.json"
NAME = "cong-khai"
# exports.TYPES -> a Table Schema field's type (and format).
FIELD_TYPES = {"string": {"type": "string"}, "date": {"type": "date"}, "integer": {"type": "integer"},
               "boolean": {"type": "boolean", "trueValues": ["1"], "falseValues": ["0"]},
               "url": {"type": "string"}}
PRIMARY_KEYS = {"items": "id", "sessions": "id", "responses": "id"}
FOREIGN_KEYS = {"items": [("session", "sessions", "id")], "responses": [("item", "items", "id")]}
TITLES = {"items": "Nội dung ý kiến, kiến nghị", "sessions": "Buổi đối thoại", "responses": "Câu trả lời"}
# Licence names as the Open Definition lists them, for the licences a site is likely to choose.
LICENSE_IDS = {"CC BY 4.0": "CC-BY-4.0", "CC BY-SA 4.0": "CC-BY-SA-4.0", "CC0 1.0": "CC0-1.0", "ODC-BY 1.0": "ODC-BY-1.0"}


def _field(column: exports.Column, absolute: bool) -> dict:
    field = {"name": column.name, **FIELD_TYPES[column.type], "description": column.help}
    if column.type == "url" and absolute:
        field["format"] = "uri"
    return field


def _resource(table: str, columns, absolute: bool) -> dict:
    schema = {"fields": [_field(c, absolute) for c in columns], "missingValues": [""],
              "primaryKey": [PRIMARY_KEYS[table]]}
    if table in FOREIGN_KEYS:
        schema["foreignKeys"] = [{"fields": [own], "reference": {"resource": other, "fields": [key]}}
                                 for own, other, key in FOREIGN_KEYS[table]]
    return {"name": table, "title": TITLES[table], "path": f"{table}.csv", "profile": "tabular-data-resource",
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "quoteChar": '"', "doubleQuote": True,
                        "header": True},
            "schema": schema}


def descriptor(view, settings: dict) -> bytes:
    """datapackage.json, its paths relative to the folder it is in (as in the ZIP)."""
    siteurl = settings.get("SITEURL") or ""
    licence = settings.get("DATA_LICENSE", DEFAULTS["DATA_LICENSE"])
    package = {
        "profile": "tabular-data-package",
        "name": NAME,
        "title": settings.get("SITENAME") or "Công khai",
        "description": "Ý kiến, kiến nghị của nhân dân tại các buổi đối thoại, cơ quan giải quyết, thời hạn và "
                       f"câu trả lời, tính đến ngày {view.as_of.isoformat()}. Trong tệp CSV, ô chữ bắt đầu bằng "
                       "=, +, -, @, ', tab hoặc dấu xuống dòng có thêm dấu ' ở trước (để bảng tính không đọc "
                       "thành công thức): bỏ dấu ' đầu tiên để có giá trị gốc.",
        "version": view.as_of.isoformat(),
        "created": f"{view.as_of.isoformat()}T00:00:00Z",
        "licenses": [{"name": LICENSE_IDS.get(licence, licence), "title": licence,
                      "path": settings.get("DATA_LICENSE_URL", DEFAULTS["DATA_LICENSE_URL"])}],
        "sources": [{"title": settings.get("SITENAME") or "Công khai",
                     **({"path": siteurl + "/"} if siteurl else {})}],
        "resources": [_resource(table, columns, siteurl.startswith(("http://", "https://")))
                      for table, columns in exports.TABLES.items()],
    }
    return (json.dumps(package, ensure_ascii=False, indent=1) + "\n").encode("utf-8")

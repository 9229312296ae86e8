"""The open data page /du-lieu/ and the files it offers.

Imports content/, domain/, site/ and build/; never Pelican. CATALOGUE lists every published data file once: the page
reads it to describe the files, the file family below writes them, and a
test checks that the two agree.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Iterator

from ..build import rowcache
from ..build.families import Streamed
from ..site.contexts import Data
from ..site.pages import Page, page
from ..site.views import SiteView
from . import datapackage, exports, office, open311, supervisors, tracking
from .exports import DATA_DIR, Column
from .feeds import SITE_FEED
from .ical import CALENDAR_PATH
from .seo import ROBOTS_PATH, SITEMAP_PATH

DATA_PAGE = f"{DATA_DIR}/"


@dataclass(frozen=True)
class DataFile:
    path: str  # relative to the site root
    format: str
    title: str  # Vietnamese, shown on /du-lieu/
    columns: tuple[Column, ...] = ()


def _open311_columns(fields: tuple[str, ...]) -> tuple[Column, ...]:
    return tuple(Column(name, OPEN311_TYPES.get(name, "string"), OPEN311_HELP.get(name, ""))
                 for name in fields)


# What each GeoReport v2 field holds here (the spec names them; these say how we fill them).
OPEN311_HELP = {
    "service_request_id": "Mã nội dung.",
    "status": "open (còn tồn) hoặc closed (đã giải quyết).",
    "status_notes": "Câu trả lời gần nhất, hoặc tình trạng.",
    "service_name": "Tên lĩnh vực.",
    "service_code": "Mã lĩnh vực.",
    "description": "Nội dung ý kiến, kiến nghị.",
    "agency_responsible": "Cơ quan giải quyết (cơ quan cấp trên nếu đã chuyển).",
    "service_notice": "Cách xử lý.",
    "requested_datetime": "Ngày đối thoại, 00:00 giờ Việt Nam (+07:00).",
    "updated_datetime": "Ngày trả lời gần nhất (+07:00).",
    "expected_datetime": "Hạn trả lời (+07:00), rỗng nếu trả lời tại chỗ.",
    "address": "Xã, thị trấn hoặc địa điểm đối thoại.",
    "address_id": "Mã xã, thị trấn.",
    "zipcode": "Không dùng (rỗng).",
    "lat": "Không có tọa độ (rỗng).",
    "long": "Không có tọa độ (rỗng).",
    "media_url": "Không dùng (rỗng).",
    "metadata": "false: không có trường bổ sung.",
    "type": "batch.",
    "keywords": "Không dùng (rỗng).",
    "group": "Không dùng (rỗng).",
}
OPEN311_TYPES = {"requested_datetime": "datetime", "updated_datetime": "datetime",
                 "expected_datetime": "datetime", "lat": "number", "long": "number",
                 "metadata": "boolean"}


def _tables() -> list[DataFile]:
    names = {"items": "Các nội dung", "sessions": "Các buổi đối thoại", "responses": "Các câu trả lời"}
    return [DataFile(f"{DATA_DIR}/{table}.{fmt}", fmt.upper(), names[table], columns)
            for table, columns in exports.TABLES.items() for fmt in ("csv", "json")]


CATALOGUE = (
    *_tables(),
    DataFile(f"{open311.OPEN311_DIR}/requests.json", "Open311 JSON", "Yêu cầu (Open311 GeoReport v2)",
             _open311_columns(open311.REQUEST_FIELDS)),
    DataFile(f"{open311.OPEN311_DIR}/requests.xml", "Open311 XML", "Yêu cầu (Open311 GeoReport v2)",
             _open311_columns(open311.REQUEST_FIELDS)),
    DataFile(f"{open311.OPEN311_DIR}/services.json", "Open311 JSON", "Dịch vụ = lĩnh vực (Open311)",
             _open311_columns(open311.SERVICE_FIELDS)),
    DataFile(f"{open311.OPEN311_DIR}/services.xml", "Open311 XML", "Dịch vụ = lĩnh vực (Open311)",
             _open311_columns(open311.SERVICE_FIELDS)),
    DataFile(datapackage.PATH, "JSON (Frictionless Data Package)", "Mô tả các tệp CSV cho phần mềm thu thập dữ "
             "liệu: kiểu của từng trường, khóa, giấy phép và nguồn"),
    DataFile(supervisors.PATH, "XLSX", "Mọi nội dung và tình trạng giải quyết, cho Hội đồng nhân dân, Mặt trận "
             "giám sát bằng Excel; mỗi cơ quan một trang các nội dung còn tồn"),
    DataFile(tracking.TEMPLATE_PATH, "XLSX", "Mẫu bảng theo dõi ý kiến để điền và nhập vào trang (invoke import-sheet)"),
    DataFile(f"{DATA_DIR}/{exports.ZIP_NAME}", "ZIP", "Tất cả tệp dữ liệu và lược đồ JSON ở trên"),
    DataFile(SITE_FEED, "Atom", "Trả lời mới (toàn huyện); mỗi trang lĩnh vực, cơ quan, xã có nguồn tin riêng"),
    DataFile(CALENDAR_PATH, "iCalendar", "Lịch các buổi đối thoại, đã tổ chức và sắp tới"),
    DataFile(SITEMAP_PATH, "XML", "Sơ đồ trang (sitemap) cho máy tìm kiếm"),
    DataFile(ROBOTS_PATH, "Text", "robots.txt"),
)


def data_files(view: SiteView, settings: dict, rows=None) -> Iterator[tuple[str, bytes | Streamed]]:
    """Tables, Open311, JSON Schemas, then a ZIP of all of them; rows: the rows kept between
    builds (build/rowcache.py), or none.

    Each table and the ZIP are Streamed: a table's rows are made (or read from the rows kept)
    a batch at a time as its file is written, and each of its chunks goes into the ZIP as it
    passes (exports.ChunkedZip), so that no table is ever whole in memory (at 200,000 items
    they are over a gigabyte). The writer (build/families.py) writes each file before it asks
    for the next, so the ZIP comes once every table is in it."""
    cache = rows or rowcache.NoCache()

    def documents():
        return (exports.table_documents(view, settings, cache) + open311.documents(view, settings, cache)
                + [(path, [data]) for path, data in exports.schema_files()]
                + [(datapackage.PATH, [datapackage.descriptor(view, settings)])])

    listed = documents()
    archive = exports.ChunkedZip([path for path, _ in listed], cache,
                                 remake=lambda: [(path, exports.chunks_of(pieces)) for path, pieces in documents()])
    try:
        for index, (path, pieces) in enumerate(listed):
            listed[index] = None
            yield path, Streamed(functools.partial(_write_member, archive, path, pieces))
        yield f"{DATA_DIR}/{exports.ZIP_NAME}", Streamed(archive.write_to)
    finally:
        archive.close()
    yield supervisors.PATH, Streamed(functools.partial(supervisors.write_workbook, view, settings, rows=cache))
    cache.save()  # once the workbook's rows are among those used
    yield tracking.TEMPLATE_PATH, tracking.workbook(view.content, office.FIXED_DAY)


def _write_member(archive: exports.ChunkedZip, path: str, pieces, file) -> None:
    """A data file written chunk by chunk (exports.chunks_of), each chunk into the ZIP as it passes."""
    file.writelines(archive.add(path, exports.chunks_of(pieces)))


def pages(view: SiteView) -> list[Page]:
    schemas = [path for path, _ in exports.schema_files()]
    return [page(DATA_PAGE, Data(CATALOGUE, schemas, {**exports.TYPES, **TYPES_EXTRA}))]


TYPES_EXTRA = {"datetime": "ngày giờ W3C, ví dụ 2018-07-05T00:00:00+07:00",
               "number": "số thực"}

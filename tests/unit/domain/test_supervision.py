"""Supervision records: read from front matter, checked with file/line messages, built in date order."""

import pytest

from pelican.plugins.congkhai.content.model import Body, build_supervision
from pelican.plugins.congkhai.content.reading import read_document
from pelican.plugins.congkhai.content.validation import validate_supervision
from pelican.plugins.congkhai.domain.supervision import supervisor

GOOD = """---
title: Giám sát việc giải quyết kiến nghị về đất đai
date: 2017-11-28
body: hdnd
items:
  - "s/1.1"
agencies:
  - phong-tnmt
---

**Kết luận:** chưa trả lời.
"""
TABLES = {"agency": {"phong-tnmt"}}
ITEMS = {"s/1.1": None}


def _read(tmp_path, text):
    file = tmp_path / "r.md"
    file.write_text(text, encoding="utf-8")
    return read_document(file, "content/supervision/2017-11-28-dat-dai.md", "supervision")


def test_a_good_record_is_built(tmp_path):
    doc = _read(tmp_path, GOOD)
    assert validate_supervision(doc, TABLES, ITEMS) == []
    record = build_supervision(doc)
    assert (record.id, record.body, record.items, record.agencies) == (
        "2017-11-28-dat-dai", "hdnd", ["s/1.1"], ["phong-tnmt"])
    assert record.findings == "**Kết luận:** chưa trả lời."


@pytest.mark.parametrize("old, new, expected", [
    ('  - "s/1.1"', '  - "s/1.2"',
     "content/supervision/2017-11-28-dat-dai.md:5: items[1]: unknown item (got 's/1.2'; did you mean 's/1.1'?)"),
    ("  - phong-tnmt", "  - phong-tnnt",
     "content/supervision/2017-11-28-dat-dai.md:7: agencies[1]: unknown agency (got 'phong-tnnt'; "
     "did you mean 'phong-tnmt'?)"),
    ("body: hdnd", "body: hđnd",
     "content/supervision/2017-11-28-dat-dai.md:4: body: not an allowed value (got 'hđnd'; expected one of: "
     "hdnd, mat-tran, other)"),
    ('items:\n  - "s/1.1"\nagencies:\n  - phong-tnmt\n', "",
     "content/supervision/2017-11-28-dat-dai.md:2: items: a supervision record names what it supervised (got "
     "neither items nor agencies; expected items: a list of item ids, or agencies: a list of agency ids)"),
    ("\n**Kết luận:** chưa trả lời.\n", "",
     "content/supervision/2017-11-28-dat-dai.md:10: (findings): the record has no findings (got nothing after "
     "the closing '---'; expected the findings as Markdown)"),
])
def test_problems_name_file_line_and_fix(tmp_path, old, new, expected):
    doc = _read(tmp_path, GOOD.replace(old, new))
    assert [str(p) for p in validate_supervision(doc, TABLES, ITEMS)] == [expected]


def test_a_record_without_front_matter_is_named(tmp_path):
    doc = _read(tmp_path, "Kết luận giám sát.\n")
    assert [str(p) for p in doc.problems] == [
        "content/supervision/2017-11-28-dat-dai.md:1: (front matter): the supervision has no front matter "
        "(got text without a '---' block; expected '---', the keys title/date/body/items, '---', then the findings)"]


def test_hdnd_and_mat_tran_are_named_with_their_body_and_other_bodies_alone(tmp_path):
    """«Hội đồng nhân dân huyện Hàm Tân» in 2017; the site's own body when the record names none."""
    bodies = {"huyen-ham-tan": Body(id="huyen-ham-tan", name="huyện Hàm Tân", kind="huyen")}
    district = build_supervision(_read(tmp_path, GOOD.replace("body: hdnd", "body: hdnd\nof: huyen-ham-tan")))
    assert district.of == "huyen-ham-tan"
    assert supervisor(district, bodies, "tỉnh Lâm Đồng") == "Hội đồng nhân dân huyện Hàm Tân"
    own = build_supervision(_read(tmp_path, GOOD.replace("body: hdnd", "body: mat-tran")))
    assert supervisor(own, bodies, "tỉnh Lâm Đồng") == "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Lâm Đồng"
    other = build_supervision(_read(tmp_path, GOOD.replace("body: hdnd", "body: other\nof: huyen-ham-tan")))
    assert supervisor(other, bodies, "tỉnh Lâm Đồng") == "Cơ quan, tổ chức khác"

"""The sample built as of a day after the reorganisation: an item a commune forwarded up is linked
from its page to the province, and from the province's and the commune's pages back to it; each
body's list of items holds as many items as its figures count."""

from __future__ import annotations

import re

import pytest

from helpers import ROOT, build_site, figures_on, links, page_text

TODAY = "2026-12-06"


@pytest.fixture(scope="module")
def today_site(tmp_path_factory):
    output = tmp_path_factory.mktemp("today") / "output"
    build_site(ROOT, output, as_of=TODAY)
    return output


FORWARDED = "noi-dung/2026-04-21-xa-ham-tan/1-2/"  # xã Hàm Tân's request for classrooms, to the province


def test_an_item_forwarded_up_links_to_the_province_and_both_bodies_link_back(today_site):
    assert "/don-vi/tinh-lam-dong/" in links(today_site, FORWARDED)
    assert "cấp trên giải quyết, nội dung vẫn tính cho đơn vị đã nêu" in page_text(today_site, FORWARDED)
    for body in ("tinh-lam-dong", "xa-ham-tan"):
        raw = (today_site / "don-vi" / body / "index.html").read_text(encoding="utf-8")
        section = raw[raw.index('id="h-forwarded-'):]
        assert f'href="/{FORWARDED}"' in section, body


def test_each_bodys_list_of_items_holds_what_its_figures_count(today_site):
    for folder in sorted((today_site / "don-vi").iterdir()):
        if not (folder / "noi-dung" / "index.html").exists():
            continue
        url = f"don-vi/{folder.name}/"
        total = figures_on(today_site, url)["total"] if "Tổng số nội dung" in page_text(today_site, url) else 0
        pages = [folder / "noi-dung" / "index.html", *sorted((folder / "noi-dung").glob("trang/*/index.html"))]
        listed = sum(len(re.findall(r'<a lang="vi" href="/noi-dung/', p.read_text(encoding="utf-8"))) for p in pages)
        assert listed == total, url


def test_a_bodys_page_links_its_own_data_files_and_calendar(today_site):
    for name in ("noi-dung.csv", "noi-dung.json", "doi-thoai.csv", "doi-thoai.json", "lich.ics", "atom.xml"):
        assert f"/don-vi/xa-son-my/{name}" in links(today_site, "don-vi/xa-son-my/")
        assert (today_site / "don-vi" / "xa-son-my" / name).stat().st_size > 200, name


def test_a_body_publishes_its_periodic_reports_linked_from_its_page(today_site):
    assert "/don-vi/xa-son-my/bao-cao/" in links(today_site, "don-vi/xa-son-my/")
    listed = links(today_site, "don-vi/xa-son-my/bao-cao/")
    for key in ("2025-10", "2025-quy-4", "2026-6-thang", "2026-9-thang", "2025"):
        assert f"/don-vi/xa-son-my/bao-cao/{key}/" in listed, key
    text = page_text(today_site, "don-vi/xa-son-my/bao-cao/2025-quy-4/")
    assert ("Quý IV/2025 (từ 15/9/2025 đến 14/12/2025), xã Sơn Mỹ đã tổ chức được 1 cuộc đối thoại, "
            "thu hút 142 lượt người tham dự") in text
    assert "Lũy kế đến ngày 14/12/2025" in text
    assert not (today_site / "don-vi" / "xa-son-my" / "bao-cao" / "2026").exists()  # the year ends on 14/12/2026


def test_the_province_publishes_the_site_and_the_districts_report_keeps_its_name(today_site):
    raw = (today_site / "index.html").read_text(encoding="utf-8")
    assert '<span class="site-district">Tỉnh Lâm Đồng</span>' in raw and "<title>Trang chủ – Tỉnh Lâm Đồng</title>" in raw
    assert "Huyện Hàm Tân, tỉnh Bình Thuận" not in raw
    assert "Từ tháng 12/2015 đến tháng 6/2018, huyện Hàm Tân đã tổ chức được 28 cuộc đối thoại" in \
        page_text(today_site, "bao-cao/2018-07-05/")

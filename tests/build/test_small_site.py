"""Build the small fixture site and check what a citizen would see."""

import re

from helpers import figures_on, item_pages, links, page_text

SMALL_ITEMS = {
    "2018-03-01-tan-ha/1-1", "2018-03-01-tan-ha/1-2", "2018-03-01-tan-ha/2-1",
    "2018-03-01-tan-ha/2-2", "2018-06-20-tan-duc/1-1",
}


def test_every_item_has_exactly_one_page(small_site):
    assert item_pages(small_site) == SMALL_ITEMS


def test_home_figures_add_up(small_site):
    assert figures_on(small_site, "") == {"total": 5, "resolved": 2, "outstanding": 3,
                                          "not_yet_due": 1, "overdue": 2}
    assert "Đã giải quyết 2 (40,0%)" in page_text(small_site, "")


def test_statuses_at_the_boundaries(small_site):
    # Resolved by a response dated on AS_OF itself.
    assert "Giải quyết xong ngày 5 tháng 7 năm 2018" in page_text(small_site, "noi-dung/2018-03-01-tan-ha/1-1/")
    # Forwarded and past its deadline: overdue, and says where it went.
    forwarded = page_text(small_site, "noi-dung/2018-03-01-tan-ha/1-2/")
    assert "Phải trả lời trước ngày 01/5/2018. Đã quá hạn 65 ngày." in forwarded
    assert "Đã chuyển đến Sở Giao thông vận tải tỉnh Bình Thuận" in forwarded
    # Due after AS_OF.
    assert "Phải trả lời trước ngày 20/7/2018" in page_text(small_site, "noi-dung/2018-06-20-tan-duc/1-1/")


def test_the_announced_session_counts_in_no_figure(small_site):
    text = page_text(small_site, "doi-thoai/2026-12-18-son-my/")
    assert "sẽ diễn ra ngày 18 tháng 12 năm 2026" in text
    assert "Sắp diễn ra" in page_text(small_site, "doi-thoai/")
    assert "2 buổi đối thoại, 3 ý kiến với 5 nội dung" in page_text(small_site, "")


def test_group_pages_carry_their_figures(small_site):
    land = page_text(small_site, "linh-vuc/dat-dai/")
    assert "Tổng số nội dung 2" in land and "Quá hạn 1" in land
    # The forwarded item is counted with the agency it went to.
    assert "Tổng số nội dung 1" in page_text(small_site, "co-quan/so-gtvt/")


def test_lists_are_in_vietnamese_order(small_site):
    text = page_text(small_site, "xa/")
    assert text.index("Xã Sơn Mỹ") < text.index("Xã Tân Đức") < text.index("Xã Tân Hà")


def test_every_internal_link_resolves(small_site):
    for page in small_site.rglob("index.html"):
        url = page.parent.relative_to(small_site).as_posix()
        url = "" if url == "." else url + "/"
        for href in links(small_site, url):
            if href.startswith(("http://", "https://", "mailto:", "#")):
                continue
            target = small_site / href.split("#")[0].lstrip("/")
            assert target.exists() or (target / "index.html").exists(), f"{url}: broken link {href}"


def test_report_sentence_is_computed(small_site):
    text = page_text(small_site, "bao-cao/2018-07-05/")
    assert ("Từ tháng 1/2018 đến tháng 6/2018, huyện Hàm Tân đã tổ chức được 2 cuộc đối thoại, "
            "thu hút 200 lượt người tham dự.") in text
    assert "đã giải quyết xong 2/5 nội dung, tồn 3 nội dung, trong đó có 1 nội dung chưa tới thời hạn" in text


def test_markdown_tables_render_in_answers(small_site):
    raw = (small_site / "noi-dung/2018-03-01-tan-ha/1-1/index.html").read_text(encoding="utf-8")
    assert re.search(r"<table>\s*<thead>\s*<tr>\s*<th>Thôn</th>", raw)

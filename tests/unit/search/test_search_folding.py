"""The folded đ-words each indexed page carries for Pagefind (search_terms.folded_terms),
and the filters and sort keys of item and session pages."""

import datetime as dt

import pytest

from helpers import FIXTURES
from pelican.plugins.congkhai.search import page as search_page
from pelican.plugins.congkhai.search import terms as search_terms
from pelican.plugins.congkhai.content.model import build_content
from pelican.plugins.congkhai.content.reading import read_tree
from pelican.plugins.congkhai.site.views import SiteView


@pytest.mark.parametrize("markup, expected", [
    ("<p>Đất đai, đường giao thông</p>", "dat dai duong"),
    # Pagefind folds every other mark itself: words without đ are not copied.
    ("<p>thủy lợi, giấy chứng nhận, Tân Hà</p>", ""),
    ("<h1>ĐƯỜNG</h1><p>đường Đường</p>", "duong"),  # each word once, whatever its case
    ("<a href=\"/đ\" title=\"đèn\">điện</a>", "dien"),  # tags and attributes are not text
    ("<p>Kinh tế &amp; Đô thị&nbsp;Đông</p>", "do dong"),  # entities are text
    ("<p>Đ\u0301</p>", "d"),  # a stray combining mark after Đ
    ("<p>Qu\u1ea3ng \u0111\u01b0\u1eddng</p>", "duong"),
    # What Pagefind leaves out of the index needs no folded copy.
    ("<p>đất</p><section data-pagefind-ignore><p>đường</p></section><p>đai</p>", "dat dai"),
    ("<nav>Điện</nav><form><label>Đông</label></form><p>Đức</p>", "duc"),
    ("<p>đất<br>đai<img alt=\"x\"> đường</p>", "dat dai duong"),
])
def test_folded_terms_keeps_only_words_with_d_stroke(markup, expected):
    assert search_terms.folded_terms(markup) == expected


def test_folded_terms_keeps_order_of_first_use():
    assert search_terms.folded_terms("<p>đường đất đường đai đất</p>") == "duong dat dai"


@pytest.fixture(scope="module")
def small_view():
    content = build_content(read_tree(FIXTURES / "small" / "content"))
    return SiteView(content, dt.date(2018, 7, 5))


def test_item_data_names_status_groups_year_and_sort_keys(small_view):
    for item in small_view.items:
        data = search_page.item_data(small_view, item)
        filters = dict(data.filters)  # one value per key except status
        status = small_view.status_of(item)
        session = small_view.session_of(item)
        assert data.filters[0] == ("status", status.state)
        assert filters["topic"] == item.topic
        assert filters["year"] == str(session.date.year)
        # Day ordinals: exact in the 32-bit floats Pagefind sorts by (YYYYMMDD is not).
        assert dict(data.sorts)["date"] == session.date.toordinal() < 2 ** 24
        due = status.due or item.due or session.date
        assert dict(data.sorts)["deadline"] == due.toordinal()
        # The same keys as metadata, for merging several bundles' results (search.js).
        assert {key: int(value) for key, value in data.meta if key.startswith("sort_")} == {
            f"sort_{key}": value for key, value in data.sorts}
        assert ("status", "forwarded") in data.filters or not (status.outstanding and status.forwarded_to)


def test_session_data_has_every_sort_key_so_sorting_keeps_sessions(small_view):
    for session in small_view.content.sessions:
        data = search_page.session_data(small_view, session)
        assert {key for key, _ in data.sorts} == set(search_page.SORTS)
        assert ("year", str(session.date.year)) in data.filters
        assert not any(key == "status" for key, _ in data.filters)


def test_facet_values_cover_every_filter_key_in_order(small_view):
    facets = search_page.facet_values(small_view)
    assert tuple(facets) == tuple(key for key in search_page.FACETS if key != "body")  # a site of one body
    assert [value for value, _ in facets["status"]] == ["resolved", "not-yet-due", "overdue", "forwarded"]
    topics_used = {item.topic for item in small_view.items}
    assert {value for value, _ in facets["topic"]} == topics_used
    assert facets["year"] == [("2018", "2018")]


@pytest.mark.parametrize("markup, expected", [
    ("<script>if (a<b) { x = 'đ' }</script><p>đất</p>", "dat"),  # script text is not markup
    ("<p title='a > đ'>đai</p>", "dai"),  # '>' inside a quoted attribute
    ("<div data-pagefind-ignore=\"none\"><p>đất</p></div>", "dat"),  # 'none' keeps the text
    ("<div data-pagefind-ignore='all'><p>đất</p></div><p>đai</p>", "dai"),
    ("<!-- đường --><p>&#273;&#7845;t</p>", "dat"),  # comments are not text; numeric entities are
    ("<p>đất<span/>đai</p>", "dat dai"),  # a self-closed tag opens nothing
])
def test_folded_terms_reads_markup_like_html_parser(markup, expected):
    assert search_terms.folded_terms(markup) == expected
    words = search_terms._WORD.findall(search_terms.indexed_text(markup))
    assert " ".join(dict.fromkeys(search_terms.fold(w) for w in words if "đ" in w.lower())) == expected


def test_the_body_facet_follows_the_items_handovers():
    """The sample as of today: an item the district handed to xã Tân Minh is found under the
    commune, an item resolved before the handover under the district; the facet lists the bodies."""
    import datetime as dt

    from helpers import ROOT

    view = SiteView(build_content(read_tree(ROOT / "content")), dt.date(2026, 12, 6))
    items = view.content.items
    assert dict(search_page.item_data(view, items["2018-06-26-tan-duc/5.1"]).filters)["body"] == "xa-tan-minh"
    assert dict(search_page.item_data(view, items["2018-06-26-tan-duc/1.2"]).filters)["body"] == "huyen-ham-tan"
    facets = search_page.facet_values(view)
    assert list(facets)[:2] == ["status", "body"]
    assert ("xa-tan-minh", "Xã Tân Minh") in facets["body"] and ("tinh-binh-thuan", "Tỉnh Bình Thuận") not in facets["body"]

"""A long list's pager links the first page, the last and a few around the current one."""

import pytest

from pelican.plugins.congkhai.site.pages import PAGER_NEIGHBOURS, Pager


def window(number: int, count: int) -> list:
    return Pager("doi-thoai/", number, count, count * 200).window()


@pytest.mark.parametrize("number, count, expected", [
    (1, 1, [1]),
    (1, 2, [1, 2]),
    (2, 2, [1, 2]),
    (1, 7, [1, 2, 3, None, 7]),
    (4, 7, [1, 2, 3, 4, 5, 6, 7]),  # a gap of a single page shows that page
    (5, 9, [1, 2, 3, 4, 5, 6, 7, 8, 9]),
    (250, 500, [1, None, 248, 249, 250, 251, 252, None, 500]),
    (500, 500, [1, None, 498, 499, 500]),
    (3, 500, [1, 2, 3, 4, 5, None, 500]),
    (5, 500, [1, 2, 3, 4, 5, 6, 7, None, 500]),
])
def test_the_window_around_the_current_page(number, count, expected):
    assert PAGER_NEIGHBOURS == 2
    assert window(number, count) == expected


def test_every_page_of_a_long_list_links_a_bounded_number_and_all_are_reached():
    count = 500
    links = {number: [n for n in window(number, count) if n] for number in range(1, count + 1)}
    assert max(len(shown) for shown in links.values()) <= 2 * PAGER_NEIGHBOURS + 5
    assert all(number in shown for number, shown in links.items())  # the current page is marked among them
    reached, frontier = {1}, [1]
    while frontier:
        frontier = [n for page in frontier for n in links[page] if n not in reached]
        reached.update(frontier)
    assert reached == set(range(1, count + 1))


def test_page_urls_keep_the_lists_address():
    pager = Pager("doi-thoai/", 2, 3, 500)
    assert [pager.url(n) for n in (1, 2, 3)] == ["doi-thoai/", "doi-thoai/trang/2/", "doi-thoai/trang/3/"]

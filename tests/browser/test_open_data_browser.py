"""The open data page in a real browser on a 360 px phone: readable, every
download answers, nothing is fetched from another host."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_open_data_page_fits_a_phone_and_every_download_answers(page, sample_server):
    page.goto(f"{sample_server.url}/du-lieu/")
    assert page.locator("h1").inner_text() == "Dữ liệu mở"
    # No sideways scrolling on a 360 px screen, even with long file names.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    hrefs = page.eval_on_selector_all(".data-file h3 a, #h-schemas ~ ul a",
                                      "links => links.map(a => a.getAttribute('href'))")
    assert len(hrefs) >= 14
    for href in hrefs:
        response = page.request.get(f"{sample_server.url}{href}")
        assert response.status == 200 and response.body(), href
    assert page.foreign_requests == []


def test_the_field_list_opens_for_a_file(page, sample_server):
    page.goto(f"{sample_server.url}/du-lieu/")
    first = page.locator(".data-file details").first
    assert not first.locator("dl").is_visible()
    first.locator("summary").click()
    assert first.locator("dt", has_text="latest_answer").is_visible()

"""A page for each body: a body that ended says since when and who took over, one entered
ahead says it is forthcoming, and a site of one body has no such pages."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from helpers import FIXTURES
from pelican.plugins.congkhai.content.model import build_content
from pelican.plugins.congkhai.content.reading import read_tree
from pelican.plugins.congkhai.site import contexts
from pelican.plugins.congkhai.site.pages import body_pages
from pelican.plugins.congkhai.site.views import SiteView


@pytest.fixture
def content(tmp_path):
    shutil.copytree(FIXTURES / "defects" / "base", tmp_path, dirs_exist_ok=True)
    shutil.copytree(FIXTURES / "defects" / "bodies-valid" / "content", tmp_path / "content", dirs_exist_ok=True)
    return build_content(read_tree(tmp_path / "content"))


def pages_by_url(content, as_of):
    return {page.url: page.made() for page in body_pages(SiteView(content, as_of))}


def test_a_body_that_ended_says_since_when_and_who_took_over(content):
    pages = pages_by_url(content, dt.date(2026, 12, 6))
    district = pages["don-vi/huyen-ham-tan/"]
    assert district.ceased == dt.date(2025, 7, 1) and not district.forthcoming
    assert [(body.id, s.note) for body, s in district.successors] == [("xa-ham-tan", "Tân Nghĩa, Tân Hà, Tân Xuân")]
    assert [s.id for s in district.held] == ["2018-06-12-tan-ha"] and district.figures.total == 2
    commune = pages["don-vi/xa-ham-tan/"]
    assert [body.id for body, _ in commune.predecessors] == ["huyen-ham-tan"]
    assert commune.parent.id == "tinh-lam-dong" and commune.held == [] and commune.figures.total == 0
    assert [child.id for child in pages["don-vi/tinh-lam-dong/"].children] == ["xa-ham-tan"]


def test_before_the_reorganisation_the_district_is_alive_and_the_commune_forthcoming(content):
    pages = pages_by_url(content, dt.date(2025, 6, 30))
    assert pages["don-vi/huyen-ham-tan/"].ceased is None
    assert pages["don-vi/xa-ham-tan/"].forthcoming


def test_the_list_has_every_body_with_its_figures(content):
    listing = pages_by_url(content, dt.date(2018, 7, 5))["don-vi/"]
    assert isinstance(listing, contexts.Bodies)
    assert [(body.id, figures.total) for body, figures in listing.entries] == [
        ("huyen-ham-tan", 2), ("tinh-lam-dong", 0), ("xa-ham-tan", 0)]


def test_a_site_of_one_body_has_no_body_pages():
    content = build_content(read_tree(FIXTURES / "defects" / "base" / "content"))
    assert body_pages(SiteView(content, dt.date(2018, 7, 5))) == []


def test_a_province_page_rolls_up_the_bodies_within_it(content):
    pages = pages_by_url(content, dt.date(2026, 12, 6))
    province = pages["don-vi/tinh-lam-dong/"]
    assert [row.body.id for row in province.rollup] == ["tinh-lam-dong", "xa-ham-tan"]  # itself first
    assert province.rollup[0].figures == province.figures
    assert pages["don-vi/xa-ham-tan/"].rollup == []  # nothing within a commune


def test_each_body_has_a_feed_of_the_answers_given_while_it_held_the_item():
    """The sample as of today: the district's answers stay in its feed, the answer xã Tân Minh gave
    in 2026 to an item the district handed it is in the commune's."""
    from helpers import ROOT
    from pelican.plugins.congkhai.outputs import feeds

    view = SiteView(build_content(read_tree(ROOT / "content")), dt.date(2026, 12, 6))
    files = dict(feeds.files(view, {"SITEURL": "https://x.vn", "ID_DOMAIN": "x.vn"}))
    commune = files["don-vi/xa-tan-minh/atom.xml"].decode()
    district = files["don-vi/huyen-ham-tan/atom.xml"].decode()
    assert "tra-loi/2018-06-26-tan-duc/5.1-1</id>" in commune and "2018-06-26-tan-duc/5.1-1</id>" not in district
    import re

    responses = {r.id: r for r in view.content.responses}
    shown = re.findall(r"tra-loi/([^<]+)</id>", district)
    assert shown and all(view.holder(view.content.items[responses[r].item_id], responses[r].date) == "huyen-ham-tan"
                         for r in shown)
    assert {f"don-vi/{body}/atom.xml" for body in view.content.bodies} <= set(files)

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

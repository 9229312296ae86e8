"""A group page's fingerprint covers its group's head (views.GROUP_HEAD), not the group with all
its items: group.html may read nothing else of the group, or an edit would leave its pages stale."""

from __future__ import annotations

import re

from pelican.plugins.congkhai import views
from tests.helpers import ROOT

GROUP_PAGE = (ROOT / "theme" / "templates" / "group.html").read_text(encoding="utf-8")


def test_the_group_page_reads_of_its_group_only_its_head():
    read = set(re.findall(r"(?<![\w.])group\.(\w+)", GROUP_PAGE))
    assert read  # the check reads the template it means to
    assert read <= set(views.GROUP_HEAD) | {"url"}, read - set(views.GROUP_HEAD)
    # the group itself goes nowhere else (a macro given the group could read any of it)
    assert not re.search(r"(?<![\w.])group(?![\w.])", GROUP_PAGE)


def test_the_url_a_group_page_reads_is_made_of_its_head():
    group = views.Group("agency", "ubnd", "UBND", [], None)
    assert group.url == views.group_url(*(getattr(group, name) for name in ("kind", "id")))

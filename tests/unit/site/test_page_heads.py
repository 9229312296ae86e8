"""A group page's fingerprint covers its group's head (pages.GROUP_HEAD), not the group with all
its items, and the sessions list's each session's head and figures (pages.sessions_inputs): the
templates may read nothing else of them, or an edit would leave those pages stale."""

from __future__ import annotations

import re
from types import SimpleNamespace

from pelican.plugins.congkhai.site import pages, urls, views
from tests.helpers import ROOT

GROUP_PAGE = (ROOT / "theme" / "templates" / "group.html").read_text(encoding="utf-8")


def test_the_group_page_reads_of_its_group_only_its_head():
    read = set(re.findall(r"(?<![\w.])group\.(\w+)", GROUP_PAGE))
    assert read  # the check reads the template it means to
    assert read <= set(pages.GROUP_HEAD) | {"url"}, read - set(pages.GROUP_HEAD)
    # the group itself goes nowhere else (a macro given the group could read any of it)
    assert not re.search(r"(?<![\w.])group(?![\w.])", GROUP_PAGE)


def test_the_url_a_group_page_reads_is_made_of_its_head():
    group = views.Group("agency", "ubnd", "UBND", [], None)
    assert group.url == urls.group_url(*(getattr(group, name) for name in ("kind", "id")))


def test_the_sessions_list_reads_of_each_session_only_its_head_and_figures():
    source = (ROOT / "theme" / "templates" / "sessions.html").read_text(encoding="utf-8")
    held = source[source.index("{% for session in held %}"):source.index("{% endfor %}", source.index("in held"))]
    announced = source[source.index("{% for session in announced %}"):source.index("{% endfor %}")]
    for part, head in ((held, pages.HELD_HEAD), (announced, pages.ANNOUNCED_HEAD)):
        assert set(re.findall(r"(?<![\w.])session\.(\w+)", part)) <= set(head) - {"id"}
        rest = re.sub(r"for session in \w+|session_url\(session\)|session_figures\(session\)|session\.\w+",
                      "", part)
        assert not re.search(r"(?<![\w.])session(?![\w])", rest), rest
    # the sessions are read nowhere else in the template
    outside = source.replace(held, "").replace(announced, "")
    assert not re.search(r"(?<![\w.])session(?![\w])", outside)
    # announced only tested there, held not even counted (the pager, in the inputs, holds its total)
    assert sorted(re.findall(r"(?<![\w.-])(?:held|announced)\b\S*", outside)) == ["announced"], outside


def test_the_item_page_reads_of_its_session_only_the_head_its_fingerprint_covers():
    """An item page's fingerprint covers its session's head (pages.item_session_head), not the
    session with every answer: item.html may read nothing else of the session."""
    source = re.sub(r"\{#.*?#\}", "", (ROOT / "theme" / "templates" / "item.html").read_text(encoding="utf-8"),
                    flags=re.S)  # comments say nothing to the page
    read = set(re.findall(r"(?<![\w.])session\.(\w+)", source))
    assert read  # the check reads the template it means to
    assert read <= set(pages.ITEM_SESSION_HEAD), read - set(pages.ITEM_SESSION_HEAD)
    # the session itself goes only to its URL (made of its id)
    rest = re.sub(r"session_url\(session\)|session\.\w+", "", source)
    assert not re.search(r"(?<![\w.])session(?![\w])", rest), rest
    assert urls.session_url(SimpleNamespace(id="x")) == "doi-thoai/x/"
    # the speaker comes from the head's speakers, the session's opinions are not walked
    assert "{{ speaker }}" in source and "opinions" not in source


def test_an_item_pages_inputs_and_context_agree_on_the_head():
    opinion = SimpleNamespace(no=2, speaker="Cử tri xã A", items=[])
    session = SimpleNamespace(id="s", title="T", date=None, commune="x", body="b", source="s.yaml", opinions=[opinion])
    head = pages.item_session_head(session)
    assert set(head) == {*pages.ITEM_SESSION_HEAD, "speakers"} and head["speakers"] == {2: "Cử tri xã A"}

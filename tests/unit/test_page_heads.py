"""A group page's fingerprint covers its group's head (views.GROUP_HEAD), not the group with all
its items, and the sessions list's each session's head and figures (views.sessions_inputs): the
templates may read nothing else of them, or an edit would leave those pages stale."""

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


def test_the_sessions_list_reads_of_each_session_only_its_head_and_figures():
    source = (ROOT / "theme" / "templates" / "sessions.html").read_text(encoding="utf-8")
    held = source[source.index("{% for session in held %}"):source.index("{% endfor %}", source.index("in held"))]
    announced = source[source.index("{% for session in announced %}"):source.index("{% endfor %}")]
    for part, head in ((held, views.HELD_HEAD), (announced, views.ANNOUNCED_HEAD)):
        assert set(re.findall(r"(?<![\w.])session\.(\w+)", part)) <= set(head) - {"id"}
        rest = re.sub(r"for session in \w+|session_url\(session\)|view\.session_figures\(session\)|session\.\w+",
                      "", part)
        assert not re.search(r"(?<![\w.])session(?![\w])", rest), rest
    # the sessions are read nowhere else in the template
    outside = source.replace(held, "").replace(announced, "")
    assert not re.search(r"(?<![\w.])session(?![\w])", outside)
    # held and announced only counted or tested there (their lengths are in the inputs)
    assert sorted(re.findall(r"(?<![\w.-])(?:held|announced)\b\S*", outside)) == ["announced", "held|length)"], outside

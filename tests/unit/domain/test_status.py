"""Status at its boundaries: due on AS_OF, a response on AS_OF, a response after AS_OF."""

import datetime as dt

import pytest

from pelican.plugins.congkhai.content.model import Item, Response
from pelican.plugins.congkhai.domain.status import NOT_YET_DUE, OVERDUE, RESOLVED, counted_responses, is_counted, item_status

SESSION = dt.date(2018, 6, 12)
D = dt.date


def make_item(handling="assigned", due=D(2018, 7, 5), agency="phong-tnmt", responses=()):
    item = Item(id="2018-06-12-tan-ha/3.2", session_id="2018-06-12-tan-ha", opinion_no=3, no=2,
                topic="dat-dai", text="…", handling=handling, agency=agency, due=due,
                answer="Trả lời." if handling == "answered" else "", source="s.yaml", line=1)
    item.responses = list(responses)
    return item


def response(day, outcome, agency="phong-tnmt", index=1):
    return Response(id=f"2018-06-12-tan-ha/3.2-{index}", item_id="2018-06-12-tan-ha/3.2", date=day,
                    agency=agency, outcome=outcome, document="", body="…", source="r.md")


def test_answered_on_the_spot_is_resolved_on_the_session_day():
    status = item_status(make_item("answered", due=None, agency=""), SESSION, D(2018, 7, 5))
    assert status.state == RESOLVED
    assert status.resolved_on == SESSION


def test_due_on_as_of_is_not_yet_due():
    assert item_status(make_item(due=D(2018, 7, 5)), SESSION, D(2018, 7, 5)).state == NOT_YET_DUE


def test_the_day_after_the_deadline_it_is_overdue_by_one_day():
    status = item_status(make_item(due=D(2018, 7, 5)), SESSION, D(2018, 7, 6))
    assert status.state == OVERDUE
    assert status.days_late == 1


def test_a_response_dated_on_as_of_counts():
    item = make_item(responses=[response(D(2018, 7, 5), "resolved")])
    status = item_status(item, SESSION, D(2018, 7, 5))
    assert status.state == RESOLVED
    assert status.resolved_on == D(2018, 7, 5)


def test_a_response_dated_after_as_of_does_not_count():
    item = make_item(due=D(2018, 7, 1), responses=[response(D(2018, 7, 6), "resolved")])
    status = item_status(item, SESSION, D(2018, 7, 5))
    assert status.state == OVERDUE
    assert status.latest is None
    assert counted_responses(item, D(2018, 7, 5)) == []
    assert item_status(item, SESSION, D(2018, 7, 6)).state == RESOLVED


def test_the_latest_counted_response_decides():
    item = make_item(due=D(2018, 7, 1), responses=[
        response(D(2018, 6, 20), "resolved", index=1),
        response(D(2018, 6, 30), "in-progress", index=2),  # reopened
    ])
    assert item_status(item, SESSION, D(2018, 7, 5)).state == OVERDUE
    assert item_status(item, SESSION, D(2018, 6, 25)).state == RESOLVED


@pytest.mark.parametrize("handling, responses, expected", [
    ("forwarded", [], "so-tnmt"),
    ("assigned", [response(D(2018, 6, 20), "forwarded", agency="ubnd-tinh")], "ubnd-tinh"),
    ("assigned", [], ""),
    # The office's covering letter does not hide where a forwarded item went.
    ("forwarded", [response(D(2018, 6, 20), "forwarded", agency="van-phong-hdnd-ubnd")], "so-tnmt"),
])
def test_forwarded_items_show_where_they_went(handling, responses, expected):
    item = make_item(handling, agency="so-tnmt" if handling == "forwarded" else "phong-tnmt",
                     responses=responses)
    assert item_status(item, SESSION, D(2018, 7, 5)).forwarded_to == expected


def test_a_session_after_as_of_is_an_announcement():
    assert is_counted(D(2018, 7, 5), D(2018, 7, 5))
    assert not is_counted(D(2018, 7, 6), D(2018, 7, 5))


@pytest.mark.parametrize("resolved_on, late", [
    (D(2018, 7, 5), 0),  # on the deadline: on time
    (D(2018, 7, 6), 1),
    (D(2018, 8, 19), 45),
])
def test_a_resolution_after_the_deadline_says_how_late_it_came(resolved_on, late):
    item = make_item(due=D(2018, 7, 5), responses=[response(resolved_on, "resolved")])
    status = item_status(item, SESSION, D(2018, 12, 31))
    assert status.state == RESOLVED and status.resolved_on == resolved_on
    assert status.resolved_late == late
    assert status.days_late == 0  # not overdue: that is the state of an outstanding item


def test_lateness_counts_from_the_deadline_in_force_an_extension_included():
    extension = Response(id="2018-06-12-tan-ha/3.2-1", item_id="2018-06-12-tan-ha/3.2", date=D(2018, 7, 1),
                         agency="phong-tnmt", outcome="in-progress", document="", body="…", source="r.md",
                         extended_due=D(2018, 8, 1), reason="Chờ đo đạc.")
    resolved = response(D(2018, 8, 11), "resolved", index=2)
    status = item_status(make_item(due=D(2018, 7, 5), responses=[extension, resolved]), SESSION, D(2018, 12, 31))
    assert status.resolved_late == 10


def test_an_item_answered_on_the_spot_or_without_deadline_is_never_late():
    assert item_status(make_item("answered", due=None, agency=""), SESSION, D(2018, 7, 5)).resolved_late == 0
    undated = make_item(due=None, responses=[response(D(2019, 1, 1), "resolved")])
    assert item_status(undated, SESSION, D(2019, 6, 1)).resolved_late == 0

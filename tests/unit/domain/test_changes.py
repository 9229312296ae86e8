"""What changed: the window's edges for newly resolved and newly overdue items."""

import datetime as dt

import pytest

from pelican.plugins.congkhai.domain.changes import NEWLY_OVERDUE, NEWLY_RESOLVED, change_of
from pelican.plugins.congkhai.content.model import Item
from pelican.plugins.congkhai.domain.status import NOT_YET_DUE, OVERDUE, RESOLVED, ItemStatus

D = dt.date
AS_OF = D(2018, 7, 5)


def item(handling="assigned"):
    return Item(id="s/1.1", session_id="s", opinion_no=1, no=1, topic="t", text="…", handling=handling,
                agency="a", due=D(2018, 6, 1), answer="", source="s.yaml", line=1)


@pytest.mark.parametrize("resolved_on, expected", [
    (AS_OF, NEWLY_RESOLVED),  # today
    (D(2018, 6, 6), NEWLY_RESOLVED),  # the 30th day of the window
    (D(2018, 6, 5), None),  # 30 days ago: outside
])
def test_newly_resolved(resolved_on, expected):
    change = change_of(item(), ItemStatus(RESOLVED, resolved_on, "", None, 0, D(2018, 6, 1)), AS_OF, 30)
    assert (change.kind if change else None) == expected


def test_answered_on_the_spot_is_not_a_change():
    assert change_of(item("answered"), ItemStatus(RESOLVED, AS_OF, "", None, 0), AS_OF, 30) is None


@pytest.mark.parametrize("days_late, expected", [(1, NEWLY_OVERDUE), (30, NEWLY_OVERDUE), (31, None)])
def test_newly_overdue(days_late, expected):
    due = AS_OF - dt.timedelta(days=days_late)
    change = change_of(item(), ItemStatus(OVERDUE, None, "", None, days_late, due), AS_OF, 30)
    assert (change.kind if change else None) == expected
    if change:
        assert change.day == due + dt.timedelta(days=1)


def test_not_yet_due_is_not_a_change():
    assert change_of(item(), ItemStatus(NOT_YET_DUE, None, "", None, 0, AS_OF), AS_OF, 30) is None

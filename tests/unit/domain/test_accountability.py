"""Agency figures: on-time rate, median days to resolve, ranking with a minimum."""

import datetime as dt

from pelican.plugins.congkhai.domain.accountability import rank, record, resolved_on_time
from pelican.plugins.congkhai.content.model import Agency, Item
from pelican.plugins.congkhai.domain.status import NOT_YET_DUE, OVERDUE, RESOLVED, ItemStatus

D = dt.date
SESSION = D(2018, 1, 10)


def item(no):
    return Item(id=f"s/1.{no}", session_id="s", opinion_no=1, no=no, topic="t", text="…",
                handling="assigned", agency="a", due=D(2018, 2, 10), answer="", source="s.yaml", line=1)


def status(state, resolved_on=None, due=D(2018, 2, 10), days_late=0):
    return ItemStatus(state, resolved_on, "", None, days_late, due)


def figures_of(statuses, agency=Agency("a", "Phòng A", "district")):
    items = [item(n) for n in range(1, len(statuses) + 1)]
    return record(agency, items, {i.id: s for i, s in zip(items, statuses)}, lambda i: SESSION)


def test_on_time_rate_and_median():
    entry = figures_of([
        status(RESOLVED, D(2018, 1, 20)),  # 10 days, on time
        status(RESOLVED, D(2018, 2, 10)),  # 31 days, on the deadline day: on time
        status(RESOLVED, D(2018, 3, 1)),  # 50 days, late
        status(OVERDUE, days_late=20),
        status(NOT_YET_DUE, due=D(2018, 8, 1)),  # not judged yet
    ])
    assert (entry.assigned, entry.resolved, entry.on_time, entry.overdue, entry.not_yet_due) == (5, 3, 2, 1, 1)
    assert entry.judged == 4
    assert entry.on_time_rate == 0.5
    assert entry.median_days == 31


def test_median_of_an_even_count_and_of_nothing():
    assert figures_of([status(RESOLVED, D(2018, 1, 20)), status(RESOLVED, D(2018, 1, 25))]).median_days == 12.5
    assert figures_of([status(OVERDUE)]).median_days is None
    assert figures_of([status(NOT_YET_DUE)]).on_time_rate is None


def test_resolved_within_an_extension_is_on_time():
    assert resolved_on_time(status(RESOLVED, D(2018, 3, 1), due=D(2018, 3, 15)))
    assert not resolved_on_time(status(RESOLVED, D(2018, 3, 16), due=D(2018, 3, 15)))


def test_ranking_leaves_out_agencies_with_few_items_and_shares_ties():
    def agency(code, name):
        return Agency(code, name, "district")
    good = figures_of([status(RESOLVED, D(2018, 1, 20))] * 5, agency("b", "Phòng B"))
    same = figures_of([status(RESOLVED, D(2018, 1, 20))] * 6, agency("a", "Phòng A"))
    worse = figures_of([status(RESOLVED, D(2018, 1, 20))] * 4 + [status(OVERDUE)], agency("c", "Phòng C"))
    few = figures_of([status(OVERDUE)] * 4, agency("d", "Đội D"))
    ranked = rank([worse, few, good, same], min_items=5)
    assert [(r.agency.id, r.rank) for r in ranked] == [("a", 1), ("b", 1), ("c", 3), ("d", None)]
    assert not ranked[-1].ranked

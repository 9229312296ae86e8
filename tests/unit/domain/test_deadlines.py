"""Working-day deadlines across Tết, default answering periods, extensions and urgency."""

import datetime as dt

import pytest

from pelican.plugins.congkhai.domain.deadlines import DUE_SOON, LONG_OVERDUE, DeadlineError, DuePolicy, DueRule, WorkingCalendar, parse_due_rule, policy_from, urgency
from pelican.plugins.congkhai.content.model import Item, Response
from pelican.plugins.congkhai.domain.status import NOT_YET_DUE, OVERDUE, item_status

D = dt.date
CAL = WorkingCalendar()


@pytest.mark.parametrize("day", [
    D(2017, 1, 26), D(2017, 1, 27), D(2017, 1, 30), D(2017, 1, 31), D(2017, 2, 1),  # Tết Đinh Dậu
    D(2018, 2, 14), D(2018, 2, 15), D(2018, 2, 16), D(2018, 2, 19), D(2018, 2, 20),  # Tết Mậu Tuất
    D(2017, 4, 6), D(2018, 4, 25),  # Giỗ Tổ Hùng Vương, 10/3 âm lịch
    D(2018, 4, 30), D(2018, 5, 1), D(2018, 9, 3),  # 30/4, 1/5, Quốc khánh (observed Monday)
    D(2018, 7, 7), D(2018, 7, 8),  # a Saturday and a Sunday
])
def test_days_off(day):
    assert not CAL.is_working_day(day)


@pytest.mark.parametrize("day", [D(2017, 2, 2), D(2018, 2, 13), D(2018, 2, 21), D(2018, 7, 5)])
def test_working_days(day):
    assert CAL.is_working_day(day)


def test_fifteen_working_days_across_tet_2018():
    # Session on Mon 5/2/2018. Counting from the next day: 6, 7, 8, 9 Feb (1-4),
    # 12, 13 Feb (5-6); Tết off Wed 14 to Tue 20 Feb (Decision of the Prime
    # Minister, and the weekend inside it); then 21, 22, 23 Feb (7-9), 26, 27,
    # 28 Feb, 1, 2 Mar (10-14), Mon 5 Mar (15).
    assert CAL.add_working_days(D(2018, 2, 5), 15) == D(2018, 3, 5)


def test_fifteen_working_days_across_tet_2017():
    # Session on Fri 20/1/2017. 23, 24, 25 Jan (1-3); Tết off Thu 26 Jan to Wed
    # 1 Feb; 2, 3 Feb (4-5), 6-10 Feb (6-10), 13-17 Feb (11-15): Fri 17 Feb.
    assert CAL.add_working_days(D(2017, 1, 20), 15) == D(2017, 2, 17)


def test_calendar_period_ending_on_a_day_off_moves_to_the_next_working_day():
    # 30 days after 16/1/2018 is Thu 15/2/2018, inside Tết: the period ends Wed 21/2.
    assert CAL.due_after(D(2018, 1, 16), DueRule(30, working=False)) == D(2018, 2, 21)
    # 30 days after 1/6/2018 is Sun 1/7/2018: Monday 2/7.
    assert CAL.due_after(D(2018, 6, 1), DueRule(30, working=False)) == D(2018, 7, 2)


def test_extra_days_off_and_compensatory_working_days():
    # A bridge day off, made up on a Saturday (the usual government swap).
    cal = WorkingCalendar(extra_days_off={D(2018, 4, 26)}, extra_working_days={D(2018, 4, 21)})
    assert not cal.is_working_day(D(2018, 4, 26))
    assert cal.is_working_day(D(2018, 4, 21))
    # From Fri 20/4: Sat 21 (1), Mon 23 (2), Tue 24 (3); 25 Giỗ Tổ, 26 bridge; Fri 27 (4).
    assert cal.add_working_days(D(2018, 4, 20), 4) == D(2018, 4, 27)


def test_policy_from_settings():
    policy = policy_from({"DEFAULT_DUE": {"days": 15, "working": True}, "EXTRA_DAYS_OFF": ["2018-04-26"],
                          "EXTRA_WORKING_DAYS": [], "LONG_OVERDUE_DAYS": 30})
    assert policy.default == DueRule(15, True)
    assert not policy.calendar.is_working_day(D(2018, 4, 26))
    assert policy.long_overdue_days == 30


@pytest.mark.parametrize("value, message", [
    (15, "setting DEFAULT_DUE: expected a dict such as {\"days\": 15, \"working\": true} (got 15)"),
    ({"days": 0}, "setting DEFAULT_DUE.days: expected a whole number of days above 0 (got 0)"),
    ({"days": 5, "working": "yes"}, "setting DEFAULT_DUE.working: expected true or false (got 'yes')"),
])
def test_bad_default_due_is_named(value, message):
    with pytest.raises(DeadlineError) as error:
        parse_due_rule(value)
    assert str(error.value) == message


def make_item(due=None, responses=()):
    item = Item(id="s/1.1", session_id="s", opinion_no=1, no=1, topic="dat-dai", text="…",
                handling="assigned", agency="phong-tnmt", due=due, answer="", source="s.yaml", line=1)
    item.responses = list(responses)
    return item


def test_default_due_applies_when_the_item_gives_none():
    policy = DuePolicy(default=DueRule(15, True))
    status = item_status(make_item(), D(2018, 2, 5), D(2018, 3, 5), policy)
    assert (status.state, status.due) == (NOT_YET_DUE, D(2018, 3, 5))
    status = item_status(make_item(), D(2018, 2, 5), D(2018, 3, 6), policy)
    assert (status.state, status.days_late) == (OVERDUE, 1)


def test_latest_counted_extension_is_the_deadline_in_force():
    first = Response(id="s/1.1-1", item_id="s/1.1", date=D(2018, 6, 20), agency="phong-tnmt",
                     outcome="in-progress", document="", body="…", source="r.md",
                     extended_due=D(2018, 7, 31), reason="Chờ đo đạc")
    second = Response(id="s/1.1-2", item_id="s/1.1", date=D(2018, 7, 30), agency="phong-tnmt",
                      outcome="in-progress", document="", body="…", source="r.md",
                      extended_due=D(2018, 8, 31), reason="Chờ ý kiến của tỉnh")
    item = make_item(due=D(2018, 6, 30), responses=[first, second])
    status = item_status(item, D(2018, 6, 1), D(2018, 7, 5))
    assert (status.state, status.due, status.extension) == (NOT_YET_DUE, D(2018, 7, 31), first)
    status = item_status(item, D(2018, 6, 1), D(2018, 8, 10))
    assert (status.state, status.due, status.extension) == (NOT_YET_DUE, D(2018, 8, 31), second)
    # Before the first extension was published, the original deadline had passed.
    assert item_status(item, D(2018, 6, 1), D(2018, 6, 19)).state == NOT_YET_DUE
    assert item_status(make_item(due=D(2018, 6, 30), responses=[first]), D(2018, 6, 1),
                       D(2018, 6, 19)).due == D(2018, 6, 30)


@pytest.mark.parametrize("due, as_of, expected", [
    (D(2018, 7, 12), D(2018, 7, 5), DUE_SOON),  # 7 days left
    (D(2018, 7, 13), D(2018, 7, 5), ""),  # 8 days left
    (D(2018, 7, 5), D(2018, 7, 5), DUE_SOON),  # due today, still on time
    (D(2018, 5, 6), D(2018, 7, 5), ""),  # 60 days late: overdue, not yet long overdue
    (D(2018, 5, 5), D(2018, 7, 5), LONG_OVERDUE),  # 61 days late
])
def test_urgency_thresholds(due, as_of, expected):
    assert urgency(True, due, as_of, 60) == expected
    assert urgency(False, due, as_of, 60) == ""


SESSION_YAML = """title: Đối thoại
date: 2018-06-01
opinions:
  - stt: 1
    items:
      - stt: 1
        due: 2018-06-30
"""


def _documents(tmp_path, front):
    from pelican.plugins.congkhai.content.reading import read_document
    (tmp_path / "s.yaml").write_text(SESSION_YAML, encoding="utf-8")
    (tmp_path / "r.md").write_text(f"---\nitem: \"s/1.1\"\n{front}---\n\nTrả lời.\n", encoding="utf-8")
    return [read_document(tmp_path / "s.yaml", "content/sessions/s.yaml", "session"),
            read_document(tmp_path / "r.md", "content/responses/s/1.1-1.md", "response")]


@pytest.mark.parametrize("front, expected", [
    ("extended_due: 2018-07-31\nreason: Chờ đo đạc\n", []),
    ("extended_due: 2018-07-31\n",
     ["content/responses/s/1.1-1.md:3: reason: required with extended_due (got nothing; "
      "expected reason: why the deadline was extended)"]),
    ("extended_due: 2018-06-30\nreason: x\n",
     ["content/responses/s/1.1-1.md:3: extended_due: an extension must come after the deadline it "
      "extends (got 2018-06-30; expected a date after 2018-06-30)"]),
    ("reason: Chờ đo đạc\n",
     ["content/responses/s/1.1-1.md:3: reason: a reason goes with an extension (got a reason without "
      "extended_due; expected extended_due: the new deadline, or no reason)"]),
])
def test_extension_rules(tmp_path, front, expected):
    from pelican.plugins.congkhai.content.validation import validate_extensions
    assert [str(p) for p in validate_extensions(_documents(tmp_path, front))] == expected


def test_missing_due_is_allowed_only_when_default_due_is_set():
    from pelican.plugins.congkhai.content.problems import Problem
    from pelican.plugins.congkhai.content.validation import without_defaulted
    missing = Problem("content/sessions/s.yaml", 7, "opinions[1].items[1].due",
                      "required when handling is 'assigned' (got nothing; expected due: …)")
    assert without_defaulted([missing], ()) == [missing]
    assert without_defaulted([missing], ("due",)) == []

"""Deadlines: working days in Vietnam and the default answering period.

Pure: imports content/ and domain/ only; never Pelican. Working days skip Saturdays, Sundays and Vietnamese public
holidays as the `holidays` package knows them (lunar Tết and Giỗ Tổ Hùng
Vương included, with the observed/substituted days it publishes), plus the
days off the government announces each year (setting EXTRA_DAYS_OFF) minus the
compensatory Saturdays it declares working (setting EXTRA_WORKING_DAYS).

Counting follows the Civil Code 2015 (art. 147-148): a period counted from a
day starts the next day, and a period whose last day is a day off ends on the
next working day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import holidays

from ..settings import parse_day

# The answering period when an item gives no `due`: {"days": 15, "working": True}
# means 15 working days after the session; {"days": 30, "working": False}, 30
# calendar days. Declared here once; settings.py and docs read it.
DUE_RULE_KEYS = ("days", "working")

# An outstanding item due within this many days is «sắp đến hạn».
DUE_SOON_DAYS = 7

DUE_SOON = "due-soon"
LONG_OVERDUE = "long-overdue"
URGENCY_LABELS = {
    DUE_SOON: "Sắp đến hạn",
    LONG_OVERDUE: "Quá hạn lâu",
}


class DeadlineError(ValueError):
    """A deadline setting that cannot be used; the message names the setting and the fix."""


@dataclass(frozen=True)
class DueRule:
    days: int
    working: bool

    def describe(self) -> str:
        return f"{self.days} {'ngày làm việc' if self.working else 'ngày'}"


@lru_cache(maxsize=64)
def _public_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("VN", years=year))


class WorkingCalendar:
    """Which days are working days, with the settings' extra days off and on."""

    def __init__(self, extra_days_off=(), extra_working_days=()):
        self.extra_off = frozenset(extra_days_off)
        self.extra_working = frozenset(extra_working_days)

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.extra_working:
            return True
        if day in self.extra_off or day.weekday() >= 5:
            return False
        return day not in _public_holidays(day.year)

    def next_working_day(self, day: dt.date) -> dt.date:
        """The day itself when it is a working day, else the first working day after it."""
        while not self.is_working_day(day):
            day += dt.timedelta(days=1)
        return day

    def add_working_days(self, start: dt.date, count: int) -> dt.date:
        """The count-th working day after start (start itself is not counted)."""
        day = start
        while count > 0:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                count -= 1
        return day

    def due_after(self, start: dt.date, rule: DueRule) -> dt.date:
        if rule.working:
            return self.add_working_days(start, rule.days)
        return self.next_working_day(start + dt.timedelta(days=rule.days))


def parse_due_rule(value, name: str = "DEFAULT_DUE") -> DueRule | None:
    """The DEFAULT_DUE setting: None (every assigned item gives `due`) or {"days": n, "working": bool}."""
    if value in (None, "", {}):
        return None
    if not isinstance(value, dict) or set(value) - set(DUE_RULE_KEYS) or "days" not in value:
        raise DeadlineError(f"setting {name}: expected a dict such as {{\"days\": 15, \"working\": true}} "
                            f"(got {value!r})")
    days, working = value["days"], value.get("working", False)
    if isinstance(days, bool) or not isinstance(days, int) or days <= 0:
        raise DeadlineError(f"setting {name}.days: expected a whole number of days above 0 (got {days!r})")
    if not isinstance(working, bool):
        raise DeadlineError(f"setting {name}.working: expected true or false (got {working!r})")
    return DueRule(days, working)


@dataclass(frozen=True)
class DuePolicy:
    """Everything status needs to know about deadlines, built once from the settings."""

    calendar: WorkingCalendar = WorkingCalendar()
    default: DueRule | None = None
    long_overdue_days: int = 60

    def due_of(self, given: dt.date | None, session_date: dt.date) -> dt.date | None:
        """The item's own `due`, else the default period from the session, else None."""
        if given is not None:
            return given
        if self.default is None:
            return None
        return self.calendar.due_after(session_date, self.default)


def urgency(outstanding: bool, due: dt.date | None, as_of: dt.date, long_overdue_days: int) -> str:
    """'' | due-soon (due within DUE_SOON_DAYS) | long-overdue (late more than long_overdue_days)."""
    if not outstanding or due is None:
        return ""
    if due >= as_of:
        return DUE_SOON if (due - as_of).days <= DUE_SOON_DAYS else ""
    return LONG_OVERDUE if (as_of - due).days > long_overdue_days else ""


def policy_from(options: dict) -> DuePolicy:
    """The deadline policy from resolved settings (see settings.SETTINGS for their help)."""
    def days(name):
        return frozenset(parse_day(value, f"{name}[{index}]")
                         for index, value in enumerate(options.get(name) or []))

    long_overdue = options.get("LONG_OVERDUE_DAYS", 60)
    if isinstance(long_overdue, bool) or not isinstance(long_overdue, int) or long_overdue < 0:
        raise DeadlineError(f"setting LONG_OVERDUE_DAYS: expected a whole number of days "
                            f"(got {long_overdue!r})")
    return DuePolicy(WorkingCalendar(days("EXTRA_DAYS_OFF"), days("EXTRA_WORKING_DAYS")),
                     parse_due_rule(options.get("DEFAULT_DUE")), long_overdue)

"""Figures: how many items, resolved, outstanding, by topic, agency, commune, period.

Pure: imports content/ and domain/ only; never Pelican. Every figure is computed from item statuses in one pass,
so the home page, group pages and reports always agree.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Callable, Iterable

from ..content.model import Item, Session
from ..vietnamese import month_year, number, short_date
from .status import NOT_YET_DUE, OVERDUE, RESOLVED, ItemStatus


@dataclass(frozen=True)
class Figures:
    total: int = 0
    resolved: int = 0
    not_yet_due: int = 0
    overdue: int = 0
    forwarded: int = 0  # outstanding items waiting on a higher level

    @property
    def outstanding(self) -> int:
        return self.not_yet_due + self.overdue


def figures(statuses: Iterable[ItemStatus]) -> Figures:
    counts = {RESOLVED: 0, NOT_YET_DUE: 0, OVERDUE: 0}
    forwarded = 0
    for status in statuses:
        counts[status.state] += 1
        if status.outstanding and status.forwarded_to:
            forwarded += 1
    return Figures(sum(counts.values()), counts[RESOLVED], counts[NOT_YET_DUE],
                   counts[OVERDUE], forwarded)


def group_items(items: Iterable[Item], key: Callable[[Item], str]) -> dict[str, list[Item]]:
    """Items grouped by a key, in one pass; an empty key is left out."""
    groups: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        value = key(item)
        if value:
            groups[value].append(item)
    return groups


def breakdown(items: Iterable[Item], key: Callable[[Item], str],
              status_of: dict[str, ItemStatus]) -> dict[str, Figures]:
    return {value: figures(status_of[i.id] for i in members)
            for value, members in group_items(items, key).items()}


@dataclass(frozen=True)
class Report:
    start: dt.date
    end: dt.date
    as_of: dt.date
    sessions: int
    attendance: int
    opinions: int
    figures: Figures

    def sentence(self, district: str) -> str:
        """The official wording of the district's reports (Hàm Tân, July 2018)."""
        f = self.figures
        return (
            f"Từ {month_year(self.start)} đến {month_year(self.end)}, {district} đã tổ chức được "
            f"{number(self.sessions)} cuộc đối thoại, thu hút {number(self.attendance)} lượt người "
            f"tham dự. Tại các buổi đối thoại, đã có {number(self.opinions)} ý kiến/"
            f"{number(f.total)} nội dung. Đến nay, đã giải quyết xong {number(f.resolved)}/"
            f"{number(f.total)} nội dung, tồn {number(f.outstanding)} nội dung, trong đó có "
            f"{number(f.not_yet_due)} nội dung chưa tới thời hạn trả lời theo quy định."
        )


    def period_sentence(self, issuer: str, label: str) -> str:
        """The same wording for one period of a body's periodic reports («Quý III/2026»), dated by its
        first and last day, the figures as of its cut-off."""
        f = self.figures
        held = (f"{issuer} đã tổ chức được {number(self.sessions)} cuộc đối thoại, thu hút "
                f"{number(self.attendance)} lượt người tham dự. Tại các buổi đối thoại, đã có "
                f"{number(self.opinions)} ý kiến/{number(f.total)} nội dung. Đến ngày {short_date(self.end)}, đã "
                f"giải quyết xong {number(f.resolved)}/{number(f.total)} nội dung, tồn {number(f.outstanding)} "
                f"nội dung, trong đó có {number(f.not_yet_due)} nội dung chưa tới thời hạn trả lời theo quy định."
                if self.sessions else f"{issuer} không tổ chức cuộc đối thoại nào.")
        return f"{label} (từ {short_date(self.start)} đến {short_date(self.end)}), {held}"


def sessions_in_period(sessions: Iterable[Session], start: dt.date, end: dt.date) -> list[Session]:
    return [s for s in sessions if start <= s.date <= end]


def report(sessions: list[Session], start: dt.date, end: dt.date, as_of: dt.date,
           status_of: dict[str, ItemStatus]) -> Report:
    """Figures for the sessions held in [start, end] by `as_of`; status_of holds their items."""
    chosen = [s for s in sessions_in_period(sessions, start, end) if s.date <= as_of]
    return Report(
        start=start,
        end=end,
        as_of=as_of,
        sessions=len(chosen),
        attendance=sum(s.attendance for s in chosen),
        opinions=sum(len(s.opinions) for s in chosen),
        figures=figures(status_of[item.id] for s in chosen for item in s.items),
    )

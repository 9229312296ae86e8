"""Report cycles: the periods a body reports on, monthly, quarterly, at six and nine months, yearly.

Pure: imports nothing of the plugin. A commune's Party secretary reports to the province's
monthly, quarterly, at six and nine months and yearly (Kết luận 215-KL/TW, 2025). Where a
period's figures stop is the cut-off day: by default that of Nghị định 09/2019/NĐ-CP (Điều 12)
for the state's periodic reports, from the 15th of the month before to the 14th of the last
month (a year: 15/12 of the year before to 14/12); a cut-off of 0 makes calendar periods
(1st to the last day of the month), as a committee that reports by calendar months sets.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

# The cycles, in the order a body's reports are listed, with their names.
CYCLES = {
    "thang": "Báo cáo tháng",
    "quy": "Báo cáo quý",
    "6-thang": "Báo cáo 6 tháng",
    "9-thang": "Báo cáo 9 tháng",
    "nam": "Báo cáo năm",
}
DEFAULT_CUTOFF_DAY = 14  # Nghị định 09/2019/NĐ-CP, Điều 12
ROMAN = ("I", "II", "III", "IV")


@dataclass(frozen=True)
class Period:
    cycle: str  # a key of CYCLES
    key: str  # its part of the report's address, e.g. 2026-11, 2026-quy-3, 2026-6-thang, 2026
    label: str  # Vietnamese, e.g. «Tháng 11/2026», «Quý III/2026», «6 tháng đầu năm 2026»
    start: dt.date
    end: dt.date  # the cut-off: the figures stand as of this day


def _month_end(year: int, month: int, cutoff: int) -> dt.date:
    """The last day of a month's period: its cut-off day, or (cut-off 0) its last day."""
    return dt.date(year, month, cutoff or calendar.monthrange(year, month)[1])


def _after(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=1)


def _span(year: int, first_month: int, last_month: int, cutoff: int) -> tuple[dt.date, dt.date]:
    """From the day after the cut-off of the month before first_month to the cut-off of last_month."""
    before = (year - 1, 12) if first_month == 1 else (year, first_month - 1)
    return _after(_month_end(*before, cutoff)), _month_end(year, last_month, cutoff)


def periods_of_year(year: int, cycles=tuple(CYCLES), cutoff: int = DEFAULT_CUTOFF_DAY) -> list[Period]:
    """Every period of a year, cycle by cycle, each in date order."""
    found = []
    for cycle in cycles:
        if cycle == "thang":
            spans = [(f"{year}-{m:02d}", f"Tháng {m}/{year}", m, m) for m in range(1, 13)]
        elif cycle == "quy":
            spans = [(f"{year}-quy-{q}", f"Quý {ROMAN[q - 1]}/{year}", 3 * q - 2, 3 * q) for q in range(1, 5)]
        elif cycle == "6-thang":
            spans = [(f"{year}-6-thang", f"6 tháng đầu năm {year}", 1, 6)]
        elif cycle == "9-thang":
            spans = [(f"{year}-9-thang", f"9 tháng đầu năm {year}", 1, 9)]
        elif cycle == "nam":
            spans = [(f"{year}", f"Năm {year}", 1, 12)]
        else:
            raise ValueError(f"unknown report cycle {cycle!r} (expected one of: {', '.join(CYCLES)})")
        for key, label, first, last in spans:
            start, end = _span(year, first, last, cutoff)
            found.append(Period(cycle, key, label, start, end))
    return found


def periods(first: dt.date, last: dt.date, cycles=tuple(CYCLES), cutoff: int = DEFAULT_CUTOFF_DAY) -> list[Period]:
    """The complete periods (their cut-off on or before `last`) that end on or after `first`:
    what a body active from `first` has reported on by `last`. Cycle by cycle, in date order."""
    if last < first:
        return []
    found = [period for year in range(first.year, last.year + 2)
             for period in periods_of_year(year, cycles, cutoff) if first <= period.end <= last]
    order = {cycle: index for index, cycle in enumerate(cycles)}
    return sorted(found, key=lambda p: (order[p.cycle], p.end))

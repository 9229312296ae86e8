"""Report cycles: the periods of a year cut off on the 14th (Nghị định 09/2019/NĐ-CP) or by the
calendar, and the complete periods of a body's active time."""

from __future__ import annotations

import datetime as dt

import pytest

from pelican.plugins.congkhai import settings
from pelican.plugins.congkhai.domain import cycles

D = dt.date


def test_a_year_cut_off_on_the_fourteenth():
    found = {(p.cycle, p.key): (p.label, p.start, p.end) for p in cycles.periods_of_year(2026)}
    assert found["thang", "2026-01"] == ("Tháng 1/2026", D(2025, 12, 15), D(2026, 1, 14))
    assert found["thang", "2026-03"] == ("Tháng 3/2026", D(2026, 2, 15), D(2026, 3, 14))
    assert found["quy", "2026-quy-3"] == ("Quý III/2026", D(2026, 6, 15), D(2026, 9, 14))
    assert found["6-thang", "2026-6-thang"] == ("6 tháng đầu năm 2026", D(2025, 12, 15), D(2026, 6, 14))
    assert found["9-thang", "2026-9-thang"] == ("9 tháng đầu năm 2026", D(2025, 12, 15), D(2026, 9, 14))
    assert found["nam", "2026"] == ("Năm 2026", D(2025, 12, 15), D(2026, 12, 14))


def test_calendar_periods_end_on_the_months_last_day():
    found = {p.key: (p.start, p.end) for p in cycles.periods_of_year(2024, cutoff=0)}
    assert found["2024-02"] == (D(2024, 2, 1), D(2024, 2, 29))
    assert found["2024-quy-1"] == (D(2024, 1, 1), D(2024, 3, 31))
    assert found["2024"] == (D(2024, 1, 1), D(2024, 12, 31))


@pytest.mark.parametrize("cutoff", [14, 0])
def test_months_and_quarters_each_cover_the_year_without_gap_or_overlap(cutoff):
    year = [p for p in cycles.periods_of_year(2027, cutoff=cutoff) if p.cycle == "nam"][0]
    for cycle in ("thang", "quy"):
        parts = [p for p in cycles.periods_of_year(2027, (cycle,), cutoff)]
        assert parts[0].start == year.start and parts[-1].end == year.end
        assert all(after.start == before.end + dt.timedelta(days=1) for before, after in zip(parts, parts[1:]))


def test_only_complete_periods_from_the_first_day_on_are_listed_cycle_by_cycle():
    found = [(p.cycle, p.key) for p in cycles.periods(D(2025, 10, 14), D(2026, 1, 14), ("quy", "thang"))]
    assert found == [("quy", "2025-quy-4"), ("thang", "2025-10"), ("thang", "2025-11"), ("thang", "2025-12"),
                     ("thang", "2026-01")]  # the year 2026 runs on; the month of 14/1/2026 is complete that day
    assert cycles.periods(D(2026, 1, 1), D(2025, 1, 1)) == []


def test_the_cycles_are_the_ones_the_setting_allows():
    assert list(cycles.CYCLES) == settings.DEFAULTS["REPORT_CYCLES"]
    with pytest.raises(ValueError, match="unknown report cycle 'tuan'"):
        cycles.periods_of_year(2026, ("tuan",))


@pytest.mark.parametrize("name, value, message", [
    ("REPORT_CYCLES", ["thang", "tuan"], "setting REPORT_CYCLES: not a list of report cycles (got ['thang', 'tuan']; "
                                         "expected some of: thang, quy, 6-thang, 9-thang, nam)"),
    ("REPORT_CYCLES", "thang", "setting REPORT_CYCLES: not a list of report cycles (got 'thang'; "
                               "expected some of: thang, quy, 6-thang, 9-thang, nam)"),
    ("REPORT_CUTOFF_DAY", 31, "setting REPORT_CUTOFF_DAY: not a day of the month from 0 to 28 (got 31; "
                              "expected 14, or 0 for calendar periods)"),
])
def test_a_wrong_cycle_setting_is_named(name, value, message):
    with pytest.raises(settings.SettingsError) as raised:
        settings.resolve({"AS_OF": "2026-12-06", name: value})
    assert str(raised.value) == message

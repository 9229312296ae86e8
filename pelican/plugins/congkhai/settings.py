"""The one place where Công khai's settings, their defaults and their help live.

Pure: no Pelican. pelicanconf.py sets any of these as upper-case names; the
plugin merges them over the defaults, once. docs/settings.md is checked
against this table by a test.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

TIMEZONE = "Asia/Ho_Chi_Minh"


@dataclass(frozen=True)
class Setting:
    name: str
    default: object
    help: str


SETTINGS = (
    Setting("AS_OF", None, "The day the site shows the state of things (ISO date string or date); "
            "default: today in Asia/Ho_Chi_Minh. Sessions and responses dated later count in no figure."),
    Setting("DISTRICT_NAME", "huyện Hàm Tân", "The district as it appears in sentences, lower-case "
            "unit word first, e.g. «huyện Hàm Tân»."),
    Setting("PROVINCE_NAME", "tỉnh Bình Thuận", "The province, as it appears in the header."),
    Setting("REPORTS", [], "Reports to publish under /bao-cao/<as_of>/: a list of dicts with "
            "as_of, start and end (ISO dates): statuses as of as_of, sessions held from start to end."),
    Setting("PRIVACY_ALLOWED_NUMBERS", [], "Public phone numbers (an agency's hotline, in any usual "
            "spelling) and e-mail addresses the privacy guard lets through; every other phone, ID card "
            "number or e-mail in content fails validation."),
    Setting("SAMPLE_NOTICE", "", "A notice shown on every page, e.g. that the data is illustrative."),
)

DEFAULTS = {s.name: s.default for s in SETTINGS}


class SettingsError(ValueError):
    pass


def today_in_vietnam() -> dt.date:
    return dt.datetime.now(ZoneInfo(TIMEZONE)).date()


def parse_day(value, name: str) -> dt.date:
    """A setting's date: a date, or an ISO string such as "2018-07-05"."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise SettingsError(f"setting {name}: not an ISO date (got {value!r}; expected YYYY-MM-DD, "
                        f"for example \"2018-07-05\")")


@dataclass(frozen=True)
class ReportSpec:
    as_of: dt.date
    start: dt.date
    end: dt.date


def resolve(settings: dict) -> dict:
    """Defaults merged with the user's values, dates parsed, reports checked."""
    merged = {name: settings.get(name, default) for name, default in DEFAULTS.items()}
    as_of = merged["AS_OF"]
    merged["AS_OF"] = today_in_vietnam() if as_of in (None, "") else parse_day(as_of, "AS_OF")
    reports = []
    for index, raw in enumerate(merged["REPORTS"] or []):
        name = f"REPORTS[{index}]"
        missing = {"as_of", "start", "end"} - set(raw)
        if missing:
            raise SettingsError(f"setting {name}: missing {', '.join(sorted(missing))} "
                                "(expected a dict with as_of, start and end)")
        reports.append(ReportSpec(*(parse_day(raw[k], f"{name}.{k}") for k in ("as_of", "start", "end"))))
    merged["REPORTS"] = reports
    return merged

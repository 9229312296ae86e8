"""An iCalendar (RFC 5545) file of the dialogue sessions, held and announced.

Imports content/, domain/, site/ and build/; never Pelican. (Named ical, not calendar, so it never hides the standard
library's calendar module.) Sessions have a date but no time, so each is an
all-day event. UIDs come from session ids and DTSTAMP from the session's
date, never from the clock: the same content gives the same bytes, and a
phone that subscribes sees an event change only when its data changes.
"""

from __future__ import annotations

import datetime as dt
from typing import Iterator

from ..content import rules
from ..site.urls import session_url
from ..site.views import SiteView
from ..vietnamese import long_date, number
from .feeds import id_domain

CALENDAR_PATH = "doi-thoai/lich.ics"
PRODID = "-//Cong khai//Lich doi thoai//VI"


def escape(text: str) -> str:
    """TEXT value escaping of RFC 5545 §3.3.11."""
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def fold(line: str) -> str:
    """Lines longer than 75 octets are folded (§3.1), never inside a UTF-8 character."""
    if len(line) * 4 <= 75:  # nothing to fold, whatever the characters
        return line
    data = line.encode("utf-8")
    parts, start, limit = [], 0, 75  # continuation lines start with a space: 74 octets after it
    while len(data) - start > limit:
        end = start + limit
        while data[end] & 0xC0 == 0x80:  # a continuation byte: back up to the character's start
            end -= 1
        parts.append(data[start:end])
        start, limit = end, 74
    parts.append(data[start:])
    return "\r\n ".join(part.decode("utf-8") for part in parts)


def _day(day: dt.date) -> str:
    return day.strftime("%Y%m%d")


def event_lines(session, view: SiteView, siteurl: str, domain: str) -> list[str]:
    announced = session.date > view.as_of
    commune = view.content.communes.get(session.commune)
    if announced:
        about = "Buổi đối thoại sắp tổ chức."
    else:
        about = (f"Đã tổ chức {long_date(session.date)}: {number(len(session.opinions))} ý kiến, "
                 f"{number(len(session.items))} nội dung.")
    description = f"{rules.AUDIENCES[session.audience]}. {about}"
    location = session.place + (f", {commune.name}" if commune else "")
    url = f"{siteurl}/{session_url(session)}"
    return [
        "BEGIN:VEVENT",
        f"UID:{session.id}@{domain}",
        f"DTSTAMP:{_day(session.date)}T000000Z",
        f"DTSTART;VALUE=DATE:{_day(session.date)}",
        f"DTEND;VALUE=DATE:{_day(session.date + dt.timedelta(days=1))}",
        f"SUMMARY:{escape(session.title)}",
        f"LOCATION:{escape(location)}",
        f"DESCRIPTION:{escape(description + ' ' + url)}",
        f"URL:{url}" if siteurl else "",
        "STATUS:CONFIRMED",
        "TRANSP:TRANSPARENT",  # a public meeting does not make the subscriber busy
        "END:VEVENT",
    ]


def calendar(view: SiteView, settings: dict, sessions=None, name: str = "") -> bytes:
    """The calendar of the given sessions (default: every session of the site), named name."""
    siteurl = settings.get("SITEURL") or ""
    domain = id_domain(settings)
    name = name or f"Lịch đối thoại – {view.site_issuer}".strip(" –")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", f"X-WR-CALNAME:{escape(name)}", "X-WR-TIMEZONE:Asia/Ho_Chi_Minh",
             "REFRESH-INTERVAL;VALUE=DURATION:P1D", "X-PUBLISHED-TTL:P1D"]
    for session in view.content.sessions if sessions is None else sessions:
        lines += event_lines(session, view, siteurl, domain)
    lines.append("END:VCALENDAR")
    return ("".join(fold(line) + "\r\n" for line in lines if line)).encode("utf-8")


def files(view: SiteView, settings: dict) -> Iterator[tuple[str, bytes]]:
    yield CALENDAR_PATH, calendar(view, settings)

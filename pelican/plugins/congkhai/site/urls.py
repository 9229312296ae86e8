"""Where each page lives: readable ASCII folder URLs, made from ids, never from titles
(many Vietnamese titles fold to the same ASCII slug). Pure: imports content/ only.
"""

from __future__ import annotations

import datetime as dt

from ..content.model import Item, Session, session_folder


# URLs: readable ASCII folders, ids not titles (titles fold to the same slug).
SESSIONS_URL = "doi-thoai/"  # the list of sessions (its later pages: doi-thoai/trang/2/, …)


def session_url(session: Session) -> str:
    return f"{SESSIONS_URL}{session.id}/"


def item_url(item: Item) -> str:
    return f"noi-dung/{item.session_id}/{item.slug}/"


# The web editor's collections of responses (outputs/admin.py), one per body's folder: tra-loi-<body>,
# or tra-loi for the sessions at the top of sessions/ (a site of one body).
ANSWERS = "tra-loi"


def answer_collection(session_source: str) -> str:
    """The web editor's collection that holds the responses to the items of the session in that file:
    its body folder's (given the file, which an item page's fingerprint covers, not the session)."""
    folder = session_folder(session_source)
    return f"{ANSWERS}-{folder.replace('/', '-')}" if folder else ANSWERS


GROUP_URLS = {"topic": "linh-vuc", "agency": "co-quan", "commune": "xa"}
STATUS_URL = "tinh-trang"
REPORT_URL = "bao-cao"


def group_url(kind: str, group_id: str = "") -> str:
    return f"{GROUP_URLS[kind]}/{group_id + '/' if group_id else ''}"


def status_url(state: str) -> str:
    return f"{STATUS_URL}/{state}/"


def report_url(as_of: dt.date | None = None) -> str:
    return f"{REPORT_URL}/{as_of.isoformat() + '/' if as_of else ''}"


PAGE_URL = "trang"  # .../trang/2/: the second page of a list ("trang" = page)


def list_page_url(base: str, number: int) -> str:
    """The first page keeps the list's own URL; the others are folders under it."""
    return base if number == 1 else f"{base}{PAGE_URL}/{number}/"


BODIES_URL = "don-vi/"
COMPARISON_URL = "don-vi/so-sanh/"
RANKING_URL = "co-quan/xep-hang/"
SUPERVISION_URL = "giam-sat/"
CHANGES_URL = "thay-doi/"


def body_url(body) -> str:
    """A body's page: its id, which never changes (a body that ended keeps its page)."""
    return f"{BODIES_URL}{body.id}/"


def body_items_url(body) -> str:
    """The items a body answers for, in pages ("noi-dung" = items)."""
    return f"{body_url(body)}noi-dung/"


def body_report_url(body, key: str = "") -> str:
    """A body's periodic reports, and one of them by its period's key (e.g. 2026-quy-3)."""
    return f"{body_url(body)}{REPORT_URL}/{key + '/' if key else ''}"

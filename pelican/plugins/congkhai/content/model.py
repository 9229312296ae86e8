"""The model: sessions, opinions, items, responses and the reference tables.

Pure: imports settings, vietnamese, build/ and content/ only; never Pelican. `build_content` assumes the documents passed validation;
it never guesses a missing value.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..vietnamese import sort_key
from .reading import RESPONSE_DIR, SESSION_DIR, Document


@dataclass(frozen=True)
class Agency:
    id: str
    name: str
    level: str
    body: str = ""  # the body it belongs to ("" on a site of one body)
    start: dt.date | None = None  # `from`: its first day, when known
    end: dt.date | None = None  # `until`: its last day, when it ended


@dataclass(frozen=True)
class Topic:
    id: str
    name: str


@dataclass(frozen=True)
class Commune:
    """A place a question comes from. A commune of before a reorganisation keeps its id, so
    old items stay where they were asked, and names the bodies it now belongs to."""
    id: str
    name: str
    successors: tuple[str, ...] = ()


@dataclass(frozen=True)
class Successor:
    body: str  # the id of the body that took over (part of) the work
    note: str = ""  # which part, when only a part
    act: str = ""  # the legal act of the change


@dataclass(frozen=True)
class Body:
    """A unit of local government that holds dialogues, or held them (đơn vị hành chính).
    Never deleted: a body that ended keeps its dates and names its successors."""
    id: str
    name: str  # as written inside a sentence: «xã Hàm Tân», «tỉnh Lâm Đồng»
    kind: str  # a key of rules.BODY_KINDS
    code: str = ""  # mã đơn vị hành chính, digits as in the official list
    parent: str = ""
    start: dt.date | None = None  # `from`
    end: dt.date | None = None  # `until`: its last day
    act: str = ""
    successors: tuple[Successor, ...] = ()
    editors: tuple[str, ...] = ()  # who reviews its changes (@user, @organisation/team)

    def exists_on(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass
class Response:
    id: str  # path under content/responses without the suffix
    item_id: str
    date: dt.date
    agency: str
    outcome: str
    document: str
    body: str  # Markdown
    source: str
    line: int = 1
    extended_due: dt.date | None = None  # a new deadline granted by this response
    reason: str = ""  # why the deadline was extended (required with extended_due)


@dataclass
class Item:
    id: str  # "<session id>/<opinion no>.<item no>"
    session_id: str
    opinion_no: int
    no: int
    topic: str
    text: str
    handling: str
    agency: str
    due: dt.date | None
    answer: str
    source: str
    line: int
    responses: list[Response] = field(default_factory=list)  # in date order

    @property
    def slug(self) -> str:
        """URL segment: '3.2' -> '3-2' (dots in folder names confuse some servers)."""
        return f"{self.opinion_no}-{self.no}"

    @property
    def number(self) -> str:
        return f"{self.opinion_no}.{self.no}"


@dataclass
class Opinion:
    no: int
    speaker: str
    items: list[Item]


@dataclass
class Session:
    id: str
    title: str
    date: dt.date
    place: str
    commune: str
    audience: str
    chairs: list[str]
    attendance: int
    summary: str
    opinions: list[Opinion]
    source: str
    body: str = ""  # the body that held it ("" on a site of one body)
    basis: tuple[str, ...] = ()  # the legal acts it was held under

    @property
    def items(self) -> list[Item]:
        return [item for opinion in self.opinions for item in opinion.items]


@dataclass
class Supervision:
    """A supervision record (giám sát) of HĐND, Mặt trận or another body, on items or agencies."""

    id: str  # file name without the suffix
    title: str
    date: dt.date
    body: str  # a key of rules.SUPERVISION_BODIES
    of: str  # the body whose HĐND or Mặt trận it is (`of`), or "" for the site's own
    items: list[str]
    agencies: list[str]
    document: str
    findings: str  # Markdown
    source: str


def build_supervision(doc: Document) -> Supervision:
    data = doc.data
    return Supervision(id=doc.stem, title=data["title"], date=data["date"], body=data["body"],
                       of=data.get("of") or "", items=[str(i) for i in data.get("items") or []], agencies=list(data.get("agencies") or []),
                       document=data.get("document") or "", findings=doc.body.strip(), source=doc.path)


@dataclass(frozen=True)
class HandoverRule:
    to: str  # the body that took the items over
    agency: str  # its agency now answerable for them
    items: tuple[str, ...] = ()
    agencies: tuple[str, ...] = ()  # the items of these (old) agencies
    communes: tuple[str, ...] = ()  # the items raised in these communes


@dataclass(frozen=True)
class Handover:
    """A body's outstanding items passed on, on a day, under a document (content/handovers/)."""
    id: str  # file name without the suffix
    title: str
    source_body: str  # `from`
    date: dt.date  # the first day the receiving bodies answer for the items
    document: str
    rules: tuple[HandoverRule, ...]
    source: str


def build_handover(doc: Document) -> Handover:
    data = doc.data
    rules = tuple(HandoverRule(rule["to"], rule["agency"], tuple(rule.get("items") or ()),
                               tuple(rule.get("agencies") or ()), tuple(rule.get("communes") or ()))
                  for rule in data["rules"])
    return Handover(doc.stem, data["title"], data["from"], data["date"], data.get("document") or "", rules, doc.path)


@dataclass
class Content:
    agencies: dict[str, Agency]
    topics: dict[str, Topic]
    communes: dict[str, Commune]
    sessions: list[Session]  # by date, then id
    items: dict[str, Item]  # by id, in session order
    responses: list[Response]
    supervision: list[Supervision] = field(default_factory=list)  # by date, then id
    bodies: dict[str, Body] = field(default_factory=dict)  # in Vietnamese order of their names
    handovers: list[Handover] = field(default_factory=list)  # by date, then id


_NUMBERS = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple:
    """'3.2-10' after '3.2-9': numbers inside ids compare as numbers."""
    parts = _NUMBERS.split(text)
    parts[1::2] = map(int, parts[1::2])  # split with a group: every odd part is the digits
    return tuple(parts)


def item_id(session_id: str, opinion_no: int, item_no: int) -> str:
    return f"{session_id}/{opinion_no}.{item_no}"


def _under(path: str, section: str) -> tuple[str, list[str]]:
    """(the content folder's part, the parts under section) of a path: 'content/responses/a/b.md'
    -> ('content/', ['a', 'b.md']); the whole path under it when it names no such folder."""
    parts = path.split("/")
    if section not in parts[:-1]:
        return "", parts
    at = parts.index(section)
    return "".join(f"{part}/" for part in parts[:at]), parts[at + 1:]


def response_id(path: str) -> str:
    """A response's id: its session's folder and its file's name, whichever body's folder holds them
    ('content/responses/huyen-ham-tan/2018-06-12-tan-ha/3.2-1.md' -> '2018-06-12-tan-ha/3.2-1'), so a
    response keeps its id, and its addresses, when its file moves between body folders."""
    rest = _under(path, RESPONSE_DIR)[1]
    return "/".join(rest[-2:]).rsplit(".", 1)[0]


def session_folder(session_path: str) -> str:
    """The folder a session's file is in, under sessions/: its body's id
    ('content/sessions/huyen-ham-tan/2018-06-12-tan-ha.yaml' -> 'huyen-ham-tan'), or '' for a
    session at the top of sessions/ (a site of one body keeps them all there)."""
    return "/".join(_under(session_path, SESSION_DIR)[1][:-1])


def response_place(path: str, session_path: str) -> str:
    """Where the response at path belongs, given the file of its item's session: in the folder the
    session is in (its body's), under responses/, by its id
    ('content/responses/2018-06-12-tan-ha/3.2-1.md', 'content/sessions/huyen-ham-tan/2018-06-12-tan-ha.yaml'
    -> 'content/responses/huyen-ham-tan/2018-06-12-tan-ha/3.2-1.md'). A handed-over item's answers stay
    there too: the body it was handed to owns them by name (tools/owners.py)."""
    head, rest = _under(path, RESPONSE_DIR)
    folder = session_folder(session_path)
    suffix = rest[-1][len(rest[-1].rsplit(".", 1)[0]):] if rest else ""
    return f"{head}{RESPONSE_DIR}/{folder + '/' if folder else ''}{response_id(path)}{suffix}"


def _by_name(entries):
    return dict(sorted(((e.id, e) for e in entries), key=lambda pair: sort_key(pair[1].name)))


def _agency(entry) -> Agency:
    return Agency(entry["id"], entry["name"], entry["level"], entry.get("body") or "", entry.get("from"),
                  entry.get("until"))


def _commune(entry) -> Commune:
    return Commune(entry["id"], entry["name"], tuple(entry.get("successors") or ()))


def _body(entry) -> Body:
    successors = tuple(Successor(s["body"], s.get("note") or "", s.get("act") or "")
                       for s in entry.get("successors") or ())
    return Body(entry["id"], entry["name"], entry["kind"], entry.get("code") or "", entry.get("parent") or "",
                entry.get("from"), entry.get("until"), entry.get("act") or "", successors,
                tuple(entry.get("editors") or ()))


def _topic(entry) -> Topic:
    return Topic(entry["id"], entry["name"])


def _table(documents: list[Document], kind: str, key: str, factory):
    for doc in documents:
        if doc.kind == kind and doc.data:
            return _by_name(factory(entry) for entry in doc.data.get(key) or [])
    return {}


def build_session(doc: Document) -> Session:
    data = doc.data
    session_id = doc.stem
    opinions = []
    for raw_opinion in data.get("opinions") or []:
        items = [
            Item(
                id=item_id(session_id, raw_opinion["stt"], raw["stt"]),
                session_id=session_id,
                opinion_no=raw_opinion["stt"],
                no=raw["stt"],
                topic=raw["topic"],
                text=raw["text"],
                handling=raw["handling"],
                agency=raw.get("agency") or "",
                due=raw.get("due"),
                answer=raw.get("answer") or "",
                source=doc.path,
                line=raw.line,
            )
            for raw in raw_opinion["items"]
        ]
        opinions.append(Opinion(raw_opinion["stt"], raw_opinion["speaker"], items))
    return Session(
        id=session_id,
        title=data["title"],
        date=data["date"],
        place=data["place"],
        commune=data.get("commune") or "",
        audience=data["audience"],
        chairs=list(data["chairs"]),
        attendance=data["attendance"],
        summary=data.get("summary") or "",
        opinions=opinions,
        source=doc.path,
        body=data.get("body") or "",
        basis=tuple(data.get("basis") or ()),
    )


def build_response(doc: Document) -> Response:
    data = doc.data
    return Response(
        id=response_id(doc.path),
        item_id=str(data["item"]),
        date=data["date"],
        agency=data["agency"],
        outcome=data["outcome"],
        document=data.get("document") or "",
        body=doc.body.strip(),
        source=doc.path,
        line=doc.body_line,
        extended_due=data.get("extended_due"),
        reason=data.get("reason") or "",
    )


# The kinds of content file that are one model object each.
_FILES = ("session", "response", "supervision", "handover")
# Each data file's entries -> model objects (content/data/<kind>.yaml, rules.DATA_FILES).
_TABLES = {"agencies": _agency, "topics": _topic, "communes": _commune, "bodies": _body}


def build_model(doc: Document):
    """The model object of one file, on its own (no joins): a Session, a Response, a
    Supervision, or a data file's table (None when the file has no data)."""
    if doc.kind in _TABLES:
        return _table([doc], doc.kind, doc.kind, _TABLES[doc.kind]) if doc.data else None
    return {"session": build_session, "response": build_response, "supervision": build_supervision,
            "handover": build_handover}[doc.kind](doc)


def build_content(documents: list[Document]) -> Content:
    """Join the documents into one model: responses attach to their items."""
    return assemble((doc.kind, build_model(doc)) for doc in documents)


def assemble(parts) -> Content:
    """Join the (kind, model object) pairs of every file (a validation.Checked's kind and
    model) into one model: responses attach to their items. The objects are changed (an
    item's responses), so they must not be shared with another build."""
    by_kind: dict[str, list] = {kind: [] for kind in (*_FILES, *_TABLES)}
    for kind, model in parts:
        by_kind[kind].append(model)
    if any(model is None for kind in _FILES for model in by_kind[kind]):
        raise ValueError("a content file has no model object: validate the tree first")
    sessions = sorted(by_kind["session"], key=lambda s: (s.date, s.id))
    items = {item.id: item for session in sessions for item in session.items}
    responses = sorted(by_kind["response"], key=lambda r: (r.date, natural_key(r.id)))
    for response in responses:
        items[response.item_id].responses.append(response)
    tables = {kind: next((t for t in by_kind[kind] if t is not None), {}) for kind in _TABLES}
    return Content(
        agencies=tables["agencies"],
        topics=tables["topics"],
        communes=tables["communes"],
        bodies=tables["bodies"],
        sessions=sessions,
        items=items,
        responses=responses,
        supervision=sorted(by_kind["supervision"], key=lambda s: (s.date, s.id)),
        handovers=sorted(by_kind["handover"], key=lambda h: (h.date, h.id)),
    )

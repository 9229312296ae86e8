"""The web editor's collections made from the content contract: the fields of a table as
Decap's widgets, the sessions of each body and the supervision records, and for each kind of
file the tree of keys the form's script writes it by (congkhai-admin.js), so a file saved in
the editor is the one a careful person writes by hand.

Every field, its widget (kinds.py), whether it is required and its hint, in Vietnamese or in
English (an Interface), come from rules.py; an allowed value's English name from the site's own
catalogue (site/i18n.py); where files live from reading.py, as tools/skeletons.py names them;
topics, agencies, communes and bodies from the view, their names as they are (proper names are
never translated). Imports content/ and site/ only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..content import rules
from ..content.kinds import BlockList, Code
from ..content.reading import SESSION_DIR, SUPERVISION_DIR
from ..site import i18n
from ..site.views import SiteView
from ..vietnamese import sort_key

SESSIONS = "doi-thoai"  # the sessions' collections: doi-thoai-<body>, or doi-thoai on a site of one body
SUPERVISION = "giam-sat"
SESSION_FORMAT = "congkhai-session"
SUPERVISION_FORMAT = "congkhai-supervision"
FINDINGS = "findings"  # the Markdown under a record's front matter (its `body` key is who supervised)
# Values written in double quotes, as the sample and the skeletons write them: item ids (YAML
# would read nothing else into them, but a reader sees at once that 3.1 is not a number).
QUOTED = {(SUPERVISION_FORMAT, "items")}

# The editor's own words around the contract's, in each language of its interface.
WORDS = {
    "vi": {
        "responses": "Trả lời", "response": "câu trả lời",
        "responses.about": "Trả lời một nội dung còn chờ: chọn nội dung theo mã hoặc theo chữ trong câu hỏi.",
        "responses.handed": "Nội dung đã bàn giao cho {names} được trả lời ở đây, trong thư mục của đơn vị tổ chức buổi.",
        "answer": "Nội dung trả lời",
        "answer.hint": "Toàn văn câu trả lời (Markdown), như sẽ hiện trên trang của nội dung.",
        "sessions": "Đối thoại", "session": "buổi đối thoại",
        "sessions.about": "Buổi đối thoại với các ý kiến và nội dung; mỗi buổi một tệp.",
        "supervision": "Giám sát", "record": "kết luận giám sát",
        "supervision.about": "Kết luận của một đợt giám sát việc giải quyết ý kiến, kiến nghị.",
        "findings": "Kết luận giám sát",
        "findings.hint": "Nội dung kết luận (Markdown), như sẽ hiện trên trang giám sát.",
    },
    "en": {
        "responses": "Answers", "response": "answer",
        "responses.about": "Answer an outstanding item: find it by its id or by words of the question.",
        "responses.handed": "Items handed over to {names} are answered here, in the folder of the body that held the session.",
        "answer": "The answer",
        "answer.hint": "The whole answer (Markdown), as it will show on the item's page.",
        "sessions": "Sessions", "session": "session",
        "sessions.about": "A dialogue session with its opinions and items; one file per session.",
        "supervision": "Supervision", "record": "supervision findings",
        "supervision.about": "The findings of a supervision of how opinions and proposals were dealt with.",
        "findings": "Findings of the supervision",
        "findings.hint": "The findings (Markdown), as they will show on the supervision's page.",
    },
}


@dataclass(frozen=True)
class Interface:
    """One language of the editor's interface: Decap's locale, the contract's help in it, and
    `translate`, which gives an allowed value's Vietnamese name (rules.py) in it."""

    lang: str
    translate: Callable[[str], str] = str

    def help(self, field: rules.Field) -> str:
        return field.help if self.lang == "vi" else field.help_en

    def doc(self, kind) -> str:
        return kind.doc if self.lang == "vi" else kind.doc_en

    def word(self, key: str) -> str:
        return WORDS[self.lang][key]


VIETNAMESE = Interface("vi")


def english(translations_dir: Path) -> Interface:
    """The English interface, its allowed values named by the site's English catalogue."""
    return Interface("en", i18n.load_translations(translations_dir, "en").gettext)


def contract_fields(fields: tuple[rules.Field, ...], tables: dict[str, list[dict]],
                    interface: Interface = VIETNAMESE) -> list[dict]:
    """Decap's fields for a table of the contract, in its order: the widget of each kind, a
    select over the table a field refers to (of several values for a list), or over its allowed values;
    its label names the key and its help, its hint is what its kind accepts (kinds.py), both in the
    interface's language."""
    result = []
    for field in fields:
        entry = {"name": field.name, "label": label(field, interface), "required": field.required,
                 "hint": interface.doc(field.kind)}
        widget = field.kind.widget(field)["widget"] if field.ref in tables else None
        if field.ref and field.ref in tables and widget == "string":
            entry.update(widget="select", options=tables[field.ref])
        elif field.ref and field.ref in tables and widget == "list":  # several ids of one table
            entry.update(widget="select", multiple=True, options=tables[field.ref])
        elif field.choices:
            entry.update(widget="select", options=[{"label": interface.translate(_choice_label(field, c)), "value": c}
                                                   for c in field.choices])
        else:
            entry.update(field.kind.widget(field, lambda inner: contract_fields(inner, tables, interface)))
        if isinstance(field.kind, BlockList):
            # Each block open, as the clerk writes it, and named by its first keys when folded.
            first = [inner.name for inner in field.kind.fields[:2]]
            entry.update(collapsed=False, summary=" · ".join(f"{{{{fields.{name}}}}}" for name in first))
        result.append(entry)
    return result


def label(field: rules.Field, interface: Interface = VIETNAMESE) -> str:
    """A field's label: its key and its help, as the build's messages name it
    («expected date: Ngày trả lời.»), so the form's message and the build's are one text."""
    return f"{field.name}: {interface.help(field)}"


def _choice_label(field: rules.Field, value: str) -> str:
    labels = {"outcome": rules.OUTCOMES, "handling": rules.HANDLINGS, "audience": rules.AUDIENCES,
              "kind": rules.BODY_KINDS, "level": rules.AGENCY_LEVELS}.get(field.name, {})
    if field.choices == tuple(rules.SUPERVISION_BODIES):
        labels = rules.SUPERVISION_BODIES
    return labels.get(value, value)


def tables(view: SiteView) -> dict[str, list[dict]]:
    """Each table a field may refer to (rules.REF_TABLES), as select options in Vietnamese order."""
    content = view.content
    found = {"topic": content.topics, "agency": content.agencies, "commune": content.communes,
             "body": content.bodies}
    return {ref: [{"label": entry.name, "value": entry.id}
                  for entry in sorted(found[ref].values(), key=lambda e: sort_key(e.name))]
            for ref in rules.REF_TABLES}


def tree(fields: tuple[rules.Field, ...], format_name: str) -> list[dict]:
    """The keys the form's script writes a file by, in the contract's order: each key's kind
    (kinds.py's names), whether its values are quoted, and the keys of its blocks."""
    return [{"name": f.name, "kind": f.kind.name,
             "quoted": isinstance(f.kind, Code) or (format_name, f.name) in QUOTED,
             **({"fields": tree(f.kind.fields, format_name)} if isinstance(f.kind, BlockList) else {})}
            for f in fields]


def session_bodies(view: SiteView) -> list:
    """The bodies that get a collection of sessions: those that exist on the view's day and
    those that held a session, in Vietnamese order; none on a site of one body."""
    held = {session.body for session in view.content.sessions}
    return sorted((b for b in view.content.bodies.values() if b.exists_on(view.as_of) or b.id in held),
                  key=lambda b: sort_key(b.name))


def _schema_comment(depth: int) -> str:
    """The first line invoke new-session writes (tools/skeletons.py), for editors that check as one types."""
    return f"# yaml-language-server: $schema={'../' * depth}schemas/session.schema.json"


def session_collections(view: SiteView, content_dir: str, table: dict,
                        interface: Interface = VIETNAMESE) -> list[dict]:
    """One collection of sessions per body, in its folder content/sessions/<body>/ (so Decap
    lists that body's sessions only); a new one only for a body that exists on the view's day."""
    def collection(name, title, folder, create, fields):
        return {"name": name, "label": title, "label_singular": interface.word("session"),
                "description": interface.word("sessions.about"),
                "folder": folder, "extension": "yaml", "format": SESSION_FORMAT, "create": create,
                "slug": "{{_name}}", "identifier_field": "title", "summary": "{{date}} · {{title}}",
                "sortable_fields": ["date", "title"], "fields": fields}

    bodies = session_bodies(view)
    if not bodies:
        return [collection(SESSIONS, interface.word("sessions"), f"{content_dir}/{SESSION_DIR}", True,
                           contract_fields(rules.SESSION_FIELDS, table, interface))]
    found = []
    for body in bodies:
        fields = contract_fields(rules.SESSION_FIELDS, table, interface)
        for field in fields:
            if field["name"] == "body":  # the folder's body: the file must name it (validation)
                field.update(widget="hidden", default=body.id, required=True)
                field.pop("options", None)
        found.append(collection(f"{SESSIONS}-{body.id}", f"{interface.word('sessions')} – {body.name}",
                                f"{content_dir}/{SESSION_DIR}/{body.id}", body.exists_on(view.as_of), fields))
    return found


def supervision_collection(content_dir: str, table: dict, interface: Interface = VIETNAMESE) -> dict:
    fields = contract_fields(rules.SUPERVISION_FIELDS, table, interface)
    fields.append({"name": FINDINGS, "label": interface.word("findings"), "required": True,
                   "hint": interface.word("findings.hint"), **rules.MARKDOWN.widget(None)})
    return {"name": SUPERVISION, "label": interface.word("supervision"), "label_singular": interface.word("record"),
            "description": interface.word("supervision.about"),
            "folder": f"{content_dir}/{SUPERVISION_DIR}", "extension": "md", "format": SUPERVISION_FORMAT,
            "create": True, "slug": "{{_name}}", "identifier_field": "title",
            "summary": "{{date}} · {{title}}", "sortable_fields": ["date", "title"], "fields": fields}


def record_collections(view: SiteView, content_dir: str, interface: Interface = VIETNAMESE) -> list[dict]:
    """The collections after the responses: each body's sessions, then the supervision records."""
    table = tables(view)
    return [*session_collections(view, content_dir, table, interface),
            supervision_collection(content_dir, table, interface)]


def record_files(view: SiteView, content_dir: str) -> dict:
    """What the form's script needs to write and name each kind of record: per folder, its
    format, the keys its name is made of, and the first line the skeletons write; per format,
    its tree of keys and whether it is front matter over Markdown."""
    folders = {f"{content_dir}/{SUPERVISION_DIR}": {"format": SUPERVISION_FORMAT, "name": ["date", "body"],
                                                    "extension": "md", "head": ""}}
    bodies = session_bodies(view)
    for folder, depth in ([(f"{content_dir}/{SESSION_DIR}/{b.id}", 3) for b in bodies]
                          or [(f"{content_dir}/{SESSION_DIR}", 2)]):
        # <day>-<commune or body>, as invoke new-session names a session (tools/skeletons.py)
        folders[folder] = {"format": SESSION_FORMAT, "name": ["date", "commune|body|audience"],
                           "extension": "yaml", "head": _schema_comment(depth)}
    formats = {SESSION_FORMAT: {"fields": tree(rules.SESSION_FIELDS, SESSION_FORMAT), "frontmatter": False},
               SUPERVISION_FORMAT: {"fields": tree(rules.SUPERVISION_FIELDS, SUPERVISION_FORMAT),
                                    "frontmatter": True, "body": FINDINGS}}
    return {"folders": folders, "formats": formats, "supervision": SUPERVISION}

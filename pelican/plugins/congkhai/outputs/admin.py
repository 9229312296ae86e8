"""The web editor at /admin/: Decap CMS, its configuration made from the content contract,
and what the form needs to write a response as a careful person writes one by hand.

Nothing here is kept by hand: every field, its widget (kinds.py), whether it is required and its
hint, in Vietnamese and in English, come from rules.py; topics, agencies, communes and bodies from content/data/;
the outstanding items, with the next free response number of each, from the view; the
messages the form shows before saving from the build's own checks (validation.py), run on
stand-in values, with their Vietnamese meaning from the table of docs/editing.md.

The bundle itself (npm `decap-cms`, pinned in package-lock.json) is copied from node_modules;
where it is missing, /admin/ is left out and the build says in one line how to get it.
The build never depends on the editor. Imports content/, domain/ and site/ only.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from html import escape
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

import yaml

from ..content import rules, validation
from ..content.kinds import Date
from ..content.problems import Problem
from ..content.reading import RESPONSE_DIR
from ..settings import CMS_BACKENDS
from ..content.model import session_folder
from ..site import i18n, urls
from ..site.views import SiteView
from ..vietnamese import sort_key
from .admin_collections import (
    VIETNAMESE,
    Interface,
    contract_fields,
    english,
    label,
    record_collections,
    record_files,
    tables,
)

ADMIN_DIR = "admin"
# Where npm puts the self-contained bundle, relative to the project (the folder holding content/).
BUNDLE_DIR = Path("node_modules") / "decap-cms" / "dist"
BUNDLE_SCRIPT = "decap-cms.js"
OWN_SCRIPT = "congkhai-admin.js"
# The YAML reader the form's script reads a session or a record with: js-yaml, the one Decap's own
# front matter reader uses (npm, pinned in package-lock.json), its single-file build.
YAML_SCRIPT = "js-yaml.min.js"
YAML_BUNDLE = Path("node_modules") / "js-yaml" / "dist" / YAML_SCRIPT
STYLE = "/theme/css/site.css"  # the preview shows a response with the site's own styles
THEME_ADMIN = Path(__file__).resolve().parents[4] / "theme" / "admin"
BODY_FIELD = "body"  # Decap's name for the Markdown under the front matter
ITEM_WIDGET = "congkhai-item"  # the outstanding items, searched as the site's search folds words
MISSING_BUNDLE = ("Trang biên tập /admin/ chưa được dựng vì thiếu Node.js: cài Node.js 20 trở lên rồi chạy "
                  "`make site` (hoặc `npm ci`) / /admin/ was not built: Node.js is missing; install Node.js 20+ "
                  "and run `make site` (or `npm ci`).")
# The form's script's own words (congkhai-admin.js) in each language of the interface; {count}
# is the number of problems. The switch names the other language as that language names itself.
SCRIPT_WORDS = {
    "vi": {"none": "Chưa chọn nội dung nào.", "search": "Tìm nội dung còn chờ trả lời",
           "type": "Gõ mã nội dung, tên cơ quan, đơn vị hoặc vài chữ trong câu hỏi",
           "problems": "Bước kiểm tra của hệ thống báo {count} lỗi ở tệp vừa lưu; sửa rồi lưu lại (chưa thể đăng)"
                       " / the build's checks refuse the saved file",
           "line": "dòng", "title": "Biên tập – Công khai"},
    "en": {"none": "No item chosen yet.", "search": "Find an item waiting for an answer",
           "type": "Type the item's id, the name of an agency or unit, or a few words of the question",
           "problems": "The build's checks found {count} problems in the file just saved; correct them and save"
                       " again (it cannot be published yet) / Bước kiểm tra của hệ thống báo lỗi ở tệp vừa lưu",
           "line": "line", "title": "Editing – Công khai"},
}
# Where each language's configuration and form data are, beside the page (the script picks one).
CONFIG_FILES = {"vi": ("config.yml", "congkhai.json"), "en": ("config.en.yml", "congkhai.en.json")}
# Stand-in dates: the checks' messages are run on them, then each is a place for the form's value.
_GOT, _EXPECTED = dt.date(1111, 1, 11), dt.date(2222, 2, 22)


def outstanding(view: SiteView) -> list:
    """The items still waiting for an answer, as of the view's day: their sessions held."""
    return [item for item in view.items if view.status[item.id].outstanding]


def item_label(view: SiteView, item) -> str:
    """What the clerk reads and types into the list: the id, the agency and the body that answer
    for it now (after any handover), and the question; a clerk finds their own by typing a name."""
    holder = view.holder(item)
    passed = view.passed_by(item, view.as_of)
    agency = view.content.agencies.get(passed[-1].rule.agency if passed else item.agency)
    body = view.content.bodies.get(holder)
    words = " ".join(view.markdown.plain(item.text).split())
    words = words if len(words) <= 120 else words[:119] + "…"
    names = (item.id, agency.name if agency else "", body.name if body else "", words)
    return " · ".join(part for part in names if part)


def next_numbers(view: SiteView) -> dict[str, int]:
    """Item id -> the number of its next response file, `<opinion>.<item>-<n>.md`, as
    `invoke new-response` chooses it: one more than the largest taken."""
    taken: dict[str, int] = {}
    for response in view.content.responses:
        match = re.fullmatch(r"(.+)-(\d+)", response.id)
        if match:
            taken[response.item_id] = max(taken.get(response.item_id, 0), int(match[2]))
    return {item.id: taken.get(item.id, 0) + 1 for item in outstanding(view)}


def answer_folders(view: SiteView) -> list[tuple[str, str, list]]:
    """(collection, folder under responses/, its outstanding items) of each folder of responses: one per
    body whose sessions are in its folder, in Vietnamese order of the bodies' names, then the top of
    responses/ for the sessions at the top of sessions/ (a site of one body). A handed-over item is
    answered in the folder of its session's body (model.response_place), by the body it passed to."""
    folders: dict[str, list] = {}
    for session in view.content.sessions:
        folders.setdefault(session_folder(session.source), [])
    for item in outstanding(view):
        folders[session_folder(view.session_of(item).source)].append(item)
    bodies = view.content.bodies
    order = sorted(folders, key=lambda f: (f == "", sort_key(bodies[f].name) if f in bodies else sort_key(f)))
    return [(f"{urls.ANSWERS}-{f.replace('/', '-')}" if f else urls.ANSWERS, f, folders[f]) for f in order]


def _answer_label(view: SiteView, folder: str, items: list, interface: Interface) -> tuple[str, str]:
    """The collection's label and description: its body, and the bodies its outstanding items passed to."""
    body = view.content.bodies.get(folder)
    title = f"{interface.word('responses')} – {body.name}" if body else interface.word("responses")
    description = interface.word("responses.about")
    receivers = sorted({view.holder(item) for item in items} - {folder, ""},
                       key=lambda b: sort_key(view.content.bodies[b].name) if b in view.content.bodies else b)
    if receivers:
        names = ", ".join(view.content.bodies[b].name if b in view.content.bodies else b for b in receivers)
        description += " " + interface.word("responses.handed").format(names=names)
    return title, description


def config(view: SiteView, options: dict, interface: Interface = VIETNAMESE) -> dict:
    """The editor's whole configuration (Decap's config.yml) in the interface's language."""
    content_dir = options.get("CONTENT_DIR", "content")
    table = tables(view)
    collections = []
    for name, folder, items in answer_folders(view):
        fields = contract_fields(rules.RESPONSE_FIELDS, table, interface)
        choices = [{"label": item_label(view, item), "value": item.id} for item in items]
        for field in fields:
            if field["name"] == "item":  # a list that folds đ and shows the first matches (congkhai-admin.js)
                field.update(widget=ITEM_WIDGET, options=choices)
        # Checked before saving by the form's script, with the build's own message for it.
        fields.append({"name": BODY_FIELD, "label": interface.word("answer"), "required": False,
                       "hint": interface.word("answer.hint"), **rules.MARKDOWN.widget(None)})
        title, description = _answer_label(view, folder, items, interface)
        collections.append({
            "name": name,
            "label": title,
            "label_singular": interface.word("response"),
            "description": description,
            # One body's folder: Decap lists, and reads behind a new answer's form, that body's only.
            "folder": f"{content_dir}/{RESPONSE_DIR}" + (f"/{folder}" if folder else ""),
            "extension": "md",
            "format": "congkhai-response",
            "create": True,
            # Responses are one folder deep in it (<session>/<opinion>.<item>-<n>.md): the path tells
            # Decap to list them there. A new file's name is given by the form's script (the
            # next free n), as Decap's slugs would turn "3.2" into "3-2".
            "slug": "{{item}}",
            "path": "{{_session}}/{{slug}}",
            "identifier_field": "item",
            "summary": "{{item}} · {{date}} · {{outcome}}",
            "sortable_fields": ["item", "date"],
            "fields": fields,
        })
    return {
        # The site's backend, wrapped by the form's script to give new files the contract's names.
        "backend": {**options["CMS_BACKEND"], "name": f"congkhai-{options['CMS_BACKEND']['name']}"},
        "publish_mode": options["CMS_PUBLISH_MODE"],
        "locale": interface.lang,
        "site_url": options.get("SITEURL", "") or "/",
        "logo_url": "",
        "media_folder": f"{content_dir}/tep",
        "collections": [*collections, *record_collections(view, content_dir, interface)],
    }


def landing(view: SiteView, folders: list | None = None) -> str:
    """The collection /admin/ opens a new answer's form in: the site's own body's, else the first
    (folders: answer_folders(view), when the caller has it already)."""
    names = [name for name, _folder, _items in (answer_folders(view) if folders is None else folders)]
    own = view.site_body and f"{urls.ANSWERS}-{view.site_body.id}"
    return own if own in names else (names[0] if names else urls.ANSWERS)


def form_data(view: SiteView, content_dir: str = "content", interface: Interface = VIETNAMESE) -> dict:
    """What the form needs beyond the configuration: the order of keys a file is written in,
    the next number and session day of each outstanding item, and the checks' messages and the
    script's own words in the interface's language (the other language below)."""
    folders = answer_folders(view)
    return {
        "order": [field.name for field in rules.RESPONSE_FIELDS],
        "quoted": ["item"],  # as the skeletons and the sample write an item id
        "dates": [field.name for field in rules.RESPONSE_FIELDS if isinstance(field.kind, Date)],
        "folder": f"{content_dir}/{RESPONSE_DIR}",
        # Where each outstanding item's answers go: its session's folder in its body's (model.response_place).
        "answers": {session: f"{content_dir}/{RESPONSE_DIR}/{folder + '/' if folder else ''}{session}"
                    for _name, folder, items in folders for session in
                    sorted({item.session_id for item in items})},
        "backend": view.options["CMS_BACKEND"]["name"],
        "body": BODY_FIELD,
        "next": next_numbers(view),
        "session": {item.id: view.session_of(item).date.isoformat() for item in outstanding(view)},
        "due": {item.id: view.status[item.id].due.isoformat()
                for item in outstanding(view) if view.status[item.id].due},
        "messages": messages(interface),
        "required": required_template(interface),
        "collections": [name for name, _folder, _items in folders],
        "landing": landing(view, folders),
        "outcomes": [{"label": interface.translate(text), "value": key} for key, text in rules.OUTCOMES.items()],
        "lang": interface.lang,
        "languages": {lang: {"data": data_file, "name": i18n.LANGUAGE_NAMES[lang]}
                      for lang, (_config, data_file) in CONFIG_FILES.items()
                      if lang == "vi" or "en" in view.options["LANGUAGES"]},
        "config": CONFIG_FILES[interface.lang][0],
        "words": SCRIPT_WORDS[interface.lang],
        "style": STYLE,
        **record_files(view, content_dir),
    }


def required_template(interface: Interface = VIETNAMESE) -> str:
    """The build's message for a required key left out, with Decap's place for the field's
    label (which is the key and its help, as the message names them; the English message names
    the Vietnamese help, whose place the English interface fills with its own label)."""
    found = {_in_order(p, interface).replace(label(f), "%{fieldLabel}")
             for f in rules.RESPONSE_FIELDS
             for p in validation.check_fields({}, (f,), "-")}
    if len(found) != 1:
        raise ValueError(f"the build words its required keys in more than one way: {sorted(found)}")
    return found.pop()


def messages(interface: Interface = VIETNAMESE) -> dict[str, str]:
    """The build's own messages, in the interface's language first: each required key's, the answer
    text's, a response dated before its session ({got}, {expected}), an extension not after
    its deadline and a reason missing. Made by running the checks on stand-in values."""
    found = {}
    for problem in validation.check_fields({}, rules.RESPONSE_FIELDS, "-"):
        found[f"required.{problem.field}"] = _in_order(problem, interface)
    found[f"required.{BODY_FIELD}"] = _in_order(validation.response_text_problem("-", 1), interface)
    before = validation.answer_date_problem("-", 1, _GOT, _EXPECTED)
    found["date.before_session"] = _placed(_in_order(before, interface))
    late = validation.late_extension_problem("-", 1, _GOT, _EXPECTED)
    found["extended_due.not_after_due"] = _placed(_in_order(late, interface))
    found["required.reason"] = _in_order(validation.missing_reason_problem("-", 1), interface)
    return found


def _placed(message: str) -> str:
    return message.replace(_GOT.isoformat(), "{got}").replace(_EXPECTED.isoformat(), "{expected}")


def _in_order(problem: Problem, interface: Interface) -> str:
    """«<the catalogue's Vietnamese sentence> — <the build's English message>», as the form shows
    it; the English interface shows the English first."""
    if interface.lang == "vi":
        return f"{problem.vietnamese} — {problem.message}"
    return f"{problem.message} — {problem.vietnamese}"


def backend_hosts(backend: dict) -> list[str]:
    """The origins the editor's page fetches from for this backend (settings.CMS_BACKENDS), in
    the order of its keys: none for the local backend, reached on the site's own address."""
    spec = CMS_BACKENDS[backend["name"]]
    found = []
    for key in spec.fetched:
        address = backend.get(key) or spec.default_api
        origin = "https://" + urlsplit(address).netloc
        if origin not in found:
            found.append(origin)
    return found


def content_security_policy(options: dict) -> str:
    """ADMIN_CONTENT_SECURITY_POLICY with exactly the backend's hosts added to its connect-src."""
    hosts = backend_hosts(options["CMS_BACKEND"])
    directives = [part.strip() for part in options["ADMIN_CONTENT_SECURITY_POLICY"].split(";") if part.strip()]
    if hosts and not any(d.split()[0] == "connect-src" for d in directives):
        directives.append("connect-src 'self'")
    return "; ".join(" ".join([d, *hosts]) if d.split()[0] == "connect-src" else d for d in directives)


def index_html(options: dict) -> str:
    """The editor's page: its own Content-Security-Policy, the bundle, then the form's script."""
    policy = escape(content_security_policy(options), quote=False).replace('"', "&quot;")
    return ("<!doctype html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            "<meta name=\"robots\" content=\"noindex\">\n"
            "<title>Biên tập – Công khai</title>\n</head>\n<body>\n"
            f"<script src=\"{YAML_SCRIPT}\"></script>\n"
            f"<script src=\"{OWN_SCRIPT}\"></script>\n"
            f"<script src=\"{BUNDLE_SCRIPT}\"></script>\n</body>\n</html>\n")


def bundle_present(content_dir: Path) -> bool:
    """Has npm installed the editor beside this content (in the project that holds it)?"""
    return (Path(content_dir).resolve().parent / BUNDLE_DIR / BUNDLE_SCRIPT).is_file()


def bundle_paths(project: Path) -> list[Path]:
    """The bundle's scripts, its lazily loaded chunks and WebAssembly, as npm installed them (none without it)."""
    folder = project / BUNDLE_DIR
    if not (folder / BUNDLE_SCRIPT).is_file():
        return []
    return [folder / BUNDLE_SCRIPT, *sorted(folder.glob("*.decap-cms.js")), *sorted(folder.glob("*.wasm")),
            project / YAML_BUNDLE]


def files(view: SiteView, settings: dict) -> Iterator[tuple[str, bytes]]:
    """admin/: the page, the configuration, the form's data and script, and the bundle; nothing
    (and one line on stderr) where npm has not installed the bundle; nothing without WEB_EDITOR.
    Each file made when it is taken (build/families.py)."""
    if not view.options["WEB_EDITOR"]:
        return
    project = Path(settings.get("PATH", "content")).resolve().parent
    bundle = bundle_paths(project)
    if not bundle:
        print(MISSING_BUNDLE, file=sys.stderr)
        return
    options = {**view.options, "SITEURL": settings.get("SITEURL", ""),
               "CONTENT_DIR": Path(settings.get("PATH", "content")).name}
    yield f"{ADMIN_DIR}/index.html", index_html(view.options).encode()
    for interface in interfaces(view, Path(settings.get("THEME") or THEME_ADMIN.parent) / "translations"):
        config_file, data_file = CONFIG_FILES[interface.lang]
        dumped = yaml.safe_dump(config(view, options, interface), allow_unicode=True, sort_keys=False, width=100)
        yield f"{ADMIN_DIR}/{config_file}", dumped.encode()
        data = json.dumps(form_data(view, options["CONTENT_DIR"], interface), ensure_ascii=False, sort_keys=True,
                          separators=(",", ":"))
        yield f"{ADMIN_DIR}/{data_file}", data.encode()
    yield f"{ADMIN_DIR}/{OWN_SCRIPT}", (THEME_ADMIN / OWN_SCRIPT).read_bytes()
    for path in bundle:
        yield f"{ADMIN_DIR}/{path.name}", path.read_bytes()


def interfaces(view: SiteView, translations_dir: Path) -> list[Interface]:
    """The editor's languages: Vietnamese, and English when the site has English pages."""
    return [VIETNAMESE, *([english(translations_dir)] if "en" in view.options["LANGUAGES"] else [])]

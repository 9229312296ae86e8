"""The one place where Công khai's settings, their defaults and their help live.

Pure: imports nothing of the plugin. pelicanconf.py sets any of these as upper-case names; the
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
    Setting("SITE_BODY", "", "On a site of many bodies (content/data/bodies.yaml): the id of the body that "
            "publishes it, e.g. a province; its name, and its parent's, stand in the header, the page "
            "titles, the feeds and the calendar instead of DISTRICT_NAME and PROVINCE_NAME."),
    Setting("REPORTS", [], "Reports to publish under /bao-cao/<as_of>/: a list of dicts with "
            "as_of, start and end (ISO dates): statuses as of as_of, sessions held from start to end; "
            "with body (an id of bodies.yaml), only that body's sessions, the report in its name; and "
            "issuer: «chinh-quyen» (its People's Committee, the layout of Nghị định 30/2020/NĐ-CP, the "
            "default) or «dang» (its Party committee, Hướng dẫn 36-HD/VPTW), which the Word copy "
            "(bao-cao.docx) follows."),
    Setting("REPORT_CYCLES", ["thang", "quy", "6-thang", "9-thang", "nam"], "The periodic reports each body "
            "publishes under /don-vi/<id>/bao-cao/, for every complete period since its first session: any of "
            "thang (monthly), quy (quarterly), 6-thang, 9-thang (six and nine months) and nam (yearly); [] for none."),
    Setting("REPORT_CUTOFF_DAY", 14, "The day of the month a period's figures stop at: 14, as Nghị định "
            "09/2019/NĐ-CP (Điều 12) sets for periodic reports (a month runs from the 15th of the month "
            "before to the 14th); 0 for calendar periods (the 1st to the month's last day)."),
    Setting("PRIVACY_ALLOWED_NUMBERS", [], "Public phone numbers (an agency's hotline, in any usual "
            "spelling) and e-mail addresses the privacy guard lets through; every other phone, ID card "
            "number or e-mail in content fails validation."),
    Setting("SAMPLE_NOTICE", "", "A notice shown on every page, e.g. that the data is illustrative."),
    Setting("BUILD_CACHE", False, "Reuse the previous build: content files whose bytes are unchanged "
            "(parsed, checked and modelled once; not even read while their size, times and inode are "
            "the ones the last build saw), Markdown conversions, compiled templates, pages "
            "whose inputs are unchanged, the rows of the data files and feeds, with the ZIP's "
            "compressed chunks, and the search bundles none of whose pages changed (kept in "
            "CACHE_PATH/congkhai/). Every page is made again when the code, the theme, a setting, "
            "the as-of day or a package that shapes pages (Markdown, Jinja2, holidays…) changes. "
            "`invoke build` turns it on; `invoke build --no-cache` builds everything again."),
    Setting("PREVIOUS_OUTPUT", "", "With BUILD_CACHE: the folder of the previous build when building "
            "into a new one; its unchanged pages are hard-linked, never written to. Unset (or naming a folder "
            "that is not there), a cached build "
            "updates the output folder in place: unchanged pages are not touched, and files its last build "
            "made and this one does not are removed. `invoke build` uses both: while there is no spare folder "
            "it builds into output.new with output/ as PREVIOUS_OUTPUT; after that it updates output.spare "
            "(the folder the last build replaced) in place; either is then swapped with output/."),
    Setting("DEFAULT_DUE", None, "The answering period of an assigned or forwarded item that gives no "
            "`due`, counted from the session: {\"days\": 15, \"working\": true} (working days) or "
            "{\"days\": 30, \"working\": false} (calendar days). None: every such item must give `due`."),
    Setting("EXTRA_DAYS_OFF", [], "Days off announced by the government beyond the public holidays "
            "(ISO dates), e.g. a bridge day next to Tết; they are not working days."),
    Setting("EXTRA_WORKING_DAYS", [], "Compensatory working days (ISO dates, usually Saturdays) "
            "announced in exchange for a bridge day off; they count as working days."),
    Setting("LONG_OVERDUE_DAYS", 60, "An outstanding item more than this many days past its deadline "
            "is shown as «quá hạn lâu» (long overdue)."),
    Setting("MIN_ITEMS_FOR_RANKING", 5, "Agencies answerable for fewer items than this are marked "
            "«ít nội dung, không xếp hạng» and left out of the ranking."),
    Setting("CHANGES_DAYS", 30, "The «what changed» page and feed list items whose status changed "
            "in this many days up to AS_OF."),
    Setting("LANGUAGES", ["vi", "en"], "Interface languages, the first at the site root, each other one "
            "under /<code>/ (e.g. /en/); each needs theme/translations/<code>/LC_MESSAGES/messages.po."),
    # Two policies, each the narrowest its pages need: only the search page runs Pagefind,
    # whose WebAssembly needs 'wasm-unsafe-eval' and whose index it fetches (connect-src).
    Setting("CONTENT_SECURITY_POLICY",
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
            "connect-src 'none'; object-src 'none'; base-uri 'self'; form-action 'self'",
            "The Content-Security-Policy of every page but the search page: emitted in a <meta> in "
            "each; hosts should send it as an HTTP header (docs/deploying.md, docs/nginx/congkhai.conf)."),
    Setting("SEARCH_CONTENT_SECURITY_POLICY",
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'; "
            "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'",
            "The Content-Security-Policy of the search page (/tim-kiem/ in every language) and of "
            "Pagefind's files (/pagefind/: its search runs in a worker, under the worker script's own "
            "header): Pagefind searches with WebAssembly ('wasm-unsafe-eval') in the index it fetches "
            "(connect-src 'self'). No other page runs it."),
    # The web editor at /admin/ (outputs/admin.py): Decap CMS builds its styles at run time
    # (style-src 'unsafe-inline') and compiles its configuration's schema with new Function
    # ('unsafe-eval'); it talks only to its backend: the local backend through the editing server
    # on the same address, a production backend's API host added to connect-src by the build.
    Setting("ADMIN_CONTENT_SECURITY_POLICY",
            "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; frame-src 'self'; "
            "worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'",
            "The Content-Security-Policy of the web editor's page (/admin/): as strict as Decap CMS "
            "allows. The build adds to its connect-src exactly the host of CMS_BACKEND's API (and of a "
            "Gitea's or Forgejo's sign-in, where the browser fetches its token), nothing else."),
    Setting("CMS_BACKEND", {"name": "proxy", "proxy_url": "/api/v1", "branch": "main"},
            "The web editor's backend, Decap CMS's `backend` (docs/editing-web.md): `name` is \"proxy\" "
            "(the local backend of `invoke edit`, on the same address), \"github\", \"gitea\" or "
            "\"forgejo\"; the keys each takes are in CMS_BACKENDS of settings.py, e.g. for GitHub "
            "behind an OAuth proxy {\"name\": \"github\", \"repo\": \"org/repo\", \"branch\": \"main\", "
            "\"base_url\": \"https://auth.example.vn\", \"auth_endpoint\": \"auth\"}; for a Gitea "
            "{\"name\": \"gitea\", \"repo\": …, \"app_id\": …, \"api_root\": \"https://git.example.vn/api/v1\", "
            "\"base_url\": \"https://git.example.vn\"}."),
    Setting("CMS_PUBLISH_MODE", "simple", "The web editor's publishing: \"simple\" (each save is a "
            "commit on the branch) or \"editorial_workflow\" (each change a branch and a pull request, "
            "merged by the body's reviewer after CI passes; GitHub, Forgejo and the local backend)."),
    Setting("WEB_EDITOR", True, "Build the web editor at /admin/ (where npm has installed it). On for "
            "the preview and editing builds; the public build (publishconf.py) ships it only with a "
            "production backend in CMS_BACKEND, since the local backend exists only on the clerk's "
            "own computer."),
    Setting("EDITOR_LINKS", False, "Item pages link to the web editor (/admin/) with the item chosen, "
            "«Trả lời nội dung này»: on for the preview and editing builds (pelicanconf.py), off for "
            "the public site (publishconf.py)."),
    Setting("REPO_URL", "", "The public source repository of the site's content, named in the footer "
            "(as text: the site references no other host)."),
    Setting("REPO_BRANCH", "main", "The branch the site is published from; each item page links to "
            "the history of its files on that branch in REPO_URL (no link when REPO_URL is empty)."),
    Setting("REPO_HISTORY_PATTERN", "{repo}/commits/{branch}/{path}", "The forge's page of one file's "
            "history ({repo} = REPO_URL); GitLab: {repo}/-/commits/{branch}/{path}, Gitea/Forgejo: "
            "{repo}/commits/branch/{branch}/{path}."),
    Setting("BUILD_COMMIT", "", "The commit the site was built from (pelicanconf.py sets it from "
            "GITHUB_SHA or `git rev-parse`); shown in the footer and written into the data files."),
    Setting("DATA_LICENSE", "CC BY 4.0", "The licence of the published data, named in the footer."),
    Setting("DATA_LICENSE_URL", "https://creativecommons.org/licenses/by/4.0/",
            "Where the licence's text is, shown in the footer as text (not loaded, not linked)."),
    Setting("ID_DOMAIN", "", "The domain in Atom entry ids (tag:<domain>,2015:…) and calendar UIDs "
            "(<session>@<domain>); default: the host of SITEURL. Set it once and keep it when the site "
            "moves, so feed readers and calendars still recognise what they have seen."),
    Setting("LIST_PAGE_ROWS", 200, "Rows on one page of a long list (items of a state, a topic, an agency, a "
            "commune or a body; sessions; changes; a report's overdue items): the first page keeps the list's "
            "address, the others are under trang/2/, trang/3/, … Keeps every page small on a phone, whatever "
            "the site's size, and a rebuild local."),
    Setting("SEARCH_BUNDLE_PAGES", 6000, "The most indexed pages (Vietnamese item and session pages) "
            "in one search bundle. A larger site is indexed as several bundles of whole sessions in date "
            "order (/pagefind/1/, /pagefind/2/, …) that the search page queries together; Pagefind's "
            "memory grows with the pages it holds. A site this size or smaller has one bundle, /pagefind/."),
    Setting("SEARCH_RECENT_PAGES", 600, "With BUILD_CACHE, the most pages changed since their search "
            "bundle was indexed that are indexed on their own (/pagefind/recent/, laid over the bundles by the "
            "search page) instead of indexing their bundles again; beyond it, the bundles that changed are "
            "indexed again. An edited answer changes two or three indexed pages."),
    Setting("BUILD_SHARD", "", "Build one shard of a site built on several machines, as \"<number>/<count>\" "
            "(e.g. \"2/4\"): only the item and session pages of the search bundles that shard holds, and "
            "their search index, with congkhai-shard.json saying what it made (docs/scaling.md). `invoke "
            "shard` sets it; empty: the whole site."),
    Setting("MERGE_SHARDS", [], "The folders of every shard's build (BUILD_SHARD), to merge: this build "
            "makes the site-wide pages and files, checks each shard's manifest against its own view of the "
            "content, and takes the shards' pages and search bundles from them. `invoke merge` sets it."),
    Setting("SEARCH_INDEX_JOBS", 2, "How many Pagefind runs index bundles at the same time (each keeps "
            "one core busy and holds its bundle's pages in memory: about 0.7 GB for 6,000 pages)."),
)

DEFAULTS = {s.name: s.default for s in SETTINGS}


@dataclass(frozen=True)
class CmsBackend:
    """The keys one of Decap's backends takes (its docs: backends-overview, github-backend,
    gitea-backend), which of them hold an address the browser fetches from, and whether it can
    publish through pull requests (Decap 3.16's gitea backend has no editorial workflow)."""

    required: tuple[str, ...]
    optional: tuple[str, ...]
    fetched: tuple[str, ...]  # keys whose host the editor's page connects to
    default_api: str = ""  # Decap's api_root when none is given
    reviews: bool = True


CMS_BACKENDS = {
    "proxy": CmsBackend(("proxy_url",), ("branch",), ()),
    "github": CmsBackend(("repo",), ("branch", "base_url", "auth_endpoint", "api_root"), ("api_root",),
                         "https://api.github.com"),
    "gitea": CmsBackend(("repo", "app_id", "api_root", "base_url"), ("branch",), ("api_root", "base_url"),
                        reviews=False),
    "forgejo": CmsBackend(("repo", "app_id", "api_root"), ("branch",), ("api_root",)),
}
PUBLISH_MODES = ("simple", "editorial_workflow")
POSITIVE_INTEGERS = ("LIST_PAGE_ROWS", "SEARCH_BUNDLE_PAGES", "SEARCH_INDEX_JOBS", "SEARCH_RECENT_PAGES")


class SettingsError(ValueError):
    """A setting of pelicanconf.py (or publishconf.py) is not one the build can use; said Vietnamese first."""

    def vietnamese(self) -> str:
        return (f"một thiết lập trong tệp thiết lập (pelicanconf.py) chưa đúng; sửa giá trị đó theo phần «expected» "
                f"/ {self}")


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


# Who issues a report, which says the layout of its Word copy (outputs/wordreport.py).
ISSUERS = {"chinh-quyen": "Ủy ban nhân dân (Nghị định 30/2020/NĐ-CP)",
           "dang": "Cấp ủy Đảng (Hướng dẫn 36-HD/VPTW)"}


@dataclass(frozen=True)
class ReportSpec:
    as_of: dt.date
    start: dt.date
    end: dt.date
    body: str = ""  # whose sessions it covers and in whose name it is issued ("" for the site's)
    issuer: str = "chinh-quyen"  # one of ISSUERS: the layout of its Word copy


def parse_shard(value) -> tuple[int, int] | None:
    """BUILD_SHARD as (number, count), 1 <= number <= count; None when it is not one."""
    if not isinstance(value, str) or value.count("/") != 1:
        return None
    number, count = value.split("/")
    if not (number.isdigit() and count.isdigit()) or not 1 <= int(number) <= int(count):
        return None
    return int(number), int(count)


def _check_sharding(merged: dict) -> None:
    shard, folders = merged["BUILD_SHARD"], merged["MERGE_SHARDS"]
    if shard and parse_shard(shard) is None:
        raise SettingsError(f"setting BUILD_SHARD: not a shard (got {shard!r}; expected \"<number>/<count>\" "
                            "with 1 <= number <= count, e.g. \"1/2\")")
    if not isinstance(folders, (list, tuple)) or not all(isinstance(f, str) and f for f in folders):
        raise SettingsError(f"setting MERGE_SHARDS: not a list of folders (got {folders!r}; expected e.g. "
                            "[\"shards/1\", \"shards/2\"])")
    if shard and folders:
        raise SettingsError("setting MERGE_SHARDS: a shard's build cannot merge shards (got BUILD_SHARD "
                            f"{shard!r} too; expected one of them)")
    if (shard or folders) and merged["BUILD_CACHE"]:
        raise SettingsError(f"setting {'BUILD_SHARD' if shard else 'MERGE_SHARDS'}: a sharded build runs "
                            "without the build cache (got BUILD_CACHE True; expected False: each shard and "
                            "the merge start from an empty folder)")


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
        unknown = set(raw) - {"as_of", "start", "end", "body", "issuer"}
        if unknown or not isinstance(raw.get("body", ""), str):
            raise SettingsError(f"setting {name}: unknown key {', '.join(sorted(unknown))} (expected a dict with "
                                "as_of, start and end, and body if it is one body's, issuer for its layout)"
                                if unknown else
                                f"setting {name}.body: not a body id (got {raw['body']!r}; expected e.g. 'xa-ham-tan')")
        issuer = raw.get("issuer", "chinh-quyen")
        if issuer not in ISSUERS:
            raise SettingsError(f"setting {name}.issuer: unknown issuer (got {issuer!r}; expected one of: "
                                f"{', '.join(ISSUERS)})")
        reports.append(ReportSpec(*(parse_day(raw[k], f"{name}.{k}") for k in ("as_of", "start", "end")),
                                  raw.get("body", ""), issuer))
    merged["REPORTS"] = reports
    _check_sharding(merged)
    cycles, known = merged["REPORT_CYCLES"], DEFAULTS["REPORT_CYCLES"]
    if not isinstance(cycles, (list, tuple)) or any(cycle not in known for cycle in cycles):
        raise SettingsError(f"setting REPORT_CYCLES: not a list of report cycles (got {cycles!r}; expected "
                            f"some of: {', '.join(known)})")
    cutoff = merged["REPORT_CUTOFF_DAY"]
    if isinstance(cutoff, bool) or not isinstance(cutoff, int) or not 0 <= cutoff <= 28:
        raise SettingsError(f"setting REPORT_CUTOFF_DAY: not a day of the month from 0 to 28 (got {cutoff!r}; "
                            "expected 14, or 0 for calendar periods)")
    check_cms(merged["CMS_BACKEND"], merged["CMS_PUBLISH_MODE"])
    for name in POSITIVE_INTEGERS:
        value = merged[name]
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise SettingsError(f"setting {name}: not a positive whole number (got {value!r}; "
                                f"expected e.g. {DEFAULTS[name]!r})")
    return merged


def check_cms(backend, mode) -> None:
    """CMS_BACKEND names one of CMS_BACKENDS with its required keys, only keys it takes, each a
    text; an address the browser fetches from is https (a proxy_url is a path on the same
    address); CMS_PUBLISH_MODE is one of PUBLISH_MODES, reviewed only where the backend can."""
    name = backend.get("name") if isinstance(backend, dict) else None
    if name not in CMS_BACKENDS:
        raise SettingsError(f"setting CMS_BACKEND: not a web editor backend (got {backend!r}; expected a dict "
                            f"whose name is one of: {', '.join(CMS_BACKENDS)})")
    spec = CMS_BACKENDS[name]
    missing = [key for key in spec.required if key not in backend]
    unknown = sorted(set(backend) - {"name", *spec.required, *spec.optional})
    if missing or unknown:
        raise SettingsError(f"setting CMS_BACKEND: {'missing ' + ', '.join(missing) if missing else ''}"
                            f"{'; ' if missing and unknown else ''}"
                            f"{'unknown key ' + ', '.join(unknown) if unknown else ''} for {name!r} (expected "
                            f"{', '.join(spec.required)}{', and any of ' + ', '.join(spec.optional) if spec.optional else ''})")
    for key, value in backend.items():
        if not isinstance(value, str) or not value.strip():
            raise SettingsError(f"setting CMS_BACKEND.{key}: not a text (got {value!r}; expected e.g. "
                                f"{DEFAULTS['CMS_BACKEND'].get(key, 'org/repo')!r})")
        if key in spec.fetched and not value.startswith("https://"):
            raise SettingsError(f"setting CMS_BACKEND.{key}: not an https address (got {value!r}; expected "
                                "e.g. 'https://git.example.vn/api/v1')")
    if name == "proxy" and not backend["proxy_url"].startswith("/"):
        raise SettingsError(f"setting CMS_BACKEND.proxy_url: not a path on the site's own address (got "
                            f"{backend['proxy_url']!r}; expected '/api/v1': the local backend is reached "
                            "through `invoke edit` on the same address)")
    if mode not in PUBLISH_MODES:
        raise SettingsError(f"setting CMS_PUBLISH_MODE: unknown mode (got {mode!r}; expected one of: "
                            f"{', '.join(PUBLISH_MODES)})")
    if mode == "editorial_workflow" and not spec.reviews:
        raise SettingsError(f"setting CMS_PUBLISH_MODE: the {name} backend cannot publish through pull requests "
                            f"(got {mode!r} with {name!r}; expected 'simple', or the forgejo backend, which can)")


def settings_doc() -> str:
    """docs/settings.md, generated from SETTINGS by `invoke docs` (a test keeps it current)."""
    lines = [
        "# Settings",
        "",
        "Công khai's settings go into `pelicanconf.py` (and `publishconf.py`) as upper-case",
        "names, beside Pelican's own. This page is generated from",
        "`pelican/plugins/congkhai/settings.py` by `invoke docs`; do not edit it by hand.",
        "",
        "| setting | default | meaning |",
        "|---|---|---|",
    ]
    for setting in SETTINGS:
        default = "`" + repr(setting.default) + "`" if setting.default not in (None, "") else "–"
        lines.append(f"| `{setting.name}` | {default} | {setting.help.replace('|', '/')} |")
    return "\n".join(lines) + "\n"

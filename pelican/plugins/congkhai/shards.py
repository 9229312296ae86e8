"""A site built in shards, on several machines, then merged: which pages and search bundles
each shard makes, the manifest it leaves, and the merge's checks and copies.

Glue, beside families.py: imports site/ (the view), search/ (the bundle plan) and build/.
A shard is a set of whole search bundles (search/page.bundles), and with them the item and
session pages of their sessions: a bundle's index is made from its pages alone, so a shard
that holds all of them makes it byte for byte as the one-process build does, and a session
is one body's, so the shards follow the bodies as far as the bundles do. Every shard reads
the whole content (cheap beside rendering and indexing); the merge renders every other
page and file (the site-wide ones, the sitemap, the feeds, the open data ZIP) from its own
view, checks each shard's manifest against that view, then takes the shards' files.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path

from .build.fingerprint import files_digest
from .domain import statistics
from .search import page as search_page
from .search import recent
from .search.page import INDEXED_FOLDERS, Bundle
from .site import fingerprints as site_fingerprints

MANIFEST = "congkhai-shard.json"  # at the top of a shard's output; the merge copies only what it lists
FORMAT = 1


class ShardError(RuntimeError):
    """The shards cannot be merged (or a shard cannot say what it made): every reason, one line each."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Shard:
    number: int  # 1 … count
    count: int
    bundles: tuple[Bundle, ...]  # in the order of the site's plan
    sessions: frozenset[str]  # the sessions whose pages the shard renders

    def owns(self, url: str) -> bool:
        return page_session(url) in self.sessions

    @property
    def name(self) -> str:
        return f"{self.number}/{self.count}"


def page_session(url: str) -> str:
    """The session whose page this is ('noi-dung/<session>/<item>/', 'doi-thoai/<session>/'), else ''."""
    top, _, rest = url.partition("/")
    return rest.partition("/")[0] if top in INDEXED_FOLDERS else ""


def plan(view, count: int) -> list[Shard]:
    """The site's search bundles dealt to `count` shards, heaviest first to the lightest shard
    (ties to the lower number), weighed by the pages of their sessions: the one place that says
    which shard makes which bundle. A site with fewer bundles than shards leaves shards empty."""
    everything = tuple(session.id for session in view.content.sessions)
    weights = {session.id: 1 + len(session.items) for session in view.content.sessions}
    bundles = search_page.bundles(view)
    held: list[list[int]] = [[] for _ in range(count)]
    loads = [0] * count
    by_weight = sorted(range(len(bundles)),
                       key=lambda i: (-sum(weights[s] for s in bundles[i].sessions or everything), i))
    for index in by_weight:
        lightest = min(range(count), key=lambda n: (loads[n], n))
        held[lightest].append(index)
        loads[lightest] += sum(weights[s] for s in bundles[index].sessions or everything)
    shards = []
    for number, indexes in enumerate(held, 1):
        chosen = tuple(bundles[i] for i in sorted(indexes))
        sessions = frozenset(s for bundle in chosen for s in bundle.sessions or everything)
        shards.append(Shard(number, count, chosen, sessions))
    return shards


def figures(view, sessions) -> dict:
    """The figures of the items raised at these sessions, as the site's and per body that held them."""
    chosen = [s for s in view.content.sessions if s.id in sessions]
    by_body: dict[str, list] = {}
    for session in chosen:
        by_body.setdefault(session.body, []).extend(view.status[i.id] for i in session.items if i.id in view.status)
    return {"total": asdict(statistics.figures(view.status[i.id] for s in chosen for i in s.items
                                               if i.id in view.status)),
            "by_body": {body: asdict(statistics.figures(statuses)) for body, statuses in sorted(by_body.items())}}


def stamp(view, settings: dict, theme: Path, content: Path) -> dict:
    """What a shard and the merge must share: the day, the site key (code, packages, theme,
    settings but where the build goes) and every content file."""
    return {"as_of": view.as_of.isoformat(), "site": site_fingerprints.site_key(settings, theme, view).hex(),
            "content": files_digest(content)}


def _files_digest(root: Path, names: list[str]) -> str:
    digest = hashlib.blake2b(digest_size=20)
    for name in names:
        digest.update(name.encode() + b"\0" + hashlib.blake2b((root / name).read_bytes()).digest())
    return digest.hexdigest()


def _bundle_files(root: Path, bundle: Bundle) -> list[str]:
    """The bundle's files; never the recent bundle nor its manifest, which are the whole site's
    (the only bundle's folder holds them): the merge writes that manifest
    (search.index.write_recent_manifest)."""
    names = (p.relative_to(root).as_posix() for p in (root / bundle.folder).rglob("*") if p.is_file())
    return sorted(n for n in names if n != recent.MANIFEST and not n.startswith(recent.RECENT + "/"))


def write_manifest(output: Path, shard: Shard, stamped: dict, pages: list[str], view_figures: dict) -> None:
    """congkhai-shard.json: the shard, what it was built from, its figures, and every file it made."""
    output.mkdir(parents=True, exist_ok=True)  # a shard with no bundle (a small site) made no file at all
    files = sorted(pages) + [name for bundle in shard.bundles for name in _bundle_files(output, bundle)]
    manifest = {"format": FORMAT, "shard": shard.number, "count": shard.count, **stamped,
                "bundles": [bundle.folder for bundle in shard.bundles], "sessions": sorted(shard.sessions),
                "figures": view_figures, "files": files, "digest": _files_digest(output, files)}
    (output / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                                   encoding="utf-8")


def _say(vietnamese: str, english: str) -> str:
    return f"congkhai: gộp phân đoạn: {vietnamese} / merge: {english}"


def read_manifests(folders: list[Path]) -> list[dict]:
    """Every shard's manifest; ShardError naming each folder without a readable one."""
    manifests, problems = [], []
    for folder in folders:
        path = folder / MANIFEST
        try:
            manifest = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            problems.append(_say(f"{path}: không có tệp này, thư mục không phải bản dựng của một phân đoạn; dựng nó "
                                 "bằng «invoke shard»",
                                 f"{path}: missing: the folder is not a shard's build; build it with `invoke shard`"))
            continue
        except (OSError, ValueError) as error:
            problems.append(_say(f"{path}: không đọc được ({error}); dựng lại phân đoạn đó",
                                 f"{path}: unreadable ({error}); build that shard again"))
            continue
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            got = manifest.get("format") if isinstance(manifest, dict) else type(manifest).__name__
            problems.append(_say(f"{path}: phiên bản {got!r}, cần {FORMAT}; dựng lại phân đoạn bằng mã hiện tại",
                                 f"{path}: format {got!r}, expected {FORMAT}; build the shard with this code"))
            continue
        manifests.append({**manifest, "folder": str(folder)})
    if problems:
        raise ShardError(problems)
    return manifests


def check(manifests: list[dict], shards: list[Shard], stamped: dict, view) -> list[str]:
    """Why these shards are not the whole site this merge would build; [] when they are.

    Each shard must be one of `count`, built from the same day, code, settings and content,
    hold the bundles and sessions the plan gives it, and report the figures the merge's own
    view gives for its sessions; together their figures are the site's."""
    problems = []
    count = len(shards)
    numbers = [m.get("shard") for m in manifests]
    for manifest in manifests:
        where = f"{manifest['folder']}/{MANIFEST}"
        if manifest.get("count") != count:
            problems.append(_say(f"{where}: phân đoạn của bản dựng {manifest.get('count')!r} phần, đang gộp {count} "
                                 "thư mục; đưa đủ mọi phân đoạn của cùng một lần dựng",
                                 f"{where}: a shard of {manifest.get('count')!r}, but {count} folders are merged; "
                                 "give every shard of one build"))
            continue
        for key, what in (("as_of", "ngày dữ liệu (AS_OF) / day (AS_OF)"),
                          ("site", "mã, giao diện hoặc thiết lập / code, theme or settings"),
                          ("content", "nội dung / content")):
            if manifest.get(key) != stamped[key]:
                problems.append(_say(f"{where}: {what.split(' / ')[0]} khác bản gộp ({manifest.get(key)!r}, bản gộp "
                                     f"{stamped[key]!r}); dựng mọi phân đoạn và bản gộp từ cùng một phiên bản, "
                                     "cùng AS_OF",
                                     f"{where}: its {what.split(' / ')[1]} differs from the merge's "
                                     f"({manifest.get(key)!r}, merge {stamped[key]!r}); build every shard and the "
                                     "merge from one commit with one AS_OF"))
        number = manifest.get("shard")
        if not isinstance(number, int) or not 1 <= number <= count or numbers.count(number) > 1:
            problems.append(_say(f"{where}: số phân đoạn {number!r} sai hoặc trùng (cần mỗi số từ 1 đến {count} "
                                 "một lần)",
                                 f"{where}: shard number {number!r} is out of range or repeated (expected each "
                                 f"of 1 to {count} once)"))
            continue
        shard = shards[number - 1]
        held = ([m for m in manifest.get("bundles", [])], sorted(manifest.get("sessions", [])))
        if held != ([b.folder for b in shard.bundles], sorted(shard.sessions)):
            problems.append(_say(f"{where}: giữ các gói tìm kiếm {held[0]}, kế hoạch giao {[b.folder for b in shard.bundles]}"
                                 "; dựng lại phân đoạn đó",
                                 f"{where}: holds the search bundles {held[0]}, the plan gives it "
                                 f"{[b.folder for b in shard.bundles]}; build that shard again"))
        expected = figures(view, shard.sessions)
        if manifest.get("figures") != expected:
            problems.append(_say(f"{where}: số liệu {manifest.get('figures', {}).get('total')} khác số liệu bản gộp "
                                 f"tính cho các phiên của nó {expected['total']}; dựng lại phân đoạn đó",
                                 f"{where}: figures {manifest.get('figures', {}).get('total')} differ from the "
                                 f"merge's for its sessions {expected['total']}; build that shard again"))
    missing = sorted(set(range(1, count + 1)) - set(numbers))
    if missing:
        problems.append(_say(f"thiếu phân đoạn {', '.join(map(str, missing))} của {count}",
                             f"shard(s) {', '.join(map(str, missing))} of {count} missing"))
    if not problems:
        sums = dict.fromkeys(asdict(view.figures), 0)
        for manifest in manifests:
            for key in sums:
                sums[key] += manifest["figures"]["total"][key]
        if sums != asdict(view.figures):
            problems.append(_say(f"tổng số liệu các phân đoạn {sums} khác số liệu toàn trang {asdict(view.figures)}: "
                                 "có phiên không thuộc phân đoạn nào",
                                 f"the shards' figures add up to {sums}, the site's are {asdict(view.figures)}: "
                                 "some session is in no shard"))
    return problems


def take(output: Path, manifests: list[dict]) -> int:
    """Put every shard's files into the merged output (hard links where the file system allows,
    else copies) and check them against the shard's digest; the number of files taken."""
    problems, taken = [], 0
    for manifest in sorted(manifests, key=lambda m: m["shard"]):
        source = Path(manifest["folder"])
        for name in manifest["files"]:
            target = output / name
            if target.exists():
                problems.append(_say(f"{target}: bản gộp đã làm tệp này, phân đoạn {manifest['shard']} cũng làm",
                                     f"{target}: made by the merge and by shard {manifest['shard']}"))
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(source / name, target)
            except FileNotFoundError:
                problems.append(_say(f"{source / name}: phân đoạn ghi trong danh sách nhưng không có tệp; tải lại "
                                     "hoặc dựng lại phân đoạn đó",
                                     f"{source / name}: listed by the shard but missing; download or build that "
                                     "shard again"))
                continue
            except OSError:  # another file system (a CI artifact unpacked elsewhere)
                shutil.copyfile(source / name, target)
            taken += 1
        if not problems and _files_digest(output, manifest["files"]) != manifest["digest"]:
            problems.append(_say(f"{source}: các tệp của phân đoạn {manifest['shard']} khác lúc dựng (tải về bị "
                                 "hỏng?); tải lại hoặc dựng lại phân đoạn đó",
                                 f"{source}: shard {manifest['shard']}'s files differ from what it built "
                                 "(damaged in transfer?); download or build that shard again"))
    if problems:
        raise ShardError(problems)
    return taken

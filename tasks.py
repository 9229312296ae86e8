"""Tasks for building, previewing and testing the site (run with `invoke`)."""

import contextlib
import json
import os
import shlex
import shutil
import sys
from pathlib import Path

from invoke import task

ROOT = Path(__file__).parent
# The site the editing tasks work on: this checkout's sample, or a site `invoke new-site` made
# (its `congkhai` script sets CONGKHAI_SITE to its folder).
SITE = Path(os.environ.get("CONGKHAI_SITE") or ROOT).resolve()
OUTPUT = SITE / "output"
PYTHON = shlex.quote(sys.executable)


def _pelican(c, settings, output, as_of=None, fatal=True, overrides=None, lock=None, label="", checked=None):
    """Pelican into output. checked: (cache, mark) to check the content first in the same process
    (tools/build.py: every problem printed as `invoke validate` prints it, and nothing written;
    then the named moment «validated», then the mark made when there is one)."""
    # One -e followed by every KEY=VALUE: Pelican keeps only the last -e it is given.
    overrides = {**({"AS_OF": as_of} if as_of else {}), **(overrides or {})}
    arguments = ["content", "-s", str(settings), "-o", str(output)]
    if overrides:
        arguments += ["-e", *(f"{k}={json.dumps(v)}" for k, v in overrides.items())]
    arguments += ["--fatal", "warnings"] if fatal else []
    if checked is None:
        _run(c, [sys.executable, "-m", "pelican", *arguments], lock, label)
        return
    cache, mark = checked
    _run(c, [sys.executable, "-m", "pelican.plugins.congkhai.tools.build", "content", "-s", str(settings),
             *(["--as-of", as_of] if as_of else []), *(["--cache"] if cache else []),
             *(["--mark", str(mark)] if mark else []), "--", *arguments], lock, label)


def _run(c, command: list[str], lock: int | None = None, label: str = ""):
    """Run a build step as c.run would (its output shown and kept, UnexpectedExit on failure),
    but with the build lock's descriptor passed on: while the step or any process it started
    still runs, the lock stays held, even if this command was killed (build/lock.py).
    label: put before each line shown, when several steps run at once (not in what is kept)."""
    import subprocess
    import threading

    from invoke.exceptions import UnexpectedExit
    from invoke.runners import Result

    process = subprocess.Popen(command, cwd=c.cwd or None, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               stdin=subprocess.DEVNULL, pass_fds=(lock,) if lock is not None else ())
    kept = {"stdout": [], "stderr": []}

    def relay(name):
        stream, shown = getattr(process, name), getattr(sys, name)
        for line in iter(stream.readline, b""):
            text = line.decode("utf-8", errors="replace")
            kept[name].append(text)
            shown.write(label + text)
            shown.flush()

    threads = [threading.Thread(target=relay, args=(name,), daemon=True) for name in kept]
    for thread in threads:
        thread.start()
    exited = process.wait()
    for thread in threads:
        thread.join()
    result = Result(stdout="".join(kept["stdout"]), stderr="".join(kept["stderr"]), command=shlex.join(command),
                    exited=exited)
    if exited != 0:
        raise UnexpectedExit(result)
    return result


LOCK_WAIT = float(os.environ.get("CONGKHAI_LOCK_WAIT", 900))  # seconds a build waits for a running one


@contextlib.contextmanager
def build_lock(c, command: str):
    """The checkout's build lock (build/lock.py), held by every command that writes output/,
    its spare or the cache; a clear refusal, never a traceback, when it stays busy."""
    from invoke.exceptions import Exit

    from pelican.plugins.congkhai.build import lock

    with contextlib.ExitStack() as stack:
        try:  # only taking the lock: what fails inside the build is the build's to say
            descriptor = stack.enter_context(lock.held(Path(c.cwd or os.getcwd()), command, LOCK_WAIT,
                                                       say=lambda line: print(line, file=sys.stderr)))
        except lock.LockBusy as busy:
            raise Exit(str(busy), code=1)
        except OSError as error:  # the lock cannot even be made: a read-only or foreign folder
            from pelican.plugins.congkhai.build import space

            raise Exit(space.not_writable_message(Path(c.cwd or os.getcwd()), error.errno), code=1)
        yield descriptor


def build_into(c, output: Path, settings="pelicanconf.py", as_of=None, cache=False, shards=0, merge=()):
    """Build beside `output`, then swap it in: a failed or killed build leaves `output` as it was.

    One build at a time per checkout (build_lock). Without the cache, the build goes into a
    fresh folder. With it (BUILD_CACHE), unchanged files are not parsed again and unchanged
    pages are not rendered again (build/rendering.py), and the folder replaced by a build is
    kept as the spare (`output.spare`): the next build updates the spare in place, writing
    only what differs from what it holds, and swaps it in. The first cached build, with no
    spare yet, fills a fresh folder with hard links to the current output's unchanged pages
    (PREVIOUS_OUTPUT).

    A spare is trusted only when complete: a mark (`<its record>.building`) is left in the
    cache while a build writes into it and removed when that build has finished; a spare
    still marked was left by a failed or killed build and is thrown away, never reused.
    The swap is one atomic exchange of the two folders (build/swap.py), so at no moment is
    `output` missing or half new; a build that reports failure has not swapped.

    shards: build in that many shards at once, then merge them (_sharded); merge: the folders
    of shards built elsewhere (`invoke shard`), merged. Either builds without the cache.
    """
    from invoke.exceptions import Exit

    chosen = Path(c.cwd or os.getcwd()) / settings
    if not chosen.is_file():  # before the lock: a folder that is not a site's is told so, not taken
        raise Exit(f"{chosen}: không có tệp cấu hình này của trang. Dựng trong thư mục của trang (thư mục có "
                   f"{chosen.name}), hoặc tạo trang mới bằng `invoke new-site`; trang đã công bố vẫn giữ nguyên. / "
                   f"{chosen}: the site's settings file is not there. Build in the site's folder (the one that "
                   f"holds {chosen.name}), or make a new site with `invoke new-site`; the published site was left "
                   f"as it was.", code=1)
    output = Path(c.cwd or os.getcwd()) / output  # messages name it whole
    with build_lock(c, f"invoke build → {output.name}/") as lock:
        _build_locked(c, output, settings, as_of, cache and not (shards or merge), lock, shards, merge)


def _build_locked(c, output: Path, settings, as_of, cache, lock, shards=0, merge=()):
    from invoke.exceptions import Exit, UnexpectedExit

    from pelican.plugins.congkhai.build import faults, space, swap

    staging = output.with_name(output.name + ".new")
    spare = output.with_name(output.name + ".spare")
    swap.recover(staging, output)  # a two-rename swap stopped between its renames
    for folder in (staging, output.with_name(output.name + ".old")):
        _remove(folder)
    marks = _cache_dir(settings, c.cwd or ".")
    unfinished = _building_mark(marks, spare)
    in_place = cache and output.exists() and _has_record(spare, marks) and not unfinished.exists()
    if not in_place:
        _remove(spare)
        unfinished.unlink(missing_ok=True)
    target = spare if in_place else staging
    output.parent.mkdir(parents=True, exist_ok=True)
    code = space.writable(output.parent)
    if code is not None:
        raise Exit(space.not_writable_message(output.parent, code), code=1)
    if not (cache and output.exists()):  # a whole new copy
        size = space.tree_size(output) if output.exists() else 0
        free = space.free_bytes(output.parent)
        if size > free:
            raise Exit(space.full_message(output, size, free), code=1)
    overrides = {"BUILD_CACHE": True} if cache else {}
    if cache and not in_place and output.exists():
        overrides["PREVIOUS_OUTPUT"] = str(output.resolve())
    mark = _building_mark(marks, target) if in_place else None
    try:
        if shards or merge:
            _validate(c, settings, as_of, cache=cache, lock=lock)  # every content problem, plainly, before Pelican starts
            faults.point("validated")
            if mark:
                mark.parent.mkdir(parents=True, exist_ok=True)
                mark.touch()
        if shards:
            _sharded(c, settings, target, as_of, shards, lock)
        elif merge:
            _pelican(c, settings, target, as_of, lock=lock,
                     overrides={"MERGE_SHARDS": [str(Path(c.cwd or os.getcwd()) / folder) for folder in merge]})
        else:  # the same check, moment and mark, then Pelican, in one process (tools/build.py)
            _pelican(c, settings, target, as_of, overrides=overrides, lock=lock, checked=(cache, mark))
        faults.point("built")
        if mark:
            mark.unlink()
        swap.put_in_place(target, output)
    except BaseException as failure:
        _remove(staging)
        if mark and mark.exists():  # half updated: of no use, and it holds space
            _remove(spare)
            mark.unlink(missing_ok=True)
        said = failure.result.stderr + failure.result.stdout if isinstance(failure, UnexpectedExit) else ""
        code = failure.errno if isinstance(failure, OSError) else space.error_in(said)
        if code in space.FULL + space.NOT_WRITABLE:  # output is as it was: its size is what a copy needs
            print(space.refusal(output, code, space.tree_size(output) if output.exists() else 0), file=sys.stderr)
        print(f"Dựng trang không thành: {output}/ giữ nguyên như trước / Build failed: {output}/ was left as it was.",
              file=sys.stderr)
        raise
    faults.point("swapped")
    # `target` now holds the site that was published before: kept as the next spare, or removed.
    if target == staging:
        if cache:
            try:
                os.rename(staging, spare)
            except OSError:
                _remove(staging)
        else:
            _remove(staging)


def _sharded(c, settings, target: Path, as_of, count: int, lock):
    """The steps of the sharded workflow (.github/workflows/sharded.yml) on this machine: every
    shard built at once, each by its own Pelican process into <target>.shards/<number>, then
    the merge into target; the shards' folders are removed either way."""
    import threading

    folder = target.with_name(target.name + ".shards")
    _remove(folder)
    folders = [folder / str(number) for number in range(1, count + 1)]
    failures = []

    def shard(number):
        try:
            _pelican(c, settings, folders[number - 1], as_of, lock=lock,
                     overrides={"BUILD_SHARD": f"{number}/{count}"}, label=f"[{number}/{count}] ")
        except BaseException as failure:  # raised again below, once every shard has finished
            failures.append(failure)

    try:
        threads = [threading.Thread(target=shard, args=(number,)) for number in range(1, count + 1)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if failures:
            raise failures[0]
        _pelican(c, settings, target, as_of, lock=lock, overrides={"MERGE_SHARDS": [str(f) for f in folders]})
    finally:
        _remove(folder)


def _remove(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def _cache_dir(settings: str, cwd: str) -> Path:
    from pelican.settings import read_settings

    return Path(cwd) / read_settings(str(Path(cwd) / settings))["CACHE_PATH"] / "congkhai"  # as Pelican run in cwd finds it


def _building_mark(cache: Path, folder: Path) -> Path:
    """The mark of a build writing into `folder`, beside the folder's record in the cache."""
    from pelican.plugins.congkhai.build.rendering import record_path

    if not folder.is_dir():
        return cache / "building-none"
    return record_path(cache, folder).with_suffix(".building")


def _has_record(folder: Path, cache: Path) -> bool:
    """Does the cache hold the record of the build that made `folder` (what it wrote there)?
    Without it a build in place could not tell which old files to remove."""
    if not folder.is_dir():
        return False
    from pelican.plugins.congkhai.build.rendering import record_path

    return record_path(cache, folder).exists()


def _validate(c, settings="pelicanconf.py", as_of=None, content="content", cache=False, lock=None):
    # cache: only changed files are checked again, and the build after finds them checked
    extra = (["--as-of", as_of] if as_of else []) + (["--cache"] if cache else [])
    _run(c, [sys.executable, "-m", "pelican.plugins.congkhai.tools.check", content, "-s", str(settings), *extra], lock)


@task(help={"as_of": "check as of that day, e.g. 2018-07-05 (default: AS_OF, else today in Asia/Ho_Chi_Minh)",
            "settings": "settings file with PRIVACY_ALLOWED_NUMBERS (default pelicanconf.py)"})
def validate(c, as_of=None, settings="pelicanconf.py"):
    """Check all content: one line per problem (path:line: field: message), a count, non-zero exit on any."""
    with c.cd(str(SITE)):
        _validate(c, settings, as_of)


def _write_new(path: Path, text: str):
    from invoke.exceptions import Exit

    if path.exists():
        raise Exit(f"{path.relative_to(SITE)} đã có, chưa ghi gì / already exists: nothing written.", code=1)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"{path.relative_to(SITE)}: đã ghi; điền các chỗ trống rồi chạy `invoke validate` / written; fill in the "
          "empty values, then run `invoke validate`.")


def _day(date):
    import datetime as dt

    from pelican.plugins.congkhai.settings import today_in_vietnam

    return dt.date.fromisoformat(date) if date else today_in_vietnam()


@task(help={"commune": "commune id from content/data/communes.yaml, e.g. tan-ha",
            "audience": "nhan-dan (default), can-bo-y-te-giao-duc, mat-tran-doan-the, …",
            "date": "the session's day (default: today in Asia/Ho_Chi_Minh)",
            "body": "the body holding it, an id of content/data/bodies.yaml (its folder, chairs and basis)"})
def new_session(c, commune="", audience="nhan-dan", date=None, body=""):
    """Write content/sessions/[<body>/]<date>-<commune>.yaml, a skeleton to fill in (today's date, numbers from 1)."""
    from invoke.exceptions import Exit

    from pelican.plugins.congkhai.content.model import build_content
    from pelican.plugins.congkhai.content.reading import read_tree
    from pelican.plugins.congkhai.tools import skeletons

    content = SITE / "content"
    documents = read_tree(content)
    bodies = build_content([d for d in documents if d.kind == "bodies" and d.data]).bodies
    if body and body not in bodies:
        raise Exit(f"new-session: không có đơn vị {body!r} trong content/data/bodies.yaml / unknown body {body!r} "
                   f"(expected one of: {', '.join(bodies)})", code=1)
    try:
        path, text = skeletons.new_session(content, _day(date), commune, skeletons.communes_of(documents), audience,
                                           bodies.get(body))
    except skeletons.SkeletonError as error:
        raise Exit(f"new-session: {error}", code=1)
    _write_new(path, text)


@task(help={"item_id": "the item answered, e.g. 2018-06-12-tan-ha/3.2",
            "date": "the response's day (default: today in Asia/Ho_Chi_Minh)"})
def new_response(c, item_id, date=None):
    """Write the item's next response file, content/responses/<session>/<op>.<item>-<n>.md, to fill in."""
    from invoke.exceptions import Exit

    from pelican.plugins.congkhai.tools import skeletons
    from pelican.plugins.congkhai.content.reading import read_tree

    content = SITE / "content"
    try:
        path, text = skeletons.new_response(content, read_tree(content), item_id, _day(date))
    except skeletons.SkeletonError as error:
        raise Exit(f"new-response: {error}", code=1)
    _write_new(path, text)


@task(help={"file": "the tracking sheet, .xlsx or .csv (see docs/spreadsheets.md)",
            "write": "write the files (default: a dry run that only says what it would write)",
            "replace": "also overwrite files edited by hand since they were imported",
            "columns": "a YAML file mapping unusual headers to the template's, e.g. 'Ý kiến cử tri: Nội dung ý kiến'",
            "settings": "settings file for the checks (default pelicanconf.py)"})
def import_sheet(c, file, write=False, replace=False, columns="", settings="pelicanconf.py"):
    """Turn a tracking sheet into session and response files: a dry run, checked as the build checks, unless --write."""
    from invoke.exceptions import Exit

    from pelican.plugins.congkhai.content.problems import WROTE_NOTHING, format_problems
    from pelican.plugins.congkhai.tools import importsheet
    from pelican.plugins.congkhai.tools.check import read_options

    mapping = {}
    if columns:
        import yaml

        mapping = yaml.safe_load(Path(columns).read_text(encoding="utf-8")) or {}
        if not isinstance(mapping, dict):
            raise Exit(f"{columns}: expected lines of the form «header in the sheet: header of the template»", code=1)
    options = read_options(str(ROOT / settings) if settings else None, None)
    lines, problems = importsheet.run(Path(file), ROOT / "content", options, write_files=write, replace=replace,
                                      mapping=mapping)
    print("\n".join(lines))
    if problems:
        raise Exit(format_problems(problems, WROTE_NOTHING), code=1)


@task(help={"file": "where to write the workbook (default tracking.xlsx)"})
def export_sheet(c, file="tracking.xlsx"):
    """Write the content in the tracking sheet's form, the form import-sheet reads back."""
    from pelican.plugins.congkhai.content.model import build_content
    from pelican.plugins.congkhai.content.reading import read_tree
    from pelican.plugins.congkhai.outputs import office, tracking

    content = build_content(read_tree(ROOT / "content"))
    Path(file).write_bytes(tracking.workbook(content, office.FIXED_DAY, *tracking.content_rows(content)))
    print(f"{file}: {len(content.sessions)} sessions written.")


@task(help={"as_of": "the report's day, e.g. 2018-07-05 (a REPORTS entry of that day, if the settings have one)",
            "docx": "also write it as a Word document in the issuer's official layout",
            "output": "the .docx to write (default bao-cao-<as_of>.docx)",
            "issuer": "chinh-quyen (Nghị định 30/2020, the default) or dang (Hướng dẫn 36-HD/VPTW)",
            "body": "the issuing body, an id of content/data/bodies.yaml (default: the one its sessions share)",
            "settings": "settings file (default pelicanconf.py)"})
def report(c, as_of, docx=False, output="", issuer="", body="", settings="pelicanconf.py"):
    """Say a report's sentence as of a day, the site's own words and figures; with --docx, write its Word copy."""
    import dataclasses
    import datetime as dt

    from invoke.exceptions import Exit

    from pelican.plugins.congkhai.content.problems import ContentError
    from pelican.plugins.congkhai.domain import deadlines
    from pelican.plugins.congkhai.generator import load_content
    from pelican.plugins.congkhai.outputs import wordreport
    from pelican.plugins.congkhai.settings import ISSUERS, ReportSpec, SettingsError
    from pelican.plugins.congkhai.site.views import SiteView
    from pelican.plugins.congkhai.tools.check import read_options

    try:
        options = read_options(str(ROOT / settings) if settings else None, as_of)
    except SettingsError as error:
        raise Exit(str(error), code=1)
    if issuer and issuer not in ISSUERS:
        raise Exit(f"report: unknown issuer {issuer!r} (expected one of: {', '.join(ISSUERS)})", code=1)
    try:
        content, _seeds, _checked_before = load_content(ROOT / "content", options)
    except ContentError:  # its problems are on stderr already
        raise Exit("report: the content has problems (above); nothing was written.", code=1)
    day = options["AS_OF"]
    first = min((s.date for s in content.sessions), default=day)
    spec = next((r for r in options["REPORTS"] if r.as_of == day), ReportSpec(day, first, day))
    spec = dataclasses.replace(spec, **{k: v for k, v in (("issuer", issuer), ("body", body)) if v})
    if spec.body and spec.body not in content.bodies:
        raise Exit(f"report: unknown body {spec.body!r} (expected one of: {', '.join(content.bodies)})", code=1)
    view = SiteView(content, day, [spec], deadlines.policy_from(options), options)
    entry = view.reports[0]
    print(wordreport.contents(view, entry).sentence)
    if docx:
        target = Path(output or f"bao-cao-{dt.date.isoformat(day)}.docx")
        target.write_bytes(wordreport.document(view, entry))
        print(f"{target}: written.")


@task
def schemas(c):
    """Regenerate schemas/*.schema.json (the editors' key completion) from the content rules."""
    from pelican.plugins.congkhai.tools.schemas import all_schemas

    for name, text in all_schemas().items():
        (ROOT / "schemas" / name).parent.mkdir(exist_ok=True)
        (ROOT / "schemas" / name).write_text(text, encoding="utf-8")
        print(f"schemas/{name}")


@task(name="new-site", help={"folder": "where to make the site (a new or empty folder)",
                             "name": "the body, as inside a sentence, e.g. «xã Sơn Mỹ», «tỉnh Lâm Đồng»",
                             "province": "the province it belongs to, e.g. «tỉnh Lâm Đồng» (none for a province)"})
def new_site(c, folder, name, province=""):
    """Make a site of one body in FOLDER: its reference tables, empty session and response folders,
    its settings, and a `congkhai` script that runs these tasks on it."""
    from invoke.exceptions import Exit

    from pelican.plugins.congkhai.tools.newsite import SiteError, scaffold

    target = Path(folder).expanduser().resolve()
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise Exit(f"new-site: {target} đã có và không trống; chọn một thư mục mới / already exists and is not "
                   "empty: choose a new folder (nothing written)", code=1)
    try:
        files = scaffold(name, province, ROOT, ROOT / "content" / "data" / "topics.yaml")
    except SiteError as error:
        raise Exit(f"new-site: {error}", code=1)
    for relative, text in files.items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (target / "congkhai").chmod(0o755)
    print(f"{target}: đã tạo trang của {name} / made the site of {name}; next: cd {target} && ./congkhai build")


@task(help={"content": "the content folder (default content)",
            "check": "only say what would change, and fail if anything would"})
def migrate(c, content="content", check=False):
    """Rewrite content files to the current version of the content format (renamed keys), keeping
    comments and key order; running it again changes nothing."""
    from invoke.exceptions import Exit

    from pelican.plugins.congkhai.tools.migrate import main

    code = main([content, *(["--check"] if check else [])])
    if code:
        raise Exit(code=code)


# Who owns the rest of the site (data tables, settings, code, theme); each body's editors own its folders.
MAINTAINERS = ("@cong-khai-lam-dong/quan-tri",)


@task
def codeowners(c):
    """Regenerate .github/CODEOWNERS from each body's editors in content/data/bodies.yaml."""
    from pelican.plugins.congkhai.content.model import build_content
    from pelican.plugins.congkhai.content.reading import read_tree
    from pelican.plugins.congkhai.tools.owners import codeowners as make

    (ROOT / ".github" / "CODEOWNERS").write_text(make(build_content(read_tree(ROOT / "content")), MAINTAINERS),
                                                 encoding="utf-8")
    print(".github/CODEOWNERS")


@task(help={"as_of": "build the site as it stood that day, e.g. 2018-07-05 (default: today)",
            "cache": "reuse unchanged parsed files and pages of the last build (default on; --no-cache: all again)",
            "shards": "build in N shards, each in its own process at once, then merge them (without the cache; "
                      "docs/scaling.md)"})
def build(c, as_of=None, cache=True, shards=0):
    """Build the site into output/ (validated first; output/ untouched on failure)."""
    with c.cd(str(SITE)):
        build_into(c, OUTPUT, as_of=as_of, cache=cache, shards=_shard_count(shards))


def _shard_count(value) -> int:
    from invoke.exceptions import Exit

    if not str(value).isdigit():
        raise Exit(f"--shards: không phải số nguyên dương (gặp {value!r}; ví dụ 2) / not a positive whole number "
                   f"(got {value!r}; expected e.g. 2)", code=1)
    return int(value)


@task(help={"number": "which shard, from 1 to COUNT", "count": "how many shards the site is built in",
            "output": "the shard's folder (default shards/NUMBER); emptied first",
            "as_of": "build as of that day (every shard and the merge need the same; default: today)",
            "settings": "pelicanconf.py or publishconf.py (the same for every shard and the merge)"})
def shard(c, number, count, output="", as_of=None, settings="pelicanconf.py"):
    """Build one shard of the site: its item and session pages and search bundles, and congkhai-shard.json."""
    from invoke.exceptions import Exit

    from pelican.plugins.congkhai.settings import parse_shard

    if parse_shard(f"{number}/{count}") is None:
        raise Exit(f"shard: {number}/{count} không phải một phân đoạn (cần 1 ≤ NUMBER ≤ COUNT) / is not a shard "
                   "(expected 1 <= NUMBER <= COUNT)", code=1)
    with c.cd(str(SITE)):
        folder = SITE / (output or f"shards/{number}")
        _remove(folder)
        _validate(c, settings, as_of)
        _pelican(c, settings, folder, as_of, overrides={"BUILD_SHARD": f"{number}/{count}"})


@task(help={"folders": "every shard's folder, comma-separated (default: shards/*)",
            "as_of": "the day the shards were built as of",
            "settings": "the settings the shards were built with"})
def merge(c, folders="", as_of=None, settings="pelicanconf.py"):
    """Merge every shard's build into output/: the site-wide pages and files, the shards' pages and search bundles."""
    from invoke.exceptions import Exit

    with c.cd(str(SITE)):
        chosen = [f for f in folders.split(",") if f] or sorted(
            (str(p.relative_to(SITE)) for p in (SITE / "shards").glob("*") if p.is_dir()),
            key=lambda name: (len(name), name))
        if not chosen:
            raise Exit("merge: không có phân đoạn nào trong shards/ / no shard in shards/ (build them with "
                       "`invoke shard`, or give --folders)", code=1)
        build_into(c, OUTPUT, settings=settings, as_of=as_of, merge=chosen)


@task
def clean(c):
    """Remove generated files."""
    with c.cd(str(SITE)), build_lock(c, "invoke clean"):
        for folder in (OUTPUT, OUTPUT.with_name("output.spare"), SITE / "cache"):
            shutil.rmtree(folder, ignore_errors=True)


@task(pre=[clean])
def rebuild(c, as_of=None):
    """Clean, then build."""
    with c.cd(str(SITE)):
        build_into(c, OUTPUT, as_of=as_of)


@task(help={"port": "port on localhost (default 8000)"})
def serve(c, port=8000):
    """Serve output/ on http://localhost:PORT for a preview."""
    c.run(f"{PYTHON} -m pelican --listen -o {OUTPUT} -p {int(port)} -b 127.0.0.1", pty=False)


@task(help={"port": "port on localhost (default 8000)", "no_browser": "do not open the browser"})
def edit(c, port=8000, no_browser=False):
    """Edit this checkout in the web editor: build, start the local backend, serve, open /admin/."""
    import time
    import webbrowser

    from pelican.plugins.congkhai.tools.editserver import EditorError, EditServer, LocalBackend

    build_into(c, OUTPUT)
    try:
        with LocalBackend(ROOT) as backend, EditServer(OUTPUT, backend, int(port)) as server:
            print(f"Trang biên tập: {server.url}/admin/ (chỉ máy này mở được; Ctrl+C để dừng) / "
                  f"the editor, on this computer only: {server.url}/admin/ (Ctrl+C stops it)")
            if not no_browser:
                webbrowser.open(f"{server.url}/admin/")
            while True:
                time.sleep(3600)
    except EditorError as error:
        sys.exit(str(error))
    except KeyboardInterrupt:
        pass


@task
def docs(c):
    """Regenerate docs/settings.md from the settings registry and docs/editing.md's table of messages from their catalogue."""
    from pelican.plugins.congkhai.content.messages import with_doc_table
    from pelican.plugins.congkhai.settings import settings_doc

    (ROOT / "docs" / "settings.md").write_text(settings_doc(), encoding="utf-8")
    editing = ROOT / "docs" / "editing.md"
    editing.write_text(with_doc_table(editing.read_text(encoding="utf-8")), encoding="utf-8")


@task(help={"args": "extra arguments for pytest, e.g. '-k report'",
            "workers": "pytest-xdist processes (default 2: the machines CI runs on have two cores)"})
def tests(c, args="", workers=2):
    """Run the whole test suite, in parallel (pytest-xdist)."""
    env = {"PYTHONHASHSEED": "0"}
    parallel = f"-n {int(workers)} " if int(workers) > 1 else ""
    c.run(f"{PYTHON} -m pytest {parallel}{args}", env={**os.environ, **env}, pty=False)


@task
def i18n(c):
    """Extract interface strings into theme/translations/messages.pot and update every language's messages.po."""
    sys.path.insert(0, str(ROOT))
    from pelican.plugins.congkhai.tools import catalogs
    from pelican.plugins.congkhai.settings import DEFAULTS

    for path in catalogs.update(ROOT / "theme" / "translations", ROOT / "theme" / "templates",
                                DEFAULTS["LANGUAGES"]):
        missing = catalogs.untranslated(path) if path.suffix == ".po" else []
        note = f": {len(missing)} msgid(s) to translate" if missing else ""
        print(f"{path.relative_to(ROOT)}{note}")


@task(help={"output": "folder for the PNG files (default docs/screenshots)"})
def screenshots(c, output="docs/screenshots"):
    """Build the sample as of 2018-07-05 and today; 360 px screenshots of home, session, item, report, province."""
    site, today = ROOT / "output.screenshots", ROOT / "output.screenshots-today"
    build_into(c, site, as_of="2018-07-05")
    build_into(c, today)
    c.run(f"{PYTHON} {shlex.quote(str(ROOT / 'scripts' / 'screenshots.py'))} "
          f"{shlex.quote(str(site))} {shlex.quote(str(ROOT / output))} {shlex.quote(str(today))}", pty=False)


@task(help={"output": "the folder for the PNG files (default docs/screenshots)"})
def office_screenshots(c, output="docs/screenshots"):
    """Images of the tracking sheet and the Word report as LibreOffice renders them (needs soffice and pdftoppm)."""
    c.run(f"{PYTHON} {shlex.quote(str(ROOT / 'scripts' / 'office_screenshots.py'))} {shlex.quote(str(ROOT / output))}",
          pty=False)


# --- CI and deploys: `invoke ci` is what the GitHub workflow runs; deploys need its stamp. ---
CI_STAMP = ROOT / "cache" / "ci-passed.json"


def _site_url(settings):
    from pelican.settings import read_settings

    return read_settings(str(ROOT / settings)).get("SITEURL", "")


@task(help={"output": "the built folder (default output/)",
            "settings": "the settings it was built with, for absolute links (default pelicanconf.py)"})
def linkcheck(c, output=str(OUTPUT), settings="pelicanconf.py"):
    """Check every internal link, anchor, asset and feed reference of a built site, offline."""
    c.run(f"{PYTHON} -m pelican.plugins.congkhai.tools.linkcheck {shlex.quote(output)} "
          f"--site-url {shlex.quote(_site_url(settings))}", pty=False)


def _git_state(c):
    head = c.run("git rev-parse HEAD", hide=True).stdout.strip()
    dirty = c.run("git status --porcelain", hide=True).stdout.splitlines()
    return head, dirty


@task(help={"settings": "pelicanconf.py (preview) or publishconf.py (what is deployed)",
            "as_of": "build as of that day (default: today)",
            "format": "'github' also prints each content problem as a GitHub annotation",
            "args": "extra arguments for pytest"})
def ci(c, settings="pelicanconf.py", as_of=None, format="text", args=""):
    """Validate and build, link-check, run the tests; on a clean tree, stamp the commit for deploys."""
    from invoke.exceptions import UnexpectedExit

    from pelican.plugins.congkhai.tools import annotations
    from pelican.plugins.congkhai.tools import deploy

    CI_STAMP.unlink(missing_ok=True)
    try:
        build_into(c, OUTPUT, settings=settings, as_of=as_of)  # validation runs first inside the build
    except UnexpectedExit as failure:
        if format == "github":
            print("\n".join(annotations.annotations(failure.result.stderr + failure.result.stdout)))
        raise
    linkcheck(c, str(OUTPUT), settings)
    tests(c, args)
    head, dirty = _git_state(c)
    if dirty:
        print("ci passed, but the tree has uncommitted changes: no deploy stamp written.")
        return
    deploy.write_stamp(CI_STAMP, deploy.Stamp(head, settings, deploy.tree_digest(OUTPUT)))
    print(f"ci passed on {head[:12]} ({settings}): output/ may be deployed.")


def _refuse_unless_ci_passed(c, settings="publishconf.py"):
    from invoke.exceptions import Exit

    from pelican.plugins.congkhai.tools import deploy

    head, dirty = _git_state(c)
    reason = deploy.refusal(deploy.read_stamp(CI_STAMP), head, dirty, settings, OUTPUT)
    if reason:
        raise Exit(f"Not deploying: {reason}.", code=1)
    return head


@task(help={"target": "rsync destination, user@host:/var/www/congkhai (default: $PUBLISH_TARGET)",
            "port": "SSH port (default: $PUBLISH_SSH_PORT or 22)"})
def publish(c, target=None, port=None):
    """Copy output/ to a web server with rsync over SSH, only if `invoke ci --settings publishconf.py` passed."""
    from invoke.exceptions import Exit

    target = target or os.environ.get("PUBLISH_TARGET", "")
    if not target:
        raise Exit("Not deploying: no target (give --target user@host:/path or set PUBLISH_TARGET).", code=1)
    _refuse_unless_ci_passed(c)
    port = int(port or os.environ.get("PUBLISH_SSH_PORT", 22))
    with build_lock(c, "invoke publish"):  # no build swaps output/ while it is copied
        c.run(f"rsync -e 'ssh -p {port}' -P -rvzc --delete {shlex.quote(str(OUTPUT))}/ {shlex.quote(target)}",
              pty=False)


@task(name="gh-pages", help={"push": "also push the gh-pages branch to origin"})
def gh_pages(c, push=False):
    """Commit output/ to the gh-pages branch (ghp-import), only if `invoke ci --settings publishconf.py` passed."""
    head = _refuse_unless_ci_passed(c)
    ghp_import = shlex.quote(str(Path(sys.executable).parent / "ghp-import"))
    with build_lock(c, "invoke gh-pages"):  # no build swaps output/ while it is committed
        c.run(f"{ghp_import} --no-jekyll {'--push ' if push else ''}--branch gh-pages "
              f"--message {shlex.quote(f'Site built from {head[:12]}')} {shlex.quote(str(OUTPUT))}", pty=False)

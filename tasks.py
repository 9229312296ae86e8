"""Tasks for building, previewing and testing the site (run with `invoke`)."""

import json
import os
import shlex
import shutil
import sys
from pathlib import Path

from invoke import task

ROOT = Path(__file__).parent
OUTPUT = ROOT / "output"
PYTHON = shlex.quote(sys.executable)


def _pelican(c, settings, output, as_of=None, fatal=True, overrides=None):
    # One -e with every KEY=VALUE: Pelican keeps only the last -e it is given.
    overrides = {**({"AS_OF": as_of} if as_of else {}), **(overrides or {})}
    extra = " -e " + " ".join(shlex.quote(f"{k}={json.dumps(v)}") for k, v in overrides.items()) if overrides else ""
    strict = " --fatal warnings" if fatal else ""
    c.run(f"{PYTHON} -m pelican content -s {settings} -o {shlex.quote(str(output))}{extra}{strict}",
          pty=False)


def build_into(c, output: Path, settings="pelicanconf.py", as_of=None, cache=False):
    """Build beside `output`, then swap it in: a failed build leaves `output` as it was.

    Without the cache, the build goes into a fresh folder. With it (BUILD_CACHE),
    unchanged files are not parsed again and unchanged pages are not rendered
    again (build/rendering.py), and the folder replaced by a build is kept as the spare
    (`output.spare`): the next build updates the spare in place, writing only
    what differs from what it holds, and swaps it in. The first cached build,
    with no spare yet, fills a fresh folder with hard links to the current
    output's unchanged pages (PREVIOUS_OUTPUT). A build that fails in the spare
    leaves it half updated; the build after finds out, page by page, from the
    spare's record, which pages it has to write again.
    """
    staging = output.with_name(output.name + ".new")
    previous = output.with_name(output.name + ".old")
    spare = output.with_name(output.name + ".spare")
    for folder in (staging, previous):
        shutil.rmtree(folder, ignore_errors=True)
    in_place = cache and output.exists() and _has_record(spare, settings, c.cwd or ".")
    if not in_place:
        shutil.rmtree(spare, ignore_errors=True)
    target = spare if in_place else staging
    overrides = {"BUILD_CACHE": True} if cache else {}
    if cache and not in_place and output.exists():
        overrides["PREVIOUS_OUTPUT"] = str(output.resolve())
    try:
        _validate(c, settings, as_of, cache=cache)  # every content problem, plainly, before Pelican starts
        _pelican(c, settings, target, as_of, overrides=overrides)
    except BaseException:
        if not in_place:
            shutil.rmtree(staging, ignore_errors=True)
        print(f"Build failed: {output}/ was left as it was.", file=sys.stderr)
        raise
    if output.exists():
        output.rename(previous)
    target.rename(output)
    if cache and previous.exists():
        previous.rename(spare)
    else:
        shutil.rmtree(previous, ignore_errors=True)


def _has_record(folder: Path, settings: str, cwd: str) -> bool:
    """Does the cache hold the record of the build that made `folder` (what it wrote there)?
    Without it a build in place could not tell which old files to remove."""
    if not folder.is_dir():
        return False
    from pelican.plugins.congkhai.build.rendering import record_path
    from pelican.settings import read_settings

    cache = Path(cwd) / read_settings(str(Path(cwd) / settings))["CACHE_PATH"] / "congkhai"  # as Pelican run in cwd finds it
    return record_path(cache, folder).exists()


def _validate(c, settings="pelicanconf.py", as_of=None, content="content", cache=False):
    # cache: only changed files are checked again, and the build after finds them checked
    extra = (f" --as-of {shlex.quote(as_of)}" if as_of else "") + (" --cache" if cache else "")
    c.run(f"{PYTHON} -m pelican.plugins.congkhai.tools.check {shlex.quote(content)} -s {shlex.quote(settings)}"
          f"{extra}", pty=False)


@task(help={"as_of": "check as of that day, e.g. 2018-07-05 (default: AS_OF, else today in Asia/Ho_Chi_Minh)",
            "settings": "settings file with PRIVACY_ALLOWED_NUMBERS (default pelicanconf.py)"})
def validate(c, as_of=None, settings="pelicanconf.py"):
    """Check all content: one line per problem (path:line: field: message), a count, non-zero exit on any."""
    _validate(c, settings, as_of)


def _write_new(path: Path, text: str):
    from invoke.exceptions import Exit

    if path.exists():
        raise Exit(f"{path.relative_to(ROOT)} already exists: nothing written.", code=1)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"{path.relative_to(ROOT)}: written; fill in the empty values, then run `invoke validate`.")


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

    content = ROOT / "content"
    documents = read_tree(content)
    bodies = build_content([d for d in documents if d.kind == "bodies" and d.data]).bodies
    if body and body not in bodies:
        raise Exit(f"new-session: unknown body {body!r} (expected one of: {', '.join(bodies)})", code=1)
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

    content = ROOT / "content"
    try:
        path, text = skeletons.new_response(content, read_tree(content), item_id, _day(date))
    except skeletons.SkeletonError as error:
        raise Exit(f"new-response: {error}", code=1)
    _write_new(path, text)


@task
def schemas(c):
    """Regenerate schemas/*.schema.json (the editors' key completion) from the content rules."""
    from pelican.plugins.congkhai.tools.schemas import all_schemas

    for name, text in all_schemas().items():
        (ROOT / "schemas" / name).parent.mkdir(exist_ok=True)
        (ROOT / "schemas" / name).write_text(text, encoding="utf-8")
        print(f"schemas/{name}")


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
            "cache": "reuse unchanged parsed files and pages of the last build (default on; --no-cache: all again)"})
def build(c, as_of=None, cache=True):
    """Build the site into output/ (validated first; output/ untouched on failure)."""
    build_into(c, OUTPUT, as_of=as_of, cache=cache)


@task
def clean(c):
    """Remove generated files."""
    for folder in (OUTPUT, OUTPUT.with_name("output.spare"), ROOT / "cache"):
        shutil.rmtree(folder, ignore_errors=True)


@task(pre=[clean])
def rebuild(c, as_of=None):
    """Clean, then build."""
    build_into(c, OUTPUT, as_of=as_of)


@task(help={"port": "port on localhost (default 8000)"})
def serve(c, port=8000):
    """Serve output/ on http://localhost:PORT for a preview."""
    c.run(f"{PYTHON} -m pelican --listen -o {OUTPUT} -p {int(port)} -b 127.0.0.1", pty=False)


@task
def docs(c):
    """Regenerate docs/settings.md from the settings registry."""
    from pelican.plugins.congkhai.settings import settings_doc

    (ROOT / "docs" / "settings.md").write_text(settings_doc(), encoding="utf-8")


@task(help={"args": "extra arguments for pytest, e.g. '-k report'"})
def tests(c, args=""):
    """Run the whole test suite."""
    env = {"PYTHONHASHSEED": "0"}
    c.run(f"{PYTHON} -m pytest {args}", env={**os.environ, **env}, pty=False)


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
    c.run(f"rsync -e 'ssh -p {port}' -P -rvzc --delete {shlex.quote(str(OUTPUT))}/ {shlex.quote(target)}",
          pty=False)


@task(name="gh-pages", help={"push": "also push the gh-pages branch to origin"})
def gh_pages(c, push=False):
    """Commit output/ to the gh-pages branch (ghp-import), only if `invoke ci --settings publishconf.py` passed."""
    head = _refuse_unless_ci_passed(c)
    ghp_import = shlex.quote(str(Path(sys.executable).parent / "ghp-import"))
    c.run(f"{ghp_import} --no-jekyll {'--push ' if push else ''}--branch gh-pages "
          f"--message {shlex.quote(f'Site built from {head[:12]}')} {shlex.quote(str(OUTPUT))}", pty=False)

"""Tasks for building, previewing and testing the site (run with `invoke`)."""

import os
import shlex
import shutil
import sys
from pathlib import Path

from invoke import task

ROOT = Path(__file__).parent
OUTPUT = ROOT / "output"
PYTHON = shlex.quote(sys.executable)


def _pelican(c, settings, output, as_of=None, fatal=True):
    extra = f" -e AS_OF='\"{as_of}\"'" if as_of else ""
    strict = " --fatal warnings" if fatal else ""
    c.run(f"{PYTHON} -m pelican content -s {settings} -o {shlex.quote(str(output))}{extra}{strict}",
          pty=False)


def build_into(c, output: Path, settings="pelicanconf.py", as_of=None):
    """Build into a fresh folder beside `output`, then swap it in: a failed build leaves `output` as it was."""
    staging = output.with_name(output.name + ".new")
    previous = output.with_name(output.name + ".old")
    for folder in (staging, previous):
        shutil.rmtree(folder, ignore_errors=True)
    try:
        _pelican(c, settings, staging, as_of)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"Build failed: {output.relative_to(ROOT)}/ was left as it was.", file=sys.stderr)
        raise
    if output.exists():
        output.rename(previous)
    staging.rename(output)
    shutil.rmtree(previous, ignore_errors=True)


@task(help={"as_of": "build the site as it stood that day, e.g. 2018-07-05 (default: today)"})
def build(c, as_of=None):
    """Build the site into output/ (validated first; output/ untouched on failure)."""
    build_into(c, OUTPUT, as_of=as_of)


@task
def clean(c):
    """Remove generated files."""
    for folder in (OUTPUT, ROOT / "cache"):
        shutil.rmtree(folder, ignore_errors=True)


@task(pre=[clean])
def rebuild(c, as_of=None):
    """Clean, then build."""
    build_into(c, OUTPUT, as_of=as_of)


@task(help={"port": "port on localhost (default 8000)"})
def serve(c, port=8000):
    """Serve output/ on http://localhost:PORT for a preview."""
    c.run(f"{PYTHON} -m pelican --listen -o {OUTPUT} -p {int(port)} -b 127.0.0.1", pty=False)


@task(help={"args": "extra arguments for pytest, e.g. '-k report'"})
def tests(c, args=""):
    """Run the whole test suite."""
    env = {"PYTHONHASHSEED": "0"}
    c.run(f"{PYTHON} -m pytest {args}", env={**os.environ, **env}, pty=False)


@task
def i18n(c):
    """Extract interface strings into theme/translations/messages.pot and update every language's messages.po."""
    sys.path.insert(0, str(ROOT))
    from pelican.plugins.congkhai import catalogs
    from pelican.plugins.congkhai.settings import DEFAULTS

    for path in catalogs.update(ROOT / "theme" / "translations", ROOT / "theme" / "templates",
                                DEFAULTS["LANGUAGES"]):
        missing = catalogs.untranslated(path) if path.suffix == ".po" else []
        note = f": {len(missing)} msgid(s) to translate" if missing else ""
        print(f"{path.relative_to(ROOT)}{note}")


@task(help={"output": "folder for the PNG files (default docs/screenshots)"})
def screenshots(c, output="docs/screenshots"):
    """Build the sample as of 2018-07-05 and take 360 px screenshots of home, session, item and report pages."""
    site = ROOT / "output.screenshots"
    build_into(c, site, as_of="2018-07-05")
    c.run(f"{PYTHON} {shlex.quote(str(ROOT / 'scripts' / 'screenshots.py'))} "
          f"{shlex.quote(str(site))} {shlex.quote(str(ROOT / output))}", pty=False)

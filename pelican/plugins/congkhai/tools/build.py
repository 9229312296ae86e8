"""`python -m pelican.plugins.congkhai.tools.build`: the content checked, then Pelican, in one process.

    build.py CONTENT -s SETTINGS [--as-of DAY] [--cache] [--mark FILE] -- PELICAN'S ARGUMENTS

The command behind `invoke build` (tasks.build_into): first the check of tools/check.py,
every problem printed as it prints them (plainly, Vietnamese then English, no traceback) and
exit 1 before Pelican starts, so nothing is written; then the named moment «validated»
(build/faults.py: the content checked, nothing written yet); then FILE made (--mark: the mark
of a folder being written in place, which tasks.py removes once the build has finished);
then Pelican, with its own arguments. One interpreter for both instead of one each: the
second start and its imports (the plugin, Pelican, the settings) cost more than a second
of an edit's build. The generator is given the tree the check read, checked and joined
(domain/checking.py), and takes it when it was checked with the build's settings, instead of
doing it all again (0.7 s at 20,000 items).

It ends with os._exit once its output streams are flushed, with Pelican's exit code: the
model's millions of objects are not freed one by one (0.7 s at 5,000 items) before the
process ends. Nothing is left to atexit by then: every forked process has ended, every file
is written and closed, and the log's handlers are flushed here.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from ..build import faults
from ..domain import checking
from . import check


def main(argv: list[str]) -> int:
    ours, pelican_args = (argv[:argv.index("--")], argv[argv.index("--") + 1:]) if "--" in argv else (argv, [])
    parser = argparse.ArgumentParser(prog="congkhai-build", description=__doc__.splitlines()[0])
    parser.add_argument("content", help="the content folder")
    parser.add_argument("-s", "--settings", default="pelicanconf.py", help="Pelican settings file")
    parser.add_argument("--as-of", help="the day to check as of, YYYY-MM-DD (default: AS_OF, else today)")
    parser.add_argument("--cache", action="store_true", help="reuse and fill the build's cache of checked files")
    parser.add_argument("--mark", help="a file made once the content is checked, before Pelican writes anything")
    args = parser.parse_args(ours)
    code, checked = check.run([args.content, "-s", args.settings, *(["--as-of", args.as_of] if args.as_of else []),
                               *(["--cache"] if args.cache else [])])
    if code:
        return code
    sys.stdout.flush()
    faults.point("validated")
    if args.mark:
        mark = Path(args.mark)
        mark.parent.mkdir(parents=True, exist_ok=True)
        mark.touch()
    from pelican import main as pelican  # the plugin, imported by the check, is Pelican's too
    from pelican import signals

    def given(instance):  # the tree just checked, so that the build does not read and check it again
        instance.settings[checking.GIVEN] = checked

    signals.initialized.connect(given)  # Pelican's settings, before its generators are made
    try:
        pelican(pelican_args)
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else 1
    return 0


def _end(code: int) -> None:
    """Flush what was said, then end at once (the module's docstring says why)."""
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more can be said
            pass
    os._exit(code)


if __name__ == "__main__":
    _end(main(sys.argv[1:]))

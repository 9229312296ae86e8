"""`python -m pelican.plugins.congkhai.check`: validate a content tree, print every problem.

The command behind `invoke validate`, the first step of `invoke build` and the
pre-commit hook. Two lines per problem on stderr, `path:line: field: <what is
wrong and what to do, in Vietnamese>`, then the English `what is wrong (got …;
expected …)` indented, then the count in both languages; with `--format github`
also each problem as a GitHub annotation on stdout, its Vietnamese first; exit 1
on any problem, 0 when the tree may be published. The same rules and the
same cut-off as the build (generator.load_content): sessions dated after the
later of AS_OF and today cannot have responses yet.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..content.problems import format_problems
from ..domain.checking import Checked, check_content
from ..settings import SettingsError, resolve


def read_options(settings_file: str | None, as_of: str | None) -> dict:
    """Công khai's settings from a Pelican settings file, AS_OF overridden when given."""
    return resolve(read_settings(settings_file, as_of))


def read_settings(settings_file: str | None, as_of: str | None = None) -> dict:
    """The Pelican settings of a file (none without one), AS_OF overridden when given."""
    settings: dict = {}
    if settings_file:
        from pelican.settings import read_settings  # only the CLI needs Pelican's reader

        settings = dict(read_settings(settings_file))
    if as_of:
        settings["AS_OF"] = as_of
    return settings


def main(argv: list[str] | None = None) -> int:
    return run(argv)[0]


def run(argv: list[str] | None = None) -> tuple[int, Checked | None]:
    """main's exit code, and the checked tree when it is 0 (tools/build.py builds it in the same process)."""
    parser = argparse.ArgumentParser(prog="congkhai-check", description=__doc__.splitlines()[0])
    parser.add_argument("content", nargs="?", default="content", help="the content folder (default: content)")
    parser.add_argument("-s", "--settings", default="pelicanconf.py",
                        help="Pelican settings file for PRIVACY_ALLOWED_NUMBERS and AS_OF "
                             "(default: pelicanconf.py; '' for none)")
    parser.add_argument("--as-of", help="the day to check as of, YYYY-MM-DD (default: AS_OF, else today)")
    parser.add_argument("--cache", action="store_true",
                        help="reuse and fill the build's cache of checked files (CACHE_PATH/congkhai, as "
                             "BUILD_CACHE): only changed files are checked again, and the build after "
                             "this check finds every file checked")
    parser.add_argument("--format", choices=("text", "github"), default="text",
                        help="'github' also prints each problem as a GitHub Actions annotation on its file and line")
    args = parser.parse_args(argv)
    content = Path(args.content)
    if not content.is_dir():
        print(f"{args.content}: (folder): không có thư mục nội dung này; ghi đúng đường dẫn tới thư mục content / "
              "not found (expected the content folder)", file=sys.stderr)
        return 2, None
    settings = read_settings(args.settings or None, args.as_of)
    try:
        options = resolve(settings)
    except SettingsError as error:
        print(f"{args.settings or 'settings'}: {error.vietnamese()}", file=sys.stderr)
        return 2, None
    # The build's folder (pages.CongkhaiGenerator._cache_dir); Pelican makes CACHE_PATH absolute.
    cache_dir = Path(settings.get("CACHE_PATH") or "cache") / "congkhai" if args.cache else None
    # Each file's model object is made too: the checks of the whole model (no item lost in a
    # handover) need it, and with the cache the build then reads the same entries.
    checked, problems = check_content(content, options, cache_dir, args.settings or "pelicanconf.py")
    if problems:
        printed = format_problems(problems)
        print(printed, file=sys.stderr)
        if args.format == "github":
            from .annotations import annotations

            print("\n".join(annotations(printed)))
        return 1, None
    print(f"{content.as_posix()}: không có lỗi / no problems found.")
    return 0, checked


if __name__ == "__main__":
    sys.exit(main())

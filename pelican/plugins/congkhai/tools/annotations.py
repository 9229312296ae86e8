"""Content problems as GitHub Actions annotations, so a pull request shows each on its file and line.

A command-line tool: never imported by the build. The build prints every problem as `path:line: field: message`
(problems.Problem); this turns those lines into workflow commands
(`::error file=…,line=…,title=…::message`) and leaves every other line alone.

Run: <build command> 2>&1 | python -m pelican.plugins.congkhai.annotations
"""

from __future__ import annotations

import re
import sys

# Only content files are annotated: a log line that merely contains colons is not a problem.
PROBLEM_LINE = re.compile(
    r"^(?P<path>[^\s:][^:]*\.(?:ya?ml|md|markdown))(?::(?P<line>\d+))?: (?P<field>[^:]+?): (?P<message>.+)$")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(line: str) -> str | None:
    """The workflow command for one problem line, or None when the line is not a problem."""
    match = PROBLEM_LINE.match(line.strip())
    if not match:
        return None
    properties = [f"file={_escape_property(match['path'])}"]
    if match["line"] and int(match["line"]) > 0:
        properties.append(f"line={match['line']}")
    properties.append(f"title={_escape_property(match['field'])}")
    return f"::error {','.join(properties)}::{_escape_data(match['message'])}"


def annotations(text: str) -> list[str]:
    """Every annotation for a build's output, in order."""
    return [found for found in map(annotation, text.splitlines()) if found]


def main() -> int:
    """Pass the output through and add an annotation after each problem line."""
    for line in sys.stdin:
        sys.stdout.write(line)
        found = annotation(line)
        if found:
            print(found)
    return 0


if __name__ == "__main__":
    sys.exit(main())

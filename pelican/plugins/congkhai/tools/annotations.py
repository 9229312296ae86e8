"""Content problems as GitHub Actions annotations, so a pull request shows each on its file and line.

A command-line tool: never imported by the build. The build prints every problem as `path:line: field: <the
Vietnamese sentence>`, then its English message on the next line, indented (problems.Problem.printed); this
turns each into one workflow command (`::error file=…,line=…,title=<the field in Vietnamese (its key)>::
<Vietnamese>%0A<English>`), so the
failed check of a pull request shows the clerk's sentence first on the file and line, and leaves every other
line alone. A problem line without its English below it (an older log) is annotated alone.

Run: <build command> 2>&1 | python -m pelican.plugins.congkhai.annotations
"""

from __future__ import annotations

import re
import sys

from ..content import rules
from ..content.problems import INDENT

# Only content files are annotated: a log line that merely contains colons is not a problem.
PROBLEM_LINE = re.compile(
    r"^(?P<path>[^\s:][^:]*\.(?:ya?ml|md|markdown))(?::(?P<line>\d+))?: (?P<field>[^:]+?): (?P<message>.+)$")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(line: str, english: str = "") -> str | None:
    """The workflow command for one problem line (and the English line under it), or None when
    the line is not a problem."""
    match = PROBLEM_LINE.match(line.strip())
    if not match:
        return None
    properties = [f"file={_escape_property(match['path'])}"]
    if match["line"] and int(match["line"]) > 0:
        properties.append(f"line={match['line']}")
    label = rules.field_label(match["path"], match["field"])  # the field as the clerk knows it, then its key
    title = label if label and match["field"].startswith("(") else f"{label} ({match['field']})" if label \
        else match["field"]  # "(file)" is no key: its name alone
    properties.append(f"title={_escape_property(title)}")
    message = f"{match['message']}\n{english.strip()}" if english.strip() else match["message"]
    return f"::error {','.join(properties)}::{_escape_data(message)}"


def _english(line: str) -> str:
    """The English line under a problem's Vietnamese one ("" for any other line)."""
    return line.rstrip("\n") if line.startswith(INDENT) and line.strip() else ""


def annotations(text: str) -> list[str]:
    """Every annotation for a build's output, in order."""
    lines = text.splitlines()
    found = (annotation(line, _english(after)) for line, after in zip(lines, lines[1:] + [""]))
    return [command for command in found if command]


def main() -> int:
    """Pass the output through and add an annotation after each problem (its line and the English one)."""
    held = ""  # a problem line whose English may follow
    for line in sys.stdin:
        sys.stdout.write(line)
        if held:
            english = _english(line)
            print(annotation(held, english))
            held = ""
            if english:
                continue
        if PROBLEM_LINE.match(line.strip()):
            held = line
    if held:
        print(annotation(held))
    return 0


if __name__ == "__main__":
    sys.exit(main())

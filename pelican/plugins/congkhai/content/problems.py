"""Content problems: what is wrong, where, and how to fix it.

Every check in reading and validation produces `Problem`s instead of raising,
so that an editor sees every mistake of a commit at once.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # relative to the content folder's parent, with forward slashes
    line: int  # 1-based; 0 when the whole file is concerned
    field: str  # dotted path of the key, e.g. "opinions[2].items[1].due"
    message: str  # what is wrong, then "(got …; expected …)"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.field}: {self.message}"


class ContentError(Exception):
    """Raised once, with every problem found, when the content is not valid."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__(format_problems(self.problems))


def format_problems(problems: list[Problem]) -> str:
    lines = [str(p) for p in problems]
    count = len(problems)
    noun = "problem" if count == 1 else "problems"
    lines.append(f"{count} {noun} found; nothing was published.")
    return "\n".join(lines)

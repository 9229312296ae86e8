"""Content problems: what is wrong, where, and how to fix it.

Every check in reading and validation produces `Problem`s instead of raising,
so that an editor sees every mistake of a commit at once. A problem is printed
Vietnamese first (`printed`): where it is and the catalogue's sentence of what
is wrong and what to do (messages.py), then, indented, the check's English
message with what was found and what to write, for developers.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import messages

# The English line under a problem's Vietnamese one: indented, so that a terminal, a CI log
# and the annotations (tools/annotations.py) read it as the same problem's.
INDENT = "    "


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # relative to the content folder's parent, with forward slashes
    line: int  # 1-based; 0 when the whole file is concerned
    field: str  # dotted path of the key, e.g. "opinions[2].items[1].due"
    message: str  # what is wrong, then "(got …; expected …)", in English
    vi: str = ""  # the Vietnamese, when the check writes its own (the spreadsheet import); else the catalogue's

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path

    @property
    def vietnamese(self) -> str:
        """What is wrong and what to do, in Vietnamese."""
        return self.vi or messages.sentence(self.message, self.line)

    @classmethod
    def bilingual(cls, path: str, line: int, field: str, text: str) -> Problem:
        """A problem whose check writes both languages, «Vietnamese / English» (the spreadsheet import)."""
        vi, _, en = text.partition(" / ")
        return cls(path, line, field, en or vi, vi if en else "")

    def __str__(self) -> str:
        """The one English line, for logs and the developers' tests."""
        return f"{self.where}: {self.field}: {self.message}"

    @property
    def printed(self) -> str:
        """The problem as a clerk reads it: the Vietnamese line, then the English one indented."""
        return f"{self.where}: {self.field}: {self.vietnamese}\n{INDENT}{self.message}"


class ContentError(Exception):
    """Raised once, with every problem found, when the content is not valid."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__(format_problems(self.problems))


PUBLISHED_NOTHING = ("chưa đăng gì", "nothing was published")  # a refused build or check
WROTE_NOTHING = ("chưa ghi tệp nào", "nothing was written")  # a refused import


def summary(count: int, outcome: tuple[str, str] = PUBLISHED_NOTHING) -> str:
    """The last line of a refused step, Vietnamese first; outcome: what it therefore did not do."""
    noun = "problem" if count == 1 else "problems"
    return f"{count} lỗi; {outcome[0]}.\n{INDENT}{count} {noun} found; {outcome[1]}."


def format_problems(problems: list[Problem], outcome: tuple[str, str] = PUBLISHED_NOTHING) -> str:
    return "\n".join([p.printed for p in problems] + [summary(len(problems), outcome)])

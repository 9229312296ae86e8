"""Validation problems become GitHub annotations on the offending file and line."""

import pytest

from pelican.plugins.congkhai.tools.annotations import annotation, annotations
from pelican.plugins.congkhai.content.problems import Problem


@pytest.mark.parametrize("problem, expected", [
    (Problem("content/sessions/2018/2018-06-12-tan-ha.yaml", 14, "opinions[2].items[1].due",
             "the deadline is before the session (got 2018-06-01; expected 2018-06-12 or later)"),
     "::error file=content/sessions/2018/2018-06-12-tan-ha.yaml,line=14,title=opinions[2].items[1].due"
     "::the deadline is before the session (got 2018-06-01; expected 2018-06-12 or later)"),
    (Problem("content/data/agencies.yaml", 0, "(file)", "the file is missing: 100% sure, a,b"),
     "::error file=content/data/agencies.yaml,title=(file)::the file is missing: 100%25 sure, a,b"),
    (Problem("content/responses/2018/a, b.md", 3, "agency", "unknown"),
     "::error file=content/responses/2018/a%2C b.md,line=3,title=agency::unknown"),
])
def test_each_problem_line_becomes_one_annotation(problem, expected):
    assert annotation(str(problem)) == expected


def test_log_lines_that_are_not_problems_are_left_alone():
    log = ("[23:01:02] INFO congkhai: 577 items: 1: ok\n"
           "content/sessions/a.yaml:2: date: not a date (got 2018-13-01; expected YYYY-MM-DD)\n"
           "1 problem found; nothing was published.\n")
    assert annotations(log) == [
        "::error file=content/sessions/a.yaml,line=2,title=date::not a date (got 2018-13-01; expected YYYY-MM-DD)"]

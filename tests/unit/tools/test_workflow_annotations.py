"""Validation problems become GitHub annotations on the offending file and line."""

import pytest

from pelican.plugins.congkhai.tools.annotations import annotation, annotations
from pelican.plugins.congkhai.content.problems import Problem, format_problems


@pytest.mark.parametrize("problem, expected", [
    (Problem("content/sessions/2018/2018-06-12-tan-ha.yaml", 14, "opinions[2].items[1].due",
             "the deadline is before the session (got 2018-06-01; expected 2018-06-12 or later)"),
     "::error file=content/sessions/2018/2018-06-12-tan-ha.yaml,line=14,title=Hạn trả lời (opinions[2].items[1].due)"
     "::the deadline is before the session (got 2018-06-01; expected 2018-06-12 or later)"),
    (Problem("content/data/agencies.yaml", 0, "(file)", "the file is missing: 100% sure, a,b"),
     "::error file=content/data/agencies.yaml,title=Cả tệp::the file is missing: 100%25 sure, a,b"),
    (Problem("content/responses/2018/a, b.md", 3, "agency", "unknown"),
     "::error file=content/responses/2018/a%2C b.md,line=3,title=Cơ quan trả lời (agency)::unknown"),
])
def test_each_problem_line_becomes_one_annotation(problem, expected):
    assert annotation(str(problem)) == expected


def test_log_lines_that_are_not_problems_are_left_alone():
    log = ("[23:01:02] INFO congkhai: 577 items: 1: ok\n"
           "content/sessions/a.yaml:2: date: not a date (got 2018-13-01; expected YYYY-MM-DD)\n"
           "1 problem found; nothing was published.\n")
    assert annotations(log) == [
        "::error file=content/sessions/a.yaml,line=2,title=Ngày đối thoại (date)::not a date (got 2018-13-01; expected YYYY-MM-DD)"]


def test_a_printed_problem_is_one_annotation_vietnamese_first_then_english():
    problem = Problem("content/sessions/2018/2018-06-12-tan-ha.yaml", 14, "opinions[2].items[1].due",
                      "the deadline is before the session (got 2018-06-01; expected 2018-06-12 or later)")
    log = f"[23:01:02] INFO congkhai: 577 items: 1: ok\n{format_problems([problem])}\n"
    assert annotations(log) == [
        "::error file=content/sessions/2018/2018-06-12-tan-ha.yaml,line=14,title=Hạn trả lời (opinions[2].items[1].due)"
        "::Hạn trả lời 2018-06-01 trước ngày đối thoại: ghi hạn từ ngày đối thoại trở đi.%0A"
        "the deadline is before the session (got 2018-06-01; expected 2018-06-12 or later)"]


def test_the_filter_passes_the_log_through_and_adds_each_annotation_after_its_english(monkeypatch, capsys):
    import io

    from pelican.plugins.congkhai.tools import annotations as tool

    problems = [Problem("content/a.yaml", 2, "date", "not a date (got 2018-13-01; expected YYYY-MM-DD)"),
                Problem("content/b.yaml", 0, "(file)", "the file is empty (got nothing; expected the keys)")]
    log = format_problems(problems) + "\n"
    monkeypatch.setattr("sys.stdin", io.StringIO(log))
    assert tool.main() == 0
    out = capsys.readouterr().out.splitlines()
    assert [line for line in out if not line.startswith("::")] == log.splitlines()
    assert out[2] == ("::error file=content/a.yaml,line=2,title=date::Không phải ngày: viết ngày dạng "
                      "năm-tháng-ngày, ví dụ `2018-06-12`.%0Anot a date (got 2018-13-01; expected YYYY-MM-DD)")
    assert out[5].startswith("::error file=content/b.yaml,title=Cả tệp::Tệp trống: ")

"""Fingerprints decide which pages an incremental build may reuse."""

from __future__ import annotations

import dataclasses
import datetime as dt


from pelican.plugins.congkhai.build.fingerprint import Fingerprinter


@dataclasses.dataclass
class Answer:
    date: dt.date
    text: str


def digest(value, extra=None) -> bytes:
    return Fingerprinter(extra).digest(value)


def test_equal_values_equal_digests_and_any_change_shows():
    one = {"answers": [Answer(dt.date(2018, 7, 5), "Đã giải quyết")]}
    same = {"answers": [Answer(dt.date(2018, 7, 5), "Đã giải quyết")]}
    assert digest(one) == digest(same)
    assert digest(one) != digest({"answers": [Answer(dt.date(2018, 7, 6), "Đã giải quyết")]})
    assert digest(one) != digest({"answers": [Answer(dt.date(2018, 7, 5), "Đang giải quyết")]})
    assert digest([1, 2]) != digest([2, 1])  # list order is shown on pages


def test_dict_order_does_not_matter_but_type_does():
    assert digest({"a": 1, "b": 2}) == digest({"b": 2, "a": 1})
    assert digest("1") != digest(1)


def test_short_sequences_written_out_in_their_parent_are_still_told_apart():
    """Lists and tuples of a few elements go into their parent's bytes instead of being
    digested apart (a page's timeline): content, order, nesting and type all still show."""
    answer = Answer(dt.date(2018, 7, 5), "Đã giải quyết")
    timeline = {"timeline": [("response", answer)]}
    assert digest(timeline) == digest({"timeline": [("response", Answer(dt.date(2018, 7, 5), "Đã giải quyết"))]})
    assert digest(timeline) != digest({"timeline": [("response", Answer(dt.date(2018, 7, 6), "Đã giải quyết"))]})
    assert digest(timeline) != digest({"timeline": [("supervision", answer)]})
    assert digest({"a": ["ab"]}) != digest({"a": ["a", "b"]})
    assert digest({"a": [[1], [2]]}) != digest({"a": [[1, 2]]})
    assert digest({"a": [[], [1]]}) != digest({"a": [[1], []]})
    assert digest({"a": (1, 2)}) != digest({"a": [1, 2]})
    long = list(range(20))  # longer than a page's few entries: digested apart, remembered
    assert digest({"a": long}) == digest({"a": list(range(20))})
    assert digest({"a": long}) != digest({"a": [*range(19), 99]})


def test_extra_values_enter_the_digest():
    answer = Answer(dt.date(2018, 7, 5), "x")
    assert digest(answer, lambda v: "overdue" if isinstance(v, Answer) else None) != \
        digest(answer, lambda v: "resolved" if isinstance(v, Answer) else None)


def test_jobs_come_in_blocks_that_fill_a_task_with_both_languages_of_each_page():
    """Both languages of a page in one worker's task: it digests the page's context once."""
    from pelican.plugins.congkhai.build.rendering import CHUNK, jobs_by_block

    class Page:
        def __init__(self, url):
            self.url = url

    pages = [Page(f"p{i}/") for i in range(CHUNK + 7)]
    jobs = jobs_by_block(pages, ["vi", "en"], lambda url, lang, languages: ("" if lang == "vi" else "en/") + url)
    assert len(jobs) == 2 * len(pages)
    expected = [prefix + page.url + "index.html" for page in pages for prefix in ("", "en/")]
    assert sorted(job.target for job in jobs) == sorted(expected)
    for start in range(0, len(jobs), CHUNK):
        task = jobs[start:start + CHUNK]
        by_language = {lang: [j.page for j in task if j.lang == lang] for lang in ("vi", "en")}
        assert by_language["vi"] == by_language["en"]  # the same pages, in the same order
        assert [j.lang for j in task] == sorted((j.lang for j in task), key=["vi", "en"].index)

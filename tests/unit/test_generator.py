"""The generator's refusals (generator.py): a failed worker ends the build with its own lines, never a traceback."""

from __future__ import annotations

import pytest

from pelican.plugins.congkhai import generator
from pelican.plugins.congkhai.build import families, workers

KILLED = "a pool worker (pid 42) ended with exit code -9 (killed by SIGKILL), holding chunk 4 of 8"


class Step:
    output_path = "output"

    @generator._refusing_plainly
    def fails(self, failure):
        raise failure


def test_a_killed_worker_is_said_plainly_with_its_likely_cause_and_what_to_do(capsys):
    with pytest.raises(SystemExit) as ended:
        Step().fails(workers.WorkerFailed(KILLED, died=True))
    assert ended.value.code == 1
    assert capsys.readouterr().err == (
        "congkhai: một tiến trình của bản dựng bị dừng giữa chừng, nhiều khả năng vì máy hết bộ nhớ; hãy dựng trên máy "
        "nhiều bộ nhớ hơn, trên ít lõi hơn (`taskset -c 0 invoke build`: một tiến trình) hoặc theo phân đoạn "
        "(`invoke build --shards N`, xem docs/scaling.md) / a build process was stopped partway, most likely because "
        "the machine ran out of memory; build with more memory, on fewer cores (`taskset -c 0 invoke build`: one "
        "process) or in shards (`invoke build --shards N`, see docs/scaling.md):\n" + KILLED + "\n")


def test_a_file_family_that_raised_is_given_for_the_technical_administrator(capsys):
    with pytest.raises(SystemExit):
        Step().fails(families.FamiliesFailed("file family feeds.files failed in its process:\nValueError: x\n"))
    assert capsys.readouterr().err == (
        "congkhai: một phần của bản dựng gặp lỗi trong tiến trình riêng của nó; gửi các dòng dưới đây cho người quản "
        "trị kỹ thuật / part of the build failed in its own process; send the lines below to the site's technical "
        "administrator:\nfile family feeds.files failed in its process:\nValueError: x\n\n")


def test_the_summary_counts_the_time_of_a_check_made_before_pelican_and_handed_over(tmp_path):
    """tools/build.py checks the tree before Pelican starts and hands it over: the build's summary
    line («content read and validated in … s») then counts that check's time, not the 0.0 s the
    generator spent taking it; a check made again here counts as its own."""
    from pathlib import Path

    from helpers import FIXTURES
    from pelican.plugins.congkhai.domain import checking
    from pelican.plugins.congkhai.generator import load_content
    from pelican.plugins.congkhai.settings import resolve

    content = FIXTURES / "defects" / "base" / "content"
    options = resolve({"AS_OF": "2018-07-05"})
    checked, problems = checking.check_content(content, options)
    assert problems == [] and checked.seconds > 0
    slow = checked._replace(seconds=12.5)  # as if the check had taken 12.5 s
    model, _, before = load_content(Path(content), options, None, slow)
    assert model is checked.model and before == 12.5
    other = resolve({"AS_OF": "2018-07-06"})  # another day: checked again here, its time the generator's own
    model, _, before = load_content(Path(content), other, None, slow)
    assert model is not checked.model and before == 0.0

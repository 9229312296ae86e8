"""Forked workers (build/workers.py): a pool over chunks gives what one process gives, with its
state inherited, not pickled; a task it runs, each in a process forked by a worker, brings back
its result, or its traceback, or the exit code it died with."""

from __future__ import annotations

import gc
import os
import signal
import threading

import pytest

from pelican.plugins.congkhai.build import workers

pytestmark = pytest.mark.skipif(not workers.can_fork(), reason="needs the fork start method")


@pytest.fixture(autouse=True)
def unfrozen():
    """run_chunks freezes this process's objects before it forks (the build unfreezes them after)."""
    yield
    gc.unfreeze()


class State:
    """What the workers need, with a lock in it: pickling it would fail."""

    def __init__(self):
        self.lock = threading.Lock()
        self.square = lambda n: n * n


def squares(state: State, chunk: list[int]) -> tuple[int, list[int]]:
    return os.getpid(), [state.square(n) for n in chunk]


CHUNKS = [list(range(start, start + 5)) for start in range(0, 50, 5)]


def test_the_pool_gives_what_one_process_gives():
    done = []
    forked = workers.run_chunks(lambda state, chunk: squares(state, chunk), State(), CHUNKS, 2, done.append)
    inline = workers.run_chunks(squares, State(), CHUNKS, 1)
    assert sorted(r for _, result in forked for r in result) == [r for _, result in inline for r in result]
    assert {pid for pid, _ in forked} - {os.getpid()} == {pid for pid, _ in forked}  # all in forked workers
    assert {pid for pid, _ in inline} == {os.getpid()}
    assert sorted(map(id, done)) == sorted(map(id, forked))  # done() saw every result as it came
    assert workers._installed is None  # the state was handed over by fork, never kept here


def test_below_the_threshold_the_work_stays_in_this_process():
    assert workers.workers_for(workers.MIN_SECONDS / 2) == 1
    assert workers.workers_for(workers.MIN_SECONDS) == workers.cores() >= 1
    assert not workers.worth_forking(0.0)


def broken(state, chunk):
    if 3 in chunk:
        raise ValueError(f"chunk {chunk} hỏng")
    return chunk


def test_a_chunk_that_raises_in_a_worker_is_raised_here_with_its_traceback():
    with pytest.raises(ValueError, match=r"chunk \[3\] hỏng") as failure:
        workers.run_chunks(broken, None, [[1], [3], [5]], 2)
    assert "in broken" in str(failure.value.__cause__)  # the worker's traceback (multiprocessing's RemoteTraceback)


def _pooled(tasks, workers_count: int = 2):
    """The tasks run by a pool beside its chunks, as the build runs the file families."""
    workers.run_chunks(squares, State(), CHUNKS, workers_count, tasks=tasks)
    return tasks


def test_tasks_run_by_a_pool_bring_back_their_results_in_order_each_from_a_process_of_its_own():
    parent = os.getpid()
    results = _pooled(workers.start_each([(f"task {n}", lambda n=n: (n, os.getpid())) for n in range(3)])).results()
    assert [n for n, _ in results] == [0, 1, 2]
    assert parent not in {pid for _, pid in results} and len({pid for _, pid in results}) == 3


def test_a_result_larger_than_a_pipe_holds_comes_back_through_its_file():
    assert _pooled(workers.start_each([("large", lambda: b"x" * (4 << 20))])).results() == [b"x" * (4 << 20)]


def test_tasks_not_forked_run_here_when_their_results_are_asked_for():
    ran = []
    started = workers.start_each([("one", lambda: ran.append(os.getpid()) or 1)], fork=False)
    assert ran == []
    assert started.results() == [1] and ran == [os.getpid()]
    with pytest.raises(ZeroDivisionError):  # as it is: no process to report it across
        workers.start_each([("zero", lambda: 1 / 0)], fork=False).results()


def test_tasks_no_pool_takes_run_here_when_their_results_are_asked_for():
    started = workers.start_each([("here", os.getpid)])
    assert started.results() == [os.getpid()]


class OwnError(workers.WorkerFailed):
    pass


def test_a_killed_process_is_named_with_its_exit_code():
    def killed():
        os.kill(os.getpid(), signal.SIGKILL)

    started = _pooled(workers.start_each([("the feeds", killed), ("the calendar", lambda: os._exit(3))],
                                         error=OwnError))
    with pytest.raises(OwnError) as failure:
        started.results()
    assert str(failure.value) == ("the feeds: its process ended with exit code -9 (killed by SIGKILL)\n"
                                  "the calendar: its process ended with exit code 3")
    assert failure.value.died


class Store:
    """A cache of the parent's that forked tasks fill too (as the view's Markdown conversions)."""

    def __init__(self):
        self.entries = {"parent": 1}
        self.kept = []

    def made(self) -> dict:
        return dict(self.entries)

    def keep(self, made: dict) -> None:
        self.kept.append(made)


def test_tasks_run_here_fill_the_shared_store_themselves():
    store = Store()
    started = workers.start_each([("a", lambda: store.entries.update(a=1))], fork=False, shared=store)
    assert started.results() == [None]
    assert store.entries == {"parent": 1, "a": 1} and store.kept == []


def collector_state(state, chunk):
    return gc.isenabled()


def test_a_task_or_worker_forked_with_the_collector_paused_collects_what_it_makes():
    gc.disable()
    try:
        from_task = _pooled(workers.start_each([("gc", gc.isenabled)])).results()
        from_pool = workers.run_chunks(collector_state, None, [[1], [2]], 2)
    finally:
        gc.enable()
    assert from_task == [True] and from_pool == [True, True]


def test_the_one_threshold_in_pages_and_in_items():
    """MIN_SECONDS, in each caller's unit: 400 pages, 1,000 items; the sample (1,330 pages,
    577 items) forks its pages and writes its file families in the build's process."""
    from pelican.plugins.congkhai.build import families, rendering

    assert 399 * rendering.PAGE_SECONDS < workers.MIN_SECONDS <= 400 * rendering.PAGE_SECONDS
    assert 999 * families.ITEM_SECONDS < workers.MIN_SECONDS <= 1000 * families.ITEM_SECONDS
    assert workers.worth_forking(1330 * rendering.PAGE_SECONDS)
    assert not workers.worth_forking(577 * families.ITEM_SECONDS)


def test_pooled_tasks_run_beside_the_chunks_each_in_a_process_forked_by_a_worker():
    store = Store()

    def fills(name):
        store.entries[name] = os.getpid()
        return name, os.getppid()

    tasks = workers.start_each([(name, lambda name=name: fills(name)) for name in ("a", "bb", "c")], shared=store,
                               groups=[[0], [1, 2]])
    chunks = workers.run_chunks(squares, State(), CHUNKS, 2, tasks=tasks)
    found = tasks.results()
    assert [name for name, _ in found] == ["a", "bb", "c"]
    pids = {pid for pid, _ in chunks}
    forkers = {parent for _, parent in found}
    assert os.getpid() not in forkers | pids  # forked by the workers
    assert not {made[name] for made, name in zip(store.kept, ("a", "bb", "c"))} & (pids | forkers | {os.getpid()})
    assert store.entries == {"parent": 1}  # each filled its own copy, handed back


def test_a_pooled_task_that_raises_or_dies_is_named_and_not_forked_they_run_here():
    def fails():
        raise ValueError("dữ liệu hỏng")

    tasks = workers.start_each([("fine", lambda: 1), ("the data files", fails), ("the feeds", lambda: os._exit(3))])
    workers.run_chunks(squares, State(), CHUNKS, 2, tasks=tasks)
    with pytest.raises(workers.WorkerFailed) as failure:
        tasks.results()
    text = str(failure.value)
    assert text.startswith("the data files failed in its process:\nTraceback (most recent call last):\n")
    assert text.endswith("ValueError: dữ liệu hỏng\n\nthe feeds: its process ended with exit code 3")
    here = workers.start_each([("here", os.getpid)])
    workers.run_chunks(squares, State(), CHUNKS, 1, tasks=here)
    assert here.results() == [os.getpid()]


def test_tasks_not_pooled_given_to_a_pool_run_here_when_their_results_are_asked_for():
    here = workers.start_each([("here", os.getpid)], fork=False)
    workers.run_chunks(squares, State(), CHUNKS, 2, tasks=here)
    assert here.results() == [os.getpid()]


@pytest.fixture
def within_seconds():
    """A pool that hangs fails the test, instead of the suite: SIGALRM after 10 s."""
    def hung(signum, frame):
        raise TimeoutError("the pool hung")

    earlier = signal.signal(signal.SIGALRM, hung)
    signal.alarm(10)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, earlier)


def killed_at_three(state, chunk):
    if 3 in chunk:
        os.kill(os.getpid(), signal.SIGKILL)
    return chunk


def test_a_worker_killed_holding_a_chunk_fails_the_run_naming_it_and_leaves_no_process(within_seconds):
    import multiprocessing
    import re
    import time

    started = time.monotonic()
    with pytest.raises(workers.WorkerFailed) as failure:
        workers.run_chunks(killed_at_three, None, [[n] for n in range(8)], 2)
    assert time.monotonic() - started < 3
    assert re.fullmatch(r"a pool worker \(pid \d+\) ended with exit code -9 \(killed by SIGKILL\), holding chunk 4 of 8",
                        str(failure.value))
    assert failure.value.died
    assert multiprocessing.active_children() == []  # the pool was terminated


def test_a_worker_killed_raises_the_callers_error(within_seconds):
    with pytest.raises(OwnError, match="killed by SIGKILL"):
        workers.run_chunks(killed_at_three, None, [[n] for n in range(8)], 2, error=OwnError)


def test_a_worker_killed_holding_pooled_tasks_names_them(within_seconds):
    tasks = workers.start_each([("the feeds", lambda: os.kill(os.getppid(), signal.SIGKILL))])
    with pytest.raises(workers.WorkerFailed, match=r"killed by SIGKILL\), holding the pooled tasks the feeds$"):
        workers.run_chunks(squares, State(), CHUNKS, 2, tasks=tasks)


def test_workers_replaced_after_their_chunks_give_every_result(within_seconds, monkeypatch):
    monkeypatch.setattr(workers, "WORKER_CHUNKS", 3)
    results = workers.run_chunks(squares, State(), [[n] for n in range(40)], 2)
    assert sorted(r for _, result in results for r in result) == [n * n for n in range(40)]
    assert len({pid for pid, _ in results}) >= 10  # replaced many times, never taken for dead


def test_a_pooled_tasks_process_dies_with_the_worker_that_forked_it(within_seconds, tmp_path):
    import time

    def kills_its_worker():
        (tmp_path / "pid").write_text(str(os.getpid()))
        os.kill(os.getppid(), signal.SIGKILL)
        time.sleep(30)

    tasks = workers.start_each([("the data files", kills_its_worker)])
    with pytest.raises(workers.WorkerFailed):
        workers.run_chunks(squares, State(), CHUNKS, 2, tasks=tasks)
    stat = f"/proc/{(tmp_path / 'pid').read_text()}/stat"
    deadline = time.monotonic() + 2
    while os.path.exists(stat) and open(stat).read().rsplit(")", 1)[1].split()[0] != "Z":
        assert time.monotonic() < deadline, "the task's process outlived its worker"
        time.sleep(0.02)

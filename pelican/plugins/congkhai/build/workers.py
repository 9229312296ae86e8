"""Forked worker processes: whether to fork, how many, and the two ways the build forks.

A leaf of the plugin: imports nothing of the other rooms; every room may use it.

- `run_chunks`: a pool of workers, one per core, each calling work(state, chunk)
  on the chunks handed out (the pages, rendering.py), and, among them, the tasks given
  to it, each in a process forked from the worker that takes it (the file families:
  families.py); a worker ends after WORKER_CHUNKS chunks and a fresh fork replaces it;
  a worker that dies instead (killed by the system out of memory, a crash) is noticed within
  a second (_Watch): the pool is terminated and WorkerFailed (died) names the worker, its
  exit code and the chunk or tasks it held, where a bare Pool would wait for them for ever;
  a task's process dies with the worker that forked it;
- `start_each`: tasks with a label each, handed to the next pool, whose workers run them
  first; each leaves its result in a file and ends, and the parent reads it when asked for;
  one that raised or died is named in WorkerFailed (or the caller's subclass), with its
  traceback or exit code. Tasks no pool takes run in the calling process when asked for.

Both fork, so a worker inherits the parent's memory (the model, the site view,
the compiled templates) copy-on-write: nothing is pickled on the way in but the
chunks, and on the way out only the results. Without the fork start method, or
for less work than MIN_SECONDS, the same work runs in the calling process.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import multiprocessing.pool
import os
import pickle
import signal
import tempfile
import time
import traceback
from typing import Callable, Sequence

# Work estimated at fewer CPU seconds than this runs in the calling process. Forking two
# workers and taking their results back costs 20-30 ms at the sample's size (a 55 MB
# process: more as it grows, its page tables are copied), and each worker then does
# again what one process does once (a Markdown text converted, an object shared by many
# pages fingerprinted: once per worker). On the sample, two workers beat one process
# from about 0.2-0.3 s of pages (its first 100 to 200); twice 0.2 s leaves a margin,
# and keeps the tests' small sites (50-70 pages, 0.1 s) in one process. The file families
# fork to run beside the pages rather than beside each other, at the same costs. Each
# caller estimates its work in seconds: rendering.PAGE_SECONDS, families.ITEM_SECONDS.
MIN_SECONDS = 0.4


# Chunks a pool's worker takes before it ends and a fresh one is forked in its place. A worker
# comes to hold its own copy of every page of the parent's memory it reads (CPython writes the
# reference count of every object it touches) and of what it caches (Markdown conversions,
# digests): at 200,000 items each of the two, having rendered its half of the pages, held
# 1.7 GB. A fresh fork shares everything again. 250 chunks of rendering.CHUNK pages: a few
# lives per worker at 200,000 items, one at 20,000 (a fork costs little: the page tables).
WORKER_CHUNKS = 250


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def worth_forking(seconds: float) -> bool:
    """Whether work estimated at `seconds` of CPU is worth forking for (and the system can fork)."""
    return seconds >= MIN_SECONDS and can_fork()


def cores() -> int:
    """The cores this process may run on (its affinity: a container or `taskset` may allow fewer)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def workers_for(seconds: float) -> int:
    """How many workers to run work estimated at `seconds` of CPU with: one per core, or 1 (no fork)."""
    return cores() if worth_forking(seconds) else 1


def give_back_memory() -> None:
    """Free what this process let go of (the model has reference cycles) and hand it back to the system."""
    gc.collect()
    try:  # glibc keeps freed memory for reuse unless asked to hand it back
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _collect_own() -> None:
    """In a forked child: leave what it inherited to the parent, collect what it makes.

    The parent may have forked with its collector paused (the generator pauses it while
    it lists pages, and the families fork then), and the collector, walking the inherited
    objects, would write to (so copy) the pages the child shares with its parent."""
    gc.freeze()
    gc.enable()


# --- a pool: work(state, chunk) over chunks ----------------------------------------

# In a pool's forked worker only: (work, state, (the pooled tasks, their files), their shared store),
# set by _install.
_installed: tuple | None = None


def _install(work, state, tasks=((), ()), shared=None, taken=None) -> None:
    global _installed, _taken
    _installed = (work, state, tasks, shared)
    _taken = taken
    _collect_own()


def _call(chunk):
    work, state, _, _ = _installed
    return work(state, chunk)


def _call_group(group: list[int]) -> list[tuple[int, int]]:
    """A group of pooled tasks, in a worker: each in a process forked from it, one after the
    other, its outcome left in the file the parent opened for it (_child); (index, exit code) each.

    Forked again, not run in the worker: a task that reads the whole view (the data files) would
    leave the worker with its own copy of all of it for the rest of the pages; ended, the task's
    process gives all it copied back. The worker only waits meanwhile, its core the task's."""
    _, _, (tasks, files), shared = _installed
    codes, worker = [], os.getpid()
    for index in group:
        pid = os.fork()
        if pid == 0:  # the task's process: never back into the pool's loop
            code = 1
            try:
                _end_with_parent(worker)
                _child(files[index], tasks[index][1], shared)
                code = 0
            finally:
                os._exit(code)
        codes.append((index, os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])))
    return codes


def _end_with_parent(parent: int) -> None:
    """In a process forked by a pool's worker: be killed when the worker dies (Linux), so that a
    worker killed, or the pool terminated, leaves no task's process behind writing files."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the worker died before prctl
        os._exit(1)


def _dispatch(job):
    index, kind, value = job
    _taken[index] = os.getpid()  # read by the parent if this worker dies holding the job (_Watch)
    return (index, kind, _call_group(value) if kind == "tasks" else _call(value))


# In a pool's forked worker only: per job, the pid of the worker that took it (0: not yet),
# shared with the parent (a RawArray made before the fork), set by _install.
_taken = None


# How often the parent looks for a worker that died, while it waits for results; and how long it
# then waits for what that worker may have sent before it died, before naming a job lost.
WATCH_SECONDS = 0.2
DRAIN_SECONDS = 0.5


class _Watch:
    """Which pool workers ended, with which exit code; which job each took (_taken).

    A Pool does not notice a worker killed while it holds a job (the OOM killer, a segfault):
    the job's result never comes and imap waits for ever. The pool is made with this context
    (Pool's documented `context` argument), whose Process records the exit code of each worker
    as the pool reads it (the pool reaps and replaces its workers by their exitcode: on each
    one's end, at once). A worker that ends after WORKER_CHUNKS chunks ends with 0; any other
    code means it died."""

    def __init__(self, jobs: int):
        self.taken = multiprocessing.RawArray("i", jobs)
        self.ended: dict[int, int] = {}  # pid -> exit code, written by the pool's thread
        watch = self

        class Worker(multiprocessing.get_context("fork").Process):
            @property
            def exitcode(self):
                code = super().exitcode
                if code is not None:
                    watch.ended[self.pid] = code
                return code

        class Context(type(multiprocessing.get_context("fork"))):
            Process = Worker

        self.context = Context()

    def died(self) -> list[tuple[int, int]]:
        """(pid, exit code) of each worker that died."""
        return [(pid, code) for pid, code in list(self.ended.items()) if code != 0]


def run_chunks(work: Callable, state, chunks: Sequence, workers: int, done: Callable | None = None,
               tasks: "Started | None" = None, error: type[WorkerFailed] | None = None) -> list:
    """work(state, chunk) for every chunk: the results, in the order they come.

    workers > 1: by that many forked workers, in the order they finish; else here, in
    order. `state` reaches the workers through fork (the Pool's initializer arguments:
    inherited, not pickled), and so does work: either may be anything, however large.
    Each chunk and each result is pickled. done(result) is called in this process as
    each result comes (a progress count). A worker ends after WORKER_CHUNKS chunks, and
    a fresh one is forked in its place. A worker that dies instead (killed: out of memory,
    most likely) raises `error` (default WorkerFailed, died true) within a second, naming it,
    its exit code and the chunk or tasks it held; the pool is terminated.

    tasks: pooled tasks (start_each), taken by the same workers, their
    outcomes kept for tasks.results(): not processes of their own beside the workers, so
    that no more processes than workers run at once. Their groups are spread over the
    chunks, the first before them, the next after its share of them: in a cold build the
    first (the data files) is done before the next is taken, and the two never hold their
    copies of the view at once; in a rebuild the chunks cost little, and the groups run side
    by side. Not forked, the tasks are left to run here at tasks.results()."""
    results = []
    if workers <= 1:
        for chunk in chunks:
            results.append(work(state, chunk))
            if done is not None:
                done(results[-1])
        return results
    pooled, groups, files = tasks.take() if tasks is not None else ([], [], [])
    shared = tasks.shared if tasks is not None else None
    # The workers inherit the parent's objects copy-on-write. The collector would walk
    # (and so write to) every one of them in each worker, copying the memory it was
    # meant to share: freeze them first (gc docs, gc.freeze).
    gc.freeze()
    jobs = [("chunk", chunk) for chunk in chunks]
    for number in reversed(range(len(groups))):
        jobs.insert(number * len(chunks) // len(groups), ("tasks", groups[number]))
    watch = _Watch(len(jobs))
    codes, received = {}, set()
    with multiprocessing.pool.Pool(workers, initializer=_install, maxtasksperchild=WORKER_CHUNKS,
                                   initargs=(work, state, (pooled, files), shared, watch.taken),
                                   context=watch.context) as pool:
        arriving = pool.imap_unordered(_dispatch, [(index, kind, value) for index, (kind, value) in enumerate(jobs)])
        while len(received) < len(jobs):
            if watch.died():  # looked at on every turn: the other workers' results may keep coming
                _drain(arriving, received, DRAIN_SECONDS)  # what a dead worker sent before it died
                raise (error or WorkerFailed)(_lost(watch, received, jobs, pooled), died=True)
            try:
                index, kind, result = arriving.next(timeout=WATCH_SECONDS)
            except multiprocessing.TimeoutError:
                continue
            received.add(index)
            if kind == "tasks":
                codes.update(result)
                continue
            results.append(result)
            if done is not None:
                done(result)
    if pooled:
        tasks.ran(codes)
    return results


def _drain(arriving, received: set, seconds: float) -> None:
    """Note the jobs whose results come until none comes for WATCH_SECONDS, or for `seconds` at most:
    a dead worker's results sent before it died are already on their way."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            received.add(arriving.next(timeout=WATCH_SECONDS)[0])
        except (multiprocessing.TimeoutError, StopIteration):
            return
        except Exception:  # a chunk that raised: not what this failure is about
            continue


def _lost(watch: _Watch, received: set, jobs: list, pooled: list) -> str:
    """Each dead worker, its exit code and what it held: the jobs it took whose results never came."""
    lines = []
    chunks = sum(kind == "chunk" for kind, _ in jobs)
    numbers = {}  # job index -> its chunk's number, from 1
    for index, (kind, _) in enumerate(jobs):
        if kind == "chunk":
            numbers[index] = len(numbers) + 1
    for pid, code in watch.died():
        held = []
        for index, taker in enumerate(watch.taken):
            if taker == pid and index not in received:
                kind, value = jobs[index]
                held.append(f"chunk {numbers[index]} of {chunks}" if kind == "chunk" else
                            "the pooled tasks " + ", ".join(pooled[task][0] for task in value))
        what = "; ".join(held) if held else "no job (between two)"
        lines.append(f"a pool worker (pid {pid}) ended with exit code {_exit_code(code)}, holding {what}")
    return "\n".join(lines)


# --- a process per task, results left in files -----------------------------------

class WorkerFailed(RuntimeError):
    """A forked task raised (the message carries its traceback) or its process died (its exit code)."""

    def __init__(self, message: str, died: bool = False):
        super().__init__(message)
        self.died = died  # a process ended before its work did (killed, out of memory most likely), none raised


def _outcome(task: Callable, shared) -> tuple:
    """("done", its result, what it added to shared), or ("failed", its traceback, None)."""
    try:
        return ("done", task(), shared.made() if shared is not None else None)
    except BaseException:  # reported to the parent, which raises it
        return ("failed", traceback.format_exc(), None)


def _child(result, task: Callable, shared) -> None:
    """In a task's process: run the task, leave its outcome in `result` (a file the parent
    opened, start_each) and let the process end. Ended, it holds nothing of what it copied
    while the rest of the pages render (its copies of the view's pages, written by reference
    counts: about 0.2 GB each at 20,000 items)."""
    _collect_own()
    pickle.dump(_outcome(task, shared), result, protocol=pickle.HIGHEST_PROTOCOL)
    result.flush()


class Started:
    """Tasks started by start_each; results() waits for them."""

    def __init__(self, tasks: Sequence[tuple[str, Callable]], fork: bool, shared, error: type[WorkerFailed],
                 groups: Sequence[Sequence[int]] | None = None):
        self._tasks = list(tasks)
        self.shared, self._error = shared, error
        self._pooled = fork and can_fork()  # waiting for run_chunks to take them
        self._groups = [list(group) for group in groups] if groups is not None else [[i] for i in range(len(tasks))]
        # A file per task, opened here so that every worker forked after inherits it. Not a
        # pipe: the parent reads the outcomes only once the pages are rendered, and until then
        # a task's process would wait with everything it came to hold.
        self._files = [tempfile.TemporaryFile() for _ in self._tasks] if self._pooled else []
        self._codes = None  # task index -> its process's exit code, once a pool ran them

    def take(self) -> tuple[list, list, list]:
        """(the tasks, their groups, their files), for a pool to run (run_chunks); none if they
        are not pooled, or taken already."""
        if not self._pooled:
            return [], [], []
        self._pooled = False
        return self._tasks, self._groups, self._files

    def ran(self, codes: dict[int, int]) -> None:
        """The exit codes of the tasks' processes, by index, once a pool ran them (run_chunks)."""
        self._codes = codes

    def results(self) -> list:
        """Each task's result, in the order of the tasks, once all have ended.

        Run by a pool, a task that raised or a process that died raises `error` naming each
        (its label, and its traceback or its exit code); else shared.keep(made) is called with
        what each task's process made, in order. Taken by no pool, the tasks run now, in
        this process, and what one raises goes through as it is."""
        if self._codes is not None:
            return self._gathered((label, self._read(self._codes.get(index), self._files[index]))
                                  for index, (label, _) in enumerate(self._tasks))
        return [task() for _, task in self._tasks]

    @staticmethod
    def _read(code: int | None, result) -> tuple:
        """The outcome a process that ended with `code` left in its file (("died", code): none)."""
        with result:
            result.seek(0)
            if code != 0:
                return ("died", code)
            try:
                return pickle.load(result)
            except (EOFError, pickle.UnpicklingError):  # died as it wrote (out of disk)
                return ("died", code)

    def _gathered(self, outcomes) -> list:
        """The results of the tasks' outcomes, (label, outcome) read one at a time: what each made
        is kept as it is read and let go of (all at once, they are the whole site's Markdown
        conversions several times over); or `error` naming each task that failed or died."""
        failures, results, raised = [], [], False
        for label, outcome in outcomes:
            if outcome[0] == "died":
                failures.append(f"{label}: its process ended with exit code {_exit_code(outcome[1])}")
            elif outcome[0] != "done":
                failures.append(f"{label} failed in its process:\n{outcome[1]}")
                raised = True
            else:
                results.append(outcome[1])
                if self.shared is not None:
                    self.shared.keep(outcome[2])
            outcome = None
        if failures:
            raise self._error("\n".join(failures), died=not raised)
        return results


def _exit_code(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            return f"{code} (killed by {signal.Signals(-code).name})"
        except ValueError:
            pass
    return str(code)


def start_each(tasks: Sequence[tuple[str, Callable]], fork: bool = True, shared=None,
               error: type[WorkerFailed] = WorkerFailed, groups: Sequence[Sequence[int]] | None = None) -> Started:
    """Leave each (label, task) for the next pool (run_chunks(..., tasks=)): a worker takes each
    group of them (groups: lists of the tasks' indices; default one each) and runs its tasks
    one after the other, each in a process forked from it. Tasks no pool takes (fork false or
    impossible, or a pool that does not fork) run here, at results().

    A task is any callable of no arguments (a closure, a partial): it is inherited, never
    pickled; its result is pickled back. shared: what a forked task adds to an object
    of the parent's that the parent keeps too (a cache filled on the way: the view's
    Markdown conversions), an object with made() (run in the child after its task) and
    keep(made) (in the parent, at results()). Run in this process, the tasks fill it
    themselves, and it is not used.
    error: the exception results() raises (a subclass of WorkerFailed: a caller's own)."""
    return Started(tasks, fork, shared, error, groups)

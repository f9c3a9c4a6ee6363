"""Checking in several processes: results in input order, as they complete, and a dead worker never hangs the run.

``multiprocessing.Pool`` waits forever for a worker that was killed (``kill -9``, the
kernel's out-of-memory killer); ``concurrent.futures.ProcessPoolExecutor`` notices the
dead process and fails every task it had not finished with ``BrokenProcessPool``.
The files of those tasks are reported ``unreadable`` with an ``internal-error`` saying
the worker died (they are not retried: a file that kills its worker would kill the next
one too), and the rest of the run goes on in a fresh pool. So the run ends, lists every
file, and exits 2.

Files go out in chunks of ``CHUNK``; at most ``WINDOW`` chunks per process are in flight
or waiting behind a slower one, so the first result is written after a few chunks and
memory stays flat in the number of files (a bounded reorder window).
"""

from __future__ import annotations

import multiprocessing as mp
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from checker.app.check import Job, Outcome, check_task
from checker.app.walk import Found, Task
from checker.diagnostics import Diagnostic, FileResult, Severity

CHUNK = 8
WINDOW = 4
WORKER_DIED = "检查本文件的工作进程意外退出（被终止，或因内存不足等原因崩溃），本文件未检查"

_STATE: dict[str, Job] = {}  # one entry per worker process, set by _init_worker only


def _init_worker(job: Job) -> None:
    _STATE["job"] = job


def _check_chunk(tasks: list[Task]) -> list[Outcome]:
    job = _STATE["job"]
    return [check_task(task, job) for task in tasks]


@dataclass(frozen=True, slots=True)
class _Sent:
    """A chunk in a worker: its future, its tasks (to report if the worker dies) and the pool it went to."""

    future: Future[list[Outcome]]
    tasks: list[Task]
    pool: ProcessPoolExecutor


Entry = Outcome | _Sent


class _Pools:
    """The current process pool, replaced by a fresh one when a worker dies."""

    def __init__(self, job: Job, jobs: int) -> None:
        self.job, self.jobs = job, jobs
        # fork: the loaded rule set is inherited, neither pickled nor reloaded; elsewhere it is pickled once per worker.
        self.context = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else None)
        self.pool = self._new()

    def _new(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.jobs, mp_context=self.context, initializer=_init_worker,
                                   initargs=(self.job,))

    def submit(self, tasks: list[Task]) -> _Sent:
        try:
            return _Sent(self.pool.submit(_check_chunk, tasks), tasks, self.pool)
        except BrokenProcessPool:  # it broke since the last result was taken
            self.renew(self.pool)
            return _Sent(self.pool.submit(_check_chunk, tasks), tasks, self.pool)

    def take(self, sent: _Sent) -> list[Outcome]:
        """The outcomes of a chunk, waiting for it; those of a dead worker's chunk say it died."""
        try:
            return sent.future.result()
        except BrokenProcessPool:
            self.renew(sent.pool)
            return [Outcome(_died(task)) for task in sent.tasks]

    def renew(self, broken: ProcessPoolExecutor) -> None:
        if broken is self.pool:
            broken.shutdown(wait=False, cancel_futures=True)
            self.pool = self._new()

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)


def run_pool(items: Iterable[Found], job: Job, jobs: int) -> Iterator[Outcome]:
    """Check ``items`` in ``jobs`` processes, yielding outcomes in the order of ``items``."""
    pools = _Pools(job, jobs)
    pending: deque[Entry] = deque()
    limit = WINDOW * jobs
    try:
        for entry in _chunks(items, pools):
            pending.append(entry)
            while pending and (len(pending) > limit or _ready(pending[0])):
                yield from _take(pending.popleft(), pools)
        while pending:
            yield from _take(pending.popleft(), pools)
    finally:
        pools.close()


def _chunks(items: Iterable[Found], pools: _Pools) -> Iterator[Entry]:
    """Consecutive tasks sent in chunks; a result already made (skipped, walk error) keeps its place."""
    tasks: list[Task] = []
    for item in items:
        if isinstance(item, Task):
            tasks.append(item)
            if len(tasks) == CHUNK:
                yield pools.submit(tasks)
                tasks = []
            continue
        if tasks:
            yield pools.submit(tasks)
            tasks = []
        yield Outcome(item)
    if tasks:
        yield pools.submit(tasks)


def _ready(entry: Entry) -> bool:
    return isinstance(entry, Outcome) or entry.future.done()


def _take(entry: Entry, pools: _Pools) -> list[Outcome]:
    return [entry] if isinstance(entry, Outcome) else pools.take(entry)


def _died(task: Task) -> FileResult:
    diag = Diagnostic("internal-error", Severity.ERROR, WORKER_DIED, None)
    return FileResult(task.path, "unreadable", None, None, None, (diag,), reason=WORKER_DIED, kind=task.kind)

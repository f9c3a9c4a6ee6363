"""Many reports: the walk's files checked in one or several processes, results streamed in order.

Results come out as files complete, in input order, whatever ``-j`` is
(``checker.app.pool`` for more than one process), and nothing is kept once it is
yielded: memory does not grow with the number of files. With cross-report rules
selected, results come out once the last file is read (``checker.app.crossbatch``):
they wait on disk, and only each report's snapshot stays in memory. After the last file come
the waiver files' stale waivers, judged over the whole run.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain, islice

from checker.app.check import Job, Outcome, check_task
from checker.app.crossbatch import cross_outcomes
from checker.app.waivers import Use
from checker.app.walk import Found, Task, walk
from checker.diagnostics import FileResult
from checker.language.regions import regions

# ---------------------------------------------------------------- paths


@dataclass(frozen=True, slots=True)
class Expanded:
    """The report files to check, in a stable order, and the arguments that named nothing."""

    files: tuple[str, ...]
    missing: tuple[str, ...]


def expand_paths(args: Sequence[str]) -> Expanded:
    """The report files of ``walk`` (for callers that want paths only; the CLI streams ``walk`` itself)."""
    missing: list[str] = []
    files = tuple(item.path for item in walk(args, missing.append) if isinstance(item, Task))
    return Expanded(files, tuple(missing))


# ---------------------------------------------------------------- batches


def run(items: Iterable[Found], job: Job, jobs: int = 1) -> Iterator[Outcome]:
    """Check the tasks of ``items`` with ``jobs`` processes; results already made pass through, in order."""
    it = iter(items)
    head = list(islice(it, 2 * jobs))
    stream = chain(head, it)
    if jobs <= 1 or len(head) < 2 * jobs:
        yield from (check_task(x, job) if isinstance(x, Task) else Outcome(x) for x in stream)
        return
    # start-up: concurrent.futures and multiprocessing cost ~60 ms, paid only for -j > 1
    from checker.app.pool import run_pool

    yield from run_pool(stream, job, jobs)


def results(items: Iterable[Found], job: Job, jobs: int = 1) -> Iterator[FileResult]:
    """Every file's result as it completes, then the waiver files' stale waivers (``Waivers.findings``)."""
    seen: set[int] = set()
    applied: set[int] = set()
    blocked: set[int] = set()
    if job.cross is not None and jobs > 1:
        regions()  # loaded here, before the workers fork, not once in each (~50 ms): snapshots place each agency
    outcomes = run(items, job, jobs)
    if job.cross is not None:  # cross-report rules: every report must be in before any result is complete
        outcomes = cross_outcomes(outcomes, job, jobs)
    for outcome in outcomes:
        seen.update(outcome.use.seen)
        applied.update(outcome.use.applied)
        blocked.update(outcome.use.blocked)
        yield outcome.result
    if job.waivers is not None:
        yield from job.waivers.findings(Use(frozenset(seen), frozenset(applied), frozenset(blocked)))

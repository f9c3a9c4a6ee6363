"""Phase 2 of a batch with cross-report rules: every report checked against the others.

Phase 1 (the workers, ``check.check_task``) checks each report on its own and leaves its
snapshot (``Outcome.member``, packed). A report's previous year or children may come later in
the walk, so no result can be written before the last file is read: the results wait in a
temporary file (pickled, in order), only the snapshots stay in memory (packed too:
``batchindex.Shelf``, 3–3.5 KB a report, 5–9 KB with the index), and once the last one is in, the batch is indexed
(``engine.batchindex``) and each report's cross-report rules are run — in ``jobs`` processes
forked with the index (where fork exists), else here — and each result gets its findings and
gaps, overridden and waived like the others, and is yielded in order. A phase-2 worker that dies
costs nothing but time: what it had not returned is checked here.
"""

from __future__ import annotations

import pickle
import tempfile
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import replace
from itertools import islice

from checker.app.check import Job, Outcome, internal_error
from checker.app.waivers import Use
from checker.diagnostics import CellRef, Diagnostic, FileResult, NotAssessed, Waived, sorted_diagnostics
from checker.engine.batchindex import BatchIndex, Shelf
from checker.engine.cross import dumps, reducers
from checker.engine.evaluate import Assessment, assess
from checker.model import Location, Place

CHUNK = 64  # reports per phase-2 task
WINDOW = 4  # tasks in flight per process
Found = Assessment | BaseException  # what the cross-report rules gave for one report, or the bug they hit

_STATE: dict[str, object] = {}  # in a phase-2 worker: the index and the job, inherited by fork


def cross_outcomes(outcomes: Iterable[Outcome], job: Job, jobs: int = 1) -> Iterator[Outcome]:
    """The outcomes of phase 1, in order, with the cross-report rules' findings and gaps added."""
    members = Shelf()
    slots: list[int] = []
    with tempfile.TemporaryFile(prefix="reportlint-") as spool:
        for outcome in outcomes:
            slots.append(len(members) if outcome.member is not None else -1)
            if outcome.member is not None:
                members.append(outcome.member)
            spool.write(dumps(Outcome(outcome.result, outcome.use), _SPOOLED))  # without its snapshot
        index = BatchIndex(members)
        found = _assess_all(index, job, jobs)
        spool.seek(0)
        for slot in slots:
            outcome = pickle.load(spool)
            yield outcome if slot < 0 else _crossed(outcome, next(found), job, members.heads[slot].agency)


def _assess_all(index: BatchIndex, job: Job, jobs: int) -> Iterator[Found]:
    """Each member's cross-report assessment, in order."""
    count = len(index.members)
    if jobs <= 1 or count < 2 * CHUNK:
        yield from (_assess_one(index, job, i) for i in range(count))
        return
    # start-up: multiprocessing and concurrent.futures cost ~30 ms to import, paid only when phase 2 forks
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    if "fork" not in mp.get_all_start_methods():
        yield from (_assess_one(index, job, i) for i in range(count))
        return
    yield _assess_one(index, job, 0)  # here, before the fork: the rules compile and the regions load once, not in each worker
    done = 1
    _STATE.update(index=index, job=job)  # forked into the workers: neither pickled nor rebuilt
    try:
        with ProcessPoolExecutor(jobs, mp_context=mp.get_context("fork")) as pool:
            starts = iter(range(1, count, CHUNK))
            pending = deque(pool.submit(_assess_chunk, s) for s in islice(starts, WINDOW * jobs))
            while pending:  # a bounded window in flight: results are let go once yielded
                chunk = pickle.loads(pending.popleft().result())
                more = next(starts, None)
                if more is not None:
                    pending.append(pool.submit(_assess_chunk, more))
                done += len(chunk)
                yield from chunk
    except BrokenProcessPool:  # a worker died: the rest is checked here
        yield from (_assess_one(index, job, i) for i in range(done, count))
    finally:
        _STATE.clear()


def _assess_chunk(start: int) -> bytes:
    """A chunk's assessments, pickled by their fields (``cross.reducers``: a fifth of the time of the
    pool's own pickling, here and in the parent that reads them)."""
    index, job = _STATE["index"], _STATE["job"]
    assert isinstance(index, BatchIndex) and isinstance(job, Job)
    return dumps([_assess_one(index, job, i) for i in range(start, min(start + CHUNK, len(index.members)))],
                 _FOUND)


_FOUND = reducers(Assessment, Diagnostic, NotAssessed, CellRef, Waived, Location, Place)
_SPOOLED = {**_FOUND, **reducers(Outcome, FileResult, Use)}  # phase 1's results, waiting on disk


def _assess_one(index: BatchIndex, job: Job, i: int) -> Found:
    try:
        return assess(job.ruleset, index.members[i].report, job.options, batch=index.neighbours(i), part="cross")
    except Exception as exc:  # a bug must not stop a batch nor pass a gate
        return exc


def _crossed(outcome: Outcome, found: Found, job: Job, agency: str) -> Outcome:
    """One result with its cross-report findings and gaps, adjusted and waived, under the agency's name
    as the batch knows it (agencies.yaml joins spellings: the per-agency summaries count it once)."""
    result = outcome.result
    if agency and agency != result.agency:
        result = replace(result, agency=agency)
    if isinstance(found, BaseException):
        return Outcome(internal_error(result.path, found, result.kind), outcome.use)
    try:
        diags = found.diagnostics
        if job.adjust_for is not None:
            diags = job.adjust_for(result.path).apply(diags)
        result = replace(result, diagnostics=sorted_diagnostics([*result.diagnostics, *diags]),
                         not_assessed=(*result.not_assessed, *found.not_assessed))
        use = outcome.use
        if job.waivers is not None and diags:
            result, more = job.waivers.apply(result, result.lines)
            use = Use(use.seen | more.seen, use.applied | more.applied, use.blocked | more.blocked)
        return Outcome(result if job.keep_lines else replace(result, lines=()), use)
    except Exception as exc:  # a bug must not stop a batch nor pass a gate
        return Outcome(internal_error(result.path, exc, result.kind), outcome.use)

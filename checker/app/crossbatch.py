"""Phase 2 of a batch with cross-report rules: every report checked against the others.

Phase 1 (the workers, ``check.check_task``) checks each report on its own and leaves its
snapshot (``Outcome.member``). A report's previous year or children may come later in the
walk, so no result can be written before the last file is read: the results wait in a
temporary file (pickled, in order), only the snapshots stay in memory (pickled too:
``batchindex.Shelf``, about 5 KB a report), and once the last
one is in, the batch is indexed (``engine.batchindex``) and each result gets its cross-report
findings and gaps — overridden and waived like the others — and is yielded in order.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import replace

from checker.app.check import Job, Outcome, internal_error
from checker.app.waivers import Use
from checker.diagnostics import sorted_diagnostics
from checker.engine.batchindex import BatchIndex, Shelf
from checker.engine.evaluate import assess


def cross_outcomes(outcomes: Iterable[Outcome], job: Job) -> Iterator[Outcome]:
    """The outcomes of phase 1, in order, with the cross-report rules' findings and gaps added."""
    members = Shelf()
    slots: list[int] = []
    with tempfile.TemporaryFile(prefix="reportlint-") as spool:
        for outcome in outcomes:
            slots.append(len(members) if outcome.member is not None else -1)
            if outcome.member is not None:
                members.append(outcome.member)
            pickle.dump(replace(outcome, member=None), spool, protocol=pickle.HIGHEST_PROTOCOL)
        index = BatchIndex(members)
        spool.seek(0)
        for slot in slots:
            outcome = pickle.load(spool)
            yield outcome if slot < 0 else _crossed(outcome, index, slot, job)


def _crossed(outcome: Outcome, index: BatchIndex, slot: int, job: Job) -> Outcome:
    """One result with the cross-report rules run on its snapshot in the context of the batch."""
    result = outcome.result
    try:
        member = index.members[slot]
        found = assess(job.ruleset, member.report, job.options, batch=index.neighbours(slot), part="cross")
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

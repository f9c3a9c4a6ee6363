"""Reporters stream (issue 8.5): each reads its results once, from any iterator, and writes a file's
output before it has seen the next file; the output equals the output of the same results as a list."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from report_results import ALL, CTX

from checker.diagnostics import FileResult
from checker.reporters import REPORTERS, get_reporter
from checker.reporters.common import Spool

#: Formats that write a file's findings as it comes (JUnit's counts stand before its cases).
STREAMED = ("text", "json", "sarif", "github", "csv", "html")


def _watched(out: io.StringIO, results: list[FileResult], seen: list[bool]) -> Iterator[FileResult]:
    """Yields the results; before each next one, notes whether the previous one's first finding
    was already written."""
    previous = None
    for result in results:
        if previous is not None and previous.diagnostics:
            seen.append(previous.diagnostics[0].message in out.getvalue())
        yield result
        previous = result


@pytest.mark.parametrize("name", STREAMED)
def test_written_as_the_results_come(name: str) -> None:
    out, seen = io.StringIO(), []
    get_reporter(name)(_watched(out, ALL, seen), out, CTX)
    assert seen == [True, True]  # after the .docx and the waived file (the gap file has no finding)


@pytest.mark.parametrize("name", list(REPORTERS))
def test_one_pass_over_an_iterator_gives_the_list_output(name: str) -> None:
    once, listed = io.StringIO(), io.StringIO()
    iterator = iter(ALL)
    tally = get_reporter(name)(iterator, once, CTX)
    get_reporter(name)(list(ALL), listed, CTX)
    assert once.getvalue() == listed.getvalue()
    assert next(iterator, None) is None
    assert (tally.files, tally.count("passed"), tally.count("failed")) == (5, 1, 2)


def test_spool_keeps_order_past_its_memory_limit() -> None:
    out = io.StringIO()
    with Spool(",\n", limit=8) as spool:
        for i in range(100):
            spool.add(f"第{i}项")
        assert spool.file._rolled  # on disk, not in memory
        spool.copy_to(out)
    assert out.getvalue() == ",\n".join(f"第{i}项" for i in range(100))

"""Hostile and mangled .docx/.pdf/.html files, each read in a child process under a 4 GB address-space
limit (``ulimit -v 4000000``): every one is a Report or an Unreadable, never a crash, a traceback or a
hang. bench/fuzz_formats.py runs the same over 300 mangled files."""

from __future__ import annotations

import random
from concurrent.futures import ThreadPoolExecutor

import pytest
from hostile_files import hostile_files, mangle, mangle_docx_xml, read_guarded
from report_files import from_spec, write_docx, write_html, write_pdf
from strategies import _prose, random_spec

from checker.read.docx import BOMB
from checker.read.files import Unreadable, read_path

pytest.importorskip("docx")


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    out = tmp_path_factory.mktemp("hostile")
    spec = random_spec(random.Random(9))
    doc = from_spec(spec, _prose(spec))
    goods = [out / "good.docx", out / "good.pdf", out / "good.html"]
    for path, write in zip(goods, (write_docx, write_pdf, write_html), strict=True):
        write(doc, path)
    rng = random.Random(14)
    mangled = []
    for i in range(9):
        good = goods[i % 3]
        path = out / f"m{i}{good.suffix}"
        path.write_bytes(mangle_docx_xml(good, rng) if i == 3 else mangle(good.read_bytes(), rng))
        mangled.append(path)
    return {p.name: p for p in hostile_files(out, *goods) + mangled}


def test_every_file_is_a_report_or_unreadable_under_the_memory_limit(files):
    with ThreadPoolExecutor(2) as pool:
        outcomes = dict(zip(files, pool.map(read_guarded, files.values()), strict=True))
    assert {name: o for name, o in outcomes.items() if o not in ("report", "unreadable")} == {}
    assert outcomes["bomb.docx"] == outcomes["truncated.docx"] == outcomes["empty.pdf"] == "unreadable"
    assert outcomes["rowspan.html"] == outcomes["wide-span.docx"] == "report"


@pytest.mark.parametrize("name, reason", [
    ("bomb.docx", BOMB), ("empty.docx", "空文件"), ("truncated.pdf", "文件已损坏或不是 PDF，无法打开"),
])
def test_the_reason_is_said(files, name, reason):
    result = read_path(files[name])
    assert isinstance(result, Unreadable)
    assert result.diagnostic.values["reason"] == reason


@pytest.mark.parametrize("name, kind", [("pdf-named.docx", "pdf"), ("docx-named.pdf", "docx"), ("html-named.pdf", "html")])
def test_a_misnamed_file_is_read_by_what_it_is(files, name, kind):
    report = read_path(files[name])
    assert report.encoding == kind
    assert {t: len(report.tables[t].cells) for t in report.tables} == {"t2": 10, "t3": 175, "t4": 15}

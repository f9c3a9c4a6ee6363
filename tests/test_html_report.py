"""``--format html`` (issue 11.3): one self-contained page, every report text escaped, and in a real
browser (Debian's headless Chromium, driven by playwright) the same counts as ``--format json``,
one row per file, filtering by typing, sorting, and no network request.

Set ``REPORTLINT_SCREENSHOT=docs/html-report.png`` to have the browser test write the page's
screenshot (the one in docs/ is made so).
"""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from report_results import ALL, HOSTILE, rendered
from strategies import SHAPES, random_spec, render

from checker.diagnostics import Diagnostic, FileResult, Severity
from checker.model import Location, Place

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCRIPT = "<script>window.pwned = 1</script>"


def test_every_report_text_is_escaped() -> None:
    hostile = Diagnostic(
        "t3-total", Severity.ERROR, f"消息{SCRIPT}", Location(1, 1, 1, 3), hint=f"建议{SCRIPT}",
        place=Place(table=1, row=2, column=3, text=f"单元格{SCRIPT}"),
    )
    line = Diagnostic("prose", Severity.WARNING, "m", Location(1, 3, 1, 11))
    page = rendered("html", [
        FileResult(f"a{SCRIPT}.docx", "checked", "2021", 2024, f"局{SCRIPT}", (hostile,), kind="docx"),
        FileResult("b.txt", "checked", "2021", 2024, "某局", (line,), (f"正文{SCRIPT}",)),
    ])
    assert page.count("<script>") == 1  # the page's own script, nothing else
    assert "&lt;script&gt;window.pwned = 1&lt;/script&gt;" in page
    assert '<blockquote class="quote"><span class="line-no">1</span>正文<mark>&lt;script&gt;</mark>window.pwned' in page


def test_page_is_self_contained() -> None:
    page = rendered("html", ALL + list(HOSTILE))
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert not re.search(r"""(src|href)=["']?(https?:|//)|url\(|@import""", page)
    page.encode("utf-8")  # undecodable file-name bytes are escaped
    assert "bad\\xff\\xfe.txt" in page and "evil\\x1b]0;pwn\\x07\\x1b[31m.txt" in page and "\x1b" not in page


def test_counts_rows_and_details() -> None:
    page = rendered("html", ALL)
    counts = dict(re.findall(r'id="count-(\w+)">(\d+)<', page))
    assert counts == {"reports": "4", "passed": "1", "failed": "2", "unreadable": "1", "waived": "1", "skipped": "1"}
    assert re.findall(r'<tr data-verdict="(\w+)">', page) == ["failed", "passed", "failed", "skipped", "unreadable"]
    assert "已豁免：</strong>正文 749 件含上年结转 36 件，经核实无误（县政务公开办 李某，至 2027-03-31，waivers.yaml:3）" in page
    assert "<code>t3-total</code> ×3：未找到表三（文件缺项，本文件不通过）" in page
    assert '<p class="hint"><strong>建议：</strong>（七）总计 应为 15（现为 16）</p>' in page


# ---------------------------------------------------------------- in a real browser


def _write_reports(folder: Path, count: int = 20) -> None:
    """``count`` generated reports in three region folders, every fourth with a broken 表三 total,
    every seventh with a broken 表四 total; one file that is not text; one hostile file name."""
    rng = random.Random(20)
    regions = ("南湖县", "北山区", "东江市")
    for i in range(count - 2):
        spec = random_spec(rng)
        if i % 4 == 1:
            spec = replace(spec, t3={**spec.t3, ("r3.7", "total"): spec.t3[("r3.7", "total")] + Decimal(1)})
        if i % 7 == 2:
            spec = replace(spec, t4={**spec.t4, ("review", "total"): spec.t4[("review", "total")] + Decimal(2)})
        target = folder / regions[i % 3] / f"{i:02d}-{spec.agency}{spec.year}年报.txt"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(render(spec, SHAPES[i % len(SHAPES)]), encoding="utf-8")
    (folder / regions[0] / "扫描件.txt").write_bytes(b"\x00\x01binary\xff")
    (folder / regions[1] / "<img src=x onerror=window.pwned=1>.txt").write_text(
        render(random_spec(rng)), encoding="utf-8")


def _check(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    regions = sorted(p.name for p in folder.iterdir())
    return subprocess.run([sys.executable, "-m", "checker", "check", *regions, *args],
                          cwd=folder, capture_output=True, text=True, env=env, timeout=300)


def _browser(tmp_path: Path):  # -> (playwright, context)
    if not Path(CHROMIUM).is_file():
        pytest.skip(f"没有 {CHROMIUM}（Debian 的 chromium 包未安装：apt-get install -y chromium）")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("没有 playwright（pip install '.[test]'）")
    manager = sync_playwright().start()
    try:
        context = manager.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900})
    except Exception as exc:  # chromium present but cannot start here
        manager.stop()
        pytest.skip(f"chromium 无法启动：{exc}")
    return manager, context


def test_page_in_chromium_matches_json(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    _write_reports(reports)
    page_file = tmp_path / "page.html"
    html_run = _check(reports, "--format", "html", "-o", str(page_file))
    json_run = _check(reports, "--format", "json")
    assert html_run.returncode == json_run.returncode == 2, html_run.stderr  # one file is unreadable
    doc = json.loads(json_run.stdout)
    summary, files = doc["summary"], doc["files"]
    assert len(files) == 20 and summary["failed"] > 0 and summary["passed"] > 0 and summary["unreadable"] == 1

    manager, context = _browser(tmp_path)
    try:
        requests: list[str] = []
        context.on("request", lambda request: requests.append(request.url))
        page = context.new_page()
        page.goto(page_file.as_uri())
        page.wait_for_load_state("load")
        shown = {k: int(page.inner_text(f"#count-{k}")) for k in ("reports", "passed", "failed", "unreadable")}
        assert shown == {"reports": 20, "passed": summary["passed"], "failed": summary["failed"],
                         "unreadable": summary["unreadable"]}
        rows = page.locator("#files tbody tr")
        assert rows.count() == 20
        names = sorted(rows.nth(i).locator("td").first.inner_text() for i in range(20))
        assert names == sorted(f["path"] for f in files)
        assert page.evaluate("window.pwned") is None  # the hostile file name is text
        _filter_and_sort(page, files)
        assert requests == [page_file.as_uri()]  # the page itself, nothing from any network
        if os.environ.get("REPORTLINT_SCREENSHOT"):
            page.reload()  # as it opens
            page.screenshot(path=os.environ["REPORTLINT_SCREENSHOT"], full_page=True,
                            clip={"x": 0, "y": 0, "width": 1280, "height": 1640})
    finally:
        context.close()
        manager.stop()


def _filter_and_sort(page, files: list[dict]) -> None:
    visible = page.locator("#files tbody tr:visible")
    agency = next(f["agency"] for f in files if f["agency"])
    page.fill("#filter", agency)
    assert visible.count() == sum(f["agency"] == agency for f in files)
    assert page.inner_text("#shown") == str(visible.count())
    page.fill("#filter", "扫描件")
    assert visible.count() == 1 and "无法检查" in visible.first.inner_text()
    page.fill("#filter", "没有这样的文件")
    assert visible.count() == 0 and page.inner_text("#shown") == "0"
    page.fill("#filter", "")
    page.click(".card-failed")
    assert visible.count() == sum(f["verdict"] == "failed" for f in files)
    page.click(".card-failed")  # again: every file
    assert visible.count() == 20
    page.click("#files th:nth-child(6)")  # 错误, ascending
    errors = [int(visible.nth(i).locator("td").nth(5).inner_text()) for i in range(20)]
    assert errors == sorted(errors) and errors[-1] > 0


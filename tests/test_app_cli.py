"""The gate cannot be hung, crashed or fooled: the probe's reproducers of issue 14, run through the CLI.

Each ends with exit 2 (or 0/1 where the input is fine), a clear message and no traceback.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_cli import CLEAN, ONLY, ROOT, only, run

from checker.app.pool import WORKER_DIED

posix_only = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs, links and signals are POSIX")


def files_of(stdout: str) -> list[tuple[str, str]]:
    return [(f["path"], f["status"]) for f in json.loads(stdout)["files"]]


# ---------------------------------------------------------------- workers


def _children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (the pool's workers), from their /proc status."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                status = Path(f"/proc/{entry}/status").read_text(encoding="ascii", errors="replace")
            except OSError:
                continue
            if f"\nPPid:\t{pid}\n" in status:
                found.append(int(entry))
    return sorted(found)


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="finds the workers through /proc")
def test_a_killed_worker_ends_the_run_loudly(tmp_path: Path) -> None:
    for i in range(200):
        shutil.copy(ROOT / CLEAN, tmp_path / f"r{i:03d}.txt")
    env = {k: v for k, v in os.environ.items()} | {"PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "checker", "check", "-j", "2", "--format", "json", *ONLY,
                             str(tmp_path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                            env=env)
    deadline = time.monotonic() + 30
    while len(_children(proc.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.005)
    os.kill(_children(proc.pid)[0], signal.SIGKILL)
    out, err = proc.communicate(timeout=60)  # multiprocessing.Pool waited here forever
    assert proc.returncode == 2, err
    doc = json.loads(out)
    assert [f["path"] for f in doc["files"]] == [str(tmp_path / f"r{i:03d}.txt") for i in range(200)]
    lost = [f for f in doc["files"] if f["status"] == "unreadable"]
    assert lost and {(f["reason"], f["diagnostics"][0]["rule"]) for f in lost} == {(WORKER_DIED, "internal-error")}
    assert {f["status"] for f in doc["files"]} == {"checked", "unreadable"}


# ---------------------------------------------------------------- walk errors


def _unprivileged() -> list[str] | None:
    """A command prefix that runs the CLI without the power to read what its mode forbids, or None."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    caps = "-dac_override,-dac_read_search"  # root without these obeys file modes like anyone else
    return [setpriv, f"--inh-caps={caps}", f"--bounding-set={caps}"]


@posix_only
def test_unreadable_folder_and_file_inside_it_are_listed(tmp_path: Path) -> None:
    prefix = _unprivileged()
    if prefix is None:
        pytest.skip("running as root without setpriv: cannot make a folder unreadable to this test")
    (tmp_path / "ok").mkdir()
    shutil.copy(ROOT / CLEAN, tmp_path / "ok" / "a.txt")
    locked = tmp_path / "locked"
    locked.mkdir()
    shutil.copy(ROOT / CLEAN, locked / "b.txt")
    locked.chmod(0)
    try:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "REPORTLINT_NO_CACHE": "1"}
        proc = subprocess.run([*prefix, sys.executable, "-m", "checker", "check", str(tmp_path), str(locked / "b.txt"),
                               *only("cli-pass"), "--format", "json"], capture_output=True, text=True, cwd=ROOT,
                              env=env, timeout=60)
    finally:
        locked.chmod(0o755)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr  # was: exit 0, folder skipped silently
    doc = json.loads(proc.stdout)
    assert [(f["path"], f["status"], f["reason"]) for f in doc["files"]] == [
        (str(tmp_path / "locked"), "unreadable", "无法读取文件夹：权限不足"),
        (str(tmp_path / "ok" / "a.txt"), "checked", None),
        (str(locked / "b.txt"), "unreadable", "权限不足"),  # was: a PermissionError traceback
    ]


@posix_only
def test_fifo_device_link_and_dash(tmp_path: Path) -> None:
    shutil.copy(ROOT / CLEAN, tmp_path / "a.txt")
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    proc = run("check", str(tmp_path), *only("cli-pass"), "--format", "json")  # was: blocked forever / 1.7 GB
    assert proc.returncode == 0, proc.stderr
    assert files_of(proc.stdout) == [(str(tmp_path / "a.txt"), "checked"), (str(tmp_path / "pipe.txt"), "skipped"),
                                     (str(tmp_path / "zero.txt"), "skipped")]
    named = run("check", str(tmp_path / "pipe.txt"), "-", *only("cli-pass"))
    assert named.returncode == 2 and "路径不存在" not in named.stderr
    assert named.stderr == "reportlint: 未找到可检查的报告文件（只有被跳过的文件）\n"
    doc = run("check", str(tmp_path / "pipe.txt"), "-", *only("cli-pass"), "--format", "json").stdout
    assert files_of(doc) == [(str(tmp_path / "pipe.txt"), "skipped"), ("-", "skipped")]


@posix_only
def test_dangling_and_looping_links_exit_2(tmp_path: Path) -> None:
    shutil.copy(ROOT / CLEAN, tmp_path / "a.txt")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "loop").symlink_to(tmp_path)
    proc = run("check", f"{tmp_path}/**", *only("cli-pass"), "--format", "json")
    assert proc.returncode == 2
    assert files_of(proc.stdout) == [(str(tmp_path / "a.txt"), "checked"), (str(tmp_path / "gone.txt"), "unreadable"),
                                     (str(tmp_path / "loop"), "unreadable")]


def test_foreign_encodings_are_read_errors(tmp_path: Path) -> None:
    text = (ROOT / CLEAN).read_text(encoding="utf-8")
    for codec in ("big5", "shift_jis", "utf-7"):
        (tmp_path / f"{codec}.txt").write_bytes(text.encode(codec, errors="replace"))
    proc = run("check", str(tmp_path), "--format", "json")
    assert proc.returncode == 2
    doc = json.loads(proc.stdout)
    assert [(f["status"], f["diagnostics"][0]["rule"], f["reason"]) for f in doc["files"]] == [
        ("unreadable", "read-error", "编码疑似 Big5（繁体中文），不是 UTF-8 或 GB18030，请另存为 UTF-8 后再检查"),
        ("unreadable", "read-error", "编码疑似 Shift-JIS（日文），不是 UTF-8 或 GB18030，请另存为 UTF-8 后再检查"),
        ("unreadable", "read-error", "编码为 UTF-7，请另存为 UTF-8 后再检查"),
    ]


@pytest.mark.skipif(sys.platform != "linux", reason="Linux file names are bytes")
def test_non_utf8_file_names_never_crash_the_output(tmp_path: Path) -> None:
    folder = os.fsencode(tmp_path)
    with open(os.path.join(folder, b"\xff\xfe-report.txt"), "wb") as fh:
        fh.write((ROOT / CLEAN).read_bytes())
    target = tmp_path / "out.json"
    proc = run("check", str(tmp_path), *ONLY, "--format", "json", "-o", str(target))
    assert proc.returncode == 1, proc.stderr  # was: UnicodeEncodeError, exit 1 with a traceback
    doc = json.loads(target.read_bytes().decode("utf-8"))  # strict UTF-8
    assert len(doc["files"]) == 1 and doc["files"][0]["status"] == "checked"
    assert run("check", str(tmp_path), *ONLY).returncode == 1


# ---------------------------------------------------------------- broken configuration and rule files


@pytest.mark.parametrize(("text", "message"), [
    ("profile: [a]\n", "profile 应为配置方案的名称（文字），而不是列表"),
    ("profile: {a: 1}\n", "profile 应为配置方案的名称（文字），而不是映射"),
    ("profiles: [a]\n", "profiles 应为“名称: 设置”的映射，而不是列表"),
    ("fail-on: [error]\n", "fail-on 应为 error、warning、info 之一，而不是“['error']”"),
    ("severity: {cli-new: [error]}\n", "规则“cli-new”的级别应为 error、warning、info 之一"),
    ("overrides: {paths: a}\n", "overrides 应为列表，而不是映射"),
    ("overrides: [[a]]\n", "overrides[0]：应为含 paths 的键值映射，而不是列表"),
    ("select: {a: 1}\n", "select 应为列表，而不是映射"),
    ("waivers: 5\n", "waivers 应为豁免的列表，而不是数字"),
    ("[1, 2]\n", "配置文件的顶层应为键值映射，而不是列表"),
    ("a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n", "不支持 YAML 别名"),
    ("select: " + "[" * 200 + "]" * 200 + "\n", "嵌套过深（超过 32 层）"),
    ("select: [a]\nselect: [b]\n", "重复的键“select”"),
], ids=["profile-list", "profile-map", "profiles-list", "fail-on-list", "level-list", "overrides-map",
        "override-list", "select-map", "waivers-number", "top-list", "aliases", "nesting", "duplicate"])
def test_wrong_config_is_a_located_error(tmp_path: Path, text: str, message: str) -> None:
    config = tmp_path / "reportlint.yaml"
    config.write_text(text, encoding="utf-8")
    proc = run("check", CLEAN, *ONLY, "--config", str(config))
    assert (proc.returncode, proc.stdout) == (2, "")
    assert message in proc.stderr and str(config) in proc.stderr and "Traceback" not in proc.stderr


def test_billion_laughs_is_refused_without_expanding(tmp_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev, name = chr(96 + i), chr(97 + i)
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    lines.append("profile: *j")
    config = tmp_path / "reportlint.yaml"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = run("check", CLEAN, "--config", str(config))
    assert proc.returncode == 2 and len(proc.stderr) < 300, proc.stderr[:300]
    assert proc.stderr == f"reportlint: 配置错误：\n{config}:2：无法读取配置文件：不支持 YAML 别名（*引用），请把内容直接写出\n"


@posix_only
def test_rule_and_config_paths_that_are_not_files(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "x.rule")
    for path in ("/dev/zero", str(tmp_path / "x.rule")):  # was: MemoryError traceback / a hang
        proc = run("check", CLEAN, "--rules", path)
        assert (proc.returncode, proc.stderr) == (2, f"reportlint: 规则路径不是普通文件（管道、设备或套接字），不读取：{path}\n")
    proc = run("check", CLEAN, "--config", "/dev/zero")
    assert proc.returncode == 2
    assert proc.stderr == ("reportlint: 配置错误：\n/dev/zero：无法读取配置文件：不是普通文件（管道、设备或套接字），不读取\n")


def test_override_glob_does_not_backtrack(tmp_path: Path) -> None:
    config = tmp_path / "reportlint.yaml"
    config.write_text("overrides:\n  - paths: ['" + "*a" * 30 + "*b']\n    ignore: [cli-new]\n", encoding="utf-8")
    name = tmp_path / ("a" * 60 + ".txt")
    shutil.copy(ROOT / CLEAN, name)
    proc = run("check", str(name), *ONLY, "--config", str(config), "--format", "json")  # was: 26 s
    assert proc.returncode == 1 and [d["rule"] for d in json.loads(proc.stdout)["files"][0]["diagnostics"]] == [
        "cli-new", "cli-warn"]


def test_exit_zero_never_hides_a_walk_error(tmp_path: Path) -> None:
    shutil.copy(ROOT / CLEAN, tmp_path / "a.txt")
    if hasattr(os, "symlink"):
        (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere")
    proc = run("check", str(tmp_path), *ONLY, "--exit-zero")
    assert proc.returncode == 2

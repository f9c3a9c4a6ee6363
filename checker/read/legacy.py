"""Old binary Word (.doc, .wps, RTF) → a .docx made by LibreOffice → the .docx reader.

No Python library reads .doc tables reliably; LibreOffice does, when it is installed
(``soffice`` on PATH). It runs headless in a temporary folder with its own profile (two
conversions at once must not share one) and a time limit, so a file that hangs it is an
``Unreadable``, not a hung check. Without LibreOffice the user is told what to do.
An encrypted .docx is an OLE file too (its package stored encrypted): said as such.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from checker.read.docx import read_docx
from checker.read.grid import Block

TIMEOUT = 120  # seconds; LibreOffice converts a report in about 2 s
NO_OFFICE = "旧版 Word/WPS 格式，请另存为 .docx 或 PDF 后再检查"
FAILED = "旧版 Word/WPS 格式，转换失败（文件可能已损坏），请另存为 .docx 或 PDF 后再检查"
TIMED_OUT = f"旧版 Word/WPS 格式，转换超过 {TIMEOUT} 秒未完成，请另存为 .docx 或 PDF 后再检查"
ENCRYPTED = "文件已加密（设有打开密码），无法检查"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


def read_legacy(path: Path, soffice: str | None = None) -> list[Block] | str:
    """The blocks of an old Word file, converted by LibreOffice, or why it could not be read."""
    if _is_encrypted_package(path):
        return ENCRYPTED
    soffice = soffice or shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return NO_OFFICE
    with tempfile.TemporaryDirectory(prefix="reportlint-") as tmp:
        work = Path(tmp)
        source = work / ("in" + path.suffix.lower() if path.suffix else "in.doc")
        shutil.copyfile(path, source)  # a plain ASCII name: soffice mangles some paths
        command = [soffice, "--headless", "--norestore", f"-env:UserInstallation={(work / 'profile').as_uri()}",
                   "--convert-to", "docx", "--outdir", str(work / "out"), str(source)]
        done = _run(command)
        if done is not None:
            return done
        made = work / "out" / (source.stem + ".docx")
        if not made.is_file():
            return FAILED
        return read_docx(made)


def _run(command: list[str]) -> str | None:
    """Run LibreOffice in its own process group, killed whole at the time limit; None when it ended."""
    try:
        proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True)
    except OSError:
        return NO_OFFICE
    try:
        proc.wait(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # soffice forks soffice.bin: end the group, not one process
        proc.wait()
        return TIMED_OUT
    return None


def _is_encrypted_package(path: Path) -> bool:
    """An OLE file holding an ``EncryptedPackage`` stream: Office's password-protected .docx."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(1 << 16)
    except OSError:
        return False
    return head.startswith(b"\xd0\xcf\x11\xe0") and _ENCRYPTED_PACKAGE in head

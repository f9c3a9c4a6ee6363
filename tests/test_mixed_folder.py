"""A folder of every kind an office collects: each file listed, the reports checked, nothing passes unread.

The check of issue 9: .txt, .docx, .pdf and .html reports are checked; a .doc whose bytes are not a
Word file is unreadable (a read-error, exit 2) even when LibreOffice would "convert" it as plain
text; an image is skipped with its reason; the run exits 2 because one file could not be checked.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ("clean-2023.txt", "clean-2023.docx", "clean-2023.pdf", "shuyang-fgj-2023.html")


def test_every_file_of_a_mixed_folder_is_listed(tmp_path: Path) -> None:
    for name in REPORTS:
        shutil.copy(ROOT / "examples" / name, tmp_path / name)
    (tmp_path / "broken.doc").write_bytes(bytes(range(256)) * 12)
    (tmp_path / "scan.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    proc = subprocess.run([sys.executable, "-m", "checker", "check", str(tmp_path), "--format", "json"],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    doc = json.loads(proc.stdout)
    status = {Path(f["path"]).name: (f["status"], f["kind"]) for f in doc["files"]}
    assert status == {
        "broken.doc": ("unreadable", "doc"),
        "clean-2023.docx": ("checked", "docx"),
        "clean-2023.pdf": ("checked", "pdf"),
        "clean-2023.txt": ("checked", "text"),
        "scan.png": ("skipped", None),
        "shuyang-fgj-2023.html": ("checked", "html"),
    }
    broken = next(f for f in doc["files"] if f["path"].endswith("broken.doc"))
    assert [d["message"] for d in broken["diagnostics"]] == [
        f"无法读取文件 {tmp_path / 'broken.doc'}：文件已损坏，或不是有效的 Word（.doc/.wps）文件"]
    clean = [f for f in doc["files"] if Path(f["path"]).stem == "clean-2023"]
    assert [f["diagnostics"] for f in clean] == [[], [], []]
    assert proc.returncode == 2

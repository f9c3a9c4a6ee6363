"""Robustness of the structured readers: hostile and mangled .docx/.pdf/.html files (not a test).

    python3 bench/fuzz_formats.py [N] [SEED]     # default 300 mangled files + the hostile ones, seed 14

Each file is read by ``read_path`` in its own child process under a 4 GB address-space limit
(``ulimit -v 4000000``) and a time limit; every file must come out as a Report or an Unreadable:
no crash, no traceback, no hang, no file lost. Prints the count of each outcome, the slowest
files, and every failure; exits 1 on any failure.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from hostile_files import hostile_files, mangle, mangle_docx_xml, read_guarded  # noqa: E402
from report_files import from_spec, write_docx, write_html, write_pdf  # noqa: E402
from strategies import _prose, random_spec  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"


def good_files(out: Path, rng: random.Random) -> list[Path]:
    spec = random_spec(rng)
    doc = from_spec(spec, _prose(spec))
    made = []
    for kind, write in (("docx", write_docx), ("pdf", write_pdf), ("html", write_html)):
        write(doc, out / f"good.{kind}")
        made.append(out / f"good.{kind}")
    made += [p for p in (CORPUS / "huaian-szf-2024.pdf", CORPUS / "shuyang-fgj-2023.html") if p.is_file()]
    made += sorted((ROOT / "tests" / "fixtures" / "libreoffice").glob("clean.*"))
    return made


def mangled_files(out: Path, goods: list[Path], n: int, rng: random.Random) -> list[Path]:
    paths = []
    for i in range(n):
        good = goods[i % len(goods)]
        if good.suffix == ".docx" and i % 2:
            data = mangle_docx_xml(good, rng)
        else:
            data = mangle(good.read_bytes(), rng)
        path = out / f"m{i:03d}{good.suffix}"
        path.write_bytes(data)
        paths.append(path)
    return paths


def main(argv: list[str]) -> int:
    n = int(argv[0]) if argv else 300
    rng = random.Random(int(argv[1]) if len(argv) > 1 else 14)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        goods = good_files(out, rng)
        files = hostile_files(out, goods[0], goods[1], goods[2]) + mangled_files(out, goods, n, rng)

        def run(path: Path) -> tuple[Path, str, float]:
            start = time.perf_counter()
            return path, read_guarded(path), time.perf_counter() - start

        with ThreadPoolExecutor(2) as pool:
            results = list(pool.map(run, files))
    outcomes = Counter(o if o in ("report", "unreadable") else o.split(":")[0] for _, o, _ in results)
    print(f"{len(results)} files ({n} mangled, {len(results) - n} hostile), each under ulimit -v 4000000:")
    for outcome, count in sorted(outcomes.items()):
        print(f"  {outcome:12} {count}")
    print("slowest:", ", ".join(f"{p.name} {s:.1f}s" for p, _, s in sorted(results, key=lambda r: -r[2])[:5]))
    failures = [(p.name, o) for p, o, _ in results if o not in ("report", "unreadable")]
    for name, outcome in failures:
        print(f"FAIL {name}: {outcome}")
    return 1 if failures or len(results) != len(files) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

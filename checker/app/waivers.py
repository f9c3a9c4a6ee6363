"""Waivers: an office's written, reasoned acceptance of a known finding, kept in version control.

A waiver names a file (a path or glob relative to the file the waiver is written in, or
``sha256:<hex>`` of the file's content, so it lapses when the file changes), a rule id or
prefix, optionally the cell (``表三[本年新收, 总计]``) or a quoted phrase it covers, and
always a reason. A waived finding stays in every output with ``Diagnostic.waived`` set
and no longer counts toward the exit code (``diagnostics.verdict``).

An office must mean it: a waiver accepts warnings and infos unless it says
``severity: error``; findings that say a file was not checked (``NOT_CHECKED``) are
never waived. Stale waivers must not pile up: a waiver whose file was checked but that
accepted nothing is reported as ``waiver-unused``, an expired one (``until`` passed) no
longer applies and is reported as ``waiver-expired``. Both are warnings of the waiver
file, given in a result of kind ``"waivers"`` after the reports.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from checker.app.globs import is_glob, path_matcher
from checker.app.yamlfile import ConfigError, Key, Loaded, did_you_mean, load_yaml, shown, type_name
from checker.diagnostics import NOT_CHECKED, CellRef, Diagnostic, FileResult, Severity, Waived
from checker.language.select import matches
from checker.model import Location
from checker.read.decode import Refused, read_bytes
from checker.read.layouts import Label, Layout, TableLayout, load_layout

KEYS = ("file", "rule", "at", "reason", "by", "until", "severity")
_LEVELS = tuple(s.value for s in Severity)
_CELL = re.compile(r"^\s*([^\[［\s]+)\s*[\[［]\s*([^,，\]］]+?)\s*[,，]\s*([^,，\]］]+?)\s*[\]］]\s*$")
_QUOTES = "\"'“”‘’「」『』"
_SHA256 = re.compile(r"^[0-9a-fA-F]{64}$")


@dataclass(frozen=True, slots=True)
class At:
    """What part of a file a waiver covers: a cell of a table, or a phrase of the report."""

    text: str  # as written
    cell: CellRef | None = None
    phrase: str | None = None

    def covers(self, diag: Diagnostic, lines: Sequence[str]) -> bool:
        if self.cell is not None:
            return diag.cell == self.cell
        phrase = self.phrase or ""
        return phrase in diag.message or bool(diag.place and phrase in diag.place.text) or any(
            phrase in line for line in _lines_of(diag, lines))


@dataclass(frozen=True, slots=True)
class Waiver:
    """One entry of a waiver file; ``source`` is where it is written ("waivers.yaml:12")."""

    file: str
    rule: str
    reason: str
    base_dir: str
    source: str
    line: int
    at: At | None = None
    by: str | None = None
    until: dt.date | None = None
    severity: Severity = Severity.WARNING  # the most severe finding it may accept

    @property
    def digest(self) -> str | None:
        return self.file[len("sha256:"):].lower() if self.file.startswith("sha256:") else None

    def expired(self, today: dt.date) -> bool:
        return self.until is not None and today > self.until

    def covers(self, diag: Diagnostic, lines: Sequence[str]) -> bool:
        """The finding is of this waiver's rule (and at its cell or phrase), whatever its severity."""
        if diag.rule in NOT_CHECKED or not matches(diag.rule, (self.rule,)):
            return False
        return self.at is None or self.at.covers(diag, lines)

    def describe(self) -> str:
        return f"{self.file} 的 {self.rule}" + (f"（{self.at.text}）" if self.at else "")

    def stamp(self) -> Waived:
        return Waived(self.reason, self.by, self.until.isoformat() if self.until else None, self.source)


@dataclass(frozen=True, slots=True)
class Use:
    """Which waivers (by index) named a checked file, accepted a finding, or met an error they may not accept."""

    seen: frozenset[int] = frozenset()
    applied: frozenset[int] = frozenset()
    blocked: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class Waivers:
    """Every waiver of a run, indexed by how it names its file; picklable for the check workers."""

    items: tuple[Waiver, ...]
    today: dt.date
    texts: tuple[tuple[str, tuple[str, ...]], ...] = ()  # each waiver file's lines, for code frames
    exact: dict[str, tuple[int, ...]] = field(default_factory=dict, compare=False)
    globs: tuple[int, ...] = ()
    digests: dict[str, tuple[int, ...]] = field(default_factory=dict, compare=False)

    @classmethod
    def of(cls, items: Sequence[Waiver], today: dt.date, texts: Sequence[tuple[str, tuple[str, ...]]] = ()) -> Waivers:
        exact: dict[str, list[int]] = {}
        digests: dict[str, list[int]] = {}
        globs = []
        for i, w in enumerate(items):
            if w.digest is not None:
                digests.setdefault(w.digest, []).append(i)
            elif is_glob(w.file):
                globs.append(i)
            else:
                exact.setdefault(str(Path(w.base_dir, w.file).resolve()), []).append(i)
        return cls(tuple(items), today, tuple(texts), {k: tuple(v) for k, v in exact.items()}, tuple(globs),
                   {k: tuple(v) for k, v in digests.items()})

    def candidates(self, path: str, digest: Callable[[], str | None]) -> tuple[int, ...]:
        """The waivers that name this file, in the order they are written."""
        full = Path(path).resolve()
        found = list(self.exact.get(str(full), ()))
        found += [i for i in self.globs if path_matcher(self.items[i].file).fullmatch(_relative(full, self.items[i]))]
        if self.digests:
            found += self.digests.get(digest() or "", ())
        return tuple(sorted(set(found)))

    def apply(self, result: FileResult, lines: Sequence[str],
              digest: Callable[[], str | None] | None = None) -> tuple[FileResult, Use]:
        """The result with the findings its waivers accept marked waived, and what each waiver did."""
        if result.status != "checked" or not self.items:
            return result, Use()
        named = self.candidates(result.path, digest or (lambda: file_digest(result.path)))
        live = [i for i in named if not self.items[i].expired(self.today)]
        applied: set[int] = set()
        blocked: set[int] = set()
        out = []
        for diag in result.diagnostics:
            waiver = None if diag.waived else self._waiver_for(diag, live, lines, blocked)
            if waiver is not None:
                applied.add(waiver)
                diag = replace(diag, waived=self.items[waiver].stamp())
            out.append(diag)
        use = Use(frozenset(named), frozenset(applied), frozenset(blocked))
        return (replace(result, diagnostics=tuple(out)) if applied else result), use

    def _waiver_for(self, diag: Diagnostic, live: list[int], lines: Sequence[str], blocked: set[int]) -> int | None:
        for i in live:
            w = self.items[i]
            if w.covers(diag, lines):
                if diag.severity.rank <= w.severity.rank:
                    return i
                blocked.add(i)
        return None

    def findings(self, use: Use) -> Iterator[FileResult]:
        """One result per waiver file that has stale waivers: ``waiver-expired``, ``waiver-unused``."""
        by_source: dict[str, list[Diagnostic]] = {}
        for i, w in enumerate(self.items):
            diag = self._finding(i, w, use)
            if diag is not None:
                by_source.setdefault(w.source.rsplit(":", 1)[0], []).append(diag)
        texts = dict(self.texts)
        for path, diags in by_source.items():
            yield FileResult(path, "checked", None, None, None, tuple(diags), lines=texts.get(path, ()),
                             kind="waivers")

    def _finding(self, i: int, w: Waiver, use: Use) -> Diagnostic | None:
        if w.expired(self.today):
            message = f"豁免已于 {w.until} 到期，不再适用：{w.describe()}"
            return _stale("waiver-expired", message, w)
        if i not in use.seen or i in use.applied:
            return None  # a waiver for a file not in this run is not judged
        if i in use.blocked:
            message = f"豁免只遇到错误级别的问题，未写 severity: error，没有豁免：{w.describe()}"
        else:
            message = f"豁免未用上：{w.describe()}，没有相应的问题（已改正，或豁免写错了），请删除或改正本条"
        return _stale("waiver-unused", message, w)


def _stale(rule: str, message: str, w: Waiver) -> Diagnostic:
    return Diagnostic(rule, Severity.WARNING, message, Location.point(w.line),
                      values={"file": w.file, "rule": w.rule, "source": w.source})


def _relative(full: Path, w: Waiver) -> str:
    try:
        return full.relative_to(w.base_dir).as_posix()
    except ValueError:
        return full.as_posix()


def _lines_of(diag: Diagnostic, lines: Sequence[str]) -> Sequence[str]:
    loc = diag.location
    if loc is None or not lines:
        return ()
    return lines[max(loc.line - 1, 0):max(loc.end_line, loc.line)]


def file_digest(path: str) -> str | None:
    """The sha256 of a file's content (what ``file: sha256:…`` binds a waiver to), None when unreadable."""
    try:
        return hashlib.sha256(read_bytes(path, 256 * 1024 * 1024)).hexdigest()
    except Refused:
        return None


# ---------------------------------------------------------------- reading waiver files


def load_waivers(path: Path) -> tuple[list[Waiver], tuple[str, tuple[str, ...]]]:
    """The waivers of a waiver file (``waivers:`` list, or a bare list); raises ``ConfigError`` listing every problem."""
    loaded = load_yaml(path, "豁免文件")
    data = loaded.data
    key: Key = ()
    if isinstance(data, dict):
        errors = [f"{loaded.where((k,))}：未知的键“{shown(k)}”（豁免文件只有 waivers）" for k in data if k != "waivers"]
        data, key = data.get("waivers"), ("waivers",)
    else:
        errors = []
    items = parse_waivers(loaded, key, data, str(path.resolve().parent), errors)
    if errors:
        raise ConfigError("\n".join(errors))
    return items, (str(path), text_lines(path))


def text_lines(path: Path) -> tuple[str, ...]:
    try:
        return tuple(path.read_text(encoding="utf-8-sig").splitlines())
    except (OSError, UnicodeDecodeError):
        return ()


def parse_waivers(loaded: Loaded, key: Key, data: object, base_dir: str, errors: list[str]) -> list[Waiver]:
    """Waivers from a YAML list at ``key``; every problem is appended to ``errors`` as ``file:line：…``."""
    if data is None:
        return []
    if not isinstance(data, list):
        errors.append(f"{loaded.where(key)}：waivers 应为豁免的列表，而不是{type_name(data)}")
        return []
    layout = load_layout()
    out = []
    for i, raw in enumerate(data):
        waiver = _waiver(loaded, (*key, i), raw, base_dir, layout, errors)
        if waiver is not None:
            out.append(waiver)
    return out


def _waiver(loaded: Loaded, key: Key, raw: object, base_dir: str, layout: Layout,
            errors: list[str]) -> Waiver | None:
    where = loaded.where(key)
    if not isinstance(raw, dict):
        errors.append(f"{where}：每条豁免应为含 file、rule、reason 的映射，而不是{type_name(raw)}")
        return None
    before = len(errors)
    for k in raw:
        if k not in KEYS:
            errors.append(f"{loaded.where((*key, k))}：未知的键“{shown(k)}”{did_you_mean(str(k), KEYS)}"
                          f"（可用的键：{'、'.join(KEYS)}）")
    text = {k: _text(loaded, key, raw, k, errors) for k in ("file", "rule", "reason", "by", "at", "severity")}
    for k, what in (("file", "适用的文件"), ("rule", "规则编号"), ("reason", "豁免的理由")):
        if not text[k] and (raw.get(k) is None or isinstance(raw.get(k), str)):
            errors.append(f"{where}：缺少 {k}（{what}）")
    _check_file(loaded, key, text["file"], errors)
    if text["rule"] in NOT_CHECKED:
        errors.append(f"{loaded.where((*key, 'rule'))}：{text['rule']} 表示文件未能检查，不能豁免")
    if text["severity"] and text["severity"] not in _LEVELS:
        errors.append(f"{loaded.where((*key, 'severity'))}：severity 应为 {'、'.join(_LEVELS)} 之一，"
                      f"而不是“{shown(text['severity'])}”{did_you_mean(text['severity'], _LEVELS)}")
    until = _until(loaded, key, raw.get("until"), errors)
    at = _at(loaded, key, text["at"], layout, errors) if text["at"] else None
    if len(errors) > before:
        return None
    return Waiver(text["file"], text["rule"], text["reason"], base_dir, where, loaded.lines.get(key, 1), at,
                  text["by"] or None, until, Severity(text["severity"] or "warning"))


def _text(loaded: Loaded, key: Key, raw: dict, name: str, errors: list[str]) -> str:
    value = raw.get(name)
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and name in ("by", "reason"):
        return str(value)
    if not isinstance(value, str):
        errors.append(f"{loaded.where((*key, name))}：{name} 应为文字，而不是{type_name(value)}")
        return ""
    return value.strip()


def _check_file(loaded: Loaded, key: Key, file: str, errors: list[str]) -> None:
    if file.startswith("sha256:") and not _SHA256.match(file[len("sha256:"):]):
        errors.append(f"{loaded.where((*key, 'file'))}：sha256: 后应为 64 位十六进制数字（文件内容的 SHA-256）")


def _until(loaded: Loaded, key: Key, value: object, errors: list[str]) -> dt.date | None:
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    errors.append(f"{loaded.where((*key, 'until'))}：until 应为日期 YYYY-MM-DD，而不是“{shown(value)}”")
    return None


def _at(loaded: Loaded, key: Key, text: str, layout: Layout, errors: list[str]) -> At | None:
    """A cell ``表三[本年新收, 总计]`` (labels or ids of the format) or a phrase (quotes optional)."""
    m = _CELL.match(text)
    if m is None:
        phrase = text.strip(_QUOTES + " ")
        return At(text, phrase=phrase) if phrase else None
    table = _table(layout, m.group(1))
    row = table.find_row(m.group(2)) or _id(table.rows, m.group(2)) if table else None
    col = table.find_col(m.group(3)) or _id(table.cols, m.group(3)) if table else None
    if table is None or row is None or col is None:
        missing = "表" if table is None else "行" if row is None else "列"
        names = {"表": m.group(1), "行": m.group(2), "列": m.group(3)}
        errors.append(f"{loaded.where((*key, 'at'))}：at 中的{missing}“{names[missing]}”在格式中不存在"
                      "（写作 表三[本年新收, 总计]，或用引号写出报告中的一句话）")
        return None
    return At(text, cell=CellRef(table.id, row, col))


def _table(layout: Layout, name: str) -> TableLayout | None:
    name = name.strip()
    return next((t for t in layout.tables if name in (t.id, t.name, t.name.split()[0])), None)


def _id(labels: Sequence[Label], text: str) -> str | None:
    return next((lab.id for lab in labels if lab.id == text.strip()), None)

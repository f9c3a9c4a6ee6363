"""What every reporter needs: the run context and the counts of a run."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from checker.diagnostics import Diagnostic, FileResult, Severity

SEVERITY_ZH = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}


@dataclass(frozen=True, slots=True)
class RenderContext:
    """The run around the results: rules (for metadata and counts), fail level, options."""

    ruleset: Any = None  # checker RuleSet, or None when unknown
    fail_on: Severity = Severity.ERROR
    statistics: bool = False
    color: str = "auto"  # auto | always | never
    version: str = "0.1.0"
    env: dict[str, str] = field(default_factory=dict)  # the environment (NO_COLOR, COLUMNS), passed in

    @property
    def rule_count(self) -> int:
        return len(self.ruleset.rules) if self.ruleset is not None else 0

    def rule(self, rule_id: str) -> Any:
        """The loaded rule with this id, or None (read-error, internal-error, unknown)."""
        if self.ruleset is None:
            return None
        try:
            return self.ruleset.get(rule_id)
        except (KeyError, LookupError):
            return None


@dataclass(frozen=True, slots=True)
class Summary:
    files: int
    unreadable: int
    errors: int
    warnings: int
    infos: int
    per_rule: tuple[tuple[str, Severity, int], ...]  # (rule, severity, count), most frequent first

    @classmethod
    def of(cls, results: Sequence[FileResult]) -> Summary:
        levels: Counter[Severity] = Counter()
        rules: Counter[tuple[str, Severity]] = Counter()
        for r in results:
            for d in r.diagnostics:
                levels[d.severity] += 1
                rules[(d.rule, d.severity)] += 1
        per_rule = sorted(rules.items(), key=lambda kv: (-kv[0][1].rank, -kv[1], kv[0][0]))
        return cls(
            files=len(results),
            unreadable=sum(r.status != "checked" for r in results),
            errors=levels[Severity.ERROR],
            warnings=levels[Severity.WARNING],
            infos=levels[Severity.INFO],
            per_rule=tuple((rule, sev, n) for (rule, sev), n in per_rule),
        )

    def to_dict(self) -> dict[str, int]:
        return {"files": self.files, "errors": self.errors, "warnings": self.warnings, "infos": self.infos}


def fails(diag: Diagnostic, fail_on: Severity) -> bool:
    return diag.severity.rank >= fail_on.rank


def short_description(rule: Any, limit: int = 40) -> str:
    """First sentence of a rule's description (else its message template), at most ``limit`` characters."""
    if rule is None:
        return ""
    text = (getattr(rule, "description", "") or getattr(rule, "message", "") or "").strip()
    first = text.splitlines()[0] if text else ""
    first = first.split("。")[0] + ("。" if "。" in first else "")
    return first if len(first) <= limit else first[: limit - 1] + "…"

"""The package's folders are the pipeline's stages, and imports only point down the pipeline.

Stages, earliest first: the shared base (model, diagnostics, normalize, resources), ``read``
(file → Report), ``language`` (rule files → RuleSet), ``engine`` (RuleSet × Report → diagnostics),
``reporters`` (results → formats), ``app`` (batch, config, CLI). A module may import its own
stage and earlier ones only; the import graph has no cycle; an import inside a function is
allowed only with a comment saying the measured start-up reason (``# start-up: …``).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "checker"
STAGES = ("base", "read", "language", "engine", "reporters", "app")
TOP = {"checker", "checker.__main__"}  # the entry points may import any stage


def _module(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and parts[1] in STAGES) else "base"


def _imports(path: Path) -> list[tuple[str, int, bool]]:
    """(imported checker module, line, inside a function) for every import of a module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: list[tuple[str, int, bool]] = []
    me = _module(path)

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, ast.Import):
                out.extend((a.name, child.lineno, in_function) for a in child.names if a.name.startswith("checker"))
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    base = ".".join(me.split(".")[: -child.level] + ([base] if base else []))
                if base.startswith("checker"):
                    out.extend((_submodule(base, a.name), child.lineno, in_function) for a in child.names)
            visit(child, inner)

    visit(tree, False)
    return out


def _submodule(base: str, name: str) -> str:
    """``from checker.engine import textmatch`` imports the module checker.engine.textmatch."""
    candidate = PACKAGE.parent / Path(*f"{base}.{name}".split("."))
    return f"{base}.{name}" if candidate.with_suffix(".py").is_file() or candidate.is_dir() else base


MODULES = {_module(p): p for p in sorted(PACKAGE.rglob("*.py"))}
GRAPH = {m: _imports(p) for m, p in MODULES.items()}


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_point_down_the_pipeline(module: str) -> None:
    if module in TOP:
        return
    mine = STAGES.index(_stage(module))
    later = [(dep, line) for dep, line, _ in GRAPH[module] if STAGES.index(_stage(dep)) > mine]
    assert later == [], f"{module} ({_stage(module)}) imports later stages: {later}"


def test_no_import_cycle() -> None:
    edges = {m: {d for d, _, _ in deps if d in MODULES and d != m} for m, deps in GRAPH.items()}
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def dfs(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(edges[node]):
            if state.get(nxt) == 1:
                cycles.append(path[path.index(nxt):] + [nxt] if nxt in path else [node, nxt])
            elif nxt not in state:
                dfs(nxt, [*path, nxt])
        state[node] = 2

    for m in sorted(edges):
        if m not in state:
            dfs(m, [m])
    assert cycles == []


def test_imports_inside_functions_say_why() -> None:
    unexplained = []
    for module, deps in GRAPH.items():
        lines = MODULES[module].read_text(encoding="utf-8").splitlines()
        for dep, line, in_function in deps:
            here = lines[line - 1] + (lines[line - 2] if line > 1 else "")
            if in_function and "start-up" not in here:
                unexplained.append(f"{module}:{line} {dep}")
    assert unexplained == []

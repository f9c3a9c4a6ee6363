"""YAML for the files an office writes (reportlint.yaml, waiver files): bounded, alias-free, located.

Such a file is short and written by hand, so it needs no anchors and aliases — and an
alias is how a "billion laughs" file of a few hundred bytes expands into gigabytes, or
into an error message that quotes it. Aliases are refused at the first one, nesting is
bounded (the composer recurses), only a regular file of at most ``MAX_BYTES`` is read,
duplicate keys are errors (the second would silently win), and every key and list item
remembers its line, so a problem can be shown as ``file:line``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from checker.read.decode import REASONS, Refused, read_bytes

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 32

Key = tuple[str | int, ...]  # a path into the data: ("overrides", 0, "paths")


class ConfigError(Exception):
    """A configuration or waiver file that cannot be used; ``str()`` lists every problem, one per line."""


class YamlError(ConfigError):
    """A YAML file that cannot be read at all; the message names the file and line, in Chinese."""


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A Chinese "did you mean" suffix, or "" when nothing is close."""
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f"，是否想写“{close[0]}”？" if close else ""


def shown(value: object, limit: int = 40) -> str:
    """A value as a message quotes it: never longer than ``limit`` characters."""
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def type_name(value: object) -> str:
    """What a YAML value is, in the words of the messages."""
    if isinstance(value, dict):
        return "映射"
    if isinstance(value, list):
        return "列表"
    if isinstance(value, bool):
        return "真假值"
    if isinstance(value, (int, float)):
        return "数字"
    return "空值" if value is None else "文字" if isinstance(value, str) else type(value).__name__


@dataclass(frozen=True, slots=True)
class Loaded:
    """The plain data of a YAML file and the line (1-based) of every key and list item in it."""

    path: str
    data: object
    lines: dict[Key, int] = field(default_factory=dict)

    def where(self, key: Key = ()) -> str:
        """``file:line`` of ``key`` (or of the nearest enclosing key that has a line), else the file."""
        for end in range(len(key), 0, -1):
            line = self.lines.get(key[:end])
            if line is not None:
                return f"{self.path}:{line}"
        return self.path


class _Loader(yaml.SafeLoader):
    """The safe loader's composer, refusing aliases and deep nesting before they can cost anything."""

    depth = 0

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise _Located(event.start_mark.line + 1, "不支持 YAML 别名（*引用），请把内容直接写出")
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _Located(event.start_mark.line + 1, f"嵌套过深（超过 {MAX_DEPTH} 层）")
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _Located(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line, self.message = line, message


def load_yaml(path: Path, what: str) -> Loaded:
    """Read and parse a YAML file; ``what`` names it in errors ("配置文件", "豁免文件")."""
    try:
        data = read_bytes(path, MAX_BYTES)
    except Refused as refused:
        why = REASONS[refused.reason] + (f"（上限 {MAX_BYTES // 1024} KB）" if refused.reason == "too-large" else "")
        raise YamlError(f"{path}：无法读取{what}：{why}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise YamlError(f"{path}：无法读取{what}：应为 UTF-8 编码") from None
    return parse_yaml(text, str(path), what)


def parse_yaml(text: str, path: str, what: str) -> Loaded:
    """Parse YAML text into plain data with the lines of its keys."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        lines: dict[Key, int] = {}
        data = _plain(loader, node, (), lines) if node is not None else None
    except _Located as exc:
        raise YamlError(f"{path}:{exc.line}：无法读取{what}：{exc.message}") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f":{mark.line + 1}" if mark else ""
        raise YamlError(f"{path}{line}：无法读取{what}：YAML 语法错误（{exc.problem or exc.context}）") from None
    except yaml.YAMLError as exc:
        raise YamlError(f"{path}：无法读取{what}：YAML 错误（{type(exc).__name__}）") from None
    finally:
        loader.dispose()
    return Loaded(path, data, lines)


def _plain(loader: _Loader, node: yaml.Node, key: Key, lines: dict[Key, int]) -> object:
    """Plain Python data of a node (depth already bounded by the composer)."""
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_object(node)
    if isinstance(node, yaml.SequenceNode):
        out = []
        for i, item in enumerate(node.value):
            lines[(*key, i)] = item.start_mark.line + 1
            out.append(_plain(loader, item, (*key, i), lines))
        return out
    mapping: dict[str | int, object] = {}
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 1
        name = loader.construct_object(key_node) if isinstance(key_node, yaml.ScalarNode) else None
        if not isinstance(name, (str, int)) or isinstance(name, bool):
            raise _Located(line, "键应为文字")
        if name in mapping:
            raise _Located(line, f"重复的键“{name}”")
        lines[(*key, name)] = line
        mapping[name] = _plain(loader, value_node, (*key, name), lines)
    return mapping

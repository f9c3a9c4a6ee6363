"""argparse's own words in Chinese: "usage:", "options", its error messages.

argparse looks every one of its strings up through ``argparse._`` (gettext) and
``argparse.ngettext`` at the moment it prints them, so a translation table installed before
the parser prints anything is enough: no subclass has to copy argparse's formatting code.
A string missing from the table (a newer Python's new message) falls back to argparse's
English rather than failing; ``tests/test_cli_chinese.py`` runs every command's help and the
usual errors and fails on any English sentence.
"""

from __future__ import annotations

import argparse
import unicodedata

#: argparse's messages (Python 3.9–3.13), in the order argparse.py has them.
ZH = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "optional arguments": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选择：%(value)r（可选：%(choices)s）",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "expected one argument": "需要一个值",
    "expected at most one argument": "最多一个值",
    "expected at least one argument": "至少需要一个值",
    "ambiguous option: %(option)s could match %(matches)s": "选项有歧义：%(option)s 可指 %(matches)s",
    "invalid %(type)s value: %(value)r": "无效的 %(type)s 值：%(value)r",
    "ignored explicit argument %r": "忽略了多余的值 %r",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "参数 %s 必须给出其中之一",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "未知的命令 %(parser_name)r（可选：%(choices)s）",
    "can't open '%(filename)s': %(error)s": "无法打开“%(filename)s”：%(error)s",
    "unexpected option string: %s": "意外的选项：%s",
}

#: argparse's plural messages: (singular, plural) → Chinese (which has one form).
ZH_PLURAL = {
    ("expected %s argument", "expected %s arguments"): "需要 %s 个值",
    ("conflicting option string: %s", "conflicting option strings: %s"): "选项冲突：%s",
}


def translate(message: str) -> str:
    """argparse's ``_``: the Chinese of one of its messages, else the message unchanged."""
    return ZH.get(message, message)


def translate_plural(singular: str, plural: str, n: int) -> str:
    """argparse's ``ngettext``."""
    return ZH_PLURAL.get((singular, plural), singular if n == 1 else plural)


def install() -> None:
    """Make argparse speak Chinese in this process (idempotent; the CLI calls it before building its parser)."""
    argparse._ = translate  # type: ignore[attr-defined]
    argparse.ngettext = translate_plural  # type: ignore[attr-defined]


def display_width(text: str) -> int:
    """Terminal columns of ``text``: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """argparse's help with its columns aligned for Chinese words (it pads by ``len``, which counts a
    Chinese character as one column where the terminal shows two), and the epilog kept as written."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 28,
                 width: int | None = None) -> None:
        super().__init__(prog, indent_increment, max_help_position, width)

    def start_section(self, heading: str | None) -> None:
        """Section headings end in the Chinese colon (argparse appends an ASCII one, dropped in format_help)."""
        super().start_section(f"{heading}：\b" if heading else heading)

    def format_help(self) -> str:
        return super().format_help().replace("：\b:", "：")

    def add_argument(self, action: argparse.Action) -> None:
        """Leave room for the widest invocation as the terminal shows it."""
        super().add_argument(action)
        if action.help is not argparse.SUPPRESS:
            width = display_width(self._format_action_invocation(action)) + self._current_indent
            self._action_max_length = max(self._action_max_length, width)

    def _format_action(self, action: argparse.Action) -> str:
        text = super()._format_action(action)
        invocation = self._format_action_invocation(action)
        extra = display_width(invocation) - len(invocation)
        first, newline, rest = text.partition("\n")
        head = first.lstrip(" ")
        gap = head[len(invocation):]
        if extra and head.startswith(invocation) and len(gap) - len(gap.lstrip(" ")) >= extra + 2:
            first = first[: len(first) - len(head)] + invocation + gap[extra:]
        return first + newline + rest

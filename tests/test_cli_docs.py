"""docs/cli.md names every command the parser has."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from fieldnotes.__main__ import build_parser

CLI_DOC = Path(__file__).resolve().parent.parent / "docs" / "cli.md"


def _commands() -> set[str]:
    parser = build_parser()
    (commands,) = (a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return set(commands.choices)


def test_the_command_table_lists_every_command() -> None:
    text = CLI_DOC.read_text(encoding="utf-8")
    table = text.split("## Commands", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"`fieldnotes ([a-z][a-z-]*)", table))
    missing = _commands() - documented
    assert not missing, f"docs/cli.md's command table lacks {sorted(missing)}"

"""The parser builds a command's options only once the command is chosen, and says the same."""

from __future__ import annotations

import argparse
from typing import Any

import pytest

from fieldnotes.cli.parser import LazyCommands, build_parser


def _commands(parser: argparse.ArgumentParser) -> LazyCommands:
    (commands,) = (a for a in parser._actions if isinstance(a, LazyCommands))
    return commands


def test_the_overview_builds_no_command_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[str | None] = []
    original = argparse.ArgumentParser.__init__

    def counted(self: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> None:
        built.append(kwargs.get("prog") if isinstance(kwargs.get("prog"), str) else None)
        original(self, *args, **kwargs)

    monkeypatch.setattr(argparse.ArgumentParser, "__init__", counted)
    text = build_parser().format_help()
    assert "search every sealed field" in text
    # The program's own parser and the options every command shares; nothing per command.
    assert len(built) == 2


def test_every_command_still_has_its_options_and_keeps_its_place_in_the_overview() -> None:
    parser = build_parser()
    before = parser.format_help()
    commands = _commands(parser)
    for name in list(commands.choices):
        text = commands.parser_for(name).format_help()
        assert text.startswith(f"usage: fieldnotes {name} ")
        assert "options:" in text
    assert parser.format_help() == before


def test_a_chosen_command_parses_as_before_and_a_wrong_one_is_refused(
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = build_parser().parse_args(["--notebook", "/tmp/x", "search", "visit", "--json"])
    assert (args.command, args.notebook, args.json) == ("search", "/tmp/x", True)
    args = build_parser().parse_args(["obstacle", "list"])
    assert (args.command, args.obstacle_command) == ("obstacle", "list")
    with pytest.raises(SystemExit):
        build_parser().parse_args(["serach", "visit"])
    assert "invalid choice: 'serach'" in capsys.readouterr().err

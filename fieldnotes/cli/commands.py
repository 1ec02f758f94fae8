"""Which module runs each command. Output goes to stdout; errors are raised as FieldnotesError.

A command's module is imported only when that command runs, so `fieldnotes search` never
loads the brief composer, the backup code or the terminal app.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable
from typing import cast

from fieldnotes.cli.session import INTEGRITY_EXIT, INTEGRITY_WARNED

COMMANDS: dict[str | None, tuple[str, str]] = {
    None: ("demo", "open_tui"),
    "init": ("safety", "cmd_init"),
    "add": ("notes", "cmd_add"),
    "import": ("notes", "cmd_import"),
    "list": ("notes", "cmd_list"),
    "search": ("notes", "cmd_search"),
    "show": ("notes", "cmd_show"),
    "passages": ("passages", "cmd_passages"),
    "delete": ("notes", "cmd_delete"),
    "trash": ("trash", "cmd_trash"),
    "retention": ("retention", "cmd_retention"),
    "passwd": ("safety", "cmd_passwd"),
    "synthesis": ("synthesis", "cmd_synthesis"),
    "keygen": ("leaders", "cmd_keygen"),
    "leader": ("leaders", "cmd_leader"),
    "protect": ("safety", "cmd_protect"),
    "check": ("safety", "cmd_check"),
    "people": ("people", "cmd_people"),
    "brief": ("brief", "cmd_brief"),
    "backup": ("archive", "cmd_backup"),
    "restore": ("archive", "cmd_restore"),
    "export": ("archive", "cmd_export"),
    "config": ("config", "cmd_config"),
    "due": ("due", "cmd_due"),
    "obstacle": ("codebook", "cmd_obstacle"),
    "tag": ("tagging", "cmd_tag"),
    "tracker": ("tracker", "cmd_tracker"),
    "member-check": ("member_check", "cmd_member_check"),
    "template": ("templates", "cmd_template"),
    "sync": ("team", "cmd_sync"),
    "team": ("team", "cmd_team"),
    "demo": ("demo", "cmd_demo"),
}
"""Command (None: no command, the terminal app) -> (module in fieldnotes.cli, function)."""

Handler = Callable[[argparse.Namespace], int]


def handler(command: str | None) -> Handler:
    module, function = COMMANDS[command]
    return cast(Handler, getattr(importlib.import_module(f"fieldnotes.cli.{module}"), function))


def run(args: argparse.Namespace) -> int:
    INTEGRITY_WARNED.clear()
    code = handler(args.command)(args)
    # Found changed outside fieldnotes: the command did its work, and still does not say "ok".
    return INTEGRITY_EXIT if code == 0 and INTEGRITY_WARNED else code

"""`fieldnotes config`: every setting, in the config file or sealed in the notebook."""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING, Any

from fieldnotes.cli.output import JSON_FORMAT_VERSION, say, say_json
from fieldnotes.cli.session import notebook_path, unlocked

if TYPE_CHECKING:
    from fieldnotes.notebook.config import SettingSpec


def cmd_config(args: argparse.Namespace) -> int:
    from fieldnotes.notebook.config import SETTINGS, spec

    action = args.config_command or "list"
    if action == "set":
        return _config_set(args)
    specs = [spec(args.key)] if action == "get" else list(SETTINGS)
    values = _setting_values(args, specs)
    rows = [_setting_json(s, values[s.key]) for s in specs]
    if getattr(args, "json", False):
        payload: dict[str, Any] = (
            rows[0] if action == "get" else {"format": JSON_FORMAT_VERSION, "settings": rows}
        )
        say_json(payload)
    elif action == "get":
        say(values[specs[0].key])
    else:
        _print_settings(rows)
    return 0


def _config_set(args: argparse.Namespace) -> int:
    from fieldnotes.notebook.config import spec

    found = spec(args.key)
    # The value is checked before anything is opened or asked for.
    value = found.parse(args.value)
    if found.home == "config":
        from fieldnotes.notebook.config import config_path, write_config_value

        write_config_value(found.key, value)
        say(f"{found.key} = {value}  (saved in {config_path()})")
        return 0
    from fieldnotes.notebook.config import write_notebook_setting

    with unlocked(args) as notebook:
        write_notebook_setting(notebook, found.key, value)
    say(f"{found.key} = {value}  (sealed in the notebook)")
    return 0


def _print_settings(rows: list[dict[str, Any]]) -> None:
    shown = {row["key"]: row["value"] if row["value"] != "" else "(not set)" for row in rows}
    width = max(len(value) for value in shown.values())
    for row in rows:
        where = "sealed in the notebook" if row["home"] == "notebook" else row["file"]
        say(f"{row['key']:<12} {shown[row['key']]:<{width}}  {where}")
        if row.get("overridden_by"):
            say(f"{'':<12} overridden by ${row['overridden_by']} while it is set")


def _setting_values(args: argparse.Namespace, specs: list[SettingSpec]) -> dict[str, str]:
    from fieldnotes.notebook.config import config_value, read_notebook_setting

    values = {s.key: config_value(s.key) for s in specs if s.home == "config"}
    sealed = [s for s in specs if s.home == "notebook"]
    if sealed and len(specs) > 1 and not notebook_path(args).exists():
        # Before `fieldnotes init` the list still shows what it can.
        print(
            f"No notebook at {notebook_path(args)} yet: its own settings are shown once it exists.",
            file=sys.stderr,
        )
        return {**values, **{s.key: s.default for s in sealed}}
    if sealed:
        with unlocked(args) as notebook:
            for s in sealed:
                values[s.key] = read_notebook_setting(notebook, s.key)
    return values


def _setting_json(found: SettingSpec, value: str) -> dict[str, Any]:
    from fieldnotes.notebook.config import config_path

    row: dict[str, Any] = {
        "key": found.key,
        "value": value,
        "default": found.default,
        "home": found.home,
        "help": found.help,
    }
    if found.home == "config":
        row["file"] = str(config_path())
    from fieldnotes.notebook.config import IDLE_LOCK_ENV

    if found.key == "lock-after" and os.environ.get(IDLE_LOCK_ENV, "").strip():
        row["overridden_by"] = IDLE_LOCK_ENV
    return row

"""`fieldnotes template`: the templates for recurring settings, and a note file from one."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from fieldnotes.cli.output import JSON_FORMAT_VERSION, say, say_json
from fieldnotes.errors import InvalidInput

if TYPE_CHECKING:
    from fieldnotes.domain.templates import Template


def cmd_template(args: argparse.Namespace) -> int:
    from fieldnotes.domain.importer import format_note
    from fieldnotes.domain.templates import available_templates

    templates = available_templates()
    if args.template_id is None:
        _list_templates(templates, as_json=args.json)
        return 0
    by_id = {t.id: t for t in templates}
    chosen = by_id.get(args.template_id)
    if chosen is None:
        raise InvalidInput(
            f"no template {args.template_id!r}; there are: {', '.join(sorted(by_id))}"
        )
    draft = chosen.draft(datetime.now().replace(second=0, microsecond=0), team=args.team)
    say(format_note(draft).rstrip("\n"))
    return 0


def _list_templates(templates: Sequence[Template], *, as_json: bool) -> None:
    from fieldnotes.domain.templates import user_templates_dir

    if as_json:
        document: dict[str, Any] = {
            "format": JSON_FORMAT_VERSION,
            "templates": [
                {
                    "id": t.id,
                    "name": t.name,
                    "mode": t.mode,
                    "setting": t.setting,
                    "participants": list(t.participants),
                    "principles": list(t.principles),
                    "prompts": list(t.prompts),
                }
                for t in templates
            ],
        }
        say_json(document)
        return
    for template in templates:
        say(f"{template.id:<30} {template.name}")
    say(f"Your own templates go in {user_templates_dir()} (one TOML file each).")

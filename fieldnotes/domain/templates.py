"""Templates for recurring settings (duty, group supervision, home visit…), read from TOML.

A template pre-fills a new note: the mode, the setting, participants by role, prompts for the
description and the principles usually at stake. Checked like frameworks: a caller gets every
template or a `FileFormatError` naming the file and line; nothing else escapes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from fieldnotes.domain.frameworks import (
    TomlTable,
    check_keys,
    get_slug_id,
    get_string,
    parse_toml,
    quoted,
    read_text_file,
    sample_data_dir,
    toml_layout,
    toml_type,
)
from fieldnotes.domain.model import MODES, Mode, NoteDraft, PrincipleLink
from fieldnotes.errors import FileFormatError

MAX_LIST_ITEMS = 40
MAX_ITEM_LENGTH = 300
_KEYS = ("id", "name", "mode", "setting", "participants", "principles", "prompts")
_PRINCIPLE_ID = re.compile(r"[a-z0-9][a-z0-9-]*\.[a-z0-9][a-z0-9-]*")


@dataclass(frozen=True, slots=True)
class Template:
    id: str
    name: str
    mode: Mode = "observe"
    setting: str = ""
    participants: tuple[str, ...] = ()
    principles: tuple[str, ...] = ()
    """Principle ids (`framework.code`); the notebook checks they exist when a note is saved."""
    prompts: tuple[str, ...] = ()

    def description(self) -> str:
        """The prompts as a Markdown list of questions to answer in the description."""
        return "\n".join(f"- {prompt}" for prompt in self.prompts)

    def draft(self, occurred_at: datetime | None = None, team: str = "") -> NoteDraft:
        """A new write-up pre-filled from the template."""
        return NoteDraft(
            mode=self.mode,
            occurred_at=occurred_at,
            team=team,
            setting=self.setting,
            participants=list(self.participants),
            description=self.description(),
            principles=[PrincipleLink(p) for p in self.principles],
        )


def _strings(path: Path, data: dict[str, Any], where: TomlTable, key: str) -> tuple[str, ...]:
    value = data.get(key, [])
    line = where.key_line(key)
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise FileFormatError(
            path, line, f'{key} must be a list of strings, like ["a", "b"], not {toml_type(value)}'
        )
    if len(value) > MAX_LIST_ITEMS:
        raise FileFormatError(path, line, f"{key} has {len(value)} items; at most {MAX_LIST_ITEMS}")
    items = tuple(item.strip() for item in value)
    for item in items:
        if not item:
            raise FileFormatError(path, line, f"{key} has an empty item")
        if len(item) > MAX_ITEM_LENGTH:
            raise FileFormatError(
                path, line, f"an item of {key} is longer than {MAX_ITEM_LENGTH} characters"
            )
    return items


def load_template(path: Path | str) -> Template:
    """Read one template: `id`, `name`, and optional `mode`, `setting`, `participants`,
    `principles` (ids such as "sos.worried") and `prompts`."""
    path = Path(path)
    text = read_text_file(path)
    if not text.strip():
        raise FileFormatError(path, 1, "the file is empty; a template needs an id and a name")
    data = parse_toml(text, path)
    layout = toml_layout(text)
    what = "the template"
    check_keys(path, data, layout, _KEYS, what)
    template_id = get_slug_id(path, data, layout, "template", "home-visit")
    mode = get_string(path, data, layout, "mode", what) or "observe"
    if mode not in MODES:
        raise FileFormatError(
            path,
            layout.key_line("mode"),
            f"mode {quoted(mode)} is not one of: {', '.join(MODES)}",
        )
    principles = _strings(path, data, layout, "principles")
    for principle in principles:
        if not _PRINCIPLE_ID.fullmatch(principle):
            raise FileFormatError(
                path,
                layout.key_line("principles"),
                f"principle {quoted(principle)} is not a principle id "
                '(framework id, a dot, the code: like "sos.worried")',
            )
    return Template(
        id=template_id,
        name=get_string(path, data, layout, "name", what, required=True),
        mode=mode,
        setting=get_string(path, data, layout, "setting", what),
        participants=_strings(path, data, layout, "participants"),
        principles=principles,
        prompts=_strings(path, data, layout, "prompts"),
    )


def load_templates(paths: Iterable[Path | str]) -> list[Template]:
    """Every template, refusing two with one id (a later file would silently win)."""
    templates: list[Template] = []
    seen: dict[str, Path] = {}
    for raw in paths:
        path = Path(raw)
        template = load_template(path)
        if template.id in seen:
            raise FileFormatError(
                path, 1, f"template id {quoted(template.id)} is also used by {seen[template.id]}"
            )
        seen[template.id] = path
        templates.append(template)
    return templates


def builtin_template_paths() -> list[Path]:
    return sorted((sample_data_dir() / "templates").glob("*.toml"))


def user_templates_dir() -> Path:
    """Where a practice leader keeps their own templates (computed when called)."""
    from platformdirs import user_config_path

    return user_config_path("fieldnotes", appauthor=False) / "templates"


def available_templates() -> list[Template]:
    """The built-in templates and the user's own, checked."""
    return load_templates(template_paths(user_templates_dir()))


def template_paths(extra_dir: Path | None) -> list[Path]:
    """The built-in templates, then a practice leader's own from `extra_dir` if it exists."""
    paths = builtin_template_paths()
    if extra_dir is not None and extra_dir.is_dir():
        paths += sorted(extra_dir.glob("*.toml"))
    return paths

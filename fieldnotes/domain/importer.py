"""Notes as Markdown files with TOML front matter, read for import and written for export.

A note file looks like::

    +++
    mode = "observe"
    when = 2026-08-04T10:15:00
    +++

    What happened.

    ## Asides
    What I made of it.

    ## Follow-up
    - what to ask next

`## Asides` and `## Follow-up` (or `## Follow-up questions`) split the body; inside a fenced
code block they are ordinary text. To keep such a line as text outside a fence, write it with
a backslash, `\\## Asides`; the importer removes one backslash and `format_note` adds one, so
every draft survives a round trip.

Every failure is a `FileFormatError` naming the file and line; nothing else escapes.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, cast

from fieldnotes.domain.frameworks import (
    TomlTable,
    check_keys,
    get_tables,
    ordinal,
    parse_toml,
    quoted,
    read_text_file,
    toml_layout,
    toml_type,
)
from fieldnotes.domain.model import (
    MAX_NOTE_BYTES,
    MODES,
    PASSAGE_FIELDS,
    STAGES,
    CodebookEntry,
    ImportedNote,
    ImportedPassage,
    NoteDraft,
    Passage,
    PrincipleLink,
    Quote,
    Stance,
    size_label,
)
from fieldnotes.errors import FileFormatError, ImportProblems

DEFAULT_TIME = time(9, 0)
"""A note dated without a time is placed at the start of the working day."""

FRONT_MATTER_KEYS = (
    "mode",
    "stage",
    "when",
    "team",
    "setting",
    "participants",
    "consent",
    "principles",
    "obstacles",
    "quotes",
    "passages",
)
_QUOTE_KEYS = ("speaker", "text")
_PASSAGE_KEYS = ("field", "start", "end", "text", "obstacles", "principles", "memo", "orphaned")
_DELIMITER = "+++"

_PRINCIPLE = re.compile(r"(?P<id>[a-z0-9-]+\.[a-z0-9-]+)(?::(?P<stance>honoured|at-risk))?")
# Up to three spaces of indent is still a heading in CommonMark; four would be code.
_SPECIAL_HEADING = re.compile(
    r"(?P<indent> {0,3})(?P<escapes>\\*)##[ \t]+"
    r"(?P<title>asides|follow[- ]up(?:[ \t]+questions)?)(?:[ \t]+#+)?[ \t]*",
    re.IGNORECASE,
)
_FENCE_OPEN = re.compile(r" {0,3}(?P<fence>`{3,}|~{3,})(?P<info>.*)")
_FENCE_CLOSE = re.compile(r" {0,3}(?P<fence>`{3,}|~{3,})[ \t]*")


# --- reading -------------------------------------------------------------------------------


def parse_note_file(path: Path | str) -> ImportedNote:
    path = Path(path)
    return parse_note_text(read_text_file(path, MAX_NOTE_BYTES), str(path))


def read_note_files(paths: Iterable[Path | str]) -> list[ImportedNote]:
    """Every note in `paths` (directories give their `*.md` files, recursively, sorted).

    Every file is checked; one bad file raises its `FileFormatError`, several raise
    `ImportProblems` naming each. The caller imports all of them or none.
    """
    given = [Path(path) for path in paths]
    files: list[Path] = []
    seen: set[Path] = set()
    for path in given:
        for file in _note_files(path):
            try:
                key = file.resolve()
            except (OSError, RuntimeError, ValueError):
                # A symlink loop or odd name: parse_note_file reports it properly.
                key = file.absolute()
            if key not in seen:
                seen.add(key)
                files.append(file)
    if not files:
        where = given[0] if len(given) == 1 else Path(".")
        raise FileFormatError(where, None, "no notes found (looked for *.md files)")
    notes: list[ImportedNote] = []
    problems: list[FileFormatError] = []
    for file in files:
        # Every file is read, so one run reports every file that needs fixing.
        try:
            notes.append(parse_note_file(file))
        except FileFormatError as problem:
            problems.append(problem)
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise ImportProblems(problems)
    return notes


def _note_files(path: Path) -> list[Path]:
    try:
        is_dir = path.is_dir()
    except (OSError, ValueError):
        is_dir = False
    if not is_dir:
        # A missing or unreadable file is reported by parse_note_file with its reason.
        return [path]

    def refuse(error: OSError) -> None:
        # A silently skipped folder would be a silently partial import.
        where = error.filename or path
        raise FileFormatError(where, None, f"cannot be read: {error.strerror or error}")

    found: list[Path] = []
    for folder, dirnames, filenames in os.walk(path, onerror=refuse):
        # Hidden folders hold editor, sync and version-control state, never notes.
        dirnames[:] = [name for name in dirnames if not name.startswith(".")]
        found.extend(
            Path(folder, name)
            for name in filenames
            if name.endswith(".md") and not name.startswith(".")
        )
    return sorted(found)


def parse_note_text(text: str, source: str = "<text>") -> ImportedNote:
    if len(text) > MAX_NOTE_BYTES:
        raise FileFormatError(
            source,
            None,
            f"is larger than {size_label(MAX_NOTE_BYTES)}, the most a note can hold; "
            "is this the right file?",
        )
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    # Split on "\n" only, as TOML counts lines, so our line numbers agree with tomllib's.
    lines = text.split("\n")
    if not text.strip():
        raise FileFormatError(source, 1, 'the note is empty; a note starts with a "+++" line')
    if lines[0].rstrip(" \t") != _DELIMITER:
        raise FileFormatError(
            source, 1, 'a note must start with a line containing only "+++" (its front matter)'
        )
    close = next((i for i in range(1, len(lines)) if lines[i].rstrip(" \t") == _DELIMITER), None)
    if close is None:
        raise FileFormatError(
            source, 1, 'the front matter opened on this line is never closed by a "+++" line'
        )
    front_text = "\n".join(lines[1:close])
    data = parse_toml(front_text, source, first_line=2)
    layout = toml_layout(front_text, first_line=2, root_line=1)
    draft, obstacle_names = _front_matter(source, data, layout)
    draft.description, draft.asides, draft.follow_up = _sections(
        source, lines[close + 1 :], first_line=close + 2
    )
    return ImportedNote(
        source=source,
        draft=draft,
        obstacle_names=obstacle_names,
        fingerprint=fingerprint(lines),
        obstacles_line=layout.key_line("obstacles"),
        principles_line=layout.key_line("principles"),
        passages=_passages(source, data, layout),
    )


def fingerprint(lines: Sequence[str]) -> str:
    """What identifies a note file across imports: its text with line endings, trailing
    spaces and blank lines at either end set aside, so a re-saved copy is still the same note.
    """
    kept = [line.rstrip() for line in lines]
    while kept and not kept[-1]:
        kept.pop()
    while kept and not kept[0]:
        kept.pop(0)
    return hashlib.sha256("\n".join(kept).encode("utf-8")).hexdigest()


def _front_matter(
    source: str, data: dict[str, Any], layout: TomlTable
) -> tuple[NoteDraft, tuple[str, ...]]:
    check_keys(source, data, layout, FRONT_MATTER_KEYS, "the front matter")

    def line(key: str) -> int:
        return layout.key_line(key)

    def text(key: str) -> str:
        value = data.get(key, "")
        if not isinstance(value, str):
            raise FileFormatError(
                source,
                line(key),
                f'{key} must be a string in quotes, not {toml_type(value)} (write {key} = "…")',
            )
        return value

    def strings(key: str) -> list[str]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise FileFormatError(
                source, line(key), f'{key} must be a list of strings, like {key} = ["…", "…"]'
            )
        for index, item in enumerate(value):
            if not item.strip():
                raise FileFormatError(
                    source, line(key), f"the {ordinal(index + 1)} entry in {key} is empty"
                )
        return cast(list[str], value)

    if "mode" not in data:
        raise FileFormatError(
            source, layout.line, f"the note has no mode; add mode = one of {_choices(MODES)}"
        )
    mode = text("mode")
    if mode not in MODES:
        raise FileFormatError(
            source, line("mode"), f"mode {quoted(mode)} is not one of {_choices(MODES)}"
        )
    stage = text("stage") if "stage" in data else "write-up"
    if stage not in STAGES:
        raise FileFormatError(
            source, line("stage"), f"stage {quoted(stage)} is not one of {_choices(STAGES)}"
        )
    occurred_at = _when(source, data, layout)
    principles = _principles(source, strings("principles"), line("principles"))
    obstacle_names = _obstacle_names(source, strings("obstacles"), line("obstacles"))
    quotes = _quotes(source, data, layout)
    draft = NoteDraft(
        mode=mode,
        stage=stage,
        occurred_at=occurred_at,
        team=text("team"),
        setting=text("setting"),
        participants=strings("participants"),
        consent=text("consent"),
        quotes=quotes,
        principles=principles,
    )
    return draft, obstacle_names


def _choices(values: Sequence[str]) -> str:
    return ", ".join(f'"{value}"' for value in values)


def _when(source: str, data: dict[str, Any], layout: TomlTable) -> datetime:
    if "when" not in data:
        raise FileFormatError(
            source,
            layout.line,
            "the note has no when; add the date and time, like when = 2026-08-04T10:15:00",
        )
    value = data["when"]
    line = layout.key_line("when")
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value
        try:
            # Notes are kept in the leader's local time, so an offset is converted, not dropped.
            return value.astimezone().replace(tzinfo=None)
        except (OverflowError, OSError, ValueError):
            raise FileFormatError(
                source, line, "when is out of the range this computer can convert"
            ) from None
    if isinstance(value, date):
        return datetime.combine(value, DEFAULT_TIME)
    raise FileFormatError(
        source,
        line,
        f"when must be a date or a date and time written without quotes, like "
        f"when = 2026-08-04T10:15:00, not {toml_type(value)}",
    )


def _principles(source: str, values: list[str], line: int) -> list[PrincipleLink]:
    links: list[PrincipleLink] = []
    seen: set[str] = set()
    for value in values:
        match = _PRINCIPLE.fullmatch(value)
        if not match:
            raise FileFormatError(
                source,
                line,
                f"principle {quoted(value)} is not written like "
                '"kss-pl.2", "kss-pl.2:honoured" or "kss-pl.2:at-risk"',
            )
        principle_id = match["id"]
        if principle_id in seen:
            raise FileFormatError(source, line, f"principle {quoted(principle_id)} is listed twice")
        seen.add(principle_id)
        stance = match["stance"] or "honoured"
        links.append(PrincipleLink(principle_id, cast(Stance, stance)))
    return links


def _obstacle_names(source: str, values: list[str], line: int) -> tuple[str, ...]:
    names: list[str] = []
    seen: set[str] = set()
    for value in values:
        parts = [part.strip() for part in value.split("/")]
        if not all(parts):
            raise FileFormatError(
                source,
                line,
                f'obstacle {quoted(value)} has an empty part; write a path as "Parent/Child"',
            )
        name = "/".join(parts)
        if name.casefold() in seen:
            raise FileFormatError(source, line, f"obstacle {quoted(name)} is listed twice")
        seen.add(name.casefold())
        names.append(name)
    return tuple(names)


def _quotes(source: str, data: dict[str, Any], layout: TomlTable) -> list[Quote]:
    quotes: list[Quote] = []
    for index, table in enumerate(get_tables(source, data, layout, "quotes", "quotes")):
        where = layout.item("quotes", index)
        label = f"the {ordinal(index + 1)} [[quotes]]"
        check_keys(source, table, where, _QUOTE_KEYS, label)
        for key in _QUOTE_KEYS:
            if not isinstance(table.get(key, ""), str):
                raise FileFormatError(
                    source,
                    where.key_line(key),
                    f"{key} in {label} must be a string in quotes, not {toml_type(table[key])}",
                )
        text = table.get("text", "")
        if not text.strip():
            problem = "is missing its text" if "text" not in table else "has empty text"
            raise FileFormatError(source, where.key_line("text"), f"{label} {problem}")
        quotes.append(Quote(text=text, speaker_role=table.get("speaker", "")))
    return quotes


def _passages(source: str, data: dict[str, Any], layout: TomlTable) -> tuple[ImportedPassage, ...]:
    """The `[[passages]]` tables: a coded span of the description or asides, by code points
    into its section's text (placed by its words on import if the text moved)."""
    found: list[ImportedPassage] = []
    for index, table in enumerate(get_tables(source, data, layout, "passages", "passages")):
        where = layout.item("passages", index)
        label = f"the {ordinal(index + 1)} [[passages]]"
        check_keys(source, table, where, _PASSAGE_KEYS, label)
        field, text, memo = table.get("field"), table.get("text"), table.get("memo", "")
        start, end, orphaned = table.get("start"), table.get("end"), table.get("orphaned", False)
        if field not in PASSAGE_FIELDS:
            raise FileFormatError(
                source,
                where.key_line("field"),
                f"field in {label} must be {_choices(PASSAGE_FIELDS)}",
            )
        if type(start) is not int or type(end) is not int or not 0 <= start < end:
            raise FileFormatError(
                source, where.line, f"{label} needs start and end, whole numbers with start < end"
            )
        if not isinstance(text, str) or not text.strip() or not isinstance(memo, str):
            raise FileFormatError(source, where.line, f'{label} needs its words as text = "…"')
        if not isinstance(orphaned, bool):
            raise FileFormatError(
                source, where.key_line("orphaned"), f"orphaned in {label} is true or false"
            )
        links = table.get("principles", [])
        names = table.get("obstacles", [])
        for key, value in (("principles", links), ("obstacles", names)):
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise FileFormatError(
                    source, where.key_line(key), f"{key} in {label} must be a list of strings"
                )
        found.append(
            ImportedPassage(
                field=field,
                start=start,
                end=end,
                # The body is read with LF line endings; so are the words it holds.
                text=text.replace("\r\n", "\n"),
                obstacle_names=_obstacle_names(source, names, where.key_line("obstacles")),
                principles=tuple(_principles(source, links, where.key_line("principles"))),
                memo=memo,
                orphaned=orphaned,
                line=where.line,
            )
        )
    return tuple(found)


def split_sections(body: str, source: str = "<text>") -> tuple[str, str, str]:
    """A note body without front matter as (description, asides, follow-up)."""
    lines = body.removeprefix("\ufeff").replace("\r\n", "\n").split("\n")
    return _sections(source, lines, first_line=1)


def _sections(source: str, lines: list[str], first_line: int) -> tuple[str, str, str]:
    sections: dict[str, list[str]] = {"description": [], "asides": [], "follow_up": []}
    heading_lines: dict[str, int] = {}
    current = "description"
    fence: str | None = None
    for number, line in enumerate(lines, start=first_line):
        if fence is None and (heading := _SPECIAL_HEADING.fullmatch(line)):
            if heading["escapes"]:
                line = heading["indent"] + line[len(heading["indent"]) + 1 :]
            else:
                section = "asides" if heading["title"].lower() == "asides" else "follow_up"
                title = "## Asides" if section == "asides" else "## Follow-up"
                if section in heading_lines:
                    raise FileFormatError(
                        source,
                        number,
                        f'a second "{title}" heading (the first is on line '
                        f"{heading_lines[section]}); a note has at most one",
                    )
                if section == "asides" and "follow_up" in heading_lines:
                    raise FileFormatError(
                        source,
                        number,
                        '"## Asides" must come before "## Follow-up" '
                        f"(on line {heading_lines['follow_up']})",
                    )
                heading_lines[section] = number
                current = section
                continue
        fence = _fence_after(fence, line)
        sections[current].append(line)
    return (
        _trim(sections["description"]),
        _trim(sections["asides"]),
        _trim(sections["follow_up"]),
    )


def _fence_after(fence: str | None, line: str) -> str | None:
    """The code fence open after `line`, given the one open before it (CommonMark rules)."""
    if fence is None:
        opening = _FENCE_OPEN.fullmatch(line)
        if opening and not (opening["fence"][0] == "`" and "`" in opening["info"]):
            return opening["fence"]
        return None
    closing = _FENCE_CLOSE.fullmatch(line)
    if closing and closing["fence"][0] == fence[0] and len(closing["fence"]) >= len(fence):
        return None
    return fence


def _is_blank(line: str) -> bool:
    # Only spaces and tabs: str.strip() would also eat characters that are content here.
    return not line.strip(" \t")


def _trim(lines: list[str]) -> str:
    start, end = 0, len(lines)
    while start < end and _is_blank(lines[start]):
        start += 1
    while end > start and _is_blank(lines[end - 1]):
        end -= 1
    return "\n".join(lines[start:end])


# --- writing -------------------------------------------------------------------------------


def format_note(
    draft: NoteDraft,
    obstacle_names: Sequence[str] = (),
    obstacle_paths: Mapping[str, str] | None = None,
) -> str:
    """`draft` as a note file that `parse_note_text` reads back to an equal draft.

    Exceptions, by design of the format: blank lines around a section are not kept, and a
    code fence left open at the end of a section is closed so the next heading still counts.
    Values the importer refuses (a blank quote, a malformed principle id) are written as they
    are and reported, with their line, when the file is imported.
    """
    front = [
        f"mode = {toml_string(draft.mode)}",
        f"stage = {toml_string(draft.stage)}",
    ]
    if draft.occurred_at is not None:
        front.append(f"when = {draft.occurred_at.isoformat()}")
    for key, value in (("team", draft.team), ("setting", draft.setting)):
        if value:
            front.append(f"{key} = {toml_string(value)}")
    if draft.participants:
        front.append(f"participants = {toml_array(draft.participants)}")
    if draft.consent:
        front.append(f"consent = {toml_string(draft.consent)}")
    if draft.principles:
        links = [
            link.principle_id if link.stance == "honoured" else f"{link.principle_id}:{link.stance}"
            for link in draft.principles
        ]
        front.append(f"principles = {toml_array(links)}")
    if obstacle_names:
        front.append(f"obstacles = {toml_array(obstacle_names)}")
    for quote in draft.quotes:
        front.append("")
        front.append("[[quotes]]")
        if quote.speaker_role:
            front.append(f"speaker = {toml_string(quote.speaker_role)}")
        front.append(f"text = {toml_string(quote.text)}")
    for passage in draft.passages:
        front += ["", *_passage_table(passage, obstacle_paths or {})]

    parts = [_DELIMITER, *front, _DELIMITER, ""]
    if draft.description:
        parts += [_format_section(draft.description), ""]
    if draft.asides:
        parts += ["## Asides", "", _format_section(draft.asides), ""]
    if draft.follow_up:
        parts += ["## Follow-up", "", _format_section(draft.follow_up), ""]
    return "\n".join(parts)


def _passage_table(passage: Passage, obstacle_paths: Mapping[str, str]) -> list[str]:
    names = [obstacle_paths[o] for o in passage.obstacle_ids if obstacle_paths.get(o)]
    links = [
        link.principle_id if link.stance == "honoured" else f"{link.principle_id}:{link.stance}"
        for link in passage.principles
    ]
    lines = [
        "[[passages]]",
        f"field = {toml_string(passage.field)}",
        f"start = {passage.start}",
        f"end = {passage.end}",
        f"text = {toml_string(passage.text)}",
    ]
    if names:
        lines.append(f"obstacles = {toml_array(names)}")
    if links:
        lines.append(f"principles = {toml_array(links)}")
    if passage.memo:
        lines.append(f"memo = {toml_string(passage.memo)}")
    if passage.orphaned:
        lines.append("orphaned = true")
    return lines


def _format_section(text: str) -> str:
    out: list[str] = []
    fence: str | None = None
    for line in text.split("\n"):
        if fence is None and (heading := _SPECIAL_HEADING.fullmatch(line)):
            indent = heading["indent"]
            line = f"{indent}\\{line[len(indent) :]}"
        fence = _fence_after(fence, line)
        out.append(line)
    if fence is not None:
        out.append(fence)
    return "\n".join(out)


_TOML_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}


def toml_string(value: str) -> str:
    """`value` as a TOML basic string: one line, every control character escaped."""
    out = []
    for char in value:
        if char in _TOML_ESCAPES:
            out.append(_TOML_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def toml_array(values: Iterable[str]) -> str:
    return "[" + ", ".join(toml_string(value) for value in values) + "]"


def format_codebook(entries: Sequence[CodebookEntry]) -> str:
    """A codebook as `load_codebook` reads it: `[[obstacle]]` nested through `[[obstacle.sub]]`.

    Only what a codebook file holds (name, description, status, ask); decisions and re-observe
    dates belong to a notebook's history, not to its codebook.
    """
    lines = [
        "# The obstacle codebook of an exported notebook.",
        "# Create a notebook with it (`fieldnotes init --codebook codebook.toml`) so that",
        "# importing the exported notes finds every obstacle they name.",
    ]

    def write(items: Sequence[CodebookEntry], header: str, depth: int) -> None:
        indent = "  " * depth
        for entry in items:
            lines.append("")
            lines.append(f"{indent}[[{header}]]")
            lines.append(f"{indent}name = {toml_string(entry.name)}")
            if entry.description:
                lines.append(f"{indent}description = {toml_string(entry.description)}")
            lines.append(f"{indent}status = {toml_string(entry.status)}")
            if entry.ask:
                lines.append(f"{indent}ask = {toml_string(entry.ask)}")
            write(entry.children, f"{header}.sub", depth + 1)

    write(entries, "obstacle", 0)
    return "\n".join(lines) + "\n"

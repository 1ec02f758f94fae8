"""`fieldnotes trash`: list the notes in the trash, restore one, or empty it for good."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from fieldnotes.cli.inputs import ask, needs_yes
from fieldnotes.cli.output import (
    JSON_FORMAT_VERSION,
    MODE_MARKS,
    note_json,
    note_label,
    say,
    say_json,
)
from fieldnotes.cli.session import unlocked
from fieldnotes.errors import InvalidInput
from fieldnotes.terminal import printable_line

if TYPE_CHECKING:
    from fieldnotes.domain.model import Note
    from fieldnotes.notebook import Notebook


def cmd_trash(args: argparse.Namespace) -> int:
    action = args.trash_command
    if action == "empty":
        needs_yes(args, "`fieldnotes trash empty`")
    with unlocked(args) as notebook:
        trashed = notebook.trashed_notes()
        if action == "restore":
            return _trash_restore(args, notebook, trashed)
        if action == "empty":
            return _trash_empty(args, notebook, len(trashed))
        _trash_list(notebook, trashed, as_json=args.json)
    return 0


def _trash_list(notebook: Notebook, trashed: list[Note], *, as_json: bool) -> None:
    if as_json:
        say_json(
            {
                "format": JSON_FORMAT_VERSION,
                "count": len(trashed),
                "notes": [_trashed_json(notebook, note) for note in trashed],
            }
        )
        return
    if not trashed:
        say("The trash is empty.", file=sys.stderr)
        return
    for note in trashed:
        when = f"{note.trashed_at:%Y-%m-%d %H:%M}" if note.trashed_at else "?"
        team = printable_line(note.team or "—")[:28]
        say(
            f"{note.id[:8]}  {note.occurred_at:%Y-%m-%d %H:%M}  {MODE_MARKS[note.mode]}  "
            f"{team:<28}  trashed {when} UTC  {printable_line(note.first_line[:40])}"
        )


def _trashed_json(notebook: Notebook, note: Note) -> dict[str, Any]:
    trashed_at = note.trashed_at.isoformat(timespec="seconds") + "Z" if note.trashed_at else None
    return {**note_json(notebook, note), "trashed_at": trashed_at}


def _trash_restore(args: argparse.Namespace, notebook: Notebook, trashed: list[Note]) -> int:
    wanted = args.note_id.strip().lower()
    matches = [note for note in trashed if wanted and note.id.startswith(wanted)]
    if not matches:
        raise InvalidInput(f"no note in the trash with id {args.note_id!r}")
    if len(matches) > 1:
        raise InvalidInput(f"{args.note_id!r} matches {len(matches)} notes; give more of it")
    note = notebook.restore_note(matches[0].id)
    if args.json:
        say_json(note_json(notebook, note))
    else:
        say(f"Restored the note of {note_label(note)} ({note.id[:8]}).")
    return 0


def _trash_empty(args: argparse.Namespace, notebook: Notebook, count: int) -> int:
    if count and not args.yes:
        question = (
            f"Delete the {count} note(s) in the trash for good? This cannot be undone: "
            "nothing can bring them back."
        )
        if not ask(question):
            say("Nothing was deleted.", file=sys.stderr)
            return 0
    gone = notebook.empty_trash() if count else 0
    if args.json:
        say_json({"format": JSON_FORMAT_VERSION, "deleted": gone})
    elif gone:
        say(f"Deleted {gone} note(s) for good.")
    else:
        say("The trash is already empty.", file=sys.stderr)
    return 0

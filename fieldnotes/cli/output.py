"""What commands print: lines with every control character shown, never obeyed
(`fieldnotes.terminal`), and the documented `--json` shapes (docs/cli.md)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, TextIO

from fieldnotes.terminal import json_safe, printable, printable_line

if TYPE_CHECKING:
    from fieldnotes.domain.model import Note, NoteLine
    from fieldnotes.notebook import Notebook

JSON_FORMAT_VERSION = 1


def say(*parts: object, file: TextIO | None = None) -> None:
    """Print a line of output; every control character in it is shown, never obeyed."""
    print(printable(" ".join(str(part) for part in parts)), file=file or sys.stdout)


def say_json(document: object) -> None:
    print(json_safe(json.dumps(document, ensure_ascii=False, indent=2)))


def note_json(notebook: Notebook, note: Note) -> dict[str, Any]:
    """The documented `--json` shape for one note (docs/cli.md)."""
    principles = notebook.principles()
    return {
        "id": note.id,
        "mode": note.mode,
        "stage": note.stage,
        "occurred_at": note.occurred_at.isoformat(timespec="minutes"),
        "created_at": note.created_at.isoformat(timespec="seconds") + "Z",
        "updated_at": note.updated_at.isoformat(timespec="seconds") + "Z",
        "revision": note.revision,
        "team": note.team,
        "setting": note.setting,
        "participants": list(note.participants),
        "description": note.description,
        "asides": note.asides,
        "quotes": [{"text": q.text, "speaker_role": q.speaker_role} for q in note.quotes],
        "consent": note.consent,
        "follow_up": note.follow_up,
        "principles": [
            {
                "id": link.principle_id,
                "title": principles[link.principle_id].title
                if link.principle_id in principles
                else "",
                "stance": link.stance,
            }
            for link in note.principles
        ],
        "obstacles": [
            {"id": oid, "path": notebook.obstacle_path(oid)} for oid in note.obstacle_ids
        ],
        "damaged_fields": list(note.damaged_fields),
    }


MODE_MARKS = {"observe": "observe ", "co-work": "co-work ", "question": "question"}


def print_note_pages(notebook: Notebook, pages: Iterable[list[Note]], *, as_json: bool) -> None:
    """One line per note, each page printed as soon as it is read (JSON once all are)."""
    if as_json:
        notes = [note for page in pages for note in page]
        say_json(
            {
                "format": JSON_FORMAT_VERSION,
                "count": len(notes),
                "notes": [note_json(notebook, note) for note in notes],
            }
        )
        return
    print_note_lines(pages)


def print_note_lines(pages: Iterable[Sequence[Note | NoteLine]]) -> None:
    """One line per note, each page printed as soon as it is read."""
    printed = damaged = 0
    for page in pages:
        for note in page:
            flag = " DAMAGED" if note.damaged else ""
            stage = "jotting " if note.stage == "jotting" else "write-up"
            team = printable_line(note.team or "—")[:28]
            say(
                f"{note.id[:8]}  {note.occurred_at:%Y-%m-%d %H:%M}  {MODE_MARKS[note.mode]}  "
                f"{stage}  {team:<28}  {printable_line(note.first_line)[:60]}{flag}"
            )
        printed += len(page)
        damaged += sum(1 for note in page if note.damaged)
        # Out now, not when the buffer fills: the newest page is what a person reads first.
        sys.stdout.flush()
    if not printed:
        say("No notes match.", file=sys.stderr)
        return
    if damaged:
        say(
            f"{damaged} note(s) are damaged (tampered or corrupted) and shown without their text.",
            file=sys.stderr,
        )


def print_full(notebook: Notebook, note: Note, out: TextIO) -> None:
    principles = notebook.principles()
    say(f"# {note.occurred_at:%A %d %B %Y, %H:%M} — {note.mode}, {note.stage}", file=out)
    say(f"id: {note.id}", file=out)
    if note.damaged:
        say(f"DAMAGED fields: {', '.join(note.damaged_fields)}", file=out)
    for label, value in (
        ("Team", note.team),
        ("Setting", note.setting),
        ("Participants", ", ".join(note.participants)),
        ("Role explained / consent", note.consent),
    ):
        if value:
            say(f"{label}: {printable_line(value)}", file=out)
    say(file=out)
    say(note.description, file=out)
    if note.asides:
        say("\n## Asides\n", file=out)
        say(note.asides, file=out)
    if note.quotes:
        say("\n## Quotes\n", file=out)
        for quote in note.quotes:
            say(f"> {quote.text} — {quote.speaker_role or 'unattributed'}", file=out)
    if note.follow_up:
        say("\n## Follow-up\n", file=out)
        say(note.follow_up, file=out)
    if note.principles:
        say("\n## Principles\n", file=out)
        for link in note.principles:
            title = principles[link.principle_id].title if link.principle_id in principles else ""
            say(f"- {link.principle_id} ({link.stance}): {title}", file=out)
    if note.obstacle_ids:
        say("\n## Obstacles\n", file=out)
        for obstacle_id in note.obstacle_ids:
            say(f"- {notebook.obstacle_path(obstacle_id)}", file=out)
    if note.passages:
        say("\n## Passages\n", file=out)
        for passage in note.passages:
            codes = [notebook.obstacle_path(oid) for oid in passage.obstacle_ids]
            codes += [f"{link.principle_id} ({link.stance})" for link in passage.principles]
            flag = " ORPHANED: its words are no longer in the note" if passage.orphaned else ""
            words = " ".join(passage.text.split())
            say(
                f"- “{words}” ({passage.field}) → {'; '.join(codes) or 'not coded'}{flag}", file=out
            )


def note_label(note: Note) -> str:
    """A note named by when and where, never by its words (for questions and receipts)."""
    team = f", {note.team}" if note.team else ""
    return f"{note.occurred_at:%a %d %b %Y %H:%M} ({note.mode}{team})"

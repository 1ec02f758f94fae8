"""`fieldnotes tag`: link notes to an obstacle or a principle, or take the link off.

The same whole-note links the app's tag dialog makes, through the same notebook call, so a
team member's role is refused here as it is there. Every note, obstacle and principle is found
before anything is written: an unknown one changes nothing.
"""

from __future__ import annotations

import argparse
from typing import Any

from fieldnotes.cli.codebook import plural, require_role, shown
from fieldnotes.cli.output import JSON_FORMAT_VERSION, say, say_json
from fieldnotes.cli.session import unlocked
from fieldnotes.domain.model import Note, Obstacle, PrincipleLink, Stance
from fieldnotes.errors import InvalidInput
from fieldnotes.notebook import Notebook
from fieldnotes.terminal import printable_line


def _check_options(args: argparse.Namespace) -> None:
    if args.stance is not None and args.principle is None:
        raise InvalidInput("--stance goes with --principle: an obstacle has no stance")
    if args.stance is not None and args.remove:
        raise InvalidInput(
            "--remove takes the principle off whatever its stance: leave out --stance"
        )


def _notes(notebook: Notebook, prefixes: list[str]) -> list[Note]:
    found: dict[str, Note] = {}
    for prefix in prefixes:
        note = notebook.note_by_prefix(prefix)
        found.setdefault(note.id, note)
    return list(found.values())


def _changes(note: Note, obstacle: Obstacle | None, link: PrincipleLink, remove: bool) -> bool:
    """Whether tagging (or untagging) `note` changes it."""
    if obstacle is not None:
        return (obstacle.id in note.obstacle_ids) == remove
    held = [p for p in note.principles if p.principle_id == link.principle_id]
    return bool(held) if remove else held != [link]


def cmd_tag(args: argparse.Namespace) -> int:
    _check_options(args)
    stance: Stance = args.stance or "honoured"
    with unlocked(args) as notebook:
        notes = _notes(notebook, args.note_ids)
        obstacle = notebook.find_obstacle(args.obstacle) if args.obstacle is not None else None
        link = PrincipleLink(str(args.principle or ""), stance)
        if obstacle is None:
            notebook.principle(link.principle_id)
        else:
            # Refused whether or not any note would change, as the app refuses it.
            require_role(notebook, "tag")
        changed = [n.id for n in notes if _changes(n, obstacle, link, args.remove)]
        if changed:
            notebook.tag_notes(
                changed,
                obstacle_id=obstacle.id if obstacle is not None else None,
                principle=link if obstacle is None else None,
                remove=args.remove,
            )
        if getattr(args, "json", False):
            say_json(_json(notebook, notes, changed, obstacle, link, args.remove))
            return 0
        what = shown(notebook, obstacle) if obstacle is not None else _principle(link, args.remove)
        say(_sentence(what, len(notes), len(changed), args.remove))
    return 0


def _principle(link: PrincipleLink, remove: bool) -> str:
    named = printable_line(link.principle_id)
    return named if remove else f"{named} ({link.stance})"


def _sentence(what: str, asked: int, changed: int, remove: bool) -> str:
    unchanged = asked - changed
    if remove:
        text = f"Took {what} off {plural(changed, 'note')}"
        rest = f"{unchanged} did not have it"
    else:
        text = f"Tagged {plural(changed, 'note')} with {what}"
        rest = f"{unchanged} already {'was' if unchanged == 1 else 'were'}"
    return f"{text} ({rest})." if unchanged else f"{text}."


def _json(
    notebook: Notebook,
    notes: list[Note],
    changed: list[str],
    obstacle: Obstacle | None,
    link: PrincipleLink,
    remove: bool,
) -> dict[str, Any]:
    return {
        "format": JSON_FORMAT_VERSION,
        "removed": remove,
        "obstacle": (
            {"id": obstacle.id, "path": notebook.obstacle_path(obstacle.id)}
            if obstacle is not None
            else None
        ),
        "principle": (
            None
            if obstacle is not None
            else {"id": link.principle_id, "stance": None if remove else link.stance}
        ),
        "notes": [note.id for note in notes],
        "changed": changed,
    }

"""`fieldnotes passages`: the coded passages of every note, or only the orphaned or the
uncoded ones."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from fieldnotes.cli.output import JSON_FORMAT_VERSION, say, say_json
from fieldnotes.cli.session import unlocked
from fieldnotes.domain.passages import excerpt
from fieldnotes.terminal import printable_line

if TYPE_CHECKING:
    from fieldnotes.domain.model import Note, Passage
    from fieldnotes.notebook import Notebook


def passage_json(notebook: Notebook, note: Note, passage: Passage) -> dict[str, Any]:
    """The documented `passages --json` shape for one passage (docs/cli.md)."""
    return {
        "id": passage.id,
        "note_id": note.id,
        "occurred_at": note.occurred_at.isoformat(timespec="minutes"),
        "field": passage.field,
        "start": passage.start,
        "end": passage.end,
        "text": passage.text,
        "orphaned": passage.orphaned,
        "obstacles": [
            {"id": oid, "path": notebook.obstacle_path(oid)} for oid in passage.obstacle_ids
        ],
        "principles": [
            {"id": link.principle_id, "stance": link.stance} for link in passage.principles
        ],
        "memo": passage.memo,
    }


def _codes(notebook: Notebook, passage: Passage) -> str:
    codes = [notebook.obstacle_path(oid) or "(a deleted obstacle)" for oid in passage.obstacle_ids]
    codes += [f"{link.principle_id} ({link.stance})" for link in passage.principles]
    return "; ".join(codes) or "(not coded)"


def cmd_passages(args: argparse.Namespace) -> int:
    with unlocked(args) as notebook:
        found = [
            (note, passage)
            for note in notebook.notes()
            for passage in note.passages
            if (passage.orphaned or not args.orphaned) and (not passage.coded or not args.uncoded)
        ]
        if args.json:
            say_json(
                {
                    "format": JSON_FORMAT_VERSION,
                    "count": len(found),
                    "passages": [passage_json(notebook, n, p) for n, p in found],
                }
            )
            return 0
        if not found:
            what = " and ".join(
                word
                for word, asked in (("orphaned", args.orphaned), ("uncoded", args.uncoded))
                if asked
            )
            what = f"{what} passages" if what else "coded passages"
            say(f"No {what}.", file=sys.stderr)
            return 0
        for note, passage in found:
            flag = "  ORPHANED" if passage.orphaned else ""
            say(
                f"{note.id[:8]}  {note.occurred_at:%Y-%m-%d %H:%M}  {passage.field:<11}"
                f"  {printable_line(_codes(notebook, passage))}{flag}"
            )
            say(f"    “{printable_line(excerpt(passage, 100))}”")
        uncoded = sum(1 for _, passage in found if not passage.coded)
        if uncoded:
            say(
                f"{uncoded} passage(s) have no code: open the note to code them again or "
                "remove them.",
                file=sys.stderr,
            )
        orphaned = sum(1 for _, passage in found if passage.orphaned)
        if orphaned:
            say(
                f"{orphaned} passage(s) lost their text to an edit: open the note to place "
                "them again or remove them.",
                file=sys.stderr,
            )
    return 0

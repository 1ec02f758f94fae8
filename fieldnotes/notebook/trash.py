"""The trash part: notes moved out of sight, restorable until the trash is emptied."""

from __future__ import annotations

from fieldnotes.domain.model import (
    Note,
)
from fieldnotes.notebook.events import NotesChanged
from fieldnotes.notebook.part import Part


class TrashPart(Part):
    """The trash: a trashed note leaves every list until it is restored."""

    def trash_note(self, note_id: str) -> None:
        """Move a note to the trash: it leaves every list, search, count and synthesis.

        Its text stays sealed as before, and `restore_note` brings it back with its links.
        """
        self._team_check_note(note_id)
        self._store.set_trashed(note_id, True)
        self._changed(NotesChanged, ids=[note_id])

    def trashed_notes(self) -> list[Note]:
        """The notes in the trash, newest first (each with `trashed_at` set)."""
        self._require_unlocked()
        return self._store.load_notes(trashed=True)

    def restore_note(self, note_id: str) -> Note:
        """Take a note out of the trash, as it was (links included)."""
        self._team_check_note(note_id)
        self._store.set_trashed(note_id, False)
        self._changed(NotesChanged, ids=[note_id])
        return self.note(note_id)

    def empty_trash(self) -> int:
        """Delete every trashed note for good; returns how many. This cannot be undone."""
        self._require_unlocked()
        gone = self._store.empty_trash()
        if gone:
            self._changed(NotesChanged)
        return gone

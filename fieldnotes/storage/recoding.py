"""Merging and deleting obstacles together with the notes whose passages name them, and the
drafts that name them.

A note's passages are sealed with its text, so a merge or a delete cannot re-point them with
a clear `UPDATE` as it does the notes' own links. The notebook hands over each affected note
already re-coded, with the revision it read; it is sealed again here, in the same
transaction as the rest of the change, and the whole change fails if any of those notes was
written meanwhile. The editor's drafts that name the obstacle are sealed again re-coded in
the same transaction, so a draft opened afterwards saves.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from sqlalchemy.engine import Connection

from fieldnotes.domain.history import ObstacleEvent
from fieldnotes.domain.model import NoteDraft, Obstacle
from fieldnotes.storage.history import HistoryRows
from fieldnotes.storage.notes import NoteRows
from fieldnotes.storage.records import RecordRows, StoredDraft


class Recoded(NamedTuple):
    """A note to seal again with its passages (and its own links) re-coded."""

    note_id: str
    revision: int
    """The revision the re-coding was worked out from."""
    draft: NoteDraft


class RecodingRows(HistoryRows, NoteRows, RecordRows):
    def _rewrite_recoded(
        self, conn: Connection, recoded: Sequence[Recoded], drafts: Sequence[StoredDraft]
    ) -> None:
        for note in recoded:
            self._rewrite_note(
                conn, note.note_id, note.draft, revision=note.revision, codes_only=True
            )
        for draft in drafts:
            self._write_draft(conn, draft)

    def merge_obstacles(
        self,
        source: Obstacle,
        target: Obstacle,
        event: ObstacleEvent | None = None,
        recoded: Sequence[Recoded] = (),
        drafts: Sequence[StoredDraft] = (),
    ) -> None:
        """Merge as `HistoryRows.merge_obstacles` does, and seal the `recoded` notes and the
        re-coded `drafts` again, all in one transaction."""
        with self._write() as conn:
            self._rewrite_recoded(conn, recoded, drafts)
            self._fault("merge:after-passages")
            self.move_history(conn, source.id, source.name, target.id)
            self._merge_rows(conn, source, target)
            if event is not None:
                self._insert_event(conn, event)

    def delete_obstacle(
        self,
        obstacle_id: str,
        recoded: Sequence[Recoded] = (),
        drafts: Sequence[StoredDraft] = (),
    ) -> None:
        """Delete as `CodebookRows.delete_obstacle` does, with the `recoded` notes and the
        `drafts` sealed again without its code, in one transaction."""
        with self._write() as conn:
            self._rewrite_recoded(conn, recoded, drafts)
            self._fault("delete:after-passages")
            self._delete_obstacle_row(conn, obstacle_id)

"""Merging and deleting obstacles together with the notes whose passages name them.

A note's passages are sealed with its text, so a merge or a delete cannot re-point them with
a clear `UPDATE` as it does the notes' own links. The notebook hands over each affected note
already re-coded, with the revision it read; it is sealed again here, in the same
transaction as the rest of the change, and the whole change fails if any of those notes was
written meanwhile.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from sqlalchemy.engine import Connection

from fieldnotes.domain.history import ObstacleEvent
from fieldnotes.domain.model import NoteDraft, Obstacle
from fieldnotes.storage.history import HistoryRows
from fieldnotes.storage.notes import NoteRows


class Recoded(NamedTuple):
    """A note to seal again with its passages (and its own links) re-coded."""

    note_id: str
    revision: int
    """The revision the re-coding was worked out from."""
    draft: NoteDraft


class RecodingRows(HistoryRows, NoteRows):
    def _rewrite_recoded(self, conn: Connection, recoded: Sequence[Recoded]) -> None:
        for note in recoded:
            self._rewrite_note(
                conn, note.note_id, note.draft, revision=note.revision, codes_only=True
            )

    def merge_obstacles(
        self,
        source: Obstacle,
        target: Obstacle,
        event: ObstacleEvent | None = None,
        recoded: Sequence[Recoded] = (),
    ) -> None:
        """Merge as `HistoryRows.merge_obstacles` does, and seal the `recoded` notes again, all
        in one transaction."""
        with self._write() as conn:
            self._rewrite_recoded(conn, recoded)
            self._fault("merge:after-passages")
            self.move_history(conn, source.id, source.name, target.id)
            self._merge_rows(conn, source, target)
            if event is not None:
                self._insert_event(conn, event)

    def delete_obstacle(self, obstacle_id: str, recoded: Sequence[Recoded] = ()) -> None:
        """Delete as `CodebookRows.delete_obstacle` does, with the `recoded` notes sealed again
        without its code, in one transaction."""
        with self._write() as conn:
            self._rewrite_recoded(conn, recoded)
            self._fault("delete:after-passages")
            self._delete_obstacle_row(conn, obstacle_id)

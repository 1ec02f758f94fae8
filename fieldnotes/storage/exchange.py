"""A project from another tool written in one transaction: obstacles, notes, then memos."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from sqlalchemy import func, select

from fieldnotes.domain.model import Memo, NoteDraft, Obstacle
from fieldnotes.storage.codebook import CodebookRows
from fieldnotes.storage.codec import OBSTACLE_SEALED
from fieldnotes.storage.notes import NoteRows
from fieldnotes.storage.records import RecordRows
from fieldnotes.storage.tables import OBSTACLE


class ExchangeRows(CodebookRows, NoteRows, RecordRows):
    def import_project(
        self,
        obstacles: Sequence[Obstacle],
        drafts: Sequence[NoteDraft],
        memos: Sequence[tuple[Memo, Sequence[int]]],
    ) -> list[str]:
        """All or nothing: the new obstacles (ids chosen by the caller, each after its
        parent), the notes, and the memos with the indices in `drafts` of their notes.
        Returns the new notes' ids."""
        with self._write() as conn:
            position = conn.execute(select(func.max(OBSTACLE.c.position))).scalar() or 0
            for obstacle in obstacles:
                position += 1
                self._insert_obstacle_row(
                    conn,
                    obstacle.id,
                    {name: getattr(obstacle, name) for name in OBSTACLE_SEALED},
                    parent_id=obstacle.parent_id,
                    status=obstacle.status,
                    position=position,
                )
            self._fault("exchange:after-obstacles")
            note_ids = [self.insert_note(draft, conn=conn) for draft in drafts]
            self._fault("exchange:after-notes")
            for memo, indices in memos:
                linked = [*memo.note_ids, *(note_ids[i] for i in indices)]
                self._write_memo(conn, dataclasses.replace(memo, note_ids=linked))
        return note_ids

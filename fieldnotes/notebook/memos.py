"""The memos part: memos, and the sealed drafts an editor keeps of unsaved text."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from fieldnotes.domain.model import (
    Memo,
    MemoKind,
)
from fieldnotes.domain.rules import check_memo
from fieldnotes.notebook.events import MemosChanged
from fieldnotes.notebook.part import Part


class MemosPart(Part):
    """Memos and drafts."""

    def memos(self, *, note_id: str | None = None, obstacle_id: str | None = None) -> list[Memo]:
        self._require_unlocked()
        memos = self._store.memos()
        if note_id is not None:
            memos = [m for m in memos if note_id in m.note_ids]
        if obstacle_id is not None:
            memos = [m for m in memos if obstacle_id in m.obstacle_ids]
        return memos

    def add_memo(
        self,
        kind: MemoKind,
        title: str,
        body: str,
        *,
        note_ids: Sequence[str] = (),
        obstacle_ids: Sequence[str] = (),
    ) -> Memo:
        self._require_unlocked()
        memo = Memo(
            id=str(uuid.uuid4()),
            kind=kind,
            title=title,
            body=body,
            note_ids=list(note_ids),
            obstacle_ids=list(obstacle_ids),
        )
        return self.save_memo(memo)

    def save_memo(self, memo: Memo) -> Memo:
        self._team_may("memo")
        check_memo(memo)
        trashed = {note.id for note in self.trashed_notes()} if memo.note_ids else set()
        for note_id in memo.note_ids:
            # A memo keeps its link to a trashed note, so restoring the note restores it.
            if note_id not in trashed:
                self.note(note_id)
        for obstacle_id in memo.obstacle_ids:
            self.obstacle(obstacle_id)
        self._store.save_memo(memo)
        self._changed(MemosChanged, ids=[memo.id])
        return next(m for m in self._store.memos() if m.id == memo.id)

    def delete_memo(self, memo_id: str) -> None:
        self._team_may("memo")
        self._store.delete_memo(memo_id)
        self._changed(MemosChanged, ids=[memo_id])

    # ------------------------------------------------------------------- drafts

    def save_draft(
        self, draft_id: str, payload: dict[str, Any], note_id: str | None = None
    ) -> None:
        """Keep unsaved editor state, sealed, so nothing typed is lost if the app dies."""
        self._require_unlocked()
        self._store.save_draft(draft_id, note_id, payload)

    def drafts(self) -> list[tuple[str, str | None, datetime, dict[str, Any]]]:
        self._require_unlocked()
        return [*self._store.drafts()]

    def discard_draft(self, draft_id: str) -> None:
        self._require_unlocked()
        self._store.discard_draft(draft_id)

"""The note rows of the sealed store: writing notes and their links, and reading them back."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.engine import Connection, RowMapping

from fieldnotes.domain.model import NoteDraft, PrincipleLink
from fieldnotes.errors import NoteChanged, NotFound
from fieldnotes.storage.codec import (
    NOTE_BOUND,
    as_bytes,
    document_json,
    new_id,
    note_bound,
    note_content,
    row_bound,
    stored_moment,
    utcnow,
)
from fieldnotes.storage.core import StoreCore, untyped_select
from fieldnotes.storage.engine import checkpoint, db_errors
from fieldnotes.storage.scan import NOTE_COLUMNS, NoteCells
from fieldnotes.storage.tables import DRAFT, NOTE, NOTE_OBSTACLE, NOTE_PRINCIPLE

_IN_LIMIT = 5_000
"""Beyond this many ids, reading every note beats a huge IN list (SQLite caps parameters)."""


def _occurred(draft: NoteDraft) -> datetime:
    return (draft.occurred_at or datetime.now().replace(microsecond=0)).replace(tzinfo=None)


class NoteRows(StoreCore):
    def insert_note(
        self, draft: NoteDraft, *, conn: Connection | None = None, now: datetime | None = None
    ) -> str:
        if conn is None:
            with self._write() as own:
                return self.insert_note(draft, conn=own, now=now)
        note_id = new_id()
        stamp = now or utcnow()
        occurred = _occurred(draft)
        bound = note_bound(draft.mode, draft.stage, occurred, stamp, stamp, None)
        clear = {"mode": draft.mode, "stage": draft.stage, "occurred_at": occurred}
        self._upsert_sealed(
            conn,
            NOTE,
            note_id,
            note_content(draft, bound),
            {**clear, "created_at": stamp, "updated_at": stamp},
            known_new=True,
        )
        self._fault("note:after-insert")
        self._write_note_links(conn, note_id, draft)
        return note_id

    def update_note(self, note_id: str, draft: NoteDraft, *, codes_only: bool = False) -> None:
        with self._write() as conn:
            self._rewrite_note(conn, note_id, draft, codes_only=codes_only)

    def _rewrite_note(
        self,
        conn: Connection,
        note_id: str,
        draft: NoteDraft,
        *,
        revision: int | None = None,
        codes_only: bool = False,
    ) -> None:
        """Write `draft` over the note, in `conn`'s transaction; with `revision`, only if the
        note is still at it (it was read for this write, and nothing may have come between).

        `codes_only` says the words did not change, only what its passages are coded with:
        the note keeps its last-changed date, as tagging a note does (on a team, the words
        are the writer's and the codes travel apart from them)."""
        found = self._note_cells(
            conn, note_id, "revision", "created_at", "updated_at", "trashed_at"
        )
        if found is None:
            raise NotFound("that note no longer exists")
        if revision is not None and found["revision"] != revision:
            raise NoteChanged("a note changed while this was being prepared: try again")
        occurred = _occurred(draft)
        stamp: datetime | str = found["updated_at"] if codes_only else utcnow()
        bound = note_bound(
            draft.mode, draft.stage, occurred, found["created_at"], stamp, found["trashed_at"]
        )
        clear: dict[str, object] = {
            "mode": draft.mode,
            "stage": draft.stage,
            "occurred_at": occurred,
        }
        if not codes_only:
            clear["updated_at"] = stamp
        self._upsert_sealed(
            conn,
            NOTE,
            note_id,
            note_content(draft, bound),
            clear,
            current=int(found["revision"]),
        )
        self._fault("note:after-update")
        conn.execute(delete(NOTE_PRINCIPLE).where(NOTE_PRINCIPLE.c.note_id == note_id))
        conn.execute(delete(NOTE_OBSTACLE).where(NOTE_OBSTACLE.c.note_id == note_id))
        self._write_note_links(conn, note_id, draft)

    @staticmethod
    def _note_cells(conn: Connection, note_id: str, *names: str) -> RowMapping | None:
        """A note's cells as the database holds them (untyped), or None."""
        query = untyped_select(NOTE, names)
        return conn.execute(query.where(NOTE.c.id == note_id)).mappings().first()

    def _write_note_links(self, conn: Connection, note_id: str, draft: NoteDraft) -> None:
        seen_principles: dict[str, str] = {}
        for link in draft.principles:
            seen_principles[link.principle_id] = link.stance
        if seen_principles:
            conn.execute(
                insert(NOTE_PRINCIPLE),
                [
                    {"note_id": note_id, "principle_id": pid, "stance": stance}
                    for pid, stance in seen_principles.items()
                ],
            )
        obstacle_ids = list(dict.fromkeys(draft.obstacle_ids))
        if obstacle_ids:
            conn.execute(
                insert(NOTE_OBSTACLE),
                [{"note_id": note_id, "obstacle_id": oid} for oid in obstacle_ids],
            )

    def delete_note(self, note_id: str) -> None:
        with self._write() as conn:
            result = conn.execute(delete(NOTE).where(NOTE.c.id == note_id))
            if result.rowcount == 0:
                raise NotFound("that note no longer exists")

    def set_trashed(self, note_id: str, trashed: bool) -> None:
        """Put a live note in the trash, or take a trashed one out of it."""
        with self._write() as conn:
            found = self._note_cells(conn, note_id, *NOTE_COLUMNS)
            if found is None or (found["trashed_at"] is None) is not trashed:
                where = "among the notes" if trashed else "in the trash"
                raise NotFound(f"that note is not {where}")
            row = NoteCells(**found)
            when = utcnow() if trashed else None
            content = self._open_note_document(row)
            if content is None:
                # A note that no longer opens goes to the trash as it is, still damaged.
                conn.execute(update(NOTE).where(NOTE.c.id == note_id).values(trashed_at=when))
                return
            # Re-sealed with its new trash date bound in, under the next revision.
            content["bound"][NOTE_BOUND.index("trashed_at")] = stored_moment(when)
            sealed = {"content": document_json(content)}
            self._upsert_sealed(
                conn, NOTE, note_id, sealed, {"trashed_at": when}, current=row.revision
            )

    def _open_note_document(self, row: NoteCells) -> dict[str, Any] | None:
        """A note's sealed document, if it opens and matches its row; else None."""
        if type(row.id) is not str or type(row.revision) is not int:
            return None
        content = self.sealer.open_field(
            "note", row.id, row.revision, "content", as_bytes(row.content)
        )
        if content is None:
            return None
        try:
            document = json.loads(content)
        except ValueError:
            return None
        if not isinstance(document, dict) or document.get("bound") != row_bound(row):
            return None
        return document

    def empty_trash(self) -> int:
        """Delete every trashed note for good, with its links and any unsaved edit of it.

        secure_delete (on for every connection of a file) overwrites the freed pages; the
        checkpoint then truncates the write-ahead log, which still held copies of them.
        """
        with self._write() as conn:
            gone: list[str] = list(
                conn.execute(select(NOTE.c.id).where(NOTE.c.trashed_at.isnot(None))).scalars()
            )
            for start in range(0, len(gone), _IN_LIMIT):
                chunk = gone[start : start + _IN_LIMIT]
                # An unsaved edit of a note being deleted holds that note's text too.
                conn.execute(delete(DRAFT).where(DRAFT.c.note_id.in_(chunk)))
                conn.execute(delete(NOTE).where(NOTE.c.id.in_(chunk)))
        self.checkpoint()
        return len(gone)

    def checkpoint(self) -> None:
        with db_errors(), self.engine.connect() as conn:
            checkpoint(conn)

    def note_counts(self) -> tuple[int, int]:
        """(notes, jottings) from clear columns, without opening anything; the trash left out.

        Two counts, not one count with a filter: each is answered from an index (the notes from
        `ix_note_revisions`, the jottings through `ix_note_stage`), where one count over both
        columns reads every note row, sealed document and all (25 ms against 1 at 10,000).
        """
        kept = NOTE.c.trashed_at.is_(None)
        notes = select(func.count()).select_from(NOTE).where(kept).scalar_subquery()
        jottings = (
            select(func.count())
            .select_from(NOTE)
            .where(kept & (NOTE.c.stage == "jotting"))
            .scalar_subquery()
        )
        with self._read() as conn:
            total, waiting = conn.execute(select(notes, jottings)).one()
        return int(cast(int, total)), int(cast(int, waiting))

    def link_notes(
        self,
        note_ids: Sequence[str],
        *,
        obstacle_id: str | None = None,
        principle: PrincipleLink | None = None,
        remove: bool = False,
    ) -> None:
        """Tag (or untag) many notes at once, in one transaction."""
        with self._write() as conn:
            for note_id in note_ids:
                if obstacle_id is not None:
                    conn.execute(
                        delete(NOTE_OBSTACLE).where(
                            (NOTE_OBSTACLE.c.note_id == note_id)
                            & (NOTE_OBSTACLE.c.obstacle_id == obstacle_id)
                        )
                    )
                    if not remove:
                        conn.execute(
                            insert(NOTE_OBSTACLE).values(note_id=note_id, obstacle_id=obstacle_id)
                        )
                if principle is not None:
                    conn.execute(
                        delete(NOTE_PRINCIPLE).where(
                            (NOTE_PRINCIPLE.c.note_id == note_id)
                            & (NOTE_PRINCIPLE.c.principle_id == principle.principle_id)
                        )
                    )
                    if not remove:
                        conn.execute(
                            insert(NOTE_PRINCIPLE).values(
                                note_id=note_id,
                                principle_id=principle.principle_id,
                                stance=principle.stance,
                            )
                        )

    def source_digest(self, fingerprint: str) -> str:
        """The keyed form of an imported file's fingerprint, as its note keeps it (sealed)."""
        return self.sealer.digest("import-source", fingerprint.encode("ascii"))

    def import_notes(self, drafts: Sequence[NoteDraft]) -> list[str]:
        """All or nothing: one transaction for the whole run."""
        with self._write() as conn:
            return [self.insert_note(draft, conn=conn) for draft in drafts]

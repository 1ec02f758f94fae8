"""Purging notes for good: the note rows, everything that points at them, and the sealed
records of the purge, in one transaction."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import delete
from sqlalchemy.engine import Connection

from fieldnotes.errors import NotFound
from fieldnotes.storage.core import StoreCore
from fieldnotes.storage.engine import checkpoint, db_errors
from fieldnotes.storage.tables import (
    DRAFT,
    MEMO_NOTE,
    NOTE,
    NOTE_OBSTACLE,
    NOTE_PRINCIPLE,
    SEARCH_TABLES,
    SETTING,
    TEAM_CONFLICT,
)

_CHUNK = 500
"""Ids per statement: well under SQLite's limit on parameters."""


def drop_search_index(conn: Connection) -> None:
    """Forget the search index, in the purge's transaction: its word list and buckets hold
    the purged notes' words (sealed, but kept). Until the next refresh builds it again from
    the notes left, a search reads every note, with the same answers."""
    for table in SEARCH_TABLES:
        conn.exec_driver_sql(f"DELETE FROM {table}")


class RetentionRows(StoreCore):
    def purge_notes(
        self,
        note_ids: Sequence[str],
        settings: Mapping[str, str],
        conflict_ids: Sequence[str] = (),
    ) -> int:
        """Delete these notes for good, with their links and any unsaved edit of them, and
        write `settings` (sealed: the purge log, the counts kept) in the same transaction.
        On a team replica, `conflict_ids` are the conflicted copies kept of these notes or
        their codes: they go too.

        All or nothing: a note that is no longer there, or a crash part-way, leaves every row
        as it was. secure_delete (on for every connection of a file) zeroes the freed content;
        the checkpoint then truncates the write-ahead log, which still held copies of it.
        """
        wanted = list(dict.fromkeys(note_ids))
        with self._write() as conn:
            for start in range(0, len(wanted), _CHUNK):
                chunk = wanted[start : start + _CHUNK]
                # A draft is kept when its note goes (ON DELETE SET NULL): it holds the text.
                conn.execute(delete(DRAFT).where(DRAFT.c.note_id.in_(chunk)))
                # The links go by cascade too; deleted here so no server setting can keep them.
                conn.execute(delete(NOTE_PRINCIPLE).where(NOTE_PRINCIPLE.c.note_id.in_(chunk)))
                conn.execute(delete(NOTE_OBSTACLE).where(NOTE_OBSTACLE.c.note_id.in_(chunk)))
                conn.execute(delete(MEMO_NOTE).where(MEMO_NOTE.c.note_id.in_(chunk)))
                self._fault("purge:after-links")
                gone = conn.execute(delete(NOTE).where(NOTE.c.id.in_(chunk))).rowcount
                if gone != len(chunk):
                    raise NotFound(
                        "a note to purge is no longer in the notebook; nothing was purged"
                    )
            self._fault("purge:after-notes")
            if conflict_ids:
                ids = list(conflict_ids)
                conn.execute(delete(TEAM_CONFLICT).where(TEAM_CONFLICT.c.id.in_(ids)))
            if self.on_file:
                drop_search_index(conn)
            for key, value in settings.items():
                self._upsert_sealed(conn, SETTING, key, {"value": value})
                self._fault("purge:after-setting")
        self.checkpoint_log()
        return len(wanted)

    def set_settings(self, settings: Mapping[str, str]) -> None:
        """Several sealed settings in one transaction (a record and the count beside it)."""
        with self._write() as conn:
            for key, value in settings.items():
                self._upsert_sealed(conn, SETTING, key, {"value": value})

    def checkpoint_log(self) -> None:
        with db_errors(), self.engine.connect() as conn:
            checkpoint(conn)

"""The sealed store's smaller records: memos, drafts, leaders, the export log, settings."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import column, delete, insert, select
from sqlalchemy.engine import Connection

from fieldnotes.domain.model import MEMO_KINDS, Memo
from fieldnotes.errors import DamagedError
from fieldnotes.storage.codec import MEMO_SEALED, ClearCells, new_id, utcnow
from fieldnotes.storage.core import StoreCore
from fieldnotes.storage.tables import (
    DRAFT,
    EXPORT,
    LEADER,
    MEMO,
    MEMO_NOTE,
    MEMO_OBSTACLE,
    SETTING,
)


class StoredDraft(NamedTuple):
    """Unsaved editor state as kept: which note it edits (None for a new one), and when."""

    id: str
    note_id: str | None
    updated_at: datetime
    payload: dict[str, Any]


class StoredLeader(NamedTuple):
    """An address-book entry; label and recipient are None when it is damaged."""

    id: str
    label: str | None
    recipient: str | None


class StoredExport(NamedTuple):
    """An export-log entry; payload is None when it is damaged."""

    id: str
    created_at: datetime
    payload: dict[str, Any] | None


class RecordRows(StoreCore):
    def memos(self) -> list[Memo]:
        rows = self._cells(MEMO, "created_at", "id")
        with self._read() as conn:
            note_links: dict[str, list[str]] = {}
            obstacle_links: dict[str, list[str]] = {}
            for link in conn.execute(select(MEMO_NOTE)).mappings():
                note_links.setdefault(link["memo_id"], []).append(link["note_id"])
            for link in conn.execute(select(MEMO_OBSTACLE)).mappings():
                obstacle_links.setdefault(link["memo_id"], []).append(link["obstacle_id"])
        result: list[Memo] = []
        for row in rows:
            opened, damaged = self._open_all("memo", row, MEMO_SEALED)
            clear = ClearCells()
            result.append(
                Memo(
                    id=str(row["id"]),
                    kind=clear.choice("kind", row["kind"], MEMO_KINDS),
                    title=opened["title"],
                    body=opened["body"],
                    note_ids=sorted(note_links.get(row["id"], [])),
                    obstacle_ids=sorted(obstacle_links.get(row["id"], [])),
                    created_at=clear.moment("created_at", row["created_at"]),
                    updated_at=clear.moment("updated_at", row["updated_at"]),
                    revision=clear.integer("revision", row["revision"]),
                    damaged_fields=(*clear.damaged, *damaged),
                )
            )
        return result

    def save_memo(self, memo: Memo) -> str:
        with self._write() as conn:
            self._write_memo(conn, memo)
        return memo.id

    def _write_memo(self, conn: Connection, memo: Memo) -> None:
        stamp = utcnow()
        self._upsert_sealed(
            conn,
            MEMO,
            memo.id,
            {"title": memo.title, "body": memo.body},
            clear={"kind": memo.kind, "updated_at": stamp},
            first_time={"created_at": stamp},
        )
        conn.execute(delete(MEMO_NOTE).where(MEMO_NOTE.c.memo_id == memo.id))
        conn.execute(delete(MEMO_OBSTACLE).where(MEMO_OBSTACLE.c.memo_id == memo.id))
        if memo.note_ids:
            conn.execute(
                insert(MEMO_NOTE),
                [{"memo_id": memo.id, "note_id": n} for n in dict.fromkeys(memo.note_ids)],
            )
        if memo.obstacle_ids:
            conn.execute(
                insert(MEMO_OBSTACLE),
                [{"memo_id": memo.id, "obstacle_id": o} for o in dict.fromkeys(memo.obstacle_ids)],
            )

    def delete_memo(self, memo_id: str) -> None:
        with self._write() as conn:
            conn.execute(delete(MEMO).where(MEMO.c.id == memo_id))

    # ------------------------------------------------------------------- drafts

    def save_draft(self, draft_id: str, note_id: str | None, payload: dict[str, Any]) -> None:
        with self._write() as conn:
            self._write_draft(conn, StoredDraft(draft_id, note_id, utcnow(), payload))

    def _write_draft(self, conn: Connection, draft: StoredDraft) -> None:
        self._upsert_sealed(
            conn,
            DRAFT,
            draft.id,
            {"payload": json.dumps(draft.payload, ensure_ascii=False)},
            clear={"note_id": draft.note_id, "updated_at": draft.updated_at},
        )

    def drafts(self) -> list[StoredDraft]:
        rows = self._cells(DRAFT, "updated_at", "id")
        result: list[StoredDraft] = []
        for row in rows:
            opened, damaged = self._open_all("draft", row, ("payload",))
            clear = ClearCells()
            when = clear.moment("updated_at", row["updated_at"])
            note_id = clear.optional_text("note_id", row["note_id"])
            if damaged or clear.damaged:
                continue
            try:
                payload = json.loads(opened["payload"])
            except ValueError:
                continue
            if isinstance(payload, dict):
                result.append(StoredDraft(row["id"], note_id, when, payload))
        return result

    def discard_draft(self, draft_id: str) -> None:
        with self._write() as conn:
            conn.execute(delete(DRAFT).where(DRAFT.c.id == draft_id))

    # ------------------------------------------- leaders, export log, settings

    def leaders(self) -> list[StoredLeader]:
        """(id, label, recipient) for each leader in the address book; label and recipient are
        None for a damaged entry, which is listed, never dropped."""
        rows = self._cells(
            LEADER, "created_at", "id", columns=("id", "revision", "label", "recipient")
        )
        result: list[StoredLeader] = []
        for row in rows:
            opened, damaged = self._open_all("leader", row, ("label", "recipient"))
            if damaged:
                result.append(StoredLeader(str(row["id"]), None, None))
            else:
                result.append(StoredLeader(row["id"], opened["label"], opened["recipient"]))
        return result

    def save_leader(self, leader_id: str, label: str, recipient: str) -> None:
        with self._write() as conn:
            self._upsert_sealed(
                conn,
                LEADER,
                leader_id,
                {"label": label, "recipient": recipient},
                first_time={"created_at": utcnow()},
            )

    def delete_leader(self, leader_id: str) -> None:
        with self._write() as conn:
            conn.execute(delete(LEADER).where(LEADER.c.id == leader_id))

    def log_export(self, payload: dict[str, Any]) -> str:
        export_id = new_id()
        with self._write() as conn:
            self._upsert_sealed(
                conn,
                EXPORT,
                export_id,
                {"payload": json.dumps(payload, ensure_ascii=False)},
                first_time={"created_at": utcnow()},
                known_new=True,
            )
        return export_id

    def update_export(self, export_id: str, payload: dict[str, Any]) -> None:
        with self._write() as conn:
            self._upsert_sealed(
                conn, EXPORT, export_id, {"payload": json.dumps(payload, ensure_ascii=False)}
            )

    def delete_export(self, export_id: str) -> None:
        with self._write() as conn:
            conn.execute(delete(EXPORT).where(EXPORT.c.id == export_id))

    def exports(self) -> list[StoredExport]:
        """(id, when, payload) newest first; a damaged entry has payload None."""
        rows = self._cells(EXPORT, column("created_at").desc(), "id")
        result: list[StoredExport] = []
        for row in rows:
            opened, damaged = self._open_all("export_log", row, ("payload",))
            clear = ClearCells()
            when = clear.moment("created_at", row["created_at"])
            payload: dict[str, Any] | None = None
            if not damaged and not clear.damaged:
                try:
                    payload = json.loads(opened["payload"])
                except ValueError:
                    payload = None
                if not isinstance(payload, dict):
                    payload = None
            result.append(StoredExport(str(row["id"]), when, payload))
        return result

    def setting(self, key: str) -> str | None:
        """A sealed setting, or None if it was never set. Raises DamagedError if it is damaged:
        a damaged list of protected names must never read as an empty one."""
        rows = self._cells(SETTING, where=SETTING.c.id == key, columns=("id", "revision", "value"))
        if not rows:
            return None
        opened, damaged = self._open_all("sealed_setting", rows[0], ("value",))
        if damaged:
            raise DamagedError(f"the sealed setting {key!r} is damaged")
        return opened["value"]

    def set_setting(self, key: str, value: str) -> None:
        with self._write() as conn:
            self._upsert_sealed(conn, SETTING, key, {"value": value})

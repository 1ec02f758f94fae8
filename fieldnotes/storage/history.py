"""An obstacle's history in the sealed store: one sealed event per change, kept with it.

An event is written in the same transaction as the obstacle change it records, so the two
never disagree. Its payload names its obstacle too: an event moved to another obstacle's
history by editing the clear `obstacle_id` reads as damaged (the manifest reports the edit).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import column, inspect, update
from sqlalchemy.engine import Connection

from fieldnotes.domain.history import FieldChange, ObstacleEvent
from fieldnotes.domain.model import Obstacle
from fieldnotes.errors import ReadOnlyNotebook
from fieldnotes.storage.codebook import CodebookRows
from fieldnotes.storage.codec import ClearCells, new_id, utcnow
from fieldnotes.storage.core import untyped_select
from fieldnotes.storage.tables import OBSTACLE_EVENT

_ABSENT = (
    "nothing was saved: this notebook has no place for obstacles' history yet (its manifest "
    "could not vouch for it at unlock); check it with `fieldnotes check`"
)


def event_payload(event: ObstacleEvent) -> dict[str, Any]:
    """What an event seals: everything but its id and time, which are the row's clear cells."""
    return {
        "obstacle": event.obstacle_id,
        "by": event.by,
        "reason": event.reason,
        "merged_from": event.merged_from,
        "changes": [[c.field, c.before, c.after] for c in event.changes],
    }


def _event(row_id: str, obstacle_id: str, at: datetime, payload: object) -> ObstacleEvent:
    damaged = ObstacleEvent(row_id, obstacle_id, at, damaged=True)
    if not isinstance(payload, dict) or payload.get("obstacle") != obstacle_id:
        return damaged
    raw = payload.get("changes")
    if not isinstance(raw, list) or not all(
        isinstance(item, list) and len(item) == 3 and all(isinstance(v, str) for v in item)
        for item in raw
    ):
        return damaged
    texts = [payload.get(key, "") for key in ("by", "reason", "merged_from")]
    if not all(isinstance(text, str) for text in texts):
        return damaged
    return ObstacleEvent(
        row_id,
        obstacle_id,
        at,
        by=str(texts[0]),
        reason=str(texts[1]),
        merged_from=str(texts[2]),
        changes=tuple(FieldChange(*item) for item in raw),
    )


class HistoryRows(CodebookRows):
    def _history_kept(self, conn: Connection) -> bool:
        return inspect(conn).has_table(OBSTACLE_EVENT.name)

    def record_obstacle_change(
        self, obstacle: Obstacle, event: ObstacleEvent | None, *, conn: Connection | None = None
    ) -> None:
        """Write the obstacle and, when something tracked changed, its event: together."""
        if conn is None:
            with self._write() as own:
                self.record_obstacle_change(obstacle, event, conn=own)
                return
        self.write_obstacle(obstacle, conn=conn)
        if event is not None:
            self._insert_event(conn, event)

    def _insert_event(self, conn: Connection, event: ObstacleEvent) -> None:
        if not self._history_kept(conn):
            raise ReadOnlyNotebook(_ABSENT)
        self._upsert_sealed(
            conn,
            OBSTACLE_EVENT,
            event.id or new_id(),
            {"payload": json.dumps(event_payload(event), ensure_ascii=False)},
            {"obstacle_id": event.obstacle_id, "at": event.at or utcnow()},
            known_new=True,
        )

    def move_history(
        self, conn: Connection, source_id: str, source_name: str, target_id: str
    ) -> None:
        """Carry the source's events over to the target, each re-sealed to name it, saying
        which obstacle it came from (a merge keeps every step of both histories)."""
        if not self._history_kept(conn):
            return
        for event in self._events(conn, source_id):
            if event.damaged:
                # Its words cannot be re-sealed unread: it moves as it is, and stays damaged
                # there (listed, never dropped), rather than go with the source.
                conn.execute(
                    update(OBSTACLE_EVENT)
                    .where(OBSTACLE_EVENT.c.id == event.id)
                    .values(obstacle_id=target_id)
                )
                continue
            moved = {**event_payload(event), "obstacle": target_id}
            moved["merged_from"] = event.merged_from or source_name
            self._upsert_sealed(
                conn,
                OBSTACLE_EVENT,
                event.id,
                {"payload": json.dumps(moved, ensure_ascii=False)},
                {"obstacle_id": target_id},
            )

    def obstacle_history(self, obstacle_id: str) -> list[ObstacleEvent]:
        """The obstacle's events, oldest first; one that does not open is listed as damaged."""
        with self._read() as conn:
            if not self._history_kept(conn):
                return []
        return self._events(None, obstacle_id)

    def obstacle_histories(self) -> dict[str, list[ObstacleEvent]]:
        """Every obstacle's events, oldest first, by obstacle id."""
        with self._read() as conn:
            if not self._history_kept(conn):
                return {}
        found: dict[str, list[ObstacleEvent]] = {}
        for event in self._events(None, None):
            found.setdefault(event.obstacle_id, []).append(event)
        return found

    def _events(self, conn: Connection | None, obstacle_id: str | None) -> list[ObstacleEvent]:
        where = None if obstacle_id is None else column("obstacle_id") == obstacle_id
        if conn is None:
            rows = self._cells(OBSTACLE_EVENT, "at", "id", where=where)
        else:
            query = untyped_select(OBSTACLE_EVENT, [c.name for c in OBSTACLE_EVENT.columns])
            if where is not None:
                query = query.where(where)
            rows = list(conn.execute(query.order_by(column("at"), column("id"))).mappings())
        events = []
        for row in rows:
            clear = ClearCells()
            at = clear.moment("at", row["at"])
            owner = clear.optional_text("obstacle_id", row["obstacle_id"]) or ""
            opened, damaged = self._open_all("obstacle_event", row, ("payload",))
            payload: object = None
            if not damaged and not clear.damaged:
                try:
                    payload = json.loads(opened["payload"])
                except ValueError:
                    payload = None
            events.append(_event(str(row["id"]), owner, at, payload))
        return events

    def merge_obstacles(
        self, source: Obstacle, target: Obstacle, event: ObstacleEvent | None = None
    ) -> None:
        """Merge as `CodebookRows.merge_obstacles` does, the source's history moving to the
        target first (removing the source would take its events with it), and the merge's own
        change to the target recorded, all in one transaction."""
        with self._write() as conn:
            self.move_history(conn, source.id, source.name, target.id)
            self._merge_rows(conn, source, target)
            if event is not None:
                self._insert_event(conn, event)

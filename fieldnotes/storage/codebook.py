"""The codebook's rows in the sealed store: frameworks with their principles, and obstacles."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.engine import Connection

from fieldnotes.domain.model import (
    CodebookEntry,
    Framework,
    Obstacle,
    ObstacleStatus,
)
from fieldnotes.errors import NotFound
from fieldnotes.storage.codec import (
    FRAMEWORK_SEALED,
    OBSTACLE_SEALED,
    PRINCIPLE_SEALED,
    new_id,
    utcnow,
)
from fieldnotes.storage.core import StoreCore
from fieldnotes.storage.tables import (
    FRAMEWORK,
    MEMO_OBSTACLE,
    NOTE_OBSTACLE,
    OBSTACLE,
    PRINCIPLE,
)


class CodebookRows(StoreCore):
    # --------------------------------------------------------------- frameworks

    def save_frameworks(self, frameworks: Sequence[Framework]) -> None:
        with self._write() as conn:
            for framework in frameworks:
                self._save_framework(conn, framework)

    def _save_framework(self, conn: Connection, framework: Framework) -> None:
        last = conn.execute(select(func.max(FRAMEWORK.c.position))).scalar()
        self._upsert_sealed(
            conn,
            FRAMEWORK,
            framework.id,
            {name: getattr(framework, name) for name in FRAMEWORK_SEALED},
            first_time={"position": (last or 0) + 1},
        )
        kept = {p.id for p in framework.principles}
        old_ids: set[str] = set(
            conn.execute(
                select(PRINCIPLE.c.id).where(PRINCIPLE.c.framework_id == framework.id)
            ).scalars()
        )
        for gone in old_ids - kept:
            conn.execute(delete(PRINCIPLE).where(PRINCIPLE.c.id == gone))
        for position, principle in enumerate(framework.principles):
            self._upsert_sealed(
                conn,
                PRINCIPLE,
                principle.id,
                {name: getattr(principle, name) for name in PRINCIPLE_SEALED},
                {"framework_id": framework.id, "code": principle.code, "position": position},
            )

    # ---------------------------------------------------------------- obstacles

    def insert_obstacle(
        self,
        *,
        name: str,
        parent_id: str | None,
        description: str = "",
        status: ObstacleStatus = "emerging",
        ask: str = "",
        conn: Connection | None = None,
    ) -> str:
        if conn is None:
            with self._write() as own:
                return self.insert_obstacle(
                    name=name,
                    parent_id=parent_id,
                    description=description,
                    status=status,
                    ask=ask,
                    conn=own,
                )
        obstacle_id = new_id()
        last = conn.execute(select(func.max(OBSTACLE.c.position))).scalar()
        self._insert_obstacle_row(
            conn,
            obstacle_id,
            {"name": name, "description": description, "ask": ask, "decision": ""},
            parent_id=parent_id,
            status=status,
            position=(last or 0) + 1,
        )
        return obstacle_id

    def _insert_obstacle_row(
        self,
        conn: Connection,
        obstacle_id: str,
        sealed: dict[str, str],
        *,
        parent_id: str | None,
        status: ObstacleStatus,
        position: int,
    ) -> None:
        stamp = utcnow()
        self._upsert_sealed(
            conn,
            OBSTACLE,
            obstacle_id,
            sealed,
            {
                "parent_id": parent_id,
                "position": position,
                "status": status,
                "reobserve_on": None,
                "created_at": stamp,
                "updated_at": stamp,
            },
            known_new=True,
        )

    def write_obstacle(self, obstacle: Obstacle, *, conn: Connection | None = None) -> None:
        """Write every field of an obstacle under a new revision (all sealed fields re-sealed)."""
        if conn is None:
            with self._write() as own:
                self.write_obstacle(obstacle, conn=own)
                return
        self._upsert_sealed(
            conn,
            OBSTACLE,
            obstacle.id,
            {name: getattr(obstacle, name) for name in OBSTACLE_SEALED},
            {
                "parent_id": obstacle.parent_id,
                "status": obstacle.status,
                "reobserve_on": obstacle.reobserve_on,
                "updated_at": utcnow(),
            },
            missing="that obstacle no longer exists",
        )

    def merge_obstacles(self, source: Obstacle, target: Obstacle) -> None:
        """Carry every note link, memo link and child over, then remove the source."""
        with self._write() as conn:
            self._merge_rows(conn, source, target)

    def _merge_rows(self, conn: Connection, source: Obstacle, target: Obstacle) -> None:
        for table in (NOTE_OBSTACLE, MEMO_OBSTACLE):
            key = table.c.memo_id if table is MEMO_OBSTACLE else table.c.note_id
            carried: set[str] = set(
                conn.execute(select(key).where(table.c.obstacle_id == source.id)).scalars()
            )
            already: set[str] = set(
                conn.execute(select(key).where(table.c.obstacle_id == target.id)).scalars()
            )
            conn.execute(delete(table).where(table.c.obstacle_id == source.id))
            fresh = carried - already
            if fresh:
                conn.execute(
                    insert(table),
                    [{key.name: item, "obstacle_id": target.id} for item in sorted(fresh)],
                )
        self._fault("merge:after-links")
        conn.execute(
            update(OBSTACLE).where(OBSTACLE.c.parent_id == source.id).values(parent_id=target.id)
        )
        self.write_obstacle(target, conn=conn)
        conn.execute(delete(OBSTACLE).where(OBSTACLE.c.id == source.id))

    def delete_obstacle(self, obstacle_id: str) -> None:
        with self._write() as conn:
            self._delete_obstacle_row(conn, obstacle_id)

    def _delete_obstacle_row(self, conn: Connection, obstacle_id: str) -> None:
        """Its sub-obstacles move up a level; its note and memo links go with it."""
        conn.execute(
            update(OBSTACLE)
            .where(OBSTACLE.c.parent_id == obstacle_id)
            .values(
                parent_id=conn.execute(
                    select(OBSTACLE.c.parent_id).where(OBSTACLE.c.id == obstacle_id)
                ).scalar()
            )
        )
        result = conn.execute(delete(OBSTACLE).where(OBSTACLE.c.id == obstacle_id))
        if result.rowcount == 0:
            raise NotFound("that obstacle no longer exists")

    def import_codebook(
        self, entries: Sequence[CodebookEntry], parent_id: str | None = None
    ) -> list[str]:
        with self._write() as conn:
            return self._insert_entries(conn, entries, parent_id)

    def _insert_entries(
        self, conn: Connection, entries: Sequence[CodebookEntry], parent_id: str | None
    ) -> list[str]:
        created: list[str] = []
        for entry in entries:
            obstacle_id = self.insert_obstacle(
                name=entry.name,
                parent_id=parent_id,
                description=entry.description,
                status=entry.status,
                ask=entry.ask,
                conn=conn,
            )
            created.append(obstacle_id)
            created += self._insert_entries(conn, entry.children, obstacle_id)
        return created

"""A replica's dirty set: the rows written here since they were last synced.

A sync used to find what changed here by reading the clear state of every row of the replica
and every `team_row` (`replica_rows.local_states`), which grows with the notebook: about a
second at 10,000 notes, at every sync and every look at the status line. Instead every write
transaction keeps `team_dirty` for the rows it touched, in that transaction:

- the manifest's triggers already name every row a write touches (cascades included); the
  store passes them on (`RowWatch.touch`), mapped to the team rows they are part of;
- before the transaction commits, each of those rows is judged exactly as the full scan
  judges it (`replica_rows.changed_rows` over its local state and its `team_row`), and is put
  in or taken out of the set. A write to `team_row` (a push recorded, a pull applied) is a
  touch too, so a row is taken out only by the transaction that made it synced, and a row
  changed again while a push was in flight stays in.

The set is complete once it holds `COMPLETE`. A replica made before it existed (or a file
accepted as changed outside fieldnotes) has no marker: its next sync scans once, as before,
and puts what it found in the set with the marker.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping

from sqlalchemy.engine import Connection

from fieldnotes.storage.engine import sqlite_driver
from fieldnotes.storage.team.replica_rows import (
    DELETED,
    Key,
    changed_rows,
    chunks,
    states_for,
    synced_for,
)

WATCHED: dict[str, tuple[str, ...]] = {
    "note": ("note", "link"),
    "note_principle": ("link",),
    "note_obstacle": ("link",),
    "obstacle": ("obstacle", "obstacle_decision"),
    "memo": ("memo",),
    "memo_note": ("memo",),
    "memo_obstacle": ("memo",),
    "export_log": ("brief_log",),
    "leader": ("leader",),
    "framework": ("framework",),
}
"""Each local table whose rows make up a team row's clear state (keyed by the first column of
its key, which is what the manifest's triggers name), and the kinds of team row it is part of."""

COMPLETE: Key = ("*", "*")
"""(kind, row id) of the marker: the set names every row changed here."""


class RowWatch:
    """The rows one write transaction touched, as the manifest's triggers name them; and the
    states a pull has just recorded some of them at (`tell`), so that judging them at commit
    need not read them all again (a page of a joining member's pull is 25,000 rows)."""

    __slots__ = ("_told_in", "known", "touched")

    def __init__(self) -> None:
        self.touched: set[tuple[str, str]] = set()
        self.known: dict[str, dict[str, tuple[str, str | None]]] = {}
        """Row id -> kind -> (its local state, its synced state or None), as told; a row
        touched again after it was told is forgotten, and so is everything at commit."""
        self._told_in: Connection | None = None

    def touch(self, table: str, key: object) -> None:
        if isinstance(key, str) and (table in WATCHED or table == "team_row"):
            self.touched.add((table, key))
            if self.known:
                self.known.pop(key, None)

    def tell(self, conn: Connection, states: Mapping[Key, tuple[str, str | None]]) -> None:
        """These rows are now exactly so in `conn`'s transaction (every kind of each row id
        given that `settle` would look at: it reads for itself any it is not told)."""
        if self._told_in is not conn:
            self.known, self._told_in = {}, conn
        for (kind, row_id), state in states.items():
            self.known.setdefault(row_id, {})[kind] = state

    def told(self, conn: Connection) -> dict[str, dict[str, tuple[str, str | None]]]:
        # Only what was told in this very transaction: one rolled back told nothing.
        return self.known if self._told_in is conn else {}

    def take(self) -> set[tuple[str, str]]:
        touched, self.touched = self.touched, set()
        return touched

    def forget_told(self) -> None:
        self.known, self._told_in = {}, None


def _has_table(driver: sqlite3.Connection, name: str) -> bool:
    # A file whose missing tables the manifest would not let be made (it was changed outside
    # fieldnotes) has no set to keep until a person accepts it.
    found = driver.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
    ).fetchone()
    return found is not None


def is_replica(conn: Connection) -> bool:
    driver = sqlite_driver(conn)
    if not (_has_table(driver, "team_state") and _has_table(driver, "team_dirty")):
        return False
    found = driver.execute("SELECT 1 FROM team_state WHERE id = 'link'").fetchone()
    return found is not None


def settle(
    conn: Connection,
    touched: Iterable[tuple[str, str]],
    told: Mapping[str, Mapping[str, tuple[str, str | None]]] | None = None,
) -> None:
    """Put each team row these writes touched in the dirty set, or take it out, as it stands
    now in `conn`'s transaction (`told`: the states some of them were just recorded at, by
    row id and kind, taken as they are instead of read again)."""
    keys: set[Key] = set()
    synced_ids: list[str] = []
    for table, row_id in touched:
        if table == "team_row":
            synced_ids.append(row_id)
        else:
            keys.update((kind, row_id) for kind in WATCHED[table])
    driver = sqlite_driver(conn)
    for chunk in chunks(sorted(set(synced_ids))):
        found = driver.execute(
            f"SELECT kind, row_id FROM team_row WHERE row_id IN ({','.join('?' * len(chunk))})",
            chunk,
        )
        keys.update((str(kind), str(row_id)) for kind, row_id in found)
    if not keys:
        return
    told = told or {}
    local: dict[Key, str] = {}
    synced: dict[Key, str] = {}
    unknown: set[Key] = set()
    for key in keys:
        given = told.get(key[1], {}).get(key[0])
        if given is None:
            unknown.add(key)
            continue
        if given[0] != DELETED:
            local[key] = given[0]
        if given[1] is not None:
            synced[key] = given[1]
    if unknown:
        local.update(
            (key, state) for key, state in states_for(conn, unknown).items() if state != DELETED
        )
        synced.update((key, known.state) for key, known in synced_for(conn, unknown).items())
    changed = set(changed_rows(local, synced))
    driver.executemany(
        "DELETE FROM team_dirty WHERE row_id = ? AND kind = ?",
        [(row_id, kind) for kind, row_id in keys - changed],
    )
    driver.executemany(
        "INSERT OR IGNORE INTO team_dirty (row_id, kind) VALUES (?, ?)",
        [(row_id, kind) for kind, row_id in changed],
    )


def dirty_keys(conn: Connection) -> set[Key] | None:
    """The rows changed here and not yet synced, or None while the set is not complete."""
    if not _has_table(sqlite_driver(conn), "team_dirty"):
        return None
    found = {
        (str(kind), str(row_id))
        for row_id, kind in sqlite_driver(conn).execute("SELECT row_id, kind FROM team_dirty")
    }
    if COMPLETE not in found:
        return None
    found.discard(COMPLETE)
    return found


def make_complete(conn: Connection, keys: Iterable[Key]) -> None:
    """The full scan's answer, and the marker: from now on the set is kept by every write."""
    if not _has_table(sqlite_driver(conn), "team_dirty"):
        return
    sqlite_driver(conn).executemany(
        "INSERT OR IGNORE INTO team_dirty (row_id, kind) VALUES (?, ?)",
        [(row_id, kind) for kind, row_id in (*keys, COMPLETE)],
    )


def forget(driver: sqlite3.Connection) -> None:
    """Not complete any more: the next sync scans every row once."""
    if _has_table(driver, "team_dirty"):
        driver.execute("DELETE FROM team_dirty WHERE row_id = '*' AND kind = '*'")

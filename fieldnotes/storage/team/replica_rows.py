"""What a replica sends and receives: each local row as a team row's document, and back.

| kind | row id | document (sealed) | clear |
|---|---|---|---|
| `framework` | its id | name, short name, description, source, principles | — |
| `obstacle` | its id | name, description, parent, position, dates | parent, position |
| `obstacle_decision` | obstacle's | status, ask, decision, re-observe date | status, date |
| `note` | its id | its text, mode, stage, dates, trash date | mode, stage, dates |
| `link` | note's | the note's codes: obstacle ids, principle ids and stances, passages | — |
| `memo` | its id | kind, title, body, its notes and obstacles, dates | kind, dates |
| `brief_log` | its id | the export log entry, its date | its date |
| `leader` | its id | label, age recipient | — |

A deletion is the next revision with the document `{"deleted": true}`. Reading a local row
into its document, and writing a pulled one back, are in `replica_docs`.

What changed since the last sync is found from clear cells alone (`local_states`): a row's
revision and the clear cells a write may change without one (a parent moved up when its
parent goes, a note's obstacles and principles; a link's state holds its note's revision
too, as its passages are sealed in the note here), compared with what `team_row` recorded.
Only the rows found changed are opened, and one whose document is what was synced already
is not sent.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from fieldnotes.crypto.integrity import mac
from fieldnotes.storage.engine import sqlite_driver
from fieldnotes.storage.tables import (
    EXPORT,
    FRAMEWORK,
    LEADER,
    MEMO,
    MEMO_NOTE,
    MEMO_OBSTACLE,
    NOTE,
    NOTE_OBSTACLE,
    NOTE_PRINCIPLE,
    OBSTACLE,
    TEAM_ROW,
)
from fieldnotes.storage.team.rows import Kind

if TYPE_CHECKING:
    pass

ORDER: tuple[Kind, ...] = (
    "framework",
    "obstacle",
    "obstacle_decision",
    "note",
    "link",
    "memo",
    "brief_log",
    "leader",
)
"""The order rows are sent and applied in: what a row refers to comes before it."""
DELETED = "-"
"""The state recorded for a row this replica deleted (or received deleted)."""
MERGED = "+"
"""The state recorded for a row taken in merged with a change of this replica's: no local
row has it, so the merge stays waiting until it is sent."""
TOMBSTONE: dict[str, Any] = {"deleted": True}
UNDECIDED: dict[str, Any] = {"status": "emerging", "ask": "", "decision": "", "reobserve_on": None}
"""A new obstacle's decision: nothing to send until someone decides something."""

Key = tuple[str, str]
"""(kind, row id)."""


@dataclass(frozen=True, slots=True)
class Synced:
    """What `team_row` holds of one row."""

    revision: int
    state: str
    seq: int
    author: str
    digest: str


@dataclass(frozen=True, slots=True)
class Outgoing:
    """One local change to send: the next revision of a team row."""

    kind: Kind
    row_id: str
    revision: int
    author: str
    document: dict[str, Any]
    clear: dict[str, str | int | bool | None]
    state: str
    digest: str


def document_digest(key: bytes, kind: str, document: Mapping[str, Any]) -> str:
    return text_digest(key, kind, json.dumps(document, sort_keys=True, ensure_ascii=False))


def pulled_digest(key: bytes, kind: str, document: Mapping[str, Any], text: str | bytes) -> str:
    """The digest a pulled row is recorded with: `text_digest`, but for a note of the older
    shape, whose passages were sealed in it, that of its document without them (as this
    replica writes it): its passages are its codes now, which a coder may change on a
    colleague's note without its words, or its row, changing."""
    if kind == "note" and "passages" in document:
        return document_digest(key, kind, without_passages(document))
    return text_digest(key, kind, text)


def without_passages(document: Mapping[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in document.items() if name != "passages"}


def text_digest(key: bytes, kind: str, text: str | bytes) -> str:
    """`document_digest` of the document whose canonical JSON is `text` (UTF-8 either way):
    what a pull records, without encoding each pulled document again. A row some other
    client sealed in another spelling gets another digest, which costs at most a resend of
    the same document, never a change missed."""
    return mac(key, kind, text).hex()


# ------------------------------------------------------------------ change detection


def _joined(pairs: Iterable[tuple[Any, Any]]) -> dict[str, str]:
    grouped: dict[str, list[str]] = {}
    for owner, item in pairs:
        grouped.setdefault(str(owner), []).append(str(item))
    return {owner: " ".join(sorted(items)) for owner, items in grouped.items()}


def _rows(conn: Connection, query: str) -> list[tuple[Any, ...]]:
    # Plain tuples through the driver: these scans cover every row of a large replica at
    # every sync, and building SQLAlchemy rows for each cost most of their time.
    return [tuple(row) for row in conn.exec_driver_sql(query).fetchall()]


def link_state(obstacles: str, principles: str | None, revision: object) -> str:
    """A note's codes as a clear state: its obstacles and principles, and its note's local
    revision, because its coded passages are sealed in the note here (a passage coded, or
    moved by an edit of the words, changes the note's revision and nothing clear)."""
    codes = f"{obstacles}|{principles}" if principles else obstacles
    return f"{codes}#{revision}"


def codes_of(state: str) -> str:
    """The whole-note codes (obstacles, principles) a link state names, without its note's
    revision: what a merge compares to tell whether they changed here since the sync."""
    return state.rpartition("#")[0] if "#" in state else state


def _has_codes(state: str) -> bool:
    """Whether a link state names obstacles or principles (not only its note's revision)."""
    return bool(state.rpartition("#")[0]) if "#" in state else bool(state)


def link_needed(key: Key, state: str, local: Mapping[Key, str], synced: Mapping[Key, str]) -> bool:
    """Whether a link row never synced has a change waiting: its note has whole-note codes,
    or its note changed here (it may have passages sealed in it: opened to be sure)."""
    note = ("note", key[1])
    if _has_codes(state):
        return True
    return note in local and synced.get(note) != local[note]


def local_states(conn: Connection) -> dict[Key, str]:
    """Every local row's clear state, as `team_row.synced` records it. Nothing is opened."""
    states: dict[Key, str] = {}
    principles = _joined(
        _rows(conn, "SELECT note_id, principle_id || ':' || stance FROM note_principle")
    )
    links = _joined(_rows(conn, "SELECT note_id, obstacle_id FROM note_obstacle"))
    for note_id, revision in _rows(conn, "SELECT id, revision FROM note"):
        note_id = str(note_id)
        states[("note", note_id)] = str(revision)
        states[("link", note_id)] = link_state(
            links.get(note_id, ""), principles.get(note_id), revision
        )
    for row in _rows(
        conn, "SELECT id, revision, parent_id, position, status, reobserve_on FROM obstacle"
    ):
        states[("obstacle", str(row[0]))] = f"{row[1]}|{row[2]}|{row[3]}"
        states[("obstacle_decision", str(row[0]))] = f"{row[1]}|{row[4]}|{row[5]}"
    memo_notes = _joined(_rows(conn, "SELECT memo_id, note_id FROM memo_note"))
    memo_obstacles = _joined(_rows(conn, "SELECT memo_id, obstacle_id FROM memo_obstacle"))
    for memo_id, revision in _rows(conn, "SELECT id, revision FROM memo"):
        memo_id = str(memo_id)
        states[("memo", memo_id)] = (
            f"{revision}|{memo_notes.get(memo_id, '')}|{memo_obstacles.get(memo_id, '')}"
        )
    for kind, table in (("brief_log", EXPORT), ("leader", LEADER), ("framework", FRAMEWORK)):
        for row_id, revision in _rows(conn, f"SELECT id, revision FROM {table.name}"):
            states[(kind, str(row_id))] = str(revision)
    return states


def synced_states(conn: Connection) -> dict[Key, str]:
    """The clear state each row was last synced at (the rest of `team_row` is read only for
    the rows found changed)."""
    return {
        (str(kind), str(row_id)): str(state)
        for kind, row_id, state in _rows(conn, "SELECT kind, row_id, synced FROM team_row")
    }


def changed_rows(local: Mapping[Key, str], synced: Mapping[Key, str]) -> list[Key]:
    """The rows written or deleted here since they were last synced, in `ORDER`."""
    changed: list[Key] = []
    for key, state in local.items():
        known = synced.get(key)
        if known is None:
            # A note with no codes needs no link row until it has some (the passages of
            # a note changed here are looked for with the note: `replica_sync`).
            if key[0] != "link" or _has_codes(state):
                changed.append(key)
        elif known != state:
            changed.append(key)
    for key, known in synced.items():
        if key not in local and known != DELETED and key[0] not in ("link", "obstacle_decision"):
            # A note's links and an obstacle's decision go with it.
            changed.append(key)
    rank: dict[str, int] = {kind: at for at, kind in enumerate(ORDER)}
    return sorted(changed, key=lambda key: rank.get(key[0], len(ORDER)))


def record_synced(
    conn: Connection,
    key: Key,
    *,
    revision: int,
    state: str,
    seq: int,
    author: str,
    digest: str,
) -> None:
    kind, row_id = key
    where = (TEAM_ROW.c.kind == kind) & (TEAM_ROW.c.row_id == row_id)
    values = {"revision": revision, "synced": state, "seq": seq, "author": author, "digest": digest}
    if conn.execute(update(TEAM_ROW).where(where).values(**values)).rowcount == 0:
        conn.execute(insert(TEAM_ROW).values(kind=kind, row_id=row_id, **values))


_CHUNK = 500
"""Ids per IN list: SQLite caps the parameters of one statement."""


def chunks(ids: Sequence[str]) -> Iterator[list[str]]:
    for start in range(0, len(ids), _CHUNK):
        yield list(ids[start : start + _CHUNK])


def _where_in(conn: Connection, query: str, ids: Sequence[str]) -> Iterator[tuple[Any, ...]]:
    """`query` (with one `IN ({})`) for every chunk of `ids`, through the driver: a page of a
    pull asks this for thousands of ids, and SQLAlchemy's compiling of each IN list cost more
    than SQLite's answering it."""
    driver = sqlite_driver(conn)
    for chunk in chunks(ids):
        yield from driver.execute(query.format(",".join("?" * len(chunk))), chunk)


def states_for(conn: Connection, keys: Iterable[Key]) -> dict[Key, str]:
    """These rows' clear states now (`DELETED` for one that is gone), a few queries a page:
    the same answers as `state_of` and `local_states`, without a round of statements per row."""
    wanted: dict[str, list[str]] = {}
    for kind, row_id in keys:
        wanted.setdefault(kind, []).append(row_id)
    states: dict[Key, str] = {(k, i): DELETED for k, ids in wanted.items() for i in ids}
    notes = sorted(set(wanted.get("note", [])) | set(wanted.get("link", [])))
    principles = _joined(
        _where_in(
            conn,
            "SELECT note_id, principle_id || ':' || stance FROM note_principle "
            "WHERE note_id IN ({})",
            notes,
        )
    )
    links = _joined(
        _where_in(
            conn, "SELECT note_id, obstacle_id FROM note_obstacle WHERE note_id IN ({})", notes
        )
    )
    for note_id, revision in _where_in(
        conn, "SELECT id, revision FROM note WHERE id IN ({})", notes
    ):
        note_id = str(note_id)
        states[("note", note_id)] = str(revision)
        states[("link", note_id)] = link_state(
            links.get(note_id, ""), principles.get(note_id), revision
        )
    obstacles = sorted(set(wanted.get("obstacle", [])) | set(wanted.get("obstacle_decision", [])))
    for row in _where_in(
        conn,
        "SELECT id, revision, parent_id, position, status, reobserve_on FROM obstacle "
        "WHERE id IN ({})",
        obstacles,
    ):
        states[("obstacle", str(row[0]))] = f"{row[1]}|{row[2]}|{row[3]}"
        states[("obstacle_decision", str(row[0]))] = f"{row[1]}|{row[4]}|{row[5]}"
    sets = {kind: set(ids) for kind, ids in wanted.items()}
    for key in list(states):
        if key[1] not in sets.get(key[0], ()):
            del states[key]
    for kind in ("memo", "brief_log", "leader", "framework"):
        for row_id in wanted.get(kind, []):
            states[(kind, row_id)] = state_of(conn, (kind, row_id))
    return states


def synced_for(conn: Connection, keys: Iterable[Key]) -> dict[Key, Synced]:
    wanted = set(keys)
    found: dict[Key, Synced] = {}
    for row_id, kind, revision, synced, seq, author, digest in _where_in(
        conn,
        "SELECT row_id, kind, revision, synced, seq, author, digest FROM team_row "
        "WHERE row_id IN ({})",
        sorted({row_id for _kind, row_id in wanted}),
    ):
        key = (str(kind), str(row_id))
        if key in wanted:
            found[key] = Synced(int(revision), str(synced), int(seq), str(author), str(digest))
    return found


def record_many(conn: Connection, records: Mapping[Key, Synced]) -> None:
    """Record many rows as synced, one statement for all of them."""
    if not records:
        return
    sqlite_driver(conn).executemany(
        "INSERT INTO team_row (row_id, kind, revision, synced, seq, author, digest) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (row_id, kind) DO UPDATE SET "
        "revision = excluded.revision, synced = excluded.synced, seq = excluded.seq, "
        "author = excluded.author, digest = excluded.digest",
        [
            (row_id, kind, known.revision, known.state, known.seq, known.author, known.digest)
            for (kind, row_id), known in records.items()
        ],
    )


def state_of(conn: Connection, key: Key) -> str:
    """One row's clear state now (`DELETED` if it is gone), as `local_states` gives it."""
    kind, row_id = key
    if kind in ("note", "link"):
        revision = conn.execute(select(NOTE.c.revision).where(NOTE.c.id == row_id)).scalar()
        if revision is None:
            return DELETED
        if kind == "note":
            return str(revision)
        pairs = conn.execute(
            select(NOTE_PRINCIPLE.c.principle_id, NOTE_PRINCIPLE.c.stance).where(
                NOTE_PRINCIPLE.c.note_id == row_id
            )
        )
        ids: Iterable[object] = conn.execute(
            select(NOTE_OBSTACLE.c.obstacle_id).where(NOTE_OBSTACLE.c.note_id == row_id)
        ).scalars()
        return link_state(
            " ".join(sorted(str(i) for i in ids)),
            " ".join(sorted(f"{p}:{s}" for p, s in pairs)),
            revision,
        )
    if kind in ("obstacle", "obstacle_decision"):
        row = conn.execute(
            select(
                OBSTACLE.c.revision,
                OBSTACLE.c.parent_id,
                OBSTACLE.c.position,
                OBSTACLE.c.status,
                OBSTACLE.c.reobserve_on,
            ).where(OBSTACLE.c.id == row_id)
        ).first()
        if row is None:
            return DELETED
        if kind == "obstacle":
            return f"{row[0]}|{row[1]}|{row[2]}"
        return f"{row[0]}|{row[3]}|{row[4]}"
    if kind == "memo":
        revision = conn.execute(select(MEMO.c.revision).where(MEMO.c.id == row_id)).scalar()
        if revision is None:
            return DELETED
        notes: Iterable[object] = conn.execute(
            select(MEMO_NOTE.c.note_id).where(MEMO_NOTE.c.memo_id == row_id)
        ).scalars()
        obstacles: Iterable[object] = conn.execute(
            select(MEMO_OBSTACLE.c.obstacle_id).where(MEMO_OBSTACLE.c.memo_id == row_id)
        ).scalars()
        return (
            f"{revision}|{' '.join(sorted(map(str, notes)))}|"
            f"{' '.join(sorted(map(str, obstacles)))}"
        )
    table = {"brief_log": EXPORT, "leader": LEADER, "framework": FRAMEWORK}[kind]
    revision = conn.execute(select(table.c.revision).where(table.c.id == row_id)).scalar()
    return DELETED if revision is None else str(revision)

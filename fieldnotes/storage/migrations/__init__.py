"""Bringing an older notebook up to the current format, one step per format, at unlock.

Each step takes the notebook from format N to N+1 on the raw driver connection, inside the one
transaction `SealedStore._upgrade` opens: a crash or a full disk part-way through any step leaves
the notebook as it was, to be upgraded at the next unlock. A new format is one more function
here and one more entry in `STEPS`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from fieldnotes.crypto import FieldContext

if TYPE_CHECKING:
    from fieldnotes.storage.store import SealedStore

FORMAT_1_TEXT = (
    "team",
    "setting",
    "participants",
    "description",
    "asides",
    "quotes",
    "consent",
    "follow_up",
)
"""A format 1 note's text columns, each sealed on its own."""

Step = Callable[["SealedStore", sqlite3.Connection], None]


def format_1_to_2(store: SealedStore, driver: sqlite3.Connection) -> None:
    """Re-seal each note's eight text fields together as one document (`note.content`).

    SQLite 3.35 or later is needed to drop the old columns (checked before anything starts).
    """
    from fieldnotes.storage.store import _SCAN_PAGE, _rowid_pages, document_json

    driver.execute("ALTER TABLE note ADD COLUMN content BLOB NOT NULL DEFAULT x''")
    page = f"SELECT rowid, id, revision, {', '.join(FORMAT_1_TEXT)} FROM note{_SCAN_PAGE}"

    def format_1_page(after: int) -> list[Any]:
        return driver.execute(page, (after,)).fetchall()

    def as_content(note_id: str, revision: int, blobs: Sequence[object]) -> bytes:
        opened, damaged = store.sealer.open_row(
            "note", note_id, revision, dict(zip(FORMAT_1_TEXT, map(as_bytes, blobs), strict=True))
        )
        document: dict[str, object] = {**opened, "participants": [], "quotes": []}
        try:
            document["participants"] = json.loads(opened["participants"] or "[]")
            document["quotes"] = json.loads(opened["quotes"] or "[]")
        except ValueError:
            damaged = (*damaged, "participants/quotes")
        if damaged:
            # What did not open before still reads as damaged, rather than as empty text.
            document["damaged"] = list(damaged)
        where = FieldContext("note", note_id, "content", revision)
        return store.sealer.seal(document_json(document), where)

    for rows in _rowid_pages(format_1_page, 0):
        driver.executemany(
            "UPDATE note SET content = ? WHERE rowid = ?",
            [(as_content(row[1], row[2], row[3:]), row[0]) for row in rows],
        )
        store._fault("upgrade:page")
    for column in FORMAT_1_TEXT:
        driver.execute(f"ALTER TABLE note DROP COLUMN {column}")


def format_2_to_3(store: SealedStore, driver: sqlite3.Connection) -> None:
    """Add the trash: a note with `trashed_at` set is out of every view until restored."""
    driver.execute("ALTER TABLE note ADD COLUMN trashed_at DATETIME")


def format_3_to_4(store: SealedStore, driver: sqlite3.Connection) -> None:
    """Seal each note's clear cells in its document too, and checksum every row (manifest).

    A note is re-sealed under the same revision: its old sealed copy, had anyone kept one,
    carries no bound cells and reads as damaged. A note that no longer opens is left as it is.
    """
    from fieldnotes.storage.store import (
        _SCAN_PAGE,
        _SELECT_NOTES,
        _rowid_pages,
        document_json,
        row_bound,
    )

    def page(after: int) -> list[Any]:
        return driver.execute(_SELECT_NOTES + _SCAN_PAGE, (after,)).fetchall()

    sealer = store.sealer
    for rows in _rowid_pages(page, 9):
        resealed = []
        for row in rows:
            if type(row[0]) is not str or type(row[6]) is not int:
                continue
            content = sealer.open_field("note", row[0], row[6], "content", as_bytes(row[8]))
            if content is None:
                continue
            try:
                document = json.loads(content)
            except ValueError:
                continue
            if not isinstance(document, dict):
                continue
            document["bound"] = row_bound(row)
            where = FieldContext("note", row[0], "content", row[6])
            resealed.append((sealer.seal(document_json(document), where), row[9]))
        driver.executemany("UPDATE note SET content = ? WHERE rowid = ?", resealed)
        store._fault("upgrade:page")
    store._install_manifest(driver)


STEPS: dict[int, Step] = {1: format_1_to_2, 2: format_2_to_3, 3: format_3_to_4}
"""The step that takes a notebook from the format of its key to the next one."""

REWRITES_EVERY_NOTE = frozenset({1, 3})
"""Steps that re-seal every note: the file is compacted afterwards."""


def needs_drop_column(version: int) -> bool:
    return version <= 1


def as_bytes(value: object) -> bytes | None:
    if value is None or isinstance(value, bytes):
        return value
    if isinstance(value, bytearray | memoryview):
        return bytes(value)
    return None

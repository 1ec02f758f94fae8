"""Format 1 -> 2: a note's eight text fields, each sealed on its own, sealed as one document."""

from __future__ import annotations

import json
import sqlite3
from typing import TYPE_CHECKING

from fieldnotes.crypto import FieldContext
from fieldnotes.storage.codec import as_bytes, document_json
from fieldnotes.storage.migrations.base import note_pages

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
"""A format 1 note's text columns, each sealed on its own. Fixed with the format: not the list
of note fields (`codec.NOTE_TEXT`), which may grow."""


def format_1_to_2(store: SealedStore, driver: sqlite3.Connection) -> None:
    """Re-seal each note's eight text fields together as one document (`note.content`).

    SQLite 3.35 or later is needed to drop the old columns (checked before anything starts).
    """
    driver.execute("ALTER TABLE note ADD COLUMN content BLOB NOT NULL DEFAULT x''")

    def as_content(row: sqlite3.Row) -> bytes:
        note_id, revision = row["id"], row["revision"]
        blobs = {name: as_bytes(row[name]) for name in FORMAT_1_TEXT}
        opened, damaged = store.sealer.open_row("note", note_id, revision, blobs)
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

    for rows in note_pages(driver, f"id, revision, {', '.join(FORMAT_1_TEXT)}"):
        driver.executemany(
            "UPDATE note SET content = ? WHERE id = ?",
            [(as_content(row), row["id"]) for row in rows],
        )
        store._fault("upgrade:page")
    for column in FORMAT_1_TEXT:
        driver.execute(f"ALTER TABLE note DROP COLUMN {column}")

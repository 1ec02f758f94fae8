"""Format 3 -> 4: a note's clear cells sealed in its document too, and the manifest."""

from __future__ import annotations

import json
import sqlite3
from typing import TYPE_CHECKING

from fieldnotes.crypto import FieldContext
from fieldnotes.storage.codec import as_bytes, document_json, row_bound
from fieldnotes.storage.migrations.base import note_pages
from fieldnotes.storage.scan import NOTE_COLUMNS, NoteCells

if TYPE_CHECKING:
    from fieldnotes.storage.store import SealedStore


def format_3_to_4(store: SealedStore, driver: sqlite3.Connection) -> None:
    """Seal each note's clear cells in its document too, and checksum every row (manifest).

    A note is re-sealed under the same revision: its old sealed copy, had anyone kept one,
    carries no bound cells and reads as damaged. A note that no longer opens is left as it is.
    """
    sealer = store.sealer
    for rows in note_pages(driver, ", ".join(NOTE_COLUMNS)):
        resealed = []
        for named in rows:
            row = NoteCells(*named)
            if type(row.id) is not str or type(row.revision) is not int:
                continue
            content = sealer.open_field(
                "note", row.id, row.revision, "content", as_bytes(row.content)
            )
            if content is None:
                continue
            try:
                document = json.loads(content)
            except ValueError:
                continue
            if not isinstance(document, dict):
                continue
            document["bound"] = row_bound(row)
            where = FieldContext("note", row.id, "content", row.revision)
            resealed.append((sealer.seal(document_json(document), where), row.id))
        driver.executemany("UPDATE note SET content = ? WHERE id = ?", resealed)
        store._fault("upgrade:page")
    store._install_manifest(driver)

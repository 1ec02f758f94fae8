"""What every format step shares: its signature, and reading notes a page at a time by key."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from fieldnotes.storage import scan

if TYPE_CHECKING:
    from fieldnotes.storage.store import SealedStore

Step = Callable[["SealedStore", sqlite3.Connection], None]


def note_pages(driver: sqlite3.Connection, columns: str) -> Iterator[list[sqlite3.Row]]:
    """Every note row (these columns, named), in keyset pages on the note's id."""
    cursor = driver.cursor()
    cursor.row_factory = sqlite3.Row
    after: object = ""
    while True:
        rows: list[sqlite3.Row] = cursor.execute(
            f"SELECT {columns} FROM note WHERE id > ? ORDER BY id LIMIT {int(scan.PAGE_ROWS)}",
            (after,),
        ).fetchall()
        yield rows
        if len(rows) < scan.PAGE_ROWS:
            return
        after = rows[-1]["id"]

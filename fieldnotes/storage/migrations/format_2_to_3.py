"""Format 2 -> 3: the trash."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fieldnotes.storage.store import SealedStore


def format_2_to_3(store: SealedStore, driver: sqlite3.Connection) -> None:
    """Add the trash: a note with `trashed_at` set is out of every view until restored."""
    driver.execute("ALTER TABLE note ADD COLUMN trashed_at DATETIME")

"""A look at a notebook's keyslot with the standard library alone.

The command line starts the key derivation from this before SQLAlchemy and the rest have
loaded. Nothing here decides anything: any doubt returns None, and opening the notebook
properly reports what is wrong. The keyslot is read again there and must match.
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path
from urllib.parse import quote

from fieldnotes.crypto.kdf import SALT_BYTES, KdfParams


def peek_keyslot(path: Path) -> tuple[bytes, KdfParams] | None:
    """The first keyslot's salt and key-derivation cost, or None if they cannot be read."""
    if not path.is_file():
        return None
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    try:
        with contextlib.closing(sqlite3.connect(uri, uri=True, timeout=0.5)) as conn:
            row = conn.execute(
                "SELECT salt, memory_kib, iterations, lanes FROM keyslot ORDER BY id LIMIT 1"
            ).fetchone()
    except (sqlite3.Error, OSError):
        return None
    if row is None:
        return None
    salt, memory_kib, iterations, lanes = row
    if not isinstance(salt, bytes) or len(salt) != SALT_BYTES:
        return None
    if not all(isinstance(value, int) for value in (memory_kib, iterations, lanes)):
        return None
    return salt, KdfParams(memory_kib, iterations, lanes)


def peek_notebook_id(path: Path) -> str | None:
    """The notebook's id (32 hex digits) from its clear `meta` table, or None."""
    if not path.is_file():
        return None
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    try:
        with contextlib.closing(sqlite3.connect(uri, uri=True, timeout=0.5)) as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = 'notebook_id'").fetchone()
    except (sqlite3.Error, OSError):
        return None
    if row is None or not isinstance(row[0], str) or len(row[0]) != 32:
        return None
    return row[0]

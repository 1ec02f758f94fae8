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

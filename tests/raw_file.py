"""A notebook file opened behind fieldnotes' back, as anyone with a copy of it could."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path


def opened_raw(path: Path) -> closing[sqlite3.Connection]:
    """The file on a plain connection; the manifest's triggers call a function that exists
    only while fieldnotes has the notebook unlocked, so it is made a no-op here."""
    conn = sqlite3.connect(path)
    conn.create_function("fieldnotes_dirty", 2, lambda *_: None)
    return closing(conn)

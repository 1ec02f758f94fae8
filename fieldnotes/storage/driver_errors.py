"""A database driver's error as one line a person can act on, without SQLAlchemy.

`fieldnotes.storage.engine` wraps this for SQLAlchemy's errors; the read-only commands' store
(`fieldnotes.storage.readstore`) talks to `sqlite3` alone and uses it directly.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator

from fieldnotes.errors import FieldnotesError, NotANotebook, StorageFull


def translate_driver_error(original: object, *, operational: bool) -> FieldnotesError:
    """`operational`: the driver said the operation itself failed (SQLite's OperationalError)."""
    message = str(original).lower()
    if type(original).__module__.startswith("psycopg") and "connection" in message:
        # psycopg names the host and port, never the password; one line of it is enough.
        said = str(original).strip().splitlines()[0] if str(original).strip() else "no answer"
        return FieldnotesError(
            f"the notebook's server could not be reached ({said}); nothing was saved"
        )
    if "disk is full" in message or "database or disk is full" in message:
        return StorageFull()
    if "locked" in message or "busy" in message:
        return FieldnotesError("the notebook is busy in another process; nothing was saved")
    if "not a database" in message or "malformed" in message:
        return NotANotebook("the notebook file is damaged or is not a fieldnotes notebook")
    if operational:
        return FieldnotesError(f"the notebook could not be written: {original}")
    return FieldnotesError("the notebook could not be read or written")


@contextlib.contextmanager
def sqlite_errors() -> Iterator[None]:
    try:
        yield
    except sqlite3.Error as error:
        operational = isinstance(error, sqlite3.OperationalError)
        raise translate_driver_error(error, operational=operational) from None

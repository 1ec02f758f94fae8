"""Engine factory and the process lock. Built when called, never at import."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.pool import StaticPool

from fieldnotes.errors import FieldnotesError, NotANotebook, StorageFull
from fieldnotes.storage.lockfile import PRIVATE_FILE_MODE, ProcessLock

__all__ = [
    "PRIVATE_FILE_MODE",
    "ProcessLock",
    "create_private_file",
    "db_errors",
    "make_engine",
    "tighten_permissions",
    "translate_db_error",
]


def make_engine(url: str) -> Engine:
    """One connection for the life of the notebook: one writer, and pragmas applied once."""
    engine = create_engine(
        url,
        poolclass=StaticPool,
        connect_args={"check_same_thread": False, "timeout": 2.0},
    )

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        cursor = dbapi_connection.cursor()
        # secure_delete overwrites freed pages so deleted ciphertext (and its nonces) do not
        # linger; temp_store keeps sorter and temp tables off the disk entirely.
        for pragma in (
            "PRAGMA journal_mode=WAL",
            "PRAGMA foreign_keys=ON",
            "PRAGMA secure_delete=ON",
            "PRAGMA temp_store=MEMORY",
            "PRAGMA synchronous=FULL",
        ):
            cursor.execute(pragma)
        cursor.close()

    return engine


def create_private_file(path: Path) -> None:
    """Create an empty file readable by its owner only; fail if it exists."""
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_FILE_MODE)
    os.close(fd)


def tighten_permissions(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        candidate = Path(f"{path}{suffix}")
        with contextlib.suppress(FileNotFoundError):
            os.chmod(candidate, PRIVATE_FILE_MODE)


def translate_db_error(error: BaseException) -> FieldnotesError:
    """Turn a driver error into one line a person can act on."""
    original = error.orig if isinstance(error, DBAPIError) else error
    message = str(original).lower()
    if "disk is full" in message or "database or disk is full" in message:
        return StorageFull()
    if "locked" in message or "busy" in message:
        return FieldnotesError("the notebook is busy in another process; nothing was saved")
    if "not a database" in message or "malformed" in message:
        return NotANotebook("the notebook file is damaged or is not a fieldnotes notebook")
    if isinstance(error, OperationalError | sqlite3.OperationalError):
        return FieldnotesError(f"the notebook could not be written: {original}")
    return FieldnotesError("the notebook could not be read or written")


@contextlib.contextmanager
def db_errors() -> Iterator[None]:
    try:
        yield
    except (DBAPIError, sqlite3.Error) as error:
        raise translate_db_error(error) from None

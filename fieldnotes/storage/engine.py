"""Engine factory and the process lock. Built when called, never at import."""

from __future__ import annotations

import contextlib
import fcntl
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.pool import StaticPool

from fieldnotes.errors import FieldnotesError, NotANotebook, NotebookBusy, StorageFull

PRIVATE_FILE_MODE = 0o600


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


class ProcessLock:
    """An advisory lock beside the notebook so a second process is told, not corrupted."""

    def __init__(self, notebook_path: Path) -> None:
        self.path = Path(f"{notebook_path}.lock")
        self._notebook_path = notebook_path
        self._fd: int | None = None

    def acquire(self) -> None:
        fd = os.open(self.path, os.O_CREAT | os.O_RDWR, PRIVATE_FILE_MODE)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise NotebookBusy(self._notebook_path) from None
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


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

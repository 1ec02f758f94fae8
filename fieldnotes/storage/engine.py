"""Engine factory and the process lock. Built when called, never at import.

A notebook lives in a SQLite file; a team's notebook will live on a PostgreSQL server. What
only SQLite has (pragmas, the write-ahead log, explicit write locks, its page check) is here.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.pool import StaticPool

from fieldnotes.errors import FieldnotesError
from fieldnotes.storage.driver_errors import translate_driver_error
from fieldnotes.storage.lockfile import PRIVATE_FILE_MODE, ProcessLock

__all__ = [
    "PRIVATE_FILE_MODE",
    "ProcessLock",
    "begin_immediate",
    "checkpoint",
    "create_private_file",
    "db_errors",
    "is_sqlite",
    "make_engine",
    "shown_url",
    "sqlite_driver",
    "sqlite_url",
    "structure_ok",
    "tighten_permissions",
    "translate_db_error",
    "vacuum",
]


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def make_engine(url: str) -> Engine:
    """The engine for a notebook file (`sqlite:///PATH`) or a server (`postgresql://...`)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql":
        # psycopg 3 is the driver this project installs; a bare postgresql:// would pick
        # psycopg2. A pool that checks a connection before use survives a server restart.
        return create_engine(parsed.set(drivername="postgresql+psycopg"), pool_pre_ping=True)
    if parsed.get_backend_name() != "sqlite":
        raise FieldnotesError(
            f"a notebook is a file or a PostgreSQL server, not {parsed.drivername}"
        )
    return _sqlite_engine(url)


def _sqlite_engine(url: str) -> Engine:
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


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def shown_url(engine: Engine) -> str:
    """The engine's address as it may be shown: never with a password in it."""
    return engine.url.render_as_string(hide_password=True)


def sqlite_driver(conn: Connection) -> sqlite3.Connection:
    """The driver connection of a notebook file, for what only SQLite has (the manifest's
    function, explicit write locks, format steps)."""
    driver = conn.connection.driver_connection
    if not isinstance(driver, sqlite3.Connection):
        raise TypeError("not a SQLite notebook file")
    return driver


def checkpoint(conn: Connection) -> None:
    """Fold the write-ahead log into the file and truncate it (it holds copies of freed
    pages). A server keeps its own log: nothing to do there."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def structure_ok(conn: Connection) -> bool:
    """The file's own page-level check. A server checks its pages itself (data checksums,
    set when its cluster is made); nothing in a notebook's rows can tell us otherwise."""
    if conn.dialect.name != "sqlite":
        return conn.exec_driver_sql("SELECT 1").scalar() == 1
    return conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"


def begin_immediate(driver: sqlite3.Connection) -> None:
    """Take the file's write lock now, before reading what is about to be rewritten."""
    driver.execute("BEGIN IMMEDIATE")


def vacuum(driver: sqlite3.Connection) -> None:
    driver.execute("VACUUM")


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
    operational = isinstance(error, OperationalError | sqlite3.OperationalError)
    return translate_driver_error(original, operational=operational)


@contextlib.contextmanager
def db_errors() -> Iterator[None]:
    try:
        yield
    except (DBAPIError, sqlite3.Error) as error:
        raise translate_db_error(error) from None
    except Exception as error:
        # The note scan talks to psycopg directly on a server; its errors are its own kind.
        if type(error).__module__.startswith("psycopg"):
            raise translate_db_error(error) from None
        raise

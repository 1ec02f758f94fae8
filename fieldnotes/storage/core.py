"""What every part of the sealed store stands on: its state, its transactions, the one sealed
upsert, and the manifest that guards a notebook file's clear cells.

Every write happens inside one transaction; a crash at any point leaves the last commit.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from sqlalchemy import ColumnElement, Engine, Select, Table, column, insert, select, update
from sqlalchemy.engine import Connection, RowMapping
from sqlalchemy.exc import DBAPIError

from fieldnotes.crypto import FieldContext, FieldSealer
from fieldnotes.errors import NotebookLocked, NotFound, ReadOnlyNotebook
from fieldnotes.storage.checking import FileCheck
from fieldnotes.storage.engine import (
    begin_immediate,
    db_errors,
    is_sqlite,
    sqlite_driver,
    translate_db_error,
)
from fieldnotes.storage.formats import bucket_width
from fieldnotes.storage.manifest import (
    DIRTY_FUNCTION,
    FileState,
    Manifest,
    install_triggers,
    stored_generation,
)
from fieldnotes.storage.reads import RowReads
from fieldnotes.storage.scan import Driver, NoteScan
from fieldnotes.storage.tables import SCHEMA_VERSION

RECORD_SEEN_EVERY = 10.0
"""Seconds between updates of this machine's record of the newest state, while writing."""


def untyped_select(table: Table, names: Sequence[str]) -> Select[*tuple[Any, ...]]:
    """These columns of `table`, selected without a type: values come as the driver gives them."""
    return select(*(column(name) for name in names)).select_from(table)


@dataclass(frozen=True, slots=True)
class Upserted:
    """What the sealed upsert wrote: the row's new revision, and whether it created the row."""

    revision: int
    created: bool


class StoreCore(FileCheck, RowReads):
    """Owns the engine; seals on the way in, opens on the way out."""

    def __init__(
        self, path: Path, engine: Engine, notebook_id: bytes, schema_version: int = SCHEMA_VERSION
    ) -> None:
        self.path = path
        """The notebook file; for a server, the address it is shown by (no password)."""
        self.engine = engine
        self.notebook_id = notebook_id
        self.schema_version = schema_version
        """The format on disk: older ones are brought up to date at unlock (it needs the key)."""
        self.on_file = is_sqlite(engine)
        """A SQLite notebook file (a personal notebook, a replica, a backup image): the
        manifest guards its clear cells. A server's store has no manifest (docs/security.md)."""
        self._scan = NoteScan(engine.dialect.name)
        self._sealer: FieldSealer | None = None
        self._connection_lock = threading.RLock()
        """One connection serves every thread (notes load in a worker while the screen saves):
        its statements and transactions must not interleave."""
        self.fault_hook: Callable[[str], None] | None = None
        """Test seam: called at named points inside transactions to inject a crash."""
        self._manifest: Manifest | None = None
        """The keyed checksum of every clear cell, kept while unlocked (format 4 on)."""
        self._unverified: Manifest | None = None
        """A manifest not yet compared with the file: done before any write or report."""
        self._verify_lock = threading.Lock()
        self.check_in_full = False
        """Checksum every row at the check even if this machine checked the file as it is
        now (`fieldnotes check`)."""
        self._checked: tuple[Manifest, FileState] | None = None
        """The manifest found clean and the file as it was when it was checked: recorded at
        close if the file is still exactly so (`_record_checked`)."""
        self._missing: list[Table] = []
        """Tables of this version the file lacks, made at unlock (`SealedStore.open`)."""
        self.in_memory = False
        """An image held in memory, such as a backup being checked: its manifest is verified
        on its own connection, and this machine's record of the newest state it saw of the
        notebook is neither compared nor written (a backup is an older state by nature)."""

    # ------------------------------------------------------------------ helpers

    @property
    def sealer(self) -> FieldSealer:
        if self._sealer is None:
            raise NotebookLocked()
        return self._sealer

    @property
    def unlocked(self) -> bool:
        return self._sealer is not None

    def _fault(self, point: str) -> None:
        if self.fault_hook is not None:
            self.fault_hook(point)

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """One transaction: everything in the block commits together or not at all."""
        manifest = self._manifest
        if manifest is not None and (reason := self.read_only_reason) is not None:
            raise ReadOnlyNotebook(
                f"nothing was saved: {reason}; check it with `fieldnotes check`, and accept it "
                "with `fieldnotes check --accept` if it is as it should be"
            )
        wrote = False
        try:
            with self._connection_lock:
                try:
                    with self.engine.begin() as conn:
                        if manifest is not None:
                            manifest.begin()
                        yield conn
                        if manifest is not None and manifest.pending:
                            self._before_flush(conn)
                            manifest.flush(sqlite_driver(conn))
                            wrote = True
                finally:
                    self._transaction_ended()
        except (DBAPIError, OSError) as error:
            raise translate_db_error(error) from None
        if wrote and manifest is not None:
            from fieldnotes.paths import seen_record

            with contextlib.suppress(OSError):
                manifest.record_seen(
                    seen_record(self.notebook_id.hex()), unless_within=RECORD_SEEN_EVERY
                )

    def _transaction_ended(self) -> None:
        """Told after every write transaction, committed or rolled back, still under the
        connection's lock: a part that keeps what it read drops what the transaction wrote."""

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self._connection_lock, db_errors(), self.engine.connect() as conn:
            yield conn

    @contextmanager
    def _read_driver(self) -> Iterator[Driver]:
        """The driver's own connection, for the note scan (see `fieldnotes.storage.scan`)."""
        with self._read() as conn:
            driver = conn.connection.driver_connection
            assert driver is not None
            yield cast(Driver, driver)

    def _cells(
        self,
        table: Table,
        *order: str | ColumnElement[Any],
        where: ColumnElement[bool] | None = None,
        columns: Sequence[str] = (),
    ) -> list[RowMapping]:
        """Rows as the database holds them, without SQLAlchemy's type conversion (the columns
        are selected untyped): a garbled clear cell must damage its own row, not fail the
        whole read."""
        query = untyped_select(table, columns or [c.name for c in table.columns])
        if where is not None:
            query = query.where(where)
        query = query.order_by(*(column(by) if isinstance(by, str) else by for by in order))
        with self._read() as conn:
            return list(conn.execute(query).mappings())

    def _table_rows(
        self, table: str, order: Sequence[str], columns: Sequence[str] = ()
    ) -> Sequence[Mapping[Any, Any]]:
        from fieldnotes.storage.tables import table_named

        return self._cells(table_named(table), *order, columns=columns)

    def _seal_all(
        self, table: str, row_id: str, revision: int, values: Mapping[str, str]
    ) -> dict[str, bytes]:
        sealer = self.sealer
        return {
            column: sealer.seal(value, FieldContext(table, row_id, column, revision))
            for column, value in values.items()
        }

    def _upsert_sealed(
        self,
        conn: Connection,
        table: Table,
        row_id: str,
        sealed: Mapping[str, str],
        clear: Mapping[str, object] | None = None,
        first_time: Mapping[str, object] | None = None,
        *,
        missing: str | None = None,
        current: int | None = None,
        known_new: bool = False,
    ) -> Upserted:
        """Write a row under its next revision, every sealed field sealed afresh for it.

        The one way a sealed row is written. `first_time` holds clear values set only when the
        row is created; with `missing`, the row must exist already (`missing` is the message).
        `current` is the row's revision when the caller has just read it; `known_new` says the
        id was made just now, so there is nothing to read.
        """
        if current is None and not known_new:
            current = conn.execute(select(table.c.revision).where(table.c.id == row_id)).scalar()
        if current is None and missing is not None:
            raise NotFound(missing)
        revision = (current or 0) + 1
        values = {
            **(clear or {}),
            "revision": revision,
            **self._seal_all(table.name, row_id, revision, sealed),
        }
        if current is None:
            conn.execute(insert(table).values(id=row_id, **(first_time or {}), **values))
        else:
            conn.execute(update(table).where(table.c.id == row_id).values(**values))
        return Upserted(revision, current is None)

    # ---------------------------------------------------------------- integrity

    def _new_manifest(self, *, width: int | None = None) -> Manifest:
        """A manifest for this file, bucketing rows as its format on disk does (during an
        upgrade, the old one until the step that re-buckets it), or by `width`."""
        sealer = self.sealer
        return Manifest(
            sealer.subkey("manifest/rows"),
            sealer.subkey("manifest"),
            sealer.subkey("manifest/seen"),
            self.notebook_id,
            width=bucket_width(self.schema_version) if width is None else width,
        )

    def _install_manifest(self, driver: sqlite3.Connection) -> None:
        """Triggers on every covered table, and the manifest of the rows as they are now."""
        install_triggers(driver)
        manifest = self._new_manifest()
        manifest.rebuild(driver, generation=stored_generation(driver))
        self._use_manifest(driver, manifest)

    def _use_manifest(self, driver: sqlite3.Connection, manifest: Manifest) -> None:
        self._manifest = manifest
        self._watch_rows(manifest)
        if manifest.writable:
            driver.create_function(DIRTY_FUNCTION, 2, manifest.mark)

    def _watch_rows(self, manifest: Manifest) -> None:
        """A part that keeps its own record of written rows hooks `manifest.on_row` here."""

    def _before_flush(self, conn: Connection) -> None:
        """Runs in every write transaction that touched a row, before the manifest is
        brought up to date (so what it writes is checksummed with the rest)."""

    def _forget_watched_rows(self, driver: sqlite3.Connection) -> None:
        """The file is accepted as changed outside fieldnotes: a record of written rows kept
        by a part cannot be trusted to be complete."""

    def _check_manifest(self) -> None:
        """Compare the file with its manifest, and with what this machine saw of it last.

        Run when first needed, not at unlock: the check is SQL and HMAC over every clear cell,
        and the first screen need not wait for it (the app asks from a worker once its first
        frame is up). Every write, and every question about the result, runs it first if it
        has not run; until then nothing can have changed. A server's store has no manifest.
        """
        if not self.on_file:
            return
        manifest = self._new_manifest()
        if self.in_memory:
            manifest.writable = False  # nothing writes to an image being checked
        with self._connection_lock, db_errors(), self.engine.connect() as conn:
            self._use_manifest(sqlite_driver(conn), manifest)
            if self.in_memory:
                manifest.verify(sqlite_driver(conn))
                return
        self._unverified = manifest

    def _refuse_writes(self) -> None:
        with self._connection_lock, db_errors(), self.engine.connect() as conn:
            sqlite_driver(conn).create_function(DIRTY_FUNCTION, 2, None)

    def accept_current_state(self) -> None:
        """The person has looked and accepts the notebook as it is: checksum it afresh."""
        from fieldnotes.paths import seen_record

        if not self.on_file:
            return  # a server's store keeps no manifest: there is no checksum to renew
        self._await_verification()
        manifest = self.manifest
        record = seen_record(self.notebook_id.hex())
        seen = manifest._read_seen(record, report=False) or 0
        with self._connection_lock, db_errors(), self.engine.connect() as conn:
            driver = sqlite_driver(conn)
            try:
                begin_immediate(driver)
                # Tables added within this format that the manifest would not let be made
                # while the file did not match it: accepted now, so made now, empty.
                self._create_missing(driver)
                # Before the checksums are taken afresh, so that they cover this change too.
                self._forget_watched_rows(driver)
                self._install_manifest(driver)
                if self._manifest is not None:
                    self._manifest.raise_generation(driver, seen)
                driver.commit()
            except BaseException:
                driver.rollback()
                raise
        self._missing = []
        assert self._manifest is not None
        with contextlib.suppress(OSError):
            self._manifest.record_seen(record, force=True)

    def _create_missing(self, driver: sqlite3.Connection) -> None:
        from sqlalchemy.schema import CreateIndex, CreateTable

        dialect = self.engine.dialect
        for table in self._missing:
            driver.execute(str(CreateTable(table, if_not_exists=True).compile(dialect=dialect)))
            for index in table.indexes:
                made = CreateIndex(index, if_not_exists=True)
                driver.execute(str(made.compile(dialect=dialect)))

    @property
    def manifest(self) -> Manifest:
        if self._manifest is None:
            raise NotebookLocked()
        return self._manifest

    def _forget_manifest(self, driver: sqlite3.Connection) -> None:
        """No write can run while locked: the triggers' function is gone with the keys."""
        self._manifest = None
        driver.create_function(DIRTY_FUNCTION, 2, None)

"""The read-only commands' store: `fieldnotes search`, `list` and `show` on one `sqlite3`
connection, without SQLAlchemy.

Loading SQLAlchemy, SQLModel and the sealed store's parts is about 0.4 CPU s, as much as a
read-only command's own work on a large notebook (docs/benchmarks.md). This store reads what
those commands read (notes, the codebook, the search index; `fieldnotes.storage.reads` and
`search_reads`, the same code the sealed store runs) and makes the same checks
(`fieldnotes.storage.checking`), but only of a file it can read exactly as the sealed store
would:

- at open, a file at the current format holding every table and index this format has,
  in write-ahead-log mode, that is not a team's replica; anything else (an older format to
  upgrade, a table to add, something that is not a notebook at all) opens as a
  `SealedStore` instead, which upgrades, repairs or refuses as it always has (`open` is None);
- at unlock, a file whose manifest opens under the key and vouches for the structure the file
  has now (its schema digest). Only then are its own tables the ones `tables.py` declares, so
  the manifest's coverage is taken from them (`file_coverage`). Otherwise the store hands the
  file, and the key, to a `SealedStore` (`replaced_by`), which checks and reports it as before.

It never writes the file. Taking notes into the search index after a search is a write: the
store opens a `SealedStore` beside itself for it, with a copy of the key.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fieldnotes.crypto import DataKey, FieldSealer, Keyslot, unwrap_keyslot
from fieldnotes.crypto.kdf import EarlyDerivation
from fieldnotes.errors import NotebookLocked
from fieldnotes.storage.checking import FileCheck
from fieldnotes.storage.driver_errors import sqlite_errors
from fieldnotes.storage.formats import NOTE_INDEXES_MADE_AT_OPEN, SCHEMA_VERSION, TABLE_NAMES
from fieldnotes.storage.manifest import (
    FileState,
    Manifest,
    file_coverage,
    vouched_manifest_row,
)
from fieldnotes.storage.reads import KEYSLOT_COLUMNS, keyslot_from_cells
from fieldnotes.storage.scan import Driver, NoteScan
from fieldnotes.storage.search_reads import SearchReads

if TYPE_CHECKING:
    from fieldnotes.storage.store import SealedStore


class ReadStore(SearchReads, FileCheck):
    """One notebook file, read and checked, never written."""

    def __init__(self, path: Path, connection: sqlite3.Connection, notebook_id: bytes) -> None:
        self.path = path
        self.notebook_id = notebook_id
        self.schema_version = SCHEMA_VERSION
        self.on_file = True
        self.in_memory = False
        self.check_in_full = False
        self._connection = connection
        self._connection_lock = threading.RLock()
        self._closed = False
        self._scan = NoteScan("sqlite")
        self._sealer: FieldSealer | None = None
        self._data_key: DataKey | None = None
        self._manifest: Manifest | None = None
        self._unverified: Manifest | None = None
        self._verify_lock = threading.Lock()
        self._checked: tuple[Manifest, FileState] | None = None
        self._writer: SealedStore | None = None
        self.replaced_by: SealedStore | None = None
        """Set at unlock when the file is one only the sealed store checks as it must."""

    @classmethod
    def open(cls, path: Path) -> ReadStore | None:
        """The file at `path`, locked; None when it is one for the sealed store to open."""
        try:
            connection = sqlite3.connect(str(path), timeout=2.0, check_same_thread=False)
        except sqlite3.Error:
            return None
        try:
            notebook_id = _readable(connection)
        except sqlite3.Error:
            notebook_id = None
        if notebook_id is None:
            connection.close()
            return None
        return cls(path, connection, notebook_id)

    # ------------------------------------------------------------------ reading

    @property
    def sealer(self) -> FieldSealer:
        if self._sealer is None:
            raise NotebookLocked()
        return self._sealer

    @property
    def unlocked(self) -> bool:
        return self._sealer is not None

    @contextmanager
    def _index_driver(self) -> Iterator[sqlite3.Connection]:
        with self._connection_lock, sqlite_errors():
            yield self._connection

    def _read_driver(self) -> contextlib.AbstractContextManager[Driver]:
        return self._index_driver()

    def _table_rows(
        self, table: str, order: Sequence[str], columns: Sequence[str] = ()
    ) -> Sequence[Mapping[Any, Any]]:
        if table not in TABLE_NAMES:
            raise ValueError(f"no table {table!r}")
        listed = ", ".join(columns) if columns else "*"
        with self._index_driver() as driver:
            cursor = driver.execute(f"SELECT {listed} FROM {table} ORDER BY {', '.join(order)}")
            names = [column[0] for column in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def keyslot(self) -> Keyslot:
        """The first keyslot (see `keyslot_from_cells`)."""
        rows = self._table_rows("keyslot", ("id",), KEYSLOT_COLUMNS)
        return keyslot_from_cells(rows[0] if rows else None)

    # ------------------------------------------------------------------ unlocking

    def unlock(self, passphrase: str, early: EarlyDerivation | None = None) -> None:
        data_key = unwrap_keyslot(self.keyslot(), passphrase, self.notebook_id, early)
        sealer = FieldSealer(data_key, self.notebook_id)
        try:
            manifest = self._vouched_manifest(sealer)
        except BaseException:
            sealer.forget()
            raise
        if manifest is None:
            self._hand_over(sealer, data_key)
            return
        self._sealer, self._data_key = sealer, data_key
        self._manifest = self._unverified = manifest

    def _vouched_manifest(self, sealer: FieldSealer) -> Manifest | None:
        """The file's manifest, to be checked against its rows, when it opens under the key
        and names the structure the file has now; None otherwise (the sealed store's case)."""
        manifest_key = sealer.subkey("manifest")
        with self._index_driver() as driver:
            if vouched_manifest_row(driver, manifest_key) is None:
                return None
            covered = file_coverage(driver)
        return Manifest(
            sealer.subkey("manifest/rows"),
            manifest_key,
            sealer.subkey("manifest/seen"),
            self.notebook_id,
            covered,
        )

    def _hand_over(self, sealer: FieldSealer, data_key: DataKey) -> None:
        """Give the file to the sealed store, unlocked with the same key (no second derivation)."""
        from fieldnotes.storage.store import SealedStore

        copy = _copy_of(data_key)
        sealer.forget()
        self._close_connection()
        full = SealedStore.open(self.path)
        try:
            full.unlock_with_key(copy)
        except BaseException:
            full.close()
            raise
        self.replaced_by = full

    # ------------------------------------------------------------------ the search index

    def refresh_search_index(self, most: int | None = None) -> int:
        """Taking notes into the index is a write: the sealed store makes it."""
        writer = self._writer
        if writer is None:
            from fieldnotes.storage.store import SealedStore

            if self._data_key is None:
                raise NotebookLocked()
            writer = SealedStore.open(self.path)
            try:
                writer.unlock_with_key(_copy_of(self._data_key))
            except BaseException:
                writer.close()
                raise
            self._writer = writer
        return writer.refresh_search_index() if most is None else writer.refresh_search_index(most)

    # ------------------------------------------------------------------ the check

    @property
    def integrity_problems(self) -> tuple[str, ...]:
        """What the check found, here and by the writer beside it, if a write was made."""
        self._await_verification()
        found = list(self._manifest.problems) if self._manifest is not None else []
        if self._writer is not None:
            found += [p for p in self._writer.integrity_problems if p not in found]
        return tuple(found)

    # ------------------------------------------------------------------ closing

    def lock(self) -> None:
        self._await_verification()
        if self._manifest is not None:
            from fieldnotes.paths import seen_record

            with contextlib.suppress(OSError):
                self._manifest.record_seen(seen_record(self.notebook_id.hex()))
            self._manifest = None
        if self._sealer is not None:
            self._sealer.forget()
            self._sealer = None
        self._data_key = None
        self.checkpoint()

    def checkpoint(self) -> None:
        """As the sealed store does at lock: the write-ahead log folded into the file."""
        if self._closed:
            return  # handed over: the sealed store checkpoints the file
        with self._index_driver() as driver:
            driver.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def close(self) -> None:
        writer, self._writer = self._writer, None
        try:
            if writer is not None:
                writer.close()
        finally:
            self.lock()
            self._close_connection()
            self._record_checked()

    def _close_connection(self) -> None:
        with self._connection_lock:
            self._connection.close()
            self._closed = True


def _readable(connection: sqlite3.Connection) -> bytes | None:
    """The notebook's id, when the file is one this store reads as it is; else None."""
    connection.execute("PRAGMA temp_store=MEMORY")
    if str(connection.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
        return None
    kinds: dict[str, set[str]] = {"table": set(), "index": set()}
    for kind, name in connection.execute("SELECT type, name FROM sqlite_master"):
        kinds.setdefault(str(kind), set()).add(str(name))
    if not kinds["table"] >= TABLE_NAMES or not kinds["index"] >= NOTE_INDEXES_MADE_AT_OPEN:
        return None
    meta = {
        key: value
        for key, value in connection.execute("SELECT key, value FROM meta")
        if isinstance(key, str) and isinstance(value, str)
    }
    if meta.get("format") != "fieldnotes" or meta.get("schema_version") != str(SCHEMA_VERSION):
        return None
    if connection.execute("SELECT 1 FROM team_state LIMIT 1").fetchone() is not None:
        return None  # a team's replica: the sealed store, with its team's checks
    try:
        return bytes.fromhex(meta.get("notebook_id", ""))
    except ValueError:
        return None


def _copy_of(data_key: DataKey) -> DataKey:
    """A second copy of the key for a second store: each wipes its own at lock."""
    return DataKey(bytearray(data_key.material), data_key.key_id)


__all__ = ["ReadStore"]

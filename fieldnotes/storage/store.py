"""The sealed store: the only code that turns rows with ciphertext into plain dataclasses.

`SealedStore` is its lifecycle (create, open, unlock, upgrade, lock); the rows it reads and
writes are in `notes`, `codebook` and `records`, on the transactions of `core`. A notebook is
a SQLite file; the same store runs on a PostgreSQL server (`url=`), without the file's
manifest (docs/security.md says what that leaves).
"""

from __future__ import annotations

import contextlib
import sqlite3
import uuid
from pathlib import Path

from sqlalchemy import Engine, Table, delete, func, insert, inspect, select
from sqlalchemy.engine import Connection
from sqlalchemy.schema import CreateIndex, CreateTable
from sqlmodel import SQLModel

from fieldnotes.crypto import (
    DataKey,
    FieldSealer,
    KdfParams,
    Keyslot,
    new_data_key,
    unwrap_keyslot,
    wrap_keyslot,
)
from fieldnotes.crypto.kdf import EarlyDerivation
from fieldnotes.errors import FieldnotesError, NotANotebook
from fieldnotes.storage.codec import slot_row, utcnow
from fieldnotes.storage.engine import (
    begin_immediate,
    db_errors,
    make_engine,
    shown_url,
    sqlite_driver,
    sqlite_url,
    structure_ok,
    tighten_permissions,
    vacuum,
)
from fieldnotes.storage.exchange import ExchangeRows
from fieldnotes.storage.reads import KEYSLOT_COLUMNS, keyslot_from_cells
from fieldnotes.storage.recoding import RecodingRows
from fieldnotes.storage.records import RecordRows
from fieldnotes.storage.retention import RetentionRows
from fieldnotes.storage.search_index import SearchIndexRows
from fieldnotes.storage.tables import (
    KEYSLOT,
    MANIFEST_FORMAT,
    META,
    NOTE,
    NOTE_REVISIONS,
    OBSTACLE,
    SCHEMA_VERSION,
    SEARCH_TABLES,
)
from fieldnotes.storage.team.replica import ReplicaState


class SealedStore(
    ExchangeRows, SearchIndexRows, RecodingRows, RecordRows, RetentionRows, ReplicaState
):
    """Owns the engine; seals on the way in, opens on the way out."""

    @classmethod
    def create(
        cls, path: Path, passphrase: str, kdf: KdfParams, *, url: str | None = None
    ) -> SealedStore:
        """A new notebook in the file at `path`, or on the (empty) server at `url`."""
        engine = make_engine(url or sqlite_url(path))
        notebook_id = uuid.uuid4().bytes
        data_key = new_data_key()
        slot = wrap_keyslot(data_key, passphrase, notebook_id, kdf)
        store = cls(_shown(path, engine, url), engine, notebook_id)
        try:
            with db_errors(), engine.begin() as conn:
                if "meta" in inspect(conn).get_table_names():
                    # A file is made new by the caller; a server's database may hold one already.
                    raise FieldnotesError(
                        f"{store.path} already holds a notebook; nothing was changed"
                    )
                SQLModel.metadata.create_all(conn)
                conn.execute(
                    insert(META),
                    [
                        {"key": "format", "value": "fieldnotes"},
                        {"key": "notebook_id", "value": notebook_id.hex()},
                        {"key": "schema_version", "value": str(SCHEMA_VERSION)},
                        {"key": "created_at", "value": utcnow().isoformat()},
                    ],
                )
                conn.execute(insert(KEYSLOT), [slot_row(slot, 1)])
                store._sealer = FieldSealer(data_key, notebook_id)
                if store.on_file:
                    store._install_manifest(sqlite_driver(conn))
        except BaseException:
            engine.dispose()
            raise
        if store.on_file:
            tighten_permissions(path)
        store._manifest_seen()
        return store

    @classmethod
    def open(cls, path: Path, *, url: str | None = None) -> SealedStore:
        """The notebook in the file at `path`, or on the server at `url`; locked."""
        engine = make_engine(url or sqlite_url(path))
        shown = _shown(path, engine, url)
        try:
            notebook_id, version = _read_meta(engine, shown)
            if version < SCHEMA_VERSION and url is not None:
                raise NotANotebook(f"{shown} holds an older format, which only a file can have")
            # Tables added within a format version are created when first missing; nothing
            # existing is altered, so an older notebook opens unchanged. In a file the
            # manifest checks, they wait for the unlock (`_add_missing_tables`): created
            # now, they would change the schema the manifest vouches for.
            with db_errors(), engine.begin() as conn:
                # Format 4's step to 5 makes the search tables itself, telling the manifest
                # of them in the same breath; they are not this open's to make.
                made_by_a_step = SEARCH_TABLES if version == 4 else frozenset()
                missing = [t for t in _missing_tables(conn) if t.name not in made_by_a_step]
                if url is not None or version < MANIFEST_FORMAT or not missing:
                    SQLModel.metadata.create_all(
                        conn,
                        tables=[
                            table
                            for name, table in SQLModel.metadata.tables.items()
                            if name not in made_by_a_step
                        ],
                    )
                    missing = []
                for index in NOTE.indexes:
                    # create_all skips indexes of tables that already exist; these are additive
                    # (but for the search's, in a file: the step to 5 makes it, as older notes
                    # lack its columns, and a manifest names the structure without it).
                    if url is not None or index is not NOTE_REVISIONS:
                        index.create(conn, checkfirst=True)
        except BaseException:
            engine.dispose()
            raise
        store = cls(shown, engine, notebook_id, version)
        store._missing = missing
        return store

    def keyslot(self) -> Keyslot:
        """The first keyslot (see `keyslot_from_cells`)."""
        rows = self._cells(KEYSLOT, "id", columns=KEYSLOT_COLUMNS)
        return keyslot_from_cells(rows[0] if rows else None)

    def unlock(self, passphrase: str, early: EarlyDerivation | None = None) -> None:
        data_key = unwrap_keyslot(self.keyslot(), passphrase, self.notebook_id, early)
        self.unlock_with_key(data_key)

    def unlock_with_key(self, data_key: DataKey) -> None:
        self._sealer = FieldSealer(data_key, self.notebook_id)
        try:
            if self.schema_version < SCHEMA_VERSION and not self.in_memory:
                # An image in memory (a backup being checked) is never written: it is one of
                # the formats with this format's tables (`snapshot.image_store`).
                self._upgrade()
            if self._missing:
                self._add_missing_tables()
            if self._manifest is None:
                self._check_manifest()
        except BaseException:
            # Unopened, not half-open: the caller sees the error and the notebook stays locked.
            self.lock()
            raise

    def _upgrade(self) -> None:
        """Bring an older notebook file up to the current format, every step in one
        transaction.

        The steps are in `fieldnotes.storage.migrations`. A crash or a full disk part-way
        leaves the notebook in its old format, intact, to be upgraded at the next unlock.
        """
        from fieldnotes.storage.migrations import (
            REWRITES_EVERY_NOTE,
            STEPS,
            needs_drop_column,
            record_format,
        )

        if needs_drop_column(self.schema_version) and sqlite3.sqlite_version_info < (3, 35):
            raise FieldnotesError(
                f"{self.path} was written by an earlier fieldnotes; upgrading it needs SQLite "
                f"3.35 or later, and this Python has {sqlite3.sqlite_version}. Nothing was changed."
            )
        compact = False
        with self._connection_lock, db_errors(), self.engine.connect() as conn:
            driver = sqlite_driver(conn)
            try:
                begin_immediate(driver)
                for version in range(self.schema_version, SCHEMA_VERSION):
                    STEPS[version](self, driver)
                    compact = compact or version in REWRITES_EVERY_NOTE
                record_format(driver, SCHEMA_VERSION)
                if self._manifest is not None:
                    self._manifest.flush(driver)
                driver.commit()
            except BaseException:
                driver.rollback()
                self._forget_manifest(driver)
                raise
            if compact:
                # Re-sealing grew every row and dropping the old columns shrank it again,
                # leaving pages half empty: the file would stay near twice its size and slower
                # to read. The upgrade is already committed, so a VACUUM that fails (a full
                # disk) costs only the space.
                with contextlib.suppress(sqlite3.Error):
                    vacuum(driver)
        self.schema_version = SCHEMA_VERSION
        self._missing = []
        self._manifest_seen()

    def _add_missing_tables(self) -> None:
        """Create the tables this notebook file lacks, with the manifest's consent (see
        `Manifest.extend_schema`), in one transaction; refused, the notebook stays as it was."""
        from fieldnotes.paths import seen_record

        missing, dialect = self._missing, self.engine.dialect
        record = None if self.in_memory else seen_record(self.notebook_id.hex())

        def create() -> None:
            for table in missing:
                driver.execute(str(CreateTable(table).compile(dialect=dialect)))
                for index in table.indexes:
                    driver.execute(str(CreateIndex(index).compile(dialect=dialect)))

        with self._connection_lock, db_errors(), self.engine.connect() as conn:
            driver = sqlite_driver(conn)
            try:
                begin_immediate(driver)
                added = self._new_manifest().extend_schema(driver, create, record)
                driver.commit()
            except BaseException:
                driver.rollback()
                raise
        if added:
            self._missing = []

    def lock(self) -> None:
        self._await_verification()
        if self._manifest is not None:
            from fieldnotes.paths import seen_record

            with contextlib.suppress(OSError):
                self._manifest.record_seen(seen_record(self.notebook_id.hex()))
            with self._connection_lock, db_errors(), self.engine.connect() as conn:
                self._forget_manifest(sqlite_driver(conn))
        self._forget_state()
        if self._sealer is not None:
            self._sealer.forget()
            self._sealer = None
        self.checkpoint()

    def close(self) -> None:
        self.lock()
        self.engine.dispose()
        self._record_checked()

    def change_passphrase(self, old: str, new: str, kdf: KdfParams) -> None:
        """Re-wrap the same data key under a fresh salt in one transaction; no field changes."""
        data_key = unwrap_keyslot(self.keyslot(), old, self.notebook_id)
        slot = wrap_keyslot(data_key, new, self.notebook_id, kdf)
        with self._write() as conn:
            conn.execute(delete(KEYSLOT))
            self._fault("passphrase:after-delete")
            conn.execute(insert(KEYSLOT), [slot_row(slot, 1)])
        data_key.wipe()

    # ------------------------------------------------------------------ checks

    def integrity_ok(self) -> bool:
        with self._read() as conn:
            return structure_ok(conn)

    def counts(self) -> dict[str, int]:
        with self._read() as conn:
            notes = conn.execute(
                select(func.count()).select_from(NOTE).where(NOTE.c.trashed_at.is_(None))
            ).scalar()
            obstacles = conn.execute(select(func.count()).select_from(OBSTACLE)).scalar()
        return {"notes": int(notes or 0), "obstacles": int(obstacles or 0)}


def _missing_tables(conn: Connection) -> list[Table]:
    """The tables of this version that the database lacks, in the order they can be made."""
    present = set(inspect(conn).get_table_names())
    return [table for table in SQLModel.metadata.sorted_tables if table.name not in present]


def _shown(path: Path, engine: Engine, url: str | None) -> Path:
    """What messages name the notebook by: its file, or its server's address (no password)."""
    return path if url is None else Path(shown_url(engine))


def _read_meta(engine: Engine, shown: Path) -> tuple[bytes, int]:
    """The notebook's id and format from its clear `meta` table; refuse anything else."""
    with db_errors(), engine.connect() as conn:
        names = set(inspect(conn).get_table_names())
        if "meta" not in names or "keyslot" not in names:
            raise NotANotebook(f"{shown} is not a fieldnotes notebook")
        meta = {
            str(key): str(value) for key, value in conn.execute(select(META.c.key, META.c.value))
        }
    if meta.get("format") != "fieldnotes" or "notebook_id" not in meta:
        raise NotANotebook(f"{shown} is not a fieldnotes notebook")
    try:
        version = int(meta["schema_version"])
    except (KeyError, TypeError, ValueError):
        version = 0
    if version < 1:
        raise NotANotebook(f"{shown}: the notebook's format number is missing or damaged")
    if version > SCHEMA_VERSION:
        raise NotANotebook(
            f"{shown} was written by a newer fieldnotes (format {version}); upgrade to open it"
        )
    try:
        return bytes.fromhex(meta["notebook_id"]), version
    except (TypeError, ValueError):
        raise NotANotebook(f"{shown} has a damaged notebook id") from None


__all__ = ["SCHEMA_VERSION", "SealedStore"]

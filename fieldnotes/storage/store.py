"""The sealed store: the only code that turns rows with ciphertext into plain dataclasses.

Every write happens inside one transaction; a crash at any point leaves the last commit.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Engine, delete, func, insert, inspect, select, text, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError
from sqlmodel import SQLModel

from fieldnotes.crypto import (
    DataKey,
    FieldContext,
    FieldSealer,
    KdfParams,
    Keyslot,
    new_data_key,
    unwrap_keyslot,
    wrap_keyslot,
)
from fieldnotes.crypto.kdf import EarlyDerivation
from fieldnotes.domain.model import (
    MEMO_KINDS,
    OBSTACLE_STATUSES,
    Framework,
    Memo,
    Note,
    NoteDraft,
    Obstacle,
    ObstacleStatus,
    Principle,
    PrincipleLink,
    Stance,
)
from fieldnotes.errors import (
    DamagedError,
    DamagedKeyslot,
    FieldnotesError,
    NotANotebook,
    NotebookLocked,
    NotFound,
    ReadOnlyNotebook,
)
from fieldnotes.storage.codec import (
    FRAMEWORK_SEALED,
    MEMO_SEALED,
    NOTE_BOUND,
    NOTE_CLEAR,
    OBSTACLE_SEALED,
    PRINCIPLE_SEALED,
    ClearCells,
    as_bytes,
    document_json,
    escaped_in_json,
    new_id,
    newest_first,
    note_bound,
    note_content,
    note_from_row,
    row_bound,
    slot_row,
    stored_moment,
    utcnow,
)
from fieldnotes.storage.engine import db_errors, make_engine, tighten_permissions
from fieldnotes.storage.manifest import DIRTY_FUNCTION, Manifest, coverage
from fieldnotes.storage.tables import (
    SCHEMA_VERSION,
    DraftRow,
    ExportRow,
    FrameworkRow,
    KeyslotRow,
    LeaderRow,
    MemoNoteRow,
    MemoObstacleRow,
    MemoRow,
    MetaRow,
    NoteObstacleRow,
    NotePrincipleRow,
    NoteRow,
    ObstacleRow,
    PrincipleRow,
    SealedSettingRow,
)

T_NOTE = NoteRow.__table__
T_NOTE_PRINCIPLE = NotePrincipleRow.__table__
T_NOTE_OBSTACLE = NoteObstacleRow.__table__
T_OBSTACLE = ObstacleRow.__table__
T_MEMO = MemoRow.__table__
T_MEMO_NOTE = MemoNoteRow.__table__
T_MEMO_OBSTACLE = MemoObstacleRow.__table__
T_FRAMEWORK = FrameworkRow.__table__
T_PRINCIPLE = PrincipleRow.__table__
T_KEYSLOT = KeyslotRow.__table__
T_META = MetaRow.__table__
T_DRAFT = DraftRow.__table__
T_LEADER = LeaderRow.__table__
T_EXPORT = ExportRow.__table__
T_SETTING = SealedSettingRow.__table__
_SELECT_NOTES = f"SELECT {', '.join(NOTE_CLEAR)}, content, rowid FROM note"

_ROWID = len(NOTE_CLEAR) + 1
_PAGE_ROWS = 2_000
_SCAN_PAGE = f" WHERE rowid > ? ORDER BY rowid LIMIT {_PAGE_ROWS}"
"""A page of a scan in storage order: the rows after a rowid."""
RECORD_SEEN_EVERY = 10.0
"""Seconds between updates of this machine's record of the newest state, while writing."""
_IN_LIMIT = 5_000
"""Beyond this many ids, reading every note beats a huge IN list (SQLite caps parameters)."""


def _rowid_pages(read_page: Callable[[int], list[Any]], rowid_at: int) -> Iterator[list[Any]]:
    """Pages of up to `_PAGE_ROWS` rows in storage order; `read_page(after)` reads the rows
    whose rowid is above `after`, and each row holds its rowid at `rowid_at`."""
    after = 0
    while True:
        rows = read_page(after)
        yield rows
        if len(rows) < _PAGE_ROWS:
            return
        after = rows[-1][rowid_at]


class SealedStore:
    """Owns the engine; seals on the way in, opens on the way out."""

    def __init__(
        self, path: Path, engine: Engine, notebook_id: bytes, schema_version: int = SCHEMA_VERSION
    ) -> None:
        self.path = path
        self.engine = engine
        self.notebook_id = notebook_id
        self.schema_version = schema_version
        """The format on disk: older ones are brought up to date at unlock (it needs the key)."""
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
        self.in_memory = False
        """An image held in memory, such as a backup being checked: its manifest is verified
        on its own connection, and this machine's record of the newest state it saw of the
        notebook is neither compared nor written (a backup is an older state by nature)."""

    # ----------------------------------------------------------------- lifecycle

    @classmethod
    def create(cls, path: Path, passphrase: str, kdf: KdfParams) -> SealedStore:
        engine = make_engine(f"sqlite:///{path}")
        notebook_id = uuid.uuid4().bytes
        data_key = new_data_key()
        slot = wrap_keyslot(data_key, passphrase, notebook_id, kdf)
        with db_errors(), engine.begin() as conn:
            SQLModel.metadata.create_all(conn)
            conn.execute(
                insert(T_META),
                [
                    {"key": "format", "value": "fieldnotes"},
                    {"key": "notebook_id", "value": notebook_id.hex()},
                    {"key": "schema_version", "value": str(SCHEMA_VERSION)},
                    {"key": "created_at", "value": utcnow().isoformat()},
                ],
            )
            conn.execute(insert(T_KEYSLOT), [slot_row(slot, 1)])
            store = cls(path, engine, notebook_id)
            store._sealer = FieldSealer(data_key, notebook_id)
            store._install_manifest(_driver(conn))
        tighten_permissions(path)
        store._manifest_seen()
        return store

    @classmethod
    def open(cls, path: Path) -> SealedStore:
        engine = make_engine(f"sqlite:///{path}")
        try:
            with db_errors(), engine.connect() as conn:
                names = set(inspect(conn).get_table_names())
                if "meta" not in names or "keyslot" not in names:
                    raise NotANotebook(f"{path} is not a fieldnotes notebook")
                meta = {
                    key: value for key, value in conn.execute(select(T_META.c.key, T_META.c.value))
                }
        except Exception:
            engine.dispose()
            raise
        if meta.get("format") != "fieldnotes" or "notebook_id" not in meta:
            engine.dispose()
            raise NotANotebook(f"{path} is not a fieldnotes notebook")
        try:
            version = int(meta["schema_version"])
        except (KeyError, TypeError, ValueError):
            version = 0
        if version < 1:
            engine.dispose()
            raise NotANotebook(f"{path}: the notebook's format number is missing or damaged")
        if version > SCHEMA_VERSION:
            engine.dispose()
            raise NotANotebook(
                f"{path} was written by a newer fieldnotes (format {version}); upgrade to open it"
            )
        try:
            notebook_id = bytes.fromhex(meta["notebook_id"])
        except (TypeError, ValueError):
            engine.dispose()
            raise NotANotebook(f"{path} has a damaged notebook id") from None
        # Tables added within a format version are created when first missing; nothing existing
        # is altered, so an older notebook opens unchanged.
        with db_errors(), engine.begin() as conn:
            SQLModel.metadata.create_all(conn)
            for index in T_NOTE.indexes:
                # create_all skips indexes of tables that already exist; these are additive.
                index.create(conn, checkfirst=True)
        return cls(path, engine, notebook_id, version)

    def keyslot(self) -> Keyslot:
        """The first keyslot. A value of the wrong kind is named as damage to the keyslot; a
        wrong value of the right kind is left to unwrapping, which cannot tell a wrong
        passphrase from a tampered wrapped key (and must not)."""
        with db_errors(), self.engine.connect() as conn:
            driver = conn.connection.driver_connection
            assert driver is not None
            row = driver.execute(
                "SELECT salt, memory_kib, iterations, lanes, key_id, wrapped FROM keyslot"
                " ORDER BY id LIMIT 1"
            ).fetchone()
        if row is None:
            raise DamagedKeyslot("there is no key slot")
        salt, memory_kib, iterations, lanes, key_id, wrapped = row
        costs = {"memory_kib": memory_kib, "iterations": iterations, "lanes": lanes}
        for name, value in costs.items():
            if type(value) is not int:
                raise DamagedKeyslot(f"{name} is not a whole number")
        for name, value in (("salt", salt), ("key_id", key_id), ("wrapped", wrapped)):
            if not isinstance(value, bytes):
                raise DamagedKeyslot(f"{name} is not binary data")
        return Keyslot(
            salt=salt,
            params=KdfParams(memory_kib, iterations, lanes),
            key_id=key_id,
            wrapped=wrapped,
        )

    def unlock(self, passphrase: str, early: EarlyDerivation | None = None) -> None:
        data_key = unwrap_keyslot(self.keyslot(), passphrase, self.notebook_id, early)
        self.unlock_with_key(data_key)

    def unlock_with_key(self, data_key: DataKey) -> None:
        self._sealer = FieldSealer(data_key, self.notebook_id)
        try:
            if self.schema_version < SCHEMA_VERSION:
                self._upgrade()
            if self._manifest is None:
                self._check_manifest()
        except BaseException:
            # Unopened, not half-open: the caller sees the error and the notebook stays locked.
            self.lock()
            raise

    # ---------------------------------------------------------------- integrity

    def _new_manifest(self) -> Manifest:
        sealer = self.sealer
        return Manifest(
            sealer.subkey("manifest/rows"),
            sealer.subkey("manifest"),
            sealer.subkey("manifest/seen"),
            self.notebook_id,
        )

    def _install_manifest(self, driver: sqlite3.Connection) -> None:
        """Triggers on every covered table, and the manifest of the rows as they are now."""
        for cover in coverage():
            for event in ("insert", "delete", "update"):
                driver.execute(f"DROP TRIGGER IF EXISTS fieldnotes_rows_{cover.table}_{event}")
            for statement in cover.triggers():
                driver.execute(statement)
        manifest = self._new_manifest()
        stored = driver.execute("SELECT generation FROM manifest WHERE id = 1").fetchone()
        manifest.rebuild(driver, generation=stored[0] if stored and type(stored[0]) is int else 0)
        self._use_manifest(driver, manifest)

    def _use_manifest(self, driver: sqlite3.Connection, manifest: Manifest) -> None:
        self._manifest = manifest
        if manifest.writable:
            driver.create_function(DIRTY_FUNCTION, 2, manifest.mark)

    def _check_manifest(self) -> None:
        """Compare the file with its manifest, and with what this machine saw of it last.

        Run when first needed, not at unlock: the check is SQL and HMAC over every clear cell,
        and the first screen need not wait for it (the app asks from a worker once its first
        frame is up). Every write, and every question about the result, runs it first if it
        has not run; until then nothing can have changed.
        """
        manifest = self._new_manifest()
        if self.in_memory:
            manifest.writable = False  # nothing writes to an image being checked
        with self._connection_lock, db_errors(), self.engine.connect() as conn:
            self._use_manifest(_driver(conn), manifest)
            if self.in_memory:
                manifest.verify(_driver(conn))
                return
        self._unverified = manifest

    def _verify(self, manifest: Manifest) -> None:
        from urllib.parse import quote

        try:
            uri = f"file:{quote(str(self.path.resolve()))}?mode=ro"
            with contextlib.closing(sqlite3.connect(uri, uri=True, timeout=5.0)) as reader:
                reader.execute("BEGIN")
                manifest.verify(reader)
                reader.rollback()
            self._manifest_seen(manifest)
        except Exception as error:
            manifest.writable = False
            manifest.problems.append(
                f"the notebook's rows could not be checked ({type(error).__name__}); "
                "it opens read-only"
            )

    def _await_verification(self) -> None:
        with self._verify_lock:
            manifest = self._unverified
            if manifest is None:
                return
            # On a read-only connection of its own: reads on the shared one go on meanwhile.
            self._verify(manifest)
            self._unverified = None
            if not manifest.writable:
                with self._connection_lock, db_errors(), self.engine.connect() as conn:
                    _driver(conn).create_function(DIRTY_FUNCTION, 2, None)

    def _manifest_seen(self, manifest: Manifest | None = None) -> None:
        from fieldnotes.paths import seen_record

        manifest = manifest or self._manifest
        if manifest is None or self.in_memory:
            return
        record = seen_record(self.notebook_id.hex())
        manifest.check_seen(record)
        with contextlib.suppress(OSError):
            manifest.record_seen(record)

    @property
    def integrity_problems(self) -> tuple[str, ...]:
        """What the unlock found changed outside fieldnotes (empty when nothing was)."""
        self._await_verification()
        return tuple(self._manifest.problems) if self._manifest is not None else ()

    @property
    def read_only_reason(self) -> str | None:
        self._await_verification()
        manifest = self._manifest
        if manifest is None:
            return None
        if manifest.rolled_back:
            return "this notebook is older than the copy this machine last saw"
        if not manifest.writable:
            return "the notebook's structure was changed outside fieldnotes"
        return None

    def accept_current_state(self) -> None:
        """The person has looked and accepts the notebook as it is: checksum it afresh."""
        from fieldnotes.paths import seen_record

        self._await_verification()
        manifest = self.manifest
        record = seen_record(self.notebook_id.hex())
        seen = manifest._read_seen(record, report=False) or 0
        with self._connection_lock, db_errors(), self.engine.connect() as conn:
            driver = _driver(conn)
            try:
                driver.execute("BEGIN IMMEDIATE")
                self._install_manifest(driver)
                if self._manifest is not None:
                    self._manifest.raise_generation(driver, seen)
                driver.commit()
            except BaseException:
                driver.rollback()
                raise
        assert self._manifest is not None
        with contextlib.suppress(OSError):
            self._manifest.record_seen(record, force=True)

    @property
    def manifest(self) -> Manifest:
        if self._manifest is None:
            raise NotebookLocked()
        return self._manifest

    def _upgrade(self) -> None:
        """Bring an older notebook up to the current format, every step in one transaction.

        The steps are in `fieldnotes.storage.migrations`. A crash or a full disk part-way leaves
        the notebook in its old format, intact, to be upgraded at the next unlock.
        """
        from fieldnotes.storage.migrations import REWRITES_EVERY_NOTE, STEPS, needs_drop_column

        if needs_drop_column(self.schema_version) and sqlite3.sqlite_version_info < (3, 35):
            raise FieldnotesError(
                f"{self.path} was written by an earlier fieldnotes; upgrading it needs SQLite "
                f"3.35 or later, and this Python has {sqlite3.sqlite_version}. Nothing was changed."
            )
        compact = False
        with self._connection_lock, db_errors(), self.engine.connect() as conn:
            driver = conn.connection.driver_connection
            assert driver is not None
            try:
                driver.execute("BEGIN IMMEDIATE")
                for version in range(self.schema_version, SCHEMA_VERSION):
                    STEPS[version](self, driver)
                    compact = compact or version in REWRITES_EVERY_NOTE
                driver.execute(
                    "UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION),)
                )
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
                    driver.execute("VACUUM")
        self.schema_version = SCHEMA_VERSION
        self._manifest_seen()

    @property
    def unlocked(self) -> bool:
        return self._sealer is not None

    def lock(self) -> None:
        self._await_verification()
        if self._manifest is not None:
            from fieldnotes.paths import seen_record

            with contextlib.suppress(OSError):
                self._manifest.record_seen(seen_record(self.notebook_id.hex()))
            with self._connection_lock, db_errors(), self.engine.connect() as conn:
                self._forget_manifest(_driver(conn))
        if self._sealer is not None:
            self._sealer.forget()
            self._sealer = None
        self.checkpoint()

    def _forget_manifest(self, driver: sqlite3.Connection) -> None:
        """No write can run while locked: the triggers' function is gone with the keys."""
        self._manifest = None
        driver.create_function(DIRTY_FUNCTION, 2, None)

    def checkpoint(self) -> None:
        with db_errors(), self.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    def close(self) -> None:
        self.lock()
        self.engine.dispose()

    def change_passphrase(self, old: str, new: str, kdf: KdfParams) -> None:
        """Re-wrap the same data key under a fresh salt in one transaction; no field changes."""
        data_key = unwrap_keyslot(self.keyslot(), old, self.notebook_id)
        slot = wrap_keyslot(data_key, new, self.notebook_id, kdf)
        with self._write() as conn:
            conn.execute(delete(T_KEYSLOT))
            self._fault("passphrase:after-delete")
            conn.execute(insert(T_KEYSLOT), [slot_row(slot, 1)])
        data_key.wipe()

    # ------------------------------------------------------------------ helpers

    @property
    def sealer(self) -> FieldSealer:
        if self._sealer is None:
            raise NotebookLocked()
        return self._sealer

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
            with self._connection_lock, self.engine.begin() as conn:
                if manifest is not None:
                    manifest.begin()
                yield conn
                if manifest is not None and manifest.pending:
                    manifest.flush(_driver(conn))
                    wrote = True
        except (DBAPIError, OSError) as error:
            from fieldnotes.storage.engine import translate_db_error

            raise translate_db_error(error) from None
        if wrote and manifest is not None:
            from fieldnotes.paths import seen_record

            with contextlib.suppress(OSError):
                manifest.record_seen(
                    seen_record(self.notebook_id.hex()), unless_within=RECORD_SEEN_EVERY
                )

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self._connection_lock, db_errors(), self.engine.connect() as conn:
            yield conn

    def _seal_all(
        self, table: str, row_id: str, revision: int, values: dict[str, str]
    ) -> dict[str, bytes]:
        sealer = self.sealer
        return {
            column: sealer.seal(value, FieldContext(table, row_id, column, revision))
            for column, value in values.items()
        }

    def _open_all(
        self, table: str, row: Any, columns: Sequence[str]
    ) -> tuple[dict[str, str], tuple[str, ...]]:
        if type(row["id"]) is not str or type(row["revision"]) is not int:
            # Sealed under another id or revision than these garbled ones: none of it opens.
            return dict.fromkeys(columns, ""), tuple(columns)
        blobs = {column: as_bytes(row[column]) for column in columns}
        return self.sealer.open_row(table, row["id"], row["revision"], blobs)

    def _raw_rows(self, sql: str, params: Sequence[object] = ()) -> list[dict[str, Any]]:
        """Rows as the file holds them, without SQLAlchemy's type conversion: a garbled clear
        cell must damage its own row, not fail the whole read."""
        with self._read() as conn:
            driver = conn.connection.driver_connection
            assert driver is not None
            cursor = driver.execute(sql, list(params))
            names = [column[0] for column in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def _upsert_sealed(
        self,
        conn: Connection,
        table: Any,
        row_id: str,
        sealed: dict[str, str],
        clear: dict[str, object] | None = None,
        first_time: dict[str, object] | None = None,
    ) -> bool:
        """Write a row under its next revision, every sealed field re-sealed for it.

        `first_time` holds clear values set only when the row is created. Returns whether it was.
        """
        current = conn.execute(select(table.c.revision).where(table.c.id == row_id)).scalar()
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
        return current is None

    # --------------------------------------------------------------- frameworks

    def save_frameworks(self, frameworks: Sequence[Framework]) -> None:
        with self._write() as conn:
            for framework in frameworks:
                self._save_framework(conn, framework)

    def _save_framework(self, conn: Connection, framework: Framework) -> None:
        existing = conn.execute(
            select(T_FRAMEWORK.c.revision).where(T_FRAMEWORK.c.id == framework.id)
        ).scalar()
        position = conn.execute(select(T_FRAMEWORK.c.position)).scalars().all()
        revision = (existing or 0) + 1
        sealed = self._seal_all(
            "framework",
            framework.id,
            revision,
            {
                "name": framework.name,
                "short_name": framework.short_name,
                "description": framework.description,
                "source": framework.source,
            },
        )
        if existing is None:
            conn.execute(
                insert(T_FRAMEWORK).values(
                    id=framework.id,
                    position=max(position, default=0) + 1,
                    revision=revision,
                    **sealed,
                )
            )
        else:
            conn.execute(
                update(T_FRAMEWORK)
                .where(T_FRAMEWORK.c.id == framework.id)
                .values(revision=revision, **sealed)
            )
        kept = {p.id for p in framework.principles}
        old_ids = set(
            conn.execute(
                select(T_PRINCIPLE.c.id).where(T_PRINCIPLE.c.framework_id == framework.id)
            ).scalars()
        )
        for gone in old_ids - kept:
            conn.execute(delete(T_PRINCIPLE).where(T_PRINCIPLE.c.id == gone))
        for position_index, principle in enumerate(framework.principles):
            old_rev = conn.execute(
                select(T_PRINCIPLE.c.revision).where(T_PRINCIPLE.c.id == principle.id)
            ).scalar()
            rev = (old_rev or 0) + 1
            sealed_p = self._seal_all(
                "principle",
                principle.id,
                rev,
                {"title": principle.title, "description": principle.description},
            )
            values = {
                "framework_id": framework.id,
                "code": principle.code,
                "position": position_index,
                "revision": rev,
                **sealed_p,
            }
            if old_rev is None:
                conn.execute(insert(T_PRINCIPLE).values(id=principle.id, **values))
            else:
                conn.execute(
                    update(T_PRINCIPLE).where(T_PRINCIPLE.c.id == principle.id).values(**values)
                )

    def frameworks(self) -> list[Framework]:
        framework_rows = self._raw_rows("SELECT * FROM framework ORDER BY position, id")
        principle_rows = self._raw_rows(
            "SELECT * FROM principle ORDER BY framework_id, position, id"
        )
        by_framework: dict[str, list[Principle]] = {}
        for row in principle_rows:
            opened, _damaged = self._open_all("principle", row, PRINCIPLE_SEALED)
            by_framework.setdefault(row["framework_id"], []).append(
                Principle(
                    id=str(row["id"]),
                    framework_id=str(row["framework_id"]),
                    code=str(row["code"]),
                    title=opened["title"] or "(damaged)",
                    description=opened["description"],
                )
            )
        frameworks: list[Framework] = []
        for row in framework_rows:
            opened, _damaged = self._open_all("framework", row, FRAMEWORK_SEALED)
            frameworks.append(
                Framework(
                    id=str(row["id"]),
                    name=opened["name"] or "(damaged)",
                    short_name=opened["short_name"] or str(row["id"]),
                    description=opened["description"],
                    source=opened["source"],
                    principles=tuple(by_framework.get(row["id"], [])),
                )
            )
        return frameworks

    # -------------------------------------------------------------------- notes

    def insert_note(
        self, draft: NoteDraft, *, conn: Connection | None = None, now: datetime | None = None
    ) -> str:
        if conn is None:
            with self._write() as own:
                return self.insert_note(draft, conn=own, now=now)
        note_id = new_id()
        stamp = now or utcnow()
        occurred = (draft.occurred_at or datetime.now().replace(microsecond=0)).replace(tzinfo=None)
        bound = note_bound(draft.mode, draft.stage, occurred, stamp, stamp, None)
        sealed = self._seal_all("note", note_id, 1, note_content(draft, bound))
        conn.execute(
            insert(T_NOTE).values(
                id=note_id,
                mode=draft.mode,
                stage=draft.stage,
                occurred_at=occurred,
                created_at=stamp,
                updated_at=stamp,
                revision=1,
                **sealed,
            )
        )
        self._fault("note:after-insert")
        self._write_note_links(conn, note_id, draft)
        return note_id

    def update_note(self, note_id: str, draft: NoteDraft) -> None:
        with self._write() as conn:
            driver = _driver(conn)
            found = driver.execute(
                "SELECT revision, created_at, trashed_at FROM note WHERE id = ?", (note_id,)
            ).fetchone()
            if found is None:
                raise NotFound("that note no longer exists")
            current, created, trashed = found
            revision = int(current) + 1
            occurred = (draft.occurred_at or datetime.now().replace(microsecond=0)).replace(
                tzinfo=None
            )
            stamp = utcnow()
            bound = note_bound(draft.mode, draft.stage, occurred, created, stamp, trashed)
            sealed = self._seal_all("note", note_id, revision, note_content(draft, bound))
            conn.execute(
                update(T_NOTE)
                .where(T_NOTE.c.id == note_id)
                .values(
                    mode=draft.mode,
                    stage=draft.stage,
                    occurred_at=occurred,
                    updated_at=stamp,
                    revision=revision,
                    **sealed,
                )
            )
            self._fault("note:after-update")
            conn.execute(delete(T_NOTE_PRINCIPLE).where(T_NOTE_PRINCIPLE.c.note_id == note_id))
            conn.execute(delete(T_NOTE_OBSTACLE).where(T_NOTE_OBSTACLE.c.note_id == note_id))
            self._write_note_links(conn, note_id, draft)

    def _write_note_links(self, conn: Connection, note_id: str, draft: NoteDraft) -> None:
        seen_principles: dict[str, str] = {}
        for link in draft.principles:
            seen_principles[link.principle_id] = link.stance
        if seen_principles:
            conn.execute(
                insert(T_NOTE_PRINCIPLE),
                [
                    {"note_id": note_id, "principle_id": pid, "stance": stance}
                    for pid, stance in seen_principles.items()
                ],
            )
        obstacle_ids = list(dict.fromkeys(draft.obstacle_ids))
        if obstacle_ids:
            conn.execute(
                insert(T_NOTE_OBSTACLE),
                [{"note_id": note_id, "obstacle_id": oid} for oid in obstacle_ids],
            )

    def delete_note(self, note_id: str) -> None:
        with self._write() as conn:
            result = conn.execute(delete(T_NOTE).where(T_NOTE.c.id == note_id))
            if result.rowcount == 0:
                raise NotFound("that note no longer exists")

    def set_trashed(self, note_id: str, trashed: bool) -> None:
        """Put a live note in the trash, or take a trashed one out of it."""
        with self._write() as conn:
            driver = _driver(conn)
            row = driver.execute(
                f"{_SELECT_NOTES} WHERE id = ? AND trashed_at IS {'' if trashed else 'NOT '}NULL",
                (note_id,),
            ).fetchone()
            if row is None:
                where = "among the notes" if trashed else "in the trash"
                raise NotFound(f"that note is not {where}")
            when = utcnow() if trashed else None
            values: dict[str, object] = {"trashed_at": when}
            content = self._open_note_document(row)
            if content is not None:
                # Re-sealed with its new trash date bound in, under the next revision. A note
                # that no longer opens goes to the trash as it is, still damaged.
                content["bound"][NOTE_BOUND.index("trashed_at")] = stored_moment(when)
                revision = row[6] + 1
                values["revision"] = revision
                values["content"] = self.sealer.seal(
                    document_json(content), FieldContext("note", note_id, "content", revision)
                )
            conn.execute(update(T_NOTE).where(T_NOTE.c.id == note_id).values(**values))

    def _open_note_document(self, row: Sequence[Any]) -> dict[str, Any] | None:
        """A note's sealed document, if it opens and matches its row; else None."""
        if type(row[0]) is not str or type(row[6]) is not int:
            return None
        content = self.sealer.open_field("note", row[0], row[6], "content", as_bytes(row[8]))
        if content is None:
            return None
        try:
            document = json.loads(content)
        except ValueError:
            return None
        if not isinstance(document, dict) or document.get("bound") != row_bound(row):
            return None
        return document

    def empty_trash(self) -> int:
        """Delete every trashed note for good, with its links and any unsaved edit of it.

        secure_delete (on for every connection) overwrites the freed pages; the checkpoint
        then truncates the write-ahead log, which still held copies of them.
        """
        with self._write() as conn:
            gone = list(
                conn.execute(select(T_NOTE.c.id).where(T_NOTE.c.trashed_at.isnot(None))).scalars()
            )
            for start in range(0, len(gone), _IN_LIMIT):
                chunk = gone[start : start + _IN_LIMIT]
                # An unsaved edit of a note being deleted holds that note's text too.
                conn.execute(delete(T_DRAFT).where(T_DRAFT.c.note_id.in_(chunk)))
                conn.execute(delete(T_NOTE).where(T_NOTE.c.id.in_(chunk)))
        self.checkpoint()
        return len(gone)

    def note_ids(self) -> list[str]:
        """The ids of the live notes (not those in the trash)."""
        with self._read() as conn:
            return list(
                conn.execute(select(T_NOTE.c.id).where(T_NOTE.c.trashed_at.is_(None))).scalars()
            )

    def note_counts(self) -> tuple[int, int]:
        """(notes, jottings) from clear columns, without opening anything; the trash left out."""
        with self._read() as conn:
            total, jottings = conn.execute(
                select(func.count(), func.count().filter(T_NOTE.c.stage == "jotting")).where(
                    T_NOTE.c.trashed_at.is_(None)
                )
            ).one()
        return int(total), int(jottings)

    def load_notes(
        self,
        note_ids: Iterable[str] | None = None,
        *,
        newest: int | None = None,
        containing: Sequence[str] = (),
        trashed: bool | None = False,
    ) -> list[Note]:
        """Notes newest first: all of them, the given ids, or the `newest` few.

        Live notes only by default; `trashed=True` gives the trash, `None` both.

        With `containing` (casefolded words), only notes whose sealed text may hold every word
        are built; the rest are opened, looked at and dropped. It can let through a note that
        does not match (check exactly afterwards), never drop one that does.

        Rows come back as plain tuples and only the notes kept have their links read: this is
        the cost of unlocking or searching a large notebook, so it stays lean.
        """
        wanted = list(note_ids) if note_ids is not None else None
        if wanted is not None and len(wanted) > _IN_LIMIT:
            keep = set(wanted)
            everything = self.load_notes(containing=containing, trashed=trashed)
            return [note for note in everything if note.id in keep]
        # JSON escapes a quote mark, a backslash or a control character, so a word holding
        # one may not appear as typed in the sealed document: then every note is let through.
        words = [] if any(escaped_in_json(word) for word in containing) else list(containing)
        if wanted is not None:
            marks = ", ".join("?" * len(wanted))
            rows = self._read_rows(f" WHERE id IN ({marks})", wanted)
            notes = self._open_rows(rows, words, trashed)
            notes.sort(key=newest_first, reverse=True)
            return notes
        if newest is not None:
            live = {
                None: "",
                True: " WHERE trashed_at IS NOT NULL",
                False: " WHERE trashed_at IS NULL",
            }
            order = f"{live[trashed]} ORDER BY occurred_at DESC, id DESC LIMIT {int(newest)}"
            return self._open_rows(self._read_rows(order, []), words, trashed)
        # Every note, a page at a time in storage order (a scan, cheaper than walking the date
        # index), sorted once at the end. The connection is held only while a page is read (a
        # save waits milliseconds, not the whole load), and only one page of ciphertext is in
        # memory at once. A note saved meanwhile is put right by the notebook's refresh.
        notes: list[Note] = []
        for rows in _rowid_pages(lambda after: self._read_rows(_SCAN_PAGE, [after]), _ROWID):
            notes += self._open_rows(rows, words, trashed)
        notes.sort(key=newest_first, reverse=True)
        return notes

    def _read_rows(self, tail: str, params: Sequence[object]) -> list[Any]:
        """Note rows as plain tuples, read under the connection lock.

        Plain SQL on the driver's cursor: SQLAlchemy's rows and date processing cost more than
        the decryption on a large notebook. Dates stay text until a note is built.
        """
        with self._read() as conn:
            driver = conn.connection.driver_connection
            assert driver is not None
            return driver.execute(_SELECT_NOTES + tail, list(params)).fetchall()

    def _read_links(
        self, note_ids: Sequence[str]
    ) -> tuple[dict[str, list[PrincipleLink]], dict[str, list[str]]]:
        """The principle and obstacle links of these notes, in two queries."""
        principle_links: dict[str, list[PrincipleLink]] = {}
        obstacle_links: dict[str, list[str]] = {}
        if not note_ids:
            return principle_links, obstacle_links
        among = f" WHERE note_id IN ({', '.join('?' * len(note_ids))})"
        with self._read() as conn:
            driver = conn.connection.driver_connection
            assert driver is not None
            for note_id, principle_id, stance in driver.execute(
                "SELECT note_id, principle_id, stance FROM note_principle" + among, note_ids
            ).fetchall():
                principle_links.setdefault(note_id, []).append(
                    PrincipleLink(principle_id, cast(Stance, stance))
                )
            for note_id, obstacle_id in driver.execute(
                "SELECT note_id, obstacle_id FROM note_obstacle" + among, note_ids
            ).fetchall():
                obstacle_links.setdefault(note_id, []).append(obstacle_id)
        return principle_links, obstacle_links

    def _open_rows(
        self, rows: Sequence[Any], words: Sequence[str], trashed: bool | None = False
    ) -> list[Note]:
        """Open a page of rows (outside the connection lock) into notes, keeping those that
        may hold every word (and are in the trash, or not, as `trashed` asks)."""
        sealer = self.sealer
        kept: list[tuple[Any, str | None]] = []
        for row in rows:
            if trashed is not None and (row[7] is not None) is not trashed:
                continue
            if type(row[0]) is not str or type(row[6]) is not int:
                # Sealed under another id or revision than these garbled ones.
                kept.append((row, None))
                continue
            content = sealer.open_field("note", row[0], row[6], "content", as_bytes(row[8]))
            if words and content is not None:
                folded = content.casefold()
                if not all(word in folded for word in words):
                    continue
            kept.append((row, content))
        principle_links, obstacle_links = self._read_links([row[0] for row, _ in kept])
        no_principles: list[PrincipleLink] = []
        no_obstacles: list[str] = []
        return [
            note_from_row(
                row,
                content,
                principle_links.get(row[0], no_principles),
                obstacle_links.get(row[0], no_obstacles),
            )
            for row, content in kept
        ]

    def link_notes(
        self,
        note_ids: Sequence[str],
        *,
        obstacle_id: str | None = None,
        principle: PrincipleLink | None = None,
        remove: bool = False,
    ) -> None:
        """Tag (or untag) many notes at once, in one transaction."""
        with self._write() as conn:
            for note_id in note_ids:
                if obstacle_id is not None:
                    conn.execute(
                        delete(T_NOTE_OBSTACLE).where(
                            (T_NOTE_OBSTACLE.c.note_id == note_id)
                            & (T_NOTE_OBSTACLE.c.obstacle_id == obstacle_id)
                        )
                    )
                    if not remove:
                        conn.execute(
                            insert(T_NOTE_OBSTACLE).values(note_id=note_id, obstacle_id=obstacle_id)
                        )
                if principle is not None:
                    conn.execute(
                        delete(T_NOTE_PRINCIPLE).where(
                            (T_NOTE_PRINCIPLE.c.note_id == note_id)
                            & (T_NOTE_PRINCIPLE.c.principle_id == principle.principle_id)
                        )
                    )
                    if not remove:
                        conn.execute(
                            insert(T_NOTE_PRINCIPLE).values(
                                note_id=note_id,
                                principle_id=principle.principle_id,
                                stance=principle.stance,
                            )
                        )

    def source_digest(self, fingerprint: str) -> str:
        """The keyed form of an imported file's fingerprint, as its note keeps it (sealed)."""
        return self.sealer.digest("import-source", fingerprint.encode("ascii"))

    def import_notes(self, drafts: Sequence[NoteDraft]) -> list[str]:
        """All or nothing: one transaction for the whole run."""
        with self._write() as conn:
            return [self.insert_note(draft, conn=conn) for draft in drafts]

    # ---------------------------------------------------------------- obstacles

    def obstacles(self) -> list[Obstacle]:
        rows = self._raw_rows("SELECT * FROM obstacle ORDER BY position, id")
        result: list[Obstacle] = []
        for row in rows:
            opened, damaged = self._open_all("obstacle", row, OBSTACLE_SEALED)
            clear = ClearCells()
            result.append(
                Obstacle(
                    id=str(row["id"]),
                    name=opened["name"] or "(damaged obstacle)",
                    parent_id=clear.optional_text("parent_id", row["parent_id"]),
                    description=opened["description"],
                    status=clear.choice("status", row["status"], OBSTACLE_STATUSES),
                    ask=opened["ask"],
                    decision=opened["decision"],
                    reobserve_on=clear.day("reobserve_on", row["reobserve_on"]),
                    position=clear.integer("position", row["position"]),
                    created_at=clear.moment("created_at", row["created_at"]),
                    updated_at=clear.moment("updated_at", row["updated_at"]),
                    revision=clear.integer("revision", row["revision"]),
                    damaged_fields=(*clear.damaged, *damaged),
                )
            )
        return result

    def insert_obstacle(
        self,
        *,
        name: str,
        parent_id: str | None,
        description: str = "",
        status: ObstacleStatus = "emerging",
        ask: str = "",
        conn: Connection | None = None,
    ) -> str:
        if conn is None:
            with self._write() as own:
                return self.insert_obstacle(
                    name=name,
                    parent_id=parent_id,
                    description=description,
                    status=status,
                    ask=ask,
                    conn=own,
                )
        obstacle_id = new_id()
        stamp = utcnow()
        position = conn.execute(select(T_OBSTACLE.c.position)).scalars().all()
        sealed = self._seal_all(
            "obstacle",
            obstacle_id,
            1,
            {"name": name, "description": description, "ask": ask, "decision": ""},
        )
        conn.execute(
            insert(T_OBSTACLE).values(
                id=obstacle_id,
                parent_id=parent_id,
                position=max(position, default=0) + 1,
                status=status,
                reobserve_on=None,
                created_at=stamp,
                updated_at=stamp,
                revision=1,
                **sealed,
            )
        )
        return obstacle_id

    def write_obstacle(self, obstacle: Obstacle, *, conn: Connection | None = None) -> None:
        """Write every field of an obstacle under a new revision (all sealed fields re-sealed)."""
        if conn is None:
            with self._write() as own:
                self.write_obstacle(obstacle, conn=own)
                return
        current = conn.execute(
            select(T_OBSTACLE.c.revision).where(T_OBSTACLE.c.id == obstacle.id)
        ).scalar()
        if current is None:
            raise NotFound("that obstacle no longer exists")
        revision = current + 1
        sealed = self._seal_all(
            "obstacle",
            obstacle.id,
            revision,
            {
                "name": obstacle.name,
                "description": obstacle.description,
                "ask": obstacle.ask,
                "decision": obstacle.decision,
            },
        )
        conn.execute(
            update(T_OBSTACLE)
            .where(T_OBSTACLE.c.id == obstacle.id)
            .values(
                parent_id=obstacle.parent_id,
                status=obstacle.status,
                reobserve_on=obstacle.reobserve_on,
                updated_at=utcnow(),
                revision=revision,
                **sealed,
            )
        )

    def merge_obstacles(self, source: Obstacle, target: Obstacle) -> None:
        """Carry every note link, memo link and child over, then remove the source."""
        with self._write() as conn:
            for table in (T_NOTE_OBSTACLE, T_MEMO_OBSTACLE):
                key = table.c.memo_id if table is T_MEMO_OBSTACLE else table.c.note_id
                carried = set(
                    conn.execute(select(key).where(table.c.obstacle_id == source.id)).scalars()
                )
                already = set(
                    conn.execute(select(key).where(table.c.obstacle_id == target.id)).scalars()
                )
                conn.execute(delete(table).where(table.c.obstacle_id == source.id))
                fresh = carried - already
                if fresh:
                    conn.execute(
                        insert(table),
                        [{key.name: item, "obstacle_id": target.id} for item in sorted(fresh)],
                    )
            self._fault("merge:after-links")
            conn.execute(
                update(T_OBSTACLE)
                .where(T_OBSTACLE.c.parent_id == source.id)
                .values(parent_id=target.id)
            )
            self.write_obstacle(target, conn=conn)
            conn.execute(delete(T_OBSTACLE).where(T_OBSTACLE.c.id == source.id))

    def delete_obstacle(self, obstacle_id: str) -> None:
        with self._write() as conn:
            conn.execute(
                update(T_OBSTACLE)
                .where(T_OBSTACLE.c.parent_id == obstacle_id)
                .values(
                    parent_id=conn.execute(
                        select(T_OBSTACLE.c.parent_id).where(T_OBSTACLE.c.id == obstacle_id)
                    ).scalar()
                )
            )
            result = conn.execute(delete(T_OBSTACLE).where(T_OBSTACLE.c.id == obstacle_id))
            if result.rowcount == 0:
                raise NotFound("that obstacle no longer exists")

    def import_codebook(self, entries: Sequence[Any], parent_id: str | None = None) -> list[str]:
        with self._write() as conn:
            return self._insert_entries(conn, entries, parent_id)

    def _insert_entries(
        self, conn: Connection, entries: Sequence[Any], parent_id: str | None
    ) -> list[str]:
        created: list[str] = []
        for entry in entries:
            obstacle_id = self.insert_obstacle(
                name=entry.name,
                parent_id=parent_id,
                description=entry.description,
                status=entry.status,
                ask=entry.ask,
                conn=conn,
            )
            created.append(obstacle_id)
            created += self._insert_entries(conn, entry.children, obstacle_id)
        return created

    # -------------------------------------------------------------------- memos

    def memos(self) -> list[Memo]:
        rows = self._raw_rows("SELECT * FROM memo ORDER BY created_at, id")
        with self._read() as conn:
            note_links: dict[str, list[str]] = {}
            obstacle_links: dict[str, list[str]] = {}
            for link in conn.execute(select(T_MEMO_NOTE)).mappings():
                note_links.setdefault(link["memo_id"], []).append(link["note_id"])
            for link in conn.execute(select(T_MEMO_OBSTACLE)).mappings():
                obstacle_links.setdefault(link["memo_id"], []).append(link["obstacle_id"])
        result: list[Memo] = []
        for row in rows:
            opened, damaged = self._open_all("memo", row, MEMO_SEALED)
            clear = ClearCells()
            result.append(
                Memo(
                    id=str(row["id"]),
                    kind=clear.choice("kind", row["kind"], MEMO_KINDS),
                    title=opened["title"],
                    body=opened["body"],
                    note_ids=sorted(note_links.get(row["id"], [])),
                    obstacle_ids=sorted(obstacle_links.get(row["id"], [])),
                    created_at=clear.moment("created_at", row["created_at"]),
                    updated_at=clear.moment("updated_at", row["updated_at"]),
                    revision=clear.integer("revision", row["revision"]),
                    damaged_fields=(*clear.damaged, *damaged),
                )
            )
        return result

    def save_memo(self, memo: Memo) -> str:
        with self._write() as conn:
            stamp = utcnow()
            self._upsert_sealed(
                conn,
                T_MEMO,
                memo.id,
                {"title": memo.title, "body": memo.body},
                clear={"kind": memo.kind, "updated_at": stamp},
                first_time={"created_at": stamp},
            )
            conn.execute(delete(T_MEMO_NOTE).where(T_MEMO_NOTE.c.memo_id == memo.id))
            conn.execute(delete(T_MEMO_OBSTACLE).where(T_MEMO_OBSTACLE.c.memo_id == memo.id))
            if memo.note_ids:
                conn.execute(
                    insert(T_MEMO_NOTE),
                    [{"memo_id": memo.id, "note_id": n} for n in dict.fromkeys(memo.note_ids)],
                )
            if memo.obstacle_ids:
                conn.execute(
                    insert(T_MEMO_OBSTACLE),
                    [
                        {"memo_id": memo.id, "obstacle_id": o}
                        for o in dict.fromkeys(memo.obstacle_ids)
                    ],
                )
        return memo.id

    def delete_memo(self, memo_id: str) -> None:
        with self._write() as conn:
            conn.execute(delete(T_MEMO).where(T_MEMO.c.id == memo_id))

    # ------------------------------------------------------------------- drafts

    def save_draft(self, draft_id: str, note_id: str | None, payload: dict[str, Any]) -> None:
        with self._write() as conn:
            self._upsert_sealed(
                conn,
                T_DRAFT,
                draft_id,
                {"payload": json.dumps(payload, ensure_ascii=False)},
                clear={"note_id": note_id, "updated_at": utcnow()},
            )

    def drafts(self) -> list[tuple[str, str | None, datetime, dict[str, Any]]]:
        rows = self._raw_rows("SELECT * FROM draft ORDER BY updated_at, id")
        result = []
        for row in rows:
            opened, damaged = self._open_all("draft", row, ("payload",))
            clear = ClearCells()
            when = clear.moment("updated_at", row["updated_at"])
            note_id = clear.optional_text("note_id", row["note_id"])
            if damaged or clear.damaged:
                continue
            try:
                payload = json.loads(opened["payload"])
            except ValueError:
                continue
            if isinstance(payload, dict):
                result.append((row["id"], note_id, when, payload))
        return result

    def discard_draft(self, draft_id: str) -> None:
        with self._write() as conn:
            conn.execute(delete(T_DRAFT).where(T_DRAFT.c.id == draft_id))

    # ------------------------------------------- leaders, export log, settings

    def leaders(self) -> list[tuple[str, str | None, str | None]]:
        """(id, label, recipient) for each leader in the address book; label and recipient are
        None for a damaged entry, which is listed, never dropped."""
        rows = self._raw_rows(
            "SELECT id, revision, label, recipient FROM leader ORDER BY created_at, id"
        )
        result: list[tuple[str, str | None, str | None]] = []
        for row in rows:
            opened, damaged = self._open_all("leader", row, ("label", "recipient"))
            if damaged:
                result.append((str(row["id"]), None, None))
            else:
                result.append((row["id"], opened["label"], opened["recipient"]))
        return result

    def save_leader(self, leader_id: str, label: str, recipient: str) -> None:
        with self._write() as conn:
            self._upsert_sealed(
                conn,
                T_LEADER,
                leader_id,
                {"label": label, "recipient": recipient},
                first_time={"created_at": utcnow()},
            )

    def delete_leader(self, leader_id: str) -> None:
        with self._write() as conn:
            conn.execute(delete(T_LEADER).where(T_LEADER.c.id == leader_id))

    def log_export(self, payload: dict[str, Any]) -> str:
        export_id = new_id()
        with self._write() as conn:
            sealed = self._seal_all(
                "export_log", export_id, 1, {"payload": json.dumps(payload, ensure_ascii=False)}
            )
            conn.execute(
                insert(T_EXPORT).values(id=export_id, created_at=utcnow(), revision=1, **sealed)
            )
        return export_id

    def update_export(self, export_id: str, payload: dict[str, Any]) -> None:
        with self._write() as conn:
            self._upsert_sealed(
                conn, T_EXPORT, export_id, {"payload": json.dumps(payload, ensure_ascii=False)}
            )

    def delete_export(self, export_id: str) -> None:
        with self._write() as conn:
            conn.execute(delete(T_EXPORT).where(T_EXPORT.c.id == export_id))

    def exports(self) -> list[tuple[str, datetime, dict[str, Any] | None]]:
        """(id, when, payload) newest first; a damaged entry has payload None."""
        rows = self._raw_rows("SELECT * FROM export_log ORDER BY created_at DESC, id")
        result: list[tuple[str, datetime, dict[str, Any] | None]] = []
        for row in rows:
            opened, damaged = self._open_all("export_log", row, ("payload",))
            clear = ClearCells()
            when = clear.moment("created_at", row["created_at"])
            payload: dict[str, Any] | None = None
            if not damaged and not clear.damaged:
                try:
                    payload = json.loads(opened["payload"])
                except ValueError:
                    payload = None
                if not isinstance(payload, dict):
                    payload = None
            result.append((str(row["id"]), when, payload))
        return result

    def setting(self, key: str) -> str | None:
        """A sealed setting, or None if it was never set. Raises DamagedError if it is damaged:
        a damaged list of protected names must never read as an empty one."""
        rows = self._raw_rows("SELECT id, revision, value FROM sealed_setting WHERE id = ?", [key])
        if not rows:
            return None
        opened, damaged = self._open_all("sealed_setting", rows[0], ("value",))
        if damaged:
            raise DamagedError(f"the sealed setting {key!r} is damaged")
        return opened["value"]

    def set_setting(self, key: str, value: str) -> None:
        with self._write() as conn:
            self._upsert_sealed(conn, T_SETTING, key, {"value": value})

    # ------------------------------------------------------------------ checks

    def integrity_ok(self) -> bool:
        with self._read() as conn:
            return conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"

    def counts(self) -> dict[str, int]:
        with self._read() as conn:
            return {
                "notes": conn.execute(select(T_NOTE.c.id).where(T_NOTE.c.trashed_at.is_(None)))
                .all()
                .__len__(),
                "obstacles": conn.execute(select(T_OBSTACLE.c.id)).all().__len__(),
            }


def _driver(conn: Connection) -> sqlite3.Connection:
    driver = conn.connection.driver_connection
    assert driver is not None
    return cast(sqlite3.Connection, driver)


__all__ = ["SCHEMA_VERSION", "SealedStore", "date", "new_id"]

"""Whole-notebook images for backups: taken with SQLite's online backup API, held in memory.

An image is the bytes of a notebook file: everything a person typed in it is still sealed
field by field. It is never written anywhere by this module; the backup wraps it in age before
anything reaches a disk, and a restore writes it as a notebook file of its own.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import create_engine
from sqlalchemy.pool import StaticPool

from fieldnotes.errors import FieldnotesError, NotANotebook
from fieldnotes.storage.formats import SAME_TABLES_SINCE
from fieldnotes.storage.store import SCHEMA_VERSION, SealedStore

__all__ = ["SQLITE_MAGIC", "ImageFacts", "image_facts", "image_store", "snapshot_file"]

SQLITE_MAGIC = b"SQLite format 3\x00"
_WAL_VERSION_BYTES = slice(18, 20)
"""The file format write and read versions: 2 means WAL, 1 the rollback journal."""


@dataclass(frozen=True, slots=True)
class ImageFacts:
    """What an image says about itself without any key: read from its clear columns."""

    notebook_id: str
    schema_version: int
    counts: dict[str, int]
    """Rows per table, by table name."""


def snapshot_file(path: Path) -> bytes:
    """A consistent image of the notebook at `path`, taken while another process may use it.

    The online backup reads every page inside one read transaction, so a write committed by
    the app part-way is either wholly in the image or wholly out of it. The copy goes to an
    in-memory database; no temporary file is made (`temp_store=MEMORY` on both ends).
    """
    path = Path(path)
    if not path.is_file():
        raise NotANotebook(f"no notebook at {path}")
    # Read-only, so this can never change the notebook; the app's process lock is not taken,
    # so a backup runs while the app has the notebook open.
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    try:
        with _closing(sqlite3.connect(uri, uri=True, timeout=5.0)) as source:
            source.execute("PRAGMA temp_store=MEMORY")
            with _closing(sqlite3.connect(":memory:")) as memory:
                memory.execute("PRAGMA temp_store=MEMORY")
                source.backup(memory)
                image = bytearray(memory.serialize())
    except sqlite3.Error as error:
        raise _sqlite_error(path, error) from None
    if not image.startswith(SQLITE_MAGIC):
        raise NotANotebook(f"{path} is not a fieldnotes notebook")
    # The notebook runs in WAL mode; an image marked so cannot be opened from memory (no
    # shared-memory index there). Marking it rollback-journal is what `journal_mode=DELETE`
    # would write; a restored notebook switches back to WAL when it is first opened.
    image[_WAL_VERSION_BYTES] = b"\x01\x01"
    return bytes(image)


def image_facts(image: bytes) -> ImageFacts:
    """Check an image read-only in memory: SQLite's integrity check, the notebook's meta rows,
    and a row count for every table. Any problem is a `NotANotebook` with one line."""
    with _open_image(image) as conn:
        result = conn.execute("PRAGMA integrity_check").fetchall()
        if [tuple(row) for row in result] != [("ok",)]:
            raise NotANotebook("the notebook inside the backup fails SQLite's integrity check")
        meta = _meta(conn)
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        counts = {
            name: int(conn.execute(f"SELECT count(*) FROM {_quoted(name)}").fetchone()[0])
            for name in tables
        }
    notebook_id = meta.get("notebook_id", "")
    try:
        version = int(meta.get("schema_version", "0"))
        bytes.fromhex(notebook_id)
    except ValueError:
        raise NotANotebook("the notebook inside the backup has a damaged id or format") from None
    if "keyslot" not in counts or counts["keyslot"] < 1:
        raise NotANotebook("the notebook inside the backup has no key slot")
    return ImageFacts(notebook_id, version, counts)


@contextlib.contextmanager
def image_store(image: bytes) -> Iterator[SealedStore]:
    """The image as a store, in memory and read-only, to unlock and open every note.

    Only for a format whose tables are the current ones (`SAME_TABLES_SINCE`), checked as
    that format buckets its manifest: an older one would need upgrading, which writes.
    """
    facts = image_facts(image)
    if not SAME_TABLES_SINCE <= facts.schema_version <= SCHEMA_VERSION:
        raise NotANotebook(
            f"the notebook inside the backup is format {facts.schema_version}; restore it and "
            "open it to check its notes"
        )
    conn = _deserialize(image)
    engine = create_engine(
        "sqlite://",
        creator=lambda: conn,
        poolclass=StaticPool,
    )
    notebook_id = bytes.fromhex(facts.notebook_id)
    store = SealedStore(Path("backup"), engine, notebook_id, facts.schema_version)
    store.in_memory = True
    try:
        yield store
    finally:
        with contextlib.suppress(FieldnotesError):
            store.lock()
        engine.dispose()
        conn.close()


@contextlib.contextmanager
def _open_image(image: bytes) -> Iterator[sqlite3.Connection]:
    conn = _deserialize(image)
    try:
        yield conn
    except sqlite3.Error:
        raise NotANotebook("the file inside the backup is not a readable notebook") from None
    finally:
        conn.close()


def _deserialize(image: bytes) -> sqlite3.Connection:
    if not isinstance(image, bytes) or not image.startswith(SQLITE_MAGIC):
        raise NotANotebook("the file inside the backup is not a notebook")
    conn = sqlite3.connect(":memory:", check_same_thread=False)
    try:
        conn.deserialize(image)
        # Nothing checks, counts or unlocks by writing; refuse it outright.
        conn.execute("PRAGMA query_only=ON")
        conn.execute("PRAGMA temp_store=MEMORY")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error:
        conn.close()
        raise NotANotebook("the file inside the backup is not a readable notebook") from None
    return conn


def _meta(conn: sqlite3.Connection) -> dict[str, str]:
    try:
        rows = conn.execute("SELECT key, value FROM meta").fetchall()
    except sqlite3.Error:
        raise NotANotebook("the file inside the backup is not a fieldnotes notebook") from None
    meta = {str(key): str(value) for key, value in rows}
    if meta.get("format") != "fieldnotes" or "notebook_id" not in meta:
        raise NotANotebook("the file inside the backup is not a fieldnotes notebook")
    return meta


def _quoted(name: str) -> str:
    # Table names come from the image itself: quoted as identifiers, never pasted in raw.
    return '"' + name.replace('"', '""') + '"'


@contextlib.contextmanager
def _closing(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    try:
        yield conn
    finally:
        conn.close()


def _sqlite_error(path: Path, error: sqlite3.Error) -> FieldnotesError:
    message = str(error).lower()
    if "not a database" in message or "malformed" in message:
        return NotANotebook(f"{path} is damaged or is not a fieldnotes notebook")
    if "locked" in message or "busy" in message:
        return FieldnotesError(f"{path} stayed busy for too long; try the backup again")
    return FieldnotesError(f"{path} could not be read for a backup: {error}")

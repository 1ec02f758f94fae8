"""The manifest: a keyed checksum over every clear cell of every row, kept by every write.

Sealed fields are authenticated by AES-GCM, bound to their row and revision. What is clear
(ids, dates, modes, statuses, positions, links) and which rows exist at all is covered here:

- Every table but the keyslot is covered, every column of it that is not sealed. Nothing
  lists them: a column added to `tables.py` is covered by being there.
- Rows are grouped in buckets by the first four characters of their key (a note's id, or the
  note id of a link; two before format 6, `formats.bucket_width`). A bucket's checksum is
  HMAC-SHA256, under a subkey of the data key, over its rows in key order, each row encoded by
  SQLite's own `quote()`. The manifest holds the sum of the bucket checksums (mod 2^256), the
  schema's digest and a write generation, under one more HMAC. The bucket rows themselves are
  not authenticated one by one (their sum is) and are read only where a write touches them.
- Triggers note which buckets a write touches (cascades included), by calling a function
  that exists only while the notebook is unlocked; before the write commits, those buckets
  are checksummed again and the manifest rewritten in the same transaction. At 100,000 notes
  a bucket of a note-keyed table holds one or two rows: a write re-reads about what it wrote.
- At unlock every bucket is checksummed once (plain SQL, nothing decrypted) and the sum
  compared; a difference is reported by table, never hidden. A bucket found changed is not
  checksummed again by later writes, so the report stays until the person accepts the state.
- Outside the file, in the user's state directory, this machine keeps the highest generation
  it has seen of each notebook (MACed): an older file is reported as rolled back.
- Beside it, after a check that found nothing and a session that wrote nothing, the file's
  identity and times as they were (`file_state`, MACed with the generation). A file that is
  still exactly so was not written since, and its manifest is taken as checked without
  checksumming every row again or reading a bucket row (`adopt_checked`); anything else is
  checked in full.
- A file re-bucketed by a format step is checked at its old width first, and what that check
  found is carried into the new buckets (`rebucket`): never laundered by the new checksums.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import Any

from fieldnotes.crypto.integrity import keyed_mac, mac, mac_matches
from fieldnotes.storage.formats import BUCKET_WIDTH

UNCOVERED = frozenset({"keyslot", "manifest", "manifest_bucket"})
"""The keyslot authenticates itself (a changed byte unwraps nothing); the manifest is the
checksum."""
DIRTY_FUNCTION = "fieldnotes_dirty"
STRUCTURE_CHANGED = (
    "the notebook's structure (tables or triggers) was changed outside fieldnotes; "
    "it opens read-only"
)
_MODULUS = 1 << 256
_LAST = "\U0010ffff"
RACY_NANOSECONDS = 2_000_000_000
"""A file changed this recently is not recorded as checked: on a file system with coarse
times, a change within the same tick could leave its times as they were (git's "racy clean")."""

FileState = tuple[int, int, int, int, int]
"""A notebook file's device, inode, size, and modification and status-change times (ns)."""


def file_state(path: Path) -> FileState | None:
    """The file as the file system tells it, or None while its write-ahead log holds
    anything (a write not yet folded into the file) or when it cannot be told.

    Any write to the file moves its status-change time, which no ordinary program can set
    back; a copy put in its place is another inode or another time.
    """
    try:
        db = os.stat(path)
    except OSError:
        return None
    try:
        wal: os.stat_result | None = os.stat(f"{path}-wal")
    except FileNotFoundError:
        wal = None
    except OSError:
        return None
    if wal is not None and wal.st_size:
        return None
    return (db.st_dev, db.st_ino, db.st_size, db.st_mtime_ns, db.st_ctime_ns)


@dataclass(frozen=True, slots=True)
class Coverage:
    table: str
    key: tuple[str, ...]
    clear: tuple[str, ...]

    @property
    def first(self) -> str:
        return self.key[0]

    def select(self, where: str = "", *, keyed: bool = False, width: int = BUCKET_WIDTH) -> str:
        """Each row's bucket (the first `width` characters of its key) and encoding; in key
        order, or (`keyed`) led by its key, unsorted."""
        cells = " || ',' || ".join(f"quote({column})" for column in self.clear)
        head = f"SELECT {self.bucket(width)}, {cells} FROM {self.table}{where}"
        if keyed:
            return head.replace("SELECT ", f"SELECT {', '.join(self.key)}, ", 1)
        return f"{head} ORDER BY {', '.join(self.key)}"

    def bucket(self, width: int) -> str:
        return f"substr({self.first}, 1, {int(width)})"

    def all_text_keys(self, driver: sqlite3.Connection) -> bool:
        """Whether every key cell of the table is text (none garbled into another kind)."""
        other = " OR ".join(f"typeof({column}) != 'text'" for column in self.key)
        return (
            driver.execute(f"SELECT 1 FROM {self.table} WHERE {other} LIMIT 1").fetchone() is None
        )

    def triggers(self) -> list[str]:
        def dirty(ref: str) -> str:
            return f"SELECT {DIRTY_FUNCTION}('{self.table}', {ref}.{self.first});"

        name = f"fieldnotes_rows_{self.table}"
        return [
            f"CREATE TRIGGER {name}_insert AFTER INSERT ON {self.table} BEGIN {dirty('NEW')} END",
            f"CREATE TRIGGER {name}_delete AFTER DELETE ON {self.table} BEGIN {dirty('OLD')} END",
            f"CREATE TRIGGER {name}_update AFTER UPDATE ON {self.table} "
            f"BEGIN {dirty('OLD')} {dirty('NEW')} END",
        ]


_TYPE_ORDER = {type(None): 0, int: 1, float: 1, str: 2, bytes: 3}


def _sql_order(value: object) -> tuple[int, Any]:
    """SQLite's order of values of mixed kinds: NULL, numbers, text (by code point), blobs."""
    return (_TYPE_ORDER.get(type(value), 4), value if value is not None else 0)


def coverage() -> list[Coverage]:
    """What is covered, from the tables `tables.py` declares."""
    # Loaded here, not at import: the read-only commands take the coverage from the file
    # (`file_coverage`) and never load SQLAlchemy.
    from sqlalchemy import LargeBinary
    from sqlmodel import SQLModel

    import fieldnotes.storage.tables  # noqa: F401 - the tables covered are the ones declared there

    covered = []
    for table in sorted(SQLModel.metadata.tables.values(), key=lambda t: t.name):
        if table.name in UNCOVERED:
            continue
        clear = tuple(c.name for c in table.columns if not isinstance(c.type, LargeBinary))
        key = tuple(c.name for c in table.primary_key.columns)
        covered.append(Coverage(table.name, key, clear))
    return covered


def file_coverage(driver: sqlite3.Connection) -> list[Coverage]:
    """What `coverage()` says, read from the file's own tables: sealed columns are the BLOB ones
    (what `LargeBinary` makes), the key is the primary key in its order.

    Only for a file at the current format holding every table, whose structure its manifest
    vouches for (the schema digest matches): then its tables are the ones `tables.py`
    declares, their columns in the same order (a column added by a format step was placed
    last in the declaration too; `tests/test_readstore.py` checks both kinds of file).
    """
    names = [
        row[0]
        for row in driver.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " ORDER BY name"
        )
    ]
    covered = []
    for name in names:
        if name in UNCOVERED:
            continue
        columns = driver.execute(f"PRAGMA table_info({quote_name(name)})").fetchall()
        clear = tuple(str(c[1]) for c in columns if str(c[2]).upper() != "BLOB")
        key = tuple(str(c[1]) for c in sorted((c for c in columns if c[5]), key=lambda c: c[5]))
        covered.append(Coverage(name, key, clear))
    return covered


def quote_name(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def install_triggers(driver: sqlite3.Connection) -> None:
    """(Re)create the triggers that tell the manifest which buckets a write touches."""
    for cover in coverage():
        for event in ("insert", "delete", "update"):
            driver.execute(f"DROP TRIGGER IF EXISTS fieldnotes_rows_{cover.table}_{event}")
        for statement in cover.triggers():
            driver.execute(statement)


def stored_generation(driver: sqlite3.Connection) -> int:
    """The write generation the file's manifest holds (0 when there is none, or it is garbled)."""
    stored = driver.execute("SELECT generation FROM manifest WHERE id = 1").fetchone()
    return stored[0] if stored and type(stored[0]) is int else 0


_MANIFEST_ROW = "SELECT generation, total, schema_digest, mac FROM manifest WHERE id = 1"


def vouched_manifest_row(
    driver: sqlite3.Connection, manifest_key: bytes
) -> tuple[int, bytes, bytes] | None:
    """The stored manifest's generation, row-digest total and schema digest, when its row
    opens under `manifest_key` and names the structure the file has now; None otherwise."""
    stored = driver.execute(_MANIFEST_ROW).fetchone()
    opened = None if stored is None else _opened_manifest_row(manifest_key, stored)
    if opened is None or schema_digest(driver) != opened[2]:
        return None
    return opened


def _opened_manifest_row(
    manifest_key: bytes, stored: Sequence[object]
) -> tuple[int, bytes, bytes] | None:
    """(generation, row-digest total, schema digest) of a stored manifest row whose cells
    have their types and whose MAC opens under `manifest_key`; None for a damaged one."""
    generation, total, schema, tag = stored
    if (
        type(generation) is not int
        or not isinstance(total, bytes)
        or len(total) != 32
        or not isinstance(schema, bytes)
        or not mac_matches(manifest_key, tag, "manifest", generation, total, schema)
    ):
        return None
    return generation, total, schema


def schema_digest(driver: sqlite3.Connection) -> bytes:
    rows = driver.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    return hashlib.sha256(repr(sorted(rows, key=repr)).encode("utf-8")).digest()


Bucket = tuple[str, str]
"""(table, bucket key)."""
Digest = tuple[int, int]
"""A bucket's row count and checksum."""
CARRIED = "/as found before re-bucketing"
"""Ends the name of a bucket that carries a difference found under an older width into a
re-bucketed manifest (`Manifest.rebucket`): longer than any width, so no row falls in it."""
_BUCKET_ROWS = "SELECT tbl, bucket, rows, digest FROM manifest_bucket"
ONE_PASS_BUCKETS = 256
"""Fewer touched buckets of a table than this are always checksummed a query each."""
ONE_PASS_SHARE = 8
"""A write that touched more than one bucket in this many rows of a table checksums the table
in one pass (its rows read in storage order, as the check reads them)."""


def _bucket_rows(found: Iterable[Sequence[object]]) -> dict[Bucket, Digest]:
    """Stored bucket rows by place; a row whose cells are not of their kind counts as absent."""
    rows: dict[Bucket, Digest] = {}
    for table, bucket, count, digest in found:
        if isinstance(digest, bytes) and type(count) is int:
            rows[(str(table), str(bucket))] = (count, int.from_bytes(digest, "big"))
    return rows


class Manifest:
    """The manifest of one unlocked notebook. Holds subkeys: dropped when the notebook locks."""

    def __init__(
        self,
        rows_key: bytes,
        manifest_key: bytes,
        seen_key: bytes,
        notebook_id: bytes,
        covered: Iterable[Coverage] | None = None,
        *,
        width: int = BUCKET_WIDTH,
    ):
        self.width = width
        """How many characters of a row's key name its bucket (`formats.bucket_width`)."""
        self._rows_key = rows_key
        self._manifest_key = manifest_key
        self._seen_key = seen_key
        self._notebook_id = notebook_id
        self._coverage = {c.table: c for c in (coverage() if covered is None else covered)}
        self.generation = 0
        self._total = 0
        self._schema = b""
        self._buckets: dict[Bucket, Digest | None] = {}
        """Buckets this manifest knows better than the file's `manifest_bucket` rows (None: no
        such bucket). Every other bucket is read from the file when a write touches it: at a
        fine width there are a few hundred thousand, and an unlock need read none of them.
        A bucket row edited outside fieldnotes is then taken as the bucket's old checksum by
        the next write into it, which moves the sum off: the check after reports the table
        (format 5 repaired such an edit silently from its copy in memory)."""
        self._tainted: set[Bucket] = set()
        self._tainted_all = False
        """Every bucket found at the check is tainted (the manifest was missing or damaged, or
        its sum was off with no bucket to blame)."""
        self._found_total = 0
        """The sum of the bucket checksums the last check found."""
        self._carried: dict[Bucket, Digest] = {}
        """Each bucket the check found changed: recorded minus found (rows, checksum)."""
        self._dirty: set[tuple[str, str | None]] = set()
        self.problems: list[str] = []
        self.rolled_back = False
        self.writable = True
        self._recorded: tuple[int, float] | None = None
        """The generation last written to this machine's record, and when (monotonic)."""
        self.on_row: Callable[[str, object], None] | None = None
        """Told of every row a write touches too (a team replica keeps its dirty set so)."""

    # -------------------------------------------------------------- triggers' side

    def mark(self, table: object, key: object) -> None:
        """Called by the triggers for every row a write touches (its bucket is recomputed)."""
        self._dirty.add((str(table), key[: self.width] if isinstance(key, str) else None))
        if self.on_row is not None:
            self.on_row(str(table), key)

    def begin(self) -> None:
        self._dirty.clear()

    @property
    def pending(self) -> bool:
        return bool(self._dirty)

    # ------------------------------------------------------------------ checksums

    def _digests(
        self, driver: sqlite3.Connection, cover: Coverage, bucket: str | None = None
    ) -> dict[Bucket, tuple[int, int]]:
        return {
            (cover.table, key): (rows, digest)
            for key, rows, digest in self._checksums(driver, cover, bucket)
        }

    def _checksums(
        self, driver: sqlite3.Connection, cover: Coverage, bucket: str | None = None
    ) -> Iterator[tuple[str, int, int]]:
        """Each bucket of the table (or just `bucket`): its key, row count and checksum."""
        if bucket is None:
            # The whole table in storage order, sorted here as SQLite would sort its key:
            # walking the key's index instead visits the rows in random order (slower on a
            # large notebook; docs/benchmarks.md, "The storage layer").
            keyed = driver.execute(cover.select(keyed=True, width=self.width)).fetchall()
            width = len(cover.key)
            if cover.all_text_keys(driver):
                # Python orders text by code point, as SQLite's binary collation orders UTF-8:
                # the plain sort, without a key built per row in Python, is several times faster.
                keyed.sort(key=itemgetter(*range(width)))
            else:
                keyed.sort(key=lambda row: tuple(map(_sql_order, row[:width])))
            rows: Iterable[Any] = (row[width:] for row in keyed)
        else:
            where = f" WHERE {cover.first} >= ? AND {cover.first} < ?"
            found = driver.execute(
                cover.select(where, width=self.width), (bucket, bucket + _LAST)
            ).fetchall()
            rows = [row for row in found if row[0] == bucket]
        grouped: dict[str, list[str]] = {}
        for key, encoded in rows:
            grouped.setdefault(str(key), []).append(str(encoded))
        checksum = keyed_mac(self._rows_key, cover.table)
        for key, lines in grouped.items():
            yield key, len(lines), int.from_bytes(checksum(key, "\n".join(lines)), "big")

    def _all_digests(self, driver: sqlite3.Connection) -> dict[Bucket, tuple[int, int]]:
        found: dict[Bucket, tuple[int, int]] = {}
        for cover in self._coverage.values():
            found.update(self._digests(driver, cover))
        return found

    def _table_sum(self, driver: sqlite3.Connection, cover: Coverage) -> int:
        return sum(digest for _key, _rows, digest in self._checksums(driver, cover)) % _MODULUS

    def _differences(
        self, driver: sqlite3.Connection, sums: dict[str, int]
    ) -> dict[Bucket, tuple[Digest | None, Digest | None]]:
        """The buckets whose recorded row differs from what is found (found, recorded), in
        the tables whose recorded buckets do not add up to what was found (`sums`): those are
        checksummed again, a table at a time."""
        recorded_tables = {
            str(table) for (table,) in driver.execute("SELECT DISTINCT tbl FROM manifest_bucket")
        }
        differences: dict[Bucket, tuple[Digest | None, Digest | None]] = {}
        for table in sorted(recorded_tables | set(sums)):
            recorded = _bucket_rows(driver.execute(f"{_BUCKET_ROWS} WHERE tbl = ?", (table,)))
            recorded_sum = sum(digest for _rows, digest in recorded.values()) % _MODULUS
            if recorded_sum == sums.get(table, 0):
                continue
            cover = self._coverage.get(table)
            computed = {} if cover is None else self._digests(driver, cover)
            for place in computed.keys() | recorded.keys():
                if computed.get(place) != recorded.get(place):
                    differences[place] = (computed.get(place), recorded.get(place))
        return differences

    def _found_places(self, driver: sqlite3.Connection) -> set[Bucket]:
        """Every bucket that holds a row now (no checksum: only for a state to be tainted)."""
        return {
            (cover.table, str(bucket))
            for cover in self._coverage.values()
            for (bucket,) in driver.execute(
                f"SELECT DISTINCT {cover.bucket(self.width)} FROM {cover.table}"
            )
        }

    def _stored(
        self, driver: sqlite3.Connection, table: str, bucket: str | None
    ) -> dict[Bucket, Digest]:
        """One bucket of `table` (or all of them, for None) as recorded, as this manifest
        knows them."""
        if bucket is None:
            found = driver.execute(f"{_BUCKET_ROWS} WHERE tbl = ?", (table,))
        else:
            found = driver.execute(f"{_BUCKET_ROWS} WHERE tbl = ? AND bucket = ?", (table, bucket))
        stored = _bucket_rows(found)
        for place, known in self._buckets.items():
            if place[0] != table or (bucket is not None and place[1] != bucket):
                continue
            if known is None:
                stored.pop(place, None)
            else:
                stored[place] = known
        return stored

    def _write_buckets(self, driver: sqlite3.Connection, buckets: dict[Bucket, Digest]) -> None:
        driver.executemany(
            "INSERT INTO manifest_bucket (tbl, bucket, rows, digest) VALUES (?, ?, ?, ?)",
            [
                (*place, rows, (digest % _MODULUS).to_bytes(32, "big"))
                for place, (rows, digest) in buckets.items()
            ],
        )

    def _seal(self) -> bytes:
        return mac(
            self._manifest_key,
            "manifest",
            self.generation,
            self._total.to_bytes(32, "big"),
            self._schema,
        )

    def _write_manifest(self, driver: sqlite3.Connection) -> None:
        driver.execute(
            "INSERT OR REPLACE INTO manifest (id, generation, total, schema_digest, mac)"
            " VALUES (1, ?, ?, ?, ?)",
            (self.generation, self._total.to_bytes(32, "big"), self._schema, self._seal()),
        )

    # ---------------------------------------------------------------- writing

    def flush(self, driver: sqlite3.Connection) -> None:
        """Checksum again the buckets this transaction touched; rewrite the manifest."""
        if not self._dirty:
            return
        touched: dict[str, set[str | None]] = {}
        for table, bucket in self._dirty:
            touched.setdefault(table, set()).add(bucket)
        self._dirty.clear()
        for table in sorted(touched):
            cover = self._coverage.get(table)
            if cover is None:
                continue
            buckets = touched[table]
            if None in buckets or self._in_one_pass(driver, cover, len(buckets)):
                fresh = self._digests(driver, cover)
                stale = self._stored(driver, table, None)
            else:
                fresh, stale = {}, {}
                for bucket in sorted(buckets, key=str):
                    assert bucket is not None
                    fresh.update(self._digests(driver, cover, bucket))
                    stale.update(self._stored(driver, table, bucket))
            if None in buckets:
                places = stale.keys() | fresh.keys()
            else:
                places = {(table, b) for b in buckets if b is not None}
            for place in sorted(places):
                if place in self._tainted or (place not in stale and place not in fresh):
                    continue
                self._buckets.pop(place, None)
                old = stale.get(place, (0, 0))
                new = fresh.get(place)
                self._total = (self._total - old[1] + (new[1] if new else 0)) % _MODULUS
                if new is None:
                    driver.execute(
                        "DELETE FROM manifest_bucket WHERE tbl = ? AND bucket = ?", place
                    )
                    continue
                driver.execute(
                    "INSERT OR REPLACE INTO manifest_bucket (tbl, bucket, rows, digest)"
                    " VALUES (?, ?, ?, ?)",
                    (*place, new[0], new[1].to_bytes(32, "big")),
                )
        self.generation += 1
        self._write_manifest(driver)

    @staticmethod
    def _in_one_pass(driver: sqlite3.Connection, cover: Coverage, buckets: int) -> bool:
        """Whether `buckets` touched buckets of the table cost less checksummed in one pass
        over it than a query each: a pulled page or an import batch of thousands of notes
        touches about as many buckets, and a query costs several times what a row of a pass
        costs (docs/benchmarks.md, issue 13's buckets)."""
        if buckets < ONE_PASS_BUCKETS:
            return False
        try:
            (rows,) = driver.execute(f"SELECT max(rowid) FROM {cover.table}").fetchone()
        except sqlite3.OperationalError:
            (rows,) = driver.execute(f"SELECT count(*) FROM {cover.table}").fetchone()
        return type(rows) is int and buckets * ONE_PASS_SHARE > rows

    def _forget_found(self) -> None:
        self._dirty.clear()
        self._buckets = {}
        self._tainted = set()
        self._tainted_all = False
        self._carried = {}

    def _checksum_afresh(self, driver: sqlite3.Connection) -> int:
        """Every bucket checksummed and recorded as it is now, a table at a time (so that
        memory holds one table's buckets); their sum."""
        driver.execute("DELETE FROM manifest_bucket")
        total = 0
        for cover in self._coverage.values():
            digests = self._digests(driver, cover)
            total += sum(digest for _rows, digest in digests.values())
            self._write_buckets(driver, digests)
        return total % _MODULUS

    def rebuild(self, driver: sqlite3.Connection, *, generation: int | None = None) -> None:
        """Checksum everything as it is now (a new notebook, an upgrade, an accepted state)."""
        self._forget_found()
        self._total = self._checksum_afresh(driver)
        self._schema = schema_digest(driver)
        self.generation = (generation if generation is not None else self.generation) + 1
        self._write_manifest(driver)
        self.problems = []
        self.rolled_back = False
        self.writable = True

    def rebucket(self, driver: sqlite3.Connection, found: Manifest) -> None:
        """Bucket the file afresh at this manifest's width, carrying over what `found` (its
        check at the width it was written with, on this transaction's view) found, in the
        caller's transaction.

        Nothing found is laundered: the sum keeps whatever difference the check found
        (`found`'s stored total less what it found, added to what is found now), each bucket
        found changed becomes a bucket of its own that no row falls in (named with `CARRIED`),
        holding what it differed by, so the next check names the same tables and counts; the
        schema digest is the one the file's manifest held; what was tainted stays so. The
        generation moves on by one. For a file whose check found nothing, this is `rebuild`.
        """
        self._forget_found()
        total = self._checksum_afresh(driver)
        carried = {
            (table, f"{bucket}{CARRIED}"): difference
            for (table, bucket), difference in found._carried.items()
        }
        self._write_buckets(driver, carried)
        self._total = (found._total - found._found_total + total) % _MODULUS
        self._tainted = set(carried)
        if found._tainted_all:
            self._tainted |= self._found_places(driver)
            self._tainted_all = True
        self._schema = found._schema
        self.generation = found.generation + 1
        self.problems = list(found.problems)
        self.writable = found.writable
        self.rolled_back = False
        self._write_manifest(driver)

    def verify_grown(self, driver: sqlite3.Connection, before: bytes) -> None:
        """`verify`, after a format step added empty tables (and their triggers) to a file
        whose structure had the digest `before`.

        The tables are no change from outside: if the manifest named the structure as it was,
        the next flush names it with them. Anything else found is reported as `verify`
        reports it (a manifest that did not name the old structure names no new one).
        """
        self.verify(driver)
        if self._schema != before:
            return
        self.problems = [p for p in self.problems if p != STRUCTURE_CHANGED]
        self.writable = True
        self._schema = schema_digest(driver)
        self._dirty.add(("manifest", None))

    def raise_generation(self, driver: sqlite3.Connection, floor: int) -> None:
        """Carry on above `floor` (what this machine saw), once a person accepted the file."""
        if self.generation <= floor:
            self.generation = floor + 1
            self._write_manifest(driver)

    def extend_schema(
        self, driver: sqlite3.Connection, create: Callable[[], None], seen: Path | None
    ) -> bool:
        """Create tables added within this format (`create`), with their triggers, and move the
        manifest's schema digest on to include them, in the caller's transaction.

        Only while the file is as its manifest says it was: the manifest opens under its key,
        the schema is the one it records, and this machine has seen no later state (a bumped
        generation must not hide a rollback). Otherwise nothing is created, and the check at
        unlock reports what it finds. New tables are empty: no bucket, the sum is unchanged.
        """
        vouched = vouched_manifest_row(driver, self._manifest_key)
        if vouched is None:
            return False
        generation, total, _schema = vouched
        if seen is not None and (self._read_seen(seen, report=False) or 0) > generation:
            return False
        create()
        install_triggers(driver)
        self.generation = generation + 1
        self._total = int.from_bytes(total, "big")
        self._schema = schema_digest(driver)
        self._write_manifest(driver)
        return True

    # ---------------------------------------------------------------- checking

    def verify(self, driver: sqlite3.Connection) -> None:
        """Compare the file with its manifest; what differs goes to `problems`."""
        self.problems = []
        self._forget_found()
        stored = driver.execute(_MANIFEST_ROW).fetchone()
        opened = None if stored is None else _opened_manifest_row(self._manifest_key, stored)
        # Table by table, so that memory holds one table's buckets at a time. The recorded
        # bucket rows are read only when the sum is off, to say where (a clean check reads
        # none of them: a write reads those it touches).
        sums = {cover.table: self._table_sum(driver, cover) for cover in self._coverage.values()}
        found_total = sum(sums.values())
        differences: dict[Bucket, tuple[Digest | None, Digest | None]] = {}
        if opened is None or found_total % _MODULUS != int.from_bytes(opened[1], "big"):
            differences = self._differences(driver, sums)
        self._found_total = found_total % _MODULUS
        # Where the recorded buckets differ from what was found, this manifest holds what was
        # found (as it did when it held every bucket), until a write records it.
        found_buckets = {place: pair[0] for place, pair in differences.items()}
        if opened is None:
            generation = 0 if stored is None else stored[0]
            self.generation = generation if type(generation) is int else 0
            self._schema = b""
            self._total = self._found_total
            self._buckets = found_buckets
            self._tainted = self._found_places(driver)
            self._tainted_all = True
            what = "missing" if stored is None else "damaged"
            self.problems.append(
                f"the notebook's manifest is {what}, so changes made outside fieldnotes cannot "
                "be ruled out"
            )
            return
        generation, total, schema = opened
        self.generation = generation
        self._schema = schema
        self._total = int.from_bytes(total, "big")
        if schema_digest(driver) != schema:
            # Its triggers or tables were changed: no write of ours runs through them.
            self.writable = False
            self.problems.append(STRUCTURE_CHANGED)
        if self._found_total == self._total:
            self._buckets = found_buckets
            return
        # The recorded buckets are kept (this manifest knows no better): a changed one is
        # tainted, never checksummed again, so the difference stays until it is accepted.
        changed = set(differences)
        self._carried = {
            place: (
                (recorded or (0, 0))[0] - (computed or (0, 0))[0],
                ((recorded or (0, 0))[1] - (computed or (0, 0))[1]) % _MODULUS,
            )
            for place, (computed, recorded) in differences.items()
        }
        if changed:
            self._tainted = changed
        else:
            self._tainted = self._found_places(driver)
            self._tainted_all = True
        by_table: dict[str, int] = {}
        for (table, _bucket), (rows, _digest) in self._carried.items():
            by_table[table] = by_table.get(table, 0) - rows
        if not by_table:
            by_table = {"(some table)": 0}
        for table, difference in sorted(by_table.items()):
            if difference < 0:
                what = f"{-difference} row(s) missing"
            elif difference > 0:
                what = f"{difference} row(s) more than recorded"
            else:
                what = "rows changed"
            self.problems.append(
                f"the notebook's rows do not match its manifest: {_TABLE_NAMES.get(table, table)}"
                f" — {what} outside fieldnotes"
            )

    def adopt_checked(self, driver: sqlite3.Connection, record: Path, state: FileState) -> bool:
        """Take the file as this machine's last full check found it, without checksumming its
        rows again, when the record of that check names the file exactly as it is now and the
        manifest and its structure still agree (cheap to read). False, and nothing taken,
        otherwise: the caller checks in full.

        No bucket row is read (a write reads those it touches): they only say where a change
        is, and their sum, which the manifest's MAC vouches for, was compared with the rows by
        the check that left the file so."""
        try:
            data = json.loads(record.read_text(encoding="utf-8"))
            generation = data["generation"]
            recorded = tuple(data["state"])
            tag = bytes.fromhex(data["mac"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return False
        if type(generation) is not int or recorded != state:
            return False
        if not mac_matches(self._seen_key, tag, "checked", self._notebook_id, generation, *state):
            return False
        vouched = vouched_manifest_row(driver, self._manifest_key)
        if vouched is None or vouched[0] != generation:
            return False
        _generation, total, schema = vouched
        self.problems = []
        self._forget_found()
        self._total = int.from_bytes(total, "big")
        self._found_total = self._total
        self.generation = generation
        self._schema = schema
        return True

    def record_checked(self, record: Path, state: FileState) -> None:
        """Remember that the file, as `state` names it, matched this manifest."""
        if self.problems or self.rolled_back or not self.writable or self._tainted:
            return
        if self._buckets:
            return  # the file's bucket rows are not yet as its rows are
        if time.time_ns() - state[4] < RACY_NANOSECONDS:
            return
        tag = mac(self._seen_key, "checked", self._notebook_id, self.generation, *state)
        body = json.dumps({"generation": self.generation, "state": list(state), "mac": tag.hex()})
        _replace_private(record, body)

    # ------------------------------------------------------- this machine's record

    def check_seen(self, record: Path) -> None:
        """Compare with the highest generation this machine has seen of this notebook."""
        seen = self._read_seen(record)
        if seen is None:
            return
        if seen > self.generation:
            self.rolled_back = True
            self.problems.append(
                f"this notebook is older than the copy this machine last saw (change "
                f"{seen}; this file is at change {self.generation}): it may have been rolled "
                "back to an earlier copy; it opens read-only until you accept it "
                "(`fieldnotes check --accept`)"
            )

    def _read_seen(self, record: Path, *, report: bool = True) -> int | None:
        try:
            data = json.loads(record.read_text(encoding="utf-8"))
            generation = data["generation"]
            tag = bytes.fromhex(data["mac"])
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            if report:
                self.problems.append(
                    f"this machine's record of the notebook ({record}) is damaged; "
                    "a rollback to an earlier copy could not be checked"
                )
            return None
        if type(generation) is not int or not mac_matches(self._seen_key, tag, "seen", generation):
            if report:
                self.problems.append(
                    f"this machine's record of the notebook ({record}) is damaged; "
                    "a rollback to an earlier copy could not be checked"
                )
            return None
        return generation

    def record_seen(
        self, record: Path, *, force: bool = False, unless_within: float | None = None
    ) -> None:
        """Remember this generation (never a lower one, unless the person accepted it).

        `unless_within` seconds of the last record, nothing is written: the record costs a
        file replaced (a large part of a note's save), and locking records the last one anyway.
        """
        if self.rolled_back and not force:
            return
        recorded = self._recorded
        if recorded is not None and not force:
            if recorded[0] >= self.generation:
                return
            if unless_within is not None and time.monotonic() - recorded[1] < unless_within:
                return
        if not force:
            seen = self._read_seen(record, report=False)
            if seen is not None and seen >= self.generation:
                return
        body = json.dumps(
            {
                "generation": self.generation,
                "mac": mac(self._seen_key, "seen", self.generation).hex(),
            }
        )
        _replace_private(record, body)
        self._recorded = (self.generation, time.monotonic())


def _replace_private(record: Path, body: str) -> None:
    """Write `body` to `record` (mode 0600) by replacing it whole: never half written."""
    record.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    temporary = record.with_name(f".{record.name}.{os.getpid()}.tmp")
    fd = os.open(temporary, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(body)
    os.replace(temporary, record)


_TABLE_NAMES = {
    "note": "notes",
    "note_principle": "note–principle links",
    "note_obstacle": "note–obstacle links",
    "obstacle": "obstacles",
    "memo": "memos",
    "memo_note": "memo–note links",
    "memo_obstacle": "memo–obstacle links",
    "framework": "frameworks",
    "principle": "principles",
    "draft": "drafts",
    "leader": "leaders",
    "export_log": "the export log",
    "sealed_setting": "settings",
    "meta": "the notebook's details",
    "obstacle_event": "obstacles' history",
}

"""The sealed search index on disk: buckets of postings, the word list, and note numbers.

What is kept, and why a search gives the rule's answer, is in `fieldnotes.index.search`. Here
is where it lives (docs/security.md says what of it shows on disk):

- `search_bucket`: BUCKETS rows, each sealed (AES-GCM, bound to its bucket and revision): the
  tokens whose HMAC under a subkey of the data key falls in the bucket, each with the numbers
  of the notes holding it. `search_words`: WORD_PARTS rows, sealed, the distinct tokens.
- `search_doc`: for each note taken in, the revision taken in and its number (clear: a note's
  id and revision are clear in `note` already). A note whose revision differs from its
  `search_doc` row, or has none, is *behind*: a search opens it whatever the buckets say. So
  the index answers for every note in the same transaction as the write that changed it,
  without the write touching a bucket: every text write gives the note a new revision.
- Notes behind are taken in a batch per transaction (`refresh_search_index`): a crash leaves
  the batches already committed, and the next one carries on.

A bucket or word part that is missing, fails to open or does not parse is damage: the search
that met it reads every note instead (never an answer from a damaged index), and the next
refresh rebuilds the index from the notes.

Only a notebook file keeps an index; a store on a server is searched by reading its notes.
The search itself (which buckets to open, which notes may match) is `fieldnotes.index.search`.
"""

from __future__ import annotations

import hmac
import json
import sqlite3
import struct
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager

from fieldnotes.crypto import FieldContext, FieldSealer
from fieldnotes.domain.filters import search_tokens
from fieldnotes.errors import SearchIndexDamaged
from fieldnotes.storage.codec import as_bytes, note_from_row
from fieldnotes.storage.engine import db_errors, sqlite_driver
from fieldnotes.storage.notes import NoteRows
from fieldnotes.storage.scan import NOTE_COLUMNS, NoteCells

BUCKETS = 4096
"""Buckets of postings. More buckets, fewer postings opened per search word; fewer, less a
write's touched buckets say about the note written (docs/security.md)."""
WORD_PARTS = 64
"""Parts of the word list: a write adding a new word rewrites one part, not the whole list."""
REFRESH_BATCH = 20_000
"""Notes taken in per transaction when the index catches up."""
SEARCH_BEHIND_AT_MOST = 5_000
"""Beyond this many notes behind (an index not built yet), a search reads every note."""
REBUILD_WHEN_STALE = 0.25
"""Rebuild once this share of the numbers in the buckets belongs to rewritten or deleted
notes: they cost nothing in answers, only in bucket sizes."""
_STATE = "state"
_IN_CHUNK = 5_000

_BEHIND = (
    "FROM note n LEFT JOIN search_doc d ON d.note_id = n.id WHERE d.revision IS NOT n.revision"
)
_SEARCH_UNSURE = (
    "SELECT n.id FROM note n LEFT JOIN search_doc d ON d.note_id = n.id"
    " WHERE (d.revision IS NOT n.revision OR d.num = 0) AND n.trashed_at IS NULL"
)
"""Live notes the buckets do not answer for: written since, or damaged when taken in."""
_NUMBERED = (
    "SELECT d.note_id FROM search_doc d JOIN note n"
    " ON n.id = d.note_id AND n.revision = d.revision"
    " WHERE n.trashed_at IS NULL AND d.num IN (SELECT value FROM json_each(?))"
)


Postings = dict[str, "array[int]"]
"""A bucket opened: each token in it, with the numbers of the notes holding it, ascending."""

_ENTRY = struct.Struct("<II")
"""A bucket entry's head: the token's length in UTF-8 bytes, then its count of note numbers."""
_NUMBER_BYTES = array("I").itemsize


def encode_bucket(postings: Mapping[str, array[int]]) -> bytes:
    """A bucket as bytes: for each token its head, its UTF-8 bytes, its note numbers."""
    parts: list[bytes] = []
    for token in sorted(postings):
        numbers = postings[token]
        if numbers:
            raw = token.encode("utf-8")
            parts += (_ENTRY.pack(len(raw), len(numbers)), raw, numbers.tobytes())
    return b"".join(parts)


def decode_bucket(data: bytes) -> Postings:
    """The bucket `encode_bucket` made; ValueError for anything else."""
    postings: Postings = {}
    view = memoryview(data)
    at, end = 0, len(data)
    while at < end:
        if end - at < _ENTRY.size:
            raise ValueError("a bucket entry is cut short")
        length, count = _ENTRY.unpack_from(view, at)
        at += _ENTRY.size
        if end - at < length + count * _NUMBER_BYTES:
            raise ValueError("a bucket entry is cut short")
        token = bytes(view[at : at + length]).decode("utf-8")
        at += length
        numbers = array("I")
        numbers.frombytes(view[at : at + count * _NUMBER_BYTES])
        at += count * _NUMBER_BYTES
        postings[token] = numbers
    return postings


def add_postings(postings: Postings, new: Mapping[str, Sequence[int]]) -> None:
    """Put `new` note numbers into an opened bucket.

    Numbers are handed out in ascending order, so the new ones of a token follow its old ones
    and the list stays sorted. Numbers of notes since rewritten or deleted stay until the
    index is rebuilt: they only make a candidate that the check then drops.
    """
    for token, numbers in new.items():
        postings.setdefault(token, array("I")).extend(sorted(numbers))


def bucket_id(number: int) -> str:
    return f"{number:03x}"


def words_part_id(number: int) -> str:
    return f"{number:02x}"


def keyed_buckets(key: bytes) -> Callable[[str], int]:
    """The bucket of a token: HMAC-SHA256 under the index's subkey, reduced to BUCKETS."""
    seen: dict[str, int] = {}

    def bucket_of(token: str) -> int:
        found = seen.get(token)
        if found is None:
            digest = hmac.digest(key, token.encode("utf-8"), "sha256")
            found = seen[token] = int.from_bytes(digest[:4], "big") % BUCKETS
        return found

    return bucket_of


def read_word_parts(driver: sqlite3.Connection, sealer: FieldSealer) -> dict[int, str]:
    """Every part of the word list, opened; SearchIndexDamaged if one is missing or damaged."""
    parts: dict[int, str] = {}
    for row_id, revision, blob in driver.execute("SELECT id, revision, words FROM search_words"):
        if type(row_id) is not str or type(revision) is not int:
            raise SearchIndexDamaged("a part of the search index's word list is garbled")
        text = sealer.open_field("search_words", row_id, revision, "words", as_bytes(blob))
        if text is None:
            raise SearchIndexDamaged("a part of the search index's word list does not open")
        parts[int(row_id, 16)] = text
    if sorted(parts) != list(range(WORD_PARTS)):
        raise SearchIndexDamaged("a part of the search index's word list is missing")
    return parts


def read_buckets(
    driver: sqlite3.Connection, sealer: FieldSealer, numbers: Iterable[int]
) -> dict[int, Postings]:
    """These buckets, opened; SearchIndexDamaged if one is missing, garbled or damaged."""
    wanted = {bucket_id(n): n for n in numbers}
    opened: dict[int, Postings] = {}
    names = list(wanted)
    for start in range(0, len(names), _IN_CHUNK):
        rows = driver.execute(
            "SELECT id, revision, postings FROM search_bucket"
            " WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(names[start : start + _IN_CHUNK]),),
        ).fetchall()
        for row_id, revision, blob in rows:
            if type(revision) is not int or row_id not in wanted:
                raise SearchIndexDamaged("a bucket of the search index is garbled")
            where = FieldContext("search_bucket", row_id, "postings", revision)
            data = sealer.open_bytes(as_bytes(blob), where)
            if data is None:
                raise SearchIndexDamaged("a bucket of the search index does not open")
            try:
                opened[wanted[row_id]] = decode_bucket(data)
            except ValueError:
                raise SearchIndexDamaged("a bucket of the search index is garbled") from None
    if len(opened) != len(wanted):
        raise SearchIndexDamaged("a bucket of the search index is missing")
    return opened


class IndexSnapshot:
    """The index read on one connection while the store's connection lock is held."""

    def __init__(self, driver: sqlite3.Connection, sealer: FieldSealer) -> None:
        self._driver = driver
        self._sealer = sealer

    def unsure_ids(self) -> set[str] | None:
        state = self._driver.execute(
            "SELECT buckets FROM search_state WHERE id = ?", (_STATE,)
        ).fetchone()
        if state is None or state[0] != BUCKETS:
            return None
        unsure = {row[0] for row in self._driver.execute(_SEARCH_UNSURE)}
        return unsure if len(unsure) <= SEARCH_BEHIND_AT_MOST else None

    def word_list(self) -> str:
        return "\n".join(read_word_parts(self._driver, self._sealer).values())

    def bucket_of(self) -> Callable[[str], int]:
        return keyed_buckets(self._sealer.subkey("search/bucket"))

    def buckets(self, numbers: set[int]) -> Mapping[int, Postings]:
        return read_buckets(self._driver, self._sealer, numbers)

    def ids_of(self, numbers: set[int]) -> set[str]:
        found = self._driver.execute(_NUMBERED, (json.dumps(sorted(numbers)),))
        return {row[0] for row in found}


class SearchIndexRows(NoteRows):
    """The index's rows, read by a search and kept by `refresh_search_index`."""

    _search_damaged = False
    """Damage met by a search: the next refresh builds the index afresh."""

    @contextmanager
    def _index_driver(self) -> Iterator[sqlite3.Connection]:
        with self._connection_lock, db_errors(), self.engine.connect() as conn:
            yield sqlite_driver(conn)

    @contextmanager
    def search_snapshot(self) -> Iterator[IndexSnapshot | None]:
        """The index held still for one search (see `fieldnotes.index.search`)."""
        if not self.on_file or self._search_damaged:
            yield None
            return
        try:
            with self._index_driver() as driver:
                yield IndexSnapshot(driver, self.sealer)
        except SearchIndexDamaged:
            self._search_damaged = True
            raise

    def search_index_behind(self) -> int | None:
        """How many notes wait to be taken into the index (None: it is not built yet)."""
        if not self.on_file:
            return 0
        with self._index_driver() as driver:
            state = driver.execute(
                "SELECT buckets FROM search_state WHERE id = ?", (_STATE,)
            ).fetchone()
            if state is None or state[0] != BUCKETS or self._search_damaged:
                return None
            return int(driver.execute(f"SELECT count(*) {_BEHIND}").fetchone()[0])

    # ------------------------------------------------------------------ writing

    def refresh_search_index(self, most: int = REFRESH_BATCH) -> int:
        """Take up to `most` notes that are behind into the index, in one transaction, and
        return how many are still behind. A damaged or stale index is built afresh."""
        if not self.on_file:
            return 0
        try:
            return self._refresh(most)
        except SearchIndexDamaged:
            self._search_damaged = True
            return self._refresh(most)

    def _refresh(self, most: int) -> int:
        with self._write() as conn:
            driver = sqlite_driver(conn)
            next_num = self._fresh_state(driver)
            rows = driver.execute(
                f"SELECT {', '.join('n.' + c for c in NOTE_COLUMNS)} {_BEHIND}"
                " ORDER BY n.id LIMIT ?",
                (most,),
            ).fetchall()
            if rows:
                self._take_in(driver, [NoteCells._make(row) for row in rows], next_num)
            return int(driver.execute(f"SELECT count(*) {_BEHIND}").fetchone()[0])

    def _fresh_state(self, driver: sqlite3.Connection) -> int:
        """The next note number, after starting the index afresh if it is missing, of
        another shape, damaged or mostly stale."""
        state = driver.execute(
            "SELECT buckets, next_num FROM search_state WHERE id = ?", (_STATE,)
        ).fetchone()
        if state is not None and state[0] == BUCKETS and not self._search_damaged:
            numbered = int(driver.execute("SELECT count(*) FROM search_doc").fetchone()[0])
            issued = int(state[1]) - 1
            if issued - numbered <= max(1_000, REBUILD_WHEN_STALE * issued):
                return int(state[1])
        for table in ("search_doc", "search_bucket", "search_words", "search_state"):
            driver.execute(f"DELETE FROM {table}")
        sealer = self.sealer
        empty = b""
        driver.executemany(
            "INSERT INTO search_bucket (id, revision, postings) VALUES (?, 1, ?)",
            [
                (bid, sealer.seal_bytes(empty, FieldContext("search_bucket", bid, "postings", 1)))
                for bid in map(bucket_id, range(BUCKETS))
            ],
        )
        driver.executemany(
            "INSERT INTO search_words (id, revision, words) VALUES (?, 1, ?)",
            [
                (pid, sealer.seal("", FieldContext("search_words", pid, "words", 1)))
                for pid in map(words_part_id, range(WORD_PARTS))
            ],
        )
        driver.execute(
            "INSERT INTO search_state (id, revision, buckets, next_num) VALUES (?, 1, ?, 1)",
            (_STATE, BUCKETS),
        )
        self._search_damaged = False
        return 1

    def _take_in(
        self, driver: sqlite3.Connection, rows: Sequence[NoteCells], next_num: int
    ) -> None:
        sealer = self.sealer
        bucket_of = keyed_buckets(sealer.subkey("search/bucket"))
        by_token: defaultdict[str, list[int]] = defaultdict(list)
        docs: list[tuple[str, int, int]] = []
        for row in rows:
            if type(row.id) is not str or type(row.revision) is not int:
                continue  # garbled cells: behind for good, so every search opens it
            content = sealer.open_field(
                "note", row.id, row.revision, "content", as_bytes(row.content)
            )
            note = note_from_row(row, content, [], [])
            if note.damaged:
                # Number 0: a search opens it as it is, whatever its text says then.
                docs.append((row.id, row.revision, 0))
                continue
            num = next_num
            next_num += 1
            docs.append((row.id, row.revision, num))
            for token in search_tokens(note):
                by_token[token].append(num)
        fresh: dict[int, dict[str, list[int]]] = {}
        for token, numbers in by_token.items():
            fresh.setdefault(bucket_of(token), {})[token] = numbers
        self._write_buckets(driver, fresh)
        self._fault("search:after-buckets")
        self._add_words(driver, fresh)
        driver.executemany(
            "INSERT OR REPLACE INTO search_doc (note_id, revision, num) VALUES (?, ?, ?)", docs
        )
        driver.execute(
            "UPDATE search_state SET next_num = ?, revision = revision + 1 WHERE id = ?",
            (next_num, _STATE),
        )

    def _write_buckets(
        self, driver: sqlite3.Connection, fresh: Mapping[int, Mapping[str, list[int]]]
    ) -> None:
        opened = read_buckets(driver, self.sealer, fresh)
        revisions = dict(
            driver.execute(
                "SELECT id, revision FROM search_bucket"
                " WHERE id IN (SELECT value FROM json_each(?))",
                (json.dumps([bucket_id(n) for n in fresh]),),
            ).fetchall()
        )
        updates = []
        for number, new in fresh.items():
            postings = opened[number]
            add_postings(postings, new)
            bid = bucket_id(number)
            revision = int(revisions[bid]) + 1
            where = FieldContext("search_bucket", bid, "postings", revision)
            updates.append((revision, self.sealer.seal_bytes(encode_bucket(postings), where), bid))
        driver.executemany(
            "UPDATE search_bucket SET revision = ?, postings = ? WHERE id = ?", updates
        )

    def _add_words(
        self, driver: sqlite3.Connection, fresh: Mapping[int, Mapping[str, list[int]]]
    ) -> None:
        by_part: dict[int, set[str]] = {}
        for number, new in fresh.items():
            by_part.setdefault(number % WORD_PARTS, set()).update(new)
        parts = read_word_parts(driver, self.sealer)
        revisions = dict(driver.execute("SELECT id, revision FROM search_words").fetchall())
        updates = []
        for part, tokens in by_part.items():
            known = set(parts[part].split("\n")) if parts[part] else set()
            if tokens <= known:
                continue
            pid = words_part_id(part)
            revision = int(revisions[pid]) + 1
            where = FieldContext("search_words", pid, "words", revision)
            updates.append(
                (revision, self.sealer.seal("\n".join(sorted(known | tokens)), where), pid)
            )
        driver.executemany("UPDATE search_words SET revision = ?, words = ? WHERE id = ?", updates)

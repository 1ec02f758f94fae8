"""Reading the sealed search index: what a search opens, on the driver's own connection.

The index's layout, and how it is kept, is in `fieldnotes.storage.search_index`; this is the
half a search needs, light on purpose (no SQLAlchemy), so the read-only commands' store
(`fieldnotes.storage.readstore`) reads the index exactly as the sealed store does.
"""

from __future__ import annotations

import hmac
import json
import sqlite3
import struct
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass

from fieldnotes.crypto import FieldContext, FieldSealer
from fieldnotes.errors import SearchIndexChanged, SearchIndexDamaged
from fieldnotes.storage.codec import as_bytes
from fieldnotes.storage.manifest import Manifest
from fieldnotes.storage.reads import WALK_ALL_FROM, RowReads

BUCKETS = 4096
"""Buckets of postings. More buckets, fewer postings opened per search word; fewer, less a
write's touched buckets say about the note written (docs/security.md)."""
WORD_PARTS = 64
"""Parts of the word list: a write adding a new word rewrites one part, not the whole list."""
SEARCH_BEHIND_AT_MOST = 5_000
"""Beyond this many notes behind (an index not built yet), a search reads every note."""

STATE_ROW = "state"

_IN_CHUNK = 5_000

BEHIND_FROM = (
    "FROM note n LEFT JOIN search_doc d ON d.note_id = n.id WHERE d.revision IS NOT n.revision"
)
_SEARCH_UNSURE = (
    "SELECT n.id FROM note n LEFT JOIN search_doc d ON d.note_id = n.id"
    " WHERE (d.revision IS NOT n.revision OR d.num = 0) AND n.trashed_at IS NULL"
)
"""Live notes the buckets do not answer for: written since, or damaged when taken in."""
_TAKEN_IN = (
    "SELECT d.note_id, d.revision, d.num FROM search_doc d JOIN note n"
    " ON n.id = d.note_id AND n.revision = d.revision"
    " WHERE n.trashed_at IS NULL AND d.num <> 0"
)
"""Live notes the buckets answer for (0: damaged when taken in, opened by every search)."""
_NUMBERED = (
    "SELECT d.note_id FROM search_doc d JOIN note n"
    " ON n.id = d.note_id AND n.revision = d.revision"
    " WHERE n.trashed_at IS NULL AND d.num IN (SELECT value FROM json_each(?))"
)

Postings = dict[str, "array[int]"]
"""A bucket opened: each token in it, with the numbers of the notes holding it, ascending."""

ENTRY_HEAD = struct.Struct("<II")
"""A bucket entry's head: the token's length in UTF-8 bytes, then its count of note numbers."""
_NUMBER_BYTES = array("I").itemsize


def decode_bucket(data: bytes) -> Postings:
    """The bucket `encode_bucket` made; ValueError for anything else."""
    postings: Postings = {}
    view = memoryview(data)
    at, end = 0, len(data)
    while at < end:
        if end - at < ENTRY_HEAD.size:
            raise ValueError("a bucket entry is cut short")
        length, count = ENTRY_HEAD.unpack_from(view, at)
        at += ENTRY_HEAD.size
        if end - at < length + count * _NUMBER_BYTES:
            raise ValueError("a bucket entry is cut short")
        token = bytes(view[at : at + length]).decode("utf-8")
        at += length
        numbers = array("I")
        numbers.frombytes(view[at : at + count * _NUMBER_BYTES])
        at += count * _NUMBER_BYTES
        postings[token] = numbers
    return postings


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


def _opened_bucket(sealer: FieldSealer, row_id: object, revision: object, blob: object) -> Postings:
    """One `search_bucket` row opened; SearchIndexDamaged if it is garbled or damaged."""
    if type(revision) is not int or type(row_id) is not str:
        raise SearchIndexDamaged("a bucket of the search index is garbled")
    where = FieldContext("search_bucket", row_id, "postings", revision)
    data = sealer.open_bytes(as_bytes(blob), where)
    if data is None:
        raise SearchIndexDamaged("a bucket of the search index does not open")
    try:
        return decode_bucket(data)
    except ValueError:
        raise SearchIndexDamaged("a bucket of the search index is garbled") from None


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
            if row_id not in wanted:
                raise SearchIndexDamaged("a bucket of the search index is garbled")
            opened[wanted[row_id]] = _opened_bucket(sealer, row_id, revision, blob)
    if len(opened) != len(wanted):
        raise SearchIndexDamaged("a bucket of the search index is missing")
    return opened


@dataclass(frozen=True, slots=True)
class IndexedTokens:
    """The whole index opened, for the app's token index to start from
    (`fieldnotes.index.tokens.TokenSeed`): reading it costs a tenth of tokenising every note."""

    taken_in: dict[str, tuple[int, int]]
    """Each live note the buckets answer for, by id: the revision taken in, and its number."""
    numbers_given: int
    """One more than the highest number handed out."""
    postings: Iterator[tuple[str, array[int]]]
    """Every token with the numbers of the notes holding it, ascending: read a slice of the
    buckets at a time as it is taken, so the whole index is never in memory at once.
    SearchIndexDamaged if a bucket is missing, garbled or damaged, SearchIndexChanged if the
    index was written meanwhile."""


SEED_BUCKETS_PER_READ = 256
"""Buckets opened per read while the app's token index starts from them: the connection is
held for a moment each time, and what was read is taken in before the next."""
WALK_FOR_NEWEST_ROWS = 20_000
"""Rows a walk down the date's index may expect to read to find the newest few matches of a
`--limit` rather than name every candidate by id and date each (ten pages: well under a
second; naming 50,000 candidates of a million notes takes two)."""
_STATE = "SELECT buckets, next_num, revision FROM search_state WHERE id = ?"


def _state_of(driver: sqlite3.Connection) -> tuple[int, int] | None:
    """(next number, revision) of a built index of this shape; None when there is none."""
    state = driver.execute(_STATE, (STATE_ROW,)).fetchone()
    if state is None or state[0] != BUCKETS or type(state[1]) is not int or state[1] < 1:
        return None
    return state[1], state[2]


class IndexSnapshot:
    """The index read on one connection while the store's connection lock is held."""

    def __init__(self, driver: sqlite3.Connection, sealer: FieldSealer) -> None:
        self._driver = driver
        self._sealer = sealer

    def unsure_ids(self) -> set[str] | None:
        state = self._driver.execute(
            "SELECT buckets FROM search_state WHERE id = ?", (STATE_ROW,)
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

    def worth_naming(self, count: int, newest: int | None) -> bool:
        total = int(self._driver.execute("SELECT count(*) FROM note").fetchone()[0])
        if count * WALK_ALL_FROM >= total:
            return False
        # The candidates are spread over the dates alike, so the newest few are found after
        # about newest * total / count rows of the walk.
        return newest is None or newest * total > count * WALK_FOR_NEWEST_ROWS


class SearchReads(RowReads):
    """The index read by a search, over the store's connection (`_index_driver`)."""

    on_file: bool
    _manifest: Manifest | None
    """The file's manifest: what its check found so far changed outside fieldnotes."""
    _search_damaged = False
    """Damage met by a search: the next refresh builds the index afresh."""
    _search_refreshes = 0
    """Catch-ups this store has made: a read of the index in slices is stale after one."""

    def _index_driver(self) -> AbstractContextManager[sqlite3.Connection]:
        """The file's `sqlite3` connection, held for one read."""
        raise NotImplementedError

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

    def indexed_tokens(self) -> IndexedTokens | None:
        """The whole index opened, for the app's search box to start from; None when there
        is none to trust: not built, damaged (then the next refresh rebuilds it), or in a
        file its manifest found changed outside fieldnotes."""
        manifest = self._manifest
        if not self.on_file or self._search_damaged or (manifest and manifest.problems):
            return None
        with self._index_driver() as driver:
            state = _state_of(driver)
            if state is None:
                return None
            numbers_given = state[0]
            taken_in: dict[str, tuple[int, int]] = {}
            for note_id, revision, number in driver.execute(_TAKEN_IN):
                if type(number) is not int or not 0 < number < numbers_given:
                    self._search_damaged = True
                    return None
                taken_in[note_id] = (revision, number)
        postings = self._every_posting(state, self._search_refreshes)
        return IndexedTokens(taken_in, numbers_given, postings)

    def _every_posting(
        self, state: tuple[int, int], refreshes: int
    ) -> Iterator[tuple[str, array[int]]]:
        try:
            opened = 0
            for low in range(0, BUCKETS, SEED_BUCKETS_PER_READ):
                high = low + SEED_BUCKETS_PER_READ
                with self._index_driver() as driver:
                    # A catch-up between two reads may have numbered the notes afresh.
                    if _state_of(driver) != state or self._search_refreshes != refreshes:
                        raise SearchIndexChanged("the search index was written meanwhile")
                    # Ids are fixed-width hex: they sort as their numbers do.
                    below = [bucket_id(high)] if high < BUCKETS else []
                    rows = driver.execute(
                        "SELECT id, revision, postings FROM search_bucket WHERE id >= ?"
                        + (" AND id < ?" if below else ""),
                        [bucket_id(low), *below],
                    ).fetchall()
                for row_id, revision, blob in rows:
                    bucket = _opened_bucket(self.sealer, row_id, revision, blob)
                    for token, numbers in bucket.items():
                        if numbers and numbers[-1] >= state[0]:
                            raise SearchIndexDamaged("a bucket of the search index is garbled")
                        yield token, numbers
                opened += len(rows)
            if opened != BUCKETS:
                raise SearchIndexDamaged("a bucket of the search index is missing")
        except SearchIndexDamaged:
            self._search_damaged = True
            raise

    def search_index_behind(self) -> int | None:
        """How many notes wait to be taken into the index (None: it is not built yet)."""
        if not self.on_file:
            return 0
        with self._index_driver() as driver:
            state = driver.execute(
                "SELECT buckets FROM search_state WHERE id = ?", (STATE_ROW,)
            ).fetchone()
            if state is None or state[0] != BUCKETS or self._search_damaged:
                return None
            return int(driver.execute(f"SELECT count(*) {BEHIND_FROM}").fetchone()[0])

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

import json
import sqlite3
from array import array
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager

from fieldnotes.crypto import FieldContext
from fieldnotes.domain.filters import search_tokens
from fieldnotes.errors import SearchIndexDamaged
from fieldnotes.storage.codec import as_bytes, note_from_row
from fieldnotes.storage.engine import db_errors, sqlite_driver
from fieldnotes.storage.notes import NoteRows
from fieldnotes.storage.scan import NOTE_COLUMNS, NoteCells
from fieldnotes.storage.search_reads import (
    BEHIND_FROM,
    BUCKETS,
    ENTRY_HEAD,
    STATE_ROW,
    WORD_PARTS,
    Postings,
    SearchReads,
    bucket_id,
    keyed_buckets,
    read_buckets,
    read_word_parts,
    words_part_id,
)

REFRESH_BATCH = 20_000
"""Notes taken in per transaction when the index catches up."""
REBUILD_WHEN_STALE = 0.25
"""Rebuild once this share of the numbers in the buckets belongs to rewritten or deleted
notes: they cost nothing in answers, only in bucket sizes."""


def encode_bucket(postings: Mapping[str, array[int]]) -> bytes:
    """A bucket as bytes: for each token its head, its UTF-8 bytes, its note numbers."""
    parts: list[bytes] = []
    for token in sorted(postings):
        numbers = postings[token]
        if numbers:
            raw = token.encode("utf-8")
            parts += (ENTRY_HEAD.pack(len(raw), len(numbers)), raw, numbers.tobytes())
    return b"".join(parts)


def add_postings(postings: Postings, new: Mapping[str, Sequence[int]]) -> None:
    """Put `new` note numbers into an opened bucket.

    Numbers are handed out in ascending order, so the new ones of a token follow its old ones
    and the list stays sorted. Numbers of notes since rewritten or deleted stay until the
    index is rebuilt: they only make a candidate that the check then drops.
    """
    for token, numbers in new.items():
        postings.setdefault(token, array("I")).extend(sorted(numbers))


class SearchIndexRows(SearchReads, NoteRows):
    """The index's rows, read by a search and kept by `refresh_search_index`."""

    @contextmanager
    def _index_driver(self) -> Iterator[sqlite3.Connection]:
        with self._connection_lock, db_errors(), self.engine.connect() as conn:
            yield sqlite_driver(conn)

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
        self._search_refreshes += 1
        with self._write() as conn:
            driver = sqlite_driver(conn)
            next_num = self._fresh_state(driver)
            rows = driver.execute(
                f"SELECT {', '.join('n.' + c for c in NOTE_COLUMNS)} {BEHIND_FROM}"
                " ORDER BY n.id LIMIT ?",
                (most,),
            ).fetchall()
            if rows:
                self._take_in(driver, [NoteCells._make(row) for row in rows], next_num)
            return int(driver.execute(f"SELECT count(*) {BEHIND_FROM}").fetchone()[0])

    def _fresh_state(self, driver: sqlite3.Connection) -> int:
        """The next note number, after starting the index afresh if it is missing, of
        another shape, damaged or mostly stale."""
        state = driver.execute(
            "SELECT buckets, next_num FROM search_state WHERE id = ?", (STATE_ROW,)
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
            (STATE_ROW, BUCKETS),
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
            (next_num, STATE_ROW),
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

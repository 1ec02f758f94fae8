"""The notebook file's format: its number, and the tables and indexes a file at it holds.

Light on purpose (no SQLAlchemy): the read-only commands' store (`fieldnotes.storage.readstore`)
decides from these whether a file is one it may read as it is. `tables.py` declares the same
tables; `tests/test_readstore.py` keeps the two in step.
"""

from __future__ import annotations

SCHEMA_VERSION = 6
"""2: a note's text fields are sealed together in `note.content` (1 sealed each on its own).
3: a note can be in the trash (`note.trashed_at`).
4: a note's clear columns are sealed in its document too, and a keyed manifest covers every
clear cell of every row (`manifest`, `manifest_bucket`; see `fieldnotes.storage.manifest`).
5: a sealed search index (`search_bucket`, `search_words`, `search_doc`, `search_state`; see
`fieldnotes.storage.search_index`).
6: the manifest's buckets are named by the first four characters of a row's key, not two."""
MANIFEST_FORMAT = 4
"""The first format whose files carry the manifest: a table added since is created at unlock."""
FINE_BUCKETS_FORMAT = 6
"""The first format whose manifest buckets rows by `BUCKET_WIDTH` characters of their key."""
BUCKET_WIDTH = 4
"""At 100,000 notes a bucket of a note-keyed table holds one or two rows, where two characters
made it about 390: a write re-reads about what it wrote (docs/benchmarks.md, issue 13)."""


SAME_TABLES_SINCE = 5
"""The oldest format whose tables, columns and indexes are this format's (6 changed only how
the manifest buckets rows): a backup at it is checked in memory as it is, at its own width."""


def bucket_width(version: int) -> int:
    """How many characters of a row's key name its manifest bucket in a file of `version`."""
    return BUCKET_WIDTH if version >= FINE_BUCKETS_FORMAT else 2


TABLE_NAMES = frozenset(
    {
        "draft",
        "export_log",
        "framework",
        "keyslot",
        "leader",
        "manifest",
        "manifest_bucket",
        "memo",
        "memo_note",
        "memo_obstacle",
        "meta",
        "note",
        "note_obstacle",
        "note_principle",
        "obstacle",
        "obstacle_event",
        "principle",
        "sealed_setting",
        "search_bucket",
        "search_doc",
        "search_state",
        "search_words",
        "team_conflict",
        "team_dirty",
        "team_row",
        "team_state",
    }
)
"""Every table of this format (`SQLModel.metadata.tables` in `tables.py`)."""

NOTE_INDEXES_MADE_AT_OPEN = frozenset({"ix_note_occurred_at", "ix_note_stage"})
"""The note's indexes that opening a file creates when they are missing (`SealedStore.open`)."""

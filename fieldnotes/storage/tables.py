"""SQLModel tables. Columns of type bytes hold sealed blobs; everything else is clear by design.

`docs/security.md` lists every clear column and why it is clear. Keep the two in step.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, Date, DateTime, ForeignKey, Index, LargeBinary, String, Table
from sqlmodel import Field, SQLModel

# The format's number is kept with the names of its tables, where the read-only commands find
# it without loading SQLAlchemy.
from fieldnotes.storage.formats import MANIFEST_FORMAT as MANIFEST_FORMAT
from fieldnotes.storage.formats import SCHEMA_VERSION as SCHEMA_VERSION


def _sealed() -> bytes:
    sealed: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    return sealed


def _moment(*, index: bool = False) -> datetime:
    # Naive on purpose: created/updated are UTC, occurred_at is the observer's local wall time.
    moment: datetime = Field(sa_column=Column(DateTime, nullable=False, index=index))
    return moment


class MetaRow(SQLModel, table=True):
    __tablename__ = "meta"
    key: str = Field(primary_key=True)
    value: str


class KeyslotRow(SQLModel, table=True):
    __tablename__ = "keyslot"
    id: int = Field(primary_key=True)
    salt: bytes
    memory_kib: int
    iterations: int
    lanes: int
    key_id: bytes
    wrapped: bytes
    created_at: datetime = _moment()


class FrameworkRow(SQLModel, table=True):
    __tablename__ = "framework"
    id: str = Field(primary_key=True)
    position: int
    revision: int = 1
    name: bytes = _sealed()
    short_name: bytes = _sealed()
    description: bytes = _sealed()
    source: bytes = _sealed()


class PrincipleRow(SQLModel, table=True):
    __tablename__ = "principle"
    id: str = Field(primary_key=True)
    framework_id: str = Field(
        sa_column=Column(String, ForeignKey("framework.id", ondelete="CASCADE"), nullable=False)
    )
    code: str
    position: int
    revision: int = 1
    title: bytes = _sealed()
    description: bytes = _sealed()


class NoteRow(SQLModel, table=True):
    __tablename__ = "note"
    id: str = Field(primary_key=True)
    mode: str
    # Indexed so the count of jottings waiting comes from the index, not a scan of sealed rows.
    stage: str = Field(index=True)
    occurred_at: datetime = _moment(index=True)
    created_at: datetime = _moment()
    updated_at: datetime = _moment()
    revision: int
    # When the note was put in the trash; None while it is live. Trashed notes are left out of
    # every list, search, count and synthesis until restored or the trash is emptied.
    trashed_at: datetime | None = Field(default=None, sa_column=Column(DateTime, nullable=True))
    # Every text field of the note (team, setting, participants, description, asides, quotes,
    # consent, follow-up) sealed as one JSON document: one open per note, not eight, is what
    # lets a search read through a hundred thousand notes in seconds.
    content: bytes = _sealed()


class NotePrincipleRow(SQLModel, table=True):
    __tablename__ = "note_principle"
    note_id: str = Field(
        sa_column=Column(String, ForeignKey("note.id", ondelete="CASCADE"), primary_key=True)
    )
    principle_id: str = Field(
        sa_column=Column(
            String, ForeignKey("principle.id", ondelete="CASCADE"), primary_key=True, index=True
        )
    )
    stance: str


class ObstacleRow(SQLModel, table=True):
    __tablename__ = "obstacle"
    id: str = Field(primary_key=True)
    parent_id: str | None = Field(
        default=None,
        sa_column=Column(String, ForeignKey("obstacle.id", ondelete="RESTRICT"), nullable=True),
    )
    position: int
    status: str
    reobserve_on: date | None = Field(default=None, sa_column=Column(Date, nullable=True))
    created_at: datetime = _moment()
    updated_at: datetime = _moment()
    revision: int
    name: bytes = _sealed()
    description: bytes = _sealed()
    ask: bytes = _sealed()
    decision: bytes = _sealed()


class NoteObstacleRow(SQLModel, table=True):
    __tablename__ = "note_obstacle"
    note_id: str = Field(
        sa_column=Column(String, ForeignKey("note.id", ondelete="CASCADE"), primary_key=True)
    )
    obstacle_id: str = Field(
        sa_column=Column(
            String, ForeignKey("obstacle.id", ondelete="CASCADE"), primary_key=True, index=True
        )
    )


class MemoRow(SQLModel, table=True):
    __tablename__ = "memo"
    id: str = Field(primary_key=True)
    kind: str
    created_at: datetime = _moment()
    updated_at: datetime = _moment()
    revision: int
    title: bytes = _sealed()
    body: bytes = _sealed()


class MemoNoteRow(SQLModel, table=True):
    __tablename__ = "memo_note"
    memo_id: str = Field(
        sa_column=Column(String, ForeignKey("memo.id", ondelete="CASCADE"), primary_key=True)
    )
    note_id: str = Field(
        sa_column=Column(String, ForeignKey("note.id", ondelete="CASCADE"), primary_key=True)
    )


class MemoObstacleRow(SQLModel, table=True):
    __tablename__ = "memo_obstacle"
    memo_id: str = Field(
        sa_column=Column(String, ForeignKey("memo.id", ondelete="CASCADE"), primary_key=True)
    )
    obstacle_id: str = Field(
        sa_column=Column(String, ForeignKey("obstacle.id", ondelete="CASCADE"), primary_key=True)
    )


class DraftRow(SQLModel, table=True):
    """Unsaved editor state, sealed, so a killed app loses nothing."""

    __tablename__ = "draft"
    id: str = Field(primary_key=True)
    note_id: str | None = Field(
        default=None,
        sa_column=Column(String, ForeignKey("note.id", ondelete="SET NULL"), nullable=True),
    )
    updated_at: datetime = _moment()
    revision: int
    payload: bytes = _sealed()


class LeaderRow(SQLModel, table=True):
    """The address book of leaders who receive briefs: label and age recipient, both sealed."""

    __tablename__ = "leader"
    id: str = Field(primary_key=True)
    created_at: datetime = _moment()
    revision: int
    label: bytes = _sealed()
    recipient: bytes = _sealed()


class ExportRow(SQLModel, table=True):
    """The export log: when (clear, for ordering), and to whom / what (sealed)."""

    __tablename__ = "export_log"
    id: str = Field(primary_key=True)
    created_at: datetime = _moment(index=True)
    revision: int
    payload: bytes = _sealed()


class SealedSettingRow(SQLModel, table=True):
    """Per-notebook settings a person typed (protected names, author label), sealed."""

    __tablename__ = "sealed_setting"
    id: str = Field(primary_key=True)
    revision: int
    value: bytes = _sealed()


class ObstacleEventRow(SQLModel, table=True):
    """One change to an obstacle's status, ask, decision or re-observe date: when (clear, for
    the timeline's order) and which obstacle (clear, a key); who, why and what (sealed)."""

    __tablename__ = "obstacle_event"
    id: str = Field(primary_key=True)
    obstacle_id: str = Field(
        sa_column=Column(
            String, ForeignKey("obstacle.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    at: datetime = _moment()
    revision: int
    payload: bytes = _sealed()


class ManifestRow(SQLModel, table=True):
    """The keyed checksum of every row's clear cells: one row, rewritten by every write."""

    __tablename__ = "manifest"
    id: int = Field(primary_key=True)
    generation: int
    total: bytes
    schema_digest: bytes
    mac: bytes


class ManifestBucketRow(SQLModel, table=True):
    """One bucket of one table (rows whose key starts alike): its row count and checksum.

    Not authenticated one by one: their sum is, in `manifest`. They say where a change is.
    """

    __tablename__ = "manifest_bucket"
    tbl: str = Field(primary_key=True)
    bucket: str = Field(primary_key=True)
    rows: int
    digest: bytes


class SearchBucketRow(SQLModel, table=True):
    """One bucket of the search index: the words whose keyed hash falls in it, each with the
    numbers of the notes that hold it. The bucket number is clear; every word is sealed."""

    __tablename__ = "search_bucket"
    id: str = Field(primary_key=True)
    revision: int
    postings: bytes = _sealed()


class SearchWordsRow(SQLModel, table=True):
    """One part of the search index's word list (every distinct word once), sealed: a search
    for part of a word reads the list to learn which whole words hold it."""

    __tablename__ = "search_words"
    id: str = Field(primary_key=True)
    revision: int
    words: bytes = _sealed()


class SearchDocRow(SQLModel, table=True):
    """Which revision of a note the search index holds, under which number. A note whose
    revision differs (written since) is searched by opening it, until the index takes it in."""

    __tablename__ = "search_doc"
    note_id: str = Field(
        sa_column=Column(String, ForeignKey("note.id", ondelete="CASCADE"), primary_key=True)
    )
    revision: int
    num: int


class SearchStateRow(SQLModel, table=True):
    """The search index as a whole: its shape, and the next note number it gives out."""

    __tablename__ = "search_state"
    id: str = Field(primary_key=True)
    revision: int
    buckets: int
    next_num: int


SEARCH_TABLES = ("search_bucket", "search_words", "search_doc", "search_state")
"""Format 5's tables: an older file gets them from its upgrade step, not when opened."""


class TeamStateRow(SQLModel, table=True):
    """A team replica's own state, each sealed: its link to the team (server, password, keys)
    and how the last sync went. A personal notebook has no rows here."""

    __tablename__ = "team_state"
    id: str = Field(primary_key=True)
    revision: int
    value: bytes = _sealed()


class TeamRowRow(SQLModel, table=True):
    """What this replica holds of each team row: the server's revision, and the local clear
    state it was synced at, so what changed since is found without opening anything.

    Keyed by row id first: the manifest buckets rows by the first characters of their key.
    """

    __tablename__ = "team_row"
    row_id: str = Field(primary_key=True)
    kind: str = Field(primary_key=True)
    revision: int
    """The server's revision of the row this replica last sent or received."""
    synced: str
    """The local row's clear state (revision, links) when it was last sent or received."""
    seq: int
    author: str
    """The member id of whoever created the row."""
    digest: str
    """A keyed digest of the row's document as synced: a local write that changed nothing
    the team sees (a revision bumped, the same text) is not sent."""


class TeamDirtyRow(SQLModel, table=True):
    """The rows of a replica written since they were last synced (the dirty set), kept by
    every write transaction for the rows it touched, so a sync reads these instead of the
    clear state of every row. Holds ("*", "*") once it is complete; until then (a replica
    made before it, or a file accepted as changed outside fieldnotes) a sync scans once.
    Keyed by row id first, as `team_row` is."""

    __tablename__ = "team_dirty"
    row_id: str = Field(primary_key=True)
    kind: str = Field(primary_key=True)


class TeamConflictRow(SQLModel, table=True):
    """A local change that met a colleague's: this replica's version, kept sealed until the
    person chooses."""

    __tablename__ = "team_conflict"
    id: str = Field(primary_key=True)
    created_at: datetime = _moment()
    revision: int
    payload: bytes = _sealed()


def table_named(name: str) -> Table:
    # SQLModel's `__table__` is not in its type stubs; the metadata holds the same objects.
    return SQLModel.metadata.tables[name]


_table = table_named


META = _table("meta")
KEYSLOT = _table("keyslot")
FRAMEWORK = _table("framework")
PRINCIPLE = _table("principle")
NOTE = _table("note")
NOTE_PRINCIPLE = _table("note_principle")
NOTE_OBSTACLE = _table("note_obstacle")
OBSTACLE = _table("obstacle")
MEMO = _table("memo")
MEMO_NOTE = _table("memo_note")
MEMO_OBSTACLE = _table("memo_obstacle")
DRAFT = _table("draft")
LEADER = _table("leader")
EXPORT = _table("export_log")
SETTING = _table("sealed_setting")
OBSTACLE_EVENT = _table("obstacle_event")
SEARCH_BUCKET = _table("search_bucket")
SEARCH_WORDS = _table("search_words")
SEARCH_DOC = _table("search_doc")
SEARCH_STATE = _table("search_state")
TEAM_STATE = _table("team_state")
TEAM_ROW = _table("team_row")
TEAM_CONFLICT = _table("team_conflict")
TEAM_DIRTY = _table("team_dirty")
TEAM_TABLES = (TEAM_STATE, TEAM_ROW, TEAM_CONFLICT, TEAM_DIRTY)
NOTE_REVISIONS = Index("ix_note_revisions", NOTE.c.id, NOTE.c.revision, NOTE.c.trashed_at)
"""Format 5: which notes the search index is behind on, read from this index alone, not from
the note rows with their sealed documents (a scan of the whole table). The step to 5 makes
it in an older file."""

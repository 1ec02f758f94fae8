"""The note rows of the sealed store: writing notes and their links, and reading them back."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.engine import Connection, RowMapping

from fieldnotes.domain.model import Note, NoteDraft, PrincipleLink, Stance
from fieldnotes.errors import NoteChanged, NotFound
from fieldnotes.storage.codec import (
    NOTE_BOUND,
    as_bytes,
    document_json,
    escaped_in_json,
    new_id,
    newest_first,
    note_bound,
    note_content,
    note_from_row,
    row_bound,
    stored_moment,
    utcnow,
)
from fieldnotes.storage.core import StoreCore, untyped_select
from fieldnotes.storage.engine import checkpoint, db_errors
from fieldnotes.storage.scan import NOTE_COLUMNS, Driver, NoteCells, keyset_pages
from fieldnotes.storage.tables import DRAFT, NOTE, NOTE_OBSTACLE, NOTE_PRINCIPLE

_IN_LIMIT = 5_000
"""Beyond this many ids, reading every note beats a huge IN list (SQLite caps parameters)."""


def _occurred(draft: NoteDraft) -> datetime:
    return (draft.occurred_at or datetime.now().replace(microsecond=0)).replace(tzinfo=None)


class NoteRows(StoreCore):
    def insert_note(
        self, draft: NoteDraft, *, conn: Connection | None = None, now: datetime | None = None
    ) -> str:
        if conn is None:
            with self._write() as own:
                return self.insert_note(draft, conn=own, now=now)
        note_id = new_id()
        stamp = now or utcnow()
        occurred = _occurred(draft)
        bound = note_bound(draft.mode, draft.stage, occurred, stamp, stamp, None)
        clear = {"mode": draft.mode, "stage": draft.stage, "occurred_at": occurred}
        self._upsert_sealed(
            conn,
            NOTE,
            note_id,
            note_content(draft, bound),
            {**clear, "created_at": stamp, "updated_at": stamp},
            known_new=True,
        )
        self._fault("note:after-insert")
        self._write_note_links(conn, note_id, draft)
        return note_id

    def update_note(self, note_id: str, draft: NoteDraft, *, codes_only: bool = False) -> None:
        with self._write() as conn:
            self._rewrite_note(conn, note_id, draft, codes_only=codes_only)

    def _rewrite_note(
        self,
        conn: Connection,
        note_id: str,
        draft: NoteDraft,
        *,
        revision: int | None = None,
        codes_only: bool = False,
    ) -> None:
        """Write `draft` over the note, in `conn`'s transaction; with `revision`, only if the
        note is still at it (it was read for this write, and nothing may have come between).

        `codes_only` says the words did not change, only what its passages are coded with:
        the note keeps its last-changed date, as tagging a note does (on a team, the words
        are the writer's and the codes travel apart from them)."""
        found = self._note_cells(
            conn, note_id, "revision", "created_at", "updated_at", "trashed_at"
        )
        if found is None:
            raise NotFound("that note no longer exists")
        if revision is not None and found["revision"] != revision:
            raise NoteChanged("a note changed while this was being prepared: try again")
        occurred = _occurred(draft)
        stamp: datetime | str = found["updated_at"] if codes_only else utcnow()
        bound = note_bound(
            draft.mode, draft.stage, occurred, found["created_at"], stamp, found["trashed_at"]
        )
        clear: dict[str, object] = {
            "mode": draft.mode,
            "stage": draft.stage,
            "occurred_at": occurred,
        }
        if not codes_only:
            clear["updated_at"] = stamp
        self._upsert_sealed(
            conn,
            NOTE,
            note_id,
            note_content(draft, bound),
            clear,
            current=int(found["revision"]),
        )
        self._fault("note:after-update")
        conn.execute(delete(NOTE_PRINCIPLE).where(NOTE_PRINCIPLE.c.note_id == note_id))
        conn.execute(delete(NOTE_OBSTACLE).where(NOTE_OBSTACLE.c.note_id == note_id))
        self._write_note_links(conn, note_id, draft)

    @staticmethod
    def _note_cells(conn: Connection, note_id: str, *names: str) -> RowMapping | None:
        """A note's cells as the database holds them (untyped), or None."""
        query = untyped_select(NOTE, names)
        return conn.execute(query.where(NOTE.c.id == note_id)).mappings().first()

    def _write_note_links(self, conn: Connection, note_id: str, draft: NoteDraft) -> None:
        seen_principles: dict[str, str] = {}
        for link in draft.principles:
            seen_principles[link.principle_id] = link.stance
        if seen_principles:
            conn.execute(
                insert(NOTE_PRINCIPLE),
                [
                    {"note_id": note_id, "principle_id": pid, "stance": stance}
                    for pid, stance in seen_principles.items()
                ],
            )
        obstacle_ids = list(dict.fromkeys(draft.obstacle_ids))
        if obstacle_ids:
            conn.execute(
                insert(NOTE_OBSTACLE),
                [{"note_id": note_id, "obstacle_id": oid} for oid in obstacle_ids],
            )

    def delete_note(self, note_id: str) -> None:
        with self._write() as conn:
            result = conn.execute(delete(NOTE).where(NOTE.c.id == note_id))
            if result.rowcount == 0:
                raise NotFound("that note no longer exists")

    def set_trashed(self, note_id: str, trashed: bool) -> None:
        """Put a live note in the trash, or take a trashed one out of it."""
        with self._write() as conn:
            found = self._note_cells(conn, note_id, *NOTE_COLUMNS)
            if found is None or (found["trashed_at"] is None) is not trashed:
                where = "among the notes" if trashed else "in the trash"
                raise NotFound(f"that note is not {where}")
            row = NoteCells(**found)
            when = utcnow() if trashed else None
            content = self._open_note_document(row)
            if content is None:
                # A note that no longer opens goes to the trash as it is, still damaged.
                conn.execute(update(NOTE).where(NOTE.c.id == note_id).values(trashed_at=when))
                return
            # Re-sealed with its new trash date bound in, under the next revision.
            content["bound"][NOTE_BOUND.index("trashed_at")] = stored_moment(when)
            sealed = {"content": document_json(content)}
            self._upsert_sealed(
                conn, NOTE, note_id, sealed, {"trashed_at": when}, current=row.revision
            )

    def _open_note_document(self, row: NoteCells) -> dict[str, Any] | None:
        """A note's sealed document, if it opens and matches its row; else None."""
        if type(row.id) is not str or type(row.revision) is not int:
            return None
        content = self.sealer.open_field(
            "note", row.id, row.revision, "content", as_bytes(row.content)
        )
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

        secure_delete (on for every connection of a file) overwrites the freed pages; the
        checkpoint then truncates the write-ahead log, which still held copies of them.
        """
        with self._write() as conn:
            gone: list[str] = list(
                conn.execute(select(NOTE.c.id).where(NOTE.c.trashed_at.isnot(None))).scalars()
            )
            for start in range(0, len(gone), _IN_LIMIT):
                chunk = gone[start : start + _IN_LIMIT]
                # An unsaved edit of a note being deleted holds that note's text too.
                conn.execute(delete(DRAFT).where(DRAFT.c.note_id.in_(chunk)))
                conn.execute(delete(NOTE).where(NOTE.c.id.in_(chunk)))
        self.checkpoint()
        return len(gone)

    def checkpoint(self) -> None:
        with db_errors(), self.engine.connect() as conn:
            checkpoint(conn)

    def note_ids(self) -> list[str]:
        """The ids of the live notes (not those in the trash)."""
        with self._read() as conn:
            return list(
                conn.execute(select(NOTE.c.id).where(NOTE.c.trashed_at.is_(None))).scalars()
            )

    def note_counts(self) -> tuple[int, int]:
        """(notes, jottings) from clear columns, without opening anything; the trash left out."""
        with self._read() as conn:
            total, jottings = conn.execute(
                select(func.count(), func.count().filter(NOTE.c.stage == "jotting")).where(
                    NOTE.c.trashed_at.is_(None)
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
            rows = self._scanned(lambda driver: self._scan.with_ids(driver, wanted))
            notes = self._open_rows(rows, words, trashed)
        elif newest is not None:
            rows = self._scanned(lambda driver: self._scan.newest(driver, newest, trashed))
            return self._open_rows(rows, words, trashed)
        else:
            # Every note, a page at a time in key order, sorted once at the end. The connection
            # is held only while a page is read (a save waits milliseconds, not the whole
            # load), and only one page of ciphertext is in memory at once. A note saved
            # meanwhile is put right by the notebook's refresh.
            notes = []
            pages = keyset_pages(
                lambda after: self._scanned(lambda driver: self._scan.page_after(driver, after))
            )
            for page in pages:
                notes += self._open_rows(page, words, trashed)
        notes.sort(key=newest_first, reverse=True)
        return notes

    def _scanned(self, read: Callable[[Driver], list[NoteCells]]) -> list[NoteCells]:
        """Note rows read by the scan on the driver's connection, under the connection lock."""
        with self._read_driver() as driver:
            return read(driver)

    def _read_links(
        self, note_ids: Sequence[str]
    ) -> tuple[dict[str, list[PrincipleLink]], dict[str, list[str]]]:
        """The principle and obstacle links of these notes, in two queries."""
        principle_links: dict[str, list[PrincipleLink]] = {}
        obstacle_links: dict[str, list[str]] = {}
        if not note_ids:
            return principle_links, obstacle_links
        with self._read_driver() as driver:
            for note_id, principle_id, stance in self._scan.principle_links(driver, note_ids):
                principle_links.setdefault(note_id, []).append(
                    PrincipleLink(principle_id, cast(Stance, stance))
                )
            for note_id, obstacle_id in self._scan.obstacle_links(driver, note_ids):
                obstacle_links.setdefault(note_id, []).append(obstacle_id)
        return principle_links, obstacle_links

    def _open_rows(
        self, rows: Sequence[NoteCells], words: Sequence[str], trashed: bool | None = False
    ) -> list[Note]:
        """Open a page of rows (outside the connection lock) into notes, keeping those that
        may hold every word (and are in the trash, or not, as `trashed` asks)."""
        sealer = self.sealer
        kept: list[tuple[NoteCells, str | None]] = []
        for row in rows:
            if trashed is not None and (row.trashed_at is not None) is not trashed:
                continue
            if type(row.id) is not str or type(row.revision) is not int:
                # Sealed under another id or revision than these garbled ones.
                kept.append((row, None))
                continue
            content = sealer.open_field(
                "note", row.id, row.revision, "content", as_bytes(row.content)
            )
            if words and content is not None:
                folded = content.casefold()
                if not all(word in folded for word in words):
                    continue
            kept.append((row, content))
        principle_links, obstacle_links = self._read_links([row.id for row, _ in kept])
        no_principles: list[PrincipleLink] = []
        no_obstacles: list[str] = []
        return [
            note_from_row(
                row,
                content,
                principle_links.get(row.id, no_principles),
                obstacle_links.get(row.id, no_obstacles),
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
                        delete(NOTE_OBSTACLE).where(
                            (NOTE_OBSTACLE.c.note_id == note_id)
                            & (NOTE_OBSTACLE.c.obstacle_id == obstacle_id)
                        )
                    )
                    if not remove:
                        conn.execute(
                            insert(NOTE_OBSTACLE).values(note_id=note_id, obstacle_id=obstacle_id)
                        )
                if principle is not None:
                    conn.execute(
                        delete(NOTE_PRINCIPLE).where(
                            (NOTE_PRINCIPLE.c.note_id == note_id)
                            & (NOTE_PRINCIPLE.c.principle_id == principle.principle_id)
                        )
                    )
                    if not remove:
                        conn.execute(
                            insert(NOTE_PRINCIPLE).values(
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

"""The notebook façade: the one way every caller (command line, TUI, synthesis) reaches data.

Above this line there is no ciphertext and no SQL: only the dataclasses of `domain.model`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import os
import re
import threading
import uuid
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Self

from fieldnotes.crypto import DEFAULT_KDF, KdfParams
from fieldnotes.crypto.kdf import EarlyDerivation
from fieldnotes.domain.codebook import ObstacleTree
from fieldnotes.domain.model import (
    MEMO_KINDS,
    MODES,
    OBSTACLE_STATUSES,
    STAGES,
    CodebookEntry,
    ExportRecord,
    Framework,
    ImportedNote,
    Leader,
    Memo,
    MemoKind,
    Note,
    NoteDraft,
    Obstacle,
    ObstacleStatus,
    Principle,
    PrincipleLink,
    note_size_problem,
)
from fieldnotes.errors import (
    DamagedData,
    DamagedError,
    EmptyNote,
    ExportWriteError,
    FieldnotesError,
    FileFormatError,
    ImportProblems,
    InvalidInput,
    NotebookExists,
    NotebookLocked,
    NotebookNotFound,
    NotFound,
)
from fieldnotes.storage.engine import ProcessLock, create_private_file
from fieldnotes.storage.store import SCHEMA_VERSION, SealedStore

if TYPE_CHECKING:
    from fieldnotes.backup import BackupHeader
    from fieldnotes.domain.brief import BriefRequest, KeptDecision
    from fieldnotes.domain.due import Due
    from fieldnotes.domain.member_check import MemberCheck
    from fieldnotes.domain.pseudonyms import PersonAlias
    from fieldnotes.domain.synthesis import Change, Synthesis


@dataclasses.dataclass(frozen=True, slots=True)
class NoteFilter:
    mode: str | None = None
    stage: str | None = None
    team: str | None = None
    obstacle_id: str | None = None
    principle_id: str | None = None
    stance: str | None = None
    since: date | None = None
    until: date | None = None
    query: str = ""

    @property
    def words(self) -> tuple[str, ...]:
        """The query's distinct words, casefolded: a note matches when it holds every one."""
        return tuple(dict.fromkeys(self.query.casefold().split()))

    def matches(self, note: Note, obstacle_ids: set[str] | None = None) -> bool:
        if self.mode and note.mode != self.mode:
            return False
        if self.stage and note.stage != self.stage:
            return False
        if self.team and note.team.casefold() != self.team.casefold():
            return False
        if obstacle_ids is not None and not obstacle_ids.intersection(note.obstacle_ids):
            return False
        if self.principle_id and not any(
            link.principle_id == self.principle_id
            and (self.stance is None or link.stance == self.stance)
            for link in note.principles
        ):
            return False
        day = note.occurred_at.date()
        if self.since and day < self.since:
            return False
        if self.until and day > self.until:
            return False
        return not self.query or matches_query(note, self.query)


def matches_query(note: Note, query: str) -> bool:
    """Every word of the query appears somewhere in the note's sealed text (case-insensitive)."""
    haystack = note.searchable_text().casefold()
    return all(word in haystack for word in query.casefold().split())


DAMAGED_LEADER = "(damaged leader)"
"""The label a damaged address-book entry is listed under, so it can be seen and removed."""
_SETTING_ADVICE = {
    "protected_names": "nothing was checked or exported; set the whole list again with "
    "`fieldnotes protect --replace NAME…` before sending a brief",
    "author_label": "set the author name again",
    "author_identity": "briefs sent before cannot be reopened by you; nothing was exported",
    "author_recipient": "briefs sent before cannot be reopened by you; nothing was exported",
}


@dataclasses.dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import added, and which files it skipped as already in the notebook."""

    notes: list[Note]
    already: tuple[str, ...] = ()


def merge_obstacle_fields(source: Obstacle, target: Obstacle) -> Obstacle:
    """`target` with what `source` knew folded in, so a merge forgets no progress.

    The status is the further along of the two and the re-observe date the earlier (a date
    someone set is a promise to look again, kept whichever obstacle held it); the source's
    description, ask and decision are added to the target's when they say something new.
    """
    status = max(source.status, target.status, key=OBSTACLE_STATUSES.index)
    dates = [day for day in (source.reobserve_on, target.reobserve_on) if day is not None]
    description = target.description
    if source.description.strip():
        description = (
            f"{description.rstrip()}\n\nMerged from “{source.name}”: {source.description}"
        ).strip()
    return dataclasses.replace(
        target,
        status=status,
        reobserve_on=min(dates, default=None),
        description=description,
        ask=_appended(target.ask, source.ask),
        decision=_appended(target.decision, source.decision),
    )


def _appended(kept: str, added: str) -> str:
    if not added.strip() or added.strip() in kept:
        return kept
    return f"{kept.rstrip()}\n{added}".strip()


SUGGESTIONS_FROM_NEWEST = 300
RECENT_SEARCHES = 32


class Notebook:
    """An open notebook. Holds the process lock from open to close; the key only while unlocked."""

    def __init__(self, path: Path, store: SealedStore, process_lock: ProcessLock) -> None:
        self.path = path
        self._store = store
        self._process_lock = process_lock
        self._notes: dict[str, Note] | None = None
        self._ordered: list[Note] | None = None
        """The notes newest first, kept between calls: a search keystroke must not re-sort."""
        self._haystacks: dict[str, str] = {}
        """Each note's sealed text, casefolded once, for incremental search."""
        self._search_pairs: tuple[list[Note], list[str]] | None = None
        self._recent_searches: dict[tuple[NoteFilter, tuple[str, ...]], list[int]] = {}
        """Positions (in `_search_pairs`) each recent search matched, newest search last."""
        self._obstacles: ObstacleTree | None = None
        self._frameworks: list[Framework] | None = None
        self._listeners: list[Callable[[], None]] = []
        self._cache_lock = threading.RLock()
        """Held while the note caches are filled or changed: a worker may be opening every note
        while the screen saves one, and the save must land in what the worker returns."""

    # ----------------------------------------------------------------- lifecycle

    @classmethod
    def create(
        cls,
        path: Path,
        passphrase: str,
        *,
        kdf: KdfParams = DEFAULT_KDF,
        frameworks: Sequence[Framework] = (),
        codebook: Sequence[CodebookEntry] = (),
    ) -> Notebook:
        """Create a notebook and return it unlocked."""
        path = Path(path)
        if not passphrase:
            raise InvalidInput("the passphrase must not be empty")
        if path.exists():
            raise NotebookExists(path)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        lock = ProcessLock(path)
        lock.acquire()
        try:
            create_private_file(path)
            try:
                store = SealedStore.create(path, passphrase, kdf)
                if frameworks:
                    store.save_frameworks(frameworks)
                if codebook:
                    store.import_codebook(codebook)
            except BaseException:
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{path}{suffix}").unlink(missing_ok=True)
                raise
        except BaseException:
            lock.release()
            raise
        return cls(path, store, lock)

    @classmethod
    def open(
        cls, path: Path, *, wait: float = 0.0, on_wait: Callable[[], None] | None = None
    ) -> Notebook:
        """Open a notebook, locked. Unlock it with `unlock(passphrase)`.

        If another process has it open, wait up to `wait` seconds for it to close it (calling
        `on_wait` once when the waiting starts), then refuse with `NotebookBusy`.
        """
        path = Path(path)
        if not path.is_file():
            raise NotebookNotFound(path)
        lock = ProcessLock(path)
        lock.acquire(wait, on_wait=on_wait)
        try:
            store = SealedStore.open(path)
        except BaseException:
            lock.release()
            raise
        return cls(path, store, lock)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @property
    def notebook_id(self) -> str:
        return str(uuid.UUID(bytes=self._store.notebook_id))

    @property
    def is_unlocked(self) -> bool:
        return self._store.unlocked

    @property
    def needs_upgrade(self) -> bool:
        """Written in an older format: the next unlock upgrades it (seconds for a large one)."""
        return self._store.schema_version < SCHEMA_VERSION

    @property
    def kdf_params(self) -> KdfParams:
        return self._store.keyslot().params

    def unlock(self, passphrase: str, *, early: EarlyDerivation | None = None) -> None:
        """Derive the key and open the keyslot. `early` is the same passphrase's derivation,
        started before the notebook was opened (see `fieldnotes.crypto.kdf.EarlyDerivation`)."""
        self._store.unlock(passphrase, early)
        try:
            self._after_unlock()
        except BaseException:
            # Never unlocked halfway: whatever failed, the key is not left in memory.
            self.lock()
            raise

    def _after_unlock(self) -> None:
        """Checks run once the key is in, before anything is shown."""

    def integrity_problems(self) -> tuple[str, ...]:
        """What the last unlock found changed outside fieldnotes: rows that do not match the
        manifest, a changed structure, a rollback. Empty when nothing was found. Damage to a
        single note shows on that note (`Note.damaged`) as well."""
        self._require_unlocked()
        return self._store.integrity_problems

    def accept_current_state(self) -> None:
        """The person has looked at the reported damage and accepts the notebook as it is."""
        self._require_unlocked()
        self._store.accept_current_state()
        self._drop_caches()

    def lock(self) -> None:
        """Drop the key and every decrypted object this façade holds."""
        self._drop_caches()
        self._store.lock()

    def close(self) -> None:
        try:
            self._drop_caches()
            self._store.close()
        finally:
            self._process_lock.release()

    def change_passphrase(self, old: str, new: str, kdf: KdfParams | None = None) -> None:
        if not new:
            raise InvalidInput("the new passphrase must not be empty")
        self._store.change_passphrase(old, new, kdf or self._store.keyslot().params)

    def on_change(self, listener: Callable[[], None]) -> Callable[[], None]:
        """Call `listener` after every write, so views can refresh. Returns an unsubscribe."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def _drop_caches(self) -> None:
        with self._cache_lock:
            self._notes = None
            self._notes_changed()
            gc.unfreeze()
            self._obstacles = None
            self._frameworks = None

    def _notes_changed(self, note_ids: Iterable[str] | None = None) -> None:
        with self._cache_lock:
            self._ordered = None
            self._search_pairs = None
            self._recent_searches.clear()
            if note_ids is None:
                self._haystacks = {}
            else:
                for note_id in note_ids:
                    self._haystacks.pop(note_id, None)

    def _changed(self, *, notes: bool = False, obstacles: bool = False) -> None:
        if notes:
            with self._cache_lock:
                self._notes = None
                self._notes_changed()
        if obstacles:
            self._obstacles = None
        for listener in list(self._listeners):
            listener()

    def _require_unlocked(self) -> None:
        if not self._store.unlocked:
            raise NotebookLocked()

    # --------------------------------------------------------------- frameworks

    def frameworks(self) -> list[Framework]:
        self._require_unlocked()
        if self._frameworks is None:
            self._frameworks = self._store.frameworks()
        return self._frameworks

    def principles(self) -> dict[str, Principle]:
        return {p.id: p for f in self.frameworks() for p in f.principles}

    def principle(self, principle_id: str) -> Principle:
        try:
            return self.principles()[principle_id]
        except KeyError:
            raise NotFound(f"no principle {principle_id!r} in this notebook") from None

    def add_frameworks(self, frameworks: Sequence[Framework]) -> None:
        """Add or replace frameworks by id (links to principles that remain are kept)."""
        self._require_unlocked()
        self._store.save_frameworks(frameworks)
        self._frameworks = None
        self._changed(notes=True)

    # -------------------------------------------------------------------- notes

    def _all_notes(self) -> dict[str, Note]:
        self._require_unlocked()
        notes = self._notes
        if notes is not None:
            return notes
        with self._cache_lock:
            if self._notes is None:
                # Opening every note allocates millions of objects, none of them in a cycle,
                # and each allocation burst sets off the cyclic collector over the ever larger
                # heap: eleven full passes, 4 s of 9, at 100,000 notes. Nothing it could free
                # is made here, so it waits until the notes are in and frozen below.
                collecting = gc.isenabled()
                gc.disable()
                try:
                    loaded = self._store.load_notes()
                finally:
                    if collecting:
                        gc.enable()
                self._notes = {note.id: note for note in loaded}
                # The store returns them newest first: the sorted order comes free, unless a
                # note was moved in time while the pages were read (then it is sorted again).
                if len(self._notes) == len(loaded):
                    self._ordered = loaded
                # Tens of thousands of long-lived notes make every later full collection
                # slow; freezing them moves them out of the collector's way (a 0.6 s pause
                # at 100k).
                gc.collect()
                gc.freeze()
            return self._notes

    def _ordered_notes(self) -> list[Note]:
        notes = self._all_notes()
        ordered = self._ordered
        if ordered is None:
            with self._cache_lock:
                ordered = self._ordered = sorted(
                    notes.values(), key=lambda n: (n.occurred_at, n.id), reverse=True
                )
        return ordered

    @property
    def notes_loaded(self) -> bool:
        """Whether every note is open in memory (after `prepare_search` or any full read)."""
        return self._notes is not None

    def newest_notes(self, limit: int) -> list[Note]:
        """The newest `limit` notes, without waiting for the rest to be opened.

        For a first screen on a large notebook: opening a few hundred notes takes milliseconds,
        opening a hundred thousand takes seconds (do that with `prepare_search` in a worker).
        """
        self._require_unlocked()
        if self._notes is not None:
            return self._ordered_notes()[:limit]
        return self._store.load_notes(newest=limit)

    def _haystack(self, note: Note) -> str:
        haystack = self._haystacks.get(note.id)
        if haystack is None:
            haystack = self._haystacks[note.id] = note.searchable_text().casefold()
        return haystack

    def notes(self, where: NoteFilter | None = None) -> list[Note]:
        """Notes, newest first, optionally filtered (obstacle filters include sub-obstacles)."""
        ordered = self._ordered_notes()
        if where is None:
            return list(ordered)
        obstacle_ids = self._obstacle_scope(where)
        words = where.words
        without_query = dataclasses.replace(where, query="")
        unfiltered = without_query == NoteFilter()
        if not words:
            return [n for n in ordered if unfiltered or without_query.matches(n, obstacle_ids)]
        ordered, haystacks = self._search_index()
        candidates = self._narrowest_earlier_search(without_query, words)
        if candidates is None:
            candidates = (
                range(len(ordered))
                if unfiltered
                else [i for i, n in enumerate(ordered) if without_query.matches(n, obstacle_ids)]
            )
        # The longest word first: it usually rules out the most notes.
        for word in sorted(words, key=len, reverse=True):
            candidates = [i for i in candidates if word in haystacks[i]]
        self._remember_search(without_query, words, candidates)
        return [ordered[i] for i in candidates]

    def find(self, where: NoteFilter) -> list[Note]:
        """The notes `where` selects, for a one-off command such as `fieldnotes search`.

        Same answer as `notes(where)`. When the notes are not open yet, a search does not open
        them all into memory: each is decrypted once and only possible matches are kept.
        """
        if self._notes is not None or not where.words:
            return self.notes(where)
        self._require_unlocked()
        obstacle_ids = self._obstacle_scope(where)
        return [
            note
            for note in self._store.load_notes(containing=where.words)
            if where.matches(note, obstacle_ids)
        ]

    def _obstacle_scope(self, where: NoteFilter) -> set[str] | None:
        """The obstacle a filter names and every obstacle under it, or None for any."""
        return self.obstacle_subtree(where.obstacle_id) if where.obstacle_id is not None else None

    def _search_index(self) -> tuple[list[Note], list[str]]:
        """The notes newest first and their casefolded text, position for position."""
        ordered = self._ordered_notes()
        index = self._search_pairs
        if index is None or index[0] is not ordered:
            with self._cache_lock:
                index = self._search_pairs = (ordered, [self._haystack(n) for n in ordered])
                self._recent_searches.clear()
        return index

    def _narrowest_earlier_search(
        self, where: NoteFilter, words: tuple[str, ...]
    ) -> list[int] | None:
        """Positions matched by an earlier search that every match of this one must be in.

        Typing one more letter, or one more word, can only narrow a search: if each earlier
        word lies inside some word of this query, the earlier matches hold all of this one's.
        Searching those few is what keeps a keystroke instant on a large notebook.
        """
        best: list[int] | None = None
        for (earlier_where, earlier_words), matched in self._recent_searches.items():
            if earlier_where != where or (best is not None and len(matched) >= len(best)):
                continue
            if all(any(old in new for new in words) for old in earlier_words):
                best = matched
        return best

    def _remember_search(self, where: NoteFilter, words: tuple[str, ...], found: list[int]) -> None:
        recent = self._recent_searches
        recent.pop((where, words), None)
        recent[(where, words)] = found
        while len(recent) > RECENT_SEARCHES:
            del recent[next(iter(recent))]

    def prepare_search(self) -> None:
        """Open and index every note now (call it off the UI thread after unlocking)."""
        with self._cache_lock:
            self._search_index()

    def note_counts(self) -> tuple[int, int]:
        """(all notes, jottings waiting for write-up), without sorting or copying anything."""
        self._require_unlocked()
        notes = self._notes
        if notes is None:
            return self._store.note_counts()
        return len(notes), sum(1 for note in notes.values() if note.stage == "jotting")

    def search(self, query: str) -> list[Note]:
        return self.notes(NoteFilter(query=query))

    def note(self, note_id: str) -> Note:
        self._require_unlocked()
        if self._notes is None:
            # One note (a preview, an editor) need not wait for every other to be opened.
            found = self._store.load_notes([note_id])
            if not found:
                raise NotFound("no such note")
            return found[0]
        try:
            return self._all_notes()[note_id]
        except KeyError:
            raise NotFound("no such note") from None

    def note_by_prefix(self, prefix: str) -> Note:
        """The one note whose id starts with `prefix` (as `fieldnotes show` takes it).

        Ids are clear, so only the note found is opened, however large the notebook.
        """
        self._require_unlocked()
        wanted = prefix.strip().lower()
        matches = [i for i in self._store.note_ids() if i.startswith(wanted)] if wanted else []
        if not matches:
            raise NotFound(f"no note with id {prefix!r}")
        if len(matches) > 1:
            raise InvalidInput(f"{prefix!r} matches {len(matches)} notes; give more of it")
        return self.note(matches[0])

    def teams(self) -> list[str]:
        return sorted({n.team for n in self._all_notes().values() if n.team}, key=str.casefold)

    def settings(self) -> list[str]:
        return sorted(
            {n.setting for n in self._all_notes().values() if n.setting}, key=str.casefold
        )

    def suggestions(self) -> tuple[list[str], list[str]]:
        """Teams and settings already used, to offer as someone types a note.

        Never waits for every note to be opened: until then, the newest few hundred stand in
        for the rest (a jotting must start in seconds, however large the notebook).
        """
        self._require_unlocked()
        if self._notes is not None:
            return self.teams(), self.settings()
        recent = self.newest_notes(SUGGESTIONS_FROM_NEWEST)
        return (
            sorted({n.team for n in recent if n.team}, key=str.casefold),
            sorted({n.setting for n in recent if n.setting}, key=str.casefold),
        )

    def _check_draft(self, draft: NoteDraft) -> NoteDraft:
        if (
            not draft.description.strip()
            and not draft.asides.strip()
            and not any(quote.text.strip() for quote in draft.quotes)
        ):
            raise EmptyNote()
        if (too_large := note_size_problem(draft)) is not None:
            raise InvalidInput(f"{too_large}: nothing was saved")
        if draft.mode not in MODES:
            raise InvalidInput(f"mode must be one of {', '.join(MODES)}, not {draft.mode!r}")
        if draft.stage not in STAGES:
            raise InvalidInput(f"stage must be one of {', '.join(STAGES)}, not {draft.stage!r}")
        known = self.principles()
        for link in draft.principles:
            if link.principle_id not in known:
                raise InvalidInput(f"unknown principle {link.principle_id!r}")
        obstacle_ids = {o.id for o in self.obstacles()}
        for obstacle_id in draft.obstacle_ids:
            if obstacle_id not in obstacle_ids:
                raise InvalidInput("unknown obstacle")
        return draft

    def add_note(self, draft: NoteDraft) -> Note:
        note_id = self._store.insert_note(self._check_draft(draft))
        self._refresh_notes([note_id])
        self._changed()
        return self.note(note_id)

    def update_note(self, note_id: str, draft: NoteDraft) -> Note:
        current = self.note(note_id)
        # Where a note came from is not the writer's to change: an edited imported note is
        # still the one a re-import of its file must skip.
        draft = dataclasses.replace(draft, source_digest=current.source_digest)
        self._store.update_note(note_id, self._check_draft(draft))
        self._refresh_notes([note_id])
        self._changed()
        return self.note(note_id)

    def delete_note(self, note_id: str) -> None:
        self._require_unlocked()
        self._store.delete_note(note_id)
        self._forget_note(note_id)
        self._changed()

    def _forget_note(self, note_id: str) -> None:
        with self._cache_lock:
            if self._notes is not None:
                self._notes.pop(note_id, None)
            self._notes_changed([note_id])

    # -------------------------------------------------------------------- trash

    def trash_note(self, note_id: str) -> None:
        """Move a note to the trash: it leaves every list, search, count and synthesis.

        Its text stays sealed as before, and `restore_note` brings it back with its links.
        """
        self._require_unlocked()
        self._store.set_trashed(note_id, True)
        self._forget_note(note_id)
        self._changed()

    def trashed_notes(self) -> list[Note]:
        """The notes in the trash, newest first (each with `trashed_at` set)."""
        self._require_unlocked()
        return self._store.load_notes(trashed=True)

    def restore_note(self, note_id: str) -> Note:
        """Take a note out of the trash, as it was (links included)."""
        self._require_unlocked()
        self._store.set_trashed(note_id, False)
        self._refresh_notes([note_id])
        self._changed()
        return self.note(note_id)

    def empty_trash(self) -> int:
        """Delete every trashed note for good; returns how many. This cannot be undone."""
        self._require_unlocked()
        gone = self._store.empty_trash()
        if gone:
            self._changed(notes=True)
        return gone

    def _refresh_notes(self, note_ids: Iterable[str]) -> None:
        wanted = list(note_ids)
        with self._cache_lock:
            self._notes_changed(wanted)
            if self._notes is None:
                return
            for note in self._store.load_notes(wanted):
                self._notes[note.id] = note

    def import_notes(self, imported: Sequence[ImportedNote]) -> ImportResult:
        """Add the notes not already imported, in one transaction, or none of them.

        A file whose fingerprint matches a note imported before (or an earlier file of this
        run), live or in the trash, is skipped and counted. Principles and obstacles are
        resolved for every file first, and every problem is reported at once, each with its
        file and line.
        """
        self._require_unlocked()
        # A note in the trash was imported too: importing its file again must not revive it.
        every = [*self._all_notes().values(), *self.trashed_notes()]
        known = {note.source_digest for note in every if note.source_digest}
        known_principles = self.principles()
        drafts: list[NoteDraft] = []
        already: list[str] = []
        problems: list[FileFormatError] = []
        for item in imported:
            digest = self._store.source_digest(item.fingerprint) if item.fingerprint else ""
            if digest and digest in known:
                already.append(item.source)
                continue
            found = len(problems)
            ids: list[str] = []
            for name in item.obstacle_names:
                try:
                    ids.append(self.find_obstacle(name).id)
                except FieldnotesError as error:
                    problems.append(FileFormatError(item.source, item.obstacles_line, str(error)))
            for link in item.draft.principles:
                if link.principle_id not in known_principles:
                    problems.append(
                        FileFormatError(
                            item.source,
                            item.principles_line,
                            f"unknown principle {link.principle_id!r}",
                        )
                    )
            if len(problems) > found:
                continue
            draft = dataclasses.replace(item.draft, obstacle_ids=ids, source_digest=digest)
            try:
                drafts.append(self._check_draft(draft))
            except FieldnotesError as error:
                problems.append(FileFormatError(item.source, None, str(error)))
                continue
            if digest:
                known.add(digest)
        if len(problems) == 1:
            raise problems[0]
        if problems:
            raise ImportProblems(problems)
        new_ids = self._store.import_notes(drafts) if drafts else []
        if new_ids:
            self._changed(notes=True)
        return ImportResult([self.note(note_id) for note_id in new_ids], tuple(already))

    def tag_notes(
        self,
        note_ids: Sequence[str],
        *,
        obstacle_id: str | None = None,
        principle: PrincipleLink | None = None,
        remove: bool = False,
    ) -> None:
        self._require_unlocked()
        if obstacle_id is not None:
            self.obstacle(obstacle_id)
        if principle is not None:
            self.principle(principle.principle_id)
        self._store.link_notes(
            note_ids, obstacle_id=obstacle_id, principle=principle, remove=remove
        )
        self._refresh_notes(note_ids)
        self._changed()

    # ---------------------------------------------------------------- obstacles

    def obstacle_tree(self) -> ObstacleTree:
        """The codebook as a tree, worked out once per change to it."""
        self._require_unlocked()
        if self._obstacles is None:
            self._obstacles = ObstacleTree(self._store.obstacles())
        return self._obstacles

    def obstacles(self) -> list[Obstacle]:
        """The codebook in tree order (each parent followed by its children)."""
        return list(self.obstacle_tree().ordered)

    def obstacle(self, obstacle_id: str) -> Obstacle:
        found = self.obstacle_tree().get(obstacle_id)
        if found is None:
            raise NotFound("no such obstacle")
        return found

    def obstacle_children(self, obstacle_id: str | None) -> list[Obstacle]:
        return list(self.obstacle_tree().children(obstacle_id))

    def obstacle_subtree(self, obstacle_id: str) -> set[str]:
        return self.obstacle_tree().subtree(obstacle_id)

    def obstacle_path(self, obstacle_id: str) -> str:
        return self.obstacle_tree().path(obstacle_id)

    def find_obstacle(self, name_or_path: str) -> Obstacle:
        """By path (`Parent/Child`) or by a name that is unique in the codebook."""
        return self.obstacle_tree().find(name_or_path)

    def _check_obstacle_name(self, name: str, parent_id: str | None, exclude: str | None) -> str:
        name = name.strip()
        if not name:
            raise InvalidInput("an obstacle needs a name")
        if "/" in name:
            raise InvalidInput("an obstacle name cannot contain '/'")
        for sibling in self.obstacle_children(parent_id):
            if sibling.id != exclude and sibling.name.casefold() == name.casefold():
                raise InvalidInput(f"there is already an obstacle called {name!r} there")
        return name

    def add_obstacle(
        self,
        name: str,
        *,
        parent_id: str | None = None,
        description: str = "",
        status: ObstacleStatus = "emerging",
    ) -> Obstacle:
        self._require_unlocked()
        if parent_id is not None:
            self.obstacle(parent_id)
        if status not in OBSTACLE_STATUSES:
            raise InvalidInput(f"status must be one of {', '.join(OBSTACLE_STATUSES)}")
        name = self._check_obstacle_name(name, parent_id, None)
        obstacle_id = self._store.insert_obstacle(
            name=name, parent_id=parent_id, description=description, status=status
        )
        self._changed(obstacles=True)
        return self.obstacle(obstacle_id)

    def update_obstacle(self, obstacle_id: str, **changes: Any) -> Obstacle:
        """Change name, description, status, ask, decision or reobserve_on."""
        allowed = {"name", "description", "status", "ask", "decision", "reobserve_on"}
        unknown = set(changes) - allowed
        if unknown:
            raise InvalidInput(f"cannot change {', '.join(sorted(unknown))} this way")
        current = self.obstacle(obstacle_id)
        if "name" in changes:
            changes["name"] = self._check_obstacle_name(
                changes["name"], current.parent_id, obstacle_id
            )
        if "status" in changes and changes["status"] not in OBSTACLE_STATUSES:
            raise InvalidInput(f"status must be one of {', '.join(OBSTACLE_STATUSES)}")
        self._store.write_obstacle(dataclasses.replace(current, **changes))
        self._changed(obstacles=True)
        return self.obstacle(obstacle_id)

    def rename_obstacle(self, obstacle_id: str, name: str) -> Obstacle:
        return self.update_obstacle(obstacle_id, name=name)

    def move_obstacle(self, obstacle_id: str, new_parent_id: str | None) -> Obstacle:
        current = self.obstacle(obstacle_id)
        if new_parent_id is not None:
            self.obstacle(new_parent_id)
            if new_parent_id in self.obstacle_subtree(obstacle_id):
                raise InvalidInput("an obstacle cannot move inside itself")
        self._check_obstacle_name(current.name, new_parent_id, obstacle_id)
        self._store.write_obstacle(dataclasses.replace(current, parent_id=new_parent_id))
        self._changed(obstacles=True)
        return self.obstacle(obstacle_id)

    def merge_obstacles(self, source_id: str, into_id: str) -> Obstacle:
        """Fold `source` into `into`: notes, memos and sub-obstacles move; nothing is lost.

        What the merged obstacle keeps is `merged_obstacle`'s answer, which the confirmation
        shows before anything is written.
        """
        source, merged = self._merge_plan(source_id, into_id)
        self._store.merge_obstacles(source, merged)
        self._changed(notes=True, obstacles=True)
        self._memos_cache_clear()
        return self.obstacle(into_id)

    def merged_obstacle(self, source_id: str, into_id: str) -> Obstacle:
        """The target as a merge of `source` into it would leave it; nothing is written."""
        return self._merge_plan(source_id, into_id)[1]

    def _merge_plan(self, source_id: str, into_id: str) -> tuple[Obstacle, Obstacle]:
        if source_id == into_id:
            raise InvalidInput("an obstacle cannot be merged into itself")
        source = self.obstacle(source_id)
        target = self.obstacle(into_id)
        if into_id in self.obstacle_subtree(source_id):
            raise InvalidInput("an obstacle cannot be merged into one of its own sub-obstacles")
        target_children = {c.name.casefold() for c in self.obstacle_children(into_id)}
        for child in self.obstacle_children(source_id):
            if child.name.casefold() in target_children:
                raise InvalidInput(
                    f"both have a sub-obstacle called {child.name!r}: merge or rename those first"
                )
        return source, merge_obstacle_fields(source, target)

    def delete_obstacle(self, obstacle_id: str) -> None:
        """Remove an obstacle; its sub-obstacles move up a level, note links are dropped."""
        self.obstacle(obstacle_id)
        self._store.delete_obstacle(obstacle_id)
        self._changed(notes=True, obstacles=True)

    def import_codebook(self, entries: Sequence[CodebookEntry]) -> None:
        self._require_unlocked()
        self._store.import_codebook(entries)
        self._changed(obstacles=True)

    def obstacle_note_counts(self) -> dict[str, int]:
        """Notes per obstacle, each obstacle's count including its sub-obstacles' notes."""
        counts: dict[str, int] = {}
        notes = self._all_notes().values()
        for obstacle in self.obstacles():
            subtree = self.obstacle_subtree(obstacle.id)
            counts[obstacle.id] = sum(1 for n in notes if subtree.intersection(n.obstacle_ids))
        return counts

    # -------------------------------------------------------------------- memos

    def _memos_cache_clear(self) -> None:
        """Memos are read fresh each time; kept as a hook for symmetry with other caches."""

    def memos(self, *, note_id: str | None = None, obstacle_id: str | None = None) -> list[Memo]:
        self._require_unlocked()
        memos = self._store.memos()
        if note_id is not None:
            memos = [m for m in memos if note_id in m.note_ids]
        if obstacle_id is not None:
            memos = [m for m in memos if obstacle_id in m.obstacle_ids]
        return memos

    def add_memo(
        self,
        kind: MemoKind,
        title: str,
        body: str,
        *,
        note_ids: Sequence[str] = (),
        obstacle_ids: Sequence[str] = (),
    ) -> Memo:
        self._require_unlocked()
        memo = Memo(
            id=str(uuid.uuid4()),
            kind=kind,
            title=title,
            body=body,
            note_ids=list(note_ids),
            obstacle_ids=list(obstacle_ids),
        )
        return self.save_memo(memo)

    def save_memo(self, memo: Memo) -> Memo:
        if memo.kind not in MEMO_KINDS:
            raise InvalidInput(f"memo kind must be one of {', '.join(MEMO_KINDS)}")
        if not memo.title.strip() and not memo.body.strip():
            raise InvalidInput("a memo needs a title or some text")
        trashed = {note.id for note in self.trashed_notes()} if memo.note_ids else set()
        for note_id in memo.note_ids:
            # A memo keeps its link to a trashed note, so restoring the note restores it.
            if note_id not in trashed:
                self.note(note_id)
        for obstacle_id in memo.obstacle_ids:
            self.obstacle(obstacle_id)
        self._store.save_memo(memo)
        self._changed()
        return next(m for m in self._store.memos() if m.id == memo.id)

    def delete_memo(self, memo_id: str) -> None:
        self._require_unlocked()
        self._store.delete_memo(memo_id)
        self._changed()

    # ------------------------------------------------------------------- drafts

    def save_draft(
        self, draft_id: str, payload: dict[str, Any], note_id: str | None = None
    ) -> None:
        """Keep unsaved editor state, sealed, so nothing typed is lost if the app dies."""
        self._require_unlocked()
        self._store.save_draft(draft_id, note_id, payload)

    def drafts(self) -> list[tuple[str, str | None, datetime, dict[str, Any]]]:
        self._require_unlocked()
        return self._store.drafts()

    def discard_draft(self, draft_id: str) -> None:
        self._require_unlocked()
        self._store.discard_draft(draft_id)

    # ---------------------------------------------------------------- synthesis

    def synthesis(
        self, *, since: date | None = None, until: date | None = None, team: str | None = None
    ) -> Synthesis:
        from fieldnotes.domain.synthesis import synthesise
        from fieldnotes.index.evidence import BitsetCounter

        # A damaged note is not evidence: its date, mode or links may not be what was written.
        return synthesise(
            [note for note in self._all_notes().values() if not note.damaged],
            self.obstacles(),
            self.memos(),
            since=since,
            until=until,
            team=team,
            counter=BitsetCounter,
        )

    def changes_since_last_brief(self, synthesis: Synthesis) -> list[Change]:
        from fieldnotes.domain.synthesis import changes_since

        for record in self.exports():
            if not record.damaged:
                return changes_since(record.snapshot, synthesis)
        # With no brief sent yet, everything would be "new": that is noise, not news.
        return []

    # ------------------------------------------------------------------- briefs

    def _setting(self, key: str, what: str) -> str | None:
        try:
            return self._store.setting(key)
        except DamagedError:
            raise DamagedError(f"{what} is damaged", _SETTING_ADVICE[key]) from None

    def protected_names(self) -> list[str]:
        """Names the identifier check always flags (children, family members, places).

        Raises DamagedError rather than answer with a shorter list than the one kept: a brief
        is never checked against names that may be missing.
        """
        self._require_unlocked()
        problems = self._store.integrity_problems
        if problems:
            # A replayed older copy of the list would open cleanly: only the manifest tells.
            raise DamagedError(
                f"the notebook was changed outside fieldnotes ({problems[0]}), so the protected "
                "names list cannot be trusted",
                "nothing was checked or exported; see `fieldnotes check`",
            )
        raw = self._setting("protected_names", "the protected names list")
        return [n for n in (raw or "").splitlines() if n.strip()]

    def set_protected_names(self, names: Sequence[str]) -> None:
        self._require_unlocked()
        cleaned = sorted({n.strip() for n in names if n.strip()}, key=str.casefold)
        self._store.set_setting("protected_names", "\n".join(cleaned))

    def _sealed_list(self, key: str, what: str, advice: str) -> str | None:
        """A sealed setting kept with a count beside it, so damage never reads as "none".

        The count, written with every change, says that something was kept and how much of
        it: a row gone missing is damage, not an empty list.
        """
        problems = self._store.integrity_problems
        if problems:
            # A replayed older copy would open cleanly: only the manifest tells.
            raise DamagedError(
                f"the notebook was changed outside fieldnotes ({problems[0]}), so {what} "
                "cannot be trusted",
                advice,
            )
        try:
            raw = self._store.setting(key)
            count = self._store.setting(f"{key}.count")
        except DamagedData:
            raise DamagedError(f"{what} is damaged", advice) from None
        if raw is None and count is None:
            return None
        if raw is None or count is None or not count.isdigit():
            raise DamagedError(f"{what} is damaged", advice)
        return raw

    def _set_sealed_list(self, key: str, raw: str, count: int) -> None:
        self._store.set_setting(key, raw)
        self._store.set_setting(f"{key}.count", str(count))

    _PEOPLE_ADVICE = (
        "nothing was checked or exported; set the map again with "
        "`fieldnotes people add NAME ALIAS --replace` or on the people map screen (f7)"
    )

    def people_map(self) -> list[PersonAlias]:
        """Each person's name and the role or pseudonym written for it, sorted by name.

        Raises DamagedData rather than answer with a shorter map than the one kept: a brief
        is never written with names the map would have replaced.
        """
        from fieldnotes.domain.pseudonyms import load_people_map

        self._require_unlocked()
        raw = self._sealed_list("people_map", "the people map", self._PEOPLE_ADVICE)
        if raw is None:
            return []
        try:
            people = load_people_map(raw)
        except DamagedData:
            raise DamagedError("the people map is damaged", self._PEOPLE_ADVICE) from None
        if str(len(people)) != self._store.setting("people_map.count"):
            raise DamagedError("the people map is damaged", self._PEOPLE_ADVICE)
        return people

    def set_people_map(self, people: Sequence[PersonAlias]) -> list[PersonAlias]:
        """Replace the whole map; a bad row refuses all of it and nothing changes."""
        from fieldnotes.domain.pseudonyms import clean_people_map, dump_people_map

        self._require_unlocked()
        cleaned = clean_people_map(people)
        self._set_sealed_list("people_map", dump_people_map(cleaned), len(cleaned))
        return cleaned

    def check_names(self) -> list[str]:
        """The names the identifier check flags: the protected names and the people map's."""
        names = self.protected_names()
        return sorted({*names, *(p.name for p in self.people_map())}, key=str.casefold)

    def pseudonymise(self, text: str) -> tuple[str, list[str]]:
        """`text` with the people map applied, and a log line for each name written as its
        alias (the alias and the line, never the name)."""
        from fieldnotes.domain.pseudonyms import find_people, replace_names

        matches = find_people(text, self.people_map())
        log = [
            f"line {text.count(chr(10), 0, m.start) + 1}: name — written as "
            f"“{m.person.alias}” from the people map"
            for m in matches
        ]
        return replace_names(text, matches), log

    _DECISIONS_ADVICE = "nothing was exported; the flags can be resolved again"
    KEPT_BRIEFS: ClassVar[int] = 30
    """How many briefs (by `brief_identity`) keep their decisions, most recent first."""

    def _all_kept_decisions(self) -> dict[str, list[dict[str, str]]]:
        from fieldnotes.domain.brief import load_decisions

        raw = self._sealed_list(
            "brief_decisions", "the kept identifier decisions", self._DECISIONS_ADVICE
        )
        if raw is None:
            return {}
        try:
            return load_decisions(raw)
        except DamagedData:
            raise DamagedError(
                "the kept identifier decisions are damaged", self._DECISIONS_ADVICE
            ) from None

    def kept_decisions(self, request: BriefRequest) -> list[KeptDecision]:
        """The decisions made on the flags of this brief at its last export."""
        from fieldnotes.domain.brief import KeptDecision, brief_identity

        self._require_unlocked()
        rows = self._all_kept_decisions().get(brief_identity(request), [])
        return [KeptDecision.from_json(row) for row in rows]

    def keep_decisions(self, request: BriefRequest, decisions: Sequence[KeptDecision]) -> None:
        """Remember this export's decisions for the next export of the same brief."""
        from fieldnotes.domain.brief import brief_identity, dump_decisions

        self._require_unlocked()
        kept = self._all_kept_decisions()
        identity = brief_identity(request)
        kept.pop(identity, None)
        kept[identity] = [d.to_json() for d in decisions]
        # They hold the flagged text itself: only the briefs sent most recently keep theirs.
        kept = dict(list(kept.items())[-self.KEPT_BRIEFS :])
        self._set_sealed_list("brief_decisions", dump_decisions(kept), len(kept))

    def author_label(self) -> str:
        self._require_unlocked()
        return self._setting("author_label", "the author name") or ""

    def set_author_label(self, label: str) -> None:
        self._require_unlocked()
        self._store.set_setting("author_label", label.strip())

    PREFERENCES: ClassVar[frozenset[str]] = frozenset({"lock_after_minutes"})
    """Sealed settings `fieldnotes.settings` reads and checks; none of the notebook's own."""

    def preference(self, name: str) -> str | None:
        """A sealed preference, or None if it was never set."""
        self._require_unlocked()
        if name not in self.PREFERENCES:
            raise InvalidInput(f"no preference called {name!r}")
        return self._store.setting(name)

    def set_preference(self, name: str, value: str) -> None:
        self._require_unlocked()
        if name not in self.PREFERENCES:
            raise InvalidInput(f"no preference called {name!r}")
        self._store.set_setting(name, value)

    def author_recipient(self) -> str:
        """The author's own age recipient, so every brief can be reopened by its author.

        The matching identity is made once and kept sealed in the notebook.
        """
        self._require_unlocked()
        from fieldnotes.crypto.age import generate_identity

        secret = self._setting("author_identity", "the author's own identity")
        public = self._setting("author_recipient", "the author's own identity")
        if (secret is None) != (public is None):
            # Half of it gone is damage, not a first use: making a new one would quietly
            # leave every earlier brief unopenable by its author.
            raise DamagedError(
                "the author's own identity is damaged", _SETTING_ADVICE["author_identity"]
            )
        if not secret or not public:
            secret, public = generate_identity()
            self._store.set_setting("author_identity", secret)
            self._store.set_setting("author_recipient", public)
        return public

    def leaders(self) -> list[Leader]:
        self._require_unlocked()
        return [
            Leader(i, label, recipient)
            if label is not None and recipient is not None
            else Leader(i, DAMAGED_LEADER, "", damaged=True)
            for i, label, recipient in self._store.leaders()
        ]

    def add_leader(self, label: str, recipient: str) -> Leader:
        from fieldnotes.crypto.age import parse_recipient

        self._require_unlocked()
        if not label.strip():
            raise InvalidInput("give the leader a label, such as their role")
        recipient = parse_recipient(recipient)
        for leader in self.leaders():
            if leader.recipient == recipient and not leader.damaged:
                raise InvalidInput(f"that key is already in the address book as {leader.label!r}")
        leader_id = str(uuid.uuid4())
        self._store.save_leader(leader_id, label.strip(), recipient)
        return Leader(leader_id, label.strip(), recipient)

    def remove_leader(self, leader_id: str) -> None:
        self._require_unlocked()
        self._store.delete_leader(leader_id)

    def compose_brief(self, request: BriefRequest, synthesis: Synthesis | None = None) -> str:
        """The brief's Markdown body, before the identifier check, people map applied."""
        return self.compose_brief_logged(request, synthesis)[0]

    def compose_brief_logged(
        self, request: BriefRequest, synthesis: Synthesis | None = None
    ) -> tuple[str, list[str]]:
        """The brief's body with the people map applied, and the log of what the map wrote."""
        from fieldnotes.domain.brief import compose_markdown

        synthesis = synthesis or self.synthesis(since=request.since, until=request.until)
        return self.pseudonymise(
            compose_markdown(
                synthesis,
                request,
                self.principles(),
                {f.id: f.short_name for f in self.frameworks()},
                self.changes_since_last_brief(synthesis),
            )
        )

    def export_brief(
        self,
        body: str,
        redaction_log: Sequence[str],
        request: BriefRequest,
        output: Path,
        *,
        leader_ids: Sequence[str] = (),
        recipients: Sequence[str] = (),
        passphrase: str | None = None,
        html: bool = False,
    ) -> Path:
        """Encrypt a checked brief in the age format and write it, 0600, to `output`.

        `output` may be a directory: the file then gets a neutral name. The export is logged,
        sealed: when, to whom (labels), which obstacles.
        """
        from fieldnotes.crypto.age import (
            encrypt_to_recipients,
            encrypt_with_passphrase,
            parse_recipient,
            remove_stale_temp_files,
            write_private_file,
        )
        from fieldnotes.domain.brief import final_document, new_metadata, render_html

        self._require_unlocked()
        by_id = {leader.id: leader for leader in self.leaders()}
        chosen = [by_id[i] for i in leader_ids if i in by_id]
        if len(chosen) != len(leader_ids):
            raise InvalidInput("a chosen leader is no longer in the address book")
        extra = [parse_recipient(r) for r in recipients]
        if passphrase is not None and (chosen or extra):
            raise InvalidInput(
                "a brief goes either to people's keys or to a passphrase, not both "
                "(the age format does not mix them)"
            )
        if passphrase is None and not chosen and not extra:
            raise InvalidInput("choose at least one leader, key or a passphrase")
        names = [self.obstacle_path(i) for i in request.obstacle_ids]
        metadata = new_metadata(request, names)
        document = final_document(body, redaction_log, metadata)
        payload = (render_html(document) if html else document).encode("utf-8")
        if passphrase is not None:
            if len(passphrase) < 8:
                raise InvalidInput("a brief passphrase needs at least 8 characters")
            sealed = encrypt_with_passphrase(payload, passphrase)
            labels = ["(passphrase)"]
        else:
            keys = [leader.recipient for leader in chosen] + extra + [self.author_recipient()]
            sealed = encrypt_to_recipients(payload, keys)
            labels = [leader.label for leader in chosen] + [f"{r[:12]}…" for r in extra]
        output = Path(output).expanduser()
        if output.is_dir():
            remove_stale_temp_files(output, r"brief-[0-9a-f]{8}\.age")
            output = output / f"brief-{uuid.uuid4().hex[:8]}.age"
        synthesis = self.synthesis(since=request.since, until=request.until)
        from fieldnotes.domain.synthesis import snapshot

        entry: dict[str, Any] = {
            "brief_id": metadata.id,
            "recipients": labels,
            "obstacles": names,
            "file_name": output.name,
            "format": "html" if html else "markdown",
            "snapshot": snapshot(synthesis),
            "status": "attempted",
        }
        # Logged before the file exists: a kill part-way can leave an entry without a file,
        # never a brief that left the machine without its entry.
        export_id = self._store.log_export(entry)
        try:
            write_private_file(output, sealed)
        except ExportWriteError:
            # A refused write leaves nothing (it is all or nothing): nothing left to log.
            # An interruption keeps the entry as "attempted".
            with contextlib.suppress(FieldnotesError):
                self._store.delete_export(export_id)
            raise
        self._store.update_export(export_id, {**entry, "status": "written"})
        return output

    def exports(self) -> list[ExportRecord]:
        self._require_unlocked()
        records = []
        for export_id, when, payload in self._store.exports():
            if payload is None:
                records.append(ExportRecord(export_id, when, (), (), damaged=True))
                continue
            records.append(
                ExportRecord(
                    id=export_id,
                    created_at=when,
                    recipients=tuple(payload.get("recipients", [])),
                    obstacles=tuple(payload.get("obstacles", [])),
                    file_name=str(payload.get("file_name", "")),
                    format=str(payload.get("format", "markdown")),
                    brief_id=str(payload.get("brief_id", "")),
                    snapshot=dict(payload.get("snapshot", {})),
                    status="written"
                    if payload.get("status", "written") == "written"
                    else "attempted",
                )
            )
        return records

    def author_identities(self) -> list[str]:
        """The author's own identity, for reopening briefs they sent."""
        self._require_unlocked()
        secret = self._setting("author_identity", "the author's own identity")
        return [secret] if secret else []

    # ------------------------------------------------------------------ exports

    def codebook_entries(self) -> tuple[CodebookEntry, ...]:
        """The codebook as a tree of entries, as a codebook file holds it."""

        def under(parent_id: str | None) -> tuple[CodebookEntry, ...]:
            return tuple(
                CodebookEntry(
                    name=o.name,
                    description=o.description,
                    status=o.status,
                    ask=o.ask,
                    children=under(o.id),
                )
                for o in self.obstacle_children(parent_id)
            )

        return under(None)

    def markdown_files(self) -> list[tuple[str, str]]:
        """Every note as a Markdown file in the import format, and the codebook they name.

        (relative file name, text) pairs, oldest note first. Importing the notes into a
        notebook made with that codebook and the same frameworks gives the same notes and
        links. A damaged note is refused, never exported without its text.
        """
        from fieldnotes.domain.importer import format_codebook, format_note

        notes = sorted(self.notes(), key=lambda n: (n.occurred_at, n.id))
        damaged = sum(1 for note in notes if note.damaged)
        if damaged:
            raise InvalidInput(
                f"{damaged} note(s) are damaged and cannot be exported with their text; "
                "nothing was exported"
            )
        files: list[tuple[str, str]] = []
        taken: set[str] = set()
        for note in notes:
            name = f"{note.occurred_at:%Y-%m-%d-%H%M}-{note.id[:8]}.md"
            if name in taken:
                name = f"{note.occurred_at:%Y-%m-%d-%H%M}-{note.id}.md"
            taken.add(name)
            paths = [self.obstacle_path(obstacle_id) for obstacle_id in note.obstacle_ids]
            text = format_note(note.draft(), paths)
            # Import skips a file it has seen before, by its text: the id (a TOML comment)
            # keeps two notes that read alike apart, and an export imported twice is still
            # imported once.
            text = text.replace("+++\n", f"+++\n# fieldnotes note {note.id}\n", 1)
            files.append((name, text))
        entries = self.codebook_entries()
        if entries:
            files.append(("codebook.toml", format_codebook(entries)))
        return files

    # ------------------------------------------------------------------- checks

    def integrity_ok(self) -> bool:
        return self._store.integrity_ok()

    # --------------------------------------------------------------------- due

    def due(self, *, today: date, within_days: int = 14) -> Due:
        """Obstacles to observe again by `today` + `within_days`, and open follow-ups."""
        from fieldnotes.domain.due import whats_due

        self._require_unlocked()
        return whats_due(
            self.obstacles(), self._all_notes().values(), today, within_days=within_days
        )

    # ------------------------------------------------------------ member check

    def compose_member_check(self, team: str, *, today: date | None = None) -> MemberCheck:
        """The team-facing summary's Markdown body, before the identifier check."""
        from fieldnotes.domain.member_check import compose_member_check

        self._require_unlocked()
        check = compose_member_check(
            team,
            self._all_notes().values(),
            self.obstacles(),
            self.principles(),
            {f.id: f.short_name for f in self.frameworks()},
            self.protected_names(),
            today,
        )
        # The people map writes names as roles here too, as it does in briefs.
        body, log = self.pseudonymise(check.body)
        return dataclasses.replace(check, body=body, map_log=tuple(log))

    def export_member_check(
        self,
        check: MemberCheck,
        body: str,
        redaction_log: Sequence[str],
        output: Path,
        *,
        recipients: Sequence[str] = (),
        passphrase: str | None = None,
        html: bool = False,
        plaintext: bool = False,
    ) -> Path:
        """Write a checked member check: age-encrypted like a brief, or (`plaintext`) as a
        printable file, 0600. Its metadata names the team, never the author."""
        from fieldnotes.crypto.age import write_private_file
        from fieldnotes.domain.brief import BriefRequest, final_document, new_metadata, render_html

        self._require_unlocked()
        request = BriefRequest(
            obstacle_ids=check.obstacle_ids,
            audience=check.team,
            summary="",
            title=check.title,
            author="",
        )
        if not plaintext:
            return self.export_brief(
                body,
                redaction_log,
                request,
                output,
                recipients=recipients,
                passphrase=passphrase,
                html=html,
            )
        if recipients or passphrase is not None:
            raise InvalidInput("a printable member check is written unencrypted: no keys")
        names = [self.obstacle_path(i) for i in check.obstacle_ids]
        document = final_document(body, redaction_log, new_metadata(request, names))
        payload = (render_html(document) if html else document).encode("utf-8")
        output = Path(output).expanduser()
        if output.is_dir():
            output = output / f"member-check-{uuid.uuid4().hex[:8]}.{'html' if html else 'md'}"
        write_private_file(output, payload)
        return output


def build_notebook(
    path: Path,
    passphrase: str,
    *,
    framework_paths: Sequence[Path] = (),
    codebook_path: Path | None = None,
    kdf: KdfParams = DEFAULT_KDF,
) -> Notebook:
    """Create a notebook from framework and codebook files, all checked before any write."""
    from fieldnotes.domain.frameworks import load_codebook, load_frameworks

    frameworks = load_frameworks(list(framework_paths))
    codebook = load_codebook(codebook_path) if codebook_path is not None else ()
    return Notebook.create(path, passphrase, kdf=kdf, frameworks=frameworks, codebook=codebook)


# ------------------------------------------------------------------- backups


@dataclasses.dataclass(frozen=True, slots=True)
class OpenedBackup:
    """A backup decrypted and checked in memory: header, digest, SQLite integrity, counts."""

    header: BackupHeader
    image: bytes
    """The notebook file's bytes (its fields still sealed). Never written except by restore."""


def backup_payload(path: Path) -> tuple[BackupHeader, bytes]:
    """A snapshot of the notebook at `path`, ready to encrypt: (header, plaintext).

    Needs no passphrase and no process lock: it reads the file through SQLite's online backup
    while the app may be using it, into memory only.
    """
    from fieldnotes.backup import new_header, pack_backup
    from fieldnotes.storage.snapshot import image_facts, snapshot_file

    image = snapshot_file(Path(path))
    facts = image_facts(image)
    header = new_header(image, facts.notebook_id, facts.schema_version, facts.counts)
    return header, pack_backup(header, image)


def write_backup(
    path: Path,
    output: Path,
    *,
    recipients: Sequence[str] = (),
    passphrase: str | None = None,
) -> BackupHeader:
    """Snapshot the notebook at `path`, encrypt it with age and write it, 0600, to `output`.

    To `recipients` (age1… keys) or to `passphrase`, not both (age does not mix them). The
    snapshot exists only in memory until it is encrypted; `output` is written all at once and
    never replaces an existing file.
    """
    from fieldnotes.crypto.age import (
        encrypt_to_recipients,
        encrypt_with_passphrase,
        parse_recipient,
        write_private_file,
    )

    keys = [parse_recipient(r) for r in recipients]
    if passphrase is not None and keys:
        raise InvalidInput(
            "a backup goes either to keys or to a passphrase, not both (age does not mix them)"
        )
    if passphrase is None and not keys:
        raise InvalidInput("a backup needs a recipient (age1…) or a passphrase to protect it")
    if passphrase is not None and len(passphrase) < 8:
        raise InvalidInput("a backup passphrase needs at least 8 characters")
    header, plaintext = backup_payload(path)
    sealed = (
        encrypt_with_passphrase(plaintext, passphrase)
        if passphrase is not None
        else encrypt_to_recipients(plaintext, keys)
    )
    del plaintext
    write_private_file(Path(output), sealed, replace=False)
    return header


def open_backup(
    data: bytes, *, identities: Sequence[str] = (), passphrase: str | None = None
) -> OpenedBackup:
    """Decrypt a backup in memory and prove it whole, without the notebook's passphrase.

    The age layer authenticates every byte; then the header's size and SHA-256 must match the
    image, SQLite's integrity check must pass on it (opened read-only, in memory), and its
    notebook id and row counts must be the ones recorded when it was taken.
    """
    from fieldnotes.backup import check_image, unpack_backup
    from fieldnotes.crypto.age import MAX_BACKUP_FILE_BYTES, decrypt
    from fieldnotes.errors import NotANotebook
    from fieldnotes.storage.snapshot import image_facts

    plaintext = decrypt(
        data,
        identities=identities,
        passphrase=passphrase,
        what="backup",
        limit=MAX_BACKUP_FILE_BYTES,
    )
    header, image = unpack_backup(plaintext)
    del plaintext
    try:
        facts = image_facts(image)
    except NotANotebook as error:
        from fieldnotes.backup import BackupError

        raise BackupError(str(error)) from None
    check_image(header, facts.notebook_id, facts.counts)
    return OpenedBackup(header, image)


def check_backup_notes(backup: OpenedBackup, passphrase: str) -> tuple[int, int, tuple[str, ...]]:
    """Unlock the backup's image in memory with the notebook's passphrase and open every note.

    Returns (notes opened, notes damaged, what its manifest found changed outside
    fieldnotes). A wrong passphrase is `WrongPassphrase`. This machine's memory of the
    newest state it saw of the notebook is left alone.
    """
    from fieldnotes.storage.snapshot import image_store

    with image_store(backup.image) as store:
        store.unlock(passphrase)
        notes = store.load_notes()
        problems = store.integrity_problems
    damaged = sum(1 for note in notes if note.damaged)
    return len(notes) - damaged, damaged, problems


def restore_backup(backup: OpenedBackup, target: Path) -> Path:
    """Write the backup's notebook to `target`, a new file (0600, all or nothing).

    Refuses when `target` exists, or when a `-wal` or `-shm` file of an earlier notebook is
    beside it (SQLite would replay that journal into the restored notebook).
    """
    from fieldnotes.crypto.age import write_private_file

    target = Path(target).expanduser()
    for suffix in ("", "-wal", "-shm"):
        candidate = Path(f"{target}{suffix}")
        if os.path.lexists(candidate):
            if suffix:
                raise InvalidInput(
                    f"{candidate} is left from an earlier notebook; move it away or choose "
                    "another name: nothing was restored"
                )
            raise NotebookExists(target)
    if not target.parent.is_dir():
        raise InvalidInput(f"the folder {target.parent} does not exist: nothing was restored")
    write_private_file(target, backup.image, replace=False)
    _forget_newest_seen(backup.header.notebook_id)
    return target


def _forget_newest_seen(notebook_id: str) -> None:
    """This machine's memory of the newest state it saw of the notebook, forgotten.

    A restore is an older state of the same notebook, and the person chose it: left alone,
    the memory would report it as rolled back (an attack) and open it read-only. Forgetting
    needs no key; the next unlock remembers the restored state. Should it fail, the restore
    is reported as rolled back, which `fieldnotes check --accept` settles: never the reverse.
    """
    from fieldnotes.paths import seen_record

    with contextlib.suppress(OSError):
        seen_record(notebook_id).unlink(missing_ok=True)


# -------------------------------------------------------------- note exports

EXPORT_FOLDER = "fieldnotes-notes"
"""The folder an encrypted Markdown export unpacks to (`age -d … | tar x`)."""


def write_encrypted_export(
    files: Sequence[tuple[str, str]],
    output: Path,
    *,
    recipients: Sequence[str] = (),
    passphrase: str | None = None,
) -> Path:
    """Encrypt exported files as one age file holding a tar of them, and write it (0600).

    `output` may be a folder: the file then gets a neutral name. Never replaces a file.
    """
    from fieldnotes.backup import tar_archive
    from fieldnotes.crypto.age import (
        encrypt_to_recipients,
        encrypt_with_passphrase,
        parse_recipient,
        write_private_file,
    )

    keys = [parse_recipient(r) for r in recipients]
    if (passphrase is None) == (not keys):
        raise InvalidInput("an export goes either to keys or to a passphrase (one of them)")
    archive = tar_archive([(name, text.encode("utf-8")) for name, text in files], EXPORT_FOLDER)
    sealed = (
        encrypt_with_passphrase(archive, passphrase)
        if passphrase is not None
        else encrypt_to_recipients(archive, keys)
    )
    del archive
    output = Path(output).expanduser()
    if output.is_dir():
        output = output / f"notes-{datetime.now():%Y%m%d-%H%M%S}.tar.age"
    write_private_file(output, sealed, replace=False)
    return output


def write_plaintext_export(files: Sequence[tuple[str, str]], folder: Path) -> Path:
    """Write exported files, in the clear, as a new folder (0700, files 0600), all or none.

    Only after the identifier check has run over every file and been resolved.
    """
    from fieldnotes.crypto.age import write_private_folder

    folder = Path(folder).expanduser()
    write_private_folder(folder, [(name, text.encode("utf-8")) for name, text in files])
    return folder


# --------------------------------------------------------- automatic backups

AUTOMATIC_BACKUP_NAME = re.compile(r"fieldnotes-(?P<id>[0-9a-f]{8})-\d{8}-\d{6}-\d{6}\.age")
"""`fieldnotes-<first 8 of the notebook id>-YYYYMMDD-HHMMSS-<microseconds>.age` (UTC):
sorted by name is sorted by age."""


def automatic_backup(path: Path, folder: Path, recipient: str, keep: int) -> Path | None:
    """Back up the closed notebook at `path` into `folder`, keeping its newest `keep` backups.

    Nothing is written when the notebook has not changed since its newest backup there
    (returns None). Only files named as automatic backups of this notebook are ever removed.
    """
    path = Path(path)
    folder = Path(folder).expanduser()
    if not folder.is_dir():
        raise InvalidInput(f"the backup folder {folder} does not exist (is the drive there?)")
    from fieldnotes.storage.peek import peek_notebook_id

    notebook_id = peek_notebook_id(path)
    if notebook_id is None:
        raise InvalidInput(f"{path} is not a notebook that can be backed up")
    ours = _automatic_backups(folder, notebook_id[:8])
    changed = max(
        (
            info.st_mtime_ns
            for candidate in (path, Path(f"{path}-wal"))
            if (info := _stat_or_none(candidate)) is not None and info.st_size
        ),
        default=0,
    )
    # Equal times are taken as a change: an extra backup costs space, a missed one a day's work.
    if ours and ours[-1].stat().st_mtime_ns > changed:
        return None
    from datetime import UTC

    target = folder / f"fieldnotes-{notebook_id[:8]}-{datetime.now(UTC):%Y%m%d-%H%M%S-%f}.age"
    write_backup(path, target, recipients=[recipient])
    for old in _automatic_backups(folder, notebook_id[:8])[: -max(keep, 1)]:
        with contextlib.suppress(OSError):
            old.unlink()
    return target


def _automatic_backups(folder: Path, short_id: str) -> list[Path]:
    found = []
    for entry in os.scandir(folder):
        match = AUTOMATIC_BACKUP_NAME.fullmatch(entry.name)
        if (
            match
            and match["id"] == short_id
            and entry.is_file(follow_symlinks=False)
            and entry.stat(follow_symlinks=False).st_uid == os.getuid()
        ):
            found.append(Path(entry.path))
    return sorted(found, key=lambda p: p.name)


def _stat_or_none(path: Path) -> os.stat_result | None:
    try:
        return path.stat()
    except OSError:
        return None

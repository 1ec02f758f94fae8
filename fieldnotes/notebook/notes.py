"""The notes part: reading, searching, writing, importing and tagging notes."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence

from fieldnotes.domain.filters import NoteFilter
from fieldnotes.domain.model import (
    STANCES,
    ImportedNote,
    Note,
    NoteDraft,
    NoteLine,
    Passage,
    PrincipleLink,
)
from fieldnotes.domain.passages import check_passages, field_texts, placed, reanchor
from fieldnotes.domain.rules import check_draft_links, check_draft_text
from fieldnotes.errors import (
    FieldnotesError,
    FileFormatError,
    ImportProblems,
    InvalidInput,
    NotFound,
    ReadOnlyNotebook,
)
from fieldnotes.index.notes import newest_first, return_spare_memory
from fieldnotes.index.search import Candidates, candidate_ids, candidates
from fieldnotes.notebook.events import NotesChanged
from fieldnotes.notebook.part import Part


@dataclasses.dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import added, and which files it skipped as already in the notebook."""

    notes: list[Note]
    already: tuple[str, ...] = ()


SUGGESTIONS_FROM_NEWEST = 300
LISTED_PER_READ = 5_000
"""Ids per read of listed notes (beyond a few thousand, the store reads every note)."""


class LinePages(Iterator[list[NoteLine]]):
    """Pages of lines, newest first, and how many notes the search index named as possible
    matches, when it was asked (an upper bound on the answer)."""

    def __init__(
        self,
        pages: Iterator[list[NoteLine]],
        candidates: int | None,
        unanswered: int | None = None,
    ) -> None:
        self._pages = pages
        self.candidates = candidates
        self.unanswered = unanswered
        """How many live notes the search index did not answer for, when it was asked:
        written since it last caught up (`catch_up_search_index(seen_behind=…)`)."""

    def __next__(self) -> list[NoteLine]:
        return next(self._pages)


class NotesPart(Part):
    """Notes: the caches that keep a search keystroke instant, and every write."""

    def _all_notes(self) -> Mapping[str, Note]:
        self._require_unlocked()
        return self._index.by_id()

    def _ordered_notes(self) -> Sequence[Note]:
        self._require_unlocked()
        return self._index.newest_first()

    @property
    def notes_loaded(self) -> bool:
        """Whether every note is open in memory (after `prepare_search` or any full read)."""
        return self._index.loaded

    def newest_notes(self, limit: int) -> list[Note]:
        """The newest `limit` notes, without waiting for the rest to be opened.

        For a first screen on a large notebook: opening a few hundred notes takes milliseconds,
        opening a hundred thousand takes seconds (do that with `prepare_search` in a worker).
        """
        self._require_unlocked()
        if self._index.loaded:
            return list(self._ordered_notes()[:limit])
        return self._store.load_notes(newest=limit)

    def notes(
        self, where: NoteFilter | None = None, *, stop: Callable[[], bool] | None = None
    ) -> list[Note]:
        """Notes, newest first, optionally filtered (obstacle filters include sub-obstacles).

        `stop`: asked between chunks of a search's scan; when it turns true the search is
        given up with SearchStopped (a FieldnotesError), for a search a newer one replaced."""
        ordered = self._ordered_notes()
        if where is None:
            return list(ordered)
        return self._index.select(where, self._obstacle_scope(where), stop)

    def find(self, where: NoteFilter) -> list[Note]:
        """The notes `where` selects, for a one-off command such as `fieldnotes search`.

        Same answer as `notes(where)`. When the notes are not open yet, a search does not open
        them all into memory: each is decrypted once and only possible matches are kept.
        """
        if self._index.loaded or not where.words:
            return self.notes(where)
        self._require_unlocked()
        obstacle_ids = self._obstacle_scope(where)
        # The sealed search index names the notes that may match; without it (not built
        # yet, or found damaged) every note is opened once and only possible matches kept.
        ids = candidate_ids(self._store, where.words)
        if ids is None:
            candidates = self._store.load_notes(containing=where.words)
        else:
            candidates = self._load_listed(sorted(ids))
        return [note for note in candidates if where.matches(note, obstacle_ids)]

    def note_pages(self, where: NoteFilter | None = None) -> Iterator[list[Note]]:
        """What `find(where)` answers, newest first, a page at a time, for a command that
        prints as it reads (`fieldnotes list` and `search`): the newest page is out once one
        page is opened, and memory holds one page, however large the notebook or the answer.

        A filter with words asks the search index which notes to open, as `find` does.
        """
        self._require_unlocked()
        where = where or NoteFilter()
        obstacle_ids = self._obstacle_scope(where)
        ids: set[str] | None = None
        if where.words and not self._index.loaded:
            ids = candidate_ids(self._store, where.words)
        if self._index.loaded or (where.words and ids is None):
            # Open already, or no index to ask: the one answer there is, in pages.
            found = self.find(where)
            for start in range(0, len(found), LISTED_PER_READ):
                yield found[start : start + LISTED_PER_READ]
            return
        for page in self._store.note_pages(ids):
            kept = [note for note in page if where.matches(note, obstacle_ids)]
            if kept:
                yield kept

    def note_line_pages(
        self, where: NoteFilter | None = None, *, newest: int | None = None
    ) -> LinePages:
        """`note_pages(where)` as the lines `fieldnotes list` and `search` print: each note
        read only as far as its line shows it, unless the filter names an obstacle or a
        principle (links, and passages' codes, are a whole note's) or every note is open.

        `newest`: only that many lines will be read (`--limit`), so a rare word's candidates
        may be found by walking the newest notes rather than by naming each one."""
        self._require_unlocked()
        where = where or NoteFilter()
        found: Candidates | None = None
        if where.words and not self._index.loaded and not where.names_links:
            found = candidates(self._store, where.words, newest=newest)
        if self._index.loaded or where.names_links or (where.words and found is None):
            whole = ([NoteLine.of(note) for note in notes] for notes in self.note_pages(where))
            return LinePages(whole, None)
        if found is None:
            lines = self._store.note_line_pages(None)
        elif found.ids is None:
            lines = self._store.note_line_pages(containing=where.words, numbered=found.numbers)
        else:
            lines = self._store.note_line_pages(found.ids, containing=where.words)
        kept = ([line for line in page if where.matches_line(line)] for page in lines)
        if found is None:
            return LinePages((page for page in kept if page), None)
        return LinePages((page for page in kept if page), found.at_most, found.unsure)

    def match_bound(self, where: NoteFilter, pages: LinePages) -> tuple[int, bool] | None:
        """How many notes `where` selects, with whether that is exact (else at most), when
        the clear cells or the search index (as `pages` asked it) can say without opening
        any note; else None."""
        self._require_unlocked()
        if where == NoteFilter():
            if self._index.loaded:
                return len(self._index.by_id()), True
            return self._store.live_note_count(), True
        if where == NoteFilter(query=where.query) and pages.candidates is not None:
            return pages.candidates, False
        return None

    def _load_listed(self, note_ids: Sequence[str]) -> list[Note]:
        """These live notes, newest first, a few thousand ids per read."""
        found: list[Note] = []
        for start in range(0, len(note_ids), LISTED_PER_READ):
            found += self._store.load_notes(note_ids[start : start + LISTED_PER_READ])
        return newest_first(found)

    def catch_up_search_index(
        self, *, waiting_at_least: int = 1, seen_behind: int | None = None
    ) -> int | None:
        """Take the notes written since into the search index, a batch per transaction,
        when at least `waiting_at_least` wait (or it is not built, or was found damaged).
        `seen_behind`: how many live notes a search just found the index behind by (with
        nothing written since), which spares counting them again (a second at a million).

        Returns how many still wait (0 when done), or None when the notebook is read-only
        for now (found changed outside fieldnotes): then searches read every note. A batch
        is seconds on a large notebook: call it off the UI thread, or after a command's
        output. A crash or a lock between batches loses nothing; the next call carries on.
        """
        self._require_unlocked()
        if seen_behind is not None and seen_behind < waiting_at_least:
            return seen_behind
        behind = self._store.search_index_behind()
        if behind is not None and behind < waiting_at_least:
            return behind
        try:
            while True:
                behind = self._store.refresh_search_index()
                if behind == 0 or not self._store.unlocked:
                    return behind
        except ReadOnlyNotebook:
            return None

    def _obstacle_scope(self, where: NoteFilter) -> set[str] | None:
        """The obstacle a filter names and every obstacle under it, or None for any."""
        return self.obstacle_subtree(where.obstacle_id) if where.obstacle_id is not None else None

    def prepare_search(self) -> None:
        """Open and index every note now (call it off the UI thread after unlocking)."""
        self._require_unlocked()
        self._index.prepare()
        # The codebook's counts come from the same notes: counted here, off the UI thread.
        self._links.per_obstacle(self.obstacle_tree(), lambda: self._all_notes().values())

    def return_spare_memory(self) -> None:
        """Once every note is open and the first synthesis worked out (in a worker): give
        back what opening them took and no longer holds."""
        return_spare_memory()

    def note_counts(self) -> tuple[int, int]:
        """(all notes, jottings waiting for write-up), without sorting or copying anything."""
        self._require_unlocked()
        if not self._index.loaded:
            return self._store.note_counts()
        notes = self._index.by_id()
        return len(notes), sum(1 for note in notes.values() if note.stage == "jotting")

    def search(self, query: str) -> list[Note]:
        return self.notes(NoteFilter(query=query))

    def note(self, note_id: str) -> Note:
        self._require_unlocked()
        if not self._index.loaded:
            # One note (a preview, an editor) need not wait for every other to be opened.
            found = self._store.load_notes([note_id])
            if not found:
                raise NotFound("no such note")
            return found[0]
        try:
            return self._index.whole(self._all_notes()[note_id])
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
        if self._index.loaded:
            return self.teams(), self.settings()
        recent = self.newest_notes(SUGGESTIONS_FROM_NEWEST)
        return (
            sorted({n.team for n in recent if n.team}, key=str.casefold),
            sorted({n.setting for n in recent if n.setting}, key=str.casefold),
        )

    def _check_draft(self, draft: NoteDraft) -> NoteDraft:
        check_draft_text(draft)
        obstacle_ids = {o.id for o in self.obstacles()}
        principles = self.principles()
        check_passages(draft, principles, obstacle_ids)
        return check_draft_links(draft, principles, obstacle_ids)

    def add_note(self, draft: NoteDraft) -> Note:
        self._team_check_note(None, draft)
        note_id = self._store.insert_note(self._check_draft(draft))
        self._changed(NotesChanged, ids=[note_id])
        return self.note(note_id)

    def update_note(self, note_id: str, draft: NoteDraft) -> Note:
        self._team_check_note(note_id, draft)
        current = self.note(note_id)
        # Where a note came from is not the writer's to change: an edited imported note is
        # still the one a re-import of its file must skip.
        draft = dataclasses.replace(
            draft,
            source_digest=current.source_digest,
            passages=self._kept_passages(
                reanchor(draft.passages, field_texts(current), field_texts(draft))
            ),
        )
        self._store.update_note(note_id, self._check_draft(draft))
        self._changed(NotesChanged, ids=[note_id])
        return self.note(note_id)

    def _kept_passages(self, passages: list[Passage]) -> list[Passage]:
        """The passages with codes for obstacles since deleted left out, as a deletion drops
        the note's own links to them (a passage left with no code is still kept)."""
        known = {o.id for o in self.obstacles()}
        return [
            passage
            if known.issuperset(passage.obstacle_ids)
            else dataclasses.replace(
                passage, obstacle_ids=tuple(i for i in passage.obstacle_ids if i in known)
            )
            for passage in passages
        ]

    def delete_note(self, note_id: str) -> None:
        self._team_check_note(note_id)
        self._store.delete_note(note_id)
        self._changed(NotesChanged, ids=[note_id])

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
            passages = self._imported_passages(item, problems)
            if len(problems) > found:
                continue
            draft = dataclasses.replace(
                item.draft, obstacle_ids=ids, source_digest=digest, passages=passages
            )
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
            self._changed(NotesChanged, ids=new_ids)
        return ImportResult([self.note(note_id) for note_id in new_ids], tuple(already))

    def _imported_passages(
        self, item: ImportedNote, problems: list[FileFormatError]
    ) -> list[Passage]:
        """The file's passages with their obstacles found by name, each placed on its words;
        a name or principle the notebook lacks is a problem at the passage's line."""
        known_principles = self.principles()
        passages: list[Passage] = []
        for listed in item.passages:
            ids: list[str] = []
            for name in listed.obstacle_names:
                try:
                    ids.append(self.find_obstacle(name).id)
                except FieldnotesError as error:
                    problems.append(FileFormatError(item.source, listed.line, str(error)))
            for link in listed.principles:
                if link.principle_id not in known_principles:
                    problems.append(
                        FileFormatError(
                            item.source, listed.line, f"unknown principle {link.principle_id!r}"
                        )
                    )
            passage = Passage(
                id=str(uuid.uuid4()),
                field=listed.field,
                start=listed.start,
                end=listed.end,
                text=listed.text,
                obstacle_ids=tuple(dict.fromkeys(ids)),
                principles=listed.principles,
                memo=listed.memo,
                orphaned=listed.orphaned,
            )
            passages.append(placed(passage, field_texts(item.draft)[listed.field]))
        return passages

    def tag_notes(
        self,
        note_ids: Sequence[str],
        *,
        obstacle_id: str | None = None,
        principle: PrincipleLink | None = None,
        remove: bool = False,
    ) -> None:
        self._team_check_tag(note_ids, obstacle_id, principle)
        if obstacle_id is not None:
            self.obstacle(obstacle_id)
        if principle is not None:
            self.principle(principle.principle_id)
            if principle.stance not in STANCES:
                raise InvalidInput(
                    f"unknown stance {principle.stance!r}: use {' or '.join(STANCES)}"
                )
        self._store.link_notes(
            note_ids, obstacle_id=obstacle_id, principle=principle, remove=remove
        )
        self._changed(NotesChanged, ids=note_ids)

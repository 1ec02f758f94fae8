"""The notes kept open in memory, and the search over them: speed only, no rules.

`NoteIndex` is what the notebook asks of it. `PlainNoteIndex` answers by reading every note
from its source each time and filtering with `NoteFilter.matches`: that is the meaning.
`CachedNoteIndex` gives the same answers fast: the notes opened once and kept (by id and
newest first), and their tokens (`fieldnotes.index.tokens`), which answer a search's words
without reading any note's text again. A large notebook's notes are kept without their long
texts (`fieldnotes.index.lean`), which are read again when something asks for them.
tests/test_note_index.py checks the two agree on sequences of writes and queries, with the
notes kept whole and kept lean.
"""

from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import gc
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Protocol

from fieldnotes.domain.filters import NoteFilter
from fieldnotes.domain.model import Note
from fieldnotes.errors import FieldnotesError
from fieldnotes.index.lean import NOTHING_LEFT_OUT, LeanNote, LeftOut, SharedLists, left_out_of
from fieldnotes.index.tokens import SearchStopped as SearchStopped
from fieldnotes.index.tokens import TokenIndex, TokenSeed, notes_flagged

SCAN_CHUNK = 4_096
"""Notes whose matches are gathered (and checked against the rest of a filter) between two
looks at `stop`: a few milliseconds at most."""
PREPARE_ATTEMPTS = 3
"""Times `prepare` gathers the tokens off the lock before, with writes still coming, it
gathers them under it."""
LEAN_FROM_NOTES = 20_000
"""From this many notes, the notes are kept without their descriptions, asides and quotes:
below it they take less memory (~40 MiB at 20,000) than reading a shown note again costs in
waiting."""
WHOLE_PER_READ = 2_000
"""Lean notes read again whole at once for an export: a few MiB of texts."""
REOPENED_KEPT = 256
"""Lean notes whose texts, once read again, are kept, the latest used last given up: a
preview asks for the same note's texts several times while it is drawn, a cursor goes back
and forth over a few, and each synthesis reads its voices' quotes again (some fifty notes
for forty obstacles), mostly the same ones after a write."""
REOPENED_CHARS = 1 << 20
"""And no more than this many characters of their texts (a few MiB), unless one note alone
holds more: a few notes near the size limit must not keep hundreds of MiB."""


class NoteSource(Protocol):
    """Where notes come from (the sealed store): live notes, newest first."""

    def load_notes(
        self,
        note_ids: Iterable[str] | None = None,
        *,
        shape: Callable[[Note], Note] | None = None,
    ) -> list[Note]:
        """`shape`: what is kept of each note, applied as each page of them is opened."""
        ...

    def note_pages(self, note_ids: Iterable[str] | None = None) -> Iterator[list[Note]]:
        """The same notes, a page at a time: only one page is in memory at once."""
        ...

    def live_note_count(self) -> int:
        """How many notes are not in the trash, counted without opening any."""
        ...


class NoteIndex(Protocol):
    @property
    def loaded(self) -> bool:
        """Whether every note is open in memory, so reading any of them costs nothing."""
        ...

    def by_id(self) -> Mapping[str, Note]:
        """Every live note by id (opening them all first if need be)."""
        ...

    def newest_first(self) -> Sequence[Note]:
        """Every live note, newest first (ties by id, the larger first)."""
        ...

    def select(
        self,
        where: NoteFilter,
        obstacle_ids: set[str] | None,
        stop: Callable[[], bool] | None = None,
    ) -> list[Note]:
        """The notes `where` selects, newest first; `obstacle_ids` is its obstacle's subtree.
        SearchStopped when `stop()` turns true while the texts are scanned."""
        ...

    def prepare(self) -> None:
        """Open and index every note now, so the next search need not."""
        ...

    def invalidate(self, note_ids: Iterable[str] | None = None) -> None:
        """These notes changed in the source (written, trashed, deleted): read them again.
        None: anything may have changed, or the key is gone; forget every note."""
        ...

    def forget_tokens(self) -> None:
        """Gather the tokens again, from the notes, at the next search: what they started
        from is no longer trusted."""
        ...

    def whole(self, note: Note) -> Note:
        """The note with every text in memory: for an editor, which must not find its text
        read again part-way (a note held lean is read again from the source)."""
        ...

    def wholes(self, notes: Sequence[Note]) -> Iterator[Note]:
        """These notes with every text in memory, in the order given: for an export, which
        reads them all (those held lean are read again from the source, a page at a time,
        and let go as they are used; one deleted meanwhile is left out)."""
        ...


def _chars(texts: LeftOut) -> int:
    return (
        len(texts.description)
        + len(texts.asides)
        + sum(len(quote.text) + len(quote.speaker_role) for quote in texts.quotes)
    )


def newest_first(notes: Iterable[Note]) -> list[Note]:
    return sorted(notes, key=lambda n: (n.occurred_at, n.id), reverse=True)


class PlainNoteIndex:
    """Keeps nothing: every answer is worked out from the source, as the rule says."""

    def __init__(self, source: NoteSource) -> None:
        self._source = source

    @property
    def loaded(self) -> bool:
        return False

    def by_id(self) -> Mapping[str, Note]:
        return {note.id: note for note in self._source.load_notes()}

    def newest_first(self) -> Sequence[Note]:
        return newest_first(self._source.load_notes())

    def select(
        self,
        where: NoteFilter,
        obstacle_ids: set[str] | None,
        stop: Callable[[], bool] | None = None,
    ) -> list[Note]:
        return [n for n in self.newest_first() if where.matches(n, obstacle_ids)]

    def prepare(self) -> None:
        pass

    def invalidate(self, note_ids: Iterable[str] | None = None) -> None:
        pass

    def forget_tokens(self) -> None:
        pass

    def whole(self, note: Note) -> Note:
        return note

    def wholes(self, notes: Sequence[Note]) -> Iterator[Note]:
        return iter(notes)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector held off while a large batch of notes is built.

    Opening every note allocates millions of objects, none of them in a cycle, and each
    allocation burst would set off a full collection over the growing heap (see "Opening
    every note" in docs/benchmarks.md). Nothing it could free is made here.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


FREEZE_FROM_NOTES = 2_000
"""Below this many notes, later collections walk them quickly, and the full collection that
freezing needs first (a pause over the whole heap) would cost more than it saves."""


def keep_out_of_the_collectors_way() -> None:
    """Move everything alive now (the notes just opened) out of later full collections,
    which would otherwise walk tens of thousands of long-lived notes each time."""
    gc.collect()
    gc.freeze()


def release_to_the_collector() -> None:
    """Undo `keep_out_of_the_collectors_way`: the notes kept until now may be freed."""
    gc.unfreeze()


def return_spare_memory() -> bool:
    """Hand back to the system the memory the C allocator holds free; True if any was.

    Opening every note of a large notebook passes its sealed pages and whole texts through
    memory a page at a time, in workers, and the tokens and the synthesis's rows are read the
    same way. glibc keeps what those took, spread through a heap per thread, for reuse that
    mostly never comes: tens of MiB at 100,000 notes (docs/benchmarks.md). Elsewhere than
    glibc's Linux, nothing is done.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):  # another C library (musl has no malloc_trim)
        return False
    # A foreign call drops the interpreter's lock: the screen goes on drawing meanwhile.
    return bool(trim(0))


class CachedNoteIndex:
    """The notes opened once and kept, and the search over them kept instant.

    One lock is held while the caches are filled or changed: a worker may be opening every
    note while the screen saves one, and the save must land in what the worker returns.
    """

    def __init__(
        self,
        source: NoteSource,
        seeds: Callable[[], TokenSeed | None] | None = None,
        lean_from: int | None = None,
    ) -> None:
        """`seeds` gives what the sealed search index on disk holds, when it can be trusted:
        the tokens then start from it, and only the notes it does not hold are tokenised.
        `lean_from`: from this many notes, keep them without their long texts."""
        self._source = source
        self._seeds = seeds
        self._lean_from = lean_from
        self._lean = False
        """Whether the notes open now are kept lean (decided each time they are opened)."""
        self._lists = SharedLists()
        """The lists the lean notes open now share."""
        self._reopened: dict[tuple[str, int], LeftOut] = {}
        """The texts of the lean notes read again, by id and revision, the least lately used
        first."""
        self._reopened_chars = 0
        """The characters of the texts in `_reopened`."""
        self._reopened_lock = threading.Lock()
        self._lock = threading.RLock()
        self._notes: dict[str, Note] | None = None
        self._frozen = False
        self._ordered: list[Note] | None = None
        """The notes newest first, kept between calls: a search keystroke must not re-sort."""
        self._tokens: TokenIndex | None = None
        """Every open note's tokens, built when first searched, then kept up to date."""
        self._in_order: tuple[list[Note], Callable[[bytes], Sequence[int]] | None] | None = None
        """For `_ordered` as it stands: what lays the token index's slots out in its order."""
        self._changes = 0
        """Invalidations so far: tokens gathered off the lock are kept only if none came."""

    @property
    def loaded(self) -> bool:
        return self._notes is not None

    def by_id(self) -> Mapping[str, Note]:
        notes = self._notes
        if notes is not None:
            return notes
        with self._lock:
            if self._notes is None:
                with collector_paused():
                    loaded = self._load()
                self._notes = {note.id: note for note in loaded}
                # The source gives them newest first: the sorted order comes free, unless a
                # note was moved in time while the pages were read (then it is sorted again).
                if len(self._notes) == len(loaded):
                    self._ordered = loaded
                if len(self._notes) >= FREEZE_FROM_NOTES:
                    keep_out_of_the_collectors_way()
                    self._frozen = True
            return self._notes

    def _load(self) -> list[Note]:
        lean_from = self._lean_from
        self._lean = lean_from is not None and self._source.live_note_count() >= lean_from
        self._lists = SharedLists()
        if not self._lean:
            return self._source.load_notes()
        # Made lean a page at a time, as they are opened: the whole texts of every note are
        # never in memory together, so they leave no high-water mark behind.
        return self._source.load_notes(shape=self._lean_note)

    def _lean_note(self, note: Note) -> Note:
        return LeanNote(note, self, self._lists)

    def long_texts(self, note: Note) -> LeftOut:
        key = (note.id, note.revision)
        with self._reopened_lock:
            kept = self._reopened.pop(key, None)
            if kept is not None:
                self._reopened[key] = kept  # the latest used is given up last
        if kept is not None:
            return kept
        found = self._source.load_notes([note.id])
        if not found:
            return NOTHING_LEFT_OUT
        texts = left_out_of(found[0])
        if found[0].revision == note.revision:
            with self._reopened_lock:
                self._keep_reopened(key, texts)
        return texts

    def _keep_reopened(self, key: tuple[str, int], texts: LeftOut) -> None:
        kept = self._reopened
        kept[key] = texts
        self._reopened_chars += _chars(texts)
        while len(kept) > 1 and (
            len(kept) > REOPENED_KEPT or self._reopened_chars > REOPENED_CHARS
        ):
            self._reopened_chars -= _chars(kept.pop(next(iter(kept))))

    def whole(self, note: Note) -> Note:
        if not isinstance(note, LeanNote):
            return note
        found = self._source.load_notes([note.id])
        return found[0] if found else note

    def wholes(self, notes: Sequence[Note]) -> Iterator[Note]:
        # A page of rows at a time: not a note at a time, as each lean note's texts would be
        # read (an export of 100,000 notes opening them one by one), nor every one at once.
        for start in range(0, len(notes), WHOLE_PER_READ):
            page = notes[start : start + WHOLE_PER_READ]
            lean = [note.id for note in page if isinstance(note, LeanNote)]
            if not lean:
                yield from page
                continue
            opened = {note.id: note for note in self._source.load_notes(lean)}
            for note in page:
                whole = opened.get(note.id) if isinstance(note, LeanNote) else note
                if whole is not None:
                    yield whole

    def newest_first(self) -> list[Note]:
        notes = self.by_id()
        ordered = self._ordered
        if ordered is None:
            with self._lock:
                ordered = self._ordered = newest_first(notes.values())
        return ordered

    def select(
        self,
        where: NoteFilter,
        obstacle_ids: set[str] | None,
        stop: Callable[[], bool] | None = None,
    ) -> list[Note]:
        # Held throughout: a search may run in a worker while the screen saves a note, and
        # the token index must not change under it.
        with self._lock:
            return self._select(where, obstacle_ids, stop)

    def _select(
        self,
        where: NoteFilter,
        obstacle_ids: set[str] | None,
        stop: Callable[[], bool] | None = None,
    ) -> list[Note]:
        ordered = self.newest_first()
        words = where.words
        without_query = dataclasses.replace(where, query="")
        unfiltered = without_query == NoteFilter()
        if not words:
            return [n for n in ordered if unfiltered or without_query.matches(n, obstacle_ids)]
        tokens, in_order = self._search_index()
        flags = tokens.matching(words, stop)
        found = notes_flagged(
            ordered, flags if in_order is None else in_order(flags), stop, SCAN_CHUNK
        )
        if unfiltered:
            return found
        return [n for n in found if without_query.matches(n, obstacle_ids)]

    def prepare(self) -> None:
        # Opening every note holds the lock, as any first read does. The tokens are gathered
        # after it, off the lock (seconds at 100,000 notes): the screens' reads and saves
        # meanwhile must not wait for them. A write in that time makes what was gathered
        # stale; it is gathered again from the notes as they are then.
        for _attempt in range(PREPARE_ATTEMPTS):
            with self._lock:
                ordered = self.newest_first()
                if self._tokens is not None:
                    return
                changes = self._changes
            built = self._built(ordered)
            with self._lock:
                if self._tokens is None and self._changes == changes:
                    self._tokens = built
                    return
        with self._lock:
            self._search_index()

    def invalidate(self, note_ids: Iterable[str] | None = None) -> None:
        with self._lock:
            self._changes += 1
            self._ordered = None
            self._in_order = None
            if note_ids is None:
                self._notes = None
                self._tokens = None
                with self._reopened_lock:
                    self._reopened.clear()
                    self._reopened_chars = 0
                if self._frozen:
                    release_to_the_collector()
                    self._frozen = False
                return
            if self._notes is None:
                return
            wanted = list(note_ids)
            with self._reopened_lock:
                gone = set(wanted)
                for key in [key for key in self._reopened if key[0] in gone]:
                    self._reopened_chars -= _chars(self._reopened.pop(key))
            tokens = self._tokens
            # Read first, then swap each note in place: `by_id` hands the dict out without
            # the lock, and a reader on another thread (the screen, while a sync applies a
            # pull) must see the old note or the new one, never a note that is missing.
            fresh = {note.id: note for note in self._source.load_notes(wanted)}
            for note_id in wanted:
                old = self._notes.get(note_id)
                new = fresh.get(note_id)
                if tokens is not None and old is not None:
                    tokens.remove(old)
                if new is not None:
                    # The tokens from the whole note: a lean one's old text is never needed
                    # again (its slot is given up instead, see `TokenIndex.remove`).
                    self._notes[note_id] = self._lean_note(new) if self._lean else new
                    if tokens is not None:
                        tokens.add(new)
                else:
                    self._notes.pop(note_id, None)

    def forget_tokens(self) -> None:
        with self._lock:
            self._changes += 1
            self._tokens = None
            self._in_order = None

    def _built(self, ordered: Sequence[Note]) -> TokenIndex:
        with collector_paused():
            if self._seeds is not None:
                # A head start only, read a part at a time as it is taken in: an index that
                # cannot be read, damage found, or a catch-up of it meanwhile leaves the
                # tokens to be gathered from the notes, which give the same answers.
                with contextlib.suppress(FieldnotesError):
                    seed = self._seeds()
                    if seed is not None:
                        return TokenIndex(ordered, seed=seed, with_text=self._with_text())
            return TokenIndex(ordered, with_text=self._with_text())

    def _with_text(self) -> Callable[[Sequence[Note]], Iterator[Note]] | None:
        """For lean notes: how the token index reads the notes it tokenises again, whole, a
        page at a time (every note's, when nothing on disk gave it a head start)."""
        if not self._lean:
            return None

        def whole(notes: Sequence[Note]) -> Iterator[Note]:
            for page in self._source.note_pages([note.id for note in notes]):
                yield from page

        return whole

    def _search_index(self) -> tuple[TokenIndex, Callable[[bytes], Sequence[int]] | None]:
        """The token index of every open note, and what lays its answers out newest first."""
        ordered = self.newest_first()
        with self._lock:
            tokens = self._tokens
            if tokens is None:
                tokens = self._tokens = self._built(ordered)
            in_order = self._in_order
            if in_order is None or in_order[0] is not ordered:
                in_order = self._in_order = (ordered, tokens.in_order(ordered))
            return tokens, in_order[1]

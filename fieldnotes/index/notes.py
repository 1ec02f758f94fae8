"""The notes kept open in memory, and the search over them: speed only, no rules.

`NoteIndex` is what the notebook asks of it. `PlainNoteIndex` answers by reading every note
from its source each time and filtering with `NoteFilter.matches`: that is the meaning.
`CachedNoteIndex` gives the same answers fast: the notes opened once and kept (by id and
newest first), each note's text casefolded once, and a memo of recent searches that a
narrower search starts from. tests/test_note_index.py checks the two agree on sequences of
writes and queries.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Protocol

from fieldnotes.domain.filters import NoteFilter
from fieldnotes.domain.model import Note
from fieldnotes.errors import FieldnotesError

RECENT_SEARCHES = 32
"""How many recent searches the memo keeps, each with the positions it matched."""
SCAN_CHUNK = 4_096
"""Notes whose text is scanned between two looks at `stop`: ~5 ms at most."""


class SearchStopped(FieldnotesError):
    """A search was given up because its `stop` said so (a newer keystroke arrived)."""


class NoteSource(Protocol):
    """Where notes come from (the sealed store): live notes, newest first."""

    def load_notes(self, note_ids: Iterable[str] | None = None) -> list[Note]: ...


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


class CachedNoteIndex:
    """The notes opened once and kept, and the search over them kept instant.

    One lock is held while the caches are filled or changed: a worker may be opening every
    note while the screen saves one, and the save must land in what the worker returns.
    """

    def __init__(self, source: NoteSource) -> None:
        self._source = source
        self._lock = threading.RLock()
        self._notes: dict[str, Note] | None = None
        self._frozen = False
        self._ordered: list[Note] | None = None
        """The notes newest first, kept between calls: a search keystroke must not re-sort."""
        self._haystacks: dict[str, str] = {}
        """Each note's sealed text, casefolded once, for incremental search."""
        self._search_pairs: tuple[list[Note], list[str]] | None = None
        self._recent_searches: dict[tuple[NoteFilter, tuple[str, ...]], list[int]] = {}
        """Positions (in `_search_pairs`) each recent search matched, newest search last."""

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
                    loaded = self._source.load_notes()
                self._notes = {note.id: note for note in loaded}
                # The source gives them newest first: the sorted order comes free, unless a
                # note was moved in time while the pages were read (then it is sorted again).
                if len(self._notes) == len(loaded):
                    self._ordered = loaded
                if len(self._notes) >= FREEZE_FROM_NOTES:
                    keep_out_of_the_collectors_way()
                    self._frozen = True
            return self._notes

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
        # Held throughout: a search may run in a worker while the screen runs another, and
        # both update the memo of recent searches.
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
        ordered, haystacks = self._search_index()
        candidates: Sequence[int] | None = self._narrowest_earlier_search(without_query, words)
        if candidates is None:
            candidates = (
                range(len(ordered))
                if unfiltered
                else [i for i, n in enumerate(ordered) if without_query.matches(n, obstacle_ids)]
            )
        # The longest word first: it usually rules out the most notes.
        first, *others = sorted(words, key=len, reverse=True)
        if stop is None:
            found = [i for i in candidates if first in haystacks[i]]
        else:
            # A chunk at a time, so a search a newer keystroke made stale stops within a few
            # milliseconds instead of scanning on beside the newer one. Nothing is
            # remembered of a stopped search.
            found = []
            for start in range(0, len(candidates), SCAN_CHUNK):
                if stop():
                    raise SearchStopped("a newer search replaced this one")
                chunk = candidates[start : start + SCAN_CHUNK]
                found += [i for i in chunk if first in haystacks[i]]
        for word in others:
            found = [i for i in found if word in haystacks[i]]
        self._remember_search(without_query, words, found)
        return [ordered[i] for i in found]

    def prepare(self) -> None:
        with self._lock:
            self._search_index()

    def invalidate(self, note_ids: Iterable[str] | None = None) -> None:
        with self._lock:
            self._ordered = None
            self._search_pairs = None
            self._recent_searches.clear()
            if note_ids is None:
                self._notes = None
                self._haystacks = {}
                if self._frozen:
                    release_to_the_collector()
                    self._frozen = False
                return
            wanted = list(note_ids)
            for note_id in wanted:
                self._haystacks.pop(note_id, None)
            if self._notes is None:
                return
            # Read first, then swap each note in place: `by_id` hands the dict out without
            # the lock, and a reader on another thread (the screen, while a sync applies a
            # pull) must see the old note or the new one, never a note that is missing.
            fresh = {note.id: note for note in self._source.load_notes(wanted)}
            for note_id in wanted:
                if note_id in fresh:
                    self._notes[note_id] = fresh[note_id]
                else:
                    self._notes.pop(note_id, None)

    def _haystack(self, note: Note) -> str:
        haystack = self._haystacks.get(note.id)
        if haystack is None:
            haystack = self._haystacks[note.id] = note.searchable_text().casefold()
        return haystack

    def _search_index(self) -> tuple[list[Note], list[str]]:
        """The notes newest first and their casefolded text, position for position."""
        ordered = self.newest_first()
        index = self._search_pairs
        if index is None or index[0] is not ordered:
            with self._lock:
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

"""The cached note index answers as the plain one does, whatever was written and searched."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fieldnotes.domain.filters import NoteFilter
from fieldnotes.domain.model import MODES, STAGES, Note, PrincipleLink, Stage
from fieldnotes.index.lean import LeanNote
from fieldnotes.index.notes import (
    FREEZE_FROM_NOTES,
    SCAN_CHUNK,
    CachedNoteIndex,
    NoteIndex,
    PlainNoteIndex,
    SearchStopped,
    newest_first,
)

WORDS = ["care", "car", "plan", "plans", "family", "fam", "Straße", "strasse", "ß", "visit"]
"""Words and their prefixes (a search typed a letter at a time), and a casefolding pair."""
TEAMS = ["North", "north", "South", ""]
OBSTACLES = ["o1", "o2", "o3"]
DAYS = [datetime(2026, 9, day, 10) for day in (1, 2, 2, 3)]
"""Two notes on the same moment: the order between them is by id."""


class FakeSource:
    """Notes in memory, handed out as the store hands them: live ones, newest first, each
    read a new object."""

    def __init__(self) -> None:
        self.notes: dict[str, Note] = {}
        self.reads = 0
        self.read_alone: list[str] = []
        """The notes read one at a time, in order."""

    def load_notes(
        self,
        note_ids: Iterable[str] | None = None,
        *,
        shape: Callable[[Note], Note] | None = None,
    ) -> list[Note]:
        self.reads += 1
        asked = None if note_ids is None else list(note_ids)
        if asked is not None and len(asked) == 1:
            self.read_alone += asked
        wanted = self.notes.keys() if asked is None else set(asked)
        notes = newest_first(_copy(self.notes[i]) for i in wanted if i in self.notes)
        return notes if shape is None else [shape(note) for note in notes]

    def note_pages(self, note_ids: Iterable[str] | None = None) -> Iterator[list[Note]]:
        notes = self.load_notes(note_ids)
        for start in range(0, len(notes), 2):
            yield notes[start : start + 2]

    def live_note_count(self) -> int:
        return len(self.notes)


def _copy(note: Note) -> Note:
    return Note(**{name: getattr(note, name) for name in Note.__dataclass_fields__})


notes_text = st.lists(st.sampled_from(WORDS), max_size=4).map(" ".join)
note_fields = st.fixed_dictionaries(
    {
        "mode": st.sampled_from(MODES),
        "stage": st.sampled_from(STAGES),
        "occurred_at": st.sampled_from(DAYS),
        "team": st.sampled_from(TEAMS),
        "description": notes_text,
        "asides": notes_text,
        "obstacle_ids": st.lists(st.sampled_from(OBSTACLES), max_size=2, unique=True),
        "principles": st.lists(
            st.builds(
                PrincipleLink,
                st.sampled_from(["p1", "p2"]),
                st.sampled_from(["honoured", "at-risk"]),
            ),
            max_size=1,
        ),
    }
)
queries = st.lists(st.sampled_from([*WORDS, "CAR", "pla", ""]), max_size=2).map(" ".join)
filters = st.builds(NoteFilter, query=queries) | st.builds(
    NoteFilter,
    mode=st.none() | st.sampled_from(MODES),
    stage=st.none() | st.sampled_from(STAGES),
    team=st.none() | st.sampled_from(["north", "South"]),
    obstacle_id=st.none() | st.sampled_from(OBSTACLES),
    principle_id=st.none() | st.just("p1"),
    query=queries,
)
operations = st.lists(
    st.one_of(
        st.tuples(st.just("add"), note_fields),
        st.tuples(st.just("edit"), st.integers(0, 30), note_fields),
        st.tuples(st.just("remove"), st.integers(0, 30)),
        st.tuples(st.just("query"), filters),
        # The same search typed on, a letter or a word at a time, as a screen sends it.
        st.tuples(st.just("typing"), filters, st.sampled_from(WORDS)),
        # One word kept and the other changed: the earlier matches no longer hold this one's.
        st.tuples(
            st.just("retype"), filters, st.lists(st.sampled_from(WORDS), min_size=3, max_size=3)
        ),
        st.tuples(st.just("everything")),
        st.tuples(st.just("prepare")),
        st.tuples(st.just("forget")),
    ),
    max_size=40,
)


def _ids(notes: Iterable[Note]) -> list[str]:
    return [note.id for note in notes]


def _select(index: NoteIndex, where: NoteFilter) -> list[str]:
    scope = {where.obstacle_id} if where.obstacle_id is not None else None
    return _ids(index.select(where, scope))


def _texts(notes: Iterable[Note]) -> list[tuple[str, str, str]]:
    return [(note.description, note.asides, note.first_line) for note in notes]


# None: every note kept whole; 0: every note kept lean, its texts read again when asked for.
@pytest.mark.parametrize("lean_from", [None, 0])
@settings(max_examples=300)
@given(st.lists(note_fields, max_size=12), operations)
def test_the_cached_index_agrees_with_the_plain_one(
    lean_from: int | None, first: list[dict[str, Any]], ops: list[tuple[Any, ...]]
) -> None:
    source = FakeSource()
    cached, plain = CachedNoteIndex(source, lean_from=lean_from), PlainNoteIndex(source)
    made = 0
    try:
        for op in [("add", fields) for fields in first] + ops:
            kind = op[0]
            if kind in {"add", "edit", "remove"}:
                if kind == "add":
                    made += 1
                    note_id = f"{made:04d}"
                elif not source.notes:
                    continue
                else:
                    note_id = sorted(source.notes)[op[1] % len(source.notes)]
                if kind == "remove":
                    del source.notes[note_id]
                else:
                    now = datetime(2026, 9, 4)
                    source.notes[note_id] = Note(
                        id=note_id, created_at=now, updated_at=now, revision=1, **op[-1]
                    )
                # The notebook tells its index of every note it writes, trashes or deletes.
                cached.invalidate([note_id])
            elif kind == "query":
                assert _select(cached, op[1]) == _select(plain, op[1])
            elif kind == "typing":
                where, word = op[1], op[2]
                for typed in [word[:n] for n in range(1, len(word) + 1)]:
                    longer = NoteFilter(**{**_fields(where), "query": f"{where.query} {typed}"})
                    assert _select(cached, longer) == _select(plain, longer)
            elif kind == "retype":
                kept, before, after = op[2]
                for query in (f"{kept} {before}", f"{kept} {after}"):
                    where = NoteFilter(**{**_fields(op[1]), "query": query})
                    assert _select(cached, where) == _select(plain, where)
            elif kind == "everything":
                assert _ids(cached.newest_first()) == _ids(plain.newest_first())
                assert dict(cached.by_id()).keys() == dict(plain.by_id()).keys()
                assert _texts(cached.newest_first()) == _texts(plain.newest_first())
                wholes = [cached.whole(note) for note in cached.newest_first()]
                assert wholes == list(plain.newest_first())
                assert not any(isinstance(note, LeanNote) for note in wholes)
                every_whole = list(cached.wholes(cached.newest_first()))
                assert every_whole == list(plain.wholes(plain.newest_first()))
                assert every_whole == list(plain.newest_first())
                assert not any(isinstance(note, LeanNote) for note in every_whole)
            elif kind == "prepare":
                cached.prepare()
            else:
                cached.invalidate()
        assert _ids(cached.newest_first()) == _ids(plain.newest_first())
    finally:
        cached.invalidate()


def _fields(where: NoteFilter) -> dict[str, Any]:
    return {name: getattr(where, name) for name in NoteFilter.__dataclass_fields__}


def test_a_search_reads_the_notes_once_and_a_write_reads_only_that_note() -> None:
    source = FakeSource()
    now = datetime(2026, 9, 4)
    for i in range(5):
        source.notes[str(i)] = Note(
            id=str(i),
            mode="observe",
            stage="jotting",
            occurred_at=DAYS[i % 4],
            created_at=now,
            updated_at=now,
            revision=1,
            description=f"care visit {i}",
        )
    index = CachedNoteIndex(source)
    try:
        assert len(index.select(NoteFilter(query="car"), None)) == 5
        assert len(index.select(NoteFilter(query="care visit"), None)) == 5
        assert source.reads == 1
        source.notes["2"].description = "plans"
        index.invalidate(["2"])
        assert _ids(index.select(NoteFilter(query="care"), None)) == ["3", "1", "4", "0"]
        assert source.reads == 2
    finally:
        index.invalidate()


def _many_notes(
    count: int, stage: Stage = "jotting", description: Callable[[int], str] = lambda i: ""
) -> FakeSource:
    source = FakeSource()
    now = datetime(2026, 9, 4)
    for i in range(count):
        source.notes[f"{i:05d}"] = Note(
            id=f"{i:05d}",
            mode="observe",
            stage=stage,
            occurred_at=now,
            created_at=now,
            updated_at=now,
            revision=1,
            description=description(i),
        )
    return source


def test_forgetting_every_note_hands_them_back_to_the_collector() -> None:
    index = CachedNoteIndex(_many_notes(FREEZE_FROM_NOTES))
    index.by_id()
    assert gc.get_freeze_count() > 0
    index.invalidate()
    assert gc.get_freeze_count() == 0
    assert not index.loaded


def test_a_small_notebook_is_not_frozen_so_opening_it_costs_no_full_collection() -> None:
    index = CachedNoteIndex(_many_notes(FREEZE_FROM_NOTES - 1))
    collections = gc.get_stats()[2]["collections"]
    index.by_id()
    assert gc.get_freeze_count() == 0
    assert gc.get_stats()[2]["collections"] == collections
    index.invalidate()
    assert not index.loaded


def _observed(note_id: str, description: str) -> Note:
    now = datetime(2026, 9, 4)
    return Note(
        id=note_id,
        mode="observe",
        stage="write-up",
        occurred_at=now,
        created_at=now,
        updated_at=now,
        revision=1,
        description=description,
    )


def test_a_note_read_again_is_never_missing_while_it_is_being_read() -> None:
    """A reader between the old note and the new one sees one of them: the screen asks for a
    note while a sync, in its worker, is taking in a colleague's edit of it."""
    source = FakeSource()
    source.notes["kept"] = _observed("kept", "before")
    index = CachedNoteIndex(source)
    assert index.by_id()["kept"].description == "before"
    seen_while_reading: list[str] = []
    real_load = source.load_notes

    def load_while_a_reader_looks(note_ids: Iterable[str] | None = None) -> list[Note]:
        # Lock-free, as `by_id` is for a loaded index: what another thread would see now.
        seen_while_reading.append(index.by_id()["kept"].description)
        return real_load(note_ids)

    source.notes["kept"] = _observed("kept", "after")
    source.load_notes = load_while_a_reader_looks  # type: ignore[method-assign]
    index.invalidate(["kept"])
    assert seen_while_reading == ["before"]
    assert index.by_id()["kept"].description == "after"


def test_a_search_told_to_stop_gives_up_and_leaves_nothing_behind() -> None:
    """A stale search (a newer keystroke came) stops between chunks of its scan; the next
    search, which would start from a remembered earlier one, still finds every match."""
    count = SCAN_CHUNK * 2 + 10
    source = _many_notes(count, "write-up", lambda i: "care plan" if i % 3 else "car")
    index = CachedNoteIndex(source)
    plain = PlainNoteIndex(source)
    asked: list[int] = []

    def after_one_chunk() -> bool:
        asked.append(1)
        return len(asked) > 1

    try:
        index.select(NoteFilter(query="car"), None, stop=after_one_chunk)
    except SearchStopped:
        pass
    else:
        raise AssertionError("the search was told to stop and did not")
    assert len(asked) == 2
    for query in ("care", "car"):
        assert _select(index, NoteFilter(query=query)) == _select(plain, NoteFilter(query=query))
    never = index.select(NoteFilter(query="plan"), None, stop=lambda: False)
    assert _ids(never) == _select(plain, NoteFilter(query="plan"))


def test_a_note_saved_while_the_tokens_are_gathered_is_searched_as_saved(
    monkeypatch: Any,
) -> None:
    # `prepare` gathers the tokens off the lock so the screen's saves need not wait for it:
    # a save landing meanwhile must not be lost from what the search answers.
    import fieldnotes.index.notes as notes_module

    source = _many_notes(6, description=lambda i: f"care visit {i}")
    index = CachedNoteIndex(source)
    real = notes_module.TokenIndex
    saves_left = [1]

    def gathered_while_a_note_is_saved(notes: Any, **options: Any) -> Any:
        built = real(notes, **options)
        if saves_left[0]:
            saves_left[0] -= 1
            source.notes["00002"].description = "plans for the family"
            index.invalidate(["00002"])
        return built

    monkeypatch.setattr(notes_module, "TokenIndex", gathered_while_a_note_is_saved)
    try:
        index.prepare()
        assert _ids(index.select(NoteFilter(query="family"), None)) == ["00002"]
        assert "00002" not in _ids(index.select(NoteFilter(query="care"), None))
        assert len(index.select(NoteFilter(query="care"), None)) == 5
    finally:
        index.invalidate()

"""The token index names exactly the notes the search rule selects, whatever was written."""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from fieldnotes.domain.filters import NoteFilter, search_tokens
from fieldnotes.domain.model import Note, Quote
from fieldnotes.index.notes import CachedNoteIndex, PlainNoteIndex, newest_first
from fieldnotes.index.tokens import TokenIndex

TEXT = "abcß\u0130ΣσςİK\u212a "
"""Few letters, so words and tokens overlap a lot, with letters whose casefold is longer
(ß, İ) or shared (Σ σ ς, K and the Kelvin sign)."""
SPACES = " \n\t\x1c\u2028\u00a0\u3000"
"""White space as `str.split` sees it, the odd kinds among it."""
DAY = datetime(2026, 9, 4, 10)

texts = st.text(alphabet=TEXT + SPACES, max_size=14)
queries = st.text(alphabet=TEXT + "sS", min_size=1, max_size=8)


def _note(note_id: str, description: str, asides: str = "", quote: str = "") -> Note:
    return Note(
        id=note_id,
        mode="observe",
        stage="write-up",
        occurred_at=DAY,
        created_at=DAY,
        updated_at=DAY,
        revision=1,
        description=description,
        asides=asides,
        quotes=[Quote(quote, "parent")] if quote else [],
    )


notes_fields = st.tuples(texts, texts, texts)
operations = st.lists(
    st.one_of(
        st.tuples(st.just("add"), notes_fields),
        st.tuples(st.just("edit"), st.integers(0, 50), notes_fields),
        st.tuples(st.just("remove"), st.integers(0, 50)),
        st.tuples(st.just("query"), queries),
        # A word typed a letter at a time: each prefix looked up after the one before.
        st.tuples(st.just("typing"), queries),
    ),
    max_size=40,
)


def _check(index: TokenIndex, live: dict[str, Note], query: str) -> None:
    where = NoteFilter(query=query)
    if not where.words:
        return
    flags = index.matching(where.words)
    assert len(flags) == index.slots
    expected = {note_id for note_id, note in live.items() if where.matches(note)}
    found = {note_id for note_id in live if flags[index.slot_of(note_id)]}
    assert found == expected
    # A free slot (a note taken out) is never named.
    assert sum(flags) == len(expected)


@settings(max_examples=300)
@given(
    st.lists(notes_fields, max_size=20),
    operations,
    # 1: every token kept as an array of slots; 10**6: every one as a bit set; between, a
    # mix, with tokens moving from one to the other as notes are added.
    st.sampled_from([1, 2, 3, 8, 10**6]),
    # Built a few notes at a time, or all at once.
    st.sampled_from([1, 3, 4096]),
)
def test_the_token_index_names_the_notes_the_rule_selects(
    first: list[tuple[str, str, str]], ops: list[tuple[Any, ...]], share: int, chunk: int
) -> None:
    live = {f"{i:04d}": _note(f"{i:04d}", *fields) for i, fields in enumerate(first)}
    index = TokenIndex(list(live.values()), bits_from_share=share, build_chunk=chunk)
    made = len(live)
    for op in ops:
        kind = op[0]
        if kind == "add":
            made += 1
            note = _note(f"{made:04d}", *op[1])
            live[note.id] = note
            index.add(note)
        elif kind in {"edit", "remove"}:
            if not live:
                continue
            note_id = sorted(live)[op[1] % len(live)]
            index.remove(live.pop(note_id))
            if kind == "edit":
                live[note_id] = _note(note_id, *op[2])
                index.add(live[note_id])
        elif kind == "query":
            _check(index, live, op[1])
        else:
            for end in range(1, len(op[1]) + 1):
                _check(index, live, op[1][:end])
    for query in ("a", "ss", "σ", "k"):
        _check(index, live, query)


class Source:
    def __init__(self) -> None:
        self.notes: dict[str, Note] = {}

    def load_notes(self, note_ids: Iterable[str] | None = None) -> list[Note]:
        wanted = self.notes.keys() if note_ids is None else set(note_ids)
        return newest_first(
            _note(n.id, n.description, n.asides, n.quotes[0].text if n.quotes else "")
            for i, n in self.notes.items()
            if i in wanted
        )


@settings(max_examples=100)
@given(st.lists(notes_fields, min_size=1, max_size=30), st.lists(notes_fields), queries)
def test_a_search_after_writes_lists_the_matches_newest_first(
    first: list[tuple[str, str, str]], written: list[tuple[str, str, str]], query: str
) -> None:
    """Notes written after the index was built take other slots than their places in the
    list: the answer is still the rule's, in the list's order."""
    source = Source()
    for i, fields in enumerate(first):
        source.notes[f"{i:04d}"] = _note(f"{i:04d}", *fields)
    cached, plain = CachedNoteIndex(source), PlainNoteIndex(source)
    try:
        where = NoteFilter(query=query)
        cached.select(where, None)  # the token index built before the writes
        for i, fields in enumerate(written):
            # Every other write replaces an old note, the rest are new.
            note_id = f"{i:04d}" if i % 2 else f"new{i:04d}"
            source.notes[note_id] = _note(note_id, *fields)
            cached.invalidate([note_id])
        assert [n.id for n in cached.select(where, None)] == [
            n.id for n in plain.select(where, None)
        ]
    finally:
        cached.invalidate()


class Seed:
    """What the sealed index on disk would hold: notes numbered in the order taken in, with
    numbers of notes since rewritten or deleted left in the postings."""

    def __init__(self, taken: list[Note], stale: list[Note]) -> None:
        self.taken_in: dict[str, tuple[int, int]] = {}
        held: dict[str, list[int]] = {}
        for number, note in enumerate([*stale, *taken], start=1):
            if note in taken:
                self.taken_in[note.id] = (note.revision, number)
            for token in search_tokens(note):
                held.setdefault(token, []).append(number)
        self.numbers_given = len(stale) + len(taken) + 1
        self.postings = [(token, array("I", numbers)) for token, numbers in held.items()]


@settings(max_examples=200)
@given(
    st.lists(st.tuples(notes_fields, st.sampled_from(["taken", "behind", "old revision"]))),
    st.lists(notes_fields, max_size=5),
    operations,
    st.sampled_from([1, 2, 3, 10**6]),
)
def test_an_index_started_from_the_one_on_disk_names_the_notes_the_rule_selects(
    first: list[tuple[tuple[str, str, str], str]],
    stale: list[tuple[str, str, str]],
    ops: list[tuple[Any, ...]],
    share: int,
) -> None:
    live = {f"{i:04d}": _note(f"{i:04d}", *fields) for i, (fields, _) in enumerate(first)}
    notes = list(live.values())
    taken = [note for note, (_, how) in zip(notes, first, strict=True) if how != "behind"]
    old = [f"{i:04d}" for i, (_, how) in enumerate(first) if how == "old revision"]
    seed = Seed(taken, [_note(f"gone{i}", *fields) for i, fields in enumerate(stale)])
    for note_id in old:  # taken in at a revision the note no longer has
        seed.taken_in[note_id] = (0, seed.taken_in[note_id][1])
    index = TokenIndex(notes, bits_from_share=share, build_chunk=3, seed=seed)
    made = len(live)
    for op in ops:
        if op[0] == "add":
            made += 1
            live[f"{made:04d}"] = note = _note(f"{made:04d}", *op[1])
            index.add(note)
        elif op[0] in {"edit", "remove"} and live:
            note_id = sorted(live)[op[1] % len(live)]
            index.remove(live.pop(note_id))
            if op[0] == "edit":
                live[note_id] = _note(note_id, *op[2])
                index.add(live[note_id])
        elif op[0] == "query":
            _check_named(index, live, op[1])
    for query in ("a", "ss", "σ", "k"):
        _check_named(index, live, query)


def _check_named(index: TokenIndex, live: dict[str, Note], query: str) -> None:
    """As `_check`, but slots given to no note (the stale numbers) may hold anything."""
    where = NoteFilter(query=query)
    if not where.words:
        return
    flags = index.matching(where.words)
    expected = {note_id for note_id, note in live.items() if where.matches(note)}
    assert {note_id for note_id in live if flags[index.slot_of(note_id)]} == expected

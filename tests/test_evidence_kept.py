"""The synthesis's kept rows, told of each write, give what counting every note would say."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fieldnotes.domain.model import Note, Obstacle
from fieldnotes.domain.synthesis import synthesise
from fieldnotes.errors import NotebookLocked
from fieldnotes.index import evidence
from fieldnotes.index.evidence import EvidenceIndex
from fieldnotes.notebook import Notebook
from tests.test_link_counts import OPERATIONS, _apply, notebook, template  # noqa: F401
from tests.test_synthesis import RANDOM_TEAMS, RandomNotebook, random_notebooks

# A write: which note (by its place), and what becomes of it.
WRITES = st.lists(
    st.tuples(
        st.sampled_from(["move in time", "retag", "new team", "delete", "copy as new"]),
        st.integers(0, 40),
        st.integers(-30, 30),
    ),
    min_size=1,
    max_size=6,
)


def _written(notes: dict[str, Note], write: tuple[str, int, int], serial: int) -> list[str]:
    """Apply one write to `notes` (by id), as a save would; the ids it touched."""
    kind, pick, amount = write
    if not notes:
        return []
    note = list(notes.values())[pick % len(notes)]
    if kind == "delete":
        del notes[note.id]
        return [note.id]
    if kind == "copy as new":
        copy = dataclasses.replace(note, id=f"new-{serial}")
        notes[copy.id] = copy
        return [copy.id]
    if kind == "move in time":
        changed = dataclasses.replace(note, occurred_at=note.occurred_at + timedelta(days=amount))
    elif kind == "retag":
        others = [o for n in notes.values() for o in n.obstacle_ids] or ["unknown"]
        changed = dataclasses.replace(note, obstacle_ids=others[amount % len(others) :][:2])
    else:
        changed = dataclasses.replace(note, team=RANDOM_TEAMS[amount % len(RANDOM_TEAMS)])
    notes[note.id] = changed
    return [note.id]


@settings(max_examples=120, deadline=None)
@given(
    drawn=random_notebooks(),
    writes=WRITES,
    one_at_a_time=st.sampled_from([1, 64]),
    ask_first=st.booleans(),
)
def test_rows_after_writes_count_as_every_note(
    drawn: RandomNotebook,
    writes: list[tuple[str, int, int]],
    one_at_a_time: int,
    ask_first: bool,
) -> None:
    notes, obstacles, memos, filters = drawn
    live = {note.id: note for note in notes}
    index = EvidenceIndex()
    index.build(lambda: live)
    kept = evidence._ONE_AT_A_TIME
    evidence._ONE_AT_A_TIME = one_at_a_time  # 1: every write takes the pass over each list
    try:
        for serial, write in enumerate(writes):
            if ask_first:  # a copy made before the write must not see it, nor stop it
                index.synthesis(lambda: live, obstacles, memos)
            index.noted(_written(live, write, serial), live)
            got = index.synthesis(lambda: live, obstacles, memos, **filters)  # type: ignore[arg-type]
            assert got == synthesise(live.values(), obstacles, memos, **filters)  # type: ignore[arg-type]
    finally:
        evidence._ONE_AT_A_TIME = kept


def test_a_counter_given_before_a_write_counts_as_it_was_given() -> None:
    """A synthesis counting in a worker while the screen saves a note is not torn by it."""
    when = datetime(2026, 9, 1, 10)
    notes = [
        Note(
            f"n{i}",
            "observe",
            "write-up",
            when,
            when,
            when + timedelta(days=i),
            1,
            obstacle_ids=["o1"],
        )
        for i in range(5)
    ]
    live = {note.id: note for note in notes}
    index = EvidenceIndex()
    counter, _weeks = index.counter(lambda: live)
    before = counter.count({"o1"})
    live["n9"] = dataclasses.replace(notes[0], id="n9", occurred_at=when - timedelta(days=1))
    del live["n2"]
    index.noted(["n9", "n2"], live)
    during = counter.count({"o1"})
    assert during.note_ids == before.note_ids == ("n4", "n3", "n2", "n1", "n0")
    assert [note.id for note in during.notes] == ["n0", "n1", "n2", "n3", "n4"]
    after, _weeks = index.counter(lambda: live)
    assert after.count({"o1"}).note_ids == ("n4", "n3", "n1", "n0", "n9")


def test_a_damaged_note_is_no_evidence() -> None:
    """A note whose sealed fields failed to open may have lost its date, mode or tags."""
    obstacle = Obstacle(id="o1", name="Timescales")
    when = datetime(2026, 9, 1, 10)
    whole = Note("n1", "observe", "write-up", when, when, when, 1, obstacle_ids=["o1"])
    damaged = dataclasses.replace(whole, id="n2", damaged_fields=("description",))
    live = {note.id: note for note in (whole, damaged)}
    index = EvidenceIndex()
    assert index.synthesis(lambda: live, [obstacle]).evidence[0].note_ids == ("n1",)
    index.noted(["n1"], {**live, "n1": dataclasses.replace(whole, damaged_fields=("team",))})
    assert index.synthesis(lambda: live, [obstacle]).evidence[0].note_ids == ()


@settings(
    max_examples=25,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations=OPERATIONS)
def test_the_notebooks_synthesis_after_writes_is_the_plain_one(
    notebook: Notebook,  # noqa: F811
    operations: list[tuple[str, int, int, list[int]]],
) -> None:
    for operation in operations:
        notebook.synthesis()  # asked between writes, so each write updates the kept rows
        _apply(notebook, operation)
        expected = synthesise(notebook.notes(), notebook.obstacles(), notebook.memos())
        assert notebook.synthesis() == expected


def test_lock_forgets_the_rows(notebook: Notebook) -> None:  # noqa: F811
    notebook.synthesis()
    assert notebook._evidence.built
    notebook.lock()
    assert not notebook._evidence.built
    with pytest.raises(NotebookLocked):
        notebook.synthesis()

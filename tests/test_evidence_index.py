"""The kept index's counter answers every subtree question as the plain counter does."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fieldnotes.domain.model import Note
from fieldnotes.domain.synthesis import PlainCounter, SubtreeCounts, _period_weeks
from fieldnotes.index.evidence import kept_counter
from tests.test_synthesis import RandomNotebook, random_notebooks


def _plainly(counts: SubtreeCounts) -> dict[str, object]:
    """The counts with modes and stances of zero left out, as the plain counter leaves them."""
    return {
        "note_ids": counts.note_ids,
        "notes": list(counts.notes),
        "teams": set(counts.teams),
        "modes": {mode: n for mode, n in counts.modes.items() if n},
        "days": counts.days,
        "weekly": counts.weekly,
        "at_risk": {pid: n for pid, n in counts.at_risk.items() if n},
        "honoured": {pid: n for pid, n in counts.honoured.items() if n},
    }


def _in_order(notebook: RandomNotebook) -> tuple[list[str], list[Note], tuple[date, ...]]:
    """The obstacle ids, every note oldest first, and the weeks of the drawn period."""
    notes, obstacles, _memos, filters = notebook
    chosen = sorted(notes, key=lambda note: (note.occurred_at, note.id))
    since, until = filters["since"], filters["until"]
    assert isinstance(since, date | None) and isinstance(until, date | None)
    return [o.id for o in obstacles], chosen, _period_weeks(chosen, since, until)


@settings(max_examples=150, deadline=None)
@given(notebook=random_notebooks(), data=st.data())
def test_every_subtree_counts_the_same(notebook: RandomNotebook, data: st.DataObject) -> None:
    obstacle_ids, chosen, weeks = _in_order(notebook)
    plain, fast = PlainCounter(chosen, weeks), kept_counter(chosen, weeks)
    # Any set of ids, not only real subtrees: a tag for an obstacle that is gone counts too.
    subtree = data.draw(st.frozensets(st.sampled_from([*obstacle_ids, "unknown", "gone"])))
    assert _plainly(fast.count(subtree)) == _plainly(plain.count(subtree))


@settings(max_examples=60, deadline=None)
@given(notebook=random_notebooks(aware=True), data=st.data())
def test_every_subtree_counts_the_same_across_utc_offsets(
    notebook: RandomNotebook, data: st.DataObject
) -> None:
    obstacle_ids, chosen, weeks = _in_order(notebook)
    plain, fast = PlainCounter(chosen, weeks), kept_counter(chosen, weeks)
    subtree = data.draw(st.frozensets(st.sampled_from([*obstacle_ids, "unknown"])))
    assert _plainly(fast.count(subtree)) == _plainly(plain.count(subtree))


@settings(max_examples=100, deadline=None)
@given(notebook=random_notebooks(), data=st.data())
def test_the_notes_read_as_a_list_would(notebook: RandomNotebook, data: st.DataObject) -> None:
    """The fast counter fetches an obstacle's notes as they are read; indexing, from either end
    and by slice, finds what a list of them would."""
    obstacle_ids, chosen, weeks = _in_order(notebook)
    subtree = frozenset(obstacle_ids)
    expected = list(PlainCounter(chosen, weeks).count(subtree).notes)
    notes = kept_counter(chosen, weeks).count(subtree).notes
    assert len(notes) == len(expected)
    position = data.draw(st.integers(-len(expected) - 2, len(expected) + 1))
    if -len(expected) <= position < len(expected):
        assert notes[position] is expected[position]
    else:
        with pytest.raises(IndexError):
            notes[position]
    start, stop = data.draw(st.integers(-5, 5)), data.draw(st.integers(-5, 5))
    assert list(notes[start:stop]) == expected[start:stop]

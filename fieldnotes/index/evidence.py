"""The synthesis counted over bitsets: the answers of `PlainCounter`, a machine word at a time.

The synthesis is recomputed after every tag, over tens of thousands of notes, and counting each
obstacle's notes by team, mode and principle one note at a time costs a Python step per note per
obstacle. Here the notes in scope are numbered newest first, and a set of notes is one int with a
bit per note, as is each team, mode and principle stance: a count is
`(notes & feature).bit_count()`. docs/benchmarks.md has the measurements.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import date
from itertools import chain, compress, islice
from operator import le, ne
from typing import overload

from fieldnotes.domain.model import MODES, Note
from fieldnotes.domain.synthesis import SubtreeCounts

# A bitset is built by marking "1"s in a string of "0"s, one character per note, and reading
# it as a binary number: note 0 (the newest) is the highest bit, the oldest the lowest.

_MARK = ord("1")


def _marks(size: int) -> bytearray:
    return bytearray(b"0") * size


def _read_marks(marks: bytearray) -> int:
    return int(marks, 2) if marks else 0


def _bitset(numbers: Iterable[int], size: int) -> int:
    marks = _marks(size)
    for number in numbers:
        marks[number] = _MARK
    return _read_marks(marks)


def _counts(notes: int, bitsets: Iterable[int]) -> Iterator[int]:
    """How many of `notes` each bitset holds."""
    return map(int.bit_count, map(notes.__and__, bitsets))


@dataclass(frozen=True, slots=True)
class _Index:
    """What the counts need from the notes in scope, each note read once."""

    ids: list[str]
    """Each note's id, by number."""
    days: list[date]
    """Each note's day, by number."""
    tagged: dict[str, list[int]]
    """Obstacle id → the numbers of the notes tagged with it, in order."""
    teams: dict[str, int]
    """Team as written ("" for none) → bitset of its notes."""
    modes: tuple[int, ...]
    """Bitset of each mode's notes, in `MODES` order."""
    at_risk: tuple[dict[str, int], ...]
    """Principle id → bitset of the notes that put it at risk; a note that does so twice is in
    the second dict too, and so on."""
    honoured: tuple[dict[str, int], ...]
    """The same for the notes that honour a principle."""


def _index(oldest: Sequence[Note]) -> _Index:
    size = len(oldest)
    tagged: defaultdict[str, list[int]] = defaultdict(list)
    teams: defaultdict[str, bytearray] = defaultdict(lambda: _marks(size))
    modes: defaultdict[str, bytearray] = defaultdict(lambda: _marks(size))
    at_risk: defaultdict[str, bytearray] = defaultdict(lambda: _marks(size))
    honoured: defaultdict[str, bytearray] = defaultdict(lambda: _marks(size))
    repeats: list[tuple[bool, str, int]] = []  # (at risk?, principle, note) of a link made twice
    ids: list[str] = []
    days: list[date] = []
    # Each field is read once, here, and newest first: the order the notebook loaded the
    # notes in, so the order they lie in memory, which the processor's caches follow best.
    for number, note in enumerate(reversed(oldest)):
        ids.append(note.id)
        days.append(note.occurred_at.date())
        for obstacle_id in note.coded_obstacle_ids():  # its passages' codes among them
            tagged[obstacle_id].append(number)
        teams[note.team][number] = _MARK
        modes[note.mode][number] = _MARK
        for link in note.coded_principles():  # its passages' codes among them
            is_at_risk = link.stance == "at-risk"
            marks = (at_risk if is_at_risk else honoured)[link.principle_id]
            if marks[number] == _MARK:
                repeats.append((is_at_risk, link.principle_id, number))
            marks[number] = _MARK
    at_risk_layers, honoured_layers = [at_risk], [honoured]
    while repeats:  # every link counts, even a principle linked twice from one note
        again_at_risk: defaultdict[str, bytearray] = defaultdict(lambda: _marks(size))
        again_honoured: defaultdict[str, bytearray] = defaultdict(lambda: _marks(size))
        still: list[tuple[bool, str, int]] = []
        for is_at_risk, principle_id, number in repeats:
            marks = (again_at_risk if is_at_risk else again_honoured)[principle_id]
            if marks[number] == _MARK:
                still.append((is_at_risk, principle_id, number))
            marks[number] = _MARK
        at_risk_layers.append(again_at_risk)
        honoured_layers.append(again_honoured)
        repeats = still
    return _Index(
        ids=ids,
        days=days,
        tagged=tagged,
        teams={team: _read_marks(marks) for team, marks in teams.items()},
        modes=tuple(_read_marks(modes[mode]) if mode in modes else 0 for mode in MODES),
        at_risk=tuple(map(_read_layer, at_risk_layers)),
        honoured=tuple(map(_read_layer, honoured_layers)),
    )


def _read_layer(layer: Mapping[str, bytearray]) -> dict[str, int]:
    return {principle_id: _read_marks(marks) for principle_id, marks in layer.items()}


def _link_counts(notes: int, layers: Sequence[dict[str, int]]) -> dict[str, int]:
    """Principle id → how many links from `notes` (zero included, for speed)."""
    first, *more = layers
    counts = dict(zip(first, _counts(notes, first.values()), strict=True))
    for layer in more:
        for principle_id, count in zip(layer, _counts(notes, layer.values()), strict=True):
            counts[principle_id] += count
    return counts


@dataclass(frozen=True, slots=True)
class _Calendar:
    """The notes' days and weeks as runs of note numbers.

    Numbered newest first, the notes' days come in order (`occurred_at` is wall time), so
    each day and each week is one run of numbers: an obstacle's notes in a week are found by
    bisecting its numbers, and its distinct days are counted on its bitset.
    """

    day_ends: int
    """Bitset of each day's newest note, the highest bit of the day's run."""
    day_rest: int
    """Bitset of every other note."""
    weeks: tuple[tuple[int, int, int], ...]
    """(week in the period, first note number, end) for each week with notes."""

    @classmethod
    def of(cls, days: Sequence[date], weeks: Sequence[date]) -> _Calendar | None:
        """None when the days are out of order (times in different UTC offsets)."""
        if not days:
            return cls(day_ends=0, day_rest=0, weeks=())
        size = len(days)
        new_day = map(ne, days, islice(days, 1, None))  # after each note, does a day end?
        starts = [0, *compress(range(1, size), new_day)]
        ends = [*starts[1:], size]
        run_days = [days[start] for start in starts]
        if any(map(le, run_days, islice(run_days, 1, None))):
            return None
        first_week = weeks[0].toordinal() if weeks else 0
        week_runs: list[tuple[int, int, int]] = []
        for day, start, end in zip(run_days, starts, ends, strict=True):
            week = (day.toordinal() - first_week) // 7
            if week_runs and week_runs[-1][0] == week:
                week_runs[-1] = (week, week_runs[-1][1], end)
            else:
                week_runs.append((week, start, end))
        day_ends = _bitset(starts, size)
        return cls(
            day_ends=day_ends,
            day_rest=day_ends ^ ((1 << size) - 1),
            weeks=tuple(run for run in week_runs if 0 <= run[0] < len(weeks)),
        )

    def day_count(self, notes: int) -> int:
        """How many distinct days `notes` fall on.

        Within a day's run, adding `day_rest` to the notes below the day's newest note
        carries into the newest note's bit exactly when there is one, and no further (the
        sum fits in the run). So a day's end bit ends up set when any of its notes is there.
        """
        touched = ((notes & self.day_rest) + self.day_rest) | notes
        return (touched & self.day_ends).bit_count()

    def weekly(self, numbers: Sequence[int], week_count: int) -> tuple[int, ...]:
        weekly = [0] * week_count
        for week, start, end in self.weeks:
            weekly[week] = bisect_left(numbers, end) - bisect_left(numbers, start)
        return tuple(weekly)


def _days_and_weekly(
    numbers: Sequence[int],
    notes: int,
    days: Sequence[date],
    weeks: Sequence[date],
    calendar: _Calendar | None,
) -> tuple[int, tuple[int, ...]]:
    """Distinct days, and notes per week of the period."""
    if calendar is not None:
        return calendar.day_count(notes), calendar.weekly(numbers, len(weeks))
    per_day = Counter(map(days.__getitem__, numbers))
    weekly = [0] * len(weeks)
    first_week = weeks[0].toordinal() if weeks else 0
    for day, count in per_day.items():
        week = (day.toordinal() - first_week) // 7
        if 0 <= week < len(weekly):
            weekly[week] += count
    return len(per_day), tuple(weekly)


class _OldestFirst(Sequence[Note]):
    """Some of the notes in scope, oldest first, fetched from the list only when read.

    Choosing voices usually reads a few notes of thousands; copying them all out would touch
    every one.
    """

    __slots__ = ("_last", "_numbers", "_oldest")

    def __init__(self, oldest: Sequence[Note], numbers: Sequence[int]) -> None:
        self._oldest = oldest
        self._numbers = numbers
        """Note numbers, newest first: note `n` is `oldest[len(oldest) - 1 - n]`."""
        self._last = len(oldest) - 1

    def __len__(self) -> int:
        return len(self._numbers)

    @overload
    def __getitem__(self, position: int) -> Note: ...

    @overload
    def __getitem__(self, position: slice) -> Sequence[Note]: ...

    def __getitem__(self, position: int | slice) -> Note | Sequence[Note]:
        if isinstance(position, slice):
            return [self[i] for i in range(len(self))[position]]
        # `~position` counts from the other end, as the numbers run newest first.
        return self._oldest[self._last - self._numbers[~position]]

    def __iter__(self) -> Iterator[Note]:
        return map(self._oldest.__getitem__, map(self._last.__sub__, reversed(self._numbers)))


class BitsetCounter:
    """An `EvidenceCounter` (`fieldnotes.domain.synthesis`) over bitsets of the notes in scope."""

    def __init__(self, notes: Sequence[Note], weeks: Sequence[date]) -> None:
        """`notes` oldest first, as the synthesis hands them over; read once, here."""
        self._oldest = notes
        self._weeks = weeks
        self._index = _index(notes)
        self._calendar = _Calendar.of(self._index.days, weeks)
        self._tag_bitsets: dict[str, int] = {}

    def _tagged_with(self, obstacle_id: str) -> int:
        bitset = self._tag_bitsets.get(obstacle_id)
        if bitset is None:
            numbers = self._index.tagged[obstacle_id]
            bitset = self._tag_bitsets[obstacle_id] = _bitset(numbers, len(self._oldest))
        return bitset

    def _notes_of(self, subtree: AbstractSet[str]) -> tuple[list[int], int]:
        """The subtree's note numbers, in order, and bitset; a note tagged twice counts once."""
        tagged = self._index.tagged
        present = [obstacle_id for obstacle_id in subtree if obstacle_id in tagged]
        bitset = 0
        for obstacle_id in present:
            bitset |= self._tagged_with(obstacle_id)
        if len(present) == 1:
            numbers = tagged[present[0]]
        else:
            numbers = sorted(chain.from_iterable(tagged[obstacle_id] for obstacle_id in present))
        if len(numbers) != bitset.bit_count():
            numbers = list(dict.fromkeys(numbers))
        return numbers, bitset

    def count(self, subtree: AbstractSet[str]) -> SubtreeCounts:
        index = self._index
        numbers, mine = self._notes_of(subtree)
        days, weekly = _days_and_weekly(numbers, mine, index.days, self._weeks, self._calendar)
        at_risk = _link_counts(mine, index.at_risk) if mine else {}
        honoured = _link_counts(mine, index.honoured) if mine else {}
        return SubtreeCounts(
            note_ids=tuple(map(index.ids.__getitem__, numbers)),
            notes=_OldestFirst(self._oldest, numbers),
            teams={team for team, bitset in index.teams.items() if mine & bitset},
            modes=dict(zip(MODES, _counts(mine, index.modes), strict=True)),
            days=days,
            weekly=weekly,
            at_risk=at_risk,
            honoured=honoured,
        )

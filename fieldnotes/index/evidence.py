"""The synthesis counted from what each note adds, kept between writes: `EvidenceIndex`.

The synthesis is recomputed after every write, and reading every note for it (its tags, its
passages' codes, its principle links, its quotes) costs more than all the counting after: the
notes lie far apart in memory. Here each live note is read once, into a small row (its day,
team, mode, the obstacles and principle stances it is evidence for, and whether it has a
quote or a passage that could be a voice), and the rows are kept in the synthesis's order,
oldest first. A write changes the rows of the notes it wrote, told through the notebook's
change hook, as `LinkCounts` is told.

For one choice of period and team, the notes in scope are numbered by their place in the
rows, each obstacle's are listed in one pass, and a subtree's counts are sets and counters
over its numbers, each worked out in C. The notes themselves are read only for the voices,
usually a few of thousands. `PlainCounter` and `synthesise` in `fieldnotes.domain.synthesis`
are the meaning; tests/test_synthesis.py, tests/test_evidence_index.py and
tests/test_evidence_kept.py check the answers are theirs. docs/benchmarks.md has the figures.
"""

from __future__ import annotations

import threading
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import date, datetime
from itertools import chain, compress
from operator import attrgetter, itemgetter
from typing import Any, TypeVar, overload

from fieldnotes.domain.model import Memo, Mode, Note, Obstacle
from fieldnotes.domain.synthesis import (
    SubtreeCounts,
    Synthesis,
    period_weeks,
    synthesis_of_counts,
)

_T = TypeVar("_T")


_Row = tuple[str, int, str, str, Mode, tuple[str, ...], tuple[int, ...], bool, bool, Note]
"""What one live note adds to the synthesis, a value for each list of `_Columns`, in order."""

_order = attrgetter("occurred_at", "id")
"""The synthesis's order of notes, oldest first."""


class _Shared:
    """One object for each distinct value the rows hold.

    Each note's day, team or tags, as opened, are objects of its own, scattered in memory as
    the notes are; counting reads them for every note of every obstacle. Shared, they are a
    few thousand objects that stay in the processor's caches.
    """

    def __init__(self) -> None:
        self._values: dict[object, object] = {}
        self._folded: dict[str, str] = {}
        self._tags: dict[tuple[str, ...], tuple[str, ...]] = {}
        """A note's tags as written → the same, each once, shared."""
        self._stance_numbers: dict[tuple[str, str], int] = {}
        self.stances: list[tuple[str, bool]] = []
        """(principle id, at risk) by number, so that counting links hashes small ints."""

    def one(self, value: _T) -> _T:
        # Every value stored under a key is that key itself, so of the key's type.
        return self._values.setdefault(value, value)  # type: ignore[return-value]

    def _stance(self, key: tuple[str, str]) -> int:
        number = self._stance_numbers[key] = len(self.stances)
        self.stances.append((key[0], key[1] == "at-risk"))
        return number

    def _tags_of(self, written: tuple[str, ...]) -> tuple[str, ...]:
        tags = self._tags[written] = self.one(tuple(dict.fromkeys(written)))
        return tags

    def row(self, note: Note) -> _Row:
        """Read once per note written, and for every note when the rows are built: the
        cheapest way to each value (`Note.coded_obstacle_ids` and `coded_principles` are the
        meaning, read only when the note has passages). Each row is put in the lists and let
        go at once: a hundred thousand of them held together would leave the memory they took
        scattered among what is kept."""
        one = self.one
        team = one(note.team)
        folded = self._folded.get(team)
        if folded is None:
            folded = self._folded[team] = one(team.casefold())
        passages = note.passages
        written = tuple(note.coded_obstacle_ids() if passages else note.obstacle_ids)
        tags = self._tags.get(written) or self._tags_of(written)
        numbers = self._stance_numbers
        links = one(
            tuple(
                numbers[key] if key in numbers else self._stance(key)
                for link in (note.coded_principles() if passages else note.principles)
                for key in ((link.principle_id, link.stance),)
            )
        )
        return (
            note.id,
            one(note.occurred_at.toordinal()),
            team,
            folded,
            one(note.mode),
            tags,
            links,
            bool(passages)
            and any(
                not passage.orphaned and passage.obstacle_ids and passage.text.strip()
                for passage in passages
            ),
            any(speaker is not None for speaker in note.quote_speakers()),
            note,
        )


@dataclass(slots=True)
class _Columns:
    """The rows on their side, oldest first: one list per field, for counting in C.

    A row's place is found again by its note's (occurred at, id), read from `notes` and `ids`:
    keeping those pairs too would be a hundred thousand more objects for what a search of the
    lists gives."""

    ids: list[str]
    days: list[int]
    """The note's day (`occurred_at.date()`), as an ordinal."""
    teams: list[str]
    teams_folded: list[str]
    modes: list[Mode]
    obstacles: list[tuple[str, ...]]
    """The obstacles it is evidence for, its passages' codes among them, each once."""
    links: list[tuple[int, ...]]
    """Its principle links (passages' among them) as stance numbers (`_Shared.stances`)."""
    passage_voices: list[bool]
    """A live passage with words and a code: it may be a voice."""
    quote_voices: list[bool]
    """A quote with words."""
    notes: list[Note]

    @classmethod
    def of(cls, notes: Iterable[Note], row: Callable[[Note], _Row]) -> _Columns:
        """The rows of these notes, in the synthesis's order."""
        columns = cls([], [], [], [], [], [], [], [], [], [])
        appends = [column.append for column in columns.lists()]
        for note in sorted(notes, key=_order):
            for append, value in zip(appends, row(note), strict=True):
                append(value)
        return columns

    def lists(self) -> tuple[list[Any], ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def copy(self) -> _Columns:
        return _Columns(*map(list, self.lists()))

    def _place(self, key: tuple[datetime, str]) -> int:
        notes, ids = self.notes, self.ids
        return bisect_left(
            range(len(ids)), key, key=lambda number: (notes[number].occurred_at, ids[number])
        )

    def remove(self, keys: Iterable[tuple[datetime, str]]) -> None:
        """Take out the rows of these keys (each one present)."""
        positions = sorted(map(self._place, keys))
        if len(positions) < _ONE_AT_A_TIME:
            for position in reversed(positions):
                for column in self.lists():
                    del column[position]
            return
        keep = [True] * len(self.ids)
        for position in positions:
            keep[position] = False
        for column in self.lists():
            column[:] = compress(column, keep)

    def add(self, notes: Iterable[Note], row: Callable[[Note], _Row]) -> None:
        """Put the rows of these notes in, each in its place (none already present)."""
        new = sorted(notes, key=_order)
        if len(new) < _ONE_AT_A_TIME:
            for note in new:
                position = self._place(_order(note))
                for column, value in zip(self.lists(), row(note), strict=True):
                    column.insert(position, value)
            return
        positions = [self._place(_order(note)) for note in new]
        rows = [row(note) for note in new]
        for column, values in zip(self.lists(), zip(*rows, strict=True), strict=True):
            merged: list[Any] = []
            start = 0
            for position, value in zip(positions, values, strict=True):
                merged += column[start:position]
                merged.append(value)
                start = position
            merged += column[start:]
            column[:] = merged


_ONE_AT_A_TIME = 64
"""Fewer rows than this are taken out or put in one by one (a shift of each list in memory);
more, in one pass over each list."""


class _Notes(Sequence[Note]):
    """Some of the notes in scope, oldest first, by their numbers: fetched only when read."""

    __slots__ = ("_notes", "_numbers")

    def __init__(self, notes: Sequence[Note], numbers: Sequence[int]) -> None:
        self._notes = notes
        self._numbers = numbers

    def __len__(self) -> int:
        return len(self._numbers)

    @overload
    def __getitem__(self, position: int) -> Note: ...

    @overload
    def __getitem__(self, position: slice) -> Sequence[Note]: ...

    def __getitem__(self, position: int | slice) -> Note | Sequence[Note]:
        if isinstance(position, slice):
            return [self._notes[number] for number in self._numbers[position]]
        return self._notes[self._numbers[position]]

    def __iter__(self) -> Iterator[Note]:
        return map(self._notes.__getitem__, self._numbers)


class _Voices:
    """Those of some notes that may give a voice, found only as far as they are read: the
    first few usually give all the voices wanted."""

    __slots__ = ("_may", "_notes", "_numbers")

    def __init__(self, notes: Sequence[Note], numbers: Sequence[int], may: Sequence[bool]) -> None:
        self._notes = notes
        self._numbers = numbers
        self._may = may

    def __iter__(self) -> Iterator[Note]:
        may = self._may
        return map(self._notes.__getitem__, (n for n in self._numbers if may[n]))


class KeptCounter:
    """An `EvidenceCounter` over the kept rows of the notes in one period and team."""

    def __init__(
        self,
        columns: _Columns,
        scope: Sequence[int],
        weeks: Sequence[date],
        stances: Sequence[tuple[str, bool]],
    ) -> None:
        """`scope`: the numbers of the notes in the period and team, in order."""
        self._columns = columns
        self._first_week = weeks[0].toordinal() if weeks else 0
        self._week_count = len(weeks)
        self._stances = stances
        tagged: defaultdict[str, list[int]] = defaultdict(list)
        # The one pass over every note in scope: each obstacle's notes, in order.
        pairs = (
            enumerate(columns.obstacles)
            if isinstance(scope, range) and len(scope) == len(columns.obstacles)
            else zip(scope, _picker(scope)(columns.obstacles), strict=True)
        )
        for number, obstacle_ids in pairs:
            for obstacle_id in obstacle_ids:
                tagged[obstacle_id].append(number)
        self._tagged = tagged

    def _numbers(self, subtree: AbstractSet[str]) -> list[int]:
        """The subtree's note numbers, in order; a note tagged twice in it counts once."""
        present = [self._tagged[o] for o in subtree if o in self._tagged]
        if not present:
            return []
        if len(present) == 1:
            return present[0]
        return sorted(set(chain.from_iterable(present)))

    def _weekly(self, per_day: Mapping[int, int]) -> tuple[int, ...]:
        weekly = [0] * self._week_count
        for day, count in per_day.items():
            week = (day - self._first_week) // 7
            if 0 <= week < self._week_count:
                weekly[week] += count
        return tuple(weekly)

    def count(self, subtree: AbstractSet[str]) -> SubtreeCounts:
        columns = self._columns
        numbers = self._numbers(subtree)
        pick = _picker(numbers)
        per_day = Counter(pick(columns.days))
        at_risk: dict[str, int] = {}
        honoured: dict[str, int] = {}
        for stance, count in Counter(chain.from_iterable(pick(columns.links))).items():
            principle_id, is_at_risk = self._stances[stance]
            (at_risk if is_at_risk else honoured)[principle_id] = count
        notes = columns.notes
        return SubtreeCounts(
            note_ids=pick(columns.ids)[::-1],
            notes=_Notes(notes, numbers),
            teams=set(pick(columns.teams)),
            modes=Counter(pick(columns.modes)),
            days=len(per_day),
            weekly=self._weekly(per_day),
            at_risk=at_risk,
            honoured=honoured,
            with_passages=_Voices(notes, numbers, columns.passage_voices),
            with_quotes=_Voices(notes, numbers, columns.quote_voices),
        )


def _picker(numbers: Sequence[int]) -> Callable[[Sequence[_T]], tuple[_T, ...]]:
    """A function taking the items at `numbers` out of a column, in one call into C."""
    if len(numbers) > 1:
        return itemgetter(*numbers)
    if numbers:
        only = numbers[0]
        return lambda column: (column[only],)
    return lambda column: ()


class EvidenceIndex:
    """Every live, undamaged note's row, oldest first, updated per note written.

    Built from every note on the first question, then told of each note written (`noted`) or
    forgotten whole (`forget`) when a change cannot be told note by note, and at lock.
    """

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._columns: _Columns | None = None
        self._dates: dict[str, datetime] = {}
        """Note id → when its row's note occurred, to find the row again."""
        self._shared = _Shared()
        self._lent = False
        """Whether a counter was given the columns as they are: the next write copies them
        first, so that a synthesis counting in a worker while the screen saves a note reads
        lists that stay still. Copied per write, not per question, one set is kept."""

    @property
    def built(self) -> bool:
        return self._columns is not None

    def _built(self, notes: Callable[[], Mapping[str, Note]]) -> _Columns:
        with self._lock:
            if self._columns is None:
                # A damaged note is no evidence: its date, mode or links may not be as written.
                live = [note for note in notes().values() if not note.damaged]
                self._dates = {note.id: note.occurred_at for note in live}
                self._columns = _Columns.of(live, self._shared.row)
                self._lent = False
            return self._columns

    def build(self, notes: Callable[[], Mapping[str, Note]]) -> None:
        """Read every note now (off the UI thread), so the next synthesis need not."""
        self._built(notes)

    def synthesis(
        self,
        notes: Callable[[], Mapping[str, Note]],
        obstacles: Sequence[Obstacle],
        memos: Sequence[Memo] = (),
        *,
        since: date | None = None,
        until: date | None = None,
        team: str | None = None,
    ) -> Synthesis:
        """What `synthesise` says of the live, undamaged notes; `notes` gives every live note
        by id, and is read only when nothing is kept yet."""
        counter, weeks = self.counter(notes, since=since, until=until, team=team)
        return synthesis_of_counts(
            counter, weeks, obstacles, memos, since=since, until=until, team=team
        )

    def counter(
        self,
        notes: Callable[[], Mapping[str, Note]],
        *,
        since: date | None = None,
        until: date | None = None,
        team: str | None = None,
        weeks: Sequence[date] | None = None,
    ) -> tuple[KeptCounter, tuple[date, ...]]:
        """The counter for the notes of this period and team, and the weeks of its sparklines
        (those of the period unless `weeks` are given)."""
        with self._lock:
            columns = self._built(notes)
            self._lent = True
            stances = list(self._shared.stances)
        scope = _scope(columns, since, until, team)
        if weeks is None:
            first_day = date.fromordinal(columns.days[scope[0]]) if scope else None
            last_day = date.fromordinal(columns.days[scope[-1]]) if scope else None
            weeks = period_weeks(first_day, last_day, since, until)
        weeks = tuple(weeks)
        return KeptCounter(columns, scope, weeks, stances), weeks

    def noted(self, note_ids: Iterable[str], live: Mapping[str, Note]) -> None:
        """These notes were written, trashed, restored or deleted; `live` holds every live note
        now (a note not in it is gone from the rows)."""
        with self._lock:
            columns = self._columns
            if columns is None:
                return
            if self._lent:
                columns = self._columns = columns.copy()
                self._lent = False
            wanted = list(dict.fromkeys(note_ids))
            dates = self._dates
            columns.remove([(day, i) for i in wanted if (day := dates.pop(i, None)) is not None])
            new = [note for i in wanted if (note := live.get(i)) and not note.damaged]
            dates.update((note.id, note.occurred_at) for note in new)
            columns.add(new, self._shared.row)

    def forget(self) -> None:
        """Anything may have changed (or the notebook locked): read every note when next asked."""
        with self._lock:
            self._columns = None
            self._lent = False
            self._dates = {}
            self._shared = _Shared()


def _scope(
    columns: _Columns, since: date | None, until: date | None, team: str | None
) -> Sequence[int]:
    """The numbers of the notes in the period and team, in order."""
    scope: Sequence[int] = range(len(columns.ids))
    if since is not None or until is not None:
        first = since.toordinal() if since is not None else None
        last = until.toordinal() if until is not None else None
        days = columns.days
        scope = [
            number
            for number in scope
            if (first is None or days[number] >= first) and (last is None or days[number] <= last)
        ]
    if team is not None:
        wanted, folded = team.casefold(), columns.teams_folded
        scope = [number for number in scope if folded[number] == wanted]
    return scope


def kept_counter(notes: Sequence[Note], weeks: Sequence[date]) -> KeptCounter:
    """A `CounterFactory` (`fieldnotes.domain.synthesis`): the kept index of these notes,
    whatever their dates and teams, counting over the weeks given. A damaged note is left out,
    as the notebook leaves it out of the synthesis."""
    by_id = {note.id: note for note in notes}
    counter, _weeks = EvidenceIndex().counter(lambda: by_id, weeks=weeks)
    return counter

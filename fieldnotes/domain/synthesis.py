"""Synthesis: from coded notes to the evidence behind each obstacle. Pure functions, no I/O.

The evidence-strength rule is written out in docs/synthesis.md; keep the two in step.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import chain, compress, islice
from operator import le, ne
from typing import Literal

from fieldnotes.domain.model import MODES, Memo, Mode, Note, Obstacle, Quote

Strength = Literal["none", "emerging", "consistent", "strong"]
STRENGTHS: tuple[Strength, ...] = ("none", "emerging", "consistent", "strong")
SPARK_BLOCKS = " ▁▂▃▄▅▆▇█"

# The thresholds of the evidence-strength rule (docs/synthesis.md).
STRONG_NOTES, STRONG_TEAMS, STRONG_SPAN_DAYS = 8, 3, 28
CONSISTENT_NOTES, CONSISTENT_TEAMS, CONSISTENT_MODES = 4, 2, 2


@dataclass(frozen=True, slots=True)
class PrincipleCount:
    principle_id: str
    at_risk: int
    honoured: int


@dataclass(frozen=True, slots=True)
class EvidenceQuote:
    quote: Quote
    note_id: str
    team: str
    mode: Mode


@dataclass(frozen=True, slots=True)
class ObstacleEvidence:
    obstacle: Obstacle
    path: str
    depth: int
    note_ids: tuple[str, ...]
    teams: tuple[str, ...]
    days: int
    modes: Mapping[str, int]
    principles: tuple[PrincipleCount, ...]
    first_seen: date | None
    last_seen: date | None
    weekly: tuple[int, ...]
    quotes: tuple[EvidenceQuote, ...]
    memo_ids: tuple[str, ...]
    strength: Strength
    strength_reason: str

    @property
    def note_count(self) -> int:
        return len(self.note_ids)

    @property
    def team_count(self) -> int:
        return len(self.teams)

    @property
    def mode_count(self) -> int:
        return sum(1 for mode in MODES if self.modes.get(mode, 0))

    @property
    def at_risk(self) -> tuple[PrincipleCount, ...]:
        return tuple(p for p in self.principles if p.at_risk)

    @property
    def honoured(self) -> tuple[PrincipleCount, ...]:
        return tuple(p for p in self.principles if p.honoured)

    @property
    def sparkline(self) -> str:
        return sparkline(self.weekly)


@dataclass(frozen=True, slots=True)
class Synthesis:
    evidence: tuple[ObstacleEvidence, ...]
    """Every obstacle, ranked: strongest evidence first."""
    since: date | None
    until: date | None
    team: str | None
    weeks: tuple[date, ...] = field(default=())
    """The Monday of each week in the sparklines."""

    def for_obstacle(self, obstacle_id: str) -> ObstacleEvidence:
        for item in self.evidence:
            if item.obstacle.id == obstacle_id:
                return item
        raise KeyError(obstacle_id)

    def matrix(self) -> dict[tuple[str, str], PrincipleCount]:
        """Obstacle × principle: how often each principle was put at risk or honoured."""
        return {
            (item.obstacle.id, count.principle_id): count
            for item in self.evidence
            for count in item.principles
        }


def evidence_strength(
    note_count: int, team_count: int, mode_count: int, span_days: int
) -> tuple[Strength, str]:
    """The rule in docs/synthesis.md, with the reason a person can check by eye."""
    if note_count == 0:
        return "none", "no notes yet"
    if (
        note_count >= STRONG_NOTES
        and team_count >= STRONG_TEAMS
        and mode_count == len(MODES)
        and span_days >= STRONG_SPAN_DAYS
    ):
        return "strong", (
            f"{note_count} notes from {team_count} teams over {span_days} days, "
            "observed, co-worked and questioned"
        )
    if (
        note_count >= CONSISTENT_NOTES
        and team_count >= CONSISTENT_TEAMS
        and mode_count >= CONSISTENT_MODES
    ):
        return "consistent", (
            f"{note_count} notes from {team_count} teams in {mode_count} of 3 modes"
        )
    return "emerging", f"{note_count} note{'s' if note_count != 1 else ''} so far"


def sparkline(values: Sequence[int]) -> str:
    if not values:
        return ""
    top = max(values)
    if top == 0:
        return SPARK_BLOCKS[0] * len(values)
    steps = len(SPARK_BLOCKS) - 1
    return "".join(
        SPARK_BLOCKS[0] if v == 0 else SPARK_BLOCKS[max(1, round(v / top * steps))] for v in values
    )


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _weeks(first: date, last: date) -> tuple[date, ...]:
    start, end = _monday(first), _monday(last)
    weeks: list[date] = []
    current = start
    while current <= end and len(weeks) < 520:
        weeks.append(current)
        current += timedelta(days=7)
    return tuple(weeks)


def _ancestors(obstacles: Sequence[Obstacle]) -> dict[str, tuple[str, ...]]:
    """Each obstacle with itself and every ancestor, so notes roll up into parents."""
    parent = {o.id: o.parent_id for o in obstacles}
    chains: dict[str, tuple[str, ...]] = {}
    for obstacle in obstacles:
        chain: list[str] = []
        current: str | None = obstacle.id
        while current is not None and current in parent and current not in chain:
            chain.append(current)
            current = parent[current]
        chains[obstacle.id] = tuple(chain)
    return chains


def _path_and_depth(obstacles: Sequence[Obstacle]) -> dict[str, tuple[str, int]]:
    by_id = {o.id: o for o in obstacles}
    chains = _ancestors(obstacles)
    return {
        oid: ("/".join(by_id[a].name for a in reversed(chain)), len(chain) - 1)
        for oid, chain in chains.items()
    }


def _pick_quotes(
    notes: Sequence[Note], positions: Sequence[int], limit: int = 3
) -> tuple[EvidenceQuote, ...]:
    """Representative voices: different speakers and teams before more of the same.

    The notes at `positions` come oldest first and are fetched as needed: the first pass that
    fills `limit` ends the search, usually a few notes in.
    """
    picked: list[EvidenceQuote] = []
    taken: set[tuple[str, int]] = set()
    seen_speakers: set[str] = set()
    seen_teams: set[str] = set()
    for pass_number in range(3):
        for note in map(notes.__getitem__, positions):
            for index, quote in enumerate(note.quotes):
                if len(picked) >= limit:
                    return tuple(picked)
                if not quote.text.strip() or (note.id, index) in taken:
                    continue
                speaker = quote.speaker_role.casefold()
                team = note.team.casefold()
                if pass_number == 0 and (speaker in seen_speakers or team in seen_teams):
                    continue
                if pass_number == 1 and speaker in seen_speakers:
                    continue
                picked.append(EvidenceQuote(quote, note.id, note.team, note.mode))
                taken.add((note.id, index))
                seen_speakers.add(speaker)
                seen_teams.add(team)
    return tuple(picked)


def _oldest_first(note: Note) -> tuple[datetime, str]:
    return note.occurred_at, note.id


# Why bitsets: the synthesis is recomputed after every tag, over tens of thousands of notes,
# and counting every obstacle's notes by team, mode and principle one note at a time costs a
# Python step per note per obstacle. Instead the chosen notes are numbered newest first, and
# an obstacle's notes are one int with a bit per note, as are each team, mode and principle
# stance: a count is `(notes & feature).bit_count()`, done a machine word at a time.
#
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


_Stance = tuple[str, bool]
"""A principle id, and whether a link puts it at risk (else it is honoured)."""


@dataclass(frozen=True, slots=True)
class _Index:
    """What the synthesis needs from the chosen notes, each note read once."""

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
    stances: tuple[_Stance, ...]
    """The stance of each of `stance_bitsets`; twice over if a note links it twice."""
    stance_bitsets: tuple[int, ...]


def _index(newest: Sequence[Note]) -> _Index:
    size = len(newest)
    tagged: defaultdict[str, list[int]] = defaultdict(list)
    teams: defaultdict[str, bytearray] = defaultdict(lambda: _marks(size))
    modes: defaultdict[str, bytearray] = defaultdict(lambda: _marks(size))
    stances: defaultdict[_Stance, bytearray] = defaultdict(lambda: _marks(size))
    repeats: list[tuple[_Stance, int]] = []
    ids: list[str] = []
    days: list[date] = []
    # Reading the notes is the slow part: each lies far from the last in memory. So each
    # field is read once, here, and newest first, the order they were loaded in, which the
    # processor's caches follow best.
    for number, note in enumerate(newest):
        ids.append(note.id)
        days.append(note.occurred_at.date())
        for obstacle_id in note.obstacle_ids:
            tagged[obstacle_id].append(number)
        teams[note.team][number] = _MARK
        modes[note.mode][number] = _MARK
        for link in note.principles:
            stance = (link.principle_id, link.stance == "at-risk")
            marks = stances[stance]
            if marks[number] == _MARK:
                repeats.append((stance, number))
            marks[number] = _MARK
    stance_keys = list(stances)
    stance_bitsets = list(map(_read_marks, stances.values()))
    while repeats:  # every link counts, even a principle linked twice from one note
        again: defaultdict[_Stance, bytearray] = defaultdict(lambda: _marks(size))
        still: list[tuple[_Stance, int]] = []
        for stance, number in repeats:
            if again[stance][number] == _MARK:
                still.append((stance, number))
            again[stance][number] = _MARK
        stance_keys += again
        stance_bitsets += map(_read_marks, again.values())
        repeats = still
    return _Index(
        ids=ids,
        days=days,
        tagged=tagged,
        teams={team: _read_marks(marks) for team, marks in teams.items()},
        modes=tuple(_read_marks(modes[mode]) if mode in modes else 0 for mode in MODES),
        stances=tuple(stance_keys),
        stance_bitsets=tuple(stance_bitsets),
    )


def _roll_up(
    tagged: Mapping[str, list[int]], chains: Mapping[str, tuple[str, ...]], size: int
) -> dict[str, tuple[list[int], int]]:
    """Each obstacle's note numbers, in order, and bitset; a descendant's notes count once."""
    tagged_with: dict[str, list[list[int]]] = {obstacle_id: [] for obstacle_id in chains}
    bitsets = dict.fromkeys(chains, 0)
    for obstacle_id, numbers in tagged.items():
        if obstacle_id not in chains:
            continue  # a tag for an obstacle that is gone
        bitset = _bitset(numbers, size)
        for ancestor in chains[obstacle_id]:
            tagged_with[ancestor].append(numbers)
            bitsets[ancestor] |= bitset
    rolled: dict[str, tuple[list[int], int]] = {}
    for obstacle_id, lists in tagged_with.items():
        bitset = bitsets[obstacle_id]
        numbers = lists[0] if len(lists) == 1 else sorted(chain.from_iterable(lists))
        if len(numbers) != bitset.bit_count():  # a note tagged twice within this subtree
            numbers = list(dict.fromkeys(numbers))
        rolled[obstacle_id] = (numbers, bitset)
    return rolled


@dataclass(frozen=True, slots=True)
class _Calendar:
    """The chosen notes' days and weeks as runs of note numbers.

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


def _teams(notes: int, index: _Index) -> tuple[str, ...]:
    """The distinct teams among `notes`, casefold-sorted, with "" (no team) left out.

    Teams written in two cases ("North", "north") are both listed, in a fixed order.
    """
    present = (team for team, bitset in index.teams.items() if team and notes & bitset)
    return tuple(sorted(present, key=_casefold_then_exact))


def _casefold_then_exact(team: str) -> tuple[str, str]:
    return team.casefold(), team


def _principles(notes: int, index: _Index) -> tuple[PrincipleCount, ...]:
    counts: dict[str, list[int]] = {}
    for (principle_id, at_risk), count in zip(
        index.stances, _counts(notes, index.stance_bitsets), strict=True
    ):
        if count:
            counts.setdefault(principle_id, [0, 0])[0 if at_risk else 1] += count
    ranked = sorted(counts.items(), key=lambda item: (-item[1][0], -item[1][1], item[0]))
    return tuple(PrincipleCount(pid, at_risk, honoured) for pid, (at_risk, honoured) in ranked)


def _in_scope(
    notes: Iterable[Note], since: date | None, until: date | None, team: str | None
) -> list[Note]:
    if since is None and until is None and team is None:
        return list(notes)
    wanted_team = team.casefold() if team is not None else None
    return [
        note
        for note in notes
        if (since is None or note.occurred_at.date() >= since)
        and (until is None or note.occurred_at.date() <= until)
        and (wanted_team is None or note.team.casefold() == wanted_team)
    ]


def synthesise(
    notes: Iterable[Note],
    obstacles: Sequence[Obstacle],
    memos: Sequence[Memo] = (),
    *,
    since: date | None = None,
    until: date | None = None,
    team: str | None = None,
) -> Synthesis:
    """Evidence for every obstacle in the period (and team, if given), strongest first."""
    # Sorted oldest first and turned round, not sorted in reverse, so exact ties keep the
    # order they always had; the notebook hands notes over newest first, so both are cheap.
    newest = sorted(_in_scope(notes, since, until, team), key=_oldest_first)
    newest.reverse()
    index = _index(newest)
    days = index.days
    first_day = since or (days[-1] if days else None)
    last_day = until or (days[0] if days else None)
    weeks = _weeks(first_day, last_day) if first_day and last_day else ()

    chains = _ancestors(obstacles)
    rolled = _roll_up(index.tagged, chains, len(newest))
    calendar = _Calendar.of(days, weeks)

    memo_links: dict[str, list[str]] = {}
    for memo in memos:
        for obstacle_id in memo.obstacle_ids:
            for linked in chains.get(obstacle_id, (obstacle_id,)):
                memo_links.setdefault(linked, []).append(memo.id)

    paths = _path_and_depth(obstacles)
    evidence: list[ObstacleEvidence] = []
    for obstacle in obstacles:
        path, depth = paths[obstacle.id]
        numbers, mine = rolled[obstacle.id]
        if numbers:
            first_seen, last_seen = days[numbers[-1]], days[numbers[0]]
            modes = dict(zip(MODES, _counts(mine, index.modes), strict=True))
            teams = _teams(mine, index)
        else:
            first_seen = last_seen = None
            modes = dict.fromkeys(MODES, 0)
            teams = ()
        day_count, weekly = _days_and_weekly(numbers, mine, days, weeks, calendar)
        span = (last_seen - first_seen).days if first_seen and last_seen else 0
        mode_count = sum(1 for mode in MODES if modes[mode])
        strength, reason = evidence_strength(len(numbers), len(teams), mode_count, span)
        evidence.append(
            ObstacleEvidence(
                obstacle=obstacle,
                path=path,
                depth=depth,
                note_ids=tuple(map(index.ids.__getitem__, numbers)),
                teams=teams,
                days=day_count,
                modes=modes,
                principles=_principles(mine, index) if numbers else (),
                first_seen=first_seen,
                last_seen=last_seen,
                weekly=weekly,
                quotes=_pick_quotes(newest, numbers[::-1]),
                memo_ids=tuple(dict.fromkeys(memo_links.get(obstacle.id, []))),
                strength=strength,
                strength_reason=reason,
            )
        )
    evidence.sort(
        key=lambda e: (
            -STRENGTHS.index(e.strength),
            -e.note_count,
            -e.team_count,
            -e.mode_count,
            e.path.casefold(),
        )
    )
    return Synthesis(tuple(evidence), since, until, team, weeks)


@dataclass(frozen=True, slots=True)
class Change:
    obstacle_id: str
    path: str
    before_notes: int
    after_notes: int
    before_strength: Strength | None
    after_strength: Strength

    @property
    def summary(self) -> str:
        if self.before_strength is None:
            noun = "note" if self.after_notes == 1 else "notes"
            return f"new since the last brief: {self.after_notes} {noun} ({self.after_strength})"
        parts = []
        if self.after_notes != self.before_notes:
            difference = self.after_notes - self.before_notes
            parts.append(f"{difference:+d} {'note' if abs(difference) == 1 else 'notes'}")
        if self.after_strength != self.before_strength:
            parts.append(f"{self.before_strength} → {self.after_strength}")
        return ", ".join(parts)


def snapshot(synthesis: Synthesis) -> dict[str, dict[str, object]]:
    """What a brief records about the evidence, to compare against next time."""
    return {
        e.obstacle.id: {"notes": e.note_count, "strength": e.strength}
        for e in synthesis.evidence
        if e.note_count
    }


def changes_since(
    previous: Mapping[str, Mapping[str, object]], synthesis: Synthesis
) -> list[Change]:
    changes: list[Change] = []
    for item in synthesis.evidence:
        before = previous.get(item.obstacle.id)
        if before is None:
            if item.note_count:
                changes.append(
                    Change(item.obstacle.id, item.path, 0, item.note_count, None, item.strength)
                )
            continue
        before_notes = int(str(before.get("notes", 0)))
        before_strength = str(before.get("strength", "none"))
        strength_before: Strength = (
            before_strength if before_strength in STRENGTHS else "none"  # type: ignore[assignment]
        )
        if before_notes != item.note_count or strength_before != item.strength:
            changes.append(
                Change(
                    item.obstacle.id,
                    item.path,
                    before_notes,
                    item.note_count,
                    strength_before,
                    item.strength,
                )
            )
    return changes

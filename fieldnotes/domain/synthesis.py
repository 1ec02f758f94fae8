"""Synthesis: from coded notes to the evidence behind each obstacle. Pure functions, no I/O.

The evidence-strength rule is written out in docs/synthesis.md and stated here in
`evidence_strength`; keep the two in step. Counting is done through `EvidenceCounter`, so the
rule reads the same whether the plain counter below or the index's fast one does the counting.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Literal, Protocol

from fieldnotes.domain.codebook import ObstacleTree
from fieldnotes.domain.model import MODES, Memo, Mode, Note, Obstacle, Quote

Strength = Literal["none", "emerging", "consistent", "strong"]
STRENGTHS: tuple[Strength, ...] = ("none", "emerging", "consistent", "strong")
SPARK_BLOCKS = " ▁▂▃▄▅▆▇█"
MAX_WEEKS = 520
"""Ten years: a longer period still gets a sparkline, of its first ten years."""

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
    passage_id: str = ""
    """Set when the voice is a coded passage of the note's text rather than one of its quotes
    (its words are `quote.text`, with no speaker role)."""

    @property
    def is_passage(self) -> bool:
        return bool(self.passage_id)


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
    while current <= end and len(weeks) < MAX_WEEKS:
        weeks.append(current)
        current += timedelta(days=7)
    return tuple(weeks)


def _pick_quotes(notes: Iterable[Note], limit: int = 3) -> tuple[EvidenceQuote, ...]:
    """Representative voices: different speakers and teams before more of the same.

    `notes` come oldest first and are read as needed: the first pass that fills `limit` ends
    the search, usually a few notes in. The choice is made from who spoke
    (`Note.quote_speakers`), and only the quotes chosen are read.
    """
    picked: list[tuple[Note, int]] = []
    taken: set[tuple[str, int]] = set()
    seen_speakers: set[str] = set()
    seen_teams: set[str] = set()
    for pass_number in range(3):
        for note in notes:
            for index, speaker_role in enumerate(note.quote_speakers()):
                if len(picked) >= limit:
                    return _voices_of(picked)
                if speaker_role is None or (note.id, index) in taken:
                    continue
                speaker = speaker_role.casefold()
                team = note.team.casefold()
                if pass_number == 0 and (speaker in seen_speakers or team in seen_teams):
                    continue
                if pass_number == 1 and speaker in seen_speakers:
                    continue
                picked.append((note, index))
                taken.add((note.id, index))
                seen_speakers.add(speaker)
                seen_teams.add(team)
    return _voices_of(picked)


def _voices_of(picked: Sequence[tuple[Note, int]]) -> tuple[EvidenceQuote, ...]:
    voices: list[EvidenceQuote] = []
    for note, index in picked:
        quotes = note.quotes
        # A note read again from the store may have been rewritten since it was counted: a
        # quote gone meanwhile is no voice (the next synthesis counts the note as it is now).
        if index < len(quotes) and quotes[index].text.strip():
            voices.append(EvidenceQuote(quotes[index], note.id, note.team, note.mode))
    return tuple(voices)


def _pick_passages(
    notes: Iterable[Note], subtree: AbstractSet[str], limit: int = 3
) -> tuple[EvidenceQuote, ...]:
    """Passages coded with the obstacle (or one below it), different teams first.

    They come before quotes: a coder chose each as evidence for this obstacle, where a quote
    is only in a note tagged with it. An orphaned passage is not a voice: its words are no
    longer in the note.
    """
    picked: list[EvidenceQuote] = []
    taken: set[str] = set()
    seen_teams: set[str] = set()
    for pass_number in range(2):
        for note in notes:
            for passage in note.passages:
                if len(picked) >= limit:
                    return tuple(picked)
                if (
                    passage.orphaned
                    or passage.id in taken
                    or subtree.isdisjoint(passage.obstacle_ids)
                    or not passage.text.strip()
                ):
                    continue
                team = note.team.casefold()
                if pass_number == 0 and team in seen_teams:
                    continue
                picked.append(
                    EvidenceQuote(
                        Quote(passage.text, ""), note.id, note.team, note.mode, passage.id
                    )
                )
                taken.add(passage.id)
                seen_teams.add(team)
    return tuple(picked)


# ------------------------------------------------------------------------- counting


@dataclass(frozen=True, slots=True)
class SubtreeCounts:
    """What the notes in scope tagged with an obstacle, or with anything below it, add up to.

    A note tagged with the obstacle and with one of its sub-obstacles is counted once.
    """

    note_ids: tuple[str, ...]
    """Newest first."""
    notes: Sequence[Note]
    """The same notes, oldest first; a fast counter may fetch them only as they are read."""
    teams: AbstractSet[str]
    """The distinct teams as written, "" among them if a note has none."""
    modes: Mapping[str, int]
    """Notes per mode; a mode with none may be missing."""
    days: int
    """Distinct days."""
    weekly: tuple[int, ...]
    """Notes in each week of the period."""
    at_risk: Mapping[str, int]
    """Principle id → how many links put it at risk (a note may link a principle twice); a
    principle with none may be missing or zero."""
    honoured: Mapping[str, int]
    """Principle id → how many links honour it; likewise."""
    with_passages: Iterable[Note] | None = None
    """Those of `notes` with a passage that may be a voice (live, coded, with words), in the
    same order; None: any of them may. Choosing voices reads only these, perhaps more than
    once (so not an iterator), and usually only the first few."""
    with_quotes: Iterable[Note] | None = None
    """Likewise, those with a quote that has words."""


class EvidenceCounter(Protocol):
    """Counts the notes in scope for one obstacle's subtree at a time.

    `PlainCounter` reads the notes one by one and is the reference; a faster counter with the
    same answers lives in `fieldnotes.index.evidence`, and tests check the two agree.
    """

    def count(self, subtree: AbstractSet[str]) -> SubtreeCounts:
        """The counts over the notes tagged with any obstacle in `subtree`."""
        ...


CounterFactory = Callable[[Sequence[Note], Sequence[date]], EvidenceCounter]
"""Builds a counter from the notes in scope, oldest first, and the Mondays of the period."""


class PlainCounter:
    """The counts, note by note: slower than an index, and plain enough to check by eye."""

    def __init__(self, notes: Sequence[Note], weeks: Sequence[date]) -> None:
        self._notes = notes
        self._weeks = weeks

    def count(self, subtree: AbstractSet[str]) -> SubtreeCounts:
        # A note counts once for an obstacle it or any of its passages is coded with.
        mine = [note for note in self._notes if not subtree.isdisjoint(note.coded_obstacle_ids())]
        days = [note.occurred_at.date() for note in mine]
        per_week = Counter(map(_monday, days))
        links = [link for note in mine for link in note.coded_principles()]
        return SubtreeCounts(
            note_ids=tuple(note.id for note in reversed(mine)),
            notes=mine,
            teams={note.team for note in mine},
            modes=Counter(note.mode for note in mine),
            days=len(set(days)),
            weekly=tuple(per_week[week] for week in self._weeks),
            at_risk=Counter(link.principle_id for link in links if link.stance == "at-risk"),
            honoured=Counter(link.principle_id for link in links if link.stance != "at-risk"),
        )


# ------------------------------------------------------------------ the synthesis


def _pick_voices(
    counts: SubtreeCounts, subtree: AbstractSet[str], limit: int = 3
) -> tuple[EvidenceQuote, ...]:
    """The obstacle's strongest voices: its coded passages, then quotes to fill `limit`."""
    notes = counts.notes
    with_passages = notes if counts.with_passages is None else counts.with_passages
    passages = _pick_passages(with_passages, subtree, limit) if subtree else ()
    if len(passages) >= limit:
        return passages
    with_quotes = notes if counts.with_quotes is None else counts.with_quotes
    return passages + _pick_quotes(with_quotes, limit - len(passages))


def _oldest_first(note: Note) -> tuple[datetime, str]:
    return note.occurred_at, note.id


def _in_scope(
    notes: Iterable[Note], since: date | None, until: date | None, team: str | None
) -> Iterable[Note]:
    if since is None and until is None and team is None:
        return notes
    wanted_team = team.casefold() if team is not None else None
    return [
        note
        for note in notes
        if (since is None or note.occurred_at.date() >= since)
        and (until is None or note.occurred_at.date() <= until)
        and (wanted_team is None or note.team.casefold() == wanted_team)
    ]


def _period_weeks(
    chosen: Sequence[Note], since: date | None, until: date | None
) -> tuple[date, ...]:
    """The weeks of the sparklines: the period asked for, or else the notes' first to last day."""
    first_day = chosen[0].occurred_at.date() if chosen else None
    last_day = chosen[-1].occurred_at.date() if chosen else None
    return period_weeks(first_day, last_day, since, until)


def period_weeks(
    first_day: date | None, last_day: date | None, since: date | None, until: date | None
) -> tuple[date, ...]:
    """The Mondays of the sparklines, given the days of the oldest and newest note in scope
    (None when there is none)."""
    first_day = since or first_day
    last_day = until or last_day
    return _weeks(first_day, last_day) if first_day and last_day else ()


def _casefold_then_exact(team: str) -> tuple[str, str]:
    return team.casefold(), team


def _ranked_principles(
    at_risk: Mapping[str, int], honoured: Mapping[str, int]
) -> tuple[PrincipleCount, ...]:
    """Most often put at risk first, then most often honoured."""
    # Negated, so that tuples in their natural order put the largest counts first.
    ranked = sorted(
        (-at_risk.get(pid, 0), -honoured.get(pid, 0), pid) for pid in {*at_risk, *honoured}
    )
    return tuple(PrincipleCount(pid, -risk, -kept) for risk, kept, pid in ranked if risk or kept)


def _memo_links(memos: Sequence[Memo], tree: ObstacleTree) -> dict[str, tuple[str, ...]]:
    """Obstacle id → its memos and its sub-obstacles' memos, each once, in the order given."""
    links: dict[str, dict[str, None]] = {}
    for memo in memos:
        for obstacle_id in memo.obstacle_ids:
            for linked in tree.ancestors(obstacle_id):
                links.setdefault(linked, {})[memo.id] = None
    return {obstacle_id: tuple(ids) for obstacle_id, ids in links.items()}


def _evidence(
    obstacle: Obstacle,
    tree: ObstacleTree,
    counts: SubtreeCounts,
    memo_ids: tuple[str, ...],
    subtree: AbstractSet[str] = frozenset(),
) -> ObstacleEvidence:
    """One obstacle's evidence and, by the rule in docs/synthesis.md, its strength."""
    notes = counts.notes
    first_seen = notes[0].occurred_at.date() if notes else None
    last_seen = notes[-1].occurred_at.date() if notes else None
    span = (last_seen - first_seen).days if first_seen and last_seen else 0
    teams = tuple(sorted((team for team in counts.teams if team), key=_casefold_then_exact))
    modes: dict[str, int] = {mode: counts.modes.get(mode, 0) for mode in MODES}
    mode_count = sum(1 for mode in MODES if modes[mode])
    strength, reason = evidence_strength(len(counts.note_ids), len(teams), mode_count, span)
    return ObstacleEvidence(
        obstacle=obstacle,
        path=tree.path(obstacle.id),
        depth=tree.depth(obstacle.id),
        note_ids=counts.note_ids,
        teams=teams,
        days=counts.days,
        modes=modes,
        principles=_ranked_principles(counts.at_risk, counts.honoured),
        first_seen=first_seen,
        last_seen=last_seen,
        weekly=counts.weekly,
        quotes=_pick_voices(counts, subtree),
        memo_ids=memo_ids,
        strength=strength,
        strength_reason=reason,
    )


def _rank(evidence: ObstacleEvidence) -> tuple[int, int, int, int, str]:
    """Strongest first; then more notes, more teams, more modes; then by path."""
    return (
        -STRENGTHS.index(evidence.strength),
        -evidence.note_count,
        -evidence.team_count,
        -evidence.mode_count,
        evidence.path.casefold(),
    )


def synthesise(
    notes: Iterable[Note],
    obstacles: Sequence[Obstacle],
    memos: Sequence[Memo] = (),
    *,
    since: date | None = None,
    until: date | None = None,
    team: str | None = None,
    counter: CounterFactory = PlainCounter,
) -> Synthesis:
    """Evidence for every obstacle in the period (and team, if given), strongest first.

    A note counts for the obstacles it is tagged with and for each of their ancestors, once;
    `counter` does the counting; the notebook counts over rows it keeps between writes
    (`fieldnotes.index.evidence.EvidenceIndex`), and calls `synthesis_of_counts`.
    """
    chosen = sorted(_in_scope(notes, since, until, team), key=_oldest_first)
    weeks = _period_weeks(chosen, since, until)
    return synthesis_of_counts(
        counter(chosen, weeks), weeks, obstacles, memos, since=since, until=until, team=team
    )


def synthesis_of_counts(
    counts: EvidenceCounter,
    weeks: tuple[date, ...],
    obstacles: Sequence[Obstacle],
    memos: Sequence[Memo] = (),
    *,
    since: date | None = None,
    until: date | None = None,
    team: str | None = None,
) -> Synthesis:
    """The rest of `synthesise`, for a counter that has already chosen the notes of the
    period and team (oldest first) and the weeks (`period_weeks`): a kept index, for one."""
    tree = ObstacleTree(obstacles)
    memo_links = _memo_links(memos, tree)
    evidence = [
        _evidence(
            obstacle,
            tree,
            counts.count(subtree),
            memo_links.get(obstacle.id, ()),
            subtree,
        )
        for obstacle in obstacles
        for subtree in (tree.subtree(obstacle.id),)
    ]
    evidence.sort(key=_rank)
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
        strength_before: Strength = before_strength if before_strength in STRENGTHS else "none"
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

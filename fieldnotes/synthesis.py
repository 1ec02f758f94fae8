"""Synthesis: from coded notes to the evidence behind each obstacle. Pure functions, no I/O.

The evidence-strength rule is written out in docs/synthesis.md; keep the two in step.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import chain
from typing import Literal

from fieldnotes.model import MODES, Memo, Mode, Note, Obstacle, Quote

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


def _pick_quotes(notes: Sequence[Note], limit: int = 3) -> tuple[EvidenceQuote, ...]:
    """Representative voices: different speakers and teams before more of the same.

    `notes` come oldest first; the first pass that fills `limit` ends the search early.
    """
    picked: list[EvidenceQuote] = []
    taken: set[tuple[str, int]] = set()
    seen_speakers: set[str] = set()
    seen_teams: set[str] = set()
    for pass_number in range(3):
        for note in notes:
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
    chosen_notes = sorted(notes, key=_oldest_first)
    if since is not None or until is not None or team is not None:
        wanted_team = team.casefold() if team is not None else None
        chosen_notes = [
            note
            for note in chosen_notes
            if (since is None or note.occurred_at.date() >= since)
            and (until is None or note.occurred_at.date() <= until)
            and (wanted_team is None or note.team.casefold() == wanted_team)
        ]
    chosen_days = [note.occurred_at.date() for note in chosen_notes]

    first_day = since or (chosen_days[0] if chosen_days else None)
    last_day = until or (chosen_days[-1] if chosen_days else None)
    weeks = _weeks(first_day, last_day) if first_day and last_day else ()
    first_week = weeks[0].toordinal() if weeks else 0

    # Each obstacle gets the positions of its notes (its parents get them too) in one pass;
    # the counts are then taken position-wise with C-speed counters. Tens of thousands of
    # notes must recompute in a blink after every tag.
    chains = _ancestors(obstacles)
    positions: dict[str, list[int]] = {o.id: [] for o in obstacles}
    rolled_up: dict[tuple[str, ...], list[list[int]]] = {}
    for position, note in enumerate(chosen_notes):
        if not note.obstacle_ids:
            continue
        key = tuple(note.obstacle_ids)
        targets = rolled_up.get(key)
        if targets is None:
            ids = dict.fromkeys(a for oid in key for a in chains.get(oid, ()))
            targets = rolled_up[key] = [positions[a] for a in ids if a in positions]
        for target in targets:
            target.append(position)
    note_ids = [note.id for note in chosen_notes]
    note_teams = [note.team for note in chosen_notes]
    note_modes = [note.mode for note in chosen_notes]
    note_weeks = [(day.toordinal() - first_week) // 7 for day in chosen_days]
    note_links = [
        tuple((link.principle_id, link.stance == "at-risk") for link in note.principles)
        for note in chosen_notes
    ]

    memo_links: dict[str, list[str]] = {}
    for memo in memos:
        for obstacle_id in memo.obstacle_ids:
            for linked in chains.get(obstacle_id, (obstacle_id,)):
                memo_links.setdefault(linked, []).append(memo.id)

    paths = _path_and_depth(obstacles)
    evidence: list[ObstacleEvidence] = []
    for obstacle in obstacles:
        mine = positions[obstacle.id]
        linked_notes = list(map(chosen_notes.__getitem__, mine))
        # Positions run oldest first, so the first and last are the first and last seen.
        first_seen = chosen_days[mine[0]] if mine else None
        last_seen = chosen_days[mine[-1]] if mine else None
        span = (last_seen - first_seen).days if first_seen and last_seen else 0
        teams = sorted(set(map(note_teams.__getitem__, mine)) - {""}, key=str.casefold)
        modes = Counter(map(note_modes.__getitem__, mine))
        weekly = [0] * len(weeks)
        for week, count in Counter(map(note_weeks.__getitem__, mine)).items():
            if 0 <= week < len(weekly):
                weekly[week] = count
        principle_counts: dict[str, list[int]] = {}
        for (principle_id, at_risk), count in Counter(
            chain.from_iterable(map(note_links.__getitem__, mine))
        ).items():
            principle_counts.setdefault(principle_id, [0, 0])[0 if at_risk else 1] += count
        mode_count = sum(1 for mode in MODES if modes.get(mode))
        strength, reason = evidence_strength(len(linked_notes), len(teams), mode_count, span)
        path, depth = paths[obstacle.id]
        evidence.append(
            ObstacleEvidence(
                obstacle=obstacle,
                path=path,
                depth=depth,
                note_ids=tuple(map(note_ids.__getitem__, reversed(mine))),
                teams=tuple(teams),
                days=len(set(map(chosen_days.__getitem__, mine))),
                modes={mode: modes.get(mode, 0) for mode in MODES},
                principles=tuple(
                    PrincipleCount(pid, at_risk, honoured)
                    for pid, (at_risk, honoured) in sorted(
                        principle_counts.items(),
                        key=lambda item: (-item[1][0], -item[1][1], item[0]),
                    )
                ),
                first_seen=first_seen,
                last_seen=last_seen,
                weekly=tuple(weekly),
                quotes=_pick_quotes(linked_notes),
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

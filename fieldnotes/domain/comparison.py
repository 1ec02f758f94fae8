"""Did it change? An obstacle's evidence before and since the change agreed for it.

Pure: notes, the obstacle tree and the date of agreement in, plain values out. The counts are
the synthesis's (a sub-obstacle's notes count for its parent) and the strength is the same
rule (`synthesis.evidence_strength`, docs/synthesis.md). Beside each period stands the
observation effort — every note written in it, on any obstacle — because fewer notes since a
change may mean less looking, not less obstacle.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from fieldnotes.domain.codebook import ObstacleTree
from fieldnotes.domain.history import ObstacleEvent, agreed_at
from fieldnotes.domain.model import MODE_LABELS, MODES, OBSTACLE_STATUSES, Note
from fieldnotes.domain.synthesis import Strength, evidence_strength

TOO_FEW_SINCE = 4
"""Fewer notes than this written since the change, on any obstacle: too little looking to
read anything from the obstacle's count (the synthesis's "consistent" needs four notes)."""


@dataclass(frozen=True, slots=True)
class PeriodEvidence:
    """One obstacle's evidence in one period, and how much was observed in it at all."""

    first_day: date | None
    last_day: date | None
    """The period's bounds: from the first note in scope, to the day of comparison."""
    notes: int
    teams: int
    modes: Mapping[str, int]
    at_risk: int
    """Notes that put at least one principle at risk."""
    honoured: int
    """Notes that honoured at least one principle."""
    strength: Strength
    effort: int
    """Every note written in the period, on any obstacle or none."""

    @property
    def weeks(self) -> float:
        if self.first_day is None or self.last_day is None:
            return 0.0
        return max(1.0, ((self.last_day - self.first_day).days + 1) / 7)

    @property
    def share(self) -> float | None:
        """The obstacle's notes as a part of all notes written: comparable across periods."""
        return self.notes / self.effort if self.effort else None

    def summary(self) -> str:
        teams = f"{self.teams} team{'s' if self.teams != 1 else ''}"
        modes = ", ".join(
            f"{MODE_LABELS[mode]} {self.modes[mode]}" for mode in MODES if self.modes.get(mode)
        )
        return (
            f"{self.notes} note{'s' if self.notes != 1 else ''} from {teams}"
            + (f" ({modes})" if modes else "")
            + f", {self.at_risk} at risk, {self.honoured} honoured — {self.strength}"
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "from": self.first_day.isoformat() if self.first_day else None,
            "to": self.last_day.isoformat() if self.last_day else None,
            "notes": self.notes,
            "teams": self.teams,
            "modes": dict(self.modes),
            "at_risk": self.at_risk,
            "honoured": self.honoured,
            "strength": self.strength,
            "observation_effort": self.effort,
        }


@dataclass(frozen=True, slots=True)
class Comparison:
    obstacle_id: str
    agreed_on: date
    before: PeriodEvidence
    since: PeriodEvidence

    def sentences(self) -> tuple[str, ...]:
        """The comparison stated plainly, effort included, with what it cannot tell."""
        before, since = self.before, self.since
        lines = [
            f"Change agreed on {self.agreed_on.isoformat()}.",
            f"Before the change: {before.summary()}.",
            f"Since: {since.summary()}.",
            (
                f"Observation effort: {before.effort} notes in all in the "
                f"{before.weeks:.0f} weeks before, {since.effort} in the {since.weeks:.0f} "
                f"weeks since."
            ),
        ]
        if since.effort < TOO_FEW_SINCE:
            lines.append(
                "Too few notes written since the change to tell whether it changed practice."
            )
        elif before.share is not None and since.share is not None:
            lines.append(
                f"This obstacle was in {before.share:.0%} of all notes before and "
                f"{since.share:.0%} since."
            )
        return tuple(lines)

    def to_json(self) -> dict[str, Any]:
        return {
            "agreed_on": self.agreed_on.isoformat(),
            "before": self.before.to_json(),
            "since": self.since.to_json(),
            "summary": list(self.sentences()),
        }


def _period(
    notes: Sequence[Note], subtree: set[str], first: date | None, last: date | None
) -> PeriodEvidence:
    tagged = [n for n in notes if subtree.intersection(n.obstacle_ids)]
    teams = {n.team.casefold() for n in tagged if n.team}
    modes: dict[str, int] = {mode: sum(1 for n in tagged if n.mode == mode) for mode in MODES}
    days = sorted(n.occurred_at.date() for n in tagged)
    span = (days[-1] - days[0]).days if days else 0
    strength, _reason = evidence_strength(
        len(tagged), len(teams), sum(1 for count in modes.values() if count), span
    )
    return PeriodEvidence(
        first_day=first,
        last_day=last,
        notes=len(tagged),
        teams=len(teams),
        modes=modes,
        at_risk=sum(1 for n in tagged if any(p.stance == "at-risk" for p in n.coded_principles())),
        honoured=sum(
            1 for n in tagged if any(p.stance == "honoured" for p in n.coded_principles())
        ),
        strength=strength,
        effort=len(notes),
    )


def _scoped(notes: Iterable[Note], team: str | None) -> list[Note]:
    """Usable notes (of the team, if given), oldest first."""
    wanted = team.casefold() if team is not None else None
    return sorted(
        (n for n in notes if not n.damaged and (wanted is None or n.team.casefold() == wanted)),
        key=lambda n: (n.occurred_at, n.id),
    )


def _compare(
    obstacle_id: str,
    tree: ObstacleTree,
    scoped: Sequence[Note],
    agreed_on: date,
    today: date,
    days: Sequence[date] | None = None,
) -> Comparison:
    # `scoped` is oldest first, so each period is a slice: found by bisection on the days.
    days = days if days is not None else [n.occurred_at.date() for n in scoped]
    split = bisect_left(days, agreed_on)
    end = bisect_right(days, today)
    before = list(scoped[:split])
    since = list(scoped[split : max(split, end)])
    subtree = tree.subtree(obstacle_id)
    first = before[0].occurred_at.date() if before else None
    return Comparison(
        obstacle_id,
        agreed_on,
        _period(before, subtree, first, agreed_on if before else None),
        _period(since, subtree, agreed_on, max(today, agreed_on)),
    )


def compare(
    obstacle_id: str,
    tree: ObstacleTree,
    notes: Iterable[Note],
    agreed_on: date,
    today: date,
    *,
    team: str | None = None,
) -> Comparison:
    """The obstacle's evidence before `agreed_on` and from it to `today` (inclusive)."""
    return _compare(obstacle_id, tree, _scoped(notes, team), agreed_on, today)


def comparisons(
    tree: ObstacleTree,
    notes: Iterable[Note],
    histories: Mapping[str, Sequence[ObstacleEvent]],
    today: date,
    *,
    team: str | None = None,
) -> dict[str, Comparison]:
    """A comparison for every obstacle whose change was agreed (status "change agreed" or
    "resolved") on a date its history shows; the others have nothing to compare against."""
    scoped: list[Note] | None = None  # sorted once, and only if anything is compared
    days: list[date] = []
    found: dict[str, Comparison] = {}
    agreed = OBSTACLE_STATUSES.index("change agreed")
    for obstacle in tree.ordered:
        if OBSTACLE_STATUSES.index(obstacle.status) < agreed:
            continue
        moment = agreed_at(histories.get(obstacle.id, ()))
        if moment is None:
            continue
        if scoped is None:
            scoped = _scoped(notes, team)
            days = [n.occurred_at.date() for n in scoped]
        found[obstacle.id] = _compare(obstacle.id, tree, scoped, moment.date(), today, days)
    return found

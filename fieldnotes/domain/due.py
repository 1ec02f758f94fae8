"""What is due: obstacles to observe again, and follow-up questions nobody has gone back to.

Plain Python, no I/O: the notebook passes its obstacles and notes, and today's date is always
given, so the answer is the same wherever and whenever it is worked out from the same data.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from fieldnotes.domain.codebook import ObstacleTree
from fieldnotes.domain.model import Note, Obstacle

DEFAULT_WITHIN_DAYS = 14
"""An obstacle is due when its re-observe date has passed or falls within this many days."""
MAX_WITHIN_DAYS = 366

CLOSED_STATUSES = frozenset({"resolved"})
"""A resolved obstacle has been looked at again already: its date no longer comes due."""


@dataclass(frozen=True, slots=True)
class DueObstacle:
    obstacle: Obstacle
    path: str
    """Parent/Child, as the codebook shows it."""
    days: int
    """Days from today to the re-observe date: negative when overdue, 0 when due today."""

    @property
    def overdue(self) -> bool:
        return self.days < 0

    @property
    def when(self) -> str:
        """ "overdue by 3 days", "due today", "due in 5 days"."""
        if self.days < 0:
            return f"overdue by {_days(-self.days)}"
        if self.days == 0:
            return "due today"
        return f"due in {_days(self.days)}"


@dataclass(frozen=True, slots=True)
class OpenFollowUp:
    note_id: str
    occurred_at: datetime
    team: str
    follow_up: str
    obstacle_ids: tuple[str, ...]
    age_days: int
    """Days since the note was taken."""


@dataclass(frozen=True, slots=True)
class Due:
    today: date
    within_days: int
    obstacles: tuple[DueObstacle, ...]
    follow_ups: tuple[OpenFollowUp, ...]

    @property
    def count(self) -> int:
        return len(self.obstacles) + len(self.follow_ups)

    @property
    def overdue_count(self) -> int:
        return sum(1 for item in self.obstacles if item.overdue)


def _days(count: int) -> str:
    return f"{count} day{'' if count == 1 else 's'}"


def obstacles_due(
    obstacles: Sequence[Obstacle], today: date, *, within_days: int = DEFAULT_WITHIN_DAYS
) -> tuple[DueObstacle, ...]:
    """Obstacles whose re-observe date has passed or is within `within_days`; overdue first."""
    paths = ObstacleTree(obstacles).paths()
    due = [
        DueObstacle(o, paths[o.id], (o.reobserve_on - today).days)
        for o in obstacles
        if o.reobserve_on is not None
        and o.status not in CLOSED_STATUSES
        and (o.reobserve_on - today).days <= within_days
    ]
    return tuple(sorted(due, key=lambda d: (d.days, d.path.casefold())))


def open_follow_ups(notes: Iterable[Note], today: date) -> tuple[OpenFollowUp, ...]:
    """Follow-up questions nobody has gone back to yet, the longest waiting first.

    A follow-up stays open until a later note from the same team shares one of its obstacles
    (or, when the note has no obstacles, until any later note from that team). Going back is
    what closes it; the notebook cannot tell whether the question itself was answered.
    """
    ordered = sorted(notes, key=lambda n: n.occurred_at)
    # Per team, the obstacles seen after each point: walking back from the newest note.
    later_obstacles: dict[str, set[str]] = {}
    later_any: set[str] = set()
    found: list[OpenFollowUp] = []
    for note in reversed(ordered):
        team = note.team.strip().casefold()
        question = note.follow_up.strip()
        if question and "follow_up" not in note.damaged_fields:
            seen_later = later_obstacles.get(team, set())
            answered = (
                bool(seen_later & set(note.obstacle_ids))
                if note.obstacle_ids
                else team in later_any
            )
            if not answered:
                found.append(
                    OpenFollowUp(
                        note_id=note.id,
                        occurred_at=note.occurred_at,
                        team=note.team,
                        follow_up=question,
                        obstacle_ids=tuple(note.obstacle_ids),
                        age_days=max(0, (today - note.occurred_at.date()).days),
                    )
                )
        later_obstacles.setdefault(team, set()).update(note.obstacle_ids)
        later_any.add(team)
    return tuple(sorted(found, key=lambda f: (f.occurred_at, f.note_id)))


def whats_due(
    obstacles: Sequence[Obstacle],
    notes: Iterable[Note],
    today: date,
    *,
    within_days: int = DEFAULT_WITHIN_DAYS,
) -> Due:
    return Due(
        today=today,
        within_days=within_days,
        obstacles=obstacles_due(obstacles, today, within_days=within_days),
        follow_ups=open_follow_ups(notes, today),
    )

"""An obstacle's history: which of its tracked fields changed, when, by whom and why.

Pure values and rules. The store keeps the events sealed (`storage/history.py`); the
comparison of evidence before and after a change reads its date from here (`agreed_at`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from fieldnotes.domain.model import OBSTACLE_STATUSES, Obstacle

TRACKED = ("status", "ask", "decision", "reobserve_on")
"""The fields whose every change is kept: where an obstacle is in its life."""
FIELD_LABELS = {
    "status": "status",
    "ask": "ask",
    "decision": "decision",
    "reobserve_on": "re-observe date",
}
AGREED = OBSTACLE_STATUSES.index("change agreed")
"""Statuses from here on mean a change was agreed: the comparison's dividing line."""


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class ObstacleEvent:
    id: str
    obstacle_id: str
    at: datetime | None
    """When the change was made (UTC); None only before it is written."""
    by: str = ""
    reason: str = ""
    changes: tuple[FieldChange, ...] = ()
    merged_from: str = ""
    """The obstacle this step was first recorded on, when a merge brought it here."""
    damaged: bool = False

    def __repr__(self) -> str:
        return f"ObstacleEvent(id={self.id!r}, obstacle_id={self.obstacle_id!r})"

    def change(self, name: str) -> FieldChange | None:
        for change in self.changes:
            if change.field == name:
                return change
        return None


def _shown(obstacle: Obstacle, name: str) -> str:
    value = getattr(obstacle, name)
    if name == "reobserve_on":
        return value.isoformat() if value is not None else ""
    return str(value)


def tracked_changes(before: Obstacle, after: Obstacle) -> tuple[FieldChange, ...]:
    """What changed between two states of one obstacle, among the tracked fields."""
    return tuple(
        FieldChange(name, _shown(before, name), _shown(after, name))
        for name in TRACKED
        if _shown(before, name) != _shown(after, name)
    )


def agreed_at(events: Sequence[ObstacleEvent]) -> datetime | None:
    """When a change was first agreed: the first move of the status to "change agreed" or
    beyond, from a status before it. None when the history shows no such move."""
    for event in sorted(events, key=lambda e: (e.at or datetime.min, e.id)):
        change = event.change("status")
        if change is None or event.damaged or event.at is None:
            continue
        before = OBSTACLE_STATUSES.index(change.before) if change.before in OBSTACLE_STATUSES else 0
        after = OBSTACLE_STATUSES.index(change.after) if change.after in OBSTACLE_STATUSES else 0
        if before < AGREED <= after:
            return event.at
    return None


def _cut(text: str, width: int = 60) -> str:
    line = " ".join(text.split())
    return line if len(line) <= width else f"{line[: width - 1]}…"


def describe(event: ObstacleEvent) -> str:
    """One event in a line of words: what changed, by whom, and why."""
    if event.damaged:
        return "(this step of the history is damaged and cannot be read)"
    parts = []
    for change in event.changes:
        label = FIELD_LABELS.get(change.field, change.field)
        if change.field in ("status", "reobserve_on"):
            if not change.after:
                parts.append(f"{label} cleared")
            elif change.before:
                parts.append(f"{label} {change.before} → {change.after}")
            else:
                parts.append(f"{label} set to {change.after}")
        elif change.after:
            parts.append(
                f"{label} {'set' if not change.before else 'changed'}: “{_cut(change.after)}”"
            )
        else:
            parts.append(f"{label} cleared")
    text = "; ".join(parts) or "no change"
    if event.by:
        text += f" — {event.by}"
    if event.reason:
        text += f" (why: {_cut(event.reason, 80)})"
    if event.merged_from:
        text += f" [from “{_cut(event.merged_from, 40)}”]"
    return text

"""The history part: every change to an obstacle's status, ask, decision and re-observe date,
kept sealed with who made it and why; read back as a timeline."""

from __future__ import annotations

import contextlib
import dataclasses
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from fieldnotes.domain.history import ObstacleEvent, tracked_changes
from fieldnotes.domain.model import MAX_LABEL_CHARS, Obstacle
from fieldnotes.errors import DamagedError, InvalidInput
from fieldnotes.notebook.part import Part

if TYPE_CHECKING:
    from fieldnotes.domain.comparison import Comparison
    from fieldnotes.domain.tracker import TrackerItem

MAX_REASON_CHARS = 2000
"""A reason is a sentence or two, not a memo: memos are where longer thinking goes."""


class HistoryPart(Part):
    """Obstacles' histories."""

    def obstacle_history(self, obstacle_id: str) -> list[ObstacleEvent]:
        """The obstacle's changes, oldest first (a merged obstacle's steps included)."""
        self._require_unlocked()
        return self._store.obstacle_history(obstacle_id)

    def obstacle_histories(self) -> dict[str, list[ObstacleEvent]]:
        """Every obstacle's changes, oldest first, by obstacle id."""
        self._require_unlocked()
        return self._store.obstacle_histories()

    def _changed_by(self) -> str:
        """Who a change is recorded as made by: in a team notebook the member's label (how
        the team knows them, never a name); otherwise this notebook's author name."""
        team = self.team
        if team is not None:
            return team.label[:MAX_LABEL_CHARS]
        with contextlib.suppress(DamagedError):
            return self.author_label()[:MAX_LABEL_CHARS]
        return "(author name damaged)"

    def _history_event(
        self,
        before: Obstacle,
        after: Obstacle,
        *,
        reason: str = "",
        at: datetime | None = None,
    ) -> ObstacleEvent | None:
        """The event recording what changed from `before` to `after`, or None if nothing
        tracked did (a rename is not a step in the obstacle's life)."""
        reason = reason.strip()
        if len(reason) > MAX_REASON_CHARS:
            raise InvalidInput(
                f"the reason is {len(reason):,} characters long; it can be at most "
                f"{MAX_REASON_CHARS:,} (write more in a memo)"
            )
        changes = tracked_changes(before, after)
        if not changes:
            return None
        when = at.astimezone(UTC).replace(tzinfo=None) if at and at.tzinfo else at
        return ObstacleEvent(
            "",
            after.id,
            when or datetime.now(UTC).replace(tzinfo=None),
            by=self._changed_by(),
            reason=reason,
            changes=changes,
        )

    def comparisons(
        self, *, today: date | None = None, team: str | None = None
    ) -> dict[str, Comparison]:
        """Before and since the agreed change, for every obstacle whose history dates one."""
        from fieldnotes.domain.comparison import comparisons

        self._require_unlocked()
        return comparisons(
            self.obstacle_tree(),
            self._all_notes().values(),
            self.obstacle_histories(),
            today or date.today(),
            team=team,
        )

    def tracker(self, *, today: date | None = None) -> tuple[TrackerItem, ...]:
        """You said, we did: each obstacle raised with leadership, its voices by role (the
        people map applied, quotes the identifier check flags left out), what was decided,
        what changed since and what is still open."""
        from fieldnotes.domain.model import Quote
        from fieldnotes.domain.tracker import track

        self._require_unlocked()
        day = today or date.today()
        items = track(
            self.obstacle_tree(),
            self._all_notes().values(),
            self.comparisons(today=day),
            day,
            self.protected_names(),
        )

        def mapped(text: str) -> str:
            return self.pseudonymise(text)[0]

        return tuple(
            dataclasses.replace(
                item,
                path=mapped(item.path),
                ask=mapped(item.ask),
                decision=mapped(item.decision),
                voices=tuple(Quote(mapped(q.text), mapped(q.speaker_role)) for q in item.voices),
            )
            for item in items
        )

"""The reports part: the synthesis and what is due, worked out from the notes."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fieldnotes.domain.due import Due
    from fieldnotes.domain.synthesis import Change, Synthesis
from fieldnotes.notebook.part import Part

KEPT_SYNTHESES = 8
"""Syntheses kept for the current revision, one per choice of filters (the newest ones)."""


class ReportsPart(Part):
    """The synthesis, the changes since the last brief, and what is due."""

    # ---------------------------------------------------------------- synthesis

    def synthesis(
        self, *, since: date | None = None, until: date | None = None, team: str | None = None
    ) -> Synthesis:
        """The evidence for every obstacle within the filters.

        Kept for the notebook's revision: asking again with the same filters before the next
        write (a screen opened again, a filter set back) costs nothing.
        """
        key = (since, until, team)
        revision = self._revision
        kept = self._syntheses.get(key)
        if kept is not None and kept[0] == revision and self._store.unlocked:
            return kept[1]
        synthesis = self._synthesise(since, until, team)
        with self._syntheses_lock:
            if self._revision == revision:
                # Older revisions are of no use again; a few filter choices are kept.
                stale = [k for k, (r, _) in self._syntheses.items() if r != revision]
                for old in stale:
                    del self._syntheses[old]
                while len(self._syntheses) >= KEPT_SYNTHESES:
                    del self._syntheses[next(iter(self._syntheses))]
                self._syntheses[key] = (revision, synthesis)
        return synthesis

    def _synthesise(self, since: date | None, until: date | None, team: str | None) -> Synthesis:
        # The kept rows leave out a damaged note: its date, mode or links may not be what was
        # written, so it is no evidence.
        return self._evidence.synthesis(
            self._all_notes, self.obstacles(), self.memos(), since=since, until=until, team=team
        )

    def changes_since_last_brief(self, synthesis: Synthesis) -> list[Change]:
        from fieldnotes.domain.synthesis import changes_since

        for record in self.exports():
            if not record.damaged:
                return changes_since(record.snapshot, synthesis)
        # With no brief sent yet, everything would be "new": that is noise, not news.
        return []

    # --------------------------------------------------------------------- due

    def due(self, *, today: date, within_days: int = 14) -> Due:
        """Obstacles to observe again by `today` + `within_days`, and open follow-ups."""
        from fieldnotes.domain.due import whats_due

        self._require_unlocked()
        return whats_due(
            self.obstacles(), self._all_notes().values(), today, within_days=within_days
        )

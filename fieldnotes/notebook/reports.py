"""The reports part: the synthesis and what is due, worked out from the notes."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fieldnotes.domain.due import Due
    from fieldnotes.domain.synthesis import Change, Synthesis
from fieldnotes.notebook.part import Part


class ReportsPart(Part):
    """The synthesis, the changes since the last brief, and what is due."""

    # ---------------------------------------------------------------- synthesis

    def synthesis(
        self, *, since: date | None = None, until: date | None = None, team: str | None = None
    ) -> Synthesis:
        from fieldnotes.domain.synthesis import synthesise
        from fieldnotes.index.evidence import BitsetCounter

        # A damaged note is not evidence: its date, mode or links may not be what was written.
        return synthesise(
            [note for note in self._all_notes().values() if not note.damaged],
            self.obstacles(),
            self.memos(),
            since=since,
            until=until,
            team=team,
            counter=BitsetCounter,
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

"""Working the synthesis out again: coalesced, in a worker, and only the newest result shown."""

from __future__ import annotations

from datetime import date

from textual import work
from textual.widgets import Static
from textual.worker import get_current_worker

from fieldnotes.errors import FieldnotesError
from fieldnotes.tui.screens.synthesis.part import SynthesisPart
from fieldnotes.tui.screens.synthesis.view import SynthesisView, read_view


class LoadingPart(SynthesisPart):
    """Asks for a new `view` whenever the filters or the notebook change."""

    def request_reload(self) -> None:
        """Coalesce reloads (a write posts a change and a callback; one redraw is enough)."""
        if not self._reload_pending:
            self._reload_pending = True
            self.call_later(self._pending_reload)

    def _pending_reload(self) -> None:
        self._reload_pending = False
        self.reload()

    def reload(self) -> None:
        """Compute the synthesis again for the filters, in a worker; `view` takes the result."""
        if not self.notebook.is_unlocked:
            return
        self._asked += 1
        if self.view is None:
            # The bar, legend and empty table are up at once; the numbers follow.
            self.query_one("#synthesis-count", Static).update("Working out the evidence…")
        self._compute(self._asked, self.since, self.until, self.team)

    @work(thread=True, exclusive=True, group="synthesis")
    def _compute(
        self, asked: int, since: date | None, until: date | None, team: str | None
    ) -> None:
        try:
            view = self._read(since, until, team)
        except FieldnotesError as error:
            # Locked while computing: the screen is on its way out, there is nothing to say.
            if self.notebook.is_unlocked:
                self.app.call_from_thread(self._failed, str(error))
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._computed, asked, view)

    def _failed(self, problem: str) -> None:
        if self._showing():
            self.notify(problem, severity="error")

    def _showing(self) -> bool:
        # A lock pops this screen while a worker may still be reading: its result is not shown.
        return self.is_mounted and self in self.app.screen_stack

    def _read(self, since: date | None, until: date | None, team: str | None) -> SynthesisView:
        return read_view(self.notebook, since, until, team, self._today())

    def _computed(self, asked: int, view: SynthesisView) -> None:
        # A later change of filters or of the notebook asked again: this result is stale.
        if asked == self._asked and self._showing():
            self.view = view

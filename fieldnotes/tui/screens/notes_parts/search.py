"""The search box, and the worker a slow search runs in."""

from __future__ import annotations

import time

from textual import work
from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input
from textual.worker import get_current_worker

from fieldnotes.domain.model import Note
from fieldnotes.errors import FieldnotesError
from fieldnotes.notebook import NoteFilter
from fieldnotes.tui.screens.notes_parts.part import NotesScreenPart


class SearchInput(Input):
    """The search box, whose every keystroke is a repaint rather than a layout of the screen.

    `Input` sets its virtual width to the text's width on each change, and `Widget` declares
    `virtual_size` as layout-changing, so each keystroke re-arranged every widget on the
    screen and repainted the list's scrollbar twice. The box is always one line as wide as
    its container: the virtual width only bounds its own horizontal scrolling, which reads it
    from the widget, not from the layout.
    """

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)


class SearchPart(NotesScreenPart):
    """Runs a search off the UI thread; a newer keystroke makes its result stale."""

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _search_in_worker(self, generation: int, where: NoteFilter) -> None:
        started = time.perf_counter()
        worker = get_current_worker()
        try:
            # A newer keystroke cancels this worker: the scan stops at its next chunk.
            shown = self.notebook.notes(where, stop=lambda: worker.is_cancelled)
        except FieldnotesError:
            return  # stopped by a newer search, or locked meanwhile (the lock screen shows)
        seconds = time.perf_counter() - started
        if not worker.is_cancelled:
            self.app.call_from_thread(self._searched, generation, shown, seconds)

    def _searched(self, generation: int, shown: list[Note], seconds: float) -> None:
        if generation != self._generation or not self.is_mounted:
            return
        self._last_reload_seconds = seconds
        self._fill_list(shown)

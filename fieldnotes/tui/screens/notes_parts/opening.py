"""Opening a large notebook: the newest notes are shown at once, the rest opened in a worker,
and the screens the first keys open are imported meanwhile."""

from __future__ import annotations

import contextlib

from textual import work

from fieldnotes.errors import FieldnotesError
from fieldnotes.tui.screens.notes_parts.part import NotesScreenPart


class OpeningPart(NotesScreenPart):
    """The workers that run once the notes screen has drawn its first frame."""

    @work(thread=True, exclusive=True, group="import-screens", exit_on_error=False)
    def _import_other_screens(self) -> None:
        """Import the codebook and the synthesis now, off the UI thread.

        Their modules (the write-up editor, the identifier check and its phone-number tables)
        took 0.6-0.9 s to import, paid by the first key that opened either screen.
        """
        import fieldnotes.tui.screens.codebook.screen
        import fieldnotes.tui.screens.synthesis.screen  # noqa: F401

    @property
    def is_opening(self) -> bool:
        """True while the newest notes are shown and the rest are still being opened."""
        return self.opening

    @work(thread=True, exclusive=True, group="open-notes", exit_on_error=False)
    def _open_every_note(self) -> None:
        try:
            self.notebook.prepare_search()
        except FieldnotesError as error:
            self.app.call_from_thread(self._opened_every_note, str(error))
            return
        self.app.call_from_thread(self._opened_every_note, None)
        # The first synthesis of a large notebook reads every note into its rows (about two
        # seconds at 100,000): worked out here, after the full list is up, the synthesis
        # screen opens on the one the notebook keeps. A write or a lock meanwhile only
        # means the screen works out its own.
        with contextlib.suppress(FieldnotesError):
            self.notebook.synthesis()
        self.notebook.return_spare_memory()

    def _opened_every_note(self, error: str | None) -> None:
        self.opening = False
        if error is not None:
            self.notify(error, severity="error")
            return
        self.reload(refresh_choices=True)

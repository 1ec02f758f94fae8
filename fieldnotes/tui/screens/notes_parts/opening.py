"""Opening a large notebook: the newest notes are shown at once, the rest opened in a worker,
then the file checked against its manifest and the screens that count the notes imported."""

from __future__ import annotations

import contextlib

from textual import work

from fieldnotes.errors import FieldnotesError
from fieldnotes.tui.screens.notes_parts.part import NotesScreenPart


class OpeningPart(NotesScreenPart):
    """The workers that run once the notes screen has drawn its first frame."""

    @work(thread=True, exclusive=True, group="import-screens", exit_on_error=False)
    def _import_other_screens(self) -> None:
        _import_counting_screens()

    @work(thread=True, group="integrity-report", exit_on_error=False)
    def _report_integrity(self) -> None:
        """Check the notebook against its manifest and say what it found, in a notice that
        stays. Once the notes are open: the check and the opening would share the interpreter,
        and every note searchable matters more to the person than a notice a second sooner
        (no write or export is made before the check is done, whenever it runs)."""
        app = self.app
        with contextlib.suppress(FieldnotesError):
            for problem in self.notebook.integrity_problems():
                with contextlib.suppress(RuntimeError):  # the app has gone meanwhile
                    app.call_from_thread(
                        app.notify, problem.capitalize() + ".", severity="error", timeout=60
                    )

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
        # Held back till now with the codebook and the synthesis (they need every note), so
        # importing them earlier only slowed the opening down.
        _import_counting_screens()
        # The first synthesis of a large notebook reads every note into its rows (about two
        # seconds at 100,000): worked out here, after the full list is up, the synthesis
        # screen opens on the one the notebook keeps. A write or a lock meanwhile only
        # means the screen works out its own.
        with contextlib.suppress(FieldnotesError):
            self.notebook.synthesis()
        self.notebook.return_spare_memory()

    def _opened_every_note(self, error: str | None) -> None:
        self.opening = False
        self._report_integrity()
        if error is not None:
            self.notify(error, severity="error")
            return
        self.reload(refresh_choices=True)


def _import_counting_screens() -> None:
    """Import the codebook and the synthesis off the UI thread, before a key opens either.

    Their modules (the write-up editor, the identifier check and its phone-number tables)
    took 0.3-0.9 s to import, paid by the first key that opened either screen.
    """
    import fieldnotes.tui.screens.codebook.screen
    import fieldnotes.tui.screens.synthesis.screen  # noqa: F401

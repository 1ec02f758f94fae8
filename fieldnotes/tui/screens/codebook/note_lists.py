"""The notes under an obstacle or a principle, read in a worker so an arrow key never waits."""

from __future__ import annotations

from functools import partial

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from fieldnotes.domain.model import Note
from fieldnotes.errors import FieldnotesError
from fieldnotes.notebook import NoteFilter
from fieldnotes.tui.dialogs.memo import note_line
from fieldnotes.tui.screens.codebook.part import CodebookPart
from fieldnotes.tui.widgets.one_line_list import LazyOption


class NoteListsPart(CodebookPart):
    """Fills either tab's notes list for what is on screen, dropping a reading that came late."""

    def _read_notes(self, tab: str, shown_for: str, where: NoteFilter) -> None:
        """Fill the notes list of the obstacle or principle on screen from a worker.

        One worker per tab, exclusive: a newer highlight cancels the older reading, and a
        result that lands after all is dropped by `_notes_read` (the highlight moved on).
        """
        self.run_worker(
            partial(self._notes_worker, tab, shown_for, where),
            thread=True,
            exclusive=True,
            group=f"codebook-{tab}-notes",
        )

    def _notes_worker(self, tab: str, shown_for: str, where: NoteFilter) -> None:
        try:
            notes = self._notebook.notes(where)
        except FieldnotesError:
            return  # locked meanwhile: the screen is on its way out
        # Each prompt is made when its row is first drawn: a list shows forty of thousands.
        if tab == "obstacle":
            options = [LazyOption(partial(_note_prompt, note), id=note.id) for note in notes]
        else:
            options = [
                LazyOption(partial(self._principle_prompt, note, shown_for), id=note.id)
                for note in notes
            ]
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._notes_read, tab, shown_for, options)

    def _notes_read(self, tab: str, shown_for: str, options: list[Option]) -> None:
        if not self.is_mounted:
            return
        if tab == "obstacle":
            if self.selected_obstacle_id != shown_for:
                return
            note_list = self.query_one("#obstacle-notes", OptionList)
            empty = self.query_one("#notes-empty")
        else:
            if self._principle_shown != shown_for:
                return
            note_list = self.query_one("#principle-notes", OptionList)
            empty = self.query_one("#principle-empty")
        note_list.set_options(options)
        note_list.display = bool(options)
        empty.display = not options

    @staticmethod
    def _principle_prompt(note: Note, principle_id: str) -> Content:
        stance = next(
            (link.stance for link in note.principles if link.principle_id == principle_id),
            "honoured",
        )
        badge = (
            Content.from_markup("[b $text-error]▼ at risk [/]")
            if stance == "at-risk"
            else Content.from_markup("[b $text-success]▲ honoured[/]")
        )
        return Content.assemble(badge, "  ", _note_prompt(note))


def _note_prompt(note: Note) -> Content:
    return Content(note_line(note, 200))

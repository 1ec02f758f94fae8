"""The notes under an obstacle or a principle, so an arrow key never waits on them.

An obstacle's notes come from `Notebook.obstacle_notes` (every obstacle's, newest first),
worked out once in a worker when the tree is built; from then on, showing an obstacle's notes
is a look-up and a row count, in the same frame as the rest of its details. A principle's
notes are read in a worker when it is shown.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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
from fieldnotes.tui.widgets.one_line_list import LazyOption, OneLineOptionList


class NoteListsPart(CodebookPart):
    """Fills either tab's notes list for what is on screen, dropping a reading that came late."""

    def _group_obstacle_notes(self) -> None:
        """Have every obstacle's notes at hand; the one on screen shows once they are.

        The notebook keeps them until a note or the codebook changes: then this is a look-up.
        Otherwise they are worked out in a worker (a pass over every note) and, until they
        land, the list stays hidden; the count beside each obstacle in the tree is known at
        once. Started as the screen is composed, so on a first open the pass runs while the
        screen is built and styled, and usually lands before its first frame.
        """
        revision = self._notebook.revision
        if self._grouped_at == revision:
            return  # at hand, or on its way, for what the notebook holds now
        self._grouped_at = revision
        try:
            kept = self._notebook.kept_obstacle_notes()
        except FieldnotesError:
            kept = None  # locked: the screen is on its way out
        if kept is not None:
            self._obstacle_notes = kept
            return
        self._obstacle_notes = None
        self.run_worker(
            self._grouping_worker, thread=True, exclusive=True, group="codebook-obstacle-notes"
        )

    def _grouping_worker(self) -> None:
        try:
            grouped = self._notebook.obstacle_notes()
        except FieldnotesError:
            return  # locked meanwhile: the screen is on its way out
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._obstacle_notes_grouped, grouped)

    def _obstacle_notes_grouped(self, grouped: Mapping[str, Sequence[Note]]) -> None:
        self._obstacle_notes = grouped
        # Landed before the tree was built: the build shows them with the first obstacle.
        if self.is_mounted and self._tree_nodes:
            self._fill_obstacle_notes(self._obstacle_shown)

    def _fill_obstacle_notes(self, obstacle_id: str | None) -> None:
        """The obstacle's notes in the list, at once: no row is made until it is drawn."""
        note_list = self.query_one("#obstacle-notes", OneLineOptionList)
        grouped = self._obstacle_notes
        if grouped is None or obstacle_id is None:
            # Still being worked out (or no obstacle): "no notes" shows only when known.
            notes: Sequence[Note] = ()
            none_tagged = obstacle_id is not None and not self._counts.get(obstacle_id, 0)
        else:
            notes = grouped.get(obstacle_id, ())
            none_tagged = not notes
        note_list.show_rows(len(notes), partial(_obstacle_row, notes))
        note_list.display = bool(notes)
        self.query_one("#notes-empty").display = none_tagged

    def _read_notes(self, tab: str, shown_for: str, where: NoteFilter) -> None:
        """Fill the principle's notes list from a worker.

        One worker, exclusive: a newer highlight cancels the older reading, and a result
        that lands after all is dropped by `_notes_read` (the highlight moved on).
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
        options = [
            LazyOption(partial(self._principle_prompt, note, shown_for), id=note.id)
            for note in notes
        ]
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._notes_read, tab, shown_for, options)

    def _notes_read(self, tab: str, shown_for: str, options: list[Option]) -> None:
        if not self.is_mounted or self._principle_shown != shown_for:
            return
        note_list = self.query_one("#principle-notes", OptionList)
        note_list.set_options(options)
        note_list.display = bool(options)
        self.query_one("#principle-empty").display = not options

    @staticmethod
    def _principle_prompt(note: Note, principle_id: str, width: int | None) -> Content:
        stance = next(
            (link.stance for link in note.principles if link.principle_id == principle_id),
            "honoured",
        )
        badge = (
            Content.from_markup("[b $text-error]▼ at risk [/]")
            if stance == "at-risk"
            else Content.from_markup("[b $text-success]▲ honoured[/]")
        )
        rest = None if width is None else max(width - badge.cell_length - 2, 1)
        return Content.assemble(badge, "  ", _note_prompt(note, rest))


def _obstacle_row(notes: Sequence[Note], index: int) -> Option:
    note = notes[index]
    return LazyOption(partial(_note_prompt, note), id=note.id)


def _note_prompt(note: Note, width: int | None) -> Content:
    # Cut to the row, ending in "…" as the list's ellipsis would (200 when the row's width is
    # not known: wider than any pane).
    return Content(note_line(note, 200 if width is None else max(width, 1)))

"""Reading the notes the search and filters ask for, and redrawing the list, the status line,
the empty message and the preview from them."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import date

from textual.widgets import Input, Static

from fieldnotes.domain.model import Note, PrincipleLink
from fieldnotes.domain.team import SyncState
from fieldnotes.errors import FieldnotesError
from fieldnotes.notebook import NoteFilter
from fieldnotes.tui.format import LinkLabels
from fieldnotes.tui.screens.notes_parts.part import NotesScreenPart
from fieldnotes.tui.widgets.filters import FilterPanel
from fieldnotes.tui.widgets.note_list import NoteTable
from fieldnotes.tui.widgets.preview import NotePreview
from fieldnotes.tui.widgets.status_line import ListStatus, StatusLine
from fieldnotes.tui.widgets.sync_status import SyncStatus


class LoadingPart(NotesScreenPart):
    """Reloads (coalesced after a change) and the redraws that follow."""

    @property
    def table(self) -> NoteTable:
        return self.query_one(NoteTable)

    @property
    def filters(self) -> FilterPanel:
        return self.query_one(FilterPanel)

    @property
    def where(self) -> NoteFilter:
        return replace(self.filters.where, query=self.query_one("#search", Input).value.strip())

    def reload(self, *, refresh_choices: bool = False, recount: bool = True) -> None:
        """Read the notes again (after a change or a filter) and redraw the list in one batch.

        `recount=False` when only the search or the filters changed: the totals cannot have
        moved, and counting the waiting jottings walks every note (3 ms at 10,000), as long
        as the search itself.
        """
        if not self.notebook.is_unlocked:
            return
        if self.opening:
            # Searching and filtering wait for every note; the worker reloads when done.
            self._show_newest()
            return
        self._generation += 1
        started = time.perf_counter()
        try:
            if refresh_choices:
                self._refresh_choices()
            if recount:
                self._total, self._waiting = self.notebook.note_counts()
                self._due = self._count_due()
            shown = self.notebook.notes(self.where)
            self._last_reload_seconds = time.perf_counter() - started
        except FieldnotesError as error:
            self.notify(str(error), severity="error")
            return
        self._fill_list(shown)

    def _fill_list(self, shown: list[Note]) -> None:
        # The table announces its highlighted note, and the preview follows that.
        self.table.show_notes(shown, self._labels)
        self._update_empty(len(shown))
        self._update_status()

    def _refresh_choices(self) -> None:
        self._labels = LinkLabels.from_notebook(self.notebook)
        depth: dict[str, int] = {}
        obstacles: list[tuple[str, str]] = []
        for obstacle in self.notebook.obstacles():
            level = depth.get(obstacle.parent_id, -1) + 1 if obstacle.parent_id else 0
            depth[obstacle.id] = level
            obstacles.append(("  " * level + obstacle.name, obstacle.id))
        principles = [
            (f"{self._principle_short(pid)} {principle.title}", pid)
            for pid, principle in self.notebook.principles().items()
        ]
        self.filters.set_choices(self.notebook.teams(), obstacles, principles)

    def _sync_state_changed(self, state: SyncState | None) -> None:
        self.query_one(SyncStatus).show_state(state)

    def _notebook_changed(self) -> None:
        self.request_reload(refresh_choices=True)

    def request_reload(self, *, focus: str | None = None, refresh_choices: bool = False) -> None:
        """Coalesce reloads: a save posts a change and a callback, but one redraw is enough."""
        self._pending_focus = focus or self._pending_focus
        self._pending_choices = self._pending_choices or refresh_choices
        if not self._reload_pending:
            self._reload_pending = True
            self.call_later(self._pending_reload)

    def _pending_reload(self) -> None:
        focus, choices = self._pending_focus, self._pending_choices
        self._reload_pending, self._pending_focus, self._pending_choices = False, None, False
        self.reload(refresh_choices=choices)
        if focus is not None:
            self.table.move_to(focus)

    def _principle_short(self, principle_id: str) -> str:
        return self._labels.principle_chip(PrincipleLink(principle_id)).rstrip(" ✓✗")

    def focus_note(self, note_id: str) -> None:
        """Put the cursor on a note (after it was saved elsewhere), if the filters show it."""
        self.request_reload(focus=note_id, refresh_choices=True)

    def _update_status(self) -> None:
        described = self.filters.describe()
        self.query_one(StatusLine).show(
            ListStatus(
                name=self.notebook.path.name,
                shown=self.table.row_count,
                total=self._total,
                opening=self.opening,
                narrowed=self.opening and self._narrowed(),
                due=self._due,
                waiting=self._waiting,
                marked=len(self.table.selected),
                filters=described if described and not self.show_filters else "",
            )
        )

    def _count_due(self) -> int:
        """Obstacles due to re-observe, for the status line (the Due view, D, lists them)."""
        from fieldnotes.domain.due import obstacles_due

        today = getattr(self.app, "today", date.today)
        return len(obstacles_due(self.notebook.obstacles(), today()))

    def _narrowed(self) -> bool:
        return self.where != NoteFilter()

    def _update_empty(self, shown: int) -> None:
        empty = self.query_one("#empty", Static)
        empty.display = shown == 0
        self.table.display = shown > 0
        if shown:
            return
        if self._total == 0:
            empty.update("No notes yet.\n\nPress j for a quick jotting, or n to start a write-up.")
        else:
            empty.update("No notes match.\n\nChange the search or the filters (f), or clear them.")

    def _update_preview(self) -> None:
        if not self.show_preview:
            return
        note_id = self.table.current_note_id
        note: Note | None = None
        author: str | None = None
        if note_id is not None:
            try:
                note = self.notebook.note(note_id)
                author = self.notebook.author_of(note_id) if self._in_team else None
            except FieldnotesError:
                note = None
        self.query_one(NotePreview).show(note, self._labels, author)

"""The main screen: every note, filters, incremental search, a preview, and tagging."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.command import Provider
from textual.containers import Horizontal, Vertical
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Input, Static

from fieldnotes.errors import FieldnotesError
from fieldnotes.notebook import Notebook
from fieldnotes.tui.format import LinkLabels
from fieldnotes.tui.messages import NotesOpening, OpenWriteUp, ShowsSyncState
from fieldnotes.tui.providers import NotesCommands
from fieldnotes.tui.screens.notes_parts.bindings import NOTES_BINDINGS
from fieldnotes.tui.screens.notes_parts.loading import LoadingPart
from fieldnotes.tui.screens.notes_parts.note_actions import NoteActionsPart
from fieldnotes.tui.screens.notes_parts.opening import OpeningPart
from fieldnotes.tui.screens.notes_parts.search import SearchInput, SearchPart
from fieldnotes.tui.screens.notes_parts.view import ViewPart
from fieldnotes.tui.widgets.filters import FilterPanel
from fieldnotes.tui.widgets.footer import KeysFooter
from fieldnotes.tui.widgets.note_list import NoteTable
from fieldnotes.tui.widgets.preview import NotePreview
from fieldnotes.tui.widgets.status_line import StatusLine

FAST_FILTER_SECONDS = 0.03
"""A search quicker than this runs inside the keystroke (box, list and count in one frame);
a slower one runs in a worker, and the next keystroke makes its result stale."""
WIDE = 120
"""From this width the preview sits beside the list, and is shown from the start."""
VERY_WIDE = 160
"""From this width the filter panel is shown from the start as well."""
NEWEST_FIRST = 120
"""How many of the newest notes a large notebook shows while the rest are being opened."""

__all__ = ["FAST_FILTER_SECONDS", "NEWEST_FIRST", "VERY_WIDE", "WIDE", "NotesScreen", "SearchInput"]


class NotesScreen(NoteActionsPart, ViewPart, OpeningPart, SearchPart, LoadingPart, Screen[None]):
    """Notes newest first. Filters live in a side panel; the search box looks through all text."""

    HELP_GROUP = "Notes"
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {NotesCommands}
    # Textual types this as an instance attribute (a ClassVar inside a union, which mypy reads
    # as a plain attribute), so an override cannot say ClassVar.
    HORIZONTAL_BREAKPOINTS: list[tuple[int, str]] | None = [(0, "-narrow"), (WIDE, "-wide")]  # noqa: RUF012
    BINDINGS: ClassVar[list[BindingType]] = NOTES_BINDINGS

    show_filters: var[bool] = var(False)
    """Whether the filter panel is visible (on by default on wide terminals)."""
    show_preview: var[bool] = var(False)
    """Whether the preview pane is visible (on by default on wide terminals)."""
    opening: var[bool] = var(False, init=False)
    """The newest notes are shown and the rest are still being opened in a worker."""

    OPEN_IN_BACKGROUND_FROM: ClassVar[int] = 2_000
    """From this many notes the newest are shown at once and the rest opened in a worker:
    opening ten thousand notes takes most of a second, a hundred thousand several."""

    def __init__(self, notebook: Notebook) -> None:
        super().__init__()
        self.notebook = notebook
        self._labels = LinkLabels.empty()
        self._generation = 0
        """Goes up with every reload and keystroke: a search result of an older one is stale."""
        self._last_reload_seconds = 0.0
        self._total = 0
        self._waiting = 0
        self._due = 0
        self._reload_pending = False
        self._pending_choices = False
        self._pending_focus: str | None = None
        self._preview_pending = False
        self._in_team = False
        """A team notebook's replica: the preview names who wrote each note."""

    def compose(self) -> ComposeResult:
        # Set before the first styling: set in `on_mount`, its class restyled every widget of
        # the screen once more on the way to the first list. (The filter panel builds itself
        # when shown, so it waits for the mount.)
        self.show_preview = self.app.size.width >= WIDE
        with Horizontal(id="body"):
            yield FilterPanel(id="filters")
            with Vertical(id="main"):
                yield StatusLine(id="status")
                yield SearchInput(
                    placeholder="Search all notes…  ( / )",
                    id="search",
                    compact=True,
                    tooltip="Every word must appear in a note; the list follows as you type",
                )
                with Vertical(id="results"):
                    yield NoteTable(id="notes")
                    yield Static("", id="empty")
                    yield NotePreview(id="preview")
        yield KeysFooter(compact=True)

    def on_mount(self) -> None:
        # Watched rather than handled as `Input.Changed`: that message climbs four containers
        # before reaching the screen, by which time the box has been painted in a frame of its
        # own and the list waits for the next one. Reloading inside the keystroke puts the
        # box, the list and the count in one frame.
        self.watch(self.query_one("#search", Input), "value", self._search_changed, init=False)
        self.watch(self.app, "revision", self._notebook_changed, init=False)
        try:
            self._in_team = self.notebook.team is not None
        except FieldnotesError:
            self._in_team = False
        if isinstance(self.app, ShowsSyncState):
            self.watch(self.app, "sync_state", self._sync_state_changed)
        self.show_filters = self.app.size.width >= VERY_WIDE
        self.query_one(NoteTable).focus()
        try:
            counts = self.notebook.note_counts()
        except FieldnotesError as error:
            self.notify(str(error), severity="error")
            return
        if counts[0] >= self.OPEN_IN_BACKGROUND_FROM and not self.notebook.notes_loaded:
            self.opening = True
            self._show_newest(counts)
            # After the first frame: the worker competes with painting for the interpreter.
            self.call_after_refresh(self._open_every_note)
        else:
            self.reload(refresh_choices=True)
        self.call_after_refresh(self._import_other_screens)

    def watch_opening(self, opening: bool) -> None:
        # Counting and synthesising need every note: the app holds those screens back till then.
        self.post_message(NotesOpening(opening))

    def _show_newest(self, counts: tuple[int, int] | None = None) -> None:
        """The newest notes, straight from the notebook, while the rest are opened.

        `counts` are the notebook's totals when the caller has just read them: counting is a
        query over every note, on the way to the first list.
        """
        try:
            self._labels = LinkLabels.from_notebook(self.notebook)
            self._total, self._waiting = counts or self.notebook.note_counts()
            shown = self.notebook.newest_notes(NEWEST_FIRST)
        except FieldnotesError as error:
            self.notify(str(error), severity="error")
            return
        self._fill_list(shown)

    # ------------------------------------------------------------------- events

    @on(NoteTable.Highlighted)
    def _highlighted(self) -> None:
        # After the list's own frame: the list follows a key at once, the preview a beat later.
        if self.show_preview and not self._preview_pending:
            self._preview_pending = True
            self.call_after_refresh(self._deferred_preview)

    def _deferred_preview(self) -> None:
        self._preview_pending = False
        self._update_preview()

    @on(NoteTable.Opened)
    def _opened(self, event: NoteTable.Opened) -> None:
        self.post_message(OpenWriteUp(event.note_id))

    @on(NoteTable.SelectionChanged)
    def _marks_changed(self) -> None:
        self._update_status()

    @on(FilterPanel.Changed)
    def _filters_changed(self) -> None:
        self.reload(recount=False)

    def _search_changed(self) -> None:
        if self.opening or self._last_reload_seconds < FAST_FILTER_SECONDS:
            self.reload(recount=False)
            return
        # Never waits for a pause in typing: the search starts now, off the UI thread, and a
        # keystroke that comes first makes its result stale (and cancels its worker).
        self._generation += 1
        self._search_in_worker(self._generation, self.where)

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        self.reload(recount=False)
        self.table.focus()

    async def watch_show_filters(self, show: bool) -> None:
        if show:
            await self.filters.build()
        self.set_class(show, "-show-filters")
        if self.is_mounted:
            self._update_status()

    def watch_show_preview(self, show: bool) -> None:
        self.set_class(show, "-show-preview")
        # Before the first fill there is no note to preview, and the fill's highlight brings
        # the preview: drawing an empty one first would sit between the key and the list.
        if show and self.is_mounted and self.table.row_count:
            self._update_preview()

    # ------------------------------------------------------------------ actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"open_note", "tag", "toggle_select", "trash_note"}:
            return True if self.table.current_note_id is not None else None
        if action == "clear_selection":
            return True if self.table.selected else None
        return True

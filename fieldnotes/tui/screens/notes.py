"""The main screen: every note, filters, incremental search, a preview, and tagging."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.command import Provider
from textual.containers import Horizontal, Vertical
from textual.geometry import Size
from textual.reactive import Reactive, var
from textual.screen import Screen
from textual.widgets import Footer, Input, Static
from textual.worker import get_current_worker

from fieldnotes.domain.model import Note, PrincipleLink
from fieldnotes.domain.team import SyncState
from fieldnotes.errors import FieldnotesError
from fieldnotes.notebook import Notebook, NoteFilter
from fieldnotes.tui.format import LinkLabels
from fieldnotes.tui.messages import NotesOpening, OpenWriteUp, ShowsSyncState
from fieldnotes.tui.providers import NotesCommands
from fieldnotes.tui.widgets.filters import FilterPanel
from fieldnotes.tui.widgets.note_list import NoteTable
from fieldnotes.tui.widgets.preview import NotePreview
from fieldnotes.tui.widgets.status_line import ListStatus, StatusLine
from fieldnotes.tui.widgets.sync_status import SyncStatus

FAST_FILTER_SECONDS = 0.03
"""A search quicker than this runs inside the keystroke (box, list and count in one frame);
a slower one runs in a worker, and the next keystroke makes its result stale."""
WIDE = 120
"""From this width the preview sits beside the list, and is shown from the start."""
VERY_WIDE = 160
"""From this width the filter panel is shown from the start as well."""
NEWEST_FIRST = 120
"""How many of the newest notes a large notebook shows while the rest are being opened."""


class SearchInput(Input):
    """The search box, whose every keystroke is a repaint rather than a layout of the screen.

    `Input` sets its virtual width to the text's width on each change, and `Widget` declares
    `virtual_size` as layout-changing, so each keystroke re-arranged every widget on the
    screen and repainted the list's scrollbar twice. The box is always one line as wide as
    its container: the virtual width only bounds its own horizontal scrolling, which reads it
    from the widget, not from the layout.
    """

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)


class NotesScreen(Screen[None]):
    """Notes newest first. Filters live in a side panel; the search box looks through all text."""

    HELP_GROUP = "Notes"
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {NotesCommands}
    # Textual types this as an instance attribute (a ClassVar inside a union, which mypy reads
    # as a plain attribute), so an override cannot say ClassVar.
    HORIZONTAL_BREAKPOINTS: list[tuple[int, str]] | None = [(0, "-narrow"), (WIDE, "-wide")]  # noqa: RUF012

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "open_note",
            "Open",
            show=False,
            id="notes.open-note",
            tooltip="Open the highlighted note in the editor",
        ),
        Binding("n", "app.new_writeup", "New", id="notes.new", tooltip="Start a new write-up"),
        Binding(
            "slash",
            "focus_search",
            "Search",
            show=False,
            id="notes.search",
            tooltip="Search all note text",
        ),
        Binding(
            "t",
            "tag",
            "Tag",
            id="notes.tag",
            tooltip="Tag the marked notes (or the highlighted one) with an obstacle or principle",
        ),
        Binding(
            "v",
            "passages",
            "Passages",
            show=False,
            id="notes.passages",
            tooltip="Read the highlighted note and code passages of its text",
        ),
        Binding(
            "w",
            "toggle_waiting",
            "Waiting",
            show=False,
            id="notes.waiting",
            tooltip="Show only jottings waiting for write-up (press again for all)",
        ),
        Binding(
            "f",
            "toggle_filters",
            "Filters",
            id="notes.filters",
            tooltip="Show or hide the filter panel",
        ),
        Binding(
            "p",
            "toggle_preview",
            "Preview",
            show=False,
            id="notes.preview",
            tooltip="Show or hide the note preview",
        ),
        Binding(
            "c",
            "app.codebook",
            "Codebook",
            show=False,
            id="notes.codebook",
            tooltip="Open the obstacles codebook",
        ),
        Binding(
            "s",
            "app.synthesis",
            "Synthesis",
            show=False,
            id="notes.synthesis",
            tooltip="Open the synthesis: obstacles ranked by evidence, the matrix and briefs",
        ),
        Binding(
            "delete",
            "trash_note",
            "Delete",
            show=False,
            id="notes.delete",
            tooltip="Move the highlighted note to the trash (asks first)",
        ),
        Binding(
            "T",
            "app.trash",
            "Trash",
            show=False,
            id="notes.trash",
            tooltip="Open the trash: restore a deleted note, or empty the trash for good",
        ),
        Binding(
            "escape",
            "escape",
            "Back",
            show=False,
            id="notes.escape",
            tooltip="Leave the search box; or unmark notes; or clear the search",
        ),
    ]

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
        yield Footer(compact=True)

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
        width = self.app.size.width
        self.show_filters = width >= VERY_WIDE
        self.show_preview = width >= WIDE
        self.query_one(NoteTable).focus()
        try:
            large = self.notebook.note_counts()[0] >= self.OPEN_IN_BACKGROUND_FROM
        except FieldnotesError as error:
            self.notify(str(error), severity="error")
            return
        if large and not self.notebook.notes_loaded:
            self.opening = True
            self._show_newest()
            # After the first frame: the worker competes with painting for the interpreter.
            self.call_after_refresh(self._open_every_note)
        else:
            self.reload(refresh_choices=True)
        self.call_after_refresh(self._import_other_screens)

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

    def watch_opening(self, opening: bool) -> None:
        # Counting and synthesising need every note: the app holds those screens back till then.
        self.post_message(NotesOpening(opening))

    @work(thread=True, exclusive=True, group="open-notes", exit_on_error=False)
    def _open_every_note(self) -> None:
        try:
            self.notebook.prepare_search()
        except FieldnotesError as error:
            self.app.call_from_thread(self._opened_every_note, str(error))
        else:
            self.app.call_from_thread(self._opened_every_note, None)

    def _opened_every_note(self, error: str | None) -> None:
        self.opening = False
        if error is not None:
            self.notify(error, severity="error")
            return
        self.reload(refresh_choices=True)

    def _show_newest(self) -> None:
        """The newest notes, straight from the notebook, while the rest are opened."""
        try:
            self._labels = LinkLabels.from_notebook(self.notebook)
            self._total, self._waiting = self.notebook.note_counts()
            shown = self.notebook.newest_notes(NEWEST_FIRST)
        except FieldnotesError as error:
            self.notify(str(error), severity="error")
            return
        self._fill_list(shown)

    # ------------------------------------------------------------------ loading

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

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _search_in_worker(self, generation: int, where: NoteFilter) -> None:
        started = time.perf_counter()
        try:
            shown = self.notebook.notes(where)
        except FieldnotesError:
            return  # locked meanwhile: the lock screen takes over
        seconds = time.perf_counter() - started
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._searched, generation, shown, seconds)

    def _searched(self, generation: int, shown: list[Note], seconds: float) -> None:
        if generation != self._generation or not self.is_mounted:
            return
        self._last_reload_seconds = seconds
        self._fill_list(shown)

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
        if show and self.is_mounted:
            self._update_preview()

    # ------------------------------------------------------------------ actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"open_note", "tag", "toggle_select", "trash_note"}:
            return True if self.table.current_note_id is not None else None
        if action == "clear_selection":
            return True if self.table.selected else None
        return True

    def action_open_note(self) -> None:
        note_id = self.table.current_note_id
        if note_id is not None:
            self.post_message(OpenWriteUp(note_id))

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    async def action_toggle_filters(self) -> None:
        self.show_filters = not self.show_filters
        if self.show_filters:
            await self.filters.build()
            self.filters.query_one("#filter-mode").focus()
        elif self.focused is None or self.filters in self.focused.ancestors:
            self.table.focus()

    def action_toggle_preview(self) -> None:
        self.show_preview = not self.show_preview

    def action_toggle_waiting(self) -> None:
        waiting = self.filters.value_of("stage") == "jotting"
        self.filters.set_value("stage", None if waiting else "jotting")

    def action_filter_mode(self, mode: str) -> None:
        self.filters.set_value("mode", mode or None)

    def action_clear_filters(self) -> None:
        self.query_one("#search", Input).value = ""
        self.filters.clear()
        self.reload(recount=False)

    def action_toggle_select(self) -> None:
        self.table.action_toggle_select()

    def action_select_all(self) -> None:
        self.table.action_select_all()

    def action_clear_selection(self) -> None:
        self.table.clear_selection()

    def action_tag(self) -> None:
        from fieldnotes.tui.dialogs.tag import TagScreen

        note_ids = sorted(self.table.selected) or (
            [self.table.current_note_id] if self.table.current_note_id else []
        )
        if not note_ids:
            self.notify("No note to tag: the list is empty.", severity="warning")
            return

        def tagged(summary: str | None) -> None:
            if summary:
                self.table.clear_selection()
                self.notify(summary, title="Tagged")

        try:
            screen = TagScreen(self.notebook, note_ids)
        except FieldnotesError as error:
            self.notify(str(error), severity="error")
            return
        self.app.push_screen(screen, tagged)

    def action_passages(self) -> None:
        from fieldnotes.tui.dialogs.passage import NotePassagesScreen

        note_id = self.table.current_note_id
        if note_id is None:
            self.notify("No note to read: the list is empty.", severity="warning")
            return
        try:
            self.app.push_screen(NotePassagesScreen(self.notebook, note_id))
        except FieldnotesError as error:
            self.notify(str(error), severity="error")

    def action_trash_note(self) -> None:
        from fieldnotes.tui.dialogs.confirm import ConfirmScreen
        from fieldnotes.tui.screens.trash import note_label

        note_id = self.table.current_note_id
        if note_id is None:
            return
        try:
            note = self.notebook.note(note_id)
        except FieldnotesError as error:
            self.notify(str(error), severity="error")
            return
        label = note_label(note)

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.notebook.trash_note(note_id)
            except FieldnotesError as error:
                self.notify(str(error), severity="error")
                return
            self.request_reload(refresh_choices=True)
            self.notify(f"Moved {label} to the trash. T opens the trash.", title="Deleted")

        self.app.push_screen(
            ConfirmScreen(
                "Move this note to the trash?",
                f"{label[0].upper()}{label[1:]}. You can restore it from the trash (T).",
                yes="Move to trash",
                no="Keep it",
                cancel=None,
            ),
            answered,
        )

    def action_escape(self) -> None:
        search = self.query_one("#search", Input)
        if self.focused is search or (self.focused and self.filters in self.focused.ancestors):
            self.table.focus()
        elif self.table.selected:
            self.table.clear_selection()
        elif search.value:
            search.value = ""

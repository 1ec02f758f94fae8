"""What the parts of the notes screen share: the state its `__init__` sets up."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fieldnotes.domain.model import Note
from fieldnotes.notebook import Notebook, NoteFilter
from fieldnotes.tui.format import LinkLabels
from fieldnotes.tui.widgets.filters import FilterPanel
from fieldnotes.tui.widgets.note_list import NoteTable

if TYPE_CHECKING:
    from textual.screen import Screen

    _ScreenBase = Screen[None]
else:
    # At run time the parts are plain mixins; `NotesScreen` puts `Screen` after them.
    _ScreenBase = object


class NotesScreenPart(_ScreenBase):
    """The attributes the parts read and write, and the methods they call across parts."""

    show_filters: bool
    show_preview: bool
    opening: bool
    notebook: Notebook
    _labels: LinkLabels
    _generation: int
    _last_reload_seconds: float
    _total: int
    _waiting: int
    _due: int
    _reload_pending: bool
    _pending_choices: bool
    _pending_focus: str | None
    _in_team: bool

    if TYPE_CHECKING:
        # Written in one part (or the screen) and called from another.

        @property
        def table(self) -> NoteTable: ...

        @property
        def filters(self) -> FilterPanel: ...

        @property
        def where(self) -> NoteFilter: ...

        def reload(self, *, refresh_choices: bool = False, recount: bool = True) -> None: ...

        def request_reload(
            self, *, focus: str | None = None, refresh_choices: bool = False
        ) -> None: ...

        def _fill_list(self, shown: list[Note]) -> None: ...

        def _show_newest(self, counts: tuple[int, int] | None = None) -> None: ...

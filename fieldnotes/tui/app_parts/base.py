"""What every part of the app shares: the state `FieldnotesApp.__init__` sets up."""

from __future__ import annotations

import asyncio
import threading
import weakref
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from textual import events
from textual.screen import Screen

from fieldnotes.domain.model import NoteDraft
from fieldnotes.notebook import Notebook
from fieldnotes.tui.messages import DraftHolder
from fieldnotes.tui.screens.notes import NotesScreen

if TYPE_CHECKING:
    from textual.app import App

    _AppBase = App[int]
else:
    # At run time the parts are plain mixins; `FieldnotesApp` puts `App` after them.
    _AppBase = object


class AppPart(_AppBase):
    """The attributes the parts read and write, and the methods they call across parts.

    Each part is a mixin over this; `FieldnotesApp` is all of them over Textual's `App`, so
    callers keep one object and the same method names.
    """

    notebook: Notebook | None
    demo: bool
    idle_lock_override: float | None
    idle_lock_seconds: float
    before_hard_exit: Callable[[], None] | None
    today: Callable[[], date]
    kept_brief_summary: str
    revision: int
    notes_opening: bool
    _clock: Callable[[], float]
    _last_activity: float
    _closed: bool
    _loop: asyncio.AbstractEventLoop | None
    _stop_code: int | None
    _sealed: threading.Event
    _crashed: bool
    _reopen: list[str]
    _held_keys: list[events.Key]
    _keys_screen: weakref.ref[Screen[Any]] | None
    _notes_screen: weakref.ref[NotesScreen] | None
    _draft_holders: list[DraftHolder]
    _reopen_after_lock: list[tuple[weakref.ref[Screen[Any]], str]]

    if TYPE_CHECKING:
        # Written in one part and called from another.

        def _close_notebook(self) -> None: ...

        def _notebook_written(self) -> None: ...

        def open_writeup(
            self,
            note_id: str | None,
            *,
            draft_id: str | None = None,
            initial: NoteDraft | None = None,
        ) -> None: ...

        def offer_drafts(self) -> None: ...

        def _notes(self) -> NotesScreen | None: ...

        def _land_on(self, note_id: str) -> None: ...

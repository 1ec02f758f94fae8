"""What the parts of the write-up screen share: the state its `__init__` sets up."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from textual.timer import Timer

from fieldnotes.domain.model import Stage
from fieldnotes.notebook import Notebook
from fieldnotes.tui.screens.writeup.state import EditorState

if TYPE_CHECKING:
    from textual.screen import Screen

    _ScreenBase = Screen[str | None]
else:
    # At run time the parts are plain mixins; `WriteUpScreen` puts `Screen` after them.
    _ScreenBase = object


class EditorPart(_ScreenBase):
    """The attributes the parts read and write, and the methods they call across parts."""

    DRAFT_DELAY: ClassVar[float]
    DRAFT_MAX_WAIT: ClassVar[float]
    stage: Stage
    previewing: bool
    _notebook: Notebook
    _clock: Callable[[], float]
    _unsaved_since: float | None
    _note_id: str | None
    _draft_id: str
    _draft_saved: bool
    _restored: bool
    _done: bool
    _damaged: bool
    _draft_timer: Timer | None
    _latest: EditorState | None

    if TYPE_CHECKING:
        # Written in one part (or the screen) and called from another.

        def _read_state(self) -> EditorState: ...

        def _is_dirty(self, state: EditorState) -> bool: ...

        def _show_status(self) -> None: ...

        def _finish(self, result: str | None) -> None: ...

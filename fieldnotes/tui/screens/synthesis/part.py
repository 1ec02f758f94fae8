"""What the parts of the synthesis screen share: the state its `__init__` sets up."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from fieldnotes.domain.synthesis import ObstacleEvidence, Synthesis
from fieldnotes.notebook import Notebook
from fieldnotes.tui.format import LinkLabels
from fieldnotes.tui.screens.synthesis.view import SynthesisView

if TYPE_CHECKING:
    from textual.screen import Screen

    _ScreenBase = Screen[None]
else:
    # At run time the parts are plain mixins; `SynthesisScreen` puts `Screen` after them.
    _ScreenBase = object


class SynthesisPart(_ScreenBase):
    """The attributes the parts read and write, and the methods they call across parts."""

    notebook: Notebook
    since: date | None
    until: date | None
    team: str | None
    view: SynthesisView | None
    _today: Callable[[], date]
    _reload_pending: bool
    _asked: int

    if TYPE_CHECKING:
        # Written on the screen (or in one part) and called from another.

        @property
        def synthesis(self) -> Synthesis | None: ...

        @property
        def current(self) -> ObstacleEvidence | None: ...

        @property
        def _labels(self) -> LinkLabels: ...

        def reload(self) -> None: ...

"""What the parts of the brief composer share: the state its `__init__` sets up."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fieldnotes.domain.brief import BriefRequest
from fieldnotes.domain.model import Leader
from fieldnotes.domain.synthesis import Synthesis
from fieldnotes.notebook import Notebook

if TYPE_CHECKING:
    from textual.screen import Screen

    _ScreenBase = Screen[None]
else:
    # At run time the parts are plain mixins; `BriefComposerScreen` puts `Screen` after them.
    _ScreenBase = object


class ComposerPart(_ScreenBase):
    """The attributes the parts read and write, and the methods they call across parts."""

    notebook: Notebook
    _given: Synthesis | None
    _synthesis: Synthesis | None
    _output_dir: Path
    _period: tuple[date | None, date | None]
    _leaders: list[Leader]
    last_export: Path | None
    exporting: bool

    if TYPE_CHECKING:
        # Written in one part (or the screen) and called from another.

        def _say(self, selector: str, message: str) -> None: ...

        def _fill_exports(self) -> None: ...

        def _switch(self, pane_id: str) -> None: ...

        def request(self) -> BriefRequest: ...

        def _synthesis_for(self, request: BriefRequest) -> Synthesis: ...

        def _recipients(self) -> dict[str, Any]: ...

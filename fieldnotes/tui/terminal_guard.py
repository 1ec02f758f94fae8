"""The last line of defence: no control character in text the app draws reaches the terminal.

Widgets that show what people typed pass it through `fieldnotes.terminal.printable`, so an ESC
in a note is seen as `\\x1b`. Some text reaches the screen without such a widget (a text area
editing a note, a title built from a team name). Rich and Textual strip only BEL, BS, VT, FF
and CR from text, so ESC and C1 would go out raw. Every line of the screen becomes terminal
output in one method, `Strip.render`; `install` makes it drop C0 (tab and newline included:
neither belongs inside a drawn line), DEL and C1 characters from the text of each segment,
leaving the style sequences Textual itself adds. Dropping, not escaping: Rich measures these
characters as zero cells wide, so dropping them keeps every column where it was laid out.
"""

from __future__ import annotations

import contextlib
import re
from typing import Any

from rich.console import Console
from rich.segment import Segment
from textual.strip import Strip

__all__ = ["install", "visible_only"]

_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")
_INSTALLED = "_fieldnotes_guard"


def visible_only(strip: Strip) -> Strip:
    """`strip` without control characters in its text (the same strip when it has none)."""
    segments = list(strip)
    if not any(_CONTROLS.search(segment.text) for segment in segments):
        return strip
    return Strip(
        [Segment(_CONTROLS.sub("", text), style, control) for text, style, control in segments],
        strip.cell_length,
    )


def install() -> None:
    """Guard `Strip.render`, once per process."""
    original: Any = Strip.render
    if getattr(original, _INSTALLED, False):
        return

    def render(self: Strip, console: Console) -> str:
        cached = getattr(self, "_render_cache", None)
        if cached is not None:
            return str(cached)
        clean = visible_only(self)
        if clean is self:
            return str(original(self, console))
        output = str(original(clean, console))
        # Cached on the strip drawn, so the scan runs once per strip, as the render does.
        with contextlib.suppress(AttributeError):
            self._render_cache = output
        return output

    setattr(render, _INSTALLED, True)
    Strip.render = render  # type: ignore[method-assign]

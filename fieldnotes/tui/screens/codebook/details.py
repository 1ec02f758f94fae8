"""The obstacle's details as widgets that take their new height in one layout.

A `Static` of `height: auto` whose height changes in a layout sets its virtual size, which
asks for a second layout of the screen; that second layout moves nothing (the first one
already placed everything at the new height) but costs a frame of its own. On an arrow key in
the codebook the head, the text and the history change height for most obstacles: the second
layout was the slowest arrow keys' last ~30 ms.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.geometry import Size
from textual.widgets import Static

from fieldnotes.tui.widgets.timeline import Timeline

if TYPE_CHECKING:
    from textual.widget import Widget

    _Base = Widget
else:
    # A plain mixin at run time, before the widget class (as `SteadyScrollbars`).
    _Base = object

__all__ = ["DetailStatic", "DetailTimeline"]


class _OneLayout(_Base):
    """Put before a non-scrolling widget class whose height follows its content."""

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        # Nothing scrolls inside: the size just laid out is final, and the widget is
        # repainted at it (`_size_updated` marks it dirty) without laying the screen out again.
        return super()._size_updated(size, virtual_size, container_size, layout=False)


class DetailStatic(_OneLayout, Static):
    """The obstacle's or principle's head and text."""


class DetailTimeline(_OneLayout, Timeline):
    """The obstacle's history."""

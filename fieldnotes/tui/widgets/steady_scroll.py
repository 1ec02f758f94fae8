"""Scroll views whose scrollbars are redrawn only when what they show has changed.

A layout of the screen hands every scroll view its region as its "virtual size", which for a
list or a tree taller than its region never equals the size it keeps for itself, and
`ScrollView` then redraws its scrollbars with the same values as before: one more frame after
any layout of the screen, such as the codebook's details changing beside its tree and notes
list on every arrow key. Here that redraw is skipped when neither the view's size nor the
virtual size its scrollbars were last set for has changed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.geometry import Size

if TYPE_CHECKING:
    from textual.scroll_view import ScrollView

    _Base = ScrollView
else:
    # A plain mixin at run time: Textual gathers component classes and CSS along the
    # widget's own bases, which a second `ScrollView` base would cut short.
    _Base = object


class SteadyScrollbars(_Base):
    """Put before the scroll view class: `class Rows(SteadyScrollbars, OptionList)`."""

    _scrolled_for: Size | None = None
    """The virtual size the scrollbars were last set for."""

    def _scroll_update(self, virtual_size: Size) -> None:
        super()._scroll_update(virtual_size)
        self._scrolled_for = virtual_size

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        if (
            size == self._size
            and container_size == self.container_size
            and self.virtual_size == self._scrolled_for
        ):
            return False  # the scrollbars already show exactly this
        return super()._size_updated(size, virtual_size, container_size, layout)

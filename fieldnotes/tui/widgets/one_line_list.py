"""An option list of one-line options that renders only the rows on screen.

Textual's `OptionList` works out the height of every option when its options are set and
whenever it is laid out (each prompt measured and wrapped), which for the 2,000 notes behind
one obstacle of a 10,000-note notebook took about 0.15 s per arrow key in the codebook. Here
every option is one line by construction (prompts are cut to the width, never wrapped), so
the line map is a count, and only the rows drawn are ever turned into text.

What the list shows and how it is driven (keys, mouse, messages, `highlighted`) is exactly
`OptionList`'s: this overrides only how tall the options are.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.geometry import Size
from textual.visual import VisualType
from textual.widgets import OptionList
from textual.widgets.option_list import Option


class LazyOption(Option):
    """An option whose prompt is made the first time it is asked for: when its row is drawn.

    A list of 2,000 notes shows forty; making every prompt up front was most of the time
    between an arrow key and a filled list.
    """

    def __init__(self, make_prompt: Callable[[], VisualType], id: str | None = None) -> None:
        super().__init__("", id=id)
        self._make_prompt: Callable[[], VisualType] | None = make_prompt

    @property
    def prompt(self) -> VisualType:
        if self._make_prompt is not None:
            self._prompt = self._make_prompt()
            self._make_prompt = None
        return self._prompt


class OneLineOptionList(OptionList):
    """An `OptionList` whose options are one line each: no prompt is measured to lay it out.

    Prompts must not hold line breaks (a second line would not be shown), and separators are
    not supported.
    """

    DEFAULT_CSS = """
    OneLineOptionList {
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def _update_lines(self) -> None:
        # Replaces the per-option measuring of `OptionList._update_lines`: option i is line i.
        if not self.scrollable_content_region:
            return
        cache = self._line_cache
        count = len(self.options)
        known = len(cache.lines)
        if known > count:
            cache.clear()
            known = 0
        if known < count:
            cache.lines.extend((index, 0) for index in range(known, count))
            cache.index_to_line.update((index, index) for index in range(known, count))
            cache.heights.update((index, 1) for index in range(known, count))
        width = self.scrollable_content_region.width - self._get_left_gutter_width()
        virtual_size = Size(width, count)
        if virtual_size != self.virtual_size:
            self.virtual_size = virtual_size
            self._scroll_update(virtual_size)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.options)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        # As wide as it is given: the widest prompt is never looked for.
        return container.width

"""An option list of one-line options that makes only the rows on screen.

Textual's `OptionList` works out the height of every option when its options are set and
whenever it is laid out (each prompt measured and wrapped), which for the 2,000 notes behind
one obstacle of a 10,000-note notebook took about 0.15 s per arrow key in the codebook. Here
every option is one line by construction (prompts are cut to the width, never wrapped), so
the line map is a count; and `show_rows` hands the list a count and a way to make row i, so
setting 20,000 rows makes none of them: only the rows drawn (or asked for) are ever made.

What the list shows and how it is driven (keys, mouse, messages, `highlighted`) is exactly
`OptionList`'s: this overrides only how the options are held and how tall they are.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Self, TypeAlias, overload

from textual.geometry import Size
from textual.visual import Visual, VisualType
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from fieldnotes.tui.widgets.steady_scroll import SteadyScrollbars

OptionListContent: TypeAlias = "Option | VisualType | None"
"""What `OptionList` takes as an option (None would be a separator, refused here)."""


class LazyOption(Option):
    """An option whose prompt is made the first time it is asked for: when its row is drawn.

    A list of 2,000 notes shows forty; making every prompt up front was most of the time
    between an arrow key and a filled list. `make_prompt(width)` is given the row's width in
    cells when the list draws it (None when asked for otherwise), so a long line can be cut
    to what shows: the list then never measures and truncates the hidden rest of it, which was
    most of drawing a row. A row drawn at another width is made again.
    """

    def __init__(
        self, make_prompt: Callable[[int | None], VisualType], id: str | None = None
    ) -> None:
        super().__init__("", id=id)
        self._maker = make_prompt
        self._make_prompt: Callable[[int | None], VisualType] | None = make_prompt
        """None once the prompt has been made (for any width)."""
        self._made_for: int | None = None

    def fit(self, width: int) -> None:
        """Have the prompt made for a row `width` cells wide."""
        if self._make_prompt is not None or self._made_for != width:
            self._prompt = self._maker(width)
            self._visual = None
            self._made_for = width
            self._make_prompt = None

    @property
    def prompt(self) -> VisualType:
        if self._make_prompt is not None:
            self._prompt = self._make_prompt(None)
            self._make_prompt = None
        return self._prompt


class _Made:
    """The rows made so far, and what `OptionList` looks up about them."""

    def __init__(self, make: Callable[[int], Option]) -> None:
        self.make = make
        self.by_index: dict[int, Option] = {}
        self.index_of: dict[Option, int] = {}
        self.by_id: dict[str, Option] = {}

    def get(self, index: int) -> Option:
        option = self.by_index.get(index)
        if option is None:
            option = self.by_index[index] = self.make(index)
            self.index_of[option] = index
            if option.id is not None:
                self.by_id[option.id] = option
        return option


class _Rows(Sequence[Option]):
    """Rows `indices` of a list, each made when first asked for (a slice shares the made)."""

    def __init__(self, made: _Made, indices: range) -> None:
        self._made = made
        self._indices = indices

    def __len__(self) -> int:
        return len(self._indices)

    @overload
    def __getitem__(self, position: int) -> Option: ...

    @overload
    def __getitem__(self, position: slice) -> _Rows: ...

    def __getitem__(self, position: int | slice) -> Option | _Rows:
        if isinstance(position, slice):
            return _Rows(self._made, self._indices[position])
        return self._made.get(self._indices[position])

    def __iter__(self) -> Iterator[Option]:
        get = self._made.get
        return (get(index) for index in self._indices)


class _Lines(Sequence[tuple[int, int]]):
    """Line y is the first (only) line of option y."""

    def __init__(self, count: int) -> None:
        self.total = count

    def __len__(self) -> int:
        return self.total

    @overload
    def __getitem__(self, y: int) -> tuple[int, int]: ...

    @overload
    def __getitem__(self, y: slice) -> Sequence[tuple[int, int]]: ...

    def __getitem__(self, y: int | slice) -> tuple[int, int] | Sequence[tuple[int, int]]:
        if isinstance(y, slice):
            return [(index, 0) for index in range(self.total)[y]]
        return (range(self.total)[y], 0)


class _Each(Mapping[int, int]):
    """For each option index below the count: `value(index)`."""

    def __init__(self, lines: _Lines, value: Callable[[int], int]) -> None:
        self._lines = lines
        self._value = value

    def __getitem__(self, index: int) -> int:
        if not 0 <= index < self._lines.total:
            raise KeyError(index)
        return self._value(index)

    def __len__(self) -> int:
        return self._lines.total

    def __iter__(self) -> Iterator[int]:
        return iter(range(self._lines.total))


class _LineMap:
    """Stands in for `OptionList`'s line cache: one line per option, nothing stored."""

    def __init__(self) -> None:
        self.lines = _Lines(0)
        self.index_to_line = _Each(self.lines, lambda index: index)
        self.heights = _Each(self.lines, lambda _index: 1)

    def clear(self) -> None:
        # Nothing is cached: the map follows the row count `show_rows` sets.
        pass


class OneLineOptionList(SteadyScrollbars, OptionList):
    """An `OptionList` whose options are one line each, made only when drawn.

    Prompts must not hold line breaks (a second line would not be shown), separators are not
    supported, and the rows are replaced whole (`show_rows`, `set_options`), never one by one.
    """

    DEFAULT_CSS = """
    OneLineOptionList {
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def __init__(
        self,
        *content: OptionListContent,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
        markup: bool = True,
        compact: bool = False,
    ) -> None:
        super().__init__(
            name=name, id=id, classes=classes, disabled=disabled, markup=markup, compact=compact
        )
        self._line_map = _LineMap()
        # The same attributes `OptionList` reads, worked out from the count instead of stored.
        self._line_cache = self._line_map  # type: ignore[assignment]  # duck-typed stand-in
        self._install(0, _no_row)
        if content:
            self.set_options(content)

    def _install(self, count: int, row: Callable[[int], Option]) -> None:
        made = _Made(row)
        # `OptionList` only reads its options list once the rows are set through here.
        self._options = _Rows(made, range(count))  # type: ignore[assignment]  # read-only rows
        self._id_to_option = made.by_id
        self._option_to_index = made.index_of
        self._line_map.lines.total = count
        self._option_render_cache.clear()

    def show_rows(self, count: int, row: Callable[[int], Option]) -> Self:
        """Show `count` rows, row i being `row(i)`, made when it is first drawn or asked for.

        Setting the rows makes none of them, however many: what grows with the count is
        only the scroll range. `get_option(id)` finds only rows already made.
        """
        self._install(count, row)
        self.highlighted = None
        self.scroll_y = 0
        if self.is_mounted:
            self.refresh(layout=self.styles.auto_dimensions)
            self._update_lines()
        return self

    def clear_options(self) -> Self:
        return self.show_rows(0, _no_row)

    def set_options(self, options: Iterable[OptionListContent]) -> Self:
        listed = [_as_option(option) for option in options]
        return self.show_rows(len(listed), listed.__getitem__)

    def add_options(self, new_options: Iterable[OptionListContent]) -> Self:
        added = list(new_options)
        if not added:  # also `OptionList.__init__`'s call, before the rows are installed
            return self
        return self.set_options([*self.options, *added])

    def _update_lines(self) -> None:
        # Replaces the per-option measuring of `OptionList._update_lines`: option i is line i.
        if not self.scrollable_content_region:
            return
        width = self.scrollable_content_region.width - self._get_left_gutter_width()
        virtual_size = Size(width, len(self.options))
        if virtual_size != self.virtual_size:
            self.virtual_size = virtual_size
            self._scroll_update(virtual_size)

    def _get_visual(self, option: Option) -> Visual:
        if isinstance(option, LazyOption):
            # A resize clears the rendered rows; each is then made again at the new width.
            option.fit(self.scrollable_content_region.width - self._get_left_gutter_width())
        return super()._get_visual(option)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.options)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        # As wide as it is given: the widest prompt is never looked for.
        return container.width


def _no_row(index: int) -> Option:
    raise IndexError(index)


def _as_option(content: OptionListContent) -> Option:
    if content is None:
        raise ValueError("a one-line option list has no separators")
    return content if isinstance(content, Option) else Option(content)

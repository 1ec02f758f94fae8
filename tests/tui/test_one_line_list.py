"""A one-line option list shows any number of rows while making only the ones drawn."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from fieldnotes.tui.widgets.one_line_list import OneLineOptionList

ROWS = 100_000


class Host(App[None]):
    CSS = "OneLineOptionList { height: 10; }"

    def __init__(self) -> None:
        super().__init__()
        self.made: list[int] = []
        self.selected: list[str | None] = []

    def compose(self) -> ComposeResult:
        yield OneLineOptionList(id="rows")

    def row(self, index: int) -> Option:
        self.made.append(index)
        return Option(f"row {index}", id=f"r{index}")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.selected.append(event.option.id)


async def test_a_hundred_thousand_rows_make_only_those_on_screen() -> None:
    app = Host()
    async with app.run_test(size=(40, 12)) as pilot:
        rows = app.query_one(OneLineOptionList)
        rows.show_rows(ROWS, app.row)
        rows.focus()
        await pilot.pause()
        assert rows.option_count == ROWS
        assert 0 < len(app.made) <= 10
        assert rows.virtual_size.height == ROWS
        await pilot.press("down", "down")
        assert rows.highlighted == 1  # the first down highlights row 0
        await pilot.press("end")
        await pilot.pause()
        assert rows.highlighted == ROWS - 1
        assert rows.scroll_y == ROWS - rows.scrollable_content_region.height
        await pilot.press("pageup")
        await pilot.pause()
        assert rows.highlighted == ROWS - 1 - rows.scrollable_content_region.height
        await pilot.press("enter")
        assert app.selected == [f"r{ROWS - 1 - rows.scrollable_content_region.height}"]
        assert len(app.made) < 40


async def test_rows_set_again_replace_the_old_ones_and_start_at_the_top() -> None:
    app = Host()
    async with app.run_test(size=(40, 12)) as pilot:
        rows = app.query_one(OneLineOptionList)
        rows.show_rows(ROWS, app.row)
        rows.focus()
        await pilot.press("end")
        rows.set_options(["one", Option("two", id="two")])
        await pilot.pause()
        assert [str(option.prompt) for option in rows.options] == ["one", "two"]
        assert rows.highlighted is None and rows.scroll_y == 0
        assert rows.get_option("two").prompt == "two"
        rows.clear_options()
        await pilot.pause()
        assert rows.option_count == 0


async def test_the_scrollbar_follows_the_row_count_across_layouts() -> None:
    """Scrollbars are redrawn only when something changed: still whenever the rows do."""
    app = Host()
    async with app.run_test(size=(40, 12)) as pilot:
        rows = app.query_one(OneLineOptionList)
        rows.show_rows(ROWS, app.row)
        await pilot.pause()
        assert rows.show_vertical_scrollbar
        assert rows.vertical_scrollbar.window_virtual_size == ROWS
        rows.show_rows(5, app.row)
        app.screen.refresh(layout=True)
        await pilot.pause()
        assert not rows.show_vertical_scrollbar
        rows.show_rows(50, app.row)
        await pilot.pause()
        assert rows.show_vertical_scrollbar
        assert rows.vertical_scrollbar.window_virtual_size == 50

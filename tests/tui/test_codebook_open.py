"""What opening the codebook and moving through it reads: only what is on screen."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.widgets import OptionList

from fieldnotes.notebook import Notebook, NoteFilter
from fieldnotes.tui.screens.codebook.screen import CodebookScreen
from fieldnotes.tui.widgets.one_line_list import LazyOption


class Host(App[None]):
    def __init__(self, notebook: Notebook) -> None:
        super().__init__()
        self._notebook = notebook

    def on_mount(self) -> None:
        self.push_screen(CodebookScreen(self._notebook))


def count_readings(notebook: Notebook) -> list[NoteFilter]:
    """Every filtered reading of the notes, in order (the notes lists are filled this way)."""
    asked: list[NoteFilter] = []
    original = notebook.notes

    def notes(where: NoteFilter | None = None, *args: Any, **kwargs: Any) -> Any:
        if where is not None:
            asked.append(where)
        return original(where, *args, **kwargs)

    notebook.notes = notes  # type: ignore[method-assign]
    return asked


def count_groupings(notebook: Notebook) -> list[int]:
    """Each time every obstacle's notes are asked for (the obstacle notes list comes from it)."""
    asked: list[int] = []
    original = notebook.obstacle_notes

    def obstacle_notes() -> Any:
        asked.append(1)
        return original()

    notebook.obstacle_notes = obstacle_notes  # type: ignore[method-assign]
    return asked


async def test_opening_reads_the_notes_once_and_no_principles(demo_notebook: Notebook) -> None:
    """Each reading of the notes is a pass over thousands on a large notebook: opening asks
    for every obstacle's notes once, moving through the tree reads nothing more, and the
    principles tab is hidden until asked for, so nothing is read for it."""
    asked = count_readings(demo_notebook)
    grouped = count_groupings(demo_notebook)
    app = Host(demo_notebook)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CodebookScreen)
        for _ in range(4):
            await pilot.press("down")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert grouped == [1]
        assert asked == []
        await pilot.press("2")
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        principles = [where.principle_id for where in asked if where.principle_id]
        assert len(principles) == 1
        assert screen.query_one("#principle-notes", OptionList).option_count > 0


async def test_an_obstacles_note_rows_are_made_only_when_drawn(demo_notebook: Notebook) -> None:
    app = Host(demo_notebook)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CodebookScreen)
        notes = screen.query_one("#obstacle-notes", OptionList)
        shown = screen.selected_obstacle_id
        tagged = demo_notebook.notes(NoteFilter(obstacle_id=shown))
        assert notes.option_count == len(tagged) > notes.size.height
        made = [o for o in notes.options if isinstance(o, LazyOption) and o._make_prompt is None]
        assert 0 < len(made) <= notes.size.height
        # Every prompt is still there when asked for: what a row shows does not change.
        first = notes.get_option_at_index(0)
        assert str(first.prompt).startswith(tagged[0].occurred_at.strftime("%Y-%m-%d"))

"""A key pressed the moment a screen opens reaches that screen, instead of being lost."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.widgets import Input, Tree

from fieldnotes.tui.app import FieldnotesApp
from fieldnotes.tui.screens.codebook import CodebookScreen
from fieldnotes.tui.screens.notes import NotesScreen
from fieldnotes.tui.screens.writeup import WriteUpScreen
from tests.tui.shell_support import settle, unlock


async def test_an_arrow_pressed_as_the_codebook_opens_moves_its_tree(demo_path: Path) -> None:
    app = FieldnotesApp(demo_path, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        assert isinstance(app.screen, NotesScreen)
        # No pause between the screen change and the key: it waits in the app's queue.
        app.action_codebook()
        app.post_message(events.Key("down", None))
        await settle(pilot)
        assert isinstance(app.screen, CodebookScreen)
        assert app.screen.query_one("#obstacle-tree", Tree).cursor_line == 1


async def test_typing_as_the_editor_opens_lands_in_its_first_field(demo_path: Path) -> None:
    app = FieldnotesApp(demo_path, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        app.open_writeup(None)
        for character in "Duty":
            app.post_message(events.Key(character.lower(), character))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, WriteUpScreen)
        assert screen.query_one("#team", Input).value == "Duty"

"""Jottings from anywhere: one key, a line, enter; never while typing."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.pilot import Pilot
from textual.widgets import Input

from fieldnotes.tui.app import FieldnotesApp
from fieldnotes.tui.dialogs.jotting import JottingScreen
from fieldnotes.tui.screens.notes import NotesScreen
from tests.tui.shell_support import screen_text, unlock


async def searched(pilot: Pilot[None]) -> None:
    """A slow search runs in a worker: wait for it, then for the list it filled."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_jotting_is_saved_on_enter_and_listed_as_waiting(demo_path: Path) -> None:
    app = FieldnotesApp(demo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        notes = app.screen
        assert isinstance(notes, NotesScreen)
        notebook = app.notebook
        assert notebook is not None
        before_total = notes.table.row_count
        before_waiting = sum(1 for n in notebook.notes() if n.stage == "jotting")

        await pilot.press("j")
        await pilot.pause()
        jotting = app.screen
        assert isinstance(jotting, JottingScreen)
        assert jotting.mode == "observe"
        # As a terminal sends it: alt+q carries the character "q", which an Input would insert.
        app.post_message(events.Key("alt+q", "q"))
        await pilot.pause()
        assert jotting.mode == "question"
        assert jotting.query_one("#jotting-text", Input).value == ""

        # Team, with the notebook's teams suggested as you type.
        team = jotting.query_one("#jotting-team", Input)
        team.focus()
        await pilot.press(*"riversi")
        await pilot.pause()
        await pilot.press("right")
        assert team.value == "Riverside Locality Team"
        jotting.query_one("#jotting-text", Input).focus()
        await pilot.press(*"Duty desk: we never see the same family twice!")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()

        assert isinstance(app.screen, NotesScreen)
        new = notebook.note(notes.table.current_note_id or "")
        assert new.stage == "jotting"
        assert new.mode == "question"
        assert new.team == "Riverside Locality Team"
        assert new.description == "Duty desk: we never see the same family twice!"
        assert notes.table.row_count == before_total + 1
        assert f"{before_waiting + 1} jottings waiting" in screen_text(app)


async def test_jotting_needs_words_escape_cancels_and_j_types_in_search(
    demo_path: Path,
) -> None:
    app = FieldnotesApp(demo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        notes = app.screen
        assert isinstance(notes, NotesScreen)
        assert app.notebook is not None
        count = len(app.notebook.notes())
        await pilot.press("j")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, JottingScreen)
        assert "Write a few words first" in screen_text(app)
        await pilot.press(*"never", "escape")
        await pilot.pause()
        assert isinstance(app.screen, NotesScreen)
        assert len(app.notebook.notes()) == count

        # While typing in an input, j is a letter, not the jotting key.
        await pilot.press("slash", *"jj")
        await searched(pilot)
        assert isinstance(app.screen, NotesScreen)
        assert notes.query_one("#search", Input).value == "jj"


async def test_no_jotting_while_locked(demo_path: Path) -> None:
    app = FieldnotesApp(demo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("escape")  # leave the passphrase field: j must still do nothing
        await pilot.press("j")
        await pilot.pause()
        assert not isinstance(app.screen, JottingScreen)

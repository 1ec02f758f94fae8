"""Deleting notes in the app: into the trash (asked first), back out of it, or gone for good."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList, Static

from fieldnotes.notebook import Notebook
from fieldnotes.tui.app import FieldnotesApp
from fieldnotes.tui.dialogs.confirm import ConfirmScreen
from fieldnotes.tui.screens.notes import NotesScreen
from fieldnotes.tui.screens.trash import TrashScreen
from fieldnotes.tui.screens.writeup.screen import WriteUpScreen
from tests.tui.shell_support import DEMO_PASSPHRASE, screen_text, settle, unlock


def confirm_text(app: FieldnotesApp) -> tuple[str, str]:
    screen = app.screen
    assert isinstance(screen, ConfirmScreen), screen
    title = str(screen.query_one("#confirm-title").render())
    return title, str(screen.query_one("#confirm-detail", Static).render())


def notebook_of(app: FieldnotesApp) -> Notebook:
    assert app.notebook is not None
    return app.notebook


async def test_delete_on_the_list_asks_naming_date_and_team_then_trashes(
    demo_path: Path,
) -> None:
    app = FieldnotesApp(demo_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await unlock(pilot)
        screen = app.screen
        assert isinstance(screen, NotesScreen)
        nb = notebook_of(app)
        note = nb.note(screen.table.current_note_id or "")
        await pilot.press("delete")
        await pilot.pause()
        title, detail = confirm_text(app)
        assert title == "Move this note to the trash?"
        assert f"{note.occurred_at:%a %d %b %Y, %H:%M}" in detail and note.team in detail
        assert note.first_line[:20] not in detail, "the question never quotes the note"
        await pilot.press("n")
        await settle(pilot)
        assert note.id in {n.id for n in nb.notes()}

        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, NotesScreen)
        assert note.id not in {n.id for n in nb.notes()}
        assert note.id not in app.screen.table.note_ids
        assert [n.id for n in nb.trashed_notes()] == [note.id]


async def test_the_trash_restores_and_empties_for_good(demo_path: Path) -> None:
    with Notebook.open(demo_path) as nb:
        nb.unlock(DEMO_PASSPHRASE)
        first, second = nb.notes()[:2]
        nb.trash_note(first.id)
        nb.trash_note(second.id)
    app = FieldnotesApp(demo_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await unlock(pilot)
        await pilot.press("T")
        await settle(pilot)
        assert isinstance(app.screen, TrashScreen)
        assert "Trash · 2 notes" in screen_text(app)
        assert app.screen.query_one(OptionList).option_count == 2

        await pilot.press("r")
        await settle(pilot)
        nb = notebook_of(app)
        restored = {n.id for n in nb.notes()} & {first.id, second.id}
        assert len(restored) == 1
        assert "Trash · 1 note" in screen_text(app)

        await pilot.press("E")
        await pilot.pause()
        title, detail = confirm_text(app)
        assert title == "Empty the trash?"
        assert "deleted for good" in detail and "permanent" in detail
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, TrashScreen)
        assert nb.trashed_notes() == []
        assert "The trash is empty." in screen_text(app)

        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, NotesScreen)
        assert restored <= set(app.screen.table.note_ids)


async def test_the_palette_opens_the_trash(demo_path: Path) -> None:
    app = FieldnotesApp(demo_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await unlock(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Trash")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, TrashScreen)


async def test_delete_in_the_write_up_trashes_the_note_and_closes(demo_path: Path) -> None:
    app = FieldnotesApp(demo_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await unlock(pilot)
        screen = app.screen
        assert isinstance(screen, NotesScreen)
        note_id = screen.table.current_note_id
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, WriteUpScreen)
        await pilot.press("f12")
        await pilot.pause()
        title, _detail = confirm_text(app)
        assert title == "Move this note to the trash?"
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, NotesScreen)
        nb = notebook_of(app)
        assert note_id in {n.id for n in nb.trashed_notes()}
        assert note_id not in app.screen.table.note_ids


async def test_an_empty_write_up_is_not_saved(demo_path: Path) -> None:
    app = FieldnotesApp(demo_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await unlock(pilot)
        nb = notebook_of(app)
        before = len(nb.notes())
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, WriteUpScreen)
        await pilot.press("f12")  # a note never saved has nothing to put in the trash
        await pilot.pause()
        assert isinstance(app.screen, WriteUpScreen)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, WriteUpScreen)
        messages = [str(n.message) for n in app._notifications]
        assert any("a note needs a description, an aside or a quote" in m for m in messages)
        assert len(nb.notes()) == before

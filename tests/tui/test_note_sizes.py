"""A note as large as a note may be never stalls a screen, and a larger one is refused."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from textual import events
from textual.app import App
from textual.keys import _character_to_key
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, Static, TextArea

from fieldnotes.domain.model import MAX_NOTE_BYTES, NoteDraft
from fieldnotes.notebook import Notebook
from fieldnotes.tui.dialogs.jotting import JottingScreen
from fieldnotes.tui.screens.notes import NotesScreen
from fieldnotes.tui.screens.writeup.screen import MARKDOWN_PREVIEW_CHARS, WriteUpScreen
from fieldnotes.tui.widgets.markdown import NoteMarkdown
from fieldnotes.tui.widgets.note_list import NoteTable
from fieldnotes.tui.widgets.preview import PREVIEW_CHARS, NotePreview

WHEN = datetime(2026, 9, 30, 9, 0)


class Host(App[None]):
    def __init__(self, make_screen: Callable[[], Screen[str | None]]) -> None:
        super().__init__()
        self._make_screen = make_screen
        self.results: list[str | None] = []

    def on_mount(self) -> None:
        self.push_screen(self._make_screen(), self.results.append)


async def type_text(pilot: Pilot[None], text: str) -> None:
    for character in text:
        key = character if character.isalnum() else _character_to_key(character)
        pilot.app.post_message(events.Key(key, character))
    await pilot.pause()


def notices(app: App[None]) -> list[str]:
    return [str(notification.message) for notification in app._notifications]


async def test_the_editor_refuses_to_save_a_note_over_the_limit(demo_notebook: Notebook) -> None:
    nb = demo_notebook
    paragraph = "The worker waited on hold for the out-of-hours line again.\n\n"
    body = (paragraph * (MAX_NOTE_BYTES // len(paragraph)))[: MAX_NOTE_BYTES - 20] + "end"
    note = nb.add_note(NoteDraft(mode="observe", occurred_at=WHEN, description=body))
    app = Host(lambda: WriteUpScreen(nb, note.id))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        area = app.screen.query_one("#description", TextArea)
        area.focus()
        await type_text(pilot, "Thirty characters more, typed.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, WriteUpScreen), "the editor stays open"
        assert any("a note can hold at most 1 MiB" in text for text in notices(app))
    assert app.results == []
    assert nb.note(note.id).description == body


async def test_the_editor_refuses_a_paste_past_the_limit(demo_notebook: Notebook) -> None:
    nb = demo_notebook
    app = Host(lambda: WriteUpScreen(nb, initial=NoteDraft(mode="observe", occurred_at=WHEN)))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        area = app.screen.query_one("#description", TextArea)
        area.focus()
        await type_text(pilot, "Kept.")
        area.post_message(events.Paste("Pasted from somewhere. " * (MAX_NOTE_BYTES // 20)))
        await pilot.pause()
        assert area.text == "Kept."
        assert any(
            text.startswith("Not pasted") and "at most 1 MiB" in text for text in notices(app)
        )


async def test_the_jotting_dialog_refuses_a_team_too_long_to_be_a_name(
    demo_notebook: Notebook,
) -> None:
    nb = demo_notebook
    before = len(nb.notes())
    app = Host(lambda: JottingScreen(nb))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.screen.query_one("#jotting-team", Input).value = "T" * 300
        app.screen.query_one("#jotting-text", Input).value = "Duty: three calls."
        app.screen.query_one("#jotting-text", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        error = str(app.screen.query_one("#jotting-error", Static).render())
        assert "team is 300 characters long; it can be at most 200" in error
    assert len(nb.notes()) == before


async def test_a_note_just_under_the_limit_previews_a_bounded_prefix(
    demo_notebook: Notebook,
) -> None:
    nb = demo_notebook
    words = "The worker waited on hold for the out-of-hours line again. "
    body = (words * (MAX_NOTE_BYTES // len(words)))[: MAX_NOTE_BYTES - 100]
    note = nb.add_note(
        NoteDraft(mode="observe", occurred_at=datetime(2030, 1, 1, 9, 0), description=body)
    )
    app = Host(lambda: NotesScreen(nb))
    async with app.run_test(size=(160, 45)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, NotesScreen)
        table = screen.query_one(NoteTable)
        assert table.current_note_id == note.id  # the newest note, at the top
        await pilot.pause()
        shown = screen.query_one(NotePreview).text()
        rest = len(body.strip()) - PREVIEW_CHARS
        # Head and meta first, then the description wrapped to the preview's width.
        assert "\nThe worker waited on hold" in shown
        assert f"… ({rest:,} more characters; open the note to read all)" in shown
        assert len(shown) < PREVIEW_CHARS + 300
    assert len(note.first_line) <= 240


async def test_the_editor_markdown_preview_of_a_long_note_is_bounded(
    demo_notebook: Notebook,
) -> None:
    nb = demo_notebook
    body = "A paragraph about the visit.\n\n" * 1_000
    note = nb.add_note(NoteDraft(mode="observe", occurred_at=WHEN, description=body))
    app = Host(lambda: WriteUpScreen(nb, note.id))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        source = app.screen.query_one("#preview", NoteMarkdown).source
        assert len(source) < MARKDOWN_PREVIEW_CHARS + 200
        assert "more characters are not shown in the preview" in source

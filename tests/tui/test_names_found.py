"""Saving a write-up offers to write names from the people map as their aliases."""

from __future__ import annotations

from datetime import datetime

from textual.widgets import TextArea

from fieldnotes.domain.model import NoteDraft, Quote
from fieldnotes.domain.pseudonyms import PersonAlias
from fieldnotes.notebook import Notebook
from fieldnotes.tui.dialogs.names_found import NamesFoundDialog
from fieldnotes.tui.screens.writeup.screen import WriteUpScreen
from tests.test_pseudonyms import damage_setting
from tests.tui.shell_support import screen_text
from tests.tui.test_writeup import Host

FAMILY = [
    PersonAlias("Amelia Sandhu", "Child A"),
    PersonAlias("Monika Sandhu", "Mother of Child A"),
]
TEXT = "Amelia Sandhu was at home. Mum (Monika) said Amelia's school rang."


def _draft() -> NoteDraft:
    return NoteDraft(
        mode="observe",
        occurred_at=datetime(2026, 8, 5, 14, 40),
        description=TEXT,
        quotes=[Quote("Amelia is doing better", "teacher")],
    )


async def _save(nb: Notebook, *keys: str) -> tuple[Host, list[str]]:
    app = Host(lambda: WriteUpScreen(nb, initial=_draft()))
    shown: list[str] = []
    async with app.run_test(size=(100, 34), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, NamesFoundDialog)
        shown.append(" ".join(screen_text(app).split()))  # type: ignore[arg-type]
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        shown.append(" ".join(screen_text(app).split()))  # type: ignore[arg-type]
    return app, shown


async def test_r_replaces_every_name_then_saves(demo_notebook: Notebook) -> None:
    demo_notebook.set_people_map(FAMILY)
    app, shown = await _save(demo_notebook, "r")
    assert "Amelia Sandhu → Child A" in shown[0] and "Description" in shown[0]
    assert "Quote 1" in shown[0]
    [note_id] = app.results
    assert note_id is not None
    note = demo_notebook.note(note_id)
    assert note.description == (
        "Child A was at home. Mum (Mother of Child A) said Child A's school rang."
    )
    assert note.quotes[0].text == "Child A is doing better"


async def test_enter_replaces_one_k_keeps_one_and_esc_keeps_the_rest(
    demo_notebook: Notebook,
) -> None:
    demo_notebook.set_people_map(FAMILY)
    app, _ = await _save(demo_notebook, "enter", "k", "escape")
    [note_id] = app.results
    assert note_id is not None
    note = demo_notebook.note(note_id)
    assert note.description == "Child A was at home. Mum (Monika) said Amelia's school rang."
    assert note.quotes[0].text == "Amelia is doing better"


async def test_e_goes_back_to_the_editor_without_saving(demo_notebook: Notebook) -> None:
    demo_notebook.set_people_map(FAMILY)
    before = len(demo_notebook.notes())
    app = Host(lambda: WriteUpScreen(demo_notebook, initial=_draft()))
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, WriteUpScreen)
        assert app.screen.query_one("#description", TextArea).text == TEXT
        assert app.results == []
    assert len(demo_notebook.notes()) == before


async def test_no_dialog_without_a_mapped_name_and_a_damaged_map_is_said(
    demo_notebook: Notebook,
) -> None:
    demo_notebook.set_people_map([PersonAlias("Dev Lowe", "the team manager")])
    app = Host(lambda: WriteUpScreen(demo_notebook, initial=_draft()))
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert len(app.results) == 1 and app.results[0] is not None
    damage_setting(demo_notebook.path, "people_map")
    app = Host(lambda: WriteUpScreen(demo_notebook, initial=_draft()))
    async with app.run_test(size=(100, 34), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause(0.2)
        said = " ".join(screen_text(app).split())  # type: ignore[arg-type]
    assert "people map is damaged" in said and "were not checked" in said
    assert len(app.results) == 1 and app.results[0] is not None

"""The people map screen, by key and palette; kept decisions in the identifier check."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Input

from fieldnotes.crypto.age import decrypt
from fieldnotes.domain.pseudonyms import PersonAlias
from fieldnotes.notebook import Notebook
from fieldnotes.tui.app import FieldnotesApp
from fieldnotes.tui.dialogs.confirm import ConfirmScreen
from fieldnotes.tui.dialogs.people_map import PeopleMapScreen
from fieldnotes.tui.dialogs.synthesis import ReplacementDialog
from fieldnotes.tui.screens.briefs.composer import BriefComposerScreen
from fieldnotes.tui.screens.briefs.identifier_check import IdentifierCheckScreen
from tests.test_pseudonyms import damage_setting
from tests.tui.palette_support import run_from_palette
from tests.tui.shell_support import DEMO_PASSPHRASE, screen_text, settle, unlock
from tests.tui.test_synthesis_screens import Host, paste
from tests.tui.test_synthesis_screens import settle as settle_host


def _saved(path: Path) -> list[PersonAlias]:
    with Notebook.open(path) as notebook:
        notebook.unlock(DEMO_PASSPHRASE)
        return notebook.people_map()


async def _row(pilot: object, name: str, alias: str) -> None:
    app = pilot.app  # type: ignore[attr-defined]
    app.screen.query_one("#people-name", Input).focus()
    await pilot.press(*name, "enter", *alias, "enter")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]


async def test_rows_are_added_edited_removed_and_saved_whole(demo_path: Path) -> None:
    app = FieldnotesApp(demo_path)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await unlock(pilot)
        await pilot.press("f7")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PeopleMapScreen)
        assert "No names yet" in screen_text(app)
        await _row(pilot, "Amelia Sandhu", "Child A")
        await _row(pilot, "Monika Sandhu", "Mum")
        await _row(pilot, "Dev Lowe", "the team manager")
        assert "unsaved changes" in screen_text(app)
        # Edit: enter on Monika's row loads it below; the new alias replaces the old one.
        table = screen.query_one(DataTable)
        table.focus()
        table.move_cursor(row=2)
        await pilot.press("enter")
        await settle(pilot)
        alias = screen.query_one("#people-alias", Input)
        assert app.focused is alias and alias.value == "Mum"
        alias.value = ""
        await pilot.press(*"Mother of Child A", "enter")
        await settle(pilot)
        # Remove Dev Lowe (row 1, sorted by name).
        table.focus()
        table.move_cursor(row=1)
        await pilot.press("delete")
        await settle(pilot)
        assert app.notebook is not None and app.notebook.people_map() == []  # not before ctrl+s
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, PeopleMapScreen)
        await pilot.pause(0.2)
        assert "People map saved" in screen_text(app)
    assert _saved(demo_path) == [
        PersonAlias("Amelia Sandhu", "Child A"),
        PersonAlias("Monika Sandhu", "Mother of Child A"),
    ]


async def test_from_the_palette_and_unsaved_changes_are_asked_about(demo_path: Path) -> None:
    app = FieldnotesApp(demo_path)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await unlock(pilot)
        await run_from_palette(pilot, "people", "People map")
        assert isinstance(app.screen, PeopleMapScreen)
        await _row(pilot, "Amelia Sandhu", "Child A")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")  # cancel: back to the map, the row still there
        await settle(pilot)
        assert isinstance(app.screen, PeopleMapScreen)
        assert app.screen.people == [PersonAlias("Amelia Sandhu", "Child A")]
        await pilot.press("escape", "n")
        await settle(pilot)
        assert not isinstance(app.screen, PeopleMapScreen)
    assert _saved(demo_path) == []


async def test_a_row_without_an_alias_is_refused_and_a_damaged_map_is_shown(
    demo_path: Path,
) -> None:
    with Notebook.open(demo_path) as notebook:
        notebook.unlock(DEMO_PASSPHRASE)
        notebook.set_people_map([PersonAlias("Amelia Sandhu", "Child A")])
    damage_setting(demo_path, "people_map")
    app = FieldnotesApp(demo_path)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await unlock(pilot)
        await pilot.press("f7")
        await settle(pilot)
        assert "people map is damaged" in " ".join(screen_text(app).split())
        await _row(pilot, "Dev Lowe", "")
        assert "Give both a name" in screen_text(app)
        await pilot.press(*"the team manager", "enter", "ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, PeopleMapScreen)
    assert _saved(demo_path) == [PersonAlias("Dev Lowe", "the team manager")]


async def _export_once(pilot: object, app: Host, phrase: str) -> IdentifierCheckScreen:
    if not app.screen.query_one("#use-passphrase").value:  # type: ignore[attr-defined]
        await pilot.press("f3", "space")  # type: ignore[attr-defined]
    for field in ("#passphrase", "#passphrase-again"):
        app.screen.query_one(field, Input).focus()
        await paste(pilot, phrase)  # type: ignore[arg-type]
    await pilot.press("ctrl+s")  # type: ignore[attr-defined]
    await settle_host(pilot)  # type: ignore[arg-type]
    check = app.screen
    assert isinstance(check, IdentifierCheckScreen)
    return check


async def test_decisions_come_back_at_the_next_export_and_can_be_changed(
    demo_notebook: Notebook, tmp_path: Path
) -> None:
    phrase = "hazel otter"
    out = tmp_path / "out"
    out.mkdir()
    app = Host(lambda: BriefComposerScreen(demo_notebook, output_dir=out))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle_host(pilot)
        composer = app.screen
        assert isinstance(composer, BriefComposerScreen)
        check = await _export_once(pilot, app, phrase)
        assert len(check.findings) == 3 and not check.resolutions
        await pilot.press("p")
        await settle_host(pilot)
        assert isinstance(app.screen, ReplacementDialog)
        await pilot.press("down", *["down"] * 8, "enter")  # "the family home"
        await settle_host(pilot)
        await pilot.press("R", "ctrl+s")
        await app.workers.wait_for_complete()
        await settle_host(pilot)
        first = composer.last_export
        assert first is not None

        check = await _export_once(pilot, app, phrase)
        # Every flag is the same address: the most cautious decision (redact) is applied.
        assert not check.unresolved
        assert {r.action for r in check.resolutions.values()} == {"redact"}
        assert "3 ↺ as decided last time" in screen_text(app)  # type: ignore[arg-type]
        await pilot.press("c")  # change one: confirmed, no longer as decided before
        await settle_host(pilot)
        assert "2 ↺ as decided last time" in screen_text(app)  # type: ignore[arg-type]
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await settle_host(pilot)
        second = composer.last_export
        assert second is not None and second != first
    log = decrypt(second.read_bytes(), passphrase=phrase).decode().split("## Identifier check")[1]
    assert log.count("redacted (as decided at the last export)") == 2
    assert log.count("confirmed as not identifying") == 1
    assert "confirmed as not identifying (as decided" not in log

"""Retention in the app: the view (R, or the palette), extending with a reason, purging with
a confirmation, the log, the setting on the settings screen and the counts in the synthesis.

Today is fixed (2026-12-01): the demo's notes run from August to November 2026.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, OptionList, Static

from fieldnotes.notebook import Notebook
from fieldnotes.tui.app import FieldnotesApp
from fieldnotes.tui.dialogs.confirm import ConfirmScreen
from fieldnotes.tui.dialogs.retention import ExtendScreen
from fieldnotes.tui.dialogs.settings import SettingsScreen
from fieldnotes.tui.screens.retention import RetentionScreen
from tests.tui.shell_support import DEMO_PASSPHRASE, screen_text, settle, unlock
from tests.tui.test_snapshots_synthesis import SIZES, SnapCompare, host, keys

TODAY = date(2026, 12, 1)


def _set_policy(path: Path, months: int | None) -> None:
    with Notebook.open(path) as notebook:
        notebook.unlock(DEMO_PASSPHRASE)
        notebook.set_retention_months(months)


def _app(path: Path) -> FieldnotesApp:
    return FieldnotesApp(path, today=lambda: TODAY)


async def test_the_view_says_retention_is_off_by_default(demo_path: Path) -> None:
    app = _app(demo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await pilot.press("R")
        await settle(pilot)
        assert isinstance(app.screen, RetentionScreen)
        text = screen_text(app)
        assert "Retention · off" in text and "Retention is off for this notebook" in text
        await pilot.press("P")  # nothing is due: nothing is asked, nothing happens
        await settle(pilot)
        assert isinstance(app.screen, RetentionScreen)


async def test_the_palette_opens_the_view_and_runs_its_commands(demo_path: Path) -> None:
    from tests.tui.palette_support import run_from_palette

    _set_policy(demo_path, 3)
    app = _app(demo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await run_from_palette(pilot, "retention", "Retention")
        assert isinstance(app.screen, RetentionScreen)
        await run_from_palette(pilot, "purge every", "Purge every due note")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, RetentionScreen)


async def test_r_opens_the_view_only_over_the_notes_list_and_its_views(demo_path: Path) -> None:
    """A screen that turns its own R off (the identifier check with nothing left) must not
    let the key fall through to a purge screen; nor may the codebook or synthesis."""
    app = _app(demo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await pilot.press("c")
        await settle(pilot)
        codebook = app.screen
        await pilot.press("R")
        await settle(pilot)
        assert app.screen is codebook
        await pilot.press("escape", "D")
        await settle(pilot)
        await pilot.press("R")
        await settle(pilot)
        assert isinstance(app.screen, RetentionScreen)


async def test_the_setting_is_on_the_settings_screen(demo_path: Path) -> None:
    app = _app(demo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await pilot.press("f9")
        await settle(pilot)
        assert isinstance(app.screen, SettingsScreen)
        field = app.screen.query_one("#retention", Input)
        assert field.value == "off"
        field.value = "soon"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SettingsScreen)
        assert "retention is a number of months" in screen_text(app)
        field.value = "2 years"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, SettingsScreen)
        assert app.notebook is not None and app.notebook.retention_months() == 24


async def test_extend_with_a_reason_then_purge_every_due_note(demo_path: Path) -> None:
    _set_policy(demo_path, 3)
    app = _app(demo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        notebook = app.notebook
        assert notebook is not None
        due = notebook.retention(today=TODAY).due
        await pilot.press("R")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RetentionScreen)
        assert f"{len(due)} due" in screen_text(app)
        first = due[0]
        highlighted = screen.query_one(OptionList).highlighted_option
        assert highlighted is not None and highlighted.id == first.note_id

        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ExtendScreen)
        await pilot.press("ctrl+s")  # no reason yet: refused, the dialog stays
        await settle(pilot)
        assert isinstance(app.screen, ExtendScreen)
        assert "needs a reason" in screen_text(app)
        await pilot.press(*"Court order", "enter")
        await settle(pilot)
        assert isinstance(app.screen, RetentionScreen)
        extension = notebook.retention_extensions()[first.note_id]
        assert extension.reason == "Court order" and extension.until == date(2027, 6, 1)
        assert len(notebook.retention(today=TODAY).due) == len(due) - 1

        await pilot.press("P")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        asked = screen_text(app)
        assert f"Purge {len(due) - 1} due notes for good?" in asked
        assert "Backups made before now" in asked
        await pilot.press("n")
        await settle(pilot)
        assert len(notebook.retention(today=TODAY).due) == len(due) - 1

        await pilot.press("P")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, RetentionScreen)
        assert not notebook.retention(today=TODAY).due
        assert first.note_id in {n.id for n in notebook.notes()}
        assert "0 due" in screen_text(app)

        await pilot.press("l")
        await settle(pilot)
        text = screen_text(app)
        assert "Purge log" in text and f"{len(due) - 1} notes" in text and "retention" in text


async def test_purge_the_highlighted_note_by_hand(demo_path: Path) -> None:
    _set_policy(demo_path, 3)
    app = _app(demo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        notebook = app.notebook
        assert notebook is not None
        before = len(notebook.notes())
        await pilot.press("R")
        await settle(pilot)
        await pilot.press("down", "d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert "Purge the note of" in screen_text(app)
        await pilot.press("y")
        await settle(pilot)
        assert len(notebook.notes()) == before - 1
        (record,) = notebook.purge_log()
        assert (record.count, record.reason) == (1, "by hand")


async def test_purged_counts_show_apart_in_the_synthesis(demo_path: Path) -> None:
    _set_policy(demo_path, 3)
    with Notebook.open(demo_path) as notebook:
        notebook.unlock(DEMO_PASSPHRASE)
        notebook.purge(today=TODAY)
        counts = notebook.purged_counts()
        synthesis = notebook.synthesis()
    top = next(e for e in synthesis.evidence if e.obstacle.id in counts)
    app = _app(demo_path)
    async with app.run_test(size=(140, 40)) as pilot:
        await unlock(pilot)
        await pilot.press("s")
        await settle(pilot)
        from fieldnotes.tui.screens.synthesis.screen import SynthesisScreen

        screen = app.screen
        assert isinstance(screen, SynthesisScreen)
        table = screen.table
        table.move_cursor(row=table.get_row_index(top.obstacle.id), animate=False)
        await settle(pilot)
        # The detail pane scrolls: its whole text, as a reader scrolling down sees it.
        text = str(screen.query_one("#detail-summary", Static).render())
        purged = counts[top.obstacle.id].notes
        noun = "note" if purged == 1 else "notes"
        assert "Purged under retention  not in the evidence above" in text
        assert f"plus {purged} purged {noun} (counts only)" in text
        assert f"{top.note_count} notes" in text  # live evidence, unchanged by the counts


# ----------------------------------------------------------------- snapshots


@pytest.mark.parametrize("size", SIZES)
class TestRetentionSnapshots:
    def test_retention_view(
        self, snap_compare: SnapCompare, demo_notebook: Notebook, size: Any
    ) -> None:
        demo_notebook.set_retention_months(3)
        # Decided in October for one month: it falls due again within 30 days, so it shows.
        demo_notebook.extend_retention(
            demo_notebook.retention(today=TODAY).due[1].note_id,
            1,
            "Care proceedings ongoing",
            today=date(2026, 10, 15),
        )
        app = host(lambda: RetentionScreen(demo_notebook, today=lambda: TODAY))
        assert snap_compare(app, terminal_size=size, run_before=keys("pagedown", "pagedown"))

    def test_retention_extend_dialog(
        self, snap_compare: SnapCompare, demo_notebook: Notebook, size: Any
    ) -> None:
        demo_notebook.set_retention_months(3)
        app = host(lambda: RetentionScreen(demo_notebook, today=lambda: TODAY))
        assert snap_compare(app, terminal_size=size, run_before=keys("x"))

    def test_retention_purge_confirmation(
        self, snap_compare: SnapCompare, demo_notebook: Notebook, size: Any
    ) -> None:
        demo_notebook.set_retention_months(3)
        app = host(lambda: RetentionScreen(demo_notebook, today=lambda: TODAY))
        assert snap_compare(app, terminal_size=size, run_before=keys("P"))

"""The settings screen: reached by a key and the palette, saved all or none, applied at once."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import Input

from fieldnotes.notebook import Notebook
from fieldnotes.notebook.config import config_path
from fieldnotes.tui.app import DARK_THEME, LIGHT_THEME, FieldnotesApp
from fieldnotes.tui.dialogs.settings import SettingsScreen
from fieldnotes.tui.screens.unlock import UnlockScreen
from tests.tui.palette_support import run_from_palette
from tests.tui.shell_support import DEMO_PASSPHRASE, FakeClock, settle, unlock


async def _fill(pilot: object, field: str, text: str) -> None:
    app = pilot.app  # type: ignore[attr-defined]
    box = app.screen.query_one(f"#{field}", Input)
    box.focus()
    box.value = ""
    await pilot.press(*text)  # type: ignore[attr-defined]


async def test_settings_are_saved_applied_and_remembered(demo_path: Path) -> None:
    clock = FakeClock()
    app = FieldnotesApp(demo_path, clock=clock)
    async with app.run_test(size=(100, 34)) as pilot:
        await unlock(pilot)
        assert app.theme == DARK_THEME
        await pilot.press("f9")
        await settle(pilot)
        assert isinstance(app.screen, SettingsScreen)
        await _fill(pilot, "author", "PSW")
        await _fill(pilot, "lock-after", "12")
        app.screen.query_one("#theme").focus()
        await pilot.press("down", "enter")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, SettingsScreen)
        assert app.theme == LIGHT_THEME
        assert app.idle_lock_seconds == 12 * 60
        # The new delay is the one that counts: not locked just before it, locked after.
        clock.advance(12 * 60 - 1)
        app.check_idle_lock()
        assert app.notebook is not None and app.notebook.is_unlocked
        clock.advance(2)
        app.check_idle_lock()
        await settle(pilot)
        assert not app.notebook.is_unlocked
        assert isinstance(app.screen, UnlockScreen)
    assert json.loads(config_path().read_text()) == {"theme": "light"}
    with Notebook.open(demo_path) as notebook:
        notebook.unlock(DEMO_PASSPHRASE)
        assert notebook.author_label() == "PSW"
        assert notebook.preference("lock_after_minutes") == "12"

    # Next run: the theme before unlocking, the delay once unlocked.
    again = FieldnotesApp(demo_path)
    async with again.run_test(size=(100, 34)) as pilot:
        await pilot.pause()
        assert again.theme == LIGHT_THEME
        await unlock(pilot)
        assert again.idle_lock_seconds == 12 * 60


async def test_a_wrong_value_saves_nothing(demo_path: Path) -> None:
    app = FieldnotesApp(demo_path)
    async with app.run_test(size=(100, 34)) as pilot:
        await unlock(pilot)
        await run_from_palette(pilot, "settings", "Settings")
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        await _fill(pilot, "author", "Someone")
        await _fill(pilot, "lock-after", "600")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert "1 to 240 minutes" in str(screen.query_one("#lock-error").render())
        assert app.focused is screen.query_one("#lock-after")
        assert app.notebook is not None
        assert app.notebook.author_label() == ""
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, SettingsScreen)
        assert app.idle_lock_seconds == 5 * 60
    assert not config_path().exists()


async def test_the_environment_wins_over_the_notebook(demo_path: Path) -> None:
    with Notebook.open(demo_path) as notebook:
        notebook.unlock(DEMO_PASSPHRASE)
        notebook.set_preference("lock_after_minutes", "30")
    app = FieldnotesApp(demo_path, idle_lock_seconds=20)
    async with app.run_test(size=(100, 34)) as pilot:
        await unlock(pilot)
        assert app.idle_lock_seconds == 20
        await pilot.press("f9")
        await settle(pilot)
        assert "FIELDNOTES_IDLE_LOCK_SECONDS is set" in " ".join(
            str(s.render()) for s in app.screen.query(".settings-help")
        )


async def test_the_theme_key_is_remembered_across_runs(demo_path: Path) -> None:
    app = FieldnotesApp(demo_path)
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+t")
        assert app.theme == LIGHT_THEME
    again = FieldnotesApp(demo_path)
    async with again.run_test(size=(100, 34)) as pilot:
        await pilot.pause()
        assert again.theme == LIGHT_THEME

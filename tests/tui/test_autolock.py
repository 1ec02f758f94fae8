"""Auto-lock after idle time (fake clock) and the lock key: drafts sealed, key dropped."""

from __future__ import annotations

import asyncio
import gc
import threading
import weakref
from pathlib import Path
from typing import Any

import pytest
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from fieldnotes.domain.synthesis import Synthesis
from fieldnotes.tui.app import FieldnotesApp
from fieldnotes.tui.dialogs.jotting import JottingScreen
from fieldnotes.tui.format import IDLE_LOCK_ENV, idle_lock_seconds_from_env
from fieldnotes.tui.messages import DraftClosed, DraftOpened
from fieldnotes.tui.screens.notes import NotesScreen
from fieldnotes.tui.screens.synthesis.screen import SynthesisScreen
from fieldnotes.tui.screens.unlock import UnlockScreen
from tests.tui.shell_support import FakeClock, screen_text, settle, unlock

IDLE = 2.0
"""Short enough that the check interval (a quarter of it) fires within a test's pause."""


class EditorStandIn(Screen[None]):
    """Any screen that says it holds a draft must be asked to seal its work before the lock."""

    def __init__(self) -> None:
        super().__init__()
        self.flushed = 0

    def compose(self) -> ComposeResult:
        yield Static("UNSAVED EDITOR TEXT")

    def on_mount(self) -> None:
        self.app.post_message(DraftOpened(self))

    def on_unmount(self) -> None:
        self.app.post_message(DraftClosed(self))

    def flush_draft(self) -> None:
        self.flushed += 1


async def test_activity_postpones_then_idle_time_locks_and_clears_the_screen(
    demo_path: Path,
) -> None:
    clock = FakeClock()
    app = FieldnotesApp(demo_path, idle_lock_seconds=IDLE, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        notebook = app.notebook
        assert notebook is not None and notebook.is_unlocked
        first_lines = [n.first_line[:20] for n in notebook.notes()[:5]]
        assert any(line in screen_text(app) for line in first_lines)

        # Keys and the mouse count as activity and postpone the lock.
        for _ in range(2):
            clock.advance(IDLE * 0.75)
            await pilot.press("down")
            await pilot.pause(IDLE / 4 + 0.1)
            assert notebook.is_unlocked
        await pilot.hover("#notes", offset=(5, 5))
        clock.advance(IDLE * 0.75)
        await pilot.pause(IDLE / 4 + 0.1)
        assert notebook.is_unlocked

        editor = EditorStandIn()
        await app.push_screen(editor)
        await pilot.pause()

        clock.advance(IDLE + 1)
        await pilot.pause(IDLE / 4 + 0.3)
        await pilot.pause()

        assert not notebook.is_unlocked
        assert editor.flushed == 1
        assert isinstance(app.screen, UnlockScreen)
        assert len(app.screen_stack) == 2  # the blank base screen and a fresh unlock screen
        text = screen_text(app)
        assert "UNSAVED EDITOR TEXT" not in text
        for line in first_lines:
            assert line not in text
        assert "Locked after 2 seconds without activity" in text

        await unlock(pilot)
        assert isinstance(app.screen, NotesScreen)
        assert notebook.is_unlocked


async def test_lock_key_works_even_inside_a_dialog(demo_path: Path) -> None:
    app = FieldnotesApp(demo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await pilot.press("j")
        await pilot.pause()
        assert isinstance(app.screen, JottingScreen)
        await pilot.press(*"half a thought", "ctrl+l")
        await pilot.pause()
        await pilot.pause()
        assert app.notebook is not None and not app.notebook.is_unlocked
        assert isinstance(app.screen, UnlockScreen)
        assert "half a thought" not in screen_text(app)


async def test_unlocking_after_an_idle_lock_returns_to_the_screen_you_were_on(
    demo_path: Path,
) -> None:
    clock = FakeClock()
    app = FieldnotesApp(demo_path, idle_lock_seconds=60, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await pilot.press("s")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, SynthesisScreen)
        clock.advance(61)
        app.check_idle_lock()
        await pilot.pause()
        assert isinstance(app.screen, UnlockScreen)
        assert not any(isinstance(s, SynthesisScreen) for s in app.screen_stack)
        await unlock(pilot)
        # Built afresh on the unlocked notebook, over the notes list as before.
        assert isinstance(app.screen, SynthesisScreen)
        assert isinstance(app.screen_stack[-2], NotesScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, NotesScreen)


async def test_locked_app_does_not_lock_twice(demo_path: Path) -> None:
    clock = FakeClock()
    app = FieldnotesApp(demo_path, idle_lock_seconds=IDLE, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        unlock_screen = app.screen
        clock.advance(IDLE * 10)
        await pilot.pause(IDLE / 4 + 0.1)
        assert app.screen is unlock_screen


@pytest.mark.parametrize(
    ("value", "seconds", "warned"),
    [
        (None, 300.0, False),
        ("", 300.0, False),
        ("90", 90.0, False),
        ("12.5", 12.5, False),
        ("soon", 300.0, True),
        ("1", 300.0, True),
        ("nan", 300.0, True),
        ("inf", 300.0, True),
    ],
)
def test_idle_seconds_from_the_environment(value: str | None, seconds: float, warned: bool) -> None:
    environ = {} if value is None else {IDLE_LOCK_ENV: value}
    got, warning = idle_lock_seconds_from_env(environ)
    assert got == seconds
    assert (warning is not None) == warned


async def test_no_screen_that_showed_notes_stays_in_memory_after_the_lock(
    demo_path: Path,
) -> None:
    app = FieldnotesApp(demo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await pilot.press("s")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, SynthesisScreen)
        notes = weakref.ref(app.screen_stack[1])
        assert isinstance(notes(), NotesScreen)
        await pilot.press("ctrl+l")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, UnlockScreen)
        gc.collect()
        assert notes() is None


async def test_a_synthesis_still_computing_at_the_lock_is_dropped_quietly(
    demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = FieldnotesApp(demo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        notebook = app.notebook
        assert notebook is not None
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, SynthesisScreen)

        started, release = threading.Event(), threading.Event()
        synthesis = notebook.synthesis

        def held(**filters: Any) -> Synthesis:
            result = synthesis(**filters)
            started.set()
            release.wait()
            return result

        monkeypatch.setattr(notebook, "synthesis", held)
        await pilot.press("x")  # clear the filters: the synthesis is computed again
        await pilot.pause()
        assert await asyncio.to_thread(started.wait, 30)
        await pilot.press("ctrl+l")
        await pilot.pause()
        release.set()
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen)
        assert app.return_code is None  # still running, no internal error

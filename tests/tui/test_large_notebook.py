"""A large notebook shows its newest notes at once and opens the rest in the background."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from fieldnotes.notebook import Notebook
from fieldnotes.tui.app import FieldnotesApp
from fieldnotes.tui.screens import notes as notes_module
from fieldnotes.tui.screens.notes import NotesScreen
from tests.tui.shell_support import DEMO_PASSPHRASE, SteadyFieldnotesApp, screen_text, settle

SHOWN_FIRST = 20


@pytest.fixture
def held_open(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Treat the 68-note demo as large, and hold the background opening until released."""
    monkeypatch.setattr(NotesScreen, "OPEN_IN_BACKGROUND_FROM", 10)
    monkeypatch.setattr(notes_module, "NEWEST_FIRST", SHOWN_FIRST)
    release = threading.Event()
    original = Notebook.prepare_search

    def prepare_when_released(notebook: Notebook) -> None:
        assert release.wait(timeout=30), "the test never released the background opening"
        original(notebook)

    monkeypatch.setattr(Notebook, "prepare_search", prepare_when_released)
    return release


async def unlock(pilot: Pilot[object]) -> None:
    """Unlock without waiting for workers: the background opening is held on purpose."""
    await pilot.pause()
    await pilot.press(*DEMO_PASSPHRASE, "enter")
    for _ in range(300):
        await pilot.pause(0.02)
        if isinstance(pilot.app.screen, NotesScreen):
            await pilot.pause()
            return
    raise AssertionError("the notes screen never came up")


async def _until_opened(pilot: Pilot[object], screen: NotesScreen) -> None:
    for _ in range(300):
        if not screen.is_opening:
            return
        await pilot.pause(0.02)
    raise AssertionError("the older notes were never opened")


async def test_newest_notes_first_then_every_note(demo_path: Path, held_open: threading.Event):
    app = FieldnotesApp(demo_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        screen = app.screen
        assert isinstance(screen, NotesScreen) and screen.is_opening
        assert app.notebook is not None
        total = app.notebook.note_counts()[0]
        newest = [note.id for note in app.notebook.newest_notes(SHOWN_FIRST)]
        assert screen.table.note_ids == newest
        assert f"newest {SHOWN_FIRST} of {total} notes · opening the rest…" in screen_text(app)

        # Synthesis needs every note: the screen says so instead of freezing.
        await pilot.press("s")
        await pilot.pause()
        assert app.screen is screen
        assert any("Still opening" in str(n.message) for n in app._notifications)

        held_open.set()
        await _until_opened(pilot, screen)
        await settle(pilot)
        assert screen.table.row_count == total
        assert f"{total} notes" in screen_text(app)
        assert "opening the rest" not in screen_text(app)


async def test_a_search_typed_while_opening_runs_once_every_note_is_open(
    demo_path: Path, held_open: threading.Event
) -> None:
    app = FieldnotesApp(demo_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        screen = app.screen
        assert isinstance(screen, NotesScreen) and screen.is_opening
        await pilot.press("slash", *"supervision")
        await pilot.pause()
        assert screen.query_one("#search", Input).value == "supervision"
        assert "search waits for the rest" in screen_text(app)
        assert screen.table.row_count == SHOWN_FIRST

        held_open.set()
        await _until_opened(pilot, screen)
        await settle(pilot)
        assert app.notebook is not None
        expected = [note.id for note in app.notebook.search("supervision")]
        assert expected and len(expected) < app.notebook.note_counts()[0]
        assert screen.table.note_ids == expected


async def test_a_jotting_saved_while_opening_is_in_the_finished_list(
    demo_path: Path, held_open: threading.Event
) -> None:
    app = FieldnotesApp(demo_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        screen = app.screen
        assert isinstance(screen, NotesScreen) and screen.is_opening
        assert app.notebook is not None
        before = app.notebook.note_counts()[0]
        newest_before = set(screen.table.note_ids)
        await pilot.press("j")
        await pilot.pause()
        await pilot.press(*"Duty desk: three referrals waiting on one manager", "enter")
        for _ in range(50):
            await pilot.pause(0.02)
            if app.screen is screen:
                break
        assert app.screen is screen
        assert screen.table.note_ids[0] not in newest_before

        held_open.set()
        await _until_opened(pilot, screen)
        await settle(pilot)
        assert screen.table.row_count == before + 1
        first = app.notebook.note(screen.table.note_ids[0])
        assert first.description.startswith("Duty desk: three referrals")


def test_snapshot_newest_notes_while_the_rest_open(
    snap_compare: Callable[..., bool], demo_path: Path, held_open: threading.Event
) -> None:
    """The status line says how much is shown and that the rest is on its way."""

    async def run_before(pilot: Pilot[object]) -> None:
        await unlock(pilot)
        await pilot.press("slash", *"duty")
        await pilot.pause()

    try:
        assert snap_compare(
            SteadyFieldnotesApp(demo_path), terminal_size=(100, 30), run_before=run_before
        )
    finally:
        held_open.set()


async def test_the_first_list_counts_once_and_previews_only_a_shown_note(
    demo_path: Path, held_open: threading.Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Between the unlock key and the first list: one count of the notes (a query over all
    of them) and no preview of a note that is not shown yet."""
    counted: list[int] = []
    previewed: list[int] = []
    original_counts = Notebook.note_counts
    original_preview = NotesScreen._update_preview

    def note_counts(notebook: Notebook) -> tuple[int, int]:
        counted.append(1)
        return original_counts(notebook)

    def update_preview(screen: NotesScreen) -> None:
        previewed.append(screen.table.row_count)
        original_preview(screen)

    app = FieldnotesApp(demo_path)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        monkeypatch.setattr(Notebook, "note_counts", note_counts)
        monkeypatch.setattr(NotesScreen, "_update_preview", update_preview)
        await unlock(pilot)
        assert isinstance(app.screen, NotesScreen)
        assert app.screen.table.row_count == SHOWN_FIRST
        # The unlock itself counts once to choose how to open; the screen once for its list.
        assert len(counted) == 2
        assert previewed and 0 not in previewed
        held_open.set()
        await _until_opened(pilot, app.screen)


async def test_once_every_note_is_open_the_synthesis_is_ready_before_it_is_asked_for(
    demo_path: Path, held_open: threading.Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fieldnotes.tui.screens.synthesis.screen import SynthesisScreen

    app = FieldnotesApp(demo_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        screen = app.screen
        assert isinstance(screen, NotesScreen)
        held_open.set()
        await _until_opened(pilot, screen)
        await settle(pilot)
        notebook = app.notebook
        assert notebook is not None
        worked_out: list[object] = []
        original = notebook._synthesise

        def counted(*args: object, **kwargs: object) -> object:
            worked_out.append(args)
            return original(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(notebook, "_synthesise", counted)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, SynthesisScreen)
        # The screen opened on the synthesis worked out in the background: none worked out now.
        assert worked_out == []


async def test_after_opening_every_note_and_the_synthesis_the_spare_memory_is_given_back(
    demo_path: Path, held_open: threading.Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    happened: list[str] = []
    synthesise = Notebook.synthesis
    give_back = Notebook.return_spare_memory

    def synthesis(notebook: Notebook, *args: object, **kwargs: object) -> object:
        happened.append("synthesis")
        return synthesise(notebook, *args, **kwargs)  # type: ignore[arg-type]

    def return_spare_memory(notebook: Notebook) -> None:
        happened.append("given back")
        give_back(notebook)

    monkeypatch.setattr(Notebook, "synthesis", synthesis)
    monkeypatch.setattr(Notebook, "return_spare_memory", return_spare_memory)
    app = FieldnotesApp(demo_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        screen = app.screen
        assert isinstance(screen, NotesScreen)
        assert "given back" not in happened
        held_open.set()
        await _until_opened(pilot, screen)
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert happened[-2:] == ["synthesis", "given back"]
        # The notebook is as it was: every note listed and searchable.
        assert screen.table.row_count == app.notebook.note_counts()[0]  # type: ignore[union-attr]

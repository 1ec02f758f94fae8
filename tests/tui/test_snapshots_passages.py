"""Snapshots of passage coding at 80×24: the note view with a passage and an orphaned one, and
the chooser. Regenerate with `--snapshot-update`, then look at each one."""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.screen import Screen

from fieldnotes.notebook import Notebook
from fieldnotes.tui.dialogs.passage import NotePassagesScreen
from tests.tui.shell_support import SteadyCursors

SnapCompare = Callable[..., bool]
NARROW = (80, 24)


@pytest.fixture
def coded(demo_path: Path) -> Iterator[Notebook]:
    """A demo notebook whose newest note has a coded passage and one that lost its words.

    One per test, under that test's own user folders: every copy of the demo shares one
    notebook id, so a copy shared across tests would meet a later state another test left in
    this machine's record of the newest it has seen, and open read-only."""
    notebook = Notebook.open(demo_path)
    notebook.unlock("demo")
    note = notebook.notes()[0]
    obstacle = notebook.obstacles()[1]
    words = note.description.split(".")[0]
    notebook.code_passage(note.id, "description", 0, len(words), obstacle_ids=[obstacle.id])
    second = note.description.index(words) + len(words) + 2
    end = note.description.index(".", second)
    notebook.code_passage(note.id, "description", second, end, principles=note.principles[:1])
    text = notebook.note(note.id).description
    notebook.update_note(
        note.id,
        dataclasses.replace(notebook.note(note.id).draft(), description=text[:second] + text[end:]),
    )
    yield notebook
    notebook.close()


class Host(SteadyCursors):
    def __init__(self, make_screen: Callable[[], Screen[Any]]) -> None:
        super().__init__()
        self._make_screen = make_screen

    def on_mount(self) -> None:
        self.push_screen(self._make_screen())


def keys(*pressed: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run(pilot: Pilot[None]) -> None:
        await pilot.pause()
        for key in pressed:
            await pilot.press(key)
        await pilot.pause()

    return run


def test_the_note_view_marks_and_lists_passages(snap_compare: SnapCompare, coded: Notebook) -> None:
    note_id = coded.notes()[0].id
    assert snap_compare(
        Host(lambda: NotePassagesScreen(coded, note_id)), terminal_size=NARROW, run_before=keys()
    )


def test_the_chooser_shows_the_selected_words(snap_compare: SnapCompare, coded: Notebook) -> None:
    note_id = coded.notes()[0].id
    selection = ["ctrl+shift+right"] * 4
    assert snap_compare(
        Host(lambda: NotePassagesScreen(coded, note_id)),
        terminal_size=NARROW,
        run_before=keys("down", *selection, "c", "w", "o", "r", "k"),
    )


def test_the_editor_lists_passages_under_the_text(
    snap_compare: SnapCompare, coded: Notebook
) -> None:
    from fieldnotes.tui.screens.writeup.screen import WriteUpScreen

    note_id = coded.notes()[0].id

    async def to_the_list(pilot: Pilot[None]) -> None:
        await pilot.pause()
        await pilot.pause()
        screen = pilot.app.screen
        screen.query_one("#form").scroll_to_widget(screen.query_one("#passages"), animate=False)
        await pilot.pause()

    assert snap_compare(
        Host(lambda: WriteUpScreen(coded, note_id)), terminal_size=NARROW, run_before=to_the_list
    )

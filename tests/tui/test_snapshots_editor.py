"""Snapshots of the write-up editor and the codebook, at 80×24 and on a wide terminal.

Every scene is deterministic: demo notes carry fixed dates, new notes get a fixed time through
`initial`, and cursors do not blink. Regenerate with `--snapshot-update`, then look at each one.
"""

from __future__ import annotations

import shutil
from collections.abc import Awaitable, Callable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.keys import _character_to_key
from textual.pilot import Pilot
from textual.screen import Screen

from fieldnotes.domain.model import NoteDraft
from fieldnotes.notebook import Notebook
from fieldnotes.tui.screens.codebook.screen import CodebookScreen
from fieldnotes.tui.screens.writeup.screen import WriteUpScreen
from tests.tui.shell_support import SteadyCursors

WHEN = datetime(2026, 8, 5, 14, 40)
NARROW = (80, 24)
WIDE = (140, 40)

PREVIEW_TEXT = """\
## Arrival

The duty desk was *quiet* at nine; by ten:

- three referrals by email
- one walk-in, a grandmother with a carrier bag of letters

> "We don't get time to read these properly."

Raw HTML stays as text: <script>alert("no")</script> and a [link](https://example.org).
"""

SnapCompare = Callable[..., bool]
Step = str | Callable[[Pilot[None]], Awaitable[None]]


@pytest.fixture(scope="module")
def demo_notebook(
    demo_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Notebook]:
    """One demo notebook for every picture here: none of the scenes saves anything it shows.

    Opening a notebook runs the key derivation; doing it once keeps the snapshots quick.
    """
    path = tmp_path_factory.mktemp("snapshots") / "demo.fieldnotes"
    shutil.copy2(demo_template, path)
    notebook = Notebook.open(path)
    notebook.unlock("demo")
    yield notebook
    notebook.close()


@pytest.fixture(autouse=True)
def drafts_wait_for_no_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """No draft is sealed while a picture is set up: "unsaved" never turns into "kept as a
    draft" because the machine was slow enough for the delay to run out."""
    monkeypatch.setattr(WriteUpScreen, "DRAFT_DELAY", 3600.0)
    monkeypatch.setattr(WriteUpScreen, "DRAFT_MAX_WAIT", 3600.0)


class Host(SteadyCursors):
    def __init__(self, make_screen: Callable[[], Screen[Any]]) -> None:
        super().__init__()
        self._make_screen = make_screen

    def on_mount(self) -> None:
        self.push_screen(self._make_screen())


def steps(*keys: Step) -> Callable[[Pilot[None]], Awaitable[None]]:
    """Keys (and small callables) to run before the picture (cursors never blink: `Host`)."""

    async def run(pilot: Pilot[None]) -> None:
        await pilot.pause()
        for key in keys:
            if isinstance(key, str):
                await pilot.press(key)
            else:
                await key(pilot)
            await pilot.pause()
        # Lists that fill from a worker (the codebook's notes) are pictured once filled.
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    return run


def typed(text: str) -> Step:
    """A burst of typed keys (see `type_text` in test_writeup.py for why not `press`)."""

    async def type_it(pilot: Pilot[None]) -> None:
        for character in text:
            key = character if character.isalnum() else _character_to_key(character)
            pilot.app.post_message(events.Key(key, character))
        await pilot.pause()

    return type_it


def existing_note_id(notebook: Notebook) -> str:
    """A write-up with principles, obstacles and quotes: the richest kind of demo note."""
    for note in sorted(notebook.notes(), key=lambda n: (n.occurred_at, n.id)):
        if note.stage == "write-up" and note.principles and note.obstacle_ids and note.quotes:
            return note.id
    raise AssertionError("the demo notebook has no full write-up")


def new_note(notebook: Notebook, description: str = "") -> WriteUpScreen:
    return WriteUpScreen(
        notebook, initial=NoteDraft(mode="observe", occurred_at=WHEN, description=description)
    )


def scroll_form_to_end() -> Step:
    async def scroll(pilot: Pilot[None]) -> None:
        pilot.app.screen.query_one("#form").scroll_end(animate=False)

    return scroll


def select_obstacle(notebook: Notebook, path: str) -> Step:
    async def walk(pilot: Pilot[None]) -> None:
        screen = pilot.app.screen
        assert isinstance(screen, CodebookScreen)
        wanted = notebook.find_obstacle(path).id
        for _ in range(len(notebook.obstacles())):
            if screen.selected_obstacle_id == wanted:
                return
            await pilot.press("down")

    return walk


def compare(
    snap_compare: SnapCompare,
    make_screen: Callable[[], Screen[Any]],
    size: tuple[int, int],
    keys: Sequence[Step] = (),
) -> bool:
    return snap_compare(Host(make_screen), terminal_size=size, run_before=steps(*keys))


class TestWriteUpEditor:
    @pytest.mark.parametrize("size", [NARROW, WIDE], ids=["80x24", "140x40"])
    def test_new_note(
        self, snap_compare: SnapCompare, demo_notebook: Notebook, size: tuple[int, int]
    ) -> None:
        assert compare(snap_compare, lambda: new_note(demo_notebook), size)

    @pytest.mark.parametrize("size", [NARROW, WIDE], ids=["80x24", "140x40"])
    def test_existing_note(
        self, snap_compare: SnapCompare, demo_notebook: Notebook, size: tuple[int, int]
    ) -> None:
        note_id = existing_note_id(demo_notebook)
        assert compare(snap_compare, lambda: WriteUpScreen(demo_notebook, note_id), size)

    def test_existing_note_links_at_80x24(
        self, snap_compare: SnapCompare, demo_notebook: Notebook
    ) -> None:
        note_id = existing_note_id(demo_notebook)
        assert compare(
            snap_compare,
            lambda: WriteUpScreen(demo_notebook, note_id),
            NARROW,
            [scroll_form_to_end()],
        )

    @pytest.mark.parametrize("size", [NARROW, WIDE], ids=["80x24", "140x40"])
    def test_preview(
        self, snap_compare: SnapCompare, demo_notebook: Notebook, size: tuple[int, int]
    ) -> None:
        assert compare(snap_compare, lambda: new_note(demo_notebook, PREVIEW_TEXT), size, ["f2"])

    @pytest.mark.parametrize("size", [NARROW, WIDE], ids=["80x24", "140x40"])
    def test_principle_picker(
        self, snap_compare: SnapCompare, demo_notebook: Notebook, size: tuple[int, int]
    ) -> None:
        keys = ["f3", typed("decision"), "ctrl+r"]
        assert compare(snap_compare, lambda: new_note(demo_notebook), size, keys)

    def test_obstacle_completion(self, snap_compare: SnapCompare, demo_notebook: Notebook) -> None:
        keys = ["f5", typed("record")]
        assert compare(snap_compare, lambda: new_note(demo_notebook), NARROW, keys)

    def test_obstacle_create_prompt(
        self, snap_compare: SnapCompare, demo_notebook: Notebook
    ) -> None:
        keys = ["f5", typed("Recording burden/Night shifts"), "enter"]
        assert compare(snap_compare, lambda: new_note(demo_notebook), NARROW, keys)

    def test_leave_prompt(self, snap_compare: SnapCompare, demo_notebook: Notebook) -> None:
        keys = [typed("Edited"), "escape"]
        note_id = existing_note_id(demo_notebook)
        assert compare(snap_compare, lambda: WriteUpScreen(demo_notebook, note_id), NARROW, keys)


class TestCodebook:
    @pytest.mark.parametrize("size", [NARROW, WIDE], ids=["80x24", "140x40"])
    def test_obstacles(
        self, snap_compare: SnapCompare, demo_notebook: Notebook, size: tuple[int, int]
    ) -> None:
        keys = [select_obstacle(demo_notebook, "Forms that don't fit the work")]
        assert compare(snap_compare, lambda: CodebookScreen(demo_notebook), size, keys)

    @pytest.mark.parametrize("size", [NARROW, WIDE], ids=["80x24", "140x40"])
    def test_principles_tab(
        self, snap_compare: SnapCompare, demo_notebook: Notebook, size: tuple[int, int]
    ) -> None:
        keys = ["2", "down", "down"]
        assert compare(snap_compare, lambda: CodebookScreen(demo_notebook), size, keys)

    def test_merge_confirmation(self, snap_compare: SnapCompare, demo_notebook: Notebook) -> None:
        keys = [
            select_obstacle(demo_notebook, "Duplicate data entry"),
            "M",
            typed("fit the work"),
            "enter",
        ]
        assert compare(snap_compare, lambda: CodebookScreen(demo_notebook), NARROW, keys)

    @pytest.mark.parametrize("size", [NARROW, WIDE], ids=["80x24", "140x40"])
    def test_memo_editor(
        self, snap_compare: SnapCompare, demo_notebook: Notebook, size: tuple[int, int]
    ) -> None:
        keys = [
            select_obstacle(demo_notebook, "Duplicate data entry"),
            "w",
            typed("Copy and paste"),
        ]
        assert compare(snap_compare, lambda: CodebookScreen(demo_notebook), size, keys)

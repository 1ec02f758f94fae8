"""The codebook screen, driven by keys, checked against the notebook afterwards."""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence

import pytest
from textual import events
from textual.app import App
from textual.keys import _character_to_key
from textual.pilot import Pilot
from textual.widgets import OptionList, Tree

from fieldnotes.domain.model import Note
from fieldnotes.notebook import Notebook, NoteFilter
from fieldnotes.tui.dialogs.codebook import (
    NameDialog,
    ObstacleFormDialog,
    ObstaclePickDialog,
)
from fieldnotes.tui.dialogs.confirm import ConfirmScreen
from fieldnotes.tui.dialogs.memo import MemoEditorScreen
from fieldnotes.tui.dialogs.reason import ReasonDialog
from fieldnotes.tui.screens.codebook.screen import CodebookScreen
from fieldnotes.tui.screens.writeup.screen import WriteUpScreen
from tests.tui.shell_support import screen_text


class Host(App[None]):
    def __init__(self, notebook: Notebook) -> None:
        super().__init__()
        self._notebook = notebook

    def on_mount(self) -> None:
        self.push_screen(CodebookScreen(self._notebook))


def codebook(app: App[None]) -> CodebookScreen:
    screen = app.screen
    assert isinstance(screen, CodebookScreen), screen
    return screen


async def type_text(pilot: Pilot[None], text: str) -> None:
    """Type a burst of keys, then let the app catch up once.

    `Pilot.press` waits for a full render after every key, which makes long text slow to
    type in tests; a person's typing arrives in bursts like this anyway.
    """
    for character in text:
        key = character if character.isalnum() else _character_to_key(character)
        pilot.app.post_message(events.Key(key, character))
    await pilot.pause()


async def settled(pilot: Pilot[None]) -> None:
    """The notes lists fill from workers: wait for them, then for what they posted."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def select(pilot: Pilot[None], notebook: Notebook, path: str) -> None:
    """Walk the tree cursor with the arrow keys until it rests on `path`."""
    screen = codebook(pilot.app)
    wanted = notebook.find_obstacle(path).id
    tree: Tree[str] = screen.query_one("#obstacle-tree", Tree)
    tree.focus()
    await pilot.press("home")
    for _ in range(len(notebook.obstacles()) + 1):
        if screen.selected_obstacle_id == wanted:
            return
        await pilot.press("down")
    raise AssertionError(f"{path} not reachable in the tree")


async def test_create_rename_move_and_set_status(demo_notebook: Notebook) -> None:
    nb = demo_notebook
    app = Host(nb)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("N")
        await pilot.pause()
        assert isinstance(app.screen, NameDialog)
        await type_text(pilot, "Courts")
        await pilot.press("enter")
        await pilot.pause()
        courts = nb.find_obstacle("Courts")
        assert courts.parent_id is None
        assert codebook(app).selected_obstacle_id == courts.id

        await pilot.press("n")
        await pilot.pause()
        await type_text(pilot, "Adjourned")
        await pilot.press("enter")
        await pilot.pause()
        child = nb.find_obstacle("Courts/Adjourned")
        assert child.parent_id == courts.id
        assert codebook(app).selected_obstacle_id == child.id

        await pilot.press("r")
        await pilot.pause()
        await type_text(pilot, "Late reports")
        await pilot.press("enter")
        await pilot.pause()
        assert nb.obstacle(child.id).name == "Late reports"

        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, ObstaclePickDialog)
        await type_text(pilot, "recording burden")
        await pilot.press("enter")
        await pilot.pause()
        assert nb.obstacle(child.id).parent_id == nb.find_obstacle("Recording burden").id
        assert codebook(app).selected_obstacle_id == child.id

        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ObstacleFormDialog)
        await pilot.press("tab", "enter")  # open the status list
        await pilot.pause()
        await pilot.press("down", "down", "enter")  # emerging -> raised
        await pilot.press("tab")
        await type_text(pilot, "2026-12-01")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReasonDialog)
        await pilot.press("enter")  # no reason given: the change is kept without one
        await pilot.pause()
    moved = nb.obstacle(child.id)
    assert moved.status == "raised"
    assert [e.reason for e in nb.obstacle_history(child.id)] == [""]
    assert moved.reobserve_on is not None and moved.reobserve_on.isoformat() == "2026-12-01"


async def test_merge_carries_notes_and_memos(demo_notebook: Notebook) -> None:
    nb = demo_notebook
    source = nb.find_obstacle("Duplicate data entry")
    target = nb.find_obstacle("Forms that don't fit the work")
    memo = nb.add_memo(
        "code", "Copy and paste", "Same text in three forms.", obstacle_ids=[source.id]
    )
    source_notes = {n.id for n in nb.notes() if source.id in n.obstacle_ids}
    assert source_notes
    coded = nb.notes()[0]
    passage = nb.code_passage(coded.id, "description", 0, 5, obstacle_ids=[source.id])
    app = Host(nb)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await select(pilot, nb, "Duplicate data entry")
        await pilot.press("M")
        await pilot.pause()
        await type_text(pilot, "fit the work")
        await pilot.press("enter")
        await pilot.pause()
        confirm = app.screen
        assert isinstance(confirm, ConfirmScreen)
        detail = str(confirm.query_one("#confirm-detail").render())
        assert f"{len(source_notes)} notes, 1 passage and 1 memo move there" in detail
        await pilot.press("y")
        await pilot.pause()
        assert codebook(app).selected_obstacle_id == target.id
    assert source.id not in {o.id for o in nb.obstacles()}
    for note_id in source_notes:
        assert target.id in nb.note(note_id).obstacle_ids
    (carried,) = [m for m in nb.memos() if m.id == memo.id]
    assert carried.obstacle_ids == [target.id]
    assert [p.obstacle_ids for p in nb.note(coded.id).passages if p.id == passage.id] == [
        (target.id,)
    ]


async def test_delete_asks_and_keeps_notes(demo_notebook: Notebook) -> None:
    nb = demo_notebook
    gone = nb.find_obstacle("Slow or unavailable system")
    tagged = [n.id for n in nb.notes() if gone.id in n.obstacle_ids]
    coded = nb.notes()[0]
    passage = nb.code_passage(coded.id, "description", 0, 5, obstacle_ids=[gone.id])
    app = Host(nb)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await select(pilot, nb, "Slow or unavailable system")
        await pilot.press("delete")
        await pilot.pause()
        detail = str(app.screen.query_one("#confirm-detail").render())
        assert "1 coded passage loses this code and keeps its words" in detail
        assert "1 is left with no code, kept and listed as uncoded" in detail
        await pilot.press("n")  # keep
        await pilot.pause()
        assert gone.id in {o.id for o in nb.obstacles()}
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    assert gone.id not in {o.id for o in nb.obstacles()}
    assert all(gone.id not in nb.note(note_id).obstacle_ids for note_id in tagged)
    assert [p.id for _, p in nb.uncoded_passages()] == [passage.id]


async def test_memo_add_and_open_a_note(demo_notebook: Notebook) -> None:
    nb = demo_notebook
    obstacle = nb.find_obstacle("Forms that don't fit the work")
    note_id = nb.notes(NoteFilter(obstacle_id=obstacle.id))[0].id
    app = Host(nb)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await select(pilot, nb, "Forms that don't fit the work")
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, MemoEditorScreen)
        await type_text(pilot, "Form first")
        await pilot.press("tab")
        await type_text(pilot, "The form sets the agenda.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        screen = codebook(app)
        memos = screen.query_one("#obstacle-memos", OptionList)
        assert memos.option_count == 1
        await settled(pilot)

        notes = screen.query_one("#obstacle-notes", OptionList)
        notes.focus()
        notes.highlighted = 0
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, WriteUpScreen)
        assert app.screen.note_id == note_id
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
    (memo,) = nb.memos(obstacle_id=obstacle.id)
    assert (memo.kind, memo.title, memo.body) == ("code", "Form first", "The form sets the agenda.")


async def test_principles_tab_lists_linked_notes(demo_notebook: Notebook) -> None:
    nb = demo_notebook
    app = Host(nb)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        screen = codebook(app)
        tree: Tree[str] = screen.query_one("#principle-tree", Tree)
        assert tree.has_focus
        # Walk to the first principle that has notes linked.
        for _ in range(60):
            node = tree.cursor_node
            if node is not None and node.data in nb.principles():
                linked = nb.notes(NoteFilter(principle_id=node.data))
                if linked:
                    break
            await pilot.press("down")
        else:
            raise AssertionError("no principle with notes")
        await settled(pilot)
        notes = screen.query_one("#principle-notes", OptionList)
        assert notes.option_count == len(linked)
        # Obstacle keys do nothing on this tab.
        assert screen.check_action("rename", ()) is False


async def test_at_80_columns_long_names_are_cut_before_their_counts(
    demo_notebook: Notebook,
) -> None:
    counts = demo_notebook.obstacle_note_counts()
    long_one = demo_notebook.find_obstacle("Forms that don't fit the work")
    app = Host(demo_notebook)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        lines = screen_text(app).splitlines()
        row = next(line for line in lines if "Forms that" in line)
        tree_part = row.split("▕")[0].rstrip()
        assert "…" in tree_part  # the name gave way ...
        assert tree_part.endswith(f"  {counts[long_one.id]}")  # ... and its count is shown
        # Every obstacle row in the tree ends in its count.
        rows = [line.split("▕")[0].rstrip() for line in lines if "▕" in line]
        named = [row for row in rows if any(mark in row for mark in "○◐●◆✓")]
        assert named and all(row.split()[-1].isdigit() for row in named)


async def test_merge_confirmation_says_which_status_and_date_it_keeps(
    demo_notebook: Notebook,
) -> None:
    from datetime import date

    nb = demo_notebook
    source = nb.find_obstacle("Duplicate data entry")
    target = nb.find_obstacle("Forms that don't fit the work")
    nb.update_obstacle(source.id, status="resolved", reobserve_on=date(2026, 10, 1))
    nb.update_obstacle(target.id, reobserve_on=date(2026, 12, 1))
    app = Host(nb)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await select(pilot, nb, "Duplicate data entry")
        await pilot.press("M")
        await pilot.pause()
        await type_text(pilot, "fit the work")
        await pilot.press("enter")
        await pilot.pause()
        confirm = app.screen
        assert isinstance(confirm, ConfirmScreen)
        detail = str(confirm.query_one("#confirm-detail").render())
        assert "keeps the status “resolved”" in detail
        assert "Re-observe on 2026-10-01, the earlier date" in detail
        await pilot.press("y")
        await pilot.pause()
    merged = nb.obstacle(target.id)
    assert merged.status == "resolved"
    assert merged.reobserve_on == date(2026, 10, 1)


async def test_opening_on_a_wide_terminal_builds_the_tree_once_and_a_resize_rebuilds_it(
    demo_notebook: Notebook, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The tree is counted and laid out once on open, at the width the screen really has;
    a resize that changes what fits (the status words) builds it again."""
    builds: list[bool] = []
    build = CodebookScreen._build_obstacle_tree

    def counted(screen: CodebookScreen, select: str | None = None) -> None:
        builds.append(screen.wide)
        build(screen, select)

    monkeypatch.setattr(CodebookScreen, "_build_obstacle_tree", counted)
    app = Host(demo_notebook)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        assert builds == [True]
        assert "evidenced" in screen_text(app)
        await pilot.resize_terminal(80, 30)
        await pilot.pause()
        assert builds == [True, False]
        assert "evidenced" not in screen_text(app)


def _shown_ids(screen: CodebookScreen, selector: str) -> list[str]:
    notes = screen.query_one(selector, OptionList)
    return [str(option.id) for option in notes.options]


async def test_the_notes_list_shows_the_right_notes_when_scrolled_to_its_end(
    demo_notebook: Notebook,
) -> None:
    nb = demo_notebook
    top = nb.find_obstacle("IT and case recording system")
    expected = nb.notes(NoteFilter(obstacle_id=top.id))
    assert len(expected) > 12  # more than the list's height: only some rows are drawn
    app = Host(nb)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        screen = codebook(app)
        assert screen.selected_obstacle_id == top.id
        assert _shown_ids(screen, "#obstacle-notes") == [note.id for note in expected]
        # Each row is cut to the pane: its first words are what is drawn.
        first, last = (note.first_line[:20] for note in (expected[0], expected[-1]))
        assert first in screen_text(app) and last not in screen_text(app)
        notes = screen.query_one("#obstacle-notes", OptionList)
        notes.focus()
        await pilot.press("end")
        await pilot.pause()
        assert notes.highlighted == len(expected) - 1
        assert last in screen_text(app) and first not in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, WriteUpScreen)
        assert app.screen.note_id == expected[-1].id


async def test_an_arrow_shows_the_next_obstacles_notes_at_once(demo_notebook: Notebook) -> None:
    """Once the codebook is open, the next obstacle's notes are in its list as the key is
    handled: nothing is left to read in the background, so nothing arrives later."""
    nb = demo_notebook
    second = nb.find_obstacle("Duplicate data entry")
    app = Host(nb)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        screen = codebook(app)
        await pilot.press("down")
        assert screen.selected_obstacle_id == second.id
        assert not [w for w in app.workers if not w.is_finished]
        wanted = [note.id for note in nb.notes(NoteFilter(obstacle_id=second.id))]
        assert _shown_ids(screen, "#obstacle-notes") == wanted
        await settled(pilot)
        assert _shown_ids(screen, "#obstacle-notes") == wanted


async def test_notes_that_land_after_the_cursor_moved_show_for_where_it_is(
    demo_notebook: Notebook, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every obstacle's notes are held back until the cursor has moved on; when they land,
    the list shows the obstacle under the cursor, not the one the codebook opened on."""
    nb = demo_notebook
    first = nb.find_obstacle("IT and case recording system")
    second = nb.find_obstacle("Duplicate data entry")
    release = threading.Event()
    grouped = nb.obstacle_notes

    def held_back() -> Mapping[str, Sequence[Note]]:
        release.wait(timeout=60)
        return grouped()

    monkeypatch.setattr(nb, "obstacle_notes", held_back)
    app = Host(nb)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = codebook(app)
        assert screen.selected_obstacle_id == first.id
        notes = screen.query_one("#obstacle-notes", OptionList)
        # Not known yet: neither a list nor "no notes tagged" is shown.
        assert not notes.display and not screen.query_one("#notes-empty").display
        await pilot.press("down")
        assert screen.selected_obstacle_id == second.id
        release.set()
        await _until_filled(pilot, screen)
        wanted = [note.id for note in nb.notes(NoteFilter(obstacle_id=second.id))]
        assert _shown_ids(screen, "#obstacle-notes") == wanted
        assert notes.display


async def _until_filled(pilot: Pilot[None], screen: CodebookScreen) -> None:
    """Until the notes list has something in it (the held-back worker never completes)."""
    notes = screen.query_one("#obstacle-notes", OptionList)
    for _ in range(2000):
        if notes.option_count:
            return
        await pilot.pause(0.01)
    raise AssertionError("the notes list never filled")


async def test_the_first_frame_after_an_arrow_already_has_the_obstacles_details(
    demo_notebook: Notebook, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The tree's new cursor and the obstacle's details are drawn together: no frame shows
    the cursor on one obstacle beside the details of the one before."""
    from typing import Any

    nb = demo_notebook
    app = Host(nb)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.pause()
        screen = codebook(app)
        tree: Tree[str] = screen.query_one("#obstacle-tree", Tree)
        frames: list[tuple[str | None, str | None]] = []
        display = App._display

        def drawn(self: App[Any], *args: Any, **kwargs: Any) -> None:
            node = tree.cursor_node
            head = " ".join(str(screen.query_one("#obstacle-head").render()).split())
            name = nb.obstacle(node.data).name if node is not None and node.data else None
            frames.append((name, head))
            display(self, *args, **kwargs)

        monkeypatch.setattr(App, "_display", drawn)
        names = set()
        for _ in range(8):
            frames.clear()
            await pilot.press("down")
            await pilot.pause()
            await pilot.pause()
            assert frames, "an arrow draws a frame"
            for name, head in frames:
                assert name is not None and head is not None and name in head, frames
            names.add(frames[0][0])
        assert len(names) == 8


async def test_opened_again_the_codebook_shows_its_notes_with_nothing_to_work_out(
    demo_notebook: Notebook, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second visit finds every obstacle's notes kept by the notebook: the first
    obstacle's notes are in the list as the screen is built, and nothing is worked out."""
    nb = demo_notebook
    top = nb.find_obstacle("IT and case recording system")
    wanted = [note.id for note in nb.notes(NoteFilter(obstacle_id=top.id))]
    worked_out: list[int] = []
    grouped = nb.obstacle_notes

    def counted() -> Mapping[str, Sequence[Note]]:
        worked_out.append(1)
        return grouped()

    monkeypatch.setattr(nb, "obstacle_notes", counted)
    app = Host(nb)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        assert _shown_ids(codebook(app), "#obstacle-notes") == wanted
        assert worked_out == [1]
        await pilot.press("escape")
        await pilot.pause()
        app.push_screen(CodebookScreen(nb))
        await pilot.pause()
        screen = codebook(app)
        assert screen.query_one("#obstacle-notes", OptionList).display
        assert _shown_ids(screen, "#obstacle-notes") == wanted
        await settled(pilot)
        assert worked_out == [1]

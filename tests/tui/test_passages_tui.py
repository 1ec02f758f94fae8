"""Coding passages by keys: select words, code them, see them listed, marked and counted."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from fieldnotes.notebook import Notebook
from fieldnotes.tui.app import FieldnotesApp
from fieldnotes.tui.dialogs.passage import NotePassagesScreen, PassageCodeScreen
from fieldnotes.tui.dialogs.tag import matching, tag_targets
from fieldnotes.tui.screens.notes import NotesScreen
from fieldnotes.tui.screens.synthesis.screen import SynthesisScreen
from fieldnotes.tui.screens.writeup.screen import WriteUpScreen
from fieldnotes.tui.widgets.passages import CodedTextArea, PassageList
from tests.tui.shell_support import screen_text, settle, unlock


def _unused_obstacle(notebook: Notebook, note_id: str) -> tuple[str, str]:
    """An obstacle the note is not evidence for, and a search that finds it first."""
    targets = tag_targets(notebook)
    synthesis = notebook.synthesis()
    for obstacle in notebook.obstacles():
        query = obstacle.name
        found = matching(targets, query)
        if (
            found
            and found[0].target_id == obstacle.id
            and note_id not in synthesis.for_obstacle(obstacle.id).note_ids
            and query.isascii()
        ):
            return obstacle.id, query
    raise AssertionError("the demo has no obstacle to code with")


async def _code_first_word(pilot: Pilot[object], word: str, query: str) -> None:
    await pilot.press(*["shift+right"] * len(word))
    await pilot.press("c")
    await pilot.pause()
    assert isinstance(pilot.app.screen, PassageCodeScreen)
    await pilot.press(*query, "enter")
    await pilot.pause()


async def test_a_passage_coded_in_the_note_view_is_listed_marked_and_evidence(
    demo_path: Path,
) -> None:
    app = FieldnotesApp(demo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        assert isinstance(app.screen, NotesScreen) and app.notebook is not None
        notebook = app.notebook
        note_id = app.screen.table.current_note_id
        assert note_id is not None
        note = notebook.note(note_id)
        word = note.description.split()[0]
        obstacle_id, query = _unused_obstacle(notebook, note_id)

        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, NotePassagesScreen)
        view = app.screen
        await _code_first_word(pilot, word, query)

        assert app.screen is view
        (passage,) = notebook.note(note_id).passages
        start = note.description.index(word)
        assert (passage.start, passage.end, passage.text) == (start, start + len(word), word)
        assert passage.obstacle_ids == (obstacle_id,)
        listing = view.query_one(PassageList)
        assert [p.id for p in listing.shown] == [passage.id]
        assert "Passages (1)" in screen_text(app)
        area = view.query_one("#passages-description", CodedTextArea)
        marked = area.get_line(0)
        assert any("underline" in str(span.style) for span in marked.spans)

        evidence = notebook.synthesis().for_obstacle(obstacle_id)
        assert note_id in evidence.note_ids
        assert evidence.quotes[0].passage_id == passage.id

        # Re-tag with a principle at risk, then remove it: each change is saved at once.
        listing.focus()
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, PassageCodeScreen)
        await pilot.press(*"worried", "ctrl+r", "enter")
        await pilot.pause()
        (recoded,) = notebook.note(note_id).passages
        assert recoded.obstacle_ids == (obstacle_id,)
        assert [link.stance for link in recoded.principles] == ["at-risk"]

        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, NotesScreen)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, SynthesisScreen)
        shown = app.screen.synthesis
        assert shown is not None and note_id in shown.for_obstacle(obstacle_id).note_ids


async def test_coding_with_nothing_selected_says_what_to_do(demo_path: Path) -> None:
    app = FieldnotesApp(demo_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await unlock(pilot)
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, NotePassagesScreen)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, NotePassagesScreen)
        assert "Select some words first" in screen_text(app)


async def test_a_passage_coded_in_the_editor_follows_its_words_and_is_saved(
    demo_notebook: Notebook,
) -> None:
    from tests.tui.test_writeup import Host, editor, type_text

    nb = demo_notebook
    original = nb.notes()[1]
    word = original.description.split()[0]
    obstacle_id, query = _unused_obstacle(nb, original.id)
    app = Host(lambda: WriteUpScreen(nb, original.id))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = editor(app)
        assert screen.focused is screen.query_one("#description")
        await pilot.press(*["shift+right"] * len(word), "f10")
        await pilot.pause()
        assert isinstance(app.screen, PassageCodeScreen)
        await pilot.press(*query, "enter")
        await pilot.pause()
        listing = screen.query_one(PassageList)
        assert [p.text for p in listing.shown] == [word]
        # Typing before the passage moves it with its words; the list and marks follow.
        await pilot.press("home")
        await type_text(pilot, "Seen: ")
        area = screen.query_one("#description", CodedTextArea)
        (moved,) = area.passages
        assert area.text[moved.start : moved.end] == word and moved.start == len("Seen: ")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.results == [original.id]
    (saved,) = nb.note(original.id).passages
    assert (saved.start, saved.text, saved.obstacle_ids) == (len("Seen: "), word, (obstacle_id,))
    assert original.id in nb.synthesis().for_obstacle(obstacle_id).note_ids


async def test_a_passage_whose_words_are_deleted_in_the_editor_is_flagged_not_lost(
    demo_notebook: Notebook,
) -> None:
    from tests.tui.test_writeup import Host, editor

    nb = demo_notebook
    original = nb.notes()[1]
    word = original.description.split()[0]
    nb.code_passage(original.id, "description", 0, len(word), obstacle_ids=[])
    app = Host(lambda: WriteUpScreen(nb, original.id))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        screen = editor(app)
        await pilot.press("home", *["shift+right"] * len(word), "delete")
        await pilot.pause()
        (flagged,) = screen.query_one(PassageList).shown
        assert flagged.orphaned
        assert "lost its words" in screen_text(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
    (kept,) = nb.note(original.id).passages
    assert kept.orphaned and kept.text == word


async def test_a_selection_counts_code_points_across_crlf_and_astral_characters() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets.text_area import Selection

    from fieldnotes.domain.passages import new_passage
    from fieldnotes.tui.widgets.passages import selected_span

    text = "a😀\r\nb𝔉c\r\n\r\nend 🧸"

    class One(App[None]):
        def compose(self) -> ComposeResult:
            yield CodedTextArea(text, read_only=True)

    app = One()
    async with app.run_test(size=(40, 10)) as pilot:
        area = app.query_one(CodedTextArea)
        assert area.text == text
        area.selection = Selection((1, 0), (3, 5))
        span = selected_span(area)
        assert span is not None and text[span[0] : span[1]] == "b𝔉c\r\n\r\nend 🧸"
        area.selection = Selection((1, 2), (0, 1))  # selected backwards
        span = selected_span(area)
        assert span is not None and text[span[0] : span[1]] == "😀\r\nb𝔉"
        area.set_passages([new_passage("description", text, *span)])
        await pilot.pause()
        assert [(s.start, s.end) for s in area.get_line(0).spans] == [(1, 2)]
        assert [(s.start, s.end) for s in area.get_line(1).spans] == [(0, 2)]

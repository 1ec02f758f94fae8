"""The notes screen, driven by keys: list, search, filters, marks and tags, help, palette."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static

from fieldnotes.domain.model import Note, PrincipleLink
from fieldnotes.notebook import NoteFilter
from fieldnotes.tui.app import DARK_THEME, LIGHT_THEME, FieldnotesApp
from fieldnotes.tui.dialogs.help import HelpScreen
from fieldnotes.tui.dialogs.tag import TagScreen
from fieldnotes.tui.format import LinkLabels
from fieldnotes.tui.screens.notes import NotesScreen
from fieldnotes.tui.widgets.filters import FilterPanel
from fieldnotes.tui.widgets.note_list import NoteTable
from tests.tui.shell_support import screen_text, unlock


def notes_screen(app: FieldnotesApp) -> NotesScreen:
    assert isinstance(app.screen, NotesScreen)
    return app.screen


async def searched(pilot: Pilot[None]) -> None:
    """A slow search runs in a worker: wait for it, then for the list it filled."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_lists_every_note_newest_first_with_the_waiting_count(demo_path: Path) -> None:
    app = FieldnotesApp(demo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        screen = notes_screen(app)
        assert app.notebook is not None
        everything = app.notebook.notes()
        assert screen.table.note_ids == [note.id for note in everything]
        waiting = sum(1 for note in everything if note.stage == "jotting")
        assert waiting > 0
        text = screen_text(app)
        assert f"{waiting} jottings waiting" in text
        assert everything[0].occurred_at.strftime("%Y-%m-%d") in text
        assert screen.table.has_focus

        await pilot.press("w")
        await pilot.pause()
        assert screen.table.note_ids == [n.id for n in everything if n.stage == "jotting"]
        assert "filters: stage" in screen_text(app)
        await pilot.press("w")
        await pilot.pause()
        assert screen.table.row_count == len(everything)

        # The mouse: a click on a row highlights it (row 3 of the list is line 4 of the table).
        await pilot.click("#notes", offset=(10, 3))
        await pilot.pause()
        assert screen.table.current_note_id == everything[2].id

        # 80 columns: no preview until asked for, then stacked under the list.
        assert not screen.show_preview
        await pilot.press("p")
        assert screen.show_preview
        current = app.notebook.note(screen.table.current_note_id or "")
        assert current.first_line[:30] in screen_text(app)


async def test_search_narrows_the_list_as_you_type(demo_path: Path) -> None:
    app = FieldnotesApp(demo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        screen = notes_screen(app)
        assert app.notebook is not None
        total = screen.table.row_count
        await pilot.press("slash")
        assert screen.query_one("#search", Input).has_focus
        await pilot.press(*"scaling")
        await searched(pilot)
        expected = [note.id for note in app.notebook.search("scaling")]
        assert 0 < len(expected) < total
        assert screen.table.note_ids == expected
        assert f"{len(expected)} of {total} notes" in screen_text(app)

        await pilot.press(*" zzzznothing")
        await searched(pilot)
        assert screen.table.row_count == 0
        assert "No notes match" in screen_text(app)

        # Escape leaves the box, a second escape clears the search.
        await pilot.press("escape", "escape")
        await searched(pilot)
        assert screen.table.row_count == total


async def test_a_search_keystroke_repaints_without_moving_anything(demo_path: Path) -> None:
    """The count keeps its width and the list and box their places: a repaint, not a layout."""
    app = FieldnotesApp(demo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        screen = notes_screen(app)
        total = screen.table.row_count
        count = screen.query_one("#status-count", Static)
        regions = {widget: widget.region for widget in (count, screen.table)}
        await pilot.press("slash", *"scaling")
        await searched(pilot)
        shown = screen.table.row_count
        assert 0 < shown < total
        assert str(count.render()).rstrip() == f"{shown} of {total} notes"
        assert {widget: widget.region for widget in regions} == regions


async def test_a_long_search_scrolls_inside_the_box(demo_path: Path) -> None:
    app = FieldnotesApp(demo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        screen = notes_screen(app)
        search = screen.query_one("#search", Input)
        await pilot.press("slash", *("word " * 20))
        await pilot.pause()
        # The cursor stays in sight at the end of a query wider than the box...
        assert search.scroll_x > 0
        assert search.region.contains_point(search.cursor_screen_offset - (1, 0))
        await pilot.press("home")
        await pilot.pause()
        # ...and at its start.
        assert search.scroll_x == 0
        await pilot.press("end", *["backspace"] * 90)
        await pilot.pause()
        assert search.value == "word " * 2
        assert search.scroll_x == 0


async def test_mode_filter_by_keys_in_the_filter_panel(demo_path: Path) -> None:
    app = FieldnotesApp(demo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        screen = notes_screen(app)
        assert app.notebook is not None
        await pilot.press("f")
        await pilot.pause()
        mode_select = screen.query_one("#filter-mode", Select)
        assert mode_select.has_focus
        # Open the list, skip the "Any mode" prompt and "observe", choose "co-work".
        await pilot.press("enter", "down", "down", "enter")
        await pilot.pause()
        assert mode_select.value == "co-work"
        expected = [n.id for n in app.notebook.notes(NoteFilter(mode="co-work"))]
        assert screen.table.note_ids == expected


async def test_at_80_columns_the_list_stays_readable_with_the_filters_open(
    demo_path: Path,
) -> None:
    app = FieldnotesApp(demo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        assert app.notebook is not None
        newest = app.notebook.notes()[0]
        await pilot.press("f")
        await pilot.pause()
        assert notes_screen(app).show_filters
        row = next(line for line in screen_text(app).splitlines() if "2026-10-30" in line)
        # The links and team columns give way so the note's own words can be read.
        words = newest.first_line[:28]
        assert words in row


async def test_preview_then_team_obstacle_principle_and_dates(demo_path: Path) -> None:
    app = FieldnotesApp(demo_path)
    async with app.run_test(size=(140, 40)) as pilot:
        await unlock(pilot)
        screen = notes_screen(app)
        notebook = app.notebook
        assert notebook is not None

        # Wide terminals show a preview: asides sit in their own box, apart from description.
        with_aside = next(n for n in notebook.notes() if n.asides.strip())
        screen.table.move_to(with_aside.id)
        await pilot.pause()
        asides = screen.query_one("#preview-asides", Static)
        assert screen.show_preview and "-empty" not in asides.classes
        assert with_aside.asides.strip()[:20] in str(asides.render())

        await pilot.press("f")
        panel = screen.query_one(FilterPanel)
        assert panel.display
        tagged = next(n for n in notebook.notes() if n.obstacle_ids and n.principles)
        panel.set_value("team", tagged.team)
        panel.set_value("obstacle", tagged.obstacle_ids[0])
        panel.set_value("principle", tagged.principles[0].principle_id)
        await pilot.pause()
        where = NoteFilter(
            team=tagged.team,
            obstacle_id=tagged.obstacle_ids[0],
            principle_id=tagged.principles[0].principle_id,
        )
        expected = [n.id for n in notebook.notes(where)]
        assert tagged.id in expected
        assert screen.table.note_ids == expected

        day = tagged.occurred_at.date()
        since = screen.query_one("#filter-since", Input)
        since.focus()
        await pilot.press(*"2026-13-01")
        await pilot.pause()
        assert "not a date like" in str(screen.query_one("#filter-error", Static).render())
        assert screen.table.note_ids == expected  # an invalid date changes nothing
        since.value = day.isoformat()
        screen.query_one("#filter-until", Input).value = (day - timedelta(days=1)).isoformat()
        await pilot.pause()
        assert "after the To date" in str(screen.query_one("#filter-error", Static).render())
        screen.query_one("#filter-until", Input).value = day.isoformat()
        await pilot.pause()
        expected = [
            n.id
            for n in notebook.notes(NoteFilter(team=tagged.team, since=day, until=day))
            if n.id in expected
        ]
        assert screen.table.note_ids == expected

        await pilot.click("#filter-clear")
        await pilot.pause()
        assert screen.table.row_count == len(notebook.notes())


async def test_mark_and_tag_notes_with_an_obstacle_then_a_principle(demo_path: Path) -> None:
    app = FieldnotesApp(demo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        screen = notes_screen(app)
        notebook = app.notebook
        assert notebook is not None
        first, second = screen.table.note_ids[:2]
        await pilot.press("space", "space")
        assert screen.table.selected == {first, second}
        assert "2 marked" in screen_text(app)
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, TagScreen)
        assert "Tag 2 notes" in screen_text(app)
        target = next(o for o in notebook.obstacles() if o.parent_id is not None)
        await pilot.press(*target.name)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, NotesScreen)
        for note_id in (first, second):
            assert target.id in notebook.note(note_id).obstacle_ids
        assert screen.table.selected == frozenset()

        # With nothing marked, t tags the highlighted note; ctrl+r switches the stance.
        current = screen.table.current_note_id
        assert current is not None
        await pilot.press("t")
        await pilot.pause()
        assert "Tag 1 note" in screen_text(app)
        await pilot.press(*"sos working well", "ctrl+r", "enter")
        await pilot.pause()
        assert isinstance(app.screen, NotesScreen)
        assert PrincipleLink("sos.working-well", "at-risk") in notebook.note(current).principles


async def test_help_palette_and_theme(demo_path: Path) -> None:
    app = FieldnotesApp(demo_path)
    async with app.run_test(size=(100, 70)) as pilot:
        await unlock(pilot)
        screen = notes_screen(app)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for words in ("Jotting", "Lock", "Mark", "Tag", "Waiting", "Codebook", "Preview"):
            assert words in text
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()

        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"waiting")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert screen.query_one(FilterPanel).value_of("stage") == "jotting"

        assert app.theme == DARK_THEME
        await pilot.press("ctrl+t")
        assert app.theme == LIGHT_THEME
        await pilot.press("ctrl+t")
        assert app.theme == DARK_THEME


class _ListOnly(App[None]):
    def compose(self) -> ComposeResult:
        yield NoteTable()


def _many_notes(count: int) -> list[Note]:
    start = datetime(2026, 1, 1, 9, 0)
    return [
        Note(
            id=f"note-{i}",
            mode=("observe", "co-work", "question")[i % 3],
            stage=("jotting", "write-up")[i % 2],
            occurred_at=start + timedelta(minutes=i),
            created_at=start,
            updated_at=start,
            revision=1,
            team=f"Team {i % 9}",
            description=f"Visit number {i}: the worker explained the plan to the family.",
        )
        for i in range(count)
    ]


async def test_ten_thousand_notes_stay_responsive(monkeypatch: pytest.MonkeyPatch) -> None:
    """Showing, re-filtering and paging 10,000 notes builds only the rows on screen."""
    built: list[str] = []
    row_text = NoteTable._row_text

    def counting_row_text(self: NoteTable, note: Note, *widths: int) -> Text:
        built.append(note.id)
        return row_text(self, note, *widths)

    monkeypatch.setattr(NoteTable, "_row_text", counting_row_text)
    notes = _many_notes(10_000)
    app = _ListOnly()
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.query_one(NoteTable)
        table.focus()
        table.show_notes(notes, LinkLabels.empty())
        await pilot.pause()
        table.show_notes(notes[::2], LinkLabels.empty())
        await pilot.pause()
        await pilot.press("end", "pageup", "up")
        assert 4_900 < table.cursor_row < 4_999
    # A few screens of 40 lines at most, however many notes there are and however often
    # the screen redraws them.
    assert len(set(built)) < 400, f"{len(set(built))} different rows were built"


def test_dates_are_checked_before_use() -> None:
    from fieldnotes.tui.format import parse_day

    assert parse_day(" 2026-08-20 ") == date(2026, 8, 20)
    assert parse_day("") is None
    for bad in ("20/08/2026", "2026-02-30", "soon"):
        try:
            parse_day(bad)
        except ValueError as error:
            assert "not a date like" in str(error)
        else:
            raise AssertionError(f"{bad!r} was accepted")


def test_every_binding_has_an_id_and_a_tooltip() -> None:
    from textual.binding import Binding

    from fieldnotes.tui.dialogs.confirm import ConfirmScreen
    from fieldnotes.tui.dialogs.drafts import DraftsScreen
    from fieldnotes.tui.dialogs.jotting import JottingScreen
    from fieldnotes.tui.screens.unlock import CreateScreen, OpenFailedScreen, UnlockScreen

    owners = (
        FieldnotesApp,
        NotesScreen,
        NoteTable,
        JottingScreen,
        TagScreen,
        HelpScreen,
        ConfirmScreen,
        DraftsScreen,
        UnlockScreen,
        CreateScreen,
        OpenFailedScreen,
    )
    ids: set[str] = set()
    for owner in owners:
        for binding in owner.BINDINGS:
            assert isinstance(binding, Binding), owner
            assert binding.id and binding.tooltip, (owner.__name__, binding.key)
            assert binding.id not in ids, binding.id
            ids.add(binding.id)


async def test_a_search_left_behind_by_typing_never_replaces_the_newer_one(
    demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every search runs in a worker here; the one for `scal` is held back until `scaling` has
    been shown, and when it lands after all the list still shows `scaling`."""
    import threading

    import fieldnotes.tui.screens.notes as notes_module

    monkeypatch.setattr(notes_module, "FAST_FILTER_SECONDS", 0.0)
    app = FieldnotesApp(demo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        screen = notes_screen(app)
        notebook = app.notebook
        assert notebook is not None
        expected = [note.id for note in notebook.search("scaling")]
        release = threading.Event()
        read = notebook.notes

        def held_back(where: NoteFilter | None = None, **stop: Any) -> list[Note]:
            if where is not None and where.query == "scal":
                release.wait(timeout=60)
            return read(where, **stop)

        monkeypatch.setattr(notebook, "notes", held_back)
        await pilot.press("slash", *"scaling")
        for _ in range(2000):
            if screen.table.note_ids == expected:
                break
            await pilot.pause(0.01)
        assert screen.table.note_ids == expected
        release.set()
        await searched(pilot)
        assert screen.query_one("#search", Input).value == "scaling"
        assert screen.table.note_ids == expected


async def test_the_cursor_keeps_its_note_and_hidden_marks_go_as_the_search_changes(
    demo_path: Path,
) -> None:
    app = FieldnotesApp(demo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        screen = notes_screen(app)
        assert app.notebook is not None
        everything = app.notebook.notes()
        # A note below the top whose first word some earlier notes lack.
        word = next(
            w
            for note in everything[3:]
            for w in note.description.split()
            if len(w) > 5 and w.isalpha() and not all(w in n.description for n in everything)
        )
        matching = [n.id for n in app.notebook.search(word)]
        kept = next(i for i in matching if i != everything[0].id)
        hidden = next(n.id for n in everything if n.id not in matching)
        assert screen.table.move_to(hidden)
        await pilot.press("space")
        assert screen.table.selected == {hidden}
        assert screen.table.move_to(kept)
        await pilot.press("slash", *word)
        await searched(pilot)
        assert screen.table.note_ids == matching
        assert screen.table.current_note_id == kept
        assert screen.table.cursor_row == matching.index(kept)
        # The mark on a note the search hides is dropped; the status line says none marked.
        assert screen.table.selected == frozenset()
        await pilot.press("escape", "escape")
        await searched(pilot)
        assert screen.table.current_note_id == kept
        assert screen.table.row_count == len(everything)


async def test_the_list_scrolls_to_its_last_note_after_a_search_is_cleared(
    demo_path: Path,
) -> None:
    app = FieldnotesApp(demo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        screen = notes_screen(app)
        assert app.notebook is not None
        everything = app.notebook.notes()
        await pilot.press("slash", *"zzzznothing")
        await searched(pilot)
        assert screen.table.row_count == 0
        await pilot.press("escape", "escape")
        await searched(pilot)
        # The rows came back without a layout of the screen: the scrollbar still follows.
        assert screen.table.show_vertical_scrollbar
        await pilot.press("end")
        await pilot.pause()
        assert screen.table.current_note_id == everything[-1].id
        assert everything[-1].first_line[:20] in screen_text(app)

"""The synthesis, drill-down and matrix screens, driven by keys on the demo notebook."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import pytest
from textual import events
from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import DataTable, Static

from fieldnotes.crypto.age import generate_identity
from fieldnotes.domain.brief import BriefRequest
from fieldnotes.domain.model import NoteDraft
from fieldnotes.domain.synthesis import Synthesis
from fieldnotes.notebook import Notebook
from fieldnotes.tui.dialogs.reason import ReasonDialog
from fieldnotes.tui.dialogs.synthesis import (
    DayDialog,
    NoteDialog,
    StatusDialog,
    TextFieldDialog,
)
from fieldnotes.tui.format import LinkLabels
from fieldnotes.tui.screens.synthesis.matrix import MatrixScreen, cell_label
from fieldnotes.tui.screens.synthesis.obstacle_notes import ObstacleNotesScreen
from fieldnotes.tui.screens.synthesis.screen import SynthesisScreen
from tests.tui.shell_support import screen_text


class Host(App[None]):
    """A bare app that shows one screen, so these screens are tested without the app shell."""

    def __init__(self, make: Callable[[], Screen[object]]) -> None:
        super().__init__()
        self._make = make

    def on_mount(self) -> None:
        self.theme = "textual-dark"
        self.push_screen(self._make())


async def settle(pilot: Pilot[object]) -> None:
    """Let the synthesis worker land its result and the screen draw it."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def paste(pilot: Pilot[object], text: str) -> None:
    """Paste into the focused field (each typed key would cost a pilot round-trip).

    Sent to the app, as a terminal's paste is: the app hands it to the focused widget.
    A `focus()` just called lands on the message loop's next turn, so that turn runs first.
    """
    await pilot.pause()
    assert pilot.app.focused is not None
    pilot.app.post_message(events.Paste(text))
    await settle(pilot)


def column(table: DataTable[object], key: str) -> list[str]:
    return [str(cell) for cell in table.get_column(key)]


def synthesis_screen(app: App[object]) -> SynthesisScreen:
    assert isinstance(app.screen, SynthesisScreen)
    return app.screen


async def test_top_row_is_the_strongest_obstacle_and_the_rule_is_on_screen(
    demo_notebook: Notebook,
) -> None:
    expected = demo_notebook.synthesis().evidence[0]
    app = Host(lambda: SynthesisScreen(demo_notebook))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = synthesis_screen(app)
        table = screen.table
        # At 80 columns a long name is cut with an ellipsis; the detail pane gives it whole.
        shown = table.get_row_at(0)[0].plain
        assert expected.path.replace("/", " › ").startswith(shown.rstrip("…"))
        assert expected.path in screen_text(app)
        assert screen.current is not None
        assert screen.current.obstacle.id == expected.obstacle.id
        assert table.row_count == len(demo_notebook.synthesis().evidence)
        text = screen_text(app)
        assert f"{expected.strength}:" in text  # the legend
        assert "8+ notes, 3+ teams, all 3 modes" in text
        assert expected.strength_reason[:30] in text  # the detail pane explains the row


async def test_at_80_columns_every_row_keeps_its_count_dates_and_sparkline(
    demo_notebook: Notebook,
) -> None:
    top = demo_notebook.synthesis().evidence[0]
    assert top.first_seen is not None and top.last_seen is not None
    app = Host(lambda: SynthesisScreen(demo_notebook))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        lines = screen_text(app).splitlines()
        header = next(line for line in lines if "Obstacle" in line)
        for title in ("Notes", "First seen", "Last seen", "wk"):
            assert title in header
        row = next(line for line in lines if line.startswith(" IT and case"))
        assert f" {top.note_count} " in row
        assert top.first_seen.isoformat() in row and top.last_seen.isoformat() in row
        assert "●●●" in row
        # The sparkline is the row's last cell, inside the 80 columns.
        assert any(mark in row.rstrip()[-6:] for mark in "▁▂▃▄▅▆▇█")


async def test_team_filter_changes_the_counts(demo_notebook: Notebook) -> None:
    team = demo_notebook.teams()[0]
    everyone = {e.obstacle.id: e.note_count for e in demo_notebook.synthesis().evidence}
    filtered = demo_notebook.synthesis(team=team)
    app = Host(lambda: SynthesisScreen(demo_notebook))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = synthesis_screen(app)
        await pilot.press("t", "enter")  # open the team list
        await settle(pilot)
        await pilot.press("down", "enter")  # the first team, after "All teams"
        await settle(pilot)
        assert screen.synthesis is not None and screen.synthesis.team == team
        table = screen.table
        shown = dict(zip(table.rows, column(table, "notes"), strict=True))
        expected = {e.obstacle.id: str(e.note_count) for e in filtered.evidence}
        assert {key.value: value for key, value in shown.items()} == expected
        assert any(everyone[e.obstacle.id] != e.note_count for e in filtered.evidence)

        await pilot.press("x")  # clear the filters
        await settle(pilot)
        assert screen.synthesis.team is None
        assert column(table, "notes")[0] == str(demo_notebook.synthesis().evidence[0].note_count)


async def test_period_filter_is_validated(demo_notebook: Notebook) -> None:
    since = date(2026, 9, 1)
    expected = demo_notebook.synthesis(since=since)
    app = Host(lambda: SynthesisScreen(demo_notebook))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = synthesis_screen(app)
        before = column(screen.table, "notes")
        await pilot.press("f")
        await paste(pilot, "2026-13-01")
        message = screen.query_one("#synthesis-message", Static)
        assert message.has_class("-shown")
        assert "not a date" in screen_text(app)
        assert column(screen.table, "notes") == before  # the last good table stays

        await pilot.press("ctrl+a", "ctrl+k")
        await paste(pilot, since.isoformat())
        await pilot.press("enter")
        await settle(pilot)
        assert not message.has_class("-shown")
        assert screen.table.has_focus
        assert column(screen.table, "notes") == [str(e.note_count) for e in expected.evidence]

        await pilot.press("f", "tab")
        await paste(pilot, "2026-08-01")  # until before since
        assert "first day comes after the last day" in screen_text(app)


async def test_drill_down_shows_exactly_the_obstacles_notes_and_escape_returns(
    demo_notebook: Notebook,
) -> None:
    top = demo_notebook.synthesis().evidence[0]
    app = Host(lambda: SynthesisScreen(demo_notebook))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        drill = app.screen
        assert isinstance(drill, ObstacleNotesScreen)
        assert drill.note_ids == list(top.note_ids)
        assert len(drill.note_ids) == top.note_count

        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, NoteDialog)
        second = demo_notebook.note(top.note_ids[1])
        assert second.description.split()[0] in screen_text(app)

        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is drill
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, SynthesisScreen)


async def test_a_note_read_in_full_shows_its_markdown_rendered(demo_notebook: Notebook) -> None:
    note = demo_notebook.add_note(
        NoteDraft(
            mode="observe",
            occurred_at=datetime(2026, 9, 1, 10, 0),
            team="Duty",
            description="## Handover\n\nThe **duty** worker read *every* note.\n\n"
            "- one list item\n\n<b>typed tags</b> stay as typed.",
        )
    )
    labels = LinkLabels.from_notebook(demo_notebook)
    app = Host(lambda: NoteDialog(note, labels))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "Handover" in text and "## Handover" not in text
        assert "The duty worker read every note." in text
        assert "**" not in text and "- one list item" not in text
        assert "<b>typed tags</b> stay as typed." in text


async def test_the_ask_is_edited_in_place(demo_notebook: Notebook) -> None:
    top = demo_notebook.synthesis().evidence[0]
    before = demo_notebook.obstacle(top.obstacle.id).ask
    app = Host(lambda: SynthesisScreen(demo_notebook))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, TextFieldDialog)
        await paste(pilot, " Report back by March.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SynthesisScreen)
        after = demo_notebook.obstacle(top.obstacle.id).ask
        assert after == f"{before.strip()} Report back by March."
        assert "Report back by March." in screen_text(app)

        # Escape leaves the ask as it was.
        await pilot.press("a")
        await settle(pilot)
        await paste(pilot, " Never mind.")
        await pilot.press("escape")
        await settle(pilot)
        assert demo_notebook.obstacle(top.obstacle.id).ask == after


async def test_status_and_reobserve_date_are_set_in_place(demo_notebook: Notebook) -> None:
    top = demo_notebook.synthesis().evidence[0]
    assert top.obstacle.status == "raised"
    app = Host(lambda: SynthesisScreen(demo_notebook))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = synthesis_screen(app)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, StatusDialog)
        await pilot.press("down", "enter")  # raised -> change agreed
        await settle(pilot)
        assert isinstance(app.screen, ReasonDialog)  # why, asked once, kept in the history
        await paste(pilot, "Agreed at the board")
        await pilot.press("enter")
        await settle(pilot)
        assert demo_notebook.obstacle(top.obstacle.id).status == "change agreed"
        assert demo_notebook.obstacle_history(top.obstacle.id)[-1].reason == "Agreed at the board"
        # The table keeps only the status mark at 80 columns; the detail pane spells it out.
        assert str(screen.table.get_cell(top.obstacle.id, "status")) == "◆"
        assert "◆ change agreed" in screen_text(app)

        await pilot.press("r")
        await settle(pilot)
        await pilot.press("ctrl+a", "ctrl+k")
        await paste(pilot, "2027-02-30")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DayDialog)  # refused: there is no 30 February
        assert "is not a date" in screen_text(app)
        await pilot.press("ctrl+a", "ctrl+k")
        await paste(pilot, "2027-02-01")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SynthesisScreen)
        assert demo_notebook.obstacle(top.obstacle.id).reobserve_on == date(2027, 2, 1)


async def test_matrix_shows_the_counts_and_drills_into_a_cell(demo_notebook: Notebook) -> None:
    synthesis = demo_notebook.synthesis()
    top = synthesis.evidence[0]
    count = top.principles[0]
    app = Host(lambda: SynthesisScreen(demo_notebook))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        matrix = app.screen
        assert isinstance(matrix, MatrixScreen)
        assert matrix.cell_text(top.obstacle.id, count.principle_id) == cell_label(count)
        assert cell_label(count) == f"{count.at_risk}✗ {count.honoured}✓".replace(" 0✓", "")
        # Every obstacle with notes is a row, every principle that appears a column.
        table = matrix.query_one(DataTable)
        assert table.row_count == sum(1 for e in synthesis.evidence if e.note_count)
        principles = {pid for (_, pid) in synthesis.matrix()}
        assert len(table.columns) == len(principles) + 1

        # Move to that principle's column and open the notes behind the cell.
        column_index = table.get_column_index(count.principle_id)
        await pilot.press(*["right"] * (column_index - 1))
        await settle(pilot)
        assert "at risk in" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        drill = app.screen
        assert isinstance(drill, ObstacleNotesScreen)
        # A note counts once per link, so at most the cell's two numbers added up.
        assert max(count.at_risk, count.honoured) <= len(drill.note_ids)
        assert len(drill.note_ids) <= count.at_risk + count.honoured
        for note_id in drill.note_ids:
            assert note_id in top.note_ids
            links = demo_notebook.note(note_id).principles
            assert any(link.principle_id == count.principle_id for link in links)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, SynthesisScreen)


async def test_what_changed_since_the_last_brief_is_shown(demo_notebook: Notebook) -> None:
    synthesis = demo_notebook.synthesis()
    top = synthesis.evidence[0]
    request = BriefRequest((top.obstacle.id,), "SLT", "")
    body = demo_notebook.compose_brief(request, synthesis)
    _, public = generate_identity()
    demo_notebook.export_brief(body, [], request, demo_notebook.path.parent, recipients=[public])
    untagged = next(n for n in demo_notebook.notes() if top.obstacle.id not in n.obstacle_ids)
    demo_notebook.tag_notes([untagged.id], obstacle_id=top.obstacle.id)

    app = Host(lambda: SynthesisScreen(demo_notebook))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "Since the last brief  +1 note" in screen_text(app)


async def test_an_empty_notebook_says_so_rather_than_failing(empty_notebook: Notebook) -> None:
    app = Host(lambda: SynthesisScreen(empty_notebook))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = synthesis_screen(app)
        assert screen.table.row_count == 0
        assert "No obstacle highlighted" in screen_text(app)
        await pilot.press("enter", "s", "a", "m")
        await settle(pilot)
        matrix = app.screen
        assert isinstance(matrix, MatrixScreen)
        assert "No notes link obstacles and principles" in screen_text(app)


async def test_the_synthesis_is_computed_off_the_ui_thread_and_a_resize_or_theme_only_redraws(
    demo_notebook: Notebook, monkeypatch: pytest.MonkeyPatch
) -> None:
    computed_on: list[threading.Thread] = []
    synthesis = demo_notebook.synthesis

    def recording(**filters: Any) -> Synthesis:
        computed_on.append(threading.current_thread())
        return synthesis(**filters)

    monkeypatch.setattr(demo_notebook, "synthesis", recording)
    since = "2026-09-01"
    expected = demo_notebook.synthesis(since=date.fromisoformat(since))
    computed_on.clear()
    app = Host(lambda: SynthesisScreen(demo_notebook))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = synthesis_screen(app)
        await pilot.press("f")
        await paste(pilot, since)
        await settle(pilot)
        assert screen.synthesis is not None and screen.synthesis.since == expected.since
        assert column(screen.table, "notes") == [str(e.note_count) for e in expected.evidence]
        assert computed_on and threading.main_thread() not in computed_on

        computed = len(computed_on)
        await pilot.resize_terminal(140, 40)
        await settle(pilot)
        assert "Teams" in screen_text(app)  # the wider table has more columns
        app.theme = "textual-light"
        await settle(pilot)
        assert len(computed_on) == computed
        assert column(screen.table, "notes") == [str(e.note_count) for e in expected.evidence]


async def test_back_from_the_matrix_the_synthesis_is_computed_again_only_after_a_write(
    demo_notebook: Notebook, monkeypatch: pytest.MonkeyPatch
) -> None:
    computed: list[object] = []
    synthesis = demo_notebook.synthesis

    def counting(**filters: Any) -> Synthesis:
        computed.append(filters)
        return synthesis(**filters)

    monkeypatch.setattr(demo_notebook, "synthesis", counting)
    app = Host(lambda: SynthesisScreen(demo_notebook))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = synthesis_screen(app)
        first = len(computed)
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, MatrixScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        assert len(computed) == first

        top = screen.current
        assert top is not None
        await pilot.press("m")
        await settle(pilot)
        demo_notebook.update_obstacle(top.obstacle.id, ask="Fund a second duty worker.")
        await pilot.press("escape")
        await settle(pilot)
        assert len(computed) > first
        current = screen.current
        assert current is not None and current.obstacle.ask == "Fund a second duty worker."


async def test_a_synthesis_for_filters_left_behind_never_replaces_the_newer_one(
    demo_notebook: Notebook, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The unfiltered synthesis is held back until the team filter has been chosen and its
    synthesis shown; when it lands after all, the screen keeps showing the team's."""
    team = demo_notebook.teams()[0]
    release = threading.Event()
    synthesis = demo_notebook.synthesis
    expected = synthesis(team=team)

    def held_back(**filters: Any) -> Synthesis:
        if filters.get("team") is None:
            release.wait(timeout=60)
        return synthesis(**filters)

    monkeypatch.setattr(demo_notebook, "synthesis", held_back)
    app = Host(lambda: SynthesisScreen(demo_notebook))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = synthesis_screen(app)
        assert screen.synthesis is None  # still being worked out: the screen is up already
        await pilot.press("t", "enter")
        await pilot.pause()
        await pilot.press("down", "enter")
        for _ in range(2000):
            if screen.synthesis is not None:
                break
            await pilot.pause(0.01)
        assert screen.synthesis is not None and screen.synthesis.team == team
        release.set()
        await settle(pilot)
        assert screen.synthesis.team == team
        assert column(screen.table, "notes") == [str(e.note_count) for e in expected.evidence]

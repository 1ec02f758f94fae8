"""The Due view: reached by a key and the palette, and a linked jotting from it, at 80×24."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

from textual.message import Message
from textual.widgets import Input
from textual.worker import Worker, WorkerState

from fieldnotes.tui.app import FieldnotesApp
from fieldnotes.tui.dialogs.jotting import JottingScreen
from fieldnotes.tui.screens.due import DueScreen
from fieldnotes.tui.screens.notes import NotesScreen
from tests.tui.palette_support import run_from_palette
from tests.tui.shell_support import screen_text, settle, unlock

TODAY = date(2026, 11, 20)
FORMS = "IT and case recording system/Forms that don't fit the work"


def make(path: Path) -> FieldnotesApp:
    return FieldnotesApp(path, today=lambda: TODAY)


async def test_badge_then_due_view_then_a_jotting_linked_to_the_obstacle(demo_path: Path) -> None:
    app = make(demo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        assert isinstance(app.screen, NotesScreen)
        assert "3 due" in screen_text(app)
        notebook = app.notebook
        assert notebook is not None
        forms = notebook.find_obstacle(FORMS)

        await pilot.press("D")
        await settle(pilot)
        due = app.screen
        assert isinstance(due, DueScreen)
        shown = screen_text(app)
        assert "overdue by 4 days" in shown
        assert "due in 7 days" in shown
        assert "Forms that don't fit" in shown
        assert "Decided:" in shown  # the highlighted (most overdue) obstacle in detail

        await pilot.press("j")
        await settle(pilot)
        jotting = app.screen
        assert isinstance(jotting, JottingScreen)
        assert "Linked to: IT and case recording system › Forms" in screen_text(app)
        assert jotting.focused is jotting.query_one("#jotting-text", Input)
        await pilot.press(*"New headings in use at Northfield")
        await pilot.press("enter")
        await settle(pilot)

        assert isinstance(app.screen, DueScreen)
        saved = [
            n for n in notebook.notes() if n.description == "New headings in use at Northfield"
        ]
        assert len(saved) == 1
        assert saved[0].stage == "jotting"
        assert saved[0].obstacle_ids == [forms.id]

        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, NotesScreen)


async def test_a_follow_up_jotting_carries_its_team_and_obstacles(demo_path: Path) -> None:
    app = make(demo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        await run_from_palette(pilot, "due to re", "Due to re-observe")
        due = app.screen
        assert isinstance(due, DueScreen)
        assert due.due is not None
        first = due.due.follow_ups[0]
        before = len(due.due.follow_ups)
        # Past the three obstacles to the longest-waiting follow-up.
        await pilot.press("down", "down", "down")
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        jotting = app.screen
        assert isinstance(jotting, JottingScreen)
        assert jotting.query_one("#jotting-team", Input).value == first.team
        await pilot.press(*"Went back and asked")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DueScreen)
        # Going back to that team on the same obstacle closes the question.
        assert app.screen.due is not None
        assert len(app.screen.due.follow_ups) == before - 1
        assert first.note_id not in {f.note_id for f in app.screen.due.follow_ups}


async def test_nothing_due_says_how_to_set_a_date(demo_path: Path) -> None:
    app = FieldnotesApp(demo_path, today=lambda: date(2026, 8, 1))
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        assert "due" not in screen_text(app).split("\n")[0]
        notebook = app.notebook
        assert notebook is not None
        for note in notebook.notes():
            if note.follow_up:
                draft = note.draft()
                draft.follow_up = ""
                notebook.update_note(note.id, draft)
        await pilot.press("D")
        await settle(pilot)
        assert isinstance(app.screen, DueScreen)
        assert "Nothing is due" in screen_text(app)
        # Nothing to link to: j is the ordinary jotting, linked to nothing.
        await pilot.press("j")
        await settle(pilot)
        assert isinstance(app.screen, JottingScreen)
        assert app.screen.obstacle_ids == ()
        assert "Linked to" not in screen_text(app)


async def test_member_check_from_the_due_view_exports_through_the_check(
    demo_path: Path, tmp_path: Path
) -> None:
    from fieldnotes.crypto.age import decrypt
    from fieldnotes.tui.screens.briefs.identifier_check import IdentifierCheckScreen
    from fieldnotes.tui.screens.briefs.member_check import MemberCheckScreen

    out = tmp_path / "out"
    out.mkdir()
    # The export starts from the identifier check's result callback, after the key that closes
    # the check has been handled, and runs in a worker: the test waits for that worker to end.
    exported = asyncio.Event()

    def watch(message: Message) -> None:
        if (
            isinstance(message, Worker.StateChanged)
            and message.worker.group == "member-check"
            and message.state in (WorkerState.SUCCESS, WorkerState.ERROR)
        ):
            exported.set()

    app = make(demo_path)
    async with app.run_test(size=(80, 24), message_hook=watch) as pilot:
        await unlock(pilot)
        await pilot.press("D")
        await settle(pilot)
        due = app.screen
        assert isinstance(due, DueScreen) and due.due is not None
        team = due.due.follow_ups[0].team
        await pilot.press("down", "down", "down", "m")
        await settle(pilot)
        check = app.screen
        assert isinstance(check, MemberCheckScreen)
        assert check.team == team
        assert check.check is not None and check.check.title.endswith(team)

        # Without a passphrase nothing starts.
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MemberCheckScreen)

        check.query_one("#mc-output", Input).value = str(out)
        check.query_one("#mc-passphrase", Input).focus()
        await pilot.press(*"team phrase 1", "tab", *"team phrase 1")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, IdentifierCheckScreen)
        await pilot.press("R", "ctrl+s")
        # The bound only keeps an export that never ends from hanging the suite.
        await asyncio.wait_for(exported.wait(), timeout=120)
        await settle(pilot)
        assert isinstance(app.screen, MemberCheckScreen)
        assert check.last_export is not None
        (written,) = out.iterdir()
        text = decrypt(written.read_bytes(), passphrase="team phrase 1").decode()
        assert f"# Member check: what we saw with {team}" in text
        assert 'author = ""' in text
        assert check.query_one("#mc-passphrase", Input).value == ""


async def test_the_team_reply_from_the_member_check_is_a_linked_question(
    demo_path: Path,
) -> None:
    from textual.widgets import TextArea

    from fieldnotes.domain.member_check import REPLY_SETTING
    from fieldnotes.tui.screens.briefs.member_check import MemberCheckScreen
    from fieldnotes.tui.screens.writeup.screen import WriteUpScreen

    app = make(demo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        notebook = app.notebook
        assert notebook is not None
        before = {n.id for n in notebook.notes()}
        await pilot.press("D")
        await settle(pilot)
        await pilot.press("down", "down", "down", "m")
        await settle(pilot)
        check = app.screen
        assert isinstance(check, MemberCheckScreen) and check.check is not None
        await pilot.press("f3")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, WriteUpScreen)
        editor.query_one("#description", TextArea).focus()
        await pilot.press(*"They agree about the forms.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is check
        (reply,) = [n for n in notebook.notes() if n.id not in before]
        assert (reply.mode, reply.team, reply.setting) == ("question", check.team, REPLY_SETTING)
        assert set(reply.obstacle_ids) == set(check.check.obstacle_ids)
        assert reply.description == "They agree about the forms."


async def test_the_synthesis_opens_a_member_check_for_its_team_filter(
    demo_notebook: object,
) -> None:
    from fieldnotes.notebook import Notebook
    from fieldnotes.tui.screens.briefs.member_check import MemberCheckScreen
    from fieldnotes.tui.screens.synthesis.screen import SynthesisScreen
    from tests.tui.test_synthesis_screens import Host

    assert isinstance(demo_notebook, Notebook)
    app = Host(lambda: SynthesisScreen(demo_notebook))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, MemberCheckScreen)
        assert app.screen.team == demo_notebook.teams()[0]
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("t", "enter", "down", "down", "enter")
        await settle(pilot)
        await pilot.press("escape", "c")
        await settle(pilot)
        assert isinstance(app.screen, MemberCheckScreen)
        assert app.screen.team == demo_notebook.teams()[1]

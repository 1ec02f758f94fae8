"""Closing the loop, by keyboard at 80×24 on the demo notebook: what is due, a linked jotting,
the before/after of an agreed change, a member check exported, the team's reply recorded, and
"you said, we did"."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import Input, TextArea

from fieldnotes.crypto.age import decrypt
from fieldnotes.domain.member_check import REPLY_SETTING
from fieldnotes.tui.app import FieldnotesApp
from fieldnotes.tui.dialogs.jotting import JottingScreen
from fieldnotes.tui.screens.briefs.identifier_check import IdentifierCheckScreen
from fieldnotes.tui.screens.briefs.member_check import MemberCheckScreen
from fieldnotes.tui.screens.due import DueScreen
from fieldnotes.tui.screens.notes import NotesScreen
from fieldnotes.tui.screens.synthesis.screen import SynthesisScreen
from fieldnotes.tui.screens.tracker import TrackerScreen
from fieldnotes.tui.screens.writeup.screen import WriteUpScreen
from fieldnotes.tui.widgets.comparison import ComparisonView
from fieldnotes.tui.widgets.synthesis_detail import ObstacleDetail
from tests.tui.shell_support import screen_text, settle, unlock

TODAY = date(2026, 11, 20)
FORMS = "IT and case recording system/Forms that don't fit the work"


def _flat(text: str) -> str:
    return " ".join(text.split())


async def test_a_new_user_closes_the_loop_by_keyboard(demo_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "member-checks"
    out.mkdir()
    app = FieldnotesApp(demo_path, today=lambda: TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock(pilot)
        notebook = app.notebook
        assert notebook is not None and isinstance(app.screen, NotesScreen)
        forms = notebook.find_obstacle(FORMS)
        before = {n.id for n in notebook.notes()}

        # 1. What is due, and a jotting linked to the most overdue obstacle.
        assert "3 due" in screen_text(app)
        await pilot.press("D")
        await settle(pilot)
        assert isinstance(app.screen, DueScreen)
        assert "overdue by 4 days" in screen_text(app)
        await pilot.press("j")
        await settle(pilot)
        assert isinstance(app.screen, JottingScreen)
        await pilot.press(*"Back at Northfield: new headings in use")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DueScreen)
        (jotting,) = [n for n in notebook.notes() if n.id not in before]
        assert jotting.obstacle_ids == [forms.id]

        # 2. The before/after of the agreed change, in the synthesis beside its history.
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        synthesis = app.screen
        assert isinstance(synthesis, SynthesisScreen)
        order = [e.path for e in notebook.synthesis().evidence]
        await pilot.press(*["down"] * order.index(FORMS))
        await settle(pilot)
        assert synthesis.current is not None and synthesis.current.path == FORMS
        assert synthesis.query_one(ComparisonView).display
        await pilot.press("tab")  # into the detail, and down it to the comparison
        await settle(pilot)
        assert isinstance(app.focused, ObstacleDetail)
        for _ in range(60):
            if "Before the change" in screen_text(app):
                break
            await pilot.press("down")
            await pilot.pause()
        assert "Before the change: 4 notes from 4 teams" in _flat(screen_text(app))
        await pilot.press("shift+tab", "escape")  # back to the table, and out
        await settle(pilot)
        assert isinstance(app.screen, NotesScreen)

        # 3. A member check for the team of the longest-open follow-up, through the check.
        await pilot.press("D")
        await settle(pilot)
        due = app.screen
        assert isinstance(due, DueScreen) and due.due is not None
        team = due.due.follow_ups[0].team
        await pilot.press("down", "down", "down", "m")
        await settle(pilot)
        check = app.screen
        assert isinstance(check, MemberCheckScreen) and check.team == team
        check.query_one("#mc-output", Input).focus()
        await pilot.press("ctrl+a", "ctrl+k", *str(out))
        check.query_one("#mc-passphrase", Input).focus()
        await pilot.press(*"team phrase 1", "tab", *"team phrase 1", "ctrl+s")
        await settle(pilot)
        identifier_check = app.screen
        assert isinstance(identifier_check, IdentifierCheckScreen)
        if identifier_check.unresolved:
            await pilot.press("R")  # redact whatever the check still finds
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is check and check.last_export is not None
        (written,) = out.iterdir()
        exported = decrypt(written.read_bytes(), passphrase="team phrase 1").decode()
        assert f"# Member check: what we saw with {team}" in exported
        assert [r.kind for r in notebook.exports()] == ["member check"]

        # 4. The team's reply, recorded as a question linked to the obstacles covered.
        await pilot.press("f3")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, WriteUpScreen)
        editor.query_one("#description", TextArea).focus()
        await pilot.press(*"They say the forms review has not reached them yet.", "ctrl+s")
        await settle(pilot)
        assert app.screen is check
        (reply,) = [n for n in notebook.notes() if n.id not in before | {jotting.id}]
        assert (reply.mode, reply.team, reply.setting) == ("question", team, REPLY_SETTING)
        assert check.check is not None
        assert set(reply.obstacle_ids) == set(check.check.obstacle_ids)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)

        # 5. You said, we did: the agreed change, what changed since, and what is open.
        assert isinstance(app.screen, NotesScreen)
        await pilot.press("Y")
        await settle(pilot)
        tracker = app.screen
        assert isinstance(tracker, TrackerScreen)
        assert "You said, we did · 6 raised with leadership · 6 still open" in screen_text(app)
        for _ in range(40):  # scrolled by keyboard to the agreed change
            if "Before the change" in screen_text(app):
                break
            await pilot.press("down")
            await pilot.pause()
        shown = _flat(screen_text(app))
        assert "Change agreed on 2026-09-11." in shown
        assert "Before the change: 4 notes from 4 teams" in shown

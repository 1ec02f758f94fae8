"""The team's screens, fed fixed values: the sync state, the team screen and its dialogs, the
conflicts view. Pilot tests press the real keys; snapshots at 80×24 (regenerate with
`--snapshot-update`, then look)."""

from __future__ import annotations

import stat
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from textual.reactive import var
from textual.widgets import DataTable, Input, Static

from fieldnotes.domain.team import (
    ConflictChoice,
    SyncConflict,
    SyncReport,
    SyncState,
    TeamInfo,
    TeamMember,
    TeamRole,
)
from fieldnotes.errors import InvalidInput
from fieldnotes.notebook import Notebook
from fieldnotes.storage.team.errors import ServerUnavailable
from fieldnotes.tui import app as app_module
from fieldnotes.tui.dialogs.confirm import ConfirmScreen
from fieldnotes.tui.dialogs.team import InvitationMadeDialog, InviteDialog, RoleDialog
from fieldnotes.tui.screens.conflicts import ConflictsScreen
from fieldnotes.tui.screens.team import TeamScreen
from fieldnotes.tui.team_sync import WRITE_SETTLE_SECONDS, SyncDone, SyncSchedule, run_sync_loop
from fieldnotes.tui.widgets.sync_status import describe_sync
from tests.conftest import TEST_PASSPHRASE
from tests.test_team_sync import Cluster, _note
from tests.test_team_sync import cluster as cluster  # the fixture
from tests.tui.shell_support import SteadyCursors
from tests.tui.test_snapshots_synthesis import SnapCompare, host, keys
from tests.tui.test_synthesis_screens import Host, settle

FOUND = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
LEAD = TeamInfo(
    server="team.example.org:5432/fieldnotes_team",
    schema="northfield",
    member_id="m-lead",
    label="Lead A",
    role="lead",
    fingerprint="KQ3D-7WZX-M2PA-LRT4-9HVB-C6NE-YU8F-G5SJ",
)
MEMBERS = [
    TeamMember("m-lead", "Lead A", "lead", LEAD.fingerprint, is_me=True),
    TeamMember("m-psw", "PSW 1", "capture", "AB12-CD34-EF56-GH78-IJ90-KL12-MN34-OP56"),
    TeamMember("m-pl", "PL 2", "coder", "ZX98-YW76-VU54-TS32-RQ10-PO98-NM76-LK54"),
    TeamMember("m-old", "PL 1", "coder", "QQQQ-RRRR-SSSS-TTTT-UUUU-VVVV-WWWW-XXXX", removed=True),
]


@dataclass
class FakeTeam:
    """The façade's team methods over plain values, recording what was asked."""

    me: TeamInfo | None = LEAD
    members: list[TeamMember] = field(default_factory=lambda: list(MEMBERS))
    pending: list[SyncConflict] = field(default_factory=list)
    asked: list[tuple[Any, ...]] = field(default_factory=list)
    refuse: str = ""

    @property
    def team(self) -> TeamInfo | None:
        return self.me

    def team_members(self) -> list[TeamMember]:
        return list(self.members)

    def invite(
        self, label: str, role: TeamRole, passphrase: str, expires_in_days: int = 7
    ) -> bytes:
        if self.refuse:
            raise InvalidInput(self.refuse)
        self.asked.append(("invite", label, role, passphrase))
        return b"-----BEGIN AGE ENCRYPTED FILE-----\n"

    def set_member_role(self, label: str, role: TeamRole) -> None:
        if self.refuse:
            raise InvalidInput(self.refuse)
        self.asked.append(("role", label, role))
        self.members = [replace(m, role=role) if m.label == label else m for m in self.members]

    def remove_member(self, label: str) -> None:
        if self.refuse:
            raise InvalidInput(self.refuse)
        self.asked.append(("remove", label))
        self.members = [replace(m, removed=True) if m.label == label else m for m in self.members]

    def conflicts(self) -> list[SyncConflict]:
        return list(self.pending)

    def resolve_conflict(self, conflict_id: str, choice: ConflictChoice) -> None:
        self.asked.append(("resolve", conflict_id, choice))
        self.pending = [c for c in self.pending if c.conflict_id != conflict_id]


def a_conflict(conflict_id: str = "c1", title: str = "Tue 01 Dec 2026, Northfield") -> SyncConflict:
    return SyncConflict(
        conflict_id=conflict_id,
        kind="note",
        row_id="n1",
        title=title,
        theirs_by="PL 2",
        found_at=FOUND,
        mine={
            "text": "Duty desk: three referrals waiting",
            "stage": "written",
            "team": "Northfield",
        },
        theirs={"text": "Duty desk: two referrals waiting", "stage": "coded", "team": "Northfield"},
    )


# ------------------------------------------------------------------ the status line


def test_the_sync_state_says_online_offline_waiting_and_conflicts() -> None:
    assert describe_sync(None).plain == ""
    assert describe_sync(SyncState(online=True, waiting=0)).plain == "online"
    assert describe_sync(SyncState(online=False, waiting=0)).plain == "offline"
    assert describe_sync(SyncState(online=False, waiting=3)).plain == (
        "3 changes waiting · offline"
    )
    assert describe_sync(SyncState(online=True, waiting=1, conflicts=2)).plain == (
        "2 conflicts · 1 change waiting · online"
    )
    assert describe_sync(SyncState(online=True, waiting=0, conflicts=1)).plain == (
        "1 conflict · online"
    )


# ------------------------------------------------------------------ the team screen


def table_text(screen: TeamScreen) -> list[str]:
    table: DataTable[Any] = screen.query_one(DataTable)
    return [" ".join(str(cell) for cell in table.get_row_at(i)) for i in range(table.row_count)]


async def test_the_team_screen_shows_me_and_every_member_with_fingerprints() -> None:
    team = FakeTeam(members=[*MEMBERS[:2], replace(MEMBERS[2], verified=False), MEMBERS[3]])
    app = host(lambda: TeamScreen(team))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TeamScreen)
        me = str(screen.query_one("#team-me", Static).render())
        assert "Lead A" in me and "lead" in me and LEAD.fingerprint in me
        rows = table_text(screen)
        assert rows[0].startswith("Lead A (you) lead " + LEAD.fingerprint)
        assert "PSW 1 capture AB12-CD34" in rows[1]
        assert "NOT VERIFIED" in rows[2]
        assert rows[3].endswith("removed")
        problem = str(screen.query_one("#team-problem", Static).render())
        assert "PL 2" in problem and "not vouched" in problem.lower()


async def test_a_lead_invites_and_sees_the_passphrase_once(tmp_path: Path) -> None:
    team = FakeTeam()
    app = host(lambda: TeamScreen(team, invitation_folder=tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(app.screen, InviteDialog)
        app.screen.query_one("#invite-label", Input).value = "PL 3"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, InvitationMadeDialog)
        shown = str(app.screen.query_one("#invitation-passphrase", Static).render())
        ((what, label, role, passphrase),) = team.asked
        assert (what, label, role) == ("invite", "PL 3", "capture")
        assert shown == passphrase and len(passphrase.replace("-", "")) >= 24
        written = tmp_path / "invitation.age"
        assert written.read_bytes().startswith(b"-----BEGIN AGE")
        assert stat.S_IMODE(written.stat().st_mode) == 0o600
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, TeamScreen)


async def test_an_invitation_never_overwrites_a_file(tmp_path: Path) -> None:
    (tmp_path / "invitation.age").write_bytes(b"keep me")
    team = FakeTeam()
    app = host(lambda: TeamScreen(team, invitation_folder=tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        app.screen.query_one("#invite-label", Input).value = "PL 3"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, TeamScreen)
        assert team.asked == [], "nobody invited while the file could not be written"
        assert (tmp_path / "invitation.age").read_bytes() == b"keep me"


async def test_a_lead_changes_a_role_and_removes_a_member_after_confirming() -> None:
    team = FakeTeam()
    app = host(lambda: TeamScreen(team))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("down", "r")
        await settle(pilot)
        assert isinstance(app.screen, RoleDialog)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert team.asked == [("role", "PSW 1", "coder")]
        assert isinstance(app.screen, TeamScreen)
        assert "PSW 1 coder" in table_text(app.screen)[1]

        await pilot.press("down", "delete")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        detail = str(app.screen.query_one("#confirm-detail", Static).render())
        assert "keep their replica" in detail and "written before their removal" in detail
        await pilot.press("n")
        await settle(pilot)
        assert team.asked == [("role", "PSW 1", "coder")]
        await pilot.press("delete")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert team.asked[-1] == ("remove", "PL 2")
        assert table_text(app.screen)[2].endswith("removed")


async def test_a_refused_change_says_why_and_changes_nothing() -> None:
    team = FakeTeam(refuse="the last lead cannot be removed: make another member lead first")
    app = host(lambda: TeamScreen(team))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("down", "delete")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, TeamScreen)
        assert any("last lead" in n.message for n in app._notifications)
        assert table_text(app.screen)[1].endswith("")
        assert not MEMBERS[1].removed


async def test_someone_who_is_not_a_lead_sees_the_team_but_cannot_change_it() -> None:
    team = FakeTeam(me=replace(LEAD, member_id="m-psw", label="PSW 1", role="capture"))
    app = host(lambda: TeamScreen(team))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for key in ("i", "r", "delete"):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, TeamScreen), key
        assert team.asked == []
        assert len(table_text(app.screen)) == len(MEMBERS)


# ------------------------------------------------------------------ the conflicts view


async def test_conflicts_side_by_side_and_each_choice_resolves_one() -> None:
    team = FakeTeam(pending=[a_conflict("c1"), a_conflict("c2", "Wed 02 Dec 2026, Eastgate")])
    app = host(lambda: ConflictsScreen(team))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        mine = str(screen.query_one("#conflict-mine-text", Static).render())
        theirs = str(screen.query_one("#conflict-theirs-text", Static).render())
        assert "three referrals" in mine and "two referrals" in theirs
        assert "PL 2" in str(screen.query_one("#conflict-theirs").border_title)
        await pilot.press("b")
        await settle(pilot)
        assert team.asked == [("resolve", "c1", "both")]
        await pilot.press("t")
        await settle(pilot)
        assert team.asked[-1] == ("resolve", "c2", "theirs")
        title = str(screen.query_one("#conflicts-title", Static).render())
        assert "none waiting" in title
        await pilot.press("m")
        await settle(pilot)
        assert len(team.asked) == 2, "nothing left to resolve"


# ------------------------------------------------------------------ the background sync


@dataclass
class FakeSyncing:
    """A team replica whose server announces colleagues' changes as the test says."""

    announcements: list[bool] = field(default_factory=list)
    offline: bool = False
    syncs: int = 0
    on_wait: Any = None

    @property
    def team(self) -> TeamInfo | None:
        return LEAD

    def sync(self) -> SyncReport:
        self.syncs += 1
        if self.offline:
            raise ServerUnavailable("sending your changes")
        return SyncReport(pulled=2)

    def sync_state(self) -> SyncState:
        return SyncState(online=not self.offline, waiting=0)

    def wait_for_changes(self, timeout: float) -> bool:
        if self.on_wait is not None:
            self.on_wait()
        return self.announcements.pop(0) if self.announcements else False


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_worker_syncs_at_once_and_again_when_a_colleague_writes() -> None:
    source = FakeSyncing(announcements=[False, True])
    done: list[SyncDone] = []
    run_sync_loop(source, SyncSchedule(Clock()), done.append, lambda: len(done) >= 2)
    assert source.syncs == 2
    assert [d.pulled for d in done] == [2, 2] and all(d.state.online for d in done)


def test_local_writes_go_up_together_once_they_settle() -> None:
    clock = Clock()
    schedule = SyncSchedule(clock)
    source = FakeSyncing()
    waits = 0

    def write_then_let_time_pass() -> None:
        nonlocal waits
        waits += 1
        if waits == 1:
            schedule.wrote()
            schedule.wrote()
        elif waits == 2:
            # Not settled yet: no sync.
            clock.now += WRITE_SETTLE_SECONDS / 2
        else:
            clock.now += WRITE_SETTLE_SECONDS

    source.on_wait = write_then_let_time_pass
    done: list[SyncDone] = []
    run_sync_loop(source, schedule, done.append, lambda: len(done) >= 2)
    assert source.syncs == 2, "two writes, one push"
    assert waits == 3, "the push waited for the writes to settle"


def test_an_unreachable_server_is_reported_offline_with_why() -> None:
    source = FakeSyncing(offline=True)
    done: list[SyncDone] = []
    run_sync_loop(source, SyncSchedule(Clock()), done.append, lambda: len(done) >= 1)
    (report,) = done
    assert not report.state.online
    assert "could not be reached" in report.problem
    assert describe_sync(report.state).plain == "offline"


# ------------------------------------------------------------------ snapshots


class SyncingHost(SteadyCursors, Host):
    """A bare app holding a fixed sync state, as the app does for a team notebook."""

    TITLE = "Host"
    # The app's own layout, read beside the module that defines it.
    CSS_PATH = str(Path(app_module.__file__).with_name("app.tcss"))
    sync_state: var[SyncState | None] = var(
        SyncState(online=False, waiting=3, conflicts=1, problem="the server could not be reached")
    )


@pytest.mark.parametrize("size", [pytest.param((80, 24), id="80x24")])
class TestTeamSnapshots:
    def test_notes_status_line_with_sync_state(
        self, snap_compare: SnapCompare, demo_notebook: Notebook, size: Any
    ) -> None:
        from fieldnotes.tui.screens.notes import NotesScreen

        app = SyncingHost(lambda: NotesScreen(demo_notebook))
        assert snap_compare(app, terminal_size=size, run_before=keys())

    def test_team_screen(self, snap_compare: SnapCompare, size: Any) -> None:
        app = host(lambda: TeamScreen(FakeTeam()))
        assert snap_compare(app, terminal_size=size, run_before=keys())

    def test_invite_dialog(self, snap_compare: SnapCompare, size: Any) -> None:
        app = host(lambda: TeamScreen(FakeTeam(), invitation_folder=Path("/home/lead")))
        assert snap_compare(app, terminal_size=size, run_before=keys("i"))

    def test_conflicts(self, snap_compare: SnapCompare, size: Any) -> None:
        team = FakeTeam(pending=[a_conflict("c1"), a_conflict("c2", "Wed 02 Dec 2026, Eastgate")])
        app = host(lambda: ConflictsScreen(team))
        assert snap_compare(app, terminal_size=size, run_before=keys())


# ------------------------------------------------------------------ the app on a real replica


async def until(pilot: Any, condition: Any, what: str) -> None:
    """Let the app run until `condition()` holds; the bound is only there so that a broken
    sync fails the test instead of hanging it."""
    for _ in range(600):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError(f"never happened: {what}")


async def unlocked(pilot: Any, app: Any) -> None:
    """Type the passphrase into the app's unlock screen and wait for the notes list."""
    from fieldnotes.tui.screens.notes import NotesScreen

    await pilot.pause()
    await pilot.press(*TEST_PASSPHRASE, "enter")
    await until(pilot, lambda: isinstance(app.screen, NotesScreen), "the notes list")


async def test_the_app_syncs_a_team_notebook_by_itself_and_opens_the_team_screen(
    cluster: Cluster,
) -> None:
    from fieldnotes.tui.app import FieldnotesApp
    from fieldnotes.tui.screens.notes import NotesScreen
    from fieldnotes.tui.widgets.sync_status import SyncStatus

    lead = cluster.lead()
    lead.team_create(cluster.lead_url, "Lead A")
    psw = cluster.join(lead, "PSW 1", "capture")
    path = lead.path
    cluster.opened.remove(lead)
    lead.close()
    app = FieldnotesApp(path)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlocked(pilot, app)
        await until(pilot, lambda: app.sync_state is not None, "a first sync")
        notes = app.screen
        assert isinstance(notes, NotesScreen)
        status = notes.query_one(SyncStatus)
        assert str(status.render()) == "online"

        # A colleague writes and syncs: the note comes down without a key pressed.
        seen = psw.add_note(_note("written on a colleague's laptop")).id
        psw.sync()
        await until(pilot, lambda: seen in notes.table.note_ids, "the colleague's note")
        # Who wrote it, by label, on the note's header.
        from fieldnotes.tui.screens.writeup.screen import WriteUpScreen

        app.open_writeup(seen)
        await until(
            pilot,
            lambda: (
                isinstance(app.screen, WriteUpScreen) and bool(app.screen.query("#description"))
            ),
            "the note",
        )
        await pilot.pause()
        title = str(app.screen.query_one("#writeup-title", Static).render())
        assert title.endswith("· by PSW 1"), title
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, NotesScreen), "back on the notes")

        await pilot.press("M")
        await until(pilot, lambda: isinstance(app.screen, TeamScreen), "the team screen")
        assert [row.split()[0] for row in table_text(app.screen)] == ["Lead", "PSW"]
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, NotesScreen), "back on the notes")
        await pilot.press("C")
        await until(pilot, lambda: isinstance(app.screen, ConflictsScreen), "the conflicts")
        await pilot.press("escape")
        app.lock_notebook()
        await pilot.pause()
        assert app._team_worker is None


async def test_a_personal_notebook_starts_no_sync_and_offers_no_team(demo_path: Path) -> None:
    from fieldnotes.tui.app import FieldnotesApp
    from tests.tui.shell_support import unlock

    app = FieldnotesApp(demo_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        assert app.sync_state is None and app._team_worker is None
        assert app.check_action("team", ()) is False
        await pilot.press("M")
        await pilot.pause()
        assert not isinstance(app.screen, TeamScreen)

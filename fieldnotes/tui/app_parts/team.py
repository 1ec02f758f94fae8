"""A team notebook in the app: the background sync, its state, the team screen, conflicts.

A personal notebook starts no sync and offers neither screen: its keys stay hidden, and its
status line shows nothing new.
"""

from __future__ import annotations

import threading

from textual.binding import Binding, BindingType
from textual.worker import Worker, get_current_worker

from fieldnotes.domain.team import TeamInfo
from fieldnotes.errors import FieldnotesError
from fieldnotes.tui.app_parts.base import AppPart
from fieldnotes.tui.team_sync import SyncDone, SyncSchedule, run_sync_loop

TEAM_BINDINGS: list[BindingType] = [
    Binding(
        "M",
        "team",
        "Team",
        show=False,
        id="app.team",
        tooltip="A team notebook's members, roles and key fingerprints (a lead invites here)",
    ),
    Binding(
        "C",
        "conflicts",
        "Conflicts",
        show=False,
        id="app.conflicts",
        tooltip="Changes that met a colleague's change: keep mine, theirs or both",
    ),
]


class TeamAppPart(AppPart):
    """Starts the sync at unlock and stops it before the key goes; opens the team's screens."""

    _team_schedule: SyncSchedule | None = None
    _team_worker: Worker[None] | None = None
    _team_thread: int | None = None

    def _team_info(self) -> TeamInfo | None:
        notebook = self.notebook
        if notebook is None or not notebook.is_unlocked:
            return None
        try:
            return notebook.team
        except FieldnotesError:
            return None

    def start_team_sync(self) -> None:
        """Begin syncing in the background, if this notebook is a team's."""
        self.stop_team_sync()
        notebook = self.notebook
        if notebook is None or self._team_info() is None:
            self.sync_state = None
            return
        schedule = SyncSchedule()
        self._team_schedule = schedule

        def tell(done: SyncDone) -> None:
            self.post_message(done)

        def body() -> None:
            worker = get_current_worker()
            self._team_thread = threading.get_ident()
            run_sync_loop(notebook, schedule, tell, lambda: worker.is_cancelled)

        self._team_worker = self.run_worker(
            body, thread=True, exclusive=True, group="team-sync", exit_on_error=False
        )

    def stop_team_sync(self) -> None:
        """Stop before the key goes: the worker ends at its next look (within a second)."""
        worker, self._team_worker = self._team_worker, None
        schedule, self._team_schedule = self._team_schedule, None
        self._team_thread = None
        if worker is not None:
            worker.cancel()
        if schedule is not None:
            schedule.stop()

    def note_local_write(self) -> None:
        """A write here: push it once writes settle. What the sync itself wrote (a pull) is
        not a local write, and does not start another sync."""
        schedule = self._team_schedule
        if schedule is not None and threading.get_ident() != self._team_thread:
            schedule.wrote()

    def on_sync_done(self, message: SyncDone) -> None:
        if self._team_worker is None:
            return
        self.sync_state = message.state
        if message.pulled:
            self.revision += 1

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"team", "conflicts"}:
            # Hidden, not greyed out: a personal notebook has no team.
            return self._team_info() is not None
        return super().check_action(action, parameters)

    def action_team(self) -> None:
        from fieldnotes.tui.screens.team import TeamScreen

        if self._team_info() is None or isinstance(self.screen, TeamScreen):
            return
        self._push_over_notes(TeamScreen)

    def action_conflicts(self) -> None:
        from fieldnotes.tui.screens.conflicts import ConflictsScreen

        if self._team_info() is None or isinstance(self.screen, ConflictsScreen):
            return
        self._push_over_notes(ConflictsScreen)

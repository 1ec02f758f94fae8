"""A team notebook syncs by itself while it is unlocked: after local writes, and whenever a
colleague's change is announced.

One thread worker per unlocked session. It syncs once at the start, then loops: while online
it waits on the server's announcements (`wait_for_changes`) for a short while at a time, and
syncs when a colleague wrote or when local writes have settled (a burst of writes goes up as
one sync); while offline it tries again every so often. After each sync it posts `SyncDone`,
which the app turns into its sync state and, if anything came down, a refresh. A personal
notebook starts no worker at all.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from textual.message import Message

from fieldnotes.domain.team import SyncReport, SyncState, TeamInfo
from fieldnotes.errors import FieldnotesError

WRITE_SETTLE_SECONDS = 1.0
"""After a local write, how long the worker waits for more before it pushes them together."""
LISTEN_SECONDS = 0.5
"""How long one wait for a colleague's announcement lasts before local writes are looked at."""
OFFLINE_RETRY_SECONDS = 30.0
"""How often an offline replica tries the server again (a local write tries sooner)."""


class SyncSource(Protocol):
    """What the worker asks of the notebook (`Notebook` is one)."""

    @property
    def team(self) -> TeamInfo | None: ...

    def sync(self) -> SyncReport: ...

    def sync_state(self) -> SyncState: ...

    def wait_for_changes(self, timeout: float) -> bool: ...


@dataclass
class SyncDone(Message):
    """One background sync finished (or could not reach the server)."""

    state: SyncState
    pulled: int
    problem: str = ""


class SyncSchedule:
    """When the next sync is due. Thread-safe: writes are noted on the UI thread, the worker
    asks from its own.

    A clock is passed in, so tests decide what time it is.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._written_at: float | None = None
        self._announced = False
        self._wake = threading.Event()

    def wrote(self) -> None:
        with self._lock:
            self._written_at = self._clock()
        self._wake.set()

    def announced(self) -> None:
        with self._lock:
            self._announced = True
        self._wake.set()

    def due(self) -> bool:
        """A colleague's change was announced, or local writes have settled."""
        with self._lock:
            if self._announced:
                return True
            return (
                self._written_at is not None
                and self._clock() - self._written_at >= WRITE_SETTLE_SECONDS
            )

    def pending_write(self) -> bool:
        with self._lock:
            return self._written_at is not None

    def started(self) -> None:
        """A sync starts now: what was written or announced before it goes with it."""
        with self._lock:
            self._written_at = None
            self._announced = False
        self._wake.clear()

    def sleep(self, seconds: float) -> None:
        """Wait up to `seconds`, or until a write, an announcement or `stop`."""
        self._wake.wait(seconds)
        self._wake.clear()

    def stop(self) -> None:
        """Wake the worker so that it sees it was cancelled."""
        self._wake.set()


def run_sync_loop(
    source: SyncSource,
    schedule: SyncSchedule,
    report: Callable[[SyncDone], None],
    cancelled: Callable[[], bool],
) -> None:
    """The worker's body, apart from Textual so that it is tested by calling it."""
    due = True
    online = False
    while not cancelled():
        if due:
            schedule.started()
            online = _sync_once(source, report)
            if cancelled():
                return
        if online:
            try:
                if source.wait_for_changes(LISTEN_SECONDS):
                    schedule.announced()
            except FieldnotesError:
                online = False
            due = schedule.due()
        elif schedule.pending_write():
            schedule.sleep(WRITE_SETTLE_SECONDS)
            due = schedule.due()
        else:
            # Offline: try again after a while, or soon after the next local write.
            schedule.sleep(OFFLINE_RETRY_SECONDS)
            due = not schedule.pending_write()


def _sync_once(source: SyncSource, report: Callable[[SyncDone], None]) -> bool:
    problem = ""
    pulled = 0
    try:
        done = source.sync()
        pulled = done.pulled
        problem = done.problem
    except FieldnotesError as error:
        problem = str(error)
    try:
        state = source.sync_state()
    except FieldnotesError as error:
        state = SyncState(online=False, waiting=0, problem=str(error))
    report(SyncDone(state, pulled, problem))
    return state.online

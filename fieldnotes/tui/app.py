"""The fieldnotes terminal app: open, unlock, browse notes, capture jottings, lock when idle.

`FieldnotesApp` is made of parts (`tui/app_parts/`): stopping safely, locking, opening
screens, holding keys across a screen change, and the global commands.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import sys
import threading
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import ClassVar

from textual import events, on
from textual.app import App
from textual.binding import BindingType
from textual.message import Message
from textual.reactive import var
from textual.worker import WorkerState

from fieldnotes.domain.team import SyncState
from fieldnotes.errors import FieldnotesError, NotebookNotFound
from fieldnotes.notebook import Notebook
from fieldnotes.notebook.config import IDLE_LOCK_ENV, read_config
from fieldnotes.tui.app_parts.collector import TICK_SECONDS, IdleCollector
from fieldnotes.tui.app_parts.commands import APP_BINDINGS, DARK_THEME, LIGHT_THEME, CommandsPart
from fieldnotes.tui.app_parts.keys import KeysPart
from fieldnotes.tui.app_parts.locking import LockingPart
from fieldnotes.tui.app_parts.opening import OpeningPart
from fieldnotes.tui.app_parts.stopping import (
    EXIT_CANNOT_OPEN,
    EXIT_INTERNAL_ERROR,
    EXIT_OK,
    EXIT_UNSAFE_DEBUG,
    STOP_EXIT_SECONDS,
    STOP_SEAL_SECONDS,
    StoppingPart,
)
from fieldnotes.tui.app_parts.team import TEAM_BINDINGS, TeamAppPart
from fieldnotes.tui.format import DEFAULT_IDLE_LOCK_SECONDS, idle_lock_seconds_from_env
from fieldnotes.tui.messages import DraftClosed, DraftOpened, NotesOpening, OpenWriteUp
from fieldnotes.tui.providers import LockCommands, NavigationCommands
from fieldnotes.tui.safety import refusal_message, unsafe_debug_accepted, unsafe_debug_settings
from fieldnotes.tui.screens.unlock import CreateScreen, OpenFailedScreen

__all__ = [
    "DARK_THEME",
    "EXIT_CANNOT_OPEN",
    "EXIT_INTERNAL_ERROR",
    "EXIT_OK",
    "EXIT_UNSAFE_DEBUG",
    "LIGHT_THEME",
    "STOP_EXIT_SECONDS",
    "STOP_SEAL_SECONDS",
    "FieldnotesApp",
    "run_tui",
]


_BUSY = (WorkerState.PENDING, WorkerState.RUNNING)


class FieldnotesApp(
    TeamAppPart, StoppingPart, LockingPart, OpeningPart, KeysPart, CommandsPart, App[int]
):
    """Holds the open notebook; every screen that shows notes is popped when it locks."""

    CSS_PATH = "app.tcss"
    TITLE = "fieldnotes"
    COMMANDS: ClassVar = App.COMMANDS | {NavigationCommands, LockCommands}
    ENABLE_COMMAND_PALETTE = True

    BINDINGS: ClassVar[list[BindingType]] = [*APP_BINDINGS, *TEAM_BINDINGS]

    class NotebookChanged(Message):
        """Posted (from any thread) after every write to the notebook."""

    revision: var[int] = var(0)
    """Bumped whenever the app learns the notebook changed; screens that show notes watch it."""

    notes_opening: var[bool] = var(False)
    """The notes list is still opening the older notes: screens that count them must wait."""

    sync_state: var[SyncState | None] = var(None)
    """A team notebook's sync state for the status line; None for a personal notebook."""

    def __init__(
        self,
        notebook_path: Path,
        *,
        demo: bool = False,
        idle_lock_seconds: float | None = None,
        clock: Callable[[], float] = time.monotonic,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__()
        self.notebook_path = Path(notebook_path)
        self.demo = demo
        self.idle_lock_override = idle_lock_seconds
        """Seconds that win over the notebook's lock-after setting (from the environment)."""
        self.idle_lock_seconds = float(
            DEFAULT_IDLE_LOCK_SECONDS if idle_lock_seconds is None else idle_lock_seconds
        )
        self.notebook = None
        self.startup_notice: str | None = None
        """A warning to show once the first screen is up (set by `run_tui`)."""
        self.before_hard_exit = None
        """Run just before the watchdog ends the process, which skips every `finally` of the
        caller (the demo's temporary folder is removed this way)."""
        self._clock = clock
        self.today = today
        """Today's date for what is due (a fixed day in tests)."""
        self._last_activity = clock()
        self._closed = False
        self._loop = None
        self._stop_code = None
        """Set once a signal or a lost terminal asked the app to stop (the exit code)."""
        self._sealed = threading.Event()
        """Drafts sealed and the notebook closed, on the way out."""
        self._crashed = False
        self.kept_brief_summary = ""
        """A brief's opening summary typed and not exported: the next composer starts from it.
        Kept for this unlocked session only, and dropped with the key at lock."""
        self._reopen = []
        """Screens open over the notes list at the last lock, reopened after unlocking."""
        self._held_keys = []
        self._keys_screen = None
        """The screen keys last went to; keys just after a change wait for it to be drawn."""
        self._notes_screen = None
        """The notes list pushed at the last unlock (weak: it must not outlive the lock)."""
        self._draft_holders = []
        """Screens with unsaved text, flushed before the key is dropped."""
        self._reopen_after_lock = []
        """Screens this app opened that come back after unlocking, with the action that does it."""
        self._collector = IdleCollector()
        """Full garbage collections held for the pauses between keys (see its module)."""
        self._collector_ticked = time.monotonic()

    def on_mount(self) -> None:
        saved = read_config()
        self.theme = LIGHT_THEME if saved.values.get("theme") == "light" else DARK_THEME
        if saved.problem:
            self.notify(saved.problem, severity="warning", timeout=8)
        self._last_activity = self._clock()
        # Checking several times per idle period keeps the lock within a second or so of due.
        self.set_interval(min(1.0, max(self.idle_lock_seconds / 4, 0.05)), self.check_idle_lock)
        self._collector.hold()
        self._collector_ticked = time.monotonic()
        self.set_interval(TICK_SECONDS, self._collect_when_idle)
        self._loop = asyncio.get_running_loop()
        if not self.is_headless:
            self._install_signal_handlers()
            self._watch_terminal()
        try:
            self.notebook = Notebook.open(self.notebook_path)
        except NotebookNotFound:
            self.push_screen(CreateScreen(self.notebook_path), self._created)
        except FieldnotesError as error:
            self.push_screen(OpenFailedScreen(str(error)), self._cannot_open)
        else:
            self.notebook.on_change(self._notebook_written)
            self._push_unlock()
        if self.startup_notice:
            self.notify(self.startup_notice, severity="warning", timeout=8)
        self.call_after_refresh(self._freeze_startup_objects)

    @staticmethod
    def _freeze_startup_objects() -> None:
        """Move everything built so far (modules, styles, widgets) out of the collector's way.

        Otherwise a full collection lands right after unlocking, while the first list is being
        built, and walks every object of every imported library: a tenth of a second.
        """
        gc.collect()
        gc.freeze()

    def _collect_when_idle(self) -> None:
        # Idle is no key for a while and no work still under way for the last one: a worker
        # filling a list would wait on the collection as surely as a key would.
        now = time.monotonic()
        since, self._collector_ticked = now - self._collector_ticked, now
        if any(worker.state in _BUSY for worker in self.workers):
            return
        self._collector.collect_if_idle(self._clock() - self._last_activity, since)

    def on_unmount(self) -> None:
        self._collector.release()
        self._close_notebook()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.MouseEvent | events.Paste):
            self._last_activity = self._clock()
        if isinstance(event, events.Key) and not event.is_forwarded and self._hold_key(event):
            return
        await super().on_event(event)

    @on(DraftOpened)
    def _draft_opened(self, message: DraftOpened) -> None:
        self._draft_holders.append(message.holder)

    @on(DraftClosed)
    def _draft_closed(self, message: DraftClosed) -> None:
        with contextlib.suppress(ValueError):
            self._draft_holders.remove(message.holder)

    @on(OpenWriteUp)
    def _open_writeup_asked(self, message: OpenWriteUp) -> None:
        self.open_writeup(message.note_id, initial=message.initial)

    @on(NotesOpening)
    def _notes_opening(self, message: NotesOpening) -> None:
        self.notes_opening = message.opening

    def watch_theme(self, _theme: str) -> None:
        # Row colours are baked into Rich text, so the note list redraws for the new theme.
        notes = self._notes()
        if notes is not None and notes.is_mounted:
            notes.table.refresh_colours()

    def _notebook_written(self) -> None:
        """From the notebook, on whatever thread wrote: tell the event loop."""
        self.note_local_write()
        self.post_message(self.NotebookChanged())

    def on_fieldnotes_app_notebook_changed(self, _message: NotebookChanged) -> None:
        self.revision += 1


def _one_line_excepthooks() -> None:
    """Errors outside the app (its threads, teardown) print their kind, never a traceback."""

    def hook(kind: type[BaseException], error: BaseException, _tb: object) -> None:
        print(f"fieldnotes: internal error ({kind.__name__})", file=sys.stderr)

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_type is not SystemExit:
            hook(args.exc_type, args.exc_value or args.exc_type(), None)

    sys.excepthook = hook
    threading.excepthook = thread_hook


def run_tui(
    notebook_path: Path,
    *,
    demo: bool = False,
    before_hard_exit: Callable[[], None] | None = None,
) -> int:
    """Run the app on a notebook; returns the process exit code."""
    unsafe = unsafe_debug_settings()
    if unsafe and not unsafe_debug_accepted():
        print(refusal_message(unsafe), file=sys.stderr)
        return EXIT_UNSAFE_DEBUG
    _one_line_excepthooks()
    seconds, notice = idle_lock_seconds_from_env()
    # The environment wins over the notebook's own lock-after setting while it is set.
    override = seconds if os.environ.get(IDLE_LOCK_ENV, "").strip() else None
    app = FieldnotesApp(notebook_path, demo=demo, idle_lock_seconds=override)
    app.startup_notice = notice
    app.before_hard_exit = before_hard_exit
    try:
        result = app.run()
    finally:
        # Whatever happened inside, the key must not outlive the app.
        app._close_notebook()
    if app.return_code:
        return app.return_code
    code = EXIT_OK if result is None else int(result)
    if code == EXIT_OK and not demo:
        # After the terminal is back to normal, and only on an ordinary quit: a signal or a
        # crash must end the process at once, not wait for a backup.
        from fieldnotes.notebook.config import automatic_backup_after_close

        message = automatic_backup_after_close(notebook_path)
        if message:
            print(f"fieldnotes: {message}", file=sys.stderr)
    return code

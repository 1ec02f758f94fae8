"""The fieldnotes terminal app: open, unlock, browse notes, capture jottings, lock when idle."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import select
import signal
import sys
import threading
import time
import weakref
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from types import FrameType
from typing import Any, ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual import events, on
from textual.app import App, ScreenStackError, SystemCommand
from textual.await_complete import AwaitComplete
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import var
from textual.screen import Screen
from textual.worker import WorkerFailed

from fieldnotes.domain.model import NoteDraft
from fieldnotes.errors import FieldnotesError, NotebookNotFound
from fieldnotes.notebook import Notebook
from fieldnotes.notebook.config import (
    IDLE_LOCK_ENV,
    lock_after_seconds,
    read_config,
    write_config_value,
)
from fieldnotes.tui.dialogs.drafts import DraftsScreen
from fieldnotes.tui.dialogs.help import HelpScreen
from fieldnotes.tui.dialogs.jotting import JottingScreen
from fieldnotes.tui.dialogs.settings import SettingsScreen
from fieldnotes.tui.format import DEFAULT_IDLE_LOCK_SECONDS, idle_lock_seconds_from_env
from fieldnotes.tui.messages import (
    DraftClosed,
    DraftHolder,
    DraftOpened,
    NotesOpening,
    OpenWriteUp,
)
from fieldnotes.tui.providers import LockCommands, NavigationCommands
from fieldnotes.tui.safety import (
    crash_message,
    refusal_message,
    unsafe_debug_accepted,
    unsafe_debug_settings,
)
from fieldnotes.tui.screens.notes import NotesScreen
from fieldnotes.tui.screens.unlock import CreateScreen, OpenFailedScreen, UnlockScreen

DARK_THEME = "textual-dark"
LIGHT_THEME = "textual-light"

EXIT_OK = 0
EXIT_CANNOT_OPEN = 1
EXIT_INTERNAL_ERROR = 70
"""An unhandled exception inside the app (EX_SOFTWARE)."""
EXIT_UNSAFE_DEBUG = 78
"""Refused to start because Textual's debugging would leak plaintext (EX_CONFIG)."""

STOP_SEAL_SECONDS = 0.4
"""After a signal or a lost terminal: how long the orderly path may take to seal the drafts
and close the notebook before a watchdog drops the key and ends the process."""
STOP_EXIT_SECONDS = 0.5
"""Then how long the app may take to restore the terminal and exit, before it is ended."""


class FieldnotesApp(App[int]):
    """Holds the open notebook; every screen that shows notes is popped when it locks."""

    CSS_PATH = "app.tcss"
    TITLE = "fieldnotes"
    COMMANDS: ClassVar = App.COMMANDS | {NavigationCommands, LockCommands}
    ENABLE_COMMAND_PALETTE = True

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+l",
            "lock",
            "Lock",
            priority=True,
            id="app.lock",
            tooltip="Seal any draft, drop the key and clear the screen now",
        ),
        Binding(
            "j",
            "jotting",
            "Jotting",
            id="app.jotting",
            tooltip="Capture a quick jotting from anywhere (not while typing)",
        ),
        Binding(
            "D",
            "due",
            "Due",
            show=False,
            id="app.due",
            tooltip="Obstacles due to re-observe and follow-up questions still open",
        ),
        Binding(
            "Y",
            "tracker",
            "You said, we did",
            show=False,
            id="app.tracker",
            tooltip="Each raised obstacle: what was said, decided, changed and is still open",
        ),
        Binding(
            "ctrl+n",
            "new_from_template",
            "From template",
            show=False,
            id="app.new-from-template",
            tooltip="A new write-up pre-filled from a template for a recurring setting",
        ),
        Binding(
            "question_mark", "help", "Keys", id="app.help", tooltip="Every key that works here"
        ),
        Binding(
            "f1",
            "help",
            "Keys",
            show=False,
            priority=True,
            id="app.help-f1",
            tooltip="Every key that works here, even while typing",
        ),
        Binding(
            "f9",
            "settings",
            "Settings",
            show=False,
            id="app.settings",
            tooltip="Author named in briefs, minutes before auto-lock, theme",
        ),
        Binding(
            "f7",
            "people_map",
            "People",
            show=False,
            id="app.people-map",
            tooltip="The people map: names written as a role or pseudonym in briefs",
        ),
        Binding(
            "ctrl+t",
            "toggle_theme",
            "Theme",
            show=False,
            id="app.theme",
            tooltip="Switch between the light and the dark theme",
        ),
        Binding(
            "ctrl+q",
            "quit",
            "Quit",
            show=False,
            priority=True,
            id="app.quit",
            tooltip="Lock and close the notebook, then quit",
        ),
    ]

    class NotebookChanged(Message):
        """Posted (from any thread) after every write to the notebook."""

    revision: var[int] = var(0)
    """Bumped whenever the app learns the notebook changed; screens that show notes watch it."""

    notes_opening: var[bool] = var(False)
    """The notes list is still opening the older notes: screens that count them must wait."""

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
        self.notebook: Notebook | None = None
        self.startup_notice: str | None = None
        """A warning to show once the first screen is up (set by `run_tui`)."""
        self.before_hard_exit: Callable[[], None] | None = None
        """Run just before the watchdog ends the process, which skips every `finally` of the
        caller (the demo's temporary folder is removed this way)."""
        self._clock = clock
        self.today = today
        """Today's date for what is due (a fixed day in tests)."""
        self._last_activity = clock()
        self._closed = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop_code: int | None = None
        """Set once a signal or a lost terminal asked the app to stop (the exit code)."""
        self._sealed = threading.Event()
        """Drafts sealed and the notebook closed, on the way out."""
        self._crashed = False
        self.kept_brief_summary = ""
        """A brief's opening summary typed and not exported: the next composer starts from it.
        Kept for this unlocked session only, and dropped with the key at lock."""
        self._reopen: list[str] = []
        """Screens open over the notes list at the last lock, reopened after unlocking."""
        self._held_keys: list[events.Key] = []
        self._keys_screen: weakref.ref[Screen[Any]] | None = None
        """The screen keys last went to; keys just after a change wait for it to be drawn."""
        self._notes_screen: weakref.ref[NotesScreen] | None = None
        """The notes list pushed at the last unlock (weak: it must not outlive the lock)."""
        self._draft_holders: list[DraftHolder] = []
        """Screens with unsaved text, flushed before the key is dropped."""
        self._reopen_after_lock: list[tuple[weakref.ref[Screen[Any]], str]] = []
        """Screens this app opened that come back after unlocking, with the action that does it."""

    # ---------------------------------------------------------------- lifecycle

    def on_mount(self) -> None:
        saved = read_config()
        self.theme = LIGHT_THEME if saved.values.get("theme") == "light" else DARK_THEME
        if saved.problem:
            self.notify(saved.problem, severity="warning", timeout=8)
        self._last_activity = self._clock()
        # Checking several times per idle period keeps the lock within a second or so of due.
        self.set_interval(min(1.0, max(self.idle_lock_seconds / 4, 0.05)), self.check_idle_lock)
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

    def _cannot_open(self, _result: object) -> None:
        self.exit(EXIT_CANNOT_OPEN, return_code=EXIT_CANNOT_OPEN)

    def _install_signal_handlers(self) -> None:
        # A plain handler rather than the loop's: it runs even while the loop is stuck in a
        # long call, and all it does is ask for the stop and start the watchdog.
        for signum in (signal.SIGTERM, signal.SIGHUP):
            with contextlib.suppress(ValueError, OSError):
                signal.signal(signum, self._on_signal)

    def _on_signal(self, signum: int, _frame: FrameType | None) -> None:
        self.request_stop(128 + signum)

    def _watch_terminal(self) -> None:
        """Stop when the terminal goes away (window closed, tmux session killed).

        The kernel may send SIGHUP, or may not (no controlling terminal); either way the
        terminal's file reports a hang-up, and Textual's reader would otherwise spin on it.
        """
        try:
            fd = sys.__stdin__.fileno() if sys.__stdin__ is not None else -1
        except (OSError, ValueError):
            return
        if fd < 0 or not os.isatty(fd):
            return
        poller = select.poll()
        poller.register(fd, select.POLLHUP | select.POLLERR)
        gone = select.POLLHUP | select.POLLERR | select.POLLNVAL

        def watch() -> None:
            while self._stop_code is None and not self._exit:
                try:
                    events_ = poller.poll(250)
                except OSError:
                    events_ = [(fd, select.POLLERR)]
                if any(mask & gone for _fd, mask in events_):
                    self.request_stop(128 + signal.SIGHUP)
                    return

        threading.Thread(target=watch, name="fieldnotes-terminal-watch", daemon=True).start()

    def request_stop(self, code: int) -> None:
        """Lock and exit soon; safe to call from a signal handler or any thread.

        The orderly path runs on the event loop. A watchdog ends the process if that path
        has not sealed the drafts and closed the notebook, or the app has not gone, in time:
        a busy worker or a dead terminal must not keep a notebook unlocked.
        """
        if self._stop_code is not None:
            return
        self._stop_code = code
        threading.Thread(
            target=self._watchdog, args=(code,), name="fieldnotes-stop-watchdog", daemon=True
        ).start()
        loop = self._loop
        if loop is not None:
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(self._terminate)

    def _watchdog(self, code: int) -> None:
        if self._sealed.wait(STOP_SEAL_SECONDS):
            # Everything is locked; only the app's own shutdown is left to wait for.
            time.sleep(STOP_EXIT_SECONDS)
        else:
            self._drop_key_from_any_thread()
        if self.before_hard_exit is not None:
            with contextlib.suppress(Exception):
                self.before_hard_exit()
        os._exit(code)

    def _drop_key_from_any_thread(self) -> None:
        """Forget the key although the event loop is busy; the process ends right after."""
        notebook = self.notebook
        if notebook is None:
            return

        def lock() -> None:
            with contextlib.suppress(Exception):
                notebook.lock()

        # Locking forgets the key first and then checkpoints; never wait long for the disk.
        locker = threading.Thread(target=lock, daemon=True)
        locker.start()
        locker.join(STOP_SEAL_SECONDS / 2)

    def _terminate(self) -> None:
        """SIGTERM, SIGHUP or a lost terminal: seal drafts and lock before anything else."""
        self._seal_and_close()
        self.exit(self._stop_code, return_code=self._stop_code or EXIT_OK)

    def _seal_and_close(self) -> bool:
        """On the way out: seal every draft and close the notebook, whatever fails.

        Returns whether everything was sealed. Whatever broke may break these too, so each
        screen and the close are tried on their own and no exception escapes (its text could
        quote a note).
        """
        sealed = True
        for holder in list(self._draft_holders):
            try:
                holder.flush_draft()
            except Exception:
                sealed = False
        try:
            self._close_notebook()
        except Exception:
            sealed = False
        self._sealed.set()
        return sealed

    # ----------------------------------------------------------- internal errors

    def _handle_exception(self, error: Exception) -> None:
        """Every unhandled exception ends here (handlers, timers, workers, rendering).

        Textual would print a traceback with local variables, which hold note text and the
        key. Instead: seal drafts, close the notebook, say one line and exit non-zero.
        """
        if isinstance(error, WorkerFailed):
            error = error.error if isinstance(error.error, Exception) else error
        if self._exception is None:
            # Pilot re-raises this at the end of a test; nothing is printed from it.
            self._exception = error
            self._exception_event.set()
        self._stop_after_internal_error(error)

    def panic(self, *renderables: RenderableType) -> None:
        # Textual panics with a traceback when its input thread dies (a lost terminal).
        self._stop_after_internal_error(RuntimeError("the terminal stopped answering"))

    def _stop_after_internal_error(self, error: BaseException) -> None:
        self._return_code = EXIT_INTERNAL_ERROR
        if self._crashed:
            return
        self._crashed = True
        sealed = self._seal_and_close()
        self._exit_renderables.clear()
        self._exit_renderables.append(Text(crash_message(error, sealed=sealed)))
        self._exit = True
        self._return_value = None
        self._close_messages_no_wait()

    def _push_unlock(self, notice: str = "") -> None:
        assert self.notebook is not None
        screen = UnlockScreen(self.notebook, demo=self.demo, notice=notice)
        self.push_screen(screen, self._unlocked)

    def _created(self, notebook: object) -> None:
        if not isinstance(notebook, Notebook):
            return
        self.notebook = notebook
        notebook.on_change(self._notebook_written)
        self._unlocked(True)

    def _unlocked(self, _result: object) -> None:
        self._last_activity = self._clock()
        assert self.notebook is not None
        if self.idle_lock_override is None:
            try:
                self.idle_lock_seconds = lock_after_seconds(self.notebook)
            except FieldnotesError as error:
                self.idle_lock_seconds = DEFAULT_IDLE_LOCK_SECONDS
                self.notify(str(error), severity="warning", timeout=8)
        notes = NotesScreen(self.notebook)
        self._notes_screen = weakref.ref(notes)
        self.push_screen(notes)
        reopen, self._reopen = self._reopen, []
        # A large notebook opens its notes in the background; the synthesis must wait for them.
        if self.notebook.notes_loaded:
            for action in reopen:
                getattr(self, f"action_{action}")()
        self.offer_drafts()

    def offer_drafts(self) -> None:
        """If write-ups were sealed as drafts (lock, crash, quit), offer them back."""
        if self.notebook is None or not self.notebook.is_unlocked:
            return
        try:
            drafts = self.notebook.drafts()
        except FieldnotesError as error:
            self.notify(f"Drafts could not be read: {error}", severity="error")
            return
        if not drafts:
            return

        def chosen(choice: tuple[str, str | None] | None) -> None:
            if choice is not None:
                draft_id, note_id = choice
                self.open_writeup(note_id, draft_id=draft_id)

        self.push_screen(DraftsScreen(self.notebook, drafts), chosen)

    def on_unmount(self) -> None:
        self._close_notebook()

    def _close_notebook(self) -> None:
        if self.notebook is not None and not self._closed:
            self._closed = True
            try:
                self.notebook.close()
            except FieldnotesError as error:
                self.log.error(f"closing the notebook failed: {error}")

    # --------------------------------------------------------------- idle lock

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.MouseEvent | events.Paste):
            self._last_activity = self._clock()
        if isinstance(event, events.Key) and not event.is_forwarded and self._hold_key(event):
            return
        await super().on_event(event)

    def _hold_key(self, event: events.Key) -> bool:
        """Hold the keys that arrive just after a screen change until that screen has focus.

        The new screen focuses its first widget from `on_mount`, and Textual applies that focus
        through the app's queue, behind any key already waiting there. Such a key reached a
        screen with nothing focused, so a key bound on the widget about to be focused (the
        list's enter, the tree's arrows) found no binding and was lost.
        """
        if not self._held_keys:
            try:
                screen = self.screen
            except ScreenStackError:
                return False
            if self._keys_screen is not None and self._keys_screen() is screen:
                return False
            if not self._after_mount(screen):
                return False
        self._held_keys.append(events.Key(event.key, event.character))
        return True

    def _after_mount(self, screen: Screen[Any]) -> bool:
        # The screen runs its callbacks only once mounted; the focus it asked for from
        # `on_mount` is by then in the app's queue, ahead of the release queued here.
        return screen.call_later(self.call_later, self._release_key)

    async def _release_key(self) -> None:
        """Hand the first held key on; the next waits for any screen that key opens."""
        try:
            screen = self.screen
        except ScreenStackError:
            self._held_keys.clear()
            return
        # A weak reference: a screen popped at lock must not stay in memory with its notes.
        self._keys_screen = weakref.ref(screen)
        if not self._held_keys:
            return
        await super().on_event(self._held_keys.pop(0))
        if self._held_keys:
            try:
                screen = self.screen
            except ScreenStackError:
                self._held_keys.clear()
                return
            if not self._after_mount(screen):
                self._held_keys.clear()

    def check_idle_lock(self) -> None:
        """Lock once nothing has been pressed or moved for `idle_lock_seconds`."""
        if self.notebook is None or not self.notebook.is_unlocked:
            return
        if self._clock() - self._last_activity >= self.idle_lock_seconds:
            minutes = self.idle_lock_seconds / 60
            after = (
                f"{minutes:g} minutes" if minutes >= 1 else f"{self.idle_lock_seconds:g} seconds"
            )
            self.lock_notebook(reason=f"Locked after {after} without activity.")

    @on(DraftOpened)
    def _draft_opened(self, message: DraftOpened) -> None:
        self._draft_holders.append(message.holder)

    @on(DraftClosed)
    def _draft_closed(self, message: DraftClosed) -> None:
        with contextlib.suppress(ValueError):
            self._draft_holders.remove(message.holder)

    def _flush_drafts(self) -> None:
        for holder in list(self._draft_holders):
            try:
                holder.flush_draft()
            except FieldnotesError as error:
                self.log.error(f"draft not kept: {error}")

    def lock_notebook(self, reason: str = "") -> None:
        """Seal drafts, drop the key, and replace every screen with a fresh unlock screen."""
        if self.notebook is None or not self.notebook.is_unlocked:
            return
        self._flush_drafts()
        self.kept_brief_summary = ""
        self._reopen = []
        try:
            self.notebook.lock()
        except FieldnotesError as error:
            # The key is dropped before the checkpoint that can fail; still clear the screen.
            self.notify(f"Locking reported a problem: {error}", severity="error")
        # A toast could quote a note; none may outlive the lock.
        self.clear_notifications()
        self._reopen = self._reopenable()
        popped = [self.pop_screen() for _ in range(len(self.screen_stack) - 1)]
        self._push_unlock(reason)
        self.call_later(self._forget_locked_screens, popped)

    async def _forget_locked_screens(self, popped: list[AwaitComplete]) -> None:
        """Once the screens popped at lock are gone, let nothing keep them in memory.

        Textual drops the watcher of a closed screen when the watched value next changes; the
        lock is a change of its own, and changing `revision` now drops the watchers of every
        screen that showed notes.
        """
        for pop in popped:
            await pop
        self.revision += 1

    def _reopenable(self) -> list[str]:
        """The actions that open again the codebook or synthesis the stack holds, in order.

        Only by name: a screen showing notes cannot outlive the lock, so each is built afresh
        after unlocking (a write-up comes back as its sealed draft instead).
        """
        stack = self.screen_stack
        opened = [(ref(), action) for ref, action in self._reopen_after_lock]
        self._reopen_after_lock = []
        return [action for screen, action in opened if screen is not None and screen in stack]

    # ------------------------------------------------------------------ actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"due", "tracker", "new_from_template"}:
            return self.notebook is not None and self.notebook.is_unlocked
        if action in {
            "jotting",
            "codebook",
            "synthesis",
            "new_writeup",
            "lock",
            "settings",
            "trash",
        }:
            unlocked = self.notebook is not None and self.notebook.is_unlocked
            if not unlocked:
                return False
            if action == "jotting" and isinstance(self.screen, JottingScreen):
                return False
        return True

    def action_lock(self) -> None:
        self.lock_notebook(reason="Locked.")

    def action_jotting(self) -> None:
        if self.notebook is None or not self.notebook.is_unlocked:
            return

        def saved(note_id: str | None) -> None:
            if note_id is not None:
                self.notify("Jotting saved: write it up later today.", title="Saved")
                self._land_on(note_id)

        self.push_screen(JottingScreen(self.notebook), saved)

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.screen))

    def action_new_writeup(self) -> None:
        self.open_writeup(None)

    def action_new_from_template(self) -> None:
        if self.notebook is None or not self.notebook.is_unlocked:
            return
        from datetime import datetime

        from fieldnotes.domain.templates import Template, available_templates
        from fieldnotes.tui.dialogs.template_picker import TemplatePickerScreen

        try:
            templates = available_templates()
        except FieldnotesError as error:
            self.notify(str(error), title="A template has a problem", severity="error")
            return

        def chosen(template: Template | None) -> None:
            if template is not None:
                now = datetime.now().replace(second=0, microsecond=0)
                self.open_writeup(None, initial=template.draft(now))

        self.push_screen(TemplatePickerScreen(templates), chosen)

    def open_writeup(
        self,
        note_id: str | None,
        *,
        draft_id: str | None = None,
        initial: NoteDraft | None = None,
    ) -> None:
        """Push the write-up editor; when it closes, the notes list lands on the saved note."""
        if self.notebook is None or not self.notebook.is_unlocked:
            return
        from fieldnotes.tui.screens.writeup.screen import WriteUpScreen

        def closed(saved_id: str | None) -> None:
            if saved_id is not None:
                self._land_on(saved_id)
            else:
                self.revision += 1
            if draft_id is not None:
                # More drafts may be waiting behind the one just restored.
                self.offer_drafts()

        try:
            screen = WriteUpScreen(self.notebook, note_id, draft_id=draft_id, initial=initial)
        except FieldnotesError as error:
            self.notify(str(error), severity="error")
            return
        self.push_screen(screen, closed)

    @on(OpenWriteUp)
    def _open_writeup_asked(self, message: OpenWriteUp) -> None:
        self.open_writeup(message.note_id, initial=message.initial)

    @on(NotesOpening)
    def _notes_opening(self, message: NotesOpening) -> None:
        self.notes_opening = message.opening

    def _notes(self) -> NotesScreen | None:
        return self._notes_screen() if self._notes_screen is not None else None

    def _land_on(self, note_id: str) -> None:
        """A note was saved: the notes list puts its cursor on it as it reloads."""
        notes = self._notes()
        if notes is not None:
            notes.focus_note(note_id)

    def action_codebook(self) -> None:
        from fieldnotes.tui.screens.codebook.screen import CodebookScreen

        self._push_over_notes(CodebookScreen, reopen="codebook")

    def action_synthesis(self) -> None:
        from fieldnotes.tui.screens.synthesis.screen import SynthesisScreen

        self._push_over_notes(
            lambda notebook: SynthesisScreen(notebook, today=self.today), reopen="synthesis"
        )

    def action_due(self) -> None:
        from fieldnotes.tui.screens.due import DueScreen

        if isinstance(self.screen, DueScreen):
            return
        self._push_over_notes(lambda notebook: DueScreen(notebook, today=self.today))

    def action_tracker(self) -> None:
        from fieldnotes.tui.screens.tracker import TrackerScreen

        if not isinstance(self.screen, TrackerScreen):
            self._push_over_notes(lambda notebook: TrackerScreen(notebook, today=self.today))

    def action_trash(self) -> None:
        from fieldnotes.tui.screens.trash import TrashScreen

        if not isinstance(self.screen, TrashScreen):
            self._push_over_notes(TrashScreen)

    def _push_over_notes(
        self, make: Callable[[Notebook], Screen[Any]], *, reopen: str | None = None
    ) -> None:
        """Open a screen on the notebook; the notes list reloads when it closes.

        `reopen` names the action that opens it again after unlocking, if the lock finds it open.
        """
        if self.notebook is None or not self.notebook.is_unlocked:
            return
        if self.notes_opening:
            # Counting and synthesising need every note; waiting here would freeze the screen.
            self.notify(
                "Still opening the older notes; this will be ready in a moment.",
                title="Opening notes",
                severity="warning",
            )
            return

        def closed(_result: object) -> None:
            self.revision += 1

        screen = make(self.notebook)
        if reopen is not None:
            self._reopen_after_lock.append((weakref.ref(screen), reopen))
        self.push_screen(screen, closed)

    def action_settings(self) -> None:
        if self.notebook is None or not self.notebook.is_unlocked:
            return
        if isinstance(self.screen, SettingsScreen):
            return
        from fieldnotes.tui.dialogs.settings import SavedSettings

        def saved(result: SavedSettings | None) -> None:
            if result is None:
                return
            self.theme = LIGHT_THEME if result.theme == "light" else DARK_THEME
            if self.idle_lock_override is None:
                self.idle_lock_seconds = float(result.lock_after_minutes * 60)
            self.notify("Settings saved.", title="Settings")

        self.push_screen(
            SettingsScreen(
                self.notebook,
                theme="light" if self.theme == LIGHT_THEME else "dark",
                lock_override_seconds=self.idle_lock_override,
            ),
            saved,
        )

    def action_people_map(self) -> None:
        if self.notebook is None or not self.notebook.is_unlocked:
            return
        from fieldnotes.tui.dialogs.people_map import PeopleMapScreen

        if isinstance(self.screen, PeopleMapScreen):
            return

        def saved(people: object) -> None:
            if people is not None:
                self.notify("People map saved.", title="People map")

        self.push_screen(PeopleMapScreen(self.notebook), saved)

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT_THEME if self.theme == DARK_THEME else DARK_THEME
        try:
            write_config_value("theme", "light" if self.theme == LIGHT_THEME else "dark")
        except FieldnotesError as error:
            self.notify(f"The theme will not be remembered: {error}", severity="warning")

    def watch_theme(self, _theme: str) -> None:
        # Row colours are baked into Rich text, so the note list redraws for the new theme.
        notes = self._notes()
        if notes is not None and notes.is_mounted:
            notes.table.refresh_colours()

    async def action_quit(self) -> None:
        self._flush_drafts()
        self._close_notebook()
        self.exit(EXIT_OK)

    def _notebook_written(self) -> None:
        """From the notebook, on whatever thread wrote: tell the event loop."""
        self.post_message(self.NotebookChanged())

    def on_fieldnotes_app_notebook_changed(self, _message: NotebookChanged) -> None:
        self.revision += 1

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        # Our own providers offer quit and keys (ours lists every key with its tooltip).
        # A screenshot is a plain SVG of decrypted notes in ~/Downloads: not offered at all.
        for command in super().get_system_commands(screen):
            if command.title not in {"Quit", "Keys", "Screenshot"}:
                yield command

    # Textual's screenshot paths write what is on screen to a plain file; all of them refuse.

    def action_screenshot(self, filename: str | None = None, path: str | None = None) -> None:
        self.notify("Screenshots are off: they would save notes unencrypted.", severity="warning")

    def deliver_screenshot(
        self,
        filename: str | None = None,
        path: str | None = None,
        time_format: str | None = None,
    ) -> str | None:
        self.action_screenshot()
        return None

    def save_screenshot(
        self,
        filename: str | None = None,
        path: str | None = None,
        time_format: str | None = None,
    ) -> str:
        raise PermissionError("screenshots are off: they would save notes unencrypted")


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

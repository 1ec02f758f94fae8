"""The fieldnotes terminal app: open, unlock, browse notes, capture jottings, lock when idle."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import signal
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, ClassVar

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen

from fieldnotes.errors import FieldnotesError, NotebookNotFound
from fieldnotes.notebook import Notebook
from fieldnotes.tui.format import DEFAULT_IDLE_LOCK_SECONDS, idle_lock_seconds_from_env
from fieldnotes.tui.providers import LockCommands, NavigationCommands
from fieldnotes.tui.screens.drafts import DraftsScreen
from fieldnotes.tui.screens.help import HelpScreen
from fieldnotes.tui.screens.jotting import JottingScreen
from fieldnotes.tui.screens.notes import NotesScreen
from fieldnotes.tui.screens.unlock import CreateScreen, OpenFailedScreen, UnlockScreen

DARK_THEME = "textual-dark"
LIGHT_THEME = "textual-light"

EXIT_OK = 0
EXIT_CANNOT_OPEN = 1


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

    def __init__(
        self,
        notebook_path: Path,
        *,
        demo: bool = False,
        idle_lock_seconds: float = DEFAULT_IDLE_LOCK_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self.notebook_path = Path(notebook_path)
        self.demo = demo
        self.idle_lock_seconds = float(idle_lock_seconds)
        self.notebook: Notebook | None = None
        self.startup_notice: str | None = None
        """A warning to show once the first screen is up (set by `run_tui`)."""
        self._clock = clock
        self._last_activity = clock()
        self._closed = False

    # ---------------------------------------------------------------- lifecycle

    def on_mount(self) -> None:
        self.theme = DARK_THEME
        self._last_activity = self._clock()
        # Checking several times per idle period keeps the lock within a second or so of due.
        self.set_interval(min(1.0, max(self.idle_lock_seconds / 4, 0.05)), self.check_idle_lock)
        if not self.is_headless:
            self._install_signal_handlers()
        try:
            self.notebook = Notebook.open(self.notebook_path)
        except NotebookNotFound:
            self.push_screen(CreateScreen(self.notebook_path), self._created)
        except FieldnotesError as error:
            self.push_screen(OpenFailedScreen(str(error)), self._cannot_open)
        else:
            self.notebook.on_change(lambda: self.post_message(self.NotebookChanged()))
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
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGHUP):
            # Not every platform or loop lets us catch signals; lock-on-exit still runs.
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(signum, self._terminate)

    def _terminate(self) -> None:
        """SIGTERM or SIGHUP (terminal closed): seal drafts and lock before anything else."""
        self._flush_drafts()
        self._close_notebook()
        self.exit(EXIT_OK)

    def _push_unlock(self, notice: str = "") -> None:
        assert self.notebook is not None
        screen = UnlockScreen(self.notebook, demo=self.demo, notice=notice)
        self.push_screen(screen, self._unlocked)

    def _created(self, notebook: object) -> None:
        if not isinstance(notebook, Notebook):
            return
        self.notebook = notebook
        notebook.on_change(lambda: self.post_message(self.NotebookChanged()))
        self._unlocked(True)

    def _unlocked(self, _result: object) -> None:
        self._last_activity = self._clock()
        assert self.notebook is not None
        self.push_screen(NotesScreen(self.notebook))
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
        await super().on_event(event)

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

    def _flush_drafts(self) -> None:
        for screen in list(self.screen_stack):
            flush = getattr(screen, "flush_draft", None)
            if callable(flush):
                try:
                    flush()
                except FieldnotesError as error:
                    self.log.error(f"draft not kept: {error}")

    def lock_notebook(self, reason: str = "") -> None:
        """Seal drafts, drop the key, and replace every screen with a fresh unlock screen."""
        if self.notebook is None or not self.notebook.is_unlocked:
            return
        self._flush_drafts()
        try:
            self.notebook.lock()
        except FieldnotesError as error:
            # The key is dropped before the checkpoint that can fail; still clear the screen.
            self.notify(f"Locking reported a problem: {error}", severity="error")
        # A toast could quote a note; none may outlive the lock.
        self.clear_notifications()
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self._push_unlock(reason)

    # ------------------------------------------------------------------ actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"jotting", "codebook", "synthesis", "new_writeup", "lock", "trash"}:
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
                for screen in self.screen_stack:
                    if isinstance(screen, NotesScreen):
                        screen.focus_note(note_id)

        self.push_screen(JottingScreen(self.notebook), saved)

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.screen))

    def action_new_writeup(self) -> None:
        self.open_writeup(None)

    def open_writeup(self, note_id: str | None, *, draft_id: str | None = None) -> None:
        """Push the write-up editor; when it closes, the notes list lands on the saved note."""
        if self.notebook is None or not self.notebook.is_unlocked:
            return
        from fieldnotes.tui.screens.writeup import WriteUpScreen

        def closed(saved_id: str | None) -> None:
            for screen in self.screen_stack:
                if isinstance(screen, NotesScreen):
                    if saved_id is not None:
                        screen.focus_note(saved_id)
                    else:
                        screen.request_reload(refresh_choices=True)
            if draft_id is not None:
                # More drafts may be waiting behind the one just restored.
                self.offer_drafts()

        try:
            screen = WriteUpScreen(self.notebook, note_id, draft_id=draft_id)
        except FieldnotesError as error:
            self.notify(str(error), severity="error")
            return
        self.push_screen(screen, closed)

    def action_codebook(self) -> None:
        from fieldnotes.tui.screens.codebook import CodebookScreen

        self._push_over_notes(CodebookScreen)

    def action_synthesis(self) -> None:
        from fieldnotes.tui.screens.synthesis import SynthesisScreen

        self._push_over_notes(SynthesisScreen)

    def action_trash(self) -> None:
        from fieldnotes.tui.screens.trash import TrashScreen

        if not isinstance(self.screen, TrashScreen):
            self._push_over_notes(TrashScreen)

    def _push_over_notes(self, make: Callable[[Notebook], Screen[Any]]) -> None:
        """Open a screen on the notebook; the notes list reloads when it closes."""
        if self.notebook is None or not self.notebook.is_unlocked:
            return
        if any(isinstance(s, NotesScreen) and s.is_opening for s in self.screen_stack):
            # Counting and synthesising need every note; waiting here would freeze the screen.
            self.notify(
                "Still opening the older notes; this will be ready in a moment.",
                title="Opening notes",
                severity="warning",
            )
            return

        def closed(_result: object) -> None:
            for screen in self.screen_stack:
                if isinstance(screen, NotesScreen):
                    screen.request_reload(refresh_choices=True)

        self.push_screen(make(self.notebook), closed)

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT_THEME if self.theme == DARK_THEME else DARK_THEME

    def watch_theme(self, _theme: str) -> None:
        # Row colours are baked into Rich text, so the note list redraws for the new theme.
        for screen in self.screen_stack:
            if isinstance(screen, NotesScreen) and screen.is_mounted:
                screen.table.refresh_colours()

    async def action_quit(self) -> None:
        self._flush_drafts()
        self._close_notebook()
        self.exit(EXIT_OK)

    def on_fieldnotes_app_notebook_changed(self, _message: NotebookChanged) -> None:
        from fieldnotes.tui.screens.synthesis import SynthesisScreen

        for screen in self.screen_stack:
            if isinstance(screen, NotesScreen) and screen.is_mounted:
                screen.request_reload(refresh_choices=True)
            elif isinstance(screen, SynthesisScreen) and screen.is_mounted:
                screen.request_reload()

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        # Our own providers offer quit and keys (ours lists every key with its tooltip).
        for command in super().get_system_commands(screen):
            if command.title not in {"Quit", "Keys"}:
                yield command


def run_tui(notebook_path: Path, *, demo: bool = False) -> int:
    """Run the app on a notebook; returns the process exit code."""
    seconds, notice = idle_lock_seconds_from_env()
    app = FieldnotesApp(notebook_path, demo=demo, idle_lock_seconds=seconds)
    app.startup_notice = notice
    try:
        result = app.run()
    finally:
        # Whatever happened inside, the key must not outlive the app.
        app._close_notebook()
    return EXIT_OK if result is None else int(result)

"""The screens before any note is visible: unlock, first-run create, and "cannot open"."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Input, Label, LoadingIndicator, Static
from textual.worker import Worker, WorkerState

from fieldnotes.errors import FieldnotesError
from fieldnotes.notebook import Notebook
from fieldnotes.tui.format import passphrase_strength
from fieldnotes.tui.screens.notes import NotesScreen
from fieldnotes.tui.widgets.footer import KeysFooter

MIN_PASSPHRASE_LENGTH = 8

LOST_PASSPHRASE_WARNING = (
    "There is no way to recover a lost passphrase. Nobody, not even fieldnotes, can "
    "open this notebook without it: if you forget it, every note in it is gone for good."
)


class KeyScreen(Screen[object]):
    """Shared shape: a centred card, a busy row shown while the key is derived, an error line."""

    DEFAULT_CSS = """
    KeyScreen {
        align: center middle;
        & #card {
            width: 64;
            max-width: 100%;
            height: auto;
            border: round $primary;
            border-title-align: center;
            border-title-style: bold;
            background: $surface;
            padding: 1 2;
        }
        & .-hint { color: $text-muted; margin: 0 0 1 0; }
        & .-demo { color: $text-success; text-style: bold; margin: 0 0 1 0; }
        & .-notice { color: $text-accent; margin: 0 0 1 0; }
        & .-warning { color: $text-warning; margin: 1 0 0 0; }
        & Input { margin: 0 0 1 0; }
        & #busy { height: 1; display: none; }
        & #busy LoadingIndicator { width: 6; height: 1; }
        & #busy Label { color: $text-accent; }
        & #error { color: $text-error; height: auto; display: none; }
        & Center { height: auto; margin: 1 0 0 0; }
        &.-busy #busy { display: block; }
    }
    """

    def _set_busy(self, busy: bool, message: str = "") -> None:
        self.set_class(busy, "-busy")
        if message:
            self.query_one("#busy-label", Label).update(message)
        for widget in self.query(Input):
            widget.disabled = busy
        for button in self.query(Button):
            button.disabled = busy

    def _show_error(self, message: str) -> None:
        error = self.query_one("#error", Static)
        error.update(Text(message))
        error.display = bool(message)

    @staticmethod
    def _busy_row(message: str) -> Horizontal:
        return Horizontal(LoadingIndicator(), Label(message, id="busy-label"), id="busy")


class UnlockScreen(KeyScreen):
    """Asks for the passphrase; the key is derived in a thread so the UI never freezes.

    Dismisses with True once the notebook is unlocked.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape",
            "clear",
            "Clear",
            id="unlock.clear",
            tooltip="Clear the passphrase field",
        ),
    ]

    def __init__(self, notebook: Notebook, *, demo: bool = False, notice: str = "") -> None:
        super().__init__()
        self.notebook = notebook
        self._demo = demo
        self._notice = notice
        """Why the notebook is locked, when it was locked under the user (idle, lock key)."""

    def compose(self) -> ComposeResult:
        with Vertical(id="card") as card:
            card.border_title = "fieldnotes — locked"
            yield Static(Text(f"Notebook: {self.notebook.path.name}"), classes="-hint")
            if self._notice:
                yield Static(self._notice, classes="-notice")
            if self._demo:
                yield Static("This is the demo notebook: its passphrase is  demo", classes="-demo")
            yield Input(
                placeholder="Passphrase",
                password=True,
                id="passphrase",
                tooltip="Type the notebook's passphrase and press enter",
            )
            yield self._busy_row("Deriving key…")
            yield Static("", id="error")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#passphrase", Input).focus()

    @on(Input.Submitted, "#passphrase")
    def _submitted(self, event: Input.Submitted) -> None:
        passphrase = event.value
        # The field is emptied at once so the passphrase does not sit in a widget.
        event.input.value = ""
        if not passphrase:
            self._show_error("Type the passphrase, then press enter.")
            return
        self._show_error("")
        if self.notebook.needs_upgrade:
            self._set_busy(True, "Deriving key, then upgrading the notebook to this version…")
        else:
            self._set_busy(True, "Deriving key…")
        self._unlock(passphrase)

    @work(thread=True, exclusive=True, group="unlock", exit_on_error=False)
    def _unlock(self, passphrase: str) -> str | None:
        """Returns an error message, or None once unlocked."""
        try:
            self.notebook.unlock(passphrase)
        except FieldnotesError as error:
            return str(error)
        # A failure here is reported by the notes screen, which reads the notes again.
        with contextlib.suppress(FieldnotesError):
            if self.notebook.note_counts()[0] < NotesScreen.OPEN_IN_BACKGROUND_FROM:
                # A notebook this size opens in a blink: open it here, off the UI thread, so
                # the first list is complete. Larger ones show their newest notes first.
                self.app.call_from_thread(self._set_busy, True, "Opening notes…")
                self.notebook.prepare_search()
        return None

    def _report_integrity(self) -> None:
        """Once the first frame of the notes is up, check the notebook against its manifest in
        a worker of the app's (this screen is gone by then) and say what it found, in a
        notice that stays: the first list never waits for the check."""
        app = self.app
        notebook = self.notebook

        def wait_and_tell() -> None:
            with contextlib.suppress(FieldnotesError):
                for problem in notebook.integrity_problems():
                    with contextlib.suppress(RuntimeError):  # the app has gone meanwhile
                        app.call_from_thread(
                            app.notify, problem.capitalize() + ".", severity="error", timeout=60
                        )

        app.call_after_refresh(
            app.run_worker,
            wait_and_tell,
            thread=True,
            group="integrity-report",
            exit_on_error=False,
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "unlock":
            return
        if event.state == WorkerState.SUCCESS:
            error = event.worker.result
        elif event.state == WorkerState.ERROR:
            # Whatever failed after the key was derived, it must not stay in memory.
            self.notebook.lock()
            error = "the notebook could not be unlocked"
        else:
            return
        if error is None:
            self._report_integrity()
            self.dismiss(True)
            return
        self._set_busy(False)
        self._show_error(str(error).capitalize() + ". Try again.")
        self.query_one("#passphrase", Input).focus()

    def action_clear(self) -> None:
        self.query_one("#passphrase", Input).value = ""
        self._show_error("")


class CreateScreen(KeyScreen):
    """First run: choose a passphrase (twice) and create the notebook with the built-in frameworks.

    Dismisses with the new, unlocked `Notebook`.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s",
            "create",
            "Create",
            id="create.create",
            tooltip="Create the notebook with this passphrase",
        ),
    ]

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def compose(self) -> ComposeResult:
        with Vertical(id="card") as card:
            card.border_title = "fieldnotes — new notebook"
            yield Static(
                Text(f"No notebook yet at {self.path}. Choose a passphrase to create one."),
                classes="-hint",
            )
            yield Input(
                placeholder="Passphrase",
                password=True,
                id="passphrase",
                tooltip="Several unrelated words are easy to remember and hard to guess",
            )
            yield Input(
                placeholder="Passphrase again",
                password=True,
                id="confirm",
                tooltip="Type the same passphrase again",
            )
            yield Static(passphrase_strength("")[1], id="strength", classes="-hint")
            yield Static(LOST_PASSPHRASE_WARNING, classes="-warning")
            yield self._busy_row("Creating the notebook and deriving its key…")
            yield Static("", id="error")
            with Center():
                yield Button("Create notebook", id="create", variant="primary", compact=True)
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#passphrase", Input).focus()

    @on(Input.Changed, "#passphrase")
    def _strength(self, event: Input.Changed) -> None:
        score, advice = passphrase_strength(event.value)
        strength = self.query_one("#strength", Static)
        strength.update(f"{'▮' * score}{'▯' * (4 - score)}  {advice}")

    @on(Input.Submitted, "#passphrase")
    def _next(self) -> None:
        self.query_one("#confirm", Input).focus()

    @on(Input.Submitted, "#confirm")
    @on(Button.Pressed, "#create")
    def _submit(self) -> None:
        self.action_create()

    def action_create(self) -> None:
        first = self.query_one("#passphrase", Input).value
        second = self.query_one("#confirm", Input).value
        if len(first) < MIN_PASSPHRASE_LENGTH:
            self._show_error(f"Use at least {MIN_PASSPHRASE_LENGTH} characters.")
            self.query_one("#passphrase", Input).focus()
            return
        if first != second:
            self._show_error("The two passphrases differ. Type the same one twice.")
            self.query_one("#confirm", Input).value = ""
            self.query_one("#confirm", Input).focus()
            return
        self._show_error("")
        self._set_busy(True, "Creating the notebook and deriving its key…")
        self._create(first)

    @work(thread=True, exclusive=True, group="create", exit_on_error=False)
    def _create(self, passphrase: str) -> Notebook | str:
        """Returns the unlocked notebook, or an error message."""
        from fieldnotes.domain.frameworks import builtin_codebook_path, builtin_framework_paths
        from fieldnotes.notebook import build_notebook

        try:
            return build_notebook(
                self.path,
                passphrase,
                framework_paths=builtin_framework_paths(),
                codebook_path=builtin_codebook_path(),
            )
        except FieldnotesError as error:
            return str(error)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "create":
            return
        if event.state == WorkerState.SUCCESS:
            result = event.worker.result
        elif event.state == WorkerState.ERROR:
            result = "the notebook could not be created"
        else:
            return
        if isinstance(result, Notebook):
            for widget in self.query(Input):
                widget.value = ""
            self.dismiss(result)
            return
        self._set_busy(False)
        self._show_error(str(result).capitalize() + ".")


class OpenFailedScreen(Screen[None]):
    """The notebook cannot be opened (busy elsewhere, not a notebook): say why, then quit."""

    DEFAULT_CSS = """
    OpenFailedScreen {
        align: center middle;
        & > Vertical {
            width: 64;
            max-width: 100%;
            height: auto;
            border: round $error;
            border-title-style: bold;
            background: $surface;
            padding: 1 2;
        }
        & #reason { margin: 0 0 1 0; }
        & .-hint { color: $text-muted; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "close", "Quit", id="failed.quit", tooltip="Quit fieldnotes"),
        Binding("q", "close", "Quit", show=False, id="failed.quit-q", tooltip="Quit fieldnotes"),
        Binding(
            "escape", "close", "Quit", show=False, id="failed.quit-esc", tooltip="Quit fieldnotes"
        ),
    ]

    def __init__(self, message: str) -> None:
        super().__init__()
        self._message = message

    def compose(self) -> ComposeResult:
        with Vertical() as card:
            card.border_title = "Cannot open the notebook"
            yield Static(Text(self._message[:1].upper() + self._message[1:]), id="reason")
            yield Static("Press enter to quit.", classes="-hint")
        yield KeysFooter()

    def action_close(self) -> None:
        self.dismiss(None)

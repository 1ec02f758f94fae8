"""Compose a brief for leadership, check it for identifiers, and export it encrypted (age).

Four tabs keep the form usable on 80×24: what goes in, who it goes to, a rendered preview, and
the log of briefs already sent. Nothing is written until the identifier check has resolved every
likely identifier; the file is then sealed to the chosen leaders' keys (and the author's own, so
it can be reopened) or to a passphrase.

| Key       | What it does                                           |
|-----------|--------------------------------------------------------|
| ctrl+s    | check for identifiers, then export                      |
| ctrl+r    | preview the brief as it stands                         |
| f2 … f5   | content / send to / preview / exports tab              |
| escape    | close (a typed summary comes back next time, until lock) |
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import (
    Button,
    Checkbox,
    Input,
    SelectionList,
    Static,
    TabbedContent,
    TabPane,
    Tabs,
    TextArea,
)
from textual.worker import Worker

from fieldnotes.domain.brief import default_obstacle_ids
from fieldnotes.domain.model import Leader
from fieldnotes.domain.synthesis import Synthesis
from fieldnotes.errors import FieldnotesError, InvalidInput
from fieldnotes.notebook import Notebook
from fieldnotes.tui.dialogs.confirm import ConfirmScreen
from fieldnotes.tui.format import passphrase_strength
from fieldnotes.tui.providers import BriefComposerCommands
from fieldnotes.tui.screens.briefs.composer.bindings import COMPOSER_BINDINGS
from fieldnotes.tui.screens.briefs.composer.exporting import ExportingPart
from fieldnotes.tui.screens.briefs.composer.filling import FillingPart
from fieldnotes.tui.screens.briefs.composer.form import (
    BriefPreview,
    ContentForm,
    ExportLog,
    SendForm,
)
from fieldnotes.tui.screens.briefs.composer.reading import ReadingPart
from fieldnotes.tui.screens.briefs.composer.styles import COMPOSER_CSS
from fieldnotes.tui.widgets.footer import KeysFooter


class BriefComposerScreen(ExportingPart, ReadingPart, FillingPart, Screen[None]):
    """Pick obstacles, period, audience and recipients; preview; check; export."""

    HELP_GROUP = "Brief"
    DEFAULT_CSS = COMPOSER_CSS

    COMMANDS: ClassVar = {BriefComposerCommands}
    BINDINGS: ClassVar[list[BindingType]] = COMPOSER_BINDINGS

    def __init__(
        self,
        notebook: Notebook,
        synthesis: Synthesis | None = None,
        *,
        output_dir: Path | None = None,
    ) -> None:
        super().__init__()
        self.notebook = notebook
        self._given = synthesis
        self._synthesis: Synthesis | None = synthesis
        self._output_dir = output_dir if output_dir is not None else Path.cwd()
        self._period: tuple[date | None, date | None] = (
            (synthesis.since, synthesis.until) if synthesis is not None else (None, None)
        )
        self._leaders: list[Leader] = []
        self.last_export: Path | None = None
        """The file the last export wrote, if any."""
        self.exporting = False
        """An export is being encrypted and written (in a worker: a passphrase's scrypt takes
        about a second, and the screen must not freeze meanwhile)."""

    # ---------------------------------------------------------------- compose

    def compose(self) -> ComposeResult:
        yield Static("", id="composer-head")
        with TabbedContent(initial="tab-content"):
            with TabPane("Content F2", id="tab-content"):
                yield ContentForm(self._period, classes="form")
            with TabPane("Send to F3", id="tab-send"):
                yield SendForm(self._output_dir, classes="form")
            with TabPane("Preview F4", id="tab-preview"):
                yield Static(
                    "Before the identifier check: likely identifiers are still in this text.",
                    id="preview-note",
                )
                with VerticalScroll(id="preview-scroll"):
                    yield BriefPreview(id="preview-md")
            with TabPane("Exports F5", id="tab-exports"):
                yield Static("No briefs exported yet.", id="exports-empty")
                yield ExportLog(id="export-log", cursor_type="row", zebra_stripes=True)
        yield KeysFooter(compact=True)

    def on_mount(self) -> None:
        head = Text.assemble(("Compose a brief", "bold"))
        head.append("  ctrl+r preview · ctrl+s check for identifiers and export", style="italic")
        self.query_one("#composer-head", Static).update(head)
        try:
            if self._synthesis is None or self._synthesis.team is not None:
                self._synthesis = self.notebook.synthesis(
                    since=self._period[0], until=self._period[1]
                )
            chosen = set(default_obstacle_ids(self._synthesis))
            self._leaders = self.notebook.leaders()
        except FieldnotesError as error:
            self.notify(str(error), severity="error")
            chosen = set()
        if self._given is not None and self._given.team is not None:
            self._say(
                "#team-note",
                f"The synthesis was filtered to {self._given.team}; a brief covers every team "
                "in its period.",
            )
        self._fill_obstacles(chosen)
        self._fill_leaders(set())
        self._fill_exports()
        kept = self._kept_summary
        if kept:
            self.query_one("#summary", TextArea).load_text(kept)
            self.notify("The summary you typed last time is back.", timeout=4)
        self.query_one("#audience", Input).focus()

    # ----------------------------------------------------------------- events

    @on(Input.Changed, "#since")
    @on(Input.Changed, "#until")
    def _period_changed(self) -> None:
        try:
            since, until = self._read_period()
        except InvalidInput as problem:
            self._say("#period-error", str(problem))
            return
        self._say("#period-error", "")
        if (since, until) == self._period:
            return
        self._period = (since, until)
        chosen = set(self.query_one("#obstacles", SelectionList).selected)
        try:
            self._synthesis = self.notebook.synthesis(since=since, until=until)
        except FieldnotesError as problem:
            self.notify(str(problem), severity="error")
            return
        # Counts and strengths follow the period; what was ticked stays ticked.
        self._fill_obstacles(chosen)

    @on(Checkbox.Changed, "#use-passphrase")
    def _mode_changed(self, event: Checkbox.Changed) -> None:
        self.set_class(event.value, "-passphrase")

    @on(Input.Changed, "#passphrase")
    @on(Input.Changed, "#passphrase-again")
    def _passphrase_typed(self) -> None:
        phrase = self.query_one("#passphrase", Input).value
        again = self.query_one("#passphrase-again", Input).value
        _, advice = passphrase_strength(phrase)
        if again and again != phrase:
            advice += " The two differ."
        elif again and phrase:
            advice += " The two match."
        self._say("#passphrase-hint", advice)

    @on(Button.Pressed, "#add-leader")
    @on(Input.Submitted, "#leader-key")
    def _add_leader(self) -> None:
        label = self.query_one("#leader-label", Input)
        key = self.query_one("#leader-key", Input)
        try:
            leader = self.notebook.add_leader(label.value, key.value.strip())
        except FieldnotesError as problem:
            self._say("#leader-error", str(problem))
            self.notify(str(problem), severity="error")
            return
        self._say("#leader-error", "")
        chosen = set(self.query_one("#leaders", SelectionList).selected) | {leader.id}
        self._leaders = [*self._leaders, leader]
        self._fill_leaders(chosen)
        label.value = ""
        key.value = ""
        self.notify(f"{leader.label} added to the address book and ticked.")

    @on(TabbedContent.TabActivated)
    def _tab(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id == "tab-preview":
            self.action_preview()

    # ---------------------------------------------------------------- actions

    def action_tab(self, tab: str) -> None:
        self._switch(f"tab-{tab}")

    def _switch(self, pane_id: str) -> None:
        """Show a tab and move focus into it.

        Focus left in a field of the hidden tab would pull that tab straight back (TabbedContent
        shows whichever tab holds the focus), so focus goes to the tab bar first.
        """
        tabs = self.query_one(TabbedContent)
        if tabs.active == pane_id:
            return
        tabs.query_one(Tabs).focus()
        tabs.active = pane_id

        def focus_inside() -> None:
            pane = tabs.get_pane(pane_id)
            if pane_id == "tab-preview":
                # The preview is read by scrolling: the scroll area takes the keys.
                self.query_one("#preview-scroll").focus()
                return
            for widget in pane.query("*"):
                # The form itself scrolls, but so do fields (Input is a scrollable container):
                # only the form is passed over.
                if widget.focusable and not isinstance(widget, VerticalScroll):
                    widget.focus()
                    return

        self.call_after_refresh(focus_inside)

    def action_preview(self) -> None:
        note = self.query_one("#preview-note", Static)
        try:
            _, body = self.compose_body()
        except FieldnotesError as error:
            note.update(Text(f"Nothing to preview: {error}."))
            self.query_one(BriefPreview).update("")
        else:
            note.update("Before the identifier check: likely identifiers are still in this text.")
            self.query_one(BriefPreview).update(body)
        self._switch("tab-preview")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self._export_finished(event)

    def action_close(self) -> None:
        summary = self.query_one("#summary", TextArea).text
        if not summary.strip() or self._keep_summary(summary):
            # Kept until the notebook locks: closing by mistake loses nothing.
            self.dismiss(None)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmScreen(
                "Close the composer?",
                "The summary you typed is not kept.",
                yes="Close",
                no="Keep writing",
                cancel=None,
            ),
            answered,
        )

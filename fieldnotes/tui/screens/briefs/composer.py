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

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import (
    Button,
    Checkbox,
    DataTable,
    Footer,
    Input,
    Label,
    Markdown,
    RadioButton,
    RadioSet,
    SelectionList,
    Static,
    TabbedContent,
    TabPane,
    Tabs,
    TextArea,
)
from textual.widgets.selection_list import Selection
from textual.worker import Worker, WorkerState

from fieldnotes.domain.brief import (
    DEFAULT_TITLE,
    BriefRequest,
    KeptDecision,
    default_obstacle_ids,
    find_identifiers,
    markdown_parser,
)
from fieldnotes.domain.model import Leader
from fieldnotes.domain.synthesis import Synthesis
from fieldnotes.errors import FieldnotesError, InvalidInput
from fieldnotes.notebook import Notebook
from fieldnotes.tui.dialogs.confirm import ConfirmScreen
from fieldnotes.tui.format import parse_day, passphrase_strength
from fieldnotes.tui.messages import KeepsBriefSummary
from fieldnotes.tui.providers import BriefComposerCommands
from fieldnotes.tui.screens.briefs.identifier_check import CheckResult, IdentifierCheckScreen
from fieldnotes.tui.validators import DayValidator
from fieldnotes.tui.widgets.synthesis_style import (
    PATH_SEPARATOR,
    STATUS_MARKS,
    Palette,
    strength_text,
)

MIN_BRIEF_PASSPHRASE = 8
"""The library refuses shorter brief passphrases; say so before the export is tried."""

KEYS_OR_PASSPHRASE = (
    "A brief opens either with people's own keys or with a passphrase — the age format does not "
    "mix the two. With keys, each leader opens it with their identity and you can always reopen "
    "it with yours. With a passphrase, anyone who has the phrase can open it: share it another "
    "way (in person, by phone), never with the file."
)


def export_outcome(event: Worker.StateChanged, group: str) -> Path | str | None:
    """What an export worker of `group` came to: the file it wrote, why it failed (a sentence
    that names no data), or None while it is still running."""
    if event.worker.group != group or event.state not in (WorkerState.SUCCESS, WorkerState.ERROR):
        return None
    if event.state == WorkerState.ERROR:
        error = event.worker.error
        return str(error) if isinstance(error, FieldnotesError) else "the export failed"
    path = event.worker.result
    assert isinstance(path, Path)
    return path


class BriefPreview(Markdown):
    """The brief rendered with our markdown-it-py parser; links are shown, never followed."""

    DEFAULT_CSS = """
    BriefPreview { padding: 0 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, parser_factory=markdown_parser, open_links=False)

    @on(Markdown.LinkClicked)
    def _link(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        self.notify("Links in a brief are shown, never opened.")


class BriefComposerScreen(Screen[None]):
    """Pick obstacles, period, audience and recipients; preview; check; export."""

    HELP_GROUP = "Brief"

    DEFAULT_CSS = """
    BriefComposerScreen {
        layout: vertical;
        & #composer-head { height: 1; background: $panel; padding: 0 1; }
        & TabbedContent { height: 1fr; }
        & TabPane { padding: 0; }
        & .form { padding: 0 1; height: 1fr; }
        & .field-label { color: $text-muted; margin: 1 0 0 0; height: 1; }
        & .hint { color: $text-muted; text-style: italic; height: auto; }
        & .error { color: $text-error; height: auto; }
        & .-empty { display: none; }
        & .row { height: auto; margin: 1 0 0 0; }
        & .row Input { width: 1fr; }
        & .row Label { width: auto; margin: 0 1 0 0; color: $text-muted; }
        & .row Label.between { margin: 0 1; }
        & .row #since { width: 14; }
        & .row #until { width: 14; }
        & #summary { height: 6; }
        & #obstacles { height: auto; max-height: 16; }
        & #leaders { height: auto; max-height: 8; }
        & #add-leader { width: auto; min-width: 8; margin: 0 0 0 1; }
        & #keys-box { height: auto; }
        & #passphrase-box { height: auto; }
        & #passphrase-box { display: none; }
        &.-passphrase #passphrase-box { display: block; }
        &.-passphrase #keys-box { display: none; }
        & #format { height: auto; width: 1fr; }
        & #preview-scroll { height: 1fr; }
        & #preview-note { padding: 0 1; color: $text-warning; height: auto; }
        & #export-log { height: 1fr; }
        & #exports-empty { padding: 1 2; color: $text-muted; height: auto; }
    }
    """

    COMMANDS: ClassVar = {BriefComposerCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s",
            "check_export",
            "Check & export",
            id="brief.export",
            tooltip="Check the brief for identifiers, then export it encrypted",
        ),
        Binding(
            "ctrl+r",
            "preview",
            "Preview",
            id="brief.preview",
            tooltip="Render the brief as it stands (before the identifier check)",
        ),
        Binding(
            "f2",
            "tab('content')",
            "Content",
            show=False,
            id="brief.tab-content",
            tooltip="What goes in the brief",
        ),
        Binding(
            "f3",
            "tab('send')",
            "Send to",
            show=False,
            id="brief.tab-send",
            tooltip="Who the brief goes to, its format and where it is saved",
        ),
        Binding(
            "f4",
            "tab('preview')",
            "Preview tab",
            show=False,
            id="brief.tab-preview",
            tooltip="The brief rendered",
        ),
        Binding(
            "f5",
            "tab('exports')",
            "Exports",
            show=False,
            id="brief.tab-exports",
            tooltip="Briefs already exported",
        ),
        Binding("escape", "close", "Close", id="brief.close", tooltip="Close the composer"),
    ]

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
            with TabPane("Content F2", id="tab-content"), VerticalScroll(classes="form"):
                yield Label("Title", classes="field-label")
                yield Input(DEFAULT_TITLE, id="title", compact=True)
                yield Label("Audience", classes="field-label")
                yield Input(
                    placeholder="Who reads it, e.g. Director of Children's Services",
                    id="audience",
                    compact=True,
                )
                with Horizontal(classes="row"):
                    yield Label("Period from")
                    yield Input(
                        self._period[0].isoformat() if self._period[0] else "",
                        placeholder="YYYY-MM-DD",
                        id="since",
                        compact=True,
                        validators=[DayValidator()],
                    )
                    yield Label("to", classes="between")
                    yield Input(
                        self._period[1].isoformat() if self._period[1] else "",
                        placeholder="YYYY-MM-DD",
                        id="until",
                        compact=True,
                        validators=[DayValidator()],
                    )
                yield Static("", classes="error -empty", id="period-error")
                yield Label("Opening summary", classes="field-label")
                yield TextArea(id="summary", soft_wrap=True, show_line_numbers=False)
                yield Label(
                    "Obstacles (space ticks; those evidenced or further along come ticked)",
                    classes="field-label",
                )
                yield SelectionList[str](id="obstacles")
                yield Static("", classes="hint -empty", id="team-note")
            with TabPane("Send to F3", id="tab-send"), VerticalScroll(classes="form"):
                yield Checkbox("Passphrase instead of keys", id="use-passphrase", compact=True)
                yield Static(KEYS_OR_PASSPHRASE, classes="hint")
                with Vertical(id="keys-box"):
                    yield Label("Leaders in the address book (space ticks)", classes="field-label")
                    yield SelectionList[str](id="leaders")
                    yield Static("", classes="hint -empty", id="leaders-empty")
                    with Horizontal(classes="row"):
                        yield Label("Add a leader")
                        yield Input(
                            placeholder="Label, e.g. Director", id="leader-label", compact=True
                        )
                        yield Input(placeholder="age1… public key", id="leader-key", compact=True)
                        yield Button("Add", id="add-leader", compact=True)
                    yield Static("", classes="error -empty", id="leader-error")
                    yield Label("Another recipient, not kept (age1…)", classes="field-label")
                    yield Input(placeholder="age1… (optional)", id="extra", compact=True)
                with Vertical(id="passphrase-box"):
                    yield Label("Passphrase for this brief", classes="field-label")
                    yield Input(
                        password=True,
                        id="passphrase",
                        compact=True,
                        placeholder=f"at least {MIN_BRIEF_PASSPHRASE} characters",
                    )
                    yield Label("The same again", classes="field-label")
                    yield Input(password=True, id="passphrase-again", compact=True)
                    yield Static("", classes="hint -empty", id="passphrase-hint")
                yield Label("Format", classes="field-label")
                with RadioSet(id="format", compact=True):
                    yield RadioButton(
                        "Markdown — read it with `fieldnotes brief open`", value=True, id="markdown"
                    )
                    yield RadioButton(
                        "HTML — self-contained, for a browser once decrypted", id="html"
                    )
                yield Label("Save to", classes="field-label")
                yield Input(str(self._output_dir), id="output", compact=True)
                yield Static(
                    "A folder (the brief gets a neutral file name) or a full file path.",
                    classes="hint",
                )
            with TabPane("Preview F4", id="tab-preview"):
                yield Static(
                    "Before the identifier check: likely identifiers are still in this text.",
                    id="preview-note",
                )
                with VerticalScroll(id="preview-scroll"):
                    yield BriefPreview(id="preview-md")
            with TabPane("Exports F5", id="tab-exports"):
                yield Static("No briefs exported yet.", id="exports-empty")
                yield DataTable(id="export-log", cursor_type="row", zebra_stripes=True)
        yield Footer(compact=True)

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

    @property
    def _kept_summary(self) -> str:
        return self.app.kept_brief_summary if isinstance(self.app, KeepsBriefSummary) else ""

    def _keep_summary(self, text: str) -> bool:
        """Keep the summary for the next composer in this session; False where none can be."""
        if not isinstance(self.app, KeepsBriefSummary):
            return False
        self.app.kept_brief_summary = text
        return True

    # ---------------------------------------------------------------- filling

    def _say(self, selector: str, message: str) -> None:
        """Show a hint or an error line, or hide it when there is nothing to say."""
        static = self.query_one(selector, Static)
        static.update(Text(message))
        static.set_class(not message, "-empty")

    def _fill_obstacles(self, chosen: set[str]) -> None:
        palette = Palette(self.app)
        selections: list[Selection[str]] = []
        if self._synthesis is not None:
            for item in self._synthesis.evidence:
                if not item.note_count and item.obstacle.id not in chosen:
                    continue
                prompt = strength_text(item.strength, palette, word=False)
                prompt.append(f" {item.note_count:>3}  ")
                prompt.append(item.path.replace("/", PATH_SEPARATOR))
                prompt.append(
                    f"  {STATUS_MARKS.get(item.obstacle.status, '?')} {item.obstacle.status}",
                    style=palette.status(item.obstacle.status),
                )
                selections.append(Selection(prompt, item.obstacle.id, item.obstacle.id in chosen))
        obstacles = self.query_one("#obstacles", SelectionList)
        obstacles.clear_options()
        obstacles.add_options(selections)

    def _fill_leaders(self, chosen: set[str]) -> None:
        leaders = self.query_one("#leaders", SelectionList)
        leaders.clear_options()
        leaders.add_options(
            [
                Selection(
                    Text(f"{leader.label}  {leader.recipient[:16]}…"),
                    leader.id,
                    leader.id in chosen,
                )
                for leader in self._leaders
            ]
        )
        leaders.display = bool(self._leaders)
        self._say(
            "#leaders-empty",
            "" if self._leaders else "No leaders yet: add one below, or give a recipient.",
        )

    def _fill_exports(self) -> None:
        try:
            records = self.notebook.exports()
        except FieldnotesError as error:
            self.notify(str(error), severity="error")
            records = []
        table = self.query_one("#export-log", DataTable)
        table.clear(columns=True)
        table.add_column("When (UTC)", width=16, key="when")
        table.add_column("File", width=20, key="file")
        table.add_column("Format", width=8, key="format")
        table.add_column("To", width=24, key="to")
        table.add_column("Obstacles", key="obstacles")
        for record in records:
            if record.damaged:
                table.add_row(
                    Text(f"{record.created_at:%Y-%m-%d %H:%M}"),
                    Text("(damaged log entry)", style="italic"),
                    Text(""),
                    Text(""),
                    Text(""),
                    key=record.id,
                )
                continue
            table.add_row(
                Text(f"{record.created_at:%Y-%m-%d %H:%M}"),
                Text(record.file_name),
                Text(record.format),
                Text(", ".join(record.recipients)),
                Text(
                    ("" if record.status == "written" else "(attempted: may not be written) ")
                    + f"{len(record.obstacles)}: "
                    + "; ".join(o.replace("/", PATH_SEPARATOR) for o in record.obstacles)
                ),
                key=record.id,
            )
        table.display = bool(records)
        self.query_one("#exports-empty", Static).display = not records

    # ---------------------------------------------------------------- reading

    def _read_period(self) -> tuple[date | None, date | None]:
        try:
            since = parse_day(self.query_one("#since", Input).value)
            until = parse_day(self.query_one("#until", Input).value)
        except ValueError as error:
            raise InvalidInput(f"period: {error}") from None
        if since and until and since > until:
            raise InvalidInput("period: the first day comes after the last day")
        return since, until

    def request(self) -> BriefRequest:
        """The brief as the form describes it (raises InvalidInput with what to fix)."""
        since, until = self._read_period()
        obstacle_ids = tuple(self.query_one("#obstacles", SelectionList).selected)
        if not obstacle_ids:
            raise InvalidInput("choose at least one obstacle for the brief")
        title = self.query_one("#title", Input).value.strip() or DEFAULT_TITLE
        return BriefRequest(
            obstacle_ids=obstacle_ids,
            audience=self.query_one("#audience", Input).value.strip(),
            summary=self.query_one("#summary", TextArea).text,
            since=since,
            until=until,
            title=title,
            author=self.notebook.author_label(),
        )

    def _synthesis_for(self, request: BriefRequest) -> Synthesis:
        if self._synthesis is None or (request.since, request.until) != (
            self._synthesis.since,
            self._synthesis.until,
        ):
            self._synthesis = self.notebook.synthesis(since=request.since, until=request.until)
        return self._synthesis

    def compose_body(self) -> tuple[BriefRequest, str]:
        request = self.request()
        return request, self.notebook.compose_brief(request, self._synthesis_for(request))

    @property
    def use_passphrase(self) -> bool:
        return self.query_one("#use-passphrase", Checkbox).value

    def _recipients(self) -> dict[str, Any]:
        """Keyword arguments for `export_brief`: leaders and keys, or a passphrase."""
        if self.use_passphrase:
            phrase = self.query_one("#passphrase", Input).value
            again = self.query_one("#passphrase-again", Input).value
            if len(phrase) < MIN_BRIEF_PASSPHRASE:
                raise InvalidInput(
                    f"a brief passphrase needs at least {MIN_BRIEF_PASSPHRASE} characters"
                )
            if phrase != again:
                raise InvalidInput("the two passphrases differ")
            return {"passphrase": phrase}
        leader_ids = list(self.query_one("#leaders", SelectionList).selected)
        extra = self.query_one("#extra", Input).value.strip()
        if not leader_ids and not extra:
            raise InvalidInput(
                "choose at least one leader, give a recipient (age1…), or use a passphrase (F3)"
            )
        return {"leader_ids": leader_ids, "recipients": [extra] if extra else []}

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

    def action_check_export(self) -> None:
        if self.exporting:
            self.notify("The brief is still being exported.", severity="warning")
            return
        try:
            request = self.request()
            body, mapped = self.notebook.compose_brief_logged(request, self._synthesis_for(request))
            recipients = self._recipients()
            output = Path(self.query_one("#output", Input).value.strip() or ".").expanduser()
            names = self.notebook.protected_names()
            mapped_names = [p.name for p in self.notebook.people_map()]
            kept = self.notebook.kept_decisions(request)
        except FieldnotesError as error:
            self.notify(str(error), severity="error")
            return
        html = self.query_one("#format", RadioSet).pressed_button is self.query_one(
            "#html", RadioButton
        )

        def checked(result: CheckResult | None) -> None:
            if result is None:
                self.notify("Not exported: the identifier check was left.", severity="warning")
                return
            body_checked, log = result
            self.exporting = True
            self.notify("Encrypting the brief…", timeout=3)
            self._export(
                body_checked, [*mapped, *log], request, output, html, recipients, check.decisions
            )

        check = IdentifierCheckScreen(
            body,
            find_identifiers(body, [*names, *mapped_names]),
            protected_names=names,
            save_names=self.notebook.set_protected_names,
            also_names=mapped_names,
            kept=kept,
        )
        self.app.push_screen(check, checked)

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def _export(
        self,
        body: str,
        log: Sequence[str],
        request: BriefRequest,
        output: Path,
        html: bool,
        recipients: dict[str, Any],
        decisions: Sequence[KeptDecision] = (),
    ) -> Path:
        written = self.notebook.export_brief(body, log, request, output, html=html, **recipients)
        # Kept only once the brief has left: the next export of it starts from these.
        self.notebook.keep_decisions(request, decisions)
        return written

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        outcome = export_outcome(event, "export")
        if outcome is None:
            return
        self.exporting = False
        if isinstance(outcome, str):
            self.notify(f"Not exported: {outcome}", severity="error")
            return
        path = outcome
        self.last_export = path
        # Sent: the next brief starts from a blank summary.
        self._keep_summary("")
        for secret in ("#passphrase", "#passphrase-again"):
            self.query_one(secret, Input).value = ""
        self._fill_exports()
        self._switch("tab-exports")
        self.notify(f"Brief written to {path}", title="Exported", timeout=10)

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

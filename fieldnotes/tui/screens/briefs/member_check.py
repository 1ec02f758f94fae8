"""Member check: choose a team, read the summary written for it, check it and export it.

| Key     | What it does                                                     |
|---------|------------------------------------------------------------------|
| ctrl+s  | the identifier check, then export (encrypted, or printable)      |
| f2      | choose the team                                                  |
| f3      | record the team's reply: a question note linked to the obstacles |
| escape  | close; nothing is exported                                       |
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Checkbox, Input, Label, Select, Static
from textual.worker import Worker

from fieldnotes.domain.brief import find_identifiers
from fieldnotes.domain.member_check import MemberCheck
from fieldnotes.errors import FieldnotesError, InvalidInput
from fieldnotes.notebook import Notebook
from fieldnotes.tui.messages import OpenWriteUp
from fieldnotes.tui.providers import ActionCommands, Command
from fieldnotes.tui.screens.briefs.composer import (
    MIN_BRIEF_PASSPHRASE,
    BriefPreview,
    export_outcome,
)
from fieldnotes.tui.screens.briefs.identifier_check import CheckResult, IdentifierCheckScreen
from fieldnotes.tui.widgets.footer import KeysFooter


class MemberCheckCommands(ActionCommands):
    """What you can do with a member check."""

    COMMANDS = (
        Command(
            "Check and export the member check…",
            "The identifier check, then export it encrypted (or printable)",
            "check_export",
        ),
        Command("Choose the team", "Which observed team the member check is for", "focus_team"),
        Command(
            "Record the team's reply…",
            "A question note from the team, linked to the obstacles this member check covers",
            "reply",
        ),
        Command("Close the member check", "Nothing is exported", "close"),
    )


class MemberCheckScreen(Screen[None]):
    """A summary for one team: previewed as Markdown, exported through the identifier check."""

    HELP_GROUP = "Member check"
    COMMANDS: ClassVar = {MemberCheckCommands}

    DEFAULT_CSS = """
    MemberCheckScreen {
        layout: vertical;
        & #mc-head { height: 1; background: $panel; padding: 0 1; }
        & #mc-team { width: 1fr; }
        & #mc-preview { height: 1fr; border-top: solid $primary; }
        & .mc-row { height: 1; padding: 0 1; }
        & .mc-row Label { width: auto; margin: 0 1 0 0; color: $text-muted; }
        & .mc-row Input { width: 1fr; margin: 0 1 0 0; }
        & .mc-row Checkbox { width: auto; margin: 0 1 0 0; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s",
            "check_export",
            "Check & export",
            priority=True,
            id="member-check.export",
            tooltip="Run the identifier check, then export the member check",
        ),
        Binding(
            "f2",
            "focus_team",
            "Team",
            id="member-check.team",
            tooltip="Choose the team the member check is for",
        ),
        Binding(
            "f3",
            "reply",
            "Reply",
            id="member-check.reply",
            tooltip="Record the team's reply as a question note linked to these obstacles",
        ),
        Binding(
            "escape",
            "close",
            "Close",
            id="member-check.close",
            tooltip="Close; nothing is exported",
        ),
    ]

    def __init__(
        self,
        notebook: Notebook,
        team: str = "",
        *,
        today: date | None = None,
        output_dir: Path | None = None,
    ) -> None:
        super().__init__()
        self.notebook = notebook
        self.teams = notebook.teams()
        self.team = team if team in self.teams else (self.teams[0] if self.teams else "")
        self.today = today
        self.output_dir = output_dir or Path.cwd()
        self.check: MemberCheck | None = None
        self.exporting = False
        self.last_export: Path | None = None

    def compose(self) -> ComposeResult:
        yield Static("Member check: what we saw, what was decided, what happens next", id="mc-head")
        yield Select(
            [(team, team) for team in self.teams],
            value=self.team if self.team else Select.NULL,
            allow_blank=False,
            id="mc-team",
            compact=True,
            tooltip="The observed team this summary is written for",
        )
        yield BriefPreview(id="mc-preview")
        with Horizontal(classes="mc-row"):
            yield Label("Passphrase")
            yield Input(password=True, id="mc-passphrase", compact=True, placeholder="8 or more")
            yield Input(password=True, id="mc-again", compact=True, placeholder="again")
            yield Checkbox("HTML", id="mc-html", compact=True)
            yield Checkbox("Printable", id="mc-plaintext", compact=True)
        with Horizontal(classes="mc-row"):
            yield Label("Save to")
            yield Input(str(self.output_dir), id="mc-output", compact=True)
        yield KeysFooter(compact=True)

    def on_mount(self) -> None:
        self._compose_for(self.team)
        self.query_one("#mc-team", Select).focus()

    def _compose_for(self, team: str) -> None:
        if not team:
            self.query_one(BriefPreview).update("_No team has notes yet._")
            return
        try:
            self.check = self.notebook.compose_member_check(team, today=self.today)
        except FieldnotesError as error:
            self.check = None
            self.query_one(BriefPreview).update(f"_{error}_")
            return
        self.team = team
        self.query_one(BriefPreview).update(self.check.body)

    @on(Select.Changed, "#mc-team")
    def _team_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str) and event.value != self.team:
            self._compose_for(event.value)

    def action_focus_team(self) -> None:
        self.query_one("#mc-team", Select).focus()

    def _destination(self) -> dict[str, Any]:
        if self.query_one("#mc-plaintext", Checkbox).value:
            return {"plaintext": True}
        phrase = self.query_one("#mc-passphrase", Input).value
        if len(phrase) < MIN_BRIEF_PASSPHRASE:
            raise InvalidInput(
                f"give the team a passphrase of {MIN_BRIEF_PASSPHRASE} or more characters, "
                "or tick Printable"
            )
        if phrase != self.query_one("#mc-again", Input).value:
            raise InvalidInput("the two passphrases differ")
        return {"passphrase": phrase}

    def action_check_export(self) -> None:
        if self.exporting:
            self.notify("The member check is still being exported.", severity="warning")
            return
        check = self.check
        if check is None:
            self.notify("Choose a team with notes first.", severity="warning")
            return
        try:
            destination = self._destination()
            names = self.notebook.protected_names()
        except FieldnotesError as error:
            self.notify(str(error), severity="error")
            return
        output = Path(self.query_one("#mc-output", Input).value.strip() or ".").expanduser()
        html = self.query_one("#mc-html", Checkbox).value

        def checked(result: CheckResult | None) -> None:
            if result is None:
                self.notify("Not exported: the identifier check was left.", severity="warning")
                return
            body, log = result
            log = [*check.map_log, *log]
            self.exporting = True
            self._export(check, body, log, output, html, destination)

        self.app.push_screen(
            IdentifierCheckScreen(
                check.body,
                find_identifiers(check.body, names),
                protected_names=names,
                save_names=self.notebook.set_protected_names,
            ),
            checked,
        )

    @work(thread=True, exclusive=True, group="member-check", exit_on_error=False)
    def _export(
        self,
        check: MemberCheck,
        body: str,
        log: Sequence[str],
        output: Path,
        html: bool,
        destination: dict[str, Any],
    ) -> Path:
        return self.notebook.export_member_check(check, body, log, output, html=html, **destination)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        outcome = export_outcome(event, "member-check")
        if outcome is None:
            return
        self.exporting = False
        if isinstance(outcome, str):
            self.notify(f"Not exported: {outcome}", severity="error")
            return
        path = outcome
        self.last_export = path
        for secret in ("#mc-passphrase", "#mc-again"):
            self.query_one(secret, Input).value = ""
        self.notify(f"Member check written to {path}", title="Exported", timeout=10)

    def action_reply(self) -> None:
        from fieldnotes.domain.member_check import reply_draft

        check = self.check
        if check is None:
            self.notify("Choose a team with notes first.", severity="warning")
            return
        when = datetime.now().replace(second=0, microsecond=0)
        reply = reply_draft(check.team, check.obstacle_ids, when=when)
        self.post_message(OpenWriteUp(None, initial=reply))

    def action_close(self) -> None:
        self.dismiss(None)

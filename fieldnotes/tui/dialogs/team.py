"""The team screen's dialogs: invite someone, give a member another role, and the invitation's
passphrase shown once.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from fieldnotes.domain.team import ROLE_CAN, TEAM_ROLES, TeamRole
from fieldnotes.terminal import printable_line
from fieldnotes.tui.dialogs.codebook import DIALOG_CSS


@dataclass(frozen=True, slots=True)
class InviteRequest:
    """What the lead asked for: who, with which role, and where the file goes."""

    label: str
    role: TeamRole
    output: Path


def _as_role(value: object) -> TeamRole | None:
    return next((role for role in TEAM_ROLES if role == value), None)


def _role_line(role: TeamRole) -> str:
    return f"{role:<8} {ROLE_CAN[role]}"


class InviteDialog(ModalScreen[InviteRequest | None]):
    """Ask for the newcomer's label, their role and where to save the invitation file."""

    DEFAULT_CSS = (
        "InviteDialog {"
        + DIALOG_CSS
        + """
        & #invite-grid {
            layout: grid;
            grid-size: 2;
            grid-columns: 10 1fr;
            grid-rows: 1;
            grid-gutter: 1 1;
            height: auto;
            margin: 1 0 0 0;
        }
        & #invite-role-help { color: $text-muted; margin: 1 0 0 0; }
    }"""
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="invite.cancel", tooltip="Close; nobody invited"),
    ]

    def __init__(self, default_output: Path) -> None:
        super().__init__()
        self._default_output = default_output

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as dialog:
            dialog.border_title = "Invite a member"
            yield Static(
                Content(
                    "A label, not a name: the server shows labels in clear. The invitation "
                    "file is sealed under a passphrase shown next, once."
                ),
                classes="dialog-question",
            )
            with Grid(id="invite-grid"):
                yield Label("Label", classes="field-label")
                yield Input(placeholder="e.g. PL 2", id="invite-label", compact=True)
                yield Label("Role", classes="field-label")
                yield Select(
                    [(role, role) for role in TEAM_ROLES],
                    value="capture",
                    allow_blank=False,
                    compact=True,
                    id="invite-role",
                )
                yield Label("Save to", classes="field-label")
                yield Input(str(self._default_output), id="invite-output", compact=True)
            yield Static(
                "\n".join(_role_line(role) for role in TEAM_ROLES),
                id="invite-role-help",
                markup=False,
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", compact=True, id="invite-cancel")
                yield Button("Invite", variant="primary", compact=True, id="invite-ok")

    def on_mount(self) -> None:
        self.query_one("#invite-label", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#invite-ok")
    def _ok(self) -> None:
        label = self.query_one("#invite-label", Input).value.strip()
        output = self.query_one("#invite-output", Input).value.strip()
        role = _as_role(self.query_one("#invite-role", Select).value)
        if not label:
            self.notify("A label is needed (a role or initials, not a name).", severity="error")
            self.query_one("#invite-label", Input).focus()
            return
        if not output:
            self.notify("Say where to save the invitation file.", severity="error")
            self.query_one("#invite-output", Input).focus()
            return
        if role is None:
            return
        self.dismiss(InviteRequest(label, role, Path(output).expanduser()))

    @on(Button.Pressed, "#invite-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class InvitationMadeDialog(ModalScreen[None]):
    """The invitation's passphrase, shown this once, with how to hand the two over."""

    DEFAULT_CSS = (
        "InvitationMadeDialog {"
        + DIALOG_CSS
        + """
        & #invitation-passphrase {
            text-style: bold;
            color: $text-accent;
            margin: 1 0;
            text-align: center;
        }
    }"""
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter", "close", "Done", id="invitation.done", tooltip="Close"),
    ]

    def __init__(self, label: str, role: TeamRole, path: Path, passphrase: str) -> None:
        super().__init__()
        self._label = label
        self._role = role
        self._path = path
        self._passphrase = passphrase

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as dialog:
            dialog.border_title = "Invitation made"
            yield Static(
                f"{printable_line(self._label)} is invited as {self._role}. The invitation is "
                f"saved in {printable_line(str(self._path))}. Its passphrase:",
                markup=False,
                classes="dialog-question",
            )
            yield Static(self._passphrase, id="invitation-passphrase", markup=False)
            yield Static(
                "Hand the file over one way and the passphrase another (tell it by phone or "
                "in person; never in the same email). It is shown only now. The invitation "
                "works once, for 7 days.",
                markup=False,
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Done", variant="primary", compact=True, id="invitation-done")

    def on_mount(self) -> None:
        self.query_one("#invitation-done", Button).focus()

    @on(Button.Pressed, "#invitation-done")
    def action_close(self) -> None:
        self.dismiss(None)


class RoleDialog(ModalScreen[TeamRole | None]):
    """Choose another role for one member."""

    DEFAULT_CSS = (
        "RoleDialog {"
        + DIALOG_CSS
        + """
        & OptionList { height: auto; margin: 0 0 1 0; }
    }"""
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="role.cancel", tooltip="Close without a change"),
    ]

    def __init__(self, label: str, current: TeamRole) -> None:
        super().__init__()
        self._label = label
        self._current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog") as dialog:
            dialog.border_title = f"Role of {printable_line(self._label)}"
            yield Static(
                f"Now {self._current}. The server moves their database role at once.",
                markup=False,
                classes="dialog-question",
            )
            yield OptionList(
                *(Option(_role_line(role), id=role) for role in TEAM_ROLES), id="role-list"
            )

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = TEAM_ROLES.index(self._current)
        options.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        role = _as_role(event.option.id)
        if role is not None:
            self.dismiss(role)

    def action_cancel(self) -> None:
        self.dismiss(None)

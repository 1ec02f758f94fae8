"""The team screen: who you are in the team, its members and their keys, and, for a lead,
inviting, changing a role and removing.

| Key    | What it does                                                   |
|--------|----------------------------------------------------------------|
| i      | invite someone (a lead): label, role, file; passphrase shown once |
| r      | give the highlighted member another role (a lead)              |
| delete | remove the highlighted member (a lead; asks first)             |
| C      | the conflicts waiting for you                                  |
| escape | back                                                           |
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import ClassVar, Protocol

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.command import Provider
from textual.screen import Screen
from textual.widgets import DataTable, Static

from fieldnotes.domain.team import ROLE_CAN, TEAM_ROLES, TeamInfo, TeamMember, TeamRole
from fieldnotes.errors import FieldnotesError
from fieldnotes.notebook.members import (
    REMOVED_KEEPS,
    new_invitation_passphrase,
    write_invitation,
)
from fieldnotes.terminal import printable_line
from fieldnotes.tui.dialogs.confirm import ConfirmScreen
from fieldnotes.tui.dialogs.team import (
    InvitationMadeDialog,
    InviteDialog,
    InviteRequest,
    RoleDialog,
)
from fieldnotes.tui.providers import TeamCommands
from fieldnotes.tui.widgets.footer import KeysFooter


class TeamSource(Protocol):
    """What the team screen reads and asks of the notebook (`Notebook` is one)."""

    @property
    def team(self) -> TeamInfo | None: ...

    def team_members(self) -> list[TeamMember]: ...

    def invite(
        self, label: str, role: TeamRole, passphrase: str, expires_in_days: int = 7
    ) -> bytes: ...

    def set_member_role(self, label: str, role: TeamRole) -> None: ...

    def remove_member(self, label: str) -> object: ...


def member_row(member: TeamMember) -> tuple[Text, Text, Text, Text]:
    """One member as the table shows them: label, role, fingerprint, and what is special."""
    style = "dim" if member.removed else ""
    label = Text(printable_line(member.label), style=style)
    if member.is_me:
        label.append(" (you)", style="bold")
    notes: list[str] = []
    if not member.verified:
        notes.append("NOT VERIFIED")
    if member.removed:
        notes.append("removed")
    status = Text(
        ", ".join(notes), style="bold red" if not member.verified else "dim" if notes else ""
    )
    return label, Text(member.role, style=style), Text(member.fingerprint, style=style), status


class TeamScreen(Screen[None]):
    """This member, the members list with roles and fingerprints, and a lead's member changes."""

    HELP_GROUP = "Team"
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {TeamCommands}

    DEFAULT_CSS = """
    TeamScreen {
        & #team-title { text-style: bold; padding: 0 1; color: $text-primary; }
        & #team-me { padding: 0 1; }
        & .-hint { color: $text-muted; padding: 0 1; }
        & #team-problem { color: $text-error; padding: 0 1; }
        & DataTable { height: 1fr; margin: 1 0 0 0; }
        & #team-roles { color: $text-muted; padding: 0 1; height: auto; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "i",
            "invite",
            "Invite",
            id="team.invite",
            tooltip="Invite someone: a label, a role and a file, sealed under a passphrase",
        ),
        Binding(
            "r",
            "role",
            "Role",
            id="team.role",
            tooltip="Give the highlighted member another role",
        ),
        Binding(
            "delete",
            "remove",
            "Remove",
            id="team.remove",
            tooltip="Remove the highlighted member and change the team's key (asks first)",
        ),
        Binding(
            "C",
            "app.conflicts",
            "Conflicts",
            id="team.conflicts",
            tooltip="Changes that met a colleague's change: keep mine, theirs or both",
        ),
        Binding("escape", "app.pop_screen", "Back", id="team.back", tooltip="Back to the notes"),
    ]

    def __init__(self, source: TeamSource, *, invitation_folder: Path | None = None) -> None:
        super().__init__()
        self._source = source
        self._members: list[TeamMember] = []
        self._folder = invitation_folder or Path.home()

    def compose(self) -> ComposeResult:
        yield Static("", id="team-title", markup=False)
        yield Static("", id="team-me", markup=False)
        yield Static(
            "Check each fingerprint with its member, in person or by phone, before you "
            "trust what they write.",
            classes="-hint",
            markup=False,
        )
        yield Static("", id="team-problem", markup=False)
        table: DataTable[Text] = DataTable(id="team-members", cursor_type="row", zebra_stripes=True)
        table.add_columns("Member", "Role", "Fingerprint", "")
        yield table
        yield Static(
            "\n".join(f"{role:<8} {ROLE_CAN[role]}" for role in TEAM_ROLES),
            id="team-roles",
            markup=False,
        )
        yield KeysFooter()

    def on_mount(self) -> None:
        self.watch(self.app, "revision", self._reload, init=False)
        self._reload()
        self.query_one(DataTable).focus()

    @property
    def _me(self) -> TeamInfo | None:
        return self._source.team

    @property
    def is_lead(self) -> bool:
        me = self._me
        return me is not None and me.role == "lead"

    def _reload(self) -> None:
        me = self._me
        problem = ""
        if me is None:
            self.query_one("#team-title", Static).update("Team · this notebook is not shared")
            self.query_one("#team-me", Static).update("")
            self._members = []
        else:
            self.query_one("#team-title", Static).update(
                f"Team · {printable_line(me.schema)} on {printable_line(me.server)}"
            )
            me_line = Text("You: ", style="bold")
            me_line.append(f"{printable_line(me.label)} · {me.role} · ")
            me_line.append(me.fingerprint, style="bold")
            self.query_one("#team-me", Static).update(me_line)
            try:
                self._members = self._source.team_members()
            except FieldnotesError as error:
                self._members = []
                problem = str(error)
        unverified = [m for m in self._members if not m.verified]
        if unverified and not problem:
            names = ", ".join(printable_line(m.label) for m in unverified)
            problem = (
                f"Not vouched for by a lead's signature: {names}. Nothing they write is "
                "trusted; tell a lead."
            )
        self.query_one("#team-problem", Static).update(problem)
        self.query_one("#team-problem", Static).display = bool(problem)
        table: DataTable[Text] = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for member in self._members:
            table.add_row(*member_row(member), key=member.member_id)
        if self._members:
            table.move_cursor(row=min(row, len(self._members) - 1))
        self.refresh_bindings()

    def _highlighted(self) -> TeamMember | None:
        table: DataTable[Text] = self.query_one(DataTable)
        if not self._members or table.cursor_row >= len(self._members):
            return None
        return self._members[table.cursor_row]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "invite":
            return self.is_lead
        if action in {"role", "remove"}:
            if not self.is_lead:
                return False
            member = self._highlighted()
            return True if member is not None and not member.removed else None
        return True

    @on(DataTable.RowHighlighted)
    def _moved(self) -> None:
        self.refresh_bindings()

    def _refused(self, error: FieldnotesError) -> None:
        self.notify(str(error), title="Not done", severity="error", timeout=8)

    # ------------------------------------------------------------------ actions

    def action_invite(self) -> None:
        if not self.is_lead:
            return

        def asked(request: InviteRequest | None) -> None:
            if request is not None:
                self._invite(request)

        self.app.push_screen(InviteDialog(self._folder / "invitation.age"), asked)

    def _invite(self, request: InviteRequest) -> None:
        if request.output.exists():
            self.notify(
                f"{printable_line(str(request.output))} already exists: choose another file.",
                severity="error",
            )
            return
        passphrase = new_invitation_passphrase()
        try:
            sealed = self._source.invite(request.label, request.role, passphrase)
            path = write_invitation(sealed, request.output)
        except FieldnotesError as error:
            self._refused(error)
            return
        self._reload()
        self.app.push_screen(InvitationMadeDialog(request.label, request.role, path, passphrase))

    def action_role(self) -> None:
        member = self._highlighted()
        if member is None or member.removed or not self.is_lead:
            return

        def chosen(role: TeamRole | None) -> None:
            if role is None or role == member.role:
                return
            try:
                self._source.set_member_role(member.label, role)
            except FieldnotesError as error:
                self._refused(error)
                return
            self.notify(f"{printable_line(member.label)} is now {role}.", title="Role changed")
            self._reload()

        self.app.push_screen(RoleDialog(member.label, member.role), chosen)

    def action_remove(self) -> None:
        member = self._highlighted()
        if member is None or member.removed or not self.is_lead:
            return
        label = printable_line(member.label)

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self._source.remove_member(member.label)
            except FieldnotesError as error:
                self._refused(error)
                return
            self.notify(
                f"{label} is removed, and the team's key was changed.", title="Member removed"
            )
            self._reload()

        self.app.push_screen(
            ConfirmScreen(
                f"Remove {label} from the team?",
                f"{REMOVED_KEEPS} Every row is sealed again under a new key, in one go. "
                "A removal is final: they could come back only under a new label.",
                yes="Remove",
                no="Keep them",
                cancel=None,
            ),
            answered,
        )

"""What a person sees of a team notebook: who they are in it, its members, the sync state and
the conflicts waiting for them. Plain values; the keys and the server stay in storage/.

A personal notebook has none of this (`Notebook.team` is None) and works exactly as before.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, get_args

TeamRole = Literal["capture", "coder", "lead"]
TEAM_ROLES: tuple[TeamRole, ...] = get_args(TeamRole)

ROLE_CAN: dict[TeamRole, str] = {
    "capture": "add notes and jottings, and edit their own",
    "coder": "also tag any note, and edit the codebook and memos",
    "lead": "also set statuses, asks and decisions, export briefs, and manage members",
}
"""What each role may do, in the words the team screen and `team members` use."""

ConflictChoice = Literal["mine", "theirs", "both"]


@dataclass(frozen=True, slots=True)
class TeamInfo:
    """This replica's place in its team."""

    server: str
    """The server's address as shown to a person: host, port, database; never a password."""
    schema: str
    """The team notebook's name on the server."""
    member_id: str
    label: str
    """How the team knows this member: a label such as "PSW 1", never a name."""
    role: TeamRole
    fingerprint: str
    """This member's key fingerprint, to be checked out of band."""


@dataclass(frozen=True, slots=True)
class TeamMember:
    """One entry of the members list, as every replica verified it."""

    member_id: str
    label: str
    role: TeamRole
    fingerprint: str
    removed: bool = False
    is_me: bool = False


@dataclass(frozen=True, slots=True)
class SyncState:
    """What the status line says about a team notebook."""

    online: bool
    """The last attempt to reach the server succeeded."""
    waiting: int
    """Local changes not yet on the server."""
    conflicts: int = 0
    """Conflicted copies waiting for the person to resolve them."""
    refused: int = 0
    """Rows the last pulls refused (unsigned, forged, tampered), kept out of the notebook."""
    last_synced: datetime | None = None
    """When a push and pull last both completed (UTC)."""
    problem: str = ""
    """Why the last sync did not complete, in words a person can act on; empty if it did."""


@dataclass(frozen=True, slots=True)
class SyncConflict:
    """A local change that met a colleague's change to the same thing.

    Nothing was overwritten: the colleague's version is in the notebook, this one is kept
    beside it until the person chooses.
    """

    conflict_id: str
    kind: str
    """"note", "obstacle", "memo", … (the team row kinds)."""
    row_id: str
    title: str
    """What it is, for a list: a note's date and team, an obstacle's name."""
    theirs_by: str
    """The label of the member whose version is in the notebook."""
    found_at: datetime
    mine: dict[str, object] = field(default_factory=dict, repr=False)
    """This replica's version, as its fields (shown side by side with theirs)."""
    theirs: dict[str, object] = field(default_factory=dict, repr=False)


@dataclass(frozen=True, slots=True)
class SyncReport:
    """What one `sync` did."""

    pushed: int = 0
    pulled: int = 0
    conflicts: tuple[SyncConflict, ...] = ()
    refused: tuple[str, ...] = ()
    """One line per refused row: its kind, id and why (never its content)."""
    online: bool = True
    problem: str = ""


TeamAction = Literal["tag", "codebook", "memo", "decide", "brief", "leader"]
"""What a replica refuses to a role, before the server would: tag notes, edit the codebook
(obstacles, frameworks), write memos, decide (statuses, asks, decisions, re-observe dates),
export briefs, keep the leaders' address book."""

_WHO_MAY: dict[TeamAction, tuple[TeamRole, ...]] = {
    "tag": ("coder", "lead"),
    "codebook": ("coder", "lead"),
    "memo": ("coder", "lead"),
    "decide": ("lead",),
    "brief": ("lead",),
    "leader": ("lead",),
}
_DOING: dict[TeamAction, str] = {
    "tag": "tag notes with obstacles",
    "codebook": "change the codebook",
    "memo": "write memos",
    "decide": "set statuses, asks, decisions or re-observe dates",
    "brief": "export briefs",
    "leader": "change the leaders' address book",
}


def role_refusal(role: TeamRole, action: TeamAction) -> str | None:
    """Why a member with `role` may not do `action` in a team notebook, or None if they may."""
    allowed = _WHO_MAY[action]
    if role in allowed:
        return None
    who = " or a ".join(allowed)
    return (
        f"as a {role} member of this team notebook you cannot {_DOING[action]}: "
        f"ask a {who} (the team's server would refuse it too)"
    )

"""A team notebook's server side, on PostgreSQL: one schema per team notebook.

The server holds what a notebook file holds (sealed rows and their clear columns), the members
list and the data key wrapped to each member, and enforces roles itself. See docs/team.md.
"""

from __future__ import annotations

from fieldnotes.storage.team.admin import (
    NewMember,
    add_member,
    change_role,
    install,
    redeem,
    remove_member,
    rotate,
    upgrade,
)
from fieldnotes.storage.team.errors import (
    InvitationUsed,
    NotAMember,
    NotPermitted,
    RotationRefused,
    ServerUnavailable,
    StaleGeneration,
    TeamServerError,
)
from fieldnotes.storage.team.listen import Listener
from fieldnotes.storage.team.members import Member, Statement, signers, verified_members
from fieldnotes.storage.team.rows import KINDS, Kind, SignedRow, sign_row
from fieldnotes.storage.team.schema import TeamNames
from fieldnotes.storage.team.server import Conflict, PullResult, PushResult, Refused, TeamServer

__all__ = [
    "KINDS",
    "Conflict",
    "InvitationUsed",
    "Kind",
    "Listener",
    "Member",
    "NewMember",
    "NotAMember",
    "NotPermitted",
    "PullResult",
    "PushResult",
    "Refused",
    "RotationRefused",
    "ServerUnavailable",
    "SignedRow",
    "StaleGeneration",
    "Statement",
    "TeamNames",
    "TeamServer",
    "TeamServerError",
    "add_member",
    "change_role",
    "install",
    "redeem",
    "remove_member",
    "rotate",
    "sign_row",
    "signers",
    "upgrade",
    "verified_members",
]

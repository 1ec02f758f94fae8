"""A team notebook's server side, on PostgreSQL: one schema per team notebook.

The server holds what a notebook file holds (sealed rows and their clear columns), the members
list and the data key wrapped to each member, and enforces roles itself. See docs/team.md.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fieldnotes.storage.team.admin import (
        NewMember,
        Upgraded,
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
        OlderServer,
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

# Loaded with their module on first use: a notebook file's store imports the replica's
# state from here, and a personal notebook must not wait for psycopg to load.
_HOME = {
    "NewMember": "admin",
    "Upgraded": "admin",
    "add_member": "admin",
    "change_role": "admin",
    "install": "admin",
    "redeem": "admin",
    "remove_member": "admin",
    "rotate": "admin",
    "upgrade": "admin",
    "InvitationUsed": "errors",
    "NotAMember": "errors",
    "NotPermitted": "errors",
    "OlderServer": "errors",
    "RotationRefused": "errors",
    "ServerUnavailable": "errors",
    "StaleGeneration": "errors",
    "TeamServerError": "errors",
    "Listener": "listen",
    "Member": "members",
    "Statement": "members",
    "signers": "members",
    "verified_members": "members",
    "KINDS": "rows",
    "Kind": "rows",
    "SignedRow": "rows",
    "sign_row": "rows",
    "TeamNames": "schema",
    "Conflict": "server",
    "PullResult": "server",
    "PushResult": "server",
    "Refused": "server",
    "TeamServer": "server",
}

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
    "OlderServer",
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
    "Upgraded",
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


def __getattr__(name: str) -> object:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value

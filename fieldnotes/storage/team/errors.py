"""What can go wrong talking to a team's server, each as an error a person can act on.

The server refuses with its own SQLSTATE codes (raised by the schema's triggers), so a refusal
is told apart from a lost connection without parsing any message text.
"""

from __future__ import annotations

from fieldnotes.errors import FieldnotesError


class TeamServerError(FieldnotesError):
    """Base of every error from a team notebook's server."""


class ServerUnavailable(TeamServerError):
    """The server could not be reached, or went away: nothing was changed by the attempt."""

    def __init__(self, doing: str) -> None:
        super().__init__(
            f"the team's server could not be reached while {doing}; nothing was lost: "
            "your changes are still waiting and go up at the next sync"
        )


class NotPermitted(TeamServerError):
    """The server refused a write this member's role does not allow."""


class NotAMember(NotPermitted):
    """The connected database role is not (or no longer) a member of the notebook."""

    def __init__(self) -> None:
        super().__init__(
            "the team's server no longer accepts changes from you: you are not a member of "
            "this notebook (ask a lead); your replica is as it was"
        )


class OlderServer(TeamServerError):
    """The team's server schema is older than this fieldnotes speaks: nothing is sent or
    taken until a lead (or the DBA) upgrades it."""

    def __init__(self, version: int) -> None:
        self.version = version
        super().__init__(
            f"the team's server is set up at an older version ({version}) than this "
            "fieldnotes needs: a lead runs `fieldnotes team upgrade` (or asks the council's "
            "DBA to); until then your changes wait here, and nothing is lost"
        )


class StaleGeneration(TeamServerError):
    """A row sealed under a key generation the team has rotated away from."""

    def __init__(self) -> None:
        super().__init__(
            "the team's key was changed since these rows were sealed: pull first to get "
            "the new key, then sync again"
        )


class InvitationUsed(TeamServerError):
    """An invitation that has been redeemed already, or is not for this database role."""

    def __init__(self) -> None:
        super().__init__("this invitation has already been used: ask a lead for a new one")


class RotationRefused(TeamServerError):
    """A key rotation that could not complete; the old generation stays fully in force."""

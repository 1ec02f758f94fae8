"""A team notebook's members: who is in it, inviting, changing a role, removing.

The invitation passphrase and the invitation file are made here too, so the command line and
the team screen hand the same kind of passphrase over and write the file the same way.
"""

from __future__ import annotations

import base64
import secrets
from pathlib import Path
from typing import TYPE_CHECKING

from fieldnotes.domain.team import SyncReport, SyncState, TeamMember, TeamRole
from fieldnotes.errors import InvalidInput
from fieldnotes.notebook.events import TeamChanged
from fieldnotes.notebook.part import Part

if TYPE_CHECKING:
    from fieldnotes.storage.team.replica import TeamLink
    from fieldnotes.storage.team.replica_sync import SyncOutcome

INVITATION_PASSPHRASE_BYTES = 15
"""120 bits: far beyond guessing, even offline against age's scrypt, and short to read out."""

REMOVED_KEEPS = (
    "They keep their replica as it was, and can still read everything written before their "
    "removal. From now on they cannot log in or write, and nothing written after the key "
    "change that follows opens for them."
)
"""What a removed member keeps, in the words the command line and the team screen both use."""


def new_invitation_passphrase() -> str:
    """A strong passphrase for one invitation, in groups of four to read out over the phone."""
    text = base64.b32encode(secrets.token_bytes(INVITATION_PASSPHRASE_BYTES)).decode("ascii")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4)).lower()


def write_invitation(sealed: bytes, output: Path) -> Path:
    """The sealed invitation as a new file only its owner can read; never over another file."""
    from fieldnotes.crypto.age import write_private_file

    output = Path(output).expanduser()
    write_private_file(output, sealed, replace=False)
    return output


class MembersPart(Part):
    """The members list of a team notebook, and a lead's changes to it.

    Every change goes to the server first; the replica's own record of the team (its role,
    its key generation) changes only once the server has committed.
    """

    if TYPE_CHECKING:
        # The team part's (notebook/team.py).
        def sync(self) -> SyncReport: ...
        def sync_state(self) -> SyncState: ...
        def _announce(self, outcome: SyncOutcome) -> None: ...

    def _members_link(self, doing: str) -> TeamLink:
        self._require_unlocked()
        link = self._store.team_link()
        if link is None:
            raise InvalidInput(
                f"this notebook is not a team notebook, so there is no one to {doing}: "
                "see `fieldnotes team create`"
            )
        return link

    def _save_link_from(self, changed: TeamLink) -> None:
        """Keep what a change to the team did (role, key generation) in the link as it is
        now: a sync may have moved its position meanwhile."""
        from fieldnotes.storage.team import membership

        fresh = self._store.team_link()
        self._store.save_team_link(changed if fresh is None else membership.adopt(fresh, changed))

    def team_members(self) -> list[TeamMember]:
        """Every entry of the members list, checked against the leads' signatures back to the
        lead this replica trusts; one that does not verify is marked so (`verified`)."""
        from fieldnotes.storage.team import membership

        link = self._members_link("list")
        with membership.connected(link) as server:
            return membership.members(link, server)

    def invite(
        self, label: str, role: TeamRole, passphrase: str, expires_in_days: int = 7
    ) -> bytes:
        """A one-time invitation for `label` as `role`, sealed under `passphrase`: the
        content of the invitation file, for the newcomer's `team join`. A lead only."""
        from fieldnotes.storage.team import membership

        link = self._members_link("invite")
        membership.require_lead(link, "invite someone")
        with membership.connected(link) as server:
            sealed = membership.invite(
                link,
                server,
                label=label,
                role=role,
                passphrase=passphrase,
                expires_in_days=expires_in_days,
            )
        self._changed(TeamChanged)
        return sealed

    def set_member_role(self, label: str, role: TeamRole) -> None:
        """Give a member another role, on the server; a lead only, and never the last lead."""
        from fieldnotes.storage.team import membership

        link = self._members_link("change")
        membership.require_lead(link, "change a member's role")
        with membership.connected(link) as server:
            changed = membership.set_role(link, server, label, role)
        if changed.role != link.role:
            self._save_link_from(changed)
        self._changed(TeamChanged)

    def removed_login_kept(self, label: str) -> bool:
        """Whether the removed member's database login still logs in: the founding lead's,
        which the council's DBA made, is beyond the team's reach on PostgreSQL 16+, and the
        DBA closes it (docs/team.md)."""
        from fieldnotes.storage.team import membership

        link = self._members_link("check")
        with membership.connected(link) as server:
            return membership.removed_login_kept(link, server, label)

    def remove_member(self, label: str) -> int:
        """Remove a member, then change the team's key: every row sealed again under a new
        generation that only the members who stay hold. Returns the rows sealed again.

        A lead only; the last lead and oneself are refused. What the removed member already
        holds stays readable to them (see REMOVED_KEEPS).
        """
        from fieldnotes.storage.team import membership
        from fieldnotes.storage.team.replica_sync import take_rotation

        link = self._members_link("remove")
        membership.require_lead(link, "remove a member")
        # Every row is re-signed at the server's revision: what is waiting here goes up
        # first, or it would meet the re-sealed rows as a conflict with oneself.
        before = self.sync()
        if not before.online or self.sync_state().waiting:
            raise InvalidInput(
                "the team's key can be changed only once this replica's changes are on the "
                f"server; nothing was changed ({before.problem or 'some could not be sent'})"
            )
        link = self._members_link("remove")
        with membership.connected(link) as server:
            removal = membership.remove(link, server, label)
            # Only now, after the server's commit: the replica seals under the new key.
            self._save_link_from(removal.link)
        # The re-sealed rows are taken in as they were sent, so that this replica's next edit
        # builds on them; pulling them back would verify its own signatures again.
        taken = take_rotation(self._store, removal.rows)
        self._announce(taken)
        self.sync()
        return removal.resealed

"""The leaders part: the address book of leaders' keys, and the author's own identity."""

from __future__ import annotations

import uuid

from fieldnotes.domain.model import (
    Leader,
)
from fieldnotes.domain.rules import check_leader_label
from fieldnotes.errors import (
    DamagedError,
    InvalidInput,
)
from fieldnotes.notebook.events import LeadersChanged, SettingsChanged
from fieldnotes.notebook.part import Part
from fieldnotes.notebook.settings import _SETTING_ADVICE

DAMAGED_LEADER = "(damaged leader)"
"""The label a damaged address-book entry is listed under, so it can be seen and removed."""


class LeadersPart(Part):
    """The address book and the author's own age identity."""

    def author_recipient(self) -> str:
        """The author's own age recipient, so every brief can be reopened by its author.

        The matching identity is made once and kept sealed in the notebook.
        """
        self._require_unlocked()
        from fieldnotes.crypto.age import generate_identity

        secret = self._setting("author_identity", "the author's own identity")
        public = self._setting("author_recipient", "the author's own identity")
        if (secret is None) != (public is None):
            # Half of it gone is damage, not a first use: making a new one would quietly
            # leave every earlier brief unopenable by its author.
            raise DamagedError(
                "the author's own identity is damaged", _SETTING_ADVICE["author_identity"]
            )
        if not secret or not public:
            secret, public = generate_identity()
            self._store.set_setting("author_identity", secret)
            self._store.set_setting("author_recipient", public)
            self._changed(SettingsChanged, ids=["author_identity", "author_recipient"])
        return public

    def leaders(self) -> list[Leader]:
        self._require_unlocked()
        return [
            Leader(i, label, recipient)
            if label is not None and recipient is not None
            else Leader(i, DAMAGED_LEADER, "", damaged=True)
            for i, label, recipient in self._store.leaders()
        ]

    def add_leader(self, label: str, recipient: str) -> Leader:
        from fieldnotes.crypto.age import parse_recipient

        self._team_may("leader")
        label = check_leader_label(label)
        recipient = parse_recipient(recipient)
        for leader in self.leaders():
            if leader.recipient == recipient and not leader.damaged:
                raise InvalidInput(f"that key is already in the address book as {leader.label!r}")
        leader_id = str(uuid.uuid4())
        self._store.save_leader(leader_id, label, recipient)
        self._changed(LeadersChanged, ids=[leader_id])
        return Leader(leader_id, label, recipient)

    def remove_leader(self, leader_id: str) -> None:
        self._team_may("leader")
        self._store.delete_leader(leader_id)
        self._changed(LeadersChanged, ids=[leader_id])

    def author_identities(self) -> list[str]:
        """The author's own identity, for reopening briefs they sent."""
        self._require_unlocked()
        secret = self._setting("author_identity", "the author's own identity")
        return [secret] if secret else []

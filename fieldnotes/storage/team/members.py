"""The members list as the server keeps it, and the lead-signed statements behind each entry.

A member's row on the server carries the last lead-signed statement about them (the grant that
let them join, a role change, their removal) as a self-describing document, so any member can
check it against the leads' keys without trusting the server's copy of the list.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from fieldnotes.crypto.team import (
    PURPOSES,
    MemberKeys,
    MemberPublic,
    Purpose,
    Role,
    SignatureRefused,
)
from fieldnotes.errors import DamagedData

_STATEMENT_FORMAT = "fieldnotes-team-statement-1"


@dataclass(frozen=True, slots=True)
class Statement:
    """A purpose and the parts a signature covers, kept so that it can be checked later."""

    purpose: Purpose
    parts: tuple[bytes | str | int, ...]

    def encode(self) -> bytes:
        encoded: list[list[str | int]] = []
        for part in self.parts:
            if isinstance(part, int):
                encoded.append(["i", part])
            elif isinstance(part, str):
                encoded.append(["s", part])
            else:
                encoded.append(["b", base64.b64encode(part).decode("ascii")])
        document = {"format": _STATEMENT_FORMAT, "purpose": self.purpose, "parts": encoded}
        return json.dumps(document, sort_keys=True, separators=(",", ":")).encode("utf-8")

    @classmethod
    def decode(cls, raw: bytes) -> Statement:
        try:
            document = json.loads(bytes(raw).decode("utf-8"))
            if document["format"] != _STATEMENT_FORMAT or document["purpose"] not in PURPOSES:
                raise ValueError
            parts: list[bytes | str | int] = []
            for tag, value in document["parts"]:
                if (tag == "i" and isinstance(value, int)) or (
                    tag == "s" and isinstance(value, str)
                ):
                    parts.append(value)
                elif tag == "b" and isinstance(value, str):
                    parts.append(base64.b64decode(value.encode("ascii"), validate=True))
                else:
                    raise ValueError
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):
            raise DamagedData("a statement in the members list is damaged") from None
        return cls(document["purpose"], tuple(parts))

    def sign(self, keys: MemberKeys, notebook_id: bytes) -> bytes:
        return keys.sign(notebook_id, self.purpose, list(self.parts))


@dataclass(frozen=True, slots=True)
class Member:
    """One entry of the members list, as read from the server."""

    member_id: str
    label: str
    role: Role
    db_role: str
    public: MemberPublic
    removed: bool
    statement: Statement
    signature: bytes = field(repr=False)
    key_signature: bytes = field(repr=False)
    seq: int = 0

    def check(self, notebook_id: bytes, leads: Sequence[MemberPublic]) -> None:
        """Raise `SignatureRefused` unless one of `leads` signed this entry's statement and the
        member's own key signed their keys (for the founder, these are one and the same)."""
        for lead in leads:
            try:
                lead.verify(
                    self.signature,
                    notebook_id,
                    self.statement.purpose,
                    list(self.statement.parts),
                    what=f"the entry for {self.label}",
                )
                break
            except SignatureRefused:
                continue
        else:
            raise SignatureRefused(f"the entry for {self.label} was not signed by a lead")
        keys = key_statement(self.member_id, self.public)
        self.public.verify(
            self.key_signature,
            notebook_id,
            keys.purpose,
            list(keys.parts),
            what=f"the keys of {self.label}",
        )


def key_statement(member_id: str, public: MemberPublic) -> Statement:
    """What a newcomer signs with their own key when they join: these keys are mine."""
    return Statement("member", (member_id, public.recipient, public.verify_key))


def public_keys(members: Sequence[Member]) -> Mapping[str, MemberPublic]:
    """The keys of every member still in the team."""
    return {member.member_id: member.public for member in members if not member.removed}


def signers(members: Sequence[Member]) -> Mapping[str, tuple[MemberPublic, int | None]]:
    """Whose signatures a pull accepts, and up to which position.

    A removed member's signature still counts on what they wrote before their removal (whose
    seq is the last position of their entry); nothing written after it is theirs.
    """
    return {
        member.member_id: (member.public, member.seq if member.removed else None)
        for member in members
    }


def _matches(member: Member) -> bool:
    """Whether the signed statement says what the entry says (label, role, removal)."""
    parts = member.statement.parts
    purpose = member.statement.purpose
    if purpose == "grant" and len(parts) >= 3:
        # A lead's grant (invitation id, label, role, …) or the founder's (member id, …).
        return parts[1] == member.label and parts[2] == member.role and not member.removed
    if purpose == "role" and len(parts) == 4:
        return parts[:3] == (member.member_id, member.label, member.role) and not member.removed
    if purpose == "removal" and len(parts) == 3:
        return parts[:2] == (member.member_id, member.label) and member.removed
    return False


def verified_members(
    members: Sequence[Member], notebook_id: bytes, founder: MemberPublic
) -> tuple[list[Member], list[str]]:
    """The entries a lead's signature vouches for, and why each other one is not trusted.

    Trust starts from the founding lead's key (whose fingerprint the team checked out of band)
    and spreads only through leads' signatures: an entry counts if a trusted lead signed a
    statement that says exactly its label and role (or its removal), and the member signed
    their own keys; a lead so vouched for may vouch for others.
    """
    trusted: dict[str, Member] = {}
    leads: list[MemberPublic] = [founder]
    changed = True
    while changed:
        changed = False
        for member in members:
            if member.member_id in trusted or not _matches(member):
                continue
            try:
                member.check(notebook_id, leads)
            except SignatureRefused:
                continue
            trusted[member.member_id] = member
            changed = True
            if member.role == "lead" and not member.removed:
                leads.append(member.public)
    problems = [
        f"the entry for {member.label} is not vouched for by a lead"
        for member in members
        if member.member_id not in trusted
    ]
    return [m for m in members if m.member_id in trusted], problems

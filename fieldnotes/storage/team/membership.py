"""A replica's side of the members list: read it verified, invite, change a role, remove.

Removing a member rotates the team's data key: a new generation, wrapped to every member who
stays, and every row on the server opened, sealed again under it and signed by this lead, all
in the one `admin.rotate` transaction. The replica takes the new generation only once the
server has committed it, so a rotation cut off half-way leaves the old one fully in force,
here as on the server.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from psycopg.conninfo import conninfo_to_dict, make_conninfo

from fieldnotes.crypto.team import MemberPublic, Role, new_data_key, wrap_data_key
from fieldnotes.domain.team import TeamMember
from fieldnotes.errors import InvalidInput
from fieldnotes.storage.team import admin
from fieldnotes.storage.team.errors import NotPermitted, RotationRefused
from fieldnotes.storage.team.members import Member, signers, verified_members
from fieldnotes.storage.team.replica import TeamLink, open_team_text, seal_team_text
from fieldnotes.storage.team.rows import SignedRow
from fieldnotes.storage.team.server import TeamServer

MAX_LABEL_CHARS = 40
MAX_INVITATION_DAYS = 30


@contextmanager
def connected(link: TeamLink) -> Iterator[TeamServer]:
    """A short-lived connection as this member, for one change to the members list."""
    server = TeamServer.open(link.conninfo, link.schema)
    try:
        yield server
    finally:
        server.close()


def _anchor(link: TeamLink) -> MemberPublic:
    # The founder's replica trusts its own key; every other replica the lead it checked.
    return link.anchor if link.anchor is not None else link.keys.public


def verified(link: TeamLink, server: TeamServer) -> tuple[list[Member], list[Member]]:
    """The entries a lead's signature vouches for, and the ones it does not."""
    found = server.members()
    trusted, _problems = verified_members(found, link.notebook_id, _anchor(link))
    ids = {member.member_id for member in trusted}
    return trusted, [member for member in found if member.member_id not in ids]


def members(link: TeamLink, server: TeamServer) -> list[TeamMember]:
    """Every entry, each marked verified or not; an unverified one is shown, never trusted."""
    trusted, untrusted = verified(link, server)
    shown = [(member, True) for member in trusted] + [(member, False) for member in untrusted]
    return sorted(
        (
            TeamMember(
                member_id=member.member_id,
                label=member.label,
                role=member.role,
                fingerprint=member.public.fingerprint,
                removed=member.removed,
                is_me=member.member_id == link.member_id,
                verified=ok,
            )
            for member, ok in shown
        ),
        key=lambda member: (member.removed, member.label.casefold()),
    )


def require_lead(link: TeamLink, doing: str) -> None:
    if link.role != "lead":
        raise NotPermitted(
            f"only a lead can {doing}: you are {link.label} ({link.role}) in this team"
        )


def check_label(label: str) -> str:
    label = label.strip()
    if not label:
        raise InvalidInput("a member needs a label (a role or initials, not a name)")
    if len(label) > MAX_LABEL_CHARS:
        raise InvalidInput(f"a label is at most {MAX_LABEL_CHARS} characters")
    if not label.isprintable():
        raise InvalidInput("a label cannot hold control characters")
    return label


def newcomer_address(conninfo: str) -> str:
    """The server's address for an invitation: this member's own user and password removed."""
    params = {
        key: str(value)
        for key, value in conninfo_to_dict(conninfo).items()
        if key not in {"user", "password", "passfile"} and value is not None
    }
    return make_conninfo("", **params)


def invite(
    link: TeamLink,
    server: TeamServer,
    *,
    label: str,
    role: Role,
    passphrase: str,
    expires_in_days: int = 7,
    now: datetime | None = None,
) -> bytes:
    """Make the newcomer's invitation on the server and return it sealed under `passphrase`."""
    require_lead(link, "invite someone")
    label = check_label(label)
    if not 1 <= expires_in_days <= MAX_INVITATION_DAYS:
        raise InvalidInput(f"an invitation lasts from 1 to {MAX_INVITATION_DAYS} days")
    if len(passphrase) < 12:
        raise InvalidInput("an invitation's passphrase is at least 12 characters")
    made = admin.add_member(
        server,
        link.keys,
        lead_label=link.label,
        label=label,
        role=role,
        expires_at=(now or datetime.now(UTC)) + timedelta(days=expires_in_days),
        server_address=newcomer_address(link.conninfo),
        data_key=link.data_key,
    )
    return made.invitation.seal(passphrase)


def _leads_left(trusted: list[Member], without: str) -> int:
    return sum(
        1
        for member in trusted
        if member.role == "lead" and not member.removed and member.label != without
    )


def _target(trusted: list[Member], label: str) -> Member:
    for member in trusted:
        if member.label == label:
            return member
    raise InvalidInput(f"no verified member labelled {label!r}: see `fieldnotes team members`")


def set_role(link: TeamLink, server: TeamServer, label: str, role: Role) -> TeamLink:
    """Give a member another role; returns the link (changed if it was this member's role)."""
    require_lead(link, "change a member's role")
    trusted, _ = verified(link, server)
    member = _target(trusted, label)
    if member.removed:
        raise InvalidInput(f"{label} has been removed; a removal is final")
    if member.role == role:
        return link
    if member.role == "lead" and _leads_left(trusted, label) == 0:
        raise InvalidInput("the team needs a lead: make another member lead first")
    admin.change_role(server, link.keys, lead_label=link.label, label=label, role=role)
    return replace(link, role=role) if member.member_id == link.member_id else link


@dataclass(frozen=True, slots=True)
class Removal:
    """What a removal did: the link with the new generation, and what was re-sealed."""

    link: TeamLink
    generation: int
    resealed: int
    already_removed: bool = False
    login_kept: bool = False
    """Their database login still logs in: one the team did not make (the founding lead's,
    which the council's DBA made) can be beyond its reach on PostgreSQL 16+. The DBA closes
    it; their team role and the new key are gone all the same."""
    rows: tuple[tuple[SignedRow, dict[str, Any], bytes], ...] = ()
    """Every row as the rotation left it on the server (with its seq), its document and the
    plaintext sealed: what this replica takes in without pulling it back."""


def remove(link: TeamLink, server: TeamServer, label: str) -> Removal:
    """Remove a member and rotate the key. Refused for the last lead and for oneself.

    Asking again for a member already removed rotates the key again, so a rotation that was
    cut off after the removal can always be finished.
    """
    require_lead(link, "remove a member")
    trusted, _ = verified(link, server)
    member = _target(trusted, label)
    if member.member_id == link.member_id:
        raise InvalidInput("a lead cannot remove themselves: ask another lead")
    if member.role == "lead" and not member.removed and _leads_left(trusted, label) == 0:
        raise InvalidInput("the team needs a lead: the last lead cannot be removed")
    already = member.removed
    if already:
        kept = admin.shut_out(server, member.member_id)
    else:
        kept = admin.remove_member(server, link.keys, lead_label=link.label, label=label)
    new_link, rows = rotate(link, server)
    return Removal(
        new_link,
        new_link.generation,
        len(rows),
        already_removed=already,
        login_kept=kept,
        rows=tuple(rows),
    )


def removed_login_kept(link: TeamLink, server: TeamServer, label: str) -> bool:
    """Whether a removed member's database login still logs in (a founding lead's, which the
    council's DBA made, can be beyond the team's reach on PostgreSQL 16+)."""
    for member in server.members():
        if member.label == label and member.removed:
            return server.logs_in(member.db_role)
    return False


def adopt(fresh: TeamLink, changed: TeamLink) -> TeamLink:
    """`fresh` (as a sync left it) with the role and key generations of `changed`."""
    return replace(
        fresh,
        role=changed.role,
        generation=max(fresh.generation, changed.generation),
        data_keys={**fresh.data_keys, **changed.data_keys},
    )


def _every_row(link: TeamLink, server: TeamServer, trusted: list[Member]) -> list[SignedRow]:
    """Every row's current revision, signatures checked; any refused row stops the rotation
    (a lead re-signing a row nobody vouches for would launder it)."""
    keys = signers(trusted)
    rows: list[SignedRow] = []
    position = 0
    while True:
        page = server.pull(position, keys)
        if page.refused:
            named = "; ".join(f"{r.kind} {r.row_id}: {r.reason}" for r in page.refused[:5])
            raise RotationRefused(
                f"{len(page.refused)} rows on the server do not verify, so the key was not "
                f"changed (the old key stays in force): {named}"
            )
        rows.extend(page.rows)
        position = page.position
        if not page.more:
            return rows


def rotate(
    link: TeamLink, server: TeamServer
) -> tuple[TeamLink, list[tuple[SignedRow, dict[str, Any], bytes]]]:
    """A new key generation in force on the server, then in this replica's link.

    Returns the new link (not yet saved: the caller saves it) and every row sealed again,
    with its new seq, its document and its plaintext. Any failure before the server's commit
    leaves the old generation in force.
    """
    require_lead(link, "change the team's key")
    trusted, untrusted = verified(link, server)
    staying = [member for member in trusted if not member.removed]
    if any(not member.removed for member in untrusted):
        names = ", ".join(member.label for member in untrusted if not member.removed)
        raise RotationRefused(
            f"the entry for {names} is not vouched for by a lead, so no key is wrapped to it "
            "and the key was not changed (the old key stays in force)"
        )
    current = server.current_generation()
    if current not in link.data_keys:
        raise RotationRefused(
            "this replica does not hold the team's current key: sync first, then try again"
        )
    generation = current + 1
    data_key = new_data_key()
    wrapped = {
        member.member_id: wrap_data_key(data_key, member.public.recipient) for member in staying
    }
    now_link = replace(link, generation=current)
    next_link = replace(
        link, generation=generation, data_keys={**link.data_keys, generation: data_key}
    )
    resealed: list[SignedRow] = []
    contents: list[tuple[dict[str, Any], bytes]] = []
    for row in _every_row(link, server, trusted):
        document, text = open_team_text(now_link, row)
        # The plaintext as it was opened, sealed again: the document is the same, byte for byte.
        resealed.append(
            seal_team_text(
                next_link, row.kind, row.row_id, row.revision + 1, row.author, text, row.clear
            )
        )
        contents.append((document, text))
    taken = admin.rotate(
        server, link.keys, generation=generation, wrapped=wrapped, resealed=resealed
    )
    return next_link, [
        (replace(row, seq=taken[(row.kind, row.row_id)]), document, text)
        for row, (document, text) in zip(resealed, contents, strict=True)
    ]

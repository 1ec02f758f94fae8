"""What a lead does on the server: set it up, invite, change a role, remove, rotate the key.

Each is one transaction. Only `install` (and `upgrade`) need a login with CREATEROLE, which
the council's DBA gives the lead who sets the team up: every lead, that one included, makes and
changes members' database roles through the schema's `make_login` and `follow` functions, which
run as the team's admin role (see `schema`).
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

import psycopg
from psycopg import sql
from psycopg.rows import TupleRow

from fieldnotes.crypto.team import (
    Grant,
    Invitation,
    MemberKeys,
    Role,
    make_grant,
    wrap_data_key,
)
from fieldnotes.errors import DamagedData, InvalidInput
from fieldnotes.storage.team import schema
from fieldnotes.storage.team.errors import NotPermitted, RotationRefused, TeamServerError
from fieldnotes.storage.team.members import Member, Statement, key_statement
from fieldnotes.storage.team.rows import SignedRow
from fieldnotes.storage.team.server import Connection, TeamServer, translated


def new_member_id() -> str:
    return secrets.token_hex(16)


def _scram(conn: Connection, password: str, role: str) -> str:
    """The password's SCRAM verifier, made here, so the password itself never reaches the
    server (nor its statement log)."""
    return conn.pgconn.encrypt_password(
        password.encode("utf-8"), role.encode("utf-8"), b"scram-sha-256"
    ).decode("ascii")


def install(
    conn: Connection,
    schema_name: str,
    *,
    notebook_id: bytes,
    founder: MemberKeys,
    founder_label: str,
    data_key: bytes,
) -> str:
    """Create the team's schema and roles, with the connected role as its first lead.

    Returns the founder's member id. Everything happens in one transaction: a failure leaves
    no half-made team behind (roles included: CREATE ROLE is transactional in PostgreSQL).
    """
    names = schema.TeamNames(schema_name)
    member_id = new_member_id()
    public = founder.public
    # The founder has nobody to grant them the lead role: they state it themselves.
    grant = Statement("grant", (member_id, founder_label, "lead", public.recipient))
    keys = key_statement(member_id, public)
    generation = Statement("generation", (1, member_id))
    s = sql.Identifier(names.schema)
    with translated("setting up the team's server"), conn.transaction(), conn.cursor() as cur:
        _run(cur, names, schema.install_sql(names))
        _become(cur, names, "owner")
        cur.execute(
            sql.SQL(
                "INSERT INTO {}.meta (format, notebook_id, schema_version) VALUES (%s, %s, %s)"
            ).format(s),
            [schema.FORMAT, notebook_id, schema.SCHEMA_VERSION],
        )
        cur.execute(
            sql.SQL(
                "INSERT INTO {}.members (member_id, label, role, db_role, recipient, verify_key, "
                "key_signature, statement, signature) "
                "VALUES (%s, %s, 'lead', session_user, %s, %s, %s, %s, %s)"
            ).format(s),
            [
                member_id,
                founder_label,
                public.recipient,
                public.verify_key,
                keys.sign(founder, notebook_id),
                grant.encode(),
                grant.sign(founder, notebook_id),
            ],
        )
        cur.execute(
            sql.SQL(
                "INSERT INTO {}.key_generations (generation, current, statement, signature) "
                "VALUES (1, true, %s, %s)"
            ).format(s),
            [generation.encode(), generation.sign(founder, notebook_id)],
        )
        cur.execute(
            sql.SQL("INSERT INTO {}.wrapped_keys VALUES (%s, 1, %s)").format(s),
            [member_id, wrap_data_key(data_key, public.recipient)],
        )
        # Nobody keeps the owner or the admin role: the one's holder would bypass every
        # policy above, the other's could move any member between groups.
        _run(cur, names, schema.seat_sql(names))
    return member_id


def _become(cur: psycopg.Cursor[TupleRow], names: schema.TeamNames, who: schema.Who) -> None:
    if who == "login":
        cur.execute("RESET ROLE")
    else:
        role = names.owner if who == "owner" else names.admin
        cur.execute(sql.SQL("SET LOCAL ROLE {}").format(sql.Identifier(role)))


def _run(
    cur: psycopg.Cursor[TupleRow],
    names: schema.TeamNames,
    statements: Sequence[tuple[schema.Who, str]],
) -> None:
    """Each statement as the role it names; back to the login at the end."""
    for who, statement in statements:
        _become(cur, names, who)
        cur.execute(sql.SQL(statement))
    _become(cur, names, "login")


@dataclass(frozen=True, slots=True)
class Upgraded:
    """What `upgrade` found on the server and left there."""

    found: int
    now: int


_UPGRADE_REFUSED = (
    "upgrading the team's server takes its owner role, which only the login that set the team "
    "up (while it keeps the CREATEROLE the council's DBA gave it, or on PostgreSQL 16+ its hold "
    "on the roles it made) or the DBA can take: nothing was changed"
)


def upgrade(conn: Connection, schema_name: str) -> Upgraded:
    """Bring an installed team schema up to this version, a step per version, in one
    transaction; a schema at this version is left as it is, and a newer one is refused,
    never downgraded.

    The steps replace functions and policies, which only the schema's owner role may do (and
    the admin role's functions, which only it may): the connected login takes each role for
    the transaction (as `install` does) and gives it up before the commit, so nobody keeps
    it. A step may also run statements as the login itself (making a role needs its
    CREATEROLE, or the DBA's superuser).
    """
    from fieldnotes.storage.team.upgrades import STEPS

    names = schema.TeamNames(schema_name)
    s = sql.Identifier(names.schema)
    with translated("upgrading the team's server"), conn.transaction(), conn.cursor() as cur:
        cur.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [names.lock_key])
        cur.execute(sql.SQL("SELECT schema_version FROM {}.meta").format(s))
        found = cur.fetchone()
        if found is None:
            raise TeamServerError("this server holds no team notebook of that name")
        version = int(found[0])
        if version > schema.SCHEMA_VERSION:
            raise TeamServerError(
                "the team's server was set up by a newer fieldnotes: update fieldnotes first"
            )
        if version == schema.SCHEMA_VERSION:
            return Upgraded(version, version)
        taken: list[schema.Who] = []
        try:
            _take(cur, names, "owner", taken)
            for step in range(version, schema.SCHEMA_VERSION):
                for who, statement in STEPS[step](names):
                    _take(cur, names, who, taken)
                    _become(cur, names, who)
                    cur.execute(sql.SQL(statement))
        except psycopg.errors.InsufficientPrivilege:
            raise NotPermitted(_UPGRADE_REFUSED) from None
        _become(cur, names, "owner")
        cur.execute(
            sql.SQL("UPDATE {}.meta SET schema_version = %s").format(s), [schema.SCHEMA_VERSION]
        )
        _become(cur, names, "login")
        for who in taken:
            role = names.owner if who == "owner" else names.admin
            cur.execute(sql.SQL("REVOKE {} FROM CURRENT_USER").format(sql.Identifier(role)))
    return Upgraded(version, schema.SCHEMA_VERSION)


def _take(
    cur: psycopg.Cursor[TupleRow],
    names: schema.TeamNames,
    who: schema.Who,
    taken: list[schema.Who],
) -> None:
    """The login takes the owner or the admin role for this transaction, the first time a
    statement needs it (a step may make the admin role first)."""
    if who == "login" or who in taken:
        return
    role = names.owner if who == "owner" else names.admin
    _become(cur, names, "login")
    cur.execute(sql.SQL("GRANT {} TO CURRENT_USER").format(sql.Identifier(role)))
    taken.append(who)


@dataclass(frozen=True, slots=True)
class NewMember:
    """What a lead hands over (sealed, as an invitation) so that someone can join."""

    invitation: Invitation
    grant: Grant


def add_member(
    server: TeamServer,
    lead: MemberKeys,
    *,
    lead_label: str,
    label: str,
    role: Role,
    expires_at: datetime,
    server_address: str,
    data_key: bytes,
) -> NewMember:
    """Make the newcomer's LOGIN role with a one-time password and record their invitation.

    The newcomer's role can do nothing with rows until they redeem the invitation: until then
    there is no member for it, and every write checks that there is.
    """
    names = server.names
    if any(member.label == label for member in server.members()):
        # Labels stay unique for good, a removed member's too, so that the record of who
        # wrote what never names two people alike.
        raise InvalidInput(f"there is already a member labelled {label!r}: choose another label")
    db_role = f"{names.schema}_m{secrets.token_hex(5)}"
    password = secrets.token_urlsafe(24)
    grant = make_grant(
        lead,
        server.notebook_id,
        label=label,
        role=role,
        granted_by=lead_label,
        expires_at=expires_at,
    )
    statement = Statement("grant", tuple(grant.statement()))
    generation = server.current_generation()
    with server.transaction("inviting a member") as cur:
        cur.execute(
            sql.SQL(
                "INSERT INTO {}.invitations (invitation_id, db_role, label, role, statement, "
                "signature, expires_at) VALUES (%s, %s, %s, %s, %s, %s, %s)"
            ).format(sql.Identifier(names.schema)),
            [
                grant.invitation_id,
                db_role,
                label,
                role,
                statement.encode(),
                grant.signature,
                grant.expires_at,
            ],
        )
        make_login(cur, names, db_role, _scram(server.connection, password, db_role))
    invitation = Invitation(
        notebook_id=server.notebook_id,
        server=server_address,
        database_role=db_role,
        database_password=password,
        grant=grant,
        lead=lead.public,
        generation=generation,
        data_key=data_key,
    )
    return NewMember(invitation, grant)


def make_login(
    cur: psycopg.Cursor[TupleRow], names: schema.TeamNames, db_role: str, verifier: str
) -> None:
    """The newcomer's login, in the group their invitation (recorded just before, in the same
    transaction) names: made by the team's admin role, so the lead needs no CREATEROLE."""
    cur.execute(
        sql.SQL("SELECT {}.make_login(%s, %s)").format(sql.Identifier(names.schema)),
        [db_role, verifier],
    )


def redeem(
    conninfo: str, schema_name: str, invitation: Invitation, keys: MemberKeys, password: str
) -> TeamServer:
    """Join with an invitation: set a password only the newcomer knows, and register their keys.

    One transaction: the one-time password is replaced, the invitation is marked used (a
    second use is refused by the server), and the newcomer's member entry and wrapped key are
    written by the server from the lead's invitation (the newcomer cannot choose their role).
    """
    if len(password) < 12:
        raise InvalidInput("a database password is at least 12 characters")
    server = TeamServer.open(conninfo, schema_name)
    member_id = new_member_id()
    keys_signed = key_statement(member_id, keys.public).sign(keys, invitation.notebook_id)
    try:
        with server.transaction("joining the team") as cur:
            verifier = _scram(server.connection, password, invitation.database_role)
            cur.execute(
                sql.SQL("ALTER ROLE CURRENT_USER PASSWORD {}").format(sql.Literal(verifier))
            )
            cur.execute(
                sql.SQL("SELECT {}.redeem(%s, %s, %s, %s, %s, %s)").format(
                    sql.Identifier(server.names.schema)
                ),
                [
                    invitation.grant.invitation_id,
                    member_id,
                    keys.public.recipient,
                    keys.public.verify_key,
                    keys_signed,
                    wrap_data_key(invitation.data_key, keys.public.recipient),
                ],
            )
            # Checked before the commit: a server that would record the newcomer otherwise
            # than the lead's signed grant says gets no member at all.
            cur.execute(
                sql.SQL("SELECT label, role FROM {}.members WHERE member_id = %s").format(
                    sql.Identifier(server.names.schema)
                ),
                [member_id],
            )
            if cur.fetchone() != (invitation.grant.label, invitation.grant.role):
                raise DamagedData(
                    "the team's server would record you with another label or role than the "
                    "lead's invitation says: nothing was changed; tell the lead"
                )
    except BaseException:
        server.close()
        raise
    return server


def change_role(
    server: TeamServer, lead: MemberKeys, *, lead_label: str, label: str, role: Role
) -> None:
    """Give a member another role: their entry, and their database role's group, in one go."""
    member = _member(server, label)
    statement = Statement("role", (member.member_id, label, role, lead_label))
    names = server.names
    with server.transaction("changing a member's role") as cur:
        cur.execute(
            sql.SQL(
                "UPDATE {}.members SET role = %s, statement = %s, signature = %s "
                "WHERE member_id = %s AND NOT removed"
            ).format(sql.Identifier(names.schema)),
            [role, statement.encode(), statement.sign(lead, server.notebook_id), member.member_id],
        )
        follow(cur, names, member.member_id)


def follow(cur: psycopg.Cursor[TupleRow], names: schema.TeamNames, member_id: str) -> bool:
    """Put the member's database role where the members list (as this transaction left it)
    says: in their role's group, or, once removed, in none and unable to log in. Returns
    whether their login can still log in."""
    cur.execute(sql.SQL("SELECT {}.follow(%s)").format(sql.Identifier(names.schema)), [member_id])
    found = cur.fetchone()
    return bool(found and found[0])


def shut_out(server: TeamServer, member_id: str) -> bool:
    """Put a removed member's database role where the members list says again (a removal
    whose login could not be closed then, say); returns whether it still logs in."""
    with server.transaction("shutting a removed member out") as cur:
        return follow(cur, server.names, member_id)


def remove_member(server: TeamServer, lead: MemberKeys, *, lead_label: str, label: str) -> bool:
    """Mark a member removed, take their grants away and stop their role logging in; returns
    whether their login still logs in (a founding lead's login, which the council's DBA made,
    can be beyond the team's reach on PostgreSQL 16+: the DBA closes it).

    What they already hold stays theirs; rotate the key next (`rotate`) so that nothing
    written from now on opens with the key they kept.
    """
    member = _member(server, label)
    if member.db_role == _session_user(server):
        raise InvalidInput("a lead cannot remove themselves: ask another lead")
    statement = Statement("removal", (member.member_id, label, lead_label))
    names = server.names
    with server.transaction("removing a member") as cur:
        cur.execute(
            sql.SQL(
                "UPDATE {}.members SET removed = true, statement = %s, signature = %s "
                "WHERE member_id = %s"
            ).format(sql.Identifier(names.schema)),
            [statement.encode(), statement.sign(lead, server.notebook_id), member.member_id],
        )
        return follow(cur, names, member.member_id)


def rotate(
    server: TeamServer,
    lead: MemberKeys,
    *,
    generation: int,
    wrapped: Mapping[str, bytes],
    resealed: Sequence[SignedRow],
) -> dict[tuple[str, str], int]:
    """Put a new key generation in force: new wrapped keys and every row re-sealed, at once;
    returns the seq the server gave each re-sealed row.

    `resealed` holds every row's next revision, sealed under the new key and signed by this
    lead. One transaction; the server also checks at commit that no row and no member was
    left out. If anything fails (a colleague's write got in first, the connection drops) the
    old generation stays fully in force.
    """
    statement = Statement("generation", (generation, *sorted(wrapped)))
    s = sql.Identifier(server.names.schema)
    with server.transaction("changing the team's key") as cur:
        cur.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [server.names.lock_key])
        cur.execute(
            sql.SQL("UPDATE {}.key_generations SET current = false WHERE current").format(s)
        )
        cur.execute(
            sql.SQL(
                "INSERT INTO {}.key_generations (generation, current, statement, signature) "
                "VALUES (%s, true, %s, %s)"
            ).format(s),
            [generation, statement.encode(), statement.sign(lead, server.notebook_id)],
        )
        cur.executemany(
            sql.SQL("INSERT INTO {}.wrapped_keys VALUES (%s, %s, %s)").format(s),
            [(member_id, generation, blob) for member_id, blob in wrapped.items()],
        )
        taken = server.write_rows(cur, resealed)
        for row in resealed:
            if (row.kind, row.row_id) not in taken:
                raise RotationRefused(
                    f"{row.kind} {row.row_id} changed on the server meanwhile: pull, then "
                    "change the key again (the old key stays in force)"
                )
    return taken


def _member(server: TeamServer, label: str) -> Member:
    for member in server.members():
        if member.label == label and not member.removed:
            return member
    raise InvalidInput(f"no member labelled {label!r}")


def _session_user(server: TeamServer) -> str:
    with server.transaction("reading your membership") as cur:
        cur.execute("SELECT session_user")
        found = cur.fetchone()
    return "" if found is None else str(found[0])

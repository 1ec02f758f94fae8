"""A throwaway team notebook on a real PostgreSQL server, for the team server's tests.

`FIELDNOTES_TEST_POSTGRES_URL` names a superuser URL (as `.ci/run` exports it). Each test gets a
database and role names of its own under a unique prefix, because roles are cluster-wide and
parallel workers share the cluster; everything is dropped afterwards. Without the variable the
tests skip and say why.
"""

from __future__ import annotations

import os
import re
import secrets
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict, make_conninfo
from psycopg.rows import TupleRow

from fieldnotes.crypto.team import MemberKeys, Role, new_data_key
from fieldnotes.storage.team import (
    SignedRow,
    TeamServer,
    add_member,
    install,
    redeem,
    sign_row,
)
from fieldnotes.storage.team.rows import Clear, Kind

POSTGRES_URL_VARIABLE = "FIELDNOTES_TEST_POSTGRES_URL"
NOW = datetime.now(UTC)


@dataclass
class Colleague:
    """One member: their keys, their id, and their own connection as their own role."""

    label: str
    keys: MemberKeys
    member_id: str
    server: TeamServer
    conninfo: str

    def row(
        self,
        kind: Kind,
        row_id: str,
        *,
        revision: int = 1,
        generation: int = 1,
        sealed: bytes = b"sealed",
        clear: Clear | None = None,
        author: str | None = None,
    ) -> SignedRow:
        return sign_row(
            self.keys,
            self.server.notebook_id,
            kind=kind,
            row_id=row_id,
            revision=revision,
            generation=generation,
            author=author or self.member_id,
            signed_by=self.member_id,
            sealed=sealed,
            clear=clear if clear is not None else {"created_at": "2026-12-01T09:30:00Z"},
        )


@dataclass
class Team:
    superuser_url: str
    database: str
    prefix: str
    schema: str
    notebook_id: bytes
    data_key: bytes
    lead: Colleague
    opened: list[TeamServer] = field(default_factory=list)

    def url(self, user: str, password: str | None = None) -> str:
        params: dict[str, str] = {"dbname": self.database, "user": user}
        if password is not None:
            params["password"] = password
        return make_conninfo(self.superuser_url, **params)

    def superuser(self) -> psycopg.Connection[TupleRow]:
        return psycopg.connect(make_conninfo(self.superuser_url, dbname=self.database))

    def join(self, label: str, role: Role, *, by: Colleague | None = None) -> Colleague:
        """Invited by `by` (the founding lead unless said), and joined."""
        lead = by or self.lead
        invited = add_member(
            lead.server,
            lead.keys,
            lead_label=lead.label,
            label=label,
            role=role,
            expires_at=NOW + timedelta(days=7),
            server_address="postgresql://team.example/notebook",
            data_key=self.data_key,
        )
        invitation = invited.invitation
        keys = MemberKeys.generate()
        password = secrets.token_urlsafe(18)
        server = redeem(
            self.url(invitation.database_role, invitation.database_password),
            self.schema,
            invitation,
            keys,
            password,
        )
        self.opened.append(server)
        member = server.me()
        return Colleague(
            label, keys, member.member_id, server, self.url(invitation.database_role, password)
        )

    def reconnect(self, colleague: Colleague) -> TeamServer:
        server = TeamServer.open(colleague.conninfo, self.schema)
        self.opened.append(server)
        return server


def _teams_in(superuser_url: str, database: str) -> list[str]:
    """The team notebooks installed in the database (a replica's default name is not under
    the test's prefix, so its roles are found by the schema that holds its tables)."""
    try:
        with psycopg.connect(make_conninfo(superuser_url, dbname=database)) as conn:
            found = conn.execute("SELECT schemaname FROM pg_tables WHERE tablename = 'meta'")
            return [str(name) for (name,) in found.fetchall()]
    except psycopg.OperationalError:
        return []


def _drop_order(name: str) -> int:
    """Members' logins first, then the groups, the admin and owner roles, and the lead's
    login last: on PostgreSQL 16+ a role cannot go while grants it made are in force."""
    if re.search(r"_m[0-9a-f]{10}$", name):
        return 0
    if re.search(r"_(capture|coder|lead)$", name):
        return 1
    if re.search(r"_(admin|owner)$", name):
        return 2
    return 3


def _drop(superuser_url: str, database: str, prefix: str) -> None:
    teams = _teams_in(superuser_url, database)
    with psycopg.connect(superuser_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        roles = [
            str(name)
            for (name,) in admin.execute("SELECT rolname FROM pg_roles").fetchall()
            if str(name).startswith(prefix) or any(str(name).startswith(f"{t}_") for t in teams)
        ]
        for name in sorted(roles, key=_drop_order):
            admin.execute(f'DROP ROLE IF EXISTS "{name}"')


@pytest.fixture
def team() -> Iterator[Team]:
    superuser_url = os.environ.get(POSTGRES_URL_VARIABLE)
    if not superuser_url:
        pytest.skip(
            f"{POSTGRES_URL_VARIABLE} is not set: no PostgreSQL server to run the team "
            "server's tests against (.ci/run starts one)"
        )
    with team_on(superuser_url) as built:
        yield built


@contextmanager
def council_database(superuser_url: str, prefix: str) -> Iterator[str]:
    """What a council's DBA does once: a database (`PREFIXdb`) and a lead login allowed to
    make roles. Yields the lead's URL; the database and every role under `prefix` are
    dropped afterwards."""
    database = f"{prefix}db"
    lead_role = f"{prefix}lead"
    password = secrets.token_urlsafe(18)
    with psycopg.connect(superuser_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{database}"')
        admin.execute(f"CREATE ROLE \"{lead_role}\" LOGIN CREATEROLE PASSWORD '{password}'")
        admin.execute(f'GRANT CREATE ON DATABASE "{database}" TO "{lead_role}"')
    try:
        yield make_conninfo(superuser_url, dbname=database, user=lead_role, password=password)
    finally:
        _drop(superuser_url, database, prefix)


@contextmanager
def team_on(superuser_url: str) -> Iterator[Team]:
    """A new team notebook with one lead, on a database of its own; all dropped afterwards."""
    prefix = f"fnt{uuid.uuid4().hex[:12]}"
    opened: list[TeamServer] = []
    with council_database(superuser_url, prefix) as lead_url:
        try:
            keys = MemberKeys.generate()
            notebook_id = uuid.uuid4().bytes
            data_key = new_data_key()
            with psycopg.connect(lead_url) as conn:
                member_id = install(
                    conn,
                    prefix,
                    notebook_id=notebook_id,
                    founder=keys,
                    founder_label="Lead A",
                    data_key=data_key,
                )
            server = TeamServer.open(lead_url, prefix)
            opened.append(server)
            lead = Colleague("Lead A", keys, member_id, server, lead_url)
            yield Team(
                superuser_url, f"{prefix}db", prefix, prefix, notebook_id, data_key, lead, opened
            )
        finally:
            for server in opened:
                server.close()


def enforces_passwords(team: Team) -> bool:
    """Whether this server checks passwords for member roles (a `trust` cluster does not)."""
    host = conninfo_to_dict(team.superuser_url).get("host", "")
    if not host or str(host).startswith("/"):
        return False
    probe = f"{team.prefix}_probe"
    with psycopg.connect(team.superuser_url, autocommit=True) as admin:
        admin.execute(f"CREATE ROLE \"{probe}\" LOGIN PASSWORD 'the right one'")
    try:
        psycopg.connect(team.url(probe, "a wrong one")).close()
    except psycopg.OperationalError:
        return True
    finally:
        with psycopg.connect(team.superuser_url, autocommit=True) as admin:
            admin.execute(f'DROP ROLE "{probe}"')
    return False


def login_of(colleague: Colleague) -> str:
    return str(conninfo_to_dict(colleague.conninfo)["user"])


def groups_of(team: Team, colleague: Colleague) -> list[str]:
    """The team's roles (capture, coder, lead) whose rights the colleague's login has."""
    with team.superuser() as conn:
        found = conn.execute(
            "SELECT g FROM unnest(%s::text[]) g WHERE pg_has_role(%s, g, 'USAGE') ORDER BY g",
            [
                [f"{team.schema}_{role}" for role in ("capture", "coder", "lead")],
                login_of(colleague),
            ],
        ).fetchall()
    return [str(group).removeprefix(f"{team.schema}_") for (group,) in found]

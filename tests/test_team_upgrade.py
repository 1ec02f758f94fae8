"""A team's server schema is upgraded in place, a step per version, on a real PostgreSQL.

The old server is made by the statements version 1 was installed with (frozen in
`tests/team_schema_v1.py`), with members and rows on it, and then taken up by
`fieldnotes team upgrade`'s code: what it holds is kept, every role's rights come out as a
fresh server's, and a second upgrade changes nothing.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import psycopg
import pytest

from fieldnotes.__main__ import main
from fieldnotes.domain.model import NoteDraft
from fieldnotes.storage.team import (
    NotPermitted,
    OlderServer,
    TeamServer,
    TeamServerError,
    Upgraded,
    admin,
    change_role,
    remove_member,
    schema,
    upgrade,
)
from tests import team_schema_v1
from tests.conftest import TEST_PASSPHRASE
from tests.team_support import POSTGRES_URL_VARIABLE, Colleague, Team, groups_of, team, team_on
from tests.test_team_sync import Cluster, cluster

__all__ = ["cluster", "team"]


def _as_version_1(patched: pytest.MonkeyPatch) -> None:
    """Set up and invite as a version-1 fieldnotes did: its schema, and every database role
    made by the lead's own login."""
    patched.setattr(schema, "SCHEMA_VERSION", team_schema_v1.SCHEMA_VERSION)
    patched.setattr(schema, "install_sql", team_schema_v1.install_sql)
    patched.setattr(schema, "seat_sql", team_schema_v1.seat_sql)
    patched.setattr(admin, "make_login", team_schema_v1.make_login)


@pytest.fixture
def old_team(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Team, Colleague]]:
    """A team set up by a version-1 fieldnotes, with a capture member and a note each."""
    url = os.environ.get(POSTGRES_URL_VARIABLE)
    if not url:
        pytest.skip(f"{POSTGRES_URL_VARIABLE} is not set: no PostgreSQL server to test against")
    with monkeypatch.context() as patched:
        _as_version_1(patched)
        with team_on(url) as built:
            psw = built.join("PSW 1", "capture")
            psw.server.push([psw.row("note", "psw-note")])
            built.lead.server.push([built.lead.row("note", "lead-note")])
            # Version 1 refuses a capture member the codes of their own note.
            with pytest.raises(NotPermitted):
                psw.server.push([psw.row("link", "psw-note")])
            patched.undo()
            yield built, psw


def _held(team: Team) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    with team.superuser() as conn:
        rows = conn.execute(
            f'SELECT kind, row_id, revision, author, sealed, signature, seq FROM "{team.schema}"'
            ".rows ORDER BY kind, row_id"
        ).fetchall()
        members = conn.execute(
            f'SELECT member_id, label, role, db_role, statement, signature, removed FROM "'
            f'{team.schema}".members ORDER BY label'
        ).fetchall()
    return rows, members


def _version(team: Team) -> int:
    with team.superuser() as conn:
        found = conn.execute(f'SELECT schema_version FROM "{team.schema}".meta').fetchone()
    assert found is not None
    return int(found[0])


def _rights(team: Team) -> dict[str, list[tuple[str, ...]]]:
    """Every function, policy, trigger and grant of the team's schema, its names made
    alike (each team has its own schema and role names)."""
    name = team.schema

    def alike(value: object) -> str:
        return str(value).replace(name, "TEAM")

    with team.superuser() as conn:
        functions = conn.execute(
            "SELECT p.proname, p.prosrc, p.prosecdef, p.proconfig, p.proacl, p.provolatile "
            "FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = %s",
            [name],
        ).fetchall()
        policies = conn.execute(
            "SELECT tablename, policyname, permissive, roles, cmd, qual, with_check "
            "FROM pg_policies WHERE schemaname = %s",
            [name],
        ).fetchall()
        triggers = conn.execute(
            "SELECT c.relname, t.tgname, t.tgtype, p.proname, t.tgdeferrable "
            "FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_proc p ON p.oid = t.tgfoid "
            "WHERE n.nspname = %s AND NOT t.tgisinternal",
            [name],
        ).fetchall()
        grants = conn.execute(
            "SELECT grantee, table_name, privilege_type FROM information_schema.role_table_grants "
            "WHERE table_schema = %s",
            [name],
        ).fetchall()
        # Who has the owner's or the admin role's rights, or may SET ROLE to it. The ADMIN
        # alone that PostgreSQL 16+ gives a role's creator conveys neither (docs/team.md says
        # what it lets the founding lead's login do); 15 has no such options.
        conveyed = (
            "SELECT r.rolname, m.rolname FROM pg_auth_members a "
            "JOIN pg_roles r ON r.oid = a.roleid JOIN pg_roles m ON m.oid = a.member "
            "WHERE r.rolname = ANY (%s) "
            "AND (coalesce((to_jsonb(a) ->> 'inherit_option')::boolean, true) "
            "OR coalesce((to_jsonb(a) ->> 'set_option')::boolean, true))"
        )
        owner_members = conn.execute(conveyed, [[f"{name}_owner", f"{name}_admin"]]).fetchall()
    return {
        "functions": sorted(
            (
                alike(f[0]),
                alike(f[1]),
                alike(f[2]),
                alike(f[3]),
                # An access list's order is the order grants were made in.
                alike(sorted(str(f[4]).strip("{}").split(","))),
                alike(f[5]),
            )
            for f in functions
        ),
        "policies": sorted(tuple(alike(cell) for cell in p) for p in policies),
        "triggers": sorted(tuple(alike(cell) for cell in t) for t in triggers),
        "grants": sorted(tuple(alike(cell) for cell in g) for g in grants),
        "owner members": sorted(tuple(alike(cell) for cell in m) for m in owner_members),
    }


def test_an_old_server_is_upgraded_in_place_keeping_rows_and_members(
    old_team: tuple[Team, Colleague], team: Team
) -> None:
    old, psw = old_team
    before = _held(old)
    # A client meeting the old server says what to run, and sends nothing.
    with pytest.raises(OlderServer, match="fieldnotes team upgrade"):
        TeamServer.open(psw.conninfo, old.schema)
    # A capture member cannot take the owner role: refused, nothing changed.
    with psycopg.connect(psw.conninfo) as conn, pytest.raises(NotPermitted, match="owner role"):
        upgrade(conn, old.schema)
    assert _version(old) == 1
    with psycopg.connect(old.lead.conninfo) as conn:
        assert upgrade(conn, old.schema) == Upgraded(1, schema.SCHEMA_VERSION)
    assert _version(old) == schema.SCHEMA_VERSION
    assert _held(old) == before
    # Every role's rights are a fresh server's, and the lead keeps neither the owner role
    # nor the admin role.
    assert _rights(old) == _rights(team)
    assert _rights(old)["owner members"] == []
    # Twice is a no-op.
    with psycopg.connect(old.lead.conninfo) as conn:
        assert upgrade(conn, old.schema) == Upgraded(schema.SCHEMA_VERSION, schema.SCHEMA_VERSION)
    assert _held(old) == before
    # What the new versions allow now works on the upgraded server.
    server = old.reconnect(psw)
    assert server.push([psw.row("link", "psw-note")]).accepted
    # A member promoted to lead changes the founder's role and removes a member, with no
    # CREATEROLE: the memberships the founder's login granted were made the admin role's.
    change_role(old.lead.server, old.lead.keys, lead_label="Lead A", label="PSW 1", role="lead")
    promoted = Colleague(psw.label, psw.keys, psw.member_id, old.reconnect(psw), psw.conninfo)
    change_role(promoted.server, promoted.keys, lead_label="PSW 1", label="Lead A", role="coder")
    assert groups_of(old, old.lead) == ["coder"]
    newcomer = old.join("PL 2", "capture", by=promoted)
    assert not remove_member(promoted.server, promoted.keys, lead_label="PSW 1", label="PL 2")
    assert groups_of(old, newcomer) == []
    # A login made before the upgrade is closed on its removal: the admin role holds it too.
    change_role(promoted.server, promoted.keys, lead_label="PSW 1", label="Lead A", role="lead")
    lead = old.reconnect(old.lead)
    assert not remove_member(lead, old.lead.keys, lead_label="Lead A", label="PSW 1")
    assert groups_of(old, psw) == []


def test_the_dba_may_upgrade_and_a_newer_server_is_refused(
    old_team: tuple[Team, Colleague],
) -> None:
    old, _psw = old_team
    with old.superuser() as conn:
        assert upgrade(conn, old.schema) == Upgraded(1, schema.SCHEMA_VERSION)
    assert _rights(old)["owner members"] == []
    with old.superuser() as conn:
        conn.execute(f'UPDATE "{old.schema}".meta SET schema_version = %s', [99])
    with pytest.raises(TeamServerError, match="update fieldnotes"):
        old.reconnect(old.lead)
    with (
        psycopg.connect(old.lead.conninfo) as conn,
        pytest.raises(TeamServerError, match="update fieldnotes"),
    ):
        upgrade(conn, old.schema)


def test_a_replica_meeting_an_old_server_says_to_upgrade_and_the_lead_does(
    cluster: Cluster,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    lead = cluster.lead()
    with monkeypatch.context() as patched:
        _as_version_1(patched)
        lead.team_create(cluster.lead_url, "Lead A", name=cluster.prefix)
    lead.add_note(NoteDraft(mode="observe", team="Northfield", description="Waits."))
    path = lead.path
    lead.close()
    monkeypatch.setenv("FIELDNOTES_PASSPHRASE", TEST_PASSPHRASE)

    def run(*words: str) -> tuple[int, str, str]:
        capsys.readouterr()
        code = main(["--notebook", str(path), *words])
        seen = capsys.readouterr()
        return code, seen.out, seen.err

    # Nothing is sent to the old server: the note waits, and sync says what to run.
    code, out, err = run("sync")
    assert code == 1 and "fieldnotes team upgrade" in out + err
    assert "1 change" in run("team", "status")[1]
    code, out, _err = run("team", "upgrade")
    assert code == 0 and "was at version 1; it is now at version 4" in out
    code, out, _err = run("team", "upgrade")
    assert code == 0 and "at version 4 already: nothing to do" in out
    code, out, err = run("sync")
    assert code == 0, out + err

"""A member promoted to lead manages the team's members on the server with no CREATEROLE of
their own, and a lead demoted or removed loses that at once. `.ci/run` runs this file against
PostgreSQL 15 and 16+, whose rules for CREATEROLE differ (16 lets it change only the roles it
holds ADMIN on); skips, saying why, without `FIELDNOTES_TEST_POSTGRES_URL`.
"""

from __future__ import annotations

from dataclasses import replace

import psycopg
import pytest
from psycopg import sql

from fieldnotes.storage.team import (
    NotAMember,
    NotPermitted,
    TeamServer,
    change_role,
    remove_member,
)
from fieldnotes.storage.team import membership as ms
from tests.team_support import Colleague, Team, groups_of, login_of, team
from tests.test_team_members import join_by_invitation, link_of

__all__ = ["team"]


def _login_state(team: Team, colleague: Colleague) -> tuple[bool, bool]:
    """Whether the colleague's login may log in, and whether it has CREATEROLE."""
    with team.superuser() as conn:
        found = conn.execute(
            "SELECT rolcanlogin, rolcreaterole FROM pg_roles WHERE rolname = %s",
            [login_of(colleague)],
        ).fetchone()
    assert found is not None
    return bool(found[0]), bool(found[1])


def _promoted(team: Team, label: str) -> Colleague:
    """A coder the founding lead makes a lead; their login is as joining made it."""
    member = team.join(label, "coder")
    change_role(team.lead.server, team.lead.keys, lead_label="Lead A", label=label, role="lead")
    return member


def test_a_promoted_lead_invites_changes_roles_and_removes(team: Team) -> None:
    lead = _promoted(team, "PL 2")
    assert _login_state(team, lead) == (True, False)
    psw = team.join("PSW 1", "capture", by=lead)
    assert psw.server.push([psw.row("note", "psw-note")]).accepted
    assert groups_of(team, psw) == ["capture"]
    change_role(lead.server, lead.keys, lead_label="PL 2", label="PSW 1", role="coder")
    assert groups_of(team, psw) == ["coder"]
    assert psw.server.push([psw.row("memo", "psw-memo")]).accepted
    # The founding lead's login was made by the DBA, not the team: a promoted lead moves it.
    change_role(lead.server, lead.keys, lead_label="PL 2", label="Lead A", role="coder")
    assert groups_of(team, team.lead) == ["coder"]
    assert not remove_member(lead.server, lead.keys, lead_label="PL 2", label="PSW 1")
    assert groups_of(team, psw) == []
    assert _login_state(team, psw) == (False, False)
    with pytest.raises(NotAMember):
        psw.server.push([psw.row("note", "after")])


def test_a_promoted_lead_removes_a_member_and_changes_the_key(team: Team) -> None:
    founder = link_of(team, team.lead)
    coder, _ = join_by_invitation(team, founder, "PL 2", "coder")
    with ms.connected(founder) as server:
        ms.set_role(founder, server, "PL 2", "lead")
    lead = replace(coder, role="lead")
    psw, _ = join_by_invitation(team, lead, "PSW 1", "capture")
    with ms.connected(lead) as server:
        removal = ms.remove(lead, server, "PSW 1")
        assert removal.generation == 2 and not removal.login_kept
        rows = server.pull(0).rows
    assert {row.generation for row in rows} <= {2}
    with ms.connected(founder) as server:
        assert server.wrapped_key(2)
    with pytest.raises(NotPermitted, match="refused your login"):
        TeamServer.open(psw.conninfo, team.schema)


def test_a_demoted_lead_can_no_longer_invite_change_roles_or_remove(team: Team) -> None:
    lead = _promoted(team, "PL 2")
    psw = team.join("PSW 1", "capture", by=lead)
    change_role(team.lead.server, team.lead.keys, lead_label="Lead A", label="PL 2", role="coder")
    assert groups_of(team, lead) == ["coder"]
    with pytest.raises(NotPermitted):
        team.join("PSW 2", "capture", by=lead)
    with pytest.raises(NotPermitted):
        change_role(lead.server, lead.keys, lead_label="PL 2", label="PSW 1", role="lead")
    with pytest.raises(NotPermitted):
        remove_member(lead.server, lead.keys, lead_label="PL 2", label="PSW 1")
    # Past the app, in plain SQL: the admin role's functions are a lead's only.
    with psycopg.connect(lead.conninfo) as conn:
        _refused_plain_sql(team, conn)
    assert groups_of(team, psw) == ["capture"] and _login_state(team, psw) == (True, False)


def test_a_removed_lead_loses_their_login_and_every_power(team: Team) -> None:
    lead = _promoted(team, "PL 2")
    psw = team.join("PSW 1", "capture", by=lead)
    assert not remove_member(team.lead.server, team.lead.keys, lead_label="Lead A", label="PL 2")
    assert groups_of(team, lead) == [] and _login_state(team, lead) == (False, False)
    # Their connection, still open from before, can do nothing with members either.
    with pytest.raises(NotPermitted):
        team.join("PSW 2", "capture", by=lead)
    with pytest.raises(NotPermitted):
        change_role(lead.server, lead.keys, lead_label="PL 2", label="PSW 1", role="lead")
    _refused_plain_sql(team, lead.server.connection)
    assert groups_of(team, psw) == ["capture"]


def test_a_lead_can_take_neither_the_owner_nor_the_admin_role(team: Team) -> None:
    lead = _promoted(team, "PL 2")
    for role in (f"{team.schema}_owner", f"{team.schema}_admin"):
        for statement in ("GRANT {} TO CURRENT_USER", "SET ROLE {}"):
            with psycopg.connect(lead.conninfo) as conn, pytest.raises(psycopg.Error):
                conn.execute(sql.SQL(statement).format(sql.Identifier(role)))
    # The admin role's functions make only the login an open invitation names, in its group.
    with psycopg.connect(lead.conninfo) as conn, pytest.raises(psycopg.Error, match="invitation"):
        conn.execute(
            sql.SQL("SELECT {}.make_login(%s, %s)").format(sql.Identifier(team.schema)),
            [f"{team.schema}_m0123456789", "SCRAM-SHA-256$4096:c2FsdA==$a:b"],
        )


def _refused_plain_sql(team: Team, conn: psycopg.Connection[tuple[object, ...]]) -> None:
    s = sql.Identifier(team.schema)
    for call, args in (
        (sql.SQL("SELECT {}.make_login(%s, %s)").format(s), [f"{team.schema}_m0123456789", "x"]),
        (sql.SQL("SELECT {}.follow(%s)").format(s), [team.lead.member_id]),
    ):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(call, args)
        conn.rollback()


def test_once_the_dba_takes_back_what_set_the_team_up_the_founder_still_leads(
    team: Team,
) -> None:
    """docs/team.md's DBA step after `team create`: no CREATEROLE, and (16+) no hold on the
    roles the founder's login made; it still invites, changes roles and removes as a lead."""
    founder = login_of(team.lead)
    with psycopg.connect(team.superuser_url, autocommit=True) as dba:
        dba.execute(sql.SQL("ALTER ROLE {} NOCREATEROLE").format(sql.Identifier(founder)))
        for role in (f"{team.schema}_owner", f"{team.schema}_admin"):
            if dba.execute("SELECT pg_has_role(%s, %s, 'MEMBER')", [founder, role]).fetchone() == (
                True,
            ):
                dba.execute(
                    sql.SQL("REVOKE {} FROM {}").format(
                        sql.Identifier(role), sql.Identifier(founder)
                    )
                )
    psw = team.join("PSW 1", "coder")
    change_role(team.lead.server, team.lead.keys, lead_label="Lead A", label="PSW 1", role="lead")
    assert groups_of(team, psw) == ["lead"]
    assert not remove_member(team.lead.server, team.lead.keys, lead_label="Lead A", label="PSW 1")
    for role in (f"{team.schema}_owner", f"{team.schema}_admin"):
        with psycopg.connect(team.lead.conninfo) as conn, pytest.raises(psycopg.Error):
            conn.execute(sql.SQL("GRANT {} TO CURRENT_USER").format(sql.Identifier(role)))


def test_removing_the_founding_lead_takes_their_team_role_and_says_if_they_still_log_in(
    team: Team,
) -> None:
    """The founding lead's login is the DBA's: 15 lets the team's admin role close it, 16+
    does not (only a role holding ADMIN on it may), and the removal says which it was."""
    lead = _promoted(team, "PL 2")
    kept = remove_member(lead.server, lead.keys, lead_label="PL 2", label="Lead A")
    assert groups_of(team, team.lead) == []
    with team.superuser() as conn:
        version = conn.info.server_version
    assert kept == (version >= 160000)
    assert _login_state(team, team.lead)[0] == kept
    with pytest.raises(NotPermitted):
        team.join("PSW 1", "capture")

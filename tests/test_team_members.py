"""A team's members from a replica, against a real PostgreSQL (`FIELDNOTES_TEST_POSTGRES_URL`):
invite → join → members; a role change; removal → key rotation → the removed member can
neither push nor open what is written after; an invitation used twice or tampered with; the
connection cut in the middle of a rotation leaves the old key generation fully in force.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest

from fieldnotes.crypto.kdf import FLOOR_KDF
from fieldnotes.crypto.team import InvitationRefused, MemberKeys, open_invitation
from fieldnotes.domain.team import TeamRole
from fieldnotes.errors import DamagedData, FieldnotesError, InvalidInput
from fieldnotes.notebook import Notebook
from fieldnotes.notebook.events import NotebookChange, TeamChanged
from fieldnotes.notebook.members import new_invitation_passphrase
from fieldnotes.storage.team import TeamServer, redeem
from fieldnotes.storage.team import membership as ms
from fieldnotes.storage.team.errors import (
    InvitationUsed,
    NotPermitted,
    ServerUnavailable,
    TeamServerError,
)
from fieldnotes.storage.team.replica import TeamLink, open_team_row, seal_team_row
from fieldnotes.storage.team.rows import Kind, SignedRow
from tests.team_support import Colleague, Team, team  # noqa: F401 (the fixture)
from tests.test_team_sync import Cluster, _note
from tests.test_team_sync import cluster as cluster  # the fixture

PASSPHRASE = "correct horse battery staple"


def link_of(t: Team, colleague: Colleague, role: TeamRole = "lead") -> TeamLink:
    """What a replica keeps for `colleague`: as T1's `team create` / `team join` save it."""
    return TeamLink(
        conninfo=colleague.conninfo,
        server="127.0.0.1/test",
        schema=t.schema,
        member_id=colleague.member_id,
        label=colleague.label,
        role=role,
        keys=colleague.keys,
        data_keys={1: t.data_key},
        generation=1,
        position=0,
        notebook_id=t.notebook_id,
        anchor=t.lead.keys.public,
    )


def push(link: TeamLink, server: TeamServer, kind: Kind, row_id: str, text: str) -> SignedRow:
    row = seal_team_row(
        link,
        kind,
        row_id,
        1,
        link.member_id,
        {"text": text},
        {"created_at": "2026-12-01T09:30:00Z"},
    )
    result = server.push([row])
    assert not result.conflicts
    return result.accepted[0]


def join_by_invitation(
    t: Team, lead: TeamLink, label: str, role: TeamRole
) -> tuple[TeamLink, bytes]:
    """A lead invites; the newcomer opens the sealed file and redeems it, as `team join` does."""
    passphrase = new_invitation_passphrase()
    with ms.connected(lead) as server:
        sealed = ms.invite(lead, server, label=label, role=role, passphrase=passphrase)
    invitation = open_invitation(sealed, passphrase, now=datetime.now(UTC))
    keys = MemberKeys.generate()
    password = secrets.token_urlsafe(18)
    conninfo = psycopg.conninfo.make_conninfo(
        invitation.server, user=invitation.database_role, password=invitation.database_password
    )
    server = redeem(conninfo, t.schema, invitation, keys, password)
    me = server.me()
    server.close()
    own = psycopg.conninfo.make_conninfo(
        invitation.server, user=invitation.database_role, password=password
    )
    link = TeamLink(
        conninfo=own,
        server="127.0.0.1/test",
        schema=t.schema,
        member_id=me.member_id,
        label=label,
        role=role,
        keys=keys,
        data_keys={invitation.generation: invitation.data_key},
        generation=invitation.generation,
        position=0,
        notebook_id=invitation.notebook_id,
        anchor=invitation.lead,
    )
    return link, sealed


@pytest.fixture
def lead_link(team: Team) -> TeamLink:  # noqa: F811 (the fixture above)
    return link_of(team, team.lead)


# ------------------------------------------------------------------ invite, join, list


def test_invite_then_join_then_members_lists_everyone_verified(
    team: Team,  # noqa: F811
    lead_link: TeamLink,
) -> None:
    psw, _ = join_by_invitation(team, lead_link, "PSW 1", "capture")
    with ms.connected(psw) as server:
        seen = ms.members(psw, server)
    assert [(m.label, m.role, m.is_me, m.verified) for m in seen] == [
        ("Lead A", "lead", False, True),
        ("PSW 1", "capture", True, True),
    ]
    assert seen[0].fingerprint == team.lead.keys.public.fingerprint
    assert seen[1].fingerprint == psw.keys.public.fingerprint
    # The newcomer's replica can open what the lead writes, and the lead theirs.
    with ms.connected(lead_link) as server:
        row = push(lead_link, server, "note", "n-lead", "written by the lead")
    assert open_team_row(psw, row) == {"text": "written by the lead"}


def test_only_a_lead_invites_changes_roles_or_removes(
    team: Team,  # noqa: F811
    lead_link: TeamLink,
) -> None:
    psw, _ = join_by_invitation(team, lead_link, "PSW 1", "capture")
    with ms.connected(psw) as server:
        with pytest.raises(NotPermitted, match="only a lead"):
            ms.invite(psw, server, label="X", role="lead", passphrase="a" * 20)
        with pytest.raises(NotPermitted, match="only a lead"):
            ms.set_role(psw, server, "PSW 1", "lead")
        with pytest.raises(NotPermitted, match="only a lead"):
            ms.remove(psw, server, "Lead A")
        # And the server agrees, whatever a modified client would say of itself.
        with pytest.raises(NotPermitted):
            ms.set_role(replace(psw, role="lead"), server, "PSW 1", "lead")
    with ms.connected(lead_link) as server:
        assert [m.role for m in ms.members(lead_link, server)] == ["lead", "capture"]


def test_an_invitation_used_twice_or_tampered_with_is_refused(
    team: Team,  # noqa: F811
    lead_link: TeamLink,
) -> None:
    passphrase = new_invitation_passphrase()
    with ms.connected(lead_link) as server:
        sealed = ms.invite(lead_link, server, label="PL 2", role="coder", passphrase=passphrase)
    invitation = open_invitation(sealed, passphrase, now=datetime.now(UTC))
    login = psycopg.conninfo.make_conninfo(
        invitation.server, user=invitation.database_role, password=invitation.database_password
    )
    first = redeem(
        login,
        team.schema,
        invitation,
        MemberKeys.generate(),
        secrets.token_urlsafe(18),
    )
    first.close()
    # The second use: with the one-time password gone the login itself may be refused (a
    # password-checking server), or the server refuses the used invitation.
    with pytest.raises((InvitationUsed, NotPermitted)):
        redeem(
            login,
            team.schema,
            invitation,
            MemberKeys.generate(),
            secrets.token_urlsafe(18),
        ).close()
    text = bytearray(sealed)
    middle = len(text) // 2
    text[middle] = ord("A") if text[middle] != ord("A") else ord("B")
    with pytest.raises(InvitationRefused):
        open_invitation(bytes(text), passphrase, now=datetime.now(UTC))
    with pytest.raises(InvitationRefused):
        open_invitation(sealed, "not the passphrase at all", now=datetime.now(UTC))
    with ms.connected(lead_link) as server:
        assert [m.label for m in ms.members(lead_link, server)] == ["Lead A", "PL 2"]


# ------------------------------------------------------------------ roles


def test_a_role_change_reaches_the_server_and_the_last_lead_stays(
    team: Team,  # noqa: F811
    lead_link: TeamLink,
) -> None:
    coder, _ = join_by_invitation(team, lead_link, "PL 2", "coder")
    with ms.connected(lead_link) as server:
        with pytest.raises(InvalidInput, match="needs a lead"):
            ms.set_role(lead_link, server, "Lead A", "coder")
        with pytest.raises(InvalidInput, match="no verified member"):
            ms.set_role(lead_link, server, "Nobody", "lead")
        assert ms.set_role(lead_link, server, "PL 2", "lead") == lead_link
    with ms.connected(coder) as server:
        seen = {m.label: (m.role, m.verified) for m in ms.members(coder, server)}
    assert seen == {"Lead A": ("lead", True), "PL 2": ("lead", True)}
    # With another lead in the team, Lead A may step down; their replica learns it.
    with ms.connected(lead_link) as server:
        stepped_down = ms.set_role(lead_link, server, "Lead A", "coder")
        assert stepped_down.role == "coder"
        assert {m.label: m.role for m in ms.members(lead_link, server)} == {
            "Lead A": "coder",
            "PL 2": "lead",
        }
        with pytest.raises(NotPermitted, match="only a lead"):
            ms.set_role(stepped_down, server, "Lead A", "lead")


# ------------------------------------------------------------------ removal and rotation


def test_removal_rotates_the_key_and_the_removed_member_is_shut_out(
    team: Team,  # noqa: F811
    lead_link: TeamLink,
) -> None:
    psw, _ = join_by_invitation(team, lead_link, "PSW 1", "capture")
    coder, _ = join_by_invitation(team, lead_link, "PL 2", "coder")
    with ms.connected(psw) as server:
        before = push(psw, server, "note", "n-psw", "what the PSW saw")
    with ms.connected(lead_link) as server:
        push(lead_link, server, "obstacle", "o-1", "forms that do not fit")
        removal = ms.remove(lead_link, server, "PSW 1")
        assert removal.generation == 2 and removal.resealed == 2
        # Every row on the server is now sealed under generation 2, re-signed by the lead.
        rows = server.pull(0).rows
        assert {r.generation for r in rows} == {2}
        assert {r.signed_by for r in rows} == {lead_link.member_id}
        assert {r.author for r in rows} == {psw.member_id, lead_link.member_id}
        after = push(removal.link, server, "note", "n-after", "written after the removal")
        with pytest.raises(InvalidInput, match="cannot remove themselves"):
            ms.remove(removal.link, server, "Lead A")
    # A member who stays accepts every re-sealed row: each is signed by a lead.
    with ms.connected(coder) as server:
        pulled = server.pull(0)
    assert not pulled.refused and len(pulled.rows) == 3
    # The removed member keeps what they had: their own note still opens for them.
    assert open_team_row(psw, before) == {"text": "what the PSW saw"}
    # But nothing written after the rotation opens with the keys they hold…
    with pytest.raises(DamagedData, match="not given"):
        open_team_row(psw, after)
    # …they cannot log in or fetch the new key (their role lost LOGIN and its grants)…
    with pytest.raises(TeamServerError):
        TeamServer.open(psw.conninfo, team.schema).wrapped_key(2)


def test_a_removed_member_s_open_connection_cannot_push(
    team: Team,  # noqa: F811
    lead_link: TeamLink,
) -> None:
    psw, _ = join_by_invitation(team, lead_link, "PSW 1", "capture")
    psw_server = TeamServer.open(psw.conninfo, team.schema)
    team.opened.append(psw_server)
    with ms.connected(lead_link) as server:
        ms.remove(lead_link, server, "PSW 1")
    row = seal_team_row(
        psw, "note", "n-late", 1, psw.member_id, {"text": "too late"}, {"created_at": "x"}
    )
    with pytest.raises(NotPermitted) as refused:
        psw_server.push([row])
    assert "not a member" in str(refused.value) or "refused" in str(refused.value)
    with ms.connected(lead_link) as server:
        assert all(r.row_id != "n-late" for r in server.pull(0).rows)


def test_the_remaining_members_get_the_new_key(
    team: Team,  # noqa: F811
    lead_link: TeamLink,
) -> None:
    coder, _ = join_by_invitation(team, lead_link, "PL 2", "coder")
    join_by_invitation(team, lead_link, "PSW 1", "capture")
    with ms.connected(lead_link) as server:
        removal = ms.remove(lead_link, server, "PSW 1")
        after = push(removal.link, server, "memo", "m-1", "for the coder")
    with ms.connected(coder) as server:
        key = coder.keys.unwrap(server.wrapped_key(2))
    moved_on = replace(coder, data_keys={**coder.data_keys, 2: key}, generation=2)
    assert open_team_row(moved_on, after) == {"text": "for the coder"}


def test_the_connection_cut_mid_rotation_leaves_the_old_generation_in_force(
    team: Team,  # noqa: F811
    lead_link: TeamLink,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    coder, _ = join_by_invitation(team, lead_link, "PL 2", "coder")
    join_by_invitation(team, lead_link, "PSW 1", "capture")
    with ms.connected(coder) as server:
        push(coder, server, "memo", "m-1", "before the rotation")
    real_write_rows = TeamServer.write_rows

    def cut_off(self: TeamServer, cursor: psycopg.Cursor[object], rows: object) -> object:
        # Inside the rotation's transaction, after the new generation and wrapped keys went
        # in: the server ends this backend, as a dropped network would.
        pid = self.connection.info.backend_pid
        with team.superuser() as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", [pid])
        return real_write_rows(self, cursor, rows)  # type: ignore[arg-type]  # (as called)

    monkeypatch.setattr(TeamServer, "write_rows", cut_off)
    with ms.connected(lead_link) as server, pytest.raises((ServerUnavailable, TeamServerError)):
        ms.remove(lead_link, server, "PSW 1")
    monkeypatch.setattr(TeamServer, "write_rows", real_write_rows)
    with ms.connected(lead_link) as server:
        assert server.current_generation() == 1
        assert {r.generation for r in server.pull(0).rows} == {1}
        # The old key is fully in force: a colleague still writes under it…
    with ms.connected(coder) as server:
        push(coder, server, "memo", "m-2", "still generation 1")
    # …and asking again for the member already removed finishes the key change.
    with ms.connected(lead_link) as server:
        removal = ms.remove(lead_link, server, "PSW 1")
        assert removal.already_removed and removal.generation == 2
        assert {r.generation for r in server.pull(0).rows} == {2}


# ------------------------------------------------------------------ the façade


@pytest.fixture
def lead_notebook(
    team: Team,  # noqa: F811
    lead_link: TeamLink,
    tmp_path: Path,
) -> Iterator[Notebook]:
    notebook = Notebook.create(tmp_path / "lead.fieldnotes", PASSPHRASE, kdf=FLOOR_KDF)
    notebook._store.save_team_link(lead_link)
    yield notebook
    notebook.close()


def test_the_facade_lists_invites_changes_and_removes_and_says_so(
    team: Team,  # noqa: F811
    lead_notebook: Notebook,
    lead_link: TeamLink,
) -> None:
    heard: list[NotebookChange] = []
    lead_notebook.watch(heard.append)
    passphrase = new_invitation_passphrase()
    sealed = lead_notebook.invite("PSW 1", "capture", passphrase)
    assert open_invitation(sealed, passphrase, now=datetime.now(UTC)).grant.label == "PSW 1"
    join_by_invitation(team, lead_link, "PL 2", "coder")
    assert [(m.label, m.is_me) for m in lead_notebook.team_members()] == [
        ("Lead A", True),
        ("PL 2", False),
    ]
    lead_notebook.set_member_role("PL 2", "capture")
    assert lead_notebook.remove_member("PL 2") == 0
    link = lead_notebook._store.team_link()
    assert link is not None and link.generation == 2 and set(link.data_keys) == {1, 2}
    assert {type(change) for change in heard} == {TeamChanged} and len(heard) >= 3
    shown = lead_notebook.team_members()
    assert [(m.label, m.removed) for m in shown] == [("Lead A", False), ("PL 2", True)]
    with pytest.raises(FieldnotesError, match=r"needs a lead|cannot remove themselves"):
        lead_notebook.remove_member("Lead A")


def test_a_personal_notebook_has_no_members_to_change(tmp_path: Path) -> None:
    notebook = Notebook.create(tmp_path / "mine.fieldnotes", PASSPHRASE, kdf=FLOOR_KDF)
    try:
        with pytest.raises(InvalidInput, match="not a team notebook"):
            notebook.team_members()
        with pytest.raises(InvalidInput, match="not a team notebook"):
            notebook.remove_member("PSW 1")
    finally:
        notebook.close()


# ------------------------------------------------------------------ the command line


@pytest.fixture
def lead_file(
    team: Team,  # noqa: F811
    lead_link: TeamLink,
    tmp_path: Path,
) -> list[str]:
    """A lead's replica as a file, and the options that open it."""
    path = tmp_path / "lead.fieldnotes"
    notebook = Notebook.create(path, PASSPHRASE, kdf=FLOOR_KDF)
    notebook._store.save_team_link(lead_link)
    notebook.close()
    phrase = tmp_path / "phrase"
    phrase.write_text(PASSPHRASE + "\n")
    return ["--notebook", str(path), "--passphrase-file", str(phrase)]


def test_team_invite_members_role_and_remove_on_the_command_line(
    team: Team,  # noqa: F811
    lead_link: TeamLink,
    lead_file: list[str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from fieldnotes.__main__ import main

    output = tmp_path / "pl2.invitation"
    assert (
        main(["team", "invite", "PL 2", "--role", "coder", "--output", str(output), *lead_file])
        == 0
    )
    said = capsys.readouterr().out
    passphrase = said.split("Its passphrase (shown only now): ", 1)[1].split()[0]
    assert "one way and the passphrase another" in said
    assert oct(output.stat().st_mode & 0o777) == "0o600"
    assert open_invitation(output.read_bytes(), passphrase, now=datetime.now(UTC)).grant.role == (
        "coder"
    )
    # Never over an existing file.
    assert (
        main(["team", "invite", "PL 3", "--role", "coder", "--output", str(output), *lead_file])
        != 0
    )
    assert "already exists" in capsys.readouterr().err

    join_by_invitation(team, lead_link, "PSW 1", "capture")
    assert main(["team", "members", "--json", *lead_file]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(m["label"], m["role"], m["you"], m["verified"]) for m in listed["members"]] == [
        ("Lead A", "lead", True, True),
        ("PSW 1", "capture", False, True),
    ]
    assert listed["members"][0]["fingerprint"] == team.lead.keys.public.fingerprint

    assert main(["team", "role", "PSW 1", "coder", *lead_file]) == 0
    assert "PSW 1 is now coder." in capsys.readouterr().out
    assert main(["team", "remove", "PSW 1", "--yes", *lead_file]) == 0
    said = capsys.readouterr().out
    assert "changed the team's key" in said and "keep their replica" in said
    assert main(["team", "members", *lead_file]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Lead A (you)") and lines[1].rstrip().endswith("removed")


def test_team_remove_without_a_terminal_needs_yes(
    lead_file: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    from fieldnotes.__main__ import main

    assert main(["team", "remove", "PSW 1", *lead_file]) != 0
    assert "--yes" in capsys.readouterr().err


# ------------------------------------------------------------------ three replicas


def test_three_replicas_a_removal_and_the_rest_of_the_team_carries_on(
    cluster: Cluster,
) -> None:
    """The lead removes the coder from the façade; the capture member's replica takes the new
    key and carries on; the coder's replica is shut out of what comes next."""
    lead = cluster.lead()
    lead.team_create(cluster.lead_url, "Lead A")
    psw = cluster.join(lead, "PSW 1", "capture")
    coder = cluster.join(lead, "PL 2", "coder")
    before = psw.add_note(_note("seen before the removal")).id
    assert psw.sync().online
    assert coder.sync().online
    assert lead.sync().online

    resealed = lead.remove_member("PL 2")
    assert resealed >= 1
    assert lead.sync_state().waiting == 0
    after = lead.add_note(_note("written after the removal")).id
    lead.sync()

    report = psw.sync()
    assert report.online and not report.refused, report
    assert psw.note(before).description == "seen before the removal"
    assert psw.note(after).description == "written after the removal"
    later = psw.add_note(_note("the capture member carries on")).id
    assert psw.sync().online and psw.sync_state().waiting == 0
    lead.sync()
    assert lead.note(later).description == "the capture member carries on"

    # The removed coder keeps their replica as it was, and nothing written since reaches it.
    shut_out = coder.sync()
    assert not shut_out.online or shut_out.problem
    assert coder.note(before).description == "seen before the removal"
    assert after not in {note.id for note in coder.notes()}
    assert [m.label for m in lead.team_members() if m.removed] == ["PL 2"]

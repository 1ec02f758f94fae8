"""The team notebook's server, on a real PostgreSQL: what each member's own role may do.

Every fault is tried from the side that would cause it: a client talking plain SQL past the
app, a colleague's write getting in first, a superuser changing bytes on the server, a
connection cut in the middle of a push or a key rotation.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fieldnotes.crypto.team import (
    InvitationRefused,
    MemberKeys,
    SignatureRefused,
    new_data_key,
    wrap_data_key,
)
from fieldnotes.errors import DamagedData, InvalidInput
from fieldnotes.storage.team import (
    InvitationUsed,
    Listener,
    NotAMember,
    NotPermitted,
    RotationRefused,
    ServerUnavailable,
    SignedRow,
    StaleGeneration,
    TeamServer,
    TeamServerError,
    Upgraded,
    add_member,
    change_role,
    install,
    redeem,
    remove_member,
    rotate,
    sign_row,
    upgrade,
)
from fieldnotes.storage.team import server as team_server
from fieldnotes.storage.team.members import public_keys, verified_members
from fieldnotes.storage.team.rows import MAX_SEALED_BYTES, Kind
from fieldnotes.storage.team.schema import SCHEMA_VERSION
from tests.team_support import Colleague, Team, enforces_passwords, team

__all__ = ["team"]

# Only how long a test waits for the server to reach a state before it gives up; no result
# depends on it.
PATIENCE_SECONDS = 60.0


def _raw_row(member: Colleague, kind: Kind, row_id: str, revision: int = 1) -> list[object]:
    row = member.row(kind, row_id, revision=revision)
    return [
        row.kind,
        row.row_id,
        row.revision,
        row.generation,
        row.author,
        row.signed_by,
        row.sealed,
        '{"created_at": "2026-12-01T09:30:00Z"}',
        row.signature,
    ]


def _server_rows(team: Team) -> dict[str, tuple[int, int, bytes]]:
    with team.superuser() as conn:
        found = conn.execute(
            f'SELECT row_id, revision, generation, sealed FROM "{team.schema}".rows'
        ).fetchall()
    return {str(r[0]): (int(r[1]), int(r[2]), bytes(r[3])) for r in found}


def _wait_until_blocked(team: Team, pid: int) -> None:
    """Wait until the backend `pid` is waiting for a lock held by the test."""
    deadline = time.monotonic() + PATIENCE_SECONDS
    with psycopg.connect(team.superuser_url, autocommit=True) as conn:
        while time.monotonic() < deadline:
            found = conn.execute(
                "SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid]
            ).fetchone()
            if found is not None and found[0] == "Lock":
                return
            time.sleep(0.05)
    pytest.fail("the server never reached the state the test needs")


def _in_thread(action: Callable[[], object]) -> tuple[threading.Thread, list[BaseException]]:
    errors: list[BaseException] = []

    def run() -> None:
        try:
            action()
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    return thread, errors


def _cut_while_blocked_on(
    team: Team, victim: TeamServer, row_id: str, action: Callable[[], object]
) -> list[BaseException]:
    """Run `action` on `victim`'s connection, hold it on a row lock, then kill its backend."""
    pid = victim.connection.info.backend_pid
    with team.superuser() as holder:
        holder.execute(f'SELECT 1 FROM "{team.schema}".rows WHERE row_id = %s FOR UPDATE', [row_id])
        thread, errors = _in_thread(action)
        _wait_until_blocked(team, pid)
        with psycopg.connect(team.superuser_url, autocommit=True) as killer:
            killer.execute("SELECT pg_terminate_backend(%s)", [pid])
        thread.join(PATIENCE_SECONDS)
        holder.rollback()
    return errors


# --- the ordinary path -------------------------------------------------------------------


def test_a_member_pushes_and_a_colleague_pulls_it(team: Team) -> None:
    psw = team.join("PSW 1", "capture")
    result = psw.server.push([psw.row("note", "n1"), psw.row("jotting", "j1")])
    assert [row.row_id for row in result.accepted] == ["n1", "j1"] and result.conflicts == []
    pulled = team.lead.server.pull(0)
    assert [row.row_id for row in pulled.rows] == ["n1", "j1"] and pulled.refused == []
    assert pulled.position == result.accepted[-1].seq
    assert team.lead.server.pull(pulled.position).rows == []


def test_seq_follows_commit_order_and_a_pull_from_a_position_misses_nothing(team: Team) -> None:
    psw = team.join("PSW 1", "capture")
    coder = team.join("Coder 1", "coder")
    first = team.lead.server.pull(0).position
    psw.server.push([psw.row("note", "n1")])
    coder.server.push([coder.row("obstacle", "o1")])
    psw.server.push([psw.row("note", "n1", revision=2, sealed=b"edited")])
    pulled = team.lead.server.pull(first)
    assert [(row.row_id, row.revision) for row in pulled.rows] == [("o1", 1), ("n1", 2)]
    assert [row.seq for row in pulled.rows] == sorted(row.seq for row in pulled.rows)


def test_colleagues_hear_of_a_change_with_only_its_position(team: Team) -> None:
    psw = team.join("PSW 1", "capture")
    with Listener(team.lead.conninfo, team.lead.server.names) as listener:
        accepted = psw.server.push([psw.row("note", "n1")]).accepted
        heard = listener.wait(PATIENCE_SECONDS)
        assert heard == [accepted[0].seq]
        batch = [psw.row("note", f"b{i}") for i in range(3)]
        accepted = psw.server.push([*batch, psw.row("note", "n1", revision=2)]).accepted
        newest = max(row.seq for row in accepted)
        heard = []
        while not heard or max(heard) < newest:
            more = listener.wait(PATIENCE_SECONDS)
            assert more, "no notification came"
            heard += more
    # One message per statement (new rows, next revisions): a big batch is not a flood.
    assert len(heard) == 2 and max(heard) == newest


def test_a_batch_may_hold_several_revisions_of_one_row(team: Team) -> None:
    psw = team.join("PSW 1", "capture")
    revisions = [psw.row("note", "n1", revision=r, sealed=f"v{r}".encode()) for r in (1, 2, 3)]
    result = psw.server.push([*revisions, psw.row("jotting", "j1")])
    assert [(row.row_id, row.revision) for row in result.accepted] == [
        ("n1", 1),
        ("j1", 1),
        ("n1", 2),
        ("n1", 3),
    ]
    assert _server_rows(team)["n1"] == (3, 1, b"v3")


def test_the_members_list_is_signed_by_a_lead(team: Team) -> None:
    team.join("PSW 1", "capture")
    members = team.lead.server.members()
    assert {(m.label, m.role) for m in members} == {("Lead A", "lead"), ("PSW 1", "capture")}
    for member in members:
        member.check(team.notebook_id, [team.lead.keys.public])
    with pytest.raises(SignatureRefused):
        members[0].check(team.notebook_id, [MemberKeys.generate().public])


# --- roles, enforced by the server ---------------------------------------------------------


@pytest.mark.parametrize(
    "kind", ["obstacle", "link", "memo", "framework", "obstacle_decision", "leader"]
)
def test_a_capture_members_plain_sql_cannot_write_the_codebook(team: Team, kind: Kind) -> None:
    psw = team.join("PSW 1", "capture")
    coder = team.join("Coder 1", "coder")
    team.lead.server.push([team.lead.row(kind, "existing")])
    conn = psw.server.connection
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute(
            f'INSERT INTO "{team.schema}".rows (kind, row_id, revision, generation, author, '
            "signed_by, sealed, clear, signature) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
            _raw_row(psw, kind, "mine"),
        )
    conn.rollback()
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute(
            f'UPDATE "{team.schema}".rows SET revision = revision + 1, sealed = %s, '
            "signed_by = %s WHERE kind = %s",
            [b"overwritten", psw.member_id, kind],
        )
    conn.rollback()
    with pytest.raises(NotPermitted):
        psw.server.push([psw.row(kind, "via-the-app")])
    assert set(_server_rows(team)) == {"existing"}
    if kind in ("obstacle_decision", "leader"):
        with pytest.raises(NotPermitted):
            coder.server.push([coder.row(kind, "coder's")])
    else:
        assert coder.server.push([coder.row(kind, "coder's")]).accepted


def test_a_capture_member_codes_only_their_own_notes(team: Team) -> None:
    psw = team.join("PSW 1", "capture")
    other = team.join("PSW 2", "capture")
    coder = team.join("Coder 1", "coder")
    psw.server.push([psw.row("note", "theirs")])
    other.server.push([other.row("note", "own")])
    # Their own note's codes (its principles): the server takes them.
    assert other.server.push([other.row("link", "own")]).accepted
    conn = other.server.connection
    # A colleague's: refused by the server, whatever the client, as new and as the next.
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute(
            f'INSERT INTO "{team.schema}".rows (kind, row_id, revision, generation, author, '
            "signed_by, sealed, clear, signature) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
            _raw_row(other, "link", "theirs"),
        )
    conn.rollback()
    assert coder.server.push([coder.row("link", "theirs")]).accepted
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute(
            f'UPDATE "{team.schema}".rows SET revision = revision + 1, sealed = %s, '
            "signed_by = %s WHERE kind = 'link' AND row_id = 'theirs'",
            [b"overwritten", other.member_id],
        )
    conn.rollback()
    with pytest.raises(NotPermitted):
        other.server.push([other.row("link", "theirs", revision=2, author=coder.member_id)])
    assert _server_rows(team)["theirs"][0] == 1


def test_nobody_can_delete_a_row_or_promote_themselves(team: Team) -> None:
    psw = team.join("PSW 1", "capture")
    psw.server.push([psw.row("note", "n1")])
    for conn in (psw.server.connection, team.lead.server.connection):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(f'DELETE FROM "{team.schema}".rows')
        conn.rollback()
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        psw.server.connection.execute(
            f"UPDATE \"{team.schema}\".members SET role = 'lead' WHERE label = 'PSW 1'"
        )
    psw.server.connection.rollback()
    assert set(_server_rows(team)) == {"n1"}
    assert {m.label: m.role for m in team.lead.server.members()}["PSW 1"] == "capture"


def test_only_its_author_may_change_a_note_and_only_as_themselves(team: Team) -> None:
    psw = team.join("PSW 1", "capture")
    other = team.join("PSW 2", "capture")
    psw.server.push([psw.row("note", "n1")])
    with pytest.raises(NotPermitted, match="only its author"):
        other.server.push([other.row("note", "n1", revision=2, author=psw.member_id)])
    forged = sign_row(
        other.keys,
        team.notebook_id,
        kind="note",
        row_id="n2",
        revision=1,
        generation=1,
        author=psw.member_id,
        signed_by=psw.member_id,
        sealed=b"x",
        clear={},
    )
    with pytest.raises(NotPermitted, match="signed by the member writing it"):
        other.server.push([forged])
    assert _server_rows(team)["n1"][0] == 1 and "n2" not in _server_rows(team)


def test_a_role_change_takes_effect_on_the_server(team: Team) -> None:
    psw = team.join("PSW 1", "capture")
    with pytest.raises(NotPermitted):
        psw.server.push([psw.row("obstacle", "o1")])
    change_role(team.lead.server, team.lead.keys, lead_label="Lead A", label="PSW 1", role="coder")
    assert psw.server.push([psw.row("obstacle", "o1")]).accepted
    member = {m.label: m for m in team.lead.server.members()}["PSW 1"]
    assert member.role == "coder" and member.statement.purpose == "role"
    member.check(team.notebook_id, [team.lead.keys.public])


# --- faults ------------------------------------------------------------------------------


def test_a_stale_revision_is_a_conflict_and_nothing_is_overwritten(team: Team) -> None:
    coder = team.join("Coder 1", "coder")
    coder.server.push([coder.row("obstacle", "o1", sealed=b"v1")])
    mine = team.lead.row(
        "obstacle", "o1", revision=2, sealed=b"lead's edit", author=coder.member_id
    )
    theirs = coder.row("obstacle", "o1", revision=2, sealed=b"coder's edit")
    assert coder.server.push([theirs]).accepted
    result = team.lead.server.push([mine, team.lead.row("memo", "m1")])
    assert [row.row_id for row in result.accepted] == ["m1"]
    [conflict] = result.conflicts
    assert conflict.mine == mine
    assert conflict.theirs is not None and conflict.theirs.sealed == b"coder's edit"
    assert _server_rows(team)["o1"] == (2, 1, b"coder's edit")


def test_a_removed_members_push_is_refused_cleanly(team: Team) -> None:
    psw = team.join("PSW 1", "capture")
    psw.server.push([psw.row("note", "n1")])
    remove_member(team.lead.server, team.lead.keys, lead_label="Lead A", label="PSW 1")
    pending = [psw.row("note", "n2")]
    with pytest.raises(NotAMember, match="no longer accepts changes from you"):
        psw.server.push(pending)
    assert len(pending) == 1 and "n2" not in _server_rows(team)
    with pytest.raises(NotPermitted, match="refused your login"):
        team.reconnect(psw)
    removed = {m.label: m for m in team.lead.server.members()}["PSW 1"]
    assert removed.removed and removed.statement.purpose == "removal"
    assert psw.member_id not in public_keys(team.lead.server.members())


def test_an_invitation_works_once(team: Team) -> None:
    from tests.team_support import NOW

    invited = add_member(
        team.lead.server,
        team.lead.keys,
        lead_label="Lead A",
        label="PSW 1",
        role="capture",
        expires_at=NOW.replace(year=NOW.year + 1),
        server_address="postgresql://team.example/notebook",
        data_key=team.data_key,
    ).invitation
    one_time = team.url(invited.database_role, invited.database_password)
    with team.superuser() as conn:
        before = conn.execute(
            "SELECT rolpassword FROM pg_authid WHERE rolname = %s", [invited.database_role]
        ).fetchone()
    joined = redeem(one_time, team.schema, invited, MemberKeys.generate(), "a password of mine")
    team.opened.append(joined)
    with team.superuser() as conn:
        after = conn.execute(
            "SELECT rolpassword FROM pg_authid WHERE rolname = %s", [invited.database_role]
        ).fetchone()
        used = conn.execute(
            f'SELECT used FROM "{team.schema}".invitations WHERE db_role = %s',
            [invited.database_role],
        ).fetchone()
    assert before != after and used == (True,)
    # The same invitation again, from the newcomer's own (still open) connection.
    again = joined.connection
    with pytest.raises(psycopg.Error) as refused:
        again.execute(
            f'SELECT "{team.schema}".redeem(%s, %s, %s, %s, %s, %s)',
            [invited.grant.invitation_id, "someone-else", "r", b"k" * 32, b"s", b"w"],
        )
    assert refused.value.sqlstate == "FNINV"
    again.rollback()
    if enforces_passwords(team):
        with pytest.raises(NotPermitted, match="refused your login"):
            redeem(one_time, team.schema, invited, MemberKeys.generate(), "another password")
    else:
        with pytest.raises(InvitationUsed):
            team.opened.append(
                redeem(one_time, team.schema, invited, MemberKeys.generate(), "another one!")
            )
    assert [m.label for m in team.lead.server.members()].count("PSW 1") == 1


def test_a_pulled_row_that_is_forged_unsigned_or_changed_is_refused_and_named(
    team: Team,
) -> None:
    psw = team.join("PSW 1", "capture")
    names = ("good", "changed", "unsigned", "rekinded")
    psw.server.push([psw.row("note", name) for name in names])
    intruder = MemberKeys.generate()
    forged = sign_row(
        intruder,
        team.notebook_id,
        kind="note",
        row_id="forged",
        revision=1,
        generation=1,
        author="intruder",
        signed_by="intruder",
        sealed=b"x",
        clear={},
    )
    with team.superuser() as conn:
        # What someone with the server's superuser can do: skip the triggers and the checks.
        conn.execute("SET session_replication_role = replica")
        s = f'"{team.schema}"'
        conn.execute(f"ALTER TABLE {s}.rows DROP CONSTRAINT rows_signature_check")
        conn.execute(
            f"UPDATE {s}.rows SET sealed = sealed || '\\x00'::bytea WHERE row_id = 'changed'"
        )
        conn.execute(f"UPDATE {s}.rows SET signature = ''::bytea WHERE row_id = 'unsigned'")
        conn.execute(f"ALTER TABLE {s}.rows DROP CONSTRAINT rows_kind_check")
        conn.execute(f"UPDATE {s}.rows SET kind = 'weird' WHERE row_id = 'rekinded'")
        conn.execute(
            f"INSERT INTO {s}.rows (kind, row_id, revision, generation, author, signed_by, "
            "sealed, clear, signature, seq) VALUES ('note', 'forged', 1, 1, 'intruder', "
            f"'intruder', %s, '{{}}', %s, nextval('{team.schema}.seq'))",
            [forged.sealed, forged.signature],
        )
    pulled = team.lead.server.pull(0)
    assert [row.row_id for row in pulled.rows] == ["good"]
    reasons = {refused.row_id: refused.reason for refused in pulled.refused}
    assert set(reasons) == {"changed", "unsigned", "forged", "rekinded"}
    assert "unknown kind" in reasons["rekinded"]
    assert "not signed by the member" in reasons["changed"]
    assert "no valid signature" in reasons["unsigned"]
    assert "not a member" in reasons["forged"]
    assert pulled.position == max(r.seq for r in pulled.refused)


def test_a_server_gone_mid_push_raises_a_typed_error_and_loses_nothing(team: Team) -> None:
    psw = team.join("PSW 1", "capture")
    psw.server.push([psw.row("note", "n1")])
    pending = [psw.row("note", "n2"), psw.row("note", "n1", revision=2, sealed=b"edited")]
    errors = _cut_while_blocked_on(team, psw.server, "n1", lambda: psw.server.push(pending))
    assert [type(error) for error in errors] == [ServerUnavailable]
    assert "nothing was lost" in str(errors[0])
    assert len(pending) == 2 and set(_server_rows(team)) == {"n1"}
    assert _server_rows(team)["n1"][0] == 1
    retried = team.reconnect(psw).push(pending)
    assert [row.row_id for row in retried.accepted] == ["n2", "n1"]


# --- key rotation ----------------------------------------------------------------------


def _rotation(
    team: Team, members: list[Colleague], lead: TeamServer | None = None
) -> tuple[dict[str, bytes], list[SignedRow]]:
    key = new_data_key()
    wrapped = {m.member_id: wrap_data_key(key, m.keys.public.recipient) for m in members}
    resealed = [
        sign_row(
            team.lead.keys,
            team.notebook_id,
            kind=row.kind,
            row_id=row.row_id,
            revision=row.revision + 1,
            generation=2,
            author=row.author,
            signed_by=team.lead.member_id,
            sealed=b"resealed " + row.sealed,
            clear=row.clear,
        )
        for row in (lead or team.lead.server).pull(0).rows
    ]
    return wrapped, resealed


def test_after_a_rotation_every_row_is_new_and_old_generation_rows_are_refused(
    team: Team,
) -> None:
    psw = team.join("PSW 1", "capture")
    coder = team.join("Coder 1", "coder")
    psw.server.push([psw.row("note", "n1")])
    coder.server.push([coder.row("obstacle", "o1")])
    remove_member(team.lead.server, team.lead.keys, lead_label="Lead A", label="Coder 1")
    wrapped, resealed = _rotation(team, [team.lead, psw])
    rotate(team.lead.server, team.lead.keys, generation=2, wrapped=wrapped, resealed=resealed)
    assert {generation for _, generation, _ in _server_rows(team).values()} == {2}
    assert psw.server.current_generation() == 2
    assert psw.keys.unwrap(psw.server.wrapped_key(2))
    with pytest.raises(StaleGeneration):
        psw.server.push([psw.row("note", "n2", generation=1)])
    assert psw.server.push([psw.row("note", "n2", generation=2)]).accepted
    pulled = psw.server.pull(0)
    assert pulled.refused == [] and {row.row_id for row in pulled.rows} == {"n1", "o1", "n2"}
    # The removed coder: no key for the new generation, and no read of the rows at all.
    with team.superuser() as conn:
        holders = conn.execute(
            f'SELECT member_id FROM "{team.schema}".wrapped_keys WHERE generation = 2'
        ).fetchall()
    assert {str(found[0]) for found in holders} == {team.lead.member_id, psw.member_id}
    with pytest.raises(NotAMember):
        coder.server.pull(0)


def test_a_rotation_that_leaves_out_a_row_or_a_member_is_not_made(team: Team) -> None:
    psw = team.join("PSW 1", "capture")
    psw.server.push([psw.row("note", "n1"), psw.row("note", "n2")])
    wrapped, resealed = _rotation(team, [team.lead, psw])
    for partial_wrapped, partial_rows in (
        (wrapped, resealed[:1]),
        (dict(list(wrapped.items())[:1]), resealed),
    ):
        with pytest.raises(RotationRefused, match="old key stays in force"):
            rotate(
                team.lead.server,
                team.lead.keys,
                generation=2,
                wrapped=partial_wrapped,
                resealed=partial_rows,
            )
        assert team.lead.server.current_generation() == 1
        assert {generation for _, generation, _ in _server_rows(team).values()} == {1}


def test_a_rotation_cut_off_midway_leaves_the_old_generation_fully_in_force(team: Team) -> None:
    psw = team.join("PSW 1", "capture")
    psw.server.push([psw.row("note", "n1"), psw.row("note", "n2")])
    wrapped, resealed = _rotation(team, [team.lead, psw])
    lead = team.lead.server
    errors = _cut_while_blocked_on(
        team,
        lead,
        "n2",
        lambda: rotate(lead, team.lead.keys, generation=2, wrapped=wrapped, resealed=resealed),
    )
    assert [type(error) for error in errors] == [ServerUnavailable]
    assert psw.server.current_generation() == 1
    assert {generation for _, generation, _ in _server_rows(team).values()} == {1}
    with team.superuser() as conn:
        assert conn.execute(
            f'SELECT count(*) FROM "{team.schema}".wrapped_keys WHERE generation = 2'
        ).fetchone() == (0,)
    assert psw.server.push([psw.row("note", "n3", generation=1)]).accepted
    # And the same rotation, tried again on a new connection, goes through in full.
    lead_again = team.reconnect(team.lead)
    wrapped, resealed = _rotation(team, [team.lead, psw], lead_again)
    rotate(lead_again, team.lead.keys, generation=2, wrapped=wrapped, resealed=resealed)
    assert {generation for _, generation, _ in _server_rows(team).values()} == {2}


def test_an_entry_the_server_changed_or_made_up_is_not_vouched_for(team: Team) -> None:
    team.join("PSW 1", "capture")
    team.join("Coder 1", "coder")
    change_role(team.lead.server, team.lead.keys, lead_label="Lead A", label="Coder 1", role="lead")
    founder = team.lead.keys.public
    trusted, problems = verified_members(team.lead.server.members(), team.notebook_id, founder)
    assert {m.label for m in trusted} == {"Lead A", "PSW 1", "Coder 1"} and problems == []
    stranger = MemberKeys.generate().public
    with team.superuser() as conn:
        conn.execute("SET session_replication_role = replica")
        s = f'"{team.schema}"'
        conn.execute(f"UPDATE {s}.members SET role = 'lead' WHERE label = 'PSW 1'")
        conn.execute(
            f"INSERT INTO {s}.members SELECT 'made-up', 'Visitor', 'lead', 'nobody', %s, %s, "
            f"key_signature, statement, signature FROM {s}.members WHERE label = 'Coder 1'",
            [stranger.recipient, stranger.verify_key],
        )
    trusted, problems = verified_members(team.lead.server.members(), team.notebook_id, founder)
    assert {m.label for m in trusted} == {"Lead A", "Coder 1"}
    assert sorted(problems) == [
        "the entry for PSW 1 is not vouched for by a lead",
        "the entry for Visitor is not vouched for by a lead",
    ]


def test_concurrent_pushes_lose_and_duplicate_nothing(team: Team) -> None:
    members = [team.join(f"PSW {n}", "capture") for n in range(1, 5)]
    batches = {m.label: [m.row("note", f"{m.label}/{i}") for i in range(25)] for m in members}

    def push_one_by_one(member: Colleague) -> Callable[[], object]:
        return lambda: [member.server.push([row]) for row in batches[member.label]]

    threads = [_in_thread(push_one_by_one(m)) for m in members]
    for thread, errors in threads:
        thread.join(PATIENCE_SECONDS)
        assert errors == []
    pulled = team.lead.server.pull(0)
    assert sorted(row.row_id for row in pulled.rows) == sorted(
        row.row_id for batch in batches.values() for row in batch
    )
    seqs = [row.seq for row in pulled.rows]
    assert seqs == sorted(set(seqs)) and pulled.refused == []


def test_a_server_set_up_by_a_newer_version_is_refused(team: Team) -> None:
    with psycopg.connect(team.lead.conninfo) as conn:
        assert upgrade(conn, team.schema) == Upgraded(SCHEMA_VERSION, SCHEMA_VERSION)
    with team.superuser() as conn:
        conn.execute(f'UPDATE "{team.schema}".meta SET schema_version = 99')
    with (
        psycopg.connect(team.lead.conninfo) as conn,
        pytest.raises(TeamServerError, match="newer fieldnotes"),
    ):
        upgrade(conn, team.schema)
    with pytest.raises(TeamServerError, match="newer fieldnotes"):
        team.reconnect(team.lead)


def test_an_expired_invitation_is_refused_by_the_server(team: Team) -> None:
    invited = add_member(
        team.lead.server,
        team.lead.keys,
        lead_label="Lead A",
        label="PSW 1",
        role="capture",
        expires_at=datetime.now(UTC) + timedelta(days=1),
        server_address="postgresql://team.example/notebook",
        data_key=team.data_key,
    ).invitation
    with team.superuser() as conn:
        conn.execute(
            f"UPDATE \"{team.schema}\".invitations SET expires_at = now() - interval '1 minute'"
        )
    one_time = team.url(invited.database_role, invited.database_password)
    with pytest.raises(InvitationRefused, match="expired"):
        redeem(one_time, team.schema, invited, MemberKeys.generate(), "a password of mine")
    assert [m.label for m in team.lead.server.members()] == ["Lead A"]


def test_only_a_lead_changes_roles_or_removes_members(team: Team) -> None:
    psw = team.join("PSW 1", "capture")
    coder = team.join("Coder 1", "coder")
    with pytest.raises(NotPermitted):
        change_role(coder.server, coder.keys, lead_label="Coder 1", label="PSW 1", role="lead")
    with pytest.raises(NotPermitted):
        remove_member(coder.server, coder.keys, lead_label="Coder 1", label="PSW 1")
    roles = {m.label: (m.role, m.removed) for m in team.lead.server.members()}
    assert roles == {
        "Lead A": ("lead", False),
        "PSW 1": ("capture", False),
        "Coder 1": ("coder", False),
    }
    assert psw.server.push([psw.row("note", "n1")]).accepted


def test_an_oversized_row_is_refused_on_the_way_up_and_on_the_way_down(team: Team) -> None:
    psw = team.join("PSW 1", "capture")
    too_big = b"x" * (MAX_SEALED_BYTES + 1)
    with pytest.raises(InvalidInput, match="larger than"):
        psw.row("note", "big", sealed=too_big)
    raw = _raw_row(psw, "note", "big")
    raw[6] = too_big
    with pytest.raises(psycopg.errors.CheckViolation):
        psw.server.connection.execute(
            f'INSERT INTO "{team.schema}".rows (kind, row_id, revision, generation, author, '
            "signed_by, sealed, clear, signature) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
            raw,
        )
    psw.server.connection.rollback()
    psw.server.push([psw.row("note", "small")])
    with team.superuser() as conn:
        s = f'"{team.schema}"'
        conn.execute("SET session_replication_role = replica")
        conn.execute(f"ALTER TABLE {s}.rows DROP CONSTRAINT rows_sealed_check")
        conn.execute(f"UPDATE {s}.rows SET sealed = %s WHERE row_id = 'small'", [too_big])
    pulled = team.lead.server.pull(0)
    assert pulled.rows == [] and [r.reason for r in pulled.refused] == [
        "note is larger than any row fieldnotes writes"
    ]


def test_a_pull_stops_at_its_byte_budget_and_the_next_one_goes_on(
    team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    psw = team.join("PSW 1", "capture")
    psw.server.push([psw.row("note", f"n{i}", sealed=b"x" * 1000) for i in range(5)])
    monkeypatch.setattr(team_server, "PULL_BYTES", 2500)
    first = team.lead.server.pull(0)
    assert [row.row_id for row in first.rows] == ["n0", "n1", "n2"] and first.more
    second = team.lead.server.pull(first.position)
    assert [row.row_id for row in second.rows] == ["n3", "n4"] and not second.more


def test_a_label_is_never_given_twice_not_even_after_a_removal(team: Team) -> None:
    team.join("PSW 1", "capture")
    remove_member(team.lead.server, team.lead.keys, lead_label="Lead A", label="PSW 1")
    with pytest.raises(InvalidInput, match="already a member labelled 'PSW 1'"):
        team.join("PSW 1", "capture")
    assert team.join("PSW 1b", "capture").server.me().label == "PSW 1b"


def test_joining_is_undone_if_the_server_would_record_another_role(team: Team) -> None:
    invited = add_member(
        team.lead.server,
        team.lead.keys,
        lead_label="Lead A",
        label="PSW 1",
        role="capture",
        expires_at=datetime.now(UTC) + timedelta(days=1),
        server_address="postgresql://team.example/notebook",
        data_key=team.data_key,
    ).invitation
    with team.superuser() as conn:
        conn.execute(f"UPDATE \"{team.schema}\".invitations SET role = 'lead'")
    one_time = team.url(invited.database_role, invited.database_password)
    with pytest.raises(DamagedData, match="another label or role"):
        redeem(one_time, team.schema, invited, MemberKeys.generate(), "a password of mine")
    assert [m.label for m in team.lead.server.members()] == ["Lead A"]
    with team.superuser() as conn:
        used = conn.execute(f'SELECT used FROM "{team.schema}".invitations').fetchone()
    assert used == (False,)


_CLEAR_TEXT = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=40)
_CLEAR = st.dictionaries(
    _CLEAR_TEXT,
    st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | _CLEAR_TEXT,
    max_size=6,
)


def test_clear_columns_come_back_from_jsonb_exactly_as_signed(team: Team) -> None:
    psw = team.join("PSW 1", "capture")
    counter = iter(range(10**6))

    @settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(clear=_CLEAR)
    def round_trip(clear: dict[str, str | int | bool | None]) -> None:
        row = psw.row("note", f"n{next(counter)}", clear=clear)
        [accepted] = psw.server.push([row]).accepted
        pulled = team.lead.server.pull(accepted.seq - 1)
        assert pulled.refused == [] and pulled.rows[0].clear == clear

    round_trip()


@pytest.mark.parametrize("bad", ["a\x00b", "\ud800"])
def test_clear_text_jsonb_cannot_hold_is_refused_before_signing(team: Team, bad: str) -> None:
    with pytest.raises(InvalidInput, match="NUL or unpaired surrogates"):
        team.lead.row("note", "n1", clear={"stage": bad})
    with pytest.raises(InvalidInput, match="NUL or unpaired surrogates"):
        team.lead.row("note", "n1", clear={bad: "x"})


def test_a_listener_whose_server_goes_away_says_so(team: Team) -> None:
    with Listener(team.lead.conninfo, team.lead.server.names) as listener:
        with psycopg.connect(team.superuser_url, autocommit=True) as killer:
            killer.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND query ILIKE 'LISTEN%%'",
                [team.database],
            )
        with pytest.raises(ServerUnavailable, match="listening for changes"):
            listener.wait(PATIENCE_SECONDS)


def test_a_setup_that_fails_midway_leaves_no_roles_or_schema_behind(team: Team) -> None:
    lacking = f"{team.prefix}_nocreate"
    with psycopg.connect(team.superuser_url, autocommit=True) as admin:
        # CREATEROLE but no CREATE on the database: the schema step fails after the roles.
        admin.execute(f"CREATE ROLE \"{lacking}\" LOGIN CREATEROLE PASSWORD 'not-used-12'")
    second = f"{team.prefix}_second"
    with psycopg.connect(team.url(lacking, "not-used-12")) as conn, pytest.raises(NotPermitted):
        install(
            conn,
            second,
            notebook_id=team.notebook_id,
            founder=MemberKeys.generate(),
            founder_label="Lead B",
            data_key=new_data_key(),
        )
    with team.superuser() as conn:
        roles = conn.execute(
            "SELECT rolname FROM pg_roles WHERE starts_with(rolname, %s)", [second]
        ).fetchall()
        schemas = conn.execute(
            "SELECT nspname FROM pg_namespace WHERE nspname = %s", [second]
        ).fetchall()
    assert roles == [] and schemas == []


def test_three_members_work_one_notebook_and_a_removed_one_is_left_behind(team: Team) -> None:
    """The issue's story at the server's level: capture offline, code, decide, remove."""
    psw = team.join("PSW 1", "capture")
    coder = team.join("Coder 1", "coder")
    # On a home visit with no signal: notes pile up locally, then go up in one sync.
    offline = [psw.row("note", "visit-1"), psw.row("jotting", "j-1"), psw.row("note", "visit-2")]
    assert len(psw.server.push(offline).accepted) == 3
    position = coder.server.pull(0).position
    coder.server.push(
        [
            coder.row("obstacle", "o-handover", clear={"position": 1}),
            coder.row("link", "visit-1/o-handover"),
            coder.row("memo", "m-1"),
        ]
    )
    decided = team.lead.row("obstacle_decision", "o-handover", clear={"status": "asked"})
    team.lead.server.push([decided, team.lead.row("brief_log", "b-1")])
    seen = psw.server.pull(position)
    assert [row.kind for row in seen.rows] == [
        "obstacle",
        "link",
        "memo",
        "obstacle_decision",
        "brief_log",
    ]
    assert seen.refused == []
    remove_member(team.lead.server, team.lead.keys, lead_label="Lead A", label="PSW 1")
    wrapped, resealed = _rotation(team, [team.lead, coder])
    rotate(team.lead.server, team.lead.keys, generation=2, wrapped=wrapped, resealed=resealed)
    coder.server.push([coder.row("memo", "after", generation=2)])
    with pytest.raises(NotAMember):
        psw.server.pull(seen.position)
    with pytest.raises(NotAMember):
        psw.server.wrapped_key(2)
    assert {row.row_id for row in coder.server.pull(0).rows} >= {"visit-1", "after"}

"""Replicas syncing through a real PostgreSQL: create, join, capture offline, tag, decide,
conflicts, a tampered row, the server going away mid-push, and bad invitations.

Each test gets a database and role names of its own (`tests/team_support.py`) and skips,
saying why, without `FIELDNOTES_TEST_POSTGRES_URL`.
"""

from __future__ import annotations

import os
import secrets
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from fieldnotes.crypto.kdf import FLOOR_KDF
from fieldnotes.crypto.team import InvitationRefused
from fieldnotes.domain.frameworks import builtin_framework_paths, load_frameworks
from fieldnotes.domain.model import NoteDraft
from fieldnotes.notebook import Notebook, join_team
from fieldnotes.notebook.events import NotebookChange, NotesChanged, TeamChanged
from fieldnotes.storage.team import InvitationUsed, NotPermitted, TeamServer, add_member
from fieldnotes.storage.team.replica import seal_team_row
from fieldnotes.storage.team.replica_docs import clear_of, note_document
from fieldnotes.storage.team.server import TeamServer as Server
from tests.conftest import TEST_PASSPHRASE
from tests.team_support import POSTGRES_URL_VARIABLE, _drop

INVITATION_PASSPHRASE = "a one-time invitation passphrase"


@dataclass
class Cluster:
    superuser_url: str
    database: str
    prefix: str
    lead_url: str
    tmp: Path
    opened: list[Notebook] = field(default_factory=list)

    def address(self) -> str:
        """The server's address as an invitation carries it: no user, no password."""
        parts = conninfo_to_dict(self.superuser_url)
        return make_conninfo(
            "", host=parts.get("host"), port=parts.get("port"), dbname=self.database
        )

    def lead(self) -> Notebook:
        notebook = Notebook.create(
            self.tmp / "lead.fieldnotes",
            TEST_PASSPHRASE,
            kdf=FLOOR_KDF,
            frameworks=load_frameworks(builtin_framework_paths()),
        )
        self.opened.append(notebook)
        return notebook

    def invitation(self, lead: Notebook, label: str, role: str) -> bytes:
        link = lead._store.team_link()
        assert link is not None
        with TeamServer.open(link.conninfo, link.schema) as server:
            invited = add_member(
                server,
                link.keys,
                lead_label=link.label,
                label=label,
                role=role,  # type: ignore[arg-type]  # one of the three, from the test
                expires_at=datetime.now(UTC) + timedelta(days=7),
                server_address=self.address(),
                data_key=link.data_key,
            )
        return invited.invitation.seal(INVITATION_PASSPHRASE)

    def join(self, lead: Notebook, label: str, role: str) -> Notebook:
        sealed = self.invitation(lead, label, role)
        path = self.tmp / f"{label.replace(' ', '-')}.fieldnotes"
        notebook = join_team(path, sealed, INVITATION_PASSPHRASE, TEST_PASSPHRASE, kdf=FLOOR_KDF)
        self.opened.append(notebook)
        return notebook

    def superuser(self) -> psycopg.Connection[tuple[object, ...]]:
        return psycopg.connect(make_conninfo(self.superuser_url, dbname=self.database))


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[Cluster]:
    with cluster_on(tmp_path) as built:
        yield built


@contextmanager
def cluster_on(tmp_path: Path) -> Iterator[Cluster]:
    """A database and a lead role of their own, dropped afterwards (skips without a server)."""
    superuser_url = os.environ.get(POSTGRES_URL_VARIABLE)
    if not superuser_url:
        pytest.skip(f"{POSTGRES_URL_VARIABLE} is not set: no PostgreSQL server to sync with")
    prefix = f"fns{uuid.uuid4().hex[:12]}"
    database = f"{prefix}db"
    lead_role = f"{prefix}lead"
    password = secrets.token_urlsafe(18)
    with psycopg.connect(superuser_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{database}"')
        admin.execute(f"CREATE ROLE \"{lead_role}\" LOGIN CREATEROLE PASSWORD '{password}'")
        admin.execute(f'GRANT CREATE ON DATABASE "{database}" TO "{lead_role}"')
    lead_url = make_conninfo(superuser_url, dbname=database, user=lead_role, password=password)
    built = Cluster(superuser_url, database, prefix, lead_url, tmp_path)
    try:
        yield built
    finally:
        for notebook in built.opened:
            notebook.close()
        _drop(superuser_url, database, prefix)


def _note(description: str, **changes: object) -> NoteDraft:
    draft = NoteDraft(mode="observe", team="Northfield", description=description)
    return replace(draft, **changes)  # type: ignore[arg-type]  # NoteDraft fields, from the test


def _offline(notebook: Notebook) -> str:
    """Point the replica at a port nobody listens on; returns the real address."""
    link = notebook._store.team_link()
    assert link is not None
    notebook._store.save_team_link(replace(link, conninfo="host=127.0.0.1 port=1 dbname=x"))
    return link.conninfo


def _online(notebook: Notebook, conninfo: str) -> None:
    link = notebook._store.team_link()
    assert link is not None
    notebook._store.save_team_link(replace(link, conninfo=conninfo))


def test_lead_creates_capture_captures_offline_coder_tags_lead_sees_both(
    cluster: Cluster,
) -> None:
    lead = cluster.lead()
    first = lead.add_note(_note("The duty team met the family's words with care."))
    it = lead.add_obstacle("IT system")
    report = lead.team_create(cluster.lead_url, "Lead A", name=cluster.prefix)
    assert report.online and report.problem == "" and report.pushed >= 3
    assert lead.team is not None and lead.team.role == "lead"
    assert lead.sync_state().waiting == 0

    psw = cluster.join(lead, "PSW 1", "capture")
    assert psw.team is not None and psw.team.role == "capture" and psw.team.label == "PSW 1"
    assert [n.description for n in psw.notes()] == [first.description]
    assert [o.name for o in psw.obstacles()] == ["IT system"]
    assert {f.id for f in psw.frameworks()} == {f.id for f in lead.frameworks()}
    assert psw.author_of(first.id) == "Lead A"

    # On a home visit, no signal: the jotting is kept and waits.
    real = _offline(psw)
    visit = psw.add_note(_note("Home visit: the mother asked who reads these notes."))
    offline = psw.sync()
    assert not offline.online and "could not be reached" in offline.problem
    state = psw.sync_state()
    assert not state.online and state.waiting == 1
    _online(psw, real)
    back = psw.sync()
    assert back.online and back.pushed == 1 and psw.sync_state().waiting == 0

    coder = cluster.join(lead, "Coder 1", "coder")
    assert visit.id in {n.id for n in coder.notes()}
    assert coder.author_of(visit.id) == "PSW 1"
    coder.tag_notes([visit.id], obstacle_id=it.id)
    logins = coder.add_obstacle("Logins", parent_id=it.id, description="Locked out at 9")
    assert coder.sync().pushed == 2

    seen: list[NotebookChange] = []
    lead.watch(seen.append)
    pulled = lead.sync()
    assert pulled.pulled >= 3 and not pulled.refused
    assert any(isinstance(c, NotesChanged) and visit.id in c.ids for c in seen)
    assert any(isinstance(c, TeamChanged) for c in seen)
    assert lead.note(visit.id).description == visit.description
    assert lead.note(visit.id).obstacle_ids == [it.id]
    assert lead.obstacle(logins.id).parent_id == it.id
    assert lead.obstacle(logins.id).description == "Locked out at 9"
    assert lead.author_of(visit.id) == "PSW 1"

    # The lead decides; the coder and the PSW see it.
    lead.update_obstacle(it.id, status="raised", ask="Fix the logins before winter")
    assert lead.sync().pushed == 1
    coder.sync()
    assert coder.obstacle(it.id).status == "raised"
    assert coder.obstacle(it.id).ask == "Fix the logins before winter"
    psw.sync()
    assert psw.obstacle(logins.id).name == "Logins"
    assert psw.note(visit.id).obstacle_ids == [it.id]
    assert psw.sync_state().waiting == 0


def test_each_role_is_refused_what_it_may_not_write(cluster: Cluster) -> None:
    lead = cluster.lead()
    it = lead.add_obstacle("IT system")
    lead.team_create(cluster.lead_url, "Lead A", name=cluster.prefix)
    mine = lead.add_note(_note("The lead's own note."))
    lead.sync()
    psw = cluster.join(lead, "PSW 1", "capture")
    coder = cluster.join(lead, "Coder 1", "coder")
    own = psw.add_note(_note("Mine."))
    with pytest.raises(NotPermitted, match=r"capture member .* cannot tag"):
        psw.tag_notes([own.id], obstacle_id=it.id)
    with pytest.raises(NotPermitted, match="cannot tag"):
        psw.add_note(_note("Tagged.", obstacle_ids=[it.id]))
    with pytest.raises(NotPermitted, match="cannot change the codebook"):
        psw.add_obstacle("Rota")
    with pytest.raises(NotPermitted, match="only its author"):
        psw.update_note(mine.id, _note("Overwritten."))
    with pytest.raises(NotPermitted, match="cannot set statuses"):
        coder.update_obstacle(it.id, status="raised")
    with pytest.raises(NotPermitted, match="cannot write memos"):
        psw.add_memo("in-process", "A memo", "text")
    coder.tag_notes([mine.id], obstacle_id=it.id)  # a coder may tag anyone's note
    assert psw.sync().problem == ""
    assert coder.sync().pushed == 1


def test_the_same_note_edited_in_two_places_offline_keeps_both(cluster: Cluster) -> None:
    lead = cluster.lead()
    lead.team_create(cluster.lead_url, "Lead A", name=cluster.prefix)
    psw = cluster.join(lead, "PSW 1", "capture")
    note = psw.add_note(_note("First words."))
    psw.sync()
    # The same member's other device sends its own edit of the note first.
    link = psw._store.team_link()
    assert link is not None
    elsewhere = psw.note(note.id)
    document = {**note_document(elsewhere), "description": "Desk version."}
    with TeamServer.open(link.conninfo, link.schema) as server:
        sent = seal_team_row(
            link, "note", note.id, 2, link.member_id, document, clear_of("note", document)
        )
        assert len(server.push([sent]).accepted) == 1
    psw.update_note(note.id, _note("Laptop version."))
    met = psw.sync()
    assert len(met.conflicts) == 1 and met.conflicts[0].kind == "note"
    conflict = psw.conflicts()[0]
    assert conflict.mine["description"] == "Laptop version."
    assert conflict.theirs["description"] == "Desk version."
    assert conflict.theirs_by == "PSW 1"
    # Nothing was overwritten: theirs is in the notebook, mine waits beside it.
    assert psw.note(note.id).description == "Desk version."
    assert psw.sync_state().conflicts == 1
    psw.resolve_conflict(conflict.conflict_id, "both")
    assert psw.conflicts() == []
    assert sorted(n.description for n in psw.notes()) == ["Desk version.", "Laptop version."]
    assert psw.sync_state().waiting == 0
    lead.sync()
    assert sorted(n.description for n in lead.notes()) == ["Desk version.", "Laptop version."]


def test_two_coders_tagging_one_note_offline_resolve_to_mine(cluster: Cluster) -> None:
    lead = cluster.lead()
    it = lead.add_obstacle("IT system")
    rota = lead.add_obstacle("Rota")
    note = lead.add_note(_note("Shared note."))
    lead.team_create(cluster.lead_url, "Lead A", name=cluster.prefix)
    one = cluster.join(lead, "Coder 1", "coder")
    two = cluster.join(lead, "Coder 2", "coder")
    one.tag_notes([note.id], obstacle_id=it.id)
    two.tag_notes([note.id], obstacle_id=rota.id)
    one.sync()
    met = two.sync()
    assert [c.kind for c in met.conflicts] == ["link"]
    assert two.note(note.id).obstacle_ids == [it.id]
    two.resolve_conflict(two.conflicts()[0].conflict_id, "mine")
    assert two.note(note.id).obstacle_ids == [rota.id]
    assert two.sync_state().waiting == 0
    one.sync()
    assert one.note(note.id).obstacle_ids == [rota.id]


def test_a_tampered_row_on_the_server_is_refused_named_and_the_rest_applied(
    cluster: Cluster,
) -> None:
    lead = cluster.lead()
    lead.team_create(cluster.lead_url, "Lead A", name=cluster.prefix)
    psw = cluster.join(lead, "PSW 1", "capture")
    kept = psw.add_note(_note("Kept as written."))
    changed = psw.add_note(_note("Changed on the server."))
    psw.sync()
    with cluster.superuser() as admin:
        # As the server's administrator could: past every trigger.
        admin.execute("SET session_replication_role = replica")
        admin.execute(
            f'UPDATE "{cluster.prefix}".rows SET sealed = sealed || %s WHERE row_id = %s',
            [b"!", changed.id],
        )
    report = lead.sync()
    assert any(changed.id in line for line in report.refused)
    assert kept.id in {n.id for n in lead.notes()}
    assert changed.id not in {n.id for n in lead.notes()}
    assert lead.sync_state().refused == len(report.refused)


def test_the_server_going_away_mid_push_loses_nothing(
    cluster: Cluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    lead = cluster.lead()
    lead.team_create(cluster.lead_url, "Lead A", name=cluster.prefix)
    psw = cluster.join(lead, "PSW 1", "capture")
    notes = [psw.add_note(_note(f"Visit {i}.")) for i in range(3)]
    original = Server.write_rows

    def cut_off(self: Server, cursor: psycopg.Cursor[tuple[object, ...]], rows: object) -> object:
        taken = original(self, cursor, rows)  # type: ignore[arg-type]  # passed through
        with cluster.superuser() as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", [self.connection.info.backend_pid])
        return taken

    monkeypatch.setattr(Server, "write_rows", cut_off)
    report = psw.sync()
    assert not report.online and report.pushed == 0
    assert psw.sync_state().waiting == 3
    monkeypatch.setattr(Server, "write_rows", original)
    assert psw.sync().pushed == 3
    lead.sync()
    assert {n.id for n in notes} <= {n.id for n in lead.notes()}


def test_an_invitation_used_twice_tampered_or_with_a_wrong_passphrase_makes_nothing(
    cluster: Cluster,
) -> None:
    lead = cluster.lead()
    lead.team_create(cluster.lead_url, "Lead A", name=cluster.prefix)
    sealed = cluster.invitation(lead, "PSW 1", "capture")
    target = cluster.tmp / "newcomer.fieldnotes"
    with pytest.raises(InvitationRefused):
        join_team(target, sealed, "not the passphrase", TEST_PASSPHRASE, kdf=FLOOR_KDF)
    assert not target.exists()
    flipped = bytearray(sealed)
    flipped[len(flipped) // 2] ^= 1
    with pytest.raises(InvitationRefused):
        join_team(target, bytes(flipped), INVITATION_PASSPHRASE, TEST_PASSPHRASE, kdf=FLOOR_KDF)
    assert not target.exists()
    first = join_team(target, sealed, INVITATION_PASSPHRASE, TEST_PASSPHRASE, kdf=FLOOR_KDF)
    cluster.opened.append(first)
    again = cluster.tmp / "again.fieldnotes"
    with pytest.raises((InvitationUsed, NotPermitted)):
        join_team(again, sealed, INVITATION_PASSPHRASE, TEST_PASSPHRASE, kdf=FLOOR_KDF)
    assert not again.exists()


def test_a_personal_notebook_has_no_team_and_refuses_sync(empty_notebook: Notebook) -> None:
    assert empty_notebook.team is None
    assert empty_notebook.author_of("anything") is None
    with pytest.raises(Exception, match="personal one"):
        empty_notebook.sync()


def test_the_commands_create_join_sync_and_report(
    cluster: Cluster, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    import fieldnotes.cli.safety
    from fieldnotes.__main__ import main

    monkeypatch.setattr(fieldnotes.cli.safety, "INIT_KDF", FLOOR_KDF)
    monkeypatch.setenv("FIELDNOTES_PASSPHRASE", TEST_PASSPHRASE)
    lead_path = cluster.tmp / "lead-cli.fieldnotes"
    assert main(["init", "--notebook", str(lead_path), "--empty-codebook"]) == 0
    url = cluster.lead_url
    name = cluster.prefix
    assert (
        main(
            [
                "team",
                "create",
                url,
                "--label",
                "Lead A",
                "--name",
                name,
                "--notebook",
                str(lead_path),
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "Lead A (lead)" in out and "fingerprint" in out

    lead = Notebook.open(lead_path)
    lead.unlock(TEST_PASSPHRASE)
    sealed = cluster.invitation(lead, "PSW 1", "capture")
    lead.close()
    invitation = cluster.tmp / "psw.invitation"
    invitation.write_bytes(sealed)
    passphrase_file = cluster.tmp / "invitation-passphrase"
    passphrase_file.write_text(INVITATION_PASSPHRASE + "\n")
    psw_path = cluster.tmp / "psw-cli.fieldnotes"
    assert (
        main(
            [
                "team",
                "join",
                str(invitation),
                "--notebook",
                str(psw_path),
                "--invitation-passphrase-file",
                str(passphrase_file),
            ]
        )
        == 0
    )
    assert "Joined as PSW 1 (capture)" in capsys.readouterr().out
    again = cluster.tmp / "again-cli.fieldnotes"
    assert (
        main(
            [
                "team",
                "join",
                str(invitation),
                "--notebook",
                str(again),
                "--invitation-passphrase-file",
                str(passphrase_file),
            ]
        )
        != 0
    )
    assert "already been used" in capsys.readouterr().err
    assert not again.exists()

    assert main(["sync", "--json", "--notebook", str(psw_path)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["online"] and report["waiting"] == 0
    assert main(["team", "status", "--json", "--notebook", str(psw_path)]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["label"] == "PSW 1" and status["role"] == "capture" and status["online"]
    assert main(["team", "conflicts", "--notebook", str(psw_path)]) == 0
    assert "No conflicts." in capsys.readouterr().out


def test_a_colleagues_write_is_heard_and_pulled(cluster: Cluster) -> None:
    lead = cluster.lead()
    lead.team_create(cluster.lead_url, "Lead A", name=cluster.prefix)
    psw = cluster.join(lead, "PSW 1", "capture")
    assert psw.wait_for_changes(0) is False  # listening from now on; nothing yet
    written = lead.add_note(_note("Written while the PSW's app is open."))
    lead.sync()
    assert psw.wait_for_changes(30) is True
    assert psw.sync().pulled == 1
    assert psw.note(written.id).description == written.description


def test_a_coded_passage_reaches_every_replica_with_its_codes(cluster: Cluster) -> None:
    """Passages travel inside their note, so they are the note's author's to code: a coder's
    passage on a colleague's note is refused before anything is written."""
    lead = cluster.lead()
    lead.team_create(cluster.lead_url, "Lead A", name=cluster.prefix)
    it = lead.add_obstacle("IT system")
    words = "The worker typed the visit into three screens."
    visit = lead.add_note(_note(words))
    start = words.index("three screens")
    passage = lead.code_passage(
        visit.id, "description", start, start + len("three screens"), obstacle_ids=[it.id]
    )
    assert lead.sync().online
    psw = cluster.join(lead, "PSW 1", "capture")
    coder = cluster.join(lead, "PL 2", "coder")
    for replica in (psw, coder):
        (arrived,) = replica.note(visit.id).passages
        assert (arrived.id, arrived.text, arrived.obstacle_ids) == (
            passage.id,
            "three screens",
            (it.id,),
        )
    with pytest.raises(NotPermitted, match="only its author"):
        coder.code_passage(visit.id, "description", 0, 3, obstacle_ids=[it.id])
    assert [p.id for p in coder.note(visit.id).passages] == [passage.id]
    assert coder.sync_state().waiting == 0


def test_a_merge_recodes_passages_the_sync_sends_and_refuses_a_colleagues(
    cluster: Cluster,
) -> None:
    """A merge seals again each note with a passage coded with the merged-away obstacle;
    the next sync sends it like any edit. A passage in a colleague's note is theirs to
    re-code, so a merge that would need to is refused, and nothing changes."""
    lead = cluster.lead()
    lead.team_create(cluster.lead_url, "Lead A", name=cluster.prefix)
    forms = lead.add_obstacle("Forms")
    paperwork = lead.add_obstacle("Paperwork")
    words = "The worker typed the visit into three screens."
    visit = lead.add_note(_note(words))
    passage = lead.code_passage(visit.id, "description", 0, 10, obstacle_ids=[forms.id])
    lead.sync()
    coder = cluster.join(lead, "PL 2", "coder")
    lead.merge_obstacles(forms.id, paperwork.id)
    assert lead.sync().pushed >= 1
    coder.sync()
    (arrived,) = coder.note(visit.id).passages
    assert (arrived.id, arrived.obstacle_ids) == (passage.id, (paperwork.id,))

    waiting = lead.add_obstacle("Waiting")
    lead.sync()
    coder.sync()
    theirs = coder.add_note(_note(words))
    coder.code_passage(theirs.id, "description", 0, 10, obstacle_ids=[waiting.id])
    coder.sync()
    lead.sync()
    with pytest.raises(NotPermitted, match="1 colleague's note has passages coded with “Waiting”"):
        lead.merge_obstacles(waiting.id, paperwork.id)
    assert waiting.id in {o.id for o in lead.obstacles()}
    assert lead.note(theirs.id).passages[0].obstacle_ids == (waiting.id,)

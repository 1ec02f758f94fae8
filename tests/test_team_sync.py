"""Replicas syncing through a real PostgreSQL: create, join, capture offline, tag, decide,
conflicts, a tampered row, the server going away mid-push, and bad invitations.

Each test gets a database and role names of its own (`tests/team_support.py`) and skips,
saying why, without `FIELDNOTES_TEST_POSTGRES_URL`.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict, make_conninfo
from sqlalchemy import update

from fieldnotes.crypto.kdf import FLOOR_KDF
from fieldnotes.crypto.team import InvitationRefused
from fieldnotes.domain.frameworks import builtin_framework_paths, load_frameworks
from fieldnotes.domain.model import NoteDraft, Passage, PrincipleLink
from fieldnotes.notebook import Notebook, join_team
from fieldnotes.notebook.events import NotebookChange, NotesChanged, TeamChanged
from fieldnotes.storage.tables import TEAM_ROW
from fieldnotes.storage.team import InvitationUsed, NotPermitted, TeamServer, add_member
from fieldnotes.storage.team.replica import seal_team_row
from fieldnotes.storage.team.replica_dirty import dirty_keys
from fieldnotes.storage.team.replica_docs import clear_of, note_document
from fieldnotes.storage.team.replica_rows import document_digest
from fieldnotes.storage.team.rows import Kind, canonical_clear
from fieldnotes.storage.team.server import TeamServer as Server
from tests.conftest import TEST_PASSPHRASE
from tests.team_support import POSTGRES_URL_VARIABLE, council_database

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
    with council_database(superuser_url, prefix) as lead_url:
        built = Cluster(superuser_url, f"{prefix}db", prefix, lead_url, tmp_path)
        try:
            yield built
        finally:
            for notebook in built.opened:
                notebook.close()


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


def test_keeping_both_gives_the_copy_the_codes_my_version_had(cluster: Cluster) -> None:
    lead = cluster.lead()
    rota = lead.add_obstacle("Rota")
    note = lead.add_note(_note("First words."))
    lead.tag_notes([note.id], obstacle_id=rota.id)
    lead.tag_notes([note.id], principle=PrincipleLink("sos.worried", "at-risk"))
    lead.team_create(cluster.lead_url, "Lead A", name=cluster.prefix)
    coder = cluster.join(lead, "Coder 1", "coder")
    # The lead's other device sends its own edit of the note first.
    link = lead._store.team_link()
    assert link is not None
    document = {**note_document(lead.note(note.id)), "description": "Desk version."}
    with TeamServer.open(link.conninfo, link.schema) as server:
        sent = seal_team_row(
            link, "note", note.id, 2, link.member_id, document, clear_of("note", document)
        )
        assert len(server.push([sent]).accepted) == 1
    worried = PrincipleLink("sos.worried", "at-risk")
    laptop = "Laptop version: the rota is posted late."
    start = laptop.index("rota is posted late")
    passage = Passage(
        "laptop-passage",
        "description",
        start,
        start + len("rota is posted late"),
        "rota is posted late",
        obstacle_ids=(rota.id,),
        principles=(worried,),
        memo="Every week.",
    )
    lead.update_note(
        note.id,
        _note(laptop, obstacle_ids=[rota.id], principles=[worried], passages=[passage]),
    )
    assert len(lead.sync().conflicts) == 1
    lead.resolve_conflict(lead.conflicts()[0].conflict_id, "both")
    codes = {"obstacles": [rota.id], "principles": [("sos.worried", "at-risk")]}
    for notebook in (lead, coder):
        if notebook is coder:
            lead.sync()
            coder.sync()
        (copy,) = [n for n in notebook.notes() if n.description == laptop]
        assert copy.id != note.id
        assert {
            "obstacles": copy.obstacle_ids,
            "principles": [(p.principle_id, p.stance) for p in copy.principles],
        } == codes
        # The passage went with the copy (under an id of its own), on the copy's words.
        (kept,) = copy.passages
        assert kept.id != passage.id
        assert (kept.text, laptop[kept.start : kept.end], kept.orphaned) == (
            "rota is posted late",
            "rota is posted late",
            False,
        )
        assert (kept.obstacle_ids, kept.principles, kept.memo) == (
            (rota.id,),
            (worried,),
            "Every week.",
        )
        assert notebook.note(note.id).description == "Desk version."


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
    """Passages travel in the note's codes, so a coder codes one on a colleague's note as
    they tag it; the note's words, and its row, are not changed for it."""
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
    added = coder.code_passage(visit.id, "description", 0, 3, obstacle_ids=[it.id])
    assert coder.note(visit.id).updated_at == lead.note(visit.id).updated_at
    sent = coder.sync()
    assert (sent.pushed, sent.problem, sent.refused) == (1, "", ())  # the codes, not the note
    assert coder.sync_state().waiting == 0
    assert not lead.sync().refused
    assert [p.id for p in lead.note(visit.id).passages] == [passage.id, added.id]
    assert lead.sync_state().waiting == 0


def _stances(notebook: Notebook, note_id: str) -> list[tuple[str, str]]:
    return sorted((p.principle_id, p.stance) for p in notebook.note(note_id).principles)


def _dirty(notebook: Notebook) -> set[tuple[str, str]] | None:
    with notebook._store._read() as conn:
        return dirty_keys(conn)


def test_a_coder_codes_a_principle_on_the_psws_note_and_everyone_sees_it(
    cluster: Cluster,
) -> None:
    lead = cluster.lead()
    lead.team_create(cluster.lead_url, "Lead A", name=cluster.prefix)
    psw = cluster.join(lead, "PSW 1", "capture")
    visit = psw.add_note(_note("Home visit: the mother asked who reads these notes."))
    assert psw.sync().pushed == 1
    coder = cluster.join(lead, "Coder 1", "coder")

    coder.tag_notes([visit.id], principle=PrincipleLink("sos.worried", "at-risk"))
    # The note's codes changed, not its words: only the link row waits.
    assert _dirty(coder) == {("link", visit.id)}
    sent = coder.sync()
    assert (sent.pushed, sent.problem, sent.refused) == (1, "", ())
    for replica in (lead, psw):
        pulled = replica.sync()
        assert not pulled.refused
        assert _stances(replica, visit.id) == [("sos.worried", "at-risk")]
        assert replica.sync_state().waiting == 0
    assert psw.note(visit.id).description == visit.description
    assert lead.author_of(visit.id) == "PSW 1"

    # The coder changes the stance and then takes the principle off again.
    coder.tag_notes([visit.id], principle=PrincipleLink("sos.worried", "honoured"))
    coder.sync()
    lead.sync()
    assert _stances(lead, visit.id) == [("sos.worried", "honoured")]
    coder.tag_notes([visit.id], principle=PrincipleLink("sos.worried"), remove=True)
    coder.sync()
    psw.sync()
    assert _stances(psw, visit.id) == []


def test_a_capture_member_codes_principles_on_their_own_notes_only(cluster: Cluster) -> None:
    lead = cluster.lead()
    lead.team_create(cluster.lead_url, "Lead A", name=cluster.prefix)
    psw = cluster.join(lead, "PSW 1", "capture")
    other = cluster.join(lead, "PSW 2", "capture")
    theirs = psw.add_note(_note("PSW 1's note."))
    psw.sync()
    other.sync()
    with pytest.raises(NotPermitted, match="only your own notes' principles"):
        other.tag_notes([theirs.id], principle=PrincipleLink("sos.worried", "at-risk"))
    assert _stances(other, theirs.id) == []
    assert other.sync_state().waiting == 0

    own = other.add_note(_note("PSW 2's own note."))
    other.tag_notes([own.id], principle=PrincipleLink("sos.worried", "at-risk"))
    sent = other.sync()
    assert (sent.pushed, sent.problem, sent.refused) == (2, "", ())  # the note, its codes
    assert other.sync_state().waiting == 0
    other.tag_notes([own.id], principle=PrincipleLink("sos.worried", "honoured"))
    assert other.sync().pushed == 1
    pulled = lead.sync()
    assert not pulled.refused
    assert _stances(lead, own.id) == [("sos.worried", "honoured")]


def test_two_coders_coding_one_note_offline_resolve_principles_to_mine(
    cluster: Cluster,
) -> None:
    lead = cluster.lead()
    note = lead.add_note(_note("Shared note."))
    lead.team_create(cluster.lead_url, "Lead A", name=cluster.prefix)
    one = cluster.join(lead, "Coder 1", "coder")
    two = cluster.join(lead, "Coder 2", "coder")
    one.tag_notes([note.id], principle=PrincipleLink("sos.worried", "at-risk"))
    two.tag_notes([note.id], principle=PrincipleLink("sos.worried", "honoured"))
    one.sync()
    met = two.sync()
    assert [c.kind for c in met.conflicts] == ["link"]
    assert _stances(two, note.id) == [("sos.worried", "at-risk")]
    two.resolve_conflict(two.conflicts()[0].conflict_id, "mine")
    assert _stances(two, note.id) == [("sos.worried", "honoured")]
    assert two.sync_state().waiting == 0
    one.sync()
    assert _stances(one, note.id) == [("sos.worried", "honoured")]


def _push_as(
    notebook: Notebook, kind: Kind, row_id: str, revision: int, document: dict[str, Any]
) -> None:
    link = notebook._store.team_link()
    assert link is not None
    with TeamServer.open(link.conninfo, link.schema) as server:
        sent = seal_team_row(
            link, kind, row_id, revision, link.member_id, document, clear_of(kind, document)
        )
        assert len(server.push([sent]).accepted) == 1


def test_a_note_in_the_older_shape_still_brings_its_principles(cluster: Cluster) -> None:
    """Replicas made before principles moved to the link row wrote them in the note; a
    pulled note of that shape is applied as it was meant, and an old link row without them
    does not take them away."""
    lead = cluster.lead()
    it = lead.add_obstacle("IT system")
    lead.team_create(cluster.lead_url, "Lead A", name=cluster.prefix)
    coder = cluster.join(lead, "Coder 1", "coder")
    note = lead.add_note(_note("Written on an older replica."))
    older = {**note_document(lead.note(note.id)), "principles": [["sos.worried", "at-risk"]]}
    _push_as(lead, "note", note.id, 1, older)
    _push_as(lead, "link", note.id, 1, {"obstacles": [it.id]})
    pulled = coder.sync()
    assert not pulled.refused
    assert _stances(coder, note.id) == [("sos.worried", "at-risk")]
    assert coder.note(note.id).obstacle_ids == [it.id]


def test_a_pulled_code_naming_an_unknown_principle_keeps_the_rest(cluster: Cluster) -> None:
    lead = cluster.lead()
    note = lead.add_note(_note("A note."))
    lead.team_create(cluster.lead_url, "Lead A", name=cluster.prefix)
    coder = cluster.join(lead, "Coder 1", "coder")
    codes = {
        "obstacles": ["no-such-obstacle"],
        "principles": [["no.such-principle", "at-risk"], ["sos.worried", "honoured"]],
    }
    _push_as(lead, "link", note.id, 1, codes)
    pulled = coder.sync()
    assert not pulled.refused
    assert _stances(coder, note.id) == [("sos.worried", "honoured")]
    assert coder.note(note.id).obstacle_ids == []
    assert coder.sync_state().waiting == 0


def test_a_capture_members_codes_on_a_colleagues_note_are_refused_even_past_the_server(
    cluster: Cluster,
) -> None:
    lead = cluster.lead()
    lead.team_create(cluster.lead_url, "Lead A", name=cluster.prefix)
    psw = cluster.join(lead, "PSW 1", "capture")
    other = cluster.join(lead, "PSW 2", "capture")
    theirs = psw.add_note(_note("PSW 1's note."))
    psw.sync()
    lead.sync()
    link = other._store.team_link()
    assert link is not None
    codes = {"obstacles": [], "principles": [["sos.worried", "at-risk"]]}
    forged = seal_team_row(link, "link", theirs.id, 1, link.member_id, codes, {})
    with cluster.superuser() as admin:
        # As a server that let it through would hold it: past every policy and trigger.
        admin.execute("SET session_replication_role = replica")
        admin.execute(
            f'INSERT INTO "{cluster.prefix}".rows (kind, row_id, revision, generation, author, '
            "signed_by, sealed, clear, signature, seq) VALUES (%s, %s, %s, %s, %s, %s, %s, "
            f"%s::jsonb, %s, nextval('\"{cluster.prefix}\".seq'))",
            [
                forged.kind,
                forged.row_id,
                forged.revision,
                forged.generation,
                forged.author,
                forged.signed_by,
                forged.sealed,
                canonical_clear(forged.clear).decode("utf-8"),
                forged.signature,
            ],
        )
    report = lead.sync()
    assert any(theirs.id in line and "role" in line for line in report.refused)
    assert _stances(lead, theirs.id) == []


def test_new_obstacles_under_a_new_parent_arrive_under_it(cluster: Cluster) -> None:
    """The rows waiting here are in no particular order; a child sent before its parent
    used to arrive without it. With twenty children that was all but certain."""
    lead = cluster.lead()
    lead.team_create(cluster.lead_url, "Lead A", name=cluster.prefix)
    coder = cluster.join(lead, "Coder 1", "coder")
    parent = coder.add_obstacle("IT system")
    children = [coder.add_obstacle(f"Screen {n}", parent_id=parent.id) for n in range(20)]
    assert coder.sync().pushed == 21
    assert not lead.sync().refused
    assert {lead.obstacle(c.id).parent_id for c in children} == {parent.id}


def test_a_merge_recodes_passages_and_the_sync_sends_them_a_colleagues_too(
    cluster: Cluster,
) -> None:
    """A merge seals again each note with a passage coded with the merged-away obstacle;
    the next sync sends its codes like any coding, a colleague's note's as well (its words
    are not changed)."""
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
    lead.merge_obstacles(waiting.id, paperwork.id)
    assert lead.note(theirs.id).passages[0].obstacle_ids == (paperwork.id,)
    sent = lead.sync()
    assert (sent.problem, sent.refused) == ("", ())
    assert lead.sync_state().waiting == 0
    assert not coder.sync().refused
    assert coder.note(theirs.id).passages[0].obstacle_ids == (paperwork.id,)
    assert coder.note(theirs.id).description == words
    assert waiting.id not in {o.id for o in coder.obstacles()}
    assert coder.sync_state().waiting == 0


def test_a_replica_synced_in_the_older_shape_sends_nothing_again_for_the_move(
    cluster: Cluster,
) -> None:
    """A replica made before principles moved to the link row recorded its notes and links
    as synced in that shape; what the team holds of them has not changed, so none is sent."""
    lead = cluster.lead()
    it = lead.add_obstacle("IT system")
    note = lead.add_note(_note("Tagged, with no principles."))
    lead.tag_notes([note.id], obstacle_id=it.id)
    lead.team_create(cluster.lead_url, "Lead A", name=cluster.prefix)
    assert lead.sync_state().waiting == 0
    key = lead._store.sealer.subkey("team/rows")
    older = {
        "note": (
            document_digest(key, "note", {**note_document(lead.note(note.id)), "principles": []}),
            f"{lead.note(note.id).revision}|",
        ),
        "link": (document_digest(key, "link", {"obstacles": [it.id]}), it.id),
    }
    with lead._store._write() as conn:
        for kind, (digest, state) in older.items():
            conn.execute(
                update(TEAM_ROW)
                .where((TEAM_ROW.c.kind == kind) & (TEAM_ROW.c.row_id == note.id))
                .values(digest=digest, synced=state)
            )
    # Both rows' recorded states are of the older shapes.
    assert lead.sync_state().waiting == 2
    report = lead.sync()
    assert (report.pushed, report.problem) == (0, "")
    assert lead.sync_state().waiting == 0
    assert lead.sync().pushed == 0


def test_a_colleagues_decision_is_a_step_of_the_timeline_on_every_replica(
    cluster: Cluster,
) -> None:
    lead = cluster.lead()
    it = lead.add_obstacle("IT system")
    lead.update_obstacle(it.id, status="evidenced")
    lead.team_create(cluster.lead_url, "Lead A", name=cluster.prefix)
    psw = cluster.join(lead, "PSW 1", "capture")
    # What the newcomer joined is the state it starts from, not a change made then.
    assert psw.obstacle(it.id).status == "evidenced"
    assert psw.obstacle_history(it.id) == []

    lead.update_obstacle(it.id, status="raised", ask="Fix the logins before winter")
    lead.sync()
    psw.sync()
    (step,) = psw.obstacle_history(it.id)
    assert step.by == "Lead A"
    assert [(c.field, c.before, c.after) for c in step.changes] == [
        ("status", "evidenced", "raised"),
        ("ask", "", "Fix the logins before winter"),
    ]
    # The step is this replica's own record: nothing goes back up for it.
    assert psw.sync_state().waiting == 0
    assert psw.sync().pushed == 0

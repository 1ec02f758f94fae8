"""What a sync no longer redoes, against a real PostgreSQL: the dirty set
(`storage/team/replica_dirty.py`), the rows a rotation wrote, the position after a push.

The set replaces a scan of every row at every sync, so each test holds it to what the scan
would say: a change made while a push is in flight is sent next time, a pulled row is never
counted as waiting, a pull cut off before its position is saved is pulled again without a
duplicate, and a replica made before the set existed still sends what was waiting. A lead's
rotation and a replica's own pushes move its position on without pulling back what it wrote,
and never past a colleague's row.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from fieldnotes.notebook import Notebook
from fieldnotes.storage.team.replica_dirty import COMPLETE
from fieldnotes.storage.team.replica_rows import changed_rows, local_states, synced_states
from fieldnotes.storage.team.server import TeamServer as Server
from tests.test_team_sync import Cluster, _note, cluster_on

DIRTY = "SELECT kind, row_id FROM team_dirty"


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[Cluster]:
    with cluster_on(tmp_path) as built:
        yield built


def _scan(notebook: Notebook) -> set[tuple[str, str]]:
    """What changed here, by the full scan the dirty set stands in for (its plain twin)."""
    with notebook._store._read() as conn:
        return set(changed_rows(local_states(conn), synced_states(conn)))


def _dirty(notebook: Notebook) -> set[tuple[str, str]]:
    with notebook._store._read() as conn:
        rows = conn.exec_driver_sql(DIRTY).fetchall()
    return {(str(kind), str(row_id)) for kind, row_id in rows} - {COMPLETE}


def test_a_note_changed_while_its_push_is_in_flight_is_sent_next_time(
    cluster: Cluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    lead = cluster.lead()
    lead.team_create(cluster.lead_url, "Lead A", name=cluster.prefix)
    psw = cluster.join(lead, "PSW 1", "capture")
    note = psw.add_note(_note("Duty: the first version."))
    original = Server.push

    def edited_meanwhile(self: Server, rows: object, **options: object) -> object:
        result = original(self, rows, **options)  # type: ignore[arg-type]  # passed through
        # The app's editor saves while the sync worker waits for the server's answer.
        psw.update_note(note.id, _note("Duty: the second version."))
        return result

    monkeypatch.setattr(Server, "push", edited_meanwhile)
    assert psw.sync().pushed == 1
    monkeypatch.setattr(Server, "push", original)
    assert psw.sync_state().waiting == 1
    assert _dirty(psw) == _scan(psw) == {("note", note.id)}
    assert psw.sync().pushed == 1
    assert psw.sync_state().waiting == 0
    lead.sync()
    assert lead.note(note.id).description == "Duty: the second version."


def test_what_a_pull_applies_is_never_waiting_and_the_set_matches_the_scan(
    cluster: Cluster,
) -> None:
    lead = cluster.lead()
    lead.add_note(_note("Before the team."))
    it = lead.add_obstacle("IT system")
    lead.team_create(cluster.lead_url, "Lead A", name=cluster.prefix)
    assert _dirty(lead) == _scan(lead) == set()
    coder = cluster.join(lead, "Coder 1", "coder")
    assert _dirty(coder) == _scan(coder) == set()

    mine = coder.add_note(_note("A coder's own note."))
    logins = coder.add_obstacle("Logins", parent_id=it.id)
    coder.tag_notes([mine.id], obstacle_id=logins.id)
    assert _dirty(coder) == _scan(coder)
    assert ("note", mine.id) in _dirty(coder) and ("obstacle", logins.id) in _dirty(coder)
    assert coder.sync().pushed == 3
    assert _dirty(coder) == _scan(coder) == set()

    # The lead's pull, and what it writes locally (a parent moved up when its obstacle goes).
    lead.sync()
    assert _dirty(lead) == _scan(lead) == set()
    lead.delete_obstacle(it.id)
    assert _dirty(lead) == _scan(lead)
    assert ("obstacle", logins.id) in _dirty(lead)
    assert lead.sync().pushed == 2  # the obstacle gone, and its child moved up
    assert _dirty(lead) == _scan(lead) == set()
    coder.sync()
    assert _dirty(coder) == _scan(coder) == set()
    assert coder.obstacle(logins.id).parent_id is None


def test_a_pull_cut_off_before_its_position_is_saved_is_pulled_again_once(
    cluster: Cluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    lead = cluster.lead()
    lead.team_create(cluster.lead_url, "Lead A", name=cluster.prefix)
    psw = cluster.join(lead, "PSW 1", "capture")
    sent = [lead.add_note(_note(f"Strategy discussion {i}.")) for i in range(3)]
    assert lead.sync().pushed == 3
    store = psw._store
    save = type(store).save_team_link

    def crash(self: object, link: object, *, conn: object = None) -> None:
        if conn is not None:
            raise KeyboardInterrupt  # the laptop's lid shut between the apply and the save
        save(store, link, conn=conn)  # type: ignore[arg-type]  # passed through

    monkeypatch.setattr(type(store), "save_team_link", crash)
    with pytest.raises(KeyboardInterrupt):
        psw.sync()
    monkeypatch.setattr(type(store), "save_team_link", save)
    assert not {n.id for n in sent} & {n.id for n in psw.notes()}
    assert psw.sync().pulled == 3
    ids = [n.id for n in psw.notes()]
    assert sorted(ids) == sorted({n.id for n in sent}) and len(ids) == len(set(ids))
    assert psw.sync().pulled == 0
    assert psw.sync_state().waiting == 0 and _dirty(psw) == set()


def test_a_replica_made_before_the_set_sends_what_was_waiting(cluster: Cluster) -> None:
    lead = cluster.lead()
    lead.team_create(cluster.lead_url, "Lead A", name=cluster.prefix)
    psw = cluster.join(lead, "PSW 1", "capture")
    waiting = psw.add_note(_note("Written offline, before this version."))
    # As an older fieldnotes left the file: no set at all.
    with psw._store._write() as conn:
        conn.exec_driver_sql("DELETE FROM team_dirty")
    assert psw.sync_state().waiting == 1  # the scan, while the set is not complete
    assert psw.sync().pushed == 1
    with psw._store._read() as conn:
        assert (COMPLETE[0], COMPLETE[1]) in set(map(tuple, conn.exec_driver_sql(DIRTY)))
    later = psw.update_note(waiting.id, _note("Written offline, then changed."))
    assert _dirty(psw) == _scan(psw) == {("note", later.id)}
    assert psw.sync().pushed == 1
    lead.sync()
    assert lead.note(waiting.id).description == "Written offline, then changed."


def test_a_rotation_takes_in_what_the_lead_had_not_pulled_and_leaves_nothing_waiting(
    cluster: Cluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fieldnotes.storage.team import membership

    lead = cluster.lead()
    own = lead.add_note(_note("The lead's note."))
    lead.team_create(cluster.lead_url, "Lead A", name=cluster.prefix)
    psw = cluster.join(lead, "PSW 1", "capture")
    leaver = cluster.join(lead, "PSW 2", "capture")
    leaver.add_note(_note("The leaver's note."))
    assert leaver.sync().pushed == 1
    rotate = membership.rotate
    written: list[str] = []

    def colleague_first(link: object, server: object) -> object:
        # A colleague's note lands after the lead's own sync and before the key change.
        written.append(psw.add_note(_note("Written just before the key change.")).id)
        assert psw.sync().pushed == 1
        return rotate(link, server)  # type: ignore[arg-type]  # passed through

    monkeypatch.setattr(membership, "rotate", colleague_first)
    assert lead.remove_member("PSW 2") >= 4
    monkeypatch.setattr(membership, "rotate", rotate)
    assert {own.id, *written} <= {n.id for n in lead.notes()}
    assert lead.author_of(written[0]) == "PSW 1"
    assert lead.sync().pulled == 0
    assert lead.sync_state().waiting == 0 and _dirty(lead) == _scan(lead) == set()
    # The colleague who stays pulls the re-sealed rows and writes on top of them.
    psw.sync()
    assert psw.sync_state().waiting == 0
    later = psw.add_note(_note("After the key change."))
    assert psw.sync().pushed == 1
    assert lead.sync().pulled == 1
    assert later.id in {n.id for n in lead.notes()}


def test_a_colleagues_write_just_before_my_push_is_still_pulled(cluster: Cluster) -> None:
    lead = cluster.lead()
    lead.team_create(cluster.lead_url, "Lead A", name=cluster.prefix)
    psw = cluster.join(lead, "PSW 1", "capture")
    assert lead.sync().pulled == 0
    theirs = psw.add_note(_note("The PSW's note, sent first."))
    assert psw.sync().pushed == 1
    mine = lead.add_note(_note("The lead's note, sent after it."))
    report = lead.sync()
    assert report.pushed == 1 and report.pulled == 1
    assert {theirs.id, mine.id} <= {n.id for n in lead.notes()}
    # Pushes of its own, one after another, move the position on without pulling them back.
    for i in range(3):
        lead.add_note(_note(f"The lead again, {i}."))
        assert lead.sync().pulled == 0
    assert psw.sync().pulled == 4


def test_notes_a_join_writes_in_bulk_read_back_whole_and_the_file_checks(
    cluster: Cluster,
) -> None:
    from fieldnotes.domain.model import PrincipleLink
    from tests.conftest import TEST_PASSPHRASE

    lead = cluster.lead()
    principle = sorted(lead.principles())[0]
    plain = lead.add_note(_note("A plain note."))
    linked = lead.add_note(_note("A note with a principle.", asides="An aside."))
    lead.tag_notes([linked.id], principle=PrincipleLink(principle, "at-risk"))
    trashed = lead.add_note(_note("A note in the trash."))
    lead.trash_note(trashed.id)
    assert lead.team_create(cluster.lead_url, "Lead A", name=cluster.prefix).problem == ""
    psw = cluster.join(lead, "PSW 1", "capture")
    path = psw.path
    psw.close()
    cluster.opened.remove(psw)
    again = Notebook.open(path)
    cluster.opened.append(again)
    again.unlock(TEST_PASSPHRASE)
    assert again.integrity_problems() == ()
    for note in (plain, linked):
        theirs, mine = lead.note(note.id), again.note(note.id)
        assert not mine.damaged
        assert (mine.description, mine.asides, mine.occurred_at, mine.principles) == (
            theirs.description,
            theirs.asides,
            theirs.occurred_at,
            theirs.principles,
        )
    assert trashed.id not in {n.id for n in again.notes()}
    assert again.sync_state().waiting == 0


def test_a_pulled_page_is_judged_at_commit_from_the_states_it_was_recorded_at(
    cluster: Cluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Recording a page of pulled rows already read their states: the dirty set's judging at
    commit takes them as recorded rather than reading every row of the page again, and says
    what the scan says."""
    from fieldnotes.storage.team import replica_dirty

    lead = cluster.lead()
    it = lead.add_obstacle("IT system")
    lead.team_create(cluster.lead_url, "Lead A", name=cluster.prefix)
    psw = cluster.join(lead, "PSW 1", "capture")
    coded = [lead.add_note(_note(f"Visit {i}.")) for i in range(3)]
    lead.tag_notes([n.id for n in coded[:2]], obstacle_id=it.id)
    lead.update_obstacle(it.id, status="raised")
    lead.sync()
    read_again: list[tuple[str, str]] = []
    original = replica_dirty.states_for

    def counted(conn: object, keys: object) -> object:
        asked = list(keys)  # type: ignore[call-overload]  # keys, from settle
        read_again.extend(asked)
        return original(conn, asked)  # type: ignore[arg-type]  # passed through

    monkeypatch.setattr(replica_dirty, "states_for", counted)
    report = psw.sync()
    assert report.pulled >= 5 and report.refused == ()
    pulled_ids = {n.id for n in coded} | {it.id}
    assert not [key for key in read_again if key[1] in pulled_ids]
    assert _dirty(psw) == _scan(psw) == set()
    # Written here afterwards, one of them is waiting again.
    mine = psw.add_note(_note("My own visit."))
    assert _dirty(psw) == _scan(psw) == {("note", mine.id)}


def test_a_link_saved_in_a_transaction_that_rolled_back_is_not_believed(
    cluster: Cluster,
) -> None:
    # The link is kept opened between writes (every write's check asks for it): what a
    # rolled-back transaction wrote into it, and was read back inside it, must not outlive
    # the rollback.
    lead = cluster.lead()
    lead.team_create(cluster.lead_url, "Lead A", name=cluster.prefix)
    psw = cluster.join(lead, "PSW 1", "capture")
    store = psw._store
    before = store.team_link()
    assert before is not None
    with pytest.raises(KeyboardInterrupt), store._write() as conn:
        store.save_team_link(replace(before, position=before.position + 50), conn=conn)
        inside = store.team_link()  # asked inside the transaction, as a write's check asks
        assert inside is not None and inside.position == before.position + 50
        raise KeyboardInterrupt  # the lid shut before the commit
    after = store.team_link()
    assert after is not None and after.position == before.position
    lead.add_note(_note("Strategy discussion, the second."))
    assert lead.sync().pushed == 1
    assert psw.sync().pulled == 1
    moved = store.team_link()
    assert moved is not None and moved.position > before.position

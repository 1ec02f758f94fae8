"""A retention purge reaches the whole team, against a real PostgreSQL.

A lead purges a colleague's note that is due: the server keeps no word of it, the
colleague's replica deletes it for good at its next sync (its rows, codes, conflicted
copies and search index) and keeps the same anonymous counts and log entry as the lead's.
A capture member may not purge a colleague's note, in the app or past it. Skips, saying
why, without `FIELDNOTES_TEST_POSTGRES_URL`.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import psycopg
import pytest

from fieldnotes.domain.model import Note, NoteDraft
from fieldnotes.errors import NotFound
from fieldnotes.notebook import Notebook
from fieldnotes.storage.team import NotPermitted, TeamServer
from fieldnotes.storage.team.replica import open_team_row, seal_team_row
from fieldnotes.storage.team.replica_docs import clear_of
from fieldnotes.storage.team.replica_sync import _keep_conflict, conflicts
from fieldnotes.storage.team.rows import Clear, canonical_clear
from fieldnotes.tui.app import FieldnotesApp
from fieldnotes.tui.dialogs.confirm import ConfirmScreen
from fieldnotes.tui.screens.retention import RetentionScreen
from tests.team_support import Team, team
from tests.test_team_sync import Cluster, _offline, _online, cluster
from tests.test_team_tui import unlocked, until
from tests.tui.shell_support import screen_text

__all__ = ["cluster", "team"]

TODAY = date(2026, 12, 1)
WORDS = "CANARYWORD the grandmother named the school"


def _note(description: str, when: datetime = datetime(2026, 2, 3, 10, 0)) -> NoteDraft:
    return NoteDraft(mode="observe", team="Northfield", description=description, occurred_at=when)


def _server_rows(cluster: Cluster, row_id: str) -> list[tuple[object, ...]]:
    with cluster.superuser() as conn:
        return conn.execute(
            f'SELECT kind, revision, sealed, clear FROM "{cluster.prefix}".rows '
            "WHERE row_id = %s ORDER BY kind",
            [row_id],
        ).fetchall()


def _file_rows(path: Path, note_id: str) -> dict[str, int]:
    raw = sqlite3.connect(path)
    try:
        found = {
            "note": raw.execute("SELECT count(*) FROM note WHERE id = ?", [note_id]),
            "note_obstacle": raw.execute(
                "SELECT count(*) FROM note_obstacle WHERE note_id = ?", [note_id]
            ),
            "note_principle": raw.execute(
                "SELECT count(*) FROM note_principle WHERE note_id = ?", [note_id]
            ),
            "draft": raw.execute("SELECT count(*) FROM draft WHERE note_id = ?", [note_id]),
            "search_doc": raw.execute(
                "SELECT count(*) FROM search_doc WHERE note_id = ?", [note_id]
            ),
        }
        return {table: int(cursor.fetchone()[0]) for table, cursor in found.items()}
    finally:
        raw.close()


def _evidence(notebook: Notebook) -> list[tuple[object, ...]]:
    """What the synthesis says of each obstacle (not the local row's revision)."""
    return [
        (e.obstacle.id, e.path, e.note_ids, e.teams, e.modes, e.principles, e.strength)
        for e in notebook.synthesis().evidence
    ]


def _a_team_with_a_psw_note(
    cluster: Cluster,
) -> tuple[Notebook, Notebook, str, str]:
    lead = cluster.lead()
    it = lead.add_obstacle("IT system")
    lead.team_create(cluster.lead_url, "Lead A", name=cluster.prefix)
    psw = cluster.join(lead, "PSW 1", "capture")
    old = psw.add_note(_note(WORDS))
    psw.sync()
    lead.sync()
    lead.tag_notes([old.id], obstacle_id=it.id)
    lead.set_retention_months(6)
    lead.sync()
    psw.sync()
    psw.set_retention_months(6)
    assert psw.note(old.id).obstacle_ids == [it.id]
    return lead, psw, old.id, it.id


def _a_team_with_a_psw_note_and_the_lead_s(
    cluster: Cluster,
) -> tuple[Notebook, Notebook, str, Note]:
    """The team above, with a note of the lead's as well, due like the PSW's and synced."""
    lead, psw, note_id, _obstacle_id = _a_team_with_a_psw_note(cluster)
    theirs = lead.add_note(_note("The lead's note, due as well."))
    lead.sync()
    psw.sync()
    return lead, psw, note_id, theirs


def test_a_lead_purges_a_colleague_s_due_note_and_every_replica_forgets_it(
    cluster: Cluster,
) -> None:
    lead, psw, note_id, obstacle_id = _a_team_with_a_psw_note(cluster)
    kept = psw.add_note(_note("A note that stays.", datetime(2026, 11, 20, 9, 0)))
    psw.sync()
    # The PSW's replica holds a draft of the note and a conflicted copy of it.
    psw.save_draft("d-1", {"description": WORDS + " unsaved"}, note_id)
    assert psw.catch_up_search_index() == 0
    assert _file_rows(psw.path, note_id)["search_doc"] == 1
    assert [n.id for n in psw.search(WORDS.split()[0])] == [note_id]
    with psw._store._write() as conn:
        _keep_conflict(
            conn,
            key=("note", note_id),
            mine={"description": WORDS},
            theirs={"description": WORDS},
            theirs_by="Lead A",
            store=psw._store,
        )
    assert len(psw.conflicts()) == 1

    lead.sync()
    assert [item.note_id for item in lead.retention(today=TODAY).due] == [note_id]
    record = lead.purge(today=TODAY)
    assert record.count == 1 and record.by == "Lead A"
    report = lead.sync()
    assert report.problem == "" and report.pushed == 2  # the note and its codes

    # The server holds nothing of its words: both rows are sealed tombstones now.
    rows = _server_rows(cluster, note_id)
    assert [(r[0], r[1]) for r in rows] == [("link", 2), ("note", 2)]
    for _kind, _revision, _sealed, clear in rows:
        assert clear == {"deleted": True, "purged": True}
    link = lead._store.team_link()
    assert link is not None
    with TeamServer.open(link.conninfo, link.schema) as server:
        pulled = server.pull(0)
    for row in pulled.rows:
        if row.row_id == note_id:
            document = open_team_row(link, row)
            assert document["deleted"] is True and WORDS not in json.dumps(document)

    # The colleague's replica, at its next sync, purges it for good.
    psw.sync()
    with pytest.raises(NotFound):
        psw.note(note_id)
    assert note_id not in {n.id for n in psw.trashed_notes()}
    assert _file_rows(psw.path, note_id) == dict.fromkeys(
        ("note", "note_obstacle", "note_principle", "draft", "search_doc"), 0
    )
    assert psw.conflicts() == []
    assert conflicts(psw._store) == []
    assert psw.search(WORDS.split()[0]) == []
    assert [n.id for n in psw.search("stays")] == [kept.id]
    # The index is built again from the notes left: the purged words are not in it.
    assert psw.catch_up_search_index() == 0
    with psw._store.search_snapshot() as snapshot:
        assert snapshot is not None and "canaryword" not in snapshot.word_list().casefold()
        assert "stays" in snapshot.word_list().casefold()
    # The same counts and the same synthesis on both replicas; the purge logged on each.
    assert psw.purged_counts() == lead.purged_counts()
    assert psw.purged_counts()[obstacle_id].notes == 1
    assert _evidence(psw) == _evidence(lead)
    (theirs,) = psw.purge_log()
    (mine,) = lead.purge_log()
    assert (theirs.by, theirs.count, theirs.at, theirs.reason) == (
        "Lead A",
        1,
        mine.at,
        "retention",
    )
    # Pulling again changes nothing: the purge is taken once.
    psw.sync()
    assert len(psw.purge_log()) == 1 and psw.purged_counts() == lead.purged_counts()


def test_a_capture_member_may_not_purge_a_colleague_s_note(cluster: Cluster) -> None:
    lead, psw, _note_id, _obstacle_id = _a_team_with_a_psw_note(cluster)
    lead_note = lead.add_note(_note("The lead's own note."))
    lead.sync()
    psw.sync()
    with pytest.raises(NotPermitted, match="only a lead purges a colleague's note"):
        psw.purge([lead_note.id])
    assert psw.note(lead_note.id).description == "The lead's own note."
    assert psw.purge_log() == []

    # A modified client writing the purge straight to the server: refused there.
    link = psw._store.team_link()
    assert link is not None
    document = {"deleted": True, "purged": {"id": "x", "at": "2026-12-01T00:00"}}
    lead_link = lead._store.team_link()
    assert lead_link is not None
    with TeamServer.open(link.conninfo, link.schema) as server:
        row = seal_team_row(
            link,
            "note",
            lead_note.id,
            2,
            lead_link.member_id,
            document,
            clear_of("note", document),
        )
        with pytest.raises(psycopg.Error, match="only its author"):
            server.connection.execute(
                f'UPDATE "{link.schema}".rows SET revision = %s, sealed = %s, clear = %s, '
                "signed_by = %s, signature = %s WHERE kind = 'note' AND row_id = %s",
                [
                    row.revision,
                    row.sealed,
                    canonical_clear(row.clear).decode(),
                    row.signed_by,
                    row.signature,
                    row.row_id,
                ],
            )
    assert lead.sync().problem == ""
    assert lead.note(lead_note.id).description == "The lead's own note."

    # A server that let it through anyway: the lead's pull refuses it and keeps the note.
    with cluster.superuser() as conn:
        conn.execute("SET session_replication_role = replica")  # past every trigger
        conn.execute(
            f'UPDATE "{link.schema}".rows SET revision = %s, sealed = %s, clear = %s, '
            f"signed_by = %s, signature = %s, seq = nextval('\"{link.schema}\".seq') "
            "WHERE kind = 'note' AND row_id = %s",
            [
                row.revision,
                row.sealed,
                canonical_clear(row.clear).decode(),
                row.signed_by,
                row.signature,
                row.row_id,
            ],
        )
    report = psw.sync()
    assert any(lead_note.id in reason for reason in report.refused)
    assert psw.note(lead_note.id).description == "The lead's own note."
    assert psw.purge_log() == []

    # A lead's purge whose entry is damaged: refused and named; the rest still applies.
    lead_again = lead.add_note(_note("Another of the lead's notes."))
    lead.sync()
    bad = {"deleted": True, "purged": {"id": "y", "at": "not a date"}}
    with TeamServer.open(lead_link.conninfo, lead_link.schema) as server:
        broken = seal_team_row(
            lead_link, "note", lead_again.id, 2, lead_link.member_id, bad, clear_of("note", bad)
        )
        assert server.push([broken]).accepted
    psw.add_note(_note("Written meanwhile."))
    report = psw.sync()
    assert any("damaged" in reason and lead_again.id in reason for reason in report.refused)
    assert report.pushed == 1 and report.problem == ""
    assert psw.purge_log() == []


def test_a_capture_member_s_purge_of_every_due_note_takes_only_their_own(
    cluster: Cluster,
) -> None:
    lead, psw, note_id, theirs = _a_team_with_a_psw_note_and_the_lead_s(cluster)
    assert {item.note_id for item in psw.retention(today=TODAY).due} == {note_id, theirs.id}
    assert [n.id for n in psw.notes_to_purge(today=TODAY)] == [note_id]
    assert psw.purge(today=TODAY).count == 1
    assert psw.note(theirs.id).description == "The lead's note, due as well."
    psw.sync()
    lead.sync()
    with pytest.raises(NotFound):
        lead.note(note_id)
    # The lead's purge of every due note takes the rest.
    assert [n.id for n in lead.notes_to_purge(today=TODAY)] == [theirs.id]


def test_a_purge_made_offline_goes_up_at_the_next_sync(cluster: Cluster) -> None:
    lead, psw, note_id, _obstacle_id = _a_team_with_a_psw_note(cluster)
    real = _offline(psw)
    # The PSW purges their own note on a home visit with no signal.
    psw.purge([note_id])
    assert not psw.sync().online
    assert psw.sync_state().waiting >= 1
    _online(psw, real)
    assert psw.sync().problem == ""
    assert psw.sync_state().waiting == 0
    lead.sync()
    with pytest.raises(NotFound):
        lead.note(note_id)
    (logged,) = lead.purge_log()
    assert logged.by == "PSW 1" and logged.reason == "by hand"
    assert lead.purged_counts() == psw.purged_counts()
    for _kind, _revision, _sealed, clear in _server_rows(cluster, note_id):
        assert clear == {"deleted": True, "purged": True}


def test_a_purge_is_not_undone_by_the_author_s_edit_sent_first(cluster: Cluster) -> None:
    lead, psw, note_id, _obstacle_id = _a_team_with_a_psw_note(cluster)
    # The lead purges while the PSW, not yet knowing, rewrites the note and sends it first.
    lead.purge(today=TODAY)
    rewritten = _note(WORDS + " and more words")
    psw.update_note(note_id, replace(rewritten, obstacle_ids=psw.note(note_id).obstacle_ids))
    assert psw.sync().pushed == 1
    first = lead.sync()
    assert first.conflicts == () and first.problem == ""
    with pytest.raises(NotFound):
        lead.note(note_id)  # their words are not taken in here
    assert lead.conflicts() == []
    assert lead.sync().problem == ""  # the purge goes up on top of their revision
    assert lead.sync_state().waiting == 0
    for _kind, _revision, _sealed, clear in _server_rows(cluster, note_id):
        assert clear == {"deleted": True, "purged": True}
    psw.sync()
    with pytest.raises(NotFound):
        psw.note(note_id)
    assert psw.conflicts() == []
    assert psw.purged_counts() == lead.purged_counts()
    assert len(psw.purge_log()) == 1


def test_the_server_lets_a_lead_purge_any_note_and_keeps_a_purge_final(team: Team) -> None:
    psw = team.join("PSW 1", "capture")
    coder = team.join("Coder 1", "coder")
    lead = team.lead
    psw.server.push([psw.row("note", "n1"), psw.row("note", "n2")])
    coder.server.push([coder.row("link", "n1")])
    purged: Clear = {"deleted": True, "purged": True}
    # A lead rewriting a colleague's note other than by a purge: refused.
    with pytest.raises(NotPermitted, match="only its author"):
        lead.server.push([lead.row("note", "n1", revision=2, author=psw.member_id)])
    # A coder's purge of a colleague's note: refused too.
    with pytest.raises(NotPermitted, match="only its author"):
        coder.server.push([coder.row("note", "n1", revision=2, author=psw.member_id, clear=purged)])
    # A lead's purge of it, and of its codes: taken.
    taken = lead.server.push(
        [
            lead.row("note", "n1", revision=2, author=psw.member_id, clear=purged),
            lead.row("link", "n1", revision=2, author=coder.member_id, clear=purged),
        ]
    )
    assert len(taken.accepted) == 2 and taken.conflicts == []
    # Final: the author cannot write words over it again.
    with pytest.raises(NotPermitted, match="was purged"):
        psw.server.push([psw.row("note", "n1", revision=3)])
    with pytest.raises(NotPermitted, match="was purged"):
        coder.server.push([coder.row("link", "n1", revision=3)])
    # Codes from someone who had not pulled the purge: a conflict, nothing overwritten.
    late = coder.server.push([coder.row("link", "n1", revision=2)])
    assert late.accepted == [] and len(late.conflicts) == 1
    # The author purges their own note; codes sent for it afterwards are not kept, and
    # a coder's codes for a live note still go up.
    assert psw.server.push([psw.row("note", "n2", revision=2, clear=purged)]).accepted
    late = coder.server.push([coder.row("link", "n2")])
    assert late.accepted == [] and len(late.conflicts) == 1
    psw.server.push([psw.row("note", "n3")])
    assert coder.server.push([coder.row("link", "n3")]).accepted


def test_a_key_rotation_after_a_purge_re_seals_it_and_nobody_takes_it_twice(
    cluster: Cluster,
) -> None:
    lead, psw, note_id, _obstacle_id = _a_team_with_a_psw_note(cluster)
    coder = cluster.join(lead, "Coder 1", "coder")
    lead.purge(today=TODAY)
    lead.sync()
    psw.sync()
    coder.sync()
    counts = psw.purged_counts()
    assert lead.remove_member("Coder 1") > 0  # every row re-sealed, the purges too
    for _kind, _revision, _sealed, clear in _server_rows(cluster, note_id):
        assert clear == {"deleted": True, "purged": True}
    report = psw.sync()
    assert report.problem == "" and not report.refused
    assert len(psw.purge_log()) == 1 and psw.purged_counts() == counts
    # A member joining now takes the purge once, and has the same counts.
    late = cluster.join(lead, "PSW 2", "capture")
    with pytest.raises(NotFound):
        late.note(note_id)
    assert late.purged_counts() == counts
    assert [r.by for r in late.purge_log()] == ["Lead A"]


def test_a_member_s_own_purge_is_logged_by_them_even_after_a_rotation(cluster: Cluster) -> None:
    lead, psw, note_id, _obstacle_id = _a_team_with_a_psw_note(cluster)
    cluster.join(lead, "Coder 1", "coder")
    psw.purge([note_id])
    psw.sync()
    lead.sync()
    lead.remove_member("Coder 1")  # the lead re-signs every row, the purge too
    late = cluster.join(lead, "PSW 2", "capture")
    assert [r.by for r in late.purge_log()] == ["PSW 1"]
    assert [r.by for r in lead.purge_log()] == ["PSW 1"]


async def test_in_the_app_a_capture_member_s_purge_of_due_notes_names_only_their_own(
    cluster: Cluster,
) -> None:
    _lead, psw, note_id, theirs = _a_team_with_a_psw_note_and_the_lead_s(cluster)
    path = psw.path
    psw.close()
    app = FieldnotesApp(path, today=lambda: TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlocked(pilot, app)
        await pilot.press("R")
        await until(pilot, lambda: "2 due" in screen_text(app), "the retention view")
        assert isinstance(app.screen, RetentionScreen)
        await pilot.press("P")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        assert "Purge 1 due note for good?" in screen_text(app)
        await pilot.press("y")
        notebook = app.notebook
        assert notebook is not None
        await until(pilot, lambda: bool(notebook.purge_log()), "the purge")
        assert [r.count for r in notebook.purge_log()] == [1]
        assert note_id not in {n.id for n in notebook.notes()}
        assert theirs.id in {n.id for n in notebook.notes()}

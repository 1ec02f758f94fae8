"""Coded passages on a team notebook, through a real PostgreSQL: a coder codes a passage of a
colleague's note, the writer edits its words at the same time, and both survive; a capture
member codes only their own notes' passages, with principles only; an obstacle merge re-codes
colleagues' passages; rows of the older shape (passages in the note) keep working.

Skips, saying why, without `FIELDNOTES_TEST_POSTGRES_URL` (`tests/team_support.py`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from fieldnotes.domain.model import Passage, PrincipleLink
from fieldnotes.domain.passages import passage_document
from fieldnotes.notebook import Notebook
from fieldnotes.storage.team import NotPermitted, TeamServer
from fieldnotes.storage.team.replica import seal_team_row
from fieldnotes.storage.team.replica_docs import clear_of, link_document, note_document
from tests.test_team_sync import Cluster, _note, _push_as, cluster_on

WORDS = "The worker typed the visit into three screens."


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[Cluster]:
    with cluster_on(tmp_path) as built:
        yield built


def _span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def _placed(notebook: Notebook, note_id: str) -> list[tuple[str, str, bool]]:
    """Each passage's words as the note's text has them at its span, and its own text."""
    note = notebook.note(note_id)
    return sorted((p.text, note.description[p.start : p.end], p.orphaned) for p in note.passages)


def _team(cluster: Cluster) -> tuple[Notebook, Notebook, Notebook, str]:
    """A lead, a PSW (capture) who wrote a note everyone has, a coder, and the obstacle id."""
    lead = cluster.lead()
    lead.team_create(cluster.lead_url, "Lead A", name=cluster.prefix)
    it = lead.add_obstacle("IT system").id
    lead.sync()
    psw = cluster.join(lead, "PSW 1", "capture")
    return lead, psw, cluster.join(lead, "PL 2", "coder"), it


def test_a_coder_codes_a_passage_on_the_psws_note_and_the_psw_sees_it(
    cluster: Cluster,
) -> None:
    lead, psw, coder, it = _team(cluster)
    visit = psw.add_note(_note(WORDS))
    psw.sync()
    coder.sync()

    start, end = _span(WORDS, "three screens")
    coded = coder.code_passage(visit.id, "description", start, end, obstacle_ids=[it])
    assert coder.sync_state().waiting == 1
    sent = coder.sync()
    assert (sent.pushed, sent.problem, sent.refused) == (1, "", ())
    assert coder.sync_state().waiting == 0

    pulled = psw.sync()
    assert (pulled.refused, pulled.conflicts) == ((), ())
    (arrived,) = psw.note(visit.id).passages
    assert (arrived.id, arrived.text, arrived.obstacle_ids) == (coded.id, "three screens", (it,))
    assert psw.note(visit.id).description == WORDS
    voices = [(v.quote.text, v.is_passage) for v in psw.synthesis().for_obstacle(it).quotes]
    assert voices == [("three screens", True)]
    assert psw.sync_state().waiting == 0
    # Still the PSW's note: their name on it, and only they change its words.
    assert lead.sync().refused == ()
    assert lead.author_of(visit.id) == "PSW 1"

    coder.remove_passage(visit.id, coded.id)
    coder.sync()
    psw.sync()
    assert psw.note(visit.id).passages == []
    assert psw.synthesis().for_obstacle(it).quotes == ()


@pytest.mark.parametrize("first", ["coder", "psw"])
def test_the_psws_edit_and_the_coders_passage_made_meanwhile_both_survive(
    cluster: Cluster, first: str
) -> None:
    lead, psw, coder, it = _team(cluster)
    visit = psw.add_note(_note(WORDS))
    psw.sync()
    lead.sync()
    start, end = _span(WORDS, "visit")
    earlier = lead.code_passage(visit.id, "description", start, end, obstacle_ids=[it])
    lead.sync()
    psw.sync()
    coder.sync()

    # Neither has seen the other's change: the PSW adds words before both passages.
    edited = "On Monday, after the call. " + WORDS
    psw.update_note(visit.id, replace(psw.note(visit.id).draft(), description=edited))
    start, end = _span(WORDS, "three screens")
    coded = coder.code_passage(visit.id, "description", start, end, obstacle_ids=[it])
    order = [coder, psw] if first == "coder" else [psw, coder]
    for replica in order:
        report = replica.sync()
        assert (report.problem, report.refused, report.conflicts) == ("", (), ())
    for replica in (*order, lead):
        replica.sync()
    for replica in (lead, psw, coder):
        note = replica.note(visit.id)
        assert note.description == edited
        assert {p.id for p in note.passages} == {earlier.id, coded.id}
        assert _placed(replica, visit.id) == [
            ("three screens", "three screens", False),
            ("visit", "visit", False),
        ]
        assert replica.conflicts() == []
        assert replica.sync_state().waiting == 0


def test_a_coders_tag_and_the_psws_edit_made_meanwhile_both_survive(cluster: Cluster) -> None:
    """The note's whole-note codes did not change on the PSW's replica, only where its
    passages lie: the coder's newer tag is taken, with no conflict to settle."""
    lead, psw, coder, it = _team(cluster)
    visit = psw.add_note(_note(WORDS))
    psw.sync()
    lead.sync()
    start, end = _span(WORDS, "three screens")
    coded = lead.code_passage(visit.id, "description", start, end, obstacle_ids=[it])
    lead.sync()
    psw.sync()
    coder.sync()
    coder.tag_notes([visit.id], obstacle_id=it)
    edited = "Later: " + WORDS
    psw.update_note(visit.id, replace(psw.note(visit.id).draft(), description=edited))
    coder.sync()
    report = psw.sync()
    assert (report.problem, report.refused, report.conflicts) == ("", (), ())
    for replica in (coder, lead, psw):
        replica.sync()
    for replica in (lead, psw, coder):
        note = replica.note(visit.id)
        assert (note.description, note.obstacle_ids) == (edited, [it])
        assert [p.id for p in note.passages] == [coded.id]
        assert _placed(replica, visit.id) == [("three screens", "three screens", False)]
        assert replica.conflicts() == []
        assert replica.sync_state().waiting == 0


def test_a_passage_both_changed_is_kept_both_ways(cluster: Cluster) -> None:
    lead, psw, coder, it = _team(cluster)
    other = lead.add_obstacle("Forms").id
    visit = psw.add_note(_note(WORDS))
    psw.sync()
    lead.sync()
    start, end = _span(WORDS, "three screens")
    passage = lead.code_passage(visit.id, "description", start, end, obstacle_ids=[it])
    lead.sync()
    coder.sync()
    lead.recode_passage(visit.id, passage.id, obstacle_ids=[other])
    coder.recode_passage(visit.id, passage.id, obstacle_ids=[it, other])
    lead.sync()
    report = coder.sync()
    assert [c.kind for c in report.conflicts] == ["link"]
    (kept,) = coder.conflicts()
    assert [p["obstacles"] for p in kept.mine["passages"]] == [[it, other]]
    assert [p["obstacles"] for p in kept.theirs["passages"]] == [[other]]
    assert coder.note(visit.id).passages[0].obstacle_ids == (other,)
    coder.resolve_conflict(kept.conflict_id, "mine")
    lead.sync()
    assert lead.note(visit.id).passages[0].obstacle_ids == (it, other)


def _link_as(notebook: Notebook, note_id: str, revision: int, document: dict[str, Any]) -> None:
    """Write a link row straight to the server, signed as this member (past the app)."""
    link = notebook._store.team_link()
    assert link is not None
    with TeamServer.open(link.conninfo, link.schema) as server:
        row = seal_team_row(link, "link", note_id, revision, link.member_id, document, {})
        server.push([row])


def test_a_capture_member_codes_passages_of_their_own_notes_with_principles_only(
    cluster: Cluster,
) -> None:
    lead, psw, _coder, it = _team(cluster)
    other = cluster.join(lead, "PSW 2", "capture")
    theirs = psw.add_note(_note(WORDS))
    psw.sync()
    other.sync()
    start, end = _span(WORDS, "three screens")

    with pytest.raises(NotPermitted, match="passages of your own notes only"):
        other.code_passage(theirs.id, "description", start, end, obstacle_ids=[it])
    with pytest.raises(NotPermitted, match="passages of your own notes only"):
        other.code_passage(
            theirs.id,
            "description",
            start,
            end,
            principles=[PrincipleLink("sos.worried", "at-risk")],
        )
    assert other.note(theirs.id).passages == []
    assert other.sync_state().waiting == 0

    # Past the app, the server refuses it: the note is not theirs.
    forged = Passage("forged", "description", start, end, "three screens", obstacle_ids=(it,))
    codes = {**link_document(other.note(theirs.id)), "passages": [passage_document(forged)]}
    with pytest.raises(NotPermitted):
        _link_as(other, theirs.id, 1, codes)
    assert lead.sync().refused == ()
    assert lead.note(theirs.id).passages == []

    own = other.add_note(_note(WORDS))
    with pytest.raises(NotPermitted, match="principles only"):
        other.code_passage(own.id, "description", start, end, obstacle_ids=[it])
    # Nor through the editor, which saves the words and the passages together.
    tagged = Passage("in-editor", "description", start, end, "three screens", obstacle_ids=(it,))
    with pytest.raises(NotPermitted, match="principles only"):
        other.update_note(own.id, _note(WORDS, passages=[tagged]))
    with pytest.raises(NotPermitted, match="principles only"):
        other.add_note(_note(WORDS, passages=[tagged]))
    assert other.note(own.id).passages == []
    coded = other.code_passage(
        own.id, "description", start, end, principles=[PrincipleLink("sos.worried", "at-risk")]
    )
    sent = other.sync()
    assert (sent.pushed, sent.problem, sent.refused) == (2, "", ())  # the note, its codes
    assert lead.sync().refused == ()
    (arrived,) = lead.note(own.id).passages
    assert (arrived.id, arrived.principles) == (coded.id, coded.principles)


def test_a_merge_recodes_a_colleagues_passages(cluster: Cluster) -> None:
    lead, psw, coder, it = _team(cluster)
    screens = coder.add_obstacle("Too many screens").id
    visit = psw.add_note(_note(WORDS))
    psw.sync()
    coder.sync()
    start, end = _span(WORDS, "three screens")
    coder.code_passage(visit.id, "description", start, end, obstacle_ids=[screens])
    coder.sync()
    lead.sync()

    lead.merge_obstacles(screens, it)
    sent = lead.sync()
    assert (sent.problem, sent.refused) == ("", ())
    for replica in (psw, coder):
        assert replica.sync().refused == ()
        (passage,) = replica.note(visit.id).passages
        assert passage.obstacle_ids == (it,)
        assert replica.sync_state().waiting == 0
    assert [v.quote.text for v in psw.synthesis().for_obstacle(it).quotes] == ["three screens"]

    # Deleting the obstacle takes its code off the colleague's passage, which is kept.
    coder.delete_obstacle(it)
    assert (coder.sync().problem, lead.sync().refused, psw.sync().refused) == ("", (), ())
    for replica in (lead, psw):
        (passage,) = replica.note(visit.id).passages
        assert (passage.text, passage.obstacle_ids) == ("three screens", ())
        assert [n.id for n, _ in replica.uncoded_passages()] == [visit.id]
        assert replica.sync_state().waiting == 0


def test_a_note_of_the_older_shape_still_brings_its_passages(cluster: Cluster) -> None:
    """Replicas made before passages moved to the link row sealed them in the note, and
    their link rows name none: a pulled note of that shape brings its passages, and such a
    link row leaves them as they are."""
    lead, _psw, coder, it = _team(cluster)
    note = lead.add_note(_note(WORDS))
    start, end = _span(WORDS, "three screens")
    old = Passage("older", "description", start, end, "three screens", obstacle_ids=(it,))
    older = {**note_document(lead.note(note.id)), "passages": [passage_document(old)]}
    _push_as(lead, "note", note.id, 1, older)
    _push_as(lead, "link", note.id, 1, {"obstacles": [it], "principles": []})
    pulled = coder.sync()
    assert pulled.refused == ()
    (arrived,) = coder.note(note.id).passages
    assert (arrived.id, arrived.text, arrived.obstacle_ids) == ("older", "three screens", (it,))
    assert coder.note(note.id).obstacle_ids == [it]
    assert coder.sync_state().waiting == 0

    # Written again, it is written in today's shape: the passages in the codes.
    coder.code_passage(note.id, "description", 0, 3, obstacle_ids=[it])
    assert "passages" not in note_document(coder.note(note.id))
    assert len(link_document(coder.note(note.id))["passages"]) == 2
    sent = coder.sync()
    assert (sent.pushed, sent.problem) == (1, "")
    lead.sync()
    assert {p.id for p in lead.note(note.id).passages} == {"older", arrived.id} | {
        p.id for p in coder.note(note.id).passages
    }


def test_a_pulled_note_in_todays_shape_keeps_the_passages_here(cluster: Cluster) -> None:
    _lead, psw, coder, it = _team(cluster)
    visit = psw.add_note(_note(WORDS))
    psw.sync()
    start, end = _span(WORDS, "three screens")
    coder.sync()
    coder.code_passage(visit.id, "description", start, end, obstacle_ids=[it])
    coder.sync()
    # The note's words again, with no passages in them (as today's replicas write a note).
    document = {**note_document(psw.note(visit.id)), "description": "Typed: " + WORDS}
    assert "passages" not in document
    _push_as(psw, "note", visit.id, 2, document)
    assert coder.sync().refused == ()
    assert _placed(coder, visit.id) == [("three screens", "three screens", False)]
    assert clear_of("note", document)["mode"] == "observe"


async def test_the_psw_sees_the_coders_passage_in_the_note_view_of_their_app(
    cluster: Cluster,
) -> None:
    from fieldnotes.errors import NotFound
    from fieldnotes.tui.app import FieldnotesApp
    from fieldnotes.tui.dialogs.passage import NotePassagesScreen
    from fieldnotes.tui.screens.notes import NotesScreen
    from fieldnotes.tui.widgets.passages import PassageList
    from tests.test_team_tui import unlocked, until

    _lead, psw, coder, it = _team(cluster)
    visit = psw.add_note(_note(WORDS))
    psw.sync()
    coder.sync()
    path = psw.path
    cluster.opened.remove(psw)
    psw.close()
    app = FieldnotesApp(path)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlocked(pilot, app)
        await until(pilot, lambda: app.sync_state is not None, "a first sync")
        notes = app.screen
        assert isinstance(notes, NotesScreen) and app.notebook is not None
        await until(pilot, lambda: visit.id in notes.table.note_ids, "the PSW's note listed")

        start, end = _span(WORDS, "three screens")
        coded = coder.code_passage(visit.id, "description", start, end, obstacle_ids=[it])
        assert coder.sync().pushed == 1
        notebook = app.notebook

        def arrived() -> bool:
            # Read on the app's thread while its sync worker applies the pull.
            try:
                return bool(notebook.note(visit.id).passages)
            except NotFound:
                return False

        await until(pilot, arrived, "the coder's passage")
        assert notes.table.current_note_id == visit.id
        await pilot.press("v")
        await until(pilot, lambda: isinstance(app.screen, NotePassagesScreen), "the note view")
        await pilot.pause()
        listing = app.screen.query_one(PassageList)
        assert [p.id for p in listing.shown] == [coded.id]
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, NotesScreen), "back on the notes")
        app.lock_notebook()
        await pilot.pause()

"""Signatures checked in a second process during a large pull: the same verdicts as the
plain path, a tampered row still refused with the same report, the second process dying
or the server going away mid-join losing nothing and letting nothing through unchecked.

The unit tests need no server; the sync tests skip without `FIELDNOTES_TEST_POSTGRES_URL`.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Iterator
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from fieldnotes.crypto.team import MemberKeys, MemberPublic
from fieldnotes.notebook import Notebook
from fieldnotes.storage.team import ServerUnavailable, checking, replica_sync
from fieldnotes.storage.team.rows import SignedRow, check_signature, sign_row
from fieldnotes.storage.team.server import Fetched
from fieldnotes.storage.team.server import TeamServer as Server
from tests.test_team_sync import Cluster, _note, cluster_on

NOTEBOOK_ID = b"n" * 16


def _rows(keys: MemberKeys, member_id: str, count: int) -> list[SignedRow]:
    return [
        sign_row(
            keys,
            NOTEBOOK_ID,
            kind="note",
            row_id=f"note-{i}",
            revision=1,
            generation=1,
            author=member_id,
            signed_by=member_id,
            sealed=bytes([i % 256]) * 40,
            clear={"mode": "observe"},
        )
        for i in range(count)
    ]


@pytest.fixture
def signed() -> tuple[list[SignedRow], dict[str, tuple[MemberPublic, int | None]]]:
    """Rows of a member and of a stranger, one tampered and one unsigned among them."""
    mine, stranger = MemberKeys.generate(), MemberKeys.generate()
    rows = _rows(mine, "m1", 9) + _rows(stranger, "m9", 2)
    rows[3] = replace(rows[3], sealed=rows[3].sealed + b"!")
    rows[5] = replace(rows[5], signature=b"")
    return rows, {"m1": (mine.public, None)}


def _plain(
    rows: list[SignedRow], members: dict[str, tuple[MemberPublic, int | None]]
) -> list[str | None]:
    return [check_signature(row, NOTEBOOK_ID, members) for row in rows]


def test_a_row_whose_clear_columns_no_client_writes_is_refused_not_raised() -> None:
    keys = MemberKeys.generate()
    members = {"m1": (keys.public, None)}
    (row,) = _rows(keys, "m1", 1)
    for hostile in ({"mode": 1.5}, {"mode": "ob\x00serve"}, {"mode": ["observe"]}):
        verdict = check_signature(replace(row, clear=hostile), NOTEBOOK_ID, members)
        assert verdict == "note note-0 has clear columns no fieldnotes writes"
    assert check_signature(row, NOTEBOOK_ID, members) is None


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks of two rows, and the second process for any page: a small team takes the
    path a large join takes."""
    monkeypatch.setattr(checking, "CHUNK", 2)
    monkeypatch.setattr(checking, "SECOND_PROCESS_FROM", 1)


def _kill_second_process(before: set[int]) -> None:
    for child in multiprocessing.active_children():
        if child.pid is not None and child.pid not in before:
            os.kill(child.pid, signal.SIGKILL)
            child.join()


def test_the_second_process_gives_every_row_the_plain_verdict(
    signed: tuple[list[SignedRow], dict[str, tuple[MemberPublic, int | None]]],
    small_chunks: None,
) -> None:
    rows, members = signed
    with checking.RowChecker(NOTEBOOK_ID, members, second_process=True) as checker:
        verdicts = checker.submit(rows).result()
        assert checker.second_process
    assert verdicts == _plain(rows, members)
    refused = [i for i, verdict in enumerate(verdicts) if verdict is not None]
    assert refused == [3, 5, 9, 10]


def test_a_second_process_that_dies_leaves_every_row_still_checked(
    signed: tuple[list[SignedRow], dict[str, tuple[MemberPublic, int | None]]],
    small_chunks: None,
) -> None:
    rows, members = signed
    before = {child.pid for child in multiprocessing.active_children() if child.pid}
    with checking.RowChecker(NOTEBOOK_ID, members, second_process=True) as checker:
        assert checker.submit(rows[:2]).result() == _plain(rows[:2], members)  # it is running
        _kill_second_process(before)
        # Wait until the pool has seen the death (a chunk not yet started is taken back and
        # checked here without asking the pool, so only a pool that knows tells the checker).
        pool = checker._pool
        assert pool is not None
        with pytest.raises(BrokenProcessPool):
            pool.submit(os.getpid).result(timeout=60)
        assert checker.submit(rows).result() == _plain(rows, members)
        assert not checker.second_process
        assert checker.submit(rows).result() == _plain(rows, members)


# ------------------------------------------------------------------ through a join


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[Cluster]:
    with cluster_on(tmp_path) as built:
        yield built


def _team_with_a_tampered_note(cluster: Cluster) -> tuple[Notebook, list[str], str]:
    lead = cluster.lead()
    ids = [lead.add_note(_note(f"Note {i} as written.")).id for i in range(6)]
    lead.team_create(cluster.lead_url, "Lead A", name=cluster.prefix)
    with cluster.superuser() as admin:
        # As the server's administrator could: past every trigger.
        admin.execute("SET session_replication_role = replica")
        admin.execute(
            f'UPDATE "{cluster.prefix}".rows SET sealed = sealed || %s WHERE row_id = %s',
            [b"!", ids[2]],
        )
    return lead, ids, ids[2]


def _refused(notebook: Notebook) -> tuple[str, ...]:
    return notebook._store.team_status().refused


def test_a_tampered_row_checked_in_the_second_process_is_refused_as_it_is_here(
    cluster: Cluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    lead, ids, tampered = _team_with_a_tampered_note(cluster)
    here = cluster.join(lead, "PSW 1", "capture")
    monkeypatch.setattr(replica_sync, "PULL_ROWS", 4)  # several pages, each fetched ahead
    monkeypatch.setattr(checking, "CHUNK", 2)
    monkeypatch.setattr(checking, "SECOND_PROCESS_FROM", 1)
    there = cluster.join(lead, "PSW 2", "capture")
    assert _refused(there) == _refused(here)
    assert any(tampered in line for line in _refused(there))
    notes = {note.id for note in there.notes()}
    assert notes == {note.id for note in here.notes()} == set(ids) - {tampered}


def test_the_second_process_dying_mid_join_lets_no_row_through_unchecked(
    cluster: Cluster, monkeypatch: pytest.MonkeyPatch, small_chunks: None
) -> None:
    lead, ids, tampered = _team_with_a_tampered_note(cluster)
    monkeypatch.setattr(replica_sync, "PULL_ROWS", 4)
    before = {child.pid for child in multiprocessing.active_children() if child.pid}
    submit = checking.RowChecker.submit
    pages = 0

    def dying_after_the_first_page(self: checking.RowChecker, rows: Any) -> checking.Verdicts:
        nonlocal pages
        pages += 1
        if pages == 2:
            _kill_second_process(before)
        return submit(self, rows)

    monkeypatch.setattr(checking.RowChecker, "submit", dying_after_the_first_page)
    psw = cluster.join(lead, "PSW 1", "capture")
    assert pages > 2
    assert any(tampered in line for line in _refused(psw))
    assert {note.id for note in psw.notes()} == set(ids) - {tampered}
    assert psw.sync_state().problem == ""


def test_the_server_going_away_mid_join_keeps_the_page_before_and_the_next_sync_finishes(
    cluster: Cluster, monkeypatch: pytest.MonkeyPatch, small_chunks: None
) -> None:
    lead, ids, tampered = _team_with_a_tampered_note(cluster)
    monkeypatch.setattr(replica_sync, "PULL_ROWS", 4)
    fetch = Server.fetch
    calls = 0

    def away_at_the_second_page(self: Server, since: int, *, limit: int = 5000) -> Fetched:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise ServerUnavailable("fetching your colleagues' changes")
        return fetch(self, since, limit=limit)

    monkeypatch.setattr(Server, "fetch", away_at_the_second_page)
    psw = cluster.join(lead, "PSW 1", "capture")
    state = psw.sync_state()
    assert not state.online and state.problem
    link = psw._store.team_link()
    assert link is not None and link.position > 0  # the first page was applied
    monkeypatch.setattr(Server, "fetch", fetch)
    report = psw.sync()
    assert report.problem == "" and report.online
    assert any(tampered in line for line in report.refused)
    assert {note.id for note in psw.notes()} == set(ids) - {tampered}

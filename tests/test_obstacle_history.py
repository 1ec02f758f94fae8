"""Every change to an obstacle's status, ask, decision and re-observe date is kept, sealed."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlmodel import SQLModel

from fieldnotes.crypto.kdf import FLOOR_KDF
from fieldnotes.domain.history import agreed_at, describe
from fieldnotes.notebook import Notebook
from tests.conftest import TEST_PASSPHRASE


def test_a_status_change_is_kept_with_who_and_why(empty_notebook: Notebook) -> None:
    nb = empty_notebook
    nb.set_author_label("PSW North")
    obstacle = nb.add_obstacle("Recording burden")
    nb.update_obstacle(obstacle.id, status="raised", reason="Raised at the practice forum")
    nb.update_obstacle(obstacle.id, decision="Shorter forms from March.", status="change agreed")
    nb.rename_obstacle(obstacle.id, "Recording load")

    history = nb.obstacle_history(obstacle.id)

    assert [describe(e) for e in history] == [
        "status emerging → raised — PSW North (why: Raised at the practice forum)",
        "status raised → change agreed; decision set: “Shorter forms from March.” — PSW North",
    ]
    assert agreed_at(history) == history[1].at


def test_a_change_can_be_dated_and_the_first_agreement_is_the_dividing_line(
    empty_notebook: Notebook,
) -> None:
    nb = empty_notebook
    obstacle = nb.add_obstacle("Recording burden")
    first = datetime(2026, 3, 2, 10, 0)
    nb.update_obstacle(obstacle.id, status="change agreed", at=first)
    nb.update_obstacle(obstacle.id, status="raised", at=datetime(2026, 4, 1))
    nb.update_obstacle(obstacle.id, status="change agreed", at=datetime(2026, 5, 1))
    assert agreed_at(nb.obstacle_history(obstacle.id)) == first


def test_merge_moves_the_source_history_to_the_target_and_records_itself(
    empty_notebook: Notebook,
) -> None:
    nb = empty_notebook
    source = nb.add_obstacle("Forms")
    nb.update_obstacle(source.id, status="change agreed", reason="Agreed at DMT")
    target = nb.add_obstacle("Recording burden")
    nb.update_obstacle(target.id, reobserve_on=date(2026, 12, 1))

    nb.merge_obstacles(source.id, target.id)
    history = nb.obstacle_history(target.id)

    assert [describe(e) for e in history] == [
        "status emerging → change agreed (why: Agreed at DMT) [from “Forms”]",
        "re-observe date set to 2026-12-01",
        "status emerging → change agreed (why: merged with “Forms”)",
    ]
    assert nb.obstacle_history(source.id) == []
    assert nb.integrity_problems() == ()


def test_history_is_sealed_and_survives_reopening(tmp_path: Path) -> None:
    path = tmp_path / "n.fieldnotes"
    with Notebook.create(path, TEST_PASSPHRASE, kdf=FLOOR_KDF) as nb:
        obstacle = nb.add_obstacle("Duty pressure")
        nb.update_obstacle(obstacle.id, status="raised", reason="CANARY-REASON-1234")
    raw = b"".join(
        Path(f"{path}{s}").read_bytes() for s in ("", "-wal") if Path(f"{path}{s}").exists()
    )
    assert b"CANARY-REASON-1234" not in raw
    with Notebook.open(path) as nb:
        nb.unlock(TEST_PASSPHRASE)
        (event,) = nb.obstacle_history(obstacle.id)
        assert event.reason == "CANARY-REASON-1234"
        assert nb.integrity_problems() == ()


def test_an_event_moved_to_another_obstacle_reads_as_damaged(tmp_path: Path) -> None:
    path = tmp_path / "n.fieldnotes"
    with Notebook.create(path, TEST_PASSPHRASE, kdf=FLOOR_KDF) as nb:
        one = nb.add_obstacle("One")
        other = nb.add_obstacle("Other")
        nb.update_obstacle(one.id, status="raised")
    with sqlite3.connect(path) as conn:
        # Outside fieldnotes, where the manifest's trigger function does not exist.
        conn.create_function("fieldnotes_dirty", 2, lambda *_: None)
        conn.execute("UPDATE obstacle_event SET obstacle_id = ?", (other.id,))
    with Notebook.open(path) as nb:
        nb.unlock(TEST_PASSPHRASE)
        (event,) = nb.obstacle_history(other.id)
        assert event.damaged
        assert any("obstacles' history" in p for p in nb.integrity_problems())


@contextmanager
def _without_history_table() -> Iterator[None]:
    """This version's tables but the history's: a notebook file written before it existed."""
    table = SQLModel.metadata.tables["obstacle_event"]
    SQLModel.metadata.remove(table)
    try:
        yield
    finally:
        SQLModel.metadata._add_table(table.name, table.schema, table)


def test_a_notebook_from_before_the_history_gains_it_and_still_checks(tmp_path: Path) -> None:
    path = tmp_path / "older.fieldnotes"
    with _without_history_table(), Notebook.create(path, TEST_PASSPHRASE, kdf=FLOOR_KDF) as nb:
        obstacle = nb.add_obstacle("Duty pressure")

    with Notebook.open(path):  # opened, never unlocked: the file is left as it was
        pass
    with sqlite3.connect(path) as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    assert "obstacle_event" not in tables

    with Notebook.open(path) as nb:
        nb.unlock(TEST_PASSPHRASE)
        assert nb.integrity_problems() == ()
        nb.update_obstacle(obstacle.id, status="raised", reason="At the forum")
        assert len(nb.obstacle_history(obstacle.id)) == 1
    with Notebook.open(path) as nb:
        nb.unlock(TEST_PASSPHRASE)
        assert nb.integrity_problems() == ()
        assert nb.obstacle_history(obstacle.id)[0].reason == "At the forum"


def test_a_damaged_step_moves_with_a_merge_and_stays_listed(tmp_path: Path) -> None:
    path = tmp_path / "n.fieldnotes"
    with Notebook.create(path, TEST_PASSPHRASE, kdf=FLOOR_KDF) as nb:
        source = nb.add_obstacle("Forms")
        target = nb.add_obstacle("Recording burden")
        nb.update_obstacle(source.id, status="raised")
    with sqlite3.connect(path) as conn:
        conn.create_function("fieldnotes_dirty", 2, lambda *_: None)
        conn.execute("UPDATE obstacle_event SET payload = zeroblob(40)")
    with Notebook.open(path) as nb:
        nb.unlock(TEST_PASSPHRASE)
        nb.accept_current_state()
        nb.merge_obstacles(source.id, target.id)
        first = nb.obstacle_history(target.id)[0]
        assert first.damaged
        assert describe(first) == "(this step of the history is damaged and cannot be read)"


def test_in_a_team_notebook_a_change_is_recorded_by_the_member_label(
    empty_notebook: Notebook, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fieldnotes.domain.team import TeamInfo

    member = TeamInfo("db.example:5432/teams", "north", "m-1", "PSW 2", "lead", "ab12")
    monkeypatch.setattr(type(empty_notebook), "team", property(lambda _self: member))
    empty_notebook.set_author_label("Someone Named")
    obstacle = empty_notebook.add_obstacle("Duty pressure")
    empty_notebook.update_obstacle(obstacle.id, status="raised")
    assert [e.by for e in empty_notebook.obstacle_history(obstacle.id)] == ["PSW 2"]

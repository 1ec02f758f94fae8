"""The sealed store behaves the same on a notebook file and on a PostgreSQL server."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from fieldnotes.crypto.kdf import FLOOR_KDF
from fieldnotes.domain.model import (
    Framework,
    Memo,
    NoteDraft,
    Principle,
    PrincipleLink,
    Quote,
)
from fieldnotes.errors import DamagedError, FieldnotesError, NotFound, WrongPassphrase
from fieldnotes.storage import scan
from fieldnotes.storage.core import untyped_select
from fieldnotes.storage.store import SealedStore
from fieldnotes.storage.tables import NOTE
from tests.storage.conftest import PASSPHRASE, StoreAt


def _reopened(store_at: StoreAt, store: SealedStore) -> SealedStore:
    store.close()
    again = SealedStore.open(store_at.path, url=store_at.url)
    again.unlock(PASSPHRASE)
    return again


def _draft(description: str, **changes: Any) -> NoteDraft:
    draft = NoteDraft(
        mode="observe",
        occurred_at=datetime(2026, 3, 4, 9, 30),
        team="Duty and assessment",
        setting="Team meeting",
        participants=["team manager", "social worker"],
        description=description,
        asides="Ask about the rota",
        quotes=[Quote("We never get the chance", "social worker")],
        consent="verbal",
        follow_up="Check again in May",
    )
    return replace(draft, **changes)


def test_a_note_reads_back_the_same_after_reopening(store_at: StoreAt, store: SealedStore) -> None:
    note_id = store.insert_note(_draft("Supervision was moved twice"))
    store = _reopened(store_at, store)
    try:
        (note,) = store.load_notes()
        assert note.id == note_id and not note.damaged
        assert note.description == "Supervision was moved twice"
        assert note.participants == ["team manager", "social worker"]
        assert note.quotes == [Quote("We never get the chance", "social worker")]
        assert (note.team, note.setting, note.asides) == (
            "Duty and assessment",
            "Team meeting",
            "Ask about the rota",
        )
        assert note.occurred_at == datetime(2026, 3, 4, 9, 30)
        store.update_note(note_id, _draft("Supervision happened", stage="jotting"))
        (again,) = store.load_notes([note_id])
        assert again.description == "Supervision happened" and again.revision == 2
        assert again.created_at == note.created_at and not again.damaged
        assert store.note_counts() == (1, 1)
    finally:
        store.close()


def test_the_trash_keeps_a_note_out_until_restored_or_emptied(store: SealedStore) -> None:
    kept = store.insert_note(_draft("Stays"))
    binned = store.insert_note(_draft("Goes"))
    store.set_trashed(binned, True)
    assert [n.id for n in store.load_notes()] == [kept]
    (trashed,) = store.load_notes(trashed=True)
    assert trashed.id == binned and trashed.trashed_at is not None and not trashed.damaged
    with pytest.raises(NotFound):
        store.set_trashed(binned, True)
    store.set_trashed(binned, False)
    assert {n.id for n in store.load_notes()} == {kept, binned}
    store.set_trashed(binned, True)
    assert store.empty_trash() == 1
    assert store.note_ids() == [kept]
    assert store.counts() == {"notes": 1, "obstacles": 0}


def test_every_note_is_read_in_key_pages_without_loss_or_repeat(
    store: SealedStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(scan, "PAGE_ROWS", 3)
    made = {store.insert_note(_draft(f"Page note {i}")) for i in range(10)}
    read = [n.id for n in store.load_notes()]
    assert len(read) == len(set(read)) == 10 and set(read) == made
    found = store.load_notes(containing=["page note 7"])
    assert [n.description for n in found] == ["Page note 7"]
    newest = store.load_notes(newest=4)
    assert len(newest) == 4


def test_notes_carry_their_links(store: SealedStore) -> None:
    principle = Principle("kss.1", "kss", "1", "Relationships", "")
    framework = Framework("kss", "Knowledge and skills", "KSS", principles=(principle,))
    store.save_frameworks([framework])
    obstacle = store.insert_obstacle(name="Caseloads", parent_id=None)
    note_id = store.insert_note(
        _draft("Linked", principles=[PrincipleLink("kss.1", "at-risk")], obstacle_ids=[obstacle])
    )
    (note,) = store.load_notes()
    assert note.principles == [PrincipleLink("kss.1", "at-risk")]
    assert note.obstacle_ids == [obstacle]
    store.link_notes([note_id], obstacle_id=obstacle, remove=True)
    assert store.load_notes()[0].obstacle_ids == []
    assert store.frameworks() == [framework]


def test_the_codebook_is_written_merged_and_read_back(store: SealedStore) -> None:
    parent = store.insert_obstacle(name="Workload", parent_id=None, ask="More staff")
    child = store.insert_obstacle(name="Caseloads", parent_id=parent)
    other = store.insert_obstacle(name="Case loads", parent_id=None)
    by_id = {o.id: o for o in store.obstacles()}
    assert by_id[child].parent_id == parent and by_id[parent].ask == "More staff"
    assert [o.position for o in store.obstacles()] == [1, 2, 3]
    changed = by_id[child]
    changed.status = "raised"
    changed.reobserve_on = date(2026, 6, 1)
    changed.decision = "Agreed at the board"
    store.write_obstacle(changed)
    store.merge_obstacles(by_id[other], changed)
    after = {o.id: o for o in store.obstacles()}
    assert set(after) == {parent, child}
    assert after[child].reobserve_on == date(2026, 6, 1)
    assert after[child].decision == "Agreed at the board" and not after[child].damaged_fields
    store.delete_obstacle(parent)
    assert store.obstacles()[0].parent_id is None
    with pytest.raises(NotFound):
        store.write_obstacle(by_id[other])


def test_memos_drafts_leaders_exports_and_settings_round_trip(store: SealedStore) -> None:
    note_id = store.insert_note(_draft("For the memo"))
    store.save_memo(Memo("m1", "code", "Pattern", "Supervision slips", note_ids=[note_id]))
    (memo,) = store.memos()
    assert (memo.title, memo.body, memo.note_ids) == ("Pattern", "Supervision slips", [note_id])
    store.save_draft("d1", note_id, {"description": "half typed"})
    (draft,) = store.drafts()
    assert (draft.id, draft.note_id, draft.payload) == (
        "d1",
        note_id,
        {"description": "half typed"},
    )
    store.save_leader("l1", "Head of service", "age1example")
    assert store.leaders() == [("l1", "Head of service", "age1example")]
    export_id = store.log_export({"brief": "b1"})
    store.update_export(export_id, {"brief": "b1", "sent": True})
    (logged,) = store.exports()
    assert logged.id == export_id and logged.payload == {"brief": "b1", "sent": True}
    assert store.setting("protected_names") is None
    store.set_setting("protected_names", "Alex\nSam")
    store.set_setting("protected_names", "Alex")
    assert store.setting("protected_names") == "Alex"


def test_a_garbled_clear_cell_damages_only_its_own_row(store: SealedStore) -> None:
    hit = store.insert_note(_draft("Edited behind our back"))
    fine = store.insert_note(_draft("Left alone"))
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE note SET mode = 'nonsense' WHERE id = :id"), {"id": hit})
    notes = {n.id: n for n in store.load_notes()}
    assert notes[hit].damaged and notes[hit].description == ""
    assert not notes[fine].damaged and notes[fine].description == "Left alone"


def test_a_tampered_setting_reads_as_damage_not_as_empty(store: SealedStore) -> None:
    store.set_setting("protected_names", "Alex")
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE sealed_setting SET revision = revision + 1"))
    with pytest.raises(DamagedError):
        store.setting("protected_names")


def test_the_passphrase_changes_without_touching_the_notes(
    store_at: StoreAt, store: SealedStore
) -> None:
    store.insert_note(_draft("Still here"))
    store.change_passphrase(PASSPHRASE, "a new passphrase for the team", FLOOR_KDF)
    store.close()
    again = SealedStore.open(store_at.path, url=store_at.url)
    try:
        with pytest.raises(WrongPassphrase):
            again.unlock(PASSPHRASE)
        again.unlock("a new passphrase for the team")
        assert [n.description for n in again.load_notes()] == ["Still here"]
        assert again.integrity_ok()
    finally:
        again.close()


def test_only_a_file_keeps_a_manifest(store_at: StoreAt, store: SealedStore) -> None:
    """A server's store has no manifest (docs/security.md): nothing claims it checked rows."""
    store.insert_note(_draft("Counted"))
    assert store.integrity_problems == ()
    assert store.read_only_reason is None
    assert store.on_file is (store_at.dialect == "sqlite")
    store.accept_current_state()
    assert store.integrity_problems == () and store.read_only_reason is None


def test_a_second_notebook_is_refused_where_one_already_is(
    store_at: StoreAt, store: SealedStore
) -> None:
    note_id = store.insert_note(_draft("The first notebook's note"))
    store.close()
    with pytest.raises(FieldnotesError, match="already holds a notebook"):
        SealedStore.create(store_at.path, "another passphrase", FLOOR_KDF, url=store_at.url)
    again = SealedStore.open(store_at.path, url=store_at.url)
    try:
        again.unlock(PASSPHRASE)
        assert [n.id for n in again.load_notes()] == [note_id]
    finally:
        again.close()


class _Crash(Exception):
    pass


@pytest.mark.parametrize(
    "point",
    ["note:after-insert", "note:after-update", "merge:after-links", "passphrase:after-delete"],
)
def test_a_crash_inside_a_write_leaves_the_last_commit(
    store_at: StoreAt, store: SealedStore, point: str
) -> None:
    note_id = store.insert_note(_draft("Before the crash"))
    keep = store.insert_obstacle(name="Kept", parent_id=None)
    gone = store.insert_obstacle(name="Merged away", parent_id=None)
    store.link_notes([note_id], obstacle_id=gone)

    def crash(at: str) -> None:
        if at == point:
            raise _Crash(at)

    store.fault_hook = crash
    obstacles = {o.id: o for o in store.obstacles()}
    with pytest.raises(_Crash):
        if point == "note:after-insert":
            store.insert_note(_draft("Never saved"))
        elif point == "note:after-update":
            store.update_note(note_id, _draft("Never saved"))
        elif point == "merge:after-links":
            store.merge_obstacles(obstacles[gone], obstacles[keep])
        else:
            store.change_passphrase(PASSPHRASE, "never set", FLOOR_KDF)
    store.fault_hook = None
    (note,) = store.load_notes()
    assert note.description == "Before the crash" and note.revision == 1
    assert note.obstacle_ids == [gone]
    assert {o.id for o in store.obstacles()} == {keep, gone}
    store = _reopened(store_at, store)  # the old passphrase still opens it
    store.close()


@settings(max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    page_rows=st.integers(min_value=1, max_value=5),
    notes=st.lists(st.tuples(st.text(max_size=12), st.booleans()), max_size=12),
)
def test_the_note_scan_reads_what_a_plain_select_reads(
    store: SealedStore,
    monkeypatch: pytest.MonkeyPatch,
    page_rows: int,
    notes: list[tuple[str, bool]],
) -> None:
    """The hand-written scan (keyset pages on the driver) agrees with SQLAlchemy Core."""
    with store.engine.begin() as conn:
        conn.execute(text("DELETE FROM note"))
    for description, trashed in notes:
        note_id = store.insert_note(_draft(description))
        if trashed:
            store.set_trashed(note_id, True)
    monkeypatch.setattr(scan, "PAGE_ROWS", page_rows)
    with store.engine.connect() as conn:
        plain = [
            scan.NoteCells(*row)
            for row in conn.execute(untyped_select(NOTE, scan.NOTE_COLUMNS).order_by(NOTE.c.id))
        ]
        driver = conn.connection.driver_connection
        paged = [
            row
            for page in scan.keyset_pages(lambda after: store._scan.page_after(driver, after))
            for row in page
        ]
    assert paged == plain
    assert sorted(n.id for n in store.load_notes(trashed=None)) == [row.id for row in plain]
    assert all(not n.damaged for n in store.load_notes(trashed=None))


def test_a_server_that_cannot_be_reached_is_one_clear_line(tmp_path: Path) -> None:
    """No server is needed: nothing listens on port 1 of this machine."""
    url = "postgresql://fieldnotes:not-this-password@127.0.0.1:1/notebook"
    for attempt in (
        lambda: SealedStore.open(tmp_path / "unused", url=url),
        lambda: SealedStore.create(tmp_path / "unused", PASSPHRASE, FLOOR_KDF, url=url),
    ):
        with pytest.raises(FieldnotesError) as raised:
            attempt()
        said = str(raised.value)
        assert said.startswith("the notebook's server could not be reached")
        assert "\n" not in said and "not-this-password" not in said

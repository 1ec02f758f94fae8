"""What the way to the first list reads: the totals (right with the trash and jottings, read
through indexes) and every note's clear moments (a garbled one damages only its note).

Both run on every unlock; reading every note row to count them (sealed document and all)
is what a large notebook cannot afford.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import event

from fieldnotes.crypto.kdf import FLOOR_KDF
from fieldnotes.domain.model import NoteDraft
from fieldnotes.storage.store import SealedStore
from tests.storage.conftest import PASSPHRASE


def _draft(description: str, stage: str) -> NoteDraft:
    return NoteDraft(
        mode="observe",
        occurred_at=datetime(2026, 3, 4, 9, 30),
        team="Duty and assessment",
        setting="Team meeting",
        participants=["social worker"],
        description=description,
        stage=stage,
    )


def test_the_totals_leave_the_trash_out_and_count_the_jottings(store: SealedStore) -> None:
    store.insert_note(_draft("Written up", "write-up"))
    store.insert_note(_draft("Waiting", "jotting"))
    binned_jotting = store.insert_note(_draft("Binned jotting", "jotting"))
    binned = store.insert_note(_draft("Binned", "write-up"))
    store.set_trashed(binned_jotting, True)
    store.set_trashed(binned, True)
    assert store.note_counts() == (2, 1)
    store.set_trashed(binned_jotting, False)
    assert store.note_counts() == (3, 2)


def test_counting_never_scans_the_note_rows(tmp_path: Any) -> None:
    store = SealedStore.create(tmp_path / "n.fieldnotes", PASSPHRASE, FLOOR_KDF)
    try:
        for index in range(3):
            store.insert_note(_draft(f"Note {index}", "jotting" if index else "write-up"))
        statements: list[tuple[str, Any]] = []

        def seen(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
            statements.append((statement, parameters))

        event.listen(store.engine, "before_cursor_execute", seen)
        try:
            assert store.note_counts() == (3, 2)
        finally:
            event.remove(store.engine, "before_cursor_execute", seen)
        (counted,) = [(s, p) for s, p in statements if "count(" in s.lower()]
        with store.engine.connect() as conn:
            driver = conn.connection.driver_connection
            assert driver is not None
            plan = [
                row[3] for row in driver.execute(f"EXPLAIN QUERY PLAN {counted[0]}", counted[1])
            ]
        on_notes = [step for step in plan if step.startswith(("SCAN note", "SEARCH note"))]
        assert on_notes and all("INDEX" in step for step in on_notes), plan
    finally:
        store.close()


def test_a_garbled_moment_damages_its_note_and_a_good_one_reads_back() -> None:
    from fieldnotes.storage.codec import DAMAGED_MOMENT, ClearCells

    cells = ClearCells()
    assert cells.moment("occurred_at", "2026-03-04T09:30:00") == datetime(2026, 3, 4, 9, 30)
    assert cells.moment("created_at", datetime(2026, 3, 4)) == datetime(2026, 3, 4)
    assert cells.damaged == []
    assert cells.moment("updated_at", "yesterday") == DAMAGED_MOMENT
    assert cells.moment("trashed_at", 42) == DAMAGED_MOMENT
    assert cells.damaged == ["updated_at", "trashed_at"]

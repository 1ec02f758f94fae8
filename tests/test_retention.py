"""Retention: the records policy, due notes, extensions with a reason, purges that leave
nothing behind but counts, and the purge log."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fieldnotes.__main__ import main
from fieldnotes.domain.brief import BriefRequest
from fieldnotes.domain.model import NoteDraft, PrincipleLink, Quote
from fieldnotes.domain.retention import add_months, parse_retention
from fieldnotes.errors import FieldnotesError, InvalidInput
from fieldnotes.notebook import Notebook

from .conftest import DEMO_PASSPHRASE

TODAY = "2026-12-01"
"""The demo's notes run from August to November 2026: with 3 months, August is due."""


@pytest.fixture(autouse=True)
def phrase(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIELDNOTES_PASSPHRASE", DEMO_PASSPHRASE)


def run(demo_path: Path, capsys: pytest.CaptureFixture[str], *command: str) -> str:
    code = main([*command, "--notebook", str(demo_path)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return captured.out


def as_json(demo_path: Path, capsys: pytest.CaptureFixture[str], *command: str) -> dict:
    return json.loads(run(demo_path, capsys, *command, "--json"))


# ------------------------------------------------------------------- the rules


def test_a_policy_is_written_as_months_or_years_and_is_off_by_default() -> None:
    assert parse_retention("24") == 24
    assert parse_retention(" 24 months ") == 24
    assert parse_retention("2 years") == 24
    assert parse_retention("off") is None
    assert parse_retention("") is None
    for wrong in ("soon", "0", "-3", "99999", "2.5"):
        with pytest.raises(InvalidInput):
            parse_retention(wrong)


def test_months_are_added_to_the_record_date_as_a_calendar_does() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert add_months(date(2026, 8, 4), 24) == date(2028, 8, 4)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)


@given(
    day=st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
    months=st.integers(min_value=1, max_value=1200),
)
def test_adding_months_lands_in_the_right_month_never_before_the_day(
    day: date, months: int
) -> None:
    later = add_months(day, months)
    assert (later.year * 12 + later.month) - (day.year * 12 + day.month) == months
    assert later.day == day.day or (later.day < day.day and (later + timedelta(days=1)).day == 1)
    assert later > day


# --------------------------------------------------------------- the command line


def test_retention_is_off_until_set_and_then_lists_due_and_soon(
    demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["retention", "--notebook", str(demo_path)]) == 0
    assert "Retention is off for this notebook" in capsys.readouterr().err
    assert as_json(demo_path, capsys, "retention")["retention_months"] is None
    assert "retention = 3" in run(demo_path, capsys, "config", "set", "retention", "3 months")
    assert run(demo_path, capsys, "config", "get", "retention").strip() == "3"

    listed = as_json(demo_path, capsys, "retention", "--today", TODAY)
    assert listed["retention_months"] == 3
    assert listed["due"] and listed["soon"]
    assert {item["occurred_at"][:7] for item in listed["due"]} == {"2026-08", "2026-09"}
    assert all(item["keep_until"] <= TODAY for item in listed["due"])
    assert all(TODAY < item["keep_until"] <= "2026-12-31" for item in listed["soon"])
    first = listed["due"][0]
    assert (
        first["keep_until"]
        == add_months(datetime.fromisoformat(first["occurred_at"]).date(), 3).isoformat()
    )
    text = run(demo_path, capsys, "retention", "--today", TODAY)
    assert "Due for purging" in text and first["id"][:8] in text


def test_an_extension_needs_a_reason_and_moves_the_date(
    demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(demo_path, capsys, "config", "set", "retention", "3")
    first = as_json(demo_path, capsys, "retention", "--today", TODAY)["due"][0]
    with pytest.raises(SystemExit):  # argparse: --reason is required
        main(
            ["retention", "extend", first["id"][:8], "--months", "6", "--notebook", str(demo_path)]
        )
    capsys.readouterr()
    assert (
        main(
            [
                "retention",
                "extend",
                first["id"][:8],
                "--months",
                "6",
                "--reason",
                "  ",
                "--notebook",
                str(demo_path),
                "--today",
                TODAY,
            ]
        )
        == 1
    )
    assert "needs a reason" in capsys.readouterr().err
    out = run(
        demo_path,
        capsys,
        "retention",
        "extend",
        first["id"][:8],
        "--months",
        "6",
        "--reason",
        "Care proceedings ongoing",
        "--today",
        TODAY,
    )
    assert "kept until 2027-06-01" in out

    listed = as_json(demo_path, capsys, "retention", "--today", TODAY)
    assert first["id"] not in {item["id"] for item in listed["due"] + listed["soon"]}
    later = as_json(demo_path, capsys, "retention", "--today", "2027-05-20")
    (kept,) = [item for item in later["soon"] if item["id"] == first["id"]]
    assert kept["keep_until"] == "2027-06-01"
    assert kept["extension"]["reason"] == "Care proceedings ongoing"
    # The reason is sealed like everything else typed.
    assert b"Care proceedings ongoing" not in demo_path.read_bytes()


def test_purge_asks_first_lists_the_notes_and_says_backups_still_hold_them(
    demo_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    run(demo_path, capsys, "config", "set", "retention", "3")
    due = as_json(demo_path, capsys, "retention", "--today", TODAY)["due"]
    monkeypatch.setattr("sys.stdin", Terminal("n\n"))
    monkeypatch.setattr("fieldnotes.cli.inputs.interactive", lambda: True)
    out = run(demo_path, capsys, "retention", "purge", "--today", TODAY)
    assert out == ""
    assert len(as_json(demo_path, capsys, "retention", "--today", TODAY)["due"]) == len(due)

    monkeypatch.setattr("sys.stdin", Terminal("y\n"))
    code = main(["retention", "purge", "--today", TODAY, "--notebook", str(demo_path)])
    captured = capsys.readouterr()
    assert code == 0
    assert f"These {len(due)} note(s) will be deleted for good" in captured.err
    assert due[0]["id"][:8] in captured.err
    assert "Backups made before the purge still hold these notes" in captured.err
    assert f"Purged {len(due)} note(s)" in captured.out


def test_a_purge_deletes_the_notes_links_and_drafts_and_logs_it(
    demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(demo_path, capsys, "config", "set", "author", "PSW Eastmere")
    run(demo_path, capsys, "config", "set", "retention", "3")
    due = as_json(demo_path, capsys, "retention", "--today", TODAY)["due"]
    due_ids = {item["id"] for item in due}
    with Notebook.open(demo_path) as notebook:
        notebook.unlock(DEMO_PASSPHRASE)
        draft_of = sorted(due_ids)[0]
        notebook.save_draft("d-1", {"description": "unsaved words"}, draft_of)
        kept = notebook.notes()[0].id
        memo = notebook.add_memo("code", "Pattern", "Seen twice", note_ids=[draft_of, kept])
    before = len(as_json(demo_path, capsys, "list")["notes"])

    result = as_json(demo_path, capsys, "retention", "purge", "--yes", "--today", TODAY)
    assert result["purged"] == len(due)
    assert len(as_json(demo_path, capsys, "list")["notes"]) == before - len(due)
    assert not as_json(demo_path, capsys, "retention", "--today", TODAY)["due"]

    with Notebook.open(demo_path) as notebook:
        notebook.unlock(DEMO_PASSPHRASE)
        assert not [d for d in notebook.drafts() if d[1] == draft_of]
        for kept_memo in notebook.memos():
            assert not due_ids & set(kept_memo.note_ids)
        # The memo stays, linked to the note that was not purged.
        assert [m.id for m in notebook.memos(note_id=kept)] == [memo.id]
        assert notebook.integrity_problems() == ()
    raw = sqlite3.connect(demo_path)
    for table in ("note_principle", "note_obstacle", "memo_note", "note"):
        column = "id" if table == "note" else "note_id"
        rows = raw.execute(f"SELECT {column} FROM {table}").fetchall()
        assert not due_ids & {row[0] for row in rows}, table
    raw.close()

    (logged,) = as_json(demo_path, capsys, "retention", "log")["purges"]
    assert logged["count"] == len(due) and logged["reason"] == "retention"
    assert logged["by"] == "PSW Eastmere"
    assert logged["months"] == ["2026-08", "2026-09"]
    assert not any(note_id in json.dumps(logged) for note_id in due_ids)
    assert f"{len(due)} note(s)  retention  by PSW Eastmere" in run(
        demo_path, capsys, "retention", "log"
    )


def test_purge_by_hand_works_with_retention_off_and_takes_trashed_notes(
    demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = as_json(demo_path, capsys, "list")["notes"]
    live, trashed = notes[0]["id"], notes[1]["id"]
    run(demo_path, capsys, "delete", trashed[:8], "--yes")
    assert main(["retention", "purge", "--yes", "--notebook", str(demo_path)]) == 1
    assert "Name the notes to purge" in capsys.readouterr().err

    result = as_json(demo_path, capsys, "retention", "purge", live[:8], trashed[:8], "--yes")
    assert result["purged"] == 2
    assert result["log"]["reason"] == "by hand" and result["log"]["trashed"] == 1
    assert not as_json(demo_path, capsys, "trash")["notes"]
    assert main(["show", live[:8], "--notebook", str(demo_path)]) == 1
    capsys.readouterr()


def test_a_trashed_note_past_its_date_is_listed_and_purged(
    demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(demo_path, capsys, "config", "set", "retention", "3")
    due = as_json(demo_path, capsys, "retention", "--today", TODAY)["due"]
    run(demo_path, capsys, "delete", due[0]["id"][:8], "--yes")
    listed = as_json(demo_path, capsys, "retention", "--today", TODAY)["due"]
    assert [item["trashed"] for item in listed if item["id"] == due[0]["id"]] == [True]
    as_json(demo_path, capsys, "retention", "purge", "--yes", "--today", TODAY)
    assert not as_json(demo_path, capsys, "trash")["notes"]


# ------------------------------------------------------------ secure, all or none


def _sealed_content(path: Path, note_id: str) -> bytes:
    raw = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        (blob,) = raw.execute("SELECT content FROM note WHERE id = ?", (note_id,)).fetchone()
    finally:
        raw.close()
    return bytes(blob)


def _purge_one_and_read_the_file(notebook: Notebook) -> tuple[str, bytes, bytes]:
    """Add an old note, purge it, and return its id, its sealed blob and the file's bytes."""
    note_id = notebook.add_note(
        NoteDraft(
            mode="observe",
            occurred_at=datetime(2024, 3, 4, 10, 0),
            team="Riverside Locality Team",
            description="CANARY-PURGE-7731 the whole visit",
            quotes=[Quote("CANARY-QUOTE-7731", "parent")],
        )
    ).id
    notebook._store.checkpoint()
    blob = _sealed_content(notebook.path, note_id)
    assert blob in notebook.path.read_bytes()
    notebook.set_retention_months(24)
    assert notebook.purge(today=date(2026, 12, 1)).count == 1
    data = notebook.path.read_bytes()
    wal = Path(f"{notebook.path}-wal")
    data += wal.read_bytes() if wal.exists() else b""
    return note_id, blob, data


def test_purged_text_is_gone_from_the_file_s_bytes(demo_notebook: Notebook) -> None:
    note_id, blob, data = _purge_one_and_read_the_file(demo_notebook)
    assert blob not in data
    assert blob[-32:] not in data  # not even its tag and the end of its ciphertext
    assert note_id.encode() not in data
    assert b"CANARY" not in data


def test_without_secure_delete_the_purged_blob_would_stay(demo_notebook: Notebook) -> None:
    """The check above can fail: with SQLite's default, freed content lingers in the file."""
    with demo_notebook._store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA secure_delete=OFF")
    _, blob, data = _purge_one_and_read_the_file(demo_notebook)
    assert blob in data


@pytest.mark.parametrize("point", ["purge:after-links", "purge:after-notes", "purge:after-setting"])
def test_a_purge_that_crashes_part_way_leaves_everything_as_it_was(
    demo_notebook: Notebook, point: str
) -> None:
    notebook = demo_notebook
    notebook.set_retention_months(3)
    today = date(2026, 12, 1)
    due = notebook.retention(today=today).due
    notes_before = len(notebook.notes())
    synthesis_before = notebook.synthesis()

    def crash(at: str) -> None:
        if at == point:
            raise OSError("simulated crash")

    notebook._store.fault_hook = crash
    with pytest.raises((OSError, FieldnotesError)):
        notebook.purge(today=today)
    notebook._store.fault_hook = None

    assert len(notebook.notes()) == notes_before
    assert len(notebook.retention(today=today).due) == len(due)
    assert notebook.purge_log() == []
    assert notebook.purged_counts() == {}
    after = notebook.synthesis()
    assert [e.note_count for e in after.evidence] == [
        e.note_count for e in synthesis_before.evidence
    ]
    assert notebook.integrity_problems() == ()


# -------------------------------------------------------------- the aggregates


def test_counts_survive_the_purge_and_show_apart_in_the_synthesis(
    empty_notebook: Notebook, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notebook = empty_notebook
    obstacle = notebook.add_obstacle("Recording burden")
    principle = next(iter(notebook.principles()))
    for day, team, mode, stance in (
        (3, "Riverside", "observe", "at-risk"),
        (4, "Northfield", "question", "honoured"),
        (5, "riverside", "observe", "at-risk"),
    ):
        notebook.add_note(
            NoteDraft(
                mode=mode,  # type: ignore[arg-type]  # one of the three modes, as written
                occurred_at=datetime(2024, 3, day, 9, 0),
                team=team,
                description="Old visit",
                quotes=[Quote("A quote that must never reach a brief again", "worker")],
                principles=[PrincipleLink(principle, stance)],  # type: ignore[arg-type]  # a stance
                obstacle_ids=[obstacle.id],
            )
        )
    live = notebook.add_note(
        NoteDraft(
            mode="co-work",
            occurred_at=datetime(2026, 11, 20, 9, 0),
            team="Harbourside",
            description="Recent visit",
            obstacle_ids=[obstacle.id],
        )
    ).id
    notebook.set_retention_months(24)
    record = notebook.purge(today=date(2026, 12, 1))
    assert (record.count, record.months, record.reason) == (3, ("2024-03",), "retention")

    (counts,) = notebook.purged_counts().values()
    assert counts.notes == 3 and counts.teams == 2
    assert counts.modes == {"observe": 2, "question": 1}
    assert counts.at_risk == {principle: 2} and counts.honoured == {principle: 1}
    assert counts.months == {"2024-03": 3}

    evidence = notebook.synthesis().for_obstacle(obstacle.id)
    assert evidence.note_ids == (live,)  # live evidence only
    assert not evidence.quotes

    path = notebook.path
    notebook.close()
    assert (
        main(
            [
                "synthesis",
                "--json",
                "--notebook",
                str(path),
                "--passphrase-file",
                str(_phrase_file(tmp_path)),
            ]
        )
        == 0
    )
    shown = json.loads(capsys.readouterr().out)
    (row,) = [o for o in shown["obstacles"] if o["id"] == obstacle.id]
    assert row["notes"] == 1 and row["purged"]["notes"] == 3
    assert row["purged"]["teams"] == 2 and row["purged"]["months"] == {"2024-03": 3}
    assert "never reach a brief" not in json.dumps(shown)
    assert (
        main(
            ["synthesis", "--notebook", str(path), "--passphrase-file", str(_phrase_file(tmp_path))]
        )
        == 0
    )
    text = capsys.readouterr().out
    assert "plus 3 purged notes (counts only): 2 teams; observed 2, questioned 1" in text
    # A period or a team cannot be told apart in counts that keep neither.
    assert (
        main(
            [
                "synthesis",
                "--json",
                "--since",
                "2024-01-01",
                "--notebook",
                str(path),
                "--passphrase-file",
                str(_phrase_file(tmp_path)),
            ]
        )
        == 0
    )
    assert all(o["purged"] is None for o in json.loads(capsys.readouterr().out)["obstacles"])
    reopened = Notebook.open(path)
    reopened.unlock("correct horse battery staple")
    try:
        body = reopened.compose_brief(BriefRequest((obstacle.id,), "Leadership", "Summary"))
    finally:
        reopened.close()
    assert "Recording burden" in body
    assert "never reach a brief" not in body


def _phrase_file(tmp_path: Path) -> Path:
    phrase = tmp_path / "phrase"
    phrase.write_text("correct horse battery staple\n")
    return phrase


def test_a_damaged_purge_log_stops_a_purge_and_never_reads_as_empty(
    demo_notebook: Notebook,
) -> None:
    notebook = demo_notebook
    notebook.set_retention_months(3)
    notebook._store.set_setting("retention_log", "[not json")
    notebook._store.set_setting("retention_log.count", "1")
    with pytest.raises(FieldnotesError, match="purge log is damaged"):
        notebook.purge_log()
    before = len(notebook.notes())
    with pytest.raises(FieldnotesError, match="purge log is damaged"):
        notebook.purge(today=date(2026, 12, 1))
    assert len(notebook.notes()) == before


def test_the_notebook_s_connection_overwrites_what_it_deletes(demo_notebook: Notebook) -> None:
    with demo_notebook._store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA secure_delete").scalar() == 1


def test_in_a_team_notebook_the_log_names_the_member_label(
    demo_notebook: Notebook, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fieldnotes.domain.team import TeamInfo

    notebook = demo_notebook
    notebook.set_author_label("Principal Social Worker")
    # What a team notebook's façade answers with (a personal one answers None).
    info = TeamInfo("db.example:5432", "team_a", "m-1", "PSW 2", "lead", "ab12")
    monkeypatch.setattr(Notebook, "team", property(lambda _self: info), raising=False)
    record = notebook.purge([notebook.notes()[0].id])
    assert record.by == "PSW 2" and record.reason == "by hand"


def test_an_extension_of_a_note_deleted_since_is_not_kept(demo_notebook: Notebook) -> None:
    notebook = demo_notebook
    notebook.set_retention_months(3)
    today = date(2026, 12, 1)
    first, second = notebook.retention(today=today).due[:2]
    notebook.extend_retention(first.note_id, 1, "Complaint open", today=today)
    notebook.trash_note(first.note_id)
    notebook.empty_trash()
    notebook.extend_retention(second.note_id, 1, "Court order", today=today)
    assert set(notebook.retention_extensions()) == {second.note_id}


def test_extending_needs_the_policy_on_and_refuses_bad_months(
    demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    note = as_json(demo_path, capsys, "list")["notes"][0]["id"]
    base = ["retention", "extend", note[:8], "--reason", "Court order"]
    assert main([*base, "--months", "6", "--notebook", str(demo_path)]) == 1
    assert "retention is off for this notebook" in capsys.readouterr().err
    run(demo_path, capsys, "config", "set", "retention", "24")
    assert main([*base, "--months", "0", "--notebook", str(demo_path)]) == 1
    assert "--months takes 1 to 1200 months" in capsys.readouterr().err
    assert main(["config", "set", "retention", "forever", "--notebook", str(demo_path)]) == 1
    assert "retention is a number of months" in capsys.readouterr().err
    assert run(demo_path, capsys, "config", "get", "retention").strip() == "24"


def test_a_purge_forgets_the_kept_identifier_decisions(demo_notebook: Notebook) -> None:
    """They hold flagged words as written, which may have come from the purged notes."""
    from fieldnotes.domain.brief import KeptDecision, Resolution

    notebook = demo_notebook
    request = BriefRequest((notebook.obstacles()[0].id,), "Leadership", "Summary")
    notebook.keep_decisions(
        request, [KeptDecision("14 Wexford Lane", "address", Resolution("redact"))]
    )
    assert notebook.kept_decisions(request)
    notebook.purge([notebook.notes()[0].id])
    assert notebook.kept_decisions(request) == []


def test_a_note_coded_only_through_a_passage_counts_as_the_synthesis_counted_it(
    empty_notebook: Notebook,
) -> None:
    from fieldnotes.domain.passages import new_passage

    notebook = empty_notebook
    obstacle = notebook.add_obstacle("Recording burden")
    text = "Three forms asked for the same chronology."
    notebook.add_note(
        NoteDraft(
            mode="observe",
            occurred_at=datetime(2024, 5, 2, 9, 0),
            team="Riverside",
            description=text,
            passages=[new_passage("description", text, 0, 10, obstacle_ids=[obstacle.id])],
        )
    )
    assert notebook.synthesis().for_obstacle(obstacle.id).note_count == 1
    notebook.set_retention_months(24)
    notebook.purge(today=date(2026, 12, 1))
    assert notebook.purged_counts()[obstacle.id].notes == 1
    assert notebook.synthesis().for_obstacle(obstacle.id).note_count == 0

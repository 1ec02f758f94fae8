"""Damage is found, named and contained: never read as empty, never a lock-out, never silent."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from fieldnotes.__main__ import main
from fieldnotes.crypto.kdf import FLOOR_KDF
from fieldnotes.domain.model import NoteDraft
from fieldnotes.errors import DamagedError, DamagedKeyslot, NotANotebook, WrongPassphrase
from fieldnotes.notebook import Notebook

from .conftest import DEMO_PASSPHRASE, TEST_PASSPHRASE


def _raw(path: Path) -> sqlite3.Connection:
    """The file opened as anyone with a copy could: the triggers' function is a no-op away."""
    conn = sqlite3.connect(path)
    conn.create_function("fieldnotes_dirty", 2, lambda *_: None)
    return conn


def _sql(path: Path, statement: str, params: tuple[object, ...] = ()) -> None:
    with closing(_raw(path)) as conn, conn:
        conn.execute(statement, params)


def _flip_last_byte(path: Path, table: str, column: str, row_id: str) -> None:
    with closing(_raw(path)) as conn, conn:
        (blob,) = conn.execute(f"select {column} from {table} where id = ?", (row_id,)).fetchone()
        conn.execute(
            f"update {table} set {column} = ? where id = ?",
            (blob[:-1] + bytes([blob[-1] ^ 1]), row_id),
        )


def _notebook_with_notes(tmp_path: Path, count: int = 3) -> tuple[Path, list[str]]:
    path = tmp_path / "n.fieldnotes"
    with Notebook.create(path, TEST_PASSPHRASE, kdf=FLOOR_KDF) as notebook:
        ids = [
            notebook.add_note(
                NoteDraft(
                    mode="observe",
                    occurred_at=datetime(2026, 9, 1 + i, 10),
                    description=f"Visit number {i}.",
                )
            ).id
            for i in range(count)
        ]
    return path, ids


# ------------------------------------------------- damaged settings stop, never fail open


def test_a_damaged_protected_names_list_is_not_an_empty_one(
    demo_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from fieldnotes.crypto.age import generate_identity

    with Notebook.open(demo_path) as notebook:
        notebook.unlock(DEMO_PASSPHRASE)
        notebook.set_protected_names(["Amelia Hart"])
    _flip_last_byte(demo_path, "sealed_setting", "value", "protected_names")

    with Notebook.open(demo_path) as notebook:
        notebook.unlock(DEMO_PASSPHRASE)
        with pytest.raises(DamagedError, match="the protected names list is damaged"):
            notebook.protected_names()

    monkeypatch.setenv("FIELDNOTES_PASSPHRASE", DEMO_PASSPHRASE)
    _secret, public = generate_identity()
    out = demo_path.parent / "out"
    out.mkdir()
    export = ["brief", "export", "--notebook", str(demo_path), "--to", public]
    code = main([*export, "--output", str(out), "--identifiers", "confirm"])
    assert code == 1
    assert "the protected names list is damaged" in capsys.readouterr().err
    assert list(out.iterdir()) == []

    # It can be set again as a whole, and then it is trusted again.
    assert main(["protect", "--notebook", str(demo_path), "--replace", "Amelia Hart"]) == 0
    assert "1 protected name(s)." in capsys.readouterr().out


def test_a_damaged_leader_is_listed_as_damaged_and_can_be_removed(
    demo_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from fieldnotes.crypto.age import generate_identity

    with Notebook.open(demo_path) as notebook:
        notebook.unlock(DEMO_PASSPHRASE)
        kept = notebook.add_leader("DCS", generate_identity()[1])
        broken = notebook.add_leader("Head of service", generate_identity()[1])
    _flip_last_byte(demo_path, "leader", "recipient", broken.id)
    with Notebook.open(demo_path) as notebook:
        notebook.unlock(DEMO_PASSPHRASE)
        leaders = {leader.id: leader for leader in notebook.leaders()}
        assert leaders[kept.id].label == "DCS" and not leaders[kept.id].damaged
        assert leaders[broken.id].damaged and leaders[broken.id].recipient == ""
    monkeypatch.setenv("FIELDNOTES_PASSPHRASE", DEMO_PASSPHRASE)
    assert main(["leader", "list", "--notebook", str(demo_path)]) == 0
    assert "(damaged leader)" in capsys.readouterr().out
    assert main(["leader", "remove", "--notebook", str(demo_path), "(damaged leader)"]) == 0
    with Notebook.open(demo_path) as notebook:
        notebook.unlock(DEMO_PASSPHRASE)
        assert [leader.id for leader in notebook.leaders()] == [kept.id]


@pytest.mark.parametrize("how", ["flip", "delete-half"])
def test_a_damaged_author_identity_is_not_silently_replaced(demo_path: Path, how: str) -> None:
    with Notebook.open(demo_path) as notebook:
        notebook.unlock(DEMO_PASSPHRASE)
        public = notebook.author_recipient()
    if how == "flip":
        _flip_last_byte(demo_path, "sealed_setting", "value", "author_identity")
    else:
        _sql(demo_path, "delete from sealed_setting where id = 'author_identity'")
    with Notebook.open(demo_path) as notebook:
        notebook.unlock(DEMO_PASSPHRASE)
        with pytest.raises(DamagedError, match="the author's own identity is damaged"):
            notebook.author_recipient()
    with closing(sqlite3.connect(demo_path)) as conn:
        (still,) = conn.execute(
            "select count(*) from sealed_setting where id = 'author_recipient'"
        ).fetchone()
    assert still == 1 and public.startswith("age1")


# ------------------------------------------ one bad clear cell damages one row, no more


NOTE_GARBAGE = [
    ("mode", "sideways"),
    ("mode", 7),
    ("stage", "finished"),
    ("occurred_at", "not a date"),
    ("occurred_at", 12),
    ("occurred_at", b"\x00\x01"),
    ("created_at", "2026-13-45"),
    ("updated_at", ""),
    ("revision", "one"),
    ("revision", 9),
    ("revision", 1.5),
    ("trashed_at", "soon"),
    ("content", b"short"),
    ("content", "text, not a blob"),
]


@pytest.mark.parametrize(("column", "value"), NOTE_GARBAGE)
def test_garbage_in_a_clear_cell_damages_that_note_and_only_that_note(
    tmp_path: Path,
    column: str,
    value: object,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path, ids = _notebook_with_notes(tmp_path)
    victim = ids[1]
    with closing(_raw(path)) as conn, conn:
        conn.execute(f"update note set {column} = ? where id = ?", (value, victim))

    with Notebook.open(path) as notebook:
        notebook.unlock(TEST_PASSPHRASE)
        notes = {note.id: note for note in notebook.notes()}
        if column == "trashed_at":
            # A garbled trash date still puts the note out of sight: it is listed as damaged
            # in the trash, never silently gone.
            assert victim not in notes
            [trashed] = notebook.trashed_notes()
            assert trashed.id == victim and trashed.damaged
        else:
            assert notes[victim].damaged and notes[victim].description == ""
            assert notebook.note(victim).damaged
        for other in (ids[0], ids[2]):
            assert not notes[other].damaged and notes[other].description.startswith("Visit")
        assert notebook.synthesis() is not None

    monkeypatch.setenv("FIELDNOTES_PASSPHRASE", TEST_PASSPHRASE)
    code = main(["list", "--notebook", str(path)])
    shown = capsys.readouterr()
    assert "unexpected" not in shown.err
    assert shown.out.count("Visit number") == 2
    if column != "trashed_at":
        assert code != 2 and "DAMAGED" in shown.out


@pytest.mark.parametrize(
    ("column", "value", "named"),
    [
        ("memory_kib", "lots", "memory_kib is not a whole number"),
        ("iterations", 2.5, "iterations is not a whole number"),
        ("lanes", b"\x01", "lanes is not a whole number"),
        ("salt", "salty", "salt is not binary data"),
        ("wrapped", 12, "wrapped is not binary data"),
        ("key_id", "id", "key_id is not binary data"),
    ],
)
def test_garbage_in_the_keyslot_says_the_keyslot_is_damaged(
    tmp_path: Path,
    column: str,
    value: object,
    named: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path, _ids = _notebook_with_notes(tmp_path, 1)
    _sql(path, f"update keyslot set {column} = ?", (value,))
    with Notebook.open(path) as notebook:
        with pytest.raises(DamagedKeyslot, match=f"the notebook's keyslot is damaged: {named}"):
            notebook.unlock(TEST_PASSPHRASE)
        assert not notebook.is_unlocked
    monkeypatch.setenv("FIELDNOTES_PASSPHRASE", TEST_PASSPHRASE)
    assert main(["list", "--notebook", str(path)]) == 1
    assert "the notebook's keyslot is damaged" in capsys.readouterr().err


@pytest.mark.parametrize("value", ["two", "", None, "2.5", "-1"])
def test_garbage_in_the_format_number_says_so(
    tmp_path: Path,
    value: object,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path, _ids = _notebook_with_notes(tmp_path, 1)
    if value is None:
        _sql(path, "delete from meta where key = 'schema_version'")
    else:
        _sql(path, "update meta set value = ? where key = 'schema_version'", (value,))
    with pytest.raises(NotANotebook, match="format number is missing or damaged"):
        Notebook.open(path)
    monkeypatch.setenv("FIELDNOTES_PASSPHRASE", TEST_PASSPHRASE)
    assert main(["list", "--notebook", str(path)]) == 1
    assert "format number is missing or damaged" in capsys.readouterr().err


def test_a_failure_after_the_key_is_in_leaves_the_notebook_locked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, _ids = _notebook_with_notes(tmp_path, 1)

    class Boom(Exception):
        pass

    def fail() -> None:
        raise Boom

    with Notebook.open(path) as notebook:
        monkeypatch.setattr(notebook, "_after_unlock", fail)
        with pytest.raises(Boom):
            notebook.unlock(TEST_PASSPHRASE)
        assert not notebook.is_unlocked


# ------------------------------------------ clear metadata and the set of rows are checked


def _linked_notebook(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    from fieldnotes.domain.frameworks import builtin_framework_paths, load_frameworks
    from fieldnotes.domain.model import PrincipleLink

    path = tmp_path / "linked.fieldnotes"
    with Notebook.create(
        path, TEST_PASSPHRASE, kdf=FLOOR_KDF, frameworks=load_frameworks(builtin_framework_paths())
    ) as notebook:
        parent = notebook.add_obstacle("Recording burden")
        child = notebook.add_obstacle("Duplicate forms", parent_id=parent.id)
        principle = sorted(notebook.principles())[0]
        notes = [
            notebook.add_note(
                NoteDraft(
                    mode="observe",
                    occurred_at=datetime(2026, 9, 1 + i, 10),
                    description=f"Visit number {i}.",
                    principles=[PrincipleLink(principle, "at-risk")],
                    obstacle_ids=[child.id],
                )
            ).id
            for i in range(3)
        ]
        memo = notebook.add_memo("code", "Pattern", "Seen thrice.", note_ids=notes[:1])
    return path, {
        "note": notes[1],
        "other": notes[0],
        "parent": parent.id,
        "child": child.id,
        "principle": principle,
        "memo": memo.id,
    }


def _problems(path: Path) -> tuple[tuple[str, ...], dict[str, bool]]:
    with Notebook.open(path) as notebook:
        notebook.unlock(TEST_PASSPHRASE)
        damaged = {note.id: note.damaged for note in notebook.notes()}
        return notebook.integrity_problems(), damaged


def test_an_untouched_notebook_reports_nothing(tmp_path: Path) -> None:
    path, ids = _linked_notebook(tmp_path)
    problems, damaged = _problems(path)
    assert problems == () and not any(damaged.values())
    # Writes through fieldnotes keep the manifest in step, cascades included.
    with Notebook.open(path) as notebook:
        notebook.unlock(TEST_PASSPHRASE)
        notebook.trash_note(ids["other"])
        notebook.empty_trash()
        notebook.merge_obstacles(ids["child"], ids["parent"])
        notebook.update_obstacle(ids["parent"], status="raised")
    assert _problems(path)[0] == ()


CLEAR_EDITS = [
    ("note", "mode", "co-work"),
    ("note", "stage", "jotting"),
    ("note", "occurred_at", "2025-01-01 09:00:00.000000"),
    ("note", "created_at", "2025-01-01 09:00:00.000000"),
    ("note", "updated_at", "2025-01-01 09:00:00.000000"),
    ("note", "trashed_at", "2026-09-09 09:00:00.000000"),
    ("obstacle", "status", "decided"),
    ("obstacle", "reobserve_on", "2027-01-01"),
    ("obstacle", "position", 99),
    ("obstacle", "parent_id", None),
    ("obstacle", "created_at", "2025-01-01 09:00:00.000000"),
    ("memo", "kind", "integrative"),
    ("memo", "updated_at", "2025-01-01 09:00:00.000000"),
]


@pytest.mark.parametrize(("table", "column", "value"), CLEAR_EDITS)
def test_an_edit_to_a_clear_column_is_reported(
    tmp_path: Path, table: str, column: str, value: object
) -> None:
    path, ids = _linked_notebook(tmp_path)
    row = {"note": ids["note"], "obstacle": ids["child"], "memo": ids["memo"]}[table]
    _sql(path, f"update {table} set {column} = ? where id = ?", (value, row))
    problems, damaged = _problems(path)
    assert any("do not match its manifest" in p for p in problems), problems
    if table == "note" and column != "trashed_at":
        assert damaged[ids["note"]] and not damaged[ids["other"]]


@pytest.mark.parametrize(
    "statement",
    [
        "update note_obstacle set obstacle_id = :parent where note_id = :note",
        "delete from note_obstacle where note_id = :note",
        "insert into note_obstacle (note_id, obstacle_id) values (:other, :parent)",
        "update note_principle set stance = 'honoured' where note_id = :note",
        "delete from note_principle where note_id = :note",
        "delete from memo_note where memo_id = :memo",
        "insert into memo_obstacle (memo_id, obstacle_id) values (:memo, :parent)",
        "delete from note where id = :note",
        "delete from obstacle where id = :child",
        "delete from memo where id = :memo",
        "update principle set code = 'X9' where id = :principle",
        "update meta set value = 'tampered' where key = 'created_at'",
    ],
)
def test_a_changed_link_or_deleted_row_is_reported(tmp_path: Path, statement: str) -> None:
    path, ids = _linked_notebook(tmp_path)
    with closing(_raw(path)) as conn, conn:
        conn.execute("pragma foreign_keys = off")
        conn.execute(statement, ids)
    problems, _damaged = _problems(path)
    assert any("do not match its manifest" in p for p in problems), problems


def test_a_replayed_row_is_reported(tmp_path: Path) -> None:
    path, ids = _linked_notebook(tmp_path)
    with closing(_raw(path)) as conn:
        old = conn.execute("select * from obstacle where id = ?", (ids["child"],)).fetchone()
    with Notebook.open(path) as notebook:
        notebook.unlock(TEST_PASSPHRASE)
        notebook.update_obstacle(ids["child"], status="raised", ask="Fewer forms.")
    with closing(_raw(path)) as conn, conn:
        conn.execute("delete from obstacle where id = ?", (ids["child"],))
        conn.execute(f"insert into obstacle values ({', '.join('?' * len(old))})", old)
    problems, _damaged = _problems(path)
    assert any("obstacles — rows changed" in p for p in problems), problems


def test_the_report_stays_until_accepted_and_a_brief_is_refused_meanwhile(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, ids = _linked_notebook(tmp_path)
    _sql(path, "update note set mode = 'co-work' where id = ?", (ids["note"],))
    with Notebook.open(path) as notebook:
        notebook.unlock(TEST_PASSPHRASE)
        # A write elsewhere, or in the same bucket, does not bless the edit.
        notebook.add_note(NoteDraft(mode="observe", description="Later."))
        with pytest.raises(DamagedError, match="changed outside fieldnotes"):
            notebook.protected_names()
    assert _problems(path)[0]
    monkeypatch.setenv("FIELDNOTES_PASSPHRASE", TEST_PASSPHRASE)
    assert main(["list", "--notebook", str(path)]) == 3
    assert "do not match its manifest" in capsys.readouterr().err
    assert main(["check", "--notebook", str(path)]) == 3
    assert main(["check", "--notebook", str(path), "--accept"]) == 0
    capsys.readouterr()
    assert _problems(path)[0] == ()
    assert main(["list", "--notebook", str(path)]) == 0


def test_a_rollback_this_machine_saw_past_is_reported_and_writes_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from fieldnotes.errors import ReadOnlyNotebook

    path, _ids = _notebook_with_notes(tmp_path, 2)
    old = path.read_bytes()
    with Notebook.open(path) as notebook:
        notebook.unlock(TEST_PASSPHRASE)
        notebook.add_note(NoteDraft(mode="observe", description="Written after the copy."))
    path.write_bytes(old)
    with Notebook.open(path) as notebook:
        notebook.unlock(TEST_PASSPHRASE)
        [problem] = notebook.integrity_problems()
        assert "rolled back" in problem
        assert len(notebook.notes()) == 2
        with pytest.raises(ReadOnlyNotebook, match="nothing was saved"):
            notebook.add_note(NoteDraft(mode="observe", description="Refused."))
    monkeypatch.setenv("FIELDNOTES_PASSPHRASE", TEST_PASSPHRASE)
    body = tmp_path / "body.md"
    body.write_text("Refused too.")
    assert main(["add", "--notebook", str(path), "--mode", "observe", "--file", str(body)]) != 0
    assert "rolled back" in capsys.readouterr().err
    assert main(["check", "--notebook", str(path), "--accept"]) == 0
    with Notebook.open(path) as notebook:
        notebook.unlock(TEST_PASSPHRASE)
        assert notebook.integrity_problems() == ()
        notebook.add_note(NoteDraft(mode="observe", description="Accepted, then written."))


def test_the_golden_format_1_notebook_upgrades_to_a_checked_one(tmp_path: Path) -> None:
    golden = Path(__file__).parent / "data" / "golden-v1.fieldnotes"
    copy = tmp_path / golden.name
    copy.write_bytes(golden.read_bytes())
    with Notebook.open(copy) as notebook:
        notebook.unlock("golden passphrase")
        assert notebook.integrity_problems() == ()
        assert not any(note.damaged for note in notebook.notes())
    with closing(_raw(copy)) as conn, conn:
        conn.execute("update note set occurred_at = '2020-01-01 00:00:00.000000'")
    with Notebook.open(copy) as notebook:
        notebook.unlock("golden passphrase")
        assert notebook.integrity_problems()
        assert all(note.damaged for note in notebook.notes())


@pytest.fixture(scope="module")
def linked_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path, _ids = _linked_notebook(tmp_path_factory.mktemp("linked-template"))
    Path(f"{path}.lock").unlink(missing_ok=True)
    return path


CELL_VALUES = st.one_of(
    st.none(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False),
    st.text(max_size=40),
    st.binary(max_size=40),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(choice=st.integers(min_value=0), value=CELL_VALUES)
def test_any_single_clear_cell_edit_is_detected(
    linked_template: Path, tmp_path: Path, choice: int, value: object
) -> None:
    """Whatever one clear cell of whatever row is changed to, the unlock reports it."""
    from fieldnotes.storage.manifest import coverage

    path = tmp_path / f"edit-{choice}.fieldnotes"
    path.write_bytes(linked_template.read_bytes())
    cells = []
    with closing(_raw(path)) as conn:
        for cover in coverage():
            for (rowid,) in conn.execute(f"select rowid from {cover.table}"):
                cells += [(cover.table, column, rowid) for column in cover.clear]
    table, column, rowid = cells[choice % len(cells)]
    with closing(_raw(path)) as conn:
        conn.execute("pragma foreign_keys = off")
        before = conn.execute(f"select quote({column}) from {table} where rowid = ?", (rowid,))
        (old,) = before.fetchone()
        try:
            with conn:
                conn.execute(f"update {table} set {column} = ? where rowid = ?", (value, rowid))
        except sqlite3.IntegrityError:
            assume(False)
        (new,) = conn.execute(
            f"select quote({column}) from {table} where rowid = ?", (rowid,)
        ).fetchone()
    assume(new != old)
    try:
        problems, _damaged = _problems(path)
    except (NotANotebook, WrongPassphrase):
        return  # the notebook's own details garbled (its id): refused outright, reported too
    assert problems, (table, column, value)
    path.unlink()


async def test_the_app_says_what_it_found_changed_when_unlocked(tmp_path: Path) -> None:
    from fieldnotes.tui.app import FieldnotesApp
    from tests.tui.shell_support import unlock

    path, ids = _notebook_with_notes(tmp_path, 2)
    _sql(path, "update note set mode = 'co-work' where id = ?", (ids[0],))
    app = FieldnotesApp(path)
    async with app.run_test() as pilot:
        await unlock(pilot, TEST_PASSPHRASE)
        assert app.notebook is not None and app.notebook.is_unlocked
        shown = " ".join(str(n.message) for n in app._notifications)
        assert "do not match its manifest" in shown

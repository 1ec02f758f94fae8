"""`fieldnotes search`, `list` and `show` on the light store answer exactly as on the sealed
store: the same output, exit codes and errors, the same checks, and the sealed store whenever
the file needs it (an older format, a missing table, a changed structure, a team's replica)."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from fieldnotes.__main__ import main
from fieldnotes.notebook import Notebook
from fieldnotes.storage import formats, manifest
from fieldnotes.storage.readstore import ReadStore

from .conftest import DEMO_PASSPHRASE

Run = Callable[..., tuple[int, str, str]]

GOLDEN_V1 = Path(__file__).parent / "data" / "golden-v1.fieldnotes"
FORMAT_4 = Path(__file__).parent / "data" / "format-4.fieldnotes"


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[ReadStore | None]:
    """What each `ReadStore.open` of the test answered (None: the sealed store opened it)."""
    answers: list[ReadStore | None] = []
    real = ReadStore.open

    def spy(cls: type[ReadStore], path: Path) -> ReadStore | None:
        answer = real(path)
        answers.append(answer)
        return answer

    monkeypatch.setattr(ReadStore, "open", classmethod(spy))
    monkeypatch.setattr(manifest, "RACY_NANOSECONDS", 0, raising=False)
    return answers


@pytest.fixture
def run(
    demo_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Run:
    """Run a command on the demo notebook: (exit code, stdout, stderr); `full=True` on the
    sealed store, as every command ran before the light one."""
    monkeypatch.setenv("FIELDNOTES_NOTEBOOK", str(demo_path))

    def run_it(
        *argv: str, full: bool = False, phrase: str = DEMO_PASSPHRASE
    ) -> tuple[int, str, str]:
        monkeypatch.setenv("FIELDNOTES_PASSPHRASE", phrase)
        with monkeypatch.context() as patch:
            if full:
                patch.setattr(ReadStore, "open", classmethod(lambda cls, path: None))
            capsys.readouterr()
            code = main(list(argv))
            out, err = capsys.readouterr()
        return code, out, err

    return run_it


@pytest.fixture
def filters(demo_path: Path) -> dict[str, str]:
    """Values the demo's notes hold, for the filters to pick from."""
    with Notebook.open(demo_path) as notebook:
        notebook.unlock(DEMO_PASSPHRASE)
        notes = notebook.notes()
        linked = next(n for n in notes if n.obstacle_ids and n.principles)
        obstacle = notebook.obstacle(linked.obstacle_ids[0])
        parent = obstacle.parent_id or obstacle.id
        return {
            "team": next(n.team for n in notes if n.team),
            "obstacle": notebook.obstacle_path(parent),
            "principle": linked.principles[0].principle_id,
            "note": notes[3].id[:8],
        }


FILTERS = [
    [],
    ["--mode", "observe"],
    ["--mode", "co-work", "--stage", "jotting"],
    ["--stage", "write-up"],
    ["--team", "{team}"],
    ["--team", "team"],
    ["--obstacle", "{obstacle}"],
    ["--principle", "{principle}"],
    ["--since", "2026-09-01"],
    ["--until", "2026-09-15", "--since", "2026-08-10"],
    ["--obstacle", "{obstacle}", "--mode", "observe", "--since", "2026-08-01"],
    ["--obstacle", "no such obstacle"],
    ["--principle", "no.such.principle"],
    ["--since", "yesterday-ish"],
    ["--team", "zzz no such team"],
]


def _filled(args: list[str], values: dict[str, str]) -> list[str]:
    return [arg.format(**values) for arg in args]


@pytest.mark.parametrize("json", [False, True])
@pytest.mark.parametrize("args", FILTERS)
def test_list_and_search_answer_as_the_sealed_store_does(
    run: Run,
    filters: dict[str, str],
    opened: list[ReadStore | None],
    args: list[str],
    json: bool,
) -> None:
    options = [*_filled(args, filters), *(["--json"] if json else [])]
    codes = set()
    for command in (["list"], ["search", "the"], ["search", "visit"], ["search", "zzzqx"]):
        full = run(*command, *options, full=True)
        light = run(*command, *options)
        assert light == full, command
        codes.add(light[0])
    assert codes <= {0, 1}
    assert opened and all(isinstance(store, ReadStore) for store in opened)


@pytest.mark.parametrize("json", [False, True])
def test_show_answers_as_the_sealed_store_does(
    run: Run, filters: dict[str, str], opened: list[ReadStore | None], json: bool
) -> None:
    flags = ["--json"] if json else []
    for note in (filters["note"], filters["note"].upper(), "", "0", "zzzz"):
        assert run("show", note, *flags) == run("show", note, *flags, full=True)
    assert opened and all(isinstance(store, ReadStore) for store in opened)


def test_a_wrong_passphrase_is_refused_as_before(run: Run, opened: list[ReadStore | None]) -> None:
    for command in (["list"], ["search", "visit"], ["show", "0"]):
        light = run(*command, phrase="not the passphrase")
        assert light == run(*command, phrase="not the passphrase", full=True)
        assert light[0] != 0 and "passphrase" in light[2]
    assert all(isinstance(store, ReadStore) for store in opened)


def _db(path: Path) -> closing[sqlite3.Connection]:
    """The file opened behind fieldnotes' back (its triggers' function made a no-op)."""
    db = sqlite3.connect(path)
    db.create_function("fieldnotes_dirty", 2, lambda *_: None)
    return closing(db)


def test_a_tampered_note_is_reported_as_before(
    run: Run, demo_path: Path, filters: dict[str, str], opened: list[ReadStore | None]
) -> None:
    with _db(demo_path) as db, db:
        newest = db.execute("SELECT id FROM note ORDER BY occurred_at DESC LIMIT 1").fetchone()[0]
        # Its sealed text garbled, and another note's clear stage changed: both outside.
        db.execute("UPDATE note SET content = zeroblob(length(content)) WHERE id = ?", (newest,))
        db.execute(
            "UPDATE note SET stage = 'jotting' WHERE id = (SELECT min(id) FROM note"
            " WHERE stage = 'write-up' AND id != ?)",
            (newest,),
        )
    for command in (["list"], ["search", "the"], ["show", newest[:8]], ["show", filters["note"]]):
        light = run(*command)
        assert light == run(*command, full=True), command
        assert light[0] == 3
        assert "do not match its manifest" in light[2]
    assert "DAMAGED" in run("list")[1]
    assert opened and all(isinstance(store, ReadStore) for store in opened)


def test_a_rolled_back_file_is_refused_as_before(
    run: Run, demo_path: Path, tmp_path: Path, opened: list[ReadStore | None]
) -> None:
    older = tmp_path / "older.fieldnotes"
    shutil.copy2(demo_path, older)
    assert run("add", "--mode", "observe", "--file", str(_body(tmp_path)))[0] == 0
    shutil.copy2(older, demo_path)
    for suffix in ("-wal", "-shm"):
        Path(f"{demo_path}{suffix}").unlink(missing_ok=True)
    for command in (["list"], ["search", "visit"], ["show", "0"]):
        light = run(*command)
        assert light == run(*command, full=True), command
        assert light[0] in {1, 3} and "rolled back" in light[2]
    assert [s for s in opened if s is not None]


def _body(tmp_path: Path) -> Path:
    body = tmp_path / "note.md"
    body.write_text("A note written after the copy was taken.\n", encoding="utf-8")
    return body


def test_a_changed_structure_goes_to_the_sealed_store(
    run: Run, demo_path: Path, filters: dict[str, str], opened: list[ReadStore | None]
) -> None:
    with _db(demo_path) as db, db:
        db.execute("CREATE TABLE extra (x)")
    for command in (["list"], ["search", "visit"], ["show", filters["note"]]):
        light = run(*command)
        assert light == run(*command, full=True), command
        assert light[0] == 3 and "structure" in light[2]
    # Read light up to the unlock, then handed over with the key.
    assert opened and all(isinstance(store, ReadStore) for store in opened)
    assert all(store is not None and store.replaced_by is not None for store in opened)


def test_the_check_is_not_repeated_on_a_file_nothing_has_written(
    run: Run,
    filters: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    opened: list[ReadStore | None],
) -> None:
    full_checks: list[None] = []
    verify = manifest.Manifest.verify

    def counted(self: manifest.Manifest, driver: sqlite3.Connection) -> None:
        full_checks.append(None)
        verify(self, driver)

    monkeypatch.setattr(manifest.Manifest, "verify", counted)
    # The first search takes the demo's notes into its index: a write, so the next open checks.
    assert run("search", "visit", full=True)[0] == 0
    first = run("list")
    assert len(full_checks) == 2
    for command in (["list"], ["search", "visit"], ["show", filters["note"]], ["list"]):
        assert run(*command)[0] == 0
    assert len(full_checks) == 2
    assert run("list") == first
    assert all(isinstance(store, ReadStore) for store in opened)


def test_the_search_index_catches_up_through_the_sealed_store(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, opened: list[ReadStore | None]
) -> None:
    import fieldnotes.cli.notes

    monkeypatch.setattr(fieldnotes.cli.notes, "CATCH_UP_AFTER_SEARCH", 1)
    assert run("add", "--mode", "observe", "--file", str(_body(tmp_path)))[0] == 0
    code, out, err = run("search", "copy")
    assert (code, err) == (0, "")
    assert "A note written after the copy" in out
    light = opened[-1]
    assert isinstance(light, ReadStore) and light.replaced_by is None
    with Notebook.open(Path(light.path)) as notebook:
        notebook.unlock(DEMO_PASSPHRASE)
        assert notebook._store.search_index_behind() == 0
        assert notebook.integrity_problems() == ()


@pytest.mark.parametrize(
    ("source", "phrase"), [(GOLDEN_V1, "golden passphrase"), (FORMAT_4, "format 4 passphrase")]
)
def test_a_file_at_an_older_format_opens_on_the_sealed_store(
    source: Path,
    phrase: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    opened: list[ReadStore | None],
) -> None:
    copy = tmp_path / "older.fieldnotes"
    shutil.copy2(source, copy)
    monkeypatch.setenv("FIELDNOTES_NOTEBOOK", str(copy))
    monkeypatch.setenv("FIELDNOTES_PASSPHRASE", phrase)
    assert main(["list"]) == 0
    listed = capsys.readouterr().out
    assert listed.strip()
    assert opened == [None]
    # Upgraded by that open: now the light store reads it, and its coverage is the declared one.
    assert main(["list"]) == 0
    assert capsys.readouterr().out == listed
    assert isinstance(opened[-1], ReadStore)
    with closing(sqlite3.connect(copy)) as db:
        assert manifest.file_coverage(db) == manifest.coverage()


def test_a_team_replica_opens_on_the_sealed_store(demo_path: Path) -> None:
    with _db(demo_path) as db, db:
        db.execute("INSERT INTO team_state (id, revision, value) VALUES ('link', 1, x'00')")
    assert ReadStore.open(demo_path) is None


def test_the_light_store_knows_the_tables_of_this_format() -> None:
    from sqlmodel import SQLModel

    from fieldnotes.storage import tables

    assert set(SQLModel.metadata.tables) == formats.TABLE_NAMES
    made_at_open = {i.name for i in tables.NOTE.indexes if i is not tables.NOTE_REVISIONS}
    assert made_at_open == formats.NOTE_INDEXES_MADE_AT_OPEN
    assert tables.SCHEMA_VERSION == formats.SCHEMA_VERSION


def test_the_coverage_read_from_a_new_file_is_the_declared_one(demo_path: Path) -> None:
    with closing(sqlite3.connect(demo_path)) as db:
        assert manifest.file_coverage(db) == manifest.coverage()


def test_the_light_store_never_writes_the_file(
    run: Run, demo_path: Path, filters: dict[str, str], opened: list[ReadStore | None]
) -> None:
    assert run("search", "visit")[0] == 0  # the demo's index caught up first (a write)
    before = manifest.file_state(demo_path)
    assert before is not None
    for command in (["list"], ["search", "visit"], ["show", filters["note"], "--json"]):
        assert run(*command)[0] == 0
    assert manifest.file_state(demo_path) == before
    assert all(isinstance(store, ReadStore) for store in opened)


def test_a_notebook_open_elsewhere_is_refused_as_before(demo_path: Path) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "FIELDNOTES_NOTEBOOK": str(demo_path)}
    env["FIELDNOTES_PASSPHRASE"] = DEMO_PASSPHRASE
    for command in (["search", "visit"], ["list"], ["show", "0"]):
        with Notebook.open(demo_path):
            ran = subprocess.run(
                [sys.executable, "-m", "fieldnotes", *command],
                capture_output=True,
                text=True,
                env=env,
                timeout=120,
                check=False,
            )
        assert ran.returncode == 1, command
        assert "open in another fieldnotes process" in ran.stderr


def test_opening_for_reading_takes_the_same_lock(demo_path: Path) -> None:
    from fieldnotes.errors import FieldnotesError

    with Notebook.open(demo_path), pytest.raises(FieldnotesError) as refused:
        Notebook.open_for_reading(demo_path)
    with Notebook.open(demo_path), pytest.raises(FieldnotesError) as as_before:
        Notebook.open(demo_path)
    said = (type(refused.value), str(refused.value))
    assert said == (type(as_before.value), str(as_before.value))
    with Notebook.open_for_reading(demo_path), pytest.raises(FieldnotesError):
        Notebook.open(demo_path)


@pytest.mark.parametrize(
    "damage", ["UPDATE manifest SET mac = zeroblob(32)", "DELETE FROM manifest"]
)
def test_a_damaged_or_missing_manifest_goes_to_the_sealed_store(
    run: Run,
    demo_path: Path,
    filters: dict[str, str],
    opened: list[ReadStore | None],
    damage: str,
) -> None:
    # The demo's notes taken into the index first: that write is not what is compared here.
    assert run("search", "visit", full=True)[0] == 0
    with _db(demo_path) as db, db:
        db.execute(damage)
    for command in (["list"], ["search", "visit"], ["show", filters["note"]]):
        light = run(*command)
        assert light == run(*command, full=True), command
        assert light[0] == 3 and "manifest is" in light[2]
    assert all(store is not None and store.replaced_by is not None for store in opened)


def test_a_search_that_found_few_notes_behind_does_not_count_them_again(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The search itself learnt how many notes the index does not answer for: fewer than a
    catch-up is worth, so the whole notebook is not joined again to count them."""
    from fieldnotes.storage.search_reads import SearchReads

    assert run("search", "copy")[0] == 0  # the index built, after the first search
    assert run("add", "--mode", "observe", "--file", str(_body(tmp_path)))[0] == 0
    counted: list[int | None] = []
    real = SearchReads.search_index_behind

    def counting(self: SearchReads) -> int | None:
        counted.append(real(self))
        return counted[-1]

    monkeypatch.setattr(SearchReads, "search_index_behind", counting)
    code, out, err = run("search", "copy")
    assert (code, err) == (0, "")
    assert "A note written after the copy" in out
    assert counted == []

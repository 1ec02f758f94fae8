"""A team replica's local state: its link to the team sealed in the notebook file, the rows it
seals for the team, and an existing notebook gaining the replica's tables."""

from __future__ import annotations

import sqlite3
import uuid
from contextlib import closing
from dataclasses import replace
from pathlib import Path

import pytest

from fieldnotes.crypto.kdf import FLOOR_KDF
from fieldnotes.crypto.team import MemberKeys, new_data_key
from fieldnotes.errors import DamagedData
from fieldnotes.notebook import Notebook
from fieldnotes.storage.team.replica import TeamLink, open_team_row, seal_team_row
from tests.conftest import TEST_PASSPHRASE

SECRET_PASSWORD = "a-database-password-nobody-may-read"


def _link(**changes: object) -> TeamLink:
    keys = MemberKeys.generate()
    link = TeamLink(
        conninfo=f"host=127.0.0.1 dbname=team user=psw password={SECRET_PASSWORD}",
        server="127.0.0.1:5432/team",
        schema="council_team",
        member_id="m1",
        label="PSW 1",
        role="capture",
        keys=keys,
        data_keys={1: new_data_key()},
        generation=1,
        position=0,
        notebook_id=uuid.uuid4().bytes,
        anchor=keys.public,
    )
    return replace(link, **changes)  # type: ignore[arg-type]  # test values of the right kinds


def test_a_personal_notebook_has_no_team_link(empty_notebook: Notebook) -> None:
    assert empty_notebook._store.team_link() is None


def test_the_link_is_sealed_in_the_file_and_reads_back_whole(tmp_path: Path) -> None:
    path = tmp_path / "replica.fieldnotes"
    link = _link()
    with Notebook.create(path, TEST_PASSPHRASE, kdf=FLOOR_KDF) as notebook:
        notebook._store.save_team_link(link)
        notebook._store.save_team_link(replace(link, position=41))
    files = [Path(f"{path}{suffix}") for suffix in ("", "-wal")]
    raw = b"".join(file.read_bytes() for file in files if file.exists())
    assert SECRET_PASSWORD.encode() not in raw
    assert b"council_team" not in raw and b"PSW 1" not in raw
    with Notebook.open(path) as notebook:
        notebook.unlock(TEST_PASSPHRASE)
        found = notebook._store.team_link()
        assert notebook.integrity_problems() == ()
    assert found is not None
    assert found.position == 41 and found.conninfo == link.conninfo
    assert found.keys.public == link.keys.public and found.data_keys == link.data_keys
    assert found.anchor == link.anchor and found.notebook_id == link.notebook_id


def test_a_sealed_team_row_opens_only_where_it_was_sealed() -> None:
    link = _link()
    row = seal_team_row(link, "note", "n1", 3, "m1", {"description": "seen"}, {"mode": "observe"})
    assert open_team_row(link, row) == {"description": "seen"}
    assert b"seen" not in row.sealed
    for moved in (
        replace(row, row_id="n2"),
        replace(row, revision=4),
        replace(row, kind="memo"),
        replace(row, sealed=row.sealed[:-1] + bytes([row.sealed[-1] ^ 1])),
    ):
        with pytest.raises(DamagedData):
            open_team_row(link, moved)
    with pytest.raises(DamagedData):
        open_team_row(replace(link, data_keys={1: new_data_key()}), row)
    with pytest.raises(DamagedData, match="generation 1"):
        open_team_row(replace(link, data_keys={2: new_data_key()}, generation=2), row)


def _copy_of_format_4(tmp_path: Path) -> Path:
    golden = Path(__file__).parent / "data" / "golden-v4.fieldnotes"
    copy = tmp_path / golden.name
    copy.write_bytes(golden.read_bytes())
    return copy


def test_a_format_4_notebook_gains_the_replica_tables_and_still_checks(tmp_path: Path) -> None:
    copy = _copy_of_format_4(tmp_path)
    with Notebook.open(copy) as notebook:
        notebook.unlock("golden passphrase")
        assert notebook.integrity_problems() == ()
        notebook._store.save_team_link(_link())
    with Notebook.open(copy) as notebook:
        notebook.unlock("golden passphrase")
        assert notebook.integrity_problems() == ()
        assert notebook._store.team_link() is not None
    with closing(sqlite3.connect(copy)) as conn:
        tables = {name for (name,) in conn.execute("select name from sqlite_master")}
    assert {"team_state", "team_row", "team_conflict"} <= tables


def test_a_format_4_notebook_changed_outside_fieldnotes_is_still_reported(
    tmp_path: Path,
) -> None:
    copy = _copy_of_format_4(tmp_path)
    with closing(sqlite3.connect(copy)) as conn, conn:
        conn.create_function("fieldnotes_dirty", 2, lambda *_: None)
        conn.execute("update obstacle set position = position + 7")
    with Notebook.open(copy) as notebook:
        notebook.unlock("golden passphrase")
        assert any("obstacles" in problem for problem in notebook.integrity_problems())


def test_a_file_changed_outside_fieldnotes_can_be_accepted_before_it_has_the_dirty_set(
    tmp_path: Path,
) -> None:
    path = tmp_path / "older.fieldnotes"
    Notebook.create(path, TEST_PASSPHRASE, kdf=FLOOR_KDF).close()
    # As a file made before the dirty set existed, then changed outside fieldnotes: the
    # manifest will not let the missing table be made until a person accepts the file.
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("DROP TABLE team_dirty")
    with Notebook.open(path) as notebook:
        notebook.unlock(TEST_PASSPHRASE)
        assert notebook.integrity_problems() != ()
        notebook.accept_current_state()
        assert notebook.integrity_problems() == ()
    with Notebook.open(path) as notebook:
        notebook.unlock(TEST_PASSPHRASE)
        assert notebook.integrity_problems() == ()
        notebook._store.save_team_link(_link())
    with closing(sqlite3.connect(path)) as conn:
        tables = {name for (name,) in conn.execute("select name from sqlite_master")}
    assert "team_dirty" in tables

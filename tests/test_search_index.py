"""The sealed search index gives the plain search's answer, whatever was written, crashed or
damaged: a search through it finds exactly the notes, in the order, that reading every note
finds."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fieldnotes.crypto.kdf import FLOOR_KDF
from fieldnotes.domain.filters import NoteFilter
from fieldnotes.domain.model import NoteDraft
from fieldnotes.index.notes import PlainNoteIndex
from fieldnotes.index.search import candidate_ids
from fieldnotes.notebook import Notebook
from tests.conftest import TEST_PASSPHRASE

PIECES = ["care", "car", "plan", "plans.", "(family)", "fam", "Straße", "STRASSE", "ß", "ﬁle"]
"""Words, their prefixes and punctuated forms, and casefolding pairs (ß/ss, the ﬁ ligature)."""
QUERIES = [
    "car",
    "care plan",
    "plans.",
    "ss",
    "strasse",
    "fi",
    "file",
    "(fam",
    "y)",
    "a",
    "zz",
    "ily) car",
    "North",
]

texts = st.lists(st.sampled_from(PIECES), min_size=1, max_size=6).map(" ".join)
writes = st.lists(
    st.one_of(
        st.tuples(st.just("add"), texts, st.sampled_from(["North", "South", ""])),
        st.tuples(st.just("edit"), st.integers(0, 20), texts),
        st.tuples(st.just("trash"), st.integers(0, 20)),
        st.tuples(st.just("restore"), st.integers(0, 20)),
        st.tuples(st.just("delete"), st.integers(0, 20)),
        st.tuples(st.just("empty trash")),
        st.tuples(st.just("catch up"), st.integers(1, 4)),
    ),
    max_size=25,
)


def _plain(notebook: Notebook, query: str) -> list[str]:
    """Today's plain search: every note read, the rule applied, newest first."""
    where = NoteFilter(query=query)
    return [note.id for note in PlainNoteIndex(notebook._store).select(where, None)]


def _found(notebook: Notebook, query: str) -> list[str]:
    """`fieldnotes search`'s answer: the notes are not all open in memory, so the notebook
    asks the sealed index (with every note open, it would search them in memory)."""
    notebook._index.invalidate()
    assert not notebook.notes_loaded
    return [note.id for note in notebook.find(NoteFilter(query=query))]


def _draft(text: str, team: str = "", at: int = 0) -> NoteDraft:
    return NoteDraft(
        mode="observe",
        stage="write-up",
        occurred_at=datetime(2026, 9, 1, 9) + timedelta(hours=at % 3),
        team=team,
        description=text,
    )


@pytest.fixture(scope="module")
def shared_notebook(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Notebook]:
    """One notebook for every example (a key derivation each would cost seconds): each
    example starts by emptying it."""
    notebook = Notebook.create(
        tmp_path_factory.mktemp("search") / "search.fieldnotes", TEST_PASSPHRASE, kdf=FLOOR_KDF
    )
    yield notebook
    notebook.close()


def _apply(notebook: Notebook, write: tuple[object, ...], ids: list[str]) -> None:
    kind = write[0]
    live = [n.id for n in notebook.notes()]
    trashed = [n.id for n in notebook.trashed_notes()]
    if kind == "add":
        ids.append(notebook.add_note(_draft(str(write[1]), str(write[2]), len(ids))).id)
    elif kind == "edit" and live:
        note_id = live[int(str(write[1])) % len(live)]
        notebook.update_note(note_id, _draft(str(write[2]), "North", len(ids)))
    elif kind == "trash" and live:
        notebook.trash_note(live[int(str(write[1])) % len(live)])
    elif kind == "restore" and trashed:
        notebook.restore_note(trashed[int(str(write[1])) % len(trashed)])
    elif kind == "delete" and live:
        notebook.delete_note(live[int(str(write[1])) % len(live)])
    elif kind == "empty trash":
        notebook.empty_trash()
    elif kind == "catch up":
        notebook._store.refresh_search_index(most=int(str(write[1])))


def filled_afresh(notebook: Notebook, first: list[tuple[str, str]]) -> list[str]:
    """Empty the shared notebook, write these (text, team) notes, and index them all."""
    for note in notebook.notes():
        notebook.delete_note(note.id)
    notebook.empty_trash()
    ids = [notebook.add_note(_draft(text, team, at)).id for at, (text, team) in enumerate(first)]
    notebook.catch_up_search_index()
    return ids


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=st.lists(st.tuples(texts, st.sampled_from(["North", ""])), max_size=8), then=writes)
def test_the_index_finds_what_reading_every_note_finds(
    shared_notebook: Notebook,
    first: list[tuple[str, str]],
    then: list[tuple[object, ...]],
) -> None:
    notebook = shared_notebook
    ids = filled_afresh(notebook, first)
    for write in then:
        _apply(notebook, write, ids)
        for query in QUERIES:
            assert _found(notebook, query) == _plain(notebook, query), (write, query)


def test_a_search_opens_only_the_notes_that_may_match(empty_notebook: Notebook) -> None:
    for day in range(30):
        empty_notebook.add_note(_draft(f"supervision visit day{day}", at=day))
    wanted = empty_notebook.add_note(_draft("the interpreter did not come")).id
    assert empty_notebook.catch_up_search_index() == 0
    assert candidate_ids(empty_notebook._store, ("interp",)) == {wanted}
    written = empty_notebook.add_note(_draft("written since the index caught up")).id
    # Written since: opened whatever the buckets say, so it is found at once.
    assert candidate_ids(empty_notebook._store, ("interp",)) == {wanted, written}
    assert _found(empty_notebook, "interp") == [wanted]


class Crash(Exception):
    pass


def _crash_at(point: str) -> object:
    def hook(name: str) -> None:
        if name == point:
            raise Crash(name)

    return hook


def test_a_crash_while_the_index_catches_up_leaves_it_answering_as_before(
    empty_notebook: Notebook,
) -> None:
    for day in range(12):
        empty_notebook.add_note(_draft(f"care plan day{day} (family)", at=day))
    empty_notebook.catch_up_search_index()
    for day in range(5):
        empty_notebook.add_note(_draft(f"strasse visit late{day}", at=day))
    before = {q: _plain(empty_notebook, q) for q in QUERIES}
    empty_notebook._store.fault_hook = _crash_at("search:after-buckets")
    with pytest.raises(Crash):
        empty_notebook.catch_up_search_index()
    empty_notebook._store.fault_hook = None
    assert empty_notebook._store.search_index_behind() == 5
    assert {q: _found(empty_notebook, q) for q in QUERIES} == before
    assert empty_notebook.catch_up_search_index() == 0
    assert {q: _found(empty_notebook, q) for q in QUERIES} == before


def test_a_crash_while_a_note_is_written_leaves_the_index_matching_the_notes(
    empty_notebook: Notebook,
) -> None:
    kept = empty_notebook.add_note(_draft("care plan")).id
    empty_notebook.catch_up_search_index()
    empty_notebook._store.fault_hook = _crash_at("note:after-update")
    with pytest.raises(Crash):
        empty_notebook.update_note(kept, _draft("strasse"))
    empty_notebook._store.fault_hook = None
    assert _found(empty_notebook, "care") == [kept]
    assert _found(empty_notebook, "strasse") == []
    empty_notebook.update_note(kept, _draft("strasse"))
    assert _found(empty_notebook, "strasse") == [kept]
    assert _found(empty_notebook, "care") == []


def _reopen(path: Path) -> Notebook:
    notebook = Notebook.open(path)
    notebook.unlock(TEST_PASSPHRASE)
    return notebook


def _indexed_notebook(tmp_path: Path) -> tuple[Path, dict[str, list[str]]]:
    path = tmp_path / "damaged.fieldnotes"
    with Notebook.create(path, TEST_PASSPHRASE, kdf=FLOOR_KDF) as notebook:
        for day in range(20):
            notebook.add_note(_draft(f"care plan day{day} ß (family) visit{day % 4}", at=day))
        assert notebook.catch_up_search_index() == 0
        answers = {q: _plain(notebook, q) for q in [*QUERIES, "visit2", "day1"]}
    return path, answers


def _with_file(path: Path, statement: str, rows: list[tuple[object, ...]] | None = None) -> None:
    """The file changed as anyone with a copy could (the triggers' function a no-op)."""
    db = sqlite3.connect(path)
    db.create_function("fieldnotes_dirty", 2, lambda *_: None)
    with db:
        if rows is None:
            db.execute(statement)
        else:
            db.executemany(statement, rows)
    db.close()


def _flipped(blob: bytes, at: int) -> bytes:
    return blob[:at] + bytes([blob[at] ^ 1]) + blob[at + 1 :]


def test_a_damaged_bucket_is_never_believed_and_is_rebuilt(tmp_path: Path) -> None:
    path, answers = _indexed_notebook(tmp_path)
    with sqlite3.connect(path) as db:
        blobs = db.execute("SELECT id, postings FROM search_bucket").fetchall()
    db.close()
    # Every bucket a search could open, one byte flipped in its sealed postings.
    _with_file(
        path,
        "UPDATE search_bucket SET postings = ? WHERE id = ?",
        [(_flipped(blob, len(blob) - 1), bucket) for bucket, blob in blobs],
    )
    with _reopen(path) as notebook:
        assert {q: _found(notebook, q) for q in answers} == answers
        assert notebook._store.search_index_behind() is None  # known damaged: to rebuild
        assert notebook.catch_up_search_index() == 0
        assert candidate_ids(notebook._store, ("visit2",)) is not None
        assert {q: _found(notebook, q) for q in answers} == answers


def test_a_missing_bucket_is_never_believed(tmp_path: Path) -> None:
    path, answers = _indexed_notebook(tmp_path)
    _with_file(path, "DELETE FROM search_bucket")
    with _reopen(path) as notebook:
        assert {q: _found(notebook, q) for q in answers} == answers
        # A missing row is a change outside fieldnotes: said, and the file is not written.
        assert notebook.integrity_problems()


def test_a_word_list_part_replaced_by_another_is_never_believed(tmp_path: Path) -> None:
    path, answers = _indexed_notebook(tmp_path)
    _with_file(
        path,
        "UPDATE search_words SET words = (SELECT words FROM search_words WHERE id = '00')",
    )
    with _reopen(path) as notebook:
        assert {q: _found(notebook, q) for q in answers} == answers
        assert notebook.catch_up_search_index() == 0
        assert {q: _found(notebook, q) for q in answers} == answers


GOLDEN = Path(__file__).parent / "data" / "golden-v1.fieldnotes"


def test_an_older_notebook_gains_the_index_without_any_integrity_warning(
    tmp_path: Path,
) -> None:
    copy = tmp_path / "golden.fieldnotes"
    shutil.copy2(GOLDEN, copy)
    with Notebook.open(copy) as notebook:
        notebook.unlock("golden passphrase")
        notes = notebook.notes()
        assert notes
        word = notes[0].description.split()[0]
        before = _plain(notebook, word)
        assert notebook._store.search_index_behind() is None
        assert notebook.catch_up_search_index() == 0
        assert _found(notebook, word) == before
        assert notebook.integrity_problems() == ()
    with Notebook.open(copy) as notebook:
        notebook.unlock("golden passphrase")
        assert _found(notebook, word) == before
        assert notebook.integrity_problems() == ()


FORMAT_4 = Path(__file__).parent / "data" / "format-4.fieldnotes"
"""Five notes written by the last fieldnotes of format 4 (passphrase `format 4 passphrase`)."""


def _format_4_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "format-4.fieldnotes"
    shutil.copy2(FORMAT_4, copy)
    return copy


def test_a_format_4_notebook_is_upgraded_without_an_integrity_warning(tmp_path: Path) -> None:
    copy = _format_4_copy(tmp_path)
    with Notebook.open(copy) as notebook:
        notebook.unlock("format 4 passphrase")
        assert notebook.integrity_problems() == ()
        before = _plain(notebook, "interpreter")
        assert len(before) == 2
        assert _found(notebook, "interpreter") == before
        assert notebook.catch_up_search_index() == 0
        assert candidate_ids(notebook._store, ("interpreter",)) == set(before)
    with Notebook.open(copy) as notebook:
        notebook.unlock("format 4 passphrase")
        assert notebook.integrity_problems() == ()
        assert _found(notebook, "interpreter") == before


def test_a_format_4_notebook_changed_outside_still_says_so_after_the_upgrade(
    tmp_path: Path,
) -> None:
    copy = _format_4_copy(tmp_path)
    _with_file(copy, "UPDATE note SET mode = 'question' WHERE mode = 'observe'")
    with Notebook.open(copy) as notebook:
        notebook.unlock("format 4 passphrase")
        problems = notebook.integrity_problems()
        assert any("do not match its manifest" in problem for problem in problems)

"""The search box's tokens start from the sealed index on disk: the notes it holds are not
tokenised again, and what it gives is still the rule's answer, after writes, damage and a file
changed behind fieldnotes' back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import fieldnotes.index.tokens as tokens_module
from fieldnotes.crypto.kdf import FLOOR_KDF
from fieldnotes.domain.filters import NoteFilter, search_tokens
from fieldnotes.domain.model import Note
from fieldnotes.notebook import Notebook
from fieldnotes.storage import search_reads
from tests.conftest import TEST_PASSPHRASE
from tests.raw_file import opened_raw
from tests.test_search_index import (
    QUERIES,
    _apply,
    _draft,
    _plain,
    filled_afresh,
    texts,
    writes,
)


def _search_box(notebook: Notebook, query: str) -> list[str]:
    """The app's answer: every note open in memory, searched through the token index (a
    write that forgets every note, such as emptying the trash, has them opened again, as the
    app's worker does)."""
    if not notebook.notes_loaded:
        notebook.prepare_search()
    return [note.id for note in notebook.notes(NoteFilter(query=query))]


def _answers(notebook: Notebook) -> dict[str, list[str]]:
    return {query: _search_box(notebook, query) for query in QUERIES}


def _rule(notebook: Notebook) -> dict[str, list[str]]:
    return {query: _plain(notebook, query) for query in QUERIES}


@pytest.fixture(scope="module")
def shared_notebook(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Notebook]:
    notebook = Notebook.create(
        tmp_path_factory.mktemp("seed") / "seed.fieldnotes", TEST_PASSPHRASE, kdf=FLOOR_KDF
    )
    yield notebook
    notebook.close()


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    first=st.lists(st.tuples(texts, st.sampled_from(["North", ""])), max_size=8),
    before=writes,
    after=writes,
)
def test_the_search_box_started_from_the_index_gives_the_rules_answer(
    shared_notebook: Notebook,
    first: list[tuple[str, str]],
    before: list[tuple[object, ...]],
    after: list[tuple[object, ...]],
) -> None:
    """Writes before the tokens are gathered leave notes behind the index (or rewritten, or
    deleted, their old numbers still in the buckets); writes after change the tokens kept."""
    notebook = shared_notebook
    notebook.prepare_search()
    ids = filled_afresh(notebook, first)
    for write in before:
        _apply(notebook, write, ids)
    notebook._index.invalidate()
    notebook.prepare_search()
    assert _answers(notebook) == _rule(notebook)
    for write in after:
        _apply(notebook, write, ids)
        assert _answers(notebook) == _rule(notebook), write


def _counting_tokens(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    tokenised: list[str] = []
    tokens_of = search_tokens

    def counted(note: Note) -> set[str]:
        tokenised.append(note.id)
        return tokens_of(note)

    monkeypatch.setattr(tokens_module, "search_tokens", counted)
    return tokenised


def test_only_the_notes_written_since_the_index_caught_up_are_tokenised(
    empty_notebook: Notebook, monkeypatch: pytest.MonkeyPatch
) -> None:
    notebook = empty_notebook
    for day in range(20):
        notebook.add_note(_draft(f"care plan day{day} (family)", at=day))
    assert notebook.catch_up_search_index() == 0
    edited = notebook.notes()[3].id
    notebook.update_note(edited, _draft("strasse visit"))
    written = notebook.add_note(_draft("written since the index caught up")).id
    notebook._index.invalidate()
    tokenised = _counting_tokens(monkeypatch)
    notebook.prepare_search()
    assert sorted(tokenised) == sorted([edited, written])
    assert _answers(notebook) == _rule(notebook)
    assert _search_box(notebook, "strasse") == [edited]


def _indexed_file(tmp_path: Path) -> Path:
    path = tmp_path / "seeded.fieldnotes"
    with Notebook.create(path, TEST_PASSPHRASE, kdf=FLOOR_KDF) as notebook:
        for day in range(12):
            notebook.add_note(_draft(f"care plan day{day} ß (family)", at=day))
        assert notebook.catch_up_search_index() == 0
    return path


def _unlocked(path: Path) -> Notebook:
    notebook = Notebook.open(path)
    notebook.unlock(TEST_PASSPHRASE)
    return notebook


def test_a_damaged_bucket_leaves_the_tokens_to_be_gathered_from_the_notes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _indexed_file(tmp_path)
    with opened_raw(path) as db, db:
        db.execute("UPDATE search_bucket SET postings = substr(postings, 2)")
    with _unlocked(path) as notebook:
        tokenised = _counting_tokens(monkeypatch)
        notebook.prepare_search()
        assert len(tokenised) == 12
        assert _answers(notebook) == _rule(notebook)
        assert notebook._store.search_index_behind() is None  # to be rebuilt


def test_a_replayed_bucket_the_check_finds_is_not_believed(tmp_path: Path) -> None:
    """An older copy of every bucket, put back: each opens (it is sealed under the same key),
    but it lacks the notes taken in since. The check at unlock says the file was changed, and
    the search box then gathers its tokens from the notes."""
    path = _indexed_file(tmp_path)
    with opened_raw(path) as db:
        older = db.execute("SELECT id, revision, postings FROM search_bucket").fetchall()
    with _unlocked(path) as notebook:
        for day in range(6):
            notebook.add_note(_draft(f"care visit later{day}", at=day))
        assert notebook.catch_up_search_index() == 0
    with opened_raw(path) as db, db:
        db.executemany(
            "UPDATE search_bucket SET revision = ?, postings = ? WHERE id = ?",
            [(revision, postings, bucket) for bucket, revision, postings in older],
        )
    with _unlocked(path) as notebook:
        notebook.prepare_search()  # before the check has said anything
        assert notebook.integrity_problems()
        assert len(_search_box(notebook, "care")) == 18
        assert _answers(notebook) == _rule(notebook)


def test_a_catch_up_while_the_buckets_are_read_leaves_the_tokens_to_the_notes(
    empty_notebook: Notebook, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The buckets are read a slice at a time; an index rebuilt between two slices (its notes
    numbered afresh) is not mixed with what was read before it."""
    notebook = empty_notebook
    for day in range(10):
        notebook.add_note(_draft(f"care plan day{day}", at=day))
    assert notebook.catch_up_search_index() == 0
    notebook._index.invalidate()
    monkeypatch.setattr(search_reads, "SEED_BUCKETS_PER_READ", 1024)
    opened = search_reads._opened_bucket
    rebuilt: list[bool] = []

    def rebuilt_meanwhile(*args: object) -> object:
        if not rebuilt:
            rebuilt.append(True)
            store = notebook._store
            store._search_damaged = True
            store.refresh_search_index()
        return opened(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(search_reads, "_opened_bucket", rebuilt_meanwhile)
    tokenised = _counting_tokens(monkeypatch)
    notebook.prepare_search()
    assert rebuilt
    assert len(tokenised) == 10
    assert _answers(notebook) == _rule(notebook)

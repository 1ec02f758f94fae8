"""A large notebook keeps its notes without their long texts, and nobody can tell.

The demo notebook is far below the size from which notes are kept lean, so these tests lower
that size to nothing before the notebook is opened: every note is then held lean, and every
flow must still see each note's whole, newest texts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

import fieldnotes.index.notes as notes_index
import fieldnotes.notebook.facade as facade
from fieldnotes.domain.member_check import MemberCheck
from fieldnotes.domain.model import Note, Obstacle
from fieldnotes.domain.synthesis import PlainCounter, Synthesis, _pick_quotes, synthesise
from fieldnotes.domain.tracker import TrackerItem
from fieldnotes.errors import FieldnotesError
from fieldnotes.index.lean import NOTHING_LEFT_OUT, LeanNote, LeftOut, left_out_of
from fieldnotes.index.notes import CachedNoteIndex
from fieldnotes.notebook import Notebook

from .conftest import DEMO_PASSPHRASE
from .test_note_index import FakeSource


class Texts:
    """Long texts by note id, counting how often they are asked for."""

    def __init__(self, notes: list[Note]) -> None:
        self.texts = {note.id: left_out_of(note) for note in notes}
        self.asked = 0

    def long_texts(self, note: Note) -> LeftOut:
        self.asked += 1
        return self.texts.get(note.id, NOTHING_LEFT_OUT)


@pytest.fixture
def whole_notes(demo_path: Path) -> list[Note]:
    """The demo notebook's notes as a small notebook holds them, read before it is opened lean."""
    notebook = Notebook.open(demo_path)
    try:
        notebook.unlock(DEMO_PASSPHRASE)
        notes = notebook.notes()
    finally:
        notebook.close()
    assert not any(isinstance(note, LeanNote) for note in notes)
    return notes


@pytest.fixture
def lean_notebook(
    whole_notes: list[Note], demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Notebook]:
    monkeypatch.setattr(facade, "LEAN_FROM_NOTES", 0)
    notebook = Notebook.open(demo_path)
    notebook.unlock(DEMO_PASSPHRASE)
    yield notebook
    notebook.close()


def test_a_lean_note_is_equal_to_the_whole_note_and_reads_its_texts_when_asked(
    whole_notes: list[Note],
) -> None:
    texts = Texts(whole_notes)
    for whole in whole_notes:
        lean = LeanNote(whole, texts)
        assert lean == whole and whole == lean
        assert lean.first_line == whole.first_line
        assert lean.description == whole.description
        assert lean.asides == whole.asides
        assert lean.quotes == whole.quotes and lean.revision == whole.revision
    assert texts.asked > 0


def test_a_lean_note_holds_no_long_text_of_its_own(whole_notes: list[Note]) -> None:
    written = max(whole_notes, key=lambda note: len(note.description))
    assert len(written.description) > 200
    quoted = next(note for note in whole_notes if note.quotes)
    texts = Texts([])
    lean = LeanNote(written, texts)
    assert lean.description == "" and lean.asides == ""
    held = [getattr(lean, slot) for slot in ("_first_line", "_quote_speakers", "_texts")]
    assert not any(isinstance(value, str) and written.description in value for value in held)
    lean_quoted = LeanNote(quoted, texts)
    assert lean_quoted.quotes == [] and lean_quoted.quote_speakers() == quoted.quote_speakers()
    assert not any(
        quote.text in repr(getattr(lean_quoted, slot))
        for quote in quoted.quotes
        for slot in ("_first_line", "_quote_speakers")
    )
    assert not hasattr(lean, "__dict__") or "description" not in vars(lean)
    # Different texts make it a different note.
    assert lean != written


def test_a_lean_note_cannot_be_written_to(whole_notes: list[Note]) -> None:
    lean = LeanNote(whole_notes[0], Texts(whole_notes))
    with pytest.raises(AttributeError):
        lean.description = "changed"
    with pytest.raises(AttributeError):
        lean.asides = "changed"
    with pytest.raises(AttributeError):
        lean.quotes = []
    with pytest.raises(TypeError):
        hash(lean)


def test_a_lean_notebook_shows_every_note_whole(
    lean_notebook: Notebook, whole_notes: list[Note]
) -> None:
    notes = lean_notebook.notes()
    assert notes and all(isinstance(note, LeanNote) for note in notes)
    assert notes == whole_notes
    for held in notes[:10]:
        opened = lean_notebook.note(held.id)
        assert not isinstance(opened, LeanNote)
        assert opened == held
        assert opened.description == held.description


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the lean notes whose long texts are read again from the store, in order."""
    read_again: list[str] = []
    original = CachedNoteIndex.long_texts

    def counted(index: CachedNoteIndex, note: Note) -> LeftOut:
        read_again.append(note.id)
        return original(index, note)

    monkeypatch.setattr(CachedNoteIndex, "long_texts", counted)
    return read_again


def test_reading_the_lists_searching_and_counting_read_no_long_text(
    lean_notebook: Notebook, asked: list[str]
) -> None:
    notes = lean_notebook.notes()
    assert [note.first_line for note in notes]
    assert [note.quote_speakers() for note in notes]
    assert lean_notebook.search("supervision")
    assert lean_notebook.search("form")
    lean_notebook.obstacle_note_counts()
    lean_notebook.due(today=date(2026, 12, 1))
    assert asked == []


@pytest.fixture
def whole_reports(demo_path: Path) -> tuple[Synthesis, tuple[TrackerItem, ...], MemberCheck]:
    """The synthesis, tracker and a member check as a small notebook makes them."""
    notebook = Notebook.open(demo_path)
    try:
        notebook.unlock(DEMO_PASSPHRASE)
        return notebook.synthesis(), notebook.tracker(today=TODAY), _member_check(notebook)
    finally:
        notebook.close()


TODAY = date(2026, 12, 1)


def _member_check(notebook: Notebook) -> MemberCheck:
    notes = notebook.notes()
    team = Counter(note.team for note in notes if note.quote_speakers()).most_common(1)[0][0]
    return notebook.compose_member_check(team, today=TODAY)


def test_the_synthesis_chooses_its_voices_by_who_spoke_and_reads_only_theirs(
    whole_reports: tuple[Synthesis, tuple[TrackerItem, ...], MemberCheck],
    lean_notebook: Notebook,
    asked: list[str],
) -> None:
    synthesis = lean_notebook.synthesis()
    assert synthesis == whole_reports[0]
    voiced = {quote.note_id for item in synthesis.evidence for quote in item.quotes}
    assert voiced and set(asked) == voiced - {
        quote.note_id for item in synthesis.evidence for quote in item.quotes if quote.passage_id
    }


def test_the_tracker_and_a_member_check_of_lean_notes_say_what_whole_notes_say(
    whole_reports: tuple[Synthesis, tuple[TrackerItem, ...], MemberCheck],
    lean_notebook: Notebook,
    asked: list[str],
) -> None:
    notes = lean_notebook.notes()
    tracker = lean_notebook.tracker(today=TODAY)
    assert tracker == whole_reports[1] and any(item.voices for item in tracker)
    # Only notes with words to hear are read, and not all of those.
    quoted = {note.id for note in notes if any(note.quote_speakers())}
    assert asked and set(asked) < quoted
    asked.clear()
    check = _member_check(lean_notebook)
    assert check == whole_reports[2] and "> “" in check.body
    # Every quote of the team's notes is read, a page of notes at once, none on its own.
    assert asked == []


def test_a_voice_whose_quote_is_gone_since_it_was_counted_is_left_out(
    whole_notes: list[Note],
) -> None:
    quoted = [note for note in whole_notes if len(note.quote_speakers()) > 1][:3]
    assert len(quoted) == 3
    texts = Texts(quoted)
    # The first note was rewritten without its quotes after it was held.
    texts.texts[quoted[0].id] = NOTHING_LEFT_OUT
    lean = [LeanNote(note, texts) for note in quoted]
    evidence = synthesise(lean, [Obstacle("o", "An obstacle")], counter=PlainCounter).evidence[0]
    assert evidence.quotes == ()  # tagged with nothing, so no voice at all
    voices = _pick_quotes(lean)
    assert voices and quoted[0].id not in {voice.note_id for voice in voices}
    assert {voice.note_id for voice in voices} <= {note.id for note in quoted[1:]}
    # Each voice is a quote of the note it names, as that note holds it whole.
    whole_by_id = {note.id: note for note in quoted}
    assert all(voice.quote in whole_by_id[voice.note_id].quotes for voice in voices)


def test_a_rewritten_note_is_found_by_its_new_words_only(lean_notebook: Notebook) -> None:
    note = next(n for n in lean_notebook.notes() if "supervision" in n.description.casefold())
    before = {n.id for n in lean_notebook.search("supervision")}
    assert note.id in before
    draft = replace(
        note.draft(), description="A quiet afternoon: the chronology brought up to date."
    )
    updated = lean_notebook.update_note(note.id, draft)

    assert note.id not in {n.id for n in lean_notebook.search("supervision")}
    assert [n.id for n in lean_notebook.search("chronology brought")] == [note.id]
    held = next(n for n in lean_notebook.notes() if n.id == note.id)
    assert isinstance(held, LeanNote)
    assert held.description == updated.description == draft.description
    assert lean_notebook.note(note.id).description == draft.description
    # The rest are still found as before.
    assert {n.id for n in lean_notebook.search("supervision")} == before - {note.id}


def test_a_deleted_note_is_gone_from_searches_and_lists(lean_notebook: Notebook) -> None:
    note = lean_notebook.search("supervision")[0]
    lean_notebook.delete_note(note.id)
    assert note.id not in {n.id for n in lean_notebook.search("supervision")}
    assert note.id not in {n.id for n in lean_notebook.notes()}
    # A lean note still held somewhere (a screen's list) reads empty texts, not an error.
    assert note.description == ""


def test_a_note_held_from_before_a_rewrite_reads_the_newest_texts(
    lean_notebook: Notebook,
) -> None:
    held = lean_notebook.notes()[0]
    assert held.description  # read once, and kept for its revision
    lean_notebook.update_note(held.id, replace(held.draft(), description="Newer."))
    # A screen still showing the note it was reads what the notebook holds now.
    assert held.description == "Newer."
    assert lean_notebook.note(held.id).description == "Newer."


def test_a_lean_note_held_past_a_lock_reads_nothing(lean_notebook: Notebook) -> None:
    held = lean_notebook.notes()[0]
    assert held.description
    lean_notebook.lock()
    with pytest.raises(FieldnotesError):
        held.description  # noqa: B018 (reading is the point)


def test_lean_notes_tagged_alike_share_their_lists_and_none_can_be_changed_in_place(
    lean_notebook: Notebook, whole_notes: list[Note]
) -> None:
    notes = lean_notebook.notes()
    by_tags: dict[tuple[str, ...], list[Note]] = {}
    for note in notes:
        by_tags.setdefault(tuple(note.obstacle_ids), []).append(note)
    alike = next(group for tags, group in by_tags.items() if tags and len(group) > 1)
    assert alike[0].obstacle_ids is alike[1].obstacle_ids
    no_passages = [note for note in notes if not note.passages]
    assert len({id(note.passages) for note in no_passages}) == 1
    assert notes == whole_notes  # sharing changes nothing a reader sees

    shared = alike[0].obstacle_ids
    before = list(shared)
    for change in (
        lambda: shared.append("another"),
        lambda: shared.extend(["another"]),
        lambda: shared.insert(0, "another"),
        lambda: shared.remove(shared[0]),
        lambda: shared.pop(),
        lambda: shared.clear(),
        lambda: shared.sort(),
        lambda: shared.reverse(),
        lambda: shared.__setitem__(0, "another"),
        lambda: shared.__delitem__(0),
        lambda: shared.__iadd__(["another"]),
        lambda: shared.__imul__(2),
    ):
        with pytest.raises(TypeError):
            change()
    assert alike[1].obstacle_ids == before

    # A draft of a lean note holds lists of its own, to edit as any draft's.
    draft = alike[0].draft()
    draft.obstacle_ids.append("another")
    assert "another" not in alike[1].obstacle_ids


def test_giving_spare_memory_back_leaves_every_note_as_it_was(
    lean_notebook: Notebook, whole_notes: list[Note]
) -> None:
    import sys

    from fieldnotes.index.notes import return_spare_memory

    lean_notebook.prepare_search()
    lean_notebook.synthesis()
    given = return_spare_memory()
    if not sys.platform.startswith("linux"):
        assert given is False
    assert lean_notebook.notes() == whole_notes
    assert lean_notebook.search("supervision")


@pytest.fixture
def whole_markdown(demo_path: Path) -> list[tuple[str, str]]:
    """The demo notebook exported as a small notebook exports it, before it is opened lean."""
    notebook = Notebook.open(demo_path)
    try:
        notebook.unlock(DEMO_PASSPHRASE)
        return notebook.markdown_files()
    finally:
        notebook.close()


def test_an_export_of_a_lean_notebook_reads_no_note_on_its_own_and_gives_every_text(
    whole_markdown: list[tuple[str, str]],
    lean_notebook: Notebook,
    asked: list[str],
) -> None:
    expected = whole_markdown
    assert all(isinstance(note, LeanNote) for note in lean_notebook.notes())
    assert lean_notebook.markdown_files() == expected
    assert lean_notebook.qdpx_project().sources  # the REFI-QDA project reads them the same way
    assert asked == []


def _lean_index(notes: list[Note]) -> tuple[CachedNoteIndex, FakeSource]:
    source = FakeSource()
    source.notes = {note.id: note for note in notes}
    index = CachedNoteIndex(source, lean_from=0)
    assert all(isinstance(note, LeanNote) for note in index.newest_first())
    return index, source


def test_texts_read_again_are_kept_for_the_notes_last_used(
    whole_notes: list[Note], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(notes_index, "REOPENED_KEPT", 4)
    index, source = _lean_index(whole_notes)
    held = index.newest_first()
    voices, others = held[:2], held[2:8]
    for note in voices:
        assert note.description == source.notes[note.id].description
    for note in others:
        # The voices are read at each synthesis, between the previews: they stay kept.
        assert note.asides == source.notes[note.id].asides
        assert [n.quotes for n in voices] == [source.notes[n.id].quotes for n in voices]
    assert source.read_alone == [note.id for note in [*voices, *others]]
    # The oldest used since is read again; the voices, used last, are not.
    source.read_alone.clear()
    assert [n.description for n in [*voices, others[-1], others[0]]]
    assert source.read_alone == [others[0].id]


def test_texts_kept_are_bounded_by_their_size_as_well_as_their_number(
    whole_notes: list[Note], monkeypatch: pytest.MonkeyPatch
) -> None:
    written = sorted(whole_notes, key=lambda note: len(note.description), reverse=True)[:3]
    monkeypatch.setattr(notes_index, "REOPENED_CHARS", len(written[0].description) - 1)
    index, source = _lean_index(written)
    held = {note.id: note for note in index.newest_first()}
    first = held[written[0].id]
    # Larger than the bound alone, and still kept while it is the only one.
    assert first.description and first.asides == written[0].asides
    assert source.read_alone == [first.id]
    held[written[1].id].description  # noqa: B018 (reading is the point)
    first.description  # noqa: B018
    assert source.read_alone == [first.id, written[1].id, first.id]

"""Passages: anchoring after an edit (properties), the sealed round trip, and the façade."""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fieldnotes.domain.model import STANCES, NoteDraft, Passage, PrincipleLink, Stance
from fieldnotes.domain.passages import new_passage, reanchor
from fieldnotes.errors import InvalidInput
from fieldnotes.notebook import Notebook

from .conftest import DEMO_PASSPHRASE, TEST_PASSPHRASE

# Words and separators with CRLF, astral characters and combining marks among them.
_PIECES = st.sampled_from(
    ["the ", "manager ", "said ", "\r\n", "\n", "😀", "𝔉 ", "é", "e\u0301", "wait. ", "—", " "]
)
_TEXT = st.lists(_PIECES, min_size=1, max_size=30).map("".join)


def _passage(text: str, start: int, end: int) -> Passage:
    return new_passage("description", text, start, end, obstacle_ids=["o1"])


@st.composite
def _text_and_span(draw: st.DrawFn) -> tuple[str, int, int]:
    text = draw(_TEXT.filter(lambda t: t.strip()))
    start = draw(st.integers(0, len(text) - 1))
    end = draw(st.integers(start + 1, len(text)))
    return text, start, end


def _anchored_or_orphaned(passage: Passage, new: str) -> bool:
    return passage.orphaned or new[passage.start : passage.end] == passage.text


@settings(max_examples=200, deadline=None)
@given(_text_and_span(), _TEXT)
def test_text_added_outside_a_passage_moves_it_and_keeps_its_words(
    case: tuple[str, int, int], added: str
) -> None:
    text, start, end = case
    if not text[start:end].strip():
        return
    passage = _passage(text, start, end)
    for at in (0, start, end, len(text)):
        new = text[:at] + added + text[at:]
        (placed,) = reanchor([passage], {"description": text}, {"description": new})
        assert not placed.orphaned
        assert placed.text == passage.text
        assert new[placed.start : placed.end] == passage.text
        if at == end or at == len(text):
            assert placed.start == start


@settings(max_examples=200, deadline=None)
@given(_text_and_span(), _TEXT, st.integers(0, 60), st.integers(0, 60))
def test_after_any_edit_each_passage_is_anchored_or_flagged_never_dropped(
    case: tuple[str, int, int], replacement: str, cut_from: int, cut_length: int
) -> None:
    text, start, end = case
    if not text[start:end].strip():
        return
    passage = _passage(text, start, end)
    cut_from = min(cut_from, len(text))
    new = text[:cut_from] + replacement + text[cut_from + cut_length :]
    placed = reanchor([passage, passage], {"description": text}, {"description": new})
    assert len(placed) == 2
    for one in placed:
        assert one.id == passage.id and one.obstacle_ids == ("o1",)
        assert _anchored_or_orphaned(one, new)


@settings(max_examples=100, deadline=None)
@given(_text_and_span())
def test_an_unchanged_text_changes_no_passage(case: tuple[str, int, int]) -> None:
    text, start, end = case
    if not text[start:end].strip():
        return
    passage = _passage(text, start, end)
    assert reanchor([passage], {"description": text}, {"description": text}) == [passage]


def test_the_same_words_twice_keep_the_passage_on_the_one_it_was_on() -> None:
    text = "She said no.\r\nLater: she said no. 😀 End."
    second = text.rindex("she said no")
    passage = _passage(text, second, second + len("she said no"))
    new = "Intro 𝔉😀. " + text
    (placed,) = reanchor([passage], {"description": text}, {"description": new})
    assert placed.start == new.rindex("she said no")


def test_a_small_edit_inside_a_passage_keeps_it_with_the_new_words() -> None:
    text = "Before. The manager opened with the family's own words.\r\nAfter 😀."
    words = "The manager opened with the family's own words."
    passage = _passage(text, text.index(words), text.index(words) + len(words))
    new = text.replace("opened with", "began with")
    (placed,) = reanchor([passage], {"description": text}, {"description": new})
    assert not placed.orphaned
    assert placed.text == "The manager began with the family's own words."
    assert new[placed.start : placed.end] == placed.text


def test_a_passage_whose_words_are_gone_is_flagged_then_found_again() -> None:
    text = "Keep this. Remove the whole sentence about 𝔉ilings. Keep that."
    words = "Remove the whole sentence about 𝔉ilings."
    passage = _passage(text, text.index(words), text.index(words) + len(words))
    gone = "Keep this. Keep that."
    (flagged,) = reanchor([passage], {"description": text}, {"description": gone})
    assert flagged.orphaned and flagged.text == words and flagged.obstacle_ids == ("o1",)
    (back,) = reanchor([flagged], {"description": gone}, {"description": text})
    assert not back.orphaned and text[back.start : back.end] == words


def test_a_passage_needs_words() -> None:
    with pytest.raises(InvalidInput):
        new_passage("description", "a   b", 1, 4)
    with pytest.raises(InvalidInput):
        new_passage("description", "abc", 2, 2)
    with pytest.raises(InvalidInput):
        new_passage("follow_up", "abc", 0, 2)  # type: ignore[arg-type]


# ------------------------------------------------------------------------------ the façade

DESCRIPTION = "The manager opened with the family's words.\r\nThen 😀 we waited for 𝔉orms."


def _add(notebook: Notebook) -> str:
    draft = NoteDraft(
        mode="observe",
        occurred_at=datetime(2026, 9, 3, 10, 15),
        team="Northfield",
        description=DESCRIPTION,
        asides="I wondered.",
    )
    return notebook.add_note(draft).id


def test_passages_are_sealed_with_the_note_and_open_after_unlock(
    empty_notebook: Notebook,
) -> None:
    note_id = _add(empty_notebook)
    obstacle = empty_notebook.add_obstacle("Waiting for forms")
    principle = next(iter(empty_notebook.principles()))
    start = DESCRIPTION.index("we waited")
    passage = empty_notebook.code_passage(
        note_id,
        "description",
        start,
        len(DESCRIPTION) - 1,
        obstacle_ids=[obstacle.id],
        principles=[PrincipleLink(principle, "at-risk")],
        memo="the forms again",
    )
    assert passage.text == "we waited for 𝔉orms"
    empty_notebook.lock()
    empty_notebook.unlock(TEST_PASSPHRASE)
    note = empty_notebook.note(note_id)
    assert note.passages == [passage]
    assert not note.damaged
    assert b"waited for" not in (empty_notebook.path.read_bytes())


def test_editing_the_note_keeps_its_passages_anchored_or_flagged(
    empty_notebook: Notebook,
) -> None:
    note_id = _add(empty_notebook)
    obstacle = empty_notebook.add_obstacle("Waiting for forms")
    start = DESCRIPTION.index("we waited")
    kept = empty_notebook.code_passage(
        note_id, "description", start, start + len("we waited"), obstacle_ids=[obstacle.id]
    )
    lost = empty_notebook.code_passage(note_id, "description", 0, len("The manager opened"))
    note = empty_notebook.note(note_id)
    edited = "Earlier: a visit.\r\n" + note.description.replace("The manager opened", "Then")
    empty_notebook.update_note(note_id, dataclasses.replace(note.draft(), description=edited))
    after = {p.id: p for p in empty_notebook.note(note_id).passages}
    assert edited[after[kept.id].start : after[kept.id].end] == "we waited"
    assert after[lost.id].orphaned
    assert [p.id for _, p in empty_notebook.orphaned_passages()] == [lost.id]


def test_recode_and_remove_a_passage(empty_notebook: Notebook) -> None:
    note_id = _add(empty_notebook)
    obstacle = empty_notebook.add_obstacle("Waiting for forms")
    passage = empty_notebook.code_passage(note_id, "asides", 0, 5)
    recoded = empty_notebook.recode_passage(note_id, passage.id, obstacle_ids=[obstacle.id])
    assert empty_notebook.note(note_id).passages == [recoded]
    assert recoded.obstacle_ids == (obstacle.id,)
    empty_notebook.remove_passage(note_id, passage.id)
    assert empty_notebook.note(note_id).passages == []


def test_a_passage_coded_with_an_unknown_obstacle_is_refused(empty_notebook: Notebook) -> None:
    note_id = _add(empty_notebook)
    with pytest.raises(InvalidInput):
        empty_notebook.code_passage(note_id, "asides", 0, 5, obstacle_ids=["nope"])
    assert empty_notebook.note(note_id).passages == []


def test_the_editor_keeps_a_notes_passages_through_a_draft_and_a_save() -> None:
    from fieldnotes.tui.screens.writeup.state import EditorState

    passage = new_passage("description", DESCRIPTION, 0, 11, obstacle_ids=["o1"], memo="m")
    draft = NoteDraft(
        mode="observe",
        occurred_at=datetime(2026, 9, 3, 10, 15),
        description=DESCRIPTION,
        passages=[passage],
    )
    state = EditorState.from_draft(draft)
    assert EditorState.from_payload(state.to_payload(None)).to_draft().passages == [passage]


# ------------------------------------------------------------------ synthesis and briefs


def test_a_coded_passage_is_evidence_and_a_voice_and_the_note_counts_once(
    empty_notebook: Notebook,
) -> None:
    note_id = _add(empty_notebook)
    obstacle = empty_notebook.add_obstacle("Waiting for forms")
    start = DESCRIPTION.index("we waited")
    for end in (start + len("we waited"), len(DESCRIPTION) - 1):
        empty_notebook.code_passage(note_id, "description", start, end, obstacle_ids=[obstacle.id])
    evidence = empty_notebook.synthesis().for_obstacle(obstacle.id)
    assert evidence.note_ids == (note_id,)
    voices = [(v.quote.text, v.is_passage) for v in evidence.quotes]
    assert voices == [("we waited", True), ("we waited for 𝔉orms", True)]


def test_a_passage_in_a_brief_is_an_excerpt_the_identifier_check_reads(
    empty_notebook: Notebook,
) -> None:
    from fieldnotes.domain.brief import BriefRequest, find_identifiers

    description = "Visit went well. Jayden Okafor waited three weeks for the referral form."
    note_id = empty_notebook.add_note(
        NoteDraft(
            mode="observe",
            occurred_at=datetime(2026, 9, 3, 10, 15),
            team="Northfield",
            description=description,
        )
    ).id
    obstacle = empty_notebook.add_obstacle("Waiting for forms")
    start = description.index("Jayden")
    empty_notebook.code_passage(
        note_id, "description", start, len(description), obstacle_ids=[obstacle.id]
    )
    body = empty_notebook.compose_brief(BriefRequest((obstacle.id,), "leaders", ""))
    assert "> “Jayden Okafor waited three weeks for the referral form.”" in body
    assert "excerpt from a field note" in body
    assert any(f.text == "Jayden Okafor" for f in find_identifiers(body))


# ---------------------------------------------------------------------------- command line


def test_the_command_line_lists_orphaned_passages(
    demo_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from fieldnotes.__main__ import main

    notebook = Notebook.open(demo_path)
    notebook.unlock(DEMO_PASSPHRASE)
    note = notebook.notes()[0]
    obstacle = notebook.obstacles()[0]
    words = note.description.split()[0]
    lost = notebook.code_passage(note.id, "description", 0, len(words), obstacle_ids=[obstacle.id])
    kept_at = note.description.rindex(note.description.split()[-1])
    notebook.code_passage(note.id, "description", kept_at, len(note.description.rstrip()))
    edited = note.description[len(words) :]
    notebook.update_note(
        note.id, dataclasses.replace(notebook.note(note.id).draft(), description=edited)
    )
    path = notebook.obstacle_path(obstacle.id)
    notebook.close()

    monkeypatch.setenv("FIELDNOTES_PASSPHRASE", DEMO_PASSPHRASE)
    assert main(["passages", "--orphaned", "--json", "--notebook", str(demo_path)]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed["count"] == 1
    (only,) = listed["passages"]
    assert only["id"] == lost.id and only["orphaned"] is True and only["text"] == words
    assert only["obstacles"] == [{"id": obstacle.id, "path": path}]
    assert main(["passages", "--notebook", str(demo_path)]) == 0
    out, err = capsys.readouterr()
    assert out.count("ORPHANED") == 1 and "1 passage(s) lost their text" in err
    assert main(["show", note.id[:8], "--notebook", str(demo_path)]) == 0
    assert "ORPHANED: its words are no longer in the note" in capsys.readouterr().out


def test_deleting_one_of_two_copies_flags_the_passage_on_it_not_moves_it() -> None:
    text = "She said no. Later she said no again."
    passage = _passage(text, 0, len("She said no"))
    second = _passage(text, text.index("she said no"), text.index("she said no") + 11)
    (flagged,) = reanchor([passage], {"description": text}, {"description": text[13:]})
    assert flagged.orphaned
    cut = "She said no. Later again."
    (gone,) = reanchor([second], {"description": text}, {"description": cut})
    assert gone.orphaned
    moved = "Later she said no again. She said no."
    (found,) = reanchor([passage], {"description": text}, {"description": moved})
    assert not found.orphaned and moved[found.start : found.end] == "She said no"


def test_an_obstacle_filter_and_the_codebook_count_a_note_by_its_passages(
    empty_notebook: Notebook,
) -> None:
    from fieldnotes.notebook import NoteFilter

    note_id = _add(empty_notebook)
    _add(empty_notebook)
    parent = empty_notebook.add_obstacle("Forms")
    child = empty_notebook.add_obstacle("Waiting", parent_id=parent.id)
    empty_notebook.code_passage(note_id, "asides", 0, 5, obstacle_ids=[child.id])
    assert [n.id for n in empty_notebook.notes(NoteFilter(obstacle_id=parent.id))] == [note_id]
    assert empty_notebook.obstacle_note_counts() == {parent.id: 1, child.id: 1}


_LONG = st.lists(_PIECES, max_size=300).map("".join)


@settings(max_examples=200, deadline=None)
@given(_LONG, _TEXT, st.integers(0, 2000))
def test_the_common_head_and_tail_are_found_as_a_plain_walk_would(
    base: str, edit: str, at: int
) -> None:
    from fieldnotes.domain.passages import _common_run

    old, new = base, base[:at] + edit + base[at + len(edit) // 2 :]
    limit = min(len(old), len(new))
    head = next((i for i in range(limit) if old[i] != new[i]), limit)
    assert _common_run(old, new, limit, 0) == head
    rest = limit - head
    tail = next((i for i in range(rest) if old[-1 - i] != new[-1 - i]), rest)
    assert _common_run(old, new, rest, -1) == tail


# ------------------------------------------------------------------------------ sealed form

_CODES = st.lists(st.text(min_size=1, max_size=8), max_size=3).map(tuple)


@settings(max_examples=150, deadline=None)
@given(
    st.text(min_size=1),
    st.integers(0, 10_000),
    st.integers(1, 10_000),
    _CODES,
    st.lists(st.tuples(st.text(min_size=1), st.sampled_from(STANCES))),
    st.text(max_size=40),
    st.booleans(),
)
def test_a_passage_reads_back_from_its_sealed_form(
    text: str,
    start: int,
    length: int,
    codes: tuple[str, ...],
    links: list[tuple[str, Stance]],
    memo: str,
    orphaned: bool,
) -> None:
    from fieldnotes.domain.passages import passage_document, passage_from_document
    from fieldnotes.storage.codec import document_json

    passage = Passage(
        "p",
        "asides",
        start,
        start + length,
        text,
        obstacle_ids=codes,
        principles=tuple(PrincipleLink(pid, stance) for pid, stance in links),
        memo=memo,
        orphaned=orphaned,
    )
    sealed = json.loads(document_json(passage_document(passage)))
    assert passage_from_document(sealed) == passage


def test_a_note_without_passages_seals_the_document_it_always_had() -> None:
    from fieldnotes.storage.codec import note_content

    draft = NoteDraft(mode="observe", description="words")
    assert "passages" not in json.loads(note_content(draft, [])["content"])
    with_one = dataclasses.replace(draft, passages=[new_passage("description", "words", 0, 5)])
    assert len(json.loads(note_content(with_one, [])["content"])["passages"]) == 1


@pytest.mark.parametrize(
    "broken", [{"field": "consent", "start": 0, "end": 1, "text": "x", "id": "p"}, 7, "x"]
)
def test_a_passage_that_does_not_read_marks_the_note_damaged_not_lost_quietly(
    broken: object,
) -> None:
    from fieldnotes.storage.codec import _NoteText

    text = _NoteText.from_content(json.dumps({"description": "words", "passages": [broken]}))
    assert text.fields["description"] == "words"
    assert text.passages == [] and "passages" in text.damaged


# ------------------------------------------------------------------------ Markdown export


def _coded(notebook: Notebook, passage: Passage) -> tuple[object, ...]:
    return (
        passage.field,
        passage.start,
        passage.end,
        passage.text,
        tuple(notebook.obstacle_path(o) for o in passage.obstacle_ids),
        passage.principles,
        passage.memo,
        passage.orphaned,
    )


def test_passages_round_trip_through_a_markdown_export(
    empty_notebook: Notebook, tmp_path: Path
) -> None:
    from fieldnotes.crypto.kdf import FLOOR_KDF
    from fieldnotes.domain.frameworks import builtin_framework_paths, load_frameworks
    from fieldnotes.domain.importer import read_note_files

    source = empty_notebook
    description = "## Asides\nShe said “no” 😀 twice.\nThen 𝔉orms, again."
    note_id = source.add_note(
        NoteDraft(mode="observe", description=description, asides="I wondered why.")
    ).id
    parent = source.add_obstacle("Forms")
    child = source.add_obstacle("Waiting", parent_id=parent.id)
    principle = next(iter(source.principles()))
    start = description.index("She")
    source.code_passage(
        note_id, "description", start, description.index(".") + 1, obstacle_ids=[child.id]
    )
    source.code_passage(
        note_id,
        "asides",
        0,
        len("I wondered"),
        principles=[PrincipleLink(principle, "at-risk")],
        memo="why indeed",
    )
    source.code_passage(note_id, "description", 0, len("## Asides"), obstacle_ids=[parent.id])
    note = source.note(note_id)
    edited = note.description.replace("Then 𝔉orms", "Then forms")
    source.update_note(note_id, dataclasses.replace(note.draft(), description=edited))
    source.code_passage(note_id, "description", edited.index("forms"), len(edited))
    note = source.note(note_id)
    source.update_note(
        note_id,
        dataclasses.replace(note.draft(), description=edited.replace(", again.", "!")),
    )
    expected = sorted(_coded(source, p) for p in source.note(note_id).passages)
    assert any(p.orphaned for p in source.note(note_id).passages)

    folder = tmp_path / "exported"
    folder.mkdir()
    for name, text in source.markdown_files():
        (folder / name).write_text(text, encoding="utf-8")
    target = Notebook.create(
        tmp_path / "target.fieldnotes",
        TEST_PASSPHRASE,
        kdf=FLOOR_KDF,
        frameworks=load_frameworks(builtin_framework_paths()),
    )
    try:
        target.import_codebook(source.codebook_entries())
        (imported,) = target.import_notes(read_note_files([folder])).notes
        assert imported.description == source.note(note_id).description
        assert sorted(_coded(target, p) for p in imported.passages) == expected
    finally:
        target.close()


def test_an_imported_passage_naming_an_unknown_obstacle_is_refused_at_its_line(
    empty_notebook: Notebook, tmp_path: Path
) -> None:
    from fieldnotes.domain.importer import parse_note_text
    from fieldnotes.errors import FileFormatError

    text = (
        '+++\nmode = "observe"\nwhen = 2026-08-04T10:15:00\n[[passages]]\n'
        'field = "description"\nstart = 0\nend = 4\n'
        'text = "Some"\nobstacles = ["Nowhere"]\n+++\n\nSome words.\n'
    )
    with pytest.raises(FileFormatError) as refused:
        empty_notebook.import_notes([parse_note_text(text, "note.md")])
    assert refused.value.line == 4
    assert empty_notebook.notes() == []

"""A merge or a delete in the codebook re-codes the passages that named the obstacle."""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime
from pathlib import Path

import pytest

from fieldnotes.domain.model import NoteDraft
from fieldnotes.notebook import Notebook

from .conftest import DEMO_PASSPHRASE, TEST_PASSPHRASE

TEXT = "The manager opened with the family's words. Then we waited for forms."


def _note(notebook: Notebook, team: str = "Northfield") -> str:
    draft = NoteDraft(
        mode="observe",
        occurred_at=datetime(2026, 9, 3, 10, 15),
        team=team,
        description=TEXT,
    )
    return notebook.add_note(draft).id


def _span(words: str) -> tuple[int, int]:
    start = TEXT.index(words)
    return start, start + len(words)


def _sync_states(notebook: Notebook) -> dict[tuple[str, str], str]:
    from fieldnotes.storage.team.replica_rows import local_states

    with notebook._store.engine.connect() as conn:
        return local_states(conn)


def test_a_merge_recodes_passages_to_the_target_once(empty_notebook: Notebook) -> None:
    nb = empty_notebook
    source = nb.add_obstacle("Forms")
    target = nb.add_obstacle("Paperwork")
    other = nb.add_obstacle("Waiting")
    first, second = _note(nb), _note(nb, "Southgate")
    only_source = nb.code_passage(
        first, "description", *_span("we waited"), obstacle_ids=[source.id]
    )
    both = nb.code_passage(
        second, "description", *_span("forms"), obstacle_ids=[target.id, source.id, other.id]
    )
    untouched = nb.code_passage(second, "description", *_span("manager"), obstacle_ids=[other.id])
    revision = nb.note(first).revision
    before = _sync_states(nb)

    nb.merge_obstacles(source.id, target.id)

    # What a team sync compares to find local changes: both re-sealed notes are among them.
    after = _sync_states(nb)
    assert {("note", first), ("note", second)} <= {k for k in after if after[k] != before.get(k)}

    nb.lock()
    nb.unlock(TEST_PASSPHRASE)
    passages = {p.id: p for n in nb.notes() for p in n.passages}
    assert passages[only_source.id].obstacle_ids == (target.id,)
    assert passages[both.id].obstacle_ids == (target.id, other.id)
    assert passages[untouched.id] == untouched
    assert nb.note(first).revision > revision
    evidence = nb.synthesis().for_obstacle(target.id)
    assert set(evidence.note_ids) == {first, second}
    assert nb.obstacle_note_counts()[target.id] == 2


def test_a_merge_says_how_many_passages_move(empty_notebook: Notebook) -> None:
    nb = empty_notebook
    source = nb.add_obstacle("Forms")
    target = nb.add_obstacle("Paperwork")
    note_id = _note(nb)
    nb.tag_notes([note_id], obstacle_id=source.id)
    for words in ("we waited", "forms"):
        nb.code_passage(note_id, "description", *_span(words), obstacle_ids=[source.id])
    preview = nb.merge_preview(source.id, target.id)
    assert (preview.notes, preview.passages, preview.memos) == (1, 2, 0)
    assert "1 note, 2 passages and no memos move there" in preview.summary


def test_a_delete_takes_the_code_off_passages_and_keeps_them(empty_notebook: Notebook) -> None:
    nb = empty_notebook
    gone = nb.add_obstacle("Forms")
    kept = nb.add_obstacle("Waiting")
    note_id = _note(nb)
    alone = nb.code_passage(note_id, "description", *_span("we waited"), obstacle_ids=[gone.id])
    shared = nb.code_passage(
        note_id, "description", *_span("forms"), obstacle_ids=[gone.id, kept.id]
    )
    preview = nb.delete_preview(gone.id)
    assert (preview.passages, preview.uncoded) == (2, 1)
    assert "1 is left with no code" in preview.summary

    nb.delete_obstacle(gone.id)

    nb.lock()
    nb.unlock(TEST_PASSPHRASE)
    after = {p.id: p for p in nb.note(note_id).passages}
    assert after[alone.id].obstacle_ids == () and after[alone.id].text == "we waited"
    assert after[shared.id].obstacle_ids == (kept.id,)
    assert [p.id for _, p in nb.uncoded_passages()] == [alone.id]


def test_a_failed_merge_leaves_every_passage_and_draft_as_it_was(
    empty_notebook: Notebook, monkeypatch: pytest.MonkeyPatch
) -> None:
    nb = empty_notebook
    source = nb.add_obstacle("Forms")
    target = nb.add_obstacle("Paperwork")
    note_id = _note(nb)
    passage = nb.code_passage(note_id, "description", *_span("forms"), obstacle_ids=[source.id])
    draft_id = _draft_naming(nb, source.id)
    drafts = nb.drafts()
    store = nb._store  # the fault hook sits on the store

    def fail(point: str) -> None:
        if point == "merge:after-passages":
            raise RuntimeError("disk gone")

    monkeypatch.setattr(store, "fault_hook", fail)
    with pytest.raises(RuntimeError):
        nb.merge_obstacles(source.id, target.id)
    nb.lock()
    nb.unlock(TEST_PASSPHRASE)
    assert nb.note(note_id).passages == [passage]
    assert {o.id for o in nb.obstacles()} == {source.id, target.id}
    assert nb.drafts() == drafts
    assert _restored(nb, draft_id).obstacle_ids == [source.id]


def test_the_command_line_lists_passages_a_delete_left_uncoded(
    demo_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from fieldnotes.__main__ import main

    notebook = Notebook.open(demo_path)
    notebook.unlock(DEMO_PASSPHRASE)
    note = notebook.notes()[0]
    gone, kept = notebook.obstacles()[:2]
    alone = notebook.code_passage(note.id, "description", 0, 5, obstacle_ids=[gone.id])
    notebook.code_passage(note.id, "description", 0, 5, obstacle_ids=[gone.id, kept.id])
    notebook.delete_obstacle(gone.id)
    notebook.close()

    monkeypatch.setenv("FIELDNOTES_PASSPHRASE", DEMO_PASSPHRASE)
    assert main(["passages", "--uncoded", "--json", "--notebook", str(demo_path)]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [p["id"] for p in listed["passages"]] == [alone.id]
    assert main(["passages", "--uncoded", "--notebook", str(demo_path)]) == 0
    out, err = capsys.readouterr()
    assert out.count("(not coded)") == 1 and "1 passage(s) have no code" in err


# ---------------------------------------------------------------- principle codes count


def test_a_principle_coded_on_a_passage_counts_once_per_note_and_stance(
    empty_notebook: Notebook,
) -> None:
    from fieldnotes.domain.model import PrincipleLink

    nb = empty_notebook
    obstacle = nb.add_obstacle("Waiting")
    principle = sorted(nb.principles())[0]
    linked, by_passage, orphaned = _note(nb), _note(nb, "Southgate"), _note(nb, "Eastmere")
    for note_id in (linked, by_passage, orphaned):
        nb.tag_notes([note_id], obstacle_id=obstacle.id)
    nb.tag_notes([linked], principle=PrincipleLink(principle, "at-risk"))
    at_risk = [PrincipleLink(principle, "at-risk")]
    for note_id in (linked, by_passage, orphaned):
        nb.code_passage(note_id, "description", *_span("we waited"), principles=at_risk)
    nb.code_passage(
        by_passage,
        "description",
        *_span("forms"),
        principles=[*at_risk, PrincipleLink(principle, "honoured")],
    )
    note = nb.note(orphaned)
    nb.update_note(
        orphaned, dataclasses.replace(note.draft(), description=TEXT.replace("we waited", "I"))
    )
    assert nb.note(orphaned).passages[0].orphaned

    # linked: its own link and a passage, once; by_passage: two passages at risk, once, and
    # one honoured; orphaned: its passage's words are gone, so it is no evidence.
    assert nb.principle_stance_counts()[principle] == (1, 2)
    (counted,) = [p for p in nb.synthesis().for_obstacle(obstacle.id).principles]
    assert (counted.principle_id, counted.at_risk, counted.honoured) == (principle, 2, 1)


def test_the_principle_filter_finds_a_note_by_its_passages(empty_notebook: Notebook) -> None:
    from fieldnotes.domain.model import PrincipleLink
    from fieldnotes.notebook import NoteFilter

    nb = empty_notebook
    principle = sorted(nb.principles())[0]
    coded, plain = _note(nb), _note(nb)
    honoured = [PrincipleLink(principle, "honoured")]
    nb.code_passage(coded, "description", *_span("forms"), principles=honoured)
    assert plain not in {n.id for n in nb.notes(NoteFilter(principle_id=principle))}
    assert [n.id for n in nb.notes(NoteFilter(principle_id=principle))] == [coded]
    assert [n.id for n in nb.notes(NoteFilter(principle_id=principle, stance="honoured"))] == [
        coded
    ]
    assert nb.notes(NoteFilter(principle_id=principle, stance="at-risk")) == []


# ------------------------------------------------------------------ command line counts


def _coded_demo(demo_path: Path, name: str, *, alone: bool) -> tuple[str, str]:
    """A passage coded with `name` (and, unless `alone`, a second code) in the demo."""
    notebook = Notebook.open(demo_path)
    notebook.unlock(DEMO_PASSPHRASE)
    obstacle = notebook.find_obstacle(name)
    other = next(o for o in notebook.obstacles() if o.id != obstacle.id)
    note = notebook.notes()[-1]
    codes = [obstacle.id] if alone else [obstacle.id, other.id]
    passage = notebook.code_passage(note.id, "description", 0, 5, obstacle_ids=codes)
    notebook.close()
    return note.id, passage.id


def test_obstacle_merge_on_the_command_line_counts_the_passages(
    demo_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from fieldnotes.__main__ import main

    _coded_demo(demo_path, "Police", alone=True)
    monkeypatch.setenv("FIELDNOTES_PASSPHRASE", DEMO_PASSPHRASE)
    where = ["--notebook", str(demo_path)]
    assert main([*where, "obstacle", "merge", "Police", "Health", "--yes"]) == 0
    assert ": 4 notes, 1 passage and 0 memos moved" in capsys.readouterr().out


def test_obstacle_delete_on_the_command_line_asks_for_passages_and_counts_them(
    demo_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from fieldnotes.__main__ import main

    _note_id, passage_id = _coded_demo(demo_path, "Police", alone=True)
    monkeypatch.setenv("FIELDNOTES_PASSPHRASE", DEMO_PASSPHRASE)
    where = ["--notebook", str(demo_path)]
    assert main([*where, "obstacle", "delete", "Police"]) == 1
    assert "and codes 1 passage" in capsys.readouterr().err
    assert main([*where, "obstacle", "delete", "Police", "--yes"]) == 0
    out = capsys.readouterr().out
    assert "4 notes lost this tag; 1 passage lost this code (1 left with no code" in out
    assert main([*where, "passages", "--uncoded", "--json"]) == 0
    assert [p["id"] for p in json.loads(capsys.readouterr().out)["passages"]] == [passage_id]


def test_a_merge_drops_a_code_an_older_delete_left_on_a_passage(empty_notebook: Notebook) -> None:
    """Before deletes re-coded passages, a deleted obstacle's code stayed on them: a merge
    that re-codes such a note takes the dead code off rather than refuse."""
    nb = empty_notebook
    source = nb.add_obstacle("Forms")
    target = nb.add_obstacle("Paperwork")
    note_id = _note(nb)
    passage = nb.code_passage(note_id, "description", *_span("forms"), obstacle_ids=[source.id])
    stale = dataclasses.replace(passage, obstacle_ids=(source.id, "deleted-long-ago"))
    nb._store.update_note(note_id, dataclasses.replace(nb.note(note_id).draft(), passages=[stale]))
    nb.lock()
    nb.unlock(TEST_PASSPHRASE)

    nb.merge_obstacles(source.id, target.id)

    assert nb.note(note_id).passages[0].obstacle_ids == (target.id,)


def _draft_naming(nb: Notebook, obstacle_id: str, note_id: str | None = None) -> str:
    """An unsaved editor draft tagged with `obstacle_id` and with a passage coded with it."""
    from fieldnotes.domain.model import Passage
    from fieldnotes.tui.screens.writeup.state import EditorState

    start, end = _span("forms")
    state = EditorState(
        when="2026-09-04 09:30",
        team="Northfield",
        description=TEXT,
        obstacle_ids=[obstacle_id],
        passages=[Passage("p1", "description", start, end, "forms", (obstacle_id,))],
    )
    draft_id = f"draft-{obstacle_id}"
    nb.save_draft(draft_id, state.to_payload(note_id), note_id)
    return draft_id


def _restored(nb: Notebook, draft_id: str) -> NoteDraft:
    from fieldnotes.tui.screens.writeup.state import EditorState

    (payload,) = [d[3] for d in nb.drafts() if d[0] == draft_id]
    return EditorState.from_payload(payload).to_draft()


def test_a_merge_recodes_unsaved_drafts_so_they_still_save(empty_notebook: Notebook) -> None:
    nb = empty_notebook
    source = nb.add_obstacle("Forms")
    target = nb.add_obstacle("Paperwork")
    other = nb.add_obstacle("Waiting")
    draft_id = _draft_naming(nb, source.id)
    untouched = _draft_naming(nb, other.id)
    saved_at = {d[0]: d[2] for d in nb.drafts()}

    nb.merge_obstacles(source.id, target.id)

    nb.lock()
    nb.unlock(TEST_PASSPHRASE)
    draft = _restored(nb, draft_id)
    assert draft.obstacle_ids == [target.id]
    assert [p.obstacle_ids for p in draft.passages] == [(target.id,)]
    note = nb.add_note(draft)
    assert note.obstacle_ids == [target.id]
    assert [p.obstacle_ids for p in note.passages] == [(target.id,)]
    assert _restored(nb, untouched).obstacle_ids == [other.id]
    # Re-coding is not the person's edit: each draft keeps the time it was last saved.
    assert {d[0]: d[2] for d in nb.drafts()} == saved_at


def test_a_delete_takes_its_code_off_unsaved_drafts(empty_notebook: Notebook) -> None:
    nb = empty_notebook
    gone = nb.add_obstacle("Forms")
    draft_id = _draft_naming(nb, gone.id)

    nb.delete_obstacle(gone.id)

    draft = _restored(nb, draft_id)
    assert draft.obstacle_ids == []
    # The passage keeps its words with no code, as a saved note's passage would.
    assert [(p.text, p.obstacle_ids) for p in draft.passages] == [("forms", ())]
    assert nb.add_note(draft).description == TEXT

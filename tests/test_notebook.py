"""The notebook façade: what a person does with notes, the codebook and memos."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from pathlib import Path

import pytest

from fieldnotes.crypto.kdf import FLOOR_KDF
from fieldnotes.domain.model import CodebookEntry, NoteDraft, PrincipleLink, Quote
from fieldnotes.errors import EmptyNote, InvalidInput, NotebookExists, NotebookLocked, NotFound
from fieldnotes.notebook import Notebook, NoteFilter

from .conftest import TEST_PASSPHRASE


def _note(notebook: Notebook, **overrides: object) -> str:
    values: dict[str, object] = {
        "mode": "observe",
        "occurred_at": datetime(2026, 9, 3, 10, 15),
        "team": "Northfield Assessment Team",
        "setting": "group supervision",
        "participants": ["team manager", "social worker"],
        "description": "The manager opened with the family's words.",
        "asides": "I wondered whether this was for my benefit.",
        "quotes": [Quote("We start with what the family said.", "team manager")],
        "consent": "Role explained at the start; all agreed.",
        "follow_up": "- Ask how often this happens.",
    }
    values.update(overrides)
    return notebook.add_note(NoteDraft(**values)).id  # type: ignore[arg-type]


def test_every_field_round_trips(empty_notebook: Notebook) -> None:
    principle = next(iter(empty_notebook.principles()))
    obstacle = empty_notebook.add_obstacle("Recording burden")
    note_id = _note(
        empty_notebook,
        principles=[PrincipleLink(principle, "at-risk")],
        obstacle_ids=[obstacle.id],
    )
    empty_notebook.lock()
    empty_notebook.unlock(TEST_PASSPHRASE)
    note = empty_notebook.note(note_id)
    assert note.team == "Northfield Assessment Team"
    assert note.setting == "group supervision"
    assert note.participants == ["team manager", "social worker"]
    assert note.asides.startswith("I wondered")
    assert note.quotes == [Quote("We start with what the family said.", "team manager")]
    assert note.consent.startswith("Role explained")
    assert note.follow_up == "- Ask how often this happens."
    assert note.principles == [PrincipleLink(principle, "at-risk")]
    assert note.obstacle_ids == [obstacle.id]
    assert note.first_line == "The manager opened with the family's words."
    assert not note.damaged


def test_update_bumps_revision_and_keeps_links(empty_notebook: Notebook) -> None:
    note_id = _note(empty_notebook, stage="jotting", description="duty: 3 calls, no laptop")
    draft = empty_notebook.note(note_id).draft()
    draft.stage = "write-up"
    draft.description += "\n\nWritten up later the same day."
    updated = empty_notebook.update_note(note_id, draft)
    assert updated.revision == 2
    assert updated.stage == "write-up"
    assert "Written up later" in updated.description


def test_unknown_principle_or_mode_refused(empty_notebook: Notebook) -> None:
    with pytest.raises(InvalidInput, match="unknown principle"):
        _note(empty_notebook, principles=[PrincipleLink("nope.1")])
    with pytest.raises(InvalidInput, match="mode"):
        _note(empty_notebook, mode="watch")
    assert empty_notebook.notes() == []


def test_filters_and_search(empty_notebook: Notebook) -> None:
    obstacle = empty_notebook.add_obstacle("IT system")
    child = empty_notebook.add_obstacle("Duplicate entry", parent_id=obstacle.id)
    a = _note(empty_notebook, mode="observe", team="Front Door", obstacle_ids=[child.id])
    b = _note(
        empty_notebook,
        mode="question",
        team="Leaving Care",
        occurred_at=datetime(2026, 10, 1, 9, 0),
        quotes=[Quote("The laptop logs me out on the bus", "personal adviser")],
    )
    assert [n.id for n in empty_notebook.notes()] == [b, a]
    assert [n.id for n in empty_notebook.notes(NoteFilter(mode="question"))] == [b]
    assert [n.id for n in empty_notebook.notes(NoteFilter(team="front door"))] == [a]
    # A parent obstacle's filter includes its sub-obstacles' notes.
    assert [n.id for n in empty_notebook.notes(NoteFilter(obstacle_id=obstacle.id))] == [a]
    assert [n.id for n in empty_notebook.notes(NoteFilter(since=date(2026, 9, 15)))] == [b]
    assert [n.id for n in empty_notebook.search("LAPTOP bus")] == [b]
    assert [n.id for n in empty_notebook.search("personal adviser")] == [b]
    assert empty_notebook.search("laptop conference") == []


def test_typing_a_search_letter_by_letter_finds_what_a_fresh_search_finds(
    demo_notebook: Notebook,
) -> None:
    """Narrowing from earlier results must never lose or invent a match, forwards or back."""
    from fieldnotes.notebook import matches_query

    everything = demo_notebook.notes()

    def brute_force(query: str, where: NoteFilter) -> list[str]:
        return [
            n.id
            for n in everything
            if matches_query(n, query) and dataclasses.replace(where, query="").matches(n)
        ]

    typed = "supervision timesc"
    queries = [typed[:i] for i in range(1, len(typed) + 1)]
    queries += [*reversed(queries), "time super", "vision", "super visionary", "s"]
    for where in (NoteFilter(), NoteFilter(mode="observe")):
        for query in queries:
            found = [n.id for n in demo_notebook.notes(dataclasses.replace(where, query=query))]
            assert found == brute_force(query, where), query
    assert brute_force("supervision", NoteFilter())


def test_a_search_sees_notes_saved_after_it(empty_notebook: Notebook) -> None:
    first = _note(empty_notebook, description="The duty desk had no interpreter")
    assert [n.id for n in empty_notebook.search("interpreter")] == [first]
    assert empty_notebook.search("interpreters") == []
    second = _note(
        empty_notebook,
        description="Two interpreters booked for one visit",
        occurred_at=datetime(2026, 11, 20, 9, 0),
    )
    assert [n.id for n in empty_notebook.search("interpreters")] == [second]
    assert {n.id for n in empty_notebook.search("interpreter")} == {first, second}
    empty_notebook.update_note(first, NoteDraft(mode="observe", description="No one to translate"))
    assert [n.id for n in empty_notebook.search("interpreter")] == [second]


def test_a_one_off_search_finds_what_the_open_notebook_finds(empty_notebook: Notebook) -> None:
    """`find` drops notes on their stored text; quotes, backslashes, accents and control
    characters must not hide a match inside the note's JSON-encoded sealed document."""
    obstacle = empty_notebook.add_obstacle("Recording burden")
    _note(empty_notebook, participants=['the "duty" manager'], description="Plain")
    _note(empty_notebook, quotes=[Quote("C:\\cases\\open — no access", "café worker")])
    _note(empty_notebook, obstacle_ids=[obstacle.id], description="Niño's plan, déjà vu")
    _note(empty_notebook, mode="question", follow_up="- ask about the \\ path")
    _note(empty_notebook, description="first line\nsecond\tline\x07bell")
    queries = ['"duty"', "duty", "c:\\cases", "café", "CAFÉ worker", "déjà", "niño's", "\\", "plan"]
    queries += ["second", "line\x07bell", "first line"]
    filters = [NoteFilter(), NoteFilter(mode="question"), NoteFilter(obstacle_id=obstacle.id)]
    for where in filters:
        for query in queries:
            wanted = dataclasses.replace(where, query=query)
            empty_notebook.lock()
            empty_notebook.unlock(TEST_PASSPHRASE)
            found = [n.id for n in empty_notebook.find(wanted)]
            assert found == [n.id for n in empty_notebook.notes(wanted)], (where, query)
    assert empty_notebook.find(NoteFilter(query="café"))
    assert empty_notebook.find(NoteFilter(query="line\x07bell"))


def test_the_keyslot_can_be_read_before_the_storage_layer_loads(
    empty_notebook: Notebook, tmp_path: Path
) -> None:
    from fieldnotes.storage.peek import peek_keyslot

    peeked = peek_keyslot(empty_notebook.path)
    assert peeked is not None and peeked[1] == empty_notebook.kdf_params
    garbage = tmp_path / "garbage.fieldnotes"
    garbage.write_bytes(b"not a database at all" * 100)
    empty = tmp_path / "empty.fieldnotes"
    empty.write_bytes(b"")
    for path in (garbage, empty, tmp_path / "missing.fieldnotes", tmp_path):
        assert peek_keyslot(path) is None


def test_every_note_is_read_in_pages_without_loss_or_repeat(
    demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Paging by (date, id) must not drop or repeat notes that share a date."""
    from fieldnotes.storage import scan

    with Notebook.open(demo_path) as notebook:
        notebook.unlock("demo")
        at = datetime(2026, 9, 9, 9, 9)
        same_moment = {
            _note(notebook, occurred_at=at, description=f"Tiebreak {i}") for i in range(7)
        }
        whole = [n.id for n in notebook.newest_notes(10_000)]
        monkeypatch.setattr(scan, "PAGE_ROWS", 3)
        notebook.lock()
        notebook.unlock("demo")
        paged = [n.id for n in notebook.notes()]
        assert paged == whole and len(set(paged)) == len(paged)
        assert same_moment <= set(paged)
        notebook.lock()
        notebook.unlock("demo")
        found = [n.id for n in notebook.find(NoteFilter(query="tiebreak"))]
        assert set(found) == same_moment


def test_codebook_rename_move_merge_lose_nothing(empty_notebook: Notebook) -> None:
    it = empty_notebook.add_obstacle("IT system", description="The case recording system.")
    forms = empty_notebook.add_obstacle("Forms", parent_id=it.id, description="Long forms.")
    burden = empty_notebook.add_obstacle("Recording burden", description="Time at the keyboard.")
    note_a = _note(empty_notebook, obstacle_ids=[forms.id])
    note_b = _note(empty_notebook, obstacle_ids=[burden.id, forms.id])
    memo = empty_notebook.add_memo(
        "code", "Forms and time", "Forms drive the hours.", obstacle_ids=[forms.id]
    )

    renamed = empty_notebook.rename_obstacle(forms.id, "Assessment forms")
    assert renamed.name == "Assessment forms"
    assert empty_notebook.obstacle_path(forms.id) == "IT system/Assessment forms"

    moved = empty_notebook.move_obstacle(forms.id, burden.id)
    assert moved.parent_id == burden.id
    with pytest.raises(InvalidInput):
        empty_notebook.move_obstacle(burden.id, forms.id)

    merged = empty_notebook.merge_obstacles(forms.id, burden.id)
    with pytest.raises(NotFound):
        empty_notebook.obstacle(forms.id)
    assert "Long forms." in merged.description
    for note_id in (note_a, note_b):
        assert empty_notebook.note(note_id).obstacle_ids == [burden.id]
    assert empty_notebook.memos(obstacle_id=burden.id)[0].id == memo.id
    assert empty_notebook.obstacle_note_counts()[burden.id] == 2


def test_sibling_names_must_differ(empty_notebook: Notebook) -> None:
    empty_notebook.add_obstacle("Risk aversion")
    with pytest.raises(InvalidInput, match="already"):
        empty_notebook.add_obstacle("risk AVERSION")
    with pytest.raises(InvalidInput):
        empty_notebook.add_obstacle("a/b")


def test_obstacle_fields_and_status(empty_notebook: Notebook) -> None:
    obstacle = empty_notebook.add_obstacle("Timescales")
    updated = empty_notebook.update_obstacle(
        obstacle.id,
        status="raised",
        ask="Pause the 10-day target for complex assessments.",
        decision="Agreed for a three-month trial.",
        reobserve_on=date(2027, 1, 15),
    )
    assert (updated.status, updated.reobserve_on) == ("raised", date(2027, 1, 15))
    empty_notebook.lock()
    empty_notebook.unlock(TEST_PASSPHRASE)
    again = empty_notebook.obstacle(obstacle.id)
    assert again.ask.startswith("Pause") and again.decision.startswith("Agreed")
    with pytest.raises(InvalidInput):
        empty_notebook.update_obstacle(obstacle.id, status="done")


def test_tag_many_notes_at_once(empty_notebook: Notebook) -> None:
    obstacle = empty_notebook.add_obstacle("Caseloads")
    principle = next(iter(empty_notebook.principles()))
    ids = [_note(empty_notebook) for _ in range(3)]
    empty_notebook.tag_notes(ids[:2], obstacle_id=obstacle.id)
    empty_notebook.tag_notes(ids[:2], principle=PrincipleLink(principle, "at-risk"))
    assert [len(empty_notebook.note(i).obstacle_ids) for i in ids] == [1, 1, 0]
    assert empty_notebook.note(ids[0]).principles == [PrincipleLink(principle, "at-risk")]


def test_a_stance_that_does_not_exist_is_refused_and_the_note_stays_whole(
    empty_notebook: Notebook,
) -> None:
    principle = next(iter(empty_notebook.principles()))
    note_id = _note(empty_notebook)
    with pytest.raises(InvalidInput, match="unknown stance 'upheld'"):
        empty_notebook.tag_notes([note_id], principle=PrincipleLink(principle, "upheld"))  # type: ignore[arg-type]  # what a script could pass
    note = empty_notebook.note(note_id)
    assert note.principles == [] and not note.damaged


def test_memos_and_drafts(empty_notebook: Notebook) -> None:
    note_id = _note(empty_notebook)
    memo = empty_notebook.add_memo(
        "in-process", "Hunch", "Supervision is mostly case talk.", note_ids=[note_id]
    )
    assert empty_notebook.memos(note_id=note_id)[0].body.startswith("Supervision")
    empty_notebook.save_draft("d1", {"description": "half a thought"}, note_id=note_id)
    empty_notebook.save_draft("d1", {"description": "half a thought, finished"}, note_id=note_id)
    [(draft_id, linked, _when, payload)] = empty_notebook.drafts()
    assert (draft_id, linked, payload["description"]) == ("d1", note_id, "half a thought, finished")
    empty_notebook.discard_draft("d1")
    assert empty_notebook.drafts() == []
    empty_notebook.delete_memo(memo.id)
    assert empty_notebook.memos() == []


def test_delete_note(empty_notebook: Notebook) -> None:
    note_id = _note(empty_notebook)
    empty_notebook.delete_note(note_id)
    with pytest.raises(NotFound):
        empty_notebook.note(note_id)


def test_locked_notebook_gives_nothing(empty_notebook: Notebook) -> None:
    _note(empty_notebook)
    empty_notebook.lock()
    with pytest.raises(NotebookLocked):
        empty_notebook.notes()


def test_create_refuses_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "n.fieldnotes"
    path.write_text("precious")
    with pytest.raises(NotebookExists):
        Notebook.create(path, "x", kdf=FLOOR_KDF)
    assert path.read_text() == "precious"


def test_codebook_import_builds_tree(empty_notebook: Notebook) -> None:
    empty_notebook.import_codebook(
        [CodebookEntry("IT", children=(CodebookEntry("Logins"), CodebookEntry("Forms")))]
    )
    paths = [empty_notebook.obstacle_path(o.id) for o in empty_notebook.obstacles()]
    assert paths == ["IT", "IT/Logins", "IT/Forms"]
    assert empty_notebook.find_obstacle("it/logins").name == "Logins"
    assert empty_notebook.find_obstacle("forms").name == "Forms"


def test_demo_notebook_shape(demo_notebook: Notebook) -> None:
    notes = demo_notebook.notes()
    assert len(notes) >= 60
    assert len(demo_notebook.teams()) >= 5
    assert {n.mode for n in notes} == {"observe", "co-work", "question"}
    assert {n.stage for n in notes} == {"jotting", "write-up"}
    assert len({(n.occurred_at.year, n.occurred_at.month) for n in notes}) >= 3
    assert sum(1 for n in notes if n.principles) >= 50
    assert sum(1 for n in notes if n.obstacle_ids) >= 40
    assert sum(1 for n in notes if n.asides) >= 30
    assert sum(1 for n in notes if n.quotes) >= 30
    assert not any(n.damaged for n in notes)


def test_merge_refuses_sub_obstacle_name_clash(empty_notebook: Notebook) -> None:
    a = empty_notebook.add_obstacle("IT")
    b = empty_notebook.add_obstacle("Systems")
    empty_notebook.add_obstacle("Logins", parent_id=a.id)
    empty_notebook.add_obstacle("logins", parent_id=b.id)
    with pytest.raises(InvalidInput, match="both have a sub-obstacle called 'Logins'"):
        empty_notebook.merge_obstacles(a.id, b.id)
    assert len(empty_notebook.obstacles()) == 4


def test_a_note_is_found_by_the_start_of_its_id(empty_notebook: Notebook) -> None:
    first = _note(empty_notebook, description="First")
    assert empty_notebook.note_by_prefix(first[:8].upper()).description == "First"
    assert empty_notebook.note_by_prefix(first).description == "First"
    # Seventeen ids over sixteen hex digits: two must start alike.
    ids = [first] + [_note(empty_notebook, description=f"Note {i}") for i in range(16)]
    shared = next(c for c in "0123456789abcdef" if sum(i.startswith(c) for i in ids) > 1)
    with pytest.raises(InvalidInput, match="matches"):
        empty_notebook.note_by_prefix(shared)
    with pytest.raises(NotFound, match="no note"):
        empty_notebook.note_by_prefix("zz")
    with pytest.raises(NotFound):
        empty_notebook.note_by_prefix("   ")


# ---------------------------------------------------------------------- trash


def test_a_trashed_note_leaves_every_view_and_comes_back_as_it_was(
    empty_notebook: Notebook,
) -> None:
    principle = next(iter(empty_notebook.principles()))
    obstacle = empty_notebook.add_obstacle("Recording burden")
    note_id = _note(
        empty_notebook,
        description="A visit about the recording burden.",
        principles=[PrincipleLink(principle, "at-risk")],
        obstacle_ids=[obstacle.id],
    )
    kept = _note(empty_notebook, description="Another visit.")
    before = empty_notebook.note(note_id)
    empty_notebook.trash_note(note_id)

    assert [n.id for n in empty_notebook.notes()] == [kept]
    assert empty_notebook.search("burden") == []
    assert empty_notebook.find(NoteFilter(query="burden")) == []
    assert empty_notebook.note_counts() == (1, 0)
    [evidence] = [e for e in empty_notebook.synthesis().evidence if e.obstacle.id == obstacle.id]
    assert evidence.note_ids == ()
    with pytest.raises(NotFound):
        empty_notebook.note(note_id)
    [trashed] = empty_notebook.trashed_notes()
    assert trashed.id == note_id and trashed.trashed_at is not None

    # The same answers after a fresh unlock, where nothing is cached.
    empty_notebook.lock()
    empty_notebook.unlock(TEST_PASSPHRASE)
    assert [n.id for n in empty_notebook.notes()] == [kept]
    assert empty_notebook.note_counts() == (1, 0)

    restored = empty_notebook.restore_note(note_id)
    assert restored.description == before.description
    assert restored.principles == before.principles
    assert restored.obstacle_ids == [obstacle.id]
    assert restored.trashed_at is None
    assert {n.id for n in empty_notebook.notes()} == {note_id, kept}
    assert empty_notebook.trashed_notes() == []


def test_trash_and_restore_refuse_a_note_not_there(empty_notebook: Notebook) -> None:
    note_id = _note(empty_notebook)
    with pytest.raises(NotFound):
        empty_notebook.restore_note(note_id)
    empty_notebook.trash_note(note_id)
    with pytest.raises(NotFound):
        empty_notebook.trash_note(note_id)
    with pytest.raises(NotFound):
        empty_notebook.trash_note("no-such-note")


def test_emptying_the_trash_deletes_the_notes_for_good_and_leaves_no_copy(
    empty_notebook: Notebook,
) -> None:
    import sqlite3

    obstacle = empty_notebook.add_obstacle("Recording burden")
    gone = _note(empty_notebook, obstacle_ids=[obstacle.id])
    also_gone = _note(empty_notebook, description="Second visit.")
    kept = _note(empty_notebook, description="Kept.")
    memo = empty_notebook.add_memo("code", "Pattern", "Seen twice.", note_ids=[gone, kept])
    empty_notebook.save_draft("d1", {"description": "an unsaved edit"}, note_id=gone)
    with sqlite3.connect(empty_notebook.path) as raw:
        blobs = [
            row[0]
            for row in raw.execute("select content from note where id in (?, ?)", (gone, also_gone))
        ]
    empty_notebook.trash_note(gone)
    empty_notebook.trash_note(also_gone)
    # A memo still links a trashed note, so restoring it would bring the link back.
    assert empty_notebook.memos()[0].note_ids == sorted([gone, kept])

    assert empty_notebook.empty_trash() == 2
    assert empty_notebook.trashed_notes() == []
    assert [n.id for n in empty_notebook.notes()] == [kept]
    assert empty_notebook.memos()[0].note_ids == [kept]
    assert empty_notebook.drafts() == []
    assert empty_notebook.obstacle_note_counts()[obstacle.id] == 0
    assert empty_notebook.empty_trash() == 0
    assert memo.id == empty_notebook.memos()[0].id
    on_disk = b"".join(
        Path(f"{empty_notebook.path}{suffix}").read_bytes()
        for suffix in ("", "-wal")
        if Path(f"{empty_notebook.path}{suffix}").exists()
    )
    for blob in blobs:
        assert blob[-32:] not in on_disk


@pytest.mark.parametrize(
    "draft",
    [
        NoteDraft(mode="observe"),
        NoteDraft(mode="observe", description="   \n", asides=" ", quotes=[Quote("  ", "")]),
        NoteDraft(mode="observe", team="Northfield", setting="duty room", follow_up="call"),
    ],
)
def test_an_empty_note_is_refused(empty_notebook: Notebook, draft: NoteDraft) -> None:
    with pytest.raises(EmptyNote, match="needs a description, an aside or a quote"):
        empty_notebook.add_note(draft)
    assert empty_notebook.notes() == []
    note_id = _note(empty_notebook)
    with pytest.raises(EmptyNote):
        empty_notebook.update_note(note_id, draft)
    assert empty_notebook.note(note_id).description.startswith("The manager")


@pytest.mark.parametrize(
    "draft",
    [
        NoteDraft(mode="observe", asides="Only an aside."),
        NoteDraft(mode="observe", quotes=[Quote("Only a quote.", "manager")]),
    ],
)
def test_a_note_with_only_an_aside_or_a_quote_is_kept(
    empty_notebook: Notebook, draft: NoteDraft
) -> None:
    assert empty_notebook.add_note(draft).id

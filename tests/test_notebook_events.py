"""What a view hears from the notebook after each write: the kind of change and a revision."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from pathlib import Path

import pytest

from fieldnotes.domain.brief import BriefRequest
from fieldnotes.domain.model import NoteDraft
from fieldnotes.notebook import (
    CodebookChanged,
    ExportsChanged,
    LeadersChanged,
    MemosChanged,
    Notebook,
    NotebookChange,
    NotesChanged,
    SettingsChanged,
)


def _draft(text: str = "The manager opened with the family's words.") -> NoteDraft:
    return NoteDraft(mode="observe", occurred_at=datetime(2026, 9, 3, 10), description=text)


def test_each_write_reports_what_changed_with_the_next_revision(
    empty_notebook: Notebook,
) -> None:
    heard: list[NotebookChange] = []
    empty_notebook.watch(heard.append)
    assert empty_notebook.revision == 0

    note = empty_notebook.add_note(_draft())
    obstacle = empty_notebook.add_obstacle("Recording burden")
    empty_notebook.tag_notes([note.id], obstacle_id=obstacle.id)
    memo = empty_notebook.add_memo("code", "Burden", "Seen twice.", obstacle_ids=[obstacle.id])
    empty_notebook.set_protected_names(["Kayden"])
    empty_notebook.set_author_label("Principal social worker")
    empty_notebook.trash_note(note.id)

    assert heard == [
        NotesChanged(1, (note.id,)),
        CodebookChanged(2, (obstacle.id,)),
        NotesChanged(3, (note.id,)),
        MemosChanged(4, (memo.id,)),
        SettingsChanged(5, ("protected_names",)),
        SettingsChanged(6, ("author_label",)),
        NotesChanged(7, (note.id,)),
    ]
    assert empty_notebook.revision == 7
    with pytest.raises(dataclasses.FrozenInstanceError):
        heard[0].revision = 99  # type: ignore[misc]  # proving the change cannot be altered


def test_a_merge_reports_the_codebook_the_notes_and_the_memos_at_one_revision(
    empty_notebook: Notebook,
) -> None:
    source = empty_notebook.add_obstacle("Caseload")
    target = empty_notebook.add_obstacle("Workload")
    heard: list[NotebookChange] = []
    empty_notebook.watch(heard.append)
    empty_notebook.merge_obstacles(source.id, target.id)
    assert heard == [CodebookChanged(3), NotesChanged(3), MemosChanged(3)]


def test_list_listeners_hear_of_notes_codebook_and_memos_only(empty_notebook: Notebook) -> None:
    """`on_change` is what the screens refresh on: a setting or a leader changes no list."""
    calls: list[str] = []
    empty_notebook.on_change(lambda: calls.append("refresh"))
    empty_notebook.set_protected_names(["Kayden"])
    empty_notebook.set_preference("lock_after_minutes", "10")
    assert calls == []
    empty_notebook.add_note(_draft())
    assert calls == ["refresh"]


def test_a_watcher_that_unsubscribes_hears_nothing_more(empty_notebook: Notebook) -> None:
    heard: list[NotebookChange] = []
    stop = empty_notebook.watch(heard.append)
    empty_notebook.add_note(_draft())
    stop()
    empty_notebook.add_note(_draft("Another visit."))
    assert [type(change) for change in heard] == [NotesChanged]
    assert empty_notebook.revision == 2


def test_a_brief_sent_and_a_leader_added_are_reported(
    demo_notebook: Notebook, tmp_path: Path
) -> None:
    from fieldnotes.notebook.keys import generate_identity

    heard: list[NotebookChange] = []
    demo_notebook.watch(heard.append)
    _secret, public = generate_identity()
    leader = demo_notebook.add_leader("Head of service", public)
    obstacle = demo_notebook.obstacles()[0]
    request = BriefRequest((obstacle.id,), "DCS", "Summary.")
    demo_notebook.export_brief("Body.", [], request, tmp_path, leader_ids=[leader.id])

    kinds = [type(change) for change in heard]
    assert kinds[0] is LeadersChanged and heard[0].ids == (leader.id,)
    assert kinds[-1] is ExportsChanged
    assert heard[-1].ids == (demo_notebook.exports()[0].id,)
    assert [change.revision for change in heard] == list(range(1, len(heard) + 1))

"""Notes opened together hold one copy of what they repeat, and read back exactly as written."""

from __future__ import annotations

from datetime import datetime

from fieldnotes.domain.model import NoteDraft, PrincipleLink, Quote
from fieldnotes.notebook import Notebook

from .conftest import TEST_PASSPHRASE


def _written(notebook: Notebook, count: int) -> None:
    principle_id = sorted(notebook.principles())[0]
    obstacle_id = notebook.add_obstacle("Waiting lists").id
    for index in range(count):
        # Each text built afresh, as each note's sealed document is parsed on its own.
        notebook.add_note(
            NoteDraft(
                mode="observe",
                occurred_at=datetime(2026, 9, 1 + index, 10),
                team="".join(["Children's ", "services North"]),
                setting="".join(["Family ", "home"]),
                participants=["".join(["social ", "worker"]), f"parent {index}"],
                description=f"Visit number {index}",
                quotes=[Quote(f"said {index}", "".join(["chi", "ld"]))],
                consent="".join(["Verbal consent ", "given"]),
                principles=[PrincipleLink(principle_id, "at-risk")],
                obstacle_ids=[obstacle_id],
            )
        )


def test_notes_share_repeated_teams_roles_and_links(empty_notebook: Notebook) -> None:
    _written(empty_notebook, 3)
    empty_notebook.close()
    # Opened again, so every note is read in one batch as after an unlock.
    notebook = Notebook.open(empty_notebook.path)
    notebook.unlock(TEST_PASSPHRASE)
    try:
        first, second, third = notebook.notes()
    finally:
        notebook.close()
    for note in (second, third):
        assert note.team is first.team == "Children's services North"
        assert note.setting is first.setting
        assert note.consent is first.consent
        assert note.participants[0] is first.participants[0] == "social worker"
        assert note.quotes[0].speaker_role is first.quotes[0].speaker_role == "child"
        assert note.principles[0] is first.principles[0]
        assert note.obstacle_ids[0] is first.obstacle_ids[0]
        assert note.mode is first.mode == "observe"
    # What is each note's own stays its own.
    assert [n.description for n in (first, second, third)] == [
        "Visit number 2",
        "Visit number 1",
        "Visit number 0",
    ]
    assert [n.participants[1] for n in (first, second, third)] == [
        "parent 2",
        "parent 1",
        "parent 0",
    ]
    assert first.updated_at is first.created_at

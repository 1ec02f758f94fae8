"""The synthesis is kept for the notebook's revision, and never outlives a write or a lock."""

from __future__ import annotations

from fieldnotes.notebook import Notebook, NoteFilter
from tests.conftest import DEMO_PASSPHRASE


def test_asking_again_before_a_write_gives_the_same_synthesis(demo_notebook: Notebook) -> None:
    first = demo_notebook.synthesis()
    assert demo_notebook.synthesis() is first
    team = demo_notebook.teams()[0]
    by_team = demo_notebook.synthesis(team=team)
    assert by_team is not first
    assert demo_notebook.synthesis(team=team) is by_team
    assert demo_notebook.synthesis() is first


def test_a_write_is_in_the_next_synthesis(demo_notebook: Notebook) -> None:
    nb = demo_notebook
    obstacle = nb.find_obstacle("Courts and legal")
    before = nb.synthesis().for_obstacle(obstacle.id).note_count
    untagged = [n.id for n in nb.notes() if obstacle.id not in n.obstacle_ids][:3]
    nb.tag_notes(untagged, obstacle_id=obstacle.id)
    after = nb.synthesis().for_obstacle(obstacle.id).note_count
    assert after == before + 3 == len(nb.notes(NoteFilter(obstacle_id=obstacle.id)))


def test_a_lock_forgets_the_synthesis(demo_notebook: Notebook) -> None:
    first = demo_notebook.synthesis()
    demo_notebook.lock()
    demo_notebook.unlock(DEMO_PASSPHRASE)
    again = demo_notebook.synthesis()
    assert again is not first
    assert again == first

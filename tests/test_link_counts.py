"""The codebook's counts, kept between writes, stay what counting every note would say."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fieldnotes.crypto.kdf import FLOOR_KDF
from fieldnotes.domain.codebook import notes_per_obstacle, principle_stances
from fieldnotes.domain.frameworks import builtin_framework_paths, load_frameworks
from fieldnotes.domain.model import NoteDraft, PrincipleLink
from fieldnotes.errors import FieldnotesError
from fieldnotes.notebook import Notebook, NoteFilter

PASSPHRASE = "correct horse battery staple"
WHEN = datetime(2026, 3, 2, 9, 0)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A notebook with a small codebook of two levels, built once."""
    path = tmp_path_factory.mktemp("counts") / "template.fieldnotes"
    notebook = Notebook.create(
        path, PASSPHRASE, kdf=FLOOR_KDF, frameworks=load_frameworks(builtin_framework_paths())
    )
    for top in ("Systems", "Workload", "Partners"):
        parent = notebook.add_obstacle(top)
        for child in ("one", "two"):
            notebook.add_obstacle(f"{top} {child}", parent_id=parent.id)
    notebook.close()
    Path(f"{path}.lock").unlink(missing_ok=True)
    return path


@pytest.fixture
def notebook(template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Notebook]:
    path = tmp_path_factory.mktemp("copy") / "counts.fieldnotes"
    path.write_bytes(template.read_bytes())
    opened = Notebook.open(path)
    opened.unlock(PASSPHRASE)
    yield opened
    opened.close()


OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(
            ["add", "edit", "tag", "untag", "trash", "restore", "delete", "merge", "move"]
        ),
        st.integers(0, 50),
        st.integers(0, 50),
        st.lists(st.integers(0, 50), max_size=3),
    ),
    min_size=1,
    max_size=10,
)


def _apply(notebook: Notebook, operation: tuple[str, int, int, list[int]]) -> None:
    kind, first, second, picks = operation
    obstacles = notebook.obstacles()
    principles = sorted(notebook.principles())
    notes = notebook.notes()
    trashed = notebook.trashed_notes()
    tags = sorted({obstacles[i % len(obstacles)].id for i in picks}) if obstacles else []
    links = [
        PrincipleLink(principles[i % len(principles)], "at-risk" if i % 2 else "honoured")
        for i in sorted(set(picks))
    ]
    links = list({link.principle_id: link for link in links}.values())
    try:
        if kind == "add" or not notes:
            draft = NoteDraft(
                mode="observe",
                occurred_at=WHEN + timedelta(hours=first),
                description=f"note {first}",
                obstacle_ids=tags,
                principles=links,
            )
            notebook.add_note(draft)
        elif kind == "edit":
            note = notes[first % len(notes)]
            notebook.update_note(
                note.id, dataclasses.replace(note.draft(), obstacle_ids=tags, principles=links)
            )
        elif kind in ("tag", "untag") and obstacles:
            chosen = [notes[i % len(notes)].id for i in picks] or [notes[0].id]
            notebook.tag_notes(
                sorted(set(chosen)),
                obstacle_id=obstacles[first % len(obstacles)].id,
                remove=kind == "untag",
            )
        elif kind == "trash":
            notebook.trash_note(notes[first % len(notes)].id)
        elif kind == "restore" and trashed:
            notebook.restore_note(trashed[first % len(trashed)].id)
        elif kind == "delete":
            notebook.delete_note(notes[first % len(notes)].id)
        elif kind == "merge" and len(obstacles) > 1:
            notebook.merge_obstacles(
                obstacles[first % len(obstacles)].id, obstacles[second % len(obstacles)].id
            )
        elif kind == "move" and len(obstacles) > 1:
            target = obstacles[second % len(obstacles)].id
            notebook.move_obstacle(obstacles[first % len(obstacles)].id, target)
    except FieldnotesError:
        pass  # a refused operation (a merge into its own child) changes nothing


@settings(
    max_examples=25,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations=OPERATIONS)
def test_counts_after_writes_equal_counting_every_note(
    notebook: Notebook, operations: list[tuple[str, int, int, list[int]]]
) -> None:
    for operation in operations:
        # Asked between writes, so each write updates what the previous question built.
        notebook.obstacle_note_counts()
        notebook.principle_stance_counts()
        _apply(notebook, operation)
        plain = notebook.notes()
        assert notebook.obstacle_note_counts() == notes_per_obstacle(
            notebook.obstacle_tree(), plain
        )
        assert notebook.principle_stance_counts() == principle_stances(plain)


def test_a_note_tagged_under_a_parent_twice_counts_once_for_it(notebook: Notebook) -> None:
    parent = notebook.find_obstacle("Systems")
    child = notebook.find_obstacle("Systems one")
    notebook.obstacle_note_counts()
    notebook.add_note(
        NoteDraft(
            mode="observe", occurred_at=WHEN, description="x", obstacle_ids=[parent.id, child.id]
        )
    )
    counts = notebook.obstacle_note_counts()
    assert (counts[parent.id], counts[child.id]) == (1, 1)
    assert counts[notebook.find_obstacle("Systems two").id] == 0


@settings(
    max_examples=25,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations=OPERATIONS)
def test_each_obstacles_notes_after_writes_are_what_filtering_for_it_finds(
    notebook: Notebook, operations: list[tuple[str, int, int, list[int]]]
) -> None:
    for operation in operations:
        # Asked between writes, so a kept answer that a write should have replaced shows.
        notebook.obstacle_notes()
        _apply(notebook, operation)
        listed = notebook.obstacle_notes()
        counts = notebook.obstacle_note_counts()
        for obstacle in notebook.obstacles():
            found = notebook.notes(NoteFilter(obstacle_id=obstacle.id))
            assert [n.id for n in listed[obstacle.id]] == [n.id for n in found]
            assert len(found) == counts[obstacle.id]


def test_the_kept_obstacle_notes_are_offered_only_while_nothing_has_changed(
    notebook: Notebook,
) -> None:
    """The screen may ask on its UI thread: the answer is the kept one or nothing, never a
    pass over the notes, and never one a write has made stale."""
    systems = notebook.find_obstacle("Systems")
    notebook.add_note(
        NoteDraft(mode="observe", occurred_at=WHEN, description="a", obstacle_ids=[systems.id])
    )
    notebook.notes()
    assert notebook.kept_obstacle_notes() is None
    grouped = notebook.obstacle_notes()
    assert notebook.kept_obstacle_notes() is grouped
    notebook.add_note(
        NoteDraft(mode="observe", occurred_at=WHEN, description="b", obstacle_ids=[systems.id])
    )
    assert notebook.kept_obstacle_notes() is None
    assert {n.description for n in notebook.obstacle_notes()[systems.id]} == {"a", "b"}
    assert notebook.kept_obstacle_notes() is not None
    notebook.lock()  # drops every decrypted note, the kept ones included
    assert notebook.kept_obstacle_notes() is None


def test_notes_tagged_alike_share_one_copy_of_their_links() -> None:
    from fieldnotes.domain.codebook import ObstacleTree
    from fieldnotes.domain.model import Note, Obstacle
    from fieldnotes.index.links import LinkCounts

    def note(number: int, obstacles: list[str], stance: str) -> Note:
        return Note(
            id=f"n{number}",
            mode="observe",
            stage="write-up",
            occurred_at=WHEN + timedelta(hours=number),
            created_at=WHEN,
            updated_at=WHEN,
            revision=1,
            obstacle_ids=list(obstacles),
            principles=[PrincipleLink("p1", stance)],  # type: ignore[arg-type]
        )

    notes = [
        note(0, ["a", "b"], "honoured"),
        note(1, ["b", "a"], "at-risk"),
        note(2, ["a", "b"], "at-risk"),
    ]
    counts = LinkCounts()
    tree = ObstacleTree([Obstacle(id="a", name="A"), Obstacle(id="b", name="B")])
    assert counts.per_obstacle(tree, lambda: notes) == {"a": 3, "b": 3}
    kept = counts._links
    assert kept is not None
    first, second, third = (kept[f"n{number}"] for number in range(3))
    assert first[0] is second[0] is third[0]
    assert second[1] is third[1] and first[1] is not second[1]
    assert counts.principle_stances(lambda: notes) == {"p1": (1, 2)}
    # A set of stances of its own still shares each (principle, at risk) with the others.
    both = note(3, ["a"], "honoured")
    both.principles.append(PrincipleLink("p2", "honoured"))
    notes.append(both)
    counts.noted(["n3"], {n.id: n for n in notes})
    (honoured_p1,) = first[1]
    assert honoured_p1 in kept["n3"][1]
    assert any(pair is honoured_p1 for pair in kept["n3"][1])

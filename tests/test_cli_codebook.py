"""A coder's work from the command line on a personal notebook: `obstacle list|add|rename|move|
merge|delete` and `tag`. Each error says what is wrong, exits 1 and changes nothing.

The tests that only read share one copy of the demo notebook; each test that writes gets its
own copy of it (the demo is built once per run, with the cheapest accepted key derivation).
"""

from __future__ import annotations

import io
import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import fieldnotes.cli.codebook
import fieldnotes.cli.inputs
from fieldnotes.__main__ import main
from fieldnotes.crypto.age import generate_identity
from fieldnotes.notebook import Notebook

from .conftest import DEMO_PASSPHRASE, TEST_PASSPHRASE


@dataclass
class Run:
    """`fieldnotes` on one notebook, as a person types it."""

    path: Path
    capsys: pytest.CaptureFixture[str]

    def __call__(self, *words: str) -> tuple[int, str, str]:
        self.capsys.readouterr()
        code = main(["--notebook", str(self.path), *words])
        seen = self.capsys.readouterr()
        return code, seen.out, seen.err

    def files(self) -> dict[str, bytes]:
        """Every byte of the notebook and its journal files (not the empty process lock)."""
        side = self.path.parent.glob(f"{self.path.name}*")
        return {p.name: p.read_bytes() for p in side if p.is_file() and p.suffix != ".lock"}


@pytest.fixture(scope="module")
def shared_demo(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy for the tests that only read."""
    target = tmp_path_factory.mktemp("codebook-read") / "demo.fieldnotes"
    shutil.copy2(demo_template, target)
    return target


@pytest.fixture
def read(
    shared_demo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Run:
    monkeypatch.setenv("FIELDNOTES_PASSPHRASE", DEMO_PASSPHRASE)
    return Run(shared_demo, capsys)


@pytest.fixture
def run(
    demo_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Run:
    monkeypatch.setenv("FIELDNOTES_PASSPHRASE", DEMO_PASSPHRASE)
    return Run(demo_path, capsys)


def ok(run: Run, *words: str) -> str:
    code, out, err = run(*words)
    assert code == 0, err
    return out


def refused(run: Run, *words: str) -> str:
    """The one-line error of a command that must fail, and proof it changed nothing: the
    notebook file is the same to the byte."""
    before = run.files()
    code, out, err = run(*words)
    assert code == 1, out + err
    assert err.startswith("fieldnotes: ") and err.count("\n") == 1, err
    assert run.files() == before
    return err


def _codebook(run: Run) -> list[dict[str, Any]]:
    obstacles: list[dict[str, Any]] = json.loads(ok(run, "obstacle", "list", "--json"))["obstacles"]
    return obstacles


def _by_path(run: Run) -> dict[str, dict[str, Any]]:
    return {o["path"]: o for o in _codebook(run)}


def _note_ids(run: Run, *filters: str) -> list[str]:
    return [n["id"] for n in json.loads(ok(run, "list", "--json", *filters))["notes"]]


def _note(run: Run, note_id: str) -> dict[str, Any]:
    shown: dict[str, Any] = json.loads(ok(run, "show", note_id, "--json"))
    return shown


# ------------------------------------------------------------------ obstacle list


def test_list_prints_the_tree_with_each_obstacles_notes(read: Run) -> None:
    lines = ok(read, "obstacle", "list").splitlines()
    assert "Partnership friction  (10 notes) · evidenced" in lines
    # A sub-obstacle is indented under its parent, after it and before the next top level.
    friction = lines.index("Partnership friction  (10 notes) · evidenced")
    police = lines.index("  Police  (4 notes) · emerging")
    assert friction < police
    assert all(line.startswith("  ") for line in lines[friction + 1 : police + 1])


def test_list_json_is_the_tree_in_order_with_the_notes_list_finds(read: Run) -> None:
    document = json.loads(ok(read, "obstacle", "list", "--json"))
    assert document["format"] == 1
    obstacles = document["obstacles"]
    assert set(obstacles[0]) == {
        "id",
        "name",
        "path",
        "parent_id",
        "status",
        "description",
        "notes",
    }
    seen: set[str] = set()
    for obstacle in obstacles:
        # Each parent comes before its children, and a path ends with the name.
        assert obstacle["parent_id"] is None or obstacle["parent_id"] in seen
        assert obstacle["path"].split("/")[-1] == obstacle["name"]
        seen.add(obstacle["id"])
    friction = next(o for o in obstacles if o["path"] == "Partnership friction")
    # A parent's count takes in its sub-obstacles' notes, as `list --obstacle` does.
    assert friction["notes"] == len(_note_ids(read, "--obstacle", "Partnership friction")) == 10


# ------------------------------------------------------------------ add, rename, move


def test_add_at_the_top_and_under_a_parent(run: Run) -> None:
    assert ok(run, "obstacle", "add", "IT system") == "Added IT system.\n"
    out = ok(
        run, "obstacle", "add", "Logins", "--parent", "it SYSTEM", "--description", "Locked out"
    )
    assert out == "Added IT system › Logins.\n"
    added = _by_path(run)
    logins = added["IT system/Logins"]
    assert logins["parent_id"] == added["IT system"]["id"]
    assert (logins["description"], logins["status"], logins["notes"]) == (
        "Locked out",
        "emerging",
        0,
    )


def test_add_refuses_a_name_already_beside_it_an_unknown_parent_and_a_slash(run: Run) -> None:
    ok(run, "obstacle", "add", "Logins", "--parent", "Partnership friction")
    err = refused(run, "obstacle", "add", "LOGINS", "--parent", "Partnership friction")
    assert "already an obstacle called 'LOGINS' there" in err
    assert "no obstacle called 'Nowhere'" in refused(
        run, "obstacle", "add", "X", "--parent", "Nowhere"
    )
    assert "cannot contain '/'" in refused(run, "obstacle", "add", "A/B")
    assert "needs a name" in refused(run, "obstacle", "add", "  ")


def test_rename_keeps_the_notes_and_refuses_a_name_beside_it(run: Run) -> None:
    police = _by_path(run)["Partnership friction/Police"]
    out = ok(run, "obstacle", "rename", "Partnership friction/Police", "Police and courts")
    assert (
        out
        == "Renamed Partnership friction › Police to Partnership friction › Police and courts.\n"
    )
    renamed = _by_path(run)["Partnership friction/Police and courts"]
    assert (renamed["id"], renamed["notes"]) == (police["id"], police["notes"])
    assert "already an obstacle called 'health'" in refused(
        run, "obstacle", "rename", "Police and courts", "health"
    )
    assert "no obstacle called 'Police'" in refused(run, "obstacle", "rename", "Police", "X")


def test_move_under_another_and_to_the_top(run: Run) -> None:
    out = ok(run, "obstacle", "move", "Police", "--parent", "Delays in services")
    assert out == "Moved Partnership friction › Police to Delays in services › Police.\n"
    moved = _by_path(run)
    assert moved["Delays in services/Police"]["notes"] == 4
    # The Police notes roll up under their new parent now.
    assert moved["Partnership friction"]["notes"] == len(
        _note_ids(run, "--obstacle", "Partnership friction")
    )
    assert set(_note_ids(run, "--obstacle", "Police")) <= set(
        _note_ids(run, "--obstacle", "Delays in services")
    )
    assert ok(run, "obstacle", "move", "Police", "--top") == (
        "Moved Delays in services › Police to Police.\n"
    )
    assert _by_path(run)["Police"]["parent_id"] is None


def test_move_refuses_a_move_inside_itself_and_needs_somewhere(run: Run) -> None:
    err = refused(run, "obstacle", "move", "Partnership friction", "--parent", "Police")
    assert "cannot move inside itself" in err
    with pytest.raises(SystemExit) as exit_:
        main(["obstacle", "move", "Police"])
    assert exit_.value.code == 2


# ------------------------------------------------------------------ merge and delete


def test_merge_moves_the_notes_and_says_what_it_did(run: Run) -> None:
    before = _by_path(run)
    police_notes = set(_note_ids(run, "--obstacle", "Police"))
    out = ok(run, "obstacle", "merge", "Police", "Partnership friction/Health", "--yes")
    assert out.startswith(
        "Merged Partnership friction › Police into Partnership friction › Health:"
    )
    assert out.endswith(
        ": 4 notes and 0 memos moved (1 tagged with both keeps one link); "
        "it keeps the status emerging.\n"
    )
    after = _by_path(run)
    assert "Partnership friction/Police" not in after
    assert police_notes <= set(_note_ids(run, "--obstacle", "Partnership friction/Health"))
    assert after["Partnership friction/Health"]["id"] == before["Partnership friction/Health"]["id"]


def test_merge_without_a_terminal_needs_yes_and_refuses_a_merge_into_its_own_child(
    run: Run,
) -> None:
    err = refused(run, "obstacle", "merge", "Police", "Health")
    assert "asks first: pass --yes" in err
    err = refused(run, "obstacle", "merge", "Partnership friction", "Police", "--yes")
    assert "cannot be merged into one of its own sub-obstacles" in err
    assert "cannot be merged into itself" in refused(
        run, "obstacle", "merge", "Police", "Police", "--yes"
    )
    assert "no obstacle called 'Nope'" in refused(
        run, "obstacle", "merge", "Nope", "Police", "--yes"
    )


def test_merge_asked_at_a_terminal_and_answered_no_changes_nothing(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    for module in (fieldnotes.cli.codebook, fieldnotes.cli.inputs):
        monkeypatch.setattr(module, "interactive", lambda: True)
    monkeypatch.setattr("sys.stdin", io.StringIO("n\n"))
    before = run.files()
    code, out, err = run("obstacle", "merge", "Police", "Health")
    assert code == 0 and out == ""
    assert err.startswith(
        "4 notes and 0 memos move into Partnership friction › Health (1 tagged with both keeps "
        "one link); Partnership friction › Health keeps the status emerging.\n"
    )
    assert "Nothing was merged." in err
    assert run.files() == before


def test_delete_with_tagged_notes_needs_yes_and_says_how_many(run: Run) -> None:
    police_notes = _note_ids(run, "--obstacle", "Police")
    err = refused(run, "obstacle", "delete", "Police")
    assert "Partnership friction › Police tags 4 notes" in err and "pass --yes" in err
    out = ok(run, "obstacle", "delete", "Police", "--yes")
    assert out == "Deleted Partnership friction › Police: 4 notes lost this tag.\n"
    assert "Partnership friction/Police" not in _by_path(run)
    # The notes stay; only the tag went.
    assert set(police_notes) <= set(_note_ids(run))


def test_delete_asked_at_a_terminal_says_how_many_and_deletes_on_yes(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fieldnotes.cli.codebook, "interactive", lambda: True)
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    code, out, err = run("obstacle", "delete", "Police")
    assert code == 0
    assert err.startswith("4 notes would lose this tag (the notes stay)")
    assert "Delete Partnership friction › Police? [y/N]" in err
    assert out == "Deleted Partnership friction › Police: 4 notes lost this tag.\n"
    assert "Partnership friction/Police" not in _by_path(run)


def test_delete_an_untagged_obstacle_needs_no_yes_and_its_children_move_up(run: Run) -> None:
    ok(run, "obstacle", "add", "Empty")
    ok(run, "obstacle", "add", "Child", "--parent", "Empty")
    out = ok(run, "obstacle", "delete", "Empty")
    assert out == "Deleted Empty: 0 notes lost this tag; its 1 sub-obstacle moved up a level.\n"
    assert _by_path(run)["Child"]["parent_id"] is None
    assert "no obstacle called 'Empty'" in refused(run, "obstacle", "delete", "Empty", "--yes")


# ------------------------------------------------------------------ tag


def test_tag_notes_with_an_obstacle_by_prefix_then_take_it_off(run: Run) -> None:
    ok(run, "obstacle", "add", "IT system")
    first, second = _note_ids(run)[:2]
    out = ok(run, "tag", first[:8], second[:8], "--obstacle", "it system")
    assert out == "Tagged 2 notes with IT system.\n"
    assert set(_note_ids(run, "--obstacle", "IT system")) == {first, second}
    assert "IT system" in [o["path"] for o in _note(run, first)["obstacles"]]

    again = json.loads(ok(run, "tag", first, first[:10], "--obstacle", "IT system", "--json"))
    assert again == {
        "format": 1,
        "removed": False,
        "obstacle": {"id": _by_path(run)["IT system"]["id"], "path": "IT system"},
        "principle": None,
        "notes": [first],
        "changed": [],
    }
    assert ok(run, "tag", first, "--obstacle", "IT system") == (
        "Tagged 0 notes with IT system (1 already was).\n"
    )
    out = ok(run, "tag", first, second, "--obstacle", "IT system", "--remove")
    assert out == "Took IT system off 2 notes.\n"
    assert _note_ids(run, "--obstacle", "IT system") == []


def test_tag_with_a_principle_and_a_stance_switches_and_removes_it(run: Run) -> None:
    (note_id, *_) = _note_ids(run)
    had = [p for p in _note(run, note_id)["principles"] if p["id"] == "sos.worried"]
    assert had == []  # the demo's newest note is not linked to it
    out = ok(run, "tag", note_id, "--principle", "sos.worried", "--stance", "at-risk")
    assert out == "Tagged 1 note with sos.worried (at-risk).\n"
    stances = {p["id"]: p["stance"] for p in _note(run, note_id)["principles"]}
    assert stances["sos.worried"] == "at-risk"

    switched = json.loads(ok(run, "tag", note_id, "--principle", "sos.worried", "--json"))
    assert switched["principle"] == {"id": "sos.worried", "stance": "honoured"}
    assert switched["changed"] == [note_id]
    stances = {p["id"]: p["stance"] for p in _note(run, note_id)["principles"]}
    assert stances["sos.worried"] == "honoured"

    removed = json.loads(
        ok(run, "tag", note_id, "--principle", "sos.worried", "--remove", "--json")
    )
    assert (removed["removed"], removed["principle"]) == (
        True,
        {"id": "sos.worried", "stance": None},
    )
    assert "sos.worried" not in {p["id"] for p in _note(run, note_id)["principles"]}


def test_tag_refuses_an_unknown_note_obstacle_or_principle_and_changes_nothing(
    run: Run,
) -> None:
    (note_id, *_) = _note_ids(run)
    # One unknown id among good ones: the good ones are not tagged either.
    assert "no note with id 'ffffffff'" in refused(
        run, "tag", note_id, "ffffffff", "--obstacle", "Police"
    )
    assert "no obstacle called 'Nope'" in refused(run, "tag", note_id, "--obstacle", "Nope")
    assert "no principle 'sos.nope'" in refused(run, "tag", note_id, "--principle", "sos.nope")
    assert "goes with --principle" in refused(
        run, "tag", note_id, "--obstacle", "Police", "--stance", "at-risk"
    )
    assert "leave out --stance" in refused(
        run, "tag", note_id, "--principle", "sos.worried", "--stance", "at-risk", "--remove"
    )
    with pytest.raises(SystemExit) as exit_:
        main(["tag", note_id])
    assert exit_.value.code == 2


def test_control_characters_in_a_name_are_shown_not_obeyed(run: Run) -> None:
    ok(run, "obstacle", "add", "Title\x1b]0;owned\x07")
    out = ok(run, "obstacle", "list")
    assert "\x1b" not in out and "Title\\x1b]0;owned\\x07  (0 notes)" in out
    assert "Title\x1b]0;owned\x07" in _by_path(run)


def test_an_empty_codebook_says_how_to_add_one(
    empty_notebook: Notebook, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for obstacle in reversed(empty_notebook.obstacles()):
        empty_notebook.delete_obstacle(obstacle.id)
    path = empty_notebook.path
    empty_notebook.close()
    monkeypatch.setenv("FIELDNOTES_PASSPHRASE", TEST_PASSPHRASE)
    run = Run(path, capsys)
    assert "`fieldnotes obstacle add NAME` adds an obstacle" in ok(run, "obstacle", "list")
    assert json.loads(ok(run, "obstacle", "list", "--json")) == {"format": 1, "obstacles": []}


def test_an_automatic_backup_follows_a_tag_and_a_codebook_edit(run: Run) -> None:
    _, public = generate_identity()
    folder = run.path.parent / "backups"
    folder.mkdir()
    for key, value in (("backup-dir", str(folder)), ("backup-to", public)):
        ok(run, "config", "set", key, value)
    (note_id, *_) = _note_ids(run)
    for words in (
        ("obstacle", "add", "IT system"),
        ("tag", note_id, "--obstacle", "IT system"),
        ("obstacle", "set", "IT system", "--status", "raised"),
    ):
        for made in folder.iterdir():
            made.unlink()
        code, _, err = run(*words)
        assert code == 0 and "Backed up to" in err, words
        assert len(list(folder.glob("fieldnotes-*.age"))) == 1

"""The people map (names written as roles before anything leaves) and kept flag decisions."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from fieldnotes.__main__ import main
from fieldnotes.crypto.age import decrypt
from fieldnotes.domain.brief import (
    BriefRequest,
    Resolution,
    apply_resolutions,
    brief_identity,
    decisions_made,
    default_obstacle_ids,
    find_identifiers,
    parse_document,
    recall_decisions,
)
from fieldnotes.domain.pseudonyms import PersonAlias, apply_people_map, find_people
from fieldnotes.errors import DamagedData, InvalidInput
from fieldnotes.notebook import Notebook

from .conftest import DEMO_PASSPHRASE

FAMILY = [
    PersonAlias("Amelia Sandhu", "Child A"),
    PersonAlias("Monika Sandhu", "Mother of Child A"),
]


def test_each_name_part_and_possessive_becomes_its_alias() -> None:
    text = "Amelia Sandhu was seen. Amelia's dad rang; Mum (Monika) was out. AMELIA SANDHU."
    written, count = apply_people_map(text, FAMILY)
    assert written == (
        "Child A was seen. Child A's dad rang; Mum (Mother of Child A) was out. Child A."
    )
    assert count == 4


def test_a_surname_two_people_share_is_left_for_the_check() -> None:
    text = "The Sandhu family; Monika Sandhu agreed."
    written, _ = apply_people_map(text, FAMILY)
    assert written == "The Sandhu family; Mother of Child A agreed."
    flagged = find_identifiers(written, [p.name for p in FAMILY])
    assert [f.text for f in flagged] == ["Sandhu"]


def test_a_name_that_is_also_a_word_is_matched_as_the_check_matches_it() -> None:
    people = [PersonAlias("Amber Lewis", "Child B")]
    text = "We met Amber at school. The Lewis home is RAG-rated amber."
    assert [text[m.start : m.end] for m in find_people(text, people)] == ["Amber", "Lewis"]


def test_the_map_is_saved_whole_or_not_at_all(empty_notebook: Notebook) -> None:
    empty_notebook.set_people_map(FAMILY)
    with pytest.raises(InvalidInput, match="twice"):
        empty_notebook.set_people_map([*FAMILY, PersonAlias("amelia  sandhu", "Child C")])
    with pytest.raises(InvalidInput, match="role or pseudonym"):
        empty_notebook.set_people_map([PersonAlias("Dev Lowe", " ")])
    assert empty_notebook.people_map() == FAMILY
    assert "Amelia Sandhu" in empty_notebook.check_names()


def damage_setting(path: Path, key: str) -> None:
    """Flip a bit of a sealed setting, as anyone with a copy of the file could."""
    with closing(sqlite3.connect(path)) as conn, conn:
        # The notebook's triggers call this function; outside fieldnotes it is not there.
        conn.create_function("fieldnotes_dirty", 2, lambda *_: None)
        (value,) = conn.execute("SELECT value FROM sealed_setting WHERE id = ?", [key]).fetchone()
        damaged = bytes(value[:-1]) + bytes([value[-1] ^ 1])
        conn.execute("UPDATE sealed_setting SET value = ? WHERE id = ?", [damaged, key])


def _mention(notebook: Notebook, obstacle_id: str, words: str) -> None:
    obstacle = notebook.obstacle(obstacle_id)
    notebook.update_obstacle(obstacle_id, ask=f"{obstacle.ask}\n\n{words}")


def test_a_mapped_name_leaves_as_its_alias_and_is_not_flagged(demo_notebook: Notebook) -> None:
    request = BriefRequest(default_obstacle_ids(demo_notebook.synthesis())[:1], "DCS", "")
    _mention(demo_notebook, request.obstacle_ids[0], "Amelia Sandhu's school moved twice.")
    plain = demo_notebook.compose_brief(request)
    before = find_identifiers(plain, demo_notebook.check_names())
    # The ask shows wherever the brief quotes it (its evidence and "you said, we did").
    mentions = plain.count("Amelia Sandhu")
    assert mentions >= 1
    demo_notebook.set_people_map(FAMILY)
    body, log = demo_notebook.compose_brief_logged(request)
    assert "Child A's school moved twice." in body and "Amelia" not in body
    assert log and "“Child A” from the people map" in log[0] and "Amelia" not in log[0]
    after = find_identifiers(body, demo_notebook.check_names())
    assert len(after) == len(before) - mentions


def _export(path: Path, out: Path, *extra: str) -> int:
    return main(
        [
            "brief",
            "export",
            "--notebook",
            str(path),
            "--to-passphrase-file",
            str(out.parent / "brief-phrase"),
            "--output",
            str(out),
            *extra,
        ]
    )


@pytest.fixture
def brief_cli(demo_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FIELDNOTES_PASSPHRASE", DEMO_PASSPHRASE)
    (tmp_path / "brief-phrase").write_text("a brief passphrase\n")
    return demo_path


def _opened(path: Path) -> str:
    return decrypt(path.read_bytes(), passphrase="a brief passphrase").decode()


def test_people_commands_add_list_remove(
    brief_cli: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["--notebook", str(brief_cli)]
    assert main(["people", "add", *base, "Amelia Sandhu", "Child A"]) == 0
    assert "Briefs now write Amelia Sandhu as Child A." in capsys.readouterr().out
    assert main(["people", "add", *base, "Monika Sandhu", "Mother of Child A", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "people": [
            {"name": "Amelia Sandhu", "alias": "Child A"},
            {"name": "Monika Sandhu", "alias": "Mother of Child A"},
        ]
    }
    assert main(["people", "add", *base, "amelia sandhu", "Child B"]) == 0
    assert main(["people", *base]) == 0
    shown = capsys.readouterr().out
    assert "amelia sandhu  → Child B" in shown and "2 name(s)" in shown
    assert main(["people", "remove", *base, "Nobody Here"]) == 1
    assert "not in the people map" in capsys.readouterr().err
    assert main(["people", "remove", *base, "Monika Sandhu"]) == 0
    assert "Removed Monika Sandhu" in capsys.readouterr().out
    assert main(["people", "list", *base, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["people"] == [
        {"name": "amelia sandhu", "alias": "Child B"}
    ]
    assert main(["people", "add", *base, "Dev Lowe", ""]) == 1
    assert "role or pseudonym" in capsys.readouterr().err


def test_decisions_are_kept_for_the_next_export_of_the_same_brief(
    brief_cli: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Notebook.open(brief_cli) as notebook:
        notebook.unlock(DEMO_PASSPHRASE)
        obstacle_id = default_obstacle_ids(notebook.synthesis())[0]
        _mention(notebook, obstacle_id, "Dr Nwosu at the practice agreed.")
        name = notebook.obstacle_path(obstacle_id)
    first, second = tmp_path / "first.age", tmp_path / "second.age"
    assert _export(brief_cli, first, "--obstacle", name, "--identifiers", "confirm") == 0
    said = capsys.readouterr().out
    assert "were confirmed" in said
    first_log = _opened(first).split("## Identifier check", 1)[1]
    assert "confirmed as not identifying" in first_log
    assert "Nwosu" in _opened(first)
    # The same brief again: nothing left to decide, so even `stop` exports, as decided before.
    assert _export(brief_cli, second, "--obstacle", name) == 0
    assert "resolved as at the last export" in capsys.readouterr().out
    document = _opened(second)
    assert "Dr Nwosu at the practice agreed." in document
    log = document.split("## Identifier check", 1)[1]
    assert "(as decided at the last export)" in log
    assert log.count("- line") == first_log.count("- line")


def test_kept_decisions_follow_the_flagged_text_and_kind() -> None:
    request = BriefRequest(("b", "a"), "DCS", "")
    assert brief_identity(request) == brief_identity(BriefRequest(("a", "b"), "CEO", "x"))
    text = "Call Dr Nwosu on 07700 900123."
    findings = find_identifiers(text)
    kept = decisions_made(findings, {findings[0].id: Resolution("replace", "the GP")})
    moved = find_identifiers("Later: Dr Nwosu again, and Dr Shah.")
    recalled = recall_decisions(moved, kept)
    assert [(moved[i].text, r.replacement) for i, r in recalled.items()] == [("Dr Nwosu", "the GP")]
    written, log = apply_resolutions(
        "Later: Dr Nwosu again, and Dr Shah.",
        moved,
        {**recalled, moved[1].id: Resolution("redact")},
        kept=recalled.keys(),
    )
    assert written == "Later: the GP again, and [redacted]."
    assert log[0].endswith("(as decided at the last export)")
    assert not log[1].endswith("(as decided at the last export)")


def test_a_damaged_people_map_stops_the_export(
    brief_cli: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["people", "add", "--notebook", str(brief_cli), "Amelia Sandhu", "Child A"]) == 0
    capsys.readouterr()
    damage_setting(brief_cli, "people_map")
    out = tmp_path / "out.age"
    assert _export(brief_cli, out, "--identifiers", "redact") == 1
    error = capsys.readouterr().err
    assert "damaged" in error and "nothing was" in error
    assert not out.exists()
    with Notebook.open(brief_cli) as notebook:
        notebook.unlock(DEMO_PASSPHRASE)
        with pytest.raises(DamagedData, match="people map is damaged"):
            notebook.people_map()
    base = ["--notebook", str(brief_cli)]
    assert main(["people", "add", *base, "Dev Lowe", "the team manager"]) == 1
    assert "--replace" in capsys.readouterr().err
    assert main(["people", "add", *base, "Amelia Sandhu", "Child A", "--replace"]) == 0
    assert "1 name(s) in the people map." in capsys.readouterr().out
    assert _export(brief_cli, out, "--identifiers", "redact") == 0


def test_the_brief_log_lists_what_the_map_wrote(
    brief_cli: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Notebook.open(brief_cli) as notebook:
        notebook.unlock(DEMO_PASSPHRASE)
        obstacle_id = default_obstacle_ids(notebook.synthesis())[0]
        _mention(notebook, obstacle_id, "Amelia Sandhu's school moved twice.")
        notebook.set_people_map(FAMILY)
        name = notebook.obstacle_path(obstacle_id)
    out = tmp_path / "out.age"
    assert _export(brief_cli, out, "--obstacle", name, "--identifiers", "redact") == 0
    said = capsys.readouterr().out
    parsed = parse_document(_opened(out))
    mentions = parsed.body.count("Child A's school moved twice.")
    assert mentions >= 1
    assert f"{mentions} name(s) were written as their alias" in said
    assert "“Child A” from the people map" in parsed.body.split("## Identifier check")[1]
    assert "Amelia" not in parsed.body


def test_only_the_most_recent_briefs_keep_their_decisions(empty_notebook: Notebook) -> None:
    from fieldnotes.domain.brief import KeptDecision

    decision = [KeptDecision("Dr Nwosu", "name", Resolution("redact"))]
    requests = [
        BriefRequest((f"obstacle-{i}",), "DCS", "") for i in range(Notebook.KEPT_BRIEFS + 1)
    ]
    for request in requests:
        empty_notebook.keep_decisions(request, decision)
    assert empty_notebook.kept_decisions(requests[0]) == []
    assert empty_notebook.kept_decisions(requests[1]) == decision
    # Exporting an old brief again makes it the most recent.
    empty_notebook.keep_decisions(requests[1], decision)
    empty_notebook.keep_decisions(BriefRequest(("another",), "DCS", ""), decision)
    assert empty_notebook.kept_decisions(requests[1]) == decision
    assert empty_notebook.kept_decisions(requests[2]) == []

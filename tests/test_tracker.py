"""You said, we did: voices by role, what was decided, what changed since, what is open."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest

from fieldnotes.__main__ import main
from fieldnotes.domain.brief import BriefRequest
from fieldnotes.domain.codebook import ObstacleTree
from fieldnotes.domain.model import Note, Obstacle, Quote
from fieldnotes.domain.tracker import track, tracker_markdown
from fieldnotes.notebook import Notebook

from .conftest import DEMO_PASSPHRASE

FORMS = "IT and case recording system/Forms that don't fit the work"


def _note(n: int, obstacle_ids: list[str], quotes: list[Quote], follow_up: str = "") -> Note:
    moment = datetime(2026, 9, n, 10, 0)
    return Note(
        id=f"n{n}",
        mode="observe",
        stage="write-up",
        occurred_at=moment,
        created_at=moment,
        updated_at=moment,
        revision=1,
        team="North",
        quotes=quotes,
        follow_up=follow_up,
        obstacle_ids=obstacle_ids,
    )


def test_only_raised_obstacles_are_tracked_and_an_identifying_quote_is_left_out() -> None:
    tree = ObstacleTree(
        [
            Obstacle("a", "Forms", status="raised", ask="Fewer forms."),
            Obstacle("b", "Duty", status="evidenced"),
        ]
    )
    notes = [
        _note(1, ["a"], [Quote("Ring me on 07700 900123 about it.", "social worker")]),
        _note(2, ["a"], [Quote("The form asks me the same thing four times.", "team manager")]),
        _note(3, ["a", "b"], [], follow_up="Ask again in a month."),
    ]
    (item,) = track(tree, notes, {}, date(2026, 10, 1))

    assert item.path == "Forms"
    assert item.voices == (Quote("The form asks me the same thing four times.", "team manager"),)
    assert item.voices_left_out == 1
    assert item.still_open == (
        "No change agreed yet (status: raised).",
        "1 follow-up question from its notes still open.",
    )
    text = tracker_markdown([item])
    assert "07700" not in text
    assert "- Asked of leadership: Fewer forms.\n- Nothing decided yet." in text


def test_the_tracker_command_shows_the_demo_change_and_what_is_open(
    demo_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FIELDNOTES_PASSPHRASE", DEMO_PASSPHRASE)
    args = ["tracker", "--notebook", str(demo_path), "--today", "2026-11-20"]
    assert main([*args, "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    by_path = {item["path"]: item for item in document["obstacles"]}
    forms = by_path[FORMS]
    assert forms["status"] == "change agreed"
    assert forms["since"]["agreed_on"] == "2026-09-11"
    assert forms["you_said"] and all(v["speaker_role"] for v in forms["you_said"])
    assert forms["still_open"][0] == "Change agreed; not yet seen to be resolved."
    assert "Recording burden" not in by_path  # evidenced, never raised

    assert main(args) == 0
    out = capsys.readouterr().out
    assert out.startswith("# You said, we did\n")
    assert "## IT and case recording system › Forms that don't fit the work" in out
    assert "- Before the change: 4 notes from 4 teams" in out


def test_a_brief_says_whether_it_changed_and_what_we_did(demo_notebook: Notebook) -> None:
    forms = demo_notebook.find_obstacle(FORMS)
    body = demo_notebook.compose_brief(
        BriefRequest((forms.id,), "DCS", "", until=date(2026, 11, 20))
    )
    changed = body.split("### Did it change?", 1)[1]
    assert changed.lstrip().startswith("- Change agreed on 2026-09-11.")
    assert "- Since: 2 notes from 1 team" in changed
    tracked = body.split("## You said, we did", 1)[1]
    assert "### IT and case recording system › Forms that don't fit the work" in tracked
    assert "**Still open:**" in tracked

"""What comes due: re-observe dates and open follow-ups, with today's date given."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest

from fieldnotes.__main__ import main
from fieldnotes.domain.due import obstacles_due, open_follow_ups, whats_due
from fieldnotes.domain.model import Note, Obstacle

from .conftest import DEMO_PASSPHRASE

TODAY = date(2026, 11, 20)


def _note(
    note_id: str, when: str, team: str, follow_up: str = "", obstacles: tuple[str, ...] = ()
) -> Note:
    at = datetime.fromisoformat(when)
    return Note(
        id=note_id,
        mode="observe",
        stage="write-up",
        occurred_at=at,
        created_at=at,
        updated_at=at,
        revision=1,
        team=team,
        description="x",
        follow_up=follow_up,
        obstacle_ids=list(obstacles),
    )


def test_overdue_first_then_soonest_and_outside_the_window_left_out() -> None:
    obstacles = [
        Obstacle("a", "Later", reobserve_on=date(2026, 12, 3)),
        Obstacle("b", "Overdue", reobserve_on=date(2026, 11, 10)),
        Obstacle("c", "Today", reobserve_on=TODAY),
        Obstacle("d", "Too far", reobserve_on=date(2026, 12, 5)),
        Obstacle("e", "No date"),
        Obstacle("f", "Resolved", status="resolved", reobserve_on=date(2026, 11, 1)),
        Obstacle("g", "Child", parent_id="b", reobserve_on=date(2026, 11, 19)),
    ]
    due = obstacles_due(obstacles, TODAY)
    assert [(d.path, d.days) for d in due] == [
        ("Overdue", -10),
        ("Overdue/Child", -1),
        ("Today", 0),
        ("Later", 13),
    ]
    assert [d.when for d in due] == [
        "overdue by 10 days",
        "overdue by 1 day",
        "due today",
        "due in 13 days",
    ]
    assert [d.path for d in obstacles_due(obstacles, TODAY, within_days=0)] == [
        "Overdue",
        "Overdue/Child",
        "Today",
    ]


def test_a_follow_up_closes_when_the_team_is_seen_again_on_the_same_obstacle() -> None:
    notes = [
        _note("1", "2026-09-01T10:00", "North", "Ask about forms", ("forms",)),
        _note("2", "2026-09-02T10:00", "South", "Ask about forms too", ("forms",)),
        _note("3", "2026-09-03T10:00", "north", "", ("forms", "ict")),  # same team, any case
        _note("4", "2026-09-04T10:00", "North", "Ask about the rota", ("rota",)),
        _note("5", "2026-09-05T10:00", "North", "", ("forms",)),  # not the rota
        _note("6", "2026-09-06T10:00", "East", "Untagged question"),
        _note("7", "2026-09-07T10:00", "East", ""),
        _note("8", "2026-09-08T10:00", "West", "Still waiting", ()),
    ]
    still_open = open_follow_ups(notes, TODAY)
    assert [f.note_id for f in still_open] == ["2", "4", "8"]
    assert still_open[0].age_days == (TODAY - date(2026, 9, 2)).days


def test_whats_due_counts_both() -> None:
    due = whats_due(
        [Obstacle("b", "Overdue", reobserve_on=date(2026, 11, 10))],
        [_note("1", "2026-09-01T10:00", "North", "Ask")],
        TODAY,
    )
    assert (due.count, due.overdue_count) == (2, 1)


def test_demo_has_obstacles_due_on_any_day_after_its_dates(demo_notebook: object) -> None:
    from fieldnotes.notebook import Notebook

    assert isinstance(demo_notebook, Notebook)
    due = demo_notebook.due(today=TODAY)
    assert [d.days for d in due.obstacles] == [-4, 7, 10]
    assert due.follow_ups
    later = demo_notebook.due(today=date(2031, 1, 1))
    assert len(later.obstacles) == 3 and all(d.overdue for d in later.obstacles)


def test_due_json_shape(
    demo_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FIELDNOTES_PASSPHRASE", DEMO_PASSPHRASE)
    args = ["due", "--notebook", str(demo_path), "--json", "--today", "2026-11-20"]
    assert main(args) == 0
    document = json.loads(capsys.readouterr().out)
    assert set(document) == {"format", "today", "within_days", "obstacles", "follow_ups"}
    assert (document["today"], document["within_days"]) == ("2026-11-20", 14)
    first = document["obstacles"][0]
    assert set(first) == {
        "id",
        "path",
        "status",
        "reobserve_on",
        "days",
        "overdue",
        "ask",
        "decision",
    }
    assert first["path"] == "IT and case recording system/Forms that don't fit the work"
    assert (first["days"], first["overdue"]) == (-4, True)
    follow = document["follow_ups"][0]
    assert set(follow) == {"note_id", "occurred_at", "team", "follow_up", "obstacles", "age_days"}

    assert main([*args, "--within", "0"]) == 0
    narrow = json.loads(capsys.readouterr().out)
    assert [o["days"] for o in narrow["obstacles"]] == [-4]


def test_due_refuses_a_bad_window_or_date(
    demo_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FIELDNOTES_PASSPHRASE", DEMO_PASSPHRASE)
    with pytest.raises(SystemExit):
        main(["due", "--notebook", str(demo_path), "--within", "-1"])
    assert "--within takes 0 to 366 days" in capsys.readouterr().err
    assert main(["due", "--notebook", str(demo_path), "--today", "soon"]) == 1
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_due_shows_control_characters_never_obeys_them(
    demo_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from fieldnotes.domain.model import NoteDraft
    from fieldnotes.notebook import Notebook

    notebook = Notebook.open(demo_path)
    notebook.unlock(DEMO_PASSPHRASE)
    notebook.add_note(
        NoteDraft(
            mode="observe",
            occurred_at=datetime(2026, 11, 1, 9, 0),
            team="Hostile \x1b]0;owned\x07 Team",
            description="x",
            follow_up="Ask \x1b[2J again",
        )
    )
    notebook.close()
    monkeypatch.setenv("FIELDNOTES_PASSPHRASE", DEMO_PASSPHRASE)
    assert main(["due", "--notebook", str(demo_path), "--today", "2026-11-20"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert "Ask \\x1b[2J again" in out

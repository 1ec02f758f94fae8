"""Did it change? Evidence before and since an agreed change, with the observation effort."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest

from fieldnotes.__main__ import main
from fieldnotes.domain.codebook import ObstacleTree
from fieldnotes.domain.comparison import compare, comparisons
from fieldnotes.domain.history import FieldChange, ObstacleEvent
from fieldnotes.domain.model import Note, Obstacle, PrincipleLink

from .conftest import DEMO_PASSPHRASE

AGREED = date(2026, 9, 1)


def _note(n: int, day: date, team: str, obstacles: list[str], *, at_risk: bool = False) -> Note:
    moment = datetime(day.year, day.month, day.day, 10, 0)
    stance = "at-risk" if at_risk else "honoured"
    return Note(
        id=f"note-{n:03d}",
        mode=("observe", "co-work", "question")[n % 3],
        stage="write-up",
        occurred_at=moment,
        created_at=moment,
        updated_at=moment,
        revision=1,
        team=team,
        principles=[PrincipleLink("sos.worried", stance)],
        obstacle_ids=obstacles,
    )


def _tree() -> ObstacleTree:
    return ObstacleTree(
        [
            Obstacle("forms", "Forms", status="change agreed"),
            Obstacle("visit", "Visit form", parent_id="forms"),
            Obstacle("other", "Other", status="change agreed"),
        ]
    )


def test_before_and_since_are_counted_with_the_sub_obstacles_and_the_effort() -> None:
    notes = [
        _note(1, date(2026, 8, 3), "North", ["forms"], at_risk=True),
        _note(2, date(2026, 8, 10), "South", ["visit"], at_risk=True),
        _note(3, date(2026, 8, 17), "East", ["visit"]),
        _note(4, date(2026, 8, 20), "East", ["other"]),
        _note(5, date(2026, 9, 1), "North", ["forms"]),
        _note(6, date(2026, 9, 20), "North", []),
        _note(7, date(2026, 10, 5), "South", ["other"]),
        _note(8, date(2026, 12, 5), "South", ["forms"], at_risk=True),  # after today
    ]
    result = compare("forms", _tree(), notes, AGREED, date(2026, 10, 31))

    assert result.sentences() == (
        "Change agreed on 2026-09-01.",
        "Before the change: 3 notes from 3 teams (observed 1, co-worked 1, questioned 1), "
        "2 at risk, 1 honoured — emerging.",
        "Since: 1 note from 1 team (questioned 1), 0 at risk, 1 honoured — emerging.",
        "Observation effort: 4 notes in all in the 4 weeks before, 3 in the 9 weeks since.",
        "Too few notes written since the change to tell whether it changed practice.",
    )
    assert result.to_json()["since"]["observation_effort"] == 3


def test_only_obstacles_whose_history_dates_an_agreement_are_compared() -> None:
    moved = ObstacleEvent(
        "e1",
        "forms",
        datetime(2026, 9, 1, 9, 0),
        changes=(FieldChange("status", "raised", "change agreed"),),
    )
    notes = [_note(1, date(2026, 8, 3), "North", ["forms"])]
    found = comparisons(_tree(), notes, {"forms": [moved]}, date(2026, 10, 1))
    # "other" is agreed too, but its history does not say when: nothing to divide at.
    assert list(found) == ["forms"]
    assert found["forms"].agreed_on == AGREED


def test_synthesis_json_carries_the_demo_comparison(
    demo_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FIELDNOTES_PASSPHRASE", DEMO_PASSPHRASE)
    assert main(["synthesis", "--notebook", str(demo_path), "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    by_path = {item["path"]: item for item in document["obstacles"]}
    forms = by_path["IT and case recording system/Forms that don't fit the work"]["comparison"]
    assert forms["agreed_on"] == "2026-09-11"
    assert (forms["before"]["notes"], forms["before"]["teams"]) == (4, 4)
    assert (forms["since"]["notes"], forms["since"]["at_risk"]) == (2, 0)
    assert forms["before"]["observation_effort"] == 30
    assert forms["summary"][1].startswith("Before the change: 4 notes from 4 teams")
    assert by_path["Recording burden"]["comparison"] is None

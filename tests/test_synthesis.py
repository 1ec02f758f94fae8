"""Synthesis on a small hand-built notebook whose answers are known."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from fieldnotes.model import NoteDraft, PrincipleLink, Quote
from fieldnotes.notebook import Notebook
from fieldnotes.synthesis import changes_since, evidence_strength, snapshot, sparkline

TEAMS = ("Front Door", "Northfield", "Riverside")
MODES = ("observe", "co-work", "question")


@pytest.fixture
def coded(empty_notebook: Notebook) -> dict[str, str]:
    """IT (with child Logins) has 9 notes: 3 teams, 3 modes, 5 weeks. Timescales has 2."""
    nb = empty_notebook
    it = nb.add_obstacle("IT system", status="evidenced")
    logins = nb.add_obstacle("Logins", parent_id=it.id)
    time = nb.add_obstacle("Timescales")
    nb.add_obstacle("Risk aversion")
    principles = sorted(nb.principles())
    p1, p2 = principles[0], principles[1]
    start = datetime(2026, 9, 1, 10, 0)  # a Tuesday
    for i in range(9):
        nb.add_note(
            NoteDraft(
                mode=MODES[i % 3],  # type: ignore[arg-type]
                occurred_at=start + timedelta(days=4 * i),
                team=TEAMS[i % 3],
                description=f"note {i}",
                quotes=[Quote(f"quote {i}", ["social worker", "manager", "social worker"][i % 3])],
                principles=[PrincipleLink(p1, "at-risk" if i < 6 else "honoured")],
                obstacle_ids=[logins.id if i % 2 else it.id],
            )
        )
    for i in range(2):
        nb.add_note(
            NoteDraft(
                mode="observe",
                occurred_at=datetime(2026, 9, 2 + i, 9),
                team="Northfield",
                description=f"time {i}",
                principles=[PrincipleLink(p2, "at-risk")],
                obstacle_ids=[time.id],
            )
        )
    nb.add_memo("code", "IT memo", "about logins", obstacle_ids=[logins.id])
    return {"it": it.id, "logins": logins.id, "time": time.id, "p1": p1, "p2": p2}


def test_known_answers(empty_notebook: Notebook, coded: dict[str, str]) -> None:
    result = empty_notebook.synthesis()
    ranked = [e.path for e in result.evidence]
    assert ranked == ["IT system", "IT system/Logins", "Timescales", "Risk aversion"]
    it = result.for_obstacle(coded["it"])
    assert it.note_count == 9  # sub-obstacle notes roll up
    assert it.team_count == 3 and it.days == 9
    assert dict(it.modes) == {"observe": 3, "co-work": 3, "question": 3}
    assert (it.first_seen, it.last_seen) == (date(2026, 9, 1), date(2026, 10, 3))
    assert it.strength == "strong"
    [count] = it.principles
    assert (count.principle_id, count.at_risk, count.honoured) == (coded["p1"], 6, 3)
    assert len(it.weekly) == 5 and sum(it.weekly) == 9
    assert len(it.memo_ids) == 1  # the sub-obstacle's memo rolls up too
    assert [q.quote.speaker_role for q in it.quotes][:2] == ["social worker", "manager"]

    logins = result.for_obstacle(coded["logins"])
    assert logins.note_count == 4 and logins.path == "IT system/Logins"
    # 4 notes, 3 teams, 3 modes, but fewer than 8 notes: consistent, not strong.
    assert logins.strength == "consistent"
    time = result.for_obstacle(coded["time"])
    assert (time.note_count, time.team_count, time.strength) == (2, 1, "emerging")
    assert time.principles[0].at_risk == 2
    assert result.evidence[-1].strength == "none"
    matrix = result.matrix()
    assert matrix[(coded["time"], coded["p2"])].at_risk == 2


def test_period_and_team_filters(empty_notebook: Notebook, coded: dict[str, str]) -> None:
    narrow = empty_notebook.synthesis(since=date(2026, 9, 1), until=date(2026, 9, 10))
    assert narrow.for_obstacle(coded["it"]).note_count == 3
    team = empty_notebook.synthesis(team="northfield")
    assert team.for_obstacle(coded["it"]).note_count == 3
    assert team.for_obstacle(coded["time"]).note_count == 2


def test_changes_since_a_snapshot(empty_notebook: Notebook, coded: dict[str, str]) -> None:
    before = empty_notebook.synthesis(until=date(2026, 9, 10))
    after = empty_notebook.synthesis()
    changes = {c.obstacle_id: c for c in changes_since(snapshot(before), after)}
    assert changes[coded["it"]].summary == "+6 notes, emerging → strong"
    assert coded["time"] not in changes


@pytest.mark.parametrize(
    ("notes", "teams", "modes", "span", "expected"),
    [
        (0, 0, 0, 0, "none"),
        (1, 1, 1, 0, "emerging"),
        (4, 2, 2, 3, "consistent"),
        (4, 1, 3, 40, "emerging"),
        (8, 3, 3, 28, "strong"),
        (8, 3, 2, 60, "consistent"),
        (20, 5, 3, 27, "consistent"),
    ],
)
def test_strength_rule(notes: int, teams: int, modes: int, span: int, expected: str) -> None:
    assert evidence_strength(notes, teams, modes, span)[0] == expected


def test_sparkline() -> None:
    assert sparkline([0, 1, 2, 4]) == " ▂▄█"
    assert sparkline([0, 0]) == "  "
    assert sparkline([]) == ""


def test_demo_synthesis_has_a_strong_obstacle(demo_notebook: Notebook) -> None:
    result = demo_notebook.synthesis()
    top = result.evidence[0]
    assert top.strength == "strong"
    assert top.mode_count == 3 and top.quotes

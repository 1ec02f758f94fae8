"""Synthesis on a small hand-built notebook whose answers are known, and on random notebooks:
the fast counter the app uses against the plain one the rule is written with."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fieldnotes.domain import model
from fieldnotes.domain.codebook import ObstacleTree
from fieldnotes.domain.model import (
    Memo,
    Note,
    NoteDraft,
    Obstacle,
    Passage,
    PrincipleLink,
    Quote,
)
from fieldnotes.domain.synthesis import (
    CounterFactory,
    Synthesis,
    changes_since,
    evidence_strength,
    snapshot,
    sparkline,
    synthesise,
)
from fieldnotes.index.evidence import EvidenceIndex, kept_counter
from fieldnotes.notebook import Notebook

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


SynthesisOf = Callable[..., Synthesis]


@pytest.fixture(params=["notebook", "plain"])
def synthesis_of(request: pytest.FixtureRequest, empty_notebook: Notebook) -> SynthesisOf:
    """The notebook's synthesis (the fast counter), or the same notes counted plainly."""
    if request.param == "notebook":
        return empty_notebook.synthesis

    def plain(**filters: object) -> Synthesis:
        nb = empty_notebook
        return synthesise(nb.notes(), nb.obstacles(), nb.memos(), **filters)  # type: ignore[arg-type]

    return plain


def test_known_answers(synthesis_of: SynthesisOf, coded: dict[str, str]) -> None:
    result = synthesis_of()
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


def test_period_and_team_filters(synthesis_of: SynthesisOf, coded: dict[str, str]) -> None:
    narrow = synthesis_of(since=date(2026, 9, 1), until=date(2026, 9, 10))
    assert narrow.for_obstacle(coded["it"]).note_count == 3
    team = synthesis_of(team="northfield")
    assert team.for_obstacle(coded["it"]).note_count == 3
    assert team.for_obstacle(coded["time"]).note_count == 2


def test_changes_since_a_snapshot(empty_notebook: Notebook, coded: dict[str, str]) -> None:
    before = empty_notebook.synthesis(until=date(2026, 9, 10))
    after = empty_notebook.synthesis()
    changes = {c.obstacle_id: c for c in changes_since(snapshot(before), after)}
    assert changes[coded["it"]].summary == "+6 notes, emerging → strong"
    assert coded["time"] not in changes


def _note(note_id: str, obstacle_ids: list[str]) -> Note:
    when = datetime(2026, 9, 1, 10)
    return Note(
        id=note_id,
        mode="observe",
        stage="write-up",
        occurred_at=when,
        created_at=when,
        updated_at=when,
        revision=1,
        team="Northfield",
        obstacle_ids=obstacle_ids,
    )


@pytest.mark.parametrize("counter", [None, kept_counter])
def test_a_parent_loop_reads_as_the_codebook_shows_it(
    counter: CounterFactory | None,
) -> None:
    """Damaged parent links (a loop) give the synthesis the same tree as the codebook."""
    obstacles = [
        Obstacle(id="a", name="Timescales", parent_id="b"),
        Obstacle(id="b", name="Panels", parent_id="a"),
    ]
    notes = [_note("n1", ["a"]), _note("n2", ["b"])]
    options = {} if counter is None else {"counter": counter}
    result = synthesise(notes, obstacles, **options)  # type: ignore[arg-type]
    tree = ObstacleTree(obstacles)
    for item in result.evidence:
        assert item.path == tree.path(item.obstacle.id)
    assert result.for_obstacle("a").path == "Timescales"
    assert result.for_obstacle("a").note_ids == ("n2", "n1")  # the child's note rolls up
    assert result.for_obstacle("b").path == "Timescales/Panels"
    assert result.for_obstacle("b").note_ids == ("n2",)


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


# ------------------------------------------------- random notebooks: fast against plain

# Case variants and the empty team, so casefolded sorting and the team filter are exercised.
RANDOM_TEAMS = ("", "North", "north", "NORTH", "South", "Riverside", "riverside", "Ålesund")
RANDOM_PRINCIPLES = ("pcf.rights", "pcf.skills", "sos.network", "kss.3")
FIRST_DAY = date(2024, 12, 20)  # near a year's end, so weeks run across two new years
SPAN_DAYS = 800


# Stored times are naive wall time. Aware ones are allowed too, and in different UTC offsets
# a few days apart, sorting by moment no longer puts the notes' days in order.
OFFSETS = tuple(timezone(timedelta(hours=hours)) for hours in (-11, 0, 5, 13))
AWARE_SPAN_DAYS = 12

RandomNotebook = tuple[list[Note], list[Obstacle], list[Memo], dict[str, object]]


# Built once: strategies made inside the loop below would be validated again on every draw.
QUOTES = st.lists(
    st.builds(
        Quote,
        st.sampled_from(("", "  ", "It takes ages.", "We wait.")),
        st.sampled_from(("", "social worker", "Social Worker", "manager")),
    ),
    max_size=3,
)
LINKS = st.lists(
    st.builds(PrincipleLink, st.sampled_from(RANDOM_PRINCIPLES), st.sampled_from(model.STANCES)),
    max_size=3,
)
DAY_NUMBERS = {
    aware: st.integers(0, AWARE_SPAN_DAYS if aware else SPAN_DAYS) for aware in (False, True)
}
SOME_DAY = {
    aware: st.builds(lambda n: FIRST_DAY + timedelta(days=n), numbers)
    for aware, numbers in DAY_NUMBERS.items()
}
# Few distinct minutes, so notes often share a time and the id breaks the tie.
MINUTES = st.sampled_from((0, 1, 600))
ID_PREFIXES = st.integers(0, 99)
NOTE_MODES = st.sampled_from(model.MODES)
NOTE_TEAMS = st.sampled_from(RANDOM_TEAMS)
ZONES = st.sampled_from(OFFSETS)


@st.composite
def random_notebooks(draw: st.DrawFn, aware: bool = False) -> RandomNotebook:
    obstacle_count = draw(st.integers(0, 8))
    ids = [f"o{i}" for i in range(obstacle_count)]
    names = st.sampled_from(("IT", "it", "Logins", "Timescales", "Risk"))
    # Any obstacle may be a parent, so trees run several levels deep (and, now and then,
    # round in a circle); "gone" is a parent that no longer exists.
    parents = st.one_of(st.none(), st.sampled_from([*ids, "gone"]))
    obstacles = [Obstacle(id=oid, name=draw(names), parent_id=draw(parents)) for oid in ids]
    tags = st.lists(st.sampled_from([*ids, "unknown"]), max_size=4) if ids else st.just([])
    notes: list[Note] = []
    for i in range(draw(st.integers(0, 30))):
        when = datetime.combine(FIRST_DAY + timedelta(days=draw(DAY_NUMBERS[aware])), time())
        when += timedelta(minutes=draw(MINUTES))
        if aware:
            when = when.replace(tzinfo=draw(ZONES))
        notes.append(
            Note(
                id=f"{draw(ID_PREFIXES):02d}-{i}",
                mode=draw(NOTE_MODES),
                stage="write-up",
                occurred_at=when,
                created_at=when,
                updated_at=when,
                revision=1,
                team=draw(NOTE_TEAMS),
                quotes=draw(QUOTES),
                principles=draw(LINKS),
                obstacle_ids=draw(tags),
                passages=[
                    Passage(
                        f"p{i}-{n}",
                        "description",
                        0,
                        1,
                        draw(st.sampled_from(("x", " "))),
                        obstacle_ids=tuple(draw(tags)),
                        principles=tuple(draw(LINKS)),
                        orphaned=draw(st.booleans()),
                    )
                    for n in range(draw(st.integers(0, 2)))
                ],
            )
        )
    memos = [
        Memo(id=f"m{i}", kind="code", title="", body="", obstacle_ids=draw(tags))
        for i in range(draw(st.integers(0, 4)))
    ]
    filters = {
        "since": draw(st.one_of(st.none(), SOME_DAY[aware])),
        "until": draw(st.one_of(st.none(), SOME_DAY[aware])),
        "team": draw(st.one_of(st.none(), NOTE_TEAMS)),
    }
    return draw(st.permutations(notes)), obstacles, memos, filters


@settings(max_examples=250, deadline=None)
@given(notebook=random_notebooks())
def test_fast_synthesis_matches_the_plain_one(notebook: RandomNotebook) -> None:
    assert_fast_matches_plain(notebook)


@settings(max_examples=80, deadline=None)
@given(notebook=random_notebooks(aware=True))
def test_fast_synthesis_matches_the_plain_one_across_utc_offsets(notebook: RandomNotebook) -> None:
    assert_fast_matches_plain(notebook)


def assert_fast_matches_plain(notebook: RandomNotebook) -> None:
    notes, obstacles, memos, filters = notebook
    expected = synthesise(notes, obstacles, memos, **filters)  # type: ignore[arg-type]
    by_id = {note.id: note for note in notes}
    # The notebook's way: the kept rows of every note, the period and team chosen from them.
    kept = EvidenceIndex().synthesis(lambda: by_id, obstacles, memos, **filters)  # type: ignore[arg-type]
    # A counter built for the notes `synthesise` chose, as any `CounterFactory` is.
    counted = synthesise(by_id.values(), obstacles, memos, **filters, counter=kept_counter)  # type: ignore[arg-type]
    for actual in (kept, counted):
        assert actual == expected
        # Dicts compare equal in any order; the screens show modes in the order given.
        assert [list(e.modes.items()) for e in actual.evidence] == [
            list(e.modes.items()) for e in expected.evidence
        ]

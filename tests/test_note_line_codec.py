"""A note's line, read from its sealed document alone, shows what the whole note shows:
the same team and first line, the same searchable text, damage for the same reasons."""

from __future__ import annotations

import json
from typing import Any

import pytest

from fieldnotes.domain.model import STANCES, NoteLine, PrincipleLink
from fieldnotes.storage.codec import note_from_row, note_line_from_row, row_bound
from fieldnotes.storage.scan import NoteCells

ROW = NoteCells(
    id="n1",
    mode="observe",
    stage="write-up",
    occurred_at="2026-03-04T10:30:00",
    created_at="2026-03-04T11:00:00",
    updated_at="2026-03-04T11:00:00",
    revision=1,
    trashed_at=None,
    content=b"",
)
PASSAGE = {"id": "p1", "field": "description", "start": 0, "end": 4, "text": "Duty"}

BASE: dict[str, Any] = {
    "team": "Front Door",
    "setting": "duty desk",
    "participants": ["manager", "worker"],
    "description": "\n  # Duty: three calls, no laptop.\nSecond line",
    "asides": "an aside",
    "quotes": [{"text": "we wait", "speaker_role": "worker"}],
    "consent": "explained",
    "follow_up": "ring back",
    "passages": [PASSAGE],
}
DOCUMENTS: list[object] = [
    BASE,
    {**BASE, "passages": []},
    {**BASE, "passages": "not a list"},
    {**BASE, "passages": [{**PASSAGE, "field": "nowhere"}]},
    {**BASE, "passages": [{**PASSAGE, "principles": [{"principle_id": "x", "stance": "?"}]}]},
    {**BASE, "passages": [PASSAGE, 7]},
    {**BASE, "damaged": ["asides"]},
    {**BASE, "damaged": 3},
    {**BASE, "participants": 5},
    {**BASE, "participants": "one role"},
    {**BASE, "quotes": ["not a quote"]},
    {**BASE, "quotes": None},
    {**BASE, "team": 12, "description": ["a", "list"]},
    {"description": "only a description"},
    ["not", "a", "mapping"],
    "a string",
]


def _content(document: object, row: NoteCells = ROW, bound: object = None) -> str:
    if isinstance(document, dict):
        document = {**document, "bound": row_bound(row) if bound is None else bound}
    return json.dumps(document)


def _both(row: NoteCells, content: str | None, stances: tuple[str, ...] = ()) -> None:
    links = [PrincipleLink("p", stance) for stance in stances]  # type: ignore[arg-type]
    odd = any(stance not in STANCES for stance in stances)
    for with_text in (False, True):
        line = note_line_from_row(row, content, odd, with_text)
        expected = NoteLine.of(note_from_row(row, content, links, []))
        assert (line.id, line.mode, line.stage, line.occurred_at) == (
            expected.id,
            expected.mode,
            expected.stage,
            expected.occurred_at,
        )
        assert (line.team, line.first_line, line.damaged) == (
            expected.team,
            expected.first_line,
            expected.damaged,
        )
        assert line.text == (expected.text if with_text else "")


@pytest.mark.parametrize("document", DOCUMENTS)
def test_a_document_gives_the_line_its_note_gives(document: object) -> None:
    _both(ROW, _content(document))


@pytest.mark.parametrize(
    "cells",
    [
        {"mode": "dance"},
        {"stage": 3},
        {"occurred_at": "soon"},
        {"created_at": None},
        {"updated_at": b"x"},
        {"revision": "1"},
        {"trashed_at": "never"},
        {"id": 42},
    ],
)
def test_a_garbled_cell_damages_the_line_as_the_note(cells: dict[str, object]) -> None:
    row = ROW._replace(**cells)
    _both(row, _content(BASE, ROW))


def test_cells_not_sealed_with_the_text_damage_the_line() -> None:
    row = ROW._replace(stage="jotting")
    _both(row, _content(BASE, ROW))
    _both(ROW, _content(BASE, bound="not the cells"))


def test_an_unopened_text_or_an_odd_stance_damages_the_line() -> None:
    _both(ROW, None)
    _both(ROW, _content(BASE), ("for",))
    _both(ROW, _content(BASE), ("sideways",))
    _both(ROW, "{not json")

"""The input checks, on their own: what a person is told when a value cannot be kept."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from fieldnotes.domain.model import Memo, NoteDraft, Obstacle, PrincipleLink
from fieldnotes.domain.rules import (
    check_draft_links,
    check_draft_text,
    check_export_passphrase,
    check_leader_label,
    check_memo,
    check_notebook_passphrase,
    check_obstacle_changes,
    check_obstacle_name,
    check_obstacle_status,
    parse_day,
)
from fieldnotes.errors import EmptyNote, InvalidInput


def _draft(**overrides: object) -> NoteDraft:
    values: dict[str, object] = {
        "mode": "observe",
        "occurred_at": datetime(2026, 9, 3, 10, 15),
        "description": "The manager opened with the family's words.",
    }
    values.update(overrides)
    return NoteDraft(**values)  # type: ignore[arg-type]  # overrides are typed per test


def test_a_note_with_no_words_anywhere_is_empty() -> None:
    with pytest.raises(EmptyNote):
        check_draft_text(_draft(description="  \n"))


def test_a_note_with_an_unknown_mode_names_the_modes() -> None:
    with pytest.raises(InvalidInput, match=r"mode must be one of .*not 'listen'"):
        check_draft_text(_draft(mode="listen"))


def test_links_must_name_principles_and_obstacles_that_exist() -> None:
    draft = _draft(principles=[PrincipleLink("p1", "honoured")], obstacle_ids=["o1"])
    assert check_draft_links(draft, {"p1"}, {"o1"}) is draft
    with pytest.raises(InvalidInput, match="unknown principle 'p1'"):
        check_draft_links(draft, set(), {"o1"})
    with pytest.raises(InvalidInput, match="unknown obstacle"):
        check_draft_links(draft, {"p1"}, set())


def test_an_obstacle_name_is_trimmed_and_unique_among_its_siblings() -> None:
    siblings = [Obstacle(id="a", name="Recording burden")]
    assert check_obstacle_name("  Caseload  ", siblings, None) == "Caseload"
    with pytest.raises(InvalidInput, match="already an obstacle called"):
        check_obstacle_name("recording BURDEN", siblings, None)
    # Renaming an obstacle to its own name (in another case) is no clash.
    assert check_obstacle_name("Recording Burden", siblings, "a") == "Recording Burden"
    for bad in ("", "   ", "Parent/Child"):
        with pytest.raises(InvalidInput):
            check_obstacle_name(bad, [], None)


def test_only_known_obstacle_fields_and_statuses_are_accepted() -> None:
    check_obstacle_changes({"name", "status", "reobserve_on"})
    with pytest.raises(InvalidInput, match="cannot change id, parent_id this way"):
        check_obstacle_changes({"parent_id", "id", "name"})
    check_obstacle_status("raised")
    with pytest.raises(InvalidInput, match="status must be one of"):
        check_obstacle_status("done")


def test_a_memo_needs_a_known_kind_and_some_words() -> None:
    check_memo(Memo(id="m", kind="code", title="", body="A pattern."))
    with pytest.raises(InvalidInput, match="a memo needs a title or some text"):
        check_memo(Memo(id="m", kind="code", title=" ", body="\n"))
    with pytest.raises(InvalidInput, match="memo kind must be one of"):
        check_memo(Memo(id="m", kind="diary", title="t", body=""))  # type: ignore[arg-type]  # a kind from outside


def test_passphrases() -> None:
    with pytest.raises(InvalidInput, match="the new passphrase must not be empty"):
        check_notebook_passphrase("", "the new passphrase")
    check_notebook_passphrase("x")
    with pytest.raises(InvalidInput, match="a backup passphrase needs at least 8 characters"):
        check_export_passphrase("1234567", "backup")
    check_export_passphrase("12345678", "brief")


def test_a_leader_needs_a_label() -> None:
    assert check_leader_label("  Head of service ") == "Head of service"
    with pytest.raises(InvalidInput, match="give the leader a label"):
        check_leader_label("   ")


def test_a_day_is_yyyy_mm_dd_or_blank() -> None:
    assert parse_day(" 2026-08-20 ") == date(2026, 8, 20)
    assert parse_day("") is None
    # Both the façade's error and the ValueError a form validator catches.
    with pytest.raises(InvalidInput, match="'20/08/2026' is not a date like 2026-08-20"):
        parse_day("20/08/2026")
    with pytest.raises(ValueError):
        parse_day("2026-13-01")

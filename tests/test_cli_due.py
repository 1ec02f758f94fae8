"""`fieldnotes due` as a person reads it: what to re-observe, then the questions still open."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fieldnotes.__main__ import main

from .conftest import DEMO_PASSPHRASE


def test_due_lists_obstacles_then_each_open_follow_up_with_its_note(
    demo_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FIELDNOTES_PASSPHRASE", DEMO_PASSPHRASE)
    args = ["due", "--notebook", str(demo_path), "--today", "2026-11-20"]
    assert main([*args, "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert main(args) == 0
    lines = capsys.readouterr().out.splitlines()

    assert lines[0] == "Due to re-observe (2026-11-20, next 14 days):"
    assert lines[1] == (
        "  2026-11-16  overdue by 4 days    "
        "IT and case recording system › Forms that don't fit the work"
    )
    assert lines[2].strip() == "status: change agreed"

    follow_ups = document["follow_ups"]
    heading = lines.index(f"Follow-up questions still open ({len(follow_ups)}):")
    first = follow_ups[0]
    assert lines[heading + 1] == (
        f"  {first['occurred_at'][:10]}  {first['team']}  [{first['note_id'][:8]}]"
    )
    questions = [line.strip() for line in first["follow_up"].splitlines() if line.strip()]
    assert lines[heading + 2 : heading + 2 + len(questions)] == [
        f"      {question}" for question in questions
    ]
    # Every open question's note is named by its id, so `fieldnotes show` finds it.
    shown_ids = [line.rsplit("[", 1)[1].rstrip("]") for line in lines if line.endswith("]")]
    assert shown_ids == [item["note_id"][:8] for item in follow_ups]


def test_due_with_nothing_to_re_observe_says_so(
    demo_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FIELDNOTES_PASSPHRASE", DEMO_PASSPHRASE)
    args = ["due", "--notebook", str(demo_path), "--today", "2026-01-01", "--within", "0"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert out.startswith("No obstacle is due to re-observe by 0 days from 2026-01-01.\n")

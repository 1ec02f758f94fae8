"""A member check is logged like a brief, and counts for "changed since the last brief"."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from fieldnotes.__main__ import main
from fieldnotes.domain.model import NoteDraft
from fieldnotes.notebook import Notebook

from .conftest import DEMO_PASSPHRASE

FORMS = "IT and case recording system/Forms that don't fit the work"


@pytest.mark.parametrize("how", ["printable", "encrypted"])
def test_a_member_check_is_logged_and_the_next_brief_counts_from_it(
    demo_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    how: str,
) -> None:
    monkeypatch.setenv("FIELDNOTES_PASSPHRASE", DEMO_PASSPHRASE)
    phrase = tmp_path / "phrase"
    phrase.write_text("the team's own passphrase\n")
    out = tmp_path / "check.md"
    where = ["--plaintext"] if how == "printable" else ["--to-passphrase-file", str(phrase)]
    args = ["member-check", "--notebook", str(demo_path), "--team", "northfield"]
    assert main([*args, *where, "--output", str(out)]) == 0

    assert main(["brief", "log", "--notebook", str(demo_path)]) == 0
    log = capsys.readouterr().out
    assert "check.md" in log and "(member check)" in log

    with Notebook.open(demo_path) as notebook:
        notebook.unlock(DEMO_PASSPHRASE)
        (record,) = notebook.exports()
        assert record.kind == "member check" and record.status == "written"
        assert notebook.changes_since_last_brief(notebook.synthesis()) == []
        forms = notebook.find_obstacle(FORMS)
        notebook.add_note(
            NoteDraft(
                mode="observe",
                occurred_at=datetime(2026, 11, 3, 10, 0),
                team="Northfield Assessment Team",
                description="Back to see the shortened form in use.",
                obstacle_ids=[forms.id],
            )
        )
        (change,) = [
            c
            for c in notebook.changes_since_last_brief(notebook.synthesis())
            if c.obstacle_id == forms.id
        ]
        assert change.summary == "+1 note"

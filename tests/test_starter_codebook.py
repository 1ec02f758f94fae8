"""A new notebook's codebook is the user's to fill in; only the demo arrives with progress."""

from __future__ import annotations

from pathlib import Path

import pytest

from fieldnotes.__main__ import main
from fieldnotes.crypto import kdf
from fieldnotes.domain.frameworks import builtin_codebook_path, load_codebook
from fieldnotes.errors import FileFormatError
from fieldnotes.notebook import Notebook


def test_init_starts_every_obstacle_emerging_with_no_ask_or_decision(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import fieldnotes.cli.safety

    monkeypatch.setattr(fieldnotes.cli.safety, "INIT_KDF", kdf.FLOOR_KDF)
    monkeypatch.setenv("FIELDNOTES_PASSPHRASE", "long enough phrase")
    target = tmp_path / "new.fieldnotes"
    assert main(["init", "--notebook", str(target)]) == 0
    with Notebook.open(target) as notebook:
        notebook.unlock("long enough phrase")
        obstacles = notebook.obstacles()
    assert len(obstacles) > 10
    assert {o.status for o in obstacles} == {"emerging"}
    assert all(not o.ask and not o.decision and o.reobserve_on is None for o in obstacles)


def test_the_demo_keeps_its_own_statuses_and_asks(demo_notebook: Notebook) -> None:
    by_path = {demo_notebook.obstacle_path(o.id): o for o in demo_notebook.obstacles()}
    it = by_path["IT and case recording system"]
    assert it.status == "raised"
    assert it.ask.startswith("Give practitioners a seat")
    assert by_path["IT and case recording system/Forms that don't fit the work"].status == (
        "change agreed"
    )
    assert by_path["Caseload and allocation/Churn and agency reliance"].status == "raised"


def test_a_demo_progress_path_naming_no_obstacle_is_refused(tmp_path: Path) -> None:
    from fieldnotes.cli.demo_notebook import load_progress, with_progress

    progress = tmp_path / "progress.toml"
    progress.write_text('[[obstacle]]\npath = "Recording burden"\n\n[[obstacle]]\npath = "Nope"\n')
    with pytest.raises(FileFormatError, match=r"progress.toml:5: .*names no obstacle"):
        with_progress(load_codebook(builtin_codebook_path()), load_progress(progress), progress)

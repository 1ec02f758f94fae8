"""The composer's export log says when an export was never confirmed as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from fieldnotes.crypto import age
from fieldnotes.crypto.age import generate_identity
from fieldnotes.domain.brief import BriefRequest, default_obstacle_ids
from fieldnotes.notebook import Notebook
from fieldnotes.tui.screens.briefs.composer import BriefComposerScreen
from tests.tui.shell_support import screen_text
from tests.tui.test_synthesis_screens import Host, settle


async def test_an_interrupted_export_shows_as_attempted(
    demo_notebook: Notebook, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, public = generate_identity()
    synthesis = demo_notebook.synthesis()
    request = BriefRequest(default_obstacle_ids(synthesis), "SLT", "")
    body = demo_notebook.compose_brief(request, synthesis)

    def interrupted(path: Path, data: bytes) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(age, "write_private_file", interrupted)
    with pytest.raises(KeyboardInterrupt):
        demo_notebook.export_brief(body, [], request, tmp_path, recipients=[public])
    monkeypatch.undo()
    [entry] = demo_notebook.exports()
    assert entry.status == "attempted"
    out = tmp_path / "out"
    out.mkdir()
    app = Host(lambda: BriefComposerScreen(demo_notebook, synthesis, output_dir=out))
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        text = screen_text(app)
        assert entry.file_name in text and "(attempted: may not be written)" in text

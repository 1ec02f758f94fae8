"""Snapshots of the synthesis and brief screens at 80×24 and 140×40.

The demo notes have fixed dates and the brief shown in the viewer has a fixed creation time, so
nothing on these screens depends on today. Regenerate with `--snapshot-update`, then look.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.screen import Screen

from fieldnotes.domain.brief import (
    BriefRequest,
    default_obstacle_ids,
    final_document,
    find_identifiers,
    new_metadata,
)
from fieldnotes.notebook import Notebook
from fieldnotes.tui.screens.briefs.composer import BriefComposerScreen
from fieldnotes.tui.screens.briefs.identifier_check import IdentifierCheckScreen
from fieldnotes.tui.screens.briefs.view import BriefViewScreen
from fieldnotes.tui.screens.synthesis.screen import SynthesisScreen
from tests.tui.shell_support import SteadyCursors
from tests.tui.test_synthesis_screens import Host, settle

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((140, 40), id="140x40")]
OUTPUT_DIR = Path("/home/psw/briefs")
"""Shown in the composer's "Save to" field; fixed so the snapshot does not show a tmp path."""

SnapCompare = Callable[..., bool]


def keys(*pressed: str) -> Callable[[Pilot[Any]], Any]:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        for key in pressed:
            await pilot.press(key)
            await settle(pilot)
        await settle(pilot)

    return run_before


class SteadyHost(SteadyCursors, Host):
    """Cursors steady from the first frame."""

    TITLE = "Host"


def host(make: Callable[[], Screen[Any]]) -> Host:
    return SteadyHost(make)


def brief_body(notebook: Notebook) -> tuple[BriefRequest, str]:
    synthesis = notebook.synthesis()
    request = BriefRequest(
        default_obstacle_ids(synthesis),
        "Director of Children's Services",
        "Three months of shadowing across nine teams.",
    )
    return request, notebook.compose_brief(request, synthesis)


@pytest.mark.parametrize("size", SIZES)
class TestSynthesis:
    def test_synthesis(self, snap_compare: SnapCompare, demo_notebook: Notebook, size: Any) -> None:
        app = host(lambda: SynthesisScreen(demo_notebook))
        assert snap_compare(app, terminal_size=size, run_before=keys())

    def test_drill_down(
        self, snap_compare: SnapCompare, demo_notebook: Notebook, size: Any
    ) -> None:
        app = host(lambda: SynthesisScreen(demo_notebook))
        assert snap_compare(app, terminal_size=size, run_before=keys("enter"))

    def test_matrix(self, snap_compare: SnapCompare, demo_notebook: Notebook, size: Any) -> None:
        app = host(lambda: SynthesisScreen(demo_notebook))
        assert snap_compare(app, terminal_size=size, run_before=keys("m", "down", "right"))


@pytest.mark.parametrize("size", SIZES)
class TestBrief:
    def test_composer(self, snap_compare: SnapCompare, demo_notebook: Notebook, size: Any) -> None:
        synthesis = demo_notebook.synthesis()
        app = host(lambda: BriefComposerScreen(demo_notebook, synthesis, output_dir=OUTPUT_DIR))
        assert snap_compare(app, terminal_size=size, run_before=keys())

    def test_identifier_check(
        self, snap_compare: SnapCompare, demo_notebook: Notebook, size: Any
    ) -> None:
        _, body = brief_body(demo_notebook)
        findings = find_identifiers(body, [])
        app = host(
            lambda: IdentifierCheckScreen(
                body, findings, protected_names=[], save_names=lambda _names: None
            )
        )
        assert snap_compare(app, terminal_size=size, run_before=keys("r", "c"))

    def test_brief_viewer(
        self, snap_compare: SnapCompare, demo_notebook: Notebook, size: Any
    ) -> None:
        request, body = brief_body(demo_notebook)
        names = [demo_notebook.obstacle_path(i) for i in request.obstacle_ids]
        metadata = new_metadata(request, names, now=datetime(2026, 11, 2, 9, 30))
        document = final_document(body, ["line 51: date — redacted"], metadata)
        app = host(lambda: BriefViewScreen(document, source="brief-5e1f0c2a.age"))
        assert snap_compare(app, terminal_size=size, run_before=keys())

"""Snapshots of closing the loop: the synthesis's before/after and timeline, the reason asked
when a status changes, and "you said, we did", at 80×24 and 140×40.

Today is fixed (2026-11-20), so nothing here depends on the day the tests run. Regenerate with
`--snapshot-update`, then look.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from fieldnotes.notebook import Notebook
from fieldnotes.tui.dialogs.reason import ReasonDialog
from fieldnotes.tui.screens.synthesis.screen import SynthesisScreen
from fieldnotes.tui.screens.tracker import TrackerScreen
from tests.tui.test_snapshots_synthesis import SIZES, SnapCompare, host, keys

TODAY = date(2026, 11, 20)
FORMS = "IT and case recording system/Forms that don't fit the work"


@pytest.mark.parametrize("size", SIZES)
class TestClosingTheLoop:
    def test_before_and_after(
        self, snap_compare: SnapCompare, demo_notebook: Notebook, size: Any
    ) -> None:
        down = [e.path for e in demo_notebook.synthesis().evidence].index(FORMS)
        app = host(lambda: SynthesisScreen(demo_notebook, today=lambda: TODAY))
        assert snap_compare(app, terminal_size=size, run_before=keys(*["down"] * down))

    def test_reason_asked(self, snap_compare: SnapCompare, size: Any) -> None:
        app = host(lambda: ReasonDialog("Recording burden", "evidenced", "raised"))
        assert snap_compare(app, terminal_size=size, run_before=keys())

    def test_tracker(self, snap_compare: SnapCompare, demo_notebook: Notebook, size: Any) -> None:
        app = host(lambda: TrackerScreen(demo_notebook, today=lambda: TODAY))
        assert snap_compare(app, terminal_size=size, run_before=keys())

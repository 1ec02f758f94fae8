"""Snapshots of the Due view, a jotting started from it, the member check and the template
picker, at 80×24 and 140×40.

Today is fixed (2026-11-20) and the demo's re-observe dates are fixed, so nothing here depends on
the day the tests run. Regenerate with `--snapshot-update`, then look.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from fieldnotes.notebook import Notebook
from fieldnotes.tui.dialogs.jotting import JottingScreen
from fieldnotes.tui.screens.briefs.member_check import MemberCheckScreen
from fieldnotes.tui.screens.due import DueScreen
from tests.tui.test_snapshots_synthesis import SIZES, SnapCompare, host, keys

TODAY = date(2026, 11, 20)


@pytest.mark.parametrize("size", SIZES)
class TestDue:
    def test_due_view(self, snap_compare: SnapCompare, demo_notebook: Notebook, size: Any) -> None:
        app = host(lambda: DueScreen(demo_notebook, today=lambda: TODAY))
        assert snap_compare(app, terminal_size=size, run_before=keys())

    def test_due_follow_up(
        self, snap_compare: SnapCompare, demo_notebook: Notebook, size: Any
    ) -> None:
        app = host(lambda: DueScreen(demo_notebook, today=lambda: TODAY))
        assert snap_compare(app, terminal_size=size, run_before=keys("down", "down", "down"))

    def test_linked_jotting(
        self, snap_compare: SnapCompare, demo_notebook: Notebook, size: Any
    ) -> None:
        forms = demo_notebook.find_obstacle(
            "IT and case recording system/Forms that don't fit the work"
        )
        app = host(lambda: JottingScreen(demo_notebook, obstacle_ids=[forms.id]))
        assert snap_compare(app, terminal_size=size, run_before=keys())

    def test_member_check(
        self, snap_compare: SnapCompare, demo_notebook: Notebook, size: Any
    ) -> None:
        from tests.tui.test_snapshots_synthesis import OUTPUT_DIR

        app = host(
            lambda: MemberCheckScreen(
                demo_notebook, "Northfield Assessment Team", today=TODAY, output_dir=OUTPUT_DIR
            )
        )
        assert snap_compare(app, terminal_size=size, run_before=keys())


@pytest.mark.parametrize("size", SIZES)
class TestTemplates:
    def test_template_picker(self, snap_compare: SnapCompare, size: Any) -> None:
        from fieldnotes.domain.templates import builtin_template_paths, load_templates
        from fieldnotes.tui.dialogs.template_picker import TemplatePickerScreen

        templates = load_templates(builtin_template_paths())
        app = host(lambda: TemplatePickerScreen(templates))
        assert snap_compare(app, terminal_size=size, run_before=keys("down"))

"""Filling the composer's lists from the notebook: obstacles, leaders, and the export log."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import SelectionList, Static
from textual.widgets.selection_list import Selection

from fieldnotes.errors import FieldnotesError
from fieldnotes.tui.screens.briefs.composer.form import ExportLog
from fieldnotes.tui.screens.briefs.composer.part import ComposerPart
from fieldnotes.tui.widgets.synthesis_style import (
    PATH_SEPARATOR,
    STATUS_MARKS,
    Palette,
    strength_text,
)


class FillingPart(ComposerPart):
    """Puts what the notebook holds into the form, and the hint and error lines beside it."""

    def _say(self, selector: str, message: str) -> None:
        """Show a hint or an error line, or hide it when there is nothing to say."""
        static = self.query_one(selector, Static)
        static.update(Text(message))
        static.set_class(not message, "-empty")

    def _fill_obstacles(self, chosen: set[str]) -> None:
        palette = Palette(self.app)
        selections: list[Selection[str]] = []
        if self._synthesis is not None:
            for item in self._synthesis.evidence:
                if not item.note_count and item.obstacle.id not in chosen:
                    continue
                prompt = strength_text(item.strength, palette, word=False)
                prompt.append(f" {item.note_count:>3}  ")
                prompt.append(item.path.replace("/", PATH_SEPARATOR))
                prompt.append(
                    f"  {STATUS_MARKS.get(item.obstacle.status, '?')} {item.obstacle.status}",
                    style=palette.status(item.obstacle.status),
                )
                selections.append(Selection(prompt, item.obstacle.id, item.obstacle.id in chosen))
        obstacles = self.query_one("#obstacles", SelectionList)
        obstacles.clear_options()
        obstacles.add_options(selections)

    def _fill_leaders(self, chosen: set[str]) -> None:
        leaders = self.query_one("#leaders", SelectionList)
        leaders.clear_options()
        leaders.add_options(
            [
                Selection(
                    Text(f"{leader.label}  {leader.recipient[:16]}…"),
                    leader.id,
                    leader.id in chosen,
                )
                for leader in self._leaders
            ]
        )
        leaders.display = bool(self._leaders)
        self._say(
            "#leaders-empty",
            "" if self._leaders else "No leaders yet: add one below, or give a recipient.",
        )

    def _fill_exports(self) -> None:
        try:
            records = self.notebook.exports()
        except FieldnotesError as error:
            self.notify(str(error), severity="error")
            records = []
        table = self.query_one("#export-log", ExportLog)
        table.show_records(records)
        table.display = bool(records)
        self.query_one("#exports-empty", Static).display = not records

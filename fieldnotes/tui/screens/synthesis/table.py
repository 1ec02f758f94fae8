"""The ranked obstacles as a table: one row per obstacle, columns as many as the width allows."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import DataTable
from textual.widgets.data_table import RowDoesNotExist

from fieldnotes.domain.synthesis import Synthesis
from fieldnotes.tui.widgets.synthesis_style import (
    EvidenceColumns,
    Palette,
    modes_text,
    short_path,
    status_text,
    strength_text,
    weekly_spark,
)


class EvidenceTable(DataTable[Any]):
    """The ranked obstacles; enter drills down to the notes behind the highlighted one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "select_cursor",
            "Notes",
            id="synthesis.drill",
            tooltip="Show the notes behind the highlighted obstacle",
        ),
    ]

    def show_evidence(
        self,
        synthesis: Synthesis,
        columns: EvidenceColumns,
        palette: Palette,
        keep: str | None,
    ) -> None:
        """Fill the table with `synthesis` in `columns`; the cursor stays on `keep` if it can."""
        weekly = synthesis.evidence[0].weekly if synthesis.evidence else []
        _, per = weekly_spark(weekly, columns.spark)
        self.clear(columns=True)
        self.add_column("Obstacle", width=columns.path, key="obstacle")
        self.add_column(
            "Strength" if columns.strength_word else "", width=columns.strength, key="strength"
        )
        self.add_column(Text("Notes", justify="right"), width=5, key="notes")
        if columns.teams:
            self.add_column(Text("Teams", justify="right"), width=5, key="teams")
        if columns.days:
            self.add_column(Text("Days", justify="right"), width=4, key="days")
        if columns.modes:
            self.add_column("O C Q", width=5, key="modes")
        self.add_column("Status" if columns.status_word else "", width=columns.status, key="status")
        self.add_column("First seen", width=10, key="first")
        self.add_column("Last seen", width=10, key="last")
        self.add_column(
            "Weekly" if per == 1 else f"Per {per} wk", width=columns.spark_column, key="weekly"
        )
        for item in synthesis.evidence:
            muted = item.note_count == 0
            path_style = palette.muted(italic=True) if muted else ""
            spark, _ = weekly_spark(item.weekly, columns.spark)
            cells: list[Text] = [
                Text(short_path(item.path, columns.path), style=path_style),
                strength_text(item.strength, palette, word=columns.strength_word),
                Text(str(item.note_count), justify="right"),
            ]
            if columns.teams:
                cells.append(Text(str(item.team_count), justify="right"))
            if columns.days:
                cells.append(Text(str(item.days), justify="right"))
            if columns.modes:
                cells.append(modes_text(item.modes, palette))
            cells += [
                status_text(item.obstacle.status, palette, word=columns.status_word),
                Text(item.first_seen.isoformat() if item.first_seen else "—"),
                Text(item.last_seen.isoformat() if item.last_seen else "—"),
                Text(spark, style=palette.strength(item.strength)),
            ]
            self.add_row(*cells, key=item.obstacle.id)
        if keep is not None:
            try:
                self.move_cursor(row=self.get_row_index(keep), animate=False)
            except RowDoesNotExist:
                # The obstacle left the table (merged or deleted elsewhere).
                self.move_cursor(row=0, animate=False)

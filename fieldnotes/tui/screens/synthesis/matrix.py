"""Obstacle × principle: which principles each obstacle puts at risk, and which it leaves honoured.

A co-occurrence matrix is how qualitative researchers see where themes meet; here a row is an
obstacle with notes, a column a practice principle those notes were coded with. The colour of a
cell deepens with how often the principle was put at risk alongside the obstacle.

| Key        | What it does                                               |
|------------|------------------------------------------------------------|
| arrows     | move between cells (the table scrolls both ways)           |
| enter      | the notes behind the obstacle that link the principle      |
| escape     | back to the synthesis                                      |
"""

from __future__ import annotations

from collections import Counter
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.coordinate import Coordinate
from textual.screen import Screen
from textual.widgets import DataTable, Static

from fieldnotes.domain.model import Principle
from fieldnotes.domain.synthesis import ObstacleEvidence, PrincipleCount, Synthesis
from fieldnotes.errors import FieldnotesError
from fieldnotes.notebook import Notebook
from fieldnotes.tui.format import LinkLabels, framework_shorts, shorten
from fieldnotes.tui.screens.synthesis.obstacle_notes import ObstacleNotesScreen, period_label
from fieldnotes.tui.widgets.footer import KeysFooter
from fieldnotes.tui.widgets.synthesis_style import (
    PATH_SEPARATOR,
    Palette,
    short_path,
)

LABEL_WIDTH = 14
AT_RISK = "✗"
HONOURED = "✓"
WIDE = 120


def cell_label(count: PrincipleCount | None) -> str:
    """`3✗ 1✓`: at risk, then honoured; a dot when the two never met."""
    if count is None or (count.at_risk == 0 and count.honoured == 0):
        return "·"
    parts = []
    if count.at_risk:
        parts.append(f"{count.at_risk}{AT_RISK}")
    if count.honoured:
        parts.append(f"{count.honoured}{HONOURED}")
    return " ".join(parts)


def column_label(principle: Principle | None, principle_id: str, shorts: dict[str, str]) -> str:
    """A short column head such as `SoS·worried`; the full title shows under the table."""
    if principle is None:
        return shorten(principle_id, LABEL_WIDTH)
    framework = shorts.get(principle.framework_id, principle.framework_id)
    if len(framework) > 6 and " " in framework:
        # `DfE systems` reads as `DfE`: the code after the dot says which principle.
        framework = framework.split()[0]
    return shorten(f"{framework}·{principle.code}", LABEL_WIDTH)


class MatrixCells(DataTable[Any]):
    """The matrix; enter lists the notes behind the highlighted cell."""

    DEFAULT_CSS = """
    MatrixCells:focus > .datatable--cursor { text-style: bold reverse; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "select_cursor",
            "Notes",
            id="matrix.drill",
            tooltip="The notes behind this obstacle that link this principle",
        ),
    ]


class MatrixScreen(Screen[None]):
    """Rows: obstacles with notes, strongest evidence first. Columns: principles that appear."""

    HELP_GROUP = "Matrix"

    DEFAULT_CSS = """
    MatrixScreen {
        layout: vertical;
        & #matrix-head { height: auto; background: $panel; padding: 0 1; }
        & #matrix-table { height: 1fr; }
        & #matrix-cell { height: auto; min-height: 2; padding: 0 1; background: $panel-darken-1; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back", id="matrix.close", tooltip="Back to the synthesis"),
    ]

    def __init__(self, notebook: Notebook, synthesis: Synthesis) -> None:
        super().__init__()
        self.notebook = notebook
        self.synthesis = synthesis
        self._rows: list[ObstacleEvidence] = [e for e in synthesis.evidence if e.note_count]
        self._columns: list[str] = []
        self._cells = synthesis.matrix()
        self._principles: dict[str, Principle] = {}
        self._shorts: dict[str, str] = {}
        self._labels = LinkLabels.empty()

    def compose(self) -> ComposeResult:
        yield Static("", id="matrix-head")
        yield MatrixCells(id="matrix-table", cursor_type="cell", fixed_columns=1)
        yield Static("", id="matrix-cell")
        yield KeysFooter(compact=True)

    def on_mount(self) -> None:
        try:
            self._principles = self.notebook.principles()
            self._shorts = framework_shorts(self.notebook.frameworks())
            self._labels = LinkLabels.from_notebook(self.notebook)
        except FieldnotesError as error:
            self.notify(str(error), severity="error")
        at_risk: Counter[str] = Counter()
        honoured: Counter[str] = Counter()
        for item in self._rows:
            for count in item.principles:
                at_risk[count.principle_id] += count.at_risk
                honoured[count.principle_id] += count.honoured
        # Principles most often put at risk lead, so the pressure points are on the first screen.
        self._columns = sorted(
            at_risk.keys() | honoured.keys(),
            key=lambda pid: (-at_risk[pid], -honoured[pid], self._short(pid)),
        )
        self._head()
        self._fill()
        self.watch(self.app, "theme", self._fill, init=False)
        self.query_one(DataTable).focus()

    def _short(self, principle_id: str) -> str:
        return column_label(self._principles.get(principle_id), principle_id, self._shorts)

    def _head(self) -> None:
        palette = Palette(self.app)
        text = Text.assemble(("Obstacle × principle", "bold"))
        scope = period_label(self.synthesis.since, self.synthesis.until)
        text.append(f"  {scope} · {self.synthesis.team or 'every team'}", style=palette.muted())
        text.append("\nEach cell counts the notes on the obstacle that link the principle: ")
        text.append(f"3{AT_RISK}", style=palette.style("text-error", bold=True))
        text.append(" put at risk in 3 notes, ")
        text.append(f"1{HONOURED}", style=palette.style("text-success", bold=True))
        text.append(" honoured in 1. Deeper red: more often at risk. ")
        text.append("Sub-obstacles count for their parents.", style=palette.muted())
        self.query_one("#matrix-head", Static).update(text)

    def _fill(self) -> None:
        palette = Palette(self.app)
        table = self.query_one(DataTable)
        table.clear(columns=True)
        if not self._rows or not self._columns:
            self.query_one("#matrix-cell", Static).update(
                Text(
                    "No notes link obstacles and principles in this synthesis yet.", style="italic"
                )
            )
            return
        path_width = 40 if self.app.size.width >= WIDE else 28
        top_at_risk = max((c.at_risk for c in self._cells.values()), default=0) or 1
        top_honoured = max((c.honoured for c in self._cells.values()), default=0) or 1
        table.add_column("Obstacle", width=path_width, key="obstacle")
        widths: dict[str, int] = {}
        for principle_id in self._columns:
            label = self._short(principle_id)
            widths[principle_id] = max(len(label), 7)
            table.add_column(
                Text(label, justify="center"), width=widths[principle_id], key=principle_id
            )
        for item in self._rows:
            cells: list[Text] = [Text(short_path(item.path, path_width), style="bold")]
            for principle_id in self._columns:
                count = self._cells.get((item.obstacle.id, principle_id))
                label = cell_label(count)
                if count is not None and count.at_risk:
                    style = palette.heat("error", count.at_risk / top_at_risk)
                elif count is not None and count.honoured:
                    # Honoured-only cells stay pale: they are context, not the pressure point.
                    style = palette.heat("success", 0.45 * count.honoured / top_honoured)
                else:
                    style = palette.muted()
                cells.append(Text(label.center(widths[principle_id]), style=style))
            table.add_row(*cells, key=item.obstacle.id)
        table.move_cursor(row=0, column=1, animate=False)
        self._describe()

    def cell_text(self, obstacle_id: str, principle_id: str) -> str:
        """What a cell shows (for tests and the palette)."""
        return str(self.query_one(DataTable).get_cell(obstacle_id, principle_id)).strip()

    def _at(self, coordinate: Coordinate) -> tuple[ObstacleEvidence, str | None] | None:
        if not self._rows or coordinate.row >= len(self._rows):
            return None
        item = self._rows[coordinate.row]
        column = coordinate.column - 1
        principle_id = self._columns[column] if 0 <= column < len(self._columns) else None
        return item, principle_id

    def _describe(self) -> None:
        palette = Palette(self.app)
        found = self._at(self.query_one(DataTable).cursor_coordinate)
        info = self.query_one("#matrix-cell", Static)
        if found is None:
            info.update("")
            return
        item, principle_id = found
        text = Text.assemble((item.path.replace("/", PATH_SEPARATOR), "bold"))
        if principle_id is None:
            text.append(f"\n{item.note_count} notes · {len(item.principles)} principles linked")
            info.update(text)
            return
        principle = self._principles.get(principle_id)
        text.append("  ×  ")
        text.append(self._short(principle_id), style="bold")
        if principle is not None:
            text.append(f" {principle.title}")
        count = self._cells.get((item.obstacle.id, principle_id))
        at_risk = count.at_risk if count else 0
        honoured = count.honoured if count else 0
        text.append("\n")
        text.append(
            f"at risk in {at_risk} note{'s' if at_risk != 1 else ''}",
            style=palette.style("text-error", bold=bool(at_risk)),
        )
        text.append(" · ")
        text.append(
            f"honoured in {honoured} note{'s' if honoured != 1 else ''}",
            style=palette.style("text-success", bold=bool(honoured)),
        )
        text.append(f"  (of {item.note_count} on the obstacle)", style=palette.muted())
        info.update(text)

    @on(DataTable.CellHighlighted)
    def _highlighted(self) -> None:
        self._describe()
        self.refresh_bindings()

    @on(DataTable.CellSelected)
    def _selected(self) -> None:
        self.action_drill()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "drill":
            found = (
                self._at(self.query_one(DataTable).cursor_coordinate) if self.is_mounted else None
            )
            if found is None or found[1] is None:
                return None
            count = self._cells.get((found[0].obstacle.id, found[1]))
            return True if count is not None else None
        return True

    def action_drill(self) -> None:
        found = self._at(self.query_one(DataTable).cursor_coordinate)
        if found is None:
            return
        item, principle_id = found
        if principle_id is None:
            return
        try:
            note_ids = [
                note_id
                for note_id in item.note_ids
                if any(
                    link.principle_id == principle_id
                    for link in self.notebook.note(note_id).principles
                )
            ]
        except FieldnotesError as error:
            self.notify(str(error), severity="error")
            return
        if not note_ids:
            self.notify("No note on this obstacle links that principle.", severity="warning")
            return
        count = self._cells.get((item.obstacle.id, principle_id))
        self.app.push_screen(
            ObstacleNotesScreen(
                self.notebook,
                item,
                self._labels,
                period_label(self.synthesis.since, self.synthesis.until),
                self.synthesis.team,
                note_ids=note_ids,
                subtitle=f"with {self._short(principle_id)} ({cell_label(count)})",
            )
        )

    def action_close(self) -> None:
        self.dismiss(None)

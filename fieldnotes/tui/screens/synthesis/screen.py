"""The synthesis: every obstacle ranked by how strong the evidence behind it is.

The evidence-strength rule (docs/synthesis.md) is printed above the table so a reader can check
any row by eye. From here a practice leader drills down to the notes behind an obstacle, edits
its status and the ask of leadership in place, opens the obstacle × principle matrix, and starts
a brief.

| Key    | What it does                                                  |
|--------|---------------------------------------------------------------|
| enter  | the notes behind the highlighted obstacle (drill down)        |
| s      | choose the status                                             |
| a      | edit the ask of leadership                                    |
| d      | edit the decision                                             |
| r      | set the date to observe again                                 |
| m      | obstacle × principle matrix                                   |
| b      | compose a brief for leadership                                |
| c      | a member check for the filtered team (or choose one)          |
| f / t  | period filter / team filter                                   |
| x      | clear the filters                                             |
| escape | leave a filter; or close                                      |
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import DataTable, Input, Label, Select, Static
from textual.widgets.data_table import CellDoesNotExist

from fieldnotes.domain.synthesis import ObstacleEvidence, Synthesis
from fieldnotes.errors import FieldnotesError
from fieldnotes.notebook import Notebook
from fieldnotes.tui.format import LinkLabels, parse_day
from fieldnotes.tui.screens.synthesis.bindings import SYNTHESIS_BINDINGS, SynthesisCommands
from fieldnotes.tui.screens.synthesis.editing import EditingPart
from fieldnotes.tui.screens.synthesis.loading import LoadingPart
from fieldnotes.tui.screens.synthesis.obstacle_notes import WIDE
from fieldnotes.tui.screens.synthesis.styles import SYNTHESIS_CSS
from fieldnotes.tui.screens.synthesis.table import EvidenceTable
from fieldnotes.tui.screens.synthesis.view import SynthesisView
from fieldnotes.tui.validators import DayValidator
from fieldnotes.tui.widgets.footer import KeysFooter
from fieldnotes.tui.widgets.synthesis_detail import DetailContext, ObstacleDetail
from fieldnotes.tui.widgets.synthesis_style import (
    EvidenceColumns,
    Palette,
    evidence_columns,
    legend,
)


class SynthesisScreen(EditingPart, LoadingPart, Screen[None]):
    """Obstacles ranked by evidence, the rule as a legend, and the highlighted one in detail.

    The synthesis is computed in a worker whenever the filters or the notebook change, and
    shown when it lands in `view`; a resize or a theme change redraws the view already there.
    """

    HELP_GROUP = "Synthesis"
    COMMANDS: ClassVar = {SynthesisCommands}
    # Textual types this as an instance attribute (a ClassVar inside a union, which mypy reads
    # as a plain attribute), so an override cannot say ClassVar.
    HORIZONTAL_BREAKPOINTS: list[tuple[int, str]] | None = [(0, "-narrow"), (WIDE, "-wide")]  # noqa: RUF012

    DEFAULT_CSS = SYNTHESIS_CSS

    BINDINGS: ClassVar[list[BindingType]] = SYNTHESIS_BINDINGS

    OBSTACLE_ACTIONS: ClassVar[frozenset[str]] = frozenset(
        {"drill", "status", "ask", "decision", "reobserve"}
    )

    since: var[date | None] = var(None, init=False)
    """The first day included (None: from the earliest note), from the period box."""

    until: var[date | None] = var(None, init=False)
    """The last day included (None: up to the latest note), from the period box."""

    team: var[str | None] = var(None, init=False)
    """The one team shown (None: every team), from the team select."""

    view: var[SynthesisView | None] = var(None, init=False, always_update=True)
    """What is on screen: set by the worker's result, never computed on the UI thread."""

    wide: var[bool] = var(False)
    """At least WIDE columns: the detail pane, bound to this, sets its halves side by side."""

    def __init__(self, notebook: Notebook, *, today: Callable[[], date] = date.today) -> None:
        super().__init__()
        self.notebook = notebook
        self._today = today
        self._palette: Palette | None = None
        self._columns: EvidenceColumns | None = None
        """The columns the table was last filled with (they depend on the width)."""
        self._reload_pending = False
        self._asked = 0
        """How many computations were asked for: only the newest one's result is shown."""
        self._bindings_for: tuple[bool, bool, bool] | None = None
        """What the keys could do when the footer was last refreshed."""

    # ---------------------------------------------------------------- compose

    def compose(self) -> ComposeResult:
        with Horizontal(id="synthesis-bar"):
            yield Label("Since")
            yield Input(
                placeholder="YYYY-MM-DD",
                id="since",
                compact=True,
                validators=[DayValidator()],
                tooltip="First day to include; blank for the earliest note",
            )
            yield Label("Until")
            yield Input(
                placeholder="YYYY-MM-DD",
                id="until",
                compact=True,
                validators=[DayValidator()],
                tooltip="Last day to include; blank for the latest note",
            )
            yield Label("Team")
            yield Select[str]([], prompt="All teams", id="team", compact=True)
            yield Static("", id="synthesis-count")
        yield Static("", id="synthesis-legend")
        yield Static("", id="synthesis-message")
        with Vertical(id="synthesis-body"):
            yield EvidenceTable(
                id="obstacles", cursor_type="row", zebra_stripes=True, fixed_columns=1
            )
            yield ObstacleDetail(id="detail").data_bind(SynthesisScreen.wide)
        yield KeysFooter(compact=True)

    def on_mount(self) -> None:
        self.wide = self.app.size.width >= WIDE
        try:
            teams = self.notebook.teams()
        except FieldnotesError as error:
            self.notify(str(error), severity="error")
            teams = []
        self.query_one("#team", Select).set_options([(team, team) for team in teams])
        self.watch(self.app, "theme", self._theme_changed, init=False)
        self.watch(self.app, "revision", self.request_reload, init=False)
        self.reload()
        self.table.focus()

    @property
    def synthesis(self) -> Synthesis | None:
        """The synthesis on screen, for the current filters."""
        return self.view.synthesis if self.view is not None else None

    @property
    def _labels(self) -> LinkLabels:
        return self.view.labels if self.view is not None else LinkLabels.empty()

    def on_screen_resume(self) -> None:
        # Back from the composer or the matrix: a brief may have been sent, an ask changed.
        # Every such write moves the notebook's revision; nothing written, nothing to redo.
        if self.view is not None and self.view.revision != self.notebook.revision:
            self.request_reload()

    def on_resize(self) -> None:
        self.wide = self.app.size.width >= WIDE
        synthesis = self.synthesis
        if synthesis is not None:
            self._show_legend()
            if self._columns != self._columns_for(synthesis):
                self._fill_table(synthesis)

    def _columns_for(self, synthesis: Synthesis) -> EvidenceColumns:
        weeks = len(synthesis.evidence[0].weekly) if synthesis.evidence else 0
        return evidence_columns(self.app.size.width, weeks)

    def _theme_changed(self) -> None:
        # Colours are baked into the cells' text: redraw what is there, do not recompute it.
        self._palette = None
        if self.view is not None:
            self._show(self.view)

    # -------------------------------------------------------------- on screen

    @property
    def table(self) -> EvidenceTable:
        return self.query_one("#obstacles", EvidenceTable)

    @property
    def palette(self) -> Palette:
        if self._palette is None:
            self._palette = Palette(self.app)
        return self._palette

    @property
    def current(self) -> ObstacleEvidence | None:
        """The highlighted obstacle's evidence, if any."""
        table = self.table
        if self.synthesis is None or table.row_count == 0:
            return None
        try:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        except CellDoesNotExist:
            return None
        try:
            return self.synthesis.for_obstacle(str(key.value))
        except KeyError:
            return None

    def watch_view(self, view: SynthesisView | None) -> None:
        if view is not None:
            self._show(view)

    def _show(self, view: SynthesisView) -> None:
        synthesis = view.synthesis
        self._fill_table(synthesis)
        with_notes = sum(1 for item in synthesis.evidence if item.note_count)
        note_total = view.note_total
        self.query_one("#synthesis-count", Static).update(
            f"{with_notes} of {len(synthesis.evidence)} obstacles with evidence · "
            f"{note_total} note{'s' if note_total != 1 else ''}"
        )
        self._show_legend()
        self._show_detail()

    def _fill_table(self, synthesis: Synthesis) -> None:
        keep = self.current.obstacle.id if self.current is not None else None
        palette = self.palette
        columns = self._columns = self._columns_for(synthesis)
        self.table.show_evidence(synthesis, columns, palette, keep)

    def _show_legend(self) -> None:
        # Two cells of padding each side of the legend line.
        width = self.app.size.width - 2
        self.query_one("#synthesis-legend", Static).update(legend(self.palette, width))

    def _show_detail(self) -> None:
        context = self.view.context if self.view is not None else DetailContext()
        current = self.current
        self.query_one(ObstacleDetail).show(current, context, self.palette)
        # The footer rebuilds its keys on every refresh (tens of milliseconds), so only when
        # what `check_action` answers can have changed.
        enabled = (
            self.synthesis is None,
            current is None,
            current is not None and not current.note_count,
        )
        if enabled != self._bindings_for:
            self._bindings_for = enabled
            self.refresh_bindings()

    # ----------------------------------------------------------------- events

    @on(DataTable.RowHighlighted, "#obstacles")
    def _highlighted(self) -> None:
        self._show_detail()

    @on(DataTable.RowSelected, "#obstacles")
    def _selected(self) -> None:
        self.action_drill()

    @on(Input.Changed, "#since")
    @on(Input.Changed, "#until")
    def _period_changed(self) -> None:
        message = self.query_one("#synthesis-message", Static)
        try:
            since = parse_day(self.query_one("#since", Input).value)
            until = parse_day(self.query_one("#until", Input).value)
        except ValueError as error:
            # Half-typed dates are normal; say what is expected and keep the last good table.
            message.update(Text(f"Period: {error} (YYYY-MM-DD, or blank)."))
            message.add_class("-shown")
            return
        if since and until and since > until:
            message.update(Text("Period: the first day comes after the last day."))
            message.add_class("-shown")
            return
        message.remove_class("-shown")
        self.since, self.until = since, until

    @on(Input.Submitted, "#since")
    @on(Input.Submitted, "#until")
    def _period_submitted(self) -> None:
        self.table.focus()

    @on(Select.Changed, "#team")
    def _team_changed(self, event: Select.Changed) -> None:
        self.team = None if event.value == Select.NULL else str(event.value)

    def watch_since(self) -> None:
        self.request_reload()

    def watch_until(self) -> None:
        self.request_reload()

    def watch_team(self) -> None:
        self.request_reload()

    # ---------------------------------------------------------------- actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.OBSTACLE_ACTIONS:
            item = self.current
            if item is None:
                return None
            if action == "drill" and item.note_count == 0:
                return None
        if action in {"matrix", "brief"} and self.synthesis is None:
            return None
        return True

    def action_focus_period(self) -> None:
        self.query_one("#since", Input).focus()

    def action_focus_team(self) -> None:
        self.query_one("#team", Select).focus()

    def action_clear_filters(self) -> None:
        with self.prevent(Input.Changed, Select.Changed):
            self.query_one("#since", Input).value = ""
            self.query_one("#until", Input).value = ""
            self.query_one("#team", Select).value = Select.NULL
        self.query_one("#synthesis-message", Static).remove_class("-shown")
        self.since = self.until = self.team = None
        self.request_reload()

    def action_escape(self) -> None:
        if self.focused is not None and self.focused is not self.table:
            self.table.focus()
            return
        self.dismiss(None)

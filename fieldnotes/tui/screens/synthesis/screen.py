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
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Label, Select, Static
from textual.widgets.data_table import CellDoesNotExist, RowDoesNotExist
from textual.worker import get_current_worker

from fieldnotes.domain.synthesis import ObstacleEvidence, Synthesis
from fieldnotes.errors import FieldnotesError
from fieldnotes.notebook import Notebook, NoteFilter
from fieldnotes.tui.dialogs.reason import ReasonDialog
from fieldnotes.tui.dialogs.synthesis import (
    DayAnswer,
    DayDialog,
    StatusDialog,
    TextFieldDialog,
)
from fieldnotes.tui.format import LinkLabels, framework_shorts, parse_day, shorten
from fieldnotes.tui.providers import ActionCommands, Command
from fieldnotes.tui.screens.retention import shown_purged
from fieldnotes.tui.screens.synthesis.matrix import MatrixScreen
from fieldnotes.tui.screens.synthesis.obstacle_notes import WIDE, ObstacleNotesScreen, period_label
from fieldnotes.tui.validators import DayValidator
from fieldnotes.tui.widgets.synthesis_detail import DetailContext, ObstacleDetail
from fieldnotes.tui.widgets.synthesis_style import (
    PATH_SEPARATOR,
    EvidenceColumns,
    Palette,
    evidence_columns,
    legend,
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


class SynthesisCommands(ActionCommands):
    """What you can do with the synthesis."""

    COMMANDS = (
        Command("Notes behind this obstacle", "Drill down to the notes behind it", "drill"),
        Command("Set status…", "Choose the highlighted obstacle's status", "status"),
        Command("Edit the ask of leadership…", "What this obstacle asks of leadership", "ask"),
        Command("Edit the decision…", "What leadership decided about it", "decision"),
        Command("Set the re-observe date…", "When to look at it again", "reobserve"),
        Command(
            "Obstacle × principle matrix", "Which principles each obstacle puts at risk", "matrix"
        ),
        Command("Compose a brief…", "Pick obstacles and send an encrypted brief", "brief"),
        Command(
            "Member check for a team…",
            "What was seen, decided and comes next, for one team, checked and exported",
            "member_check",
        ),
        Command("Filter by period", "Type the first and last day to include", "focus_period"),
        Command("Filter by team", "Show one team's notes only", "focus_team"),
        Command("Clear the filters", "Every team, every date", "clear_filters"),
    )


@dataclass(frozen=True, slots=True, eq=False)
class SynthesisView:
    """Everything the screen shows for one choice of filters, read off the UI thread."""

    synthesis: Synthesis
    context: DetailContext
    labels: LinkLabels
    note_total: int
    """Notes inside the filters, for the count line."""
    revision: int
    """The notebook's revision when the reading began: a later write makes this view old."""


class SynthesisScreen(Screen[None]):
    """Obstacles ranked by evidence, the rule as a legend, and the highlighted one in detail.

    The synthesis is computed in a worker whenever the filters or the notebook change, and
    shown when it lands in `view`; a resize or a theme change redraws the view already there.
    """

    HELP_GROUP = "Synthesis"
    COMMANDS: ClassVar = {SynthesisCommands}
    # Textual types this as an instance attribute (a ClassVar inside a union, which mypy reads
    # as a plain attribute), so an override cannot say ClassVar.
    HORIZONTAL_BREAKPOINTS: list[tuple[int, str]] | None = [(0, "-narrow"), (WIDE, "-wide")]  # noqa: RUF012

    DEFAULT_CSS = """
    SynthesisScreen {
        layout: vertical;
        & #synthesis-bar {
            height: 1;
            background: $panel;
            padding: 0 1;
        }
        & #synthesis-bar Label { width: auto; margin: 0 1 0 0; color: $text-muted; }
        & #synthesis-bar Input { width: 12; margin: 0 2 0 0; }
        & #synthesis-bar Input.-invalid { color: $text-error; }
        & #synthesis-bar Select { width: 1fr; max-width: 40; }
        & #synthesis-count { width: 1fr; text-align: right; color: $text-muted; }
        & #synthesis-legend { height: auto; padding: 0 1; background: $panel-darken-1; }
        & #synthesis-message { height: auto; padding: 0 1; color: $text-error; display: none; }
        & #synthesis-message.-shown { display: block; }
        & #obstacles { height: 1fr; }
        & #detail { height: 1fr; border-top: solid $primary; }
        &.-wide #obstacles { height: 3fr; }
        &.-wide #detail { height: 2fr; }
        &.-narrow #synthesis-count { display: none; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "s", "status", "Status", id="synthesis.status", tooltip="Choose the obstacle's status"
        ),
        Binding(
            "a",
            "ask",
            "Ask",
            id="synthesis.ask",
            tooltip="Edit what this obstacle asks of leadership",
        ),
        Binding(
            "d",
            "decision",
            "Decision",
            show=False,
            id="synthesis.decision",
            tooltip="Edit what leadership decided about this obstacle",
        ),
        Binding(
            "r",
            "reobserve",
            "Re-observe",
            show=False,
            id="synthesis.reobserve",
            tooltip="Set the date from which to observe this obstacle again",
        ),
        Binding(
            "m",
            "matrix",
            "Matrix",
            id="synthesis.matrix",
            tooltip="Obstacle × principle matrix: which principles each obstacle puts at risk",
        ),
        Binding(
            "b",
            "brief",
            "Brief",
            id="synthesis.brief",
            tooltip="Compose a brief for leadership from this synthesis",
        ),
        Binding(
            "c",
            "member_check",
            "Member check",
            show=False,
            id="synthesis.member-check",
            tooltip="A member check for the filtered team (or choose one): what was seen, "
            "decided and comes next",
        ),
        Binding(
            "f",
            "focus_period",
            "Period",
            show=False,
            id="synthesis.period",
            tooltip="Filter by period: type the first and last day (YYYY-MM-DD)",
        ),
        Binding(
            "t",
            "focus_team",
            "Team",
            show=False,
            id="synthesis.team",
            tooltip="Filter by team",
        ),
        Binding(
            "x",
            "clear_filters",
            "Clear filters",
            show=False,
            id="synthesis.clear-filters",
            tooltip="Every team, every date",
        ),
        Binding(
            "escape",
            "escape",
            "Close",
            id="synthesis.close",
            tooltip="Leave a filter; or close the synthesis",
        ),
    ]

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
        self._bindings_for: tuple[bool, bool, bool] | None = None
        """What the keys could do when the footer was last refreshed."""
        """How many computations were asked for: only the newest one's result is shown."""

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
        yield Footer(compact=True)

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

    # ---------------------------------------------------------------- loading

    @property
    def table(self) -> DataTable[Any]:
        return self.query_one("#obstacles", DataTable)

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

    def request_reload(self) -> None:
        """Coalesce reloads (a write posts a change and a callback; one redraw is enough)."""
        if not self._reload_pending:
            self._reload_pending = True
            self.call_later(self._pending_reload)

    def _pending_reload(self) -> None:
        self._reload_pending = False
        self.reload()

    def reload(self) -> None:
        """Compute the synthesis again for the filters, in a worker; `view` takes the result."""
        if not self.notebook.is_unlocked:
            return
        self._asked += 1
        if self.view is None:
            # The bar, legend and empty table are up at once; the numbers follow.
            self.query_one("#synthesis-count", Static).update("Working out the evidence…")
        self._compute(self._asked, self.since, self.until, self.team)

    @work(thread=True, exclusive=True, group="synthesis")
    def _compute(
        self, asked: int, since: date | None, until: date | None, team: str | None
    ) -> None:
        try:
            view = self._read(since, until, team)
        except FieldnotesError as error:
            # Locked while computing: the screen is on its way out, there is nothing to say.
            if self.notebook.is_unlocked:
                self.app.call_from_thread(self._failed, str(error))
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._computed, asked, view)

    def _failed(self, problem: str) -> None:
        if self._showing():
            self.notify(problem, severity="error")

    def _showing(self) -> bool:
        # A lock pops this screen while a worker may still be reading: its result is not shown.
        return self.is_mounted and self in self.app.screen_stack

    def _read(self, since: date | None, until: date | None, team: str | None) -> SynthesisView:
        notebook = self.notebook
        revision = notebook.revision
        synthesis = notebook.synthesis(since=since, until=until, team=team)
        changes = notebook.changes_since_last_brief(synthesis)
        context = DetailContext(
            principles=notebook.principles(),
            shorts=framework_shorts(notebook.frameworks()),
            memos={memo.id: memo for memo in notebook.memos()},
            changes={change.obstacle_id: change for change in changes},
            brief_sent=any(not record.damaged for record in notebook.exports()),
            comparisons=notebook.comparisons(today=self._today(), team=team),
            histories=notebook.obstacle_histories(),
            purged=shown_purged(notebook, synthesis),
        )
        note_total = len(notebook.notes(NoteFilter(team=team, since=since, until=until)))
        labels = LinkLabels.from_notebook(notebook)
        return SynthesisView(synthesis, context, labels, note_total, revision)

    def _computed(self, asked: int, view: SynthesisView) -> None:
        # A later change of filters or of the notebook asked again: this result is stale.
        if asked == self._asked and self._showing():
            self.view = view

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
        table = self.table
        keep = self.current.obstacle.id if self.current is not None else None
        palette = self.palette
        columns = self._columns = self._columns_for(synthesis)
        weekly = synthesis.evidence[0].weekly if synthesis.evidence else []
        _, per = weekly_spark(weekly, columns.spark)
        table.clear(columns=True)
        table.add_column("Obstacle", width=columns.path, key="obstacle")
        table.add_column(
            "Strength" if columns.strength_word else "", width=columns.strength, key="strength"
        )
        table.add_column(Text("Notes", justify="right"), width=5, key="notes")
        if columns.teams:
            table.add_column(Text("Teams", justify="right"), width=5, key="teams")
        if columns.days:
            table.add_column(Text("Days", justify="right"), width=4, key="days")
        if columns.modes:
            table.add_column("O C Q", width=5, key="modes")
        table.add_column(
            "Status" if columns.status_word else "", width=columns.status, key="status"
        )
        table.add_column("First seen", width=10, key="first")
        table.add_column("Last seen", width=10, key="last")
        table.add_column(
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
            table.add_row(*cells, key=item.obstacle.id)
        if keep is not None:
            try:
                table.move_cursor(row=table.get_row_index(keep), animate=False)
            except RowDoesNotExist:
                # The obstacle left the table (merged or deleted elsewhere).
                table.move_cursor(row=0, animate=False)

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

    def action_drill(self) -> None:
        item = self.current
        if item is None:
            return
        if not item.note_count:
            self.notify("No notes behind this obstacle in this period.", severity="warning")
            return
        self.app.push_screen(
            ObstacleNotesScreen(
                self.notebook,
                item,
                self._labels,
                period_label(self.since, self.until),
                self.team,
            )
        )

    def _update(self, obstacle_id: str, done: str, **changes: Any) -> None:
        try:
            self.notebook.update_obstacle(obstacle_id, **changes)
        except FieldnotesError as error:
            self.notify(str(error), severity="error")
            return
        self.reload()
        self.notify(done)

    def action_status(self) -> None:
        item = self.current
        if item is None:
            return
        obstacle_id, current = item.obstacle.id, item.obstacle.status

        def chosen(status: str | None) -> None:
            if status is None or status == current:
                return

            def reasoned(why: str | None) -> None:
                if why is not None:
                    self._update(obstacle_id, f"Status: {status}.", status=status, reason=why)

            self.app.push_screen(ReasonDialog(item.obstacle.name, current, status), reasoned)

        self.app.push_screen(StatusDialog(item.path.replace("/", PATH_SEPARATOR), current), chosen)

    def _edit_text(self, field: str, title: str, question: str) -> None:
        item = self.current
        if item is None:
            return
        obstacle_id = item.obstacle.id
        before = str(getattr(item.obstacle, field))

        def edited(text: str | None) -> None:
            if text is not None and text != before.strip():
                self._update(obstacle_id, f"{title} saved.", **{field: text})

        self.app.push_screen(
            TextFieldDialog(f"{title}: {shorten(item.obstacle.name, 40)}", question, before),
            edited,
        )

    def action_ask(self) -> None:
        self._edit_text(
            "ask",
            "Ask of leadership",
            "What should leadership do about this obstacle? One or two concrete asks read best.",
        )

    def action_decision(self) -> None:
        self._edit_text("decision", "Decision", "What did leadership decide (who, what, by when)?")

    def action_reobserve(self) -> None:
        item = self.current
        if item is None:
            return
        obstacle_id = item.obstacle.id

        def chosen(answer: DayAnswer | None) -> None:
            if answer is not None and answer.day != item.obstacle.reobserve_on:
                done = (
                    f"Observe again from {answer.day.isoformat()}."
                    if answer.day
                    else "Re-observe date cleared."
                )
                self._update(obstacle_id, done, reobserve_on=answer.day)

        self.app.push_screen(
            DayDialog(
                "Observe again",
                "From when should this obstacle be observed again, to see whether a change worked?",
                item.obstacle.reobserve_on,
            ),
            chosen,
        )

    def action_matrix(self) -> None:
        if self.synthesis is None:
            return
        self.app.push_screen(MatrixScreen(self.notebook, self.synthesis))

    def action_brief(self) -> None:
        if self.synthesis is None:
            return
        from fieldnotes.tui.screens.briefs.composer import BriefComposerScreen

        self.app.push_screen(BriefComposerScreen(self.notebook, self.synthesis))

    def action_member_check(self) -> None:
        from fieldnotes.tui.screens.briefs.member_check import MemberCheckScreen

        today = getattr(self.app, "today", date.today)
        try:
            screen = MemberCheckScreen(self.notebook, self.team or "", today=today())
        except FieldnotesError as error:
            self.notify(str(error), severity="error")
            return
        self.app.push_screen(screen)

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

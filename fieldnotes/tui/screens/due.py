"""Due: obstacles to observe again, overdue first, and follow-up questions still open.

| Key    | What it does                                                          |
|--------|-----------------------------------------------------------------------|
| j      | a jotting linked to the highlighted obstacle (or the follow-up's note) |
| enter  | open the note a follow-up came from                                    |
| m      | a member check for the follow-up's team (or choose one)                |
| escape | close                                                                  |
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Static

from fieldnotes.domain.due import Due, DueObstacle, OpenFollowUp
from fieldnotes.errors import FieldnotesError
from fieldnotes.notebook import Notebook
from fieldnotes.terminal import printable
from fieldnotes.tui.format import shorten
from fieldnotes.tui.messages import OpenWriteUp
from fieldnotes.tui.providers import ActionCommands, Command
from fieldnotes.tui.widgets.footer import KeysFooter

WHEN_WIDTH = 19
OTHER_COLUMNS_WIDTH = 44
"""Roughly what the table takes besides the obstacle or question column, padding included."""


class DueCommands(ActionCommands):
    """What you can do with what is due."""

    COMMANDS = (
        Command(
            "Jotting linked to this obstacle",
            "A jotting already linked to the highlighted obstacle (or the follow-up's note)",
            "jot",
        ),
        Command("Open the follow-up's note", "In the write-up editor", "open_note"),
        Command(
            "Member check for a team…",
            "What was seen, decided and comes next, for one team, checked and exported",
            "member_check",
        ),
        Command("Close the Due view", "Back to where you were", "close"),
    )


class DueTable(DataTable[Any]):
    """Obstacles due, then open follow-ups; a row key says which (`o:` or `f:` and an id)."""


class DueScreen(Screen[None]):
    """What is due on `today`: re-observe dates within `within_days`, and open follow-ups."""

    HELP_GROUP = "Due"
    COMMANDS: ClassVar = {DueCommands}

    DEFAULT_CSS = """
    DueScreen {
        layout: vertical;
        & #due-bar { height: 1; background: $panel; padding: 0 1; }
        & #due-table { height: 1fr; }
        & #due-detail {
            height: 8;
            border-top: solid $primary;
            padding: 0 1;
            overflow-y: auto;
        }
        & #due-empty {
            height: 1fr;
            content-align: center middle;
            text-align: center;
            color: $text-muted;
            display: none;
        }
        &.-empty #due-empty { display: block; }
        &.-empty #due-table { display: none; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "j",
            "jot",
            "Jot",
            id="due.jot",
            tooltip="A jotting already linked to the highlighted obstacle (and its team, "
            "for a follow-up)",
        ),
        Binding(
            "enter",
            "open_note",
            "Open note",
            id="due.open-note",
            tooltip="Open the note the highlighted follow-up came from",
        ),
        Binding(
            "m",
            "member_check",
            "Member check",
            id="due.member-check",
            tooltip="Compose a member check for the highlighted follow-up's team (or choose one)",
        ),
        Binding("escape", "close", "Close", id="due.close", tooltip="Back to where you were"),
    ]

    def __init__(
        self,
        notebook: Notebook,
        *,
        today: Callable[[], date] = date.today,
        within_days: int = 14,
    ) -> None:
        super().__init__()
        self.notebook = notebook
        self._today = today
        self.within_days = within_days
        self.due: Due | None = None
        self._obstacles: dict[str, DueObstacle] = {}
        self._follow_ups: dict[str, OpenFollowUp] = {}

    def compose(self) -> ComposeResult:
        yield Static("", id="due-bar")
        table = DueTable(id="due-table", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static("", id="due-empty")
        yield Static("", id="due-detail")
        yield KeysFooter(compact=True)

    def on_mount(self) -> None:
        self.reload()
        self.query_one(DueTable).focus()

    @property
    def table(self) -> DueTable:
        return self.query_one(DueTable)

    def reload(self) -> None:
        """Work out what is due again (after a save) and keep the cursor on the same row."""
        try:
            due = self.notebook.due(today=self._today(), within_days=self.within_days)
        except FieldnotesError as error:
            self.notify(str(error), severity="error")
            return
        self.due = due
        self._obstacles = {item.obstacle.id: item for item in due.obstacles}
        self._follow_ups = {item.note_id: item for item in due.follow_ups}
        table = self.table
        current = self._current_key()
        table.clear(columns=True)
        text_width = max(20, self.app.size.width - OTHER_COLUMNS_WIDTH)
        table.add_column("When", key="when", width=WHEN_WIDTH)
        table.add_column("Obstacle or question", key="what", width=text_width)
        table.add_column("Status or team", key="where", width=18)
        for item in due.obstacles:
            style = "bold red" if item.overdue else "bold"
            table.add_row(
                Text(item.when, style=style),
                Text(shorten(item.path.replace("/", " › "), text_width)),
                Text(item.obstacle.status),
                key=f"o:{item.obstacle.id}",
            )
        for follow in due.follow_ups:
            table.add_row(
                Text(f"? asked {follow.occurred_at.date().isoformat()}", style="italic"),
                Text(shorten(follow.follow_up.lstrip("-* "), text_width)),
                Text(shorten(follow.team or "(no team)", 18)),
                key=f"f:{follow.note_id}",
            )
        overdue = due.overdue_count
        bar = Text()
        bar.append(f"{len(due.obstacles)} to re-observe", style="bold")
        if overdue:
            bar.append(f" ({overdue} overdue)", style="bold red")
        follow_ups = len(due.follow_ups)
        bar.append(f" · {follow_ups} open follow-up{'' if follow_ups == 1 else 's'}")
        bar.append(f" · {due.today.isoformat()} + {due.within_days} days", style="dim")
        self.query_one("#due-bar", Static).update(bar)
        self.set_class(due.count == 0, "-empty")
        self.query_one("#due-empty", Static).update(
            "Nothing is due.\n\nSet a re-observe date on an obstacle in the synthesis (r)."
        )
        if current is not None and current in table.rows:
            table.move_cursor(row=table.get_row_index(current))
        self._show_detail()

    def _current_key(self) -> str | None:
        table = self.table
        if table.row_count == 0:
            return None
        try:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        except Exception:
            return None
        return key.value

    def _show_detail(self) -> None:
        key = self._current_key()
        detail = Text()
        if key is not None and key.startswith("o:") and key[2:] in self._obstacles:
            item = self._obstacles[key[2:]]
            obstacle = item.obstacle
            detail.append(printable(item.path.replace("/", " › ")), style="bold")
            when = obstacle.reobserve_on.isoformat() if obstacle.reobserve_on else ""
            detail.append(f"\nRe-observe from {when} — {item.when} · status {obstacle.status}")
            if obstacle.decision.strip():
                detail.append("\nDecided: ", style="bold")
                detail.append(printable(obstacle.decision.strip()))
            if obstacle.ask.strip():
                detail.append("\nAsk: ", style="bold")
                detail.append(printable(obstacle.ask.strip()))
            detail.append("\nj: a jotting linked to it", style="italic")
        elif key is not None and key.startswith("f:") and key[2:] in self._follow_ups:
            follow = self._follow_ups[key[2:]]
            detail.append(printable(follow.team or "(no team)"), style="bold")
            detail.append(f" · {follow.occurred_at.date().isoformat()} ({follow.age_days} days)")
            paths = []
            for obstacle_id in follow.obstacle_ids:
                try:
                    paths.append(self.notebook.obstacle_path(obstacle_id).replace("/", " › "))
                except FieldnotesError:
                    continue
            if paths:
                detail.append("\nOn: " + printable("; ".join(paths)))
            detail.append("\n" + printable(follow.follow_up))
            detail.append("\nj: a jotting for this team · enter: open the note", style="italic")
        self.query_one("#due-detail", Static).update(detail)

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self._show_detail()

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.action_open_note()

    # ------------------------------------------------------------------ actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "jot":
            return True if self._current_key() is not None else None
        if action == "open_note":
            key = self._current_key()
            return True if key is not None and key.startswith("f:") else None
        return True

    def action_jot(self) -> None:
        from fieldnotes.tui.dialogs.jotting import JottingScreen

        key = self._current_key()
        if key is None:
            return
        if key.startswith("o:"):
            screen = JottingScreen(self.notebook, obstacle_ids=[key[2:]])
        else:
            follow = self._follow_ups[key[2:]]
            screen = JottingScreen(
                self.notebook, obstacle_ids=follow.obstacle_ids, team=follow.team
            )

        def saved(note_id: str | None) -> None:
            if note_id is not None:
                self.notify("Jotting saved, linked: write it up later today.", title="Saved")
                self.reload()

        self.app.push_screen(screen, saved)

    def action_open_note(self) -> None:
        key = self._current_key()
        if key is None or not key.startswith("f:"):
            return
        self.post_message(OpenWriteUp(key[2:]))

    def action_member_check(self) -> None:
        from fieldnotes.tui.screens.briefs.member_check import MemberCheckScreen

        key = self._current_key()
        team = ""
        if key is not None and key.startswith("f:"):
            team = self._follow_ups[key[2:]].team
        try:
            screen = MemberCheckScreen(self.notebook, team, today=self._today())
        except FieldnotesError as error:
            self.notify(str(error), severity="error")
            return
        self.app.push_screen(screen)

    def action_close(self) -> None:
        self.dismiss(None)

"""Every key that works right now, read from the live bindings rather than a hand-kept list."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from fieldnotes.tui.widgets.footer import KeysFooter


@dataclass(slots=True)
class HelpRow:
    group: str
    keys: list[str]
    description: str
    tooltip: str
    enabled: bool = True
    actions: set[str] = field(default_factory=set)


def group_name(node: DOMNode) -> str:
    """A reader's name for where a binding lives: the app, the screen, or the focused widget."""
    if isinstance(node, App):
        return "Everywhere"
    title = getattr(node, "HELP_GROUP", None)
    if isinstance(title, str) and title:
        return title
    words = re.sub(r"(?<!^)(?=[A-Z])", " ", type(node).__name__.removesuffix("Screen"))
    return words.strip().capitalize() or "This screen"


def help_rows(screen: Screen[object]) -> list[HelpRow]:
    """The bindings active on `screen`, keys for one action merged, in Textual's checking order.

    A modal screen cuts the app's ordinary bindings off, but priority ones (lock, quit, help) still
    work there, so they are added back.
    """
    app = screen.app
    found: list[tuple[DOMNode, Binding, bool]] = [
        (active.node, active.binding, active.enabled) for active in screen.active_bindings.values()
    ]
    if screen.is_modal:
        seen = {binding.key for _, binding, _ in found}
        for binding in type(app).BINDINGS:
            if isinstance(binding, Binding) and binding.priority and binding.key not in seen:
                state = app.check_action(binding.action, binding_parameters(binding))
                if state is not False:
                    found.append((app, binding, bool(state)))
    rows: dict[tuple[str, str], HelpRow] = {}
    for node, binding, enabled in found:
        if binding.system:
            continue
        group = group_name(node)
        description = binding.description or binding.action.replace("_", " ")
        row = rows.get((group, binding.action))
        key = app.get_key_display(binding)
        if row is None:
            rows[(group, binding.action)] = HelpRow(
                group, [key], description, binding.tooltip, enabled, {binding.action}
            )
        elif key not in row.keys:
            row.keys.append(key)
    return list(rows.values())


def binding_parameters(binding: Binding) -> tuple[object, ...]:
    """`check_action` wants the parameters too; our actions only ever take literals."""
    from textual.actions import parse

    try:
        _, _, parameters = parse(binding.action)
    except Exception:  # an unparsable action is simply shown, not checked
        return ()
    return tuple(parameters)


class HelpScreen(ModalScreen[None]):
    """Lists the keys of the screen it was opened over, grouped by where they apply."""

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
        & > Vertical {
            width: 100;
            max-width: 100%;
            height: 90%;
            max-height: 100%;
            border: round $primary;
            border-title-style: bold;
            background: $surface;
        }
        & VerticalScroll { height: 1fr; padding: 0 1; }
        & #help-legend {
            color: $text-muted;
            padding: 0 1;
            height: auto;
            border-top: solid $primary-muted;
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss_help", "Close", id="help.close", tooltip="Close the help"),
        Binding(
            "q", "dismiss_help", "Close", show=False, id="help.close-q", tooltip="Close the help"
        ),
    ]

    HELP_GROUP = "Help"

    def __init__(self, over: Screen[object]) -> None:
        super().__init__()
        self._rows = help_rows(over)
        self._over_title = group_name(over)

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = f"Keys — {self._over_title}"
            box.border_subtitle = "↑↓ scroll · esc closes"
            with VerticalScroll(id="help-keys"):
                yield Static(self._table(), id="help-table")
            yield Static(LEGEND, id="help-legend")
        yield KeysFooter()

    def _table(self) -> Table:
        table = Table(box=None, expand=True, show_header=False, padding=(0, 1), pad_edge=False)
        table.add_column("Key", style="bold", no_wrap=True, min_width=10)
        table.add_column("Does", no_wrap=True)
        table.add_column("Details", style="dim", ratio=1)
        # The app and the screen first: the focused widget's cursor keys are the least news.
        order = {"Everywhere": 0}
        rows = sorted(
            self._rows,
            key=lambda row: order.get(row.group, 1 if row.group == self._over_title else 2),
        )
        group = None
        for row in rows:
            if row.group != group:
                group = row.group
                table.add_row(Text(group, style="bold italic underline"), "", "")
            style = "" if row.enabled else "dim"
            table.add_row(
                Text(", ".join(row.keys), style=style),
                Text(row.description, style=style),
                Text(row.tooltip),
            )
        return table

    def on_mount(self) -> None:
        self.query_one("#help-keys").focus()

    def action_dismiss_help(self) -> None:
        self.dismiss(None)


LEGEND = (
    "Mode ◉ observe  ⇄ co-work  ? question · ✎ jotting waiting for write-up · "
    "● marked for tagging · principles ✓ honoured ✗ at risk · ▸ obstacle · "
    "ctrl+p opens the command palette"
)

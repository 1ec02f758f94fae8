"""The conflicts view: a local change that met a colleague's change to the same thing.

Nothing was overwritten: the colleague's version is in the notebook and this replica's is kept
beside it. Each conflict is shown side by side, and the person chooses.

| Key    | What it does                                                  |
|--------|---------------------------------------------------------------|
| m      | keep mine: my version goes up on top of theirs                |
| t      | keep theirs: mine is dropped                                  |
| b      | keep both: theirs stays, and mine is kept as a copy of its own |
| escape | back                                                          |
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import ClassVar, Protocol

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.command import Provider
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from fieldnotes.domain.team import ConflictChoice, SyncConflict
from fieldnotes.errors import FieldnotesError
from fieldnotes.terminal import printable, printable_line
from fieldnotes.tui.format import shorten
from fieldnotes.tui.providers import ConflictsCommands
from fieldnotes.tui.widgets.footer import KeysFooter

MAX_SHOWN_CHARS = 20_000
"""Of one field's text; a note holds up to a megabyte, and the side by side is for choosing."""


class ConflictSource(Protocol):
    """What the conflicts view reads and asks of the notebook (`Notebook` is one)."""

    def conflicts(self) -> list[SyncConflict]: ...

    def resolve_conflict(self, conflict_id: str, choice: ConflictChoice) -> None: ...


def _local(stamp: datetime) -> datetime:
    return (stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)).astimezone()


def _value(value: object) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(_value(item) for item in value) or "—"
    text = value if isinstance(value, str) else str(value)
    if len(text) > MAX_SHOWN_CHARS:
        text = text[:MAX_SHOWN_CHARS] + "…"
    return printable(text)


def side(fields: Mapping[str, object], other: Mapping[str, object]) -> Text:
    """One version's fields, one after another; a field the other side has otherwise stands out."""
    text = Text()
    for name in sorted(set(fields) | set(other)):
        differs = fields.get(name) != other.get(name)
        text.append(f"{printable_line(name)}: ", style="bold" if differs else "dim")
        shown = _value(fields.get(name))
        text.append(shown, style="bold underline" if differs and shown != "—" else "")
        text.append("\n")
    text.rstrip()
    return text


def conflict_line(conflict: SyncConflict) -> Text:
    line = Text(f"{conflict.kind:<9} ", style="bold")
    line.append(shorten(conflict.title, 36).ljust(36))
    line.append(f"  theirs by {shorten(conflict.theirs_by, 14)}", style="italic")
    line.append(f"  {_local(conflict.found_at):%d %b %H:%M}", style="dim")
    return line


class ConflictsScreen(Screen[None]):
    """Every conflict waiting, and the highlighted one side by side: mine and theirs."""

    HELP_GROUP = "Conflicts"
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {ConflictsCommands}

    DEFAULT_CSS = """
    ConflictsScreen {
        & #conflicts-title { text-style: bold; padding: 0 1; color: $text-primary; }
        & .-hint { color: $text-muted; padding: 0 1; }
        & OptionList { height: 7; margin: 1 0 0 0; }
        & #conflict-sides { height: 1fr; }
        & .conflict-side {
            width: 1fr;
            border: round $primary;
            border-title-style: bold;
            padding: 0 1;
        }
        & #conflict-theirs { border: round $secondary; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "m",
            "resolve('mine')",
            "Keep mine",
            id="conflicts.mine",
            tooltip="My version goes up on top of the colleague's",
        ),
        Binding(
            "t",
            "resolve('theirs')",
            "Keep theirs",
            id="conflicts.theirs",
            tooltip="The colleague's version stays; mine is dropped",
        ),
        Binding(
            "b",
            "resolve('both')",
            "Keep both",
            id="conflicts.both",
            tooltip="The colleague's version stays, and mine is kept as a copy of its own",
        ),
        Binding("escape", "app.pop_screen", "Back", id="conflicts.back", tooltip="Back"),
    ]

    def __init__(self, source: ConflictSource) -> None:
        super().__init__()
        self._source = source
        self._conflicts: list[SyncConflict] = []

    def compose(self) -> ComposeResult:
        yield Static("", id="conflicts-title", markup=False)
        yield Static(
            "Nothing was overwritten: their version is in the notebook, yours is kept "
            "beside it until you choose.",
            classes="-hint",
            markup=False,
        )
        yield OptionList(id="conflicts-list")
        with Horizontal(id="conflict-sides"):
            with VerticalScroll(id="conflict-mine", classes="conflict-side") as mine:
                mine.border_title = "Mine"
                yield Static("", id="conflict-mine-text", markup=False)
            with VerticalScroll(id="conflict-theirs", classes="conflict-side") as theirs:
                theirs.border_title = "Theirs"
                yield Static("", id="conflict-theirs-text", markup=False)
        yield KeysFooter()

    def on_mount(self) -> None:
        self.watch(self.app, "revision", self._reload, init=False)
        self._reload()
        self.query_one(OptionList).focus()

    def _reload(self) -> None:
        try:
            self._conflicts = self._source.conflicts()
        except FieldnotesError as error:
            self._conflicts = []
            self.notify(str(error), severity="error")
        count = len(self._conflicts)
        self.query_one("#conflicts-title", Static).update(
            "Conflicts · none waiting"
            if not count
            else f"Conflicts · {count} waiting for you to choose"
        )
        options = self.query_one(OptionList)
        highlighted = options.highlighted or 0
        options.clear_options()
        if not self._conflicts:
            options.add_option(Option(Text("No conflicts: every change went up."), disabled=True))
        else:
            options.add_options(
                Option(conflict_line(conflict), id=conflict.conflict_id)
                for conflict in self._conflicts
            )
            options.highlighted = min(highlighted, count - 1)
        self._show(self._highlighted())
        self.refresh_bindings()

    def _highlighted(self) -> SyncConflict | None:
        index = self.query_one(OptionList).highlighted
        if index is None or index >= len(self._conflicts):
            return None
        return self._conflicts[index]

    @on(OptionList.OptionHighlighted)
    def _moved(self) -> None:
        self._show(self._highlighted())

    def _show(self, conflict: SyncConflict | None) -> None:
        mine = self.query_one("#conflict-mine-text", Static)
        theirs = self.query_one("#conflict-theirs-text", Static)
        self.query_one("#conflict-sides").display = conflict is not None
        if conflict is None:
            mine.update("")
            theirs.update("")
            return
        self.query_one(
            "#conflict-theirs"
        ).border_title = f"Theirs · {shorten(conflict.theirs_by, 20)}"
        mine.update(side(conflict.mine, conflict.theirs))
        theirs.update(side(conflict.theirs, conflict.mine))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "resolve":
            return True if self._conflicts else None
        return True

    def action_resolve(self, choice: ConflictChoice) -> None:
        conflict = self._highlighted()
        if conflict is None:
            return
        try:
            self._source.resolve_conflict(conflict.conflict_id, choice)
        except FieldnotesError as error:
            self.notify(str(error), title="Not resolved", severity="error", timeout=8)
            return
        kept = {"mine": "Kept yours", "theirs": "Kept theirs", "both": "Kept both"}[choice]
        self.notify(f"{kept}: {shorten(conflict.title, 50)}.", title="Resolved")
        self._reload()

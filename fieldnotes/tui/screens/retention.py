"""Retention: the notes due under the records policy, kept longer with a reason or purged.

| Key    | What it does                                                      |
|--------|-------------------------------------------------------------------|
| x      | keep the highlighted note longer (months and a reason, sealed)    |
| d      | purge the highlighted note for good (asks first)                  |
| P      | purge every due note for good (asks first)                        |
| l      | show or hide the purge log                                        |
| escape | back                                                              |
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.command import Provider
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from fieldnotes.domain.retention import (
    SOON_DAYS,
    PurgedCounts,
    PurgeRecord,
    RetentionItem,
    RetentionView,
    counts_for_synthesis,
    retention_label,
)
from fieldnotes.domain.synthesis import Synthesis
from fieldnotes.errors import FieldnotesError
from fieldnotes.notebook import Notebook
from fieldnotes.terminal import printable_line
from fieldnotes.tui.dialogs.confirm import ConfirmScreen
from fieldnotes.tui.dialogs.retention import ExtendChoice, ExtendScreen
from fieldnotes.tui.format import shorten
from fieldnotes.tui.providers import RetentionCommands
from fieldnotes.tui.widgets.footer import KeysFooter

BACKUPS_NOTE = "Backups made before now still hold them: a purge cannot reach those."
OFF_TEXT = (
    "Retention is off for this notebook: notes are kept until you delete them (the default "
    "for a personal notebook). Set Keep notes for (months) in Settings (F9) to your records "
    "policy."
)


def shown_purged(notebook: Notebook, synthesis: Synthesis) -> dict[str, PurgedCounts]:
    """The counts purged notes left, as the synthesis shows them beside live evidence.

    Damaged counts are left out here rather than stop the synthesis: the Retention view and
    `fieldnotes retention` report the damage, and a purge refuses until it is dealt with.
    """
    try:
        return counts_for_synthesis(notebook.purged_counts(), synthesis)
    except FieldnotesError:
        return {}


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


def _row(item: RetentionItem) -> Option:
    # One line of at most 74 cells, to fit 80 columns beside the list's border and scrollbar.
    row = Text(f"{item.occurred_at:%Y-%m-%d}  ")
    row.append(f"{shorten(printable_line(item.team) or '—', 24):<24}  ")
    row.append(f"until {item.keep_until}  ", style="bold")
    row.append(item.when, style="bold red" if item.due else "yellow")
    second: list[str] = []
    if item.trashed:
        second.append("in the trash")
    if item.extension is not None:
        reason = printable_line(item.extension.reason)
        second.append(f"extended to {item.extension.until}: {reason}")
    if second:
        row.append(f"\n  {shorten(' · '.join(second), 74)}", style="italic")
    return Option(row, id=item.note_id)


def log_text(records: Sequence[PurgeRecord]) -> Text:
    text = Text("Purge log", style="bold")
    if not records:
        text.append("\nNothing has been purged from this notebook.", style="italic")
    for record in records:
        trashed = f" ({record.trashed} from the trash)" if record.trashed else ""
        text.append(
            f"\n{record.at:%Y-%m-%d %H:%M} UTC  {_plural(record.count, 'note')}{trashed}  "
            f"{record.reason}  by {printable_line(record.by)}"
        )
        text.append(f"\n  written in {', '.join(record.months)}", style="dim")
    return text


class RetentionScreen(Screen[None]):
    """Due notes first, then those falling due within 30 days; the purge log below."""

    HELP_GROUP = "Retention"
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {RetentionCommands}

    DEFAULT_CSS = """
    RetentionScreen {
        & #retention-title { text-style: bold; padding: 0 1; color: $text-primary; }
        & .-hint { color: $text-muted; padding: 0 1; }
        & OptionList { height: 1fr; margin: 1 0 0 0; }
        & #retention-log {
            height: auto; max-height: 10; padding: 0 1; border-top: solid $primary;
            display: none;
        }
        &.-log #retention-log { display: block; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "x",
            "extend",
            "Extend",
            id="retention.extend",
            tooltip="Keep the highlighted note longer, with a reason (sealed)",
        ),
        Binding(
            "d",
            "purge_one",
            "Purge note",
            id="retention.purge-one",
            tooltip="Delete the highlighted note for good (asks first)",
        ),
        Binding(
            "P",
            "purge_due",
            "Purge all due",
            id="retention.purge-due",
            tooltip="Delete every due note for good (asks first)",
        ),
        Binding("l", "toggle_log", "Log", id="retention.log", tooltip="Show or hide the purge log"),
        Binding(
            "escape", "app.pop_screen", "Back", id="retention.back", tooltip="Back to the notes"
        ),
    ]

    show_log: var[bool] = var(False, toggle_class="-log")
    """The purge log is shown under the list."""

    def __init__(self, notebook: Notebook, *, today: Callable[[], date] = date.today) -> None:
        super().__init__()
        self._notebook = notebook
        self._today = today
        self._view = RetentionView(None, today(), ())
        self._rows: list[RetentionItem] = []

    def compose(self) -> ComposeResult:
        yield Static("", id="retention-title")
        yield Static("", id="retention-hint", classes="-hint")
        yield OptionList(id="retention-list")
        yield Static("", id="retention-log")
        yield KeysFooter()

    def on_mount(self) -> None:
        self._reload()
        self.query_one(OptionList).focus()

    def _reload(self) -> None:
        try:
            self._view = self._notebook.retention(today=self._today())
            log = self._notebook.purge_log()
        except FieldnotesError as error:
            self._view, log = RetentionView(None, self._today(), ()), []
            self.notify(str(error), severity="error")
        view = self._view
        self.query_one("#retention-log", Static).update(log_text(log))
        title = self.query_one("#retention-title", Static)
        hint = self.query_one("#retention-hint", Static)
        option_list = self.query_one(OptionList)
        option_list.clear_options()
        self._rows = []
        if view.months is None:
            title.update("Retention · off")
            hint.update("l shows the purge log.")
            option_list.add_option(Option(Text(OFF_TEXT), disabled=True))
            self.refresh_bindings()
            return
        title.update(
            f"Retention · {retention_label(view.months)} · {len(view.due)} due · "
            f"{len(view.soon)} within {SOON_DAYS} days"
        )
        hint.update(
            f"Notes are kept {retention_label(view.months)} after their date, then purged "
            "only when you say."
        )
        for heading, items in (
            (f"Due for purging ({len(view.due)})", view.due),
            (f"Falling due in the next {SOON_DAYS} days ({len(view.soon)})", view.soon),
        ):
            if not items:
                continue
            option_list.add_option(Option(Text(heading, style="bold underline"), disabled=True))
            for item in items:
                option_list.add_option(_row(item))
                self._rows.append(item)
        if not self._rows:
            option_list.add_option(
                Option(Text(f"No note is due, or falls due in {SOON_DAYS} days."), disabled=True)
            )
        else:
            option_list.highlighted = 1
        self.refresh_bindings()

    def _highlighted(self) -> RetentionItem | None:
        option_list = self.query_one(OptionList)
        index = option_list.highlighted
        if index is None:
            return None
        option_id = option_list.get_option_at_index(index).id
        return next((item for item in self._rows if item.note_id == option_id), None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"extend", "purge_one"}:
            return True if self._rows else None
        if action == "purge_due":
            return True if self._view.due else None
        return True

    def action_toggle_log(self) -> None:
        self.show_log = not self.show_log

    def action_extend(self) -> None:
        item = self._highlighted()
        if item is None:
            return

        def chosen(extension: ExtendChoice | None) -> None:
            if extension is None:
                return
            try:
                kept = self._notebook.extend_retention(
                    item.note_id, extension.months, extension.reason, today=self._today()
                )
            except FieldnotesError as error:
                self.notify(str(error), severity="error")
                return
            self.notify(f"Kept until {kept.until}; the reason is sealed.", title="Extended")
            self._reload()

        self.app.push_screen(ExtendScreen(item.keep_until), chosen)

    def action_purge_one(self) -> None:
        item = self._highlighted()
        if item is not None:
            self._purge([item.note_id], f"the note of {item.occurred_at:%d %b %Y}", [item])

    def action_purge_due(self) -> None:
        if not self._view.due:
            return
        # In a team, the due notes this member may purge: a lead purges colleagues' notes.
        allowed = {note.id for note in self._notebook.notes_to_purge(None, today=self._today())}
        due = [item for item in self._view.due if item.note_id in allowed]
        if due:
            self._purge(None, _plural(len(due), "due note"), due)
        else:
            self.notify("None of the due notes is yours: a lead purges colleagues' notes.")

    def _purge(self, note_ids: list[str] | None, what: str, items: Sequence[RetentionItem]) -> None:
        months = sorted({f"{item.occurred_at:%Y-%m}" for item in items})

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                record = self._notebook.purge(note_ids, today=self._today())
            except FieldnotesError as error:
                self.notify(str(error), severity="error")
                return
            self.notify(
                f"Purged {_plural(record.count, 'note')} for good; logged. {BACKUPS_NOTE}",
                title="Purged",
            )
            self._reload()

        self.app.push_screen(
            ConfirmScreen(
                f"Purge {what} for good?",
                f"Written in {', '.join(months)}. Deleted with their links and drafts; only "
                "counts per obstacle are kept for the synthesis, and the purge is logged. This "
                f"cannot be undone. {BACKUPS_NOTE}",
                yes="Purge",
                no="Keep",
                cancel=None,
            ),
            answered,
        )

    @on(OptionList.OptionHighlighted)
    def _moved(self) -> None:
        self.refresh_bindings()

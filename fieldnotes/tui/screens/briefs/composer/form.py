"""The composer's form as named widgets: what goes in, who it goes to, the rendered preview
and the log of briefs sent. They take values and hold no notebook; the screen reads them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import (
    Button,
    Checkbox,
    DataTable,
    Input,
    Label,
    Markdown,
    RadioButton,
    RadioSet,
    SelectionList,
    Static,
    TextArea,
)

from fieldnotes.domain.brief import DEFAULT_TITLE, markdown_parser
from fieldnotes.domain.model import ExportRecord
from fieldnotes.tui.validators import DayValidator
from fieldnotes.tui.widgets.synthesis_style import PATH_SEPARATOR

MIN_BRIEF_PASSPHRASE = 8
"""The library refuses shorter brief passphrases; say so before the export is tried."""

KEYS_OR_PASSPHRASE = (
    "A brief opens either with people's own keys or with a passphrase — the age format does not "
    "mix the two. With keys, each leader opens it with their identity and you can always reopen "
    "it with yours. With a passphrase, anyone who has the phrase can open it: share it another "
    "way (in person, by phone), never with the file."
)


class BriefPreview(Markdown):
    """The brief rendered with our markdown-it-py parser; links are shown, never followed."""

    DEFAULT_CSS = """
    BriefPreview { padding: 0 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, parser_factory=markdown_parser, open_links=False)

    @on(Markdown.LinkClicked)
    def _link(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        self.notify("Links in a brief are shown, never opened.")


class ContentForm(VerticalScroll):
    """Title, audience, period, opening summary and the obstacles to put in."""

    def __init__(self, period: tuple[date | None, date | None], *, classes: str) -> None:
        super().__init__(classes=classes)
        self._period = period

    def compose(self) -> ComposeResult:
        yield Label("Title", classes="field-label")
        yield Input(DEFAULT_TITLE, id="title", compact=True)
        yield Label("Audience", classes="field-label")
        yield Input(
            placeholder="Who reads it, e.g. Director of Children's Services",
            id="audience",
            compact=True,
        )
        with Horizontal(classes="row"):
            yield Label("Period from")
            yield Input(
                self._period[0].isoformat() if self._period[0] else "",
                placeholder="YYYY-MM-DD",
                id="since",
                compact=True,
                validators=[DayValidator()],
            )
            yield Label("to", classes="between")
            yield Input(
                self._period[1].isoformat() if self._period[1] else "",
                placeholder="YYYY-MM-DD",
                id="until",
                compact=True,
                validators=[DayValidator()],
            )
        yield Static("", classes="error -empty", id="period-error")
        yield Label("Opening summary", classes="field-label")
        yield TextArea(id="summary", soft_wrap=True, show_line_numbers=False)
        yield Label(
            "Obstacles (space ticks; those evidenced or further along come ticked)",
            classes="field-label",
        )
        yield SelectionList[str](id="obstacles")
        yield Static("", classes="hint -empty", id="team-note")


class SendForm(VerticalScroll):
    """Leaders' keys or a passphrase, the format, and where the file is saved."""

    def __init__(self, output_dir: Path, *, classes: str) -> None:
        super().__init__(classes=classes)
        self._output_dir = output_dir

    def compose(self) -> ComposeResult:
        yield Checkbox("Passphrase instead of keys", id="use-passphrase", compact=True)
        yield Static(KEYS_OR_PASSPHRASE, classes="hint")
        with Vertical(id="keys-box"):
            yield Label("Leaders in the address book (space ticks)", classes="field-label")
            yield SelectionList[str](id="leaders")
            yield Static("", classes="hint -empty", id="leaders-empty")
            with Horizontal(classes="row"):
                yield Label("Add a leader")
                yield Input(placeholder="Label, e.g. Director", id="leader-label", compact=True)
                yield Input(placeholder="age1… public key", id="leader-key", compact=True)
                yield Button("Add", id="add-leader", compact=True)
            yield Static("", classes="error -empty", id="leader-error")
            yield Label("Another recipient, not kept (age1…)", classes="field-label")
            yield Input(placeholder="age1… (optional)", id="extra", compact=True)
        with Vertical(id="passphrase-box"):
            yield Label("Passphrase for this brief", classes="field-label")
            yield Input(
                password=True,
                id="passphrase",
                compact=True,
                placeholder=f"at least {MIN_BRIEF_PASSPHRASE} characters",
            )
            yield Label("The same again", classes="field-label")
            yield Input(password=True, id="passphrase-again", compact=True)
            yield Static("", classes="hint -empty", id="passphrase-hint")
        yield Label("Format", classes="field-label")
        with RadioSet(id="format", compact=True):
            yield RadioButton(
                "Markdown — read it with `fieldnotes brief open`", value=True, id="markdown"
            )
            yield RadioButton("HTML — self-contained, for a browser once decrypted", id="html")
        yield Label("Save to", classes="field-label")
        yield Input(str(self._output_dir), id="output", compact=True)
        yield Static(
            "A folder (the brief gets a neutral file name) or a full file path.",
            classes="hint",
        )


class ExportLog(DataTable[Text]):
    """The briefs already exported, one row each, in the order the notebook's log gives them."""

    def show_records(self, records: Sequence[ExportRecord]) -> None:
        self.clear(columns=True)
        self.add_column("When (UTC)", width=16, key="when")
        self.add_column("File", width=20, key="file")
        self.add_column("Format", width=8, key="format")
        self.add_column("To", width=24, key="to")
        self.add_column("Obstacles", key="obstacles")
        for record in records:
            if record.damaged:
                self.add_row(
                    Text(f"{record.created_at:%Y-%m-%d %H:%M}"),
                    Text("(damaged log entry)", style="italic"),
                    Text(""),
                    Text(""),
                    Text(""),
                    key=record.id,
                )
                continue
            self.add_row(
                Text(f"{record.created_at:%Y-%m-%d %H:%M}"),
                Text(record.file_name),
                Text(record.format),
                Text(", ".join(record.recipients)),
                Text(
                    ("" if record.status == "written" else "(attempted: may not be written) ")
                    + f"{len(record.obstacles)}: "
                    + "; ".join(o.replace("/", PATH_SEPARATOR) for o in record.obstacles)
                ),
                key=record.id,
            )

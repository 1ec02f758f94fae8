"""Reading a decrypted brief: its metadata, then the body rendered, with a table of contents.

The text arrives already decrypted and stays in memory. An HTML brief is never rendered here:
it is shown as the characters it holds, with a note saying so, because rendering HTML in a
terminal would mean interpreting markup that came from outside. For the same reason every
control character a brief holds is shown as an escape (`fieldnotes.terminal`), never sent.

| Key      | What it does                         |
|----------|--------------------------------------|
| t        | show or hide the table of contents   |
| q/escape | close                                |
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Markdown, MarkdownViewer, Static, TextArea

from fieldnotes.domain.brief import markdown_parser, parse_document
from fieldnotes.terminal import printable, printable_line
from fieldnotes.tui.format import shorten
from fieldnotes.tui.widgets.footer import KeysFooter
from fieldnotes.tui.widgets.synthesis_style import PATH_SEPARATOR

WIDE = 120
"""From this width the table of contents shows from the start."""


def is_html(text: str) -> bool:
    return text.lstrip().lower().startswith("<!doctype html")


def _day(value: object) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def metadata_text(metadata: Mapping[str, object], source: str, width: int = 0) -> Text:
    """Title, audience, author, created, period and obstacles, one per line.

    With a `width`, the list of obstacles is cut to one line so the body keeps the screen.
    """
    text = Text.assemble((printable_line(str(metadata.get("title") or "Brief")), "bold"))
    rows: list[tuple[str, str]] = []
    if metadata.get("audience"):
        rows.append(("For", str(metadata["audience"])))
    if metadata.get("author"):
        rows.append(("From", str(metadata["author"])))
    if metadata.get("created"):
        rows.append(("Written", _day(metadata["created"])))
    since, until = metadata.get("since"), metadata.get("until")
    if since and until:
        period = f"{_day(since)} to {_day(until)}"
    elif since:
        period = f"from {_day(since)}"
    elif until:
        period = f"up to {_day(until)}"
    else:
        period = "all notes to date"
    rows.append(("Period", period))
    obstacles = metadata.get("obstacles")
    if isinstance(obstacles, list) and obstacles:
        listed = f"{len(obstacles)}: " + "; ".join(
            str(o).replace("/", PATH_SEPARATOR) for o in obstacles
        )
        rows.append(("Obstacles", shorten(listed, width - 12) if width else listed))
    rows.append(("File", source))
    for label, value in rows:
        text.append(f"\n{label:<10}", style="bold dim")
        text.append(printable_line(value))
    return text


class BriefMarkdown(MarkdownViewer):
    """Our parser, and links that are shown but never followed."""

    DEFAULT_CSS = """
    BriefMarkdown > MarkdownTableOfContents {
        width: 42;
        max-width: 40%;
    }
    """

    @on(Markdown.LinkClicked)
    def _link(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        self.notify("Links in a brief are shown, never opened.")


class BriefViewScreen(Screen[None]):
    """A decrypted brief, read-only."""

    HELP_GROUP = "Brief"

    DEFAULT_CSS = """
    BriefViewScreen {
        layout: vertical;
        & #brief-meta {
            height: auto;
            max-height: 9;
            background: $panel;
            padding: 0 1;
        }
        & #brief-body { height: 1fr; }
        & #brief-html-note {
            height: auto;
            padding: 0 1;
            color: $text-warning;
            text-style: bold;
            border-bottom: solid $warning;
        }
        & #brief-html { height: 1fr; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "t",
            "toggle_toc",
            "Contents",
            id="brief-view.toc",
            tooltip="Show or hide the table of contents",
        ),
        Binding("q", "close", "Close", id="brief-view.close", tooltip="Close the brief"),
        Binding(
            "escape",
            "close",
            "Close",
            show=False,
            id="brief-view.close-escape",
            tooltip="Close the brief",
        ),
    ]

    def __init__(self, text: str, *, source: str) -> None:
        super().__init__()
        self._brief_text = printable(text)
        self._source = printable_line(source)
        self.is_html = is_html(text)
        """Whether the brief is HTML (shown as text, never rendered)."""
        parsed = parse_document(text) if not self.is_html else None
        self.metadata: dict[str, object] = dict(parsed.metadata) if parsed else {}
        self._body = printable(parsed.body) if parsed else self._brief_text

    def compose(self) -> ComposeResult:
        if self.is_html:
            meta = Text.assemble(("HTML brief", "bold"))
            meta.append(f"\n{'File':<10}", style="bold dim")
            meta.append(self._source)
            yield Static(meta, id="brief-meta")
            yield Static(
                "This brief is HTML. fieldnotes does not render HTML in the terminal; its text is "
                "shown below as written. Save it with `fieldnotes brief decrypt` and open it in a "
                "browser to read it formatted.",
                id="brief-html-note",
            )
            yield TextArea(
                self._brief_text,
                id="brief-html",
                read_only=True,
                soft_wrap=True,
                show_line_numbers=False,
            )
        else:
            narrow = self.app.size.width < WIDE
            yield Static(
                metadata_text(
                    self.metadata, self._source, self.app.size.width - 2 if narrow else 0
                ),
                id="brief-meta",
            )
            yield BriefMarkdown(
                self._body,
                id="brief-body",
                show_table_of_contents=self.app.size.width >= WIDE,
                parser_factory=markdown_parser,
                open_links=False,
            )
        yield KeysFooter(compact=True)

    def on_mount(self) -> None:
        if self.is_html:
            self.query_one(TextArea).focus()
        else:
            self.query_one(BriefMarkdown).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # An HTML brief has no rendered headings to list.
        return not (action == "toggle_toc" and self.is_html)

    def action_toggle_toc(self) -> None:
        viewer = self.query_one(BriefMarkdown)
        viewer.show_table_of_contents = not viewer.show_table_of_contents

    def action_close(self) -> None:
        self.dismiss(None)

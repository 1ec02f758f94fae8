"""Rendering a note's Markdown on screen, safely.

Notes are written by people in the field and may hold pasted text from anywhere. The preview
therefore uses a strict CommonMark parser: raw HTML is shown as the characters typed, never
interpreted, and links are rendered as text that does nothing when clicked — fieldnotes never
opens a browser or fetches anything on a note's behalf. Control characters are shown as
escapes (`fieldnotes.terminal`), never sent to the terminal.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from textual import on
from textual.await_complete import AwaitComplete
from textual.widgets import Markdown

from fieldnotes.terminal import printable


def fieldnotes_markdown_parser() -> MarkdownIt:
    """The parser factory every Markdown widget in the TUI uses.

    `html=False` turns `<script>`-like text into plain text tokens instead of HTML tokens; the
    typographer and linkify extensions stay off so what is shown matches what was typed.
    """
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


class NoteMarkdown(Markdown):
    """A Markdown view of note text: our parser, and links that are never followed."""

    DEFAULT_CSS = """
    NoteMarkdown {
        padding: 0 1;
    }
    """

    def __init__(
        self,
        markdown: str | None = None,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(
            printable(markdown) if markdown is not None else None,
            name=name,
            id=id,
            classes=classes,
            parser_factory=fieldnotes_markdown_parser,
            open_links=False,
        )

    def update(self, markdown: str) -> AwaitComplete:
        return super().update(printable(markdown))

    def append(self, markdown: str) -> AwaitComplete:
        return super().append(printable(markdown))

    @on(Markdown.LinkClicked)
    def _link_clicked(self, event: Markdown.LinkClicked) -> None:
        # Say why nothing happened rather than leave a click unanswered.
        event.stop()
        self.notify("Links in notes are shown, never opened.", severity="information")

"""A read-only view of one note: description, asides kept visibly apart, quotes and links."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from fieldnotes.domain.model import Note
from fieldnotes.terminal import printable, printable_line
from fieldnotes.tui.format import MODE_GLYPHS, STANCE_GLYPHS, LinkLabels
from fieldnotes.tui.widgets.markdown import NoteMarkdown
from fieldnotes.tui.widgets.passages import passages_line

PREVIEW_CHARS = 4_000
"""The most of any one field the preview lays out. Wrapping is paid on every character shown,
and a note may hold a megabyte: beyond this the preview says how much more there is."""


def bounded(text: str, limit: int = PREVIEW_CHARS) -> Text:
    """`text` up to `limit` characters, control characters shown not obeyed, then a line
    saying how much was left out."""
    if len(text) <= limit:
        return Text(printable(text))
    shown = Text(printable(text[:limit]))
    shown.append(
        f"\n… ({len(text) - limit:,} more characters; open the note to read all)",
        style="italic",
    )
    return shown


class NotePreview(VerticalScroll):
    """Every piece of user text goes in as plain `Text`, never markup, so brackets stay literal,
    and through `printable`, so a control character is shown rather than sent to the terminal."""

    DEFAULT_CSS = """
    NotePreview {
        height: 1fr;
        padding: 0 1;
        background: $surface;
        scrollbar-size-vertical: 1;
        & > Static { height: auto; margin: 0 0 1 0; }
        & > NoteMarkdown { height: auto; margin: 0 0 1 0; padding: 0; }
        & > #preview-head { text-style: bold; color: $text-primary; margin: 0; }
        & > #preview-meta { color: $text-muted; }
        & > #preview-asides {
            border: round $secondary;
            border-title-color: $text-secondary;
            border-title-style: italic;
            padding: 0 1;
            color: $text-muted;
        }
        & > #preview-quotes {
            border-left: outer $accent;
            padding: 0 1;
        }
        & > .-empty { display: none; }
    }
    """

    def __init__(self, *, id: str | None = None, markdown: bool = False) -> None:
        super().__init__(id=id)
        self.can_focus = False
        self._markdown = markdown
        """Render the description as Markdown (reading one note), not as the typed text (the
        list's preview, redrawn on every cursor move)."""
        self._shown: tuple[Note | None, LinkLabels, str | None] | None = None
        """What is on show. The notebook replaces a note's object when it changes, never
        edits it, so the same object with the same labels would draw the same preview."""

    def compose(self) -> ComposeResult:
        yield Static("", id="preview-head")
        yield Static("", id="preview-meta")
        if self._markdown:
            yield NoteMarkdown(id="preview-description")
        else:
            yield Static("", id="preview-description")
        asides = Static("", id="preview-asides")
        asides.border_title = "Aside: interpretation"
        yield asides
        yield Static("", id="preview-quotes")
        yield Static("", id="preview-links")
        yield Static("", id="preview-more")

    def show(self, note: Note | None, labels: LinkLabels, author: str | None = None) -> None:
        """Show `note`; `author` is the label of who wrote it, in a team notebook."""
        # A search keystroke that keeps the cursor's note re-announces it; redrawing seven
        # parts of the preview re-lays out the screen (10-15 ms) just to show the same text.
        shown = self._shown
        if shown is not None and shown[0] is note and shown[1] is labels and shown[2] == author:
            return
        self._shown = (note, labels, author)
        if note is None:
            self._set("#preview-head", Text("No note selected"))
            for part in ("meta", "asides", "quotes", "links", "more"):
                self._set(f"#preview-{part}", None)
            if self._markdown:
                self.query_one("#preview-description").set_class(True, "-empty")
            else:
                self._set("#preview-description", None)
            return
        stage = "jotting, waiting for write-up" if note.stage == "jotting" else "write-up"
        head = Text(f"{MODE_GLYPHS.get(note.mode, '·')} {note.mode} · {stage}")
        if author:
            head.append(f" · by {printable_line(author)}", style="italic")
        self._set("#preview-head", head)
        meta = [note.occurred_at.strftime("%Y-%m-%d %H:%M")]
        meta += [part for part in (note.team, note.setting) if part]
        if note.participants:
            meta.append("with " + ", ".join(note.participants))
        self._set("#preview-meta", Text(printable_line(" · ".join(meta))))
        description = note.description.strip()
        if note.damaged:
            description = (
                f"⚠ Some fields of this note would not open ({', '.join(note.damaged_fields)}).\n\n"
                + description
            )
        if self._markdown:
            rendered = self.query_one("#preview-description", NoteMarkdown)
            rendered.set_class(not description, "-empty")
            excerpt = description[:PREVIEW_CHARS]
            if len(description) > PREVIEW_CHARS:
                left_out = len(description) - PREVIEW_CHARS
                excerpt += f"\n\n*… ({left_out:,} more characters; open the note to read all)*"
            rendered.update(excerpt)
        else:
            self._set("#preview-description", bounded(description) if description else None)
        asides = note.asides.strip()
        self._set("#preview-asides", bounded(asides) if asides else None)
        quotes = Text()
        for quote in note.quotes:
            if quotes:
                quotes.append("\n")
            if len(quotes) > PREVIEW_CHARS:
                quotes.append(f"… ({len(note.quotes)} quotes in all; open the note to read all)")
                break
            start = len(quotes)
            quotes.append("“")
            quotes.append_text(bounded(quote.text))
            quotes.append("”")
            quotes.stylize("italic", start, len(quotes))
            if quote.speaker_role:
                quotes.append(f" — {printable_line(quote.speaker_role)}")
        self._set("#preview-quotes", quotes if quotes else None)
        links = Text()
        for link in note.principles:
            style = "bold red" if link.stance == "at-risk" else "bold green"
            links.append(f"{STANCE_GLYPHS.get(link.stance, '')} ", style=style)
            links.append(labels.principle_chip(link).rstrip(" ✓✗"), style="bold")
            links.append(f" {labels.principle_title(link.principle_id)} ({link.stance})\n")
        for obstacle_id in labels.in_codebook_order(note.obstacle_ids):
            links.append("▸ ", style="bold")
            links.append(labels.obstacle_path(obstacle_id) + "\n", style="italic")
        links.append_text(passages_line(note))
        links.rstrip()
        self._set("#preview-links", links if links else None)
        more = Text()
        if note.follow_up.strip():
            more.append("Follow-up: ", style="bold")
            more.append_text(bounded(note.follow_up.strip()))
            more.append("\n")
        if note.consent.strip():
            more.append("Consent: ", style="bold")
            more.append_text(bounded(note.consent.strip()))
        more.rstrip()
        self._set("#preview-more", more if more else None)
        self.scroll_home(animate=False)

    def _set(self, selector: str, text: Text | None) -> None:
        static = self.query_one(selector, Static)
        static.set_class(text is None, "-empty")
        static.update(text if text is not None else "")

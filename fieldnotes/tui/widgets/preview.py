"""A read-only view of one note: description, asides kept visibly apart, quotes and links."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich import box
from rich.console import RenderableType
from rich.panel import Panel
from rich.segment import Segment
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Static

from fieldnotes.domain.model import Note
from fieldnotes.terminal import printable, printable_line
from fieldnotes.tui.format import MODE_GLYPHS, STANCE_GLYPHS, LinkLabels
from fieldnotes.tui.widgets.markdown import NoteMarkdown
from fieldnotes.tui.widgets.passages import passages_line

PREVIEW_CHARS = 4_000
"""The most of any one field the preview lays out. Wrapping is paid on every character shown,
and a note may hold a megabyte: beyond this the preview says how much more there is."""

ASIDES_TITLE = "Aside: interpretation"


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


@dataclass(frozen=True)
class NoteParts:
    """What a preview shows of one note, part by part; a part that is None is left out.

    Every piece of user text goes in as plain `Text`, never markup, so brackets stay literal,
    and through `printable`, so a control character is shown rather than sent to the terminal.
    """

    head: Text
    meta: Text | None = None
    description: str = ""
    """Stripped, with any warning about damaged fields first; not yet bounded."""
    asides: Text | None = None
    quotes: Text | None = None
    links: Text | None = None
    more: Text | None = None


NO_NOTE = NoteParts(head=Text("No note selected"))


def note_parts(note: Note, labels: LinkLabels, author: str | None = None) -> NoteParts:
    """The parts of `note` to show; `author` is who wrote it, in a team notebook."""
    stage = "jotting, waiting for write-up" if note.stage == "jotting" else "write-up"
    head = Text(f"{MODE_GLYPHS.get(note.mode, '·')} {note.mode} · {stage}")
    if author:
        head.append(f" · by {printable_line(author)}", style="italic")
    meta = [note.occurred_at.strftime("%Y-%m-%d %H:%M")]
    meta += [part for part in (note.team, note.setting) if part]
    if note.participants:
        meta.append("with " + ", ".join(note.participants))
    description = note.description.strip()
    if note.damaged:
        description = (
            f"⚠ Some fields of this note would not open ({', '.join(note.damaged_fields)}).\n\n"
            + description
        )
    asides = note.asides.strip()
    return NoteParts(
        head=head,
        meta=Text(printable_line(" · ".join(meta))),
        description=description,
        asides=bounded(asides) if asides else None,
        quotes=_quotes(note),
        links=_links(note, labels),
        more=_more(note),
    )


def _quotes(note: Note) -> Text | None:
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
    return quotes if quotes else None


def _links(note: Note, labels: LinkLabels) -> Text | None:
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
    return links if links else None


def _more(note: Note) -> Text | None:
    more = Text()
    if note.follow_up.strip():
        more.append("Follow-up: ", style="bold")
        more.append_text(bounded(note.follow_up.strip()))
        more.append("\n")
    if note.consent.strip():
        more.append("Consent: ", style="bold")
        more.append_text(bounded(note.consent.strip()))
    more.rstrip()
    return more if more else None


Shown = tuple[Note | None, LinkLabels | None, str | None]


class NotePreview(ScrollView, can_focus=False):
    """The list's preview, redrawn on every cursor move: one widget drawn line by line.

    Seven `Static`s of `height: auto` cost three rounds of layout per note (their heights,
    the scrollbar appearing, the text wrapped again at the narrower width). Here a new note
    is wrapped once into lines at the known width and shown by a repaint: the widget's own
    size never depends on the note, the scrollbar's gutter is always kept, and the scrollable
    height is set without asking for a layout (as `NoteTable` does).
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "note-preview--head",
        "note-preview--meta",
        "note-preview--asides",
        "note-preview--asides-title",
        "note-preview--asides-border",
        "note-preview--quotes-border",
    }

    DEFAULT_CSS = """
    NotePreview {
        height: 1fr;
        background: $surface;
        scrollbar-size-vertical: 1;
        scrollbar-gutter: stable;
        overflow-x: hidden;
        & > .note-preview--head { text-style: bold; color: $text-primary; }
        & > .note-preview--meta { color: $text-muted; }
        & > .note-preview--asides { color: $text-muted; }
        & > .note-preview--asides-title { color: $text-secondary; text-style: italic; }
        & > .note-preview--asides-border { color: $secondary; }
        & > .note-preview--quotes-border { color: $accent; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._parts: NoteParts = NO_NOTE
        self._shown: Shown | None = None
        """What is on show. The notebook replaces a note's object when it changes, never
        edits it, so the same object with the same labels would draw the same preview."""
        self._lines: list[Strip] = []
        self._lines_width = -1
        """The width `_lines` were wrapped at; -1 when they must be wrapped again."""

    @property
    def parts(self) -> NoteParts:
        """What is on show, part by part."""
        return self._parts

    def show(self, note: Note | None, labels: LinkLabels, author: str | None = None) -> None:
        """Show `note`; `author` is the label of who wrote it, in a team notebook."""
        # A search keystroke that keeps the cursor's note re-announces it.
        shown = self._shown
        if shown is not None and shown[0] is note and shown[1] is labels and shown[2] == author:
            return
        self._shown = (note, labels, author)
        self._parts = NO_NOTE if note is None else note_parts(note, labels, author)
        self._lines_width = -1
        self._wrap()
        self.scroll_to(0, 0, animate=False, immediate=True)
        self.refresh()

    def text(self) -> str:
        """Every line of the note, as plain text without the padding, scrolled or not."""
        self._wrap()
        return "\n".join(strip.text.strip() for strip in self._lines)

    def on_resize(self, event: events.Resize) -> None:
        self._lines_width = -1
        self._wrap()

    def notify_style_update(self) -> None:
        # The lines hold the theme's colours (muted text is worked out against the
        # background, so it is resolved here, not left to the terminal): a new theme wraps
        # them again.
        super().notify_style_update()
        self._lines_width = -1

    def render_lines(self, crop: Region) -> list[Strip]:
        self._wrap()
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        row = int(self.scroll_y) + y
        if 0 <= row < len(self._lines):
            return self._lines[row]
        return Strip.blank(width, self.rich_style)

    def _wrap(self) -> None:
        width = self.scrollable_content_region.width
        if width <= 0 or width == self._lines_width:
            return
        self._lines_width = width
        self._lines = self._draw(width)
        size = Size(0, len(self._lines))
        if size != self.virtual_size:
            # `virtual_size` is layout-changing; the preview's own size never follows it.
            self.set_reactive(NotePreview.virtual_size, size)
            self._scroll_update(size)

    def _draw(self, width: int) -> list[Strip]:
        """The note's lines at `width`: one column of padding each side, a blank line
        between parts, none after the head."""
        base = self.rich_style
        inner = max(1, width - 2)
        parts = self._parts
        lines: list[Strip] = []
        pad = Segment(" ", base)

        def add(
            renderable: RenderableType,
            *,
            gap: bool = True,
            left: list[Segment] | None = None,
            right: int = 0,
        ) -> None:
            prefix = left or []
            room = max(1, inner - sum(seg.cell_length for seg in prefix) - right)
            options = self.app.console.options.update(width=room, highlight=False)
            for line in self.app.console.render_lines(renderable, options, style=base, pad=True):
                segments = [pad, *prefix, *line, Segment(" " * (right + 1), base)]
                lines.append(Strip(segments, width))
            if gap:
                lines.append(Strip.blank(width, base))

        head = parts.head.copy()
        head.stylize(self.get_component_rich_style("note-preview--head"))
        add(head, gap=False)
        if parts.meta is not None:
            meta = parts.meta.copy()
            meta.stylize(self.get_component_rich_style("note-preview--meta"))
            add(meta)
        if parts.description:
            add(bounded(parts.description))
        if parts.asides is not None:
            add(self._asides_panel(parts.asides))
        if parts.quotes is not None:
            bar = self.get_component_rich_style("note-preview--quotes-border")
            add(parts.quotes, left=[Segment("▌", base + bar), pad], right=1)
        for part in (parts.links, parts.more):
            if part is not None:
                add(part)
        return lines

    def _asides_panel(self, asides: Text) -> Panel:
        style = self.get_component_rich_style
        title = Text(ASIDES_TITLE, style=style("note-preview--asides-title"))
        return Panel(
            asides,
            box=box.ROUNDED,
            title=title,
            title_align="left",
            border_style=style("note-preview--asides-border"),
            style=style("note-preview--asides"),
            padding=(0, 1),
        )


class NoteReading(VerticalScroll):
    """One note read in full in a dialog: the description rendered as Markdown."""

    DEFAULT_CSS = """
    NoteReading {
        height: 1fr;
        padding: 0 1;
        background: $surface;
        scrollbar-size-vertical: 1;
        scrollbar-gutter: stable;
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

    def compose(self) -> ComposeResult:
        yield Static("", id="preview-head")
        yield Static("", id="preview-meta")
        yield NoteMarkdown(id="preview-description")
        asides = Static("", id="preview-asides")
        asides.border_title = ASIDES_TITLE
        yield asides
        yield Static("", id="preview-quotes")
        yield Static("", id="preview-links")
        yield Static("", id="preview-more")

    def show(self, note: Note, labels: LinkLabels) -> None:
        """Show `note`, opened once: how long its layout takes matters less than its looks."""
        parts = note_parts(note, labels)
        self._set("#preview-head", parts.head)
        self._set("#preview-meta", parts.meta)
        rendered = self.query_one("#preview-description", NoteMarkdown)
        rendered.set_class(not parts.description, "-empty")
        excerpt = parts.description[:PREVIEW_CHARS]
        if len(parts.description) > PREVIEW_CHARS:
            left_out = len(parts.description) - PREVIEW_CHARS
            excerpt += f"\n\n*… ({left_out:,} more characters; open the note to read all)*"
        rendered.update(excerpt)
        self._set("#preview-asides", parts.asides)
        self._set("#preview-quotes", parts.quotes)
        self._set("#preview-links", parts.links)
        self._set("#preview-more", parts.more)
        self.scroll_home(animate=False)

    def _set(self, selector: str, text: Text | None) -> None:
        static = self.query_one(selector, Static)
        static.set_class(text is None, "-empty")
        static.update(text if text is not None else "")

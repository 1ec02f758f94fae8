"""The parts of the write-up form, each a widget named for what it holds.

They take the values they show (an `EditorState`, the suggestions, the codebook's paths) and
hold no notebook; the screen reads them back by id when it saves or keeps a draft.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from textual import events
from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.suggester import SuggestFromList
from textual.validation import ValidationResult, Validator
from textual.widgets import Button, Input, Label, Select, Static

from fieldnotes.domain.model import (
    MAX_NOTE_BYTES,
    MODES,
    Mode,
    Principle,
    PrincipleLink,
    size_label,
)
from fieldnotes.errors import InvalidInput
from fieldnotes.tui.screens.writeup.state import EditorState, parse_when
from fieldnotes.tui.widgets.markdown import NoteMarkdown
from fieldnotes.tui.widgets.passages import CodedTextArea
from fieldnotes.tui.widgets.pickers import ObstacleTagger, PrincipleLinks


class NoteTextArea(CodedTextArea):
    """A text area that refuses a paste taking it past what a note can hold.

    Saving refuses such a note anyway; refusing the paste spares the screen laying out a
    megabyte it could never keep.
    """

    async def _on_paste(self, event: events.Paste) -> None:
        size = len(self.text.encode("utf-8", "surrogatepass"))
        size += len(event.text.encode("utf-8", "surrogatepass"))
        if size > MAX_NOTE_BYTES:
            event.prevent_default()
            event.stop()
            self.notify(
                f"Not pasted: that would make {size_label(size)} of text, and a note can "
                f"hold at most {size_label(MAX_NOTE_BYTES)}.",
                severity="error",
            )


def mode_of(value: object) -> Mode:
    for mode in MODES:
        if value == mode:
            return mode
    return "observe"


class WhenValidator(Validator):
    def validate(self, value: str) -> ValidationResult:
        try:
            parse_when(value)
        except InvalidInput as error:
            return self.failure(str(error))
        return self.success()


class QuoteRow(Horizontal):
    """One verbatim quote and the role of whoever said it."""

    DEFAULT_CSS = """
    QuoteRow {
        height: auto;
        margin: 0 0 1 0;
    }
    QuoteRow .quote-text {
        width: 3fr;
    }
    QuoteRow .quote-role {
        width: 1fr;
        min-width: 14;
        margin: 0 0 0 1;
    }
    QuoteRow .remove-quote {
        width: 3;
        min-width: 3;
        margin: 0 0 0 1;
    }
    """

    def __init__(self, text: str = "", role: str = "") -> None:
        super().__init__()
        self._text = text
        self._role = role

    def compose(self) -> ComposeResult:
        yield Input(
            self._text, placeholder="“Words exactly as said”", compact=True, classes="quote-text"
        )
        yield Input(self._role, placeholder="Speaker's role", compact=True, classes="quote-role")
        yield Button("✕", compact=True, classes="remove-quote", tooltip="Remove this quote")

    @property
    def value(self) -> tuple[str, str]:
        # A row mounted but not yet composed holds only what it was created with.
        texts = self.query(".quote-text").results(Input)
        roles = self.query(".quote-role").results(Input)
        text, role = next(texts, None), next(roles, None)
        return (
            text.value if text is not None else self._text,
            role.value if role is not None else self._role,
        )


class TitleBar(Horizontal):
    """What is being edited (`#writeup-title`) and whether it is kept (`#draft-status`)."""

    def compose(self) -> ComposeResult:
        yield Static(id="writeup-title")
        yield Static(id="draft-status")


class MetaFields(Grid):
    """Mode, when, team, setting and who was present: one labelled line each."""

    def __init__(
        self, state: EditorState, teams: Sequence[str], settings: Sequence[str], *, id: str
    ) -> None:
        super().__init__(id=id)
        self._state = state
        self._teams = list(teams)
        self._settings = list(settings)

    def compose(self) -> ComposeResult:
        state = self._state
        yield Label("Mode")
        yield Select(
            [(m.capitalize(), m) for m in MODES],
            value=state.mode,
            allow_blank=False,
            compact=True,
            id="mode",
        )
        yield Label("When")
        yield Input(
            state.when,
            placeholder="YYYY-MM-DD HH:MM",
            validators=[WhenValidator()],
            valid_empty=False,
            compact=True,
            id="when",
        )
        yield Label("Team")
        yield Input(
            state.team,
            placeholder="Which team",
            suggester=SuggestFromList(self._teams, case_sensitive=False),
            compact=True,
            id="team",
        )
        yield Label("Setting")
        yield Input(
            state.setting,
            placeholder="Home visit, group supervision, duty…",
            suggester=SuggestFromList(self._settings, case_sensitive=False),
            compact=True,
            id="setting",
        )
        yield Label("Present")
        yield Input(
            state.participants,
            placeholder="Roles, comma-separated: social worker, mum, team manager",
            compact=True,
            id="participants",
        )


class DescriptionAndAsides(Horizontal):
    """What was seen (or its rendered preview) beside what the observer made of it.

    Two visibly different areas: the field-note method depends on keeping them apart.
    """

    def __init__(self, description: str, asides: str, *, id: str) -> None:
        super().__init__(id=id)
        self._description = description
        self._asides = asides

    def compose(self) -> ComposeResult:
        with Vertical(id="description-pane"):
            yield NoteTextArea(
                self._description,
                placeholder="What was seen and heard, in order. Markdown.",
                id="description",
            )
            with VerticalScroll(id="preview-scroll"):
                yield NoteMarkdown(id="preview")
        yield NoteTextArea(
            self._asides,
            placeholder="Hunches, feelings, interpretation — kept apart from the description.",
            id="asides",
            classes="writeup-only",
        )


class QuotesSection(Vertical):
    """The quotes, one `QuoteRow` each, and a button for another."""

    def __init__(self, quotes: Sequence[tuple[str, str]], *, id: str, classes: str) -> None:
        super().__init__(id=id, classes=classes)
        self._quotes = list(quotes)

    def compose(self) -> ComposeResult:
        yield Label("Quotes — verbatim, with the speaker's role", classes="section-title")
        with Vertical(id="quotes"):
            for text, role in self._quotes:
                yield QuoteRow(text, role)
        yield Button("+ Quote", id="add-quote", compact=True)


class LinksSection(Horizontal):
    """The practice principles the note links and the systems obstacles it tags."""

    def __init__(
        self,
        principles: Mapping[str, Principle],
        framework_names: Mapping[str, str],
        links: list[PrincipleLink],
        obstacle_paths: Mapping[str, str],
        obstacle_ids: list[str],
        *,
        id: str,
    ) -> None:
        super().__init__(id=id)
        self._principles = principles
        self._framework_names = framework_names
        self._links = links
        self._obstacle_paths = obstacle_paths
        self._obstacle_ids = obstacle_ids

    def compose(self) -> ComposeResult:
        with Vertical(id="principles-section"):
            yield Label("Practice principles", classes="section-title")
            yield PrincipleLinks(
                self._principles, self._framework_names, self._links, id="principles"
            )
        with Vertical(id="obstacles-section"):
            yield Label("Systems obstacles", classes="section-title")
            yield ObstacleTagger(self._obstacle_paths, self._obstacle_ids, id="obstacles")

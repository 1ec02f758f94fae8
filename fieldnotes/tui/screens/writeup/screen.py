"""The write-up editor: one note, every field, with nothing typed ever lost.

Description and asides sit in separate, visibly different areas because the field-note method
depends on keeping what was seen apart from what the observer made of it. Unsaved work is
sealed into a draft a moment after each change, so a crash, a kill or an auto-lock costs at
most that moment.

| Key      | What it does                                        |
|----------|-----------------------------------------------------|
| ctrl+s   | save the note and close (names in the people map are offered for replacing first) |
| escape   | close; asks save (y) / discard (n) / keep editing   |
| f2       | rendered preview of the description, and back       |
| f3       | link a practice principle                           |
| f4       | add a quote row                                     |
| f5       | tag a systems obstacle                              |
| f8       | expand a jotting into a write-up, in place          |
| f12      | move the note to the trash (asks first)             |

f6 and f7 are left alone: the text areas use them to select a line and select all.
"""

from __future__ import annotations

import contextlib
import time
import uuid
from collections.abc import Callable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.events import Resize
from textual.reactive import var
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Button, Input, Select, Static, TextArea

from fieldnotes.domain.model import PASSAGE_FIELDS, NoteDraft, PrincipleLink, Stage
from fieldnotes.errors import FieldnotesError
from fieldnotes.notebook import Notebook
from fieldnotes.terminal import printable_line
from fieldnotes.tui.dialogs.passage import PassageCoding
from fieldnotes.tui.dialogs.pickers import CreateObstacleScreen, NewObstacle, PrinciplePickerScreen
from fieldnotes.tui.dialogs.tag import tag_targets
from fieldnotes.tui.format import LinkLabels
from fieldnotes.tui.messages import DraftClosed, DraftOpened
from fieldnotes.tui.providers import WriteUpCommands
from fieldnotes.tui.screens.writeup.bindings import WRITEUP_BINDINGS
from fieldnotes.tui.screens.writeup.closing import ClosingPart
from fieldnotes.tui.screens.writeup.drafts import DraftKeepingPart
from fieldnotes.tui.screens.writeup.fields import (
    DescriptionAndAsides,
    LinksSection,
    MetaFields,
    NoteTextArea,
    QuoteRow,
    QuotesSection,
    TitleBar,
    mode_of,
)
from fieldnotes.tui.screens.writeup.opening import open_for_editing
from fieldnotes.tui.screens.writeup.state import EditorState
from fieldnotes.tui.screens.writeup.styles import WRITEUP_CSS
from fieldnotes.tui.widgets.footer import KeysFooter
from fieldnotes.tui.widgets.markdown import NoteMarkdown
from fieldnotes.tui.widgets.passages import CodedTextArea, PassageList
from fieldnotes.tui.widgets.pickers import ObstacleTagger, PrincipleLinks

WIDE_AT = 120
"""Terminal width from which description and asides sit side by side."""
MARKDOWN_PREVIEW_CHARS = 8_000
MARKDOWN_PREVIEW_LINES = 120
"""The most of the description the rendered preview (F2) lays out."""


class WriteUpScreen(DraftKeepingPart, ClosingPart, Screen[str | None]):
    """Edit one note (new, existing, or restored from a draft); dismisses with the saved id."""

    DEFAULT_CSS = WRITEUP_CSS

    COMMANDS: ClassVar = {WriteUpCommands}
    BINDINGS: ClassVar[list[BindingType]] = WRITEUP_BINDINGS

    DRAFT_DELAY: ClassVar[float] = 1.5
    """Seconds after the last change before unsaved work is sealed into a draft."""

    DRAFT_MAX_WAIT: ClassVar[float] = 3.0
    """Seconds of steady typing after which the draft is sealed anyway, at the next change:
    waiting for a pause alone would leave a long burst of typing unkept."""

    stage: var[Stage] = var[Stage]("write-up", init=False)
    """Jotting or write-up; a jotting shows only the fields a jotting needs."""

    previewing: var[bool] = var(False, init=False)
    """Whether the description shows rendered Markdown instead of the text being edited."""

    def __init__(
        self,
        notebook: Notebook,
        note_id: str | None = None,
        *,
        draft_id: str | None = None,
        initial: NoteDraft | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self._notebook = notebook
        self._clock = clock
        self._unsaved_since: float | None = None
        """When the first change not yet in a draft was made."""
        self._draft_id = draft_id or str(uuid.uuid4())
        self._done = False
        self._draft_timer: Timer | None = None
        self._latest: EditorState | None = None
        self._shown_status: tuple[str, str] = ("", "")
        self._passages: PassageCoding | None = None
        """The coded passages of the description and asides, once the form is mounted."""
        opening = open_for_editing(notebook, note_id, draft_id, initial)
        self._note_id = opening.note_id
        self._author = self._author_of(self._note_id)
        """Who wrote the note, in a team notebook (their label); None otherwise."""
        self._draft_saved = opening.draft_saved
        """A draft with this id is in the notebook (ours, or the one we were opened with)."""
        self._restored = opening.restored
        self._problem = opening.problem
        self._warning = opening.warning
        self._damaged = opening.damaged
        """Some sealed fields failed to open; saving would overwrite them with blanks."""
        self._base = opening.base
        self._start = opening.start
        self._baseline: EditorState = opening.base
        self._teams = opening.teams
        self._settings = opening.settings
        self.set_reactive(WriteUpScreen.stage, self._start.stage)

    # ------------------------------------------------------------------------ compose

    def compose(self) -> ComposeResult:
        if self._problem is not None:
            # Nothing to edit (the note is gone, or the notebook locked): say so and close.
            yield Static(Content(self._problem), id="writeup-title")
            return
        state = self._start
        # Classes that shape the layout are set before the widgets mount: changing them later
        # restyles every widget in the form, which is what makes a screen slow to open.
        self.set_class(self.app.size.width >= WIDE_AT, "-wide")
        self.set_class(self.stage == "jotting", "-jotting")
        yield TitleBar(id="title-bar")
        with VerticalScroll(id="form"):
            yield Static(
                "A jotting: quick notes from the field. f8 expands it into a write-up — "
                "its text stays as the start of the description.",
                id="jotting-banner",
            )
            yield MetaFields(state, self._teams, self._settings, id="meta")
            yield Static("", id="when-error")
            yield Static(
                "Roles only, never names — these notes must not identify anyone.",
                classes="hint",
            )
            yield DescriptionAndAsides(state.description, state.asides, id="body")
            yield QuotesSection(state.quotes, id="quotes-section", classes="writeup-only")
            yield NoteTextArea(
                state.consent,
                placeholder="How your role was explained; what people agreed to.",
                id="consent",
                classes="writeup-only",
            )
            yield NoteTextArea(
                state.follow_up,
                placeholder="Questions to follow up, people to ask, things to re-observe.",
                id="follow-up",
                classes="writeup-only",
            )
            yield LinksSection(
                self._notebook.principles(),
                {f.id: f.short_name for f in self._notebook.frameworks()},
                [self._link(p, s) for p, s in state.principles],
                self._notebook.obstacle_tree().paths(),
                state.obstacle_ids,
                id="links",
            )
            yield Static(id="form-end")
        yield KeysFooter()

    @staticmethod
    def _link(principle_id: str, stance: str) -> PrincipleLink:
        return PrincipleLink(principle_id, "at-risk" if stance == "at-risk" else "honoured")

    def on_mount(self) -> None:
        if self._problem is not None:
            self.notify(self._problem, severity="error")
            self._done = True
            self.dismiss(None)
            return
        self.app.post_message(DraftOpened(self))
        if self._warning is not None:
            self.notify(self._warning, severity="warning", timeout=8)
        self.query_one("#description", TextArea).border_title = "Description — what happened"
        self.query_one("#preview-scroll").border_title = "Preview — f2 to edit"
        self.query_one("#asides", TextArea).border_title = "Asides & interpretation"
        self.query_one("#consent", TextArea).border_title = "Consent & how your role was explained"
        self.query_one("#follow-up", TextArea).border_title = "Follow-up questions"
        # Write-up sections that already hold words stay visible on a jotting.
        start = self._start
        for selector, present in (
            ("#asides", start.asides),
            ("#quotes-section", start.quotes),
            ("#consent", start.consent),
            ("#follow-up", start.follow_up),
        ):
            if present:
                self.query_one(selector).remove_class("writeup-only")
        self._apply_stage()
        self._passages = self._passage_coding()
        self._baseline = self._base if self._restored else self._read_state()
        self._latest = self._read_state()
        self._show_status()
        if not self._start.team and self._note_id is None:
            self.query_one("#team", Input).focus()
        else:
            self.query_one("#description", TextArea).focus()

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width >= WIDE_AT, "-wide")

    # -------------------------------------------------------------------- state

    def _read_state(self) -> EditorState:
        mode = self.query_one("#mode", Select).value
        links = self.query_one(PrincipleLinks).links
        return EditorState(
            mode=mode_of(mode),
            stage=self.stage,
            when=self.query_one("#when", Input).value,
            team=self.query_one("#team", Input).value,
            setting=self.query_one("#setting", Input).value,
            participants=self.query_one("#participants", Input).value,
            description=self.query_one("#description", TextArea).text,
            asides=self.query_one("#asides", TextArea).text,
            quotes=[row.value for row in self.query(QuoteRow)],
            consent=self.query_one("#consent", TextArea).text,
            follow_up=self.query_one("#follow-up", TextArea).text,
            principles=[(link.principle_id, link.stance) for link in links],
            obstacle_ids=self.query_one(ObstacleTagger).obstacle_ids,
            passages=self._passages.passages if self._passages else self._start.passages,
        )

    def _is_dirty(self, state: EditorState) -> bool:
        return self._restored or state.edited_from(self._baseline)

    @property
    def note_id(self) -> str | None:
        """The note being edited, or None for a note not yet saved."""
        return self._note_id

    @property
    def draft_id(self) -> str:
        """The id under which unsaved work is kept as a draft."""
        return self._draft_id

    def _author_of(self, note_id: str | None) -> str | None:
        if note_id is None:
            return None
        try:
            return self._notebook.author_of(note_id)
        except FieldnotesError:
            return None

    def _show_status(self) -> None:
        state = self._latest or self._start
        parts = [
            ("New " if self._note_id is None else "")
            + ("jotting" if self.stage == "jotting" else "write-up"),
            state.mode,
        ]
        if state.when.strip():
            parts.append(state.when.strip())
        if state.team.strip():
            parts.append(state.team.strip())
        if self._author:
            parts.append(f"by {printable_line(self._author)}")
        title = " · ".join(parts)
        title = title[0].upper() + title[1:]
        if self._latest is not None and self._is_dirty(self._latest):
            status = "unsaved · kept as a draft" if self._draft_saved else "unsaved"
        else:
            status = ""
        # Updating on every keystroke would re-layout the screen each time; only on change.
        if (title, status) != self._shown_status:
            self._shown_status = (title, status)
            self.query_one("#writeup-title", Static).update(Content(title))
            self.query_one("#draft-status", Static).update(status)

    def _apply_stage(self) -> None:
        jotting = self.stage == "jotting"
        self.set_class(jotting, "-jotting")
        description = self.query_one("#description", TextArea)
        description.border_title = "Jotting" if jotting else "Description — what happened"
        self.refresh_bindings()

    # ------------------------------------------------------------------- editing

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    @on(PrincipleLinks.Changed)
    @on(ObstacleTagger.Changed)
    def _edited(self) -> None:
        if self._done or not self.is_mounted:
            return
        self._latest = self._read_state()
        self._show_status()
        self._schedule_draft()

    @on(Input.Changed, "#when")
    def _when_changed(self, event: Input.Changed) -> None:
        error = self.query_one("#when-error", Static)
        result = event.validation_result
        failed = result is not None and not result.is_valid
        error.set_class(failed, "-shown")
        if failed and result is not None:
            error.update(Content(result.failure_descriptions[0]))

    def on_unmount(self) -> None:
        self.app.post_message(DraftClosed(self))
        # Leaving without save or discard (the app quitting): keep what the last change left.
        if self._done:
            return
        if self._draft_timer is not None:
            self._draft_timer.stop()
        with contextlib.suppress(FieldnotesError):
            # The widgets are already gone: write what the last change left, show nothing.
            self._write_draft(show=False)

    # ------------------------------------------------------------------- actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "expand":
            return self.stage == "jotting"
        if action == "trash":
            # A note never saved has nothing to put in the trash: closing discards it.
            return True if self._note_id is not None else None
        return True

    def watch_previewing(self, previewing: bool) -> None:
        self.set_class(previewing, "-previewing")
        if previewing:
            text = self.query_one("#description", TextArea).text
            if not text.strip():
                text = "*Nothing written yet.*"
            else:
                # Every block of Markdown becomes a widget: a long note would stall the screen.
                shown = "\n".join(
                    text[:MARKDOWN_PREVIEW_CHARS].split("\n")[:MARKDOWN_PREVIEW_LINES]
                )
                if len(shown) < len(text):
                    text = (
                        f"{shown}\n\n*… ({len(text) - len(shown):,} more characters are not "
                        "shown in the preview; they are all in the note)*"
                    )
            self.query_one("#preview", NoteMarkdown).update(text)
            self.query_one("#preview-scroll").focus()
        else:
            self.query_one("#description", TextArea).focus()

    def action_toggle_preview(self) -> None:
        self.previewing = not self.previewing

    def action_add_principle(self) -> None:
        self.query_one(PrincipleLinks).open_picker()

    @on(PrincipleLinks.PickWanted)
    def _pick_principle(self, event: PrincipleLinks.PickWanted) -> None:
        event.stop()
        self.app.push_screen(PrinciplePickerScreen(self._notebook), event.links.picked)

    @on(ObstacleTagger.CreateWanted)
    def _create_obstacle(self, event: ObstacleTagger.CreateWanted) -> None:
        """A new obstacle typed in the tagger: "Parent/New name" where Parent exists goes
        under that parent."""
        event.stop()
        tagger, text = event.tagger, event.text
        name, parent_id = text, None
        if "/" in text:
            parent_text, _, leaf = text.rpartition("/")
            try:
                parent_id = self._notebook.find_obstacle(parent_text).id
                name = leaf.strip()
            except FieldnotesError:
                name, parent_id = text.replace("/", " ").strip(), None

        def answered(answer: NewObstacle | None) -> None:
            if answer is None:
                tagger.created(None, {})
                return
            try:
                obstacle = self._notebook.add_obstacle(answer.name, parent_id=answer.parent_id)
            except FieldnotesError as error:
                self.notify(str(error), severity="error")
                return
            tagger.created(obstacle.id, self._notebook.obstacle_tree().paths())

        self.app.push_screen(CreateObstacleScreen(self._notebook, name, parent_id), answered)

    async def action_add_quote(self) -> None:
        section = self.query_one("#quotes-section")
        section.remove_class("writeup-only")
        row = QuoteRow()
        # Awaited: the row's inputs exist before the next key (a second f4) is handled.
        await self.query_one("#quotes").mount(row)
        row.query_one(".quote-text", Input).focus()
        self.call_after_refresh(row.scroll_visible)
        self._edited()

    @on(Button.Pressed, "#add-quote")
    async def _add_quote_pressed(self) -> None:
        await self.action_add_quote()

    @on(Button.Pressed, ".remove-quote")
    async def _remove_quote(self, event: Button.Pressed) -> None:
        row = next(a for a in event.button.ancestors if isinstance(a, QuoteRow))
        await row.remove()
        self._edited()

    # ------------------------------------------------------------------- passages

    def _passage_coding(self) -> PassageCoding:
        """The passages of the description and asides, listed under the text (not in compose:
        nothing to lay out for a note without any until one is coded)."""
        listing = PassageList(id="passages")
        self.query_one("#form", VerticalScroll).mount(listing, after="#body")
        coding = PassageCoding(
            self,
            {f: self.query_one(f"#{f}", NoteTextArea) for f in PASSAGE_FIELDS},
            listing,
            LinkLabels.from_notebook(self._notebook),
            tag_targets(self._notebook),
            changed=self._edited,
        )
        coding.show(self._start.passages)
        return coding

    def action_code_passage(self) -> None:
        if self._passages is not None:
            self._passages.code_selection()

    @on(PassageList.Retag)
    def _retag_passage(self, event: PassageList.Retag) -> None:
        if self._passages is not None:
            self._passages.retag(event.passage_id)

    @on(PassageList.Remove)
    def _remove_passage(self, event: PassageList.Remove) -> None:
        if self._passages is not None:
            self._passages.remove(event.passage_id)

    @on(CodedTextArea.PassagesMoved)
    def _passages_moved(self, event: CodedTextArea.PassagesMoved) -> None:
        if self._passages is not None:
            self._passages.moved(event)

    def action_tag_obstacle(self) -> None:
        entry = self.query_one("#obstacle-input", Input)
        entry.focus()
        entry.scroll_visible()

    def action_expand(self) -> None:
        if self.stage != "jotting":
            return
        self.stage = "write-up"
        description = self.query_one("#description", TextArea)
        text = description.text.rstrip()
        # The jotting's words become the opening of the write-up, with room to continue.
        description.text = f"{text}\n\n" if text else ""
        description.move_cursor(description.document.end)
        self.previewing = False
        description.focus()
        self.notify("Expanded into a write-up; save to keep it.")

    def watch_stage(self) -> None:
        if self.is_mounted:
            self._apply_stage()
            self._edited()

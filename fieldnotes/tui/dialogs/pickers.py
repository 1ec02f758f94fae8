"""The two choosing dialogs behind the note's link widgets: a principle with a stance, and a new
obstacle for a name not yet in the codebook."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, RadioButton, RadioSet, Select, Static
from textual.widgets.option_list import Option

from fieldnotes.domain.model import Principle, PrincipleLink, Stance
from fieldnotes.notebook import Notebook

STANCE_LABELS: dict[str, str] = {"honoured": "honoured", "at-risk": "at risk"}


def stance_content(stance: str) -> Content:
    """A stance as a small coloured badge, so honoured and at-risk read apart at a glance."""
    if stance == "at-risk":
        return Content.from_markup("[b $text-error]▼ at risk[/]")
    return Content.from_markup("[b $text-success]▲ honoured[/]")


def principle_label(principle: Principle, short_names: dict[str, str]) -> Content:
    """`KSS-PL 3  Design a system that supports practice` with the framework dimmed."""
    short = short_names.get(principle.framework_id, principle.framework_id)
    return Content.from_markup(
        "[$text-muted]$short[/] [b]$code[/]  $title",
        short=short,
        code=principle.code,
        title=principle.title,
    )


class PrinciplePickerScreen(ModalScreen[PrincipleLink | None]):
    """Search every loaded framework's principles and pick one with a stance."""

    DEFAULT_CSS = """
    PrinciplePickerScreen {
        align: center middle;
    }
    PrinciplePickerScreen > #picker {
        width: 90%;
        max-width: 110;
        height: 90%;
        max-height: 32;
        border: thick $accent;
        background: $surface;
        padding: 0 1;
    }
    PrinciplePickerScreen #picker-title {
        text-style: bold;
    }
    PrinciplePickerScreen #principle-options {
        height: 1fr;
        margin: 1 0 0 0;
    }
    PrinciplePickerScreen #principle-detail {
        height: auto;
        max-height: 3;
        color: $text-muted;
        padding: 0 1;
        margin: 1 0 0 0;
    }
    PrinciplePickerScreen #stance-row {
        height: auto;
        margin: 1 0 0 0;
    }
    PrinciplePickerScreen #stance-label {
        width: auto;
        color: $text-muted;
        padding: 0 1 0 0;
    }
    PrinciplePickerScreen #stance {
        width: 1fr;
        layout: horizontal;
        border: none;
        padding: 0;
        background: transparent;
    }
    PrinciplePickerScreen #stance RadioButton {
        width: auto;
        margin: 0 2 0 0;
    }
    PrinciplePickerScreen #stance-row Button {
        width: auto;
        min-width: 8;
        margin: 0 0 0 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="picker.cancel", tooltip="Close without linking"),
        Binding(
            "ctrl+r",
            "toggle_stance",
            "Stance",
            id="picker.stance",
            tooltip="Switch between stance honoured and stance at risk",
        ),
        Binding(
            "down",
            "move(1)",
            "Next",
            show=False,
            id="picker.down",
            tooltip="Highlight the next principle",
        ),
        Binding(
            "up",
            "move(-1)",
            "Previous",
            show=False,
            id="picker.up",
            tooltip="Highlight the previous principle",
        ),
    ]

    def __init__(self, notebook: Notebook, stance: Stance = "honoured") -> None:
        super().__init__()
        self._frameworks = notebook.frameworks()
        self._short_names = {f.id: f.short_name for f in self._frameworks}
        self._principles = [p for f in self._frameworks for p in f.principles]
        names = {f.id: f"{f.short_name} {f.name}" for f in self._frameworks}
        self._titles = {
            p.id: f"{names[p.framework_id]} {p.code} {p.title}".casefold() for p in self._principles
        }
        self._descriptions = {p.id: p.description.casefold() for p in self._principles}
        self._stance: Stance = stance

    def compose(self) -> ComposeResult:
        with Vertical(id="picker"):
            yield Label("Link a practice principle", id="picker-title")
            yield Input(
                placeholder="Search by framework, code or words — Enter links the highlighted one",
                id="principle-search",
            )
            yield OptionList(id="principle-options")
            yield Static("", id="principle-detail")
            with Horizontal(id="stance-row"):
                yield Label("Stance (ctrl+r)", id="stance-label")
                with RadioSet(id="stance", compact=True):
                    yield RadioButton(
                        "honoured", value=self._stance == "honoured", id="stance-honoured"
                    )
                    yield RadioButton(
                        "at risk", value=self._stance == "at-risk", id="stance-at-risk"
                    )
                yield Button("Link", variant="primary", compact=True, id="picker-link")
                yield Button("Cancel", compact=True, id="picker-cancel")

    def on_mount(self) -> None:
        self._filter("")
        self.query_one("#principle-search", Input).focus()

    def _matching(self, query: str) -> list[Principle]:
        words = query.casefold().split()
        if not words:
            return list(self._principles)
        # Titles and codes first; words found only in a description come after, so a search
        # for "voice" ranks "Child's voice" above a principle that merely mentions voices.
        first = [p for p in self._principles if all(w in self._titles[p.id] for w in words)]
        rest = [
            p
            for p in self._principles
            if p not in first
            and all(w in f"{self._titles[p.id]} {self._descriptions[p.id]}" for w in words)
        ]
        return first + rest

    def _filter(self, query: str) -> None:
        options = self.query_one("#principle-options", OptionList)
        options.set_options(
            Option(principle_label(p, self._short_names), id=p.id) for p in self._matching(query)
        )
        if options.option_count:
            options.highlighted = 0
        self._show_detail()

    def _show_detail(self) -> None:
        options = self.query_one("#principle-options", OptionList)
        detail = self.query_one("#principle-detail", Static)
        if options.highlighted is None:
            detail.update("No principle matches that search.")
            return
        option_id = options.get_option_at_index(options.highlighted).id
        principle = next(p for p in self._principles if p.id == option_id)
        detail.update(Content(principle.description or principle.title))

    @on(Input.Changed, "#principle-search")
    def _search_changed(self, event: Input.Changed) -> None:
        self._filter(event.value)

    @on(OptionList.OptionHighlighted, "#principle-options")
    def _highlighted(self) -> None:
        self._show_detail()

    @on(Input.Submitted, "#principle-search")
    @on(OptionList.OptionSelected, "#principle-options")
    @on(Button.Pressed, "#picker-link")
    def _link(self) -> None:
        options = self.query_one("#principle-options", OptionList)
        if options.highlighted is None:
            self.notify("Pick a principle first.", severity="warning")
            return
        option_id = options.get_option_at_index(options.highlighted).id
        assert option_id is not None
        self.dismiss(PrincipleLink(option_id, self._stance))

    @on(RadioSet.Changed, "#stance")
    def _stance_changed(self, event: RadioSet.Changed) -> None:
        self._stance = "at-risk" if event.pressed.id == "stance-at-risk" else "honoured"

    @on(Button.Pressed, "#picker-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_toggle_stance(self) -> None:
        target = "stance-honoured" if self._stance == "at-risk" else "stance-at-risk"
        self.query_one(f"#{target}", RadioButton).value = True

    def action_move(self, step: int) -> None:
        options = self.query_one("#principle-options", OptionList)
        if step > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()


@dataclass(frozen=True, slots=True)
class NewObstacle:
    """What the person asked `CreateObstacleScreen` to create."""

    name: str
    parent_id: str | None


class CreateObstacleScreen(ModalScreen[NewObstacle | None]):
    """Offered when a typed obstacle is not in the codebook: create it, optionally as a child."""

    DEFAULT_CSS = """
    CreateObstacleScreen {
        align: center middle;
    }
    CreateObstacleScreen > #create-dialog {
        width: 90%;
        max-width: 80;
        height: auto;
        border: thick $accent;
        background: $surface;
        padding: 0 1;
    }
    CreateObstacleScreen #create-question {
        padding: 0 0 1 0;
    }
    CreateObstacleScreen .field-label {
        color: $text-muted;
        margin: 1 0 0 0;
    }
    CreateObstacleScreen #create-buttons {
        height: auto;
        align-horizontal: right;
        margin: 1 0 0 0;
    }
    CreateObstacleScreen #create-buttons Button {
        margin: 0 0 0 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="create.cancel", tooltip="Do not create it"),
    ]

    def __init__(self, notebook: Notebook, name: str, parent_id: str | None = None) -> None:
        super().__init__()
        self._typed_name = name
        self._parent_id = parent_id
        self._parents = [(notebook.obstacle_path(o.id), o.id) for o in notebook.obstacles()]

    def compose(self) -> ComposeResult:
        with Vertical(id="create-dialog"):
            yield Static(
                Content.from_markup(
                    "[b]“$name”[/] is not in the codebook yet. Create it as a new obstacle?",
                    name=self._typed_name,
                ),
                id="create-question",
            )
            yield Label("Name", classes="field-label")
            yield Input(self._typed_name, id="new-obstacle-name")
            yield Label("Under (leave blank for a new top-level category)", classes="field-label")
            yield Select(
                self._parents,
                prompt="(top level)",
                value=self._parent_id if self._parent_id is not None else Select.NULL,
                id="new-obstacle-parent",
            )
            with Horizontal(id="create-buttons"):
                yield Button("Create", variant="primary", id="create-obstacle")
                yield Button("Cancel", id="cancel-create")

    def on_mount(self) -> None:
        self.query_one("#new-obstacle-name", Input).focus()

    @on(Input.Submitted, "#new-obstacle-name")
    @on(Button.Pressed, "#create-obstacle")
    def _create(self) -> None:
        name = self.query_one("#new-obstacle-name", Input).value.strip()
        if not name:
            self.notify("An obstacle needs a name.", severity="error")
            return
        parent = self.query_one("#new-obstacle-parent", Select).value
        self.dismiss(NewObstacle(name, parent if isinstance(parent, str) else None))

    @on(Button.Pressed, "#cancel-create")
    def action_cancel(self) -> None:
        self.dismiss(None)

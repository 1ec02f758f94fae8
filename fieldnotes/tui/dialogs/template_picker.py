"""Choose a template for a recurring setting; the new write-up opens pre-filled from it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from fieldnotes.domain.templates import Template
from fieldnotes.terminal import printable_line
from fieldnotes.tui.widgets.footer import KeysFooter


class TemplatePickerScreen(ModalScreen[Template | None]):
    """Dismisses with the chosen template, or None."""

    DEFAULT_CSS = """
    TemplatePickerScreen {
        align: center middle;
        & > Vertical {
            width: 72;
            max-width: 100%;
            height: auto;
            max-height: 100%;
            border: round $accent;
            border-title-style: bold;
            background: $surface;
            padding: 0 1;
        }
        & OptionList { height: auto; max-height: 12; border: none; padding: 0; }
        & #template-detail { height: auto; color: $text-muted; margin: 1 0 0 0; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="template.cancel", tooltip="No template"),
    ]

    def __init__(self, templates: Sequence[Template]) -> None:
        super().__init__()
        self.templates = list(templates)

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "New write-up from a template"
            box.border_subtitle = "enter opens it pre-filled · esc cancels"
            yield OptionList(
                *(
                    Option(Text(printable_line(t.name)), id=str(index))
                    for index, t in enumerate(self.templates)
                ),
                id="templates",
            )
            yield Static("", id="template-detail")
        yield KeysFooter()

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.focus()
        if self.templates:
            options.highlighted = 0

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        template = self.templates[int(event.option.id or 0)]
        detail = Text()
        detail.append(f"{template.mode} · {printable_line(template.setting or '—')}\n")
        if template.participants:
            detail.append("Participants: " + printable_line(", ".join(template.participants)))
            detail.append("\n")
        detail.append(f"{len(template.prompts)} prompts · principles: ")
        detail.append(printable_line(", ".join(template.principles) or "none"))
        self.query_one("#template-detail", Static).update(detail)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.templates[int(event.option.id or 0)])

    def action_cancel(self) -> None:
        self.dismiss(None)

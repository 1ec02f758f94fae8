"""Tag notes with an obstacle or a principle: type to narrow, arrows to pick, enter to apply."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Generic, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, RadioButton, RadioSet, Static
from textual.widgets.option_list import Option

from fieldnotes.domain.model import PrincipleLink, Stance
from fieldnotes.errors import FieldnotesError
from fieldnotes.notebook import Notebook
from fieldnotes.tui.format import STANCE_GLYPHS, LinkLabels
from fieldnotes.tui.widgets.footer import KeysFooter


@dataclass(frozen=True, slots=True)
class TagTarget:
    kind: str
    """"obstacle" or "principle"."""
    target_id: str
    label: str
    search_text: str


Result = TypeVar("Result")


def tag_targets(notebook: Notebook) -> list[TagTarget]:
    """Every obstacle (by path) and every principle (chip and title), in codebook order."""
    labels = LinkLabels.from_notebook(notebook)
    targets = [
        TagTarget("obstacle", o.id, labels.obstacle_path(o.id), labels.obstacle_path(o.id))
        for o in notebook.obstacles()
    ]
    for principle in notebook.principles().values():
        chip = labels.principle_chip(PrincipleLink(principle.id)).rstrip(" ✓✗")
        targets.append(
            TagTarget(
                "principle",
                principle.id,
                f"{chip}  {principle.title}",
                f"{chip} {principle.title} {principle.id}",
            )
        )
    return targets


def matching(targets: list[TagTarget], query: str) -> list[TagTarget]:
    words = query.casefold().split()
    return [t for t in targets if all(word in t.search_text.casefold() for word in words)]


class TargetChooser(ModalScreen[Result | None], Generic[Result]):
    """Type to narrow the codebook's obstacles and principles, arrows to pick, a stance for a
    principle; what enter does is the subclass's (`action_apply`).

    The widgets are the subclass's to compose, named `#{PREFIX}-search`, `#{PREFIX}-options`
    and `#{PREFIX}-stance` (with `#honoured` and `#at-risk` buttons).
    """

    PREFIX: ClassVar[str]

    def __init__(self, targets: list[TagTarget]) -> None:
        super().__init__()
        self._targets = targets
        self._shown: list[TagTarget] = []

    def on_mount(self) -> None:
        self._fill("")
        self.query_one(f"#{self.PREFIX}-search", Input).focus()

    @on(Input.Changed)
    def _search(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @property
    def _options(self) -> OptionList:
        return self.query_one(f"#{self.PREFIX}-options", OptionList)

    def _fill(self, query: str) -> None:
        self._shown = matching(self._targets, query)
        option_list = self._options
        option_list.clear_options()
        option_list.add_options(
            Option(
                Text(f"{'▸' if t.kind == 'obstacle' else '◆'} {t.label}"),
                id=f"{t.kind}:{t.target_id}",
            )
            for t in self._shown
        )
        if self._shown:
            option_list.highlighted = 0

    @property
    def stance(self) -> Stance:
        pressed = self.query_one(f"#{self.PREFIX}-stance", RadioSet).pressed_button
        return "at-risk" if pressed is not None and pressed.id == "at-risk" else "honoured"

    @property
    def chosen(self) -> TagTarget | None:
        """The highlighted target, or None when nothing matches."""
        index = self._options.highlighted
        return None if index is None or not self._shown else self._shown[index]

    def action_toggle_stance(self) -> None:
        target = "honoured" if self.stance == "at-risk" else "at-risk"
        self.query_one(f"#{target}", RadioButton).value = True

    def action_move(self, step: int) -> None:
        option_list = self._options
        if option_list.option_count == 0:
            return
        current = option_list.highlighted if option_list.highlighted is not None else -step
        option_list.highlighted = max(0, min(current + step, option_list.option_count - 1))

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(OptionList.OptionSelected)
    @on(Input.Submitted)
    def _chosen(self) -> None:
        self.action_apply()

    def action_apply(self) -> None:
        raise NotImplementedError


class TagScreen(TargetChooser[str]):
    """Dismisses with a one-line summary of what was tagged, or None when cancelled."""

    DEFAULT_CSS = """
    TagScreen {
        align: center middle;
        & > Vertical {
            width: 90;
            max-width: 100%;
            height: 90%;
            max-height: 100%;
            border: round $primary;
            border-title-style: bold;
            background: $surface;
            padding: 0 1;
        }
        & Input { margin: 0 0 1 0; }
        & OptionList { height: 1fr; }
        & RadioSet { layout: horizontal; width: 1fr; margin: 1 0 0 0; border: none; padding: 0; }
        & RadioSet > RadioButton { width: auto; margin: 0 2 0 0; }
        & #tag-error { color: $text-error; height: auto; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "apply", "Tag", id="tag.apply", tooltip="Tag the notes with this"),
        Binding(
            "ctrl+r",
            "toggle_stance",
            "Stance",
            id="tag.stance",
            tooltip="For a principle: switch between honoured (✓) and at risk (✗)",
        ),
        Binding("down", "move(1)", "Next", show=False, id="tag.next", tooltip="Next match"),
        Binding("up", "move(-1)", "Previous", show=False, id="tag.prev", tooltip="Previous match"),
        Binding("escape", "cancel", "Cancel", id="tag.cancel", tooltip="Close without tagging"),
    ]

    PREFIX = "tag"

    def __init__(self, notebook: Notebook, note_ids: list[str]) -> None:
        super().__init__(tag_targets(notebook))
        self.notebook = notebook
        self.note_ids = list(note_ids)

    def compose(self) -> ComposeResult:
        count = len(self.note_ids)
        with Vertical() as box:
            box.border_title = f"Tag {count} note{'s' if count != 1 else ''}"
            box.border_subtitle = "↑↓ choose · enter tags · ctrl+r stance · esc cancels"
            yield Input(
                placeholder="Type to find an obstacle (▸) or a principle (◆)",
                id="tag-search",
                tooltip="Words in any order; ↑/↓ choose, enter tags",
            )
            yield OptionList(id="tag-options")
            with RadioSet(id="tag-stance"):
                yield RadioButton(
                    f"{STANCE_GLYPHS['honoured']} honoured", value=True, id="honoured"
                )
                yield RadioButton(f"{STANCE_GLYPHS['at-risk']} at risk", id="at-risk")
            yield Static("", id="tag-error")
        yield KeysFooter()

    def action_apply(self) -> None:
        target = self.chosen
        if target is None:
            self.query_one("#tag-error", Static).update("Nothing matches: change the search.")
            return
        try:
            if target.kind == "obstacle":
                self.notebook.tag_notes(self.note_ids, obstacle_id=target.target_id)
                summary = f"▸ {target.label}"
            else:
                link = PrincipleLink(target.target_id, self.stance)
                self.notebook.tag_notes(self.note_ids, principle=link)
                summary = f"{target.label} ({self.stance})"
        except FieldnotesError as error:
            self.query_one("#tag-error", Static).update(Text(str(error)))
            return
        count = len(self.note_ids)
        self.dismiss(f"Tagged {count} note{'s' if count != 1 else ''}: {summary}")

"""Linking a note to practice principles and to systems obstacles.

Two form widgets (`PrincipleLinks`, `ObstacleTagger`) hold a note's links and post `Changed`
when they change. They are given the principles and the codebook's paths, never the notebook:
choosing a principle and creating an obstacle are asked of the screen that hosts them
(`PickWanted`, `CreateWanted`), which opens the dialogs in `tui/dialogs/pickers.py` and saves.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.events import Key
from textual.message import Message
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from fieldnotes.domain.model import Principle, PrincipleLink, Stance
from fieldnotes.tui.dialogs.pickers import principle_label, stance_content

ItemT = TypeVar("ItemT")


class LinkList(Widget, Generic[ItemT], can_focus=False):
    """A note's links of one kind as a list: the part both link widgets share.

    A subclass says how one link looks (`_option`) and how links are added; this keeps them in
    order, shows the empty hint when there are none, removes the highlighted one and posts
    `Changed` after every change.
    """

    DEFAULT_CSS = """
    LinkList {
        height: auto;
    }
    LinkList .link-list {
        height: auto;
        max-height: 8;
        border: none;
        padding: 0;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    LinkList .link-list:blur > .option-list--option-highlighted {
        background: transparent;
    }
    LinkList .links-empty {
        color: $text-muted;
        padding: 0 1;
    }
    """

    LIST_ID: ClassVar[str]
    """The id of the list of links, for the host screen and for tests."""

    @dataclass
    class Changed(Message):
        """The links changed."""

        link_list: LinkList[Any]

        @property
        def control(self) -> LinkList[Any]:
            return self.link_list

    def __init__(
        self, linked: list[ItemT], *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._linked: list[ItemT] = linked

    def _option(self, item: ItemT) -> Option:
        raise NotImplementedError

    def _link_list(self) -> OptionList:
        return self.query_one(f"#{self.LIST_ID}", OptionList)

    def _list_widgets(self, empty_hint: str) -> ComposeResult:
        yield Static(empty_hint, classes="links-empty")
        yield OptionList(id=self.LIST_ID, classes="link-list")

    def _render_links(self, highlight: int | None = None) -> None:
        options = self._link_list()
        options.set_options(self._option(item) for item in self._linked)
        options.display = bool(self._linked)
        self.query_one(".links-empty").display = not self._linked
        if self._linked:
            options.highlighted = min(highlight or 0, len(self._linked) - 1)

    def _changed(self, highlight: int | None = None) -> None:
        self._render_links(highlight)
        self.post_message(self.Changed(self))

    def _highlighted_index(self) -> int | None:
        # Only act on the list the person is looking at, not while a button or the entry
        # has focus.
        links = self._link_list()
        if not self._linked or not links.has_focus:
            return None
        return links.highlighted

    def _remove_highlighted(self) -> bool:
        index = self._highlighted_index()
        if index is None:
            return False
        del self._linked[index]
        self._changed(index)
        return True

    def action_remove(self) -> None:
        self._remove_highlighted()


# ----------------------------------------------------------------------------- principles


class PrincipleLinks(LinkList[PrincipleLink]):
    """A note's principle links: add (picker), switch stance, remove."""

    DEFAULT_CSS = """
    PrincipleLinks #principle-buttons {
        height: auto;
    }
    PrincipleLinks #principle-buttons Button {
        width: auto;
        min-width: 8;
        margin: 0 1 0 0;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "s",
            "switch_stance",
            "Stance",
            id="principles.stance",
            tooltip="Switch the highlighted principle between honoured and at risk",
        ),
        Binding(
            "delete,backspace",
            "remove",
            "Unlink",
            id="principles.remove",
            tooltip="Unlink the highlighted principle from this note",
        ),
    ]

    LIST_ID = "principle-links"

    class Changed(LinkList.Changed):
        """The links changed (added, removed or a stance switched)."""

    @dataclass
    class PickWanted(Message):
        """The person asked to link a principle: the host opens the picker and calls
        `add_link` with what was picked."""

        links: PrincipleLinks

    def __init__(
        self,
        principles: Mapping[str, Principle],
        short_names: Mapping[str, str],
        links: list[PrincipleLink],
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        # The store keeps links as a set; show them in framework order so a note always
        # looks the same when it is opened.
        order = {principle_id: index for index, principle_id in enumerate(principles)}
        super().__init__(
            sorted(links, key=lambda link: order.get(link.principle_id, len(order))),
            id=id,
            classes=classes,
        )
        self._principles = dict(principles)
        self._short_names = dict(short_names)

    @property
    def links(self) -> list[PrincipleLink]:
        return list(self._linked)

    def compose(self) -> ComposeResult:
        yield from self._list_widgets("No principles linked yet.")
        with Horizontal(id="principle-buttons"):
            yield Button("+ Principle", id="add-principle", compact=True)
            yield Button("Stance", id="switch-stance", compact=True)
            yield Button("Unlink", id="remove-principle", compact=True)

    def on_mount(self) -> None:
        self._render_links()

    def _option(self, item: PrincipleLink) -> Option:
        principle = self._principles.get(item.principle_id)
        if principle is None:
            name = Content.from_markup("[$text-muted]$id (not loaded)[/]", id=item.principle_id)
        else:
            name = principle_label(principle, self._short_names)
        return Option(Content.assemble(stance_content(item.stance), "  ", name))

    def _render_links(self, highlight: int | None = None) -> None:
        super()._render_links(highlight)
        self.query_one("#switch-stance").display = bool(self._linked)
        self.query_one("#remove-principle").display = bool(self._linked)

    def add_link(self, link: PrincipleLink) -> None:
        """Link a principle, or change the stance of one already linked."""
        for index, existing in enumerate(self._linked):
            if existing.principle_id == link.principle_id:
                self._linked[index] = link
                self._changed(index)
                return
        self._linked.append(link)
        self._changed(len(self._linked) - 1)

    def open_picker(self) -> None:
        self.post_message(self.PickWanted(self))

    def picked(self, link: PrincipleLink | None) -> None:
        """What the picker gave back (None: it was closed without a choice)."""
        if link is not None:
            self.add_link(link)
            self._link_list().focus()

    @on(Button.Pressed, "#add-principle")
    def _add_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.open_picker()

    @on(Button.Pressed, "#switch-stance")
    def _switch_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self._link_list().focus()
        self.call_after_refresh(self.action_switch_stance)

    @on(Button.Pressed, "#remove-principle")
    def _remove_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self._link_list().focus()
        self.call_after_refresh(self.action_remove)

    @on(OptionList.OptionSelected, "#principle-links")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_switch_stance()

    def action_switch_stance(self) -> None:
        index = self._highlighted_index()
        if index is None:
            return
        link = self._linked[index]
        stance: Stance = "honoured" if link.stance == "at-risk" else "at-risk"
        self._linked[index] = PrincipleLink(link.principle_id, stance)
        self._changed(index)


# ------------------------------------------------------------------------------ obstacles


class ObstacleTagger(LinkList[str]):
    """A note's obstacles: type to find one, enter tags the highlighted suggestion.

    A new obstacle is made only from the "+ New obstacle" choice at the end of the list (the
    only choice when nothing matches), and only after the create dialog confirms it.
    """

    DEFAULT_CSS = """
    ObstacleTagger #obstacle-input {
        margin: 0 0 0 0;
    }
    ObstacleTagger #obstacle-matches {
        height: auto;
        max-height: 6;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        border: none;
        padding: 0;
        margin: 0 0 0 2;
        background: $boost;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "delete,backspace",
            "remove",
            "Untag",
            id="obstacles.remove",
            tooltip="Take the highlighted obstacle off this note",
        ),
    ]

    LIST_ID = "obstacle-tags"

    class Changed(LinkList.Changed):
        """The tagged obstacles changed."""

    MAX_MATCHES = 12

    @dataclass
    class CreateWanted(Message):
        """The person chose "+ New obstacle" for `text` (a name, or `Parent/Name`): the host
        asks, creates it and calls `created` with the codebook's new paths."""

        tagger: ObstacleTagger
        text: str

    def __init__(
        self,
        paths: Mapping[str, str],
        obstacle_ids: list[str],
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        self._paths: dict[str, str] = dict(paths)
        """Every obstacle's `Parent/Child` path, in codebook (tree) order."""
        # Codebook (tree) order for the links already there, as for principles.
        order = {obstacle_id: index for index, obstacle_id in enumerate(self._paths)}
        super().__init__(
            sorted(obstacle_ids, key=lambda i: order.get(i, len(order))), id=id, classes=classes
        )

    @property
    def obstacle_ids(self) -> list[str]:
        return list(self._linked)

    def compose(self) -> ComposeResult:
        yield from self._list_widgets("No obstacles tagged yet.")
        yield Input(
            placeholder="Find or create an obstacle…",
            suggester=SuggestFromList(self._paths.values(), case_sensitive=False),
            compact=True,
            id="obstacle-input",
        )
        yield OptionList(id="obstacle-matches")

    def on_mount(self) -> None:
        self._render_links()
        self.query_one("#obstacle-matches").display = False

    def _option(self, item: str) -> Option:
        return Option(Content(self._paths.get(item, "(removed obstacle)")), id=item)

    def tag(self, obstacle_id: str) -> None:
        if obstacle_id in self._linked:
            self.notify(f"Already tagged: {self._paths.get(obstacle_id, '')}")
            return
        self._linked.append(obstacle_id)
        self._changed(len(self._linked) - 1)

    def _matches(self, query: str) -> list[str]:
        words = query.casefold().replace("/", " ").split()
        if not words:
            return []
        found = [
            obstacle_id
            for obstacle_id, path in self._paths.items()
            if all(word in path.casefold() for word in words)
        ]
        # Obstacles whose own name starts with what was typed come first.
        first = words[0]
        found.sort(key=lambda i: not self._paths[i].rsplit("/", 1)[-1].casefold().startswith(first))
        return found[: self.MAX_MATCHES]

    @on(Input.Changed, "#obstacle-input")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        matches = self.query_one("#obstacle-matches", OptionList)
        text = event.value.strip()
        found = self._matches(text)
        options = [
            Option(
                Content.from_markup(
                    "$path[$text-muted]$tagged[/]",
                    path=self._paths[i],
                    tagged="  (tagged)" if i in self._linked else "",
                ),
                id=i,
            )
            for i in found
        ]
        if text and not any(self._paths[i].casefold() == text.casefold() for i in found):
            # Creating is a choice of its own, last in the list: enter takes the highlighted
            # suggestion, as in the tag dialog, and never makes an obstacle by surprise.
            options.append(
                Option(
                    Content.from_markup("[$text-accent]+ New obstacle “$name”…[/]", name=text),
                    id=self.CREATE,
                )
            )
        matches.set_options(options)
        matches.display = bool(options)
        if options:
            matches.highlighted = 0
            self.call_after_refresh(matches.scroll_visible, animate=False)

    CREATE = "create:"
    """The option id of "+ New obstacle …" in the match list."""

    @on(Input.Submitted, "#obstacle-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        matches = self.query_one("#obstacle-matches", OptionList)
        if not text or not matches.display or matches.highlighted is None:
            return
        option = matches.get_option_at_index(matches.highlighted)
        if option.id is not None:
            self._choose(option.id, text)

    def _choose(self, option_id: str, text: str) -> None:
        if option_id == self.CREATE:
            self._offer_create(text)
        else:
            self._tag_and_clear(option_id)

    def _tag_and_clear(self, obstacle_id: str) -> None:
        self.tag(obstacle_id)
        entry = self.query_one("#obstacle-input", Input)
        entry.value = ""
        entry.focus()

    def _offer_create(self, text: str) -> None:
        self.post_message(self.CreateWanted(self, text))

    def created(self, obstacle_id: str | None, paths: Mapping[str, str]) -> None:
        """After the host created an obstacle (None: it did not), with the codebook's paths."""
        entry = self.query_one("#obstacle-input", Input)
        if obstacle_id is None:
            entry.focus()
            return
        self._paths = dict(paths)
        entry.suggester = SuggestFromList(self._paths.values(), case_sensitive=False)
        self.notify(f"Added “{self._paths.get(obstacle_id, '')}” to the codebook.")
        self._tag_and_clear(obstacle_id)

    def on_key(self, event: Key) -> None:
        # Arrow keys move between the entry and its match list, as in a completion popup.
        entry = self.query_one("#obstacle-input", Input)
        matches = self.query_one("#obstacle-matches", OptionList)
        if event.key == "down" and entry.has_focus and matches.display:
            event.stop()
            matches.focus()
            matches.highlighted = 0
        elif matches.has_focus and (
            event.key == "escape" or (event.key == "up" and matches.highlighted == 0)
        ):
            event.stop()
            entry.focus()

    @on(OptionList.OptionSelected, "#obstacle-matches")
    def _match_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self._choose(event.option.id, self.query_one("#obstacle-input", Input).value.strip())

    @on(OptionList.OptionSelected, "#obstacle-tags")
    def _tag_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()

    def action_remove(self) -> None:
        if self._remove_highlighted() and not self._linked:
            self.query_one("#obstacle-input", Input).focus()

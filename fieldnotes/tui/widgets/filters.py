"""The filter panel: mode, stage, team, obstacle, principle, stance and a date range."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Button, Input, Label, Select, Static

from fieldnotes.domain.filters import NoteFilter
from fieldnotes.domain.model import MODES, STAGES
from fieldnotes.tui.format import MODE_GLYPHS, STANCE_GLYPHS, parse_day
from fieldnotes.tui.validators import DayValidator

_FIELDS = {
    "mode": "mode",
    "stage": "stage",
    "team": "team",
    "obstacle": "obstacle_id",
    "principle": "principle_id",
    "stance": "stance",
}
"""Select ids (after `filter-`) and the `NoteFilter` fields they set."""


class FilterPanel(VerticalScroll, can_focus=False):
    """Posts `FilterPanel.Changed` with a `NoteFilter` (no query) when a valid choice changes.

    The controls are built the first time the panel is shown: six selects and two date boxes
    cost a tenth of a second to mount, which the first list should not wait for. Until then
    the filter lives in `where` alone, and keys and the palette still set it.
    """

    DEFAULT_CSS = """
    FilterPanel {
        width: 28;
        height: 1fr;
        padding: 0 1;
        background: $panel;
        scrollbar-size-vertical: 1;
        & > Label.-title { text-style: bold; color: $text-primary; margin: 0 0 1 0; }
        & > Select, & > Input { margin: 0 0 1 0; width: 1fr; }
        & > Input.-invalid { color: $text-error; }
        & > #filter-error { color: $text-error; height: auto; }
        & > Button { width: 1fr; }
    }
    """

    class Changed(Message):
        def __init__(self, where: NoteFilter) -> None:
            super().__init__()
            self.where = where

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._where = NoteFilter()
        self._built = False
        self._mounted_controls = asyncio.Event()
        self._choices: tuple[list[str], list[tuple[str, str]], list[tuple[str, str]]] = (
            [],
            [],
            [],
        )

    @property
    def where(self) -> NoteFilter:
        """The last valid set of filters (an invalid date leaves the previous one in force)."""
        return self._where

    @property
    def is_built(self) -> bool:
        return self._built

    async def build(self) -> None:
        """Mount the controls (once), showing the filter already in force."""
        if self._built:
            # Shown by a key and by the screen's watcher at once: both wait for one mount.
            await self._mounted_controls.wait()
            return
        self._built = True
        await self.mount_all(list(self._controls()))
        with self.prevent(Select.Changed, Input.Changed):
            self.set_choices(*self._choices)
            where = self._where
            for name, field in _FIELDS.items():
                value = getattr(where, field)
                if value is not None:
                    self.query_one(f"#filter-{name}", Select).value = value
            for name, day in (("since", where.since), ("until", where.until)):
                if day is not None:
                    self.query_one(f"#filter-{name}", Input).value = day.isoformat()
        self._mounted_controls.set()

    def _controls(self) -> ComposeResult:
        yield Label("Filters", classes="-title")
        yield Select(
            [(Text(f"{MODE_GLYPHS[m]} {m}"), m) for m in MODES],
            prompt="Any mode",
            id="filter-mode",
            compact=True,
            tooltip="Show only notes taken in this mode",
        )
        yield Select(
            [(Text("✎ jotting (waiting)" if s == "jotting" else s), s) for s in STAGES],
            prompt="Any stage",
            id="filter-stage",
            compact=True,
            tooltip="Jottings still waiting for a write-up, or finished write-ups",
        )
        yield Select(
            [], prompt="Any team", id="filter-team", compact=True, tooltip="Notes from one team"
        )
        yield Select(
            [],
            prompt="Any obstacle",
            id="filter-obstacle",
            compact=True,
            tooltip="Notes coded with this obstacle or any of its sub-obstacles",
        )
        yield Select(
            [],
            prompt="Any principle",
            id="filter-principle",
            compact=True,
            tooltip="Notes linked to this practice-framework principle",
        )
        yield Select(
            [(Text(f"{STANCE_GLYPHS[s]} {s}"), s) for s in ("honoured", "at-risk")],
            prompt="Either stance",
            id="filter-stance",
            compact=True,
            tooltip="With a principle chosen: only links where it was honoured, or at risk",
        )
        yield Input(
            placeholder="From YYYY-MM-DD",
            id="filter-since",
            compact=True,
            validators=[DayValidator()],
            tooltip="Earliest date to show (inclusive)",
        )
        yield Input(
            placeholder="To YYYY-MM-DD",
            id="filter-until",
            compact=True,
            validators=[DayValidator()],
            tooltip="Latest date to show (inclusive)",
        )
        yield Static("", id="filter-error")
        yield Button("Clear filters", id="filter-clear", compact=True, variant="default")

    def set_choices(
        self,
        teams: list[str],
        obstacles: list[tuple[str, str]],
        principles: list[tuple[str, str]],
    ) -> None:
        """Fill the notebook-specific lists, keeping any choice that still exists."""
        self._choices = (teams, obstacles, principles)
        if not self._built:
            return
        self._fill("#filter-team", [(Text(t), t) for t in teams])
        self._fill("#filter-obstacle", [(Text(label), oid) for label, oid in obstacles])
        self._fill("#filter-principle", [(Text(label), pid) for label, pid in principles])

    def _fill(self, selector: str, options: list[tuple[Text, str]]) -> None:
        select: Select[str] = self.query_one(selector, Select)
        current = select.value
        with self.prevent(Select.Changed):
            select.set_options(options)
            if current is not Select.NULL and any(value == current for _, value in options):
                select.value = current

    def set_value(self, name: str, value: str | None) -> None:
        """Set one Select (mode, stage, ...) from a key or the palette; None clears it."""
        if not self._built:
            # The field is chosen by name; every one of them takes an optional string.
            changes: dict[str, Any] = {_FIELDS[name]: value}
            self._publish_where(replace(self._where, **changes))
            return
        select: Select[str] = self.query_one(f"#filter-{name}", Select)
        select.value = Select.NULL if value is None else value

    def value_of(self, name: str) -> str | None:
        if not self._built:
            current = getattr(self._where, _FIELDS[name])
            return None if current is None else str(current)
        value = self.query_one(f"#filter-{name}", Select).value
        return None if value is Select.NULL else str(value)

    def clear(self) -> None:
        if not self._built:
            self._publish_where(NoteFilter())
            return
        with self.prevent(Select.Changed, Input.Changed):
            for select in self.query(Select):
                select.clear()
            for date_input in self.query(Input):
                date_input.value = ""
        self.query_one("#filter-error", Static).update("")
        self._publish()

    @on(Select.Changed)
    @on(Input.Changed)
    def _changed(self, event: Message) -> None:
        event.stop()
        self._publish()

    @on(Button.Pressed, "#filter-clear")
    def _clear_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.clear()

    def _publish(self) -> None:
        error = self.query_one("#filter-error", Static)
        try:
            since = parse_day(self.query_one("#filter-since", Input).value)
            until = parse_day(self.query_one("#filter-until", Input).value)
        except ValueError as problem:
            error.update(Text(str(problem)))
            return
        if since and until and since > until:
            error.update("The From date is after the To date.")
            return
        error.update("")
        values: dict[str, Any] = {
            "mode": self.value_of("mode"),
            "stage": self.value_of("stage"),
            "team": self.value_of("team"),
            "obstacle_id": self.value_of("obstacle"),
            "principle_id": self.value_of("principle"),
            "stance": self.value_of("stance"),
            "since": since,
            "until": until,
        }
        self._publish_where(replace(NoteFilter(), **values))

    def _publish_where(self, where: NoteFilter) -> None:
        if where != self._where:
            self._where = where
            self.post_message(self.Changed(where))

    def describe(self) -> str:
        """A short summary for the status line, so hidden filters are never forgotten."""
        where = self._where
        parts = [
            name
            for name, active in (
                ("mode", where.mode),
                ("stage", where.stage),
                ("team", where.team),
                ("obstacle", where.obstacle_id),
                ("principle", where.principle_id),
                ("stance", where.stance),
                ("dates", where.since or where.until),
            )
            if active
        ]
        return ", ".join(parts)

"""Editing the highlighted obstacle in place: status (with a reason), ask, decision, and when
to observe it again; and opening what the synthesis leads to (notes, matrix, brief, member
check)."""

from __future__ import annotations

from datetime import date
from typing import Any

from fieldnotes.errors import FieldnotesError
from fieldnotes.tui.dialogs.reason import ReasonDialog
from fieldnotes.tui.dialogs.synthesis import (
    DayAnswer,
    DayDialog,
    StatusDialog,
    TextFieldDialog,
)
from fieldnotes.tui.format import shorten
from fieldnotes.tui.screens.synthesis.matrix import MatrixScreen
from fieldnotes.tui.screens.synthesis.obstacle_notes import ObstacleNotesScreen, period_label
from fieldnotes.tui.screens.synthesis.part import SynthesisPart
from fieldnotes.tui.widgets.synthesis_style import PATH_SEPARATOR


class EditingPart(SynthesisPart):
    """The obstacle actions of the synthesis's keys, and the screens it opens."""

    def action_drill(self) -> None:
        item = self.current
        if item is None:
            return
        if not item.note_count:
            self.notify("No notes behind this obstacle in this period.", severity="warning")
            return
        self.app.push_screen(
            ObstacleNotesScreen(
                self.notebook,
                item,
                self._labels,
                period_label(self.since, self.until),
                self.team,
            )
        )

    def _update(self, obstacle_id: str, done: str, **changes: Any) -> None:
        try:
            self.notebook.update_obstacle(obstacle_id, **changes)
        except FieldnotesError as error:
            self.notify(str(error), severity="error")
            return
        self.reload()
        self.notify(done)

    def action_status(self) -> None:
        item = self.current
        if item is None:
            return
        obstacle_id, current = item.obstacle.id, item.obstacle.status

        def chosen(status: str | None) -> None:
            if status is None or status == current:
                return

            def reasoned(why: str | None) -> None:
                if why is not None:
                    self._update(obstacle_id, f"Status: {status}.", status=status, reason=why)

            self.app.push_screen(ReasonDialog(item.obstacle.name, current, status), reasoned)

        self.app.push_screen(StatusDialog(item.path.replace("/", PATH_SEPARATOR), current), chosen)

    def _edit_text(self, field: str, title: str, question: str) -> None:
        item = self.current
        if item is None:
            return
        obstacle_id = item.obstacle.id
        before = str(getattr(item.obstacle, field))

        def edited(text: str | None) -> None:
            if text is not None and text != before.strip():
                self._update(obstacle_id, f"{title} saved.", **{field: text})

        self.app.push_screen(
            TextFieldDialog(f"{title}: {shorten(item.obstacle.name, 40)}", question, before),
            edited,
        )

    def action_ask(self) -> None:
        self._edit_text(
            "ask",
            "Ask of leadership",
            "What should leadership do about this obstacle? One or two concrete asks read best.",
        )

    def action_decision(self) -> None:
        self._edit_text("decision", "Decision", "What did leadership decide (who, what, by when)?")

    def action_reobserve(self) -> None:
        item = self.current
        if item is None:
            return
        obstacle_id = item.obstacle.id

        def chosen(answer: DayAnswer | None) -> None:
            if answer is not None and answer.day != item.obstacle.reobserve_on:
                done = (
                    f"Observe again from {answer.day.isoformat()}."
                    if answer.day
                    else "Re-observe date cleared."
                )
                self._update(obstacle_id, done, reobserve_on=answer.day)

        self.app.push_screen(
            DayDialog(
                "Observe again",
                "From when should this obstacle be observed again, to see whether a change worked?",
                item.obstacle.reobserve_on,
            ),
            chosen,
        )

    def action_matrix(self) -> None:
        if self.synthesis is None:
            return
        self.app.push_screen(MatrixScreen(self.notebook, self.synthesis))

    def action_brief(self) -> None:
        if self.synthesis is None:
            return
        from fieldnotes.tui.screens.briefs.composer import BriefComposerScreen

        self.app.push_screen(BriefComposerScreen(self.notebook, self.synthesis))

    def action_member_check(self) -> None:
        from fieldnotes.tui.screens.briefs.member_check import MemberCheckScreen

        today = getattr(self.app, "today", date.today)
        try:
            screen = MemberCheckScreen(self.notebook, self.team or "", today=today())
        except FieldnotesError as error:
            self.notify(str(error), severity="error")
            return
        self.app.push_screen(screen)

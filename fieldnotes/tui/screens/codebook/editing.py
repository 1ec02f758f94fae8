"""Changing the codebook: new, rename, edit, move, merge, delete and a memo on an obstacle.

Each change is one façade call through `_apply`, which rebuilds the tree on success and says
why not otherwise.
"""

from __future__ import annotations

from typing import Any

from fieldnotes.domain.model import Obstacle
from fieldnotes.errors import FieldnotesError
from fieldnotes.tui.dialogs.codebook import (
    NameDialog,
    ObstacleFormDialog,
    ObstaclePickDialog,
    Picked,
)
from fieldnotes.tui.dialogs.confirm import ConfirmScreen
from fieldnotes.tui.dialogs.memo import MemoEditorScreen
from fieldnotes.tui.dialogs.reason import ReasonDialog
from fieldnotes.tui.screens.codebook.part import CodebookPart


class EditingPart(CodebookPart):
    """The obstacle actions of the codebook's keys."""

    def _apply(self, change: Any, *, select: str | None = None, done: str = "") -> None:
        """Run one façade call; on success rebuild and say what happened, else say why not."""
        try:
            result = change()
        except FieldnotesError as error:
            self.notify(str(error), severity="error")
            return
        chosen = select or (result.id if isinstance(result, Obstacle) else None)
        # Codebook changes never touch principle links, so only the obstacle tree is rebuilt.
        try:
            self._build_obstacle_tree(chosen)
        except FieldnotesError as error:
            self.notify(str(error), severity="error")
        if done:
            self.notify(done)

    def _create(self, parent_id: str | None) -> None:
        where = (
            f"under “{self._notebook.obstacle_path(parent_id)}”"
            if parent_id is not None
            else "as a new top-level category"
        )

        def named(name: str | None) -> None:
            if name:
                self._apply(
                    lambda: self._notebook.add_obstacle(name, parent_id=parent_id),
                    done=f"Added “{name}”.",
                )

        self.app.push_screen(
            NameDialog("New obstacle", f"Name the new obstacle {where}.", ok="Create"), named
        )

    def action_new_child(self) -> None:
        self._create(self.selected_obstacle_id)

    def action_new_top(self) -> None:
        self._create(None)

    def action_rename(self) -> None:
        obstacle = self._selected_obstacle()
        if obstacle is None:
            return

        def named(name: str | None) -> None:
            if name and name != obstacle.name:
                self._apply(
                    lambda: self._notebook.rename_obstacle(obstacle.id, name),
                    done=f"Renamed to “{name}”.",
                )

        self.app.push_screen(
            NameDialog("Rename", f"A new name for “{obstacle.name}”.", obstacle.name, ok="Rename"),
            named,
        )

    def action_edit(self) -> None:
        obstacle = self._selected_obstacle()
        if obstacle is None:
            return

        def edited(changes: dict[str, Any] | None) -> None:
            if not changes:
                return
            if "status" not in changes:
                save(changes, "")
                return

            def reasoned(why: str | None) -> None:
                if why is not None:
                    save(changes, why)

            status = changes["status"]
            self.app.push_screen(ReasonDialog(obstacle.name, obstacle.status, status), reasoned)

        def save(changes: dict[str, Any], why: str) -> None:
            self._apply(
                lambda: self._notebook.update_obstacle(obstacle.id, reason=why, **changes),
                done="Saved.",
            )

        path = self._notebook.obstacle_path(obstacle.id)
        self.app.push_screen(ObstacleFormDialog(obstacle, path), edited)

    def _candidates(self, obstacle: Obstacle, *, exclude_parent: bool) -> list[tuple[str, str]]:
        inside = self._notebook.obstacle_subtree(obstacle.id)
        return [
            (o.id, self._notebook.obstacle_path(o.id))
            for o in self._notebook.obstacles()
            if o.id not in inside and not (exclude_parent and o.id == obstacle.parent_id)
        ]

    def action_move(self) -> None:
        obstacle = self._selected_obstacle()
        if obstacle is None:
            return

        def picked(choice: Picked | None) -> None:
            if choice is None:
                return
            where = (
                f"under “{self._notebook.obstacle_path(choice.obstacle_id)}”"
                if choice.obstacle_id
                else "to the top level"
            )
            self._apply(
                lambda: self._notebook.move_obstacle(obstacle.id, choice.obstacle_id),
                done=f"Moved “{obstacle.name}” {where}.",
            )

        self.app.push_screen(
            ObstaclePickDialog(
                "Move",
                f"Move “{obstacle.name}” under which obstacle?",
                self._candidates(obstacle, exclude_parent=True),
                top_level=obstacle.parent_id is not None,
                ok="Move",
            ),
            picked,
        )

    def action_merge(self) -> None:
        source = self._selected_obstacle()
        if source is None:
            return

        def picked(choice: Picked | None) -> None:
            if choice is None or choice.obstacle_id is None:
                return
            self._confirm_merge(source, choice.obstacle_id)

        self.app.push_screen(
            ObstaclePickDialog(
                "Merge",
                f"Merge “{source.name}” into which obstacle? It will be removed; "
                "nothing linked to it is lost.",
                self._candidates(source, exclude_parent=False),
                ok="Merge into…",
            ),
            picked,
        )

    def merge_summary(self, source_id: str, target_id: str) -> str:
        """What a merge will carry over, in words, for the confirmation."""
        text = self._notebook.merge_preview(source_id, target_id).summary
        return f"{text} {self._merge_keeps(source_id, target_id)}"

    def _merge_keeps(self, source_id: str, target_id: str) -> str:
        """What the merged obstacle keeps of each, so no status or date is dropped unseen."""
        notebook = self._notebook
        source = notebook.obstacle(source_id)
        target = notebook.obstacle(target_id)
        kept = notebook.merged_obstacle(source_id, target_id)
        text = f"It keeps the status “{kept.status}”"
        if source.status != target.status:
            text += f", the further along of “{source.status}” and “{target.status}”"
        text += "."
        if kept.reobserve_on is not None:
            text += f" Re-observe on {kept.reobserve_on.isoformat()}"
            if None not in (source.reobserve_on, target.reobserve_on) and (
                source.reobserve_on != target.reobserve_on
            ):
                text += ", the earlier date"
            text += "."
        added = [
            name
            for name, theirs, ours in (
                ("description", source.description, target.description),
                ("ask", source.ask, target.ask),
                ("decision", source.decision, target.decision),
            )
            if theirs.strip() and theirs.strip() not in ours
        ]
        if added:
            names = added[0] if len(added) == 1 else f"{', '.join(added[:-1])} and {added[-1]}"
            text += f" Its {names} {'is' if len(added) == 1 else 'are'} added to the target's."
        return text

    def _confirm_merge(self, source: Obstacle, target_id: str) -> None:
        target_path = self._notebook.obstacle_path(target_id)

        def answered(yes: bool | None) -> None:
            if yes:
                self._apply(
                    lambda: self._notebook.merge_obstacles(source.id, target_id),
                    select=target_id,
                    done=f"Merged “{source.name}” into “{target_path}”.",
                )

        self.app.push_screen(
            ConfirmScreen(
                f"Merge “{source.name}”?",
                self.merge_summary(source.id, target_id),
                yes="Merge",
                no="Don't merge",
                cancel=None,
            ),
            answered,
        )

    def action_delete(self) -> None:
        obstacle = self._selected_obstacle()
        if obstacle is None:
            return
        notebook = self._notebook
        detail = notebook.delete_preview(obstacle.id).summary
        detail += " To keep the links, merge it instead (M)."
        parent = obstacle.parent_id

        def answered(yes: bool | None) -> None:
            if yes:
                self._apply(
                    lambda: notebook.delete_obstacle(obstacle.id),
                    select=parent,
                    done=f"Deleted “{obstacle.name}”.",
                )

        self.app.push_screen(
            ConfirmScreen(
                f"Delete “{obstacle.name}”?", detail, yes="Delete", no="Keep", cancel=None
            ),
            answered,
        )

    def action_memo(self) -> None:
        obstacle_id = self.selected_obstacle_id
        if obstacle_id is None:
            return
        self.app.push_screen(
            MemoEditorScreen(self._notebook, obstacle_ids=[obstacle_id], kind="code"),
            self._after_edit,
        )

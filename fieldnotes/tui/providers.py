"""Command palette providers: one per context, each a thin table over actions the keys also run.

Commands run the same actions as the bindings, and are offered only when that action is enabled
(`check_action`), so the palette and the keys can never disagree.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import ClassVar, NamedTuple

from textual.app import App
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.screen import Screen

from fieldnotes.domain.model import MODES
from fieldnotes.tui.format import MODE_GLYPHS


class Command(NamedTuple):
    title: str
    help: str
    action: str
    """An action name; `app.` sends it to the app, otherwise to the screen the palette came from."""


class ActionCommands(Provider):
    """Base: yields `COMMANDS` whose action is currently allowed."""

    COMMANDS: ClassVar[tuple[Command, ...]] = ()

    def _target(self, action: str) -> tuple[App[object] | Screen[object], str]:
        if action.startswith("app."):
            return self.app, action.removeprefix("app.")
        return self.screen, action

    def _available(self) -> Iterator[tuple[Command, App[object] | Screen[object], str]]:
        for command in self.COMMANDS:
            target, action = self._target(command.action)
            name, _, _ = action.partition("(")
            if not hasattr(target, f"action_{name}"):
                continue
            # False hides a command and None disables it: neither is worth offering.
            if not target.check_action(name, ()):
                continue
            yield command, target, action

    async def discover(self) -> Hits:
        for command, target, action in self._available():
            yield DiscoveryHit(command.title, partial(target.run_action, action), help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command, target, action in self._available():
            score = matcher.match(command.title)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(command.title),
                    partial(target.run_action, action),
                    help=command.help,
                )


class NotesCommands(ActionCommands):
    """What you can do to the list of notes."""

    COMMANDS = (
        Command("Open note", "Open the highlighted note in the write-up editor", "open_note"),
        Command(
            "Search notes", "Move to the search box (searches all sealed text)", "focus_search"
        ),
        Command(
            "Toggle filter panel", "Show or hide mode, stage, team, date… filters", "toggle_filters"
        ),
        Command(
            "Toggle preview", "Show or hide the preview of the highlighted note", "toggle_preview"
        ),
        Command(
            "Show jottings waiting for write-up",
            "Toggle the filter that shows only jottings",
            "toggle_waiting",
        ),
        Command("Clear all filters", "Remove every filter and the search", "clear_filters"),
        Command("Mark note for tagging", "Mark or unmark the highlighted note", "toggle_select"),
        Command("Mark all notes", "Mark every note in the list, or unmark them all", "select_all"),
        Command("Unmark all notes", "Clear the marks", "clear_selection"),
        Command(
            "Tag notes…",
            "Tag the marked notes (or the highlighted one) with an obstacle or principle",
            "tag",
        ),
        *(
            Command(
                f"Show only {mode} notes {MODE_GLYPHS[mode]}",
                f"Filter the list to notes taken in {mode} mode",
                f"filter_mode('{mode}')",
            )
            for mode in MODES
        ),
        Command("Show every mode", "Remove the mode filter", "filter_mode('')"),
        Command(
            "Delete note…",
            "Move the highlighted note to the trash (asks first; restore it from the trash)",
            "trash_note",
        ),
    )


class TrashCommands(ActionCommands):
    """What you can do in the trash."""

    COMMANDS = (
        Command("Restore note", "Take the highlighted note out of the trash", "restore"),
        Command(
            "Empty trash…",
            "Delete every note in the trash for good (asks first; cannot be undone)",
            "empty",
        ),
    )


class RetentionCommands(ActionCommands):
    """What you can do with the notes due under the records policy."""

    COMMANDS = (
        Command("Extend the note…", "Keep the highlighted note longer, with a reason", "extend"),
        Command(
            "Purge the note…", "Delete the highlighted note for good (asks first)", "purge_one"
        ),
        Command(
            "Purge every due note…", "Delete every due note for good (asks first)", "purge_due"
        ),
        Command("Show or hide the purge log", "When, how many, who, why", "toggle_log"),
    )


class NavigationCommands(ActionCommands):
    """Going places: new notes, the codebook, help."""

    COMMANDS = (
        Command(
            "New jotting", "Capture a quick jotting (mode, team, a line or two)", "app.jotting"
        ),
        Command("New write-up", "Open the write-up editor on a new note", "app.new_writeup"),
        Command(
            "New write-up from a template…",
            "Duty, group supervision, home visit…: setting, roles, prompts and principles",
            "app.new_from_template",
        ),
        Command("Codebook", "Browse and edit the obstacles codebook", "app.codebook"),
        Command(
            "Synthesis",
            "Obstacles ranked by evidence, the obstacle × principle matrix, and briefs",
            "app.synthesis",
        ),
        Command(
            "Due to re-observe",
            "Obstacles due to re-observe and follow-up questions still open",
            "app.due",
        ),
        Command(
            "You said, we did",
            "Each raised obstacle: what was said, decided, changed since and still open",
            "app.tracker",
        ),
        Command(
            "Settings",
            "Author named in briefs, minutes before auto-lock, theme",
            "app.settings",
        ),
        Command(
            "People map",
            "Names written as a role or pseudonym (Child A) in briefs and write-ups",
            "app.people_map",
        ),
        Command(
            "Trash",
            "Notes moved to the trash: restore one, or empty the trash for good",
            "app.trash",
        ),
        Command(
            "Retention",
            "Notes due under the records policy: extend with a reason, or purge for good",
            "app.retention",
        ),
        Command(
            "Team",
            "A team notebook's members, roles and key fingerprints; a lead invites here",
            "app.team",
        ),
        Command(
            "Conflicts",
            "Changes that met a colleague's change: keep mine, theirs or both",
            "app.conflicts",
        ),
        Command("Keys", "Every key that works here", "app.help"),
    )


class LockCommands(ActionCommands):
    """Security and the look of the app."""

    COMMANDS = (
        Command("Lock notebook", "Seal drafts, drop the key and clear the screen now", "app.lock"),
        Command(
            "Toggle light/dark theme", "Switch between the light and dark theme", "app.toggle_theme"
        ),
        Command("Quit", "Lock and close the notebook, then quit", "app.quit"),
    )


class WriteUpCommands(ActionCommands):
    """What you can do in the write-up editor."""

    COMMANDS = (
        Command("Save the note", "Save the note and close the editor", "save"),
        Command("Add a quote…", "A verbatim quote with the speaker's role", "add_quote"),
        Command("Link a principle…", "A practice principle, honoured or at risk", "add_principle"),
        Command(
            "Tag an obstacle…",
            "A systems obstacle (type to complete; a new name can be created)",
            "tag_obstacle",
        ),
        Command(
            "Toggle Markdown preview",
            "Show the description rendered, or go back to editing",
            "toggle_preview",
        ),
        Command("Expand into a write-up", "Turn this jotting into a full write-up", "expand"),
        Command("Close the editor", "Asks first if anything changed", "leave"),
    )


class CodebookCommands(ActionCommands):
    """What you can do to the codebook."""

    COMMANDS = (
        Command("New sub-obstacle…", "Under the selected obstacle", "new_child"),
        Command("New category…", "A new top-level category of obstacles", "new_top"),
        Command("Rename obstacle…", "Rename the selected obstacle", "rename"),
        Command(
            "Edit obstacle details…",
            "Description, status, ask of leadership, decision and re-observe date",
            "edit",
        ),
        Command("Move obstacle…", "Under another obstacle, or to the top level", "move"),
        Command(
            "Merge into another obstacle…",
            "Its notes, memos and sub-obstacles move there",
            "merge",
        ),
        Command("Delete obstacle…", "Its sub-obstacles move up a level (asks first)", "delete"),
        Command("Write a memo…", "A memo linked to the selected obstacle", "memo"),
        Command("Show the obstacles", "The obstacles tab", "tab('obstacles')"),
        Command(
            "Show the principles", "The practice principles and their notes", "tab('principles')"
        ),
        Command("Close the codebook", "Back to the notes", "close"),
    )


class BriefComposerCommands(ActionCommands):
    """What you can do while composing a brief."""

    COMMANDS = (
        Command(
            "Check and save the brief…",
            "Check it for identifiers, then export it encrypted",
            "check_export",
        ),
        Command("Preview the brief", "Render it as it stands, before the check", "preview"),
        Command("Content tab", "What goes in the brief", "tab('content')"),
        Command("Send to tab", "Who it goes to, its format and where it is saved", "tab('send')"),
        Command("Exports tab", "Briefs already exported", "tab('exports')"),
        Command("Close the composer", "Back to the synthesis", "close"),
    )


class IdentifierCheckCommands(ActionCommands):
    """What you can do with the identifier check's findings."""

    COMMANDS = (
        Command("Redact the finding", "Replace it with [redacted]", "resolve('redact')"),
        Command("Replace the finding…", "With a role or other words", "replace"),
        Command(
            "Confirm the finding",
            "It is not identifying; it stays as written",
            "resolve('confirm')",
        ),
        Command("Undo the resolution", "Of the highlighted finding", "undo"),
        Command("Redact every remaining finding", "Resolve the rest as redact", "redact_rest"),
        Command(
            "Edit the protected names…",
            "Names the check always flags; then scan again",
            "names",
        ),
        Command(
            "Save: export the checked brief",
            "Only once every finding is resolved",
            "done",
        ),
        Command("Back to the composer", "Nothing is exported", "cancel"),
    )


class TeamCommands(ActionCommands):
    """What you can do on the team screen."""

    COMMANDS = (
        Command(
            "Invite a member…",
            "A label, a role and a file, sealed under a passphrase shown once",
            "invite",
        ),
        Command("Change a member's role…", "Capture, coder or lead", "role"),
        Command(
            "Remove a member…",
            "They lose access to what is written next: the team's key changes (asks first)",
            "remove",
        ),
        Command("Conflicts", "Changes that met a colleague's change", "app.conflicts"),
        Command("Back to the notes", "Close the team screen", "app.pop_screen"),
    )


class ConflictsCommands(ActionCommands):
    """What you can do with the conflicts waiting for you."""

    COMMANDS = (
        Command("Keep mine", "This replica's version replaces the colleague's", "resolve('mine')"),
        Command(
            "Keep theirs", "The colleague's version stays; mine is dropped", "resolve('theirs')"
        ),
        Command(
            "Keep both", "The colleague's version stays and mine becomes a copy", "resolve('both')"
        ),
        Command("Back", "Close the conflicts", "app.pop_screen"),
    )

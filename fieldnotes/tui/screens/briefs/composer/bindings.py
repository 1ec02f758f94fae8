"""The composer's keys (the screen's docstring has them as a table)."""

from __future__ import annotations

from textual.binding import Binding, BindingType

COMPOSER_BINDINGS: list[BindingType] = [
    Binding(
        "ctrl+s",
        "check_export",
        "Check & export",
        id="brief.export",
        tooltip="Check the brief for identifiers, then export it encrypted",
    ),
    Binding(
        "ctrl+r",
        "preview",
        "Preview",
        id="brief.preview",
        tooltip="Render the brief as it stands (before the identifier check)",
    ),
    Binding(
        "f2",
        "tab('content')",
        "Content",
        show=False,
        id="brief.tab-content",
        tooltip="What goes in the brief",
    ),
    Binding(
        "f3",
        "tab('send')",
        "Send to",
        show=False,
        id="brief.tab-send",
        tooltip="Who the brief goes to, its format and where it is saved",
    ),
    Binding(
        "f4",
        "tab('preview')",
        "Preview tab",
        show=False,
        id="brief.tab-preview",
        tooltip="The brief rendered",
    ),
    Binding(
        "f5",
        "tab('exports')",
        "Exports",
        show=False,
        id="brief.tab-exports",
        tooltip="Briefs already exported",
    ),
    Binding("escape", "close", "Close", id="brief.close", tooltip="Close the composer"),
]
"""`BriefComposerScreen.BINDINGS`."""

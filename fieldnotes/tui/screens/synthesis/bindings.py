"""The synthesis's keys (the screen's docstring has them as a table) and its palette commands."""

from __future__ import annotations

from textual.binding import Binding, BindingType

from fieldnotes.tui.providers import ActionCommands, Command

SYNTHESIS_BINDINGS: list[BindingType] = [
    Binding("s", "status", "Status", id="synthesis.status", tooltip="Choose the obstacle's status"),
    Binding(
        "a",
        "ask",
        "Ask",
        id="synthesis.ask",
        tooltip="Edit what this obstacle asks of leadership",
    ),
    Binding(
        "d",
        "decision",
        "Decision",
        show=False,
        id="synthesis.decision",
        tooltip="Edit what leadership decided about this obstacle",
    ),
    Binding(
        "r",
        "reobserve",
        "Re-observe",
        show=False,
        id="synthesis.reobserve",
        tooltip="Set the date from which to observe this obstacle again",
    ),
    Binding(
        "m",
        "matrix",
        "Matrix",
        id="synthesis.matrix",
        tooltip="Obstacle × principle matrix: which principles each obstacle puts at risk",
    ),
    Binding(
        "b",
        "brief",
        "Brief",
        id="synthesis.brief",
        tooltip="Compose a brief for leadership from this synthesis",
    ),
    Binding(
        "c",
        "member_check",
        "Member check",
        show=False,
        id="synthesis.member-check",
        tooltip="A member check for the filtered team (or choose one): what was seen, "
        "decided and comes next",
    ),
    Binding(
        "f",
        "focus_period",
        "Period",
        show=False,
        id="synthesis.period",
        tooltip="Filter by period: type the first and last day (YYYY-MM-DD)",
    ),
    Binding(
        "t",
        "focus_team",
        "Team",
        show=False,
        id="synthesis.team",
        tooltip="Filter by team",
    ),
    Binding(
        "x",
        "clear_filters",
        "Clear filters",
        show=False,
        id="synthesis.clear-filters",
        tooltip="Every team, every date",
    ),
    Binding(
        "escape",
        "escape",
        "Close",
        id="synthesis.close",
        tooltip="Leave a filter; or close the synthesis",
    ),
]
"""`SynthesisScreen.BINDINGS`."""


class SynthesisCommands(ActionCommands):
    """What you can do with the synthesis."""

    COMMANDS = (
        Command("Notes behind this obstacle", "Drill down to the notes behind it", "drill"),
        Command("Set status…", "Choose the highlighted obstacle's status", "status"),
        Command("Edit the ask of leadership…", "What this obstacle asks of leadership", "ask"),
        Command("Edit the decision…", "What leadership decided about it", "decision"),
        Command("Set the re-observe date…", "When to look at it again", "reobserve"),
        Command(
            "Obstacle × principle matrix", "Which principles each obstacle puts at risk", "matrix"
        ),
        Command("Compose a brief…", "Pick obstacles and send an encrypted brief", "brief"),
        Command(
            "Member check for a team…",
            "What was seen, decided and comes next, for one team, checked and exported",
            "member_check",
        ),
        Command("Filter by period", "Type the first and last day to include", "focus_period"),
        Command("Filter by team", "Show one team's notes only", "focus_team"),
        Command("Clear the filters", "Every team, every date", "clear_filters"),
    )
